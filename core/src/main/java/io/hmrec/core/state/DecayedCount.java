package io.hmrec.core.state;

/**
 * A count that halves every {@code halfLifeDays} of EVENT time (never wall-clock), so replaying history and a live
 * feed give the same value. Immutable; the half-life is passed to each call because one article keeps several
 * counters with different half-lives and storing it per value would waste state-store bytes.
 *
 * <p>Adding is order-independent: an event older than the as-of day is decayed to the as-of day before it is added,
 * so late events land where they would have if they had arrived in order.
 *
 * @param value decayed count as of {@code day} (non-negative)
 * @param day   epoch day the value is expressed at
 */
public record DecayedCount(double value, int day) {
    /** Nothing counted yet; its day is irrelevant because a zero stays zero under decay. */
    public static final DecayedCount ZERO = new DecayedCount(0.0, Integer.MIN_VALUE);

    public DecayedCount {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("decayed count must be finite and >= 0, got " + value);
        }
    }

    /** Multiplier that ages a value by {@code days} (negative days make it younger, i.e. larger). */
    public static double factor(double days, double halfLifeDays) {
        if (!(halfLifeDays > 0.0)) {
            throw new IllegalArgumentException("half-life must be > 0 days, got " + halfLifeDays);
        }
        return Math.pow(2.0, -days / halfLifeDays);
    }

    /** The value as of {@code atDay}; days before {@link #day()} give the larger value it had back then. */
    public double valueAt(int atDay, double halfLifeDays) {
        if (value == 0.0) {
            return 0.0;
        }
        return value * factor((double) atDay - day, halfLifeDays);
    }

    /** This count aged to {@code atDay}; a day before {@link #day()} leaves it unchanged (time never runs back). */
    public DecayedCount decayTo(int atDay, double halfLifeDays) {
        if (value == 0.0) {
            return new DecayedCount(0.0, Math.max(atDay, day));
        }
        if (atDay <= day) {
            return this;
        }
        return new DecayedCount(valueAt(atDay, halfLifeDays), atDay);
    }

    /** Adds {@code amount} counted on {@code eventDay}; the result is expressed at the later of the two days. */
    public DecayedCount add(double amount, int eventDay, double halfLifeDays) {
        if (!(amount >= 0.0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("amount must be finite and >= 0, got " + amount);
        }
        factor(0, halfLifeDays); // validates the half-life even when no decay is needed
        if (value == 0.0) {
            return new DecayedCount(amount, Math.max(eventDay, day));
        }
        if (eventDay >= day) {
            return new DecayedCount(valueAt(eventDay, halfLifeDays) + amount, eventDay);
        }
        return new DecayedCount(value + amount * factor((double) day - eventDay, halfLifeDays), day);
    }

    /**
     * A time-free ranking key: {@code log2(value) + day / halfLife}. Two counts with the same half-life compare the
     * same way at every day, so a top-N list ordered by this key never needs re-sorting as time passes. Zero maps to
     * negative infinity.
     */
    public double rankKey(double halfLifeDays) {
        if (value == 0.0) {
            return Double.NEGATIVE_INFINITY;
        }
        return log2(value) + day / halfLifeDays;
    }

    /** The decayed value at {@code atDay} of a count whose {@link #rankKey(double)} is {@code key}. */
    public static double valueFromRankKey(double key, int atDay, double halfLifeDays) {
        if (key == Double.NEGATIVE_INFINITY) {
            return 0.0;
        }
        return Math.pow(2.0, key - atDay / halfLifeDays);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2.0);
    }
}
