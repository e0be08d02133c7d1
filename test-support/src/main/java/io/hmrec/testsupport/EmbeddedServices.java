package io.hmrec.testsupport;

import java.time.Duration;

/** {@link EmbeddedKafka} + {@link ApicurioRegistry}, started side by side (the registry JVM boots while the broker formats). */
public final class EmbeddedServices implements TestServices {
    private final EmbeddedKafka kafka;
    private final ApicurioRegistry registry;
    private final Duration startupTime;

    private EmbeddedServices(EmbeddedKafka kafka, ApicurioRegistry registry, Duration startupTime) {
        this.kafka = kafka;
        this.registry = registry;
        this.startupTime = startupTime;
    }

    public static EmbeddedServices start() {
        long started = System.nanoTime();
        ApicurioRegistry registry = ApicurioRegistry.launch(0);
        EmbeddedKafka kafka = null;
        try {
            kafka = EmbeddedKafka.start();
            registry.awaitReady();
            return new EmbeddedServices(kafka, registry, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            registry.close();
            if (kafka != null) {
                kafka.close();
            }
            throw e;
        }
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public ApicurioRegistry registry() {
        return registry;
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String registryUrl() {
        return registry.ccompatUrl();
    }

    @Override
    public String description() {
        return "embedded KRaft broker at " + kafka.bootstrapServers() + " (started in " + kafka.startupTime().toMillis()
                + " ms) + Apicurio Registry " + ApicurioRegistry.VERSION + " at " + registry.ccompatUrl()
                + " (ready " + registry.startupTime().toMillis() + " ms after launch); both up in "
                + startupTime.toMillis() + " ms";
    }

    @Override
    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
