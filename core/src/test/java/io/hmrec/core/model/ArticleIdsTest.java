package io.hmrec.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArticleIdsTest {
    @Test
    void shouldKeepTenDigitIdsAndRestoreTheLeadingZeroPandasDrops() {
        assertThat(ArticleIds.normalise("0108775015")).isEqualTo("0108775015");
        assertThat(ArticleIds.normalise("108775015")).isEqualTo("0108775015");
    }

    @Test
    void shouldDeriveTheProductCodeFromTheFirstSevenDigits() {
        assertThat(ArticleIds.productCode("0108775015")).isEqualTo("0108775");
        assertThat(ArticleIds.productCode(ArticleIds.normalise("706016001"))).isEqualTo("0706016");
    }

    @Test
    void shouldRejectIdsThatCannotBeArticles() {
        assertThatThrownBy(() -> ArticleIds.normalise("")).hasMessage("article_id is empty");
        assertThatThrownBy(() -> ArticleIds.normalise("01087750151")).hasMessageContaining("more than 10 digits");
        assertThatThrownBy(() -> ArticleIds.normalise("01087x5015")).hasMessageContaining("not all digits");
        assertThatThrownBy(() -> ArticleIds.normalise("12345")).hasMessageContaining("fewer than 7 digits");
    }

    @Test
    void shouldBucketAgesLikeTheStatisticsTables() {
        assertThat(new int[] {AgeBucket.of(null), AgeBucket.of(16), AgeBucket.of(20), AgeBucket.of(29), AgeBucket.of(30),
                AgeBucket.of(59), AgeBucket.of(60), AgeBucket.of(99)})
                .containsExactly(0, 1, 2, 2, 3, 5, 6, 6);
        assertThat(AgeBucket.name(AgeBucket.of(45))).isEqualTo("40_to_49");
        assertThat(AgeBucket.parse("60_plus")).isEqualTo(6);
    }
}
