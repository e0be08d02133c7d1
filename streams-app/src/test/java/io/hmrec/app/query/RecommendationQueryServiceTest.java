package io.hmrec.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.app.StoreNames;
import io.hmrec.app.TestSettings;
import io.hmrec.app.processor.CustomerPurchaseProcessor;
import io.hmrec.app.store.StoreLookup;
import io.hmrec.core.rec.RecommendationEngine;
import io.hmrec.core.rec.Sources;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
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

    /** Reads the day as interactive queries do: a point read in each local partition (counted). */
    private StoreLookup lookup(Runnable beforeRead) {
        return new StoreLookup() {
            @Override
            public ReadOnlyKeyValueStore<String, byte[]> store(String name) {
                throw new UnsupportedOperationException("the day is read per partition");
            }

            @Override
            public List<byte[]> inEachPartition(String name, String key) {
                beforeRead.run();
                List<byte[]> values = new ArrayList<>();
                for (KeyValueStore<String, byte[]> p : partitions) {
                    if (p.get(key) != null) {
                        values.add(p.get(key));
                    }
                }
                return values;
            }
        };
    }

    private RecommendationQueryService service(Duration ttl) {
        return new RecommendationQueryService(lookup(() -> { }), engine, null, () -> 0L, ttl);
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

    @Test
    void shouldAnswerTheDayReadLastWhileAnotherCallerReadsItAgain() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch secondReadStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecommendationQueryService queries = new RecommendationQueryService(lookup(() -> {
            if (reads.incrementAndGet() == 2) {
                secondReadStarted.countDown();
                awaitUninterruptibly(release);
            }
        }), engine, null, () -> 0L, Duration.ofNanos(1));
        day(1, 18_507);
        assertThat(queries.latestDay()).isEqualTo(18_507);
        day(1, 18_508);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> second = reader.submit(queries::latestDay);
            assertThat(secondReadStarted.await(10, TimeUnit.SECONDS)).isTrue();
            // the day has expired, but a read is under way: the last day, without a read of its own
            assertThat(queries.latestDay()).isEqualTo(18_507);
            assertThat(reads).hasValue(2);
            release.countDown();
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(18_508);
            assertThat(queries.latestDay()).isEqualTo(18_508);
            assertThat(reads).hasValue(3);
        } finally {
            release.countDown();
            reader.shutdownNow();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
