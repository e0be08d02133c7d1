package io.hmrec.schemas.serde;

import io.hmrec.schemas.registry.SchemaNotFoundException;
import io.hmrec.schemas.registry.SchemaRegistry;
import io.hmrec.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro into the reader's type. The writer schema is looked up by the frame's schema id
 * (cached in this instance) and resolved into the reader schema by Avro schema resolution, so a v1 reader reads v2
 * data (new fields dropped) and a v2 reader reads v1 data (new fields take their defaults). {@code null} bytes
 * deserialize to {@code null}.
 *
 * <p>Failures are typed: {@link FrameTooShortException}, {@link WrongMagicByteException},
 * {@link UnknownSchemaIdException}, {@link SchemaMismatchException}, {@link CorruptPayloadException},
 * {@link RegistryCallException}.
 *
 * @param <T> the reader's record type
 */
public final class ConfluentAvroDeserializer<T> implements Deserializer<T> {
    private final SchemaRegistry registry;
    private final Schema readerSchema;
    private final GenericData model;
    private final Map<Integer, DatumReader<T>> readersById = new ConcurrentHashMap<>();

    /**
     * @param readerSchema the schema to read into; for generated classes their {@code SCHEMA$}
     * @param model        {@code SpecificData.getForClass(type)} for generated classes, {@code GenericData.get()}
     *                     for {@link GenericRecord}s
     */
    public ConfluentAvroDeserializer(SchemaRegistry registry, Schema readerSchema, GenericData model) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.readerSchema = Objects.requireNonNull(readerSchema, "readerSchema");
        this.model = Objects.requireNonNull(model, "model");
    }

    /** A deserializer into a generated specific record class. */
    public static <T extends SpecificRecord> ConfluentAvroDeserializer<T> forSpecific(SchemaRegistry registry, Class<T> type) {
        return new ConfluentAvroDeserializer<>(registry, SpecificData.get().getSchema(type), SpecificData.getForClass(type));
    }

    /** A deserializer into {@link GenericRecord}s of {@code readerSchema}. */
    public static ConfluentAvroDeserializer<GenericRecord> forGeneric(SchemaRegistry registry, Schema readerSchema) {
        return new ConfluentAvroDeserializer<>(registry, readerSchema, GenericData.get());
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        WireFormat.Frame frame = WireFormat.decode(bytes);
        DatumReader<T> reader = readersById.computeIfAbsent(frame.schemaId(), this::readerFor);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, frame.payloadOffset(), frame.payloadLength(), null);
        T value;
        try {
            value = reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new CorruptPayloadException(frame.schemaId(), e.toString(), e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new CorruptPayloadException(frame.schemaId(), "bytes left over after the record", null);
            }
        } catch (IOException e) {
            throw new CorruptPayloadException(frame.schemaId(), e.toString(), e);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> readerFor(int schemaId) {
        Schema writer;
        try {
            writer = registry.getById(schemaId);
        } catch (SchemaNotFoundException e) {
            throw new UnknownSchemaIdException(schemaId, e);
        } catch (SchemaRegistryException e) {
            throw new RegistryCallException("cannot fetch schema id " + schemaId + ": " + e.getMessage(), false, e);
        }
        SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
            String details = compatibility.getResult().getIncompatibilities().stream()
                    .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                    .collect(Collectors.joining("; "));
            throw new SchemaMismatchException(schemaId, readerSchema.getFullName(), details);
        }
        return (DatumReader<T>) model.createDatumReader(writer, readerSchema);
    }
}
