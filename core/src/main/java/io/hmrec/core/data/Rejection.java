package io.hmrec.core.data;

/**
 * One rejected row.
 *
 * @param file       the file name the row came from, e.g. {@code transactions_train.csv}
 * @param lineNumber physical line (1-based, header is line 1) where the row starts
 * @param raw        the row exactly as in the file, without its line end
 * @param reason     why, as a stable code
 * @param detail     the specific problem, e.g. {@code price '-0.5' is negative}
 */
public record Rejection(String file, long lineNumber, String raw, RejectReason reason, String detail) {
    /** {@code reason: detail}, the text of the reject file's reason column and the DLQ's reason header. */
    public String message() {
        return reason.code() + ": " + detail;
    }
}
