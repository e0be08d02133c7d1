package io.hmrec.cli.backtest;

import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.rec.CustomerProfile;
import io.hmrec.core.rec.InMemoryRecState;
import io.hmrec.core.rec.RecContext;
import io.hmrec.core.rec.RecommendationEngine;
import io.hmrec.core.rec.RecommenderSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Core's {@link InMemoryRecState} (the topology's updaters without Kafka Streams) as the backtest's state. */
public final class InMemoryReplay implements StateReplay {
    private final InMemoryRecState state;
    private final RecommendationEngine engine;
    private final List<PurchaseRow> rows;
    private int next;

    public InMemoryReplay(RecommenderSettings settings, KaggleDataset data) {
        Map<String, Integer> buckets = new HashMap<>();
        data.customerInfos().forEach((id, c) -> buckets.put(id, c.ageBucket()));
        this.state = new InMemoryRecState(settings, data.articleInfos(), buckets);
        this.engine = RecommendationEngine.standard(settings);
        this.rows = data.transactions();
    }

    @Override
    public void replayUntil(int day) {
        while (next < rows.size() && rows.get(next).purchase().day() < day) {
            state.apply(rows.get(next++).purchase());
        }
    }

    @Override
    public CustomerProfile profile(String customerId) {
        return state.profile(customerId);
    }

    @Override
    public RecContext at(int asOfDay) {
        return state.context(asOfDay, Optional.empty(), Optional.empty());
    }

    @Override
    public RecommendationEngine engine() {
        return engine;
    }

    @Override
    public int replayed() {
        return next;
    }

    @Override
    public void close() {
        // nothing held outside the heap
    }
}
