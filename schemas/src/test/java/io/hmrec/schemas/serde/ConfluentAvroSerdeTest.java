package io.hmrec.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.schemas.TestSchemas;
import io.hmrec.schemas.avro.Article;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.InMemorySchemaRegistry;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {
    private static final String TOPIC = "hm.transactions.v1";

    /**
     * A PurchaseEvent in Confluent's wire format, written out by hand: magic byte, schema id 258 as big-endian
     * int32, then Avro binary (strings are zigzag-varint length + UTF-8, the date is a zigzag varint of the epoch
     * day, the double is IEEE-754 little-endian).
     */
    private static final byte[] HAND_BUILT_FRAME = bytes(
            0x00,                                     // magic byte
            0x00, 0x00, 0x01, 0x02,                   // schema id 258, big-endian
            0x06, 0x65, 0x2D, 0x31,                   // event_id "e-1"
            0xBE, 0xA1, 0x02,                         // t_dat 18527 = 2020-09-22
            0x0C, 0x63, 0x30, 0x66, 0x66, 0x65, 0x65, // customer_id "c0ffee"
            0x14, 0x30, 0x37, 0x30, 0x36, 0x30, 0x31, 0x36, 0x30, 0x30, 0x31, // article_id "0706016001"
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xE0, 0x3F, // price 0.5
            0x04);                                    // sales_channel_id 2

    private static final PurchaseEvent HAND_BUILT_EVENT = PurchaseEvent.newBuilder()
            .setEventId("e-1")
            .setTDat(LocalDate.of(2020, 9, 22))
            .setCustomerId("c0ffee")
            .setArticleId("0706016001")
            .setPrice(0.5)
            .setSalesChannelId(2)
            .build();

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry(258);
    private final AvroSerdes serdes = new AvroSerdes(registry);

    @Test
    void shouldDecodeHandBuiltConfluentFrame() {
        registry.register("hm.transactions.v1-value", PurchaseEvent.getClassSchema());

        PurchaseEvent event = serdes.value(PurchaseEvent.class).deserializer().deserialize(TOPIC, HAND_BUILT_FRAME);

        assertThat(event).isEqualTo(HAND_BUILT_EVENT);
    }

    @Test
    void shouldBuildTheHandBuiltFrameByteForByte() {
        byte[] frame = serdes.value(PurchaseEvent.class).serializer().serialize(TOPIC, HAND_BUILT_EVENT);

        assertThat(frame).isEqualTo(HAND_BUILT_FRAME);
    }

    @Test
    void shouldRegisterSchemaOnceUnderTopicValueSubject() {
        Serde<PurchaseEvent> serde = serdes.value(PurchaseEvent.class);

        serde.serializer().serialize(TOPIC, TestSchemas.samplePurchase("a"));
        serde.serializer().serialize(TOPIC, TestSchemas.samplePurchase("b"));
        serdes.value(PurchaseEvent.class).serializer().serialize(TOPIC, TestSchemas.samplePurchase("c"));

        assertThat(registry.versions("hm.transactions.v1-value")).containsExactly(1);
        assertThat(registry.versions("hm.transactions.v1-key")).isEmpty();
        assertThat(registry.getById(258)).isEqualTo(PurchaseEvent.getClassSchema());
    }

    @Test
    void shouldRoundTripEveryFieldAndPassTombstonesThrough() {
        Serde<PurchaseEvent> serde = serdes.value(PurchaseEvent.class);
        PurchaseEvent event = TestSchemas.samplePurchase("round-trip");

        assertThat(serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, event))).isEqualTo(event);
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldReadV2DataWithV1ReaderAndV1DataWithV2Reader() {
        Serde<PurchaseEvent> v1 = serdes.value(PurchaseEvent.class);
        Serde<GenericRecord> v2 = serdes.genericValue(TestSchemas.purchaseEventV2());
        PurchaseEvent v1Event = TestSchemas.samplePurchase("v1");
        GenericRecord v2Event = new GenericData.Record(TestSchemas.purchaseEventV2());
        v2Event.put("event_id", "v2");
        v2Event.put("t_dat", 18527);
        v2Event.put("customer_id", v1Event.getCustomerId());
        v2Event.put("article_id", "0706016001");
        v2Event.put("price", 0.25);
        v2Event.put("sales_channel_id", 1);
        v2Event.put("store_id", "store-17");

        byte[] v1Bytes = v1.serializer().serialize(TOPIC, v1Event);
        byte[] v2Bytes = v2.serializer().serialize(TOPIC, v2Event);
        PurchaseEvent v2ReadAsV1 = v1.deserializer().deserialize(TOPIC, v2Bytes);
        GenericRecord v1ReadAsV2 = v2.deserializer().deserialize(TOPIC, v1Bytes);

        assertThat(registry.versions("hm.transactions.v1-value")).containsExactly(1, 2);
        assertThat(v2ReadAsV1).isEqualTo(PurchaseEvent.newBuilder().setEventId("v2").setTDat(LocalDate.of(2020, 9, 22))
                .setCustomerId(v1Event.getCustomerId()).setArticleId("0706016001").setPrice(0.25).setSalesChannelId(1).build());
        assertThat(v1ReadAsV2.toString()).isEqualTo("{\"event_id\": \"v1\", \"t_dat\": 18527, \"customer_id\": \""
                + v1Event.getCustomerId() + "\", \"article_id\": \"0706016001\", \"price\": 0.0508305084745762, "
                + "\"sales_channel_id\": 2, \"store_id\": null}");
    }

    @Test
    void shouldRefuseIncompatibleSchemaWithRegistryCallError() {
        serdes.value(PurchaseEvent.class).serializer().serialize(TOPIC, TestSchemas.samplePurchase("v1"));
        GenericRecord broken = new GenericData.Record(TestSchemas.purchaseEventIncompatible());

        assertThatThrownBy(() -> serdes.genericValue(TestSchemas.purchaseEventIncompatible()).serializer().serialize(TOPIC, broken))
                .isInstanceOf(RegistryCallException.class)
                .hasMessageStartingWith("cannot register io.hmrec.schemas.avro.PurchaseEvent under subject "
                        + "'hm.transactions.v1-value': schema is incompatible with the versions already registered")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("loyalty_points")
                .matches(e -> ((SerdeException) e).isPoison());
    }

    @Test
    void shouldNameUnknownSchemaId() {
        byte[] frame = Arrays.copyOf(HAND_BUILT_FRAME, HAND_BUILT_FRAME.length);

        assertThatThrownBy(() -> serdes.value(PurchaseEvent.class).deserializer().deserialize(TOPIC, frame))
                .isInstanceOf(UnknownSchemaIdException.class)
                .hasMessage("unknown schema id 258: the registry has no schema with this id")
                .extracting(e -> ((UnknownSchemaIdException) e).schemaId()).isEqualTo(258);
    }

    @Test
    void shouldReportMismatchWhenWriterSchemaCannotBeReadAsReaderType() {
        byte[] purchase = serdes.value(PurchaseEvent.class).serializer().serialize(TOPIC, TestSchemas.samplePurchase("x"));

        assertThatThrownBy(() -> serdes.value(Article.class).deserializer().deserialize(TOPIC, purchase))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessageStartingWith("schema mismatch: data written with schema id 258 cannot be read as "
                        + "io.hmrec.schemas.avro.Article: NAME_MISMATCH");
    }

    @Test
    void shouldReportCorruptPayloadWhenBodyIsTruncatedOrHasTrailingBytes() {
        registry.register("hm.transactions.v1-value", PurchaseEvent.getClassSchema());
        byte[] truncated = Arrays.copyOf(HAND_BUILT_FRAME, HAND_BUILT_FRAME.length - 4);
        byte[] trailing = Arrays.copyOf(HAND_BUILT_FRAME, HAND_BUILT_FRAME.length + 1);
        var deserializer = serdes.value(PurchaseEvent.class).deserializer();

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, truncated))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageStartingWith("corrupt Avro payload for schema id 258: ");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, trailing))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessage("corrupt Avro payload for schema id 258: bytes left over after the record");
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
