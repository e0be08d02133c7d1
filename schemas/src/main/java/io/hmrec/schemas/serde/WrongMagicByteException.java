package io.hmrec.schemas.serde;

/** The first byte is not the Confluent magic byte 0x00, so the bytes are not a Confluent Avro frame. */
public class WrongMagicByteException extends SerdeException {
    private static final long serialVersionUID = 1L;
    private final byte found;

    public WrongMagicByteException(byte found) {
        super(String.format("not a Confluent Avro record: wrong magic byte 0x%02X%s, expected 0x00", found & 0xFF,
                printable(found)));
        this.found = found;
    }

    public byte found() {
        return found;
    }

    private static String printable(byte b) {
        return b >= 0x20 && b < 0x7F ? " ('" + (char) b + "')" : "";
    }
}
