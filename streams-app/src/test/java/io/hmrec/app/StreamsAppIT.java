package io.hmrec.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hmrec.app.processor.DeadLetters;
import io.hmrec.app.query.QueryHttpServer;
import io.hmrec.app.store.KeyOwners;
import io.hmrec.app.store.RankerFactory;
import io.hmrec.core.model.Days;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.Article;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.testsupport.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.Test;

/**
 * Two app instances on a real broker and registry: any instance answers any key; poison goes to the DLQ.
 *
 * <p>It starts its own broker and registry. The topic names are the product's, so on the services other ITs share
 * this app also replays what they left behind (LoaderIT's 30,000 purchases and its dead letters); after LoaderIT the
 * dead-lettered purchase was not seen within 2 minutes in 3 of 5 runs, while alone it passed (one run).
 */
class StreamsAppIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private static String customer(int i) {
        return String.format("%064x", 0xC0FFEE00L + i);
    }

    private static String article(int i) {
        return String.format("0%06d%03d", 700000 + i, 1);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerEveryKeyOnBothInstancesAndDeadLetterPoison() throws Exception {
        try (TestServices services = TestServices.start()) {
            answersEveryKeyAndDeadLettersPoison(services);
        }
    }

    private void answersEveryKeyAndDeadLettersPoison(TestServices services) throws Exception {
        String appId = "it-" + UUID.randomUUID();
        try (StreamsApp a = StreamsApp.start(ItAppConfig.of(services, appId), RankerFactory.NONE);
             StreamsApp b = StreamsApp.start(ItAppConfig.of(services, appId), RankerFactory.NONE)) {
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    a.streams().state() == KafkaStreams.State.RUNNING && b.streams().state() == KafkaStreams.State.RUNNING
                            && a.streams().metadataForAllStreamsClients().size() == 2);

            Topics topics = new Topics(AvroSerdes.connect(SchemaRegistryConfig.of(services.registryUrl())));
            LocalDate day = LocalDate.parse("2020-09-10");
            long ts = Days.toEpochMillis(Days.of(day));
            String poisoned = customer(99);
            Map<String, Object> producerProps = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers());
            try (KafkaProducer<String, PurchaseEvent> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                         topics.transactions().valueSerde().serializer());
                 KafkaProducer<String, Article> catalog = new KafkaProducer<>(producerProps, new StringSerializer(),
                         topics.articles().valueSerde().serializer());
                 KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerProps, new StringSerializer(),
                         new ByteArraySerializer())) {
                for (int i = 0; i < 8; i++) {
                    catalog.send(new ProducerRecord<>(Topics.ARTICLES, article(i), Article.newBuilder().setArticleId(article(i)).build()));
                    producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, null, ts, customer(i), purchase(customer(i), article(i), day)));
                }
                // poison first, then a good event of the same customer on the same partition
                raw.send(new ProducerRecord<>(Topics.TRANSACTIONS, null, ts, poisoned, new byte[] {0x42, 1, 2, 3}));
                // a customer row that is not Avro: deserialized by Kafka Streams itself, so the handler dead-letters it
                raw.send(new ProducerRecord<>(Topics.CUSTOMERS, null, ts, poisoned, new byte[] {0x42, 9, 9}));
                producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, null, ts, poisoned, purchase(poisoned, article(5), day)));
            }

            Set<String> owners = new HashSet<>();
            List<String> everyone = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                everyone.add(customer(i));
            }
            everyone.add(poisoned);
            for (String c : everyone) {
                KeyQueryMetadata md = a.streams().queryMetadataForKey(StoreNames.CUSTOMER_EDGES, c, Serdes.String().serializer());
                owners.add(md.activeHost().toString());
                assertThat(KeyOwners.partitionOf(c, Topics.CUSTOMER_PARTITIONS)).as("the query layer's partition of %s", c)
                        .isEqualTo(md.partition());
                for (StreamsApp instance : List.of(a, b)) {
                    // generous: the first lists wait for both instances' first exactly-once commits, slow on a loaded 2-core CI box
                    // on a timeout the last answer (status and body) is in the failure message
                    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                        HttpResponse<String> r = get(instance.port(), "/customers/" + c + "/recommendations");
                        assertThat(r.statusCode()).as("%s from :%d, answer %s", c, instance.port(), r.body())
                                .isEqualTo(200);
                    });
                    HttpResponse<String> answer = get(instance.port(), "/customers/" + c + "/recommendations");
                    assertThat(answer.headers().firstValue(QueryHttpServer.ANSWERED_BY)).as("forwarded or not")
                            .contains(md.activeHost().host() + ":" + md.activeHost().port());
                    JsonNode list = json.readTree(answer.body());
                    assertThat(list.get("customerId").asText()).isEqualTo(c);
                    String bought = c.equals(poisoned) ? article(5) : article(everyone.indexOf(c));
                    assertThat(list.get("articles").get(0).get("articleId").asText()).isEqualTo(bought);
                    JsonNode history = json.readTree(get(instance.port(), "/customers/" + c + "/history").body());
                    assertThat(history.get("edges").get(0).get("articleId").asText()).isEqualTo(bought);
                }
            }
            assertThat(owners).as("keys owned by both instances").hasSize(2);

            assertThat(get(a.port(), "/customers/" + customer(1234) + "/recommendations").statusCode()).isEqualTo(404);
            assertThat(get(b.port(), "/customers/not%20an%20id/recommendations").statusCode()).isEqualTo(400);
            for (StreamsApp instance : List.of(a, b)) {
                // every purchase was on that day, and each instance owns some of them: read from its own partitions
                HttpResponse<String> health = get(instance.port(), "/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(json.readTree(health.body()).get("latestDate").asText()).isEqualTo(day.toString());
            }
            assertThat(get(b.port(), "/metrics").body()).contains("kafka_stream");
            // generous waits below as above: on a loaded 2-core box a 30 s wait for the DLQ's commit timed out once
            await().atMost(Duration.ofSeconds(120)).until(() ->
                    json.readTree(get(b.port(), "/articles/popular").body()).get("articles").size() >= 8);

            try (KafkaConsumer<String, byte[]> dlq = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + appId,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
                dlq.subscribe(List.of(Topics.DLQ_TRANSACTIONS));
                List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    dlq.poll(Duration.ofMillis(500)).forEach(r -> {
                        if (poisoned.equals(r.key())) {
                            mine.add(r);
                        }
                    });
                    return mine.size() >= 2;
                });
                mine.sort(java.util.Comparator.comparing(r -> DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC)));
                assertThat(mine).hasSize(2);
                ConsumerRecord<String, byte[]> deadCustomer = mine.get(0);
                assertThat(DeadLetters.header(deadCustomer.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.CUSTOMERS);
                assertThat(deadCustomer.value()).containsExactly(0x42, 9, 9);
                assertThat(DeadLetters.header(deadCustomer.headers(), DeadLetters.REASON)).startsWith("cannot deserialize");
                ConsumerRecord<String, byte[]> dead = mine.get(1);
                assertThat(dead.value()).containsExactly(0x42, 1, 2, 3);
                assertThat(DeadLetters.header(dead.headers(), DeadLetters.REASON)).contains("magic byte");
                assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.TRANSACTIONS);
                assertThat(DeadLetters.header(dead.headers(), DeadLetters.SOURCE_OFFSET)).isNotNull();
            }
        }
    }

    private static PurchaseEvent purchase(String customer, String article, LocalDate day) {
        return PurchaseEvent.newBuilder().setEventId(customer + article).setTDat(day).setCustomerId(customer)
                .setArticleId(article).setPrice(0.04).setSalesChannelId(1).build();
    }
}
