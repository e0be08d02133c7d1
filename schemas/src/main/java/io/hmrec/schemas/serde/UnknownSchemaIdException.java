package io.hmrec.schemas.serde;

/** The frame names a schema id the registry does not know. */
public class UnknownSchemaIdException extends SerdeException {
    private static final long serialVersionUID = 1L;
    private final int schemaId;

    public UnknownSchemaIdException(int schemaId, Throwable cause) {
        super("unknown schema id " + schemaId + ": the registry has no schema with this id", cause);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
