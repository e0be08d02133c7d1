package io.hmrec.core.state;

import io.hmrec.core.model.ScoredArticle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One article's co-purchase neighbours: up to {@code capacity} articles, each with a weight that decays over event
 * time (so last season's pairings fade). When full, a new neighbour replaces the weakest only if it is stronger,
 * comparing weights at a common day. Immutable.
 *
 * @param capacity maximum neighbours kept (> 0)
 * @param entries  neighbours, strongest first (ties by id)
 */
public record Neighbours(int capacity, List<Entry> entries) {
    /** A neighbour with its decayed weight. */
    public record Entry(String articleId, DecayedCount weight) {}

    private static final int TYPE = 4;
    private static final int VERSION = 1;
    private static final int ENTRY_BYTES = 8 + 8 + 4;

    public Neighbours {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, got " + capacity);
        }
        entries = List.copyOf(entries);
    }

    public static Neighbours empty(int capacity) {
        return new Neighbours(capacity, List.of());
    }

    private static Comparator<Entry> order(double halfLifeDays) {
        return Comparator.comparingDouble((Entry e) -> e.weight().rankKey(halfLifeDays)).reversed()
                .thenComparing(Entry::articleId);
    }

    /** The list after {@code neighbour} gains {@code weight} on {@code day}. */
    public Neighbours add(String neighbour, double weight, int day, double halfLifeDays) {
        List<Entry> out = new ArrayList<>(entries.size() + 1);
        DecayedCount current = DecayedCount.ZERO;
        for (Entry e : entries) {
            if (e.articleId().equals(neighbour)) {
                current = e.weight();
            } else {
                out.add(e);
            }
        }
        Entry added = new Entry(neighbour, current.add(weight, day, halfLifeDays));
        // the others keep their order (rank keys are time-free), so one insertion gives what a full sort gives,
        // with one rank key (a logarithm) per entry instead of two per comparison; a list that is not in order
        // (built by hand) still gets the full sort
        double[] keys = new double[out.size()];
        boolean ordered = true;
        for (int i = 0; i < keys.length; i++) {
            keys[i] = out.get(i).weight().rankKey(halfLifeDays);
            if (i > 0 && compare(keys[i - 1], out.get(i - 1), keys[i], out.get(i)) > 0) {
                ordered = false;
            }
        }
        if (ordered) {
            double key = added.weight().rankKey(halfLifeDays);
            int at = 0;
            while (at < keys.length && compare(keys[at], out.get(at), key, added) < 0) {
                at++;
            }
            out.add(at, added);
        } else {
            out.add(added);
            out.sort(order(halfLifeDays));
        }
        while (out.size() > capacity) {
            out.remove(out.size() - 1);
        }
        return new Neighbours(capacity, out);
    }

    /** {@link #order}'s comparison with the rank keys already computed. */
    private static int compare(double keyA, Entry a, double keyB, Entry b) {
        int c = Double.compare(keyB, keyA);
        return c != 0 ? c : a.articleId().compareTo(b.articleId());
    }

    /** Up to {@code n} neighbours with their weights as of {@code atDay}, strongest first. */
    public List<ScoredArticle> top(int n, int atDay, double halfLifeDays, String source) {
        List<ScoredArticle> out = new ArrayList<>();
        for (int i = 0; i < entries.size() && i < n; i++) {
            Entry e = entries.get(i);
            out.add(new ScoredArticle(e.articleId(), e.weight().valueAt(atDay, halfLifeDays), source));
        }
        return out;
    }

    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(1 + 4 + 4 + entries.size() * ENTRY_BYTES);
        buf.put(Codec.header(TYPE, VERSION)).putInt(capacity).putInt(entries.size());
        for (Entry e : entries) {
            buf.putLong(Codec.articleToLong(e.articleId())).putDouble(e.weight().value()).putInt(e.weight().day());
        }
        return buf.array();
    }

    public static Neighbours fromBytes(byte[] bytes) {
        return Codec.decode(bytes, "Neighbours", buf -> {
            Codec.checkHeader(buf, TYPE, VERSION, "Neighbours");
            int capacity = buf.getInt();
            int n = Codec.checkedCount(buf, ENTRY_BYTES, "Neighbours");
            List<Entry> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(new Entry(Codec.articleFromLong(buf.getLong()), new DecayedCount(buf.getDouble(), buf.getInt())));
            }
            return new Neighbours(capacity, list);
        });
    }
}
