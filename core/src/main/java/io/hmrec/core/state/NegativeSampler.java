package io.hmrec.core.state;

import io.hmrec.core.model.ScoredArticle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Negative samples for the trainer's collaborative filter: {@code k} distinct articles drawn from a popular-articles
 * list with probability proportional to popularity, never one the customer bought. Weighted sampling without
 * replacement by Efraimidis–Spirakis keys ({@code log(u)/w}, largest k win), with each article's {@code u} a hash of
 * (seed, customer, day, article): the sample is deterministic for a seed, does not depend on the order of the
 * popular list, and changes only where the customer's positives or the popularity weights changed.
 *
 * @param seed explicit seed so a replay reproduces the same negatives
 */
public record NegativeSampler(long seed) {
    /** A customer's current negatives. */
    public record Sample(int day, List<String> articleIds) {
        private static final int TYPE = 5;
        private static final int VERSION = 1;

        public Sample {
            articleIds = List.copyOf(articleIds);
        }

        public byte[] toBytes() {
            ByteBuffer buf = ByteBuffer.allocate(1 + 4 + 4 + 8 * articleIds.size());
            buf.put(Codec.header(TYPE, VERSION)).putInt(day).putInt(articleIds.size());
            for (String a : articleIds) {
                buf.putLong(Codec.articleToLong(a));
            }
            return buf.array();
        }

        public static Sample fromBytes(byte[] bytes) {
            return Codec.decode(bytes, "NegativeSample", buf -> {
                Codec.checkHeader(buf, TYPE, VERSION, "NegativeSample");
                int day = buf.getInt();
                int n = Codec.checkedCount(buf, 8, "NegativeSample");
                List<String> ids = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ids.add(Codec.articleFromLong(buf.getLong()));
                }
                return new Sample(day, ids);
            });
        }
    }

    private record Keyed(String articleId, double key) {}

    /** Best first: the larger key, then the smaller article id (ties are all but impossible, but must be stable). */
    private static int bestFirst(Keyed a, Keyed b) {
        int byKey = Double.compare(b.key, a.key);
        return byKey != 0 ? byKey : a.articleId.compareTo(b.articleId);
    }

    /**
     * Samples {@code k} negatives for {@code customerId} as of {@code day}.
     *
     * <p>It runs for every list the topology emits, so it keeps only the {@code k} best keys in a bounded heap
     * (worst on top) instead of sorting every candidate, and hashes ASCII ids without encoding them; the result is
     * the same as sorting all keys (pinned by a test).
     *
     * @param popular   candidate articles with non-negative weights (e.g. decayed popularity); zero weights are
     *                  never drawn
     * @param positives articles the customer bought (excluded)
     * @return up to {@code k} distinct article ids, highest key first; fewer only when the list runs out
     */
    public Sample sample(String customerId, int day, Collection<ScoredArticle> popular, Set<String> positives, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        if (k == 0) {
            return new Sample(day, List.of());
        }
        long base = mix(seed ^ mix(hash(customerId)) ^ mix(0x9E3779B97F4A7C15L * (day + 1L)));
        java.util.PriorityQueue<Keyed> kept = new java.util.PriorityQueue<>(k + 1, (a, b) -> bestFirst(b, a));
        Set<String> seen = new java.util.HashSet<>(popular.size() * 2);
        for (ScoredArticle a : popular) {
            if (!(a.score() > 0) || positives.contains(a.articleId()) || !seen.add(a.articleId())) {
                continue;
            }
            double u = uniform(mix(base ^ hash(a.articleId())));
            Keyed candidate = new Keyed(a.articleId(), Math.log(u) / a.score());
            if (kept.size() < k) {
                kept.add(candidate);
            } else if (bestFirst(candidate, kept.peek()) < 0) {
                kept.poll();
                kept.add(candidate);
            }
        }
        Keyed[] best = kept.toArray(new Keyed[0]);
        java.util.Arrays.sort(best, NegativeSampler::bestFirst);
        List<String> out = new ArrayList<>(best.length);
        for (Keyed b : best) {
            out.add(b.articleId());
        }
        return new Sample(day, out);
    }

    /** A uniform double in (0, 1) from 53 bits of the hash; never 0 so its log is finite. */
    private static double uniform(long h) {
        return ((h >>> 11) + 0.5) / (double) (1L << 53);
    }

    /** Over the string's UTF-8 bytes; ASCII (every H&M id) without encoding it first. */
    private static long hash(String s) {
        long h = 1125899906842597L;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return hashUtf8(s);
            }
            h = 31 * h + c;
        }
        return mix(h);
    }

    private static long hashUtf8(String s) {
        long h = 1125899906842597L;
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + x;
        }
        return mix(h);
    }

    /** SplitMix64 finaliser: spreads nearby inputs over all 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
