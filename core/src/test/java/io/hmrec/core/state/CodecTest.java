package io.hmrec.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CodecTest {
    @Test
    void shouldDecodeAnArticleCodeToItsZeroPaddedTenDigitId() {
        assertThat(Codec.articleFromLong(108775015L)).isEqualTo("0108775015");
        assertThat(Codec.articleFromLong(0L)).isEqualTo("0000000000");
        assertThat(Codec.articleFromLong(9_999_999_999L)).isEqualTo("9999999999");
    }

    @Test
    void shouldDecodeEveryCodeToItsOwnIdWhenCodesShareACacheSlot() {
        // 300,000 codes into 131,072 slots: codes collide, and each decode must still give that code's id,
        // the first time and again after other codes took the slot
        java.util.Random random = new java.util.Random(17);
        long[] codes = random.longs(300_000, 0, 10_000_000_000L).toArray();
        for (int round = 0; round < 2; round++) {
            for (long code : codes) {
                assertThat(Codec.articleFromLong(code)).isEqualTo(String.format("%010d", code));
            }
        }
    }

    @Test
    void shouldGiveTheSameInstanceForAnIdDecodedAgain() {
        String first = Codec.articleFromLong(706016001L);

        assertThat(Codec.articleFromLong(706016001L)).isSameAs(first).isEqualTo("0706016001");
    }

    @Test
    void shouldRejectACodeNoTenDigitIdGives() {
        assertThatThrownBy(() -> Codec.articleFromLong(10_000_000_000L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Codec.articleFromLong(-5L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }
}
