package io.hmrec.schemas.serde;

import io.hmrec.schemas.registry.IncompatibleSchemaException;
import io.hmrec.schemas.registry.SchemaRegistry;
import io.hmrec.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated specific records or generic ones) in the Confluent wire format: 0x00, the
 * big-endian int32 id of the record's schema as registered under {@code <topic>-value} (or {@code -key}), then the
 * Avro binary encoding. The schema is registered on first use per subject and the id cached in this instance.
 * {@code null} serializes to {@code null} (a tombstone on compacted topics).
 *
 * @param <T> record type; its {@code getSchema()} is the writer schema
 */
public final class ConfluentAvroSerializer<T extends IndexedRecord> implements Serializer<T> {
    private final SchemaRegistry registry;
    private final GenericData model;
    private final boolean isKey;
    private final Map<SubjectAndSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

    private record SubjectAndSchema(String subject, Schema schema) {
    }

    /**
     * @param model {@code SpecificData.getForClass(type)} for generated classes (so logical-type conversions such as
     *              {@code LocalDate} apply), {@code GenericData.get()} for generic records
     */
    public ConfluentAvroSerializer(SchemaRegistry registry, GenericData model, boolean isKey) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.model = Objects.requireNonNull(model, "model");
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        int id = schemaId(topic, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(WireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writers.computeIfAbsent(schema, s -> model.createDatumWriter(s)).write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerdeException("cannot encode " + schema.getFullName() + " for topic '" + topic + "': " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** The id under which {@code schema} is registered for {@code topic}, registering it on first use. */
    public int schemaId(String topic, Schema schema) {
        String subject = SubjectNames.of(topic, isKey);
        SubjectAndSchema key = new SubjectAndSchema(subject, schema);
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        try {
            id = registry.register(subject, schema);
        } catch (IncompatibleSchemaException e) {
            throw new RegistryCallException("cannot register " + schema.getFullName() + " under subject '" + subject
                    + "': " + e.getMessage(), true, e);
        } catch (SchemaRegistryException e) {
            throw new RegistryCallException("cannot register " + schema.getFullName() + " under subject '" + subject
                    + "': " + e.getMessage(), false, e);
        }
        ids.put(key, id);
        return id;
    }
}
