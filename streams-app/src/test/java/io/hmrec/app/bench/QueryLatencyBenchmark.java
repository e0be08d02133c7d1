package io.hmrec.app.bench;

import io.hmrec.app.StoreNames;
import io.hmrec.app.StreamsApp;
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
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * HTTP query latency of {@code GET /customers/{id}/recommendations} at a fixed open-loop rate (default 2,000/s for
 * 10 s) against instance A of a two-instance group: once for customers A owns (local reads), once for customers B
 * owns (A forwards once to B). Latency is measured from each request's scheduled time, so queueing counts. Goals:
 * p99 ≤ 5 ms local, ≤ 15 ms forwarded.
 *
 * <p>Usage: {@code QueryLatencyBenchmark [requestsPerSecond=2000] [seconds=10] [history=100000]}
 */
public final class QueryLatencyBenchmark {
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long historySize = args.length > 2 ? Long.parseLong(args[2]) : 100_000;
        String appId = "bench-query-" + System.nanoTime();
        try (BenchStack stack = new BenchStack(historySize, 20_000, 5_000);
             StreamsApp a = StreamsApp.start(stack.config(appId), RankerFactory.NONE);
             StreamsApp b = StreamsApp.start(stack.config(appId), RankerFactory.NONE)) {
            BenchSupport.awaitCaughtUp(stack.admin, appId, Set.of(Topics.TRANSACTIONS), Duration.ofMinutes(10),
                    3 * Topics.CUSTOMER_PARTITIONS);
            // and the replay's lists are out (a catch-up emits them after its input is committed)
            BenchSupport.awaitListsFor(stack.services.bootstrapServers(), stack.topics, stack.history,
                    Duration.ofMinutes(10));
            while (a.streams().state() != KafkaStreams.State.RUNNING || b.streams().state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(100);
            }
            Set<String> customers = new LinkedHashSet<>();
            for (PurchaseEvent e : stack.history) {
                customers.add(e.getCustomerId());
            }
            HostInfo hostA = new HostInfo(a.config().advertisedHost(), a.port());
            List<String> local = new ArrayList<>();
            List<String> remote = new ArrayList<>();
            for (String c : customers) {
                HostInfo owner = a.streams().queryMetadataForKey(StoreNames.CUSTOMER_EDGES, c, Serdes.String().serializer()).activeHost();
                (owner.equals(hostA) ? local : remote).add(c);
            }
            System.out.printf("history of %d purchases; %d customers owned by A, %d by B%n", stack.history.size(),
                    local.size(), remote.size());
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                    .version(HttpClient.Version.HTTP_1_1).build();
            // both paths warmed at the measured rate first: with 2 s of local warm-up only, the JIT was still
            // compiling the query and forwarding paths during the measurement and p50 swung from 19 ms to 1.3 s
            int warmUp = Math.max(3, seconds / 2);
            run("warm-up", client, a.port(), local, rate, warmUp);
            run("warm-up", client, a.port(), remote, Math.max(1, rate / 2), warmUp);
            run("local", client, a.port(), local, rate, seconds);
            run("forwarded", client, a.port(), remote, rate, seconds);
        }
    }

    private static void run(String label, HttpClient client, int port, List<String> ids, int rate, int seconds)
            throws Exception {
        int total = rate * seconds;
        double[] latencies = new double[total];
        AtomicInteger errors = new AtomicInteger();
        // open loop over a bounded pool of keep-alive connections: each request is due at i / rate and its latency
        // counts from then, so a slow server shows up as queueing instead of as a slower request rate
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(64);
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < total; i++) {
            int slot = i;
            long due = start + (long) (i * 1e9 / rate);
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/customers/"
                    + ids.get(i % ids.size()) + "/recommendations")).timeout(Duration.ofSeconds(5)).GET().build();
            pool.schedule(() -> {
                try {
                    HttpResponse<Void> resp = client.send(req, HttpResponse.BodyHandlers.discarding());
                    if (resp.statusCode() != 200) {
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
        if (!label.equals("warm-up")) {
            System.out.printf("%-9s: %d requests at %.0f/s, %d errors: p50 %.2f ms, p99 %.2f ms, max %.1f ms%n", label,
                    total, achieved, errors.get(), BenchSupport.percentile(latencies, 50),
                    BenchSupport.percentile(latencies, 99), BenchSupport.percentile(latencies, 100));
        }
    }
}
