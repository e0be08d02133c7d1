package io.hmrec.core.model;

/**
 * Article id rules of the H&M data. Kaggle ships ids as 10-digit strings with a leading zero ({@code 0108775015});
 * pandas-read copies drop it ({@code 108775015}). Everything inside hmrec uses the 10-digit form.
 */
public final class ArticleIds {
    /** Length of a normalised article id. */
    public static final int LENGTH = 10;
    /** Length of the product code prefix: all colours of one product share it. */
    public static final int PRODUCT_CODE_LENGTH = 7;

    private ArticleIds() {}

    /**
     * Returns the 10-digit form of an article id given with or without leading zeros.
     *
     * @throws IllegalArgumentException naming the problem when the id is empty, has non-digits or more than 10 digits
     */
    public static String normalise(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("article_id is empty");
        }
        int n = raw.length();
        if (n > LENGTH) {
            throw new IllegalArgumentException("article_id '" + raw + "' has more than " + LENGTH + " digits");
        }
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("article_id '" + raw + "' is not all digits");
            }
        }
        if (n == LENGTH) {
            return raw;
        }
        if (n < LENGTH - 3) {
            // real ids are 9 or 10 digits; shorter ones are typos, not a spelling of a real id
            throw new IllegalArgumentException("article_id '" + raw + "' has fewer than " + (LENGTH - 3) + " digits");
        }
        return "0".repeat(LENGTH - n) + raw;
    }

    /** True when {@code id} is already a normalised 10-digit id. */
    public static boolean isNormalised(String id) {
        if (id == null || id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The product code (first 7 digits of the 10-digit id): other colours of the same product share it. */
    public static String productCode(String normalisedId) {
        return normalisedId.substring(0, PRODUCT_CODE_LENGTH);
    }
}
