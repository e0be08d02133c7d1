package io.hmrec.app.store;

import io.hmrec.core.model.ArticleIds;
import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.rec.CatalogView;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link CatalogView} over the global product-articles-store (product code → facts of every article seen for it,
 * from the catalog or from purchases), so "other colours" works even for articles the catalog has not listed yet.
 */
public final class StoreCatalogView implements CatalogView {
    private final ReadOnlyKeyValueStore<String, byte[]> store;

    public StoreCatalogView(ReadOnlyKeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    private List<ArticleInfo> product(String productCode) {
        byte[] bytes = store.get(productCode);
        return bytes == null ? List.of() : ValueCodecs.articles(bytes);
    }

    @Override
    public List<String> articlesOfProduct(String productCode) {
        List<ArticleInfo> infos = product(productCode);
        List<String> out = new ArrayList<>(infos.size());
        for (ArticleInfo a : infos) {
            out.add(a.articleId());
        }
        return out;
    }

    @Override
    public ArticleInfo article(String articleId) {
        for (ArticleInfo a : product(ArticleIds.productCode(articleId))) {
            if (a.articleId().equals(articleId)) {
                return a;
            }
        }
        return ArticleInfo.unknown(articleId);
    }
}
