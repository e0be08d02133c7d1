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

        /** The day of an encoded sample, without decoding its ids (same checks as {@link #fromBytes}). */
        public static int dayOf(byte[] bytes) {
            return Codec.decode(bytes, "NegativeSample", buf -> {
                Codec.checkHeader(buf, TYPE, VERSION, "NegativeSample");
                int day = buf.getInt();
                int n = Codec.checkedCount(buf, 8, "NegativeSample");
                buf.position(buf.position() + 8 * n);
                return day;
            });
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

    /**
     * A popular list prepared for many customers' draws: its distinct articles with a positive weight, in list order
     * (the first occurrence of an id with a positive weight stands), with their ids' hashes. The emission of a batch
     * of lists draws every customer's sample from the same list, so this is built once per list instead of per draw.
     */
    public static final class Pool {
        private final String[] ids;
        private final long[] hashes;
        private final double[] weights;

        private Pool(String[] ids, long[] hashes, double[] weights) {
            this.ids = ids;
            this.hashes = hashes;
            this.weights = weights;
        }

        /** @param popular candidate articles with non-negative weights; zero weights are never drawn */
        public static Pool of(Collection<ScoredArticle> popular) {
            int n = popular.size();
            String[] ids = new String[n];
            long[] hashes = new long[n];
            double[] weights = new double[n];
            Set<String> seen = new java.util.HashSet<>(n * 2);
            int m = 0;
            for (ScoredArticle a : popular) {
                if (!(a.score() > 0) || !seen.add(a.articleId())) {
                    continue;
                }
                ids[m] = a.articleId();
                hashes[m] = hash(a.articleId());
                weights[m] = a.score();
                m++;
            }
            return new Pool(java.util.Arrays.copyOf(ids, m), java.util.Arrays.copyOf(hashes, m),
                    java.util.Arrays.copyOf(weights, m));
        }

        /** Distinct articles that can be drawn. */
        public int size() {
            return ids.length;
        }
    }

    /**
     * Samples {@code k} negatives for {@code customerId} as of {@code day}.
     *
     * @param popular   candidate articles with non-negative weights (e.g. decayed popularity); zero weights are
     *                  never drawn
     * @param positives articles the customer bought (excluded)
     * @return up to {@code k} distinct article ids, highest key first; fewer only when the list runs out
     */
    public Sample sample(String customerId, int day, Collection<ScoredArticle> popular, Set<String> positives, int k) {
        return sample(customerId, day, Pool.of(popular), positives, k);
    }

    /**
     * Samples {@code k} negatives for {@code customerId} as of {@code day} from a prepared pool; the same sample as
     * {@link #sample(String, int, Collection, Set, int)} with the pool's list.
     *
     * <p>It runs for every list the topology emits, so it keeps only the {@code k} best keys in a bounded heap of
     * primitives (worst on top) instead of sorting every candidate, and takes the logarithm only of a candidate
     * that can still enter the heap (log u ≤ u − 1 rules the others out); the result is that of sorting all keys
     * (pinned by a test).
     */
    public Sample sample(String customerId, int day, Pool pool, Set<String> positives, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        if (k == 0) {
            return new Sample(day, List.of());
        }
        long base = mix(seed ^ mix(hash(customerId)) ^ mix(0x9E3779B97F4A7C15L * (day + 1L)));
        // a binary heap of pool indices by key, worst (smallest key; on a tie the larger id) at the root
        int[] heap = new int[Math.min(k, pool.size())];
        double[] keys = new double[pool.size()];
        int size = 0;
        for (int i = 0; i < pool.ids.length; i++) {
            if (!positives.isEmpty() && positives.contains(pool.ids[i])) {
                continue;
            }
            double u = uniform(mix(base ^ pool.hashes[i]));
            double w = pool.weights[i];
            // log u ≤ u − 1, so below threshold · w (with a margin far above rounding) log(u) / w cannot enter
            if (size == heap.length && u - 1.0 < keys[heap[0]] * w * (1 + 1e-9)) {
                continue;
            }
            keys[i] = Math.log(u) / w;
            if (size < heap.length) {
                heap[size] = i;
                siftUp(heap, size++, keys, pool.ids);
            } else if (worse(heap[0], i, keys, pool.ids)) {
                heap[0] = i;
                siftDown(heap, size, keys, pool.ids);
            }
        }
        // best first: take the worst off the heap into the last free place until it is empty
        String[] best = new String[size];
        for (int left = size; left > 0; left--) {
            best[left - 1] = pool.ids[heap[0]];
            heap[0] = heap[left - 1];
            siftDown(heap, left - 1, keys, pool.ids);
        }
        return new Sample(day, java.util.Arrays.asList(best));
    }

    /** Whether candidate {@code a} ranks below {@code b}: the smaller key, or on equal keys the larger id. */
    private static boolean worse(int a, int b, double[] keys, String[] ids) {
        int byKey = Double.compare(keys[a], keys[b]);
        return byKey != 0 ? byKey < 0 : ids[a].compareTo(ids[b]) > 0;
    }

    private static void siftUp(int[] heap, int at, double[] keys, String[] ids) {
        int x = heap[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!worse(x, heap[parent], keys, ids)) {
                break;
            }
            heap[at] = heap[parent];
            at = parent;
        }
        heap[at] = x;
    }

    private static void siftDown(int[] heap, int size, double[] keys, String[] ids) {
        int at = 0;
        int x = heap[0];
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && worse(heap[child + 1], heap[child], keys, ids)) {
                child++;
            }
            if (!worse(heap[child], x, keys, ids)) {
                break;
            }
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = x;
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
