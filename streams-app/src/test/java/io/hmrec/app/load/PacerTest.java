package io.hmrec.app.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
    static final class FakeClock implements Pacer.Clock {
        long now;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    @Test
    void shouldSpaceEventsByTheRate() {
        FakeClock clock = new FakeClock();
        Pacer pacer = new Pacer(4, 0, clock);
        for (int i = 0; i < 5; i++) {
            pacer.await(100);
        }
        assertThat(clock.sleeps).containsExactly(250_000_000L, 250_000_000L, 250_000_000L, 250_000_000L);
    }

    @Test
    void shouldRunEventTimeFasterByTheSpeedupAndNotSleepWhenBehind() {
        FakeClock clock = new FakeClock();
        Pacer pacer = new Pacer(0, 86_400 * 2, clock); // one data day per half second
        pacer.await(10);
        pacer.await(10);
        pacer.await(11);
        clock.now += 3_000_000_000L; // the consumer was slow: now behind schedule
        pacer.await(13);
        pacer.await(20);
        assertThat(clock.sleeps).containsExactly(500_000_000L, 1_500_000_000L);
        assertThat(pacer.active()).isTrue();
        assertThat(new Pacer(0, 0, clock).active()).isFalse();
    }
}
