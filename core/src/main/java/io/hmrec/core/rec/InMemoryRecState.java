package io.hmrec.core.rec;

import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ArticleIds;
import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.state.CoPurchase;
import io.hmrec.core.state.CustomerEdges;
import io.hmrec.core.state.DecayedCount;
import io.hmrec.core.state.NegativeSampler;
import io.hmrec.core.state.Neighbours;
import io.hmrec.core.state.PopularityState;
import io.hmrec.core.state.TopN;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The recommender's state kept in memory by the SAME updaters the streaming topology applies to its stores
 * ({@link CustomerEdges}, {@link CoPurchase} + {@link Neighbours}, {@link PopularityState} + {@link TopN}), for tests,
 * the trainer's evaluation and tuning. Feed purchases with {@link #apply(Purchase)} (any order; results match the
 * event-time order up to the bounded lists), then read through {@link #context(int, Optional, Optional)}. Not
 * thread-safe: one writer, reads after writes.
 */
public final class InMemoryRecState {
    private static final String POPULAR_LABEL = "popularity";
    private final RecommenderSettings settings;
    private final Map<String, ArticleInfo> catalog;
    private final Map<String, Integer> ageBuckets;
    private final Map<String, TreeSet<String>> articlesByProduct = new HashMap<>();
    private final Map<String, CustomerEdges> edges = new HashMap<>();
    private final Map<String, PopularityState> popularity = new HashMap<>();
    private final Map<String, Neighbours> neighbours = new HashMap<>();
    /** Top lists by kind, then slot (0 = all, b + 1 = bucket b); scores are rank keys. */
    private final TopN[][] tops;
    private int lastDay = Integer.MIN_VALUE;

    /**
     * @param catalog    known articles (may be partial; purchased articles join their product's colour list anyway)
     * @param ageBuckets customer id → {@link AgeBucket} id; missing customers are {@link AgeBucket#UNKNOWN}
     */
    public InMemoryRecState(RecommenderSettings settings, Map<String, ArticleInfo> catalog, Map<String, Integer> ageBuckets) {
        this.settings = settings;
        this.catalog = Map.copyOf(catalog);
        this.ageBuckets = Map.copyOf(ageBuckets);
        for (String id : this.catalog.keySet()) {
            articlesByProduct.computeIfAbsent(ArticleIds.productCode(id), p -> new TreeSet<>()).add(id);
        }
        tops = new TopN[PopularityKind.values().length][AgeBucket.COUNT + 1];
        for (TopN[] row : tops) {
            java.util.Arrays.fill(row, TopN.empty(settings.popularListSize()));
        }
    }

    /** Applies one purchase to every piece of state, in the order the topology does. */
    public void apply(Purchase p) {
        CustomerEdges before = edges.getOrDefault(p.customerId(), CustomerEdges.EMPTY);
        for (CoPurchase.Pair pair : CoPurchase.pairs(before.edges(), p, settings.coPurchaseWindowDays(),
                settings.coPurchaseGapHalfLifeDays())) {
            neighbours.put(pair.from(), neighbours.getOrDefault(pair.from(), Neighbours.empty(settings.neighboursPerArticle()))
                    .add(pair.to(), pair.weight(), pair.day(), settings.neighbourHalfLifeDays()));
        }
        edges.put(p.customerId(), before.add(p, settings.maxEdgesPerCustomer()));
        int bucket = ageBucket(p.customerId());
        PopularityState pop = popularity.getOrDefault(p.articleId(), PopularityState.EMPTY)
                .add(p.day(), bucket, 1.0, settings.halfLives());
        popularity.put(p.articleId(), pop);
        for (PopularityKind kind : PopularityKind.values()) {
            TopN[] row = tops[kind.ordinal()];
            row[0] = row[0].update(p.articleId(), pop.rankKey(kind, AgeBucket.ALL, settings.halfLives()));
            row[bucket + 1] = row[bucket + 1].update(p.articleId(), pop.rankKey(kind, bucket, settings.halfLives()));
        }
        articlesByProduct.computeIfAbsent(p.productCode(), c -> new TreeSet<>()).add(p.articleId());
        lastDay = Math.max(lastDay, p.day());
    }

    /** Applies purchases in list order. */
    public void applyAll(Iterable<Purchase> purchases) {
        for (Purchase p : purchases) {
            apply(p);
        }
    }

    /** Latest event day applied; {@link Integer#MIN_VALUE} before any. */
    public int lastDay() {
        return lastDay;
    }

    /**
     * A context as of {@code day} reading this state live: later {@link #apply} calls show through. Cheap; use it
     * when recommendations are made before the next purchase is applied.
     */
    public RecContext context(int day, Optional<EmbeddingScorer> embeddings, Optional<CandidateRanker> ranker) {
        View view = new View(day, popularity, neighbours, articlesByProduct, tops);
        return new RecContext(day, view, view, view, embeddings, ranker);
    }

    /**
     * A context as of {@code day} frozen at the current state: later {@link #apply} calls do not show through (the
     * backtest keeps one per fold while the state moves on). Costs a shallow copy of the state maps; the state values
     * themselves are immutable and shared.
     */
    public RecContext snapshot(int day, Optional<EmbeddingScorer> embeddings, Optional<CandidateRanker> ranker) {
        Map<String, TreeSet<String>> products = new HashMap<>();
        articlesByProduct.forEach((code, ids) -> products.put(code, new TreeSet<>(ids)));
        TopN[][] topsCopy = new TopN[tops.length][];
        for (int i = 0; i < tops.length; i++) {
            topsCopy[i] = tops[i].clone();
        }
        View view = new View(day, new HashMap<>(popularity), new HashMap<>(neighbours), products, topsCopy);
        return new RecContext(day, view, view, view, embeddings, ranker);
    }

    /** The customer's profile; a cold profile (no edges) for an unknown customer. */
    public CustomerProfile profile(String customerId) {
        return new CustomerProfile(customerId, ageBucket(customerId),
                edges.getOrDefault(customerId, CustomerEdges.EMPTY).edges());
    }

    /** Customers with at least one purchase, sorted. */
    public List<String> customers() {
        List<String> out = new ArrayList<>(edges.keySet());
        out.sort(null);
        return out;
    }

    /** The customer's negative samples as the topology would keep them, drawn from the global popular list. */
    public NegativeSampler.Sample negatives(String customerId, int day) {
        Set<String> positives = new HashSet<>();
        for (Edge e : edges.getOrDefault(customerId, CustomerEdges.EMPTY).edges()) {
            positives.add(e.articleId());
        }
        return new NegativeSampler(settings.negativeSeed()).sample(customerId, day,
                topAt(tops, PopularityKind.POPULAR, AgeBucket.ALL, settings.popularListSize(), day), positives,
                settings.negativesPerCustomer());
    }

    private int ageBucket(String customerId) {
        return ageBuckets.getOrDefault(customerId, AgeBucket.UNKNOWN);
    }

    private List<ScoredArticle> topAt(TopN[][] tops, PopularityKind kind, int ageBucket, int n, int day) {
        TopN top = tops[kind.ordinal()][ageBucket == AgeBucket.ALL ? 0 : ageBucket + 1];
        double hl = settings.halfLives().of(kind);
        List<ScoredArticle> out = new ArrayList<>(Math.min(n, top.entries().size()));
        for (TopN.Entry e : top.entries()) {
            if (out.size() >= n) {
                break;
            }
            out.add(new ScoredArticle(e.articleId(), DecayedCount.valueFromRankKey(e.score(), day, hl), POPULAR_LABEL));
        }
        return out;
    }

    /** The views as of one day; later {@link #apply} calls show through. */
    private final class View implements PopularityView, NeighbourView, CatalogView {
        private final int day;
        private final Map<String, PopularityState> popularity;
        private final Map<String, Neighbours> neighbours;
        private final Map<String, TreeSet<String>> articlesByProduct;
        private final TopN[][] tops;

        View(int day, Map<String, PopularityState> popularity, Map<String, Neighbours> neighbours,
             Map<String, TreeSet<String>> articlesByProduct, TopN[][] tops) {
            this.day = day;
            this.popularity = popularity;
            this.neighbours = neighbours;
            this.articlesByProduct = articlesByProduct;
            this.tops = tops;
        }

        @Override
        public List<ScoredArticle> top(PopularityKind kind, int ageBucket, int n) {
            if (ageBucket != AgeBucket.ALL && (ageBucket < 0 || ageBucket >= AgeBucket.COUNT)) {
                throw new IllegalArgumentException("no age bucket " + ageBucket);
            }
            return topAt(tops, kind, ageBucket, n, day);
        }

        @Override
        public double score(PopularityKind kind, int ageBucket, String articleId) {
            PopularityState s = popularity.get(articleId);
            return s == null ? 0.0 : s.score(kind, ageBucket, day, settings.halfLives());
        }

        @Override
        public List<ScoredArticle> neighbours(String articleId, int n) {
            Neighbours ns = neighbours.get(articleId);
            return ns == null ? List.of() : ns.top(n, day, settings.neighbourHalfLifeDays(), Sources.CO_PURCHASE);
        }

        @Override
        public List<String> articlesOfProduct(String productCode) {
            TreeSet<String> ids = articlesByProduct.get(productCode);
            return ids == null ? List.of() : List.copyOf(ids);
        }

        @Override
        public ArticleInfo article(String articleId) {
            ArticleInfo info = catalog.get(articleId);
            return info != null ? info : ArticleInfo.unknown(articleId);
        }
    }
}
