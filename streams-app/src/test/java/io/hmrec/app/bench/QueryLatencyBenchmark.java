package io.hmrec.app.bench;

import io.hmrec.app.StreamsApp;
import io.hmrec.app.query.OwnerConnections;
import io.hmrec.app.query.QueryHttpServer;
import io.hmrec.app.store.RankerFactory;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.PurchaseEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;

/**
 * HTTP query latency of {@code GET /customers/{id}/recommendations} at a fixed open-loop rate (default 2,000/s for
 * 10 s) against instance A of a two-instance group: once for customers A owns (local reads), once for customers B
 * owns (A forwards once to B). Latency is measured from each request's scheduled time, so queueing counts. Goals:
 * p99 ≤ 5 ms local, ≤ 15 ms forwarded.
 *
 * <p>The instances run in JVMs of their own, as deployed ({@link InstanceProcess}); {@code in-process} runs them in
 * the benchmark's JVM beside the broker and the load generator, as sessions 2 to 4 measured. Ownership is read from
 * A's answers ({@code X-Hmrec-Answered-By}), so both modes classify customers the same way.
 *
 * <p>Both paths are first warmed at the measured rate for {@code warmUpSeconds} (default 30). With instances in their
 * own JVMs, the JIT compilers' and the collector's CPU in each instance during each measured phase is printed too:
 * compilations still running in the measured seconds mean the warm-up was short. Sessions 4 to 10 warmed for half
 * the measured seconds (5 s): in session 11 instance A's compilers then still used 2.1–2.3 s of CPU in the 10 s
 * local phase and both instances' 5.6–6.9 s in the forwarded one, local p99 was 195 / 274 ms and forwarding
 * saturated at 1,105 / 1,278 req/s; after 30 s, 0.3–0.6 s and 0.5–0.9 s, local p99 37 / 40 ms, and forwarding kept
 * 2,000 req/s.
 *
 * <p>Usage: {@code QueryLatencyBenchmark [requestsPerSecond=2000] [seconds=10] [history=100000] [jvms|in-process]
 * [warmUpSeconds]}
 */
public final class QueryLatencyBenchmark {
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long historySize = args.length > 2 ? Long.parseLong(args[2]) : 100_000;
        String mode = args.length > 3 ? args[3] : "jvms";
        if (!mode.equals("jvms") && !mode.equals("in-process")) {
            throw new IllegalArgumentException("mode must be jvms or in-process, got " + mode);
        }
        int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        if (warmUp < 1) {
            throw new IllegalArgumentException("warmUpSeconds must be >= 1, got " + warmUp);
        }
        String appId = "bench-query-" + System.nanoTime();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1).build();
        try (BenchStack stack = new BenchStack(historySize, 20_000, 5_000)) {
            List<AutoCloseable> instances = new ArrayList<>();
            try {
                int portA;
                if (mode.equals("jvms")) {
                    InstanceProcess a = InstanceProcess.start(stack.config(appId));
                    instances.add(a);
                    InstanceProcess b = InstanceProcess.start(stack.config(appId));
                    instances.add(b);
                    a.awaitRunning(client, Duration.ofMinutes(2));
                    b.awaitRunning(client, Duration.ofMinutes(2));
                    portA = a.port();
                } else {
                    StreamsApp a = StreamsApp.start(stack.config(appId), RankerFactory.NONE);
                    instances.add(a);
                    StreamsApp b = StreamsApp.start(stack.config(appId), RankerFactory.NONE);
                    instances.add(b);
                    while (a.streams().state() != KafkaStreams.State.RUNNING
                            || b.streams().state() != KafkaStreams.State.RUNNING) {
                        Thread.sleep(100);
                    }
                    portA = a.port();
                }
                measure(stack, appId, client, portA, rate, seconds, warmUp, mode, instances);
            } finally {
                for (int i = instances.size() - 1; i >= 0; i--) {
                    instances.get(i).close();
                }
            }
        }
    }

    private static void measure(BenchStack stack, String appId, HttpClient client, int portA, int rate, int seconds,
                                int warmUp, String mode, List<AutoCloseable> instances) throws Exception {
        BenchSupport.awaitCaughtUp(stack.admin, appId, Set.of(Topics.TRANSACTIONS), Duration.ofMinutes(10),
                3 * Topics.CUSTOMER_PARTITIONS);
        // and the replay's lists are out (a catch-up emits them after its input is committed)
        BenchSupport.awaitListsFor(stack.services.bootstrapServers(), stack.topics, stack.history,
                Duration.ofMinutes(10));
        Set<String> customers = new LinkedHashSet<>();
        for (PurchaseEvent e : stack.history) {
            customers.add(e.getCustomerId());
        }
        List<String> local = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        String self = "localhost:" + portA;
        for (String c : customers) {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://" + self + "/customers/" + c
                    + "/recommendations")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            String owner = r.headers().firstValue(QueryHttpServer.ANSWERED_BY).orElseThrow(() ->
                    new IllegalStateException("no " + QueryHttpServer.ANSWERED_BY + " header; status " + r.statusCode()));
            (owner.equals(self) ? local : remote).add(c);
        }
        System.out.printf("history of %d purchases; %d customers owned by A, %d by B; instances: %s%n",
                stack.history.size(), local.size(), remote.size(),
                mode.equals("jvms") ? "own JVMs (" + System.getProperty("bench.instance.jvm", InstanceProcess.DEFAULT_JVM)
                        + ")" : "in the benchmark's JVM");
        // both paths warmed at the measured rate first: with a short warm-up the JIT was still compiling the query
        // and forwarding paths during the measurement (2 s: p50 swung from 19 ms to 1.3 s; 5 s: see the class doc)
        run("warm-up", client, portA, local, rate, warmUp);
        run("warm-up", client, portA, remote, Math.max(1, rate / 2), warmUp);
        double[][] before = jitAndGc(instances);
        double[] cpuBefore = cpu(instances);
        run("local", client, portA, local, rate, seconds);
        double[][] mid = jitAndGc(instances);
        double[] cpuMid = cpu(instances);
        run("forwarded", client, portA, remote, rate, seconds);
        double[][] after = jitAndGc(instances);
        double[] cpuAfter = cpu(instances);
        if (mode.equals("jvms")) {
            // CPU per request varies far less from run to run than the tail on these shared cores: compare builds by
            // it too (this JVM: the broker and the load generator)
            long requests = (long) rate * seconds;
            System.out.printf("CPU per request (A, B, this JVM): %.0f / %.0f / %.0f µs local, %.0f / %.0f / %.0f µs"
                            + " forwarded%n",
                    (cpuMid[0] - cpuBefore[0]) * 1e6 / requests, (cpuMid[1] - cpuBefore[1]) * 1e6 / requests,
                    (cpuMid[2] - cpuBefore[2]) * 1e6 / requests, (cpuAfter[0] - cpuMid[0]) * 1e6 / requests,
                    (cpuAfter[1] - cpuMid[1]) * 1e6 / requests, (cpuAfter[2] - cpuMid[2]) * 1e6 / requests);
            System.out.printf("instance CPU in the measured phases (A, B): JIT %.2f / %.2f s local, %.2f / %.2f s forwarded;"
                            + " GC %.2f / %.2f s local, %.2f / %.2f s forwarded%n",
                    mid[0][0] - before[0][0], mid[1][0] - before[1][0], after[0][0] - mid[0][0], after[1][0] - mid[1][0],
                    mid[0][1] - before[0][1], mid[1][1] - before[1][1], after[0][1] - mid[0][1], after[1][1] - mid[1][1]);
        }
    }

    /** Each own-JVM instance's CPU seconds so far (zero for one in this JVM), then this JVM's. */
    private static double[] cpu(List<AutoCloseable> instances) throws java.io.IOException {
        double[] out = new double[instances.size() + 1];
        for (int i = 0; i < instances.size(); i++) {
            out[i] = instances.get(i) instanceof InstanceProcess p ? p.cpuSeconds() : 0;
        }
        out[instances.size()] = BenchSupport.cpuTicks(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat")))
                / 100.0;
        return out;
    }

    /** Each own-JVM instance's JIT and GC seconds so far; zeros for instances in this JVM. */
    private static double[][] jitAndGc(List<AutoCloseable> instances) {
        double[][] out = new double[instances.size()][];
        for (int i = 0; i < instances.size(); i++) {
            out[i] = instances.get(i) instanceof InstanceProcess p ? p.jitAndGcSeconds() : new double[2];
        }
        return out;
    }

    private static void run(String label, HttpClient client, int port, List<String> ids, int rate, int seconds)
            throws Exception {
        int total = rate * seconds;
        double[] latencies = new double[total];
        AtomicInteger errors = new AtomicInteger();
        // open loop over a bounded pool of keep-alive connections: each request is due at i / rate and its latency
        // counts from then, so a slow server shows up as queueing instead of as a slower request rate
        // requests go out over the product's own blocking HTTP/1.1 connections: java.net.http's client used about
        // 390 µs of CPU per request here, as much as the instance answering it, and on 2 cores a load generator that
        // busy puts its own queueing into the tail it measures
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(64);
        OwnerConnections connections = new OwnerConnections(Duration.ofSeconds(5), 64);
        org.apache.kafka.streams.state.HostInfo instance = new org.apache.kafka.streams.state.HostInfo("localhost", port);
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < total; i++) {
            int slot = i;
            long due = start + (long) (i * 1e9 / rate);
            String path = "/customers/" + ids.get(i % ids.size()) + "/recommendations";
            pool.schedule(() -> {
                try {
                    OwnerConnections.Response resp = connections.get(instance, path, java.util.Map.of());
                    if (resp.status() != 200) {
                        errors.incrementAndGet();
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    latencies[slot] = (System.nanoTime() - due) / 1e6;
                    done.countDown();
                }
            }, due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        done.await(seconds + 60L, TimeUnit.SECONDS);
        double achieved = total / ((System.nanoTime() - start) / 1e9);
        pool.shutdownNow();
        connections.close();
        if (!label.equals("warm-up")) {
            System.out.printf("%-9s: %d requests at %.0f/s, %d errors: p50 %.2f ms, p99 %.2f ms, max %.1f ms%n", label,
                    total, achieved, errors.get(), BenchSupport.percentile(latencies, 50),
                    BenchSupport.percentile(latencies, 99), BenchSupport.percentile(latencies, 100));
            printHandlerTimes(client, port);
        }
    }

    /**
     * A's own handler time for the route (its Prometheus timer, a window of about the last two minutes, so the
     * warm-up at the same rate is in it): set against the client's figures it tells time in the handler from time
     * queued, on the wire, in the client or in a pause.
     */
    private static void printHandlerTimes(HttpClient client, int port) throws Exception {
        String body = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        StringBuilder out = new StringBuilder();
        for (String line : body.split("\n")) {
            if (line.startsWith("hmrec_http_requests_seconds{") && line.contains("route=\"customers/recommendations\"")
                    && line.contains("status=\"200\"") && line.contains("quantile=")) {
                String q = line.substring(line.indexOf("quantile=\"") + 10, line.indexOf('"', line.indexOf("quantile=\"") + 10));
                double ms = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) * 1000;
                out.append(String.format(" p%s %.2f ms", q.equals("0.5") ? "50" : q.equals("0.99") ? "99" : q, ms));
            }
        }
        System.out.println("           A's handler (last ~2 min, warm-up included):" + out);
    }
}
