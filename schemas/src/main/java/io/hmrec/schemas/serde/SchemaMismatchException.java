package io.hmrec.schemas.serde;

/** The writer's schema cannot be resolved into the reader's schema (Avro schema resolution fails). */
public class SchemaMismatchException extends SerdeException {
    private static final long serialVersionUID = 1L;
    private final int writerSchemaId;

    public SchemaMismatchException(int writerSchemaId, String readerName, String details) {
        super("schema mismatch: data written with schema id " + writerSchemaId + " cannot be read as " + readerName
                + ": " + details);
        this.writerSchemaId = writerSchemaId;
    }

    public int writerSchemaId() {
        return writerSchemaId;
    }
}
