package io.hmrec.core.state;

import io.hmrec.core.model.ScoredArticle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One article's co-purchase neighbours: up to {@code capacity} articles, each with a weight that decays over event
 * time (so last season's pairings fade). When full, a new neighbour replaces the weakest only if it is stronger,
 * comparing weights at a common day. Immutable.
 *
 * <p>Held as parallel primitive arrays, not a list of entry objects: the article task decodes, updates and re-encodes
 * a hot article's list on every purchase, and strings, entry objects and list copies were most of that cost. Ids
 * become strings only when {@link #entries()} or {@link #top} asks for them.
 */
public final class Neighbours {
    /** A neighbour with its decayed weight. */
    public record Entry(String articleId, DecayedCount weight) {}

    private static final int TYPE = 4;
    private static final int VERSION = 1;
    private static final int ENTRY_BYTES = 8 + 8 + 4;
    private static final long[] NO_CODES = {};

    private final int capacity;
    /**
     * Normalised 10-digit ids as longs (their numeric order is their string order); {@link Codec#NOT_AN_ARTICLE}
     * for an id that is not normalised (only a list built in memory can hold one; encoding it fails).
     */
    private final long[] codes;
    /** Ids as strings; a slot is filled on first use, so decoding makes none. */
    private final String[] ids;
    private final double[] values;
    private final int[] days;
    /** Rank keys for the last half-life asked for: an add then computes one logarithm, not one per entry. */
    private RankKeys rankKeys;

    /** Rank keys of every entry at one half-life, and whether the entries are in order by them. */
    private record RankKeys(double halfLifeDays, double[] keys, boolean ordered) {}

    /**
     * @param capacity maximum neighbours kept (> 0)
     * @param entries  neighbours, strongest first (ties by id); a list out of that order is sorted by the next add
     */
    public Neighbours(int capacity, List<Entry> entries) {
        this(capacity, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry e = Objects.requireNonNull(entries.get(i), "neighbour entry");
            ids[i] = Objects.requireNonNull(e.articleId(), "neighbour article id");
            codes[i] = Codec.articleToLongOrNot(e.articleId());
            values[i] = e.weight().value();
            days[i] = e.weight().day();
        }
    }

    private Neighbours(int capacity, int size) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, got " + capacity);
        }
        this.capacity = capacity;
        this.codes = size == 0 ? NO_CODES : new long[size];
        this.ids = new String[size];
        this.values = new double[size];
        this.days = new int[size];
    }

    public static Neighbours empty(int capacity) {
        return new Neighbours(capacity, 0);
    }

    public int capacity() {
        return capacity;
    }

    /** Neighbours, strongest first (ties by id). */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            out.add(entry(i));
        }
        return List.copyOf(out);
    }

    private int size() {
        return codes.length;
    }

    private Entry entry(int i) {
        return new Entry(id(i), new DecayedCount(values[i], days[i]));
    }

    private String id(int i) {
        String id = ids[i];
        if (id == null) {
            id = Codec.articleFromLong(codes[i]);
            ids[i] = id; // a race only makes an equal string twice
        }
        return id;
    }

    private static Comparator<Entry> order(double halfLifeDays) {
        return Comparator.comparingDouble((Entry e) -> e.weight().rankKey(halfLifeDays)).reversed()
                .thenComparing(Entry::articleId);
    }

    private RankKeys rankKeys(double halfLifeDays) {
        RankKeys k = rankKeys;
        if (k != null && Double.compare(k.halfLifeDays(), halfLifeDays) == 0) {
            return k;
        }
        double[] keys = new double[size()];
        boolean ordered = true;
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new DecayedCount(values[i], days[i]).rankKey(halfLifeDays);
            if (i > 0 && compare(keys[i - 1], i - 1, keys[i], i) > 0) {
                ordered = false;
            }
        }
        k = new RankKeys(halfLifeDays, keys, ordered);
        rankKeys = k; // final fields: safe to publish without a lock
        return k;
    }

    /** The list after {@code neighbour} gains {@code weight} on {@code day}. */
    public Neighbours add(String neighbour, double weight, int day, double halfLifeDays) {
        long code = Codec.articleToLongOrNot(neighbour);
        int old = indexOf(neighbour, code);
        DecayedCount current = old < 0 ? DecayedCount.ZERO : new DecayedCount(values[old], days[old]);
        DecayedCount added = current.add(weight, day, halfLifeDays);
        RankKeys k = rankKeys(halfLifeDays);
        if (!k.ordered()) {
            return sortedAdd(old, new Entry(neighbour, added), halfLifeDays);
        }
        // the others keep their order (rank keys are time-free), so one insertion gives what a full sort gives: a
        // binary search for its place and block copies around it (a scan and an element-wise copy were about a
        // microsecond per add, a tenth of a replay's stream thread)
        double key = added.rankKey(halfLifeDays);
        double[] keys = k.keys();
        int others = old < 0 ? size() : size() - 1;
        int lo = 0;
        int hi = others;
        while (lo < hi) { // the first of the others that does not rank before the new entry
            int mid = (lo + hi) >>> 1;
            int i = skip(mid, old);
            if (compareWith(keys[i], i, key, code, neighbour) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int at = lo;
        boolean kept = at < capacity;
        int n = Math.min(capacity, others + (kept ? 1 : 0));
        Neighbours out = new Neighbours(capacity, n);
        double[] outKeys = new double[n];
        copyOthers(old, 0, out, outKeys, keys, 0, Math.min(at, n));
        if (kept) {
            out.codes[at] = code;
            out.ids[at] = neighbour;
            out.values[at] = added.value();
            out.days[at] = added.day();
            outKeys[at] = key;
            copyOthers(old, at, out, outKeys, keys, at + 1, n - at - 1);
        }
        out.rankKeys = new RankKeys(halfLifeDays, outKeys, true);
        return out;
    }

    /** Copies {@code count} of the entries other than {@code old} (-1: none left out), from the {@code from}-th on. */
    private void copyOthers(int old, int from, Neighbours out, double[] outKeys, double[] keys, int to, int count) {
        if (count <= 0) {
            return;
        }
        if (old < 0 || from + count <= old) {
            copy(from, out, outKeys, keys, to, count);
        } else if (from >= old) {
            copy(from + 1, out, outKeys, keys, to, count);
        } else { // the left-out entry falls inside: the part before it, then the part after it
            int before = old - from;
            copy(from, out, outKeys, keys, to, before);
            copy(old + 1, out, outKeys, keys, to + before, count - before);
        }
    }

    private void copy(int from, Neighbours out, double[] outKeys, double[] keys, int to, int count) {
        System.arraycopy(codes, from, out.codes, to, count);
        System.arraycopy(ids, from, out.ids, to, count);
        System.arraycopy(values, from, out.values, to, count);
        System.arraycopy(days, from, out.days, to, count);
        System.arraycopy(keys, from, outKeys, to, count);
    }

    /** Index of the {@code j}-th entry that is not {@code skipped} (-1: none skipped). */
    private static int skip(int j, int skipped) {
        return skipped >= 0 && j >= skipped ? j + 1 : j;
    }

    private int indexOf(String id, long code) {
        for (int i = 0; i < size(); i++) {
            if (code != Codec.NOT_AN_ARTICLE ? codes[i] == code : codes[i] == Codec.NOT_AN_ARTICLE && ids[i].equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** A hand-built list out of order: the others plus the added entry, fully sorted and trimmed. */
    private Neighbours sortedAdd(int old, Entry added, double halfLifeDays) {
        List<Entry> out = new ArrayList<>(size() + 1);
        for (int i = 0; i < size(); i++) {
            if (i != old) {
                out.add(entry(i));
            }
        }
        out.add(added);
        out.sort(order(halfLifeDays));
        return new Neighbours(capacity, out.size() > capacity ? out.subList(0, capacity) : out);
    }

    /** {@link #order}'s comparison of entries {@code a} and {@code b}, rank keys already computed. */
    private int compare(double keyA, int a, double keyB, int b) {
        int c = Double.compare(keyB, keyA);
        if (c != 0) {
            return c;
        }
        if (codes[a] != Codec.NOT_AN_ARTICLE && codes[b] != Codec.NOT_AN_ARTICLE) {
            return Long.compare(codes[a], codes[b]);
        }
        return id(a).compareTo(id(b));
    }

    /** {@link #order}'s comparison of entry {@code a} with a new entry. */
    private int compareWith(double keyA, int a, double keyB, long codeB, String idB) {
        int c = Double.compare(keyB, keyA);
        if (c != 0) {
            return c;
        }
        if (codes[a] != Codec.NOT_AN_ARTICLE && codeB != Codec.NOT_AN_ARTICLE) {
            return Long.compare(codes[a], codeB);
        }
        return id(a).compareTo(idB);
    }

    /** Up to {@code n} neighbours with their weights as of {@code atDay}, strongest first. */
    public List<ScoredArticle> top(int n, int atDay, double halfLifeDays, String source) {
        List<ScoredArticle> out = new ArrayList<>(Math.max(0, Math.min(n, size())));
        for (int i = 0; i < size() && i < n; i++) {
            out.add(new ScoredArticle(id(i), new DecayedCount(values[i], days[i]).valueAt(atDay, halfLifeDays), source));
        }
        return out;
    }

    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(1 + 4 + 4 + size() * ENTRY_BYTES);
        buf.put(Codec.header(TYPE, VERSION)).putInt(capacity).putInt(size());
        for (int i = 0; i < size(); i++) {
            // an id that is not normalised fails here, with articleToLong's message
            long code = codes[i] != Codec.NOT_AN_ARTICLE ? codes[i] : Codec.articleToLong(ids[i]);
            buf.putLong(code).putDouble(values[i]).putInt(days[i]);
        }
        return buf.array();
    }

    public static Neighbours fromBytes(byte[] bytes) {
        return Codec.decode(bytes, "Neighbours", buf -> {
            Codec.checkHeader(buf, TYPE, VERSION, "Neighbours");
            int capacity = buf.getInt();
            int n = Codec.checkedCount(buf, ENTRY_BYTES, "Neighbours");
            Neighbours out = new Neighbours(capacity, n);
            for (int i = 0; i < n; i++) {
                out.codes[i] = Codec.checkedArticle(buf.getLong());
                double value = buf.getDouble();
                if (!(value >= 0.0) || Double.isInfinite(value)) {
                    throw new IllegalArgumentException("Neighbours: corrupt weight " + value);
                }
                out.values[i] = value;
                out.days[i] = buf.getInt();
            }
            return out;
        });
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Neighbours other) || other.capacity != capacity || other.size() != size()) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            boolean sameId = codes[i] != Codec.NOT_AN_ARTICLE || other.codes[i] != Codec.NOT_AN_ARTICLE
                    ? codes[i] == other.codes[i] : ids[i].equals(other.ids[i]);
            if (!sameId) {
                return false;
            }
        }
        return Arrays.equals(values, other.values) && Arrays.equals(days, other.days);
    }

    @Override
    public int hashCode() {
        int h = capacity;
        for (int i = 0; i < size(); i++) {
            h = 31 * h + (codes[i] != Codec.NOT_AN_ARTICLE ? Long.hashCode(codes[i]) : ids[i].hashCode());
            h = 31 * h + Double.hashCode(values[i]);
            h = 31 * h + days[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return "Neighbours[capacity=" + capacity + ", entries=" + entries() + "]";
    }
}
