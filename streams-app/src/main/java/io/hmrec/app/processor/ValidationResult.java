package io.hmrec.app.processor;

import io.hmrec.core.model.Purchase;

/** Outcome of validating one raw purchase record: a clean {@link Purchase}, or the raw bytes with the reason. */
public sealed interface ValidationResult {
    record Valid(Purchase purchase) implements ValidationResult {}

    /** @param raw the value bytes exactly as read (may be null); headers of the record carry the reason */
    record Rejected(byte[] raw, String reason) implements ValidationResult {}
}
