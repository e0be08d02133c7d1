package io.hmrec.app;

/**
 * Every state store, repartition topic and processor name of the topology, in one place, so names (and with them
 * changelog and repartition topic names) never shift when code moves. Stores are {@code <noun>-store}.
 */
public final class StoreNames {
    private StoreNames() {}

    // ---- customer-partitioned stores (co-partitioned with hm.transactions.v1 and hm.customers.v1)
    /** customer id → bounded edge set (articles bought, counts, first/last day, channel, price); most recent first. */
    public static final String CUSTOMER_EDGES = "customer-edges-store";
    /** customer id → customer facts (age bucket etc.) from hm.customers.v1. */
    public static final String CUSTOMERS = "customers-store";
    /** customer id → bounded list of negative samples (popularity-weighted, never a positive). */
    public static final String NEGATIVES = "negatives-store";
    /** customer id → the last recommendation list emitted for the customer. */
    public static final String RECOMMENDATIONS = "recommendations-store";
    /** refresh bookkeeping of one customer task: pending pass reason, cursor, last seen model/trending. */
    public static final String REFRESH = "refresh-store";
    /** The stores of the customer tasks, keyed by customer id and partitioned like hm.transactions.v1. */
    public static final java.util.Set<String> CUSTOMER_PARTITIONED =
            java.util.Set.of(CUSTOMER_EDGES, CUSTOMERS, NEGATIVES, RECOMMENDATIONS, REFRESH);

    // ---- article-partitioned stores (after the by-article repartition)
    /** article id → decayed popularity counters (global and per age bucket, both kinds). */
    public static final String ARTICLE_POPULARITY = "article-popularity-store";
    /** article id → recent buyers (bounded). */
    public static final String ARTICLE_BUYERS = "article-buyers-store";
    /** article id → bounded top-K co-purchase neighbours with decayed counts. */
    public static final String NEIGHBOUR_COUNTS = "neighbour-counts-store";
    /** article id → marker: neighbours changed since the last publish to the global neighbours topic. */
    public static final String NEIGHBOUR_DIRTY = "neighbour-dirty-store";
    /** article id → marker: popularity changed since the last publish to the global popularity-states topic. */
    public static final String POPULARITY_DIRTY = "popularity-dirty-store";
    /** product code → catalog facts of the articles seen for it (catalog and purchases), partitioned by product code. */
    public static final String PRODUCT_INDEX = "product-index-store";

    // ---- global stores (full copy on every instance)
    /** "<kind>|<bucket>|<partition>" → one article partition's top-N popularity list. */
    public static final String POPULARITY_TOP = "popularity-top-store";
    /**
     * article id → its decayed popularity state (core PopularityState encoding), every article; lets
     * {@code PopularityView.score} answer for articles outside every top-N. (Not "article-popularity-store": that
     * name is the article task's local store.)
     */
    public static final String POPULARITY_STATES = "popularity-states-store";
    /** article id → its published top-K neighbour list. */
    public static final String NEIGHBOURS = "neighbours-store";
    /** product code → catalog facts of every known article of that product (all colours); the whole catalog view. */
    public static final String PRODUCT_ARTICLES = "product-articles-store";
    /** model name → latest release manifest (raw, as on hm.model-releases.v1). */
    public static final String MODEL_RELEASES = "model-releases-store";
    /** "<model>/<version>/<kind>/<index>" → model chunk (raw, as on hm.model-chunks.v1). */
    public static final String MODEL_CHUNKS = "model-chunks-store";

    // ---- repartitions (names become "<application.id>-<name>-repartition")
    /** purchases re-keyed by article id (popularity, buyers, co-purchase pairs, product index). */
    public static final String BY_ARTICLE = "purchases-by-article";
    /** catalog and purchase article ids re-keyed by product code. */
    public static final String BY_PRODUCT = "articles-by-product";
}
