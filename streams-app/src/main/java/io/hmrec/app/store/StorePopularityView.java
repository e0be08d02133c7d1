package io.hmrec.app.store;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.PopularityKind;
import io.hmrec.core.rec.PopularityView;
import io.hmrec.core.state.DecayedCount;
import io.hmrec.core.state.HalfLives;
import io.hmrec.core.state.TopN;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link PopularityView} over the global popularity-top-store: every article partition publishes, per (kind, age
 * bucket), its own top-N by the time-free rank key; the global top-N is the merge of those lists (exact, since each
 * partition's list holds every global top-N member of that partition). Rank keys turn into decayed counts as of the
 * view's day. Merged lists are memoised for the lifetime of this view (one recommendation or one query), so build a
 * new view per use.
 *
 * <p>{@link #score} knows only articles inside some partition's top-N; others score 0.
 */
public final class StorePopularityView implements PopularityView {
    private static final StringSerializer KEYS = new StringSerializer();

    private final ReadOnlyKeyValueStore<String, byte[]> topStore;
    private final HalfLives halfLives;
    private final int asOfDay;
    private final Map<PopularityKind, Map<Integer, TopN>> merged = new EnumMap<>(PopularityKind.class);

    public StorePopularityView(ReadOnlyKeyValueStore<String, byte[]> topStore, HalfLives halfLives, int asOfDay) {
        this.topStore = topStore;
        this.halfLives = halfLives;
        this.asOfDay = asOfDay;
    }

    /** Store key of one partition's list. */
    public static String key(PopularityKind kind, int ageBucket, int partition) {
        return prefix(kind, ageBucket) + partition;
    }

    static String prefix(PopularityKind kind, int ageBucket) {
        return kind.name() + "|" + ageBucket + "|";
    }

    /** The merged rank-key list of one (kind, bucket). */
    public TopN merged(PopularityKind kind, int ageBucket) {
        return merged.computeIfAbsent(kind, k -> new HashMap<>()).computeIfAbsent(ageBucket, b -> {
            TopN out = null;
            try (KeyValueIterator<String, byte[]> it = topStore.prefixScan(prefix(kind, b), KEYS)) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> kv = it.next();
                    TopN part = TopN.fromBytes(kv.value);
                    out = out == null ? part : widen(out, part).merge(part);
                }
            }
            return out == null ? TopN.empty(1) : out;
        });
    }

    private static TopN widen(TopN a, TopN b) {
        // the merge keeps the receiver's capacity: make it the sum so nothing of either list is cut before ranking
        return new TopN(a.capacity() + b.capacity(), a.entries());
    }

    @Override
    public List<ScoredArticle> top(PopularityKind kind, int ageBucket, int n) {
        TopN list = merged(kind, ageBucket);
        double hl = halfLives.of(kind);
        List<ScoredArticle> out = new ArrayList<>(Math.min(n, list.entries().size()));
        String source = kind == PopularityKind.TRENDING ? "trending" : "popular";
        for (TopN.Entry e : list.entries()) {
            if (out.size() >= n) {
                break;
            }
            out.add(new ScoredArticle(e.articleId(), DecayedCount.valueFromRankKey(e.score(), asOfDay, hl), source));
        }
        return out;
    }

    @Override
    public double score(PopularityKind kind, int ageBucket, String articleId) {
        for (TopN.Entry e : merged(kind, ageBucket).entries()) {
            if (e.articleId().equals(articleId)) {
                return DecayedCount.valueFromRankKey(e.score(), asOfDay, halfLives.of(kind));
            }
        }
        return 0.0;
    }
}
