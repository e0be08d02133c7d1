package io.hmrec.schemas.serde;

/** The bytes are too short to be a Confluent Avro frame (fewer than 5 bytes): not Avro from our serializer. */
public class FrameTooShortException extends SerdeException {
    private static final long serialVersionUID = 1L;
    private final int length;

    public FrameTooShortException(int length) {
        super("not a Confluent Avro record: " + length + " byte(s), but the frame needs at least "
                + WireFormat.HEADER_SIZE + " (magic byte 0x00 + 4-byte schema id)");
        this.length = length;
    }

    public int length() {
        return length;
    }
}
