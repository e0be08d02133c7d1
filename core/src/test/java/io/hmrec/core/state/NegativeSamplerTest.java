package io.hmrec.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.core.model.ScoredArticle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NegativeSamplerTest {
    private static List<ScoredArticle> popular(int n) {
        List<ScoredArticle> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new ScoredArticle(String.format("%010d", i), n + 1 - i, "popular"));
        }
        return out;
    }

    @Test
    void shouldNeverContainAPositiveAndReturnKDistinctArticles() {
        Set<String> positives = Set.of("0000000001", "0000000002", "0000000003");
        NegativeSampler.Sample s = new NegativeSampler(42).sample("cust", 100, popular(20), positives, 8);
        assertThat(s.articleIds()).hasSize(8).doesNotHaveDuplicates().doesNotContainAnyElementsOf(positives);
        assertThat(s.day()).isEqualTo(100);
    }

    @Test
    void shouldBeDeterministicForASeedAndIndependentOfListOrder() {
        List<ScoredArticle> shuffled = new ArrayList<>(popular(30));
        Collections.shuffle(shuffled, new java.util.Random(7));
        NegativeSampler sampler = new NegativeSampler(42);
        assertThat(sampler.sample("cust", 100, shuffled, Set.of(), 5))
                .isEqualTo(sampler.sample("cust", 100, popular(30), Set.of(), 5));
        assertThat(new NegativeSampler(43).sample("cust", 100, popular(30), Set.of(), 5))
                .isNotEqualTo(sampler.sample("cust", 100, popular(30), Set.of(), 5));
    }

    @Test
    void shouldDrawPopularArticlesMoreOftenThanRareOnes() {
        // weights 10 vs 1 over many customers: the popular one must be drawn far more often
        List<ScoredArticle> two = List.of(new ScoredArticle("0000000001", 10, "p"), new ScoredArticle("0000000002", 1, "p"));
        Map<String, Integer> firsts = new HashMap<>();
        NegativeSampler sampler = new NegativeSampler(1);
        for (int c = 0; c < 2000; c++) {
            firsts.merge(sampler.sample("c" + c, 5, two, Set.of(), 1).articleIds().get(0), 1, Integer::sum);
        }
        // P(first = heavy) = 10/11 ~ 1818 of 2000
        assertThat(firsts.get("0000000001")).isBetween(1740, 1890);
    }

    @Test
    void shouldRoundTripASampleThroughItsBinaryEncoding() {
        NegativeSampler.Sample s = new NegativeSampler(3).sample("cust", 7, popular(10), Set.of(), 4);
        assertThat(NegativeSampler.Sample.fromBytes(s.toBytes())).isEqualTo(s);
    }

    @Test
    void shouldReadAnEncodedSamplesDayAndRejectATruncatedOne() {
        byte[] bytes = new NegativeSampler(3).sample("cust", 7, popular(10), Set.of(), 4).toBytes();
        assertThat(NegativeSampler.Sample.dayOf(bytes)).isEqualTo(7);
        assertThatThrownBy(() -> NegativeSampler.Sample.dayOf(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NegativeSample");
    }

    /**
     * The exact sample for a fixed input, pinned: a replay must reproduce the negatives the trainer saw, so the draw
     * may get faster but never different.
     */
    @Test
    void shouldDrawExactlyThePinnedSampleForAFixedInput() {
        List<ScoredArticle> list = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            list.add(new ScoredArticle(String.format("%010d", 700000000L + i * 7919L), 1000.0 / (i + 3), "popular"));
        }
        list.add(new ScoredArticle(String.format("%010d", 700000000L + 5 * 7919L), 1.0, "popular")); // first one wins
        list.add(new ScoredArticle("0999999999", 0.0, "popular")); // zero weight: never drawn
        Set<String> positives = Set.of(String.format("%010d", 700000000L + 7919L),
                String.format("%010d", 700000000L + 17 * 7919L));

        NegativeSampler.Sample s = new NegativeSampler(42).sample(
                "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9", 18500, list, positives, 64);

        assertThat(s.articleIds()).containsExactly(
            "0700150461", "0700071271", "0700673115", "0700221732", "0700712710", "0700126704", "0700293003", "0700411788",
            "0700578087", "0700015838", "0700079190", "0700419707", "0700055433", "0700023757", "0700380112", "0700324679",
            "0700174218", "0700815657", "0700332598", "0700443464", "0700839414", "0701132417", "0701346230", "0700308841",
            "0700245489", "0700213813", "0701124498", "0700110866", "0700435545", "0701528367", "0700205894", "0700039595",
            "0700031676", "0700483059", "0701116579", "0700047514", "0700783981", "0700277165", "0700776062", "0700902766",
            "0700269246", "0700102947", "0701021551", "0700538492", "0700158380", "0700601844", "0700395950", "0700182137",
            "0700688953", "0701037389", "0701369987", "0700451383", "0700926523", "0700490978", "0701496691", "0700229651",
            "0700190056", "0700063352", "0701362068", "0700554330", "0701243283", "0700364274", "0700087109", "0700958199");
    }

    /**
     * The bounded heap and the skipped logarithms change nothing: over random lists with duplicates, zero weights,
     * positives and k above and below the list's size, a prepared pool draws what sorting every key draws.
     */
    @Test
    void shouldDrawFromAPreparedPoolWhatSortingEveryKeyDraws() {
        java.util.Random random = new java.util.Random(11);
        NegativeSampler sampler = new NegativeSampler(42);
        for (int round = 0; round < 300; round++) {
            List<ScoredArticle> list = new ArrayList<>();
            int n = 1 + random.nextInt(120);
            for (int i = 0; i < n; i++) {
                String id = String.format("%010d", 100 + random.nextInt(150)); // repeats on purpose
                double w = random.nextInt(10) == 0 ? 0.0 : Math.exp(random.nextGaussian() * 3);
                list.add(new ScoredArticle(id, w, "popular"));
            }
            Set<String> positives = new java.util.HashSet<>();
            for (int i = 0; i < random.nextInt(5); i++) {
                positives.add(list.get(random.nextInt(n)).articleId());
            }
            int k = random.nextInt(70);
            String customer = "c" + round;
            NegativeSampler.Sample drawn = sampler.sample(customer, 9000 + round, NegativeSampler.Pool.of(list), positives, k);

            assertThat(drawn).isEqualTo(sampler.sample(customer, 9000 + round, list, positives, k));
            assertThat(drawn.articleIds()).containsExactlyElementsOf(
                    sortEveryKey(42, customer, 9000 + round, list, positives, k));
        }
    }

    /** The sampler's definition written out plainly: every eligible article's key, sorted, the first k. */
    private static List<String> sortEveryKey(long seed, String customer, int day, List<ScoredArticle> list,
                                             Set<String> positives, int k) {
        long base = NegativeSampler.mix(seed ^ NegativeSampler.mix(plainHash(customer))
                ^ NegativeSampler.mix(0x9E3779B97F4A7C15L * (day + 1L)));
        Map<String, Double> keys = new java.util.LinkedHashMap<>();
        for (ScoredArticle a : list) {
            if (a.score() > 0 && !positives.contains(a.articleId()) && !keys.containsKey(a.articleId())) {
                long h = NegativeSampler.mix(base ^ plainHash(a.articleId()));
                double u = ((h >>> 11) + 0.5) / (double) (1L << 53);
                keys.put(a.articleId(), Math.log(u) / a.score());
            }
        }
        List<String> ids = new ArrayList<>(keys.keySet());
        ids.sort((a, b) -> {
            int byKey = Double.compare(keys.get(b), keys.get(a));
            return byKey != 0 ? byKey : a.compareTo(b);
        });
        return ids.subList(0, Math.min(k, ids.size()));
    }

    private static long plainHash(String ascii) {
        long h = 1125899906842597L;
        for (int i = 0; i < ascii.length(); i++) {
            h = 31 * h + ascii.charAt(i);
        }
        return NegativeSampler.mix(h);
    }
}
