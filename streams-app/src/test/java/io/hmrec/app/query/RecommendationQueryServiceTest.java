package io.hmrec.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.app.StoreNames;
import io.hmrec.app.TestSettings;
import io.hmrec.app.processor.CustomerPurchaseProcessor;
import io.hmrec.core.rec.RecommendationEngine;
import io.hmrec.core.rec.Sources;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class RecommendationQueryServiceTest {
    private final RecommendationEngine engine = new RecommendationEngine(TestSettings.pinned(),
            Sources.standard(TestSettings.pinned()));
    /** Two local partitions' refresh-stores. */
    private final List<KeyValueStore<String, byte[]>> partitions = List.of(store(), store());

    private static KeyValueStore<String, byte[]> store() {
        KeyValueStore<String, byte[]> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.REFRESH),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        s.init(new MockProcessorContext<>().getStateStoreContext(), s);
        return s;
    }

    private void day(int partition, int day) {
        partitions.get(partition).put(CustomerPurchaseProcessor.DAY_KEY, ByteBuffer.allocate(4).putInt(day).array());
    }

    /** The refresh-store as interactive queries show it: a range visits every local partition's store in turn. */
    private ReadOnlyKeyValueStore<String, byte[]> composite() {
        return new ReadOnlyKeyValueStore<>() {
            @Override
            public byte[] get(String key) {
                return partitions.get(0).get(key);
            }

            @Override
            public KeyValueIterator<String, byte[]> range(String from, String to) {
                List<KeyValue<String, byte[]>> all = new ArrayList<>();
                for (KeyValueStore<String, byte[]> p : partitions) {
                    try (KeyValueIterator<String, byte[]> it = p.range(from, to)) {
                        it.forEachRemaining(all::add);
                    }
                }
                var i = all.iterator();
                return new KeyValueIterator<>() {
                    public boolean hasNext() { return i.hasNext(); }
                    public KeyValue<String, byte[]> next() { return i.next(); }
                    public void close() {}
                    public String peekNextKey() { throw new UnsupportedOperationException(); }
                };
            }

            @Override
            public KeyValueIterator<String, byte[]> all() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long approximateNumEntries() {
                return 0;
            }
        };
    }

    private RecommendationQueryService service(Duration ttl) {
        return new RecommendationQueryService(name -> composite(), engine, null, () -> 0L, ttl);
    }

    @Test
    void shouldAnswerTheLatestDayOfAnyLocalPartition() {
        RecommendationQueryService queries = service(Duration.ZERO);
        assertThat(queries.latestDay()).isZero();
        day(0, 18_500);
        day(1, 18_507);
        assertThat(queries.latestDay()).isEqualTo(18_507);
        day(0, 18_510);
        assertThat(queries.latestDay()).isEqualTo(18_510);
    }

    @Test
    void shouldServeTheDayItReadUntilItsTimeToLiveHasPassed() {
        RecommendationQueryService queries = service(Duration.ofHours(1));
        day(1, 18_507);
        assertThat(queries.latestDay()).isEqualTo(18_507);
        day(1, 18_508);
        assertThat(queries.latestDay()).isEqualTo(18_507);
    }
}
