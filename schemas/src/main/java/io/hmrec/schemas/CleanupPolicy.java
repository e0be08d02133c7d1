package io.hmrec.schemas;

/** Kafka's {@code cleanup.policy}: keep the latest value per key, or delete by age. */
public enum CleanupPolicy {
    /** Keep the latest record per key forever (tables: articles, customers, recommendations, model releases). */
    COMPACT("compact"),
    /** Delete segments older than the retention (event streams). */
    DELETE("delete");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value of Kafka's {@code cleanup.policy} topic config. */
    public String configValue() {
        return configValue;
    }
}
