package io.hmrec.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.rec.PopularityKind;
import org.junit.jupiter.api.Test;

class PopularityStateTest {
    private static final HalfLives HL = new HalfLives(28, 7);

    @Test
    void shouldMatchAHandComputedDecayPerKindAndBucket() {
        // bucket 2 buys on day 0, bucket 3 buys twice on day 7.
        PopularityState s = PopularityState.EMPTY.add(0, 2, 1, HL).add(7, 3, 2, HL);
        // day 7: trending (hl 7) global = 0.5 + 2 = 2.5; popular (hl 28) global = 2^(-1/4) + 2
        assertThat(s.day()).isEqualTo(7);
        assertThat(s.score(PopularityKind.TRENDING, AgeBucket.ALL, 7, HL)).isCloseTo(2.5, within(1e-12));
        assertThat(s.score(PopularityKind.POPULAR, AgeBucket.ALL, 7, HL)).isCloseTo(Math.pow(2, -0.25) + 2, within(1e-12));
        assertThat(s.score(PopularityKind.TRENDING, 2, 7, HL)).isCloseTo(0.5, within(1e-12));
        assertThat(s.score(PopularityKind.TRENDING, 3, 14, HL)).isCloseTo(1.0, within(1e-12));
        assertThat(s.score(PopularityKind.TRENDING, 5, 7, HL)).isZero();
    }

    @Test
    void shouldGiveTheSameStateWhateverOrderEventsArriveIn() {
        PopularityState a = PopularityState.EMPTY.add(3, 1, 1, HL).add(9, 4, 1, HL);
        PopularityState b = PopularityState.EMPTY.add(9, 4, 1, HL).add(3, 1, 1, HL);
        for (PopularityKind k : PopularityKind.values()) {
            for (int bucket = AgeBucket.ALL; bucket < AgeBucket.COUNT; bucket++) {
                assertThat(a.score(k, bucket, 9, HL)).isCloseTo(b.score(k, bucket, 9, HL), within(1e-12));
            }
        }
    }

    @Test
    void shouldRoundTripThroughItsBinaryEncoding() {
        PopularityState s = PopularityState.EMPTY.add(18_000, 0, 1, HL).add(18_003, 6, 1, HL);
        byte[] bytes = s.toBytes();
        assertThat(bytes).hasSize(1 + 4 + 16 * 8);
        assertThat(PopularityState.fromBytes(bytes)).isEqualTo(s);
    }
}
