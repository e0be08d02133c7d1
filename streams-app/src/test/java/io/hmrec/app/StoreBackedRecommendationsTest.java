package io.hmrec.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.data.ArticleRow;
import io.hmrec.core.data.CatalogReader;
import io.hmrec.core.data.CustomerRow;
import io.hmrec.core.data.KaggleFiles;
import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.data.TransactionReader;
import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.Days;
import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.app.store.StoreBackedRecContext;
import io.hmrec.core.rec.InMemoryRecState;
import io.hmrec.core.rec.PopularityKind;
import io.hmrec.core.rec.PopularityView;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.rec.RecContext;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.Article;
import io.hmrec.schemas.avro.Customer;
import io.hmrec.schemas.avro.PurchaseEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.hmrec.core.synth.GeneratorConfig;
import io.hmrec.core.synth.SyntheticGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest's API: after a replay through the topology, {@code RecommendationQueryService.recommendFor} and
 * {@code candidatePools} over the store-backed views give exactly what core's {@link InMemoryRecState} (the same
 * updaters, applied in memory) gives.
 */
class StoreBackedRecommendationsTest {
    @Test
    void shouldRecommendWhatTheInMemoryStateRecommendsAfterAReplay(@TempDir Path dir) throws Exception {
        // a seeded synthetic dataset in Kaggle's layout (core.synth), last 8 weeks before the cut replayed
        new SyntheticGenerator(new GeneratorConfig(1_500, 400, 30_000, 3L, null)).generate(dir, (d, n, rows) -> { });
                int cut = Days.parse("2020-09-16");
        int from = cut - 56;
        Map<String, ArticleInfo> catalog = new HashMap<>();
        List<Article> articles = new ArrayList<>();
        try (CatalogReader<ArticleRow> r = CatalogReader.articles(dir.resolve(KaggleFiles.ARTICLES), rej -> { })) {
            for (ArticleRow a = r.next(); a != null; a = r.next()) {
                ArticleInfo info = a.toInfo();
                catalog.put(info.articleId(), info);
                articles.add(Article.newBuilder().setArticleId(info.articleId())
                        .setProductTypeNo(info.productTypeNo() < 0 ? null : info.productTypeNo())
                        .setProductGroupName(info.productGroupName().isEmpty() ? null : info.productGroupName())
                        .setColourGroupCode(info.colourGroupCode() < 0 ? null : info.colourGroupCode())
                        .setDepartmentNo(info.departmentNo() < 0 ? null : info.departmentNo())
                        .setIndexGroupName(info.indexGroupName().isEmpty() ? null : info.indexGroupName())
                        .setGarmentGroupNo(info.garmentGroupNo() < 0 ? null : info.garmentGroupNo()).build());
            }
        }
        Map<String, Integer> buckets = new HashMap<>();
        List<Customer> customers = new ArrayList<>();
        try (CatalogReader<CustomerRow> r = CatalogReader.customers(dir.resolve(KaggleFiles.CUSTOMERS), rej -> { })) {
            for (CustomerRow c = r.next(); c != null; c = r.next()) {
                buckets.put(c.customerId(), AgeBucket.of(c.age()));
                customers.add(Customer.newBuilder().setCustomerId(c.customerId()).setAge(c.age()).build());
            }
        }
        List<PurchaseRow> rows = new ArrayList<>();
        try (TransactionReader r = TransactionReader.open(dir.resolve(KaggleFiles.TRANSACTIONS), rej -> { })) {
            for (PurchaseRow row = r.next(); row != null; row = r.next()) {
                if (row.purchase().day() >= from && row.purchase().day() < cut) {
                    rows.add(row);
                }
            }
        }
        rows.sort(java.util.Comparator.comparingInt((PurchaseRow p) -> p.purchase().day())); // event-time order

        InMemoryRecState memory = new InMemoryRecState(TestSettings.pinned(), catalog, buckets);
        try (TopologyFixture f = new TopologyFixture(Map.of())) {
            for (Article a : articles) {
                f.articles.pipeInput(a.getArticleId(), a);
            }
            for (Customer c : customers) {
                f.customers.pipeInput(c.getCustomerId(), c);
            }
            for (PurchaseRow row : rows) {
                Purchase p = row.purchase();
                memory.apply(p);
                f.purchases.pipeInput(p.customerId(), PurchaseEvent.newBuilder().setEventId(row.eventId())
                        .setTDat(Days.date(p.day())).setCustomerId(p.customerId()).setArticleId(p.articleId())
                        .setPrice(p.price()).setSalesChannelId(p.salesChannel()).build(),
                        Instant.ofEpochMilli(Days.toEpochMillis(p.day())));
            }
            f.tick(); // publish everything to the global stores

            List<String> ids = new ArrayList<>(new LinkedHashSet<>(rows.stream().map(r -> r.purchase().customerId()).toList()));
            ids.add("f".repeat(64)); // a customer the stream never saw: cold start
            Map<String, List<ScoredArticle>> fromStores = f.queries.recommendFor(ids, cut);
            Map<String, Map<String, List<ScoredArticle>>> pools = f.queries.candidatePools(ids, cut);
            RecContext ctx = memory.context(cut, Optional.empty(), Optional.empty());
            assertThat(ids).hasSizeGreaterThan(100);
            for (String id : ids) {
                assertThat(ids(fromStores.get(id))).as("list of %s", id)
                        .containsExactlyElementsOf(ids(f.topology.engine().recommend(memory.profile(id), ctx)))
                        .hasSize(12);
                Map<String, List<ScoredArticle>> expected = f.topology.engine().candidates(memory.profile(id), ctx);
                assertThat(pools.get(id).keySet()).containsExactlyElementsOf(expected.keySet());
                expected.forEach((source, list) -> assertThat(ids(pools.get(id).get(source)))
                        .as("%s pool of %s", source, id).containsExactlyElementsOf(ids(list)));
            }
        }
    }

    @Test
    void shouldScoreAnArticleOutsideEveryTopListAsTheInMemoryStateDoesAfterAReplay() throws Exception {
        // more articles than a top list holds (all buyers of unknown age, so every purchase lands in the same
        // age-bucket lists too), bought after the one target purchase: the target is in no partition's top list
        RecommenderSettings settings = TestSettings.pinned();
        int others = settings.popularListSize() + 10;
        String target = "0999999999";
        List<Purchase> bought = new ArrayList<>();
        bought.add(new Purchase(Days.parse("2020-07-01"), String.format("%064x", 1), target, 0.03, 2));
        bought.add(new Purchase(Days.parse("2020-07-03"), String.format("%064x", 2), target, 0.03, 2));
        for (int j = 0; j < others; j++) {
            bought.add(new Purchase(Days.parse("2020-08-01") + j % 30, String.format("%064x", 100 + j),
                    String.format("07%08d", j), 0.03, 2));
        }
        bought.sort(java.util.Comparator.comparingInt(Purchase::day));
        int cut = Days.parse("2020-09-16");

        InMemoryRecState memory = new InMemoryRecState(settings, Map.of(), Map.of());
        try (TopologyFixture f = new TopologyFixture(Map.of())) {
            for (Purchase p : bought) {
                memory.apply(p);
                f.buy(p.customerId(), p.articleId(), Days.date(p.day()).toString());
            }
            f.tick(); // publish everything to the global stores

            PopularityView stored = new StoreBackedRecContext(settings, f.driver::getKeyValueStore, null).at(cut).popularity();
            PopularityView inMemory = memory.context(cut, Optional.empty(), Optional.empty()).popularity();
            for (PopularityKind kind : PopularityKind.values()) {
                for (int bucket : new int[] {AgeBucket.ALL, AgeBucket.UNKNOWN}) {
                    assertThat(ids(stored.top(kind, bucket, Integer.MAX_VALUE))).as("%s top of bucket %d", kind, bucket)
                            .hasSize(settings.popularListSize()).doesNotContain(target);
                }
                for (int bucket = AgeBucket.ALL; bucket < AgeBucket.COUNT; bucket++) {
                    assertThat(stored.score(kind, bucket, target)).as("%s score in bucket %d", kind, bucket)
                            .isEqualTo(inMemory.score(kind, bucket, target));
                }
                assertThat(stored.score(kind, AgeBucket.ALL, target)).as("%s score", kind).isPositive();
                // an article the stream never saw scores 0 in both
                assertThat(stored.score(kind, AgeBucket.ALL, "0888888888")).isZero();
            }
            // a top-list member scores the same as well
            assertThat(stored.score(PopularityKind.POPULAR, AgeBucket.ALL, "0700000001"))
                    .isEqualTo(inMemory.score(PopularityKind.POPULAR, AgeBucket.ALL, "0700000001")).isPositive();
        }
    }

    private static List<String> ids(List<ScoredArticle> list) {
        return list.stream().map(ScoredArticle::articleId).toList();
    }
}
