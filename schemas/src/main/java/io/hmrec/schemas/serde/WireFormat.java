package io.hmrec.schemas.serde;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The Confluent wire format: byte 0 is the magic byte 0x00, bytes 1–4 the schema id as a big-endian int32, the
 * rest the Avro binary encoding of the record. Pure functions, no registry involved.
 */
public final class WireFormat {
    /** The only magic byte Confluent has defined. */
    public static final byte MAGIC_BYTE = 0x00;
    /** Magic byte + schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /**
     * A decoded frame header over the original bytes (no copy).
     *
     * @param schemaId the registry's schema id
     * @param bytes    the whole frame; the Avro payload starts at {@link #HEADER_SIZE}
     */
    public record Frame(int schemaId, byte[] bytes) {
        public int payloadOffset() {
            return HEADER_SIZE;
        }

        public int payloadLength() {
            return bytes.length - HEADER_SIZE;
        }

        /** A copy of the Avro payload. */
        public byte[] payload() {
            return Arrays.copyOfRange(bytes, HEADER_SIZE, bytes.length);
        }
    }

    /** Writes the 5-byte header for {@code schemaId} followed by {@code avroPayload}. */
    public static byte[] encode(int schemaId, byte[] avroPayload) {
        return ByteBuffer.allocate(HEADER_SIZE + avroPayload.length)
                .put(MAGIC_BYTE)
                .putInt(schemaId) // ByteBuffer is big-endian by default, as Confluent requires
                .put(avroPayload)
                .array();
    }

    /** Writes just the 5-byte header. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /**
     * Checks and decodes the header of {@code bytes}.
     *
     * @throws FrameTooShortException   when fewer than 5 bytes
     * @throws WrongMagicByteException  when byte 0 is not 0x00
     */
    public static Frame decode(byte[] bytes) {
        if (bytes == null) {
            throw new FrameTooShortException(0);
        }
        if (bytes.length < HEADER_SIZE) {
            throw new FrameTooShortException(bytes.length);
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new WrongMagicByteException(bytes[0]);
        }
        return new Frame(ByteBuffer.wrap(bytes, 1, 4).getInt(), bytes);
    }
}
