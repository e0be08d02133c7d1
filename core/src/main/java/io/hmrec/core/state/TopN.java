package io.hmrec.core.state;

import io.hmrec.core.model.ScoredArticle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The best {@code capacity} articles by score, best first, ties by article id (so every replica agrees). Immutable;
 * {@link #update} replaces an article's score, so callers push the article's new score after each change. For decayed
 * counts push {@link DecayedCount#rankKey(double)}: that key does not change as time passes, so the list stays
 * correctly ordered without re-sorting.
 *
 * @param capacity maximum entries (> 0)
 * @param entries  best first; scores in the caller's units, source field is the caller's label
 */
public record TopN(int capacity, List<Entry> entries) {
    /** One ranked article. */
    public record Entry(String articleId, double score) {}

    /** Best first, ties by article id; written out, not composed: every update and merge compares with it. */
    public static final Comparator<Entry> BEST_FIRST = (a, b) -> {
        int byScore = Double.compare(b.score(), a.score());
        return byScore != 0 ? byScore : a.articleId().compareTo(b.articleId());
    };

    /** Positions either side of a hinted place where {@link #update(String, double, double)} looks. */
    private static final int HINT_REACH = 2;
    private static final int TYPE = 3;
    private static final int VERSION = 1;

    public TopN {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, got " + capacity);
        }
        entries = entries instanceof Ranked ? entries : List.copyOf(entries);
        if (entries.size() > capacity) {
            throw new IllegalArgumentException(entries.size() + " entries exceed capacity " + capacity);
        }
    }

    public static TopN empty(int capacity) {
        return new TopN(capacity, List.of());
    }

    /** The list with {@code articleId} at {@code score} (replacing its old score), trimmed to capacity. */
    public TopN update(String articleId, double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score of " + articleId + " is NaN");
        }
        // find the old place (hash first: a field load, where equals compares the digits)
        int n = entries.size();
        int hash = articleId.hashCode();
        int old = -1;
        for (int i = 0; i < n; i++) {
            String id = entries.get(i).articleId();
            if (id.hashCode() == hash && id.equals(articleId)) {
                old = i;
                break;
            }
        }
        return updateAt(articleId, score, old);
    }

    /**
     * {@link #update(String, double)} with a hint: {@code previousScore}, about the score last pushed for
     * {@code articleId} ({@link Double#NEGATIVE_INFINITY} if none). The old entry is looked for next to where that
     * score ranks, and only if it is not there by a scan of every entry (the scan was most of the article task's
     * top-list cost). A hint may be off by rounding (decayed counts re-expressed at a later day); the result is
     * {@link #update(String, double)}'s whatever the hint.
     */
    public TopN update(String articleId, double score, double previousScore) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score of " + articleId + " is NaN");
        }
        int n = entries.size();
        int old = -1;
        if (!Double.isNaN(previousScore) && n > 0) {
            Entry previous = new Entry(articleId, previousScore);
            int lo = 0;
            int hi = n;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (BEST_FIRST.compare(entries.get(mid), previous) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for (int i = Math.max(0, lo - HINT_REACH); i < Math.min(n, lo + HINT_REACH + 1); i++) {
                if (entries.get(i).articleId().equals(articleId)) {
                    old = i;
                    break;
                }
            }
        }
        if (old < 0) {
            return update(articleId, score); // not next to its hint: unlisted, or moved by rounding past ties
        }
        return updateAt(articleId, score, old);
    }

    /** The list with {@code articleId} at {@code score}, its old entry at {@code old} (-1: not listed) removed. */
    private TopN updateAt(String articleId, double score, int old) {
        // binary-search the new place among the others, then move the entries in between with one array copy into
        // the new list's own array
        int n = entries.size();
        Entry fresh = new Entry(articleId, score);
        int others = old < 0 ? n : n - 1;
        int lo = 0;
        int hi = others;
        while (lo < hi) { // first position among the others that ranks after the fresh entry
            int mid = (lo + hi) >>> 1;
            if (BEST_FIRST.compare(entries.get(old >= 0 && mid >= old ? mid + 1 : mid), fresh) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int at = lo;
        boolean kept = at < capacity;
        if (!kept && old < 0) {
            return this;
        }
        Entry[] all = entries instanceof Ranked r ? r.entries : entries.toArray(new Entry[0]);
        Entry[] out;
        if (old >= 0 && kept) { // same length: shift the entries between the old and the new place by one
            out = all.clone();
            if (at <= old) {
                System.arraycopy(out, at, out, at + 1, old - at);
            } else {
                System.arraycopy(out, old + 1, out, old, at - old);
            }
            out[at] = fresh;
        } else if (old >= 0) { // dropped: the others
            out = new Entry[others];
            System.arraycopy(all, 0, out, 0, old);
            System.arraycopy(all, old + 1, out, old, others - old);
        } else { // inserted, the last one falling off when full
            out = new Entry[Math.min(capacity, n + 1)];
            System.arraycopy(all, 0, out, 0, at);
            out[at] = fresh;
            System.arraycopy(all, at, out, at + 1, out.length - at - 1);
        }
        return new TopN(capacity, new Ranked(out));
    }

    /**
     * The entries of a list made by {@link #updateAt} or {@link #union}: its own array, never written after
     * construction and never handed out, so the record keeps it without the copy {@code List.copyOf} makes. The
     * article task updates four 200-entry lists per purchase; {@code List.of}'s copy alone was 72 of 1,767
     * stream-thread samples in a warm replay (JFR, session 15).
     */
    private static final class Ranked extends java.util.AbstractList<Entry> implements java.util.RandomAccess {
        private final Entry[] entries;

        Ranked(Entry[] entries) {
            this.entries = entries;
        }

        @Override
        public Entry get(int index) {
            return entries[index];
        }

        @Override
        public int size() {
            return entries.length;
        }
    }

    /** Union of two lists keeping each article's higher score, trimmed to this list's capacity. */
    public TopN merge(TopN other) {
        return union(List.of(this, other), capacity);
    }

    /**
     * Union of {@code lists} keeping each article's higher score, best first, trimmed to {@code capacity}. A list is
     * in {@link #BEST_FIRST} order (one that is not is sorted first), so this walks them side by side, a merge of
     * sorted runs, and the first time an article comes up is its best score: no map of every entry, no sort. The
     * stream thread merges the article partitions' published top lists with it several times a second.
     */
    public static TopN union(List<TopN> lists, int capacity) {
        int total = 0;
        List<List<Entry>> runs = new ArrayList<>(lists.size());
        for (TopN t : lists) {
            total += t.entries.size();
            runs.add(sorted(t.entries));
        }
        Entry[] out = new Entry[Math.min(capacity, total)];
        int[] next = new int[runs.size()];
        Set<String> seen = new HashSet<>(Math.min(capacity, total) * 2);
        int n = 0;
        while (n < out.length) {
            int from = -1;
            Entry best = null;
            for (int i = 0; i < next.length; i++) { // a handful of lists (one per partition): a scan beats a heap
                List<Entry> l = runs.get(i);
                if (next[i] < l.size() && (best == null || BEST_FIRST.compare(l.get(next[i]), best) < 0)) {
                    best = l.get(next[i]);
                    from = i;
                }
            }
            if (from < 0) {
                break;
            }
            next[from]++;
            if (seen.add(best.articleId())) {
                out[n++] = best;
            }
        }
        return new TopN(capacity, new Ranked(n == out.length ? out : java.util.Arrays.copyOf(out, n)));
    }

    /** {@code entries} if in {@link #BEST_FIRST} order (the record does not check it), else a sorted copy. */
    private static List<Entry> sorted(List<Entry> entries) {
        for (int i = 1; i < entries.size(); i++) {
            if (BEST_FIRST.compare(entries.get(i - 1), entries.get(i)) > 0) {
                List<Entry> copy = new ArrayList<>(entries);
                copy.sort(BEST_FIRST);
                return copy;
            }
        }
        return entries;
    }

    /** The list without {@code articleId}. */
    public TopN remove(String articleId) {
        List<Entry> out = new ArrayList<>(entries);
        return out.removeIf(e -> e.articleId().equals(articleId)) ? new TopN(capacity, out) : this;
    }

    /** The first {@code n} entries as scored articles labelled {@code source}. */
    public List<ScoredArticle> top(int n, String source) {
        List<ScoredArticle> out = new ArrayList<>(Math.min(n, entries.size()));
        for (int i = 0; i < entries.size() && i < n; i++) {
            out.add(new ScoredArticle(entries.get(i).articleId(), entries.get(i).score(), source));
        }
        return out;
    }

    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(1 + 4 + 4 + entries.size() * 16);
        buf.put(Codec.header(TYPE, VERSION)).putInt(capacity).putInt(entries.size());
        for (Entry e : entries) {
            buf.putLong(Codec.articleToLong(e.articleId())).putDouble(e.score());
        }
        return buf.array();
    }

    public static TopN fromBytes(byte[] bytes) {
        return Codec.decode(bytes, "TopN", buf -> {
            Codec.checkHeader(buf, TYPE, VERSION, "TopN");
            int capacity = buf.getInt();
            int n = Codec.checkedCount(buf, 16, "TopN");
            List<Entry> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(new Entry(Codec.articleFromLong(buf.getLong()), buf.getDouble()));
            }
            return new TopN(capacity, list);
        });
    }
}
