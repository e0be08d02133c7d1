package io.hmrec.schemas.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the Schema Registry is and how long to wait for it.
 *
 * @param url            base URL of the Confluent-compatible API, without trailing slash: {@code http://localhost:8081}
 *                       for Confluent, {@code http://localhost:PORT/apis/ccompat/v7} for Apicurio
 * @param requestTimeout upper bound for one HTTP call, positive
 */
public record SchemaRegistryConfig(String url, Duration requestTimeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public SchemaRegistryConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("schema registry url must start with http:// or https://, got '" + url + "'");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("schema registry request timeout must be positive, got " + requestTimeout);
        }
    }

    public static SchemaRegistryConfig of(String url) {
        return new SchemaRegistryConfig(url, DEFAULT_TIMEOUT);
    }
}
