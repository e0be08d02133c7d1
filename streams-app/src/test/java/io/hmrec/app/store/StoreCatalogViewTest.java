package io.hmrec.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.app.StoreNames;
import io.hmrec.app.processor.GlobalStoreWriter;
import io.hmrec.core.model.ArticleInfo;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class StoreCatalogViewTest {
    private final KeyValueStore<String, byte[]> store = TestStores.inMemory(StoreNames.PRODUCT_ARTICLES);
    private final CountingStore counted = new CountingStore(store);
    private final GlobalStoreVersions versions = new GlobalStoreVersions();
    private final GlobalStoreWriter writer = new GlobalStoreWriter(StoreNames.PRODUCT_ARTICLES,
            versions.of(StoreNames.PRODUCT_ARTICLES));

    StoreCatalogViewTest() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        context.addStateStore(store);
        writer.init(context);
    }

    private void write(String productCode, String... articleIds) {
        List<ArticleInfo> infos = java.util.Arrays.stream(articleIds).map(ArticleInfo::unknown).toList();
        writer.process(new Record<>(productCode, ValueCodecs.articles(infos), 0L));
    }

    private StoreCatalogView view(StoreCatalogView.Cache cache) {
        return new StoreCatalogView(counted, cache);
    }

    @Test
    void shouldReadAProductAgainOnlyAfterItsWriterWroteIt() {
        StoreCatalogView.Cache cache = new StoreCatalogView.Cache(versions.of(StoreNames.PRODUCT_ARTICLES));
        write("0108775", "0108775015", "0108775044");
        assertThat(view(cache).articlesOfProduct("0108775")).containsExactly("0108775015", "0108775044");
        assertThat(view(cache).articlesOfProduct("0108775")).containsExactly("0108775015", "0108775044");
        assertThat(view(cache).article("0108775044").articleId()).isEqualTo("0108775044");
        assertThat(counted.reads).isEqualTo(1);

        write("0108775", "0108775015", "0108775044", "0108775051");
        assertThat(view(cache).articlesOfProduct("0108775")).containsExactly("0108775015", "0108775044", "0108775051");
        assertThat(counted.reads).isEqualTo(2);

        writer.process(new Record<>("0108775", null, 0L)); // deleted
        assertThat(view(cache).articlesOfProduct("0108775")).isEmpty();
        assertThat(counted.reads).isEqualTo(3);
    }

    @Test
    void shouldReadEveryTimeWhenWritesAreNotCounted() {
        StoreCatalogView.Cache cache = new StoreCatalogView.Cache(GlobalStoreVersions.NONE.of(StoreNames.PRODUCT_ARTICLES));
        write("0108775", "0108775015");
        assertThat(view(cache).articlesOfProduct("0108775")).containsExactly("0108775015");
        store.put("0108775", ValueCodecs.articles(List.of(ArticleInfo.unknown("0108775015"),
                ArticleInfo.unknown("0108775044")))); // behind the writer's back
        assertThat(view(cache).articlesOfProduct("0108775")).containsExactly("0108775015", "0108775044");
        assertThat(counted.reads).isEqualTo(2);
    }

    @Test
    void shouldForgetEveryProductWhenTheWriterStartsAgain() {
        StoreCatalogView.Cache cache = new StoreCatalogView.Cache(versions.of(StoreNames.PRODUCT_ARTICLES));
        write("0108775", "0108775015");
        assertThat(view(cache).articlesOfProduct("0108775")).containsExactly("0108775015");
        // a restore copies the topic into the store without the writer, then starts it
        store.put("0108775", ValueCodecs.articles(List.of(ArticleInfo.unknown("0108775099"))));
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        context.addStateStore(store);
        writer.init(context);
        assertThat(view(cache).articlesOfProduct("0108775")).containsExactly("0108775099");
    }
}
