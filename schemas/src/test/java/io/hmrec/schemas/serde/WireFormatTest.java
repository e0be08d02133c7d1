package io.hmrec.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void shouldWriteMagicByteThenBigEndianSchemaIdThenPayload() {
        byte[] frame = WireFormat.encode(0x01020304, new byte[] {(byte) 0xAA, (byte) 0xBB});

        assertThat(frame).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04, 0xAA, 0xBB);
    }

    @Test
    void shouldDecodeSchemaIdAndPayloadFromFrame() {
        byte[] bytes = {0x00, 0x00, 0x00, 0x01, 0x02, 0x7F};

        WireFormat.Frame frame = WireFormat.decode(bytes);

        assertThat(frame.schemaId()).isEqualTo(258);
        assertThat(frame.payload()).containsExactly(0x7F);
        assertThat(frame.payloadOffset()).isEqualTo(5);
        assertThat(frame.payloadLength()).isEqualTo(1);
    }

    @Test
    void shouldAcceptHeaderWithEmptyPayload() {
        WireFormat.Frame frame = WireFormat.decode(new byte[] {0x00, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});

        assertThat(frame.schemaId()).isEqualTo(Integer.MAX_VALUE);
        assertThat(frame.payload()).isEmpty();
    }

    @Test
    void shouldNameLengthWhenFrameIsTooShort() {
        assertThatThrownBy(() -> WireFormat.decode(new byte[] {0x00, 0x00, 0x01}))
                .isInstanceOf(FrameTooShortException.class)
                .hasMessage("not a Confluent Avro record: 3 byte(s), but the frame needs at least 5 "
                        + "(magic byte 0x00 + 4-byte schema id)");
    }

    @Test
    void shouldNameTheByteWhenMagicByteIsWrong() {
        assertThatThrownBy(() -> WireFormat.decode("{\"price\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(WrongMagicByteException.class)
                .hasMessage("not a Confluent Avro record: wrong magic byte 0x7B ('{'), expected 0x00");
    }
}
