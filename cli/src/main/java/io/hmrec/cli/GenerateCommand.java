package io.hmrec.cli;

import io.hmrec.core.synth.GeneratorConfig;
import io.hmrec.core.synth.HmStats;
import io.hmrec.core.synth.MarginalsCheck;
import io.hmrec.core.synth.SyntheticGenerator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hmrec generate}: writes a synthetic H&M dataset in Kaggle's layout, calibrated to the hm-stats tables;
 * {@code hmrec generate check} compares a dataset's marginals with the real ones.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a synthetic dataset in Kaggle's layout (transactions_train.csv, articles.csv, "
                + "customers.csv), deterministic from --seed.",
        subcommands = GenerateCommand.Check.class)
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "demo", paramLabel = "demo|full",
            description = "demo: 10k customers, 3k articles, 200k purchases (seconds); full: the real sizes, 1.37M "
                    + "customers, 105,542 articles, 31.8M purchases (minutes). Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--customers", paramLabel = "N", description = "Override the preset's number of customers.")
    Integer customers;

    @Option(names = "--articles", paramLabel = "N", description = "Override the preset's number of articles.")
    Integer articles;

    @Option(names = "--transactions", paramLabel = "N", description = "Override the preset's number of purchase rows.")
    Long transactions;

    @Option(names = "--seed", defaultValue = "42", description = "Seed; the same seed writes the same bytes "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    // not picocli-required: 'generate check' must parse without it
    @Option(names = "--out", paramLabel = "DIR", description = "Folder to write the three files to (required).")
    Path out;

    @Option(names = "--stats", paramLabel = "DIR", description = "hm-stats folder to calibrate to (default: "
            + "$HMREC_STATS, else ../shared/data/hm-stats when present, else built-in defaults).")
    Path stats;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Override
    public Integer call() {
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required: the folder to write the three files to");
        }
        GeneratorConfig config = GeneratorConfig.preset(preset, seed, statsDir(stats))
                .withSizes(customers, articles, transactions);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "generating %,d customers, %,d articles, %,d purchases (seed %d, statistics: %s) into %s%n",
                config.customers(), config.articles(), config.transactions(), config.seed(),
                config.statsDir() == null ? "built-in defaults" : config.statsDir(), out);
        w.flush();
        long started = System.nanoTime();
        SyntheticGenerator generator = new SyntheticGenerator(config);
        SyntheticGenerator.Result result;
        if (noProgress) {
            result = generator.generate(out, null);
        } else {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("generate").setInitialMax(HmStats.DAYS)
                    .setUnit(" days", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
                result = generator.generate(out, (day, days, rows) -> {
                    bar.stepTo(day + 1);
                    bar.setExtraMessage(String.format(Locale.ROOT, "%,d rows", rows));
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        w.printf(Locale.ROOT, "wrote %,d purchases, %,d customers, %,d articles (%,d products) to %s in %.1f s%n",
                result.transactions(), result.customers(), result.articles(), result.products(), result.dir(), seconds);
        return 0;
    }

    /** The explicit folder, else $HMREC_STATS, else ../shared/data/hm-stats when it exists, else null (defaults). */
    static Path statsDir(Path explicit) {
        if (explicit != null) {
            if (!Files.isDirectory(explicit)) {
                throw new IllegalArgumentException("--stats " + explicit + " is not a folder; expected the hm-stats "
                        + "CSVs (transaction_daily_metrics.csv, product_group_metrics.csv, ...)");
            }
            return explicit;
        }
        String env = System.getenv("HMREC_STATS");
        for (Path candidate : env == null ? List.of(Path.of("..", "shared", "data", "hm-stats"))
                : List.of(Path.of(env), Path.of("..", "shared", "data", "hm-stats"))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** {@code hmrec generate check}: generated vs real marginals, side by side. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Print a dataset's marginals beside the real statistics, with the accepted interval of "
                    + "each; exits 1 when a checked figure is off.")
    public static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "Kaggle-layout folder to check.")
        Path data;

        @Option(names = "--stats", paramLabel = "DIR", description = "hm-stats folder (default as for generate).")
        Path stats;

        @Override
        public Integer call() {
            if (!MarginalsCheck.hasData(data)) {
                throw new IllegalArgumentException(data + " lacks transactions_train.csv, articles.csv or "
                        + "customers.csv; expected a folder written by 'hmrec generate' or the Kaggle download");
            }
            HmStats real = HmStats.load(statsDir(stats));
            List<MarginalsCheck.Metric> metrics = MarginalsCheck.run(data, real);
            PrintWriter w = spec.commandLine().getOut();
            w.print(MarginalsCheck.format(metrics, data.toString(), real.source()));
            long off = metrics.stream().filter(m -> !m.ok()).count();
            w.println(off == 0 ? "all checked figures within their intervals" : off + " checked figure(s) off");
            w.flush();
            return off == 0 ? 0 : HmrecCli.EXIT_FAILURE;
        }
    }
}
