package io.hmrec.trainer.model;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.rec.TrainingData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small graphs with known answers for the model tests. */
final class TestGraphs {
    static final int AS_OF = 18_500;

    private TestGraphs() {}

    static String customer(int i) {
        return String.format("c%03d", i);
    }

    static String article(int j) {
        return String.format("%010d", 108_775_000L + j);
    }

    /**
     * The checkerboard: customer c likes every article of its parity; each customer's purchases leave out exactly one
     * liked article (a different one for each customer of the same parity), which it must be recommended first.
     */
    record Checkerboard(TrainingData data, Map<String, String> heldOut) {}

    static Checkerboard checkerboard(int customers, int articles) {
        List<Purchase> purchases = new ArrayList<>();
        Map<String, String> heldOut = new LinkedHashMap<>();
        int perParity = articles / 2;
        for (int c = 0; c < customers; c++) {
            int parity = c % 2;
            int held = 2 * ((c / 2) % perParity) + parity;
            heldOut.put(customer(c), article(held));
            for (int a = parity; a < articles; a += 2) {
                if (a != held) {
                    purchases.add(new Purchase(AS_OF - 1 - (a % 5), customer(c), article(a), 0.03, 1));
                }
            }
        }
        return new Checkerboard(new TrainingData(AS_OF, purchases, Map.of(), Map.of(), Map.of()), heldOut);
    }

    /**
     * Planted groups: customers of group g buy only group g's articles; group 0 is much larger, so global popularity
     * favours its articles. The held-out week holds articles of the customer's own group that it has not bought yet.
     */
    record Planted(TrainingData data, Map<String, List<String>> nextWeek) {}

    static Planted planted(long seed) {
        int[] groupSizes = {48, 16, 16, 16};
        int articlesPerGroup = 20;
        Random random = new Random(seed);
        List<Purchase> purchases = new ArrayList<>();
        Map<String, List<String>> next = new HashMap<>();
        int c = 0;
        for (int g = 0; g < groupSizes.length; g++) {
            for (int i = 0; i < groupSizes[g]; i++, c++) {
                List<Integer> own = new ArrayList<>();
                for (int a = 0; a < articlesPerGroup; a++) {
                    own.add(g * articlesPerGroup + a);
                }
                java.util.Collections.shuffle(own, random);
                for (int k = 0; k < 6; k++) {
                    purchases.add(new Purchase(AS_OF - 1 - random.nextInt(60), customer(c), article(own.get(k)), 0.02, 2));
                }
                next.put(customer(c), List.of(article(own.get(6)), article(own.get(7))));
            }
        }
        purchases.sort(java.util.Comparator.comparingInt(Purchase::day));
        return new Planted(new TrainingData(AS_OF, purchases, Map.of(), Map.of(), Map.of()), next);
    }
}
