package io.hmrec.schemas.registry;

import java.util.List;

/**
 * Outcome of a compatibility test.
 *
 * @param compatible whether the candidate schema is accepted
 * @param reasons    the registry's explanations when it is not (may be empty even then)
 */
public record CompatibilityResult(boolean compatible, List<String> reasons) {
    public CompatibilityResult {
        reasons = List.copyOf(reasons);
    }

    public static CompatibilityResult ok() {
        return new CompatibilityResult(true, List.of());
    }
}
