package io.hmrec.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    record Rec(long line, List<String> fields, String malformed) {}

    private static List<Rec> read(String text, boolean multiLine) {
        CsvReader r = new CsvReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), multiLine);
        List<Rec> out = new ArrayList<>();
        while (r.next()) {
            List<String> f = new ArrayList<>();
            for (int i = 0; i < r.fieldCount(); i++) {
                f.add(r.field(i));
            }
            out.add(new Rec(r.lineNumber(), f, r.malformed()));
        }
        return out;
    }

    @Test
    void shouldUnquoteCommasDoubledQuotesAndEmbeddedNewlinesWhenMultiLine() {
        String text = "a,\"b, with comma\",c\n"
                + "\"He said \"\"hi\"\"\",,\"\"\n"
                + "x,\"line one\nline two\",y\n"
                + "last,row,here";
        assertThat(read(text, true)).containsExactly(
                new Rec(1, List.of("a", "b, with comma", "c"), null),
                new Rec(2, List.of("He said \"hi\"", "", ""), null),
                new Rec(3, List.of("x", "line one\nline two", "y"), null),
                new Rec(5, List.of("last", "row", "here"), null));
    }

    @Test
    void shouldStripCarriageReturnsAndKeepUnicodeText() {
        assertThat(read("é,\"ü, ß\"\r\n1,2\r\n", true)).containsExactly(
                new Rec(1, List.of("é", "ü, ß"), null),
                new Rec(2, List.of("1", "2"), null));
    }

    @Test
    void shouldEndRecordsAtEveryLineBreakWhenNotMultiLine() {
        assertThat(read("a,\"open\nb,c\n", false)).containsExactly(
                new Rec(1, List.of("a", "open"), "unterminated quoted field 2"),
                new Rec(2, List.of("b", "c"), null));
    }

    @Test
    void shouldFlagBrokenQuotingWithoutLosingLaterRecords() {
        assertThat(read("ab\"c,d\n\"x\"y,z\nok,1\n", false)).containsExactly(
                new Rec(1, List.of("ab\"c", "d"), "quote inside unquoted field 1"),
                new Rec(2, List.of("xy", "z"), "text after closing quote in field 1"),
                new Rec(3, List.of("ok", "1"), null));
    }

    @Test
    void shouldReadRecordsLargerThanTheBuffer() {
        String big = "q".repeat(3 << 20);
        assertThat(read("1,\"" + big + "\"\n2," + big + "\n", true)).containsExactly(
                new Rec(1, List.of("1", big), null),
                new Rec(2, List.of("2", big), null));
    }

    @Test
    void shouldReturnBlankLinesAsOneEmptyFieldButNoRecordAfterTheLastLineEnd() {
        assertThat(read("a\n\nb\n", false)).containsExactly(
                new Rec(1, List.of("a"), null),
                new Rec(2, List.of(""), null),
                new Rec(3, List.of("b"), null));
    }
}
