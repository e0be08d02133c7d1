package io.hmrec.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestServicesModeTest {

    @Test
    void shouldParseModesCaseInsensitively() {
        assertThat(TestServices.Mode.parse("embedded")).isEqualTo(TestServices.Mode.EMBEDDED);
        assertThat(TestServices.Mode.parse(" Containers ")).isEqualTo(TestServices.Mode.CONTAINERS);
        assertThat(TestServices.Mode.parse("AUTO")).isEqualTo(TestServices.Mode.AUTO);
    }

    @Test
    void shouldNameTheChoicesWhenModeIsUnknown() {
        assertThatThrownBy(() -> TestServices.Mode.parse("docker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hmrec.it.services must be embedded, containers or auto, got 'docker'");
    }
}
