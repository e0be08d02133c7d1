package io.hmrec.app.load;

import io.hmrec.core.data.KaggleFiles;
import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.data.RejectSink;
import io.hmrec.core.data.TransactionReader;
import io.hmrec.core.model.Days;
import io.hmrec.core.synth.GeneratorConfig;
import io.hmrec.core.synth.SyntheticGenerator;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.InMemorySchemaRegistry;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.testsupport.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Benchmark program (not a test): loader throughput into an embedded broker against a bare producer sending the
 * same purchase records (pre-serialized, same producer settings, same topic) in the same run.
 * Usage: {@code LoaderBenchmark [DATA_DIR | ROWS]} (default: generate 1,000,000 rows). Goal: ≥ 300k events/s and
 * ≥ 0.5 of the bare producer.
 */
public final class LoaderBenchmark {
    private LoaderBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path data;
        if (args.length > 0 && !args[0].matches("\\d+")) {
            data = Path.of(args[0]);
        } else {
            long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
            data = Files.createTempDirectory("hmrec-loadbench");
            new SyntheticGenerator(new GeneratorConfig((int) Math.max(1000, rows / 25), (int) Math.max(500, rows / 300),
                    rows, 1, null)).generate(data, null);
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String servers = kafka.bootstrapServers();
            Topics topics = new Topics(new AvroSerdes(new InMemorySchemaRegistry()));
            Properties ap = new Properties();
            ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            try (Admin admin = Admin.create(ap)) {
                topics.createAll(admin, (short) 1, Duration.ofSeconds(30));
            }
            // the bare producer's records: the same events, serialized before the clock starts
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            Serializer<PurchaseEvent> ser = topics.transactions().valueSerde().serializer();
            try (TransactionReader r = TransactionReader.open(KaggleFiles.resolve(data, KaggleFiles.TRANSACTIONS),
                    RejectSink.COUNT_ONLY)) {
                for (PurchaseRow row; (row = r.next()) != null; ) {
                    RecordHeaders h = new RecordHeaders();
                    h.add(KaggleLoader.EVENT_ID_HEADER, row.eventId().getBytes(StandardCharsets.UTF_8));
                    records.add(new ProducerRecord<>(Topics.TRANSACTIONS, null,
                            Days.toEpochMillis(row.purchase().day()),
                            row.purchase().customerId().getBytes(StandardCharsets.UTF_8),
                            ser.serialize(Topics.TRANSACTIONS, AvroMapping.purchase(row)), h));
                }
            }
            long cpu0 = cpuNanos();
            double bare = bare(servers, records);
            double bareCpu = records.size() / ((cpuNanos() - cpu0) / 1e9);
            records = null;
            Path cp = Files.createTempFile("hmrec-loadbench", ".checkpoint");
            Files.delete(cp);
            LoaderConfig config = new LoaderConfig(data, servers, "mem://", false, 0, 0, null, cp,
                    LoaderConfig.DEFAULT_CHECKPOINT_EVERY, false);
            KaggleLoader.Outcome outcome;
            long cpu1 = cpuNanos();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KaggleLoader.producerProperties(servers));
                 KafkaPublishedLog log = new KafkaPublishedLog(servers, Topics.TRANSACTIONS, Topics.DLQ_TRANSACTIONS)) {
                outcome = new KaggleLoader(config, topics, producer, log,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
            }
            double loaderCpu = outcome.published() / ((cpuNanos() - cpu1) / 1e9);
            double loader = outcome.published() / outcome.seconds();
            // the loader's own CPU cost: the same run into a producer that only hands records back
            Path cp2 = Files.createTempFile("hmrec-loadbench", ".checkpoint");
            Files.delete(cp2);
            KaggleLoader.Outcome alone;
            try (MockProducer<byte[], byte[]> sink = new MockProducer<>(true, new KaggleLoaderTest.KeyHashPartitioner(),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                alone = new KaggleLoader(new LoaderConfig(data, "none:9092", "mem://", false, 0, 0, null, cp2,
                        LoaderConfig.DEFAULT_CHECKPOINT_EVERY, false), topics, sink, new KaggleLoaderTest.FakeLog(),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
            }
            System.out.printf("data: %s, %,d purchase events, %d cores%n", data, outcome.published(),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("bare producer (pre-serialized records): %,10.0f events/s%n", bare);
            System.out.printf("loader (parse+validate+serialize+send): %,10.0f events/s  (%.1f s incl. checkpoints)%n",
                    loader, outcome.seconds());
            System.out.printf("loader into an in-memory producer (its own CPU cost): %,10.0f events/s%n",
                    alone.published() / alone.seconds());
            System.out.printf("ratio loader / bare producer: %.2f (goal >= 0.5); goal >= 300,000 events/s: %s%n",
                    loader / bare, loader >= 300_000 ? "met" : "not met");
            // wall rates are only as good as the machine is idle: per CPU-second of this whole process (broker,
            // producer and loader share it) the comparison survives other load on the machine
            System.out.printf("per process CPU-second: bare %,.0f, loader %,.0f events (ratio %.2f); system load %.1f%n",
                    bareCpu, loaderCpu, loaderCpu / bareCpu,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double bare(String servers, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KaggleLoader.producerProperties(servers))) {
            long t0 = System.nanoTime();
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
            return records.size() / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
