package io.hmrec.core.metrics;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranking metrics exactly as the H&M Kaggle competition computed them (its {@code apk}/{@code mapk}): pure functions
 * on article-id lists.
 *
 * <ul>
 *   <li>A prediction is cut to its first {@code k} entries BEFORE duplicates are looked at: a duplicate uses up a slot
 *       but can hit only once.</li>
 *   <li>Hits are counted in order; the i-th position (1-based) that is a first-time hit adds {@code hits_so_far / i}.</li>
 *   <li>AP divides by {@code min(|actual|, k)}; MAP averages over customers who bought in the week only (customers with
 *       no purchases are not scored at all; a buyer without a prediction scores 0).</li>
 * </ul>
 * All results are in [0, 1].
 */
public final class RankingMetrics {
    private RankingMetrics() {}

    /** Metrics averaged over the week's buyers. */
    public record Summary(double map, double precision, double recall, int buyers) {}

    /** Average precision at {@code k} of one prediction; 0 when {@code actual} is empty. */
    public static double averagePrecision(List<String> predicted, Collection<String> actual, int k) {
        checkK(k);
        if (actual.isEmpty()) {
            return 0.0;
        }
        Set<String> truth = actual instanceof Set<String> s ? s : new HashSet<>(actual);
        Set<String> seen = new HashSet<>();
        int hits = 0;
        double sum = 0.0;
        int n = Math.min(k, predicted.size());
        for (int i = 0; i < n; i++) {
            String p = predicted.get(i);
            if (seen.add(p) && truth.contains(p)) {
                hits++;
                sum += hits / (double) (i + 1);
            }
        }
        return sum / Math.min(truth.size(), k);
    }

    /** Distinct hits among the first {@code k} entries. */
    public static int hits(List<String> predicted, Collection<String> actual, int k) {
        checkK(k);
        Set<String> truth = actual instanceof Set<String> s ? s : new HashSet<>(actual);
        Set<String> seen = new HashSet<>();
        int hits = 0;
        for (int i = 0; i < Math.min(k, predicted.size()); i++) {
            if (seen.add(predicted.get(i)) && truth.contains(predicted.get(i))) {
                hits++;
            }
        }
        return hits;
    }

    /** Distinct hits in the first {@code k} divided by {@code k}. */
    public static double precision(List<String> predicted, Collection<String> actual, int k) {
        return hits(predicted, actual, k) / (double) k;
    }

    /** Distinct hits in the first {@code k} divided by the number of distinct actual articles; 0 when none. */
    public static double recall(List<String> predicted, Collection<String> actual, int k) {
        Set<String> truth = new HashSet<>(actual);
        return truth.isEmpty() ? 0.0 : hits(predicted, truth, k) / (double) truth.size();
    }

    /**
     * MAP@k, precision@k and recall@k averaged over the customers with at least one actual purchase.
     *
     * @param predictions customer → predicted articles, best first (customers missing here score 0)
     * @param actual      customer → articles bought in the evaluation week
     */
    public static Summary evaluate(Map<String, List<String>> predictions, Map<String, ? extends Collection<String>> actual, int k) {
        checkK(k);
        double map = 0;
        double prec = 0;
        double rec = 0;
        int buyers = 0;
        for (Map.Entry<String, ? extends Collection<String>> e : actual.entrySet()) {
            Set<String> truth = new HashSet<>(e.getValue());
            if (truth.isEmpty()) {
                continue;
            }
            buyers++;
            List<String> p = predictions.getOrDefault(e.getKey(), List.of());
            map += averagePrecision(p, truth, k);
            prec += precision(p, truth, k);
            rec += recall(p, truth, k);
        }
        return buyers == 0 ? new Summary(0, 0, 0, 0) : new Summary(map / buyers, prec / buyers, rec / buyers, buyers);
    }

    /** MAP@k over the week's buyers (see {@link #evaluate}). */
    public static double map(Map<String, List<String>> predictions, Map<String, ? extends Collection<String>> actual, int k) {
        return evaluate(predictions, actual, k).map();
    }

    /**
     * Candidate recall: per buyer, the share of the week's distinct articles that appear anywhere in the candidate
     * pool, averaged over buyers. Shows the ceiling a ranker over the pool can reach.
     */
    public static double candidateRecall(Map<String, ? extends Collection<String>> candidates,
                                         Map<String, ? extends Collection<String>> actual) {
        double sum = 0;
        int buyers = 0;
        for (Map.Entry<String, ? extends Collection<String>> e : actual.entrySet()) {
            Set<String> truth = new HashSet<>(e.getValue());
            if (truth.isEmpty()) {
                continue;
            }
            buyers++;
            Collection<String> pool = candidates.containsKey(e.getKey()) ? candidates.get(e.getKey()) : List.of();
            Set<String> poolSet = pool instanceof Set<String> s ? s : new HashSet<>(pool);
            int covered = 0;
            for (String a : truth) {
                if (poolSet.contains(a)) {
                    covered++;
                }
            }
            sum += covered / (double) truth.size();
        }
        return buyers == 0 ? 0.0 : sum / buyers;
    }

    private static void checkK(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be > 0, got " + k);
        }
    }
}
