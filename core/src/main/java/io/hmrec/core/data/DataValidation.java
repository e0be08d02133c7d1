package io.hmrec.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Validates a folder of Kaggle files without a broker: every row of {@code articles.csv} and {@code customers.csv}
 * (each optional) and {@code transactions_train.csv} (required), rejects to the sink, and purchases of articles or by
 * customers the catalogs do not list are counted (not rejected).
 */
public final class DataValidation {
    /**
     * The outcome.
     *
     * @param summaries        one per file read, in the order articles, customers, transactions
     * @param unknownArticles  accepted purchases of an article not in articles.csv (0 when it is absent)
     * @param unknownCustomers accepted purchases by a customer not in customers.csv (0 when it is absent)
     */
    public record Report(List<ReadSummary> summaries, long unknownArticles, long unknownCustomers,
                         boolean articlesPresent, boolean customersPresent) {
        public long rejected() {
            return summaries.stream().mapToLong(ReadSummary::rejectedTotal).sum();
        }

        /** The summary lines printed at the end of every run. */
        public String format() {
            StringBuilder b = new StringBuilder();
            for (ReadSummary s : summaries) {
                b.append(s.format()).append('\n');
            }
            if (articlesPresent) {
                b.append(String.format(Locale.ROOT, "purchases of articles not in articles.csv: %,d (kept)%n",
                        unknownArticles));
            } else {
                b.append("articles.csv absent: article facts unknown, product codes come from the ids\n");
            }
            if (customersPresent) {
                b.append(String.format(Locale.ROOT, "purchases by customers not in customers.csv: %,d (kept)%n",
                        unknownCustomers));
            } else {
                b.append("customers.csv absent: customer facts unknown\n");
            }
            return b.toString();
        }
    }

    private DataValidation() {}

    /**
     * @param progress receives the bytes of transactions_train.csv read so far, every 64k rows (may be null)
     * @throws DataFileException when transactions_train.csv is missing or any present file is unreadable or has a
     *                           wrong header
     */
    public static Report run(Path dir, RejectSink sink, LongConsumer progress) {
        CatalogIndex index = new CatalogIndex();
        List<ReadSummary> summaries = new ArrayList<>();
        Path articles = KaggleFiles.resolve(dir, KaggleFiles.ARTICLES);
        boolean articlesPresent = Files.exists(articles);
        if (articlesPresent) {
            try (CatalogReader<ArticleRow> r = CatalogReader.articles(articles, sink)) {
                for (ArticleRow a; (a = r.next()) != null; ) {
                    index.addArticle(a.articleId());
                }
                summaries.add(r.summary());
            }
        }
        Path customers = KaggleFiles.resolve(dir, KaggleFiles.CUSTOMERS);
        boolean customersPresent = Files.exists(customers);
        if (customersPresent) {
            try (CatalogReader<CustomerRow> r = CatalogReader.customers(customers, sink)) {
                for (CustomerRow c; (c = r.next()) != null; ) {
                    index.addCustomer(c.customerId());
                }
                summaries.add(r.summary());
            }
        }
        long unknownArticles = 0;
        long unknownCustomers = 0;
        try (TransactionReader r = TransactionReader.open(KaggleFiles.resolve(dir, KaggleFiles.TRANSACTIONS), sink)) {
            long n = 0;
            for (PurchaseRow row; (row = r.next()) != null; ) {
                if (articlesPresent && !index.knowsArticle(row.purchase().articleId())) {
                    unknownArticles++;
                }
                if (customersPresent && !index.knowsCustomer(row.purchase().customerId())) {
                    unknownCustomers++;
                }
                if (progress != null && (++n & 0xFFFF) == 0) {
                    progress.accept(r.bytesRead());
                }
            }
            if (progress != null) {
                progress.accept(r.bytesRead());
            }
            summaries.add(r.summary());
        }
        return new Report(List.copyOf(summaries), unknownArticles, unknownCustomers, articlesPresent,
                customersPresent);
    }
}
