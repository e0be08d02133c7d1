package io.hmrec.core.synth;

/** Open-addressing map from a non-zero long key to a dense index 0..size-1 (no boxing; for millions of ids). */
final class LongIndex {
    private long[] keys = new long[1 << 16];
    private int[] values = new int[1 << 16];
    private int size;

    /** The index of {@code key}, assigning the next free one when it is new. */
    int indexOf(long key) {
        long k = key == 0 ? Long.MIN_VALUE : key;
        int mask = keys.length - 1;
        int i = (int) (k ^ (k >>> 31)) & mask;
        while (true) {
            if (keys[i] == k) {
                return values[i];
            }
            if (keys[i] == 0) {
                keys[i] = k;
                values[i] = size++;
                if (size * 2 > keys.length) {
                    grow();
                }
                return size - 1;
            }
            i = (i + 1) & mask;
        }
    }

    /** The index of {@code key}, or -1 when absent. */
    int find(long key) {
        long k = key == 0 ? Long.MIN_VALUE : key;
        int mask = keys.length - 1;
        int i = (int) (k ^ (k >>> 31)) & mask;
        while (keys[i] != 0) {
            if (keys[i] == k) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = values;
        keys = new long[ok.length * 2];
        values = new int[ok.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] != 0) {
                int i = (int) (ok[j] ^ (ok[j] >>> 31)) & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = ok[j];
                values[i] = ov[j];
            }
        }
    }
}
