package io.hmrec.core.state;

import io.hmrec.core.model.ArticleIds;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Shared pieces of the state encodings: every encoded value starts with a format byte (type tag in the high nibble,
 * version in the low nibble) so a store written by one release is either read correctly or rejected with a clear
 * message; article ids travel as 8-byte longs instead of 10 ASCII bytes.
 */
final class Codec {
    private Codec() {}

    static byte header(int typeTag, int version) {
        return (byte) ((typeTag << 4) | version);
    }

    static void checkHeader(ByteBuffer buf, int typeTag, int version, String what) {
        if (!buf.hasRemaining()) {
            throw new IllegalArgumentException(what + ": empty encoding");
        }
        int b = buf.get() & 0xff;
        if ((b >>> 4) != typeTag) {
            throw new IllegalArgumentException(what + ": wrong type tag " + (b >>> 4) + ", expected " + typeTag);
        }
        if ((b & 0x0f) != version) {
            throw new IllegalArgumentException(what + ": unsupported format version " + (b & 0x0f) + ", expected " + version);
        }
    }

    static long articleToLong(String articleId) {
        if (!ArticleIds.isNormalised(articleId)) {
            throw new IllegalArgumentException("cannot encode article id '" + articleId + "': not a normalised 10-digit id");
        }
        return Long.parseLong(articleId);
    }

    static String articleFromLong(long v) {
        if (v < 0 || v > 9_999_999_999L) {
            throw new IllegalArgumentException("corrupt encoding: article id " + v + " out of range");
        }
        // digit by digit into a fixed-width buffer: decoding neighbour and top lists does this for every entry, and
        // Long.toString plus zero padding and concatenation was a tenth of the stream thread's CPU
        byte[] digits = new byte[ArticleIds.LENGTH];
        for (int i = digits.length - 1; i >= 0; i--) {
            digits[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        return new String(digits, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Decodes with {@code body}, turning truncation into a clear error and rejecting trailing garbage. */
    static <T> T decode(byte[] bytes, String what, java.util.function.Function<ByteBuffer, T> body) {
        if (bytes == null) {
            throw new IllegalArgumentException(what + ": null encoding");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        T value;
        try {
            value = body.apply(buf);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException(what + ": truncated encoding of " + bytes.length + " bytes", e);
        }
        if (buf.hasRemaining()) {
            throw new IllegalArgumentException(what + ": " + buf.remaining() + " trailing bytes after the encoding");
        }
        return value;
    }

    static int checkedCount(ByteBuffer buf, int bytesPerItem, String what) {
        int n = buf.getInt();
        if (n < 0 || (long) n * bytesPerItem > buf.remaining()) {
            throw new IllegalArgumentException(what + ": truncated or corrupt encoding: " + n + " items need "
                    + (long) n * bytesPerItem + " bytes, " + buf.remaining() + " remain");
        }
        return n;
    }
}
