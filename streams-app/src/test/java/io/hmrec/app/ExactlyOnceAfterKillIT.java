package io.hmrec.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.app.bench.InstanceProcess;
import io.hmrec.app.store.RankerFactory;
import io.hmrec.core.model.Days;
import io.hmrec.core.rec.Edge;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.testsupport.TestServices;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once across a process that dies: an instance in its own JVM is killed (SIGKILL, no last commit) while
 * purchases stream in, a second instance with the same application id takes its partitions over, and every
 * customer's edge counts equal the purchases sent, none lost and none counted twice. The killed instance's open
 * transaction (records processed since its last commit, with their store writes and lists) must be aborted and its
 * input read again; the app's producer leaves flushing to that transaction's commit ({@link CommitFlushedClients}).
 * Its own broker and registry.
 */
class ExactlyOnceAfterKillIT {
    private static final int CUSTOMERS = 300;
    /** Purchases sent before the kill (at least; more until the instance keeps up) and after it. */
    private static final int HALF = 2_000;
    /** About two minutes of sending at ~500/s: an instance that has not kept up by then never will. */
    private static final int MAX_BEFORE_KILL = 60_000;
    /** Purchases sent but not yet committed when the instance counts as keeping up: 1.2 s at ~500/s. */
    private static final int LAG = 600;
    /** Purchases sent after the instance is seen keeping up and before the kill: about 0.5 s at ~500/s. */
    private static final int AFTER_COMMIT = 250;
    private static final LocalDate DAY = LocalDate.parse("2020-09-01");

    @Test
    void shouldCountEveryPurchaseOnceWhenAnInstanceIsKilledBetweenCommits() throws Exception {
        try (TestServices services = TestServices.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers()))) {
            String appId = "it-kill-" + UUID.randomUUID();
            Map<String, Map<String, Integer>> expected = new TreeMap<>();
            Random random = new Random(11);
            long committedAtKill;
            long sent;

            // Given an instance in its own JVM that is processing a steady stream of purchases
            InstanceProcess first = InstanceProcess.start(config(services, appId));
            try {
                first.awaitRunning(HttpClient.newHttpClient(), Duration.ofMinutes(3));
                Topics topics = new Topics(AvroSerdes.connect(SchemaRegistryConfig.of(services.registryUrl())));
                try (KafkaProducer<String, PurchaseEvent> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers(),
                                ProducerConfig.LINGER_MS_CONFIG, 0),
                        new StringSerializer(), topics.transactions().valueSerde().serializer())) {
                    int i = 0;
                    // at about 500/s, until at least HALF are sent and the instance keeps up: its last commit is
                    // within LAG of the sends (a cold instance starts slower than that; killed while catching up, it
                    // would die having processed little beyond its last commit)
                    for (; i < HALF || committed(admin, appId) < i - LAG; i++) {
                        if (i == MAX_BEFORE_KILL) {
                            throw new AssertionError("the first instance committed only " + committed(admin, appId)
                                    + " of " + i + " purchases: it never kept up");
                        }
                        send(producer, random, i, expected);
                        if (i % 25 == 24) {
                            Thread.sleep(50);
                        }
                    }
                    // the loop ends just after a commit (the offsets it reads move only then): half a commit
                    // interval more, so the kill lands between commits
                    for (int end = i + AFTER_COMMIT; i < end; i++) {
                        send(producer, random, i, expected);
                        if (i % 25 == 24) {
                            Thread.sleep(50);
                        }
                    }
                    // When it is killed mid-stream: it processes within milliseconds of a send and commits once a
                    // second, so it dies with about half a second of processed, uncommitted purchases
                    committedAtKill = committed(admin, appId);
                    first.kill();
                    for (int end = i + HALF; i < end; i++) {
                        send(producer, random, i, expected);
                    }
                    sent = i;
                    producer.flush();
                }
            } finally {
                first.kill();
            }

            // and a second instance with the same application id takes over
            try (StreamsApp second = StreamsApp.start(config(services, appId), RankerFactory.NONE)) {
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (committed(admin, appId) < sent && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }

                // Then every purchase is in its customer's edges exactly once
                assertThat(committedAtKill).isBetween(sent - HALF - AFTER_COMMIT - LAG, sent - HALF - 1);
                assertThat(committed(admin, appId)).isEqualTo(sent);
                // the group may rebalance once more after the dead member leaves (its stores are then briefly
                // unavailable): read again until they answer, then compare once
                List<Map<String, Map<String, Integer>>> counted = new java.util.ArrayList<>();
                org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1))
                        .ignoreExceptionsInstanceOf(org.apache.kafka.streams.errors.InvalidStateStoreException.class)
                        .until(() -> counted.add(edgeCounts(second, expected.keySet())));
                assertThat(counted.get(0)).isEqualTo(expected);
            }
        }
    }

    /**
     * The integration config with every store write sent to its changelog at once (no record cache) and a commit
     * per second: the instance dies with about half a second of purchases whose edge writes are already on the
     * broker but not committed. At-least-once counts those purchases again after the restart (with
     * {@code exactly.once=false} this test fails: session 13, one run); exactly-once must abort them with the
     * transaction. With the product's record cache the edge writes would wait in the cache for the commit, and the
     * test could not tell the two apart (it passed under at-least-once too).
     */
    private static AppConfig config(TestServices services, String appId) throws java.io.IOException {
        return ItAppConfig.of(services, appId).with(Map.of("cache.max.bytes", "0", "commit.interval.ms", "1000"));
    }

    /** One purchase of one of the customers, of one of 40 articles (so most customers buy some article twice). */
    private static void send(KafkaProducer<String, PurchaseEvent> producer, Random random, int i,
                             Map<String, Map<String, Integer>> expected) {
        String customer = String.format("%064x", 0xE0C0L + random.nextInt(CUSTOMERS));
        String article = String.format("0%06d%03d", 810000 + random.nextInt(40), 1);
        producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, null, Days.toEpochMillis(Days.of(DAY)), customer, PurchaseEvent.newBuilder().setEventId("kill-" + i)
                .setTDat(DAY).setCustomerId(customer).setArticleId(article).setPrice(0.02).setSalesChannelId(2).build()));
        expected.computeIfAbsent(customer, c -> new TreeMap<>()).merge(article, 1, Integer::sum);
    }

    /** Each customer's edge counts by article, as the instance's store holds them. */
    private static Map<String, Map<String, Integer>> edgeCounts(StreamsApp app, java.util.Set<String> customers) {
        Map<String, Map<String, Integer>> counted = new TreeMap<>();
        for (String customer : customers) {
            List<Edge> edges = app.queries().history(customer).orElse(List.of());
            counted.put(customer, edges.stream().collect(Collectors.toMap(Edge::articleId, Edge::count,
                    Integer::sum, TreeMap::new)));
        }
        return counted;
    }

    /** The application's committed input offsets on the purchases topic, summed over its partitions. */
    private static long committed(Admin admin, String appId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(appId)
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(Topics.TRANSACTIONS) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }
}
