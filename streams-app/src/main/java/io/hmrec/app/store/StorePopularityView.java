package io.hmrec.app.store;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.PopularityKind;
import io.hmrec.core.rec.PopularityView;
import io.hmrec.core.state.HalfLives;
import io.hmrec.core.state.PopularityState;
import io.hmrec.core.state.TopN;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link PopularityView} over the global popularity-top-store: every article partition publishes, per (kind, age
 * bucket), its own top-N by the time-free rank key; the global top-N is the merge of those lists (exact, since each
 * partition's list holds every global top-N member of that partition). Rank keys turn into decayed counts as of the
 * view's day. Merged lists come from a {@link PopularityCache} shared by the views of one task or query service; a
 * view reads each (kind, bucket) list once and keeps it, so a view is a snapshot of the lists as of its first reads
 * (make a new view, {@code StoreBackedRecContext.at}, to see newer ones).
 *
 * <p>{@link #score} reads the article's whole {@link PopularityState} from the global popularity-states-store when
 * the view has it (every article, decayed to the view's day by core's own code, so it equals core's in-memory
 * view); a view without it knows only articles inside some partition's top-N, others scoring 0.
 */
public final class StorePopularityView implements PopularityView {
    private final ReadOnlyKeyValueStore<String, byte[]> topStore;
    private final PopularityCache cache;
    private final ReadOnlyKeyValueStore<String, byte[]> stateStore;
    private final int asOfDay;
    /** Merged lists this view has read, by (kind, bucket): the view is a snapshot from its first read of each. */
    private final Map<Integer, List<ScoredArticle>> seen = new ConcurrentHashMap<>();

    /**
     * @param stateStore article id → encoded {@link PopularityState} (the popularity-states-store); null = score
     *                   from the top lists only
     */
    public StorePopularityView(ReadOnlyKeyValueStore<String, byte[]> topStore,
            ReadOnlyKeyValueStore<String, byte[]> stateStore, PopularityCache cache, int asOfDay) {
        this.topStore = topStore;
        this.stateStore = stateStore;
        this.cache = cache;
        this.asOfDay = asOfDay;
    }

    /** A view scoring from the top lists only. */
    public StorePopularityView(ReadOnlyKeyValueStore<String, byte[]> topStore, PopularityCache cache, int asOfDay) {
        this(topStore, null, cache, asOfDay);
    }

    /** A view with a cache of its own (tests, one-off reads). */
    public StorePopularityView(ReadOnlyKeyValueStore<String, byte[]> topStore, HalfLives halfLives, int asOfDay) {
        this(topStore, new PopularityCache(halfLives), asOfDay);
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
        return cache.merged(topStore, kind, ageBucket, asOfDay);
    }

    @Override
    public List<ScoredArticle> top(PopularityKind kind, int ageBucket, int n) {
        // one read of the store per (kind, bucket) per view: a view serves a whole batch of lists (coalesced
        // emission, a refresh pass), and the cache's validity check is a prefix scan whose iterator registers and
        // removes metrics each time, which cost more than the engine run it served
        List<ScoredArticle> all = seen.computeIfAbsent(kind.ordinal() * 64 + ageBucket + 1,
                k -> cache.top(topStore, kind, ageBucket, asOfDay));
        return all.size() <= n ? all : all.subList(0, n);
    }

    @Override
    public double score(PopularityKind kind, int ageBucket, String articleId) {
        if (stateStore == null) {
            return cache.score(topStore, kind, ageBucket, asOfDay, articleId);
        }
        byte[] state = stateStore.get(articleId);
        return state == null ? 0.0
                : PopularityState.fromBytes(state).score(kind, ageBucket, asOfDay, cache.halfLives());
    }
}
