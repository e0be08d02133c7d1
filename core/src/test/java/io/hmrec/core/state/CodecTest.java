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
    void shouldRejectACodeNoTenDigitIdGives() {
        assertThatThrownBy(() -> Codec.articleFromLong(10_000_000_000L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Codec.articleFromLong(-5L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }
}
