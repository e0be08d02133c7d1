package io.hmrec.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.cli.backtest.report.ReportWriter;
import io.hmrec.core.model.Days;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.rec.TrainingData;
import io.hmrec.ranker.RankerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestLeakageTest {
    private static final LocalDate FIRST = LocalDate.parse("2020-07-01");
    private static final LocalDate LAST = LocalDate.parse("2020-09-22");
    private static final LocalDate FOLD_START = LocalDate.parse("2020-09-16");

    @TempDir
    Path tmp;

    /** Customers with tastes (one of 4 article families), buying a few articles a week; deterministic. */
    private static List<String> transactions(Random rnd) {
        List<String> rows = new ArrayList<>();
        for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
            for (int i = 0; i < 12; i++) {
                int c = rnd.nextInt(40);
                int family = c % 4;
                int article = family * 20 + rnd.nextInt(rnd.nextDouble() < 0.7 ? 5 : 20);
                rows.add(d + "," + customer(c) + "," + article(article) + ",0.0" + (1 + rnd.nextInt(8)) + ","
                        + (1 + c % 2));
            }
        }
        return rows;
    }

    private static String customer(int i) {
        return String.format("%064x", 0xabc000L + i);
    }

    private static String article(int i) {
        return String.format("0%06d%03d", 100000 + i / 3, i % 3 + 1);
    }

    private Path dataset(String name, List<String> tx) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        List<String> lines = new ArrayList<>();
        lines.add("t_dat,customer_id,article_id,price,sales_channel_id");
        lines.addAll(tx);
        Files.write(dir.resolve("transactions_train.csv"), lines, StandardCharsets.UTF_8);
        List<String> customers = new ArrayList<>();
        customers.add("customer_id,FN,Active,club_member_status,fashion_news_frequency,age,postal_code");
        for (int c = 0; c < 42; c++) { // two customers never buy: cold start rows must still get 12 articles
            customers.add(customer(c) + ",,,ACTIVE,NONE," + (18 + c) + ",x");
        }
        Files.write(dir.resolve("customers.csv"), customers, StandardCharsets.UTF_8);
        return dir;
    }

    private Backtest.Result run(Path data, Path out) {
        BacktestConfig cfg = new BacktestConfig(data, 2, out, List.of(ModelSuite.POPULARITY, ModelSuite.ITEM_CF), 1, 3, false, 365,
                7L, RecommenderSettings.defaults(), RankerSettings.defaults().withIterations(20).withMinDataInLeaf(5));
        return new Backtest(cfg, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
    }

    @Test
    void shouldWriteIdenticalFoldPredictionsWhenOnlyTheFoldWeekChanges() throws IOException {
        List<String> tx = transactions(new Random(1));
        List<String> changed = new ArrayList<>();
        Random rnd = new Random(2);
        for (String row : tx) {
            if (LocalDate.parse(row.substring(0, 10)).isBefore(FOLD_START)) {
                changed.add(row);
            } else if (rnd.nextInt(3) > 0) { // the fold week: drop a third, swap the article of the rest
                String[] f = row.split(",");
                changed.add(f[0] + "," + f[1] + "," + article(rnd.nextInt(80)) + "," + f[3] + "," + f[4]);
            }
        }
        Backtest.Result original = run(dataset("original", tx), tmp.resolve("out-original"));
        Backtest.Result altered = run(dataset("altered", changed), tmp.resolve("out-altered"));

        String file = "fold_" + FOLD_START + ".csv";
        assertThat(original.folds()).extracting(FoldResult::predictionFile)
                .containsExactly(file, "fold_" + FOLD_START.minusDays(7) + ".csv");
        assertThat(original.folds().get(0).predictionMethod()).isEqualTo(Backtest.RANKER);
        assertThat(Files.readAllBytes(tmp.resolve("out-altered").resolve(file)))
                .isEqualTo(Files.readAllBytes(tmp.resolve("out-original").resolve(file)));
        // the fold week did change what is scored against, so the byte equality above is not vacuous
        assertThat(altered.folds().get(0).methods().get(Backtest.RANKER))
                .isNotEqualTo(original.folds().get(0).methods().get(Backtest.RANKER));
    }

    @Test
    void shouldPredictTwelveDistinctArticlesForEveryCustomerInKaggleFormat() throws IOException {
        Path out = tmp.resolve("out");
        Backtest.Result r = run(dataset("data", transactions(new Random(3))), out);
        ReportWriter.write(r, out);

        List<String> lines = Files.readAllLines(out.resolve("fold_" + FOLD_START + ".csv"));
        assertThat(lines.get(0)).isEqualTo("customer_id,prediction");
        assertThat(lines).hasSize(43);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertThat(f[0]).matches("[0-9a-f]{64}");
            List<String> ids = List.of(f[1].split(" "));
            assertThat(ids).hasSize(12).doesNotHaveDuplicates().allMatch(a -> a.matches("[0-9]{10}"));
        }
        assertThat(r.folds().get(0).firstDay()).isEqualTo(FOLD_START);
        assertThat(r.folds().get(0).lastDay()).isEqualTo(LAST);
        assertThat(r.methods()).contains("source:repurchase", "model:popularity", "model:item-cf", Backtest.BLEND,
                Backtest.RANKER);
        assertThat(Files.readString(out.resolve("metrics.csv"))).startsWith(
                "fold,first_day,last_day,buyers,method,map12,precision12,recall12\n1,2020-09-16,2020-09-22,");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<svg", "MAP@12 per fold", "Candidate recall")
                .doesNotContain("<script");
    }

    @Test
    void shouldRefuseTrainingDataThatReachesIntoTheFoldWeek() {
        int fold = Days.of(FOLD_START);
        List<Purchase> late = List.of(new Purchase(fold, customer(1), article(1), 0.01, 1));
        assertThatThrownBy(() -> new TrainingData(fold, late, Map.of(), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("training data must not see the evaluation period");
    }
}
