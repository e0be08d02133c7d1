package io.hmrec.app.bench;

import io.hmrec.app.AppConfig;
import io.hmrec.app.StoreNames;
import io.hmrec.app.StreamsApp;
import io.hmrec.app.load.KafkaPublishedLog;
import io.hmrec.app.processor.CustomerPurchaseProcessor;
import io.hmrec.app.load.KaggleLoader;
import io.hmrec.app.load.LoaderConfig;
import io.hmrec.core.data.KaggleFiles;
import io.hmrec.schemas.Topic;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.testsupport.TestServices;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Resident memory of one streams-app process while its state grows to the size of the {@code full} synthetic preset
 * (issue #4; goal: RSS ≤ 6 GB). Prints, at every {@code --every} purchases processed (and at the end), the process's
 * VmRSS and VmHWM (/proc/self/status), JVM heap used and committed, the old generation right after the last
 * collection (the nearest cheap figure to the live heap), the RocksDB figures Kafka Streams reports
 * (memtables, table readers, shared block cache) and the bytes of the state directory on disk, with the load average.
 *
 * <p><b>Why a real broker and not a TopologyTestDriver.</b> The driver commits after every input record with a forced
 * checkpoint, and a checkpoint flushes every RocksDB store: each purchase would write one tiny SST file per touched
 * store (see AppConfig: "a RocksDB flush per record dominates"). That is neither the product's memory profile (the
 * product flushes a memtable when it is full, with the memtables charged to the bounded block cache) nor fast enough
 * to grow a full-size state. So this program runs the product process itself, {@link StreamsApp#start} with the
 * product configuration ({@link AppConfig} defaults: exactly_once_v2, persistent RocksDB stores configured by
 * {@code BoundedMemoryRocksDbConfig}, 256 MiB block cache with 64 MiB of memtables, 32 MiB record cache, the HTTP
 * query server), against an embedded broker and registry (test-support). The broker, the registry and the loader run
 * in a <i>child</i> JVM ({@code --stage}), so the figures of this process are those of the streams-app alone; the
 * child's RSS is printed for reference.
 *
 * <p><b>Which purchases.</b> All articles and customers are published first, then the <i>first</i> N purchase rows
 * of the file (event-time order). The state then grows exactly as it does in a full replay, so every checkpoint is a
 * point on the full replay's own curve and the last one can be extended to 31.8M purchases; the most recent N rows
 * would start an empty edge set in the last weeks, a state the product never has.
 *
 * <p>With {@code --await-drain}, after the last purchase it also follows the catch-up's drain: every 10 s the number
 * of customers still waiting for their list (markers in the refresh-store, counted through an interactive query,
 * which itself takes some of the 2 cores), until none is left; it prints how long the drain took and its rate.
 *
 * <p>Usage: {@code StateMemoryBenchmark --data DIR [--max-purchases N=1000000] [--every K=100000]
 * [--max-minutes M=25] [--state-dir DIR] [--await-drain]}. Run it with the product's heap ({@code -Xmx4g}, as docker-compose runs the
 * streams-app): RSS includes whatever heap the JVM has committed.
 */
public final class StateMemoryBenchmark {
    private static final long GIB = 1L << 30;

    private StateMemoryBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        if (opts.containsKey("stage")) {
            stage(Path.of(require(opts, "data")));
            return;
        }
        Path data = Path.of(require(opts, "data"));
        long maxPurchases = Long.parseLong(opts.getOrDefault("max-purchases", "1000000"));
        long every = Long.parseLong(opts.getOrDefault("every", "100000"));
        double maxMinutes = Double.parseDouble(opts.getOrDefault("max-minutes", "25"));
        if (maxPurchases < 1 || every < 1 || maxMinutes <= 0) {
            throw new IllegalArgumentException("--max-purchases, --every and --max-minutes must be positive");
        }
        Path work = Files.createTempDirectory("hmrec-mem-bench");
        Path stateDir = opts.containsKey("state-dir") ? Path.of(opts.get("state-dir")) : work.resolve("state");
        Path cut = work.resolve("data");
        long rows = firstPurchases(data, cut, maxPurchases);
        System.out.printf(Locale.ROOT, "data: all articles and customers of %s, the first %,d purchase rows%n", data, rows);
        System.out.printf(Locale.ROOT, "jvm: %s, max heap %.2f GiB, %d cpus%n", ManagementFactory.getRuntimeMXBean()
                .getInputArguments(), Runtime.getRuntime().maxMemory() / (double) GIB, Runtime.getRuntime().availableProcessors());

        Process child = startStage(cut);
        try (BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String bootstrap = null;
            String registry = null;
            for (String line = childOut.readLine(); line != null; line = childOut.readLine()) {
                System.out.println("  stage| " + line);
                if (line.startsWith("READY ")) {
                    String[] parts = line.split(" ");
                    bootstrap = parts[1];
                    registry = parts[2];
                    break;
                }
            }
            if (bootstrap == null) {
                throw new IllegalStateException("the stage process ended before publishing the data (exit "
                        + child.waitFor() + ")");
            }
            measure(bootstrap, registry, stateDir, rows, every, maxMinutes, child.pid(), opts.containsKey("await-drain"));
        } finally {
            child.getOutputStream().close(); // the stage process stops when its stdin closes
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroy();
            }
            deleteTree(work);
        }
    }

    private static void measure(String bootstrap, String registry, Path stateDir, long total, long every,
                                double maxMinutes, long stagePid, boolean awaitDrain) throws Exception {
        // HMREC_APP_<KEY> in the environment changes the product settings (e.g. HMREC_APP_COMMIT_INTERVAL_MS)
        AppConfig config = AppConfig.parse(new String[0], System.getenv()).with(Map.of("application.id",
                "hmrec-mem-bench", "bootstrap.servers", bootstrap,
                "schema.registry.url", registry, "port", "0", "state.dir", stateDir.toString()));
        System.out.printf(Locale.ROOT, "config: %s%n", config.asMap());
        System.out.println("before start: " + figures(null, stateDir, stagePid));
        System.out.println("purchases  elapsed_s  events/s  VmRSS_GiB  VmHWM_GiB  heap_used_GiB  heap_committed_GiB  "
                + "old_gen_after_gc_GiB  rocks_memtables_MiB  rocks_table_readers_MiB  rocks_block_cache_MiB  state_disk_GiB  load1  stage_RSS_GiB");
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (maxMinutes * 60e9);
        try (StreamsApp app = StreamsApp.start(config, StreamsApp.lightGbmRanker(config.rec()));
             Admin admin = BenchSupport.admin(bootstrap)) {
            long nextCheckpoint = Math.min(every, total);
            long done = 0;
            long lastPrint = t0;
            while (true) {
                Thread.sleep(1000);
                done = committedPurchases(admin, config.applicationId());
                long now = System.nanoTime();
                boolean checkpoint = done >= nextCheckpoint;
                boolean timeUp = now > deadline;
                boolean finished = done >= total;
                // between checkpoints, one line a minute shows that the run is alive and how fast it goes
                if (checkpoint || timeUp || finished || now - lastPrint > 60e9) {
                    System.out.println(row(app, done, (now - t0) / 1e9, stateDir, stagePid) + (checkpoint ? "" : "  (progress)"));
                    lastPrint = now;
                    while (nextCheckpoint <= done) {
                        nextCheckpoint = Math.min(nextCheckpoint + every, Math.max(total, nextCheckpoint + 1));
                    }
                }
                if (finished || timeUp) {
                    break;
                }
            }
            System.out.printf(Locale.ROOT, "%s after %.0f s: %,d of %,d purchases processed%n",
                    done >= total ? "finished" : "stopped at --max-minutes", (System.nanoTime() - t0) / 1e9, done, total);
            if (awaitDrain && done >= total) {
                awaitDrain(app, deadline);
                System.out.println("after the drain: " + figures(app, stateDir, stagePid));
            }
            // live heap after a full collection: how much of the heap the state really needs
            System.gc();
            Thread.sleep(2000);
            System.out.println("after System.gc(): " + figures(app, stateDir, stagePid));
        }
        System.out.println("after close: " + figures(null, stateDir, stagePid));
    }

    /** Follows the markers left by the catch-up until none is left or the deadline passes. */
    private static void awaitDrain(StreamsApp app, long deadline) throws InterruptedException {
        long start = System.nanoTime();
        long first = pendingMarkers(app);
        System.out.printf(Locale.ROOT, "drain: %,d customers waiting for their list after the last purchase%n", first);
        long pending = first;
        while (pending > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10_000);
            pending = pendingMarkers(app);
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "  %6.0f s  %,9d waiting  %,7.0f lists/s so far  load %.2f%n", s, pending,
                    (first - pending) / s, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, pending == 0 ? "drain: %,d lists in %.0f s, %,.0f lists/s%n"
                : "drain: stopped at --max-minutes after %2$.0f s, %4$,d of %1$,d still waiting (%3$,.0f lists/s)%n",
                first, s, (first - pending) / s, pending);
    }

    /** Customers marked for a list, over this instance's customer tasks (all of them: one instance). */
    private static long pendingMarkers(StreamsApp app) {
        ReadOnlyKeyValueStore<String, byte[]> refresh = app.streams().store(StoreQueryParameters.fromNameAndType(
                StoreNames.REFRESH, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        long n = 0;
        try (KeyValueIterator<String, byte[]> it = refresh.range(CustomerPurchaseProcessor.DIRTY_PREFIX,
                CustomerPurchaseProcessor.DIRTY_END)) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    private static String row(StreamsApp app, long done, double seconds, Path stateDir, long stagePid) throws IOException {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Map<String, Double> rocks = rocksMetrics(app);
        return String.format(Locale.ROOT, "%,10d  %9.0f  %8.0f  %9.2f  %9.2f  %13.2f  %18.2f  %20.2f  %19.1f  %23.1f  %21.1f  %14.3f  %5.2f  %13.2f",
                done, seconds, done / seconds, status("VmRSS:") / (double) GIB, status("VmHWM:") / (double) GIB,
                heap.getUsed() / (double) GIB, heap.getCommitted() / (double) GIB, oldGenAfterGc() / (double) GIB,
                rocks.get("memtables") / (1 << 20),
                rocks.get("readers") / (1 << 20), rocks.get("cache") / (1 << 20), treeBytes(stateDir) / (double) GIB,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                statusOf(Path.of("/proc", Long.toString(stagePid), "status"), "VmRSS:") / (double) GIB);
    }

    private static String figures(StreamsApp app, Path stateDir, long stagePid) throws IOException {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        String s = String.format(Locale.ROOT, "VmRSS %.2f GiB, VmHWM %.2f GiB, heap used %.2f GiB of %.2f committed, "
                        + "state on disk %.3f GiB, load %.2f, stage RSS %.2f GiB",
                status("VmRSS:") / (double) GIB, status("VmHWM:") / (double) GIB, heap.getUsed() / (double) GIB,
                heap.getCommitted() / (double) GIB, treeBytes(stateDir) / (double) GIB,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                statusOf(Path.of("/proc", Long.toString(stagePid), "status"), "VmRSS:") / (double) GIB);
        if (app != null) {
            Map<String, Double> rocks = rocksMetrics(app);
            s += String.format(Locale.ROOT, ", rocksdb memtables %.1f MiB, table readers %.1f MiB, block cache %.1f MiB",
                    rocks.get("memtables") / (1 << 20), rocks.get("readers") / (1 << 20), rocks.get("cache") / (1 << 20));
        }
        return s;
    }

    /**
     * Old generation occupancy right after the last collection that covered it: the nearest cheap figure to the live
     * heap (heap used also counts garbage not yet collected); 0 before the first such collection.
     */
    private static long oldGenAfterGc() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getCollectionUsage();
            if (after != null && pool.getName().contains("Old Gen")) {
                sum += after.getUsed();
            }
        }
        return sum;
    }

    /**
     * RocksDB's own accounting, from the Streams state metrics: memtables and table readers summed over the stores;
     * the block cache is one cache shared by every store (BoundedMemoryRocksDbConfig), so each store reports the
     * same figure and the largest is taken.
     */
    private static Map<String, Double> rocksMetrics(StreamsApp app) {
        double memtables = 0;
        double readers = 0;
        double cache = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : app.streams().metrics().entrySet()) {
            if (!e.getKey().group().equals("stream-state-metrics") || !(e.getValue().metricValue() instanceof Number n)) {
                continue;
            }
            switch (e.getKey().name()) {
                case "size-all-mem-tables" -> memtables += n.doubleValue();
                case "estimate-table-readers-mem" -> readers += n.doubleValue();
                case "block-cache-usage" -> cache = Math.max(cache, n.doubleValue());
                default -> { }
            }
        }
        return Map.of("memtables", memtables, "readers", readers, "cache", cache);
    }

    /** Purchases the application has consumed and committed: the sum of its committed offsets on the input topic. */
    private static long committedPurchases(Admin admin, String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long sum = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
            if (e.getKey().topic().equals(Topics.TRANSACTIONS) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    /**
     * The {@code --stage} process: embedded broker and registry, hmrec's topics and schemas, then articles, customers
     * and purchases published by the product's loader. Prints {@code READY <bootstrap> <registry>} and serves until
     * its stdin closes.
     */
    private static void stage(Path data) throws Exception {
        try (TestServices services = TestServices.start(TestServices.Mode.EMBEDDED)) {
            String bootstrap = services.bootstrapServers();
            Topics topics = new Topics(AvroSerdes.connect(SchemaRegistryConfig.of(services.registryUrl())));
            try (Admin admin = BenchSupport.admin(bootstrap)) {
                List<Topic<?, ?>> all = new ArrayList<>(topics.all());
                all.addAll(topics.topologyInternal());
                Topics.createMissing(admin, all, (short) 1, Duration.ofSeconds(30));
            }
            topics.registerSchemas();
            long t0 = System.nanoTime();
            LoaderConfig config = new LoaderConfig(data, bootstrap, services.registryUrl(), false, 0, 0, null, null,
                    LoaderConfig.DEFAULT_CHECKPOINT_EVERY, false);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KaggleLoader.producerProperties(bootstrap));
                 KafkaPublishedLog log = new KafkaPublishedLog(bootstrap, Topics.TRANSACTIONS, Topics.DLQ_TRANSACTIONS)) {
                KaggleLoader.Outcome outcome = new KaggleLoader(config, topics, producer, log, System.out).run();
                System.out.printf(Locale.ROOT, "published in %.0f s: %d purchases, %d dead-lettered%n",
                        (System.nanoTime() - t0) / 1e9, outcome.published(), outcome.deadLettered());
            }
            System.out.println("READY " + bootstrap + " " + services.registryUrl());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the measuring process closes our stdin
            }
        }
    }

    private static Process startStage(Path data) throws IOException {
        // the stage holds the broker's page cache and the loader's batches, nothing of the measured state
        List<String> cmd = BenchSupport.javaCommand(List.of("-Xmx2g"), StateMemoryBenchmark.class,
                List.of("--stage", "--data", data.toString()));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Writes the header and the first {@code max} rows of the transactions file, links articles and customers. */
    private static long firstPurchases(Path data, Path out, long max) throws IOException {
        Files.createDirectories(out);
        for (String f : List.of(KaggleFiles.ARTICLES, KaggleFiles.CUSTOMERS)) {
            Path src = data.resolve(f);
            if (!Files.exists(src)) {
                throw new IllegalArgumentException(src + " is missing: the benchmark loads every article and customer first");
            }
            Files.createSymbolicLink(out.resolve(f), src.toAbsolutePath());
        }
        Path tx = data.resolve(KaggleFiles.TRANSACTIONS);
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(tx, StandardCharsets.UTF_8);
             BufferedWriter w = Files.newBufferedWriter(out.resolve(KaggleFiles.TRANSACTIONS), StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new IllegalArgumentException(tx + " is empty");
            }
            w.write(header);
            w.newLine();
            for (String line = r.readLine(); line != null && n < max; line = r.readLine()) {
                w.write(line);
                w.newLine();
                n++;
            }
        }
        return n;
    }

    private static long status(String key) throws IOException {
        return statusOf(Path.of("/proc/self/status"), key);
    }

    /** A {@code kB} line of a /proc status file, in bytes; 0 when the process is gone. */
    private static long statusOf(Path file, String key) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).replace("kB", "").trim()) * 1024;
            }
        }
        throw new IllegalStateException(key + " not found in " + file);
    }

    private static long treeBytes(Path dir) throws IOException {
        for (int attempt = 0; ; attempt++) {
            if (!Files.exists(dir)) {
                return 0;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile).mapToLong(p -> {
                    try {
                        return Files.size(p);
                    } catch (IOException gone) {
                        return 0; // a file removed by compaction while we walked
                    }
                }).sum();
            } catch (java.io.UncheckedIOException gone) {
                // a file or directory removed by compaction or a commit while we walked: walk again
                if (attempt == 4) {
                    throw gone;
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        Set<String> flags = Set.of("stage", "await-drain");
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
            String key = args[i].substring(2);
            if (flags.contains(key)) {
                m.put(key, "true");
            } else if (i + 1 < args.length) {
                m.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
        }
        return m;
    }

    private static String require(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("--" + key + " DIR is required");
        }
        return v;
    }
}
