package io.hmrec.app.processor;

import java.util.function.LongSupplier;

/**
 * The share of one stream thread's time that deferred work (draining a catch-up's markers, refresh passes) may take,
 * shared by every task the thread runs: a token bucket of nanoseconds that fills with wall-clock time, at
 * {@link #BUSY_SHARE} while the thread is processing records (any of its tasks processed one within the last
 * {@link #BUSY_WINDOW_NANOS}, not counting time spent in deferred work) and at the full rate while it is not, capped
 * at {@link #capNanos}.
 *
 * <p>Why: each customer task bounded its own drain to half of its punctuation interval, and a thread runs one
 * customer task per partition, so after a full-size replay four tasks draining hundreds of thousands of markers took
 * twice the interval between them. Kafka Streams then punctuated in every pass of its processing loop, which halves
 * the records it processes per task between punctuations down to one, and it only leaves that loop to poll when no
 * task has a buffered record left or half of {@code max.poll.interval.ms} (150 s) has passed. A JMX look at a stalled
 * 1.5M-purchase run showed it: the consumer had not polled for 124 s, one customer task had 2,668 purchases on the
 * broker and none buffered, and the thread spent 82% of its samples in the drain (issue #4). With one budget the
 * deferred work of all tasks together takes at most half of a busy thread, so buffers empty and the thread polls.
 *
 * <p>Why "busy" is a window that deferred work does not advance: the tasks' punctuations run back to back in one
 * pass of the loop, and the second would otherwise find no record since the first's drain began, earn that whole
 * drain at the idle rate and take as long again, and so on down the tasks.
 *
 * <p>Not thread-safe: one instance per stream thread ({@link #ofCurrentThread()}), used only by that thread.
 */
public final class DeferredWork {
    /** The share of a busy thread's wall-clock time deferred work may take. */
    static final double BUSY_SHARE = 0.5;
    /** A thread that processed a record this recently is busy (about one emit interval). */
    static final long BUSY_WINDOW_NANOS = 100_000_000L;
    private static final long DEFAULT_CAP_NANOS = 100_000_000L;
    private static final ThreadLocal<DeferredWork> PER_THREAD =
            ThreadLocal.withInitial(() -> new DeferredWork(System::nanoTime, DEFAULT_CAP_NANOS));

    private final LongSupplier nanoClock;
    private final long capNanos;
    private long tokens;
    private long lastRefill;
    private long lastProcessed;
    /** Deferred work charged since {@link #lastProcessed}: it does not make a thread idle. */
    private long deferredSinceProcessed;

    /** @param capNanos the most deferred time one grant can hold (what an idle thread saves up) */
    DeferredWork(LongSupplier nanoClock, long capNanos) {
        if (capNanos <= 0) {
            throw new IllegalArgumentException("capNanos must be > 0, got " + capNanos);
        }
        this.nanoClock = nanoClock;
        this.capNanos = capNanos;
        this.lastRefill = nanoClock.getAsLong();
        this.lastProcessed = lastRefill - BUSY_WINDOW_NANOS - 1;
        this.tokens = capNanos;
    }

    /** The budget of the calling stream thread (processors ask on every use, from process() and punctuations). */
    public static DeferredWork ofCurrentThread() {
        return PER_THREAD.get();
    }

    /** A task of this thread processed a record: for the next {@link #BUSY_WINDOW_NANOS} time accrues at the busy share. */
    public void noteProcessed() {
        lastProcessed = nanoClock.getAsLong();
        deferredSinceProcessed = 0;
    }

    /**
     * Deferred work may run until the returned {@link System#nanoTime()}-scale deadline, at most {@code maxNanos}
     * from now; a deadline not after now means none may run. Charge what was actually used with
     * {@link #charge(long)}.
     */
    long grant(long maxNanos) {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastRefill;
        lastRefill = now;
        long earned = busy(now) ? (long) (elapsed * BUSY_SHARE) : elapsed;
        tokens = Math.min(capNanos, tokens + earned);
        return now + Math.min(maxNanos, Math.max(0, tokens));
    }

    /**
     * Whether a task of this thread processed a record within the last {@link #BUSY_WINDOW_NANOS}, deferred work not
     * counted: while it is, records are waiting behind deferred work.
     */
    boolean busy() {
        return busy(nanoClock.getAsLong());
    }

    private boolean busy(long now) {
        return now - lastProcessed - deferredSinceProcessed <= BUSY_WINDOW_NANOS;
    }

    /** Deducts deferred work that started at {@code startNanos} and ended now (an overrun becomes a debt). */
    void charge(long startNanos) {
        long spent = Math.max(0, nanoClock.getAsLong() - startNanos);
        tokens -= spent;
        deferredSinceProcessed += spent;
    }

    /** The clock the budget runs on (tests use a fake one). */
    long now() {
        return nanoClock.getAsLong();
    }
}
