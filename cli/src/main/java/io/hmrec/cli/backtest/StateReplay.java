package io.hmrec.cli.backtest;

import io.hmrec.core.rec.CustomerProfile;
import io.hmrec.core.rec.RecContext;
import io.hmrec.core.rec.RecommendationEngine;

/**
 * The recommender state the backtest replays purchases into and reads at each weekly pause: the real topology
 * ({@link TopologyReplay}, the default) or core's in-memory state built by the same updaters
 * ({@link InMemoryReplay}, much faster on large data). On the real sample both give identical candidate pools and
 * blend MAP@12; the ranker differs a little because the topology's popularity view scores an article outside the
 * published top lists as 0 while the in-memory view knows every article's decayed count.
 */
public interface StateReplay extends AutoCloseable {
    /** Replays every purchase before {@code day} (epoch day, exclusive) not replayed yet. */
    void replayUntil(int day);

    /** The customer's profile as of the last pause. */
    CustomerProfile profile(String customerId);

    /** The context as of {@code asOfDay}, read from the state (no models, no ranker). */
    RecContext at(int asOfDay);

    /** The one engine that recommends from this state. */
    RecommendationEngine engine();

    /** Purchases replayed so far. */
    int replayed();

    @Override
    void close();
}
