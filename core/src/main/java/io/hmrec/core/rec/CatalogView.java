package io.hmrec.core.rec;

import io.hmrec.core.model.ArticleInfo;
import java.util.List;

/** Catalog lookups. Implementations must cope with a partial catalog: purchases are facts, catalogs lag. */
public interface CatalogView {
    /** Known articles (10-digit ids) of a 7-digit product code, i.e. all colours of that product; may be empty. */
    List<String> articlesOfProduct(String productCode);

    /** Catalog facts of an article, or {@link ArticleInfo#unknown(String)} when the catalog does not list it. */
    ArticleInfo article(String articleId);
}
