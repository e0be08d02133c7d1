package io.hmrec.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.InMemorySchemaRegistry;
import io.hmrec.schemas.serde.AvroSerdes;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final Topics topics = new Topics(new AvroSerdes(registry));

    @Test
    void shouldDeclareEveryTopicWithItsCleanupPolicyAndPartitions() {
        assertThat(topics.all()).extracting(Topic::name, Topic::cleanupPolicy, Topic::partitions).containsExactly(
                tuple("hm.transactions.v1", CleanupPolicy.DELETE, 4),
                tuple("hm.articles.v1", CleanupPolicy.COMPACT, 4),
                tuple("hm.customers.v1", CleanupPolicy.COMPACT, 4),
                tuple("hm.recommendations.v1", CleanupPolicy.COMPACT, 4),
                tuple("hm.model-releases.v1", CleanupPolicy.COMPACT, 1),
                tuple("hm.model-chunks.v1", CleanupPolicy.DELETE, 1),
                tuple("hm.dlq.transactions.v1", CleanupPolicy.DELETE, 1));
    }

    @Test
    void shouldKeepTransactionsForeverAndAgeOutChunks() {
        assertThat(topics.transactions().configs()).containsOnly(entry("cleanup.policy", "delete"), entry("retention.ms", "-1"));
        assertThat(topics.modelChunks().configs()).containsOnly(entry("cleanup.policy", "delete"), entry("retention.ms", "2592000000"));
        assertThat(topics.articles().configs()).containsOnly(entry("cleanup.policy", "compact"));
    }

    @Test
    void shouldRegisterEveryAvroValueSchemaUnderTopicValueSubject() {
        Map<String, Integer> ids = topics.registerSchemas();

        assertThat(ids).containsExactly(
                entry("hm.transactions.v1-value", 1),
                entry("hm.articles.v1-value", 2),
                entry("hm.customers.v1-value", 3),
                entry("hm.recommendations.v1-value", 4),
                entry("hm.model-releases.v1-value", 5),
                entry("hm.model-chunks.v1-value", 6));
        assertThat(registry.getById(1)).isEqualTo(PurchaseEvent.getClassSchema());
    }

    @Test
    void shouldRoundTripThroughTheTopicsOwnSerde() {
        PurchaseEvent event = TestSchemas.samplePurchase("t");
        var serde = topics.transactions().valueSerde();

        assertThat(serde.deserializer().deserialize(Topics.TRANSACTIONS, serde.serializer().serialize(Topics.TRANSACTIONS, event)))
                .isEqualTo(event);
    }
}
