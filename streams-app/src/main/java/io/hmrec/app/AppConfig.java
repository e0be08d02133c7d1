package io.hmrec.app;

import io.hmrec.core.rec.RecommenderSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The one configuration of a streams-app process, parsed once and passed through constructors.
 *
 * <p>Sources, later ones winning: a properties file ({@code --config FILE}), environment variables
 * {@code HMREC_APP_<KEY>} (key upper-cased, dots and dashes as underscores), command-line flags
 * {@code --key value} or {@code --key=value} (dots or dashes). Unknown keys are errors, from every source.
 *
 * @param applicationId          Kafka Streams application.id (also the prefix of repartition/changelog topics)
 * @param bootstrapServers       Kafka bootstrap servers
 * @param schemaRegistryUrl      Confluent-compatible registry base URL
 * @param stateDir               directory of the RocksDB state
 * @param port                   HTTP port of the interactive-query server (0 = pick a free one)
 * @param advertisedHost         host name other instances use to reach this one (application.server)
 * @param streamThreads          stream threads, ≥ 1
 * @param standbyReplicas        standby replicas per task, ≥ 0
 * @param replicationFactor      replication factor of internal topics, ≥ 1
 * @param sessionTimeoutMs       consumer session timeout; lowered in tests so restarts rebalance quickly
 * @param commitIntervalMs       commit interval (also bounds end-to-end latency under exactly-once)
 * @param emitIntervalMs         wall-clock interval at which customers who bought get their new list (one per
 *                               customer per interval, so a basket costs one list); 0 = a list per purchase
 * @param exactlyOnce            exactly_once_v2 when true (the product setting), at_least_once otherwise
 * @param persistentStores       RocksDB stores ("state.store=rocksdb", the product setting) or in-memory ones
 *                               ("memory": TopologyTestDriver tests, where a RocksDB flush per record dominates)
 * @param cacheMaxBytes          record cache for all threads, bytes
 * @param rocksBlockCacheBytes   RocksDB block cache shared by every store of the process, bytes
 * @param rocksWriteBufferBytes  RocksDB memtable budget shared by every store (counted against the cache), bytes
 * @param maxBuyersPerArticle    recent buyers kept per article
 * @param activeCustomerDays     customers who bought within this many days of stream time are refreshed on a model
 *                               release or trending shift
 * @param trendingShiftMinChanges the global trending top-12 must change by at least this many articles to count as
 *                               a shift
 * @param refreshBatchSize       customers refreshed per punctuation of a refresh pass
 * @param refreshIntervalMs      wall-clock interval of refresh and publish punctuations
 * @param forwardTimeoutMs       timeout of one forwarded interactive query, ms
 * @param catchUpRecords         a customer task this many input records behind its partitions' ends is catching up
 *                               (a replay of history, a restart after downtime): it keeps the graph, popularity and
 *                               co-purchase state current but defers lists, negatives and refresh passes until it is
 *                               within half of this, then emits one list per customer who bought meanwhile; 0 = never
 * @param rec                    the recommendation settings shared with the backtest (bounds of edges, neighbours,
 *                               popularity lists and negatives, half-lives, negative seed): the topology's state
 *                               updaters read them from here, so stream and backtest build the same state
 */
public record AppConfig(String applicationId, String bootstrapServers, String schemaRegistryUrl, Path stateDir,
                        int port, String advertisedHost, int streamThreads, int standbyReplicas, int replicationFactor,
                        int sessionTimeoutMs, long commitIntervalMs, long emitIntervalMs, boolean exactlyOnce,
                        boolean persistentStores,
                        long cacheMaxBytes,
                        long rocksBlockCacheBytes, long rocksWriteBufferBytes, int maxBuyersPerArticle,
                        int activeCustomerDays, int trendingShiftMinChanges, int refreshBatchSize,
                        long refreshIntervalMs, long forwardTimeoutMs, long catchUpRecords,
                        RecommenderSettings rec) {

    /** Keys and defaults, in documentation order. */
    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("application.id", "hmrec-streams");
        d.put("bootstrap.servers", "localhost:9092");
        d.put("schema.registry.url", "http://localhost:8081/apis/ccompat/v7");
        d.put("state.dir", System.getProperty("java.io.tmpdir") + "/hmrec-streams");
        d.put("port", "8080");
        d.put("advertised.host", "localhost");
        d.put("stream.threads", "1");
        d.put("standby.replicas", "0");
        d.put("replication.factor", "1");
        d.put("session.timeout.ms", "45000");
        d.put("commit.interval.ms", "100");
        // a quarter of the commit interval: a list waits for the next commit anyway, and a basket's purchases arrive
        // back to back, so a shorter wait before computing it cuts latency without splitting baskets
        d.put("emit.interval.ms", "25");
        d.put("exactly.once", "true");
        d.put("state.store", "rocksdb");
        d.put("cache.max.bytes", String.valueOf(32L << 20));
        d.put("rocksdb.block.cache.bytes", String.valueOf(256L << 20));
        d.put("rocksdb.write.buffer.bytes", String.valueOf(64L << 20));
        d.put("buyers.per.article", "50");
        d.put("active.customer.days", "28");
        d.put("trending.shift.min.changes", "3");
        d.put("refresh.batch.size", "500");
        d.put("refresh.interval.ms", "200");
        d.put("forward.timeout.ms", "2000");
        d.put("catchup.records", "2000");
        return d;
    }

    public AppConfig {
        requirePositive("stream.threads", streamThreads);
        requireNonNegative("standby.replicas", standbyReplicas);
        requirePositive("replication.factor", replicationFactor);
        requirePositive("session.timeout.ms", sessionTimeoutMs);
        requirePositive("commit.interval.ms", commitIntervalMs);
        requireNonNegative("emit.interval.ms", emitIntervalMs);
        requireNonNegative("port", port);
        requirePositive("buyers.per.article", maxBuyersPerArticle);
        java.util.Objects.requireNonNull(rec, "rec");
        requirePositive("active.customer.days", activeCustomerDays);
        if (trendingShiftMinChanges < 1 || trendingShiftMinChanges > 12) {
            throw new IllegalArgumentException("trending.shift.min.changes must be in 1..12, got " + trendingShiftMinChanges);
        }
        requirePositive("refresh.batch.size", refreshBatchSize);
        requirePositive("refresh.interval.ms", refreshIntervalMs);
        requirePositive("forward.timeout.ms", forwardTimeoutMs);
        requireNonNegative("catchup.records", catchUpRecords);
        if (catchUpRecords > 0 && emitIntervalMs == 0) {
            throw new IllegalArgumentException("catchup.records=" + catchUpRecords + " needs emit.interval.ms > 0 (a"
                    + " catch-up defers lists to the interval's emission); set catchup.records=0 for a list per purchase");
        }
        if (applicationId == null || applicationId.isBlank()) {
            throw new IllegalArgumentException("application.id is empty");
        }
    }

    /** The defaults alone (a local single instance). */
    public static AppConfig defaultsOnly() {
        return fromMap(Map.of());
    }

    /** Keys this config understands, in documentation order. */
    public static List<String> keys() {
        return List.copyOf(DEFAULTS.keySet());
    }

    /**
     * Parses the full precedence chain: {@code --config FILE} (if given among {@code args}) &lt; environment &lt; flags.
     *
     * @throws IllegalArgumentException naming the offending key or value
     */
    public static AppConfig parse(String[] args, Map<String, String> env) {
        Map<String, String> flags = parseFlags(args);
        Map<String, String> merged = new TreeMap<>();
        String file = flags.remove("config");
        if (file != null) {
            merged.putAll(readFile(Path.of(file)));
        }
        merged.putAll(fromEnv(env));
        merged.putAll(flags);
        return fromMap(merged);
    }

    /** Builds a config from explicit keys over the defaults; unknown keys are errors. */
    public static AppConfig fromMap(Map<String, String> overrides) {
        List<String> unknown = new ArrayList<>();
        for (String k : overrides.keySet()) {
            if (!DEFAULTS.containsKey(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown config key(s) " + unknown + "; known keys: " + DEFAULTS.keySet());
        }
        Map<String, String> m = new LinkedHashMap<>(DEFAULTS);
        m.putAll(overrides);
        Values v = new Values(m);
        return new AppConfig(v.str("application.id"), v.str("bootstrap.servers"), v.str("schema.registry.url"),
                Path.of(v.str("state.dir")), v.i("port"), v.str("advertised.host"), v.i("stream.threads"),
                v.i("standby.replicas"), v.i("replication.factor"), v.i("session.timeout.ms"),
                v.l("commit.interval.ms"), v.l("emit.interval.ms"), v.bool("exactly.once"), v.storeType("state.store"), v.l("cache.max.bytes"),
                v.l("rocksdb.block.cache.bytes"), v.l("rocksdb.write.buffer.bytes"), v.i("buyers.per.article"),
                v.i("active.customer.days"), v.i("trending.shift.min.changes"), v.i("refresh.batch.size"),
                v.l("refresh.interval.ms"), v.l("forward.timeout.ms"), v.l("catchup.records"),
                RecommenderSettings.defaults());
    }

    /** A copy with some keys changed (tests and benchmarks derive variants this way); keeps {@link #rec}. */
    public AppConfig with(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(asMap());
        m.putAll(overrides);
        return fromMap(m).withRec(rec);
    }

    /** A copy with other recommendation settings (the backtest passes the settings it evaluates). */
    public AppConfig withRec(RecommenderSettings settings) {
        return new AppConfig(applicationId, bootstrapServers, schemaRegistryUrl, stateDir, port, advertisedHost,
                streamThreads, standbyReplicas, replicationFactor, sessionTimeoutMs, commitIntervalMs, emitIntervalMs,
                exactlyOnce,
                persistentStores, cacheMaxBytes, rocksBlockCacheBytes, rocksWriteBufferBytes, maxBuyersPerArticle, activeCustomerDays,
                trendingShiftMinChanges, refreshBatchSize, refreshIntervalMs, forwardTimeoutMs, catchUpRecords, settings);
    }

    /** This config's keys as strings (round-trips through {@link #fromMap}; {@link #rec} is not a key). */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("application.id", applicationId);
        m.put("bootstrap.servers", bootstrapServers);
        m.put("schema.registry.url", schemaRegistryUrl);
        m.put("state.dir", stateDir.toString());
        m.put("port", String.valueOf(port));
        m.put("advertised.host", advertisedHost);
        m.put("stream.threads", String.valueOf(streamThreads));
        m.put("standby.replicas", String.valueOf(standbyReplicas));
        m.put("replication.factor", String.valueOf(replicationFactor));
        m.put("session.timeout.ms", String.valueOf(sessionTimeoutMs));
        m.put("commit.interval.ms", String.valueOf(commitIntervalMs));
        m.put("emit.interval.ms", String.valueOf(emitIntervalMs));
        m.put("exactly.once", String.valueOf(exactlyOnce));
        m.put("state.store", persistentStores ? "rocksdb" : "memory");
        m.put("cache.max.bytes", String.valueOf(cacheMaxBytes));
        m.put("rocksdb.block.cache.bytes", String.valueOf(rocksBlockCacheBytes));
        m.put("rocksdb.write.buffer.bytes", String.valueOf(rocksWriteBufferBytes));
        m.put("buyers.per.article", String.valueOf(maxBuyersPerArticle));
        m.put("active.customer.days", String.valueOf(activeCustomerDays));
        m.put("trending.shift.min.changes", String.valueOf(trendingShiftMinChanges));
        m.put("refresh.batch.size", String.valueOf(refreshBatchSize));
        m.put("refresh.interval.ms", String.valueOf(refreshIntervalMs));
        m.put("forward.timeout.ms", String.valueOf(forwardTimeoutMs));
        m.put("catchup.records", String.valueOf(catchUpRecords));
        return m;
    }

    /** The host:port other instances forward queries to. */
    public String applicationServer() {
        return advertisedHost + ":" + port;
    }

    /**
     * The Kafka Streams properties of this process: the only place they are derived.
     *
     * <p>The two {@code hmrec.rocksdb.*} entries are read back by {@link io.hmrec.app.store.BoundedMemoryRocksDbConfig}.
     */
    public Properties kafkaProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                exactlyOnce ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        // A stream thread with nothing buffered blocks in poll() for poll.ms (100 ms by default), and wall-clock
        // punctuations wait for it: emissions, drains and refresh passes then ran at most every 100 ms instead of
        // every emit interval. A purchase's list waited up to 100 ms after its record was processed, and a
        // catch-up's drain ran its half-interval slice once per 100 ms (12% of an idle thread instead of 50%).
        if (emitIntervalMs > 0) {
            p.put(StreamsConfig.POLL_MS_CONFIG, emitIntervalMs);
        }
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheMaxBytes);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, io.hmrec.app.store.BoundedMemoryRocksDbConfig.class);
        p.put(io.hmrec.app.store.BoundedMemoryRocksDbConfig.BLOCK_CACHE_BYTES, rocksBlockCacheBytes);
        p.put(io.hmrec.app.store.BoundedMemoryRocksDbConfig.WRITE_BUFFER_BYTES, rocksWriteBufferBytes);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                io.hmrec.app.processor.DeadLetterDeserializationHandler.class);
        p.put(io.hmrec.app.processor.DeadLetterDeserializationHandler.DLQ_BOOTSTRAP, bootstrapServers);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), sessionTimeoutMs);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), Math.max(100, sessionTimeoutMs / 4));
        // a model chunk can be close to 1 MB; let the global consumer fetch it in one go
        p.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 8 << 20);
        return p;
    }

    private static Map<String, String> parseFlags(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'; flags are --key value or --key=value");
            }
            String body = a.substring(2);
            String key;
            String value;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                key = body.substring(0, eq);
                value = body.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("flag --" + body + " needs a value");
                }
                key = body;
                value = args[++i];
            }
            out.put(key.replace('-', '.'), value);
        }
        return out;
    }

    private static Map<String, String> fromEnv(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith("HMREC_APP_")) {
                out.put(e.getKey().substring("HMREC_APP_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue());
            }
        }
        return out;
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            out.put(k.replace('-', '.'), p.getProperty(k).trim());
        }
        return out;
    }

    private static void requirePositive(String key, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + v);
        }
    }

    private static void requireNonNegative(String key, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(key + " must not be negative, got " + v);
        }
    }

    private record Values(Map<String, String> m) {
        String str(String k) {
            return m.get(k);
        }

        int i(String k) {
            try {
                return Integer.parseInt(m.get(k).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(k + " must be an integer, got '" + m.get(k) + "'", e);
            }
        }

        long l(String k) {
            try {
                return Long.parseLong(m.get(k).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(k + " must be an integer, got '" + m.get(k) + "'", e);
            }
        }

        double d(String k) {
            try {
                return Double.parseDouble(m.get(k).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(k + " must be a number, got '" + m.get(k) + "'", e);
            }
        }

        boolean storeType(String k) {
            String s = m.get(k).trim();
            if (!s.equals("rocksdb") && !s.equals("memory")) {
                throw new IllegalArgumentException(k + " must be rocksdb or memory, got '" + m.get(k) + "'");
            }
            return s.equals("rocksdb");
        }

        boolean bool(String k) {
            String s = m.get(k).trim().toLowerCase(Locale.ROOT);
            if (!s.equals("true") && !s.equals("false")) {
                throw new IllegalArgumentException(k + " must be true or false, got '" + m.get(k) + "'");
            }
            return Boolean.parseBoolean(s);
        }
    }
}
