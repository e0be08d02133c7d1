package io.hmrec.app.store;

import io.hmrec.app.StoreNames;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.NeighbourView;
import io.hmrec.core.state.Neighbours;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link NeighbourView} over the global neighbours-store (article id → core {@link Neighbours} encoding).
 *
 * <p>Views made from one {@link Cache} share the decoded lists: when the article has not been written since its
 * answer was decoded (counted writes, {@link GlobalStoreVersions}), or its stored bytes are the ones that answer came
 * from, and the day and the length asked for are the same, the answer is served again. Every emitted list asks for
 * the neighbours of up to ten recent purchases: the co-purchase source was about a sixth of the stream thread at 2,000
 * purchases/s, a third of that in decoding (JFR, session 14), and its store reads 7% (perf, session 17).
 */
public final class StoreNeighbourView implements NeighbourView {
    private final ReadOnlyKeyValueStore<String, byte[]> store;
    private final int asOfDay;
    private final double halfLifeDays;
    private final Cache cache;

    /**
     * @param asOfDay      epoch day the decayed weights are expressed at
     * @param halfLifeDays event-time half-life of neighbour weights
     * @param cache        answers shared by the views of one task or query service
     */
    public StoreNeighbourView(ReadOnlyKeyValueStore<String, byte[]> store, int asOfDay, double halfLifeDays, Cache cache) {
        this.store = store;
        this.asOfDay = asOfDay;
        this.halfLifeDays = halfLifeDays;
        this.cache = cache;
    }

    /** A view with a cache of its own (tests, one-off reads). */
    public StoreNeighbourView(ReadOnlyKeyValueStore<String, byte[]> store, int asOfDay, double halfLifeDays) {
        this(store, asOfDay, halfLifeDays, new Cache());
    }

    @Override
    public List<ScoredArticle> neighbours(String articleId, int n) {
        long version = cache.versions.version(articleId); // before the read: see GlobalStoreVersions
        int slot = cache.slot(articleId);
        Cache.Answer a = cache.answers[slot];
        boolean sameQuestion = a != null && a.day() == asOfDay && a.n() == n && a.halfLifeDays() == halfLifeDays;
        if (sameQuestion && version != GlobalStoreVersions.UNTRACKED && a.version() == version
                && a.articleId().equals(articleId)) {
            return a.neighbours(); // the article's value is unchanged since it was decoded: no store read
        }
        byte[] bytes = store.get(articleId);
        if (bytes == null) {
            return List.of();
        }
        List<ScoredArticle> out;
        if (sameQuestion && Arrays.equals(a.bytes(), bytes)) {
            out = a.neighbours(); // the answer is a function of the bytes: no id check needed
        } else {
            out = List.copyOf(Neighbours.fromBytes(bytes).top(n, asOfDay, halfLifeDays, "co-purchase"));
        }
        cache.answers[slot] = new Cache.Answer(articleId, version, bytes, asOfDay, n, halfLifeDays, out);
        return out;
    }

    /**
     * The last answer per article, in a fixed number of direct-mapped slots (an article whose slot another took is
     * decoded again). With counted writes ({@link GlobalStoreVersions}) an answer whose article has not been written
     * since is served without reading the store; without them, or after a write, the store is read and an answer
     * decoded from the same bytes is still reused. Thread-safe: answers are immutable records; a race between two
     * writers of a slot costs a decode.
     */
    public static final class Cache {
        private record Answer(String articleId, long version, byte[] bytes, int day, int n, double halfLifeDays,
                              List<ScoredArticle> neighbours) {}

        private final Answer[] answers;
        private final int bits;
        private final GlobalStoreVersions.Keys versions;

        /** 8,192 slots, every lookup reading the store. */
        public Cache() {
            this(13, GlobalStoreVersions.NONE.of(StoreNames.NEIGHBOURS));
        }

        /** 8,192 slots: the articles the recent purchases of a few seconds touch. */
        public Cache(GlobalStoreVersions.Keys versions) {
            this(13, versions);
        }

        /** @param bits log2 of the slot count (tests use few to share slots) */
        Cache(int bits) {
            this(bits, GlobalStoreVersions.NONE.of(StoreNames.NEIGHBOURS));
        }

        Cache(int bits, GlobalStoreVersions.Keys versions) {
            if (bits < 1 || bits > 24) {
                throw new IllegalArgumentException("bits must be in 1..24, got " + bits);
            }
            this.bits = bits;
            this.answers = new Answer[1 << bits];
            this.versions = versions;
        }

        private int slot(String articleId) {
            return (articleId.hashCode() * 0x9E3779B9) >>> (32 - bits);
        }
    }
}
