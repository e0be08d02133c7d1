package io.hmrec.app.processor;

import io.hmrec.app.StoreNames;
import io.hmrec.app.store.StorePopularityView;
import io.hmrec.app.store.ValueCodecs;
import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ArticleIds;
import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.rec.PopularityKind;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.state.Neighbours;
import io.hmrec.core.state.PopularityState;
import io.hmrec.core.state.TopN;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The article side of the graph (one task per by-article partition). For each purchase: the article's decayed
 * popularity (core {@link PopularityState}: global and per age bucket, popular and trending, over event time) and its
 * bounded recent buyers; for each co-purchase partner (carried by the purchase, or one per reverse-side record): the
 * article's bounded neighbour list (core {@link Neighbours}).
 *
 * <p>Publishing to the global stores is batched: the partition's top-N per (kind, bucket) — kept in memory as core
 * {@link TopN}s over time-free rank keys and rebuilt from the popularity store on start — and the neighbour lists of
 * articles marked in the neighbour-dirty-store, and the popularity state of articles marked in the
 * popularity-dirty-store, are published once per event-time day (stream-time punctuation, so a
 * replay publishes at the same points as a live feed) and on a wall-clock interval (freshness in a live feed).
 *
 * <p>A popular article is updated on nearly every purchase, so the task keeps the decoded neighbour list and
 * popularity state of its most recently updated articles (a bounded LRU) and skips the store read and decode for
 * them; every update is still written to the store, so the store stays the truth that commits and changelogs
 * carry. The cache, and the memory of which dirty markers are already written, are dropped in {@link #init}: Kafka
 * Streams re-runs it on this same instance when it revives a task after an exactly-once abort rolled the stores
 * back, and nothing remembered from before may outlive that.
 */
public final class ArticleActivityProcessor implements Processor<String, ArticleMessage, String, ArticleTaskOutput> {
    private static final byte[] DIRTY = new byte[0];
    /** Articles whose decoded values a task keeps by default: a few MB, enough for the hot head of the catalog. */
    public static final int DEFAULT_CACHED_ARTICLES = 2048;

    private final RecommenderSettings settings;
    private final int maxBuyers;
    private final long publishIntervalMs;
    private final int cachedArticles;

    private ProcessorContext<String, ArticleTaskOutput> context;
    private KeyValueStore<String, byte[]> popularity;
    private KeyValueStore<String, byte[]> buyers;
    private KeyValueStore<String, byte[]> neighbours;
    private KeyValueStore<String, byte[]> dirty;
    private KeyValueStore<String, byte[]> popularityDirty;
    /** [kind][bucket + 1] → this partition's top list; bucket index 0 is ALL. Derived from the popularity store. */
    private TopN[][] tops;
    private boolean[][] topsChanged;
    /** Decoded values of recently updated articles, least recently used first; always equal to the stores. */
    private Map<String, Decoded> cache;
    /** Articles whose marker in the neighbour-dirty-store / popularity-dirty-store is written since the last publish. */
    private Set<String> markedNeighbours;
    private Set<String> markedPopularity;
    /** True until the first publish after init: the marker stores may hold markers this instance did not write. */
    private boolean markersFromBefore;

    /** One article's decoded store values; null where not cached. */
    private static final class Decoded {
        Neighbours neighbours;
        PopularityState popularity;
    }

    /**
     * @param maxBuyers         recent buyers kept per article
     * @param publishIntervalMs wall-clock interval of publishing changed lists
     */
    public ArticleActivityProcessor(RecommenderSettings settings, int maxBuyers, long publishIntervalMs) {
        this(settings, maxBuyers, publishIntervalMs, DEFAULT_CACHED_ARTICLES);
    }

    /** @param cachedArticles articles whose decoded values are kept between records (0: decode every time) */
    public ArticleActivityProcessor(RecommenderSettings settings, int maxBuyers, long publishIntervalMs,
                                    int cachedArticles) {
        if (cachedArticles < 0) {
            throw new IllegalArgumentException("cached articles must be >= 0, got " + cachedArticles);
        }
        this.settings = settings;
        this.maxBuyers = maxBuyers;
        this.publishIntervalMs = publishIntervalMs;
        this.cachedArticles = cachedArticles;
    }

    @Override
    public void init(ProcessorContext<String, ArticleTaskOutput> context) {
        this.context = context;
        this.popularity = context.getStateStore(StoreNames.ARTICLE_POPULARITY);
        this.buyers = context.getStateStore(StoreNames.ARTICLE_BUYERS);
        this.neighbours = context.getStateStore(StoreNames.NEIGHBOUR_COUNTS);
        this.dirty = context.getStateStore(StoreNames.NEIGHBOUR_DIRTY);
        this.popularityDirty = context.getStateStore(StoreNames.POPULARITY_DIRTY);
        // new, never cleared: a revived task must not see what the instance remembered before the rollback
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Decoded> eldest) {
                return size() > cachedArticles;
            }
        };
        this.markedNeighbours = new HashSet<>();
        this.markedPopularity = new HashSet<>();
        this.markersFromBefore = true;
        int kinds = PopularityKind.values().length;
        tops = new TopN[kinds][AgeBucket.COUNT + 1];
        topsChanged = new boolean[kinds][AgeBucket.COUNT + 1];
        for (int k = 0; k < kinds; k++) {
            for (int b = 0; b <= AgeBucket.COUNT; b++) {
                tops[k][b] = TopN.empty(settings.popularListSize());
                topsChanged[k][b] = true; // republish after a restart: harmless, and heals a lost publish
            }
        }
        try (KeyValueIterator<String, byte[]> it = popularity.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                PopularityState state = PopularityState.fromBytes(kv.value);
                // each article once per list: nothing of it listed yet
                rank(kv.key, PopularityState.EMPTY, state, AgeBucket.ALL);
                for (int b = 0; b < AgeBucket.COUNT; b++) {
                    rank(kv.key, PopularityState.EMPTY, state, b);
                }
            }
        }
        context.schedule(Duration.ofDays(1), PunctuationType.STREAM_TIME, t -> publish());
        context.schedule(Duration.ofMillis(publishIntervalMs), PunctuationType.WALL_CLOCK_TIME, t -> publish());
    }

    @Override
    public void process(Record<String, ArticleMessage> record) {
        // the customer tasks' drains on this stream thread yield to this task's input too
        DeferredWork.ofCurrentThread().noteProcessed();
        String article = record.key();
        if (record.value() instanceof ArticleMessage.Purchased p) {
            onPurchase(article, p, record.timestamp());
        } else if (record.value() instanceof ArticleMessage.Paired q) {
            pair(article, List.of(q));
        }
    }

    /** The article's neighbour list after each of {@code partners} in turn: decoded and stored once. */
    private void pair(String article, List<ArticleMessage.Paired> partners) {
        Decoded cached = cache.get(article);
        Neighbours n = cached == null ? null : cached.neighbours;
        if (n == null) {
            byte[] before = neighbours.get(article);
            n = before == null ? Neighbours.empty(settings.neighboursPerArticle()) : Neighbours.fromBytes(before);
        }
        for (ArticleMessage.Paired q : partners) {
            n = n.add(q.neighbour(), q.weight(), q.day(), settings.neighbourHalfLifeDays());
        }
        neighbours.put(article, n.toBytes());
        // cached only once the store holds it: a failed put leaves no value the store does not have
        decoded(article).neighbours = n;
        mark(dirty, markedNeighbours, article);
    }

    /** Writes the article's marker unless this instance wrote it since the last publish. */
    private static void mark(KeyValueStore<String, byte[]> markers, Set<String> marked, String article) {
        // remembered first: should the put fail, the next publish still drains (and publishes) the article
        if (marked.add(article)) {
            markers.put(article, DIRTY);
        }
    }

    /** The article's cache slot, made (and the least recently used dropped) when absent; a loose one at size 0. */
    private Decoded decoded(String article) {
        Decoded d = cache.get(article);
        if (d == null) {
            d = new Decoded();
            if (cachedArticles > 0) {
                cache.put(article, d);
            }
        }
        return d;
    }

    private void onPurchase(String article, ArticleMessage.Purchased p, long timestamp) {
        Decoded cached = cache.get(article);
        PopularityState current = cached == null ? null : cached.popularity;
        byte[] before = current != null ? null : popularity.get(article);
        if (current == null && before == null) {
            // first sight of this article: make sure the catalog knows its product code (catalog facts may follow)
            context.forward(new Record<>(ArticleIds.productCode(article),
                    new ArticleTaskOutput.NewArticle(new ProductMessage(ArticleInfo.unknown(article), false)), timestamp));
        }
        if (current == null) {
            current = before == null ? PopularityState.EMPTY : PopularityState.fromBytes(before);
        }
        PopularityState state = current.add(p.day(), p.ageBucket(), 1.0, settings.halfLives());
        popularity.put(article, state.toBytes());
        decoded(article).popularity = state;
        // a store marker, not only an in-memory set: a restart must still publish what changed before it
        mark(popularityDirty, markedPopularity, article);
        rank(article, current, state, AgeBucket.ALL);
        rank(article, current, state, p.ageBucket());

        buyers.put(article, ValueCodecs.addBuyer(buyers.get(article), p.customerId(), p.day(), maxBuyers));
        if (!p.partners().isEmpty()) {
            pair(article, p.partners());
        }
    }

    /**
     * Pushes the article's rank keys in {@code state} to the bucket's top lists; {@code previous} is the state whose
     * keys were pushed last (the lists were built from the store, whose value it is), so each list finds the old
     * entry by binary search.
     */
    private void rank(String article, PopularityState previous, PopularityState state, int bucket) {
        for (PopularityKind kind : PopularityKind.values()) {
            double key = state.rankKey(kind, bucket, settings.halfLives());
            if (key == Double.NEGATIVE_INFINITY) {
                continue;
            }
            TopN before = tops[kind.ordinal()][bucket + 1];
            TopN after = before.update(article, key, previous.rankKey(kind, bucket, settings.halfLives()));
            if (after != before) {
                tops[kind.ordinal()][bucket + 1] = after;
                topsChanged[kind.ordinal()][bucket + 1] = true;
            }
        }
    }

    private void publish() {
        int partition = context.taskId().partition();
        long ts = Math.max(0L, context.currentStreamTimeMs());
        for (PopularityKind kind : PopularityKind.values()) {
            for (int b = -1; b < AgeBucket.COUNT; b++) {
                if (topsChanged[kind.ordinal()][b + 1]) {
                    topsChanged[kind.ordinal()][b + 1] = false;
                    TopN list = tops[kind.ordinal()][b + 1];
                    if (!list.entries().isEmpty()) {
                        context.forward(new Record<>(StorePopularityView.key(kind, b, partition),
                                new ArticleTaskOutput.TopList(list.toBytes()), ts));
                    }
                }
            }
        }
        List<String> changedPopularity = drain(popularityDirty, markedPopularity);
        List<String> changedNeighbours = drain(dirty, markedNeighbours);
        markersFromBefore = false;
        // every changed article's whole state, so customer partitions score any article exactly as core does
        for (String article : changedPopularity) {
            byte[] state = popularity.get(article);
            if (state != null) {
                context.forward(new Record<>(article, new ArticleTaskOutput.PopularityUpdate(state), ts));
            }
        }
        for (String article : changedNeighbours) {
            byte[] n = neighbours.get(article);
            if (n != null) {
                context.forward(new Record<>(article, new ArticleTaskOutput.NeighbourList(n), ts));
            }
        }
    }

    @Override
    public void close() {
        cache = null;
        markedNeighbours = null;
        markedPopularity = null;
    }

    /**
     * Keys of a marker store, in store order, removed from it. Once this instance has drained it, every marker in it
     * was written by {@link #mark}, so the keys come from {@code marked}: opening a store iterator registers and
     * removes a metric each time, and was most of a publish's cost.
     */
    private List<String> drain(KeyValueStore<String, byte[]> markers, Set<String> marked) {
        List<String> keys = new ArrayList<>(marked.size());
        if (markersFromBefore) {
            try (KeyValueIterator<String, byte[]> it = markers.all()) {
                while (it.hasNext()) {
                    keys.add(it.next().key);
                }
            }
        } else {
            keys.addAll(marked);
            Collections.sort(keys); // store order: ids are ASCII, so string order is byte order
        }
        keys.forEach(markers::delete);
        marked.clear();
        return keys;
    }
}
