package io.hmrec.cli.stack;

import io.hmrec.app.StoreNames;
import io.hmrec.schemas.Topics;
import io.hmrec.trainer.GraphCut;
import io.hmrec.trainer.TrainerConfig;
import io.hmrec.trainer.TrainingJob;
import io.hmrec.trainer.TransactionsReplay;
import io.hmrec.trainer.model.DotProductCfSettings;
import io.hmrec.trainer.model.LightGcnSettings;
import io.hmrec.trainer.release.KafkaReleaseStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack's trainer: a {@link TrainingJob} in this JVM that replays the stack's hm.transactions.v1
 * ({@link TransactionsReplay}), trains LightGCN and the dot-product CF, and releases to hm.model-releases.v1 through
 * a transactional {@link KafkaReleaseStore}, which the topology hot-swaps.
 *
 * <p>Schedule: every {@code min(every, 30 s)} it looks at the topic's end offsets. The first run starts once there
 * are purchases and the topic stopped growing between two looks (a load finished); later runs start when
 * {@code every} has passed since the last one and new purchases arrived. Without a schedule it only trains on
 * {@link #runNow()} (the demo drives it that way).
 */
public final class TrainerComponent implements StackComponent {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerComponent.class);
    /** Transactional id of the stack's release producer: stable, so a restarted stack fences a crashed one. */
    public static final String TRANSACTIONAL_ID = "hmrec-trainer";
    private static final Duration MAX_LOOK_INTERVAL = Duration.ofSeconds(30);

    private final Optional<Duration> every;
    private final Integer epochs;
    private final Path outDir;
    private final boolean showProgress;
    private final Object runLock = new Object();

    private volatile String status = "not started";
    private volatile boolean lastRunFailed;
    private TrainerConfig config;
    private KafkaReleaseStore store;
    private TrainingJob job;
    private Topics topics;
    private String bootstrap;
    private ScheduledExecutorService scheduler;
    private long lastSeenEnd = -1;
    private long endAtLastRun = -1;
    private long lastRunStartedNanos;

    /**
     * @param every        retrain this often once new purchases arrived; empty = only {@link #runNow()}
     * @param epochs       epochs of both models; null = the models' defaults (LightGCN 50, dot-product CF 5)
     * @param outDir       report.json, saved models and checkpoints
     * @param showProgress progress bars on stderr while training
     */
    public TrainerComponent(Optional<Duration> every, Integer epochs, Path outDir, boolean showProgress) {
        every.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("--every must be positive, got " + d);
            }
        });
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
        }
        this.every = every;
        this.epochs = epochs;
        this.outDir = outDir;
        this.showProgress = showProgress;
    }

    @Override
    public String name() {
        return "trainer";
    }

    @Override
    public String start(StackContext context) {
        bootstrap = context.require(StackContext.BOOTSTRAP_SERVERS);
        topics = context.topics();
        LightGcnSettings gcn = LightGcnSettings.defaults().withShowProgress(showProgress);
        DotProductCfSettings cf = DotProductCfSettings.defaults().withShowProgress(showProgress);
        if (epochs != null) {
            gcn = gcn.withEpochs(epochs);
            cf = cf.withEpochs(epochs);
        }
        config = new TrainerConfig(Optional.empty(), Optional.empty(), 84, 7, outDir, List.of("lightgcn", "dot-cf"),
                gcn, cf, 42L, false, every, Optional.of(bootstrap),
                Optional.of(context.require(StackContext.SCHEMA_REGISTRY_URL)), TRANSACTIONAL_ID, 900_000);
        store = new KafkaReleaseStore(bootstrap, topics, TRANSACTIONAL_ID);
        job = new TrainingJob(config, store, Clock.systemUTC());
        status = "idle";
        if (every.isPresent()) {
            Duration look = every.get().compareTo(MAX_LOOK_INTERVAL) < 0 ? every.get() : MAX_LOOK_INTERVAL;
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hmrec-trainer");
                t.setDaemon(true); // a run in progress must not keep the JVM alive after the stack closed
                return t;
            });
            scheduler.scheduleWithFixedDelay(this::look, 0, look.toMillis(), TimeUnit.MILLISECONDS);
            status = "waiting for purchases";
        }
        return "models lightgcn, dot-cf (epochs " + (epochs == null ? "50/5" : epochs) + "), "
                + every.map(d -> "retrain every " + d.toString().substring(2).toLowerCase(Locale.ROOT)
                        + " once new purchases arrived").orElse("on demand")
                + "; releases to " + Topics.MODEL_RELEASES + "; reports in " + outDir;
    }

    /** One scheduled look: trains when the rules in the class comment say so; never throws. */
    private void look() {
        try {
            long end = endOffset();
            boolean stable = end == lastSeenEnd;
            lastSeenEnd = end;
            if (end == 0) {
                status = "waiting for purchases";
                return;
            }
            boolean due = endAtLastRun < 0
                    ? stable
                    : end != endAtLastRun && System.nanoTime() - lastRunStartedNanos >= every.get().toNanos();
            if (due) {
                runNow();
            }
        } catch (RuntimeException e) {
            // the schedule must survive a failed run: the live versions stay, the next look tries again
            LOG.error("trainer run failed; live versions unchanged", e);
        }
    }

    /**
     * Trains both models on the stack's purchases now (the window before the stream's latest day + 1) and releases
     * those that beat the live versions. Blocks; one run at a time.
     */
    public TrainingJob.JobReport runNow() {
        if (job == null) {
            throw new IllegalStateException("trainer is not started");
        }
        synchronized (runLock) {
            lastRunStartedNanos = System.nanoTime();
            String started = LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
            status = "training since " + started;
            try {
                long end = endOffset();
                // the stream's negatives for the dot-product CF, from the stack's own topology
                GraphCut cut = TransactionsReplay.replay(bootstrap, topics, OptionalInt.empty(), config.windowDays(),
                        Optional.of(Topics.storeChangelog(StreamsAppComponent.APPLICATION_ID, StoreNames.NEGATIVES)));
                TrainingJob.JobReport report = job.run(cut);
                endAtLastRun = end;
                lastRunFailed = false;
                status = "last run " + started + " as of " + report.asOf() + ": " + summary(report);
                return report;
            } catch (RuntimeException e) {
                lastRunFailed = true;
                status = "last run " + started + " failed: " + e.getMessage();
                throw e;
            }
        }
    }

    private static String summary(TrainingJob.JobReport r) {
        List<String> parts = new ArrayList<>();
        for (TrainingJob.ModelReport m : r.models()) {
            parts.add(String.format(Locale.ROOT, "%s MAP@12 %.4f %s", m.model(), m.map12(),
                    m.released() ? "released " + m.version() : "kept live"));
        }
        return String.join(", ", parts);
    }

    /** Sum of hm.transactions.v1's end offsets (read_committed): grows exactly when purchases arrive. */
    private long endOffset() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.TRANSACTIONS, Duration.ofSeconds(30))) {
                parts.add(new TopicPartition(info.topic(), info.partition()));
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            return end.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Override
    public Health health() {
        if (job == null) {
            return Health.down("not started");
        }
        return lastRunFailed ? Health.down(status) : Health.up(status);
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                if (!scheduler.awaitTermination(60, TimeUnit.SECONDS)) {
                    LOG.warn("a training run is still going after 60 s; closing its release producer under it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        job = null;
    }
}
