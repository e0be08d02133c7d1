package io.hmrec.app.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces a replay: at most {@code rate} events per second, and/or event time running {@code speedup} times faster
 * than wall time (a data day lasts {@code 86400 / speedup} seconds). Sleeps only when ahead of schedule, so a slow
 * consumer of the events never builds up a burst later.
 */
final class Pacer {
    private static final double NANOS_PER_DAY = TimeUnit.DAYS.toNanos(1);

    private final double rate;
    private final double speedup;
    private final long start;
    private long events;
    private int firstDay = Integer.MIN_VALUE;
    private final Clock clock;

    interface Clock {
        long nanoTime();

        void sleepNanos(long nanos);
    }

    static final Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) {
            LockSupport.parkNanos(nanos);
        }
    };

    Pacer(double rate, double speedup, Clock clock) {
        this.rate = rate;
        this.speedup = speedup;
        this.clock = clock;
        this.start = clock.nanoTime();
    }

    boolean active() {
        return rate > 0 || speedup > 0;
    }

    /** Called before each event of epoch day {@code day}; blocks until the event is due. */
    void await(int day) {
        long due = start;
        if (rate > 0) {
            due = Math.max(due, start + (long) (events * 1e9 / rate));
        }
        if (speedup > 0) {
            if (firstDay == Integer.MIN_VALUE) {
                firstDay = day;
            }
            due = Math.max(due, start + (long) ((day - firstDay) * NANOS_PER_DAY / speedup));
        }
        events++;
        long wait = due - clock.nanoTime();
        if (wait > 0) {
            clock.sleepNanos(wait);
        }
    }
}
