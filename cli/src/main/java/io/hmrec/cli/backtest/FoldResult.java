package io.hmrec.cli.backtest;

import io.hmrec.core.metrics.RankingMetrics;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Scores of one weekly fold.
 *
 * @param index           fold number: 1 is the last week of the data
 * @param firstDay        first day of the fold week
 * @param lastDay         last day of the fold week
 * @param buyers          customers who bought in the week (the only ones MAP@12 counts)
 * @param predicted       customers written to the prediction file
 * @param methods         method name → MAP@12, precision@12, recall@12 over the buyers
 * @param candidateRecall share of a buyer's week articles found anywhere in their candidate pool, averaged
 * @param meanPoolSize    mean number of pooled candidates per buyer (the candidate-list size)
 * @param segments        method → segment ("age:20_to_29", "activity:5-19", ...) → [sum of AP, buyers]
 * @param rankerQueries   customer-weeks the fold's ranker was trained on (0 when none)
 * @param rankerImportance feature → split gain of the fold's ranker, largest first (top features)
 * @param modelSeconds    model → seconds spent fitting it at this fold's cut
 * @param predictionFile  file name of the fold's predictions
 * @param predictionMethod method whose lists the prediction file holds
 */
public record FoldResult(int index, LocalDate firstDay, LocalDate lastDay, int buyers, int predicted,
                         Map<String, RankingMetrics.Summary> methods, double candidateRecall, double meanPoolSize,
                         Map<String, Map<String, double[]>> segments, int rankerQueries,
                         Map<String, Double> rankerImportance, Map<String, Double> modelSeconds,
                         String predictionFile, String predictionMethod) {
    public FoldResult {
        methods = Map.copyOf(methods);
    }

    /** Method names in report order. */
    public static List<String> order(java.util.Collection<String> names) {
        return names.stream().sorted(java.util.Comparator.comparingInt(FoldResult::rank)
                .thenComparing(java.util.Comparator.naturalOrder())).toList();
    }

    private static int rank(String method) {
        if (method.startsWith(Backtest.SOURCE_PREFIX)) {
            return 0;
        }
        if (method.startsWith(Backtest.MODEL_PREFIX)) {
            return 1;
        }
        return method.equals(Backtest.BLEND) ? 2 : 3;
    }
}
