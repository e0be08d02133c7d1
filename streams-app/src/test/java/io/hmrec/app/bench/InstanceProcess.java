package io.hmrec.app.bench;

import io.hmrec.app.AppConfig;
import io.hmrec.app.StreamsApp;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A streams-app instance in a JVM of its own ({@link StreamsApp#main} with the instance's config as flags), as it is
 * deployed: its own heap, collector and compiler threads. In the benchmark's JVM, next to the broker, a second
 * instance and the load generator, young-collection pauses of 17–110 ms over a shared heap set the query tail.
 * JVM options: system property {@code bench.instance.jvm} (default {@value #DEFAULT_JVM}). Integration tests use it
 * too, where an instance must die as a process dies ({@link #kill()}).
 */
public final class InstanceProcess implements AutoCloseable {
    static final String DEFAULT_JVM = "-Xmx2g -XX:+UseTransparentHugePages";

    private final int port;
    private final Process process;
    private final Path log;

    private InstanceProcess(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts an instance of {@code config} on a free HTTP port; its output goes to a temporary log file. */
    public static InstanceProcess start(AppConfig config) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> flags = new ArrayList<>();
        config.with(Map.of("port", Integer.toString(port))).asMap().forEach((k, v) -> {
            flags.add("--" + k);
            flags.add(v);
        });
        List<String> cmd = BenchSupport.javaCommand(
                Arrays.asList(System.getProperty("bench.instance.jvm", DEFAULT_JVM).trim().split("\\s+")),
                StreamsApp.class, flags);
        Path log = Files.createTempFile("bench-instance-", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new InstanceProcess(port, p, log);
    }

    int port() {
        return port;
    }

    /** The instance JVM's CPU so far, all threads, in seconds (Linux; 0 elsewhere). */
    double cpuSeconds() {
        try {
            return BenchSupport.cpuTicks(Files.readString(Path.of("/proc/" + process.pid() + "/stat"))) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The instance JVM's JIT compiler and GC CPU so far, in seconds (Linux; zeros elsewhere). */
    double[] jitAndGcSeconds() {
        Map<String, Long> ticks = BenchSupport.threadTicksByKind(Path.of("/proc/" + process.pid() + "/task"), java.util.Set.of());
        return new double[] {ticks.getOrDefault("jit", 0L) / 100.0, ticks.getOrDefault("gc", 0L) / 100.0};
    }

    /**
     * The instance's Prometheus figures named in {@code names}, each summed over its label sets (one stream thread,
     * one producer per thread); absent names are left out. For the benchmarks' breakdowns of where a phase's time went.
     */
    Map<String, Double> metrics(java.util.Set<String> names) throws IOException, InterruptedException {
        HttpResponse<java.util.stream.Stream<String>> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).timeout(Duration.ofSeconds(10))
                        .GET().build(), HttpResponse.BodyHandlers.ofLines());
        Map<String, Double> sums = new java.util.TreeMap<>();
        try (java.util.stream.Stream<String> lines = r.body()) {
            lines.filter(l -> !l.startsWith("#")).forEach(l -> {
                int brace = l.indexOf('{');
                int space = l.lastIndexOf(' ');
                String name = l.substring(0, brace >= 0 ? brace : space);
                if (names.contains(name)) {
                    sums.merge(name, Double.parseDouble(l.substring(space + 1)), Double::sum);
                }
            });
        }
        return sums;
    }

    /** Waits until {@code /health} answers 200 (KafkaStreams RUNNING); fails with the log's end if the JVM exits. */
    public void awaitRunning(HttpClient client, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("instance on port " + port + " exited with " + process.exitValue()
                        + "; the end of " + log + ":\n" + tail());
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("instance on port " + port + " not RUNNING after " + timeout + "; " + log);
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** SIGKILL: no shutdown hook, no last commit; whatever the instance had not committed is left open. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (the app's shutdown hook closes KafkaStreams), then a kill after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
