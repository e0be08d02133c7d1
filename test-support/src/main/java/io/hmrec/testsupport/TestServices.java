package io.hmrec.testsupport;

import java.time.Duration;
import java.util.Locale;

/**
 * A Kafka broker plus a Confluent-API Schema Registry for integration tests. The same test code runs on either
 * backend, chosen by the system property or environment variable {@code hmrec.it.services}
 * ({@code HMREC_IT_SERVICES}):
 * <ul>
 *   <li>{@code embedded}: in-JVM KRaft broker ({@link EmbeddedKafka}) + Apicurio Registry process
 *       ({@link ApicurioRegistry}); needs only a JDK;</li>
 *   <li>{@code containers}: Testcontainers' Confluent Kafka + Confluent Schema Registry; needs Docker;</li>
 *   <li>{@code auto} (default): containers when a Docker engine answers, else embedded.</li>
 * </ul>
 */
public interface TestServices extends AutoCloseable {
    String PROPERTY = "hmrec.it.services";

    /** Which backends to start. */
    enum Mode {
        EMBEDDED, CONTAINERS, AUTO;

        /** Parses {@code embedded|containers|auto}, case-insensitive; anything else is an error naming the choices. */
        public static Mode parse(String value) {
            try {
                return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PROPERTY + " must be embedded, containers or auto, got '" + value + "'", e);
            }
        }
    }

    /** {@code host:port} list for {@code bootstrap.servers}. */
    String bootstrapServers();

    /** Base URL of the Confluent Schema Registry API. */
    String registryUrl();

    /** One line naming the backends and their start times, for test logs. */
    String description();

    /** Wall time to start both services. */
    Duration startupTime();

    @Override
    void close();

    /** Starts the services the {@value #PROPERTY} setting asks for. */
    static TestServices start() {
        return start(configuredMode());
    }

    static TestServices start(Mode mode) {
        return switch (mode) {
            case EMBEDDED -> EmbeddedServices.start();
            case CONTAINERS -> ContainerServices.start();
            case AUTO -> ContainerServices.dockerAvailable() ? ContainerServices.start() : EmbeddedServices.start();
        };
    }

    /** The mode from the system property, else the environment, else {@code auto}. */
    static Mode configuredMode() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv("HMREC_IT_SERVICES");
        }
        return value == null || value.isBlank() ? Mode.AUTO : Mode.parse(value);
    }
}
