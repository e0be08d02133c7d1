package io.hmrec.core.data;

import java.util.Arrays;

/** Open-addressing long → count map for the per-day occurrence numbers; no boxing, cleared in place. */
final class LongCounter {
    private static final long EMPTY = 0L;
    private long[] keys = new long[1 << 12];
    private int[] counts = new int[1 << 12];
    private int size;
    private boolean hasZero;
    private int zeroCount;

    /** Adds one to {@code key}'s count and returns the new count. */
    int increment(long key) {
        if (key == EMPTY) {
            hasZero = true;
            return ++zeroCount;
        }
        int mask = keys.length - 1;
        int i = (int) (key ^ (key >>> 29)) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return ++counts[i];
            }
            if (k == EMPTY) {
                keys[i] = key;
                counts[i] = 1;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return 1;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] ok = keys;
        int[] oc = counts;
        keys = new long[ok.length * 2];
        counts = new int[ok.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            long k = ok[j];
            if (k != EMPTY) {
                int i = (int) (k ^ (k >>> 29)) & mask;
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                counts[i] = oc[j];
            }
        }
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(keys, EMPTY);
            size = 0;
        }
        hasZero = false;
        zeroCount = 0;
    }

    boolean isEmpty() {
        return size == 0 && !hasZero;
    }
}
