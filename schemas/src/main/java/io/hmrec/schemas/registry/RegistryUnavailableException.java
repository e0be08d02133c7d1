package io.hmrec.schemas.registry;

/** The registry could not be reached or answered with a server error or an unreadable body. */
public class RegistryUnavailableException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, int errorCode, Throwable cause) {
        super(message, errorCode, cause);
    }
}
