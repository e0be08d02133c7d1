package io.hmrec.app.load;

import io.hmrec.core.data.ArticleRow;
import io.hmrec.core.data.CustomerRow;
import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.model.Purchase;
import io.hmrec.schemas.avro.Article;
import io.hmrec.schemas.avro.Customer;
import io.hmrec.schemas.avro.PurchaseEvent;
import java.time.LocalDate;

/** Maps core's row records to the Avro value records, column for column (null stays null). */
final class AvroMapping {
    private AvroMapping() {}

    static PurchaseEvent purchase(PurchaseRow row) {
        Purchase p = row.purchase();
        return new PurchaseEvent(row.eventId(), LocalDate.ofEpochDay(p.day()), p.customerId(), p.articleId(),
                p.price(), p.salesChannel());
    }

    static Article article(ArticleRow a) {
        return new Article(a.articleId(), a.productCode(), a.prodName(), a.productTypeNo(), a.productTypeName(),
                a.productGroupName(), a.graphicalAppearanceNo(), a.graphicalAppearanceName(), a.colourGroupCode(),
                a.colourGroupName(), a.perceivedColourValueId(), a.perceivedColourValueName(),
                a.perceivedColourMasterId(), a.perceivedColourMasterName(), a.departmentNo(), a.departmentName(),
                a.indexCode(), a.indexName(), a.indexGroupNo(), a.indexGroupName(), a.sectionNo(), a.sectionName(),
                a.garmentGroupNo(), a.garmentGroupName(), a.detailDesc());
    }

    static Customer customer(CustomerRow c) {
        return new Customer(c.customerId(), c.fn(), c.active(), c.clubMemberStatus(), c.fashionNewsFrequency(),
                c.age(), c.postalCode());
    }
}
