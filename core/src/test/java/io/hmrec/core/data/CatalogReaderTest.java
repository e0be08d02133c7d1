package io.hmrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.CustomerInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogReaderTest {
    static final String C1 = "0a0b0c0d0e0f" + "5".repeat(52); // made up: real sample rows stay in ../shared

    @TempDir
    Path dir;

    private <T> List<T> drain(CatalogReader<T> r) {
        List<T> out = new ArrayList<>();
        try (r) {
            T row;
            while ((row = r.next()) != null) {
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void shouldReadAllArticleColumnsWithQuotedFreeTextAndEmptyAsNull() throws IOException {
        Path f = dir.resolve("articles.csv");
        Files.writeString(f, String.join(",", KaggleFiles.ARTICLES_HEADER) + "\n"
                + "0110065001,110065,OP T-shirt (Idro),306,Bra,Underwear,1010016,Solid,9,Black,4,Dark,5,Black,1339,"
                + "Clean Lingerie,B,Lingeries/Tights,1,Ladieswear,61,Womens Lingerie,1017,\"Under-, Nightwear\","
                + "\"Microfibre \"\"T-shirt\"\" bra,\nunderwired.\"\n"
                + "108775015,108775,Strap top,253,Vest top,Garment Upper body,1010016,Solid,9,Black,,,,,1676,,,,,,,,"
                + "1002,Jersey Basic,\n");
        List<Rejection> rejects = new ArrayList<>();
        List<ArticleRow> rows = drain(CatalogReader.articles(f, rejects::add));
        assertThat(rejects).isEmpty();
        assertThat(rows).containsExactly(
                new ArticleRow("0110065001", 110065, "OP T-shirt (Idro)", 306, "Bra", "Underwear", 1010016, "Solid",
                        9, "Black", 4, "Dark", 5, "Black", 1339, "Clean Lingerie", "B", "Lingeries/Tights", 1,
                        "Ladieswear", 61, "Womens Lingerie", 1017, "Under-, Nightwear",
                        "Microfibre \"T-shirt\" bra,\nunderwired."),
                new ArticleRow("0108775015", 108775, "Strap top", 253, "Vest top", "Garment Upper body", 1010016,
                        "Solid", 9, "Black", null, null, null, null, 1676, null, null, null, null, null, null, null,
                        1002, "Jersey Basic", null));
        assertThat(rows.get(1).toInfo()).isEqualTo(
                new ArticleInfo("0108775015", "0108775", 253, "Garment Upper body", 9, 1676, "", 1002));
    }

    @Test
    void shouldRejectArticleRowsWithBadIdsOrNumbersAndReportTheirStartLine() throws IOException {
        Path f = dir.resolve("articles.csv");
        String empty24 = ",".repeat(24);
        Files.writeString(f, String.join(",", KaggleFiles.ARTICLES_HEADER) + "\n"
                + "01x0065001" + empty24 + "\n"
                + "0110065001,abc" + ",".repeat(23) + "\n"
                + "0110065002" + ",".repeat(23) + ",\"two\nlines\"\n"
                + "0110065003" + ",".repeat(3) + "\n");
        List<Rejection> rejects = new ArrayList<>();
        List<ArticleRow> rows = drain(CatalogReader.articles(f, rejects::add));
        assertThat(rows).extracting(ArticleRow::articleId).containsExactly("0110065002");
        assertThat(rejects).containsExactly(
                new Rejection("articles.csv", 2, "01x0065001" + empty24, RejectReason.BAD_ARTICLE_ID,
                        "article_id '01x0065001' is not all digits"),
                new Rejection("articles.csv", 3, "0110065001,abc" + ",".repeat(23), RejectReason.BAD_NUMBER,
                        "product_code 'abc' is not a whole number"),
                new Rejection("articles.csv", 6, "0110065003,,,", RejectReason.FIELD_COUNT,
                        "expected 25 fields, found 4"));
    }

    @Test
    void shouldReadCustomersWithMissingColumnsAndPandasFloatAges() throws IOException {
        Path f = dir.resolve("customers.csv");
        Files.writeString(f, "customer_id,FN,Active,club_member_status,fashion_news_frequency,age,postal_code\n"
                + C1 + ",1.0,1.0,ACTIVE,Regularly,53,9f8e7d\n"
                + C1.replace('0', '1') + ",,,PRE-CREATE,NONE,24.0,\n"
                + C1.replace('0', '2') + ",,,,,,\n"
                + C1.replace('0', '3') + ",x,,,,,\n"
                + C1.replace('0', '4') + ",,,,,3.5,\n"
                + "abc,,,,,,\n");
        List<Rejection> rejects = new ArrayList<>();
        List<CustomerRow> rows = drain(CatalogReader.customers(f, rejects::add));
        assertThat(rows).containsExactly(
                new CustomerRow(C1, 1.0, 1.0, "ACTIVE", "Regularly", 53, "9f8e7d"),
                new CustomerRow(C1.replace('0', '1'), null, null, "PRE-CREATE", "NONE", 24, null),
                new CustomerRow(C1.replace('0', '2'), null, null, null, null, null, null));
        assertThat(rows.get(2).toInfo()).isEqualTo(new CustomerInfo(C1.replace('0', '2'), null, "", ""));
        assertThat(rejects).extracting(Rejection::lineNumber, Rejection::reason, Rejection::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5L, RejectReason.BAD_NUMBER, "FN 'x' is not a number"),
                org.assertj.core.groups.Tuple.tuple(6L, RejectReason.BAD_AGE,
                        "age '3.5' is not a whole number of years in 1..120"),
                org.assertj.core.groups.Tuple.tuple(7L, RejectReason.BAD_CUSTOMER_ID,
                        "customer_id 'abc' is not 64 hex digits"));
    }

    @Test
    void shouldReadTheRealSampleCatalogsWithoutRejects() {
        Path sample = TransactionReaderTest.REAL_SAMPLE;
        Assumptions.assumeTrue(Files.isReadable(sample.resolve(KaggleFiles.ARTICLES)),
                "real sample absent at " + sample + ": skipping this one test");
        List<Rejection> rejects = new ArrayList<>();
        List<ArticleRow> articles = drain(CatalogReader.articles(sample.resolve(KaggleFiles.ARTICLES), rejects::add));
        List<CustomerRow> customers = drain(
                CatalogReader.customers(sample.resolve(KaggleFiles.CUSTOMERS), rejects::add));
        assertThat(rejects).isEmpty();
        assertThat(customers).hasSize(1000);
        assertThat(articles).allMatch(a -> a.articleId().length() == 10 && a.prodName() != null);
        assertThat(articles.size()).isGreaterThan(10_000);
    }
}
