package io.hmrec.app.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.app.StoreNames;
import io.hmrec.app.TestSettings;
import io.hmrec.app.store.GlobalStoreVersions;
import io.hmrec.app.store.StorePopularityView;
import io.hmrec.app.store.ValueCodecs;
import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.Days;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.PopularityKind;
import io.hmrec.core.rec.RecommendationEngine;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.state.NegativeSampler;
import io.hmrec.core.state.PopularityState;
import io.hmrec.core.state.TopN;
import io.hmrec.schemas.avro.RecommendationEntry;
import io.hmrec.schemas.avro.RecommendationList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerPurchaseProcessorTest {
    private static final String ALICE = "a".repeat(64);
    private static final RecommenderSettings SETTINGS = TestSettings.pinned();

    private MockProcessorContext<String, CustomerTaskOutput> context;
    private CustomerPurchaseProcessor processor;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(1_600_000_000_000L);
        MockStores.addCustomerTaskStores(context);
        processor = new CustomerPurchaseProcessor(new RecommendationEngine(SETTINGS,
                io.hmrec.core.rec.Sources.standard(SETTINGS)), MockStores.noModels(), 28, 3, 100, 1000);
        processor.init(context);
    }

    private KeyValueStore<String, byte[]> store(String name) {
        return context.getStateStore(name);
    }

    private void buy(String customer, String article, String date) {
        int day = Days.parse(date);
        processor.process(new Record<>(customer, new Purchase(day, customer, article, 0.05, 2), Days.toEpochMillis(day)));
    }

    private List<RecommendationList> lists() {
        List<RecommendationList> out = new ArrayList<>();
        for (var f : context.forwarded()) {
            if (f.record().value() instanceof CustomerTaskOutput.NewList l) {
                out.add(l.list());
            }
        }
        return out;
    }

    private record E(String article, double score, String source) {}

    private static List<E> entries(RecommendationList l) {
        List<E> out = new ArrayList<>();
        for (RecommendationEntry e : l.getEntries()) {
            out.add(new E(e.getArticleId(), e.getScore(), e.getSource()));
        }
        return out;
    }

    @Test
    void shouldRecommendOtherColoursWhenCustomerBoughtOne() {
        store(StoreNames.PRODUCT_ARTICLES).put("0108775", ValueCodecs.articles(List.of(ArticleInfo.unknown("0108775015"),
                        ArticleInfo.unknown("0108775044"), ArticleInfo.unknown("0108775051"))));

        buy(ALICE, "0108775015", "2020-09-02");

        // whole output: the purchase for the article's task, then the list (no popularity known, so only 3 entries)
        assertThat(context.forwarded()).hasSize(2);
        assertThat(context.forwarded().get(0).record().key()).isEqualTo("0108775015");
        assertThat(context.forwarded().get(0).record().value()).isEqualTo(new CustomerTaskOutput.ToArticle(
                new ArticleMessage.Purchased(ALICE, Days.parse("2020-09-02"), AgeBucket.UNKNOWN)));
        assertThat(entries(lists().get(0))).containsExactly(
                new E("0108775015", 1.0 / 2, "repurchase"),
                new E("0108775044", 0.6 / 2, "same-product"),
                new E("0108775051", 0.6 / 3, "same-product"));
    }

    @Test
    void shouldRankRepurchasesByRecencyWhenCustomerBoughtSeveralArticles() {
        buy(ALICE, "0300000001", "2020-08-01");
        buy(ALICE, "0400000001", "2020-08-20");
        buy(ALICE, "0500000001", "2020-09-01");
        buy(ALICE, "0300000001", "2020-09-02"); // a second unit of the oldest: now the most recent

        List<RecommendationList> lists = lists();
        assertThat(lists).hasSize(4);
        assertThat(entries(lists.get(2))).containsExactly(
                new E("0500000001", 1.0 / 2, "repurchase"),
                new E("0400000001", 1.0 / 3, "repurchase"),
                new E("0300000001", 1.0 / 4, "repurchase"));
        assertThat(entries(lists.get(3))).containsExactly(
                new E("0300000001", 1.0 / 2, "repurchase"),
                new E("0500000001", 1.0 / 3, "repurchase"),
                new E("0400000001", 1.0 / 4, "repurchase"));
        // co-purchase pairs (both directions) within the 28-day window: 04~03 (19 days), 05~04 (12; 05~03 is 31 days,
        // outside), then 03 again with 05 (1) and 04 (13). The purchased article's side rides on its purchase
        // record; the partner's side is a record keyed by the partner. Weight 2^(-gap / half-life), counted on the
        // purchase's day (the later of the two).
        double hl = SETTINGS.coPurchaseGapHalfLifeDays();
        int d0820 = Days.parse("2020-08-20");
        int d0901 = Days.parse("2020-09-01");
        int d0902 = Days.parse("2020-09-02");
        assertThat(context.forwarded().stream()
                .filter(f -> f.record().value() instanceof CustomerTaskOutput.ToArticle)
                .map(f -> f.record().key() + " " + ((CustomerTaskOutput.ToArticle) f.record().value()).message())
                .toList()).containsExactly(
                "0300000001 " + new ArticleMessage.Purchased(ALICE, Days.parse("2020-08-01"), AgeBucket.UNKNOWN),
                "0400000001 " + new ArticleMessage.Purchased(ALICE, d0820, AgeBucket.UNKNOWN,
                        List.of(new ArticleMessage.Paired("0300000001", Math.pow(2, -19 / hl), d0820))),
                "0300000001 " + new ArticleMessage.Paired("0400000001", Math.pow(2, -19 / hl), d0820),
                "0500000001 " + new ArticleMessage.Purchased(ALICE, d0901, AgeBucket.UNKNOWN,
                        List.of(new ArticleMessage.Paired("0400000001", Math.pow(2, -12 / hl), d0901))),
                "0400000001 " + new ArticleMessage.Paired("0500000001", Math.pow(2, -12 / hl), d0901),
                "0300000001 " + new ArticleMessage.Purchased(ALICE, d0902, AgeBucket.UNKNOWN,
                        List.of(new ArticleMessage.Paired("0500000001", Math.pow(2, -1 / hl), d0902),
                                new ArticleMessage.Paired("0400000001", Math.pow(2, -13 / hl), d0902))),
                "0500000001 " + new ArticleMessage.Paired("0300000001", Math.pow(2, -1 / hl), d0902),
                "0400000001 " + new ArticleMessage.Paired("0300000001", Math.pow(2, -13 / hl), d0902));
    }

    @Test
    void shouldEmitOneListPerBasketWhenEmissionIsCoalesced() {
        MockProcessorContext<String, CustomerTaskOutput> coalescing = new MockProcessorContext<>();
        coalescing.setCurrentSystemTimeMs(1_600_000_000_000L);
        MockStores.addCustomerTaskStores(coalescing);
        CustomerPurchaseProcessor p = new CustomerPurchaseProcessor(new RecommendationEngine(SETTINGS,
                io.hmrec.core.rec.Sources.standard(SETTINGS)), MockStores.noModels(), 28, 3, 100, 1000, 100);
        p.init(coalescing);
        int day = Days.parse("2020-09-02");
        for (String article : List.of("0300000001", "0400000001", "0500000001")) {
            p.process(new Record<>(ALICE, new Purchase(day, ALICE, article, 0.05, 2), Days.toEpochMillis(day)));
            buy(ALICE, article, "2020-09-02"); // the same purchases, emitted one by one
        }
        // each purchase still reaches its article's task at once (3 purchase records carrying their own side of the
        // pairs, 0 + 1 + 2 records for the partners' side); the list waits for the emission punctuation
        assertThat(coalescing.forwarded()).hasSize(3 + 3);
        assertThat(coalescing.forwarded().stream().map(f -> f.record().value())
                .filter(v -> v instanceof CustomerTaskOutput.NewList).toList()).isEmpty();
        var emission = coalescing.scheduledPunctuators().stream()
                .filter(c -> c.getInterval().toMillis() == 100).findFirst().orElseThrow();
        emission.getPunctuator().punctuate(1_600_000_000_100L);
        emission.getPunctuator().punctuate(1_600_000_000_200L); // nothing new bought: nothing emitted

        List<RecommendationList> coalesced = coalescing.forwarded().stream().map(f -> f.record().value())
                .filter(v -> v instanceof CustomerTaskOutput.NewList).map(v -> ((CustomerTaskOutput.NewList) v).list())
                .toList();
        assertThat(coalesced).hasSize(1);
        assertThat(entries(coalesced.get(0))).isEqualTo(entries(lists().get(2)));
        assertThat(coalesced.get(0).getAsOfDate()).isEqualTo(lists().get(2).getAsOfDate());
        KeyValueStore<String, byte[]> refresh = coalescing.getStateStore(StoreNames.REFRESH);
        assertThat(refresh.get(CustomerPurchaseProcessor.DIRTY_PREFIX + ALICE)).isNull();
    }

    /**
     * A coalescing processor (emission every 100 ms, catch-up above 1,000 records) on {@code ctx}, whose task
     * {@code backlog} reports 5,000 records behind: a replay, far behind its partitions' ends.
     */
    private static CustomerPurchaseProcessor catchingUp(MockProcessorContext<String, CustomerTaskOutput> ctx,
                                                        io.hmrec.app.TaskBacklog backlog, int batchSize) {
        return catchingUp(ctx, backlog, batchSize, new DeferredWork(System::nanoTime, 100_000_000L));
    }

    private static CustomerPurchaseProcessor catchingUp(MockProcessorContext<String, CustomerTaskOutput> ctx,
                                                        io.hmrec.app.TaskBacklog backlog, int batchSize,
                                                        DeferredWork deferredWork) {
        ctx.setCurrentSystemTimeMs(1_600_000_000_000L);
        MockStores.addCustomerTaskStores(ctx);
        backlog.update(java.util.Map.of(ctx.taskId(), 5_000L));
        CustomerPurchaseProcessor p = new CustomerPurchaseProcessor(new RecommendationEngine(SETTINGS,
                io.hmrec.core.rec.Sources.standard(SETTINGS)), MockStores.noModels(), 28, 3, batchSize, 1000, 100,
                backlog, 1_000, () -> deferredWork, GlobalStoreVersions.NONE);
        p.init(ctx);
        return p;
    }

    private static List<String> listedCustomers(MockProcessorContext<String, CustomerTaskOutput> ctx) {
        return ctx.forwarded().stream().map(f -> f.record().value())
                .filter(v -> v instanceof CustomerTaskOutput.NewList)
                .map(v -> ((CustomerTaskOutput.NewList) v).list().getCustomerId()).toList();
    }

    @Test
    void shouldDrainRecentlyActiveCustomersBeforeTheRest() {
        MockProcessorContext<String, CustomerTaskOutput> ctx = new MockProcessorContext<>();
        io.hmrec.app.TaskBacklog backlog = new io.hmrec.app.TaskBacklog();
        CustomerPurchaseProcessor p = catchingUp(ctx, backlog, 2);
        // key order a..e; the task's latest day is 2020-09-02, so the 28-day window starts on 2020-08-05
        String[][] bought = {{"a", "2020-05-01"}, {"b", "2020-09-01"}, {"c", "2020-08-04"}, {"d", "2020-08-05"},
                {"e", "2020-09-02"}};
        for (String[] b : bought) {
            String id = b[0].repeat(64);
            int day = Days.parse(b[1]);
            p.process(new Record<>(id, new Purchase(day, id, "0300000001", 0.05, 2), Days.toEpochMillis(day)));
        }
        backlog.update(java.util.Map.of(ctx.taskId(), 0L));
        List<List<String>> perPunctuation = new ArrayList<>();
        for (int t = 1; t <= 5; t++) {
            int before = listedCustomers(ctx).size();
            emission(ctx).getPunctuator().punctuate(1_600_000_000_000L + 100L * t);
            List<String> all = listedCustomers(ctx);
            perPunctuation.add(all.subList(before, all.size()).stream().map(c -> c.substring(0, 1)).toList());
        }

        assertThat(perPunctuation).containsExactly(List.of("b", "d"), List.of("e"), List.of("a", "c"), List.of(),
                List.of());
        KeyValueStore<String, byte[]> refresh = ctx.getStateStore(StoreNames.REFRESH);
        try (var left = refresh.range(CustomerPurchaseProcessor.DIRTY_PREFIX, CustomerPurchaseProcessor.DIRTY_END)) {
            assertThat(left.hasNext()).isFalse();
        }
    }

    /**
     * Two customer tasks of one stream thread share its deferred budget: once it is spent neither drains, and the
     * purchases keep being processed; when wall-clock time has refilled it, both drain.
     */
    @Test
    void shouldHoldEveryTasksDrainWhileTheThreadsDeferredBudgetIsSpent() {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        DeferredWork thread = new DeferredWork(clock::get, 100_000_000L);
        io.hmrec.app.TaskBacklog backlog = new io.hmrec.app.TaskBacklog();
        List<MockProcessorContext<String, CustomerTaskOutput>> tasks = new ArrayList<>();
        List<CustomerPurchaseProcessor> processors = new ArrayList<>();
        java.util.Map<org.apache.kafka.streams.processor.TaskId, Long> behind = new java.util.HashMap<>();
        for (int t = 0; t < 2; t++) {
            var ctx = new MockProcessorContext<String, CustomerTaskOutput>(new java.util.Properties(),
                    new org.apache.kafka.streams.processor.TaskId(0, t), null);
            tasks.add(ctx);
            behind.put(ctx.taskId(), 5_000L);
            backlog.update(behind);
            processors.add(catchingUp(ctx, backlog, 100, thread));
        }
        backlog.update(behind);
        int day = Days.parse("2020-09-02");
        String[][] bought = {{"a", "b"}, {"c", "d"}};
        for (int t = 0; t < 2; t++) {
            for (String c : bought[t]) {
                String id = c.repeat(64);
                processors.get(t).process(new Record<>(id, new Purchase(day, id, "0300000001", 0.05, 2),
                        Days.toEpochMillis(day)));
            }
            behind.put(tasks.get(t).taskId(), 0L);
        }
        backlog.update(behind);
        long start = thread.now();
        clock.addAndGet(200_000_000L); // another task of the thread overran: what the next 200 ms earn is owed
        thread.charge(start);

        for (var ctx : tasks) {
            emission(ctx).getPunctuator().punctuate(1_600_000_000_100L);
        }
        assertThat(tasks).allSatisfy(ctx -> assertThat(listedCustomers(ctx)).isEmpty());

        // 200 ms with purchases arriving: half of it is earned, which both drains fit in (this clock stands still)
        clock.addAndGet(200_000_000L);
        String late = "e".repeat(64);
        processors.get(0).process(new Record<>(late, new Purchase(day, late, "0300000001", 0.05, 2),
                Days.toEpochMillis(day)));
        for (var ctx : tasks) {
            emission(ctx).getPunctuator().punctuate(1_600_000_000_200L);
        }
        assertThat(listedCustomers(tasks.get(0))).as("the live purchase first, then the drain")
                .containsExactly(late, "a".repeat(64), "b".repeat(64));
        assertThat(listedCustomers(tasks.get(1))).containsExactly("c".repeat(64), "d".repeat(64));
    }

    private static org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator emission(
            MockProcessorContext<String, CustomerTaskOutput> ctx) {
        return ctx.scheduledPunctuators().stream().filter(c -> c.getInterval().toMillis() == 100).findFirst()
                .orElseThrow();
    }

    @Test
    void shouldDeferListsWhileCatchingUpThenEmitOnePerCustomerAsOfTheLatestDay() {
        String bob = "b".repeat(64);
        MockProcessorContext<String, CustomerTaskOutput> ctx = new MockProcessorContext<>();
        io.hmrec.app.TaskBacklog backlog = new io.hmrec.app.TaskBacklog();
        CustomerPurchaseProcessor p = catchingUp(ctx, backlog, 100);
        var emission = ctx.scheduledPunctuators().stream()
                .filter(c -> c.getInterval().toMillis() == 100).findFirst().orElseThrow();
        String[][] purchases = {{ALICE, "0300000001", "2020-08-20"}, {ALICE, "0400000001", "2020-09-01"},
                {ALICE, "0500000001", "2020-09-02"}, {bob, "0600000001", "2020-09-03"}};
        for (String[] b : purchases) {
            int day = Days.parse(b[2]);
            p.process(new Record<>(b[0], new Purchase(day, b[0], b[1], 0.05, 2), Days.toEpochMillis(day)));
        }
        emission.getPunctuator().punctuate(1_600_000_000_100L);
        backlog.update(java.util.Map.of(ctx.taskId(), 600L)); // still above half the threshold: still catching up
        emission.getPunctuator().punctuate(1_600_000_000_200L);

        // the article side hears of every purchase at once; no list and no negatives yet
        assertThat(ctx.forwarded().stream().filter(f -> f.record().value() instanceof CustomerTaskOutput.ToArticle)
                .map(f -> String.valueOf(f.record().key())).toList())
                .containsExactly("0300000001", "0400000001", "0300000001", "0500000001", "0400000001", "0300000001",
                        "0600000001");
        assertThat(ctx.forwarded().stream().filter(f -> f.record().value() instanceof CustomerTaskOutput.NewList))
                .isEmpty();
        KeyValueStore<String, byte[]> negatives = ctx.getStateStore(StoreNames.NEGATIVES);
        assertThat(negatives.get(ALICE)).isNull();

        backlog.update(java.util.Map.of(ctx.taskId(), 500L)); // caught up
        emission.getPunctuator().punctuate(1_600_000_000_300L);
        emission.getPunctuator().punctuate(1_600_000_000_400L); // drained: nothing more

        List<RecommendationList> out = ctx.forwarded().stream().map(f -> f.record().value())
                .filter(v -> v instanceof CustomerTaskOutput.NewList).map(v -> ((CustomerTaskOutput.NewList) v).list())
                .toList();
        assertThat(out).extracting(RecommendationList::getCustomerId).containsExactly(ALICE, bob);
        assertThat(out).extracting(RecommendationList::getAsOfDate)
                .containsOnly(java.time.LocalDate.parse("2020-09-03"));
        assertThat(out).extracting(RecommendationList::getTrigger).containsOnly("purchase");
        assertThat(entries(out.get(0))).containsExactly(
                new E("0500000001", 1.0 / 2, "repurchase"),
                new E("0400000001", 1.0 / 3, "repurchase"),
                new E("0300000001", 1.0 / 4, "repurchase"));
        assertThat(entries(out.get(1))).containsExactly(new E("0600000001", 1.0 / 2, "repurchase"));
        assertThat(negatives.get(ALICE)).isNotNull();
        KeyValueStore<String, byte[]> refresh = ctx.getStateStore(StoreNames.REFRESH);
        assertThat(refresh.get(CustomerPurchaseProcessor.DIRTY_PREFIX + ALICE)).isNull();
        assertThat(refresh.get(CustomerPurchaseProcessor.DIRTY_PREFIX + bob)).isNull();
    }

    @Test
    void shouldWriteOneCatchUpMarkerPerBasketAndMarkAgainInALaterCatchUp() {
        MockProcessorContext<String, CustomerTaskOutput> ctx = new MockProcessorContext<>();
        ctx.setCurrentSystemTimeMs(1_600_000_000_000L);
        for (String name : new String[] {StoreNames.CUSTOMER_EDGES, StoreNames.CUSTOMERS, StoreNames.NEGATIVES,
                StoreNames.RECOMMENDATIONS, StoreNames.POPULARITY_TOP, StoreNames.POPULARITY_STATES,
                StoreNames.NEIGHBOURS, StoreNames.PRODUCT_ARTICLES, StoreNames.MODEL_RELEASES, StoreNames.MODEL_CHUNKS}) {
            MockStores.add(ctx, name);
        }
        // the refresh-store, counting marker writes (each is a RocksDB write and a changelog record in production)
        List<String> markerPuts = new ArrayList<>();
        KeyValueStore<String, byte[]> inner = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(StoreNames.REFRESH),
                org.apache.kafka.common.serialization.Serdes.String(),
                org.apache.kafka.common.serialization.Serdes.ByteArray()).withLoggingDisabled().build();
        @SuppressWarnings("unchecked")
        KeyValueStore<String, byte[]> refresh = (KeyValueStore<String, byte[]>) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("put") && String.valueOf(args[0])
                            .startsWith(CustomerPurchaseProcessor.DIRTY_PREFIX)) {
                        markerPuts.add(String.valueOf(args[0]).substring(CustomerPurchaseProcessor.DIRTY_PREFIX.length(),
                                CustomerPurchaseProcessor.DIRTY_PREFIX.length() + 1));
                    }
                    try {
                        return method.invoke(inner, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        inner.init(ctx.getStateStoreContext(), inner);
        ctx.addStateStore(refresh);
        io.hmrec.app.TaskBacklog backlog = new io.hmrec.app.TaskBacklog();
        backlog.update(java.util.Map.of(ctx.taskId(), 5_000L));
        CustomerPurchaseProcessor p = new CustomerPurchaseProcessor(new RecommendationEngine(SETTINGS,
                io.hmrec.core.rec.Sources.standard(SETTINGS)), MockStores.noModels(), 28, 3, 10, 1000, 100,
                backlog, 1_000, () -> new DeferredWork(System::nanoTime, 100_000_000L), GlobalStoreVersions.NONE);
        p.init(ctx);
        var emission = emission(ctx);
        String bob = "b".repeat(64);
        int day = Days.parse("2020-09-01");
        java.util.function.BiConsumer<String, String[]> basket = (customer, articles) -> {
            for (String a : articles) {
                p.process(new Record<>(customer, new Purchase(day, customer, a, 0.05, 2), Days.toEpochMillis(day)));
            }
        };
        basket.accept(ALICE, new String[] {"0300000001", "0400000001", "0500000001"});
        basket.accept(bob, new String[] {"0600000001", "0700000001"});
        basket.accept(ALICE, new String[] {"0800000001"}); // the same day again, after bob: a marker of its own
        assertThat(markerPuts).containsExactly("a", "b", "a");

        backlog.update(java.util.Map.of(ctx.taskId(), 0L)); // caught up: the drain lists both, deleting the markers
        emission.getPunctuator().punctuate(1_600_000_000_100L);
        assertThat(listedCustomers(ctx)).containsExactly(ALICE, bob);

        // a second catch-up: alice's next row has the day and timestamp of the marker written last, which the drain
        // has deleted since, so it must be written again, and she must be listed again
        backlog.update(java.util.Map.of(ctx.taskId(), 5_000L));
        basket.accept(ALICE, new String[] {"0900000001"});
        assertThat(markerPuts).containsExactly("a", "b", "a", "a");
        backlog.update(java.util.Map.of(ctx.taskId(), 0L));
        emission.getPunctuator().punctuate(1_600_000_000_200L);
        assertThat(listedCustomers(ctx)).containsExactly(ALICE, bob, ALICE);
    }

    @Test
    void shouldDrainMarkersAcrossBatchesListingEveryCustomerOnce() {
        MockProcessorContext<String, CustomerTaskOutput> ctx = new MockProcessorContext<>();
        io.hmrec.app.TaskBacklog backlog = new io.hmrec.app.TaskBacklog();
        CustomerPurchaseProcessor p = catchingUp(ctx, backlog, 2); // batches of 2 markers per emission punctuation
        var emission = ctx.scheduledPunctuators().stream()
                .filter(c -> c.getInterval().toMillis() == 100).findFirst().orElseThrow();
        List<String> customers = new ArrayList<>();
        int day = Days.parse("2020-09-02");
        for (int i = 4; i >= 0; i--) { // bought in reverse key order; drained in key order
            String c = String.valueOf((char) ('a' + i)).repeat(64);
            customers.add(0, c);
            p.process(new Record<>(c, new Purchase(day, c, "0300000001", 0.05, 2), Days.toEpochMillis(day)));
        }
        backlog.update(java.util.Map.of(ctx.taskId(), 0L));
        List<Integer> perPunctuation = new ArrayList<>();
        for (int t = 1; t <= 4; t++) {
            int before = (int) ctx.forwarded().stream().filter(f -> f.record().value() instanceof CustomerTaskOutput.NewList).count();
            emission.getPunctuator().punctuate(1_600_000_000_000L + 100L * t);
            perPunctuation.add((int) ctx.forwarded().stream()
                    .filter(f -> f.record().value() instanceof CustomerTaskOutput.NewList).count() - before);
        }

        assertThat(perPunctuation).containsExactly(2, 2, 1, 0);
        assertThat(ctx.forwarded().stream().map(f -> f.record().value())
                .filter(v -> v instanceof CustomerTaskOutput.NewList)
                .map(v -> ((CustomerTaskOutput.NewList) v).list().getCustomerId()).toList())
                .containsExactlyElementsOf(customers);
        KeyValueStore<String, byte[]> refresh = ctx.getStateStore(StoreNames.REFRESH);
        for (String c : customers) {
            assertThat(refresh.get(CustomerPurchaseProcessor.DIRTY_PREFIX + c)).isNull();
        }
    }

    /** A popular list of {@code n} articles, the i-th bought by n - i customers, as one article partition publishes it. */
    private List<String> publishPopular(int n) {
        return publishPopular(n, false);
    }

    private List<String> publishPopular(int n, boolean reversed) {
        return publishPopular(store(StoreNames.POPULARITY_TOP), n, reversed);
    }

    /** As {@link #publishPopular(int)} into {@code topStore}; {@code reversed}: the i-th bought by i + 1 customers. */
    private static List<String> publishPopular(KeyValueStore<String, byte[]> topStore, int n, boolean reversed) {
        TopN top = TopN.empty(200);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("06%08d", i);
            ids.add(id);
            PopularityState s = PopularityState.EMPTY;
            for (int u = 0; u <= (reversed ? i : n - i); u++) {
                s = s.add(Days.parse("2020-09-01"), AgeBucket.UNKNOWN, 1.0, SETTINGS.halfLives());
            }
            top = top.update(id, s.rankKey(PopularityKind.POPULAR, AgeBucket.ALL, SETTINGS.halfLives()));
        }
        topStore.put(StorePopularityView.key(PopularityKind.POPULAR, AgeBucket.ALL, 0), top.toBytes());
        return ids;
    }

    @Test
    void shouldShareOneSnapshotOfTheGlobalViewsAcrossTheBatchesOfOneCommitInterval() {
        MockProcessorContext<String, CustomerTaskOutput> ctx = new MockProcessorContext<>();
        io.hmrec.app.TaskBacklog backlog = new io.hmrec.app.TaskBacklog();
        CustomerPurchaseProcessor p = catchingUp(ctx, backlog, 100);
        backlog.update(java.util.Map.of(ctx.taskId(), 0L));
        KeyValueStore<String, byte[]> top = ctx.getStateStore(StoreNames.POPULARITY_TOP);
        List<String> ids = publishPopular(top, 30, false);
        int day = Days.parse("2020-09-02");
        String bob = "b".repeat(64);
        String carol = "c".repeat(64);
        long t = 1_600_000_000_100L;

        p.process(new Record<>(ALICE, new Purchase(day, ALICE, ids.get(29), 0.05, 2), Days.toEpochMillis(day)));
        emission(ctx).getPunctuator().punctuate(t);
        publishPopular(top, 30, true); // the other way round: the last article is now the most popular
        p.process(new Record<>(bob, new Purchase(day, bob, ids.get(0), 0.05, 2), Days.toEpochMillis(day)));
        emission(ctx).getPunctuator().punctuate(t + CustomerPurchaseProcessor.BATCH_CONTEXT_MAX_AGE_MS - 1);
        p.process(new Record<>(carol, new Purchase(day, carol, ids.get(0), 0.05, 2), Days.toEpochMillis(day)));
        emission(ctx).getPunctuator().punctuate(t + CustomerPurchaseProcessor.BATCH_CONTEXT_MAX_AGE_MS - 1
                + CustomerPurchaseProcessor.BATCH_CONTEXT_MAX_AGE_MS);

        List<RecommendationList> out = ctx.forwarded().stream().map(f -> f.record().value())
                .filter(v -> v instanceof CustomerTaskOutput.NewList).map(v -> ((CustomerTaskOutput.NewList) v).list())
                .toList();
        assertThat(out).extracting(RecommendationList::getCustomerId).containsExactly(ALICE, bob, carol);
        // besides the bought article, the most popular two as each batch's snapshot saw them
        assertThat(popularHead(out.get(0), ids.get(29))).containsExactly(ids.get(0), ids.get(1));
        assertThat(popularHead(out.get(1), ids.get(0))).as("within the interval: Alice's snapshot")
                .containsExactly(ids.get(1), ids.get(2));
        assertThat(popularHead(out.get(2), ids.get(0))).as("after it: the new lists")
                .containsExactly(ids.get(29), ids.get(28));
    }

    private static List<String> popularHead(RecommendationList list, String bought) {
        return list.getEntries().stream().map(e -> e.getArticleId()).filter(a -> !a.equals(bought)).limit(2).toList();
    }

    private NegativeSampler.Sample negatives(String customer) {
        return NegativeSampler.Sample.fromBytes(store(StoreNames.NEGATIVES).get(customer));
    }

    @Test
    void shouldKeepTheDaysNegativesUntilTheCustomerBuysOneOfThem() {
        List<String> ids = publishPopular(150); // more than the 64 negatives kept, so a sample leaves articles out
        buy(ALICE, ids.get(0), "2020-09-02");
        NegativeSampler.Sample first = negatives(ALICE);
        assertThat(first.day()).isEqualTo(Days.parse("2020-09-02"));
        assertThat(first.articleIds()).hasSize(SETTINGS.negativesPerCustomer()).doesNotContain(ids.get(0));

        // the same day, popularity turned upside down and an article outside the sample: the day's sample stands
        publishPopular(150, true);
        String outside = ids.stream().skip(1).filter(a -> !first.articleIds().contains(a)).findFirst().orElseThrow();
        buy(ALICE, outside, "2020-09-02");
        assertThat(negatives(ALICE)).isEqualTo(first);

        // the same day, one of the sampled articles: a new sample without it
        String sampled = first.articleIds().get(0);
        buy(ALICE, sampled, "2020-09-02");
        NegativeSampler.Sample second = negatives(ALICE);
        assertThat(second.articleIds()).hasSize(SETTINGS.negativesPerCustomer())
                .doesNotContain(ids.get(0), outside, sampled).isNotEqualTo(first.articleIds());

        // the next day: drawn again with that day's weights, even without a collision
        String outsideAgain = ids.stream().filter(a -> !second.articleIds().contains(a)
                && !List.of(ids.get(0), outside, sampled).contains(a)).findFirst().orElseThrow();
        buy(ALICE, outsideAgain, "2020-09-03");
        assertThat(negatives(ALICE).day()).isEqualTo(Days.parse("2020-09-03"));
        assertThat(negatives(ALICE).articleIds()).hasSize(SETTINGS.negativesPerCustomer())
                .doesNotContain(ids.get(0), outside, sampled, outsideAgain);
    }

    @Test
    void shouldNeverSampleAPositiveAsNegative() {
        // a popular list of 30 articles published by one article partition; Alice buys 10 of the most popular
        List<String> ids = publishPopular(30);
        Set<String> bought = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            buy(ALICE, ids.get(i), "2020-09-02");
            bought.add(ids.get(i));
            NegativeSampler.Sample sample = NegativeSampler.Sample.fromBytes(
                    store(StoreNames.NEGATIVES).get(ALICE));
            assertThat(sample.articleIds()).doesNotContainAnyElementsOf(bought);
            assertThat(sample.articleIds()).hasSize(Math.min(SETTINGS.negativesPerCustomer(), 30 - bought.size()));
            assertThat(ids).containsAll(sample.articleIds());
        }
    }
}
