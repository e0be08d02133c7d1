package io.hmrec.app.bench;

import io.hmrec.app.AppConfig;
import io.hmrec.app.RecommenderTopology;
import io.hmrec.app.store.RankerFactory;
import io.hmrec.core.model.Days;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.InMemorySchemaRegistry;
import io.hmrec.schemas.serde.AvroSerdes;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Where the topology spends its CPU, without a broker: the topology in a TopologyTestDriver (RocksDB or in-memory
 * stores) fed synthetic purchases, sampled by a thread that counts the innermost hmrec frame of the driver thread.
 * A diagnostic for the replay benchmark, not a figure of merit.
 *
 * <p>Usage: {@code TopologyProfile [transactions=30000] [rocksdb|memory]}
 */
public final class TopologyProfile {
    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 30_000;
        String stores = args.length > 1 ? args[1] : "rocksdb";
        List<PurchaseEvent> events = BenchSupport.synthetic(20_000, 5_000, n, 7L);
        AppConfig config = AppConfig.fromMap(Map.of("state.store", stores, "exactly.once", "false",
                "state.dir", Files.createTempDirectory("profile").toString()));
        Topics topics = new Topics(new AvroSerdes(new InMemorySchemaRegistry()));
        RecommenderTopology topology = new RecommenderTopology(config, topics, RankerFactory.NONE);
        Properties props = config.kafkaProperties();
        try (TopologyTestDriver driver = new TopologyTestDriver(topology.build(), props, Instant.EPOCH)) {
            TestInputTopic<String, PurchaseEvent> in = driver.createInputTopic(Topics.TRANSACTIONS,
                    Serdes.String().serializer(), topics.transactions().valueSerde().serializer());
            TestOutputTopic<String, byte[]> out = driver.createOutputTopic(Topics.RECOMMENDATIONS,
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            Thread main = Thread.currentThread();
            Map<String, Integer> samples = new HashMap<>();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    StackTraceElement[] st = main.getStackTrace();
                    // innermost hmrec frame; samples without one are Kafka Streams / driver overhead
                    String where = "kafka streams / test driver (no hmrec frame)";
                    for (StackTraceElement e : st) {
                        if (e.getClassName().startsWith("io.hmrec") && !e.getClassName().contains("bench")) {
                            where = e.getClassName().replace("io.hmrec.", "") + "." + e.getMethodName() + ":" + e.getLineNumber();
                            break;
                        }
                    }
                    samples.merge(where, 1, Integer::sum);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            long start = System.nanoTime();
            sampler.start();
            int i = 0;
            for (PurchaseEvent e : events) {
                in.pipeInput(e.getCustomerId(), e, Instant.ofEpochMilli(Days.toEpochMillis(Days.of(e.getTDat()))));
                if (++i % 5000 == 0) {
                    out.readValuesToList();
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();
            System.out.printf("%d events in %.1f s: %.0f events/s (%s stores, driver)%n", events.size(), s, events.size() / s, stores);
            int total = samples.values().stream().mapToInt(Integer::intValue).sum();
            samples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                    .forEach(en -> System.out.printf("%5.1f%%  %s%n", 100.0 * en.getValue() / total, en.getKey()));
        }
    }
}
