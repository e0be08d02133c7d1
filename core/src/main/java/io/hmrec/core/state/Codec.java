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

    /** What {@link #articleToLongOrNot} answers for an id that is not a normalised 10-digit id. */
    static final long NOT_AN_ARTICLE = -1L;

    static long articleToLong(String articleId) {
        long v = articleToLongOrNot(articleId);
        if (v == NOT_AN_ARTICLE) {
            throw new IllegalArgumentException("cannot encode article id '" + articleId + "': not a normalised 10-digit id");
        }
        return v;
    }

    /** The id as a long, or {@link #NOT_AN_ARTICLE}; digit by digit, as the id was checked digit by digit anyway. */
    static long articleToLongOrNot(String articleId) {
        if (!ArticleIds.isNormalised(articleId)) {
            return NOT_AN_ARTICLE;
        }
        long v = 0;
        for (int i = 0; i < ArticleIds.LENGTH; i++) {
            v = v * 10 + (articleId.charAt(i) - '0');
        }
        return v;
    }

    /** A decoded article id, rejected when no 10-digit id gives it. */
    static long checkedArticle(long v) {
        if (v < 0 || v > 9_999_999_999L) {
            throw new IllegalArgumentException("corrupt encoding: article id " + v + " out of range");
        }
        return v;
    }

    /**
     * Decoded ids, one slot per code hash (a slot holds the last id decoded there). Decoding neighbour lists, top
     * lists, edges and negatives made a new String per entry: 13% of the bytes a live instance allocated at 2,000
     * purchases/s (JFR), the same articles' ids decoded again for every list. 2^17 direct-mapped slots take about
     * 10 MB when full; codes that share a slot take turns, so a catalog of 105,542 articles mostly decodes from
     * the slots. A slot is written whole (one reference to an immutable record), so any thread may read and fill it.
     */
    private static final DecodedId[] DECODED = new DecodedId[1 << 17];

    private record DecodedId(long code, String id) {}

    static String articleFromLong(long v) {
        checkedArticle(v);
        int slot = (int) ((v * 0x9E3779B97F4A7C15L) >>> (64 - 17));
        DecodedId cached = DECODED[slot];
        if (cached != null && cached.code() == v) {
            return cached.id();
        }
        String id = digits(v);
        DECODED[slot] = new DecodedId(v, id);
        return id;
    }

    /** The zero-padded 10-digit id of a checked code. */
    private static String digits(long v) {
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
