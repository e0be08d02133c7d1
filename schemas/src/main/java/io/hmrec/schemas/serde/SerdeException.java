package io.hmrec.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be (de)serialized in the Confluent Avro wire format. Subclasses name the problem; all but
 * {@link RegistryCallException} are properties of the bytes themselves ("poison pills" that retrying cannot fix
 * and that belong in a dead-letter topic). Extends Kafka's {@link SerializationException} so Kafka clients and
 * Streams' deserialization handlers treat it as a serialization failure.
 */
public class SerdeException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public SerdeException(String message) {
        super(message);
    }

    public SerdeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the bytes themselves are bad, so retrying cannot help. */
    public boolean isPoison() {
        return true;
    }
}
