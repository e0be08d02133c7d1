package io.hmrec.cli;

import io.hmrec.cli.backtest.Backtest;
import io.hmrec.cli.backtest.BacktestConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hmrec submit}: a Kaggle submission — 12 articles for every customer as of the data's last day — through
 * the same replay, models and ranker as the backtest.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Write submission.csv (customer_id,prediction) for every customer as of the data's last day.")
public final class SubmitCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Kaggle-layout directory.")
    Path data;

    @Option(names = "--out", defaultValue = "submission.csv", paramLabel = "FILE",
            description = "Submission file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--models", split = ",", paramLabel = "NAME",
            description = "With --embeddings: neural models whose first feeds the embedding source and feature (default: none).")
    List<String> models = List.of("none");

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N", description = "Neural epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--ranker-weeks", defaultValue = "30", paramLabel = "N",
            description = "Weeks that train the ranker; 0 = blend only (default: ${DEFAULT-VALUE}).")
    int rankerWeeks;

    @Option(names = "--embeddings", description = "Fit the neural models at every weekly cut (slow).")
    boolean embeddings;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        Path abs = out.toAbsolutePath();
        Path work = abs.getParent().resolve(abs.getFileName() + ".work");
        BacktestConfig cfg = BacktestCommand.config(data, 1, work, models, epochs, rankerWeeks, embeddings, 365, seed);
        Backtest.Result r = new Backtest(cfg, System.out).submit(abs);
        System.out.printf(Locale.ROOT, "wrote %s (%d customers, %s) in %.0f s%n", abs, r.folds().get(0).predicted(),
                r.folds().get(0).predictionMethod(), r.seconds());
        return 0;
    }
}
