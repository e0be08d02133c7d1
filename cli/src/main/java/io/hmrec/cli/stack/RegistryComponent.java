package io.hmrec.cli.stack;

import io.hmrec.testsupport.ApicurioRegistry;

/** The stack's Schema Registry: Apicurio Registry in a child JVM, Confluent API at {@code /apis/ccompat/v7}. */
public final class RegistryComponent implements StackComponent {
    private final int port;
    private ApicurioRegistry registry;

    /** @param port HTTP port on 127.0.0.1 (8081 as in docker-compose); 0 picks a free one */
    public RegistryComponent(int port) {
        this.port = port;
    }

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public void launch() {
        registry = ApicurioRegistry.launch(port);
    }

    @Override
    public String start(StackContext context) {
        if (registry == null) {
            launch();
        }
        try {
            registry.awaitReady();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        context.publish(StackContext.SCHEMA_REGISTRY_URL, registry.ccompatUrl());
        return "schema.registry.url=" + registry.ccompatUrl() + " (Apicurio " + ApicurioRegistry.VERSION
                + ", BACKWARD; ready in " + KafkaComponent.seconds(registry.startupTime()) + "; log "
                + registry.logFile() + ")";
    }

    @Override
    public Health health() {
        if (registry == null) {
            return Health.down("not started");
        }
        return registry.isHealthy() ? Health.up("") : Health.down("not ready");
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }
}
