package io.hmrec.core.data;

/**
 * Why a row of a Kaggle file was rejected. {@link #code()} is the stable token written to reject files, summaries and
 * the dead-letter topic's reason header; the {@link Rejection#detail()} says what exactly was wrong with the row.
 */
public enum RejectReason {
    /** A line with nothing on it. */
    BLANK_LINE("blank_line"),
    /** Quotes that break RFC-4180 (unterminated, text after a closing quote, a quote inside an unquoted field). */
    BAD_QUOTING("bad_quoting"),
    /** Not the file's number of columns. */
    FIELD_COUNT("field_count"),
    /** t_dat is not an ISO yyyy-MM-dd calendar date. */
    BAD_DATE("bad_date"),
    /** t_dat is earlier than a previous row's: the file must be in event-time order. */
    OUT_OF_ORDER("out_of_order"),
    /** customer_id is not 64 hex digits. */
    BAD_CUSTOMER_ID("bad_customer_id"),
    /** article_id is not 7 to 10 digits. */
    BAD_ARTICLE_ID("bad_article_id"),
    /** price is not a decimal number. */
    BAD_PRICE("bad_price"),
    /** price overflows to infinity. */
    NON_FINITE_PRICE("non_finite_price"),
    /** price is below zero. */
    NEGATIVE_PRICE("negative_price"),
    /** sales_channel_id is not 1 or 2. */
    BAD_CHANNEL("bad_channel"),
    /** A numeric catalog column (codes, numbers, FN, Active) is not a number. */
    BAD_NUMBER("bad_number"),
    /** age is not a whole number of years in 1..120. */
    BAD_AGE("bad_age");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** Stable lower-case token, e.g. {@code bad_price}. */
    public String code() {
        return code;
    }
}
