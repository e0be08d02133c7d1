package io.hmrec.core.synth;

/** Fenwick (binary indexed) tree of non-negative weights: O(log n) update and weighted sampling. */
final class Fenwick {
    private final double[] tree;
    private final int n;
    private final int topBit;

    Fenwick(int n) {
        this.n = n;
        this.tree = new double[n + 1];
        this.topBit = n == 0 ? 0 : Integer.highestOneBit(n);
    }

    void add(int index, double delta) {
        for (int i = index + 1; i <= n; i += i & -i) {
            tree[i] += delta;
        }
    }

    double total() {
        double s = 0;
        for (int i = n; i > 0; i -= i & -i) {
            s += tree[i];
        }
        return s;
    }

    /** The index whose cumulative weight range holds {@code target} (0 ≤ target < total). */
    int find(double target) {
        int pos = 0;
        for (int step = topBit; step > 0; step >>= 1) {
            int next = pos + step;
            if (next <= n && tree[next] <= target) {
                pos = next;
                target -= tree[next];
            }
        }
        return Math.min(pos, n - 1);
    }
}
