package io.hmrec.app.bench;

import io.hmrec.app.AppConfig;
import io.hmrec.app.RecommenderTopology;
import io.hmrec.app.TaskBacklog;
import io.hmrec.app.store.RankerFactory;
import io.hmrec.schemas.Topic;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.testsupport.TestServices;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Replay throughput of the whole recommender topology against a bare {@code groupByKey().count()} into RocksDB,
 * over the same purchase events on the same embedded broker, in the same run. Both run with the product settings
 * (exactly_once_v2, RocksDB with the bounded-memory config setter, one stream thread); each is timed from start until
 * its consumer group has committed the end offset of every partition it reads (the topology's repartition topics
 * included) and, for the topology, until every customer has a list as of their last purchase (a catch-up emits lists
 * after its input is committed). Goal: ratio ≥ 0.6.
 *
 * <p>Usage: {@code ReplayThroughputBenchmark [transactions=200000] [customers=20000] [articles=5000]
 * [--catch-up-off] [--warm-up]}; {@code --catch-up-off} replays with catch-up off (a list per basket throughout), for
 * its effect. {@code --warm-up} measures both a second time in the same JVM, after every topic but the purchases has
 * been deleted and made anew: the first round's figures are a cold JVM's (on 2 cores the JIT compilers take a large
 * share of a short replay's CPU), the second's those of a JVM that has compiled the code both paths run, as a long
 * replay's would be for most of its length.
 */
public final class ReplayThroughputBenchmark {
    public static void main(String[] args) throws Exception {
        List<String> flags = java.util.Arrays.stream(args).filter(a -> a.startsWith("--")).toList();
        List<String> numbers = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        for (String f : flags) {
            if (!f.equals("--catch-up-off") && !f.equals("--warm-up")) {
                throw new IllegalArgumentException("unknown flag " + f + "; known: --catch-up-off, --warm-up");
            }
        }
        long transactions = numbers.size() > 0 ? Long.parseLong(numbers.get(0)) : 200_000;
        int customers = numbers.size() > 1 ? Integer.parseInt(numbers.get(1)) : 20_000;
        int articles = numbers.size() > 2 ? Integer.parseInt(numbers.get(2)) : 5_000;
        // catch-up off: a list per basket all through the replay, as a live feed gets them (for the difference)
        String catchUp = flags.contains("--catch-up-off") ? "0"
                : AppConfig.defaultsOnly().asMap().get("catchup.records");
        int rounds = flags.contains("--warm-up") ? 2 : 1;
        List<PurchaseEvent> events = BenchSupport.synthetic(customers, articles, transactions, 7L);
        System.out.printf("data: %d purchases, %d customers, %d articles (synthetic, seed 7)%n", events.size(), customers, articles);
        try (TestServices services = TestServices.start(TestServices.Mode.EMBEDDED);
             Admin admin = BenchSupport.admin(services.bootstrapServers())) {
            Topics topics = new Topics(AvroSerdes.connect(SchemaRegistryConfig.of(services.registryUrl())));
            List<Topic<?, ?>> all = new ArrayList<>(topics.all());
            all.addAll(topics.topologyInternal());
            Topics.createMissing(admin, all, (short) 1, Duration.ofSeconds(30));
            topics.registerSchemas();
            long t0 = System.nanoTime();
            BenchSupport.produceAll(services.bootstrapServers(), topics, events);
            System.out.printf("produced in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            AppConfig base = AppConfig.fromMap(Map.of("bootstrap.servers", services.bootstrapServers(),
                    "schema.registry.url", services.registryUrl(), "port", "0"));
            for (int round = 1; round <= rounds; round++) {
                if (round > 1) {
                    // the next round's topology must start from empty global topics and find no list of this one
                    BenchSupport.recreateAllBut(admin, all, Topics.TRANSACTIONS);
                    System.out.printf("round %d of %d: the same JVM, every topic but %s deleted and made anew%n",
                            round, rounds, Topics.TRANSACTIONS);
                } else if (rounds > 1) {
                    System.out.printf("round 1 of %d: a cold JVM%n", rounds);
                }
                AppConfig bareCfg = base.with(Map.of("application.id", "bench-bare-" + System.nanoTime(),
                        "state.dir", Files.createTempDirectory("bench-bare").toString()));
                double bare = run(bareCfg, bareCount(), null, admin, events.size(), Topics.CUSTOMER_PARTITIONS, null);
                System.out.printf("bare groupByKey().count(): %,.0f events/s%n", bare);

                AppConfig fullCfg = base.with(Map.of("application.id", "bench-full-" + System.nanoTime(),
                        "state.dir", Files.createTempDirectory("bench-full").toString(), "catchup.records", catchUp));
                System.out.printf("catch-up above %s records behind per task (0 = off)%n", catchUp);
                // source partitions plus the two repartition topics' partitions must all be caught up
                RecommenderTopology topology = new RecommenderTopology(fullCfg, topics, RankerFactory.NONE);
                double full = run(fullCfg, topology.build(), topology.backlog(), admin, events.size(),
                        3 * Topics.CUSTOMER_PARTITIONS, () -> BenchSupport.awaitListsFor(services.bootstrapServers(),
                                topics, events, Duration.ofMinutes(15)));
                System.out.printf("whole topology:            %,.0f events/s%n", full);
                System.out.printf("ratio whole/bare: %.2f (goal >= 0.6)%s%n", full / bare,
                        rounds > 1 ? " in round " + round + " of " + rounds : "");
            }
        }
    }

    private static Topology bareCount() {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(Topics.TRANSACTIONS, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("bare-source"))
                .groupByKey(Grouped.as("bare-grouped"))
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("bare-count-store"));
        return b.build();
    }

    /**
     * @param backlog   the topology's backlog, kept current as the product process does (null: none)
     * @param listsDone waits until the run's lists are out and returns the time (null: offsets alone)
     */
    private static double run(AppConfig config, Topology topology, TaskBacklog backlog, Admin admin, int events,
                              int partitions, java.util.function.LongSupplier listsDone) throws Exception {
        try (KafkaStreams streams = new KafkaStreams(topology, config.kafkaProperties())) {
            AtomicLong runningAt = new AtomicLong();
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    runningAt.compareAndSet(0, System.nanoTime());
                }
            });
            BenchSupport.ThreadCpu cpu = new BenchSupport.ThreadCpu();
            long start = System.nanoTime();
            streams.start();
            AutoCloseable follower = backlog == null ? () -> { } : TaskBacklog.follow(streams, backlog,
                    Duration.ofMillis(500));
            long end = BenchSupport.awaitCaughtUp(admin, config.applicationId(), Set.of(Topics.TRANSACTIONS),
                    Duration.ofMinutes(15), partitions);
            if (listsDone != null) {
                long offsetsAt = end;
                end = Math.max(end, listsDone.getAsLong());
                System.out.printf("  input committed %.1f s after RUNNING, every customer's list out %.1f s after it%n",
                        (offsetsAt - runningAt.get()) / 1e9, (end - offsetsAt) / 1e9);
            }
            // CPU time varies far less from run to run than wall time on these shared cores: compare builds by it too
            System.out.println("  " + cpu.since(config.applicationId(), events));
            // the broker's share of the work follows what the run wrote: records and markers per purchase, by topic
            java.util.LinkedHashMap<String, Long> written = BenchSupport.writtenOffsets(admin, config.applicationId(),
                    Topics.TRANSACTIONS);
            long total = written.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf("  offsets written: %.2f per purchase (%,d):%s%n", (double) total / events, total,
                    written.entrySet().stream().map(e -> String.format(" %s %.2f", e.getKey(),
                            (double) e.getValue() / events)).collect(Collectors.joining(",")));
            follower.close();
            // timed from RUNNING (startup and the first rebalance excluded) to every partition committed at its end
            double seconds = (end - runningAt.get()) / 1e9;
            System.out.printf("  %s: %d events in %.1f s after RUNNING (%.1f s after start)%n", config.applicationId(),
                    events, seconds, (end - start) / 1e9);
            streams.close(Duration.ofSeconds(30));
            return events / seconds;
        }
    }
}
