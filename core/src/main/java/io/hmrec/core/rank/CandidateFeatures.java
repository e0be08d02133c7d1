package io.hmrec.core.rank;

import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ArticleIds;
import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.Blender;
import io.hmrec.core.rec.CandidateSource;
import io.hmrec.core.rec.CustomerProfile;
import io.hmrec.core.rec.Edge;
import io.hmrec.core.rec.EmbeddingScorer;
import io.hmrec.core.rec.PopularityKind;
import io.hmrec.core.rec.RecContext;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.rec.Sources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The learned ranker's features: a fixed, named vector per pooled candidate of one customer, computed only from what
 * the live system holds (the customer's edge set, the candidate pools, the popularity and catalog views and the
 * released embedding model), so the topology, the trainer and the backtest compute identical rows.
 *
 * <p>Feature families (the kind that won the H&M competition):
 * <ul>
 *   <li>the customer's purchases of the article, of its product code (all colours) and of its product group over the
 *       last 1 / 7 / 28 days and all history ({@code art_cnt_7d}, {@code prod_cnt_28d}, {@code grp_cnt_all}, ...),
 *       and days since the last purchase of each ({@code art_days_since}; missing when never bought);</li>
 *   <li>each source's score and 1-based rank ({@code src_<source>_score}, {@code src_<source>_rank}; a source that
 *       did not propose the article gives a missing score and rank {@link #MISSING_RANK}) and how many sources
 *       proposed it;</li>
 *   <li>popularity (long half-life), trending (short half-life), their ratio (the trend), both within the
 *       customer's age bucket too ({@code pop_age}, {@code trend_age}) with the bucket's share of the global count
 *       and its own trend, and the article's 1-based place in each of those four top lists ({@code pop_rank},
 *       {@code trend_rank}, {@code pop_age_rank}, {@code trend_age_rank}; {@link #MISSING_RANK} below the
 *       {@link #RANK_DEPTH} kept places; the age ones missing for a customer of unknown age), and its place among
 *       the articles of its own index group in the global and the age bucket's trending list
 *       ({@code trend_index_rank}, {@code trend_age_index_rank}; missing without an index group): on data where a
 *       product's sales rise and decay within weeks, what sells now among customers of one's age is the strongest
 *       population signal, and places compare across weeks where decayed counts grow with the traffic;</li>
 *   <li>the customer: age bucket, distinct articles, units, days since last purchase, online share, mean price; price
 *       of the article the customer paid relative to their usual price; shares of the customer's units in the
 *       candidate's department and index group;</li>
 *   <li>the released embedding model's score ({@code emb_score}; missing when no model or the model lacks the
 *       pair).</li>
 * </ul>
 *
 * <p>Window counts come from edges, which keep per article only a unit count and the first and last day. A window
 * that covers the edge's whole span gets the exact count; one that covers only its latest part gets the count
 * pro-rated over the span (at least 1, since the last purchase is inside). Missing values are {@link Double#NaN},
 * which LightGBM treats as missing. The names (and their order) are part of a trained model: a model must be scored
 * with the same names, which {@link #requireSameNames} checks.
 *
 * <p>Immutable and thread-safe.
 */
public final class CandidateFeatures {
    /** Rank given to an article a source did not propose: above any real rank (sources return at most hundreds). */
    public static final double MISSING_RANK = 1000.0;
    /**
     * Depth of the popularity top lists whose places become the {@code *_rank} features: as deep as the topology
     * keeps them ({@code RecommenderSettings.popularListSize}); an article below it gets {@link #MISSING_RANK}.
     */
    static final int RANK_DEPTH = 200;
    /** Look-back windows in days of the window count features; 0 means all history. */
    static final int[] WINDOWS = {1, 7, 28, 0};
    private static final String[] WINDOW_NAMES = {"1d", "7d", "28d", "all"};

    private final List<String> sources;
    private final Blender blender;
    private final List<String> names;
    private final int sourceBase;
    private final int popBase;

    /** Features over the given candidate sources, in that order (the engine's source order). */
    public CandidateFeatures(List<String> sourceNames) {
        this(sourceNames, null);
    }

    /**
     * Features over the given sources plus, when {@code blender} is given, the article's place in the blend's top
     * {@code k} ({@code blend_rank}, {@code blend_score}): the tuned rank fusion as one more signal, so the ranker
     * starts from the blend instead of rediscovering it from few labels.
     */
    public CandidateFeatures(List<String> sourceNames, Blender blender) {
        this.blender = blender;
        this.sources = List.copyOf(sourceNames);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("candidate features need at least one candidate source");
        }
        List<String> n = new ArrayList<>();
        for (String family : new String[] {"art", "prod", "grp"}) {
            for (String w : WINDOW_NAMES) {
                n.add(family + "_cnt_" + w);
            }
            n.add(family + "_days_since");
        }
        n.add("prod_n_articles");
        sourceBase = n.size();
        for (String s : sources) {
            if (!s.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("source name '" + s + "' is not lower-case letters, digits and '-'");
            }
            n.add("src_" + s + "_score");
            n.add("src_" + s + "_rank");
        }
        n.add("n_sources");
        if (blender != null) {
            n.add("blend_rank");
            n.add("blend_score");
        }
        popBase = n.size();
        n.addAll(List.of("pop_all", "trend_all", "trend_ratio", "pop_age", "pop_age_share",
                "trend_age", "trend_age_share", "trend_age_ratio", "pop_rank", "trend_rank", "pop_age_rank",
                "trend_age_rank", "trend_index_rank", "trend_age_index_rank",
                "age_bucket", "cust_articles", "cust_units", "cust_days_since_last", "cust_online_share",
                "cust_mean_price", "price_rel", "dept_share", "index_share", "emb_score"));
        if (n.stream().distinct().count() != n.size()) {
            throw new IllegalArgumentException("candidate source names " + sources + " repeat");
        }
        this.names = List.copyOf(n);
    }

    /** Features over {@link Sources#standard the standard sources} and the default settings' blend. */
    public static CandidateFeatures standard() {
        return of(RecommenderSettings.defaults());
    }

    /** Features over the standard sources (the topology's engine, in its order) and the blend of {@code settings}. */
    public static CandidateFeatures of(RecommenderSettings settings) {
        return new CandidateFeatures(Sources.standard(settings).stream().map(CandidateSource::name).toList(),
                new Blender(settings));
    }

    /** Feature names in column order. */
    public List<String> names() {
        return names;
    }

    /** Source names the features were built for. */
    public List<String> sources() {
        return sources;
    }

    /**
     * Throws a clear error when a model was trained on other features than these: the first differing position,
     * the missing and the extra names.
     */
    public void requireSameNames(List<String> modelNames) {
        if (modelNames.equals(names)) {
            return;
        }
        int i = 0;
        while (i < Math.min(names.size(), modelNames.size()) && names.get(i).equals(modelNames.get(i))) {
            i++;
        }
        List<String> missing = new ArrayList<>(names);
        missing.removeAll(modelNames);
        List<String> extra = new ArrayList<>(modelNames);
        extra.removeAll(names);
        throw new IllegalArgumentException("ranker model features do not match the candidate features: first difference at column "
                + i + " (model '" + (i < modelNames.size() ? modelNames.get(i) : "<end>") + "', features '"
                + (i < names.size() ? names.get(i) : "<end>") + "'); model has " + modelNames.size() + " features, "
                + names.size() + " expected; missing from model " + missing + ", unknown to features " + extra);
    }

    /**
     * Pools the sources' candidates (distinct, in source order then rank) and computes one row per pooled article.
     *
     * @param bySource source name → best-first candidates, as {@code RecommendationEngine.candidates} returns them;
     *                 sources unknown to these features are pooled but give no score columns
     */
    public FeatureRows compute(CustomerProfile customer, RecContext context, Map<String, List<ScoredArticle>> bySource) {
        Objects.requireNonNull(customer, "customer");
        Map<String, Integer> rowOf = new LinkedHashMap<>();
        for (String s : sources) {
            for (ScoredArticle a : bySource.getOrDefault(s, List.of())) {
                rowOf.putIfAbsent(a.articleId(), rowOf.size());
            }
        }
        bySource.forEach((s, list) -> list.forEach(a -> rowOf.putIfAbsent(a.articleId(), rowOf.size())));
        List<String> ids = new ArrayList<>(rowOf.keySet());
        return compute(customer, context, bySource, ids);
    }

    /** As {@link #compute(CustomerProfile, RecContext, Map)} for a given list of distinct candidate articles. */
    public FeatureRows compute(CustomerProfile customer, RecContext context, Map<String, List<ScoredArticle>> bySource,
                               List<String> articleIds) {
        int width = names.size();
        int rows = articleIds.size();
        double[] v = new double[rows * width];
        java.util.Arrays.fill(v, Double.NaN);
        Map<String, Integer> rowOf = new HashMap<>();
        for (int r = 0; r < rows; r++) {
            if (rowOf.put(articleIds.get(r), r) != null) {
                throw new IllegalArgumentException("candidate " + articleIds.get(r) + " appears twice");
            }
        }
        History h = new History(customer, context);
        int asOf = context.asOfDay();
        EmbeddingScorer emb = context.embeddings().orElse(null);
        List<ScoredArticle> blended = blender == null ? List.of() : blender.blend(customer, context, bySource);
        Map<String, Integer> blendRank = new HashMap<>();
        for (int i = 0; i < blended.size(); i++) {
            blendRank.putIfAbsent(blended.get(i).articleId(), i);
        }
        int bucket = customer.ageBucket();
        boolean aged = bucket != AgeBucket.UNKNOWN;
        Map<String, Integer> popRank = rankOf(context, PopularityKind.POPULAR, AgeBucket.ALL);
        List<ScoredArticle> trending = context.popularity().top(PopularityKind.TRENDING, AgeBucket.ALL, RANK_DEPTH);
        List<ScoredArticle> trendingAge = aged ? context.popularity().top(PopularityKind.TRENDING, bucket, RANK_DEPTH)
                : List.of();
        Map<String, Integer> trendRank = rankOf(trending);
        Map<String, Integer> popAgeRank = aged ? rankOf(context, PopularityKind.POPULAR, bucket) : Map.of();
        Map<String, Integer> trendAgeRank = rankOf(trendingAge);
        Map<String, Integer> trendIndexRank = rankWithinIndexGroup(context, trending);
        Map<String, Integer> trendAgeIndexRank = rankWithinIndexGroup(context, trendingAge);

        double[] nSources = new double[rows];
        for (int s = 0; s < sources.size(); s++) {
            List<ScoredArticle> list = bySource.getOrDefault(sources.get(s), List.of());
            int scoreCol = sourceBase + 2 * s;
            for (int r = 0; r < rows; r++) {
                v[r * width + scoreCol + 1] = MISSING_RANK;
            }
            for (int i = 0; i < list.size(); i++) {
                Integer r = rowOf.get(list.get(i).articleId());
                if (r == null || !Double.isNaN(v[r * width + scoreCol])) {
                    continue; // not a requested row, or a repeat within one source: the best rank counts
                }
                v[r * width + scoreCol] = list.get(i).score();
                v[r * width + scoreCol + 1] = i + 1;
                nSources[r]++;
            }
        }

        for (int r = 0; r < rows; r++) {
            String a = articleIds.get(r);
            int o = r * width;
            ArticleInfo info = context.catalog().article(a);
            Agg prod = h.byProduct.getOrDefault(ArticleIds.productCode(a), Agg.NONE);
            int c = windowed(v, o, h.byArticle.getOrDefault(a, Agg.NONE), asOf);
            c = windowed(v, c, prod, asOf);
            // a catalog without the article's product group leaves the group features missing, not zero
            c = info.productGroupName().isEmpty() ? c + WINDOWS.length + 1
                    : windowed(v, c, h.byGroup.getOrDefault(info.productGroupName(), Agg.NONE), asOf);
            v[c] = prod.articles;

            v[o + sourceBase + 2 * sources.size()] = nSources[r];
            if (blender != null) {
                Integer b = blendRank.get(a);
                v[o + sourceBase + 2 * sources.size() + 1] = b == null ? MISSING_RANK : b + 1;
                v[o + sourceBase + 2 * sources.size() + 2] = b == null ? Double.NaN : blended.get(b).score();
            }

            int p = o + popBase;
            double pop = context.popularity().score(PopularityKind.POPULAR, AgeBucket.ALL, a);
            double trend = context.popularity().score(PopularityKind.TRENDING, AgeBucket.ALL, a);
            double popAge = aged ? context.popularity().score(PopularityKind.POPULAR, bucket, a) : Double.NaN;
            double trendAge = aged ? context.popularity().score(PopularityKind.TRENDING, bucket, a) : Double.NaN;
            v[p] = pop;
            v[p + 1] = trend;
            v[p + 2] = trend / (pop + 1e-3);
            v[p + 3] = popAge;
            v[p + 4] = popAge / (pop + 1e-3);
            v[p + 5] = trendAge;
            v[p + 6] = trendAge / (trend + 1e-3);
            v[p + 7] = trendAge / (popAge + 1e-3);
            v[p + 8] = rank(popRank, a);
            v[p + 9] = rank(trendRank, a);
            v[p + 10] = aged ? rank(popAgeRank, a) : Double.NaN;
            v[p + 11] = aged ? rank(trendAgeRank, a) : Double.NaN;
            v[p + 12] = info.indexGroupName().isEmpty() ? Double.NaN : rank(trendIndexRank, a);
            v[p + 13] = aged && !info.indexGroupName().isEmpty() ? rank(trendAgeIndexRank, a) : Double.NaN;
            v[p + 14] = bucket;
            v[p + 15] = h.articles;
            v[p + 16] = h.units;
            v[p + 17] = h.lastDay == Integer.MIN_VALUE ? Double.NaN : Math.max(0, asOf - h.lastDay);
            v[p + 18] = h.articles == 0 ? Double.NaN : h.online / h.articles;
            v[p + 19] = h.articles == 0 ? Double.NaN : h.meanPrice;
            Edge own = h.edges.get(a);
            v[p + 20] = own == null || !(h.meanPrice > 0) ? Double.NaN : own.lastPrice() / h.meanPrice;
            v[p + 21] = h.units == 0 || info.departmentNo() < 0 ? Double.NaN
                    : h.byDepartment.getOrDefault(info.departmentNo(), 0.0) / h.units;
            v[p + 22] = h.units == 0 || info.indexGroupName().isEmpty() ? Double.NaN
                    : h.byIndexGroup.getOrDefault(info.indexGroupName(), 0.0) / h.units;
            v[p + 23] = emb == null ? Double.NaN : emb.score(customer.customerId(), a);
        }
        return new FeatureRows(customer.customerId(), names, articleIds, v);
    }

    /** 1-based places of the articles in one popularity top list of {@link #RANK_DEPTH}. */
    private static Map<String, Integer> rankOf(RecContext context, PopularityKind kind, int ageBucket) {
        return rankOf(context.popularity().top(kind, ageBucket, RANK_DEPTH));
    }

    private static Map<String, Integer> rankOf(List<ScoredArticle> top) {
        Map<String, Integer> out = new HashMap<>(top.size() * 2);
        for (int i = 0; i < top.size(); i++) {
            out.putIfAbsent(top.get(i).articleId(), i + 1);
        }
        return out;
    }

    /**
     * 1-based places of the articles of a best-first list among the list's articles of their own index group;
     * articles the catalog gives no index group are left out.
     */
    private static Map<String, Integer> rankWithinIndexGroup(RecContext context, List<ScoredArticle> top) {
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Integer> out = new HashMap<>(top.size() * 2);
        for (ScoredArticle s : top) {
            String group = context.catalog().article(s.articleId()).indexGroupName();
            if (!group.isEmpty() && !out.containsKey(s.articleId())) {
                out.put(s.articleId(), seen.merge(group, 1, Integer::sum));
            }
        }
        return out;
    }

    private static double rank(Map<String, Integer> ranks, String articleId) {
        Integer r = ranks.get(articleId);
        return r == null ? MISSING_RANK : r;
    }

    /** Units bought in the last {@code window} days (0 = all) as far as one edge can tell; see the class comment. */
    static double windowCount(Edge e, int asOfDay, int window) {
        if (window == 0) {
            return e.count();
        }
        int start = asOfDay - window + 1; // first day inside the window
        if (e.lastDay() < start) {
            return 0;
        }
        if (e.firstDay() >= start) {
            return e.count();
        }
        double span = e.lastDay() - e.firstDay() + 1.0;
        double inside = e.lastDay() - start + 1.0;
        return Math.max(1.0, e.count() * inside / span);
    }

    /** Aggregated window counts of a set of edges (one product code or one product group). */
    private static final class Agg {
        static final Agg NONE = new Agg();
        final double[] counts = new double[WINDOWS.length];
        int lastDay = Integer.MIN_VALUE;
        int articles;

        void add(Edge e, int asOfDay) {
            for (int w = 0; w < WINDOWS.length; w++) {
                counts[w] += windowCount(e, asOfDay, WINDOWS[w]);
            }
            lastDay = Math.max(lastDay, e.lastDay());
            articles++;
        }
    }

    /** One customer's history, aggregated once per call. */
    private static final class History {
        final Map<String, Edge> edges = new HashMap<>();
        final Map<String, Agg> byArticle = new HashMap<>();
        final Map<String, Agg> byProduct = new HashMap<>();
        final Map<String, Agg> byGroup = new HashMap<>();
        final Map<Integer, Double> byDepartment = new HashMap<>();
        final Map<String, Double> byIndexGroup = new HashMap<>();
        int articles;
        double units;
        double online;
        double meanPrice;
        int lastDay = Integer.MIN_VALUE;

        History(CustomerProfile customer, RecContext context) {
            int asOf = context.asOfDay();
            double priceSum = 0;
            for (Edge e : customer.edges()) {
                edges.put(e.articleId(), e);
                Agg art = new Agg();
                art.add(e, asOf);
                byArticle.put(e.articleId(), art);
                byProduct.computeIfAbsent(ArticleIds.productCode(e.articleId()), k -> new Agg()).add(e, asOf);
                ArticleInfo info = context.catalog().article(e.articleId());
                if (!info.productGroupName().isEmpty()) {
                    byGroup.computeIfAbsent(info.productGroupName(), k -> new Agg()).add(e, asOf);
                }
                if (info.departmentNo() >= 0) {
                    byDepartment.merge(info.departmentNo(), (double) e.count(), Double::sum);
                }
                if (!info.indexGroupName().isEmpty()) {
                    byIndexGroup.merge(info.indexGroupName(), (double) e.count(), Double::sum);
                }
                articles++;
                units += e.count();
                online += e.lastChannel() == 2 ? 1 : 0;
                priceSum += e.lastPrice();
                lastDay = Math.max(lastDay, e.lastDay());
            }
            meanPrice = articles == 0 ? Double.NaN : priceSum / articles;
        }
    }

    /** Writes the window counts and days-since of {@code agg} from {@code at}; returns the next free index. */
    private static int windowed(double[] v, int at, Agg agg, int asOf) {
        for (int w = 0; w < WINDOWS.length; w++) {
            v[at + w] = agg.counts[w];
        }
        // clamped: a late-arriving event may date an edge after the as-of day online
        v[at + WINDOWS.length] = agg.lastDay == Integer.MIN_VALUE ? Double.NaN : Math.max(0, asOf - agg.lastDay);
        return at + WINDOWS.length + 1;
    }
}
