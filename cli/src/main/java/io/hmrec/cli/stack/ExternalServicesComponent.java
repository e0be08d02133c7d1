package io.hmrec.cli.stack;

import io.hmrec.schemas.registry.SchemaRegistryClient;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A broker and registry that already run elsewhere (docker-compose, a real cluster): publishes their endpoints so
 * the rest of the stack (topics, apps) uses them, and checks that both answer.
 */
public final class ExternalServicesComponent implements StackComponent {
    private final String bootstrapServers;
    private final String registryUrl;
    private Admin admin;
    private SchemaRegistryClient registry;

    public ExternalServicesComponent(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
    }

    @Override
    public String name() {
        return "external";
    }

    @Override
    public String start(StackContext context) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000));
        registry = new SchemaRegistryClient(SchemaRegistryConfig.of(registryUrl));
        Health health = health();
        if (!health.up()) {
            throw new IllegalStateException("external services not reachable: " + health.detail());
        }
        context.publish(StackContext.BOOTSTRAP_SERVERS, bootstrapServers);
        context.publish(StackContext.SCHEMA_REGISTRY_URL, registryUrl);
        return "bootstrap.servers=" + bootstrapServers + ", schema.registry.url=" + registryUrl + " (" + health.detail() + ")";
    }

    @Override
    public Health health() {
        if (admin == null) {
            return Health.down("not started");
        }
        int brokers;
        try {
            brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Health.down("Kafka at " + bootstrapServers + ": " + e.getClass().getSimpleName());
        }
        try {
            registry.versions("hmrec-health-probe-value"); // any answer, even "no versions", proves the API works
        } catch (SchemaRegistryException e) {
            return Health.down("registry at " + registryUrl + ": " + e.getMessage());
        }
        return Health.up(brokers + " broker(s), registry answers");
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
