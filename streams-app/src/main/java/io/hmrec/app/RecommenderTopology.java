package io.hmrec.app;

import io.hmrec.app.processor.ArticleActivityProcessor;
import io.hmrec.app.processor.ArticleMessage;
import io.hmrec.app.processor.ArticleTaskOutput;
import io.hmrec.app.processor.CustomerCatalogProcessor;
import io.hmrec.app.processor.CustomerPurchaseProcessor;
import io.hmrec.app.processor.CustomerTaskOutput;
import io.hmrec.app.processor.GlobalStoreWriter;
import io.hmrec.app.processor.ProductIndexProcessor;
import io.hmrec.app.processor.ProductMessage;
import io.hmrec.app.processor.PurchaseValidationProcessor;
import io.hmrec.app.processor.ValidationResult;
import io.hmrec.app.store.GlobalStoreVersions;
import io.hmrec.app.store.ModelRegistry;
import io.hmrec.app.store.RankerFactory;
import io.hmrec.core.model.ArticleIds;
import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.rec.RecommendationEngine;
import io.hmrec.schemas.Topic;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.Article;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hmrec Kafka Streams topology. {@link #build()} returns a {@link Topology} (never a KafkaStreams), assembled
 * from small {@code addX} steps; every source, processor, store, repartition and sink is named explicitly (see
 * {@link StoreNames}) so internal topic names never shift when code moves.
 *
 * <pre>
 * hm.transactions.v1 (bytes) ─ validate-purchases ─┬─ rejected ─→ hm.dlq.transactions.v1
 *                                                  └─ valid ─ customer-purchases [edges, customers, negatives,
 *                                                       recommendations, refresh] ─┬─→ hm.recommendations.v1
 * hm.customers.v1 ─ customer-catalog [customers]                                   └─ by-article repartition
 *   ─ article-activity [popularity, buyers, neighbour counts/dirty] ─┬─→ hm.popularity-top.v1  ─→ global store
 *                                                                   ├─→ hm.article-popularity.v1 ─→ global store
 *                                                                   ├─→ hm.article-neighbours.v1 ─→ global store
 * hm.articles.v1 ─ catalog-products ─┐                              └─ new articles ─┐
 *                                    └──────────── by-product repartition ←─────────┘
 *   ─ product-index [product index] ─→ hm.product-articles.v1 ─→ global store (the catalog view)
 * hm.model-releases.v1, hm.model-chunks.v1 ─→ global stores ─→ {@link ModelRegistry} (hot swap)
 * </pre>
 *
 * Why global stores fed by our own compacted topics: popularity top lists, neighbour lists and the catalog are
 * article-keyed state that every customer partition must read while recommending. A global store gives each
 * instance a full read-only copy; publishing is batched (per event-time day and a wall-clock interval), so the
 * global topics carry a small fraction of the purchase volume.
 */
public final class RecommenderTopology {
    private static final Logger LOG = LoggerFactory.getLogger(RecommenderTopology.class);

    private final AppConfig config;
    private final Topics topics;
    private final ModelRegistry models;
    private final RecommendationEngine engine;
    private final TaskBacklog backlog = new TaskBacklog();
    private final GlobalStoreVersions globalVersions = new GlobalStoreVersions();

    /**
     * @param rankerFactory turns a released ranker blob into a ranker ({@link RankerFactory#NONE} until one exists)
     */
    public RecommenderTopology(AppConfig config, Topics topics, RankerFactory rankerFactory) {
        this.config = config;
        this.topics = topics;
        this.engine = RecommendationEngine.standard(config.rec());
        this.models = new ModelRegistry(topics.modelReleases().valueSerde().deserializer(), Topics.MODEL_RELEASES,
                topics.modelChunks().valueSerde().deserializer(), Topics.MODEL_CHUNKS, rankerFactory);
    }

    /** The topology for {@code config} without a ranker implementation. */
    public static Topology build(AppConfig config, Topics topics) {
        return new RecommenderTopology(config, topics, RankerFactory.NONE).build();
    }

    /** The process's live model, shared by the topology and the query server. */
    public ModelRegistry models() {
        return models;
    }

    /** Write counters of the global stores, kept by their writers; views built with them skip unchanged reads. */
    public GlobalStoreVersions globalVersions() {
        return globalVersions;
    }

    /** How far behind this process's tasks are; the process keeps it current ({@link TaskBacklog#follow}). */
    public TaskBacklog backlog() {
        return backlog;
    }

    /** The one recommendation engine (core), as configured. */
    public RecommendationEngine engine() {
        return engine;
    }

    public Topology build() {
        StreamsBuilder b = new StreamsBuilder();
        addLocalStores(b);
        addGlobalStores(b);
        KStream<String, Purchase> purchases = addValidation(b);
        addCustomerCatalog(b);
        KStream<String, ArticleMessage> byArticle = addCustomerTask(purchases);
        KStream<String, ProductMessage> newArticles = addArticleTask(byArticle);
        addProductIndex(b, newArticles);
        return b.build();
    }

    /**
     * Stores written at most once per customer per emission, which no later write in the same commit interval
     * supersedes: a record cache in front of them saves no write, only adds its sorted-map work (the cache's map
     * look-ups were a seventh of the stream thread at 2k purchases/s, JFR) and makes interactive queries of them
     * wait on the stream thread's cache lock.
     *
     * <p>The refresh-store too: its markers are set and cleared, which the cache would fold into one write, but a
     * catch-up's drain reads them with {@code range()}, and the record cache answers a range by copying every cached
     * key in it into a new sorted set. With the cache, one drain batch per emission copied the cached markers from
     * its cursor to the end, 6.5% of the stream thread in a 200k replay (JFR, session 10), more than the writes it
     * saves.
     */
    private static final Set<String> UNCACHED = Set.of(StoreNames.NEGATIVES, StoreNames.RECOMMENDATIONS,
            StoreNames.REFRESH);

    private StoreBuilder<KeyValueStore<String, byte[]>> local(String name) {
        StoreBuilder<KeyValueStore<String, byte[]>> b = Stores.keyValueStoreBuilder(supplier(name), Serdes.String(),
                Serdes.ByteArray());
        // the other stores take several writes per key between commits (a basket's edges, a hot article's counts)
        // and one changelog record per key and commit thanks to the cache
        return UNCACHED.contains(name) ? b.withCachingDisabled() : b.withCachingEnabled();
    }

    private KeyValueBytesStoreSupplier supplier(String name) {
        return config.persistentStores() ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    private void addLocalStores(StreamsBuilder b) {
        for (String name : List.of(StoreNames.CUSTOMER_EDGES, StoreNames.CUSTOMERS, StoreNames.NEGATIVES,
                StoreNames.RECOMMENDATIONS, StoreNames.REFRESH, StoreNames.ARTICLE_POPULARITY, StoreNames.ARTICLE_BUYERS,
                StoreNames.NEIGHBOUR_COUNTS, StoreNames.NEIGHBOUR_DIRTY, StoreNames.POPULARITY_DIRTY, StoreNames.PRODUCT_INDEX)) {
            b.addStateStore(local(name));
        }
    }

    private void addGlobalStores(StreamsBuilder b) {
        Map<String, String> storeByTopic = Map.of(
                Topics.POPULARITY_TOP, StoreNames.POPULARITY_TOP,
                Topics.ARTICLE_POPULARITY, StoreNames.POPULARITY_STATES,
                Topics.ARTICLE_NEIGHBOURS, StoreNames.NEIGHBOURS,
                Topics.PRODUCT_ARTICLES, StoreNames.PRODUCT_ARTICLES,
                Topics.MODEL_RELEASES, StoreNames.MODEL_RELEASES,
                Topics.MODEL_CHUNKS, StoreNames.MODEL_CHUNKS);
        storeByTopic.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String store = e.getValue();
            // global stores are restored by copying their topic, so they need no changelog of their own
            b.addGlobalStore(Stores.keyValueStoreBuilder(supplier(store), Serdes.String(),
                            Serdes.ByteArray()).withLoggingDisabled(),
                    e.getKey(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(store + "-source"),
                    () -> new GlobalStoreWriter(store, globalVersions.of(store)));
        });
    }

    private KStream<String, Purchase> addValidation(StreamsBuilder b) {
        Topic<String, ?> tx = topics.transactions();
        Map<String, KStream<String, ValidationResult>> branches = b
                .stream(tx.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("transactions-source"))
                .process(() -> new PurchaseValidationProcessor(topics.transactions().valueSerde().deserializer(), tx.name()),
                        Named.as("validate-purchases"))
                .split(Named.as("purchases-"))
                .branch((k, v) -> v instanceof ValidationResult.Valid, Branched.as("valid"))
                .defaultBranch(Branched.as("rejected"));
        branches.get("purchases-rejected")
                .mapValues(v -> ((ValidationResult.Rejected) v).raw(), Named.as("rejected-raw"))
                .to(Topics.DLQ_TRANSACTIONS, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dlq-sink"));
        return branches.get("purchases-valid")
                .mapValues(v -> ((ValidationResult.Valid) v).purchase(), Named.as("valid-purchases"));
    }

    private void addCustomerCatalog(StreamsBuilder b) {
        // Customer rows have no event time: the loader sends them unstamped, so they carry the wall-clock time of the
        // load, years after the purchases' days. They share the customer task with the purchases, and a task's stream
        // time is the largest timestamp of any of its inputs, so one customer row would move the task's clock to
        // "today": the refresh pass would then find no customer active (nobody bought within activeCustomerDays of
        // today) and the daily trending check would fire once for today and never again. Time 0 leaves the clock to
        // the purchases (and lets a buffered customer row go before buffered purchases, so its age bucket is known).
        b.stream(topics.customers().name(), Consumed.with(topics.customers().keySerde(), topics.customers().valueSerde())
                        .withTimestampExtractor((record, partitionTime) -> 0L)
                        .withName("customers-source"))
                .process(CustomerCatalogProcessor::new, Named.as("customer-catalog"), StoreNames.CUSTOMERS);
    }

    private KStream<String, ArticleMessage> addCustomerTask(KStream<String, Purchase> purchases) {
        Map<String, KStream<String, CustomerTaskOutput>> out = purchases
                .process(() -> new CustomerPurchaseProcessor(engine, models, config.activeCustomerDays(),
                                config.trendingShiftMinChanges(), config.refreshBatchSize(), config.refreshIntervalMs(),
                                config.emitIntervalMs(), backlog, config.catchUpRecords(), globalVersions),
                        Named.as("customer-purchases"), StoreNames.CUSTOMER_EDGES, StoreNames.CUSTOMERS,
                        StoreNames.NEGATIVES, StoreNames.RECOMMENDATIONS, StoreNames.REFRESH)
                .split(Named.as("customer-out-"))
                .branch((k, v) -> v instanceof CustomerTaskOutput.NewList, Branched.as("list"))
                .defaultBranch(Branched.as("article"));
        out.get("customer-out-list")
                .mapValues(v -> ((CustomerTaskOutput.NewList) v).list(), Named.as("recommendation-lists"))
                .to(topics.recommendations().name(), Produced.with(topics.recommendations().keySerde(),
                        topics.recommendations().valueSerde()).withName("recommendations-sink"));
        return out.get("customer-out-article")
                .mapValues(v -> ((CustomerTaskOutput.ToArticle) v).message(), Named.as("article-messages"))
                .repartition(Repartitioned.with(Serdes.String(), ArticleMessage.serde()).withName(StoreNames.BY_ARTICLE));
    }

    private KStream<String, ProductMessage> addArticleTask(KStream<String, ArticleMessage> byArticle) {
        Map<String, KStream<String, ArticleTaskOutput>> out = byArticle
                .process(() -> new ArticleActivityProcessor(config.rec(), config.maxBuyersPerArticle(),
                                config.refreshIntervalMs()),
                        Named.as("article-activity"), StoreNames.ARTICLE_POPULARITY, StoreNames.ARTICLE_BUYERS,
                        StoreNames.NEIGHBOUR_COUNTS, StoreNames.NEIGHBOUR_DIRTY, StoreNames.POPULARITY_DIRTY)
                .split(Named.as("article-out-"))
                .branch((k, v) -> v instanceof ArticleTaskOutput.TopList, Branched.as("top"))
                .branch((k, v) -> v instanceof ArticleTaskOutput.PopularityUpdate, Branched.as("popularity"))
                .branch((k, v) -> v instanceof ArticleTaskOutput.NeighbourList, Branched.as("neighbours"))
                .defaultBranch(Branched.as("new"));
        out.get("article-out-top")
                .mapValues(v -> ((ArticleTaskOutput.TopList) v).topN(), Named.as("popularity-top-lists"))
                .to(Topics.POPULARITY_TOP, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("popularity-top-sink"));
        out.get("article-out-popularity")
                .mapValues(v -> ((ArticleTaskOutput.PopularityUpdate) v).state(), Named.as("article-popularity-states"))
                .to(Topics.ARTICLE_POPULARITY, Produced.with(Serdes.String(), Serdes.ByteArray())
                        .withName("article-popularity-sink"));
        out.get("article-out-neighbours")
                .mapValues(v -> ((ArticleTaskOutput.NeighbourList) v).neighbours(), Named.as("neighbour-lists"))
                .to(Topics.ARTICLE_NEIGHBOURS, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("neighbours-sink"));
        return out.get("article-out-new")
                .mapValues(v -> ((ArticleTaskOutput.NewArticle) v).product(), Named.as("new-article-products"));
    }

    private void addProductIndex(StreamsBuilder b, KStream<String, ProductMessage> newArticles) {
        KStream<String, ProductMessage> catalog = b
                .stream(topics.articles().name(), Consumed.with(topics.articles().keySerde(), topics.articles().valueSerde())
                        .withName("articles-source"))
                .flatMap((key, article) -> catalogProduct(key, article), Named.as("catalog-products"));
        newArticles.merge(catalog, Named.as("product-messages"))
                .repartition(Repartitioned.with(Serdes.String(), ProductMessage.serde()).withName(StoreNames.BY_PRODUCT))
                .process(ProductIndexProcessor::new, Named.as("product-index"), StoreNames.PRODUCT_INDEX)
                .to(Topics.PRODUCT_ARTICLES, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("product-articles-sink"));
    }

    /** The catalog row as a product message keyed by product code; none for a tombstone or an invalid id. */
    static List<KeyValue<String, ProductMessage>> catalogProduct(String key, Article a) {
        if (a == null) {
            return List.of(); // tombstones: a product's article list only grows (purchases are facts)
        }
        String id;
        try {
            id = ArticleIds.normalise(a.getArticleId());
        } catch (IllegalArgumentException bad) {
            LOG.warn("catalog row with key {} skipped: {}", key, bad.getMessage());
            return List.of();
        }
        ArticleInfo info = new ArticleInfo(id, ArticleIds.productCode(id), orMinus1(a.getProductTypeNo()),
                a.getProductGroupName() == null ? "" : a.getProductGroupName(), orMinus1(a.getColourGroupCode()),
                orMinus1(a.getDepartmentNo()), a.getIndexGroupName() == null ? "" : a.getIndexGroupName(),
                orMinus1(a.getGarmentGroupNo()));
        return List.of(KeyValue.pair(info.productCode(), new ProductMessage(info, true)));
    }

    private static int orMinus1(Integer v) {
        return v == null ? -1 : v;
    }
}
