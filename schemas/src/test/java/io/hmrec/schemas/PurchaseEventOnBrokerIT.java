package io.hmrec.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.SchemaRegistryClient;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.schemas.serde.WireFormat;
import io.hmrec.testsupport.TestServices;
import io.hmrec.testsupport.TestServicesExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Given a real broker and registry, purchase events travel through hm.transactions.v1 with our serde. */
@ExtendWith(TestServicesExtension.class)
class PurchaseEventOnBrokerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final KafkaTestClients clients;
    private final SchemaRegistryClient registry;
    private final Topics topics;

    PurchaseEventOnBrokerIT(TestServices services) {
        clients = new KafkaTestClients(services.bootstrapServers());
        registry = new SchemaRegistryClient(SchemaRegistryConfig.of(services.registryUrl()));
        topics = new Topics(new AvroSerdes(registry));
    }

    @Test
    void shouldCarryPurchaseEventsThroughTransactionsTopicWithSchemaRegisteredOnce() throws Exception {
        List<PurchaseEvent> sent = List.of(TestSchemas.samplePurchase("e-1"), TestSchemas.samplePurchase("e-2"),
                TestSchemas.samplePurchase("e-3"));
        List<String> createdAgain;
        java.util.Set<String> existing;
        try (Admin admin = clients.admin()) {
            topics.createAll(admin, (short) 1, TIMEOUT);
            createdAgain = topics.createAll(admin, (short) 1, TIMEOUT);
            existing = admin.listTopics().names().get();
        }

        clients.produce(Topics.TRANSACTIONS, new StringSerializer(), topics.transactions().valueSerde().serializer(),
                sent.stream().map(e -> Map.entry(e.getCustomerId(), e)).toList());
        List<ConsumerRecord<String, PurchaseEvent>> received = clients.consume(Topics.TRANSACTIONS,
                new StringDeserializer(), topics.transactions().valueSerde().deserializer(), 3, TIMEOUT);
        List<ConsumerRecord<String, byte[]>> raw = clients.consume(Topics.TRANSACTIONS, new StringDeserializer(),
                new ByteArrayDeserializer(), 3, TIMEOUT);

        assertThat(existing).contains(Topics.TRANSACTIONS, Topics.ARTICLES, Topics.CUSTOMERS,
                Topics.RECOMMENDATIONS, Topics.MODEL_RELEASES, Topics.MODEL_CHUNKS, Topics.DLQ_TRANSACTIONS);
        assertThat(createdAgain).isEmpty();
        assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().getCustomerId()));
        assertThat(registry.versions("hm.transactions.v1-value")).containsExactly(1);
        int id = registry.register("hm.transactions.v1-value", PurchaseEvent.getClassSchema());
        assertThat(raw).extracting(r -> WireFormat.decode(r.value()).schemaId()).containsOnly(id);
        assertThat(new SchemaRegistryClient(SchemaRegistryConfig.of(registry.config().url())).getById(id))
                .isEqualTo(PurchaseEvent.getClassSchema());
    }

    @Test
    void shouldCreateCompactedAndDeleteTopicsWithTheirPartitions() throws Exception {
        try (Admin admin = clients.admin()) {
            topics.createAll(admin, (short) 1, TIMEOUT);
            var descriptions = admin.describeTopics(List.of(Topics.ARTICLES, Topics.MODEL_CHUNKS)).allTopicNames().get();
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.ARTICLES),
                    new ConfigResource(ConfigResource.Type.TOPIC, Topics.MODEL_CHUNKS))).all().get();

            assertThat(descriptions.get(Topics.ARTICLES).partitions()).hasSize(Topics.CUSTOMER_PARTITIONS);
            assertThat(descriptions.get(Topics.MODEL_CHUNKS).partitions()).hasSize(1);
            assertThat(Map.of(
                    "articles", configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.ARTICLES)).get("cleanup.policy").value(),
                    "chunks", configs.get(new ConfigResource(ConfigResource.Type.TOPIC, Topics.MODEL_CHUNKS)).get("cleanup.policy").value()))
                    .containsOnly(entry("articles", "compact"), entry("chunks", "delete"));
        }
    }
}
