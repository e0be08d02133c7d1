package io.hmrec.schemas.registry;

/** No schema exists with the requested global id (Confluent error 40403). */
public class SchemaNotFoundException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;
    private final int schemaId;

    public SchemaNotFoundException(int schemaId, String registryMessage, int errorCode) {
        super("no schema with id " + schemaId + " in the registry: " + registryMessage, errorCode);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
