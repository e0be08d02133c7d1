package io.hmrec.cli.backtest;

import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.metrics.RankingMetrics;
import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.Days;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rank.CandidateFeatures;
import io.hmrec.core.rank.FeatureRows;
import io.hmrec.core.rec.BlendWeightFitter;
import io.hmrec.core.rec.Blender;
import io.hmrec.core.rec.CandidateSource;
import io.hmrec.core.rec.CustomerProfile;
import io.hmrec.core.rec.Edge;
import io.hmrec.core.rec.RecContext;
import io.hmrec.core.rec.RecommendationEngine;
import io.hmrec.core.rec.TrainingData;
import io.hmrec.ranker.LightGbmRanker;
import io.hmrec.ranker.RankerQuery;
import io.hmrec.ranker.RankerTrainer;
import io.hmrec.ranker.TrainedRanker;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The backtest: weekly folds ending at the data's last day, each predicted through the production path. One
 * chronological replay of the purchases through the real topology ({@link TopologyReplay}) pauses at every week
 * start from the oldest needed week on; at each pause the standalone models are fitted on purchases before the pause
 * only ({@link TrainingData} refuses anything later), the context is read from the topology's stores, and every
 * customer's candidate pools come from the topology's core engine. Weeks before a fold supply the fold's ranker
 * training queries (customers who bought that week, label = bought); fold weeks are predicted for every customer and
 * scored for their buyers by each source alone, each model alone, the blend and the ranker.
 *
 * <p>Fold k covers the 7 days ending (k-1) weeks before the last day. Nothing from a fold's week reaches anything
 * that predicts it: the replay has not reached the week yet, models and the ranker see only earlier purchases.
 */
public final class Backtest {
    public static final String SOURCE_PREFIX = "source:";
    public static final String MODEL_PREFIX = "model:";
    public static final String BLEND = "blend";
    public static final String RANKER = "ranker";
    /**
     * Weeks before a fold whose buyers fit that fold's blend weights ({@link BlendWeightFitter}): enough customer-weeks
     * for a stable fit on the 1,000-customer sample (~400), few enough that the fit follows the data's recent state.
     */
    static final int BLEND_FIT_WEEKS = 8;
    /** Coordinate-ascent passes of the blend fit; a third pass changed no weight on either data set. */
    static final int BLEND_FIT_PASSES = 2;

    /** What a run produced. */
    public record Result(BacktestConfig config, List<FoldResult> folds, List<String> methods, String dataSummary,
                         double seconds, Optional<Path> submission) {}

    private final BacktestConfig cfg;
    private final PrintStream log;

    public Backtest(BacktestConfig cfg, PrintStream log) {
        this.cfg = cfg;
        this.log = log;
    }

    /** Runs the folds, writing {@code fold_<date>.csv} per fold into the output directory. */
    public Result run() {
        return run(cfg.folds(), null);
    }

    /**
     * Recommendations for every customer as of the day after the data's last day (Kaggle's submission), through the
     * same path; no folds are scored.
     */
    public Result submit(Path submissionFile) {
        return run(0, submissionFile);
    }

    private Result run(int folds, Path submission) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(cfg.outDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + cfg.outDir(), e);
        }
        KaggleDataset data = KaggleDataset.read(cfg.dataDir(), cfg.outDir().resolve("rejects.tsv"));
        String summary = data.transactions().size() + " purchases, " + data.articles().size() + " articles, "
                + data.customers().size() + " customer rows, " + data.toPredict().size() + " customers to predict, "
                + Days.date(data.transactions().get(0).purchase().day()) + ".." + Days.date(data.lastDay());
        log.println("data: " + summary);
        List<Purchase> purchases = data.transactions().stream().map(PurchaseRow::purchase).toList();
        int last = data.lastDay();
        int weeks = cfg.rankerWeeks();
        int lastCut = submission == null ? 1 : 0;
        int firstCut = Math.max(folds, lastCut) + Math.max(weeks, BLEND_FIT_WEEKS);
        Map<Integer, List<RankerQuery>> queriesByWeek = new HashMap<>();
        Map<Integer, List<BlendWeightFitter.Example>> examplesByWeek = new HashMap<>();
        List<FoldResult> results = new ArrayList<>();
        Set<String> methods = new HashSet<>();
        ModelSuite suite = new ModelSuite(cfg.models(), cfg.epochs(), cfg.seed(), cfg.rec());
        try (StateReplay replay = cfg.inMemoryState() ? new InMemoryReplay(cfg.rec(), data)
                : new TopologyReplay(cfg.rec(), data)) {
            RecommendationEngine engine = replay.engine();
            CandidateFeatures features = CandidateFeatures.of(engine.settings());
            for (int w = firstCut; w >= lastCut; w--) {
                long tw = System.nanoTime();
                int start = last - 7 * w + 1;
                if (start <= purchases.get(0).day()) {
                    log.printf(Locale.ROOT, "week %s: before the data's first day, skipped%n", Days.date(start));
                    continue;
                }
                replay.replayUntil(start);
                Cut cut = new Cut(w, start, w <= folds || w == 0, data, purchases, replay, engine, features, suite);
                if (w >= 1) { // week 0 (the submission week) has no labels
                    if (weeks > 0 && w <= folds + weeks) {
                        queriesByWeek.put(w, cut.trainingQueries());
                    }
                    examplesByWeek.put(w, cut.blendExamples());
                }
                if (w <= folds || w == 0) {
                    List<RankerQuery> train = new ArrayList<>();
                    for (int u = w + 1; u <= w + weeks; u++) {
                        train.addAll(queriesByWeek.getOrDefault(u, List.of()));
                    }
                    List<BlendWeightFitter.Example> blendTrain = new ArrayList<>();
                    for (int u = w + 1; u <= w + BLEND_FIT_WEEKS; u++) {
                        blendTrain.addAll(examplesByWeek.getOrDefault(u, List.of()));
                    }
                    FoldResult r = cut.predict(train, blendTrain, submission);
                    if (r != null) {
                        results.add(r);
                        methods.addAll(r.methods().keySet());
                        log.println(line(r));
                    }
                }
                queriesByWeek.remove(w + weeks); // no later fold trains on it
                examplesByWeek.remove(w + BLEND_FIT_WEEKS);
                log.printf(Locale.ROOT, "  cut %s done in %.1f s (%d purchases replayed)%n", Days.date(start),
                        (System.nanoTime() - tw) / 1e9, replay.replayed());
            }
        }
        results.sort(java.util.Comparator.comparingInt(FoldResult::index));
        return new Result(cfg, results, FoldResult.order(methods), summary, (System.nanoTime() - t0) / 1e9,
                Optional.ofNullable(submission));
    }

    private static String line(FoldResult r) {
        if (r.index() == 0) {
            return "submission as of " + r.firstDay() + ": " + r.predicted() + " customers, ranker trained on "
                    + r.rankerQueries() + " customer-weeks";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "fold %d %s..%s buyers %d: ", r.index(),
                r.firstDay(), r.lastDay(), r.buyers()));
        for (String m : List.of(BLEND, RANKER)) {
            RankingMetrics.Summary s = r.methods().get(m);
            if (s != null) {
                b.append(String.format(Locale.ROOT, "%s MAP@12 %.5f  ", m, s.map()));
            }
        }
        b.append(String.format(Locale.ROOT, "candidate recall %.3f (pool %.0f)", r.candidateRecall(), r.meanPoolSize()));
        return b.toString();
    }

    /** Everything computed at one week start. */
    private final class Cut {
        final int index;
        final int start;
        final KaggleDataset data;
        final RecommendationEngine engine;
        final Blender blender;
        final CandidateFeatures features;
        final Map<String, ModelSuite.Fitted> fitted;
        final RecContext context;
        final Map<String, Set<String>> actual = new TreeMap<>();
        final Map<String, CustomerProfile> profiles = new HashMap<>();
        final Map<String, Map<String, List<ScoredArticle>>> pools = new HashMap<>();
        final StateReplay views;
        /** The blend with weights fitted on the weeks before this one; set by {@link #predict}. */
        Blender fittedBlender;

        Cut(int index, int start, boolean scored, KaggleDataset data, List<Purchase> purchases, StateReplay replay,
            RecommendationEngine engine, CandidateFeatures features, ModelSuite suite) {
            this.index = index;
            this.start = start;
            this.data = data;
            this.engine = engine;
            this.blender = new Blender(engine.settings());
            this.features = features;
            int from = start - cfg.trainDays();
            List<Purchase> before = new ArrayList<>();
            for (Purchase p : purchases) {
                if (p.day() >= start) {
                    if (p.day() <= start + 6) {
                        actual.computeIfAbsent(p.customerId(), c -> new TreeSet<>()).add(p.articleId());
                    }
                } else if (p.day() >= from) {
                    before.add(p);
                }
            }
            TrainingData td = new TrainingData(start, before, Map.of(), data.articleInfos(), data.customerInfos());
            // a training-only week needs no standalone scores: models are fitted there only when their embeddings
            // feed the pools and the ranker's features, so those look the same in training and at the fold
            fitted = scored || cfg.embeddings() ? suite.fit(td, "cut-" + Days.date(start), scored ? null : ModelSuite.NEURAL)
                    : Map.of();
            views = replay;
            RecContext base = views.at(start - 1);
            context = new RecContext(base.asOfDay(), base.popularity(), base.coPurchase(), base.catalog(),
                    cfg.embeddings() ? ModelSuite.embeddings(fitted) : Optional.empty(), Optional.empty());
        }

        CustomerProfile profile(String c) {
            return profiles.computeIfAbsent(c, views::profile);
        }

        Map<String, List<ScoredArticle>> pool(String c) {
            return pools.computeIfAbsent(c, x -> engine.candidates(profile(x), context));
        }

        /** This week's buyers with a bought article in their pool, as ranker training queries (sampled). */
        List<RankerQuery> trainingQueries() {
            List<RankerQuery> out = new ArrayList<>();
            actual.forEach((c, bought) -> {
                FeatureRows rows = features.compute(profile(c), context, pool(c));
                RankerQuery q = new RankerQuery(rows, bought);
                if (q.hasPositive()) {
                    out.add(q.sampled(cfg.ranker().maxNegativesPerQuery(), cfg.ranker().seed()));
                }
            });
            return out;
        }

        /** This week's buyers with a bought article in their pool, as blend-fitting examples. */
        List<BlendWeightFitter.Example> blendExamples() {
            List<BlendWeightFitter.Example> out = new ArrayList<>();
            actual.forEach((c, bought) -> {
                Map<String, List<ScoredArticle>> pool = pool(c);
                if (pool.values().stream().anyMatch(l -> l.stream().anyMatch(a -> bought.contains(a.articleId())))) {
                    out.add(new BlendWeightFitter.Example(pool, bought));
                }
            });
            return out;
        }

        FoldResult predict(List<RankerQuery> train, List<BlendWeightFitter.Example> blendTrain, Path submission) {
            LocalDate first = Days.date(start);
            List<String> sourceNames = engine.sources().stream().map(CandidateSource::name).toList();
            BlendWeightFitter.Fit fit = new BlendWeightFitter(engine.settings(), BLEND_FIT_PASSES)
                    .fit(sourceNames, blendTrain);
            fittedBlender = new Blender(engine.settings().withSourceWeights(fit.weights()));
            log.printf(Locale.ROOT, "  blend weights fitted on %d customer-weeks before %s: %s%n", blendTrain.size(),
                    first, new TreeMap<>(fit.weights()));
            Optional<LightGbmRanker> ranker = Optional.empty();
            TrainedRanker trained = null;
            if (!train.isEmpty()) {
                trained = new RankerTrainer(cfg.ranker()).train(train);
                ranker = Optional.of(LightGbmRanker.load("backtest-" + first, trained.modelText(), features,
                        cfg.ranker().numThreads()));
            }
            try {
                RecContext ranked = new RecContext(context.asOfDay(), context.popularity(), context.coPurchase(),
                        context.catalog(), context.embeddings(), ranker.map(r -> r));
                RecContext finalContext = ranker.isPresent() ? ranked : context;
                String method = ranker.isPresent() ? RANKER : BLEND;
                Path file = submission != null ? submission : cfg.outDir().resolve("fold_" + first + ".csv");
                writePredictions(file, finalContext);
                if (index == 0) {
                    return new FoldResult(0, first, first.plusDays(6), 0, data.toPredict().size(), Map.of(), 0, 0,
                            Map.of(), train.size(), trained == null ? Map.of() : top(trained.gainImportance(), 15),
                            seconds(), file.getFileName().toString(), method);
                }
                return score(ranked, ranker.isPresent(), train.size(), trained, file, method);
            } finally {
                ranker.ifPresent(LightGbmRanker::close);
            }
        }

        private void writePredictions(Path file, RecContext ctx) {
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("customer_id,prediction\n");
                for (String c : data.toPredict()) {
                    List<ScoredArticle> list = ctx.ranker().isPresent() ? engine.recommend(profile(c), ctx, pool(c))
                            : fittedBlender.blend(profile(c), ctx, pool(c));
                    if (list.size() < engine.settings().k()) {
                        throw new IllegalStateException("only " + list.size() + " articles for " + c + " as of "
                                + Days.date(start - 1) + ": the data before it knows fewer than " + engine.settings().k());
                    }
                    w.write(c);
                    w.write(',');
                    for (int i = 0; i < list.size(); i++) {
                        if (i > 0) {
                            w.write(' ');
                        }
                        w.write(list.get(i).articleId());
                    }
                    w.write('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }

        private FoldResult score(RecContext ranked, boolean hasRanker, int queries, TrainedRanker trained, Path file,
                                 String method) {
            List<String> buyers = new ArrayList<>(actual.keySet());
            Map<String, Map<String, List<String>>> preds = new LinkedHashMap<>();
            Map<String, Set<String>> pooled = new HashMap<>();
            double poolSize = 0;
            for (String c : buyers) {
                CustomerProfile p = profile(c);
                Map<String, List<ScoredArticle>> pool = pool(c);
                for (CandidateSource s : engine.sources()) {
                    put(preds, SOURCE_PREFIX + s.name(), c, engine.recommendFromSource(p, context, s.name(), pool));
                }
                put(preds, BLEND, c, fittedBlender.blend(p, context, pool));
                if (hasRanker) {
                    put(preds, RANKER, c, engine.recommend(p, ranked, pool));
                }
                Set<String> ids = new HashSet<>();
                pool.values().forEach(l -> l.forEach(a -> ids.add(a.articleId())));
                pooled.put(c, ids);
                poolSize += ids.size();
            }
            fitted.forEach((name, f) -> {
                List<List<ScoredArticle>> lists = f.recommend(buyers, engine.settings().k());
                for (int i = 0; i < buyers.size(); i++) {
                    String c = buyers.get(i);
                    put(preds, MODEL_PREFIX + name, c, blender.fill(profile(c), context, lists.get(i)));
                }
            });
            Map<String, RankingMetrics.Summary> byMethod = new LinkedHashMap<>();
            Map<String, Map<String, double[]>> segments = new LinkedHashMap<>();
            int k = engine.settings().k();
            preds.forEach((m, lists) -> {
                byMethod.put(m, RankingMetrics.evaluate(lists, actual, k));
                Map<String, double[]> seg = new TreeMap<>();
                for (String c : buyers) {
                    double ap = RankingMetrics.averagePrecision(lists.get(c), actual.get(c), k);
                    for (String s : List.of("age:" + AgeBucket.name(profile(c).ageBucket()), "activity:" + activity(profile(c)))) {
                        double[] acc = seg.computeIfAbsent(s, x -> new double[2]);
                        acc[0] += ap;
                        acc[1]++;
                    }
                }
                segments.put(m, seg);
            });
            return new FoldResult(index, Days.date(start), Days.date(start + 6), buyers.size(), data.toPredict().size(),
                    byMethod, RankingMetrics.candidateRecall(pooled, actual), buyers.isEmpty() ? 0 : poolSize / buyers.size(),
                    segments, queries, trained == null ? Map.of() : top(trained.gainImportance(), 15), seconds(),
                    file.getFileName().toString(), method);
        }

        private Map<String, Double> seconds() {
            Map<String, Double> out = new LinkedHashMap<>();
            fitted.forEach((n, f) -> out.put(n, f.seconds()));
            return out;
        }

        private void put(Map<String, Map<String, List<String>>> preds, String method, String c, List<ScoredArticle> list) {
            preds.computeIfAbsent(method, x -> new HashMap<>()).put(c, list.stream().map(ScoredArticle::articleId).toList());
        }
    }

    /** Activity level of a customer before the cut: units bought. */
    static String activity(CustomerProfile p) {
        int units = 0;
        for (Edge e : p.edges()) {
            units += e.count();
        }
        if (units == 0) {
            return "0 (new)";
        }
        return units < 5 ? "1-4" : units < 20 ? "5-19" : "20+";
    }

    private static Map<String, Double> top(Map<String, Double> importance, int n) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : importance.entrySet()) {
            if (out.size() >= n) {
                break;
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }
}
