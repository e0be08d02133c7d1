package io.hmrec.app.processor;

import io.hmrec.app.StoreNames;
import io.hmrec.app.store.ModelRegistry;
import io.hmrec.app.store.RankerFactory;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.registry.InMemorySchemaRegistry;
import io.hmrec.schemas.serde.AvroSerdes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** In-memory stores registered in a MockProcessorContext, as the topology would provide them. */
final class MockStores {
    private MockStores() {}

    static KeyValueStore<String, byte[]> add(MockProcessorContext<?, ?> context, String name) {
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    /** Every store the customer task reads: its own five and the six global ones. */
    static void addCustomerTaskStores(MockProcessorContext<?, ?> context) {
        for (String name : new String[] {StoreNames.CUSTOMER_EDGES, StoreNames.CUSTOMERS, StoreNames.NEGATIVES,
                StoreNames.RECOMMENDATIONS, StoreNames.REFRESH, StoreNames.POPULARITY_TOP, StoreNames.POPULARITY_STATES, StoreNames.NEIGHBOURS,
                StoreNames.PRODUCT_ARTICLES, StoreNames.MODEL_RELEASES, StoreNames.MODEL_CHUNKS}) {
            add(context, name);
        }
    }

    static ModelRegistry noModels() {
        Topics topics = new Topics(new AvroSerdes(new InMemorySchemaRegistry()));
        return new ModelRegistry(topics.modelReleases().valueSerde().deserializer(), Topics.MODEL_RELEASES,
                topics.modelChunks().valueSerde().deserializer(), Topics.MODEL_CHUNKS, RankerFactory.NONE);
    }
}
