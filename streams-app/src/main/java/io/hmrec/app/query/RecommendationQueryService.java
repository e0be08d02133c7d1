package io.hmrec.app.query;

import io.hmrec.app.StoreNames;
import io.hmrec.app.processor.CustomerPurchaseProcessor;
import io.hmrec.app.store.GlobalStoreVersions;
import io.hmrec.app.store.ModelRegistry;
import io.hmrec.app.store.RecommendationLists;
import io.hmrec.app.store.StoreBackedRecContext;
import io.hmrec.app.store.StoreLookup;
import io.hmrec.app.store.ValueCodecs;
import io.hmrec.core.model.Days;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.CustomerProfile;
import io.hmrec.core.rec.Edge;
import io.hmrec.core.rec.PopularityKind;
import io.hmrec.core.rec.RecContext;
import io.hmrec.core.rec.RecommendationEngine;
import io.hmrec.core.state.NegativeSampler;
import io.hmrec.schemas.avro.RecommendationList;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Answers questions about one instance's state, local reads only (routing to the owning instance is the HTTP
 * layer's job). Works over any {@link StoreLookup}: interactive-query stores of a running KafkaStreams, or a
 * TopologyTestDriver's stores — which is how the backtest asks for recommendations and candidate pools of arbitrary
 * customers as of a day, through the same store-backed views and the same core engine as the topology.
 */
public final class RecommendationQueryService {
    /** Event days after which a stored list is recomputed on query rather than served as it is. */
    public static final int STALE_AFTER_DAYS = 7;
    /** Lists computed at query time kept for repeat queries, at most (the cache is emptied when it is full). */
    static final int COMPUTED_CACHE_SIZE = 100_000;

    private final StoreLookup stores;
    private final StoreBackedRecContext views;
    private final RecommendationEngine engine;
    private final LongSupplier clock;
    private final long latestDayTtlNanos;
    /** The last {@link #latestDay()} read and when (System.nanoTime); null before the first. */
    private volatile long[] latestDayRead;
    /** Whether a caller is reading the latest day now. */
    private final java.util.concurrent.atomic.AtomicBoolean readingDay = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * Lists computed at query time, by customer. Most customers last bought weeks ago, so most queries find a stale
     * stored list and run the engine; a second query the same day (the next page view) finds the same inputs. An
     * entry serves only while the day, the live model and the customer's edges are unchanged (a purchase changes the
     * edges, also during a catch-up, when no list is stored for it yet).
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Computed> computed =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A list computed at query time and what it was computed from. */
    private record Computed(int day, String model, int edgesHash, RecommendationList list) {}

    /**
     * @param models the process's live model; null means none (tests, backtest without a model)
     * @param clock  wall-clock millis for {@code generated_at} of lists computed at query time
     */
    public RecommendationQueryService(StoreLookup stores, RecommendationEngine engine, ModelRegistry models,
                                      LongSupplier clock) {
        this(stores, engine, models, clock, java.time.Duration.ZERO);
    }

    /**
     * @param latestDayTtl how long {@link #latestDay()} may answer with a day it read instead of reading the
     *                     refresh-stores again; zero for state that changes between two questions (test drivers, the
     *                     backtest). Every query needs the day, and its read walks every local task's store.
     */
    public RecommendationQueryService(StoreLookup stores, RecommendationEngine engine, ModelRegistry models,
                                      LongSupplier clock, java.time.Duration latestDayTtl) {
        this(stores, engine, models, clock, latestDayTtl, GlobalStoreVersions.NONE);
    }

    /**
     * @param globalVersions write counters of the global stores (the topology's, when its global stores are in this
     *                       process), so views skip reads of unchanged keys
     */
    public RecommendationQueryService(StoreLookup stores, RecommendationEngine engine, ModelRegistry models,
                                      LongSupplier clock, java.time.Duration latestDayTtl,
                                      GlobalStoreVersions globalVersions) {
        this.stores = stores;
        this.engine = engine;
        this.views = new StoreBackedRecContext(engine.settings(), stores, models, globalVersions);
        this.clock = clock;
        this.latestDayTtlNanos = latestDayTtl.toNanos();
    }

    /** The views this service reads (profiles and contexts). */
    public StoreBackedRecContext views() {
        return views;
    }

    /**
     * Recommendations for each customer as of {@code asOfDay}, computed now by the core engine over the store-backed
     * state; unknown customers get the cold-start list. Keys in the order of {@code customerIds}.
     */
    public Map<String, List<ScoredArticle>> recommendFor(List<String> customerIds, int asOfDay) {
        RecContext ctx = views.at(asOfDay);
        Map<String, List<ScoredArticle>> out = new LinkedHashMap<>();
        for (String id : customerIds) {
            out.put(id, engine.recommend(views.profile(id), ctx));
        }
        return out;
    }

    /** Each customer's per-source candidate pools as of {@code asOfDay} (source name → best-first candidates). */
    public Map<String, Map<String, List<ScoredArticle>>> candidatePools(List<String> customerIds, int asOfDay) {
        RecContext ctx = views.at(asOfDay);
        Map<String, Map<String, List<ScoredArticle>>> out = new LinkedHashMap<>();
        for (String id : customerIds) {
            out.put(id, engine.candidates(views.profile(id), ctx));
        }
        return out;
    }

    /** Whether this instance's stores know the customer at all (purchases or the customer table). */
    public boolean knowsCustomer(String customerId) {
        return stores.store(StoreNames.CUSTOMER_EDGES).get(customerId) != null
                || stores.store(StoreNames.CUSTOMERS).get(customerId) != null;
    }

    /**
     * The customer's current list: the last one emitted while it is still current, else one computed now (trigger
     * "query"). A stored list stops being current when it has fewer than k articles (emitted while popularity knew
     * too few articles), when it is more than {@link #STALE_AFTER_DAYS} event days older than this instance's latest
     * day (a customer who last bought long ago still deserves today's trends), or when the live model differs from
     * the one it was scored with. Empty for an unknown customer.
     */
    public Optional<RecommendationList> recommendations(String customerId) {
        byte[] last = stores.store(StoreNames.RECOMMENDATIONS).get(customerId);
        int day = latestDay();
        RecContext ctx = views.at(day);
        String live = ctx.embeddings().map(e -> e.modelVersion()).orElse("");
        if (last != null) {
            RecommendationList stored = ValueCodecs.avro(last, RecommendationList.class);
            if (stored.getEntries().size() >= engine.settings().k() && live.equals(stored.getModelVersion())
                    && Days.of(stored.getAsOfDate()) >= day - STALE_AFTER_DAYS) {
                return Optional.of(stored);
            }
        } else if (!knowsCustomer(customerId)) {
            return Optional.empty();
        }
        int edgesHash = java.util.Arrays.hashCode(stores.store(StoreNames.CUSTOMER_EDGES).get(customerId));
        Computed hit = computed.get(customerId);
        if (hit != null && hit.day() == day && hit.model().equals(live) && hit.edgesHash() == edgesHash) {
            return Optional.of(hit.list());
        }
        CustomerProfile profile = views.profile(customerId);
        RecommendationList list = RecommendationLists.of(customerId, engine.recommend(profile, ctx), live, day,
                clock.getAsLong(), RecommendationLists.QUERY);
        if (computed.size() >= COMPUTED_CACHE_SIZE) {
            computed.clear(); // crude but bounded; a day's repeat queries refill it
        }
        computed.put(customerId, new Computed(day, live, edgesHash, list));
        return Optional.of(list);
    }

    /** The customer's edges, most recent first; empty for an unknown customer. */
    public Optional<List<Edge>> history(String customerId) {
        if (!knowsCustomer(customerId)) {
            return Optional.empty();
        }
        return Optional.of(views.profile(customerId).edges());
    }

    /** The customer's negative samples (possibly none yet); empty for an unknown customer. */
    public Optional<NegativeSampler.Sample> negatives(String customerId) {
        if (!knowsCustomer(customerId)) {
            return Optional.empty();
        }
        byte[] n = stores.store(StoreNames.NEGATIVES).get(customerId);
        return Optional.of(n == null ? new NegativeSampler.Sample(latestDay(), List.of()) : NegativeSampler.Sample.fromBytes(n));
    }

    /**
     * Co-purchase neighbours of an article as of the latest day, best first; empty when the article is unknown to
     * both the catalog and the neighbour lists.
     */
    public Optional<List<ScoredArticle>> similar(String articleId, int n) {
        RecContext ctx = views.at(latestDay());
        List<ScoredArticle> out = ctx.coPurchase().neighbours(articleId, n);
        if (out.isEmpty() && !ctx.catalog().articlesOfProduct(
                io.hmrec.core.model.ArticleIds.productCode(articleId)).contains(articleId)) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /** The most popular articles of an age bucket ({@code AgeBucket.ALL} for everyone) as of the latest day. */
    public List<ScoredArticle> popular(int ageBucket, int n) {
        return views.at(latestDay()).popularity().top(PopularityKind.POPULAR, ageBucket, n);
    }

    /**
     * The latest event day seen by this instance's customer tasks (0 when none): the largest day in the refresh-store
     * of any local partition, at most the configured time-to-live old. When the day it read has expired, one caller
     * reads it again and the others meanwhile answer with the day read last: every query of a busy instance asked at
     * once, so each expiry started as many reads as queries arrived during one.
     */
    public int latestDay() {
        long now = System.nanoTime();
        long[] last = latestDayRead;
        if (last != null && now - last[1] < latestDayTtlNanos) {
            return (int) last[0];
        }
        boolean reader = readingDay.compareAndSet(false, true);
        if (!reader && last != null && latestDayTtlNanos > 0) {
            return (int) last[0];
        }
        try {
            int day = 0;
            for (byte[] value : stores.inEachPartition(StoreNames.REFRESH, CustomerPurchaseProcessor.DAY_KEY)) {
                day = Math.max(day, ByteBuffer.wrap(value).getInt());
            }
            latestDayRead = new long[] {day, now};
            return day;
        } finally {
            if (reader) {
                readingDay.set(false);
            }
        }
    }
}
