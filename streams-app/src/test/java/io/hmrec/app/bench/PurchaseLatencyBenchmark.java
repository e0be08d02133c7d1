package io.hmrec.app.bench;

import io.hmrec.app.StreamsApp;
import io.hmrec.app.store.RankerFactory;
import io.hmrec.core.model.Days;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.avro.RecommendationList;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Purchase → new list on hm.recommendations.v1: after replaying a history, purchases are produced at a fixed rate
 * (default 2,000/s for 20 s) and each is matched with the first "purchase"-triggered list of its customer that
 * reflects it, read with read_committed (so the exactly-once commit interval is part of the figure). Prints
 * p50/p99/max. Goal p99 ≤ 300 ms.
 *
 * <p>Matching is exact: every purchase sent carries its own event timestamp (the day's first millisecond plus a
 * sequence number, so its event day is unchanged), and a list carries the timestamp of the latest purchase it was
 * computed from; a list answers every waiting purchase of its customer stamped at or before it.
 *
 * <p>Traffic ({@code single} or {@code baskets}): {@code single} sends history rows one by one and gives no customer
 * a second purchase while one is waiting (rows of waiting customers are skipped), so every purchase costs a list of
 * its own: the worst case, what sessions 2 to 11 measured. {@code baskets} sends the history's customer-days whole,
 * rows back to back at the same per-purchase pace, as a checkout publishes them: the real data has 3.55 rows per
 * customer-day and 92% of its rows in baskets of two or more (hm-real-sample), and coalesced emission answers a basket
 * with one list.
 *
 * <p>The instance runs in a JVM of its own, as deployed ({@link InstanceProcess}); {@code in-process} runs it in the
 * benchmark's JVM beside the broker, the sender and the reader, as sessions 2 to 4 measured.
 *
 * <p>Warm-up: before the measured seconds, purchases go out the same way for {@code warmUpSeconds} and their
 * latencies are dropped. The history replay runs in catch-up mode, which emits no list per purchase, so without
 * it the live emission path is first run, and compiled, inside the measured window: on 2 cores the JIT's compiler
 * threads then hold much of a core for tens of seconds (session 11). The latencies are also printed per 5 s of
 * send time, so a tail that comes from the start of the window shows as such. {@code warmUpSeconds = 0} measures
 * from a cold live path, as sessions 2 to 10 did.
 *
 * <p>Where a wait goes: each list carries its {@code generated_at} (the instance's wall clock, same machine), so a
 * latency splits into send → list computed (the broker, the stream thread's queue, the emit interval) and computed
 * → read (the commit that publishes it, the reader's poll); the slowest 1% are also shown by when they were sent, in
 * 200 ms bins, so stalls (a few dense bins) can be matched against GC or JIT logs decorated with the time. The
 * instance's /metrics is scraped every {@value #SCRAPE_SECONDS} s throughout, as a Prometheus would.
 *
 * <p>Usage: {@code PurchaseLatencyBenchmark [eventsPerSecond=2000] [seconds=20] [history=100000] [jvm|in-process]
 * [warmUpSeconds=20] [single|baskets]}
 */
public final class PurchaseLatencyBenchmark {
    private static final long WINDOW_NANOS = 5_000_000_000L;
    private static final int SCRAPE_SECONDS = 5;

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long historySize = args.length > 2 ? Long.parseLong(args[2]) : 100_000;
        String mode = args.length > 3 ? args[3] : "jvm";
        int warmUpSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        String traffic = args.length > 5 ? args[5] : "single";
        if (!traffic.equals("single") && !traffic.equals("baskets")) {
            throw new IllegalArgumentException("traffic must be single or baskets, got " + traffic);
        }
        if (!mode.equals("jvm") && !mode.equals("in-process")) {
            throw new IllegalArgumentException("mode must be jvm or in-process, got " + mode);
        }
        if (warmUpSeconds < 0) {
            throw new IllegalArgumentException("warmUpSeconds must be >= 0, got " + warmUpSeconds);
        }
        String appId = "bench-latency-" + System.nanoTime();
        try (BenchStack stack = new BenchStack(historySize, 20_000, 5_000);
             AutoCloseable app = mode.equals("jvm") ? InstanceProcess.start(stack.config(appId))
                     : StreamsApp.start(stack.config(appId), RankerFactory.NONE)) {
            if (app instanceof InstanceProcess p) {
                p.awaitRunning(java.net.http.HttpClient.newHttpClient(), Duration.ofMinutes(2));
            }
            BenchSupport.awaitCaughtUp(stack.admin, appId, Set.of(Topics.TRANSACTIONS),
                    Duration.ofMinutes(10), 3 * Topics.CUSTOMER_PARTITIONS);
            // the replay's lists (a catch-up emits them after its input is committed) are out before timing starts
            BenchSupport.awaitListsFor(stack.services.bootstrapServers(), stack.topics, stack.history,
                    Duration.ofMinutes(10));
            System.out.printf("history of %d purchases replayed; instance: %s%n", stack.history.size(),
                    mode.equals("jvm") ? "own JVM (" + System.getProperty("bench.instance.jvm", InstanceProcess.DEFAULT_JVM)
                            + ")" : "in the benchmark's JVM");

            Map<String, ArrayDeque<long[]>> sent = new ConcurrentHashMap<>();
            List<double[]> latencies = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            // lists by trigger: lists the purchases did not ask for (refresh passes, trending shifts, model
            // releases) take the same stream thread, so they say what else ran in a window
            Map<String, Integer> triggers = new ConcurrentHashMap<>();
            Thread reader = new Thread(() -> read(stack, sent, latencies, triggers, stop), "latency-reader");
            reader.start();
            Thread.sleep(2000); // the reader has its assignment and end offsets before the first send

            List<PurchaseEvent> h = stack.history;
            LocalDate day = h.get(h.size() - 1).getTDat().plusDays(1);
            try (KafkaProducer<String, PurchaseEvent> producer = BenchSupport.producer(stack.services.bootstrapServers(), stack.topics)) {
                Sender sender = new Sender(producer, h, sent, Days.toEpochMillis(Days.of(day)), day,
                        traffic.equals("baskets"));
                System.out.printf("traffic: %s%n", sender.describe());
                // a scraper as a Prometheus would run one: the phase boundaries read the same /metrics, and its first
                // scrapes ran cold code in both JVMs right where the measured phase began (session 14: ~290 JIT
                // compilations in the instance within a second, the C2 thread busy for seconds after)
                java.util.concurrent.ScheduledExecutorService scraper =
                        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                            Thread t = new Thread(r, "scraper");
                            t.setDaemon(true); // a failed run must still end: shutdownNow is only on the normal path
                            return t;
                        });
                if (app instanceof InstanceProcess p) {
                    scraper.scheduleAtFixedRate(() -> {
                        try {
                            p.metrics(COUNTERS);
                        } catch (Exception e) {
                            System.out.println("scrape failed: " + e);
                        }
                    }, 0, SCRAPE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                    System.out.printf("instance /metrics scraped every %d s throughout%n", SCRAPE_SECONDS);
                }
                if (warmUpSeconds > 0) {
                    Sent w = sender.send(rate, warmUpSeconds, "warm");
                    awaitMatched(latencies, w.count());
                    double[] warm = latencyValues(latencies, Long.MIN_VALUE);
                    System.out.printf("warm-up: %d purchases at %d/s, matched %d to lists, p50 %.1f ms, p99 %.1f ms (dropped)%n",
                            w.count(), rate, warm.length, BenchSupport.percentile(warm, 50),
                            BenchSupport.percentile(warm, 99));
                    synchronized (latencies) {
                        latencies.clear();
                    }
                    System.out.printf("warm-up lists by trigger: %s%n", new java.util.TreeMap<>(triggers));
                    triggers.clear();
                }
                double[] before = app instanceof InstanceProcess p ? cpu(p) : null;
                Map<String, Double> countersBefore = app instanceof InstanceProcess p ? p.metrics(COUNTERS) : null;
                Sent m = sender.send(rate, seconds, "lat");
                awaitMatched(latencies, m.count());
                if (app instanceof InstanceProcess p) {
                    // CPU per purchase says how much headroom the instance has at this rate, with less noise than
                    // the latency of a nearly saturated one
                    double[] after = cpu(p);
                    // without the compilers and the collector: the JIT's CPU in the measured phase was 1.1-3.0 s across
                    // four runs at 1,000/s (session 12), 55-150 µs per purchase, more than a code change usually saves
                    double cpu = after[0] - before[0];
                    double jit = after[1] - before[1];
                    double gc = after[2] - before[2];
                    System.out.printf("instance CPU over the measured phase: %.2f s, %.0f µs per purchase (JIT %.2f s,"
                                    + " GC %.2f s; without them %.0f µs per purchase)%n", cpu, cpu * 1e6 / m.count(),
                            jit, gc, (cpu - jit - gc) * 1e6 / m.count());
                    printCommits(countersBefore, p.metrics(COUNTERS), seconds);
                }
                scraper.shutdownNow();
                stop.set(true);
                reader.join();
                double[] v = latencyValues(latencies, Long.MIN_VALUE);
                System.out.printf("measured-phase lists by trigger: %s%n", new java.util.TreeMap<>(triggers));
                System.out.printf("sent %d purchases at %d/s (%d history rows skipped: customer still waiting); matched %d"
                        + " purchases to lists%n", m.count(), rate, m.skipped(), v.length);
                for (long w = m.start(); w < m.start() + seconds * 1_000_000_000L; w += WINDOW_NANOS) {
                    double[] part = latencyValues(latencies, w);
                    System.out.printf("  sent %2d-%2d s: %d purchases, p50 %.1f ms, p99 %.1f ms%n", (w - m.start()) / 1_000_000_000L,
                            (w - m.start() + WINDOW_NANOS) / 1_000_000_000L, part.length,
                            BenchSupport.percentile(part, 50), BenchSupport.percentile(part, 99));
                }
                printSplit(latencies);
                System.out.printf("purchase -> list latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms (goal p99 <= 300 ms)%n",
                        BenchSupport.percentile(v, 50), BenchSupport.percentile(v, 99), BenchSupport.percentile(v, 100));
            }
        }
    }

    /** The stream thread's and its producer's running totals that say where a purchase's wait goes. */
    private static final Set<String> COUNTERS = Set.of("kafka_stream_thread_commit_total",
            "kafka_stream_thread_poll_total", "kafka_stream_thread_punctuate_total", "kafka_producer_flush_time_ns_total",
            "kafka_producer_txn_send_offsets_time_ns_total", "kafka_producer_txn_commit_time_ns_total");

    /**
     * How often the instance committed in the measured phase and what a commit cost its stream thread: under
     * exactly-once a list is visible only after the commit that follows its emission, so the commit period and
     * its duration are a floor under every latency.
     */
    private static void printCommits(Map<String, Double> before, Map<String, Double> after, int seconds) {
        Map<String, Double> d = new java.util.TreeMap<>();
        after.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0.0)));
        double commits = d.getOrDefault("kafka_stream_thread_commit_total", 0.0);
        if (commits == 0) {
            System.out.println("instance: no commits in the measured phase (or no metrics)");
            return;
        }
        System.out.printf("instance stream thread over the measured phase: %.0f commits (one per %.1f ms), per commit"
                        + " flush %.1f ms + send offsets %.1f ms + commit %.1f ms; %.0f polls, %.0f punctuations%n",
                commits, seconds * 1000.0 / commits,
                d.getOrDefault("kafka_producer_flush_time_ns_total", 0.0) / 1e6 / commits,
                d.getOrDefault("kafka_producer_txn_send_offsets_time_ns_total", 0.0) / 1e6 / commits,
                d.getOrDefault("kafka_producer_txn_commit_time_ns_total", 0.0) / 1e6 / commits,
                d.getOrDefault("kafka_stream_thread_poll_total", 0.0),
                d.getOrDefault("kafka_stream_thread_punctuate_total", 0.0));
    }

    /** The instance's CPU, JIT and GC seconds so far. */
    private static double[] cpu(InstanceProcess p) {
        double[] jitGc = p.jitAndGcSeconds();
        return new double[] {p.cpuSeconds(), jitGc[0], jitGc[1]};
    }

    /** What one sending phase did: purchases sent, history rows skipped, and when it began (nanoTime). */
    private record Sent(int count, int skipped, long start) {}

    /**
     * Sends purchases of history customers at a fixed rate: one at a time with at most one in flight per customer
     * ({@code single}), or whole customer-days back to back ({@code baskets}). Each purchase is stamped with its own
     * event timestamp and remembered as {timestamp, send nanoTime} under its customer.
     */
    private static final class Sender {
        /** How far back in the history purchases are drawn from. */
        private static final int WINDOW = 50_000;

        private final KafkaProducer<String, PurchaseEvent> producer;
        private final List<PurchaseEvent> history;
        private final Map<String, ArrayDeque<long[]>> sent;
        private final long dayStart;
        private final LocalDate day;
        /** The last WINDOW history rows as customer-days, in order of their first row; null: single traffic. */
        private final List<List<PurchaseEvent>> baskets;
        private int next;
        /** Sequence of the last purchase sent: its timestamp is dayStart + seq (within the day for 86M purchases). */
        private long seq;

        Sender(KafkaProducer<String, PurchaseEvent> producer, List<PurchaseEvent> history,
               Map<String, ArrayDeque<long[]>> sent, long dayStart, LocalDate day, boolean baskets) {
            this.producer = producer;
            this.history = history;
            this.sent = sent;
            this.dayStart = dayStart;
            this.day = day;
            this.baskets = baskets ? baskets(history.subList(Math.max(0, history.size() - WINDOW), history.size())) : null;
        }

        /** Rows grouped by customer and day, in order of each group's first row (rows keep their order). */
        static List<List<PurchaseEvent>> baskets(List<PurchaseEvent> rows) {
            Map<String, List<PurchaseEvent>> byCustomerDay = new java.util.LinkedHashMap<>();
            for (PurchaseEvent e : rows) {
                byCustomerDay.computeIfAbsent(e.getCustomerId() + "/" + e.getTDat(), k -> new ArrayList<>()).add(e);
            }
            return new ArrayList<>(byCustomerDay.values());
        }

        String describe() {
            if (baskets == null) {
                return "single (one purchase in flight per customer, a list each)";
            }
            int rows = baskets.stream().mapToInt(List::size).sum();
            return String.format("baskets (%d customer-days of the last %d history rows, %.2f rows each, sent whole)",
                    baskets.size(), rows, rows / (double) baskets.size());
        }

        Sent send(int rate, int seconds, String idPrefix) {
            int total = rate * seconds;
            long start = System.nanoTime();
            int skipped = 0;
            List<PurchaseEvent> basket = List.of();
            int inBasket = 0;
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                // parked, not spun: a spinning sender held one of the machine's two cores for the whole run,
                // and the stream thread, the broker and the reader shared the other
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                PurchaseEvent src;
                if (baskets != null) {
                    if (inBasket == basket.size()) {
                        basket = baskets.get(baskets.size() - 1 - (next++ % baskets.size()));
                        inBasket = 0;
                    }
                    src = basket.get(inBasket++);
                    remember(src.getCustomerId(), false);
                } else {
                    // a customer with a purchase still waiting for its list gets no second one, so that every
                    // purchase costs a list of its own (coalesced emission answers two in flight with one)
                    src = null;
                    int window = Math.min(history.size(), WINDOW);
                    for (int tries = 0; tries < window; tries++) {
                        PurchaseEvent candidate = history.get(history.size() - 1 - (next++ % window));
                        if (remember(candidate.getCustomerId(), true)) {
                            src = candidate;
                            break;
                        }
                        skipped++;
                    }
                    if (src == null) {
                        System.out.printf("every customer of the last %d history rows is still waiting for a list after"
                                + " %d sends: the topology falls behind at %d/s%n", window, i, rate);
                        return new Sent(i, skipped, start);
                    }
                }
                PurchaseEvent e = PurchaseEvent.newBuilder(src).setEventId(idPrefix + "-" + i).setTDat(day).build();
                producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, null, dayStart + seq, e.getCustomerId(), e));
            }
            producer.flush();
            return new Sent(total, skipped, start);
        }

        /**
         * Takes the next sequence number and remembers the purchase about to be sent under its customer; with
         * {@code onlyIfIdle}, only when none of the customer's purchases is waiting (else false, nothing taken).
         */
        private boolean remember(String customer, boolean onlyIfIdle) {
            ArrayDeque<long[]> q = sent.computeIfAbsent(customer, k -> new ArrayDeque<>());
            synchronized (q) {
                if (onlyIfIdle && !q.isEmpty()) {
                    return false;
                }
                q.add(new long[] {dayStart + ++seq, System.nanoTime(), System.currentTimeMillis()});
                return true;
            }
        }
    }

    /** Waits up to 30 s until {@code count} lists are matched. */
    private static void awaitMatched(List<double[]> latencies, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (latencies) {
                if (latencies.size() >= count) {
                    return;
                }
            }
            Thread.sleep(100);
        }
    }

    /**
     * Where the waits went: the part until the instance computed the list (its generated_at, wall clock) and the part
     * after it, for all purchases and for the slowest 1%, so a tail from processing (a backlog, a stall of the stream
     * thread) shows apart from one from the commit that publishes the list.
     */
    private static void printSplit(List<double[]> latencies) {
        List<double[]> all;
        synchronized (latencies) {
            all = new ArrayList<>(latencies);
        }
        if (all.isEmpty()) {
            return;
        }
        all.sort(java.util.Comparator.comparingDouble(l -> l[1]));
        List<double[]> tail = all.subList(all.size() - Math.max(1, all.size() / 100), all.size());
        double[] before = all.stream().mapToDouble(l -> l[2]).toArray();
        double[] after = all.stream().mapToDouble(l -> l[3]).toArray();
        System.out.printf("split: send -> list computed p50 %.1f ms, p99 %.1f ms; computed -> read p50 %.1f ms, p99 %.1f ms;"
                        + " slowest 1%% (%d, from %.1f ms): mean %.1f ms before the list, %.1f ms after it%n",
                BenchSupport.percentile(before, 50), BenchSupport.percentile(before, 99),
                BenchSupport.percentile(after, 50), BenchSupport.percentile(after, 99), tail.size(), tail.get(0)[1],
                tail.stream().mapToDouble(l -> l[2]).average().orElse(0),
                tail.stream().mapToDouble(l -> l[3]).average().orElse(0));
        // when the slowest were sent, in 200 ms bins by wall clock: a few dense bins are stalls (to match against
        // GC logs decorated with the time), many sparse ones are queueing
        java.util.TreeMap<Long, List<double[]>> bins = new java.util.TreeMap<>();
        for (double[] l : tail) {
            bins.computeIfAbsent((long) l[4] / 200 * 200, k -> new ArrayList<>()).add(l);
        }
        java.time.format.DateTimeFormatter hms = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
                .withZone(java.time.ZoneOffset.UTC);
        StringBuilder b = new StringBuilder("slowest 1% by send time (UTC bin: count, max ms, mean ms before the list):");
        bins.forEach((bin, ls) -> b.append(String.format(" %s: %d, %.0f, %.0f;", hms.format(java.time.Instant.ofEpochMilli(bin)),
                ls.size(), ls.stream().mapToDouble(l -> l[1]).max().orElse(0),
                ls.stream().mapToDouble(l -> l[2]).average().orElse(0))));
        System.out.println(b);
    }

    /** Latencies (ms) of the purchases sent in the 5 s window from {@code windowStart}; all of them for MIN_VALUE. */
    private static double[] latencyValues(List<double[]> latencies, long windowStart) {
        synchronized (latencies) {
            return latencies.stream()
                    .filter(l -> windowStart == Long.MIN_VALUE
                            || (l[0] >= windowStart && l[0] < windowStart + WINDOW_NANOS))
                    .mapToDouble(l -> l[1]).toArray();
        }
    }

    private static void read(BenchStack stack, Map<String, ArrayDeque<long[]>> sent, List<double[]> out,
                             Map<String, Integer> triggers, AtomicBoolean stop) {
        try (KafkaConsumer<String, RecommendationList> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.services.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                stack.topics.recommendations().valueSerde().deserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < Topics.CUSTOMER_PARTITIONS; p++) {
                parts.add(new TopicPartition(Topics.RECOMMENDATIONS, p));
            }
            c.assign(parts);
            c.seekToEnd(parts);
            parts.forEach(c::position);
            while (!stop.get()) {
                for (ConsumerRecord<String, RecommendationList> r : c.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    triggers.merge(r.value().getTrigger(), 1, Integer::sum);
                    if (!"purchase".equals(r.value().getTrigger())) {
                        continue;
                    }
                    ArrayDeque<long[]> q = sent.get(r.key());
                    if (q == null) {
                        continue;
                    }
                    // the list reflects every purchase of its customer stamped up to its own timestamp
                    synchronized (q) {
                        while (!q.isEmpty() && q.peek()[0] <= r.timestamp()) {
                            long[] p = q.poll();
                            long t = p[1];
                            // generated_at is the instance's wall clock when it computed the list (same machine):
                            // the wait splits into before the list (queues, emit interval, processing) and after
                            // it (the commit that makes it visible, the reader's poll)
                            double toList = r.value().getGeneratedAt().toEpochMilli() - p[2];
                            double total = (now - t) / 1e6;
                            synchronized (out) {
                                out.add(new double[] {t, total, toList, total - toList, p[2]});
                            }
                        }
                    }
                }
            }
        }
    }
}
