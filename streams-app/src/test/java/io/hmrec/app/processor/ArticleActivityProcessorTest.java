package io.hmrec.app.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hmrec.app.StoreNames;
import io.hmrec.app.TestSettings;
import io.hmrec.app.store.StorePopularityView;
import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.Days;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.PopularityKind;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.state.Neighbours;
import io.hmrec.core.state.TopN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArticleActivityProcessorTest {
    private static final RecommenderSettings SETTINGS = TestSettings.pinned();
    private static final String X = "0108775015";
    private static final String Y = "0200000001";

    private MockProcessorContext<String, ArticleTaskOutput> context;
    private ArticleActivityProcessor processor;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        context.setCurrentStreamTimeMs(Days.toEpochMillis(Days.parse("2020-09-08")));
        for (String name : new String[] {StoreNames.ARTICLE_POPULARITY, StoreNames.ARTICLE_BUYERS,
                StoreNames.NEIGHBOUR_COUNTS, StoreNames.NEIGHBOUR_DIRTY, StoreNames.POPULARITY_DIRTY}) {
            MockStores.add(context, name);
        }
        processor = new ArticleActivityProcessor(SETTINGS, 3, 1000);
        processor.init(context);
    }

    private void purchased(String article, String customer, String date, int bucket) {
        int day = Days.parse(date);
        processor.process(new Record<>(article, new ArticleMessage.Purchased(customer, day, bucket), Days.toEpochMillis(day)));
    }

    /**
     * Runs the wall-clock publish punctuation and returns what it published, keyed by record key; popularity states
     * as "state:" + article id, since neighbour lists share their article-id keys (they go to different topics).
     */
    private Map<String, ArticleTaskOutput> publish() {
        context.resetForwards();
        context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
                .findFirst().orElseThrow().getPunctuator().punctuate(0L);
        Map<String, ArticleTaskOutput> out = new TreeMap<>();
        context.forwarded().forEach(f -> out.put(
                (f.record().value() instanceof ArticleTaskOutput.PopularityUpdate ? "state:" : "") + f.record().key(),
                f.record().value()));
        return out;
    }

    @Test
    void shouldPublishDecayedPopularityEqualToAHandComputation() {
        // X: 2 units on 09-01 by a 25-year-old (bucket 2), 1 unit on 09-08 by a customer of unknown age
        purchased(X, "c1", "2020-09-01", 2);
        purchased(X, "c2", "2020-09-01", 2);
        purchased(X, "c3", "2020-09-08", AgeBucket.UNKNOWN);
        // the first sight of X told the product index about it, once
        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).record().key()).isEqualTo("0108775");
        assertThat(context.forwarded().get(0).record().value()).isInstanceOf(ArticleTaskOutput.NewArticle.class);
        Map<String, ArticleTaskOutput> published = publish();

        // trending half-life 7 days, popular 28, read as of 09-15:
        //   all, trending: 2 * 2^(-14/7) + 1 * 2^(-7/7) = 0.5 + 0.5 = 1.0
        //   all, popular:  2 * 2^(-14/28) + 2^(-7/28) = 1.41421356 + 0.84089642 = 2.25510998
        //   bucket 2, trending: 2 * 2^(-2) = 0.5 ; bucket 0 (unknown), trending: 2^(-1) = 0.5
        int asOf = Days.parse("2020-09-15");
        KeyValueStore<String, byte[]> globalCopy = MockStores.add(context, StoreNames.POPULARITY_TOP);
        published.forEach((k, v) -> {
            if (v instanceof ArticleTaskOutput.TopList t) {
                globalCopy.put(k, t.topN());
            }
        });
        StorePopularityView view = new StorePopularityView(globalCopy, SETTINGS.halfLives(), asOf);
        assertThat(view.score(PopularityKind.TRENDING, AgeBucket.ALL, X)).isCloseTo(1.0, within(1e-12));
        assertThat(view.score(PopularityKind.POPULAR, AgeBucket.ALL, X)).isCloseTo(2 * Math.pow(2, -0.5) + Math.pow(2, -0.25), within(1e-12));
        assertThat(view.score(PopularityKind.TRENDING, 2, X)).isCloseTo(0.5, within(1e-12));
        assertThat(view.score(PopularityKind.TRENDING, AgeBucket.UNKNOWN, X)).isCloseTo(0.5, within(1e-12));
        assertThat(view.score(PopularityKind.TRENDING, 3, X)).isZero();
        // the published whole state scores the same through the global popularity-states-store
        KeyValueStore<String, byte[]> states = MockStores.add(context, StoreNames.POPULARITY_STATES);
        states.put(X, ((ArticleTaskOutput.PopularityUpdate) published.get("state:" + X)).state());
        StorePopularityView byState = new StorePopularityView(globalCopy, states,
                new io.hmrec.app.store.PopularityCache(SETTINGS.halfLives()), asOf);
        assertThat(byState.score(PopularityKind.TRENDING, AgeBucket.ALL, X)).isCloseTo(1.0, within(1e-12));
        assertThat(byState.score(PopularityKind.POPULAR, AgeBucket.ALL, X)).isCloseTo(2 * Math.pow(2, -0.5) + Math.pow(2, -0.25), within(1e-12));
        assertThat(byState.score(PopularityKind.TRENDING, 2, X)).isCloseTo(0.5, within(1e-12));
        assertThat(byState.score(PopularityKind.TRENDING, AgeBucket.UNKNOWN, X)).isCloseTo(0.5, within(1e-12));
        assertThat(byState.score(PopularityKind.TRENDING, 3, X)).isZero();
        assertThat(byState.score(PopularityKind.TRENDING, AgeBucket.ALL, Y)).isZero();
        // published: for each kind, lists for ALL, bucket 0 and bucket 2 of partition 0, X's state, nothing else
        assertThat(published.keySet()).containsExactly("POPULAR|-1|0", "POPULAR|0|0", "POPULAR|2|0",
                "TRENDING|-1|0", "TRENDING|0|0", "TRENDING|2|0", "state:" + X);
        // nothing changed since: the next publish is empty
        assertThat(publish()).isEmpty();
    }

    @Test
    void shouldKeepBoundedRecentBuyersAndPublishChangedNeighboursOnce() {
        purchased(X, "c1", "2020-09-01", 0);
        purchased(X, "c2", "2020-09-03", 0);
        purchased(X, "c3", "2020-09-02", 0);
        purchased(X, "c4", "2020-09-04", 0);
        purchased(X, "c1", "2020-09-05", 0);
        assertThat(io.hmrec.app.store.ValueCodecs.buyers(context.<KeyValueStore<String, byte[]>>getStateStore(
                StoreNames.ARTICLE_BUYERS).get(X))).extracting(b -> b.customerId() + "@" + Days.date(b.day()))
                .containsExactly("c1@2020-09-05", "c4@2020-09-04", "c2@2020-09-03");

        int day = Days.parse("2020-09-05");
        processor.process(new Record<>(X, new ArticleMessage.Paired(Y, 1.0, day), Days.toEpochMillis(day)));
        processor.process(new Record<>(X, new ArticleMessage.Paired(Y, 0.5, day), Days.toEpochMillis(day)));
        Map<String, ArticleTaskOutput> published = publish();
        Neighbours n = Neighbours.fromBytes(((ArticleTaskOutput.NeighbourList) published.get(X)).neighbours());
        assertThat(n.top(5, day, SETTINGS.neighbourHalfLifeDays(), "co-purchase"))
                .containsExactly(new ScoredArticle(Y, 1.5, "co-purchase"));
        assertThat(publish()).isEmpty();
    }

    @Test
    void shouldPublishWhatChangedBeforeARestartFromTheMarkerStores() {
        // the marker stores, not the instance's memory of them, carry unpublished changes across a restart
        purchased(X, "c1", "2020-09-01", 2);
        int day = Days.parse("2020-09-01");
        processor.process(new Record<>(Y, new ArticleMessage.Paired(X, 1.0, day), Days.toEpochMillis(day)));
        ArticleActivityProcessor restarted = new ArticleActivityProcessor(SETTINGS, 3, 1000);
        restarted.init(context);
        context.resetForwards();
        List<org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator> wallClock = context
                .scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME).toList();
        wallClock.get(wallClock.size() - 1).getPunctuator().punctuate(0L);
        assertThat(context.forwarded()).extracting(f -> f.record().key() + " " + f.record().value().getClass().getSimpleName())
                .containsExactly("POPULAR|-1|0 TopList", "POPULAR|2|0 TopList", "TRENDING|-1|0 TopList",
                        "TRENDING|2|0 TopList", X + " PopularityUpdate", Y + " NeighbourList");
    }

    /** Settings with short neighbour and top lists, so a short random feed trims both. */
    private static RecommenderSettings shortLists() {
        RecommenderSettings d = SETTINGS;
        return new RecommenderSettings(d.k(), d.halfLives(), d.maxEdgesPerCustomer(), 5, d.coPurchaseWindowDays(),
                d.coPurchaseGapHalfLifeDays(), d.neighbourHalfLifeDays(), 4, d.repurchaseHalfLifeDays(),
                d.repurchaseWindowDays(), d.sameProductHalfLifeDays(), d.sameProductWindowDays(), d.coPurchaseAnchors(),
                d.coPurchaseAnchorWindowDays(), d.coPurchaseAnchorHalfLifeDays(), d.candidatesPerSource(),
                d.rankOffset(), d.scoreExponent(), d.sourceWeights(), d.negativesPerCustomer(), d.negativeSeed());
    }

    /** One article task on in-memory stores, driven by hand. */
    private static final class Task {
        static final String[] STORES = {StoreNames.ARTICLE_POPULARITY, StoreNames.ARTICLE_BUYERS,
                StoreNames.NEIGHBOUR_COUNTS, StoreNames.NEIGHBOUR_DIRTY, StoreNames.POPULARITY_DIRTY};
        final MockProcessorContext<String, ArticleTaskOutput> context = new MockProcessorContext<>();
        final ArticleActivityProcessor processor;
        /** Everything forwarded so far, one line per record, values as their bytes. */
        final List<String> out = new ArrayList<>();

        Task(int cachedArticles) {
            context.setCurrentStreamTimeMs(0L);
            for (String name : STORES) {
                MockStores.add(context, name);
            }
            processor = new ArticleActivityProcessor(shortLists(), 3, 1000, cachedArticles);
            processor.init(context);
        }

        void process(Record<String, ArticleMessage> r) {
            context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), r.timestamp()));
            processor.process(r);
            collect();
        }

        void publish() {
            context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
                    .findFirst().orElseThrow().getPunctuator().punctuate(0L);
            collect();
        }

        private void collect() {
            context.forwarded().forEach(f -> out.add(f.record().key() + " " + line(f.record().value())));
            context.resetForwards();
        }

        private static String line(ArticleTaskOutput v) {
            if (v instanceof ArticleTaskOutput.TopList t) {
                return "top " + Arrays.toString(t.topN());
            } else if (v instanceof ArticleTaskOutput.NeighbourList n) {
                return "neighbours " + Arrays.toString(n.neighbours());
            } else if (v instanceof ArticleTaskOutput.PopularityUpdate u) {
                return "state " + Arrays.toString(u.state());
            }
            return "new " + ((ArticleTaskOutput.NewArticle) v).product();
        }

        /** Every store's contents, values as their bytes. */
        Map<String, String> stores() {
            Map<String, String> all = new TreeMap<>();
            for (String name : STORES) {
                KeyValueStore<String, byte[]> store = context.getStateStore(name);
                try (var it = store.all()) {
                    it.forEachRemaining(kv -> all.put(name + "/" + kv.key, Arrays.toString(kv.value)));
                }
            }
            return all;
        }

        Map<String, Map<String, byte[]>> snapshot() {
            Map<String, Map<String, byte[]>> copy = new TreeMap<>();
            for (String name : STORES) {
                KeyValueStore<String, byte[]> store = context.getStateStore(name);
                Map<String, byte[]> values = new TreeMap<>();
                try (var it = store.all()) {
                    it.forEachRemaining(kv -> values.put(kv.key, kv.value.clone()));
                }
                copy.put(name, values);
            }
            return copy;
        }

        /** What an exactly-once abort does to the stores: back to the last commit's contents. */
        void rollBackTo(Map<String, Map<String, byte[]>> snapshot) {
            for (String name : STORES) {
                KeyValueStore<String, byte[]> store = context.getStateStore(name);
                List<String> keys = new ArrayList<>();
                try (var it = store.all()) {
                    it.forEachRemaining(kv -> keys.add(kv.key));
                }
                keys.forEach(store::delete);
                snapshot.get(name).forEach(store::put);
            }
        }
    }

    /**
     * A random feed over few articles and customers: purchases (some carrying co-purchase partners, some a day late)
     * and reverse-side pairs, with normalised article ids.
     */
    private static List<Record<String, ArticleMessage>> feed(long seed, int size) {
        Random rnd = new Random(seed);
        List<Record<String, ArticleMessage>> records = new ArrayList<>(size);
        int first = Days.parse("2020-09-01");
        for (int i = 0; i < size; i++) {
            int day = first + i / 60 - (rnd.nextInt(10) == 0 ? rnd.nextInt(3) : 0);
            // a skewed pick, so a few articles are hot as in real data
            String article = String.format("%010d", 108775000 + (int) (12 * Math.pow(rnd.nextDouble(), 2)));
            ArticleMessage m;
            if (rnd.nextInt(4) == 0) {
                m = new ArticleMessage.Paired(String.format("%010d", 108775000 + rnd.nextInt(12)), rnd.nextDouble(), day);
            } else {
                List<ArticleMessage.Paired> partners = new ArrayList<>();
                for (int k = rnd.nextInt(4); k > 0; k--) {
                    partners.add(new ArticleMessage.Paired(String.format("%010d", 108775000 + rnd.nextInt(12)),
                            rnd.nextDouble(), day));
                }
                m = new ArticleMessage.Purchased("c" + rnd.nextInt(40), day, rnd.nextInt(AgeBucket.COUNT), partners);
            }
            records.add(new Record<>(article, m, Days.toEpochMillis(day)));
        }
        return records;
    }

    @Test
    void shouldForwardAndStoreTheSameWithTheDecodedValueCacheAsWithout() {
        // cache of 3 articles for 12: hits, misses and evictions all happen
        Task uncached = new Task(0);
        Task cached = new Task(3);
        List<Record<String, ArticleMessage>> records = feed(11, 3000);
        for (int i = 0; i < records.size(); i++) {
            uncached.process(records.get(i));
            cached.process(records.get(i));
            if (i % 97 == 0) {
                uncached.publish();
                cached.publish();
            }
        }
        uncached.publish();
        cached.publish();
        assertThat(uncached.out).hasSizeGreaterThan(1000);
        assertThat(cached.out).isEqualTo(uncached.out);
        assertThat(cached.stores()).isEqualTo(uncached.stores());
    }

    @Test
    void shouldForgetCachedValuesWhenReinitialisedAfterTheStoresRollBack() {
        // an exactly-once abort rolls the stores back to the last commit and re-runs init on the same instance; what
        // the cache held from the aborted records must not leak into the replay of those records
        Task reference = new Task(0);
        Task revived = new Task(100);
        List<Record<String, ArticleMessage>> records = feed(12, 2000);
        Map<String, Map<String, byte[]>> committed = null;
        for (int i = 0; i < 1500; i++) {
            if (i == 1000) {
                revived.publish();
                committed = revived.snapshot();
            }
            revived.process(records.get(i));
        }
        revived.rollBackTo(committed);
        revived.processor.init(revived.context);
        for (int i = 1000; i < records.size(); i++) {
            revived.process(records.get(i));
        }
        for (int i = 0; i < records.size(); i++) {
            if (i == 1000) {
                reference.publish();
            }
            reference.process(records.get(i));
        }
        reference.out.clear();
        revived.out.clear();
        reference.publish();
        revived.publish();
        assertThat(revived.stores()).isEqualTo(reference.stores());
        // article-level publishes match exactly; the revived task republishes every top list after init, so its
        // top lists are the reference's changed ones plus unchanged ones
        assertThat(revived.out.stream().filter(l -> !l.contains(" top ")).toList())
                .isEqualTo(reference.out.stream().filter(l -> !l.contains(" top ")).toList())
                .isNotEmpty();
        assertThat(revived.out.stream().filter(l -> l.contains(" top ")).toList())
                .containsAll(reference.out.stream().filter(l -> l.contains(" top ")).toList());
    }
}
