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
 * list is never stale.
 *
 * <p>While purchases flow every article partition publishes every few hundred ms, so some partition has nearly
 * always changed since the last look: the merge ran again and again and took about a fifth of the stream thread at
 * 2,000 purchases/s (JFR, session 14). So each partition's list is decoded once per distinct value, and the merge
 * walks the partitions' sorted lists side by side ({@link TopN#union}) instead of pooling them in a map and sorting.
 *
 * <p>Thread-safe: entries are immutable but for a score map built on first use.
 */
public final class PopularityCache {
    private static final StringSerializer KEYS = new StringSerializer();

    /** One merged (kind, bucket) list as of a day; its score map is built on first use. */
    private static final class Entry {
        final List<byte[]> raw;
        final TopN merged;
        final int day;
        final List<ScoredArticle> converted;
        /** Decayed count by article; only views without the states store score from it. */
        private volatile Map<String, Double> byId;

        Entry(List<byte[]> raw, TopN merged, int day, List<ScoredArticle> converted) {
            this.raw = raw;
            this.merged = merged;
            this.day = day;
            this.converted = converted;
        }

        Map<String, Double> scores() {
            Map<String, Double> m = byId;
            if (m == null) {
                m = new HashMap<>(converted.size() * 2);
                for (ScoredArticle a : converted) {
                    m.put(a.articleId(), a.score());
                }
                byId = m; // two threads may both build it: equal maps
            }
            return m;
        }
    }

    /** A partition's published list as last decoded: its bytes (for the validity check) and the list. */
    private record Decoded(byte[] raw, TopN list) {}

    /** By store key (kind, bucket, partition). */
    private final Map<String, Decoded> partitions = new ConcurrentHashMap<>();

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
        return entry(store, kind, bucket, day).converted;
    }

    /** Decayed count of one article in the merged list, 0 when it is not in any partition's top list. */
    double score(ReadOnlyKeyValueStore<String, byte[]> store, PopularityKind kind, int bucket, int day, String articleId) {
        return entry(store, kind, bucket, day).scores().getOrDefault(articleId, 0.0);
    }

    /** The merged rank-key list. */
    TopN merged(ReadOnlyKeyValueStore<String, byte[]> store, PopularityKind kind, int bucket, int day) {
        return entry(store, kind, bucket, day).merged;
    }

    private Entry entry(ReadOnlyKeyValueStore<String, byte[]> store, PopularityKind kind, int bucket, int day) {
        String prefix = StorePopularityView.prefix(kind, bucket);
        List<byte[]> raw = new ArrayList<>(8);
        List<String> keys = new ArrayList<>(8);
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.value != null) {
                    raw.add(kv.value);
                    keys.add(kv.key);
                }
            }
        }
        Entry cached = entries.get(prefix);
        if (cached != null && sameBytes(cached.raw, raw)) {
            if (cached.day == day) {
                return cached;
            }
            Entry redated = convert(raw, cached.merged, kind, day);
            entries.put(prefix, redated);
            return redated;
        }
        // a partition publishes every few hundred ms while purchases flow, the others' lists are as they were: decode
        // only the changed ones
        List<TopN> lists = new ArrayList<>(raw.size());
        int capacity = 0;
        for (int i = 0; i < raw.size(); i++) {
            TopN t = decoded(keys.get(i), raw.get(i));
            lists.add(t);
            capacity += t.capacity(); // nothing of any partition's list is cut before ranking
        }
        Entry fresh = convert(raw, lists.isEmpty() ? TopN.empty(1) : TopN.union(lists, capacity), kind, day);
        entries.put(prefix, fresh);
        return fresh;
    }

    /** One partition's published list, decoded once per distinct value. */
    private TopN decoded(String key, byte[] raw) {
        Decoded d = partitions.get(key);
        if (d != null && (d.raw() == raw || Arrays.equals(d.raw(), raw))) {
            return d.list();
        }
        TopN list = TopN.fromBytes(raw);
        partitions.put(key, new Decoded(raw, list));
        return list;
    }

    private Entry convert(List<byte[]> raw, TopN merged, PopularityKind kind, int day) {
        double hl = halfLives.of(kind);
        String source = kind == PopularityKind.TRENDING ? "trending" : "popular";
        ScoredArticle[] out = new ScoredArticle[merged.entries().size()];
        for (int i = 0; i < out.length; i++) {
            TopN.Entry e = merged.entries().get(i);
            out[i] = new ScoredArticle(e.articleId(), DecayedCount.valueFromRankKey(e.score(), day, hl), source);
        }
        return new Entry(List.copyOf(raw), merged, day, List.of(out));
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
