package io.hmrec.cli.stack;

import io.hmrec.app.AppConfig;
import io.hmrec.app.StreamsApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The stack's streams-app: the {@link StreamsApp} (KafkaStreams running the recommender topology + the
 * interactive-query HTTP server) in this JVM, on the stack's broker and registry. Its RocksDB state lives in a fresh
 * temporary directory, deleted on close: the stack's broker is fresh too, so old state would describe other data.
 */
public final class StreamsAppComponent implements StackComponent {
    /** Key under which the query API's base URL is published, e.g. {@code http://localhost:8080}. */
    public static final String QUERY_URL = "query.url";
    /** The stack's application.id (also the consumer group whose lag says whether the topology caught up). */
    public static final String APPLICATION_ID = "hmrec-streams";
    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(120);

    private final int port;
    private StreamsApp app;
    private Path stateDir;

    /** @param port HTTP port of the query API (8080 as in docker-compose); 0 picks a free one */
    public StreamsAppComponent(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
        this.port = port;
    }

    @Override
    public String name() {
        return "streams";
    }

    @Override
    public String start(StackContext context) throws Exception {
        stateDir = Files.createTempDirectory("hmrec-streams-");
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("application.id", APPLICATION_ID);
        keys.put("bootstrap.servers", context.require(StackContext.BOOTSTRAP_SERVERS));
        keys.put("schema.registry.url", context.require(StackContext.SCHEMA_REGISTRY_URL));
        keys.put("state.dir", stateDir.toString());
        keys.put("port", Integer.toString(port));
        // one fresh instance: nothing to wait for in a rebalance, so a short session makes a restart quick
        keys.put("session.timeout.ms", "10000");
        AppConfig config = AppConfig.fromMap(keys);
        try {
            app = StreamsApp.start(config, StreamsApp.lightGbmRanker(config.rec()));
            awaitRunning();
        } catch (Exception e) {
            close();
            throw e;
        }
        String url = "http://localhost:" + app.port();
        context.publish(QUERY_URL, url);
        return "query API " + url + " (application.id " + APPLICATION_ID + ", exactly_once_v2, RocksDB state in "
                + stateDir + "; logs on this console)";
    }

    private void awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + RUNNING_TIMEOUT.toNanos();
        while (app.streams().state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = app.streams().state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                    || state == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException("streams-app stopped while starting: state " + state + " (see the log above)");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("streams-app not RUNNING after " + RUNNING_TIMEOUT.toSeconds()
                        + " s: state " + state);
            }
            Thread.sleep(100);
        }
    }

    /** The running app (its query service and KafkaStreams); null before start and after close. */
    public StreamsApp app() {
        return app;
    }

    @Override
    public Health health() {
        if (app == null) {
            return Health.down("not started");
        }
        KafkaStreams.State state = app.streams().state();
        String detail = state + ", HTTP :" + app.port() + ", model " + modelVersion();
        return state == KafkaStreams.State.RUNNING ? Health.up(detail) : Health.down(detail);
    }

    /** The embedding model the topology scores with now, as its query views see it. */
    public String modelVersion() {
        if (app == null) {
            return "none";
        }
        try {
            return app.queries().views().at(0).embeddings().map(e -> e.modelVersion()).orElse("none yet");
        } catch (RuntimeException notQueryable) { // a store is not queryable while the group rebalances
            return "unknown (" + notQueryable.getClass().getSimpleName() + ")";
        }
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
            app = null;
        }
        if (stateDir != null) {
            deleteTree(stateDir);
            stateDir = null;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot delete the streams state " + dir + ": " + e.getMessage(), e);
        }
    }
}
