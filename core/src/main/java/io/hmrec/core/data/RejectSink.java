package io.hmrec.core.data;

/**
 * Receives every rejected row. Readers always count rejections in their {@link ReadSummary}; a sink is where the
 * rows themselves go (a {@link RejectFile}, the dead-letter topic, a test's list).
 */
@FunctionalInterface
public interface RejectSink {
    /** A sink for callers that only want the counts (e.g. a dry validation with no reject file requested). */
    RejectSink COUNT_ONLY = r -> { };

    void reject(Rejection rejection);

    /** A sink that passes each rejection to this one, then to {@code other}. */
    default RejectSink andThen(RejectSink other) {
        return r -> {
            reject(r);
            other.reject(r);
        };
    }
}
