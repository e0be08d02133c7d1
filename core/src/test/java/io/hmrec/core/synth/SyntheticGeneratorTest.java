package io.hmrec.core.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.data.ArticleRow;
import io.hmrec.core.data.CatalogReader;
import io.hmrec.core.data.CustomerRow;
import io.hmrec.core.data.KaggleFiles;
import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.data.Rejection;
import io.hmrec.core.data.TransactionReader;
import io.hmrec.core.model.ArticleIds;
import io.hmrec.core.model.Days;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticGeneratorTest {
    static final Path STATS = Path.of(System.getProperty("hmrec.stats", "/work/shared/data/hm-stats"));

    @TempDir
    Path dir;

    private static GeneratorConfig small(long seed) {
        return new GeneratorConfig(2_000, 800, 30_000, seed, STATS);
    }

    private static String hash(Path dir) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String f : List.of(KaggleFiles.TRANSACTIONS, KaggleFiles.ARTICLES, KaggleFiles.CUSTOMERS)) {
            sha.update(Files.readAllBytes(dir.resolve(f)));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void shouldWriteTheSameBytesForTheSameSeedAndOtherBytesForAnotherSeed() throws Exception {
        new SyntheticGenerator(small(7)).generate(dir.resolve("a"), null);
        new SyntheticGenerator(small(7)).generate(dir.resolve("b"), null);
        new SyntheticGenerator(small(8)).generate(dir.resolve("c"), null);
        assertThat(hash(dir.resolve("a"))).isEqualTo(hash(dir.resolve("b")));
        assertThat(hash(dir.resolve("a"))).isNotEqualTo(hash(dir.resolve("c")));
    }

    @Test
    void shouldWriteExactlyTheKaggleLayoutThatTheLoaderAcceptsWithoutRejects() throws IOException {
        SyntheticGenerator.Result result = new SyntheticGenerator(small(1)).generate(dir, null);
        assertThat(result.transactions()).isEqualTo(30_000);
        assertThat(Files.readAllLines(dir.resolve(KaggleFiles.TRANSACTIONS)).get(0))
                .isEqualTo("t_dat,customer_id,article_id,price,sales_channel_id");
        List<Rejection> rejects = new ArrayList<>();
        List<ArticleRow> articles = new ArrayList<>();
        try (CatalogReader<ArticleRow> r = CatalogReader.articles(dir.resolve(KaggleFiles.ARTICLES), rejects::add)) {
            for (ArticleRow a; (a = r.next()) != null; ) {
                articles.add(a);
            }
        }
        Set<String> customerIds = new HashSet<>();
        try (CatalogReader<CustomerRow> r = CatalogReader.customers(dir.resolve(KaggleFiles.CUSTOMERS),
                rejects::add)) {
            for (CustomerRow c; (c = r.next()) != null; ) {
                customerIds.add(c.customerId());
            }
        }
        assertThat(articles).hasSize(800);
        assertThat(customerIds).hasSize(2_000);
        assertThat(articles).allSatisfy(a -> {
            assertThat(a.articleId()).matches("0\\d{9}");
            assertThat(String.format("%07d", a.productCode())).isEqualTo(ArticleIds.productCode(a.articleId()));
            assertThat(a.prodName()).isNotBlank();
            assertThat(a.productGroupName()).isNotBlank();
            assertThat(a.indexGroupName()).isNotBlank();
        });
        assertThat(articles).extracting(ArticleRow::articleId).isSorted().doesNotHaveDuplicates();
        Set<String> articleIds = new HashSet<>();
        articles.forEach(a -> articleIds.add(a.articleId()));
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        long rows = 0;
        try (TransactionReader r = TransactionReader.open(dir.resolve(KaggleFiles.TRANSACTIONS), rejects::add)) {
            for (PurchaseRow row; (row = r.next()) != null; ) {
                rows++;
                first = Math.min(first, row.purchase().day());
                last = Math.max(last, row.purchase().day());
                assertThat(customerIds).contains(row.purchase().customerId());
                assertThat(articleIds).contains(row.purchase().articleId());
            }
        }
        assertThat(rejects).isEmpty();
        assertThat(rows).isEqualTo(30_000);
        assertThat(Days.date(first)).hasToString("2018-09-20");
        assertThat(Days.date(last)).hasToString("2020-09-22");
    }

    @Test
    void shouldMatchTheRealMarginalsWithinTheStatedTolerancesAtDemoSize() {
        GeneratorConfig demo = GeneratorConfig.demo(42, STATS);
        SyntheticGenerator g = new SyntheticGenerator(demo);
        g.generate(dir, null);
        List<MarginalsCheck.Metric> metrics = MarginalsCheck.run(dir, g.stats());
        String table = MarginalsCheck.format(metrics, dir.toString(), g.stats().source());
        assertThat(metrics).filteredOn(MarginalsCheck.Metric::checked).hasSizeGreaterThan(25)
                .as(table).allMatch(MarginalsCheck.Metric::ok);
    }

    @Test
    void shouldPlantRepurchasesOtherColoursAndRiseAndDecay() {
        GeneratorConfig cfg = new GeneratorConfig(5_000, 2_000, 100_000, 3, STATS);
        new SyntheticGenerator(cfg).generate(dir, null);
        Map<String, Set<String>> bought = new HashMap<>();
        Map<String, Set<String>> boughtProducts = new HashMap<>();
        Map<String, Integer> firstDay = new HashMap<>();
        Map<String, Integer> lastDay = new HashMap<>();
        long rows = 0;
        long repeats = 0;
        long otherColours = 0;
        int lastDayOfData = 0;
        int prevDay = -1;
        Map<String, Set<String>> todayBought = new HashMap<>();
        try (TransactionReader r = TransactionReader.open(dir.resolve(KaggleFiles.TRANSACTIONS), rej -> { })) {
            for (PurchaseRow row; (row = r.next()) != null; ) {
                var p = row.purchase();
                if (p.day() != prevDay) {
                    todayBought.forEach((c, s) -> bought.computeIfAbsent(c, k -> new HashSet<>()).addAll(s));
                    todayBought.forEach((c, s) -> s.forEach(a -> boughtProducts.computeIfAbsent(c,
                            k -> new HashSet<>()).add(ArticleIds.productCode(a))));
                    todayBought.clear();
                    prevDay = p.day();
                }
                rows++;
                Set<String> before = bought.getOrDefault(p.customerId(), Set.of());
                if (before.contains(p.articleId())) {
                    repeats++;
                } else if (boughtProducts.getOrDefault(p.customerId(), Set.of()).contains(p.productCode())) {
                    otherColours++;
                }
                todayBought.computeIfAbsent(p.customerId(), k -> new HashSet<>()).add(p.articleId());
                firstDay.putIfAbsent(p.articleId(), p.day());
                lastDay.put(p.articleId(), p.day());
                lastDayOfData = p.day();
            }
        }
        // repurchase of the same article on a later day, and of another colour of a product bought before
        assertThat(repeats / (double) rows).isBetween(0.05, 0.30);
        assertThat(otherColours / (double) rows).isBetween(0.01, 0.10);
        // articles are launched over time: a good share of articles sell for the first time in the last year
        int cut = lastDayOfData - 365;
        long launchedLate = firstDay.values().stream().filter(d -> d > cut).count();
        assertThat(launchedLate / (double) firstDay.size()).isBetween(0.3, 0.7);
        // and decay: many articles first sold in the first half year have stopped selling a year before the end
        int start = lastDayOfData - 733;
        long early = firstDay.values().stream().filter(d -> d < start + 180).count();
        long earlyAndStopped = firstDay.keySet().stream()
                .filter(a -> firstDay.get(a) < start + 180 && lastDay.get(a) < cut).count();
        assertThat(earlyAndStopped / (double) early).isGreaterThan(0.3);
    }

    @Test
    void shouldSplitTheTargetIntoDailyQuotasThatFollowTheCurveAndSumExactly() {
        double[] curve = {1, 2, 3, 10, 4};
        long[] quotas = SyntheticGenerator.dailyQuotas(curve, 1_001);
        assertThat(quotas).containsExactly(50, 100, 150, 501, 200);
        assertThat(SyntheticGenerator.dailyQuotas(curve, 0)).containsOnly(0);
    }

    @Test
    void shouldFallBackToBuiltInDefaultsCloseToTheRealStatistics() {
        HmStats defaults = HmStats.defaults();
        assertThat(defaults.source()).isEqualTo("built-in defaults");
        double total = 0;
        for (double v : defaults.daily()) {
            total += v;
        }
        assertThat(total).isBetween(31_788_324 * 0.95, 31_788_324 * 1.05);
        assertThat(defaults.onlineShare()).isEqualTo(0.704028);
        assertThat(defaults.productGroups().get("Swimwear")).containsExactly(0.0296, 0.0811);
        if (Files.isDirectory(STATS)) {
            HmStats real = HmStats.load(STATS);
            assertThat(MarginalsCheck.pearson(defaults.daily(), real.daily())).isGreaterThan(0.7);
            assertThat(real.productGroups().get("Swimwear")[1]).isCloseTo(0.0811, org.assertj.core.data.Offset.offset(0.001));
        }
    }
}
