package io.hmrec.schemas.serde;

import io.hmrec.schemas.registry.SchemaRegistry;
import io.hmrec.schemas.registry.SchemaRegistryClient;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Makes Confluent wire-format Avro {@link Serde}s bound to one {@link SchemaRegistry}. One instance per process
 * (or per test); no static state, so tests with an {@link io.hmrec.schemas.registry.InMemorySchemaRegistry} and a
 * real registry can run side by side.
 */
public final class AvroSerdes {
    private final SchemaRegistry registry;

    public AvroSerdes(SchemaRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Serdes talking to the registry at {@code config.url()} over HTTP. */
    public static AvroSerdes connect(SchemaRegistryConfig config) {
        return new AvroSerdes(new SchemaRegistryClient(config));
    }

    public SchemaRegistry registry() {
        return registry;
    }

    /** Serde for record values of a generated class; subject {@code <topic>-value}. */
    public <T extends SpecificRecord> Serde<T> value(Class<T> type) {
        return specific(type, false);
    }

    /** Serde for record keys of a generated class; subject {@code <topic>-key}. */
    public <T extends SpecificRecord> Serde<T> key(Class<T> type) {
        return specific(type, true);
    }

    /** Serde for generic record values read with {@code readerSchema}; subject {@code <topic>-value}. */
    public Serde<GenericRecord> genericValue(Schema readerSchema) {
        return Serdes.serdeFrom(new ConfluentAvroSerializer<GenericRecord>(registry, GenericData.get(), false),
                ConfluentAvroDeserializer.forGeneric(registry, readerSchema));
    }

    private <T extends SpecificRecord> Serde<T> specific(Class<T> type, boolean isKey) {
        return Serdes.serdeFrom(new ConfluentAvroSerializer<T>(registry, SpecificData.getForClass(type), isKey),
                ConfluentAvroDeserializer.forSpecific(registry, type));
    }
}
