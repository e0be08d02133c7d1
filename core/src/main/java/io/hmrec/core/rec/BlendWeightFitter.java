package io.hmrec.core.rec;

import io.hmrec.core.metrics.RankingMetrics;
import io.hmrec.core.model.ScoredArticle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fits the {@link Blender}'s source weights to the data at hand: coordinate ascent over a fixed grid that maximises
 * the mean average precision at {@code k} of the rank fusion over labelled customer-weeks (each customer's candidate
 * pools as of a week's start and what they bought in that week). Constant weights tuned on one data set misjudge
 * another: on the 1,000-customer real sample trending has too few buyers to say anything, on the synthetic data it
 * is the strongest source. Callers must pass only weeks before the one the weights will predict.
 *
 * <p>Starts from the settings' weights; each pass tries every grid value for each source in name order and keeps a
 * value only when it raises the mean strictly, so ties keep the earlier weight and the result is deterministic. The
 * cold-start fill is left out of the objective: it reads only the popularity state, never the weights' pools.
 * Immutable and thread-safe.
 */
public final class BlendWeightFitter {
    /** Weights tried for each source; rank fusion is scale-free, so relative values are what matter. */
    public static final double[] GRID = {0.0, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0};

    /**
     * One labelled customer-week.
     *
     * @param pools  source name → best-first candidates as of the week's start
     * @param bought articles the customer bought in that week (non-empty)
     */
    public record Example(Map<String, List<ScoredArticle>> pools, Set<String> bought) {
        public Example {
            pools = Map.copyOf(pools);
            bought = Set.copyOf(bought);
            if (bought.isEmpty()) {
                throw new IllegalArgumentException("a blend-fitting example needs at least one bought article");
            }
        }
    }

    /** What a fit found: the weights (every fitted source named, 0 included) and their mean AP@k on the examples. */
    public record Fit(Map<String, Double> weights, double meanAveragePrecision) {}

    private final RecommenderSettings base;
    private final int passes;

    /**
     * @param base   settings whose weights start the search and whose other knobs (k, rank offset, score exponent)
     *               the fusion keeps
     * @param passes rounds over all sources (>= 1)
     */
    public BlendWeightFitter(RecommenderSettings base, int passes) {
        this.base = Objects.requireNonNull(base, "base");
        if (passes < 1) {
            throw new IllegalArgumentException("passes must be >= 1, got " + passes);
        }
        this.passes = passes;
    }

    /**
     * Fits the weights of {@code sources} (the others keep their base weight). With no examples the base weights come
     * back unchanged.
     */
    public Fit fit(List<String> sources, List<Example> examples) {
        Map<String, Double> weights = new LinkedHashMap<>(base.sourceWeights());
        Set<String> names = new TreeSet<>(sources);
        for (String s : names) {
            weights.putIfAbsent(s, 0.0);
        }
        double best = score(weights, examples);
        if (examples.isEmpty()) {
            return new Fit(Map.copyOf(weights), best);
        }
        for (int pass = 0; pass < passes; pass++) {
            boolean changed = false;
            for (String s : names) {
                double current = weights.get(s);
                for (double w : GRID) {
                    if (w == current) {
                        continue;
                    }
                    weights.put(s, w);
                    double m = score(weights, examples);
                    if (m > best) {
                        best = m;
                        current = w;
                        changed = true;
                    }
                }
                weights.put(s, current);
            }
            if (!changed) {
                break;
            }
        }
        return new Fit(Map.copyOf(weights), best);
    }

    /** Mean AP@k of the fusion with {@code weights} over the examples; 0 when there are none. */
    double score(Map<String, Double> weights, List<Example> examples) {
        if (examples.isEmpty()) {
            return 0.0;
        }
        Blender blender = new Blender(base.withSourceWeights(weights));
        double sum = 0;
        for (Example e : examples) {
            List<ScoredArticle> fused = blender.fuse(e.pools());
            List<String> ids = new ArrayList<>(fused.size());
            for (ScoredArticle a : fused) {
                ids.add(a.articleId());
            }
            sum += RankingMetrics.averagePrecision(ids, e.bought(), base.k());
        }
        return sum / examples.size();
    }
}
