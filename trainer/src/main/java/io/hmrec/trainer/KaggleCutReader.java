package io.hmrec.trainer;

import io.hmrec.core.data.ArticleRow;
import io.hmrec.core.data.CatalogReader;
import io.hmrec.core.data.CustomerRow;
import io.hmrec.core.data.KaggleFiles;
import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.data.RejectFile;
import io.hmrec.core.data.TransactionReader;
import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.CustomerInfo;
import io.hmrec.core.model.Purchase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline input: the cut of Kaggle-layout files as of a day. The transactions file is sorted by day, so reading stops
 * at the first row on or after the cut. Rejected rows go to {@code rejects.tsv} in the output directory with their
 * reason. Catalog facts are kept for the cut's articles and customers only.
 */
public final class KaggleCutReader {
    private static final Logger LOG = LoggerFactory.getLogger(KaggleCutReader.class);

    private KaggleCutReader() {}

    public static GraphCut read(Path dataDir, int asOfDay, int windowDays, Path rejectsFile) {
        int from = asOfDay - windowDays;
        List<Purchase> purchases = new ArrayList<>();
        Set<String> customers = new HashSet<>();
        Set<String> articles = new HashSet<>();
        try (RejectFile rejects = RejectFile.create(rejectsFile);
             TransactionReader tx = TransactionReader.open(KaggleFiles.resolve(dataDir, KaggleFiles.TRANSACTIONS),
                     rejects)) {
            for (PurchaseRow row = tx.next(); row != null; row = tx.next()) {
                Purchase p = row.purchase();
                if (p.day() >= asOfDay) {
                    break;
                }
                if (p.day() >= from) {
                    purchases.add(p);
                    customers.add(p.customerId());
                    articles.add(p.articleId());
                }
            }
            LOG.info("read {} purchases of {} customers and {} articles in [{}, {}) from {} ({})", purchases.size(),
                    customers.size(), articles.size(), from, asOfDay, dataDir, tx.summary().format());
            Map<String, ArticleInfo> articleInfo = new HashMap<>();
            Path articlesFile = dataDir.resolve(KaggleFiles.ARTICLES);
            if (Files.exists(articlesFile)) {
                try (CatalogReader<ArticleRow> r = CatalogReader.articles(articlesFile, rejects)) {
                    for (ArticleRow a = r.next(); a != null; a = r.next()) {
                        if (articles.contains(a.articleId())) {
                            articleInfo.put(a.articleId(), a.toInfo());
                        }
                    }
                }
            }
            Map<String, CustomerInfo> customerInfo = new HashMap<>();
            Path customersFile = dataDir.resolve(KaggleFiles.CUSTOMERS);
            if (Files.exists(customersFile)) {
                try (CatalogReader<CustomerRow> r = CatalogReader.customers(customersFile, rejects)) {
                    for (CustomerRow c = r.next(); c != null; c = r.next()) {
                        if (customers.contains(c.customerId())) {
                            customerInfo.put(c.customerId(), c.toInfo());
                        }
                    }
                }
            }
            return new GraphCut(asOfDay, purchases, articleInfo, customerInfo);
        }
    }
}
