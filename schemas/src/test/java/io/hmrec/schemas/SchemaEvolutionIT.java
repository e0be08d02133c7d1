package io.hmrec.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.CompatibilityResult;
import io.hmrec.schemas.registry.IncompatibleSchemaException;
import io.hmrec.schemas.registry.SchemaRegistryClient;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.schemas.serde.RegistryCallException;
import io.hmrec.testsupport.TestServices;
import io.hmrec.testsupport.TestServicesExtension;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Given a real registry at BACKWARD, compatible changes are accepted and readable both ways; breaking ones are refused. */
@ExtendWith(TestServicesExtension.class)
class SchemaEvolutionIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final KafkaTestClients clients;
    private final SchemaRegistryClient registry;
    private final AvroSerdes serdes;
    private final String topic = "it.evolution." + UUID.randomUUID();

    SchemaEvolutionIT(TestServices services) {
        clients = new KafkaTestClients(services.bootstrapServers());
        registry = new SchemaRegistryClient(SchemaRegistryConfig.of(services.registryUrl()));
        serdes = new AvroSerdes(registry);
    }

    @Test
    void shouldAcceptOptionalFieldAndReadV2WithV1ReaderAndV1WithV2Reader() {
        clients.createTopic(topic, 1);
        Serde<PurchaseEvent> v1 = serdes.value(PurchaseEvent.class);
        Serde<GenericRecord> v2 = serdes.genericValue(TestSchemas.purchaseEventV2());
        PurchaseEvent v1Event = TestSchemas.samplePurchase("v1-event");
        GenericRecord v2Event = v2Purchase("v2-event", "store-17");

        clients.produce(topic, new StringSerializer(), v1.serializer(), List.of(Map.entry("c", v1Event)));
        clients.produce(topic, new StringSerializer(), v2.serializer(), List.of(Map.entry("c", v2Event)));
        List<PurchaseEvent> readAsV1 = clients.consume(topic, new StringDeserializer(), v1.deserializer(), 2, TIMEOUT)
                .stream().map(ConsumerRecord::value).toList();
        List<GenericRecord> readAsV2 = clients.consume(topic, new StringDeserializer(), v2.deserializer(), 2, TIMEOUT)
                .stream().map(ConsumerRecord::value).toList();

        assertThat(registry.versions(topic + "-value")).containsExactly(1, 2);
        assertThat(readAsV1).containsExactly(v1Event, PurchaseEvent.newBuilder(v1Event).setEventId("v2-event")
                .setTDat(LocalDate.of(2020, 9, 23)).setPrice(0.25).setSalesChannelId(1).build());
        assertThat(readAsV2).extracting(r -> r.get("event_id").toString(), r -> r.get("t_dat"), r -> r.get("store_id"))
                .containsExactly(
                        tuple("v1-event", 18527, null),
                        tuple("v2-event", 18528, new Utf8("store-17")));
    }

    @Test
    void shouldRefuseIncompatibleChangeWithClearError() {
        String subject = topic + "-value";
        serdes.value(PurchaseEvent.class).serializer().serialize(topic, TestSchemas.samplePurchase("v1"));

        CompatibilityResult check = registry.testCompatibility(subject, TestSchemas.purchaseEventIncompatible());

        assertThat(check.compatible()).isFalse();
        assertThat(check.reasons()).isNotEmpty();
        assertThatThrownBy(() -> registry.register(subject, TestSchemas.purchaseEventIncompatible()))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageStartingWith("schema is incompatible with the versions already registered under subject '"
                        + subject + "': ");
        assertThatThrownBy(() -> serdes.genericValue(TestSchemas.purchaseEventIncompatible()).serializer()
                .serialize(topic, new GenericData.Record(TestSchemas.purchaseEventIncompatible())))
                .isInstanceOf(RegistryCallException.class)
                .hasMessageStartingWith("cannot register io.hmrec.schemas.avro.PurchaseEvent under subject '" + subject
                        + "': schema is incompatible with the versions already registered")
                .hasCauseInstanceOf(IncompatibleSchemaException.class);
        assertThat(registry.versions(subject)).containsExactly(1);
    }

    private static GenericRecord v2Purchase(String eventId, String storeId) {
        GenericRecord record = new GenericData.Record(TestSchemas.purchaseEventV2());
        PurchaseEvent base = TestSchemas.samplePurchase(eventId);
        record.put("event_id", eventId);
        record.put("t_dat", 18528);
        record.put("customer_id", base.getCustomerId());
        record.put("article_id", base.getArticleId());
        record.put("price", 0.25);
        record.put("sales_channel_id", 1);
        record.put("store_id", storeId);
        return record;
    }
}
