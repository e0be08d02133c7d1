package io.hmrec.core.data;

/** A data file cannot be used at all: unreadable, or its header is not the expected one. Rows never throw this. */
public final class DataFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataFileException(String message, Throwable cause) {
        super(message, cause);
    }

    public DataFileException(String message) {
        super(message);
    }
}
