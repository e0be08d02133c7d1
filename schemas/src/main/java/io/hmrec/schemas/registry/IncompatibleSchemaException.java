package io.hmrec.schemas.registry;

/** The registry refused a schema because it breaks the subject's compatibility level (Confluent error 409). */
public class IncompatibleSchemaException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String subject, String registryMessage, int errorCode) {
        super("schema is incompatible with the versions already registered under subject '" + subject + "': "
                + registryMessage, errorCode);
    }
}
