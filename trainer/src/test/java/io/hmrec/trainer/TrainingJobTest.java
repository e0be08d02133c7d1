package io.hmrec.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.trainer.model.DotProductCfSettings;
import io.hmrec.trainer.model.LightGcnModel;
import io.hmrec.trainer.model.LightGcnSettings;
import io.hmrec.trainer.release.FileReleaseStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingJobTest {
    private static final LocalDate AS_OF = LocalDate.of(2020, 9, 23);

    /**
     * Kaggle-layout files with planted groups: group g's customers buy only group g's 15 articles, every day of 5
     * weeks, plus rows after the as-of day that must never be read.
     */
    static Path writeKaggleFiles(Path dir) throws Exception {
        Random r = new Random(1);
        List<String> rows = new ArrayList<>();
        LocalDate start = AS_OF.minusDays(35);
        for (LocalDate d = start; d.isBefore(AS_OF.plusDays(3)); d = d.plusDays(1)) {
            for (int c = 0; c < 60; c++) {
                if (r.nextInt(4) != 0) {
                    continue;
                }
                int group = c % 3;
                int article = group * 15 + r.nextInt(15);
                rows.add(d + "," + String.format("%064x", 0xabc000 + c) + "," + String.format("%010d", 108_775_000 + article)
                        + ",0.0305," + (1 + r.nextInt(2)));
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("t_dat,customer_id,article_id,price,sales_channel_id");
        lines.addAll(rows);
        lines.add("2020-09-30,not-a-customer,0108775001,0.01,1");
        Files.write(dir.resolve("transactions_train.csv"), lines);
        return dir;
    }

    private static TrainerConfig config(Path data, Path out) {
        return TrainerConfig.offline(data, AS_OF, out).withWindowDays(35).withSettings(
                LightGcnSettings.defaults().withDim(16).withEpochs(8).withBatchSize(128).withLearningRate(0.05f)
                        .withShowProgress(false),
                DotProductCfSettings.defaults().withDim(16).withEpochs(6).withBatchSize(128).withMaxLearningRate(0.02f)
                        .withShowProgress(false));
    }

    @Test
    void shouldReportBothModelsAndReleaseThemWhenNothingIsLive(@TempDir Path tmp) throws Exception {
        Path data = writeKaggleFiles(Files.createDirectory(tmp.resolve("data")));
        Path out = tmp.resolve("out");
        FileReleaseStore store = new FileReleaseStore(out.resolve("releases"));
        Clock clock = Clock.fixed(Instant.parse("2020-09-23T06:00:00Z"), ZoneOffset.UTC);

        TrainingJob.JobReport report = new TrainingJob(config(data, out), store, clock).runOffline();

        assertThat(report.asOf()).isEqualTo("2020-09-23");
        assertThat(report.evalBuyers()).isBetween(40, 60);
        assertThat(report.models()).extracting(TrainingJob.ModelReport::model).containsExactly("lightgcn", "dot-cf");
        assertThat(report.models()).allSatisfy(m -> {
            assertThat(m.map12()).as(m.model() + " map12 vs popularity " + report.popularityMap12())
                    .isGreaterThan(report.popularityMap12());
            assertThat(m.recall12()).isGreaterThan(0.5);
            assertThat(m.device()).isEqualTo("cpu()");
            assertThat(m.released()).isTrue();
            assertThat(m.decision()).isEqualTo("released: no live version");
        });
        TrainingJob.ModelReport cf = report.models().get(1);
        assertThat(cf.mae()).isBetween(0.0, 1.0);
        assertThat(cf.rmse()).isBetween(cf.mae(), 1.0);
        assertThat(report.models().get(0).mae()).isNull();

        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(json.get("as_of").asText()).isEqualTo("2020-09-23");
        assertThat(json.get("models").get("dot-cf").get("rmse").asDouble()).isEqualTo(cf.rmse());
        assertThat(json.get("models").get("lightgcn").has("mae")).isFalse();
        assertThat(json.get("models").get("lightgcn").get("map12").asDouble()).isEqualTo(report.models().get(0).map12());
        assertThat(json.get("models").get("lightgcn").get("device").asText()).isEqualTo("cpu()");

        assertThat(store.live("lightgcn")).hasValueSatisfying(m -> {
            assertThat(m.getVersion()).isEqualTo(report.models().get(0).version()).startsWith("20200923T060000Z-lightgcn-");
            assertThat(m.getAsOfDate()).isEqualTo(AS_OF.minusDays(7));
            assertThat(m.getMetrics()).containsKeys("map12", "recall12");
        });
        LightGcnModel released = LightGcnModel.load(store.versionDir("lightgcn", report.models().get(0).version()));
        String buyer = String.format("%064x", 0xabc000 + 4);
        assertThat(released.recommend(List.of(buyer), 12, false).get(0)).extracting(ScoredArticle::articleId)
                .allSatisfy(a -> assertThat((Integer.parseInt(a) - 108_775_000) / 15).isEqualTo(4 % 3));
    }

    @Test
    void shouldKeepTheLiveVersionWhenNotBetterUnlessForced(@TempDir Path tmp) throws Exception {
        Path data = writeKaggleFiles(Files.createDirectory(tmp.resolve("data")));
        Path out = tmp.resolve("out");
        FileReleaseStore store = new FileReleaseStore(out.resolve("releases"));
        TrainerConfig cfg = config(data, out).withModels(List.of("lightgcn"));
        TrainingJob.JobReport first = new TrainingJob(cfg, store,
                Clock.fixed(Instant.parse("2020-09-23T06:00:00Z"), ZoneOffset.UTC)).runOffline();

        TrainingJob.JobReport same = new TrainingJob(cfg, store,
                Clock.fixed(Instant.parse("2020-09-24T06:00:00Z"), ZoneOffset.UTC)).runOffline();
        assertThat(same.models().get(0).released()).isFalse();
        assertThat(same.models().get(0).decision()).startsWith("kept live " + first.models().get(0).version());
        assertThat(store.live("lightgcn").orElseThrow().getVersion()).isEqualTo(first.models().get(0).version());

        TrainingJob.JobReport forced = new TrainingJob(cfg.withForce(true), store,
                Clock.fixed(Instant.parse("2020-09-25T06:00:00Z"), ZoneOffset.UTC)).runOffline();
        assertThat(forced.models().get(0).decision()).startsWith("released: forced");
        assertThat(store.live("lightgcn").orElseThrow().getVersion()).isEqualTo(forced.models().get(0).version())
                .isNotEqualTo(first.models().get(0).version());
    }

    @Test
    void shouldKeepToTheScheduleWhenARunFailsAndStopWhenInterrupted(@TempDir Path tmp) throws Exception {
        Path data = writeKaggleFiles(Files.createDirectory(tmp.resolve("data")));
        TrainingJob job = new TrainingJob(config(data, tmp.resolve("out")), new FileReleaseStore(tmp.resolve("r")),
                Clock.systemUTC());
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        assertThatThrownBy(() -> job.schedule(() -> {
            if (calls.incrementAndGet() == 3) {
                Thread.currentThread().interrupt(); // e.g. Ctrl-C while the third run is failing
            }
            throw new IllegalStateException("broker unreachable");
        }, java.time.Duration.ofMillis(5))).isInstanceOf(InterruptedException.class);
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void shouldNameTheProblemWhenTheWindowHasNoTrainingPurchases(@TempDir Path tmp) throws Exception {
        Path data = writeKaggleFiles(Files.createDirectory(tmp.resolve("data")));
        TrainerConfig cfg = TrainerConfig.offline(data, LocalDate.of(2019, 1, 1), tmp.resolve("out"));
        assertThatThrownBy(() -> new TrainingJob(cfg, new FileReleaseStore(tmp.resolve("r")), Clock.systemUTC())
                .runOffline()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no purchases in the training part");
    }
}
