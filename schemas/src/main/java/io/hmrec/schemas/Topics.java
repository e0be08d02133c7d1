package io.hmrec.schemas;

import io.hmrec.schemas.avro.Article;
import io.hmrec.schemas.avro.Customer;
import io.hmrec.schemas.avro.ModelChunk;
import io.hmrec.schemas.avro.ModelRelease;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.avro.RecommendationList;
import io.hmrec.schemas.registry.CompatibilityLevel;
import io.hmrec.schemas.registry.SchemaRegistry;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.schemas.serde.SubjectNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serdes.ByteArraySerde;
import org.apache.kafka.common.serialization.Serdes.StringSerde;

/**
 * Every hmrec topic, declared here and nowhere else. Keys are string ids; values are Avro in the Confluent wire
 * format with serdes made from this instance's {@link AvroSerdes} (no static serdes).
 *
 * <p>Customer-keyed topics (transactions, customers, recommendations) share {@link #CUSTOMER_PARTITIONS} so the
 * topology can join them without repartitioning.
 */
public final class Topics {
    public static final String TRANSACTIONS = "hm.transactions.v1";
    public static final String ARTICLES = "hm.articles.v1";
    public static final String CUSTOMERS = "hm.customers.v1";
    public static final String RECOMMENDATIONS = "hm.recommendations.v1";
    public static final String MODEL_RELEASES = "hm.model-releases.v1";
    public static final String MODEL_CHUNKS = "hm.model-chunks.v1";
    public static final String DLQ_TRANSACTIONS = "hm.dlq.transactions.v1";
    /** Topology-internal (streams-app): each article partition's popularity top-N lists, feeding a global store. */
    public static final String POPULARITY_TOP = "hm.popularity-top.v1";
    /** Topology-internal (streams-app): each article's co-purchase neighbour list, feeding a global store. */
    public static final String ARTICLE_NEIGHBOURS = "hm.article-neighbours.v1";
    /** Topology-internal (streams-app): each product code's known articles with catalog facts, feeding a global store. */
    public static final String PRODUCT_ARTICLES = "hm.product-articles.v1";
    /**
     * Topology-internal (streams-app): each article's decayed popularity state (core PopularityState encoding), keyed
     * by article id, feeding a global store so every customer partition can score any article, not only top-N ones.
     */
    public static final String ARTICLE_POPULARITY = "hm.article-popularity.v1";

    /** Partitions of every customer-keyed topic (co-partitioned). */
    public static final int CUSTOMER_PARTITIONS = 4;
    private static final long FOREVER = -1L;
    private static final long THIRTY_DAYS_MS = Duration.ofDays(30).toMillis();

    private final AvroSerdes serdes;
    private final Topic<String, PurchaseEvent> transactions;
    private final Topic<String, Article> articles;
    private final Topic<String, Customer> customers;
    private final Topic<String, RecommendationList> recommendations;
    private final Topic<String, ModelRelease> modelReleases;
    private final Topic<String, ModelChunk> modelChunks;
    private final Topic<byte[], byte[]> dlqTransactions;
    private final List<Topic<String, byte[]>> topologyInternal;

    public Topics(AvroSerdes serdes) {
        this.serdes = serdes;
        Serde<String> keys = new StringSerde();
        // the purchase stream is the source of truth the state stores are rebuilt from: keep it all
        transactions = new Topic<>(TRANSACTIONS, keys, serdes.value(PurchaseEvent.class), CUSTOMER_PARTITIONS,
                CleanupPolicy.DELETE, FOREVER, Optional.of(PurchaseEvent.getClassSchema()));
        articles = new Topic<>(ARTICLES, keys, serdes.value(Article.class), CUSTOMER_PARTITIONS,
                CleanupPolicy.COMPACT, FOREVER, Optional.of(Article.getClassSchema()));
        customers = new Topic<>(CUSTOMERS, keys, serdes.value(Customer.class), CUSTOMER_PARTITIONS,
                CleanupPolicy.COMPACT, FOREVER, Optional.of(Customer.getClassSchema()));
        recommendations = new Topic<>(RECOMMENDATIONS, keys, serdes.value(RecommendationList.class), CUSTOMER_PARTITIONS,
                CleanupPolicy.COMPACT, FOREVER, Optional.of(RecommendationList.getClassSchema()));
        // one partition: releases and their chunks are read in order by every app instance
        modelReleases = new Topic<>(MODEL_RELEASES, keys, serdes.value(ModelRelease.class), 1,
                CleanupPolicy.COMPACT, FOREVER, Optional.of(ModelRelease.getClassSchema()));
        // chunks are keyed per version, so compaction would keep every version ever trained; age them out instead
        // (a release older than 30 days is long superseded by the trainer's schedule)
        modelChunks = new Topic<>(MODEL_CHUNKS, keys, serdes.value(ModelChunk.class), 1,
                CleanupPolicy.DELETE, THIRTY_DAYS_MS, Optional.of(ModelChunk.getClassSchema()));
        // raw bytes as they arrived, with the failure reason in headers
        dlqTransactions = new Topic<>(DLQ_TRANSACTIONS, new ByteArraySerde(), Serdes.ByteArray(), 1,
                CleanupPolicy.DELETE, THIRTY_DAYS_MS, Optional.empty());
        // streams-app's derived tables (binary values in core's encodings): compacted, one partition, since every
        // instance reads all of each into a global store
        topologyInternal = List.of(
                new Topic<>(POPULARITY_TOP, keys, Serdes.ByteArray(), 1, CleanupPolicy.COMPACT, FOREVER, Optional.empty()),
                new Topic<>(ARTICLE_NEIGHBOURS, keys, Serdes.ByteArray(), 1, CleanupPolicy.COMPACT, FOREVER, Optional.empty()),
                new Topic<>(PRODUCT_ARTICLES, keys, Serdes.ByteArray(), 1, CleanupPolicy.COMPACT, FOREVER, Optional.empty()),
                new Topic<>(ARTICLE_POPULARITY, keys, Serdes.ByteArray(), 1, CleanupPolicy.COMPACT, FOREVER, Optional.empty()));
    }

    /**
     * The streams-app topology's own derived topics (popularity top lists, article neighbours, product articles,
     * article popularity states),
     * in that order; the app creates them at start.
     */
    public List<Topic<String, byte[]>> topologyInternal() {
        return topologyInternal;
    }

    public AvroSerdes serdes() {
        return serdes;
    }

    /** Purchases keyed by customer_id; record timestamp = midnight UTC of t_dat. */
    /**
     * Kafka Streams' name for the changelog topic of a state store, {@code <application.id>-<store>-changelog}: the
     * trainer reads the topology's negative samples from the negatives store's changelog.
     */
    public static String storeChangelog(String applicationId, String storeName) {
        if (applicationId == null || applicationId.isBlank() || storeName == null || storeName.isBlank()) {
            throw new IllegalArgumentException("need an application id and a store name, got '" + applicationId
                    + "' and '" + storeName + "'");
        }
        return applicationId + "-" + storeName + "-changelog";
    }

    public Topic<String, PurchaseEvent> transactions() {
        return transactions;
    }

    /** Article catalog keyed by article_id (compacted). */
    public Topic<String, Article> articles() {
        return articles;
    }

    /** Customers keyed by customer_id (compacted). */
    public Topic<String, Customer> customers() {
        return customers;
    }

    /** Current top-12 keyed by customer_id (compacted). */
    public Topic<String, RecommendationList> recommendations() {
        return recommendations;
    }

    /** Model release manifests keyed by model name (compacted). */
    public Topic<String, ModelRelease> modelReleases() {
        return modelReleases;
    }

    /** Model payload slices keyed by {@code <model>/<version>/<kind>/<index>}. */
    public Topic<String, ModelChunk> modelChunks() {
        return modelChunks;
    }

    /** Purchase records that failed to deserialize or process: raw bytes, reason in headers. */
    public Topic<byte[], byte[]> dlqTransactions() {
        return dlqTransactions;
    }

    /** Every topic, in declaration order. */
    public List<Topic<?, ?>> all() {
        return List.of(transactions, articles, customers, recommendations, modelReleases, modelChunks, dlqTransactions);
    }

    /**
     * Registers each topic's value schema under {@code <topic>-value} and sets those subjects to BACKWARD.
     *
     * @return subject → schema id, in declaration order
     */
    public Map<String, Integer> registerSchemas() {
        SchemaRegistry registry = serdes.registry();
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Topic<?, ?> topic : all()) {
            if (topic.valueSchema().isPresent()) {
                String subject = SubjectNames.value(topic.name());
                ids.put(subject, registry.register(subject, topic.valueSchema().get()));
                registry.setCompatibility(subject, CompatibilityLevel.BACKWARD);
            }
        }
        return ids;
    }

    /**
     * Creates the given topics where missing; existing topics are left as they are. Safe to call concurrently
     * and repeatedly.
     *
     * @return names of the topics this call created
     */
    public static List<String> createMissing(Admin admin, List<Topic<?, ?>> topics, short replicationFactor,
                                             Duration timeout) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> t.newTopic(replicationFactor))
                    .toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            CreateTopicsResult result = admin.createTopics(missing);
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
                try {
                    entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // someone else won the race: fine
                        throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause(), e.getCause());
                    }
                }
            }
            return List.copyOf(created);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list or create topics within " + timeout + ": " + e, e);
        }
    }

    /** Creates every hmrec topic where missing (see {@link #createMissing}). */
    public List<String> createAll(Admin admin, short replicationFactor, Duration timeout) {
        return createMissing(admin, all(), replicationFactor, timeout);
    }
}
