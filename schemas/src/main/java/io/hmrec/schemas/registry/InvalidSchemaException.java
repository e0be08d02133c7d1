package io.hmrec.schemas.registry;

/** The registry rejected a schema as malformed or a request as invalid (Confluent errors 422xx). */
public class InvalidSchemaException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public InvalidSchemaException(String message, int errorCode) {
        super(message, errorCode);
    }
}
