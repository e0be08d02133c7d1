package io.hmrec.app.store;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.PopularityKind;
import io.hmrec.core.state.DecayedCount;
import io.hmrec.core.state.HalfLives;
import io.hmrec.core.state.TopN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Merged global popularity lists, reused while the partitions' published lists are unchanged. Every lookup still
 * reads the per-partition values from the store (a short prefix scan), but decoding, merging and converting rank
 * keys to decayed counts — the expensive part, needed several times per recommendation — happens only when a
 * partition has published a new list or the day changed. Validity is checked by comparing the raw bytes, so a cached
 * list is never stale. Thread-safe (entries are immutable).
 */
public final class PopularityCache {
    private static final StringSerializer KEYS = new StringSerializer();

    private record Entry(List<byte[]> raw, TopN merged, int day, List<ScoredArticle> converted, Map<String, Double> byId) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final HalfLives halfLives;

    public PopularityCache(HalfLives halfLives) {
        this.halfLives = halfLives;
    }

    /** The half-lives the cached lists are decayed with. */
    HalfLives halfLives() {
        return halfLives;
    }

    /** The merged list of (kind, bucket) as of {@code day}, best first, with decayed counts. */
    List<ScoredArticle> top(ReadOnlyKeyValueStore<String, byte[]> store, PopularityKind kind, int bucket, int day) {
        return entry(store, kind, bucket, day).converted();
    }

    /** Decayed count of one article in the merged list, 0 when it is not in any partition's top list. */
    double score(ReadOnlyKeyValueStore<String, byte[]> store, PopularityKind kind, int bucket, int day, String articleId) {
        return entry(store, kind, bucket, day).byId().getOrDefault(articleId, 0.0);
    }

    /** The merged rank-key list. */
    TopN merged(ReadOnlyKeyValueStore<String, byte[]> store, PopularityKind kind, int bucket, int day) {
        return entry(store, kind, bucket, day).merged();
    }

    private Entry entry(ReadOnlyKeyValueStore<String, byte[]> store, PopularityKind kind, int bucket, int day) {
        String prefix = StorePopularityView.prefix(kind, bucket);
        List<byte[]> raw = new ArrayList<>(8);
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.value != null) {
                    raw.add(kv.value);
                }
            }
        }
        Entry cached = entries.get(prefix);
        if (cached != null && sameBytes(cached.raw(), raw)) {
            if (cached.day() == day) {
                return cached;
            }
            Entry redated = convert(raw, cached.merged(), kind, day);
            entries.put(prefix, redated);
            return redated;
        }
        TopN merged = null;
        for (byte[] part : raw) {
            TopN t = TopN.fromBytes(part);
            // the merge keeps the receiver's capacity: widen it so nothing of either list is cut before ranking
            merged = merged == null ? t : new TopN(merged.capacity() + t.capacity(), merged.entries()).merge(t);
        }
        Entry fresh = convert(raw, merged == null ? TopN.empty(1) : merged, kind, day);
        entries.put(prefix, fresh);
        return fresh;
    }

    private Entry convert(List<byte[]> raw, TopN merged, PopularityKind kind, int day) {
        double hl = halfLives.of(kind);
        String source = kind == PopularityKind.TRENDING ? "trending" : "popular";
        List<ScoredArticle> out = new ArrayList<>(merged.entries().size());
        Map<String, Double> byId = new HashMap<>(merged.entries().size() * 2);
        for (TopN.Entry e : merged.entries()) {
            double v = DecayedCount.valueFromRankKey(e.score(), day, hl);
            out.add(new ScoredArticle(e.articleId(), v, source));
            byId.put(e.articleId(), v);
        }
        return new Entry(List.copyOf(raw), merged, day, List.copyOf(out), byId);
    }

    private static boolean sameBytes(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i) && !Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
