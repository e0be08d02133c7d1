package io.hmrec.schemas.registry;

/** The subject (or the requested version of it) does not exist (Confluent errors 40401, 40402). */
public class SubjectNotFoundException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SubjectNotFoundException(String subject, String registryMessage, int errorCode) {
        super("subject '" + subject + "' not found in the registry: " + registryMessage, errorCode);
    }
}
