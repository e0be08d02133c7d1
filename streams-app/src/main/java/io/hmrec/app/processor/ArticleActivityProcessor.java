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
import java.util.List;
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
 */
public final class ArticleActivityProcessor implements Processor<String, ArticleMessage, String, ArticleTaskOutput> {
    private static final byte[] DIRTY = new byte[0];

    private final RecommenderSettings settings;
    private final int maxBuyers;
    private final long publishIntervalMs;

    private ProcessorContext<String, ArticleTaskOutput> context;
    private KeyValueStore<String, byte[]> popularity;
    private KeyValueStore<String, byte[]> buyers;
    private KeyValueStore<String, byte[]> neighbours;
    private KeyValueStore<String, byte[]> dirty;
    private KeyValueStore<String, byte[]> popularityDirty;
    /** [kind][bucket + 1] → this partition's top list; bucket index 0 is ALL. Derived from the popularity store. */
    private TopN[][] tops;
    private boolean[][] topsChanged;

    /**
     * @param maxBuyers         recent buyers kept per article
     * @param publishIntervalMs wall-clock interval of publishing changed lists
     */
    public ArticleActivityProcessor(RecommenderSettings settings, int maxBuyers, long publishIntervalMs) {
        this.settings = settings;
        this.maxBuyers = maxBuyers;
        this.publishIntervalMs = publishIntervalMs;
    }

    @Override
    public void init(ProcessorContext<String, ArticleTaskOutput> context) {
        this.context = context;
        this.popularity = context.getStateStore(StoreNames.ARTICLE_POPULARITY);
        this.buyers = context.getStateStore(StoreNames.ARTICLE_BUYERS);
        this.neighbours = context.getStateStore(StoreNames.NEIGHBOUR_COUNTS);
        this.dirty = context.getStateStore(StoreNames.NEIGHBOUR_DIRTY);
        this.popularityDirty = context.getStateStore(StoreNames.POPULARITY_DIRTY);
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
                rank(kv.key, PopularityState.fromBytes(kv.value), AgeBucket.ALL);
                for (int b = 0; b < AgeBucket.COUNT; b++) {
                    rank(kv.key, PopularityState.fromBytes(kv.value), b);
                }
            }
        }
        context.schedule(Duration.ofDays(1), PunctuationType.STREAM_TIME, t -> publish());
        context.schedule(Duration.ofMillis(publishIntervalMs), PunctuationType.WALL_CLOCK_TIME, t -> publish());
    }

    @Override
    public void process(Record<String, ArticleMessage> record) {
        String article = record.key();
        if (record.value() instanceof ArticleMessage.Purchased p) {
            onPurchase(article, p, record.timestamp());
        } else if (record.value() instanceof ArticleMessage.Paired q) {
            pair(article, List.of(q));
        }
    }

    /** The article's neighbour list after each of {@code partners} in turn: decoded and stored once. */
    private void pair(String article, List<ArticleMessage.Paired> partners) {
        byte[] before = neighbours.get(article);
        Neighbours n = before == null ? Neighbours.empty(settings.neighboursPerArticle()) : Neighbours.fromBytes(before);
        for (ArticleMessage.Paired q : partners) {
            n = n.add(q.neighbour(), q.weight(), q.day(), settings.neighbourHalfLifeDays());
        }
        neighbours.put(article, n.toBytes());
        dirty.put(article, DIRTY);
    }

    private void onPurchase(String article, ArticleMessage.Purchased p, long timestamp) {
        byte[] before = popularity.get(article);
        if (before == null) {
            // first sight of this article: make sure the catalog knows its product code (catalog facts may follow)
            context.forward(new Record<>(ArticleIds.productCode(article),
                    new ArticleTaskOutput.NewArticle(new ProductMessage(ArticleInfo.unknown(article), false)), timestamp));
        }
        PopularityState state = (before == null ? PopularityState.EMPTY : PopularityState.fromBytes(before))
                .add(p.day(), p.ageBucket(), 1.0, settings.halfLives());
        popularity.put(article, state.toBytes());
        // a store marker, not an in-memory set: a restart must still publish what changed before it
        popularityDirty.put(article, DIRTY);
        rank(article, state, AgeBucket.ALL);
        rank(article, state, p.ageBucket());

        byte[] b = buyers.get(article);
        List<ValueCodecs.Buyer> list = new ArrayList<>(b == null ? List.of() : ValueCodecs.buyers(b));
        list.removeIf(x -> x.customerId().equals(p.customerId()));
        int at = 0;
        while (at < list.size() && list.get(at).day() > p.day()) {
            at++;
        }
        list.add(at, new ValueCodecs.Buyer(p.customerId(), p.day()));
        if (list.size() > maxBuyers) {
            list.subList(maxBuyers, list.size()).clear();
        }
        buyers.put(article, ValueCodecs.buyers(list));
        if (!p.partners().isEmpty()) {
            pair(article, p.partners());
        }
    }

    private void rank(String article, PopularityState state, int bucket) {
        for (PopularityKind kind : PopularityKind.values()) {
            double key = state.rankKey(kind, bucket, settings.halfLives());
            if (key == Double.NEGATIVE_INFINITY) {
                continue;
            }
            TopN before = tops[kind.ordinal()][bucket + 1];
            TopN after = before.update(article, key);
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
        // every changed article's whole state, so customer partitions score any article exactly as core does
        for (String article : drain(popularityDirty)) {
            byte[] state = popularity.get(article);
            if (state != null) {
                context.forward(new Record<>(article, new ArticleTaskOutput.PopularityUpdate(state), ts));
            }
        }
        List<String> changed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = dirty.all()) {
            while (it.hasNext()) {
                changed.add(it.next().key);
            }
        }
        for (String article : changed) {
            dirty.delete(article);
            byte[] n = neighbours.get(article);
            if (n != null) {
                context.forward(new Record<>(article, new ArticleTaskOutput.NeighbourList(n), ts));
            }
        }
    }

    /** Keys of a marker store, removed from it. */
    private static List<String> drain(KeyValueStore<String, byte[]> markers) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = markers.all()) {
            while (it.hasNext()) {
                keys.add(it.next().key);
            }
        }
        keys.forEach(markers::delete);
        return keys;
    }
}
