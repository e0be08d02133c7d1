package io.hmrec.app.store;

import io.hmrec.app.StoreNames;
import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.CustomerInfo;
import io.hmrec.core.rec.CustomerProfile;
import io.hmrec.core.rec.RecContext;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.state.CustomerEdges;
import java.util.Optional;

/**
 * Builds the core {@link RecContext} and {@link CustomerProfile}s from the topology's stores, so the topology, the
 * query server and the backtest all hand the same store-backed state to the one core {@code RecommendationEngine}.
 * Global views (popularity, neighbours, catalog) come from the global stores; profiles from the customer-partitioned
 * stores of whichever lookup is given (the local task's, or a test driver's).
 */
public final class StoreBackedRecContext {
    private final RecommenderSettings settings;
    private final StoreLookup stores;
    private final ModelRegistry models;
    private final PopularityCache popularityCache;
    private final StoreNeighbourView.Cache neighbourCache;
    private final StoreCatalogView.Cache catalogCache;

    /** Views that read the global stores on every lookup. */
    public StoreBackedRecContext(RecommenderSettings settings, StoreLookup stores, ModelRegistry models) {
        this(settings, stores, models, GlobalStoreVersions.NONE);
    }

    /**
     * @param globalVersions write counters of the global stores these views read (the topology's, when the views
     *                       run in the same process as its global stores)
     */
    public StoreBackedRecContext(RecommenderSettings settings, StoreLookup stores, ModelRegistry models,
                                 GlobalStoreVersions globalVersions) {
        this.settings = settings;
        this.stores = stores;
        this.models = models;
        this.popularityCache = new PopularityCache(settings.halfLives());
        this.neighbourCache = new StoreNeighbourView.Cache(globalVersions.of(StoreNames.NEIGHBOURS));
        this.catalogCache = new StoreCatalogView.Cache(globalVersions.of(StoreNames.PRODUCT_ARTICLES));
    }

    /** The context as of an event-time epoch day, with the model active now. */
    public RecContext at(int asOfDay) {
        ModelRegistry.Active live = models == null ? ModelRegistry.Active.NONE : models.current();
        return new RecContext(asOfDay,
                new StorePopularityView(stores.store(StoreNames.POPULARITY_TOP),
                        stores.store(StoreNames.POPULARITY_STATES), popularityCache, asOfDay),
                new StoreNeighbourView(stores.store(StoreNames.NEIGHBOURS), asOfDay, settings.neighbourHalfLifeDays(),
                        neighbourCache),
                new StoreCatalogView(stores.store(StoreNames.PRODUCT_ARTICLES), catalogCache),
                live.embeddings(), live.ranker());
    }

    /** The customer's edges (possibly none: cold start) and age bucket. */
    public CustomerProfile profile(String customerId) {
        byte[] edges = stores.store(StoreNames.CUSTOMER_EDGES).get(customerId);
        return new CustomerProfile(customerId, ageBucket(customerId),
                edges == null ? java.util.List.of() : CustomerEdges.fromBytes(edges).edges());
    }

    /** Age bucket from the customers store; UNKNOWN when the customer (or their age) is not known. */
    public int ageBucket(String customerId) {
        return customer(customerId).map(CustomerInfo::ageBucket).orElse(AgeBucket.UNKNOWN);
    }

    /** The customer's facts, if hm.customers.v1 listed them. */
    public Optional<CustomerInfo> customer(String customerId) {
        byte[] c = stores.store(StoreNames.CUSTOMERS).get(customerId);
        return c == null ? Optional.empty() : Optional.of(ValueCodecs.customer(c));
    }

    public RecommenderSettings settings() {
        return settings;
    }
}
