package io.hmrec.core.state;

import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.rec.PopularityKind;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One article's decayed purchase counts: for each {@link PopularityKind} (its own half-life), one global counter and
 * one per {@link AgeBucket} (0..{@link AgeBucket#COUNT}-1). All counters share one as-of day so the value stays small
 * (1 + 4 + 16 doubles = 133 bytes encoded). Immutable.
 */
public final class PopularityState {
    /** Counter slots per kind: slot 0 is {@link AgeBucket#ALL}, slot b+1 is bucket b. */
    static final int SLOTS = AgeBucket.COUNT + 1;
    private static final int KINDS = PopularityKind.values().length;
    private static final int TYPE = 2;
    private static final int VERSION = 1;

    public static final PopularityState EMPTY = new PopularityState(Integer.MIN_VALUE, new double[KINDS * SLOTS]);

    private final int day;
    private final double[] values;

    private PopularityState(int day, double[] values) {
        this.day = day;
        this.values = values;
    }

    /** Epoch day the counters are expressed at (the latest event day seen). */
    public int day() {
        return day;
    }

    /**
     * The state after {@code units} purchases on {@code eventDay} by a customer in {@code ageBucket}; counts the
     * global counter and the bucket's for both kinds. Late events are decayed to the state's day before adding.
     */
    public PopularityState add(int eventDay, int ageBucket, double units, HalfLives halfLives) {
        int slot = slot(ageBucket);
        if (ageBucket == AgeBucket.ALL) {
            throw new IllegalArgumentException("a purchase has a real age bucket (0.." + (AgeBucket.COUNT - 1) + "), not ALL");
        }
        int newDay = Math.max(day, eventDay);
        double[] out = new double[values.length];
        for (PopularityKind kind : PopularityKind.values()) {
            double hl = halfLives.of(kind);
            double age = day == Integer.MIN_VALUE ? 1.0 : DecayedCount.factor((double) newDay - day, hl);
            double add = units * DecayedCount.factor((double) newDay - eventDay, hl);
            int base = kind.ordinal() * SLOTS;
            for (int s = 0; s < SLOTS; s++) {
                out[base + s] = values[base + s] * age;
            }
            out[base] += add;
            out[base + slot] += add;
        }
        return new PopularityState(newDay, out);
    }

    /** The decayed count for {@code kind} and {@code ageBucket} ({@link AgeBucket#ALL} = global). */
    public DecayedCount count(PopularityKind kind, int ageBucket) {
        double v = values[kind.ordinal() * SLOTS + slot(ageBucket)];
        return v == 0.0 ? DecayedCount.ZERO : new DecayedCount(v, day);
    }

    /** The decayed count as of {@code atDay}. */
    public double score(PopularityKind kind, int ageBucket, int atDay, HalfLives halfLives) {
        return count(kind, ageBucket).valueAt(atDay, halfLives.of(kind));
    }

    /** Time-free ranking key (see {@link DecayedCount#rankKey(double)}) for top-N lists of this counter. */
    public double rankKey(PopularityKind kind, int ageBucket, HalfLives halfLives) {
        return count(kind, ageBucket).rankKey(halfLives.of(kind));
    }

    static int slot(int ageBucket) {
        if (ageBucket == AgeBucket.ALL) {
            return 0;
        }
        if (ageBucket < 0 || ageBucket >= AgeBucket.COUNT) {
            throw new IllegalArgumentException("no age bucket " + ageBucket);
        }
        return ageBucket + 1;
    }

    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(1 + 4 + 8 * values.length);
        buf.put(Codec.header(TYPE, VERSION)).putInt(day);
        for (double v : values) {
            buf.putDouble(v);
        }
        return buf.array();
    }

    public static PopularityState fromBytes(byte[] bytes) {
        return Codec.decode(bytes, "PopularityState", buf -> {
            Codec.checkHeader(buf, TYPE, VERSION, "PopularityState");
            int day = buf.getInt();
            double[] v = new double[KINDS * SLOTS];
            for (int i = 0; i < v.length; i++) {
                v[i] = buf.getDouble();
                if (!(v[i] >= 0) || Double.isInfinite(v[i])) {
                    throw new IllegalArgumentException("PopularityState: corrupt counter value " + v[i]);
                }
            }
            return new PopularityState(day, v);
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PopularityState p && p.day == day && Arrays.equals(p.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * day + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "PopularityState[day=" + day + ", values=" + Arrays.toString(values) + "]";
    }
}
