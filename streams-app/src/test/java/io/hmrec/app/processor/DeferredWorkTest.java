package io.hmrec.app.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeferredWorkTest {
    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final DeferredWork budget = new DeferredWork(clock::get, 1_000 * MS);

    /** Runs deferred work that takes {@code ms} (the fake clock advances by it) and charges it. */
    private void work(DeferredWork b, long ms) {
        long start = b.now();
        clock.addAndGet(ms * MS);
        b.charge(start);
    }

    private long granted(DeferredWork b, long maxMs) {
        return (b.grant(maxMs * MS) - clock.get()) / MS;
    }

    @Test
    void shouldGrantAFreshThreadUpToItsCapAndNoMoreThanAsked() {
        assertThat(granted(budget, 50)).isEqualTo(50);
        assertThat(granted(budget, 5_000)).isEqualTo(1_000);
    }

    @Test
    void shouldEarnHalfTheWallClockWhileRecordsAreProcessedAndAllOfItWhenIdle() {
        work(budget, 1_000); // spent the whole cap
        budget.noteProcessed();
        assertThat(granted(budget, 5_000)).as("busy: half of the second since the last grant").isEqualTo(500);

        work(budget, 500);
        clock.addAndGet(200 * MS); // no record processed: 200 ms of idle time beyond the deferred work
        assertThat(granted(budget, 5_000)).as("idle: all of the 700 ms since the last grant").isEqualTo(700);
    }

    @Test
    void shouldBeBusyForAWindowAfterARecordNotCountingDeferredWork() {
        assertThat(budget.busy()).as("a fresh thread has processed nothing").isFalse();
        budget.noteProcessed();
        assertThat(budget.busy()).isTrue();
        work(budget, 300); // deferred work since the record does not age it
        assertThat(budget.busy()).isTrue();
        clock.addAndGet(DeferredWork.BUSY_WINDOW_NANOS);
        assertThat(budget.busy()).isTrue();
        clock.addAndGet(1);
        assertThat(budget.busy()).isFalse();
    }

    @Test
    void shouldKeepBackToBackPunctuationsOfOnePassOnTheBusyShare() {
        work(budget, 1_000);
        clock.addAndGet(200 * MS);
        budget.noteProcessed(); // the pass processed records, then its tasks punctuate one after the other
        assertThat(granted(budget, 5_000)).as("first task: half of 1,200 ms").isEqualTo(600);
        work(budget, 600);
        assertThat(granted(budget, 5_000)).as("second task: half of the first's 600 ms, not all of it")
                .isEqualTo(300);
    }

    @Test
    void shouldCarryAnOverrunAsADebtThatDelaysTheNextGrant() {
        DeferredWork small = new DeferredWork(clock::get, 100 * MS);
        assertThat(granted(small, 100)).isEqualTo(100);
        work(small, 150); // one list took longer than the grant: 50 ms of debt
        small.noteProcessed();
        assertThat(granted(small, 1_000)).as("-50 + 150 / 2").isEqualTo(25);

        work(small, 25);
        work(small, 100);
        small.noteProcessed();
        assertThat(granted(small, 1_000)).as("-100 + 125 / 2: nothing yet").isZero();

        clock.addAndGet(10_000 * MS);
        assertThat(granted(small, 1_000)).as("an idle thread saves up to the cap").isEqualTo(100);
    }

    @Test
    void shouldShareOneBudgetAmongTheTasksOfAThreadAndKeepThreadsApart() throws Exception {
        assertThat(DeferredWork.ofCurrentThread()).isSameAs(DeferredWork.ofCurrentThread());
        DeferredWork[] other = new DeferredWork[1];
        Thread t = new Thread(() -> other[0] = DeferredWork.ofCurrentThread());
        t.start();
        t.join();
        assertThat(other[0]).isNotNull().isNotSameAs(DeferredWork.ofCurrentThread());
    }

    @Test
    void shouldRejectANonPositiveCap() {
        assertThatThrownBy(() -> new DeferredWork(clock::get, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capNanos");
    }
}
