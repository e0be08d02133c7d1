package io.hmrec.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.SupportedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka cluster in this JVM: one KRaft node in combined mode (controller + broker), built with
 * Kafka's own {@link KafkaClusterTestKit}. Internal topics (offsets, transactions) have one partition and one
 * replica so groups and transactions start fast. Starts in about 1 s in a warm JVM, 15–45 s cold on a busy 2-core
 * machine ({@code StartupTimes} measures it); data lives in a temp directory deleted on
 * close.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final Path dataDir;
    private final Duration startupTime;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path dataDir, Duration startupTime) {
        this.cluster = cluster;
        this.dataDir = dataDir;
        this.startupTime = startupTime;
    }

    /** Starts a broker on a free port. */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /**
     * Starts a broker on a free localhost port (the test kit pre-binds its sockets; pinning the client port
     * breaks its controller wiring, so callers read the port from {@link #bootstrapServers()}).
     *
     * @param extraBrokerProps broker configs overriding the defaults here
     */
    public static EmbeddedKafka start(Map<String, String> extraBrokerProps) {
        long started = System.nanoTime();
        Map<String, String> props = new HashMap<>();
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        props.putAll(extraBrokerProps);
        KafkaClusterTestKit cluster = null;
        Path dataDir = null;
        try {
            // our own directory: the kit's default temp dir is deleted by a JVM shutdown hook, which races with an
            // orderly shutdown on Ctrl-C and makes the broker fail writing its last checkpoints
            dataDir = Files.createTempDirectory("hmrec-kafka-");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setBaseDirectory(dataDir)
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            props.forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            finalizeTransactionVersion(cluster.bootstrapServers());
            return new EmbeddedKafka(cluster, dataDir, Duration.ofNanos(System.nanoTime() - started));
        } catch (Exception e) {
            if (cluster != null) {
                closeQuietly(cluster, e);
            }
            deleteQuietly(dataDir, e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("embedded Kafka broker failed to start: " + e, e);
        }
    }

    /**
     * Raises {@code transaction.version} to the highest level the broker supports (2 on Kafka 4.1: KIP-890's
     * transaction protocol). {@code kafka-storage format} finalizes level 2 on a new 4.1 cluster, so the compose and
     * container brokers run it; the test kit's bootstrap metadata records only the metadata version, which left every
     * transaction of the tests and benchmarks on the old protocol. Not for speed: on this 2-core machine a commit
     * waited 17-18 ms on it against 13-17 ms before (PurchaseLatencyBenchmark, session 13), but it is what runs.
     */
    private static void finalizeTransactionVersion(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            SupportedVersionRange supported = admin.describeFeatures().featureMetadata().get().supportedFeatures()
                    .get(TRANSACTION_VERSION);
            if (supported == null || supported.maxVersion() < 1) {
                return; // a broker without the feature: the old protocol is all there is
            }
            admin.updateFeatures(Map.of(TRANSACTION_VERSION, new FeatureUpdate(supported.maxVersion(),
                    FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions()).all().get();
        }
    }

    private static final String TRANSACTION_VERSION = "transaction.version";

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Wall time from {@link #start} until the broker accepted clients. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Where the broker keeps its logs and metadata; deleted on close. */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("embedded Kafka broker did not stop cleanly: " + e, e);
        } finally {
            deleteQuietly(dataDir, null);
        }
    }

    private static void deleteQuietly(Path dir, Exception primary) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            }
        }
    }

    private static void closeQuietly(KafkaClusterTestKit cluster, Exception primary) {
        try {
            cluster.close();
        } catch (Exception suppressed) {
            primary.addSuppressed(suppressed);
        }
    }
}
