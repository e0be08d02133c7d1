package io.hmrec.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DecayedCountTest {
    @Test
    void shouldHalveEveryHalfLifeOfEventTime() {
        // 4 units on day 100, half-life 7: day 107 -> 2, day 114 -> 1
        DecayedCount c = DecayedCount.ZERO.add(4, 100, 7);
        assertThat(c).isEqualTo(new DecayedCount(4, 100));
        assertThat(c.valueAt(107, 7)).isCloseTo(2.0, within(1e-12));
        assertThat(c.decayTo(114, 7)).isEqualTo(new DecayedCount(c.valueAt(114, 7), 114));
        assertThat(c.decayTo(114, 7).value()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void shouldGiveTheSameCountWhateverOrderEventsArriveIn() {
        // 1 on day 0 and 1 on day 2 with half-life 2 -> at day 2: 0.5 + 1 = 1.5
        DecayedCount inOrder = DecayedCount.ZERO.add(1, 0, 2).add(1, 2, 2);
        DecayedCount late = DecayedCount.ZERO.add(1, 2, 2).add(1, 0, 2);
        assertThat(inOrder.day()).isEqualTo(2);
        assertThat(late.day()).isEqualTo(2);
        assertThat(inOrder.value()).isCloseTo(1.5, within(1e-12));
        assertThat(late.value()).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void shouldNeverRunTimeBackwardsWhenDecayingToAnEarlierDay() {
        DecayedCount c = new DecayedCount(3, 50);
        assertThat(c.decayTo(40, 10)).isEqualTo(c);
    }

    @Test
    void shouldRankCountsTheSameWayAtEveryDayByTheirRankKey() {
        DecayedCount older = new DecayedCount(8, 10);  // at day 13 with half-life 3: 4
        DecayedCount newer = new DecayedCount(3, 13);  // at day 13: 3
        assertThat(older.rankKey(3)).isGreaterThan(newer.rankKey(3));
        assertThat(older.valueAt(30, 3)).isGreaterThan(newer.valueAt(30, 3));
        assertThat(DecayedCount.valueFromRankKey(older.rankKey(3), 13, 3)).isCloseTo(4.0, within(1e-9));
        assertThat(DecayedCount.ZERO.rankKey(3)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void shouldRejectNegativeAmountsAndHalfLives() {
        assertThatThrownBy(() -> DecayedCount.ZERO.add(-1, 0, 7)).hasMessageContaining("amount must be finite and >= 0");
        assertThatThrownBy(() -> DecayedCount.ZERO.add(1, 0, 0)).hasMessageContaining("half-life must be > 0");
    }
}
