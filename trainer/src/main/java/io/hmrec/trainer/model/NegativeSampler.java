package io.hmrec.trainer.model;

import java.util.Arrays;
import java.util.Random;

/**
 * Draws one negative article for a customer: one of the stream's negative samples when the cut has some for that
 * customer, otherwise an article drawn with probability proportional to its degree (popular articles make harder,
 * more informative negatives than uniform ones), re-drawn a few times if the customer bought it. All randomness comes
 * from the caller's seeded {@link Random}.
 */
final class NegativeSampler {
    private static final int MAX_REDRAWS = 16;
    private final GraphIndex graph;
    private final long[] cumulativeDegree;

    NegativeSampler(GraphIndex graph) {
        this.graph = graph;
        int[] degree = graph.articleDegrees();
        cumulativeDegree = new long[degree.length];
        long sum = 0;
        for (int a = 0; a < degree.length; a++) {
            sum += degree[a];
            cumulativeDegree[a] = sum;
        }
    }

    int sample(int customer, Random random) {
        int[] streamNegatives = graph.negativesOf(customer);
        if (streamNegatives.length > 0) {
            return streamNegatives[random.nextInt(streamNegatives.length)];
        }
        int[] bought = graph.boughtBy(customer);
        int candidate = popularityDraw(random);
        for (int i = 0; i < MAX_REDRAWS && Arrays.binarySearch(bought, candidate) >= 0; i++) {
            candidate = popularityDraw(random);
        }
        return candidate;
    }

    private int popularityDraw(Random random) {
        long total = cumulativeDegree[cumulativeDegree.length - 1];
        long r = (long) (random.nextDouble() * total);
        int i = Arrays.binarySearch(cumulativeDegree, r + 1);
        return i >= 0 ? i : -i - 1;
    }
}
