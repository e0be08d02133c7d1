package io.hmrec.core.data;

/**
 * The ids a catalog knows, in compact primitive sets, to count purchases of unknown articles or by unknown customers
 * (they are kept: catalogs lag, purchases are facts). Article ids are stored as their numeric value; customer ids as
 * their first 64 bits (ids are SHA-256 hex, so a false "known" needs a 2^-64 coincidence). About 16 bytes per id:
 * ~25 MB for the full customer file.
 */
public final class CatalogIndex {
    private final LongSet articles = new LongSet();
    private final LongSet customers = new LongSet();

    public void addArticle(String normalisedArticleId) {
        articles.add(Long.parseLong(normalisedArticleId));
    }

    public void addCustomer(String customerId) {
        customers.add(customerKey(customerId));
    }

    public boolean knowsArticle(String normalisedArticleId) {
        return articles.contains(Long.parseLong(normalisedArticleId));
    }

    public boolean knowsCustomer(String customerId) {
        return customers.contains(customerKey(customerId));
    }

    public int articleCount() {
        return articles.size;
    }

    public int customerCount() {
        return customers.size;
    }

    private static long customerKey(String id) {
        return Long.parseUnsignedLong(id.substring(0, 16), 16);
    }

    /** Open-addressing set of longs; 0 is stored by a flag. */
    private static final class LongSet {
        private long[] keys = new long[1 << 10];
        private int size;
        private boolean hasZero;

        void add(long k) {
            if (k == 0) {
                if (!hasZero) {
                    hasZero = true;
                    size++;
                }
                return;
            }
            int mask = keys.length - 1;
            int i = mix(k) & mask;
            while (keys[i] != 0) {
                if (keys[i] == k) {
                    return;
                }
                i = (i + 1) & mask;
            }
            keys[i] = k;
            if (++size * 2 > keys.length) {
                long[] old = keys;
                keys = new long[old.length * 2];
                int m = keys.length - 1;
                for (long o : old) {
                    if (o != 0) {
                        int j = mix(o) & m;
                        while (keys[j] != 0) {
                            j = (j + 1) & m;
                        }
                        keys[j] = o;
                    }
                }
            }
        }

        boolean contains(long k) {
            if (k == 0) {
                return hasZero;
            }
            int mask = keys.length - 1;
            int i = mix(k) & mask;
            while (keys[i] != 0) {
                if (keys[i] == k) {
                    return true;
                }
                i = (i + 1) & mask;
            }
            return false;
        }

        private static int mix(long k) {
            k *= 0x9E3779B97F4A7C15L;
            return (int) (k ^ (k >>> 32));
        }
    }
}
