package io.hmrec.cli.stack;

import io.hmrec.schemas.Topics;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What components of the local stack share: endpoints published by earlier components under the config keys the
 * apps read ({@link #BOOTSTRAP_SERVERS}, {@link #SCHEMA_REGISTRY_URL}) and the {@link Topics} bound to the stack's
 * registry.
 */
public final class StackContext {
    /** Kafka bootstrap servers, the key streams-app and trainer configs use. */
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    /** Confluent-compatible registry base URL, the key streams-app and trainer configs use. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    private final Map<String, String> endpoints = new ConcurrentHashMap<>();
    private volatile Topics topics;

    public void publish(String key, String value) {
        endpoints.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
    }

    /** A published endpoint; an error naming the key when no earlier component published it. */
    public String require(String key) {
        String value = endpoints.get(key);
        if (value == null) {
            throw new IllegalStateException("stack component order: '" + key + "' is not published yet");
        }
        return value;
    }

    public Map<String, String> endpoints() {
        return Map.copyOf(endpoints);
    }

    public void topics(Topics topics) {
        this.topics = topics;
    }

    public Topics topics() {
        if (topics == null) {
            throw new IllegalStateException("stack component order: topics are not set up yet");
        }
        return topics;
    }
}
