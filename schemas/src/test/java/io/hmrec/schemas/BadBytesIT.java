package io.hmrec.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.SchemaNotFoundException;
import io.hmrec.schemas.registry.SchemaRegistryClient;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.schemas.serde.FrameTooShortException;
import io.hmrec.schemas.serde.UnknownSchemaIdException;
import io.hmrec.schemas.serde.WrongMagicByteException;
import io.hmrec.testsupport.TestServices;
import io.hmrec.testsupport.TestServicesExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Given bytes on a real topic that are not our Avro, the deserializer names the problem with a typed error. */
@ExtendWith(TestServicesExtension.class)
class BadBytesIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int UNKNOWN_ID = 987_654;
    private final KafkaTestClients clients;
    private final SchemaRegistryClient registry;
    private final Deserializer<PurchaseEvent> deserializer;
    private final String topic = "it.bad-bytes." + UUID.randomUUID();

    BadBytesIT(TestServices services) {
        clients = new KafkaTestClients(services.bootstrapServers());
        registry = new SchemaRegistryClient(SchemaRegistryConfig.of(services.registryUrl()));
        deserializer = new AvroSerdes(registry).value(PurchaseEvent.class).deserializer();
    }

    @Test
    void shouldGiveTypedErrorsForNotAvroWrongMagicByteAndUnknownSchemaId() {
        clients.createTopic(topic, 1);
        clients.produce(topic, new StringSerializer(), new ByteArraySerializer(), List.of(
                Map.entry("json", "{\"customer_id\":\"c\"}".getBytes(StandardCharsets.UTF_8)),
                Map.entry("short", new byte[] {0x00, 0x01}),
                Map.entry("magic", new byte[] {0x01, 0x00, 0x00, 0x00, 0x01, 0x02}),
                Map.entry("unknown-id", new byte[] {0x00, 0x00, 0x0F, 0x12, 0x06, 0x02})));

        Map<String, byte[]> received = clients.consume(topic, new StringDeserializer(), new ByteArrayDeserializer(), 4, TIMEOUT)
                .stream().collect(java.util.stream.Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));

        assertThatThrownBy(() -> deserializer.deserialize(topic, received.get("json")))
                .isInstanceOf(WrongMagicByteException.class)
                .hasMessage("not a Confluent Avro record: wrong magic byte 0x7B ('{'), expected 0x00");
        assertThatThrownBy(() -> deserializer.deserialize(topic, received.get("short")))
                .isInstanceOf(FrameTooShortException.class)
                .hasMessage("not a Confluent Avro record: 2 byte(s), but the frame needs at least 5 (magic byte 0x00 + 4-byte schema id)");
        assertThatThrownBy(() -> deserializer.deserialize(topic, received.get("magic")))
                .isInstanceOf(WrongMagicByteException.class)
                .hasMessage("not a Confluent Avro record: wrong magic byte 0x01, expected 0x00");
        assertThatThrownBy(() -> deserializer.deserialize(topic, received.get("unknown-id")))
                .isInstanceOf(UnknownSchemaIdException.class)
                .hasMessage("unknown schema id " + UNKNOWN_ID + ": the registry has no schema with this id")
                .hasCauseInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void shouldReportMissingSubjectAsNoVersionsAndUnknownIdAsNotFound() {
        assertThat(registry.versions(topic + "-value")).isEmpty();
        assertThatThrownBy(() -> registry.getById(UNKNOWN_ID))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageStartingWith("no schema with id " + UNKNOWN_ID + " in the registry: ");
    }
}
