package io.hmrec.app.bench;

import io.hmrec.core.data.KaggleFiles;
import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.data.TransactionReader;
import io.hmrec.core.model.Days;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.synth.GeneratorConfig;
import io.hmrec.core.synth.SyntheticGenerator;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.PurchaseEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/** Shared pieces of the streams-app benchmark programs (data, producing, catching up, percentiles). */
final class BenchSupport {
    private BenchSupport() {}

    /** Purchases of a seeded synthetic dataset (the generator of core.synth), in file order = event-time order. */
    /**
     * The command line of a child JVM with this JVM's java and class path: benchmark parts that must not share the
     * measured process's heap (the state benchmark's broker stage, the latency benchmarks' instances).
     */
    static List<String> javaCommand(List<String> jvmOptions, Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        return cmd;
    }

    static List<PurchaseEvent> synthetic(int customers, int articles, long transactions, long seed) throws Exception {
        Path dir = Files.createTempDirectory("hmrec-bench-data");
        new SyntheticGenerator(new GeneratorConfig(customers, articles, transactions, seed, null))
                .generate(dir, (d, n, rows) -> { });
        List<PurchaseEvent> out = new ArrayList<>();
        try (TransactionReader r = TransactionReader.open(dir.resolve(KaggleFiles.TRANSACTIONS), rej -> { })) {
            for (PurchaseRow row = r.next(); row != null; row = r.next()) {
                Purchase p = row.purchase();
                out.add(PurchaseEvent.newBuilder().setEventId(row.eventId()).setTDat(Days.date(p.day()))
                        .setCustomerId(p.customerId()).setArticleId(p.articleId()).setPrice(p.price())
                        .setSalesChannelId(p.salesChannel()).build());
            }
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return out;
    }

    static KafkaProducer<String, PurchaseEvent> producer(String bootstrap, Topics topics) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), topics.transactions().valueSerde().serializer());
    }

    static void produceAll(String bootstrap, Topics topics, List<PurchaseEvent> events) {
        try (KafkaProducer<String, PurchaseEvent> p = producer(bootstrap, topics)) {
            for (PurchaseEvent e : events) {
                p.send(new ProducerRecord<>(Topics.TRANSACTIONS, null, Days.toEpochMillis(Days.of(e.getTDat())),
                        e.getCustomerId(), e))
;
            }
            p.flush();
        }
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /**
     * End offsets summed over each topic's partitions, largest first, for the topics a run wrote: those named with
     * {@code appId} (its changelogs and repartition topics) and the product topics but {@code input}. Under
     * exactly-once an offset is a record or a transaction marker (one per partition and commit), so the figure is what
     * the broker had to write and the run's consumers to read.
     */
    static java.util.LinkedHashMap<String, Long> writtenOffsets(Admin admin, String appId, String input) throws Exception {
        Set<String> written = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(appId) || (t.startsWith("hm.") && !t.equals(input)))
                .collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        admin.describeTopics(written).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, d) ->
                d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<String, Long> sums = new java.util.HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> sums.merge(tp.topic().startsWith(appId)
                        ? tp.topic().substring(appId.length() + 1) : tp.topic(), info.offset(), Long::sum));
        java.util.LinkedHashMap<String, Long> out = new java.util.LinkedHashMap<>();
        sums.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * Waits until the consumer group {@code groupId} has committed, on every partition it reads whose topic is in
     * {@code topicsOfInterest} (or has a name starting with the group id: its repartition topics), the end offset.
     * Returns the wall time when that was first observed.
     */
    static long awaitCaughtUp(Admin admin, String groupId, Set<String> topicsOfInterest, Duration timeout,
                              int minPartitions) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> relevant = committed.entrySet().stream()
                    .filter(e -> e.getValue() != null && (topicsOfInterest.contains(e.getKey().topic())
                            || e.getKey().topic().startsWith(groupId)))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            if (relevant.size() >= minPartitions) {
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                        relevant.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                        .all().get(10, TimeUnit.SECONDS);
                boolean done = relevant.entrySet().stream()
                        .allMatch(e -> e.getValue().offset() >= ends.get(e.getKey()).offset());
                if (done) {
                    return System.nanoTime();
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("group " + groupId + " did not catch up within " + timeout);
    }

    /**
     * Waits until every customer of {@code events} has a list on the output topic as of their last purchase day or
     * later (read_committed, from the beginning) and returns {@code System.nanoTime()} then: a replay is done when its
     * lists are, also where a catch-up emits them after the input offsets are committed.
     */
    static long awaitListsFor(String bootstrap, Topics topics, List<PurchaseEvent> events, Duration timeout) {
        Map<String, Integer> missing = new java.util.HashMap<>();
        for (PurchaseEvent e : events) {
            missing.merge(e.getCustomerId(), Days.of(e.getTDat()), Math::max);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, io.hmrec.schemas.avro.RecommendationList> c =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of(
                             org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                             org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                             new org.apache.kafka.common.serialization.StringDeserializer(),
                             topics.recommendations().valueSerde().deserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < Topics.CUSTOMER_PARTITIONS; p++) {
                parts.add(new TopicPartition(Topics.RECOMMENDATIONS, p));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long lists = 0;
            while (!missing.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(missing.size() + " customers still without a current list after "
                            + timeout);
                }
                for (var r : c.poll(Duration.ofMillis(50))) {
                    lists++;
                    Integer due = missing.get(r.key());
                    if (due != null && Days.of(r.value().getAsOfDate()) >= due) {
                        missing.remove(r.key());
                    }
                }
            }
            long done = System.nanoTime();
            System.out.printf("  lists: %d read until every one of %d customers had a current one%n", lists,
                    events.stream().map(PurchaseEvent::getCustomerId).distinct().count());
            return done;
        }
    }

    /**
     * CPU time of this JVM's threads since construction, split into a Kafka Streams application's threads (its stream
     * threads, global thread and producers: names containing the application id) and the rest (the in-process broker,
     * the load). Threads that ended in between are not counted.
     */
    static final class ThreadCpu {
        private final java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        private final Map<Long, Long> before = new java.util.HashMap<>();
        private final Map<String, Long> vmBefore = vmThreadTicks();

        ThreadCpu() {
            for (long id : mx.getAllThreadIds()) {
                before.put(id, Math.max(0, mx.getThreadCpuTime(id)));
            }
        }

        /**
         * One line: CPU seconds of the application's threads, of its stream threads alone per event, and the rest of
         * the Java threads; on Linux a second line with the threads the JVM does not list as Java threads (the JIT
         * compilers, the garbage collector, RocksDB's and other native threads).
         */
        String since(String applicationId, long events) {
            long app = 0;
            long stream = 0;
            long rest = 0;
            for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (t == null) {
                    continue; // ended since the ids were read
                }
                long used = Math.max(0, mx.getThreadCpuTime(t.getThreadId())) - before.getOrDefault(t.getThreadId(), 0L);
                if (t.getThreadName().contains(applicationId)) {
                    app += used;
                    if (t.getThreadName().matches(".*-StreamThread-\\d+")) {
                        stream += used;
                    }
                } else {
                    rest += used;
                }
            }
            String line = String.format("CPU: application threads %.2f s (stream threads %.2f s, %.0f µs per event), rest of"
                    + " the JVM (broker, benchmark) %.2f s", app / 1e9, stream / 1e9, stream / 1e3 / events, rest / 1e9);
            Map<String, Long> vm = vmThreadTicks();
            if (vm.isEmpty()) {
                return line;
            }
            double tick = 0.01; // USER_HZ: 100 on every Linux this runs on
            java.util.function.Function<String, Double> delta = k -> (vm.getOrDefault(k, 0L) - vmBefore.getOrDefault(k, 0L)) * tick;
            return line + String.format("%n  CPU outside the Java threads: JIT compilers %.2f s, GC %.2f s, RocksDB %.2f s,"
                    + " other %.2f s", delta.apply("jit"), delta.apply("gc"), delta.apply("rocksdb"), delta.apply("other"));
        }

        /**
         * CPU ticks (user + system) of this process's threads that are not Java threads, by kind, from
         * {@code /proc/self/task}; empty where there is no such file system. The JIT and the collector run on
         * threads of their own: on 2 cores a short replay's compilations alone can take a large share of a core.
         */
        private static Map<String, Long> vmThreadTicks() {
            return threadTicksByKind(java.nio.file.Path.of("/proc/self/task"), javaThreadNames());
        }

        /** Names of live Java threads as the kernel shows them (the first 15 bytes). */
        private static Set<String> javaThreadNames() {
            Set<String> names = new java.util.HashSet<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                String n = t.getName();
                names.add(n.length() > 15 ? n.substring(0, 15) : n);
            }
            return names;
        }
    }

    /**
     * Deletes every topic but {@code keep} and the broker's own ({@code __}-prefixed), waits until the broker no
     * longer lists them, and makes {@code recreate} anew where missing: a later round starts from the same topics a
     * first round found, with the purchases still there.
     */
    static void recreateAllBut(Admin admin, List<io.hmrec.schemas.Topic<?, ?>> recreate, String keep) throws Exception {
        Set<String> doomed = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> !t.equals(keep) && !t.startsWith("__"))
                .collect(Collectors.toSet());
        admin.deleteTopics(doomed).all().get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().anyMatch(doomed::contains)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("deleted topics still listed after 60 s");
            }
            Thread.sleep(100);
        }
        Topics.createMissing(admin, recreate, (short) 1, Duration.ofSeconds(30));
    }

    /**
     * CPU ticks (user + system, 1/100 s) of a process's threads by kind, from {@code taskDir} ({@code /proc/<pid>/task}):
     * "jit" (the compiler threads), "gc", "rocksdb", and "other" for threads whose names are not in
     * {@code javaThreads}; threads named in it are left out. Empty where there is no such directory.
     */
    static Map<String, Long> threadTicksByKind(java.nio.file.Path taskDir, Set<String> javaThreads) {
        Map<String, Long> out = new java.util.HashMap<>();
        java.io.File[] tasks = taskDir.toFile().listFiles();
        if (tasks == null) {
            return out;
        }
        for (java.io.File task : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                long ticks = cpuTicks(stat);
                String kind = name.contains("CompilerThre") ? "jit"
                        : name.startsWith("GC ") || name.startsWith("G1 ") ? "gc"
                        : name.startsWith("rocksdb:") ? "rocksdb"
                        : javaThreads.contains(name) ? null : "other";
                if (kind != null) {
                    out.merge(kind, ticks, Long::sum);
                }
            } catch (java.io.IOException | RuntimeException gone) {
                // the thread ended between listing and reading
            }
        }
        return out;
    }

    /** User plus system CPU ticks (1/100 s) in the text of a {@code /proc} stat file (a process's or a thread's). */
    static long cpuTicks(String stat) {
        // the name in parentheses may hold spaces: fields are counted from after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    /** The p-th percentile (0..100) of {@code values}, nearest-rank. */
    static double percentile(double[] values, double p) {
        double[] v = values.clone();
        Arrays.sort(v);
        if (v.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }
}
