package io.hmrec.schemas.serde;

/** The frame header is valid but the Avro body does not decode with the writer's schema (truncated or garbage). */
public class CorruptPayloadException extends SerdeException {
    private static final long serialVersionUID = 1L;

    public CorruptPayloadException(int schemaId, String details, Throwable cause) {
        super("corrupt Avro payload for schema id " + schemaId + ": " + details, cause);
    }
}
