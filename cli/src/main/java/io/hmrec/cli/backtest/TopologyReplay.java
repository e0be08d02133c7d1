package io.hmrec.cli.backtest;

import io.hmrec.app.AppConfig;
import io.hmrec.app.RecommenderTopology;
import io.hmrec.app.query.RecommendationQueryService;
import io.hmrec.app.store.RankerFactory;
import io.hmrec.core.data.ArticleRow;
import io.hmrec.core.data.CustomerRow;
import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.model.Days;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.Article;
import io.hmrec.schemas.avro.Customer;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.InMemorySchemaRegistry;
import io.hmrec.schemas.serde.AvroSerdes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The production topology ({@link RecommenderTopology}) driven by a TopologyTestDriver: catalog and customers first,
 * then the purchases in file (event-time) order, paused on demand at a day boundary so the backtest can read the
 * state as of that day through the same store-backed views and core engine the live service uses. In-memory stores;
 * the emitted recommendation lists are drained and dropped (the backtest recomputes lists as of each fold start).
 */
public final class TopologyReplay implements StateReplay {
    private static final Instant WALL_START = Instant.parse("2020-01-01T00:00:00Z");

    private final AppConfig config;
    private final RecommenderTopology topology;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, PurchaseEvent> purchases;
    private final TestOutputTopic<String, byte[]> recommendations;
    private final RecommendationQueryService queries;
    private final List<PurchaseRow> rows;
    private final Path stateDir;
    private int next;
    private long wallMs = WALL_START.toEpochMilli();

    public TopologyReplay(RecommenderSettings settings, KaggleDataset data) {
        try {
            stateDir = Files.createTempDirectory("hmrec-backtest");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a state directory for the replay: " + e.getMessage(), e);
        }
        config = AppConfig.fromMap(Map.of("application.id", "hmrec-backtest", "state.dir", stateDir.toString(),
                "state.store", "memory", "exactly.once", "false")).withRec(settings);
        Topics topics = new Topics(new AvroSerdes(new InMemorySchemaRegistry()));
        topology = new RecommenderTopology(config, topics, RankerFactory.NONE);
        Properties props = config.kafkaProperties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        driver = new TopologyTestDriver(topology.build(), props, WALL_START);
        purchases = driver.createInputTopic(Topics.TRANSACTIONS, Serdes.String().serializer(),
                topics.transactions().valueSerde().serializer());
        recommendations = driver.createOutputTopic(Topics.RECOMMENDATIONS, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        // the model registry is left out: the backtest hands each fold's trained models to the context itself
        queries = new RecommendationQueryService(driver::getKeyValueStore, topology.engine(), null, () -> wallMs,
                java.time.Duration.ZERO, topology.globalVersions());
        this.rows = data.transactions();

        TestInputTopic<String, Article> articles = driver.createInputTopic(Topics.ARTICLES, Serdes.String().serializer(),
                topics.articles().valueSerde().serializer());
        for (ArticleRow a : data.articles().values()) {
            articles.pipeInput(a.articleId(), article(a), WALL_START);
        }
        TestInputTopic<String, Customer> customers = driver.createInputTopic(Topics.CUSTOMERS,
                Serdes.String().serializer(), topics.customers().valueSerde().serializer());
        for (CustomerRow c : data.customers().values()) {
            customers.pipeInput(c.customerId(), customer(c), WALL_START);
        }
        tick();
    }

    /** The query service over the driver's stores (store-backed views + the topology's core engine). */
    public RecommendationQueryService queries() {
        return queries;
    }

    public RecommenderTopology topology() {
        return topology;
    }

    /**
     * Replays every purchase before {@code day} (epoch day, exclusive) not replayed yet, then lets the wall-clock
     * punctuations publish the article-side state (popularity tops, neighbours, product index) to the global stores.
     */
    @Override
    public void replayUntil(int day) {
        int piped = 0;
        while (next < rows.size() && rows.get(next).purchase().day() < day) {
            PurchaseRow row = rows.get(next++);
            Purchase p = row.purchase();
            purchases.pipeInput(p.customerId(), event(row), Instant.ofEpochMilli(Days.toEpochMillis(p.day())));
            if (++piped % 5000 == 0) {
                recommendations.readValuesToList(); // keep the driver's output queue small
            }
        }
        tick();
        tick();
        recommendations.readValuesToList();
    }

    @Override
    public io.hmrec.core.rec.CustomerProfile profile(String customerId) {
        return queries.views().profile(customerId);
    }

    @Override
    public io.hmrec.core.rec.RecContext at(int asOfDay) {
        return queries.views().at(asOfDay);
    }

    @Override
    public io.hmrec.core.rec.RecommendationEngine engine() {
        return topology.engine();
    }

    @Override
    public int replayed() {
        return next;
    }

    private void tick() {
        wallMs += config.refreshIntervalMs();
        driver.advanceWallClockTime(Duration.ofMillis(config.refreshIntervalMs()));
    }

    static PurchaseEvent event(PurchaseRow row) {
        Purchase p = row.purchase();
        return PurchaseEvent.newBuilder().setEventId(row.eventId()).setTDat(LocalDate.ofEpochDay(p.day()))
                .setCustomerId(p.customerId()).setArticleId(p.articleId()).setPrice(p.price())
                .setSalesChannelId(p.salesChannel()).build();
    }

    static Article article(ArticleRow a) {
        return Article.newBuilder().setArticleId(a.articleId()).setProductCode(a.productCode())
                .setProdName(a.prodName()).setProductTypeNo(a.productTypeNo()).setProductTypeName(a.productTypeName())
                .setProductGroupName(a.productGroupName()).setGraphicalAppearanceNo(a.graphicalAppearanceNo())
                .setGraphicalAppearanceName(a.graphicalAppearanceName()).setColourGroupCode(a.colourGroupCode())
                .setColourGroupName(a.colourGroupName()).setPerceivedColourValueId(a.perceivedColourValueId())
                .setPerceivedColourValueName(a.perceivedColourValueName())
                .setPerceivedColourMasterId(a.perceivedColourMasterId())
                .setPerceivedColourMasterName(a.perceivedColourMasterName()).setDepartmentNo(a.departmentNo())
                .setDepartmentName(a.departmentName()).setIndexCode(a.indexCode()).setIndexName(a.indexName())
                .setIndexGroupNo(a.indexGroupNo()).setIndexGroupName(a.indexGroupName()).setSectionNo(a.sectionNo())
                .setSectionName(a.sectionName()).setGarmentGroupNo(a.garmentGroupNo())
                .setGarmentGroupName(a.garmentGroupName()).setDetailDesc(a.detailDesc()).build();
    }

    static Customer customer(CustomerRow c) {
        return Customer.newBuilder().setCustomerId(c.customerId()).setFN(c.fn()).setActive(c.active())
                .setClubMemberStatus(c.clubMemberStatus()).setFashionNewsFrequency(c.fashionNewsFrequency())
                .setAge(c.age()).setPostalCode(c.postalCode()).build();
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove the replay's state directory " + stateDir, e);
        }
    }
}
