package io.hmrec.cli;

import io.hmrec.app.StoreNames;
import io.hmrec.cli.stack.StreamsAppComponent;
import io.hmrec.core.model.Days;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.trainer.GraphCut;
import io.hmrec.trainer.TrainerConfig;
import io.hmrec.trainer.TrainingJob;
import io.hmrec.trainer.TransactionsReplay;
import io.hmrec.trainer.model.DotProductCfSettings;
import io.hmrec.trainer.model.LightGcnSettings;
import io.hmrec.trainer.release.FileReleaseStore;
import io.hmrec.trainer.release.KafkaReleaseStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./hmrec train}: trains LightGCN and the dot-product CF on a cut of the purchase graph, evaluates them on the
 * held-out last week, writes {@code report.json} and releases the better-than-live ones. Offline on Kaggle files
 * ({@code --data --as-of}, releases under {@code OUT/releases}) or against the stack ({@code --bootstrap --registry},
 * optionally {@code --every}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train LightGCN and the dot-product CF, evaluate on the held-out week, release if better.",
                "Offline:  hmrec train --data DIR --as-of 2020-09-16 --out DIR [--models lightgcn,dot-cf] [--epochs N]",
                "On stack: hmrec train --bootstrap HOST:PORT --registry URL --out DIR [--every 6h] [--force]"})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Kaggle-layout directory (transactions_train.csv, articles.csv, customers.csv).")
    Path data;

    @Option(names = "--as-of", paramLabel = "DATE", description = "Use purchases strictly before this day (yyyy-MM-dd). Offline: required; on the stack: default the stream's latest day + 1.")
    LocalDate asOf;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output: report.json, models/, checkpoints/, releases/ (offline), rejects.tsv.")
    Path out;

    @Option(names = "--models", split = ",", defaultValue = "lightgcn,dot-cf", description = "Models to train (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--epochs", description = "Epochs for every model (default: LightGCN 50, dot-cf 5).")
    Integer epochs;

    @Option(names = "--window-days", defaultValue = "84", description = "Days of purchases before --as-of, held-out week included (default: ${DEFAULT-VALUE}).")
    int windowDays;

    @Option(names = "--holdout-days", defaultValue = "7", description = "Most recent days held out for evaluation (default: ${DEFAULT-VALUE}).")
    int holdoutDays;

    @Option(names = "--lightgcn-batch", defaultValue = "65536", description = "LightGCN triples per step; each step propagates the whole graph (default: ${DEFAULT-VALUE}).")
    int lightGcnBatch;

    @Option(names = "--cf-batch", defaultValue = "4096", description = "Dot-product CF samples per step (default: ${DEFAULT-VALUE}).")
    int cfBatch;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--force", description = "Release even when not better than the live version.")
    boolean force;

    @Option(names = "--every", paramLabel = "DURATION", description = "Retrain on this schedule against the stack: 30m, 6h, 1d or ISO-8601 (PT6H).")
    String every;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers: train from hm.transactions.v1 and release to the stack.")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL", description = "Schema registry (Confluent API) URL; required with --bootstrap.")
    String registry;

    @Option(names = "--transactional-id", defaultValue = "hmrec-trainer", description = "Transactional id of the release producer; keep it stable so a restarted trainer aborts a crashed one's release (default: ${DEFAULT-VALUE}).")
    String transactionalId;

    @Option(names = "--streams-app-id", paramLabel = "ID", defaultValue = StreamsAppComponent.APPLICATION_ID,
            description = "application.id of the stack's streams-app: with --bootstrap the trainer reads the stream's "
                    + "negative samples from its negatives store changelog (default: ${DEFAULT-VALUE}).")
    String streamsAppId;

    @Option(names = "--no-progress", description = "No progress bars (logs still report each epoch).")
    boolean noProgress;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: all cores). 1 is faster when the cores are shared with other busy processes.")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            }
            // read once when the PyTorch engine loads, which happens at the first fit below
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        LightGcnSettings gcn = LightGcnSettings.defaults().withBatchSize(lightGcnBatch).withShowProgress(!noProgress);
        DotProductCfSettings cf = DotProductCfSettings.defaults().withBatchSize(cfBatch).withShowProgress(!noProgress);
        if (epochs != null) {
            gcn = gcn.withEpochs(epochs);
            cf = cf.withEpochs(epochs);
        }
        TrainerConfig config = new TrainerConfig(Optional.ofNullable(data), Optional.ofNullable(asOf), windowDays,
                holdoutDays, out, models, gcn, cf, seed, force, Optional.ofNullable(every).map(TrainCommand::duration),
                Optional.ofNullable(bootstrap), Optional.ofNullable(registry), transactionalId, 900_000);
        PrintWriter stdout = spec.commandLine().getOut();
        if (config.dataDir().isPresent()) {
            TrainingJob.JobReport report = new TrainingJob(config, new FileReleaseStore(out.resolve("releases")),
                    Clock.systemUTC()).runOffline();
            print(stdout, report);
            return 0;
        }
        Topics topics = new Topics(AvroSerdes.connect(SchemaRegistryConfig.of(registry)));
        try (KafkaReleaseStore store = new KafkaReleaseStore(bootstrap, topics, transactionalId)) {
            TrainingJob job = new TrainingJob(config, store, Clock.systemUTC());
            OptionalInt cut = asOf == null ? OptionalInt.empty() : OptionalInt.of(Days.of(asOf));
            Optional<String> negatives = Optional.of(Topics.storeChangelog(streamsAppId, StoreNames.NEGATIVES));
            Supplier<GraphCut> source = () -> TransactionsReplay.replay(bootstrap, topics, cut, windowDays, negatives);
            if (config.every().isPresent()) {
                job.schedule(source, config.every().get());
            } else {
                print(stdout, job.run(source.get()));
            }
        }
        return 0;
    }

    private void print(PrintWriter out, TrainingJob.JobReport r) {
        out.printf(Locale.ROOT, "as of %s: %d training purchases, %d held-out buyers, popularity MAP@12 %.5f%n",
                r.asOf(), r.trainPurchases(), r.evalBuyers(), r.popularityMap12());
        for (TrainingJob.ModelReport m : r.models()) {
            out.printf(Locale.ROOT, "%-9s MAP@12 %.5f recall@12 %.5f%s  %d epochs %.1f s on %s — %s%n", m.model(),
                    m.map12(), m.recall12(), m.mae() == null ? "" : String.format(Locale.ROOT,
                            " MAE %.4f RMSE %.4f", m.mae(), m.rmse()), m.epochs(), m.seconds(), m.device(), m.decision());
        }
        out.println("report: " + this.out.resolve("report.json"));
        out.flush();
    }

    /** 30m, 6h, 1d, 90s or ISO-8601 (PT6H, P1D). */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--every '" + text + "' is not a duration: use 30m, 6h, 1d or PT6H");
        }
    }
}
