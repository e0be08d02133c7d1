package io.hmrec.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hmrec.app.store.ModelRegistry;
import io.hmrec.app.store.RankerFactory;
import io.hmrec.app.store.RecommendationLists;
import io.hmrec.core.model.Days;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.Article;
import io.hmrec.schemas.avro.ChunkKind;
import io.hmrec.schemas.avro.Customer;
import io.hmrec.schemas.avro.ModelChunk;
import io.hmrec.schemas.avro.ModelRelease;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.avro.RecommendationList;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.testsupport.TestServices;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * A model release on a real broker (exactly_once_v2, the product setting) re-lists every active customer with the new
 * version, with no purchase arriving after the release. Data is published as the loader publishes it: catalog rows
 * (articles, customers) carry no event time, so the producer stamps them with the wall clock; purchases carry the
 * midnight of their day.
 *
 * <p>It starts its own broker and registry: the topic names are the product's, and on the services other ITs share,
 * their purchases (up to 2020-09-22) would reach this app too and move its tasks' days past {@link #DAY}.
 */
class ModelReleaseRefreshIT {
    private static final LocalDate DAY = LocalDate.parse("2020-09-10");
    /** Well over {@code active.customer.days} (28) before {@link #DAY}: a customer who bought only then is lapsed. */
    private static final LocalDate LONG_AGO = LocalDate.parse("2020-05-01");
    private static final int ACTIVE = 8;

    private static String customer(int i) {
        return String.format("%064x", 0xBADC0DE00L + i);
    }

    private static String article(int i) {
        return String.format("0%06d%03d", 810000 + i, 1);
    }

    private static int partitionOf(String key) {
        // the producer's default partitioner for a keyed record, so the lapsed customer shares a task with active ones
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % Topics.CUSTOMER_PARTITIONS;
    }

    @Test
    void shouldRelistEveryActiveCustomerWithTheNewVersionWhenTheTrainerReleasesAModel() throws Exception {
        try (TestServices services = TestServices.start()) {
            relistsEveryActiveCustomer(services);
        }
    }

    private void relistsEveryActiveCustomer(TestServices services) throws Exception {
        String appId = "it-release-" + UUID.randomUUID();
        List<String> active = new ArrayList<>();
        for (int i = 0; i < ACTIVE; i++) {
            active.add(customer(i));
        }
        String lapsed = null;
        for (int i = ACTIVE; lapsed == null; i++) {
            if (partitionOf(customer(i)) == partitionOf(active.get(0))) {
                lapsed = customer(i);
            }
        }
        List<String> everyone = new ArrayList<>(active);
        everyone.add(lapsed);

        try (StreamsApp app = StreamsApp.start(ItAppConfig.of(services, appId), RankerFactory.NONE);
             KafkaConsumer<String, RecommendationList> lists = listsConsumer(services, appId)) {
            assertThat(app.config().exactlyOnce()).isTrue();
            await().atMost(Duration.ofSeconds(120)).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
            Topics topics = new Topics(AvroSerdes.connect(SchemaRegistryConfig.of(services.registryUrl())));
            Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers());

            // Given purchase lists for every customer (the loader's order: catalogs, then purchases in event time)
            try (KafkaProducer<String, Article> articles = new KafkaProducer<>(props, new StringSerializer(),
                         topics.articles().valueSerde().serializer());
                 KafkaProducer<String, Customer> customers = new KafkaProducer<>(props, new StringSerializer(),
                         topics.customers().valueSerde().serializer());
                 KafkaProducer<String, PurchaseEvent> purchases = new KafkaProducer<>(props, new StringSerializer(),
                         topics.transactions().valueSerde().serializer())) {
                for (int i = 0; i < ACTIVE; i++) {
                    articles.send(new ProducerRecord<>(Topics.ARTICLES, article(i),
                            Article.newBuilder().setArticleId(article(i)).build())).get();
                }
                for (String c : everyone) {
                    customers.send(new ProducerRecord<>(Topics.CUSTOMERS, c,
                            Customer.newBuilder().setCustomerId(c).setAge(30).build())).get();
                }
                purchases.send(purchase(lapsed, article(0), LONG_AGO)).get();
                for (int i = 0; i < ACTIVE; i++) {
                    purchases.send(purchase(active.get(i), article(i), DAY)).get();
                }
            }
            Map<String, List<RecommendationList>> before = new HashMap<>();
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                collect(lists, everyone, before);
                return before.keySet().containsAll(everyone);
            });
            assertThat(before.values()).allSatisfy(l -> assertThat(l).allSatisfy(r ->
                    assertThat(r.getTrigger()).isEqualTo(RecommendationLists.PURCHASE)));

            // When the trainer releases a model (one transaction: chunks, then the manifest), and nothing else arrives
            String version = release(services, topics, appId, everyone);

            // Then every active customer, and no one else, gets a new list stamped with the version within a bound
            Map<String, List<RecommendationList>> after = new HashMap<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                collect(lists, everyone, after);
                return after.keySet().containsAll(active);
            });
            Thread.sleep(2_000); // a lapsed customer's list, were it wrongly sent, would arrive with the others
            collect(lists, everyone, after);
            assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(active);
            assertThat(after.values()).allSatisfy(l -> assertThat(l).singleElement().satisfies(r -> {
                assertThat(r.getTrigger()).isEqualTo(RecommendationLists.MODEL_RELEASE);
                assertThat(r.getModelVersion()).isEqualTo(version);
                assertThat(r.getAsOfDate()).isEqualTo(DAY);
                assertThat(r.getEntries()).isNotEmpty();
            }));
        }
    }

    private static ProducerRecord<String, PurchaseEvent> purchase(String customer, String article, LocalDate day) {
        return new ProducerRecord<>(Topics.TRANSACTIONS, null, Days.toEpochMillis(Days.of(day)), customer,
                PurchaseEvent.newBuilder().setEventId(customer + article + day).setTDat(day).setCustomerId(customer)
                        .setArticleId(article).setPrice(0.04).setSalesChannelId(1).build());
    }

    /** A committed-only reader of the output topic from its beginning. */
    private static KafkaConsumer<String, RecommendationList> listsConsumer(TestServices services, String appId) {
        Topics topics = new Topics(AvroSerdes.connect(SchemaRegistryConfig.of(services.registryUrl())));
        KafkaConsumer<String, RecommendationList> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "lists-" + appId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), topics.recommendations().valueSerde().deserializer());
        c.subscribe(List.of(Topics.RECOMMENDATIONS));
        return c;
    }

    /** Adds what the consumer returns now to {@code into}, by customer, skipping other tests' customers. */
    private static void collect(KafkaConsumer<String, RecommendationList> c, List<String> ours,
                                Map<String, List<RecommendationList>> into) {
        c.poll(Duration.ofMillis(300)).forEach(r -> {
            if (ours.contains(r.key())) {
                into.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
            }
        });
    }

    /** Publishes a dot-cf release exactly as the trainer's ModelPublisher does; returns its version. */
    private static String release(TestServices services, Topics topics, String appId, List<String> customers)
            throws Exception {
        Instant createdAt = Instant.now();
        String version = "it-" + createdAt.toEpochMilli() + "-dot-cf";
        List<String> articleIds = new ArrayList<>();
        for (int i = 0; i < ACTIVE; i++) {
            articleIds.add(article(i));
        }
        List<ModelChunk> chunks = List.of(
                chunk(version, 0, ChunkKind.CUSTOMER_EMBEDDINGS, customers),
                chunk(version, 1, ChunkKind.ARTICLE_EMBEDDINGS, articleIds));
        ModelRelease manifest = ModelRelease.newBuilder().setModel("dot-cf").setVersion(version).setCreatedAt(createdAt)
                .setAsOfDate(DAY.plusDays(1)).setTrainWindowDays(84).setDim(2).setChunkCount(chunks.size())
                .setChecksum(ModelRegistry.checksum(chunks)).setMetrics(Map.of("map12", 0.02)).setDevice("cpu()").build();
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "trainer-" + appId);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            p.initTransactions();
            p.beginTransaction();
            for (ModelChunk c : chunks) {
                String key = c.getModel() + "/" + c.getVersion() + "/" + c.getKind() + "/" + c.getIndex();
                p.send(new ProducerRecord<>(Topics.MODEL_CHUNKS, null, createdAt.toEpochMilli(), key,
                        topics.modelChunks().valueSerde().serializer().serialize(Topics.MODEL_CHUNKS, c)));
            }
            p.send(new ProducerRecord<>(Topics.MODEL_RELEASES, null, createdAt.toEpochMilli(), manifest.getModel(),
                    topics.modelReleases().valueSerde().serializer().serialize(Topics.MODEL_RELEASES, manifest)));
            p.commitTransaction();
        }
        return version;
    }

    /** Row i of the table is the unit vector at angle i (dim 2), float32 little-endian as the trainer writes it. */
    private static ModelChunk chunk(String version, int index, ChunkKind kind, List<String> ids) {
        ByteBuffer b = ByteBuffer.allocate(4 * 2 * ids.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < ids.size(); i++) {
            b.putFloat((float) Math.cos(i)).putFloat((float) Math.sin(i));
        }
        return ModelChunk.newBuilder().setModel("dot-cf").setVersion(version).setIndex(index).setKind(kind)
                .setIds(ids).setDim(2).setValues(b.flip()).build();
    }
}
