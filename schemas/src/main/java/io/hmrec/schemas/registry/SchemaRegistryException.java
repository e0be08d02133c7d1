package io.hmrec.schemas.registry;

/**
 * A Schema Registry call failed. Carries the registry's numeric error code (Confluent's, e.g. 40403, 409, 42201;
 * 0 when the failure happened before any answer) and its message.
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errorCode;

    public SchemaRegistryException(String message, int errorCode) {
        this(message, errorCode, null);
    }

    public SchemaRegistryException(String message, int errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** The registry's error code (Confluent numbering), 0 if the registry did not answer. */
    public int errorCode() {
        return errorCode;
    }
}
