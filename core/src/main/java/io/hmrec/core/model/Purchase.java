package io.hmrec.core.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One row of {@code transactions_train.csv}, validated: a customer bought one unit of an article on a day.
 *
 * @param day          event day as epoch day ({@link LocalDate#toEpochDay()}); hmrec's clock is event time in days
 * @param customerId   the 64-hex customer id
 * @param articleId    normalised 10-digit article id
 * @param price        price in the data's scaled units (finite, non-negative; typical 0.0x)
 * @param salesChannel 1 (store) or 2 (online)
 */
public record Purchase(int day, String customerId, String articleId, double price, int salesChannel) {
    public Purchase {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(articleId, "articleId");
    }

    public LocalDate date() {
        return LocalDate.ofEpochDay(day);
    }

    public String productCode() {
        return ArticleIds.productCode(articleId);
    }
}
