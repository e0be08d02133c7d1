package io.hmrec.core.synth;

import java.nio.file.Path;
import java.util.Locale;

/**
 * What to generate. Sizes are exact: the files have exactly {@code customers} customer rows, {@code articles} article
 * rows and {@code transactions} transaction rows over the {@link HmStats#DAYS} days 2018-09-20..2020-09-22.
 *
 * @param customers    number of customers, ≥ 1
 * @param articles     number of articles, ≥ 1
 * @param transactions number of transaction rows, ≥ 0
 * @param seed         all randomness derives from it: same config, same bytes
 * @param statsDir     hm-stats folder to calibrate to, or null for the built-in defaults
 */
public record GeneratorConfig(int customers, int articles, long transactions, long seed, Path statsDir) {
    public GeneratorConfig {
        if (customers < 1) {
            throw new IllegalArgumentException("customers must be >= 1, got " + customers);
        }
        if (articles < 1) {
            throw new IllegalArgumentException("articles must be >= 1, got " + articles);
        }
        if (transactions < 0) {
            throw new IllegalArgumentException("transactions must be >= 0, got " + transactions);
        }
    }

    /** About 10k customers and 200k purchases: the demo's default dataset, generated in seconds. */
    public static GeneratorConfig demo(long seed, Path statsDir) {
        return new GeneratorConfig(10_000, 3_000, 200_000, seed, statsDir);
    }

    /** The size of the real data: 1,371,980 customers, 105,542 articles, 31,788,324 purchases. */
    public static GeneratorConfig full(long seed, Path statsDir) {
        return new GeneratorConfig(1_371_980, 105_542, 31_788_324L, seed, statsDir);
    }

    /** A preset by name ({@code demo} or {@code full}). */
    public static GeneratorConfig preset(String name, long seed, Path statsDir) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "demo" -> demo(seed, statsDir);
            case "full" -> full(seed, statsDir);
            default -> throw new IllegalArgumentException("unknown preset '" + name + "'; expected demo or full");
        };
    }

    public GeneratorConfig withSizes(Integer customers, Integer articles, Long transactions) {
        return new GeneratorConfig(customers == null ? this.customers : customers,
                articles == null ? this.articles : articles,
                transactions == null ? this.transactions : transactions, seed, statsDir);
    }
}
