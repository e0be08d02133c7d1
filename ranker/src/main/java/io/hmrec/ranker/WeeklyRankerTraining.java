package io.hmrec.ranker;

import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.rank.CandidateFeatures;
import io.hmrec.core.rec.InMemoryRecState;
import io.hmrec.core.rec.RecContext;
import io.hmrec.core.rec.RecommendationEngine;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.rec.TrainingData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Fits the ranker the trainer releases: for each of the {@code weeks} weeks before the training cut, the state as of
 * the week's start is built by core's {@link InMemoryRecState} (the same updaters the topology applies to its
 * stores), each buyer of that week gets the engine's candidate pools and features, and the label is what they bought
 * that week. Only purchases before the cut are used ({@link TrainingData} guarantees it). The backtest does the same
 * through the replayed topology itself.
 */
public final class WeeklyRankerTraining {
    private final RecommenderSettings settings;
    private final RankerSettings rankerSettings;
    private final int weeks;

    /** @param weeks label weeks before the cut (>= 1) */
    public WeeklyRankerTraining(RecommenderSettings settings, RankerSettings rankerSettings, int weeks) {
        if (weeks < 1) {
            throw new IllegalArgumentException("weeks must be >= 1, got " + weeks);
        }
        this.settings = settings;
        this.rankerSettings = rankerSettings;
        this.weeks = weeks;
    }

    /**
     * @param data purchases before the cut ({@code data.asOfDay()}), catalog and customers
     * @throws IllegalArgumentException when no week has a buyer whose purchase was among their candidates
     */
    public TrainedRanker train(TrainingData data) {
        RecommendationEngine engine = RecommendationEngine.standard(settings);
        CandidateFeatures features = CandidateFeatures.of(settings);
        Map<String, Integer> buckets = new HashMap<>();
        data.customers().forEach((id, c) -> buckets.put(id, c.ageBucket()));
        InMemoryRecState state = new InMemoryRecState(settings, data.articles(), buckets);
        List<Purchase> sorted = new ArrayList<>(data.purchases());
        sorted.sort(Comparator.comparingInt(Purchase::day)); // stable: keeps event order within a day
        List<RankerQuery> queries = new ArrayList<>();
        int next = 0;
        for (int w = weeks; w >= 1; w--) {
            int start = data.asOfDay() - 7 * w;
            while (next < sorted.size() && sorted.get(next).day() < start) {
                state.apply(sorted.get(next++));
            }
            Map<String, Set<String>> bought = new TreeMap<>();
            for (int i = next; i < sorted.size() && sorted.get(i).day() < start + 7; i++) {
                bought.computeIfAbsent(sorted.get(i).customerId(), c -> new TreeSet<>()).add(sorted.get(i).articleId());
            }
            RecContext ctx = state.context(start - 1, Optional.empty(), Optional.empty());
            bought.forEach((c, items) -> {
                var profile = state.profile(c);
                RankerQuery q = new RankerQuery(features.compute(profile, ctx, engine.candidates(profile, ctx)), items);
                if (q.hasPositive()) {
                    queries.add(q.sampled(rankerSettings.maxNegativesPerQuery(), rankerSettings.seed()));
                }
            });
        }
        return new RankerTrainer(rankerSettings).train(queries);
    }
}
