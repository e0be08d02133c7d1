package io.hmrec.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hmrec.core.metrics.RankingMetrics;
import io.hmrec.core.model.Days;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.TrainingData;
import io.hmrec.schemas.avro.ModelRelease;
import io.hmrec.trainer.model.DotProductCfModel;
import io.hmrec.trainer.model.FitReport;
import io.hmrec.trainer.model.LightGcnModel;
import io.hmrec.trainer.release.Release;
import io.hmrec.trainer.release.ReleaseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run of the separate trainer: take a consistent cut of the purchase graph as of an event-time day
 * ({@link KaggleCutReader} offline, {@link TransactionsReplay} on the stack), train each configured model on all but
 * the most recent {@code holdoutDays} of the window, evaluate on those held-out days (MAP@12 and recall@12 with core's
 * Kaggle metrics for every model, MAE/RMSE for the dot-product CF on held-out positives plus as many sampled
 * negatives), write {@code report.json}, and release a model only when its MAP@12 beats the live version's (or when
 * forced).
 *
 * <p>The released model is the evaluated one (trained without the held-out week): what the manifest's metrics
 * describe is exactly what ships. Live versions are compared by the MAP@12 in their manifests, which were measured on
 * their own held-out weeks; {@code --force} overrides.
 */
public final class TrainingJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);
    static final int K = 12;

    private final TrainerConfig config;
    private final ReleaseStore releases;
    private final Clock clock;

    public TrainingJob(TrainerConfig config, ReleaseStore releases, Clock clock) {
        this.config = config;
        this.releases = releases;
        this.clock = clock;
    }

    /** Per-model outcome; {@code mae}/{@code rmse} only for models that predict a rating, {@code version} if released. */
    public record ModelReport(String model, double map12, double recall12, Double mae, Double rmse, int epochs,
                              double seconds, String device, boolean released, String version, Double liveMap12,
                              String decision) {}

    /**
     * @param popularityMap12 MAP@12 of the held-out week's reference: the training cut's last-week top-12 for everyone
     */
    public record JobReport(String asOf, int windowDays, int holdoutDays, int trainPurchases, int trainCustomers,
                            int trainArticles, int evalBuyers, double popularityMap12, List<ModelReport> models) {}

    /** Offline: reads the Kaggle files of {@code config.dataDir()} as of {@code config.asOf()} and runs once. */
    public JobReport runOffline() {
        Path data = config.dataDir().orElseThrow(() -> new IllegalStateException("offline run without --data"));
        int asOf = Days.of(config.asOf().orElseThrow());
        createOut();
        return run(KaggleCutReader.read(data, asOf, config.windowDays(), config.outDir().resolve("rejects.tsv")));
    }

    /** Runs {@code source} now and then every {@code every} until the thread is interrupted. */
    public void schedule(Supplier<GraphCut> source, Duration every) throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            long started = System.nanoTime();
            try {
                run(source.get());
            } catch (RuntimeException e) {
                // a failed run must not stop the schedule: the live version stays, the next run tries again
                LOG.error("training run failed; the live versions are unchanged; next run in {}", every, e);
            }
            long sleep = every.toMillis() - (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(Math.max(0, sleep));
        }
    }

    /** Trains, evaluates, reports and releases on one cut. */
    public JobReport run(GraphCut cut) {
        createOut();
        TrainingData training = cut.training(config.holdoutDays());
        Map<String, Set<String>> heldOut = cut.heldOut(config.holdoutDays());
        if (training.purchases().isEmpty()) {
            throw new IllegalArgumentException("no purchases in the training part of the window before "
                    + Days.date(training.asOfDay()) + ": check --as-of and --window");
        }
        List<String> buyers = new ArrayList<>(heldOut.keySet());
        buyers.sort(Comparator.naturalOrder());
        LOG.info("cut as of {}: {} training purchases before {}, {} held-out buyers", Days.date(cut.asOfDay()),
                training.purchases().size(), Days.date(training.asOfDay()), buyers.size());
        double popularityMap = popularityMap12(training, heldOut);
        List<ModelReport> reports = new ArrayList<>();
        for (String name : config.models()) {
            reports.add(trainOne(name, training, heldOut, buyers));
        }
        long customers = training.purchases().stream().map(Purchase::customerId).distinct().count();
        long articles = training.purchases().stream().map(Purchase::articleId).distinct().count();
        JobReport report = new JobReport(Days.date(cut.asOfDay()).toString(), config.windowDays(),
                config.holdoutDays(), training.purchases().size(), (int) customers, (int) articles, buyers.size(),
                popularityMap, reports);
        writeReport(report);
        return report;
    }

    private ModelReport trainOne(String name, TrainingData training, Map<String, Set<String>> heldOut,
                                 List<String> buyers) {
        Path checkpoints = config.outDir().resolve("checkpoints");
        Double mae = null;
        Double rmse = null;
        FitReport fit;
        io.hmrec.trainer.model.EmbeddingTables tables;
        List<List<ScoredArticle>> recs;
        Path saved = config.outDir().resolve("models").resolve(name);
        try {
            switch (name) {
                case LightGcnModel.NAME -> {
                    LightGcnModel m = new LightGcnModel(config.lightGcn().withCheckpointDir(checkpoints));
                    m.fit(training, config.seed());
                    fit = m.lastFit().orElseThrow();
                    tables = m.trained();
                    recs = m.recommend(buyers, K, false);
                    m.save(saved);
                }
                case DotProductCfModel.NAME -> {
                    DotProductCfModel m = new DotProductCfModel(config.dotCf().withCheckpointDir(checkpoints));
                    m.fit(training, config.seed());
                    fit = m.lastFit().orElseThrow();
                    tables = m.trained();
                    recs = m.recommend(buyers, K, false);
                    double[] errors = regressionErrors(m, training, heldOut);
                    mae = errors[0];
                    rmse = errors[1];
                    m.save(saved);
                }
                default -> throw new IllegalArgumentException("unknown model " + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + name + " to " + saved, e);
        }
        Map<String, List<String>> predictions = new HashMap<>();
        for (int i = 0; i < buyers.size(); i++) {
            predictions.put(buyers.get(i), recs.get(i).stream().map(ScoredArticle::articleId).toList());
        }
        RankingMetrics.Summary s = RankingMetrics.evaluate(predictions, heldOut, K);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("map12", s.map());
        metrics.put("recall12", s.recall());
        if (mae != null) {
            metrics.put("mae", mae);
            metrics.put("rmse", rmse);
        }
        LOG.info("{}: MAP@12 {} recall@12 {} over {} buyers{}", name, fmt(s.map()), fmt(s.recall()), s.buyers(),
                mae == null ? "" : ", MAE " + fmt(mae) + " RMSE " + fmt(rmse));

        Optional<ModelRelease> live = releases.live(name);
        Double liveMap = live.map(r -> r.getMetrics().get("map12")).orElse(null);
        boolean better = liveMap == null || s.map() > liveMap;
        String decision;
        String version = null;
        if (better || config.force()) {
            Release release = Release.of(name, tables, clock.instant(), Days.date(training.asOfDay()),
                    config.windowDays() - config.holdoutDays(), metrics, fit.device(), config.seed(),
                    config.maxChunkBytes());
            try {
                releases.publish(release, saved);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release " + name, e);
            }
            version = release.manifest().getVersion();
            decision = liveMap == null ? "released: no live version" : better
                    ? "released: MAP@12 " + fmt(s.map()) + " > live " + fmt(liveMap)
                    : "released: forced (MAP@12 " + fmt(s.map()) + " <= live " + fmt(liveMap) + ")";
        } else {
            decision = "kept live " + live.get().getVersion() + ": MAP@12 " + fmt(s.map()) + " <= live " + fmt(liveMap);
        }
        LOG.info("{}: {}", name, decision);
        return new ModelReport(name, s.map(), s.recall(), mae, rmse, fit.epochs(), fit.seconds(), fit.device(),
                version != null, version, liveMap, decision);
    }

    /**
     * MAE and RMSE of the CF's predictions on the held-out week: every held-out (customer, article) pair the model
     * knows (target 1) plus, per positive, one article drawn by training popularity that the customer did not buy
     * in the week (target 0). Seeded.
     */
    static double[] regressionErrors(DotProductCfModel model, TrainingData training, Map<String, Set<String>> heldOut) {
        List<String> cs = new ArrayList<>();
        List<String> as = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        List<Purchase> pool = training.purchases();
        Random random = new Random(12_345);
        List<String> customers = new ArrayList<>(heldOut.keySet());
        customers.sort(Comparator.naturalOrder());
        for (String c : customers) {
            for (String a : heldOut.get(c)) {
                cs.add(c);
                as.add(a);
                targets.add(1.0);
                String negative = pool.get(random.nextInt(pool.size())).articleId();
                for (int i = 0; i < 8 && heldOut.get(c).contains(negative); i++) {
                    negative = pool.get(random.nextInt(pool.size())).articleId();
                }
                if (!heldOut.get(c).contains(negative)) {
                    cs.add(c);
                    as.add(negative);
                    targets.add(0.0);
                }
            }
        }
        double[] predictions = model.predict(cs, as);
        double abs = 0;
        double sq = 0;
        int n = 0;
        for (int i = 0; i < predictions.length; i++) {
            if (!Double.isNaN(predictions[i])) {
                double e = predictions[i] - targets.get(i);
                abs += Math.abs(e);
                sq += e * e;
                n++;
            }
        }
        return n == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {abs / n, Math.sqrt(sq / n)};
    }

    /** Reference: last training week's 12 best sellers for everyone, scored on the held-out week. */
    static double popularityMap12(TrainingData training, Map<String, Set<String>> heldOut) {
        Map<String, Integer> counts = new HashMap<>();
        for (Purchase p : training.purchases()) {
            if (p.day() >= training.asOfDay() - 7) {
                counts.merge(p.articleId(), 1, Integer::sum);
            }
        }
        List<String> top = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(K).map(Map.Entry::getKey).toList();
        Map<String, List<String>> predictions = new HashMap<>();
        heldOut.keySet().forEach(c -> predictions.put(c, top));
        return RankingMetrics.map(predictions, heldOut, K);
    }

    private void createOut() {
        try {
            Files.createDirectories(config.outDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + config.outDir(), e);
        }
    }

    private void writeReport(JobReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("as_of", report.asOf());
        json.put("window_days", report.windowDays());
        json.put("holdout_days", report.holdoutDays());
        json.put("train_purchases", report.trainPurchases());
        json.put("train_customers", report.trainCustomers());
        json.put("train_articles", report.trainArticles());
        json.put("eval_buyers", report.evalBuyers());
        json.put("popularity_map12", report.popularityMap12());
        json.put("filter_already_bought", false);
        Map<String, Object> models = new LinkedHashMap<>();
        for (ModelReport m : report.models()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("map12", m.map12());
            o.put("recall12", m.recall12());
            if (m.mae() != null) {
                o.put("mae", m.mae());
                o.put("rmse", m.rmse());
            }
            o.put("epochs", m.epochs());
            o.put("seconds", m.seconds());
            o.put("device", m.device());
            o.put("released", m.released());
            o.put("version", m.version());
            o.put("live_map12", m.liveMap12());
            o.put("decision", m.decision());
            models.put(m.model(), o);
        }
        json.put("models", models);
        Path target = config.outDir().resolve("report.json");
        try {
            Path tmp = Files.createTempFile(config.outDir(), "report", ".tmp");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), json);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        LOG.info("wrote {}", target);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.5f", v);
    }

}
