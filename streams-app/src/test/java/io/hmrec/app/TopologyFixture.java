package io.hmrec.app;

import io.hmrec.app.query.RecommendationQueryService;
import io.hmrec.app.store.RankerFactory;
import io.hmrec.core.model.Days;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.Article;
import io.hmrec.schemas.avro.Customer;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.avro.RecommendationList;
import io.hmrec.schemas.registry.InMemorySchemaRegistry;
import io.hmrec.schemas.serde.AvroSerdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver around the real topology with an in-memory schema registry; one per test. */
final class TopologyFixture implements AutoCloseable {
    static final Instant WALL_START = Instant.parse("2020-09-01T00:00:00Z");

    final AppConfig config;
    final Topics topics;
    final RecommenderTopology topology;
    final TopologyTestDriver driver;
    final TestInputTopic<String, PurchaseEvent> purchases;
    final TestInputTopic<String, byte[]> rawPurchases;
    final TestInputTopic<String, Article> articles;
    final TestInputTopic<String, Customer> customers;
    final TestInputTopic<String, io.hmrec.schemas.avro.ModelRelease> releases;
    final TestInputTopic<String, io.hmrec.schemas.avro.ModelChunk> chunks;
    final TestOutputTopic<String, RecommendationList> recommendations;
    final TestOutputTopic<String, byte[]> dlq;
    final RecommendationQueryService queries;
    private final Path stateDir;
    private int eventSeq;
    private long wallMs = WALL_START.toEpochMilli();

    TopologyFixture(Map<String, String> overrides) throws Exception {
        stateDir = Files.createTempDirectory("hmrec-ttd");
        config = AppConfig.fromMap(Map.of("application.id", "ttd-" + System.nanoTime(), "state.dir", stateDir.toString(),
                "refresh.interval.ms", "1000", "state.store", "memory")).with(overrides).withRec(TestSettings.pinned());
        topics = new Topics(new AvroSerdes(new InMemorySchemaRegistry()));
        topology = new RecommenderTopology(config, topics, RankerFactory.NONE);
        Properties props = config.kafkaProperties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        driver = new TopologyTestDriver(topology.build(), props, WALL_START);
        purchases = driver.createInputTopic(Topics.TRANSACTIONS, Serdes.String().serializer(),
                topics.transactions().valueSerde().serializer());
        rawPurchases = driver.createInputTopic(Topics.TRANSACTIONS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
        articles = driver.createInputTopic(Topics.ARTICLES, Serdes.String().serializer(), topics.articles().valueSerde().serializer());
        customers = driver.createInputTopic(Topics.CUSTOMERS, Serdes.String().serializer(), topics.customers().valueSerde().serializer());
        releases = driver.createInputTopic(Topics.MODEL_RELEASES, Serdes.String().serializer(),
                topics.modelReleases().valueSerde().serializer());
        chunks = driver.createInputTopic(Topics.MODEL_CHUNKS, Serdes.String().serializer(),
                topics.modelChunks().valueSerde().serializer());
        recommendations = driver.createOutputTopic(Topics.RECOMMENDATIONS, Serdes.String().deserializer(),
                topics.recommendations().valueSerde().deserializer());
        dlq = driver.createOutputTopic(Topics.DLQ_TRANSACTIONS, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        queries = new RecommendationQueryService(driver::getKeyValueStore, topology.engine(), topology.models(),
                () -> wallMs, java.time.Duration.ZERO, topology.globalVersions());
    }

    void buy(String customer, String article, String isoDate) {
        LocalDate d = LocalDate.parse(isoDate);
        purchases.pipeInput(customer, PurchaseEvent.newBuilder().setEventId("e" + (eventSeq++)).setTDat(d)
                .setCustomerId(customer).setArticleId(article).setPrice(0.03).setSalesChannelId(2).build(),
                Instant.ofEpochMilli(Days.toEpochMillis(Days.of(d))));
    }

    void article(String id, String group, int colour) {
        articles.pipeInput(id, Article.newBuilder().setArticleId(id).setProductGroupName(group).setColourGroupCode(colour).build());
    }

    void customer(String id, Integer age) {
        customers.pipeInput(id, Customer.newBuilder().setCustomerId(id).setAge(age).build());
    }

    /** Lets wall-clock punctuations run (publishing state to the global stores, refresh passes). */
    void tick() {
        wallMs += config.refreshIntervalMs();
        driver.advanceWallClockTime(Duration.ofMillis(config.refreshIntervalMs()));
    }

    /** Lets the customer task emit the lists of customers who bought since its last emission (one commit interval). */
    void flush() {
        wallMs += config.commitIntervalMs();
        driver.advanceWallClockTime(Duration.ofMillis(config.commitIntervalMs()));
    }

    List<String> ids(RecommendationList list) {
        return list.getEntries().stream().map(e -> e.getArticleId()).toList();
    }

    @Override
    public void close() throws java.io.IOException {
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
