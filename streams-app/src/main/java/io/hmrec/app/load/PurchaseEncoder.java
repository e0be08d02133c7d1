package io.hmrec.app.load;

import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.serde.ConfluentAvroSerializer;
import io.hmrec.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Encodes purchase events in the same Confluent wire format as the topic's serializer, for the loader's hot loop:
 * the schema id is resolved once through that serializer (registering the schema as it would), then the Avro writer,
 * encoder and buffer are reused per record instead of a subject/schema map lookup and fresh buffers per record
 * (measured warm: 0.90 vs 0.96 µs of CPU per row, parsing included). Not thread-safe: one per loading thread. A test
 * pins the bytes to the serializer's.
 */
final class PurchaseEncoder {
    private final byte[] header;
    private final SpecificDatumWriter<PurchaseEvent> writer =
            new SpecificDatumWriter<>(PurchaseEvent.getClassSchema(), SpecificData.getForClass(PurchaseEvent.class));
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(192);
    private BinaryEncoder encoder;

    /** @param serializer the transactions topic's value serializer; it must be the Confluent wire-format one */
    PurchaseEncoder(Serializer<PurchaseEvent> serializer, String topic) {
        if (!(serializer instanceof ConfluentAvroSerializer<PurchaseEvent> confluent)) {
            throw new IllegalArgumentException("expected the Confluent wire-format serializer for " + topic
                    + ", got " + serializer.getClass().getName());
        }
        this.header = WireFormat.header(confluent.schemaId(topic, PurchaseEvent.getClassSchema()));
    }

    byte[] encode(PurchaseEvent event) {
        buffer.reset();
        buffer.writeBytes(header);
        encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
        try {
            writer.write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode purchase event " + event.getEventId(), e);
        }
        return buffer.toByteArray();
    }
}
