package io.hmrec.testsupport;

import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.ConfluentKafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Confluent Kafka (KRaft) and Confluent Schema Registry in Docker via Testcontainers, on a shared network where the
 * registry reaches the broker as {@code kafka:19092}. Images match docker-compose.yml's registry version.
 */
public final class ContainerServices implements TestServices {
    static final String CONFLUENT_VERSION = "7.8.0";
    private final Network network;
    private final ConfluentKafkaContainer kafka;
    private final GenericContainer<?> registry;
    private final Duration startupTime;

    private ContainerServices(Network network, ConfluentKafkaContainer kafka, GenericContainer<?> registry, Duration startupTime) {
        this.network = network;
        this.kafka = kafka;
        this.registry = registry;
        this.startupTime = startupTime;
    }

    /** Whether a Docker engine answers (Testcontainers' own probe). */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // closed in close()
    public static ContainerServices start() {
        if (!dockerAvailable()) {
            throw new IllegalStateException(TestServices.PROPERTY + "=containers needs a Docker engine, and none answers;"
                    + " use -D" + TestServices.PROPERTY + "=embedded");
        }
        long started = System.nanoTime();
        Network network = Network.newNetwork();
        ConfluentKafkaContainer kafka = new ConfluentKafkaContainer(
                DockerImageName.parse("confluentinc/cp-kafka:" + CONFLUENT_VERSION))
                .withNetwork(network)
                .withNetworkAliases("kafka")
                .withListener("kafka:19092");
        GenericContainer<?> registry = new GenericContainer<>(
                DockerImageName.parse("confluentinc/cp-schema-registry:" + CONFLUENT_VERSION))
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                .withEnv("SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL", "backward")
                .dependsOn(kafka)
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
        try {
            kafka.start();
            registry.start();
        } catch (RuntimeException e) {
            registry.stop();
            kafka.stop();
            network.close();
            throw e;
        }
        return new ContainerServices(network, kafka, registry, Duration.ofNanos(System.nanoTime() - started));
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String registryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
    }

    @Override
    public String description() {
        return "Testcontainers cp-kafka + cp-schema-registry " + CONFLUENT_VERSION + " at " + bootstrapServers() + " / "
                + registryUrl() + "; up in " + startupTime.toMillis() + " ms";
    }

    @Override
    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public void close() {
        try {
            registry.stop();
            kafka.stop();
        } finally {
            network.close();
        }
    }
}
