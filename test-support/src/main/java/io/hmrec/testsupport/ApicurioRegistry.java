package io.hmrec.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Apicurio Registry 2.6.13 (in-memory storage) in a child JVM, speaking Confluent's Schema Registry API at
 * {@link #ccompatUrl()}. The server zip comes from the local Maven repository (the test-support module depends on
 * it, so Maven has fetched it) and is unpacked once into {@code ~/.cache/hmrec/apicurio-2.6.13.Final}. Global
 * compatibility is set to BACKWARD before {@link #start} returns. The process is killed on {@link #close()} and,
 * should the JVM die first, by a shutdown hook.
 */
public final class ApicurioRegistry implements AutoCloseable {
    public static final String VERSION = "2.6.13.Final";
    private static final String ZIP_PATH = "io/apicurio/apicurio-registry-app/" + VERSION
            + "/apicurio-registry-app-" + VERSION + "-all.zip";
    private static final String RUNNER_JAR = "apicurio-registry-app-" + VERSION + "-runner.jar";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;
    private final Path logFile;
    private final long launchedNanos;
    private final Thread shutdownHook;
    private volatile Duration startupTime;

    private ApicurioRegistry(Process process, int port, Path logFile, long launchedNanos) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.launchedNanos = launchedNanos;
        this.shutdownHook = new Thread(process::destroyForcibly, "apicurio-registry-killer-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Launches the registry on a free port and waits until it is ready. */
    public static ApicurioRegistry start() {
        ApicurioRegistry registry = launch(0);
        try {
            registry.awaitReady();
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /**
     * Launches the registry process without waiting, so a caller can start other services meanwhile; call
     * {@link #awaitReady()} before use.
     *
     * @param port HTTP port on 127.0.0.1; 0 picks a free one
     */
    public static ApicurioRegistry launch(int port) {
        Path home = unpackedDistribution();
        int chosen = port != 0 ? port : freePort();
        Path logFile;
        try {
            Files.createDirectories(home.resolveSibling("logs"));
            logFile = home.resolveSibling("logs").resolve("apicurio-" + chosen + ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Apicurio log directory next to " + home, e);
        }
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1", // a short-lived test server: fast startup beats peak throughput
                "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + chosen,
                "-Dquarkus.log.level=WARN",
                "-Dquarkus.log.category.\"io.quarkus\".level=INFO",
                "-jar", home.resolve(RUNNER_JAR).toString()));
        long launched = System.nanoTime();
        try {
            Process process = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            return new ApicurioRegistry(process, chosen, logFile, launched);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch Apicurio Registry (" + String.join(" ", command) + ")", e);
        }
    }

    /** Blocks until the registry answers ready, then sets global compatibility to BACKWARD. */
    public void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                        + " before becoming ready; log " + logFile + ":\n" + logTail());
            }
            if (answers(http, "/health/ready")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Apicurio Registry not ready on port " + port + " after "
                        + READY_TIMEOUT.toSeconds() + " s; log " + logFile + ":\n" + logTail());
            }
            sleep(100);
        }
        setGlobalBackward(http);
        startupTime = Duration.ofNanos(System.nanoTime() - launchedNanos);
    }

    /** Base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:40123/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    /** Launch-to-ready wall time; null until {@link #awaitReady()} returned. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Whether the process is alive and answers its readiness check. */
    public boolean isHealthy() {
        return process.isAlive()
                && answers(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(), "/health/ready");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to: nothing left to unregister
        }
    }

    private boolean answers(HttpClient http, String path) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
        }
    }

    private void setGlobalBackward(HttpClient http) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ccompatUrl() + "/config"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Apicurio Registry refused global compatibility BACKWARD: HTTP "
                        + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set global compatibility on Apicurio Registry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring Apicurio Registry", e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The local Maven repository: {@code -Dmaven.repo.local} if set, else {@code ~/.m2/repository}. */
    static Path localMavenRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        return Paths.get(System.getProperty("user.home"), ".m2", "repository");
    }

    /** Unpacks the distribution once (atomically, so concurrent test JVMs never see half a directory). */
    static Path unpackedDistribution() {
        Path home = Paths.get(System.getProperty("user.home"), ".cache", "hmrec", "apicurio-" + VERSION);
        if (Files.isRegularFile(home.resolve(RUNNER_JAR))) {
            return home;
        }
        Path zip = localMavenRepository().resolve(ZIP_PATH);
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Apicurio Registry distribution not found at " + zip
                    + "; build with ./mvnw (the hmrec-test-support module depends on it, so Maven downloads it)");
        }
        try {
            Files.createDirectories(home.getParent());
            Path staging = Files.createTempDirectory(home.getParent(), "apicurio-unpack-");
            unzip(zip, staging);
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                deleteRecursively(staging); // another JVM finished first
            } catch (IOException e) {
                if (!Files.isRegularFile(home.resolve(RUNNER_JAR))) {
                    throw e;
                }
                deleteRecursively(staging);
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip + " into " + home, e);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(entries, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port for Apicurio Registry", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
        }
    }
}
