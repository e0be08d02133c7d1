package io.hmrec.cli.backtest;

import io.hmrec.core.data.ArticleRow;
import io.hmrec.core.data.CatalogReader;
import io.hmrec.core.data.CustomerRow;
import io.hmrec.core.data.DataFileException;
import io.hmrec.core.data.KaggleFiles;
import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.data.ReadSummary;
import io.hmrec.core.data.RejectFile;
import io.hmrec.core.data.TransactionReader;
import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.CustomerInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kaggle-layout directory read into memory with core's validating readers: {@code transactions_train.csv} is
 * required; {@code articles.csv} and {@code customers.csv} may be partial or absent. Rejected rows go to the reject
 * file with their reason.
 *
 * @param transactions accepted rows in file order (the file is sorted by day; out-of-order rows are rejected)
 * @param articles     catalog rows by article id (possibly empty)
 * @param customers    customer rows by customer id (possibly empty)
 * @param toPredict    customers to write predictions for: customers.csv when present, else every buyer; file order
 * @param summaries    one read summary per file read
 */
public record KaggleDataset(List<PurchaseRow> transactions, Map<String, ArticleRow> articles,
                            Map<String, CustomerRow> customers, List<String> toPredict, List<ReadSummary> summaries) {

    /** Reads {@code dir}; rejected rows go to {@code rejects}. */
    public static KaggleDataset read(Path dir, Path rejects) {
        Path txFile = KaggleFiles.resolve(dir, KaggleFiles.TRANSACTIONS);
        if (!Files.isRegularFile(txFile)) {
            throw new DataFileException("no " + KaggleFiles.TRANSACTIONS + " in " + dir
                    + ": the backtest needs at least the transactions file in Kaggle's layout");
        }
        List<ReadSummary> summaries = new ArrayList<>();
        List<PurchaseRow> tx = new ArrayList<>();
        Map<String, ArticleRow> articles = new LinkedHashMap<>();
        Map<String, CustomerRow> customers = new LinkedHashMap<>();
        try (RejectFile sink = RejectFile.create(rejects)) {
            try (TransactionReader r = TransactionReader.open(txFile, sink)) {
                for (PurchaseRow row = r.next(); row != null; row = r.next()) {
                    tx.add(row);
                }
                summaries.add(r.summary());
            }
            Path artFile = KaggleFiles.resolve(dir, KaggleFiles.ARTICLES);
            if (Files.isRegularFile(artFile)) {
                try (CatalogReader<ArticleRow> r = CatalogReader.articles(artFile, sink)) {
                    for (ArticleRow a = r.next(); a != null; a = r.next()) {
                        articles.put(a.articleId(), a);
                    }
                    summaries.add(r.summary());
                }
            }
            Path custFile = KaggleFiles.resolve(dir, KaggleFiles.CUSTOMERS);
            if (Files.isRegularFile(custFile)) {
                try (CatalogReader<CustomerRow> r = CatalogReader.customers(custFile, sink)) {
                    for (CustomerRow c = r.next(); c != null; c = r.next()) {
                        customers.put(c.customerId(), c);
                    }
                    summaries.add(r.summary());
                }
            }
        }
        if (tx.isEmpty()) {
            throw new DataFileException(txFile + " has no valid transactions (see " + rejects + ")");
        }
        Set<String> predict = new LinkedHashSet<>(customers.keySet());
        if (predict.isEmpty()) {
            for (PurchaseRow row : tx) {
                predict.add(row.purchase().customerId());
            }
        }
        return new KaggleDataset(List.copyOf(tx), articles, customers, List.copyOf(predict), List.copyOf(summaries));
    }

    /** Epoch day of the latest transaction. */
    public int lastDay() {
        return transactions.get(transactions.size() - 1).purchase().day();
    }

    public Map<String, ArticleInfo> articleInfos() {
        Map<String, ArticleInfo> out = new LinkedHashMap<>();
        articles.forEach((id, a) -> out.put(id, a.toInfo()));
        return out;
    }

    public Map<String, CustomerInfo> customerInfos() {
        Map<String, CustomerInfo> out = new LinkedHashMap<>();
        customers.forEach((id, c) -> out.put(id, c.toInfo()));
        return out;
    }
}
