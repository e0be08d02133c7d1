package io.hmrec.ranker;

import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import io.hmrec.core.rank.FeatureRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a LightGBM lambdarank model over candidate features: one query group per customer and week, label 1 for a
 * pooled candidate the customer bought in that week. Queries without a pooled positive carry no lambdarank gradient
 * and are dropped; negatives are down-sampled per query with a seeded draw, so a fit is reproducible (LightGBM runs
 * with {@code deterministic=true}, a fixed seed and few threads).
 */
public final class RankerTrainer {
    private final RankerSettings settings;

    public RankerTrainer(RankerSettings settings) {
        this.settings = settings;
    }

    /**
     * @throws IllegalArgumentException when no query has a pooled positive, or queries disagree on feature names
     */
    public TrainedRanker train(List<RankerQuery> queries) {
        List<RankerQuery> useful = queries.stream().filter(RankerQuery::hasPositive).toList();
        if (useful.isEmpty()) {
            throw new IllegalArgumentException("cannot train the ranker: none of " + queries.size()
                    + " queries has a bought article among its candidates");
        }
        List<String> names = useful.get(0).rows().names();
        int width = names.size();
        int rowsTotal = 0;
        List<int[]> kept = new ArrayList<>(useful.size());
        for (RankerQuery q : useful) {
            if (!q.rows().names().equals(names)) {
                throw new IllegalArgumentException("queries disagree on feature names: customer " + q.rows().customerId()
                        + " has " + q.rows().names().size() + " features " + q.rows().names() + ", first query " + names);
            }
            int[] rows = sample(q);
            kept.add(rows);
            rowsTotal += rows.length;
        }
        double[] x = new double[rowsTotal * width];
        float[] labels = new float[rowsTotal];
        int[] groups = new int[useful.size()];
        int at = 0;
        int positives = 0;
        for (int g = 0; g < useful.size(); g++) {
            RankerQuery q = useful.get(g);
            FeatureRows fr = q.rows();
            for (int r : kept.get(g)) {
                System.arraycopy(fr.values(), r * width, x, at * width, width);
                boolean pos = q.bought().contains(fr.articleIds().get(r));
                labels[at] = pos ? 1f : 0f;
                positives += pos ? 1 : 0;
                at++;
            }
            groups[g] = kept.get(g).length;
        }
        NativeLightGbm.load();
        String params = settings.trainingParameters();
        try (LGBMDataset data = LGBMDataset.createFromMat(x, rowsTotal, width, true, params, null)) {
            data.setFeatureNames(names.toArray(String[]::new));
            data.setField("label", labels);
            data.setField("group", groups);
            try (LGBMBooster booster = LGBMBooster.create(data, params)) {
                for (int i = 0; i < settings.iterations(); i++) {
                    if (booster.updateOneIter()) {
                        break; // no further split improves the objective
                    }
                }
                String text = booster.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.GAIN);
                double[] gain = booster.featureImportance(0, LGBMBooster.FeatureImportanceType.GAIN);
                Map<String, Double> importance = new LinkedHashMap<>();
                Integer[] order = new Integer[width];
                for (int i = 0; i < width; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -gain[i]).thenComparing(i -> i));
                for (int i : order) {
                    importance.put(names.get(i), gain[i]);
                }
                return new TrainedRanker(text, names, importance, useful.size(), rowsTotal, positives);
            }
        } catch (LGBMException e) {
            throw new IllegalStateException("LightGBM failed to train the ranker on " + rowsTotal + " rows: " + e.getMessage(), e);
        }
    }

    /** Row indices kept for a query: every positive and a seeded sample of negatives, in pool order. */
    private int[] sample(RankerQuery q) {
        RankerQuery kept = q.sampled(settings.maxNegativesPerQuery(), settings.seed());
        int[] out = new int[kept.rows().rows()];
        java.util.Map<String, Integer> rowOf = new java.util.HashMap<>();
        for (int r = 0; r < q.rows().rows(); r++) {
            rowOf.put(q.rows().articleIds().get(r), r);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = rowOf.get(kept.rows().articleIds().get(i));
        }
        return out;
    }
}
