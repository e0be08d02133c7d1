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
                    + "or 'none' (default: all). The first neural one also feeds the embedding source and feature.")
    List<String> models = new ArrayList<>(BacktestConfig.DEFAULT_MODELS);

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N",
            description = "Epochs of the neural models (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--ranker-weeks", defaultValue = "8", paramLabel = "N",
            description = "Weeks before each fold that train its ranker; 0 = no ranker (default: ${DEFAULT-VALUE}).")
    int rankerWeeks;

    @Option(names = "--train-days", defaultValue = "365", paramLabel = "DAYS",
            description = "Days of history the models train on before each cut (default: ${DEFAULT-VALUE}).")
    int trainDays;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every model and the ranker (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintStream log = System.out;
        BacktestConfig cfg = config(data, folds, out, models, epochs, rankerWeeks, trainDays, seed);
        Backtest.Result r = new Backtest(cfg, log).run();
        ReportWriter.write(r, out);
        log.println();
        log.print(ReportWriter.table(r));
        log.printf(Locale.ROOT, "%nbacktest of %d folds in %.0f s; predictions fold_<date>.csv, metrics.json, metrics.csv, "
                + "report.html in %s%n", r.folds().size(), r.seconds(), out.toAbsolutePath());
        return 0;
    }

    static BacktestConfig config(Path data, int folds, Path out, List<String> models, int epochs, int rankerWeeks,
                                 int trainDays, long seed) {
        List<String> m = models.size() == 1 && models.get(0).equals("none") ? List.of() : models;
        for (String name : m) {
            if (!ModelSuite.ALL.contains(name)) {
                throw new IllegalArgumentException("unknown model '" + name + "'; expected some of " + ModelSuite.ALL + " or none");
            }
        }
        return new BacktestConfig(data, folds, out, m, epochs, rankerWeeks, trainDays, seed,
                RecommenderSettings.defaults(), RankerSettings.defaults().withSeed(seed));
    }
}
