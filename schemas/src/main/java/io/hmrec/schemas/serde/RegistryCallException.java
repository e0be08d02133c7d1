package io.hmrec.schemas.serde;

/**
 * The serde needed the Schema Registry (to register a schema or fetch one by id) and the call failed for a reason
 * other than an unknown id, e.g. an incompatible schema or an unreachable registry. Not a poison pill unless the
 * cause is an incompatible schema.
 */
public class RegistryCallException extends SerdeException {
    private static final long serialVersionUID = 1L;
    private final boolean poison;

    public RegistryCallException(String message, boolean poison, Throwable cause) {
        super(message, cause);
        this.poison = poison;
    }

    @Override
    public boolean isPoison() {
        return poison;
    }
}
