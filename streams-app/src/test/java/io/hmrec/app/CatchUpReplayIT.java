package io.hmrec.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hmrec.app.store.RankerFactory;
import io.hmrec.core.model.Days;
import io.hmrec.schemas.Topic;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.avro.RecommendationList;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.testsupport.TestServices;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A replay of history on a real broker (exactly_once_v2): the app starts far behind, catches up without a list per
 * basket, and then every customer has a list that reflects their whole history.
 * Its own broker and registry, so no other test's purchases move its tasks' days.
 */
class CatchUpReplayIT {
    private static final int CUSTOMERS = 600;
    private static final int DAYS = 30;
    private static final LocalDate FIRST = LocalDate.parse("2020-08-01");

    @Test
    void shouldCatchUpOnHistoryWithLessThanHalfAListPerBasketAndListEveryoneCurrent() throws Exception {
        try (TestServices services = TestServices.start()) {
            String appId = "it-catchup-" + UUID.randomUUID();
            Topics topics = new Topics(AvroSerdes.connect(SchemaRegistryConfig.of(services.registryUrl())));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers()))) {
                List<Topic<?, ?>> all = new ArrayList<>(topics.all());
                all.addAll(topics.topologyInternal());
                Topics.createMissing(admin, all, (short) 1, Duration.ofSeconds(30));
            }
            topics.registerSchemas();

            // Given a month of history already on the topic before the app starts: each customer buys on 10 days
            Random random = new Random(5);
            Map<String, LocalDate> lastDay = new HashMap<>();
            int purchases = 0;
            try (KafkaProducer<String, PurchaseEvent> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers()),
                    new StringSerializer(), topics.transactions().valueSerde().serializer())) {
                for (int d = 0; d < DAYS; d++) {
                    LocalDate day = FIRST.plusDays(d);
                    for (int c = 0; c < CUSTOMERS; c++) {
                        if ((c + d) % 3 != 0) {
                            continue; // every customer buys on every third day, a different third for each
                        }
                        String customer = String.format("%064x", 0xCA7C400L + c);
                        for (int b = 0; b < 2; b++) { // a basket of two
                            String article = String.format("0%06d%03d", 700000 + random.nextInt(300), 1);
                            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, null,
                                    Days.toEpochMillis(Days.of(day)), customer, PurchaseEvent.newBuilder()
                                    .setEventId(customer + day + b).setTDat(day).setCustomerId(customer)
                                    .setArticleId(article).setPrice(0.03).setSalesChannelId(2).build()));
                            purchases++;
                        }
                        lastDay.put(customer, day);
                    }
                }
            }
            LocalDate end = FIRST.plusDays(DAYS - 1);

            // When the app replays it, far behind (catch-up above 200 records per task; about 3,000 each)
            AppConfig config = ItAppConfig.of(services, appId).with(Map.of("catchup.records", "200"));
            Map<String, List<RecommendationList>> lists = new HashMap<>();
            try (StreamsApp app = StreamsApp.start(config, RankerFactory.NONE);
                 KafkaConsumer<String, RecommendationList> consumer = new KafkaConsumer<>(Map.of(
                         ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, services.bootstrapServers(),
                         ConsumerConfig.GROUP_ID_CONFIG, "lists-" + appId,
                         ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                         ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                         new StringDeserializer(), topics.recommendations().valueSerde().deserializer())) {
                consumer.subscribe(List.of(Topics.RECOMMENDATIONS));
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r ->
                            lists.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
                    return lastDay.keySet().stream().allMatch(c -> lists.containsKey(c)
                            && !lists.get(c).get(lists.get(c).size() - 1).getAsOfDate().isBefore(lastDay.get(c)));
                });

                // Then every customer has a current list of 12 distinct articles, and the replay cost less than half
                // a list per basket (one per customer, plus per-basket lists from the first second, before the
                // backlog is first read, and from the last records, once the task is within half the threshold)
                int total = lists.values().stream().mapToInt(List::size).sum();
                assertThat(lists.keySet()).containsExactlyInAnyOrderElementsOf(lastDay.keySet());
                assertThat(total).as("lists for %d purchases in %d baskets", purchases, purchases / 2)
                        .isLessThan(purchases / 4);
                for (String c : lastDay.keySet()) {
                    RecommendationList last = lists.get(c).get(lists.get(c).size() - 1);
                    assertThat(last.getEntries()).hasSize(12);
                    assertThat(last.getEntries().stream().map(e -> e.getArticleId()).distinct()).hasSize(12);
                    assertThat(last.getAsOfDate()).isAfterOrEqualTo(lastDay.get(c)).isBeforeOrEqualTo(end);
                }
                // and the graph state is whole: a customer's history holds all of their purchases
                String first = String.format("%064x", 0xCA7C400L);
                assertThat(app.queries().history(first).orElseThrow()).isNotEmpty();
                assertThat(app.queries().history(first).orElseThrow().stream().mapToInt(e -> e.count()).sum())
                        .isEqualTo(2 * (DAYS / 3));
            }
        }
    }
}
