package io.hmrec.app;

import io.hmrec.app.query.BlockingHttpServer;
import io.hmrec.app.query.QueryHttpServer;
import io.hmrec.app.query.RecommendationQueryService;
import io.hmrec.app.store.InteractiveStores;
import io.hmrec.app.store.KeyOwners;
import io.hmrec.app.store.RankerFactory;
import io.hmrec.schemas.Topic;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams-app process: creates the topics it needs, registers schemas, runs the {@link RecommenderTopology} in a
 * KafkaStreams (exactly_once_v2 by default) and serves interactive queries over HTTP. Config precedence: file
 * ({@code --config}) &lt; environment ({@code HMREC_APP_*}) &lt; flags; see {@link AppConfig}.
 */
public final class StreamsApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);
    /**
     * How often the tasks' backlog is read from Kafka Streams (catch-up switches at most this late). Each read walks
     * every client metric of the process (thousands): at 500 ms that was 1.3% of the CPU per instance.
     */
    static final Duration BACKLOG_PERIOD = Duration.ofSeconds(1);
    /**
     * How stale the query service's "latest event day" may be. Every query needs it and its read walks every local
     * task's refresh-store (a tenth of the HTTP threads' samples at 2k queries/s, JFR); the day moves once a day live.
     */
    static final Duration LATEST_DAY_TTL = Duration.ofMillis(250);
    /**
     * How long a partition's owner is reused without asking Kafka Streams again. Every state change (a rebalance)
     * drops the answers at once; this bounds a change that no state change announces.
     */
    static final Duration KEY_OWNER_TTL = Duration.ofSeconds(1);
    /** HTTP connections served at once, a thread each; more are answered 503 with Retry-After. */
    static final int HTTP_CONNECTIONS = 256;
    /** How long a kept HTTP connection may stay idle (the JDK server's default too). */
    static final Duration HTTP_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Kept connections to each other instance for forwarded queries: at 2,000 forwards/s answered in about 0.5 ms
     * (p50, session 16) one or two are in use at a time; the rest absorb bursts without opening new ones.
     */
    static final int FORWARDS_PER_OWNER = 16;

    private final AppConfig config;
    private final KafkaStreams streams;
    private final QueryHttpServer http;
    private final PrometheusMeterRegistry metrics;
    private final KafkaStreamsMetrics streamsMetrics;
    private final RecommendationQueryService queries;
    private final AutoCloseable backlogFollower;

    private StreamsApp(AppConfig config, KafkaStreams streams, QueryHttpServer http, PrometheusMeterRegistry metrics,
                       KafkaStreamsMetrics streamsMetrics, RecommendationQueryService queries,
                       AutoCloseable backlogFollower) {
        this.backlogFollower = backlogFollower;
        this.config = config;
        this.streams = streams;
        this.http = http;
        this.metrics = metrics;
        this.streamsMetrics = streamsMetrics;
        this.queries = queries;
    }

    public static void main(String[] args) throws InterruptedException {
        AppConfig config;
        try {
            config = AppConfig.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("streams-app: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        StreamsApp app = start(config, lightGbmRanker(config.rec()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "hmrec-shutdown"));
        stopped.await();
    }

    /**
     * The product's ranker factory: a RANKER_MODEL blob is LightGBM model text (see the ranker module). The features
     * are computed with {@code settings}, the process's recommender settings, as the backtest computes them; the
     * standard features would score this process's candidates with other settings than the model was fitted on.
     */
    public static RankerFactory lightGbmRanker(io.hmrec.core.rec.RecommenderSettings settings) {
        return (version, blob) -> java.util.Optional.of(io.hmrec.ranker.LightGbmRanker.fromRelease(version, blob, settings));
    }

    /**
     * Starts one instance: topics, schemas, HTTP server (port 0 picks a free one, then advertised as
     * application.server), KafkaStreams. Returns once KafkaStreams has been started (not necessarily RUNNING).
     */
    public static StreamsApp start(AppConfig requested, RankerFactory rankerFactory) {
        BlockingHttpServer server;
        try {
            server = new BlockingHttpServer(requested.port(), HTTP_CONNECTIONS, HTTP_IDLE_TIMEOUT, "hmrec-http");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the query port " + requested.port() + ": " + e.getMessage(), e);
        }
        AppConfig config = requested.with(Map.of("port", Integer.toString(server.port())));
        Topics topics = new Topics(AvroSerdes.connect(SchemaRegistryConfig.of(config.schemaRegistryUrl())));
        try {
            prepareTopics(config, topics);
        } catch (RuntimeException e) {
            server.close(); // bound but never started: release the port before reporting the failure
            throw e;
        }
        RecommenderTopology topology = new RecommenderTopology(config, topics, rankerFactory);
        KafkaStreams streams = new KafkaStreams(topology.build(), config.kafkaProperties(), new CommitFlushedClients());
        KeyOwners owners = new KeyOwners(streams, StoreNames.CUSTOMER_EDGES, Topics.CUSTOMER_PARTITIONS,
                KEY_OWNER_TTL.toNanos());
        // a rebalance (RUNNING -> REBALANCING -> RUNNING) may move partitions: owners learned before it are stale
        streams.setStateListener((now, before) -> owners.forget());
        // a failed thread is replaced; under exactly-once its uncommitted work is aborted and redone, so nothing is lost
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics);
        RecommendationQueryService queries = new RecommendationQueryService(new InteractiveStores(streams, owners),
                topology.engine(), topology.models(), System::currentTimeMillis, LATEST_DAY_TTL,
                topology.globalVersions());
        QueryHttpServer http = new QueryHttpServer(server, streams, owners, queries, metrics,
                new HostInfo(config.advertisedHost(), config.port()), Duration.ofMillis(config.forwardTimeoutMs()),
                FORWARDS_PER_OWNER);
        streams.start();
        AutoCloseable backlogFollower = TaskBacklog.follow(streams, topology.backlog(), BACKLOG_PERIOD);
        http.start();
        LOG.info("streams-app {} started: application.server {}", config.applicationId(), config.applicationServer());
        return new StreamsApp(config, streams, http, metrics, streamsMetrics, queries, backlogFollower);
    }

    private static void prepareTopics(AppConfig config, Topics topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            List<Topic<?, ?>> all = new ArrayList<>(topics.all());
            all.addAll(topics.topologyInternal());
            List<String> created = Topics.createMissing(admin, all, (short) config.replicationFactor(), Duration.ofSeconds(30));
            if (!created.isEmpty()) {
                LOG.info("created topics {}", created);
            }
        }
        topics.registerSchemas();
    }

    public AppConfig config() {
        return config;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The HTTP port actually bound. */
    public int port() {
        return http.port();
    }

    public RecommendationQueryService queries() {
        return queries;
    }

    @Override
    public void close() {
        try {
            backlogFollower.close();
        } catch (Exception e) {
            LOG.debug("backlog follower: {}", e.toString());
        }
        http.close();
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
        metrics.close();
    }
}
