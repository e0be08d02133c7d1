package io.hmrec.cli;

import io.hmrec.cli.backtest.Backtest;
import io.hmrec.cli.backtest.BacktestConfig;
import io.hmrec.cli.backtest.ModelSuite;
import io.hmrec.cli.backtest.report.ReportWriter;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.ranker.RankerSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hmrec backtest}: weekly folds through the real topology and core code; per-fold Kaggle-format predictions,
 * MAP@12 / precision@12 / recall@12 per source, model, blend and ranker, candidate recall, and an HTML report.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Backtest on weekly folds ending at the data's last day: predictions per fold, MAP@12 per model, "
                + "report.html.")
public final class BacktestCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Kaggle-layout directory (transactions_train.csv required; articles.csv, customers.csv optional).")
    Path data;

    @Option(names = "--folds", defaultValue = "8", paramLabel = "N", description = "Weekly folds (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--out", defaultValue = "backtest-out", paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--models", split = ",", paramLabel = "NAME",
            description = "Standalone models to fit and score: popularity, trending, item-cf, customer-cf, lightgcn, dot-cf, "
                    + "or 'none' (default: all). With --embeddings the first neural one also feeds the embedding source and feature.")
    List<String> models = new ArrayList<>(BacktestConfig.DEFAULT_MODELS);

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N",
            description = "Epochs of the neural models (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--ranker-weeks", defaultValue = "30", paramLabel = "N",
            description = "Weeks before each fold that train its ranker; 0 = no ranker (default: ${DEFAULT-VALUE}).")
    int rankerWeeks;

    @Option(names = "--embeddings", description = "Fit the neural models at every weekly cut so the first one feeds the "
            + "candidate pools and the ranker's embedding score, as online; slow (default: neural models only scored alone).")
    boolean embeddings;

    @Option(names = "--state", defaultValue = "topology", paramLabel = "topology|memory",
            description = "Replay into the real topology (TopologyTestDriver) or core's in-memory state built by the same "
                    + "updaters, for large data (default: ${DEFAULT-VALUE}).")
    String state;

    @Option(names = "--train-days", defaultValue = "365", paramLabel = "DAYS",
            description = "Days of history the models train on before each cut (default: ${DEFAULT-VALUE}).")
    int trainDays;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every model and the ranker (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ranker", split = ",", paramLabel = "KEY=VALUE",
            description = "LightGBM settings: iterations, learningRate, numLeaves, minDataInLeaf, featureFraction, "
                    + "baggingFraction, maxNegativesPerQuery (e.g. --ranker iterations=100,numLeaves=15).")
    List<String> rankerOverrides = new ArrayList<>();

    @Override
    public Integer call() {
        PrintStream log = System.out;
        BacktestConfig cfg = config(data, folds, out, models, epochs, rankerWeeks, embeddings, trainDays, seed);
        cfg = withRanker(cfg, rankerOverrides);
        if (!state.equals("topology") && !state.equals("memory")) {
            throw new IllegalArgumentException("--state must be topology or memory, got '" + state + "'");
        }
        cfg = cfg.withInMemoryState(state.equals("memory"));
        Backtest.Result r = new Backtest(cfg, log).run();
        ReportWriter.write(r, out);
        log.println();
        log.print(ReportWriter.table(r));
        log.printf(Locale.ROOT, "%nbacktest of %d folds in %.0f s; predictions fold_<date>.csv, metrics.json, metrics.csv, "
                + "report.html in %s%n", r.folds().size(), r.seconds(), out.toAbsolutePath());
        return 0;
    }

    static BacktestConfig withRanker(BacktestConfig cfg, List<String> overrides) {
        RankerSettings r = cfg.ranker();
        for (String kv : overrides) {
            String[] p = kv.split("=", 2);
            if (p.length != 2) {
                throw new IllegalArgumentException("--ranker takes KEY=VALUE, got '" + kv + "'");
            }
            double v = Double.parseDouble(p[1]);
            r = switch (p[0]) {
                case "iterations" -> new RankerSettings((int) v, r.learningRate(), r.numLeaves(), r.minDataInLeaf(),
                        r.featureFraction(), r.baggingFraction(), r.maxNegativesPerQuery(), r.seed(), r.numThreads());
                case "learningRate" -> new RankerSettings(r.iterations(), v, r.numLeaves(), r.minDataInLeaf(),
                        r.featureFraction(), r.baggingFraction(), r.maxNegativesPerQuery(), r.seed(), r.numThreads());
                case "numLeaves" -> new RankerSettings(r.iterations(), r.learningRate(), (int) v, r.minDataInLeaf(),
                        r.featureFraction(), r.baggingFraction(), r.maxNegativesPerQuery(), r.seed(), r.numThreads());
                case "minDataInLeaf" -> new RankerSettings(r.iterations(), r.learningRate(), r.numLeaves(), (int) v,
                        r.featureFraction(), r.baggingFraction(), r.maxNegativesPerQuery(), r.seed(), r.numThreads());
                case "featureFraction" -> new RankerSettings(r.iterations(), r.learningRate(), r.numLeaves(),
                        r.minDataInLeaf(), v, r.baggingFraction(), r.maxNegativesPerQuery(), r.seed(), r.numThreads());
                case "baggingFraction" -> new RankerSettings(r.iterations(), r.learningRate(), r.numLeaves(),
                        r.minDataInLeaf(), r.featureFraction(), v, r.maxNegativesPerQuery(), r.seed(), r.numThreads());
                case "maxNegativesPerQuery" -> new RankerSettings(r.iterations(), r.learningRate(), r.numLeaves(),
                        r.minDataInLeaf(), r.featureFraction(), r.baggingFraction(), (int) v, r.seed(), r.numThreads());
                default -> throw new IllegalArgumentException("unknown ranker setting '" + p[0] + "'");
            };
        }
        return new BacktestConfig(cfg.dataDir(), cfg.folds(), cfg.outDir(), cfg.models(), cfg.epochs(), cfg.rankerWeeks(),
                cfg.embeddings(), cfg.trainDays(), cfg.seed(), cfg.rec(), r);
    }

    static BacktestConfig config(Path data, int folds, Path out, List<String> models, int epochs, int rankerWeeks,
                                 boolean embeddings, int trainDays, long seed) {
        List<String> m = models.size() == 1 && models.get(0).equals("none") ? List.of() : models;
        for (String name : m) {
            if (!ModelSuite.ALL.contains(name)) {
                throw new IllegalArgumentException("unknown model '" + name + "'; expected some of " + ModelSuite.ALL + " or none");
            }
        }
        return new BacktestConfig(data, folds, out, m, epochs, rankerWeeks, embeddings, trainDays, seed,
                RecommenderSettings.defaults(), RankerSettings.defaults().withSeed(seed));
    }
}
