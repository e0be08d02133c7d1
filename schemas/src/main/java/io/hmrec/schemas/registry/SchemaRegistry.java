package io.hmrec.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API hmrec uses. Two implementations: {@link SchemaRegistryClient}
 * (HTTP, against Confluent or Apicurio's ccompat API) and {@link InMemorySchemaRegistry} (for TopologyTestDriver
 * and unit tests). Ids are the registry's global schema ids, positive ints written into every Kafka record.
 *
 * <p>Every method throws a {@link SchemaRegistryException} subclass on failure; none returns null.
 */
public interface SchemaRegistry {

    /**
     * Registers {@code schema} under {@code subject} (or finds it if already there) and returns its global id.
     *
     * @throws IncompatibleSchemaException when the subject's compatibility level refuses the schema
     */
    int register(String subject, Schema schema);

    /**
     * The schema with this global id.
     *
     * @throws SchemaNotFoundException when no schema has this id
     */
    Schema getById(int id);

    /** The version numbers registered under {@code subject}, ascending. Empty when the subject does not exist. */
    List<Integer> versions(String subject);

    /** Sets the compatibility level of one subject. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** Sets the registry-wide default compatibility level. */
    void setGlobalCompatibility(CompatibilityLevel level);

    /**
     * Whether {@code schema} could be registered under {@code subject} now; a subject without versions accepts
     * anything.
     */
    CompatibilityResult testCompatibility(String subject, Schema schema);
}
