package io.hmrec.core.rank;

import java.util.List;
import java.util.Objects;

/**
 * The feature matrix of one customer's pooled candidates: row {@code i} describes {@code articleIds.get(i)}.
 *
 * @param customerId the customer the rows describe
 * @param names      feature names, in column order (see {@link CandidateFeatures#names()})
 * @param articleIds pooled candidates in pool order (sources in engine order, then each source's rank); distinct
 * @param values     row-major {@code articleIds.size() * names.size()} values; {@link Double#NaN} means missing
 */
public record FeatureRows(String customerId, List<String> names, List<String> articleIds, double[] values) {
    public FeatureRows {
        Objects.requireNonNull(customerId, "customerId");
        names = List.copyOf(names);
        articleIds = List.copyOf(articleIds);
        Objects.requireNonNull(values, "values");
        if (values.length != names.size() * articleIds.size()) {
            throw new IllegalArgumentException("feature matrix has " + values.length + " values, expected "
                    + articleIds.size() + " rows x " + names.size() + " features");
        }
    }

    public int rows() {
        return articleIds.size();
    }

    public int columns() {
        return names.size();
    }

    /** Value of feature {@code column} for row {@code row}. */
    public double get(int row, int column) {
        return values[row * names.size() + column];
    }

    /** Value of the named feature for row {@code row}. */
    public double get(int row, String feature) {
        int c = names.indexOf(feature);
        if (c < 0) {
            throw new IllegalArgumentException("no feature '" + feature + "'; features are " + names);
        }
        return get(row, c);
    }
}
