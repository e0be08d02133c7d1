package io.hmrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.core.model.Days;
import io.hmrec.core.model.Purchase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransactionReaderTest {
    static final String HEADER = "t_dat,customer_id,article_id,price,sales_channel_id\n";
    static final String C1 = "0ddcd6055c5830c1fda493843d051edb04ce1bf888aa4becf5b839628396541d";
    static final String C2 = "210f113fe87db5d6391e986dc06b8e4369e46284e3b98964bf41ced4199a551f";
    static final Path REAL_SAMPLE = Path.of(System.getProperty("hmrec.real.sample",
            "/work/shared/data/hm-real-sample"));

    @TempDir
    Path dir;

    record Result(List<PurchaseRow> rows, List<Rejection> rejects, ReadSummary summary) {}

    private Result read(String body) throws IOException {
        Path f = dir.resolve("transactions_train.csv");
        Files.writeString(f, HEADER + body, StandardCharsets.UTF_8);
        List<Rejection> rejects = new ArrayList<>();
        List<PurchaseRow> rows = new ArrayList<>();
        try (TransactionReader r = TransactionReader.open(f, rejects::add)) {
            PurchaseRow row;
            while ((row = r.next()) != null) {
                rows.add(row);
            }
            return new Result(rows, rejects, r.summary());
        }
    }

    @Test
    void shouldAcceptArticleIdsWithAndWithoutTheLeadingZero() throws IOException {
        Result r = read("2018-09-20," + C1 + ",0653428002,0.1355762711864406,1\n"
                + "2018-09-20," + C2 + ",653428002,0.0508305084745762,2\n");
        int day = Days.parse("2018-09-20");
        assertThat(r.rows()).extracting(PurchaseRow::purchase).containsExactly(
                new Purchase(day, C1, "0653428002", 0.1355762711864406, 1),
                new Purchase(day, C2, "0653428002", 0.0508305084745762, 2));
        assertThat(r.rejects()).isEmpty();
        assertThat(r.rows()).extracting(PurchaseRow::rowNumber).containsExactly(1L, 2L);
        assertThat(r.rows()).extracting(PurchaseRow::lineNumber).containsExactly(2L, 3L);
    }

    static Stream<Arguments> badRows() {
        String ok = "2018-09-21," + C1 + ",0653428002,0.05,2";
        return Stream.of(
                Arguments.of("", RejectReason.BLANK_LINE, "empty line"),
                Arguments.of("2018-09-21,\"" + C1 + ",0653428002,0.05,2", RejectReason.BAD_QUOTING,
                        "unterminated quoted field 2"),
                Arguments.of("2018-09-21," + C1 + ",0653428002,0.05", RejectReason.FIELD_COUNT,
                        "expected 5 fields, found 4"),
                Arguments.of(ok + ",extra", RejectReason.FIELD_COUNT, "expected 5 fields, found 6"),
                Arguments.of("2018-02-30," + C1 + ",0653428002,0.05,2", RejectReason.BAD_DATE,
                        "t_dat '2018-02-30' is not a calendar date yyyy-MM-dd"),
                Arguments.of("21/09/2018," + C1 + ",0653428002,0.05,2", RejectReason.BAD_DATE,
                        "t_dat '21/09/2018' is not a calendar date yyyy-MM-dd"),
                Arguments.of("2018-09-19," + C1 + ",0653428002,0.05,2", RejectReason.OUT_OF_ORDER,
                        "t_dat 2018-09-19 is earlier than 2018-09-20 of a previous row"),
                Arguments.of("2018-09-21," + C1.substring(1) + ",0653428002,0.05,2", RejectReason.BAD_CUSTOMER_ID,
                        "customer_id '" + C1.substring(1) + "' is not 64 hex digits"),
                Arguments.of("2018-09-21," + C1.replace('0', 'g') + ",0653428002,0.05,2",
                        RejectReason.BAD_CUSTOMER_ID, "customer_id '" + C1.replace('0', 'g')
                                + "' is not 64 hex digits"),
                Arguments.of("2018-09-21," + C1 + ",06534x8002,0.05,2", RejectReason.BAD_ARTICLE_ID,
                        "article_id '06534x8002' is not all digits"),
                Arguments.of("2018-09-21," + C1 + ",06534280021,0.05,2", RejectReason.BAD_ARTICLE_ID,
                        "article_id '06534280021' has more than 10 digits"),
                Arguments.of("2018-09-21," + C1 + ",,0.05,2", RejectReason.BAD_ARTICLE_ID, "article_id is empty"),
                Arguments.of("2018-09-21," + C1 + ",0653428002,abc,2", RejectReason.BAD_PRICE,
                        "price 'abc' is not a number"),
                Arguments.of("2018-09-21," + C1 + ",0653428002,NaN,2", RejectReason.BAD_PRICE,
                        "price 'NaN' is not a number"),
                Arguments.of("2018-09-21," + C1 + ",0653428002,1.2.3,2", RejectReason.BAD_PRICE,
                        "price '1.2.3' is not a number"),
                Arguments.of("2018-09-21," + C1 + ",0653428002,,2", RejectReason.BAD_PRICE,
                        "price '' is not a number"),
                Arguments.of("2018-09-21," + C1 + ",0653428002,1e400,2", RejectReason.NON_FINITE_PRICE,
                        "price '1e400' is not finite"),
                Arguments.of("2018-09-21," + C1 + ",0653428002,-0.05,2", RejectReason.NEGATIVE_PRICE,
                        "price '-0.05' is negative"),
                Arguments.of("2018-09-21," + C1 + ",0653428002,0.05,3", RejectReason.BAD_CHANNEL,
                        "sales_channel_id '3' is not 1 or 2"),
                Arguments.of("2018-09-21," + C1 + ",0653428002,0.05,", RejectReason.BAD_CHANNEL,
                        "sales_channel_id '' is not 1 or 2"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("badRows")
    void shouldRejectAnInvalidRowWithItsExactReasonAndKeepReading(String bad, RejectReason reason, String detail)
            throws IOException {
        String first = "2018-09-20," + C1 + ",0653428002,0.05,2";
        String last = "2018-09-21," + C2 + ",0653428002,0.05,1";
        Result r = read(first + "\n" + bad + "\n" + last + "\n");
        assertThat(r.rejects()).containsExactly(new Rejection("transactions_train.csv", 3, bad, reason, detail));
        assertThat(r.rows()).extracting(row -> row.purchase().customerId()).containsExactly(C1, C2);
        assertThat(r.rows()).extracting(PurchaseRow::rowNumber).containsExactly(1L, 3L);
        assertThat(r.summary().accepted()).isEqualTo(2);
        assertThat(r.summary().rejectedByReason()).containsExactly(java.util.Map.entry(reason, 1L));
    }

    @Test
    void shouldKeepDuplicateRowsAsUnitsWithDistinctReplayableEventIds() throws IOException {
        String row = "2018-09-20," + C1 + ",0653428002,0.05,2\n";
        String body = row + "2018-09-20," + C2 + ",0653428002,0.05,2\n" + row + row.replace(",0653", ",653")
                + row.replace("2018-09-20", "2018-09-21");
        Result first = read(body);
        Result again = read(body);
        assertThat(first.rows()).extracting(PurchaseRow::occurrence).containsExactly(1, 1, 2, 3, 1);
        assertThat(first.rows()).extracting(PurchaseRow::eventId).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("[0-9a-f]{32}"));
        assertThat(again.rows()).extracting(PurchaseRow::eventId)
                .containsExactlyElementsOf(first.rows().stream().map(PurchaseRow::eventId).toList());
        assertThat(first.summary().duplicates()).isEqualTo(2);
        assertThat(first.rows().get(0).eventId()).isEqualTo(
                EventIds.of(Days.parse("2018-09-20"), C1, "0653428002", 0.05, 2, 1));
    }

    @Test
    void shouldLowerCaseUpperCaseCustomerIds() throws IOException {
        Result r = read("2018-09-20," + C1.toUpperCase() + ",0653428002,0.05,2\n");
        assertThat(r.rows()).extracting(row -> row.purchase().customerId()).containsExactly(C1);
    }

    @Test
    void shouldWriteEveryRejectionToTheRejectFileAsOneTsvLine() throws IOException {
        Path rejectPath = dir.resolve("out/rejects.tsv");
        Path f = dir.resolve("transactions_train.csv");
        Files.writeString(f, HEADER + "2018-09-20," + C1 + ",0653428002,0.05,2\n"
                + "2018-09-20," + C1 + ",0653428002,-1,2\n"
                + "2018-09-20,\"a\tb\",0653428002,0.05,2\n");
        try (RejectFile sink = RejectFile.create(rejectPath); TransactionReader r = TransactionReader.open(f, sink)) {
            while (r.next() != null) {
                // drain
            }
        }
        assertThat(Files.readAllLines(rejectPath)).containsExactly(
                "file\tline\treason\tdetail\traw",
                "transactions_train.csv\t3\tnegative_price\tprice '-1' is negative\t2018-09-20," + C1
                        + ",0653428002,-1,2",
                "transactions_train.csv\t4\tbad_customer_id\tcustomer_id 'a\\tb' is not 64 hex digits\t"
                        + "2018-09-20,\"a\\tb\",0653428002,0.05,2");
    }

    @Test
    void shouldFailAtOnceNamingTheFileAndTheExpectedHeader() throws IOException {
        Path f = dir.resolve("transactions_train.csv");
        Files.writeString(f, "date,customer,article,price,channel\n");
        assertThatThrownBy(() -> TransactionReader.open(f, RejectSink.COUNT_ONLY))
                .isInstanceOf(DataFileException.class)
                .hasMessage(f + " has header 'date,customer,article,price,channel'; expected "
                        + "'t_dat,customer_id,article_id,price,sales_channel_id'");
        Path missing = dir.resolve("nope.csv");
        assertThatThrownBy(() -> TransactionReader.open(missing, RejectSink.COUNT_ONLY))
                .isInstanceOf(DataFileException.class)
                .hasMessage("cannot read " + missing + " (NoSuchFileException: " + missing + "); expected a CSV "
                        + "with header t_dat,customer_id,article_id,price,sales_channel_id");
    }

    @Test
    void shouldReadTheRealSampleWithoutRejects() {
        Path f = REAL_SAMPLE.resolve(KaggleFiles.TRANSACTIONS);
        Assumptions.assumeTrue(Files.isReadable(f), "real sample absent at " + f + ": skipping this one test");
        long rows = 0;
        int firstDay = -1;
        int lastDay = -1;
        try (TransactionReader r = TransactionReader.open(f, rej -> {
            throw new AssertionError("unexpected reject " + rej);
        })) {
            PurchaseRow row;
            while ((row = r.next()) != null) {
                rows++;
                if (firstDay < 0) {
                    firstDay = row.purchase().day();
                }
                lastDay = row.purchase().day();
            }
            assertThat(r.summary().rejectedTotal()).isZero();
        }
        assertThat(rows).isEqualTo(23_199);
        assertThat(Days.date(firstDay)).hasToString("2018-09-20");
        assertThat(Days.date(lastDay)).hasToString("2020-09-22");
    }
}
