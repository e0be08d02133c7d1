package io.hmrec.core.data;

/**
 * Deterministic purchase event ids: 32 hex digits of a 128-bit hash of the row's normalised fields (day, customer id,
 * 10-digit article id, price bits, channel) and its occurrence number among identical rows of that day (1 for the
 * first unit, 2 for the second ...). A replay of the same file therefore yields the same ids, and duplicate rows
 * (several units of one article) still get distinct ids.
 *
 * <p>The hash is part of the data contract: changing it changes every id ever published. It is a fixed
 * multiply-xorshift mix (murmur3's finaliser over a running state), chosen because it needs no allocation and no
 * JDK digest (~30 ns per row).
 */
public final class EventIds {
    private static final long SEED_A = 0x9E3779B97F4A7C15L;
    private static final long SEED_B = 0xC2B2AE3D27D4EB4FL;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EventIds() {}

    /**
     * Key of a row without its occurrence number: identical rows have identical keys (used to number occurrences).
     *
     * @param customer the customer id as four longs (its 64 hex digits, 16 per long, big-endian)
     */
    public static long rowKey(int day, long[] customer, long article, long priceBits, int channel) {
        return hash(SEED_A, day, customer, article, priceBits, channel, 0);
    }

    /** The event id of the {@code occurrence}-th (1-based) identical row. */
    public static String of(int day, long[] customer, long article, long priceBits, int channel, int occurrence) {
        long a = hash(SEED_A ^ 0x5bd1e995L, day, customer, article, priceBits, channel, occurrence);
        long b = hash(SEED_B, day, customer, article, priceBits, channel, occurrence);
        char[] out = new char[32];
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (a >>> (60 - 4 * i)) & 15];
            out[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 15];
        }
        return new String(out);
    }

    /** The event id of a purchase given as strings (customer id 64 hex, article id normalised). */
    public static String of(int day, String customerId, String articleId, double price, int channel, int occurrence) {
        return of(day, customerLongs(customerId), Long.parseLong(articleId), Double.doubleToLongBits(price), channel,
                occurrence);
    }

    /** The four longs of a 64-hex customer id (lower or upper case). */
    public static long[] customerLongs(String customerId) {
        if (customerId.length() != 64) {
            throw new IllegalArgumentException("customer_id must be 64 hex digits: " + customerId);
        }
        long[] out = new long[4];
        for (int i = 0; i < 64; i++) {
            int d = Character.digit(customerId.charAt(i), 16);
            if (d < 0) {
                throw new IllegalArgumentException("customer_id must be 64 hex digits: " + customerId);
            }
            out[i >> 4] = (out[i >> 4] << 4) | d;
        }
        return out;
    }

    private static long hash(long seed, int day, long[] c, long article, long priceBits, int channel, int occ) {
        long h = seed;
        h = step(h, day);
        h = step(h, c[0]);
        h = step(h, c[1]);
        h = step(h, c[2]);
        h = step(h, c[3]);
        h = step(h, article);
        h = step(h, priceBits);
        h = step(h, ((long) channel << 32) | (occ & 0xFFFFFFFFL));
        return fmix(h ^ 64);
    }

    private static long step(long h, long v) {
        long k = v * 0x87c37b91114253d5L;
        k = Long.rotateLeft(k, 31) * 0x4cf5ad432745937fL;
        h ^= k;
        return Long.rotateLeft(h, 27) * 5 + 0x52dce729;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
