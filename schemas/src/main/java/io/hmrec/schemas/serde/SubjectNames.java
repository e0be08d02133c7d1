package io.hmrec.schemas.serde;

/** Confluent's default TopicNameStrategy: a topic's value schemas live under {@code <topic>-value}, keys under {@code <topic>-key}. */
public final class SubjectNames {
    private SubjectNames() {
    }

    public static String value(String topic) {
        return topic + "-value";
    }

    public static String key(String topic) {
        return topic + "-key";
    }

    public static String of(String topic, boolean isKey) {
        return isKey ? key(topic) : value(topic);
    }
}
