package io.hmrec.app.store;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.NeighbourView;
import io.hmrec.core.state.Neighbours;
import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@link NeighbourView} over the global neighbours-store (article id → core {@link Neighbours} encoding). */
public final class StoreNeighbourView implements NeighbourView {
    private final ReadOnlyKeyValueStore<String, byte[]> store;
    private final int asOfDay;
    private final double halfLifeDays;

    /**
     * @param asOfDay      epoch day the decayed weights are expressed at
     * @param halfLifeDays event-time half-life of neighbour weights
     */
    public StoreNeighbourView(ReadOnlyKeyValueStore<String, byte[]> store, int asOfDay, double halfLifeDays) {
        this.store = store;
        this.asOfDay = asOfDay;
        this.halfLifeDays = halfLifeDays;
    }

    @Override
    public List<ScoredArticle> neighbours(String articleId, int n) {
        byte[] bytes = store.get(articleId);
        if (bytes == null) {
            return List.of();
        }
        return Neighbours.fromBytes(bytes).top(n, asOfDay, halfLifeDays, "co-purchase");
    }
}
