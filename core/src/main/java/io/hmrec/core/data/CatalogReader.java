package io.hmrec.core.data;

import io.hmrec.core.model.ArticleIds;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Streams {@code articles.csv} ({@link #articles}) or {@code customers.csv} ({@link #customers}) row by row with
 * validation; bad rows go to the {@link RejectSink} and the {@link ReadSummary}. Empty columns become null: catalogs
 * may be partial (the real sample fills 14 of 25 article columns). Quoted free text with commas, doubled quotes and
 * line breaks (detail_desc) is read per RFC-4180.
 *
 * @param <T> {@link ArticleRow} or {@link CustomerRow}
 */
public abstract sealed class CatalogReader<T> implements Closeable {
    private final CsvReader csv;
    private final RejectSink sink;
    private final ReadSummary summary;
    private final String fileName;
    private final int fields;

    private CatalogReader(CsvReader csv, String fileName, RejectSink sink, int fields) {
        this.csv = csv;
        this.fileName = fileName;
        this.sink = sink;
        this.summary = new ReadSummary(fileName);
        this.fields = fields;
    }

    /** Opens an articles file. @throws DataFileException when unreadable or its header is not Kaggle's */
    public static CatalogReader<ArticleRow> articles(Path file, RejectSink sink) {
        return new Articles(KaggleFiles.open(file, KaggleFiles.ARTICLES_HEADER, true), file.getFileName().toString(),
                sink);
    }

    /** Opens a customers file. @throws DataFileException when unreadable or its header is not Kaggle's */
    public static CatalogReader<CustomerRow> customers(Path file, RejectSink sink) {
        return new Customers(KaggleFiles.open(file, KaggleFiles.CUSTOMERS_HEADER, false),
                file.getFileName().toString(), sink);
    }

    public ReadSummary summary() {
        return summary;
    }

    /** The next accepted row, or null at end of file. */
    public T next() {
        while (csv.next()) {
            if (csv.isBlank()) {
                reject(RejectReason.BLANK_LINE, "empty line");
                continue;
            }
            if (csv.malformed() != null) {
                reject(RejectReason.BAD_QUOTING, csv.malformed());
                continue;
            }
            if (csv.fieldCount() != fields) {
                reject(RejectReason.FIELD_COUNT, "expected " + fields + " fields, found " + csv.fieldCount());
                continue;
            }
            try {
                T row = parse(csv);
                summary.accept();
                return row;
            } catch (RowException e) {
                reject(e.reason, e.getMessage());
            }
        }
        return null;
    }

    abstract T parse(CsvReader c);

    private void reject(RejectReason reason, String detail) {
        summary.reject(reason);
        sink.reject(new Rejection(fileName, csv.lineNumber(), csv.raw(), reason, detail));
    }

    @Override
    public void close() {
        csv.close();
    }

    static Integer intOrNull(CsvReader c, int i, String column) {
        String s = c.fieldOrNull(i);
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            throw new RowException(RejectReason.BAD_NUMBER, column + " '" + s + "' is not a whole number");
        }
    }

    static Double doubleOrNull(CsvReader c, int i, String column) {
        String s = c.fieldOrNull(i);
        if (s == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new RowException(RejectReason.BAD_NUMBER, column + " '" + s + "' is not a number");
        }
    }

    /** Checks a 64-hex id and returns it in lower case. */
    static String customerId(String raw) {
        if (raw == null || raw.length() != 64) {
            throw new RowException(RejectReason.BAD_CUSTOMER_ID, "customer_id '" + (raw == null ? "" : raw)
                    + "' is not 64 hex digits");
        }
        for (int i = 0; i < 64; i++) {
            if (Character.digit(raw.charAt(i), 16) < 0) {
                throw new RowException(RejectReason.BAD_CUSTOMER_ID, "customer_id '" + raw + "' is not 64 hex digits");
            }
        }
        return raw.toLowerCase(Locale.ROOT);
    }

    /** A row-level validation failure; carries its reason, never escapes the reader. */
    static final class RowException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient RejectReason reason;

        RowException(RejectReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    private static final class Articles extends CatalogReader<ArticleRow> {
        private static final List<String> H = KaggleFiles.ARTICLES_HEADER;

        Articles(CsvReader csv, String fileName, RejectSink sink) {
            super(csv, fileName, sink, H.size());
        }

        @Override
        ArticleRow parse(CsvReader c) {
            String id;
            try {
                id = ArticleIds.normalise(c.field(0));
            } catch (IllegalArgumentException e) {
                throw new RowException(RejectReason.BAD_ARTICLE_ID, e.getMessage());
            }
            return new ArticleRow(id, i(c, 1), s(c, 2), i(c, 3), s(c, 4), s(c, 5), i(c, 6), s(c, 7), i(c, 8),
                    s(c, 9), i(c, 10), s(c, 11), i(c, 12), s(c, 13), i(c, 14), s(c, 15), s(c, 16), s(c, 17),
                    i(c, 18), s(c, 19), i(c, 20), s(c, 21), i(c, 22), s(c, 23), s(c, 24));
        }

        private static Integer i(CsvReader c, int col) {
            return intOrNull(c, col, H.get(col));
        }

        private static String s(CsvReader c, int col) {
            return c.fieldOrNull(col);
        }
    }

    private static final class Customers extends CatalogReader<CustomerRow> {
        Customers(CsvReader csv, String fileName, RejectSink sink) {
            super(csv, fileName, sink, KaggleFiles.CUSTOMERS_HEADER.size());
        }

        @Override
        CustomerRow parse(CsvReader c) {
            String id = customerId(c.field(0));
            Double fn = doubleOrNull(c, 1, "FN");
            Double active = doubleOrNull(c, 2, "Active");
            return new CustomerRow(id, fn, active, c.fieldOrNull(3), c.fieldOrNull(4), age(c.fieldOrNull(5)),
                    c.fieldOrNull(6));
        }

        /** Whole years 1..120; "53.0" (a pandas float column written back) counts as 53. */
        private static Integer age(String s) {
            if (s == null) {
                return null;
            }
            try {
                double v = Double.parseDouble(s.trim());
                if (v == Math.rint(v) && v >= 1 && v <= 120) {
                    return (int) v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new RowException(RejectReason.BAD_AGE, "age '" + s + "' is not a whole number of years in 1..120");
        }
    }
}
