package io.hmrec.core.rec;

import io.hmrec.core.metrics.RankingMetrics;
import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ArticleIds;
import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.Days;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Development tool (not a test, not the product backtest): MAP@12 of each candidate source alone and of the blend on
 * weekly folds of a Kaggle-layout directory, reading the files with minimal plain-Java parsing so it does not depend
 * on the data package. Fold k covers the 7 days ending k-1 weeks before the data's last day; the state is built by
 * {@link InMemoryRecState} from everything before the fold.
 *
 * <p>Usage: {@code java -cp core/target/classes:core/target/test-classes io.hmrec.core.rec.QuickEval [DIR] [--folds N]
 * [--tune TRIALS]}. With {@code --tune}, source weights and the rank offset are searched on folds 5..8 only (a seeded
 * random search around the defaults) and the best setting is then reported on all folds, 1–4 and 5–8.
 */
public final class QuickEval {
    private record Fold(int index, int firstDay, int lastDay, Map<String, Set<String>> actual,
                        Map<String, CustomerProfile> profiles, RecContext context,
                        Map<String, Map<String, List<ScoredArticle>>> pools,
                        Map<String, Map<String, List<ScoredArticle>>> models) {}

    private QuickEval() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of("/work/shared/data/hm-real-sample");
        int folds = 8;
        int tune = 0;
        boolean models = false;
        boolean grid = false;
        int tuneFrom = 5;
        int tuneTo = 8;
        RecommenderSettings base = RecommenderSettings.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--set" -> base = override(base, args[++i]);
                case "--folds" -> folds = Integer.parseInt(args[++i]);
                case "--tune" -> tune = Integer.parseInt(args[++i]);
                case "--models" -> models = true;
                case "--grid" -> grid = true;
                case "--tune-folds" -> {
                    String[] r = args[++i].split("-");
                    tuneFrom = Integer.parseInt(r[0]);
                    tuneTo = Integer.parseInt(r[1]);
                }
                default -> dir = Path.of(args[i]);
            }
        }
        List<Purchase> purchases = readTransactions(dir.resolve("transactions_train.csv"));
        Map<String, Integer> buckets = readAgeBuckets(dir.resolve("customers.csv"));
        Map<String, ArticleInfo> articles = readArticles(dir.resolve("articles.csv"));
        System.out.printf(Locale.ROOT, "%d purchases, %d customers with age, %d articles%n",
                purchases.size(), buckets.size(), articles.size());

        long t0 = System.nanoTime();
        List<Fold> built = buildFolds(purchases, buckets, articles, base, folds, models);
        System.out.printf(Locale.ROOT, "state and candidate pools for %d folds built in %.1f s%n", folds, (System.nanoTime() - t0) / 1e9);
        RecommenderSettings best = base;
        if (tune > 0) {
            best = tune(built, base, tune);
        }
        if (grid) {
            best = grid(purchases, buckets, articles, base, folds, tuneFrom, tuneTo);
            built = buildFolds(purchases, buckets, articles, best, folds, models);
        }
        report(built, best);
    }

    static List<Fold> buildFolds(List<Purchase> purchases, Map<String, Integer> buckets, Map<String, ArticleInfo> articles,
                                 RecommenderSettings settings, int folds, boolean withModels) {
        int last = purchases.stream().mapToInt(Purchase::day).max().orElseThrow();
        RecommendationEngine engine = RecommendationEngine.standard(settings);
        InMemoryRecState state = new InMemoryRecState(settings, articles, buckets);
        List<Purchase> sorted = new ArrayList<>(purchases);
        sorted.sort(Comparator.comparingInt(Purchase::day)); // stable: file order within a day
        List<Fold> out = new ArrayList<>();
        int next = 0;
        for (int k = folds; k >= 1; k--) {
            int lastDay = last - 7 * (k - 1);
            int firstDay = lastDay - 6;
            while (next < sorted.size() && sorted.get(next).day() < firstDay) {
                state.apply(sorted.get(next++));
            }
            Map<String, Set<String>> actual = new LinkedHashMap<>();
            for (Purchase p : sorted) {
                if (p.day() >= firstDay && p.day() <= lastDay) {
                    actual.computeIfAbsent(p.customerId(), c -> new HashSet<>()).add(p.articleId());
                }
            }
            RecContext ctx = state.snapshot(firstDay - 1, Optional.empty(), Optional.empty());
            Map<String, CustomerProfile> profiles = new HashMap<>();
            Map<String, Map<String, List<ScoredArticle>>> pools = new HashMap<>();
            for (String c : actual.keySet()) {
                CustomerProfile prof = state.profile(c);
                profiles.put(c, prof);
                pools.put(c, engine.candidates(prof, ctx));
            }
            Map<String, Map<String, List<ScoredArticle>>> models = new LinkedHashMap<>();
            if (withModels) {
                TrainingData data = new TrainingData(firstDay, sorted.subList(0, next), Map.of(), articles, Map.of());
                List<String> buyers = new ArrayList<>(actual.keySet());
                for (RecommenderModel m : List.of(new PopularityModel(7), new ItemCfModel(100, 30), new UserCfModel(50, 60))) {
                    m.fit(data, 42L);
                    List<List<ScoredArticle>> recs = m.recommend(buyers, settings.k(), false);
                    Map<String, List<ScoredArticle>> byCustomer = new HashMap<>();
                    for (int i = 0; i < buyers.size(); i++) {
                        byCustomer.put(buyers.get(i), recs.get(i));
                    }
                    models.put("model:" + m.name(), byCustomer);
                }
            }
            out.add(new Fold(k, firstDay, lastDay, actual, profiles, ctx, pools, models));
        }
        out.sort(Comparator.comparingInt(Fold::index));
        return out;
    }

    /** Per fold MAP@12 of each source alone (filled to 12) and of the blend under {@code settings}. */
    private static Map<String, double[]> scores(List<Fold> folds, RecommenderSettings settings, boolean sourcesToo) {
        RecommendationEngine engine = RecommendationEngine.standard(settings);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int f = 0; f < folds.size(); f++) {
            Fold fold = folds.get(f);
            Map<String, Map<String, List<String>>> preds = new LinkedHashMap<>();
            for (String c : fold.actual().keySet()) {
                CustomerProfile prof = fold.profiles().get(c);
                Map<String, List<ScoredArticle>> pool = fold.pools().get(c);
                preds.computeIfAbsent("blend", x -> new HashMap<>()).put(c, ids(engine.recommend(prof, fold.context(), pool)));
                if (sourcesToo) {
                    for (var m : fold.models().entrySet()) {
                        // a model alone, completed to 12 by the same cold-start fill as the sources
                        preds.computeIfAbsent(m.getKey(), x -> new HashMap<>()).put(c,
                                ids(engine.recommendFromSource(prof, fold.context(), "model", Map.of("model", m.getValue().get(c)))));
                    }
                    for (CandidateSource s : engine.sources()) {
                        preds.computeIfAbsent(s.name(), x -> new HashMap<>())
                                .put(c, ids(engine.recommendFromSource(prof, fold.context(), s.name(), pool)));
                    }
                }
            }
            for (Map.Entry<String, Map<String, List<String>>> e : preds.entrySet()) {
                out.computeIfAbsent(e.getKey(), x -> new double[folds.size()])[f] =
                        RankingMetrics.map(e.getValue(), fold.actual(), settings.k());
            }
        }
        return out;
    }

    private static void report(List<Fold> folds, RecommenderSettings settings) {
        Map<String, double[]> scores = scores(folds, settings, true);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-14s", "MAP@12"));
        for (Fold f : folds) {
            head.append(String.format(Locale.ROOT, " %10s", Days.date(f.firstDay())));
        }
        head.append(String.format(Locale.ROOT, " %8s %8s %8s", "avg1-8", "avg1-4", "avg5-8"));
        if (folds.size() > 8) {
            head.append(String.format(Locale.ROOT, " %8s", "avg9-" + folds.size()));
        }
        System.out.println(head);
        StringBuilder buyers = new StringBuilder(String.format(Locale.ROOT, "%-14s", "buyers"));
        for (Fold f : folds) {
            buyers.append(String.format(Locale.ROOT, " %10d", f.actual().size()));
        }
        System.out.println(buyers);
        scores.forEach((name, v) -> {
            if (name.equals(Sources.EMBEDDING) && folds.stream().allMatch(f -> f.pools().values().stream()
                    .allMatch(p -> p.get(Sources.EMBEDDING).isEmpty()))) {
                return; // no model released in this tool: the row would only repeat the cold-start fill
            }
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-14s", name));
            for (double x : v) {
                row.append(String.format(Locale.ROOT, " %10.5f", x));
            }
            int n8 = Math.min(8, v.length);
            row.append(String.format(Locale.ROOT, " %8.5f %8.5f %8.5f", avg(v, 0, n8), avg(v, 0, Math.min(4, n8)), avg(v, 4, n8)));
            if (v.length > 8) {
                row.append(String.format(Locale.ROOT, " %8.5f", avg(v, 8, v.length)));
            }
            System.out.println(row);
        });
        Map<String, Set<String>> all = new HashMap<>();
        double recall = 0;
        for (Fold f : folds) {
            Map<String, Set<String>> pooled = new HashMap<>();
            f.pools().forEach((c, bySource) -> {
                Set<String> ids = new HashSet<>();
                bySource.values().forEach(l -> l.forEach(a -> ids.add(a.articleId())));
                pooled.put(c, ids);
            });
            recall += RankingMetrics.candidateRecall(pooled, f.actual());
        }
        System.out.printf(Locale.ROOT, "candidate recall of the pooled sources (%d per source), avg over folds: %.4f%n",
                settings.candidatesPerSource(), recall / folds.size());
        if (Boolean.getBoolean("quickeval.diag")) {
            diagnose(folds, settings);
        }
        System.out.println("weights " + new java.util.TreeMap<>(settings.sourceWeights()) + " rankOffset " + settings.rankOffset());
    }

    /** Where the week's purchases sit: in which source pools, and how many made the blended 12. */
    private static void diagnose(List<Fold> folds, RecommenderSettings settings) {
        RecommendationEngine engine = RecommendationEngine.standard(settings);
        for (Fold f : folds) {
            Map<String, Integer> inPool = new java.util.TreeMap<>();
            int pairs = 0;
            int inBlend = 0;
            int inAnyPool = 0;
            for (var e : f.actual().entrySet()) {
                Map<String, List<ScoredArticle>> pool = f.pools().get(e.getKey());
                Set<String> blend = new HashSet<>(ids(engine.recommend(f.profiles().get(e.getKey()), f.context(), pool)));
                for (String a : e.getValue()) {
                    pairs++;
                    boolean any = false;
                    for (var p : pool.entrySet()) {
                        if (ids(p.getValue()).contains(a)) {
                            inPool.merge(p.getKey(), 1, Integer::sum);
                            any = true;
                        }
                    }
                    inAnyPool += any ? 1 : 0;
                    inBlend += blend.contains(a) ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "fold %d: %d bought pairs, %d in some pool, %d in the blended 12; per pool %s%n",
                    f.index(), pairs, inAnyPool, inBlend, inPool);
        }
    }

    /**
     * Coarse grid over the blend's knobs, each setting scored by its mean blend MAP@12 on folds 5..8 ONLY; the best is
     * returned and then reported on every fold, so folds 1..4 (and 9.. when built) show how much the choice overfits.
     */
    private static RecommenderSettings grid(List<Purchase> purchases, Map<String, Integer> buckets,
                                            Map<String, ArticleInfo> articles, RecommenderSettings base, int folds,
                                            int tuneFrom, int tuneTo) {
        // deliberately coarse: ~50 buyers per fold make finer grids chase noise
        double[] same = {0.25, 0.5};
        double[] co = {0, 0.1};
        double[] trend = {0, 0.05};
        double[] agePop = {0.05, 0.2};
        double[] offsets = {1, 2};
        double[] exps = {0, 0.5, 1};
        double[] repHalfLives = {30, 60};
        RecommenderSettings best = base;
        double bestScore = -1;
        int tried = 0;
        for (double hl : repHalfLives) {
            RecommenderSettings withHl = override(base, "repurchaseHalfLifeDays=" + hl);
            List<Fold> tuneFolds = buildFolds(purchases, buckets, articles, withHl, tuneTo, false).stream()
                    .filter(f -> f.index() >= tuneFrom).toList();
            for (double sp : same) {
                for (double c : co) {
                    for (double t : trend) {
                        for (double ap : agePop) {
                            for (double off : offsets) {
                                for (double ex : exps) {
                                    Map<String, Double> w = new HashMap<>(base.sourceWeights());
                                    w.put(Sources.REPURCHASE, 1.0);
                                    w.put(Sources.SAME_PRODUCT, sp);
                                    w.put(Sources.CO_PURCHASE, c);
                                    w.put(Sources.TRENDING, t);
                                    w.put(Sources.AGE_POPULAR, ap);
                                    RecommenderSettings cand = override(withHl.withSourceWeights(w).withRankOffset(off),
                                            "scoreExponent=" + ex);
                                    double score = avg(scores(tuneFolds, cand, false).get("blend"), 0, tuneFolds.size());
                                    tried++;
                                    if (score > bestScore + 1e-12) {
                                        bestScore = score;
                                        best = cand;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "grid: %d settings tried on folds %d-%d; best mean %.5f with repurchaseHalfLife %.0f, "
                + "rankOffset %.1f, scoreExponent %.1f, weights %s%n", tried, tuneFrom, tuneTo, bestScore, best.repurchaseHalfLifeDays(),
                best.rankOffset(), best.scoreExponent(), new java.util.TreeMap<>(best.sourceWeights()));
        return best;
    }

    private static RecommenderSettings tune(List<Fold> folds, RecommenderSettings base, int trials) {
        List<Fold> tuneFolds = folds.stream().filter(f -> f.index() >= 5).toList();
        Random rnd = new Random(20240611L);
        RecommenderSettings best = base;
        double bestScore = avg(scores(tuneFolds, base, false).get("blend"), 0, tuneFolds.size());
        System.out.printf(Locale.ROOT, "tuning on folds 5-8: defaults %.5f%n", bestScore);
        String[] names = {Sources.REPURCHASE, Sources.SAME_PRODUCT, Sources.CO_PURCHASE, Sources.TRENDING, Sources.AGE_POPULAR};
        double[] offsets = {0.5, 1, 2, 4, 8, 20};
        for (int t = 0; t < trials; t++) {
            Map<String, Double> w = new HashMap<>(best.sourceWeights());
            for (String n : names) {
                if (rnd.nextDouble() < 0.5) {
                    w.put(n, Math.max(0, best.weight(n) * Math.exp(rnd.nextGaussian() * 0.7) + (rnd.nextDouble() < 0.1 ? 0.1 : 0)));
                }
            }
            RecommenderSettings cand = best.withSourceWeights(w);
            if (rnd.nextDouble() < 0.3) {
                cand = cand.withRankOffset(offsets[rnd.nextInt(offsets.length)]);
            }
            double s = avg(scores(tuneFolds, cand, false).get("blend"), 0, tuneFolds.size());
            if (s > bestScore) {
                bestScore = s;
                best = cand;
                System.out.printf(Locale.ROOT, "trial %d: %.5f %s offset %.1f%n", t, s, new java.util.TreeMap<>(w), cand.rankOffset());
            }
        }
        return best;
    }

    /** {@code name=value} for a numeric settings component, or {@code w.SOURCE=value} for a source weight. */
    static RecommenderSettings override(RecommenderSettings s, String kv) {
        String[] p = kv.split("=", 2);
        if (p[0].startsWith("w.")) {
            Map<String, Double> w = new HashMap<>(s.sourceWeights());
            w.put(p[0].substring(2), Double.parseDouble(p[1]));
            return s.withSourceWeights(w);
        }
        try {
            var comps = RecommenderSettings.class.getRecordComponents();
            Object[] vals = new Object[comps.length];
            Class<?>[] types = new Class<?>[comps.length];
            boolean found = false;
            for (int i = 0; i < comps.length; i++) {
                types[i] = comps[i].getType();
                vals[i] = comps[i].getAccessor().invoke(s);
                if (comps[i].getName().equals(p[0])) {
                    found = true;
                    vals[i] = types[i] == int.class ? (Object) Integer.parseInt(p[1])
                            : types[i] == long.class ? (Object) Long.parseLong(p[1]) : (Object) Double.parseDouble(p[1]);
                }
                if (p[0].equals("popularHalfLife") || p[0].equals("trendingHalfLife")) {
                    if (comps[i].getName().equals("halfLives")) {
                        io.hmrec.core.state.HalfLives h = s.halfLives();
                        double v = Double.parseDouble(p[1]);
                        vals[i] = p[0].startsWith("popular") ? new io.hmrec.core.state.HalfLives(v, h.trendingDays())
                                : new io.hmrec.core.state.HalfLives(h.popularDays(), v);
                        found = true;
                    }
                }
            }
            if (!found) {
                throw new IllegalArgumentException("no setting " + p[0]);
            }
            return RecommenderSettings.class.getDeclaredConstructor(types).newInstance(vals);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double avg(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    private static List<String> ids(List<ScoredArticle> list) {
        return list.stream().map(ScoredArticle::articleId).toList();
    }

    // ---- minimal Kaggle-layout readers --------------------------------------------------------------------------

    static List<Purchase> readTransactions(Path file) throws IOException {
        List<Purchase> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.startsWith("t_dat,customer_id,article_id,price,sales_channel_id")) {
                throw new IOException(file + ": unexpected header " + header);
            }
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",", -1);
                out.add(new Purchase(Days.parse(f[0]), f[1], ArticleIds.normalise(f[2]), Double.parseDouble(f[3]),
                        Integer.parseInt(f[4])));
            }
        }
        return out;
    }

    static Map<String, Integer> readAgeBuckets(Path file) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> header = splitCsv(r.readLine());
            int id = header.indexOf("customer_id");
            int age = header.indexOf("age");
            String line;
            while ((line = r.readLine()) != null) {
                List<String> f = splitCsv(line);
                String a = f.get(age);
                out.put(f.get(id), a.isEmpty() ? AgeBucket.UNKNOWN : AgeBucket.of((int) Double.parseDouble(a)));
            }
        }
        return out;
    }

    static Map<String, ArticleInfo> readArticles(Path file) throws IOException {
        Map<String, ArticleInfo> out = new HashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> h = splitCsv(r.readLine());
            String line;
            while ((line = r.readLine()) != null) {
                List<String> f = splitCsv(line);
                String id = ArticleIds.normalise(f.get(h.indexOf("article_id")));
                out.put(id, new ArticleInfo(id, ArticleIds.productCode(id), num(f.get(h.indexOf("product_type_no"))),
                        f.get(h.indexOf("product_group_name")), num(f.get(h.indexOf("colour_group_code"))),
                        num(f.get(h.indexOf("department_no"))), f.get(h.indexOf("index_group_name")),
                        num(f.get(h.indexOf("garment_group_no")))));
            }
        }
        return out;
    }

    private static int num(String s) {
        return s.isEmpty() ? -1 : Integer.parseInt(s);
    }

    /** Splits one CSV line with RFC 4180 quotes (detail_desc holds quoted commas; no field spans lines here). */
    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
