package io.hmrec.core.data;

import io.hmrec.core.model.ArticleIds;
import io.hmrec.core.model.Purchase;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Streams {@code transactions_train.csv} row by row in constant memory (one buffer plus a per-day occurrence table),
 * validating every row. Accepted rows come back from {@link #next()}; rejected rows go to the {@link RejectSink} and
 * the {@link ReadSummary} with one {@link RejectReason} each, checked in this order: blank line, quoting, field count,
 * date, event-time order, customer id, article id, price, channel.
 *
 * <p>Rules: t_dat ISO {@code yyyy-MM-dd} and not earlier than any previous accepted row (the Kaggle file is sorted by
 * day; a row from the past would break event-time replay, so it is rejected as {@code out_of_order}); customer_id 64
 * hex digits (upper case is lowered); article_id 7–10 digits, normalised to 10 ({@link ArticleIds#normalise});
 * price a finite non-negative decimal; sales_channel_id 1 or 2. Identical rows are kept: each is one unit, numbered by
 * its occurrence within the day, which goes into its {@link EventIds event id}.
 *
 * <p>Not thread-safe; one reader per file.
 */
public final class TransactionReader implements Closeable {
    private static final int FIELDS = 5;

    private final CsvReader csv;
    private final RejectSink sink;
    private final ReadSummary summary;
    private final String fileName;
    private final LongCounter occurrences = new LongCounter();
    private final byte[] lastDate = new byte[10];
    private int lastDateDay = Integer.MIN_VALUE;
    private int maxDay = Integer.MIN_VALUE;
    private long rowNumber;
    private final long[] customer = new long[4];

    private TransactionReader(CsvReader csv, String fileName, RejectSink sink) {
        this.csv = csv;
        this.fileName = fileName;
        this.sink = sink;
        this.summary = new ReadSummary(fileName);
    }

    /**
     * Opens a transactions file and checks its header.
     *
     * @throws DataFileException when the file is unreadable or its header is not Kaggle's
     */
    public static TransactionReader open(Path file, RejectSink sink) {
        CsvReader csv = KaggleFiles.open(file, KaggleFiles.TRANSACTIONS_HEADER, false);
        return new TransactionReader(csv, file.getFileName().toString(), sink);
    }

    /** Counts so far (complete once {@link #next()} returned null). */
    public ReadSummary summary() {
        return summary;
    }

    /** Bytes of the file consumed so far (header included). */
    public long bytesRead() {
        return csv.bytesConsumed();
    }

    /** The next accepted row, or null at end of file. */
    public PurchaseRow next() {
        while (csv.next()) {
            rowNumber++;
            PurchaseRow row = parse();
            if (row != null) {
                summary.accept();
                if (row.occurrence() > 1) {
                    summary.duplicate();
                }
                return row;
            }
        }
        return null;
    }

    private PurchaseRow parse() {
        CsvReader c = csv;
        if (c.isBlank()) {
            return reject(RejectReason.BLANK_LINE, "empty line");
        }
        if (c.malformed() != null) {
            return reject(RejectReason.BAD_QUOTING, c.malformed());
        }
        if (c.fieldCount() != FIELDS) {
            return reject(RejectReason.FIELD_COUNT, "expected " + FIELDS + " fields, found " + c.fieldCount());
        }
        int day = parseDay();
        if (day == Integer.MIN_VALUE) {
            return reject(RejectReason.BAD_DATE, "t_dat '" + c.field(0) + "' is not a calendar date yyyy-MM-dd");
        }
        if (day < maxDay) {
            return reject(RejectReason.OUT_OF_ORDER, "t_dat " + LocalDate.ofEpochDay(day)
                    + " is earlier than " + LocalDate.ofEpochDay(maxDay) + " of a previous row");
        }
        String customerId = parseCustomer();
        if (customerId == null) {
            return reject(RejectReason.BAD_CUSTOMER_ID, "customer_id '" + c.field(1) + "' is not 64 hex digits");
        }
        String articleId;
        try {
            articleId = ArticleIds.normalise(c.field(2));
        } catch (IllegalArgumentException e) {
            return reject(RejectReason.BAD_ARTICLE_ID, e.getMessage());
        }
        double price;
        String priceText = priceText();
        if (priceText == null) {
            return reject(RejectReason.BAD_PRICE, "price '" + c.field(3) + "' is not a number");
        }
        try {
            price = Double.parseDouble(priceText);
        } catch (NumberFormatException e) {
            return reject(RejectReason.BAD_PRICE, "price '" + priceText + "' is not a number");
        }
        if (Double.isInfinite(price)) {
            return reject(RejectReason.NON_FINITE_PRICE, "price '" + priceText + "' is not finite");
        }
        if (price < 0) {
            return reject(RejectReason.NEGATIVE_PRICE, "price '" + priceText + "' is negative");
        }
        price += 0.0; // -0.0 -> 0.0 so equal prices hash alike
        int channel = parseChannel();
        if (channel < 0) {
            return reject(RejectReason.BAD_CHANNEL, "sales_channel_id '" + c.field(4) + "' is not 1 or 2");
        }
        if (day > maxDay) {
            maxDay = day;
            occurrences.clear();
        }
        long article = Long.parseLong(articleId);
        long priceBits = Double.doubleToLongBits(price);
        int occurrence = occurrences.increment(EventIds.rowKey(day, customer, article, priceBits, channel));
        String eventId = EventIds.of(day, customer, article, priceBits, channel, occurrence);
        return new PurchaseRow(rowNumber, c.lineNumber(), eventId, occurrence,
                new Purchase(day, customerId, articleId, price, channel));
    }

    private PurchaseRow reject(RejectReason reason, String detail) {
        summary.reject(reason);
        sink.reject(new Rejection(fileName, csv.lineNumber(), csv.raw(), reason, detail));
        return null;
    }

    /** Epoch day of field 0, or MIN_VALUE when it is not a date; the previous row's date is reused (sorted file). */
    private int parseDay() {
        CsvReader c = csv;
        if (c.length(0) != 10) {
            return Integer.MIN_VALUE;
        }
        byte[] a = c.array(0);
        int s = c.start(0);
        if (lastDateDay != Integer.MIN_VALUE) {
            boolean same = true;
            for (int i = 9; i >= 0; i--) {
                if (a[s + i] != lastDate[i]) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return lastDateDay;
            }
        }
        if (a[s + 4] != '-' || a[s + 7] != '-') {
            return Integer.MIN_VALUE;
        }
        int y = digits(a, s, 4);
        int m = digits(a, s + 5, 2);
        int d = digits(a, s + 8, 2);
        if (y < 0 || m < 0 || d < 0) {
            return Integer.MIN_VALUE;
        }
        int day;
        try {
            day = Math.toIntExact(LocalDate.of(y, m, d).toEpochDay());
        } catch (DateTimeException e) {
            return Integer.MIN_VALUE;
        }
        System.arraycopy(a, s, lastDate, 0, 10);
        lastDateDay = day;
        return day;
    }

    private static int digits(byte[] a, int s, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = a[s + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Fills {@link #customer} and returns the lower-case id, or null when field 1 is not 64 hex digits. */
    private String parseCustomer() {
        CsvReader c = csv;
        if (c.length(1) != 64) {
            return null;
        }
        byte[] a = c.array(1);
        int s = c.start(1);
        boolean upper = false;
        for (int w = 0; w < 4; w++) {
            long v = 0;
            for (int i = 0; i < 16; i++) {
                int b = a[s + w * 16 + i];
                int d;
                if (b >= '0' && b <= '9') {
                    d = b - '0';
                } else if (b >= 'a' && b <= 'f') {
                    d = b - 'a' + 10;
                } else if (b >= 'A' && b <= 'F') {
                    d = b - 'A' + 10;
                    upper = true;
                } else {
                    return null;
                }
                v = (v << 4) | d;
            }
            customer[w] = v;
        }
        String id = new String(a, s, 64, StandardCharsets.ISO_8859_1);
        return upper ? id.toLowerCase(java.util.Locale.ROOT) : id;
    }

    /** Field 3 when it contains only decimal-number characters (so "NaN", "0x1p3", "1d" are not numbers), else null. */
    private String priceText() {
        CsvReader c = csv;
        int n = c.length(3);
        if (n == 0 || n > 64) {
            return null;
        }
        byte[] a = c.array(3);
        int s = c.start(3);
        boolean digit = false;
        for (int i = 0; i < n; i++) {
            byte b = a[s + i];
            if (b >= '0' && b <= '9') {
                digit = true;
            } else if (b != '.' && b != '-' && b != '+' && b != 'e' && b != 'E') {
                return null;
            }
        }
        return digit ? new String(a, s, n, StandardCharsets.ISO_8859_1) : null;
    }

    private int parseChannel() {
        CsvReader c = csv;
        if (c.length(4) != 1) {
            return -1;
        }
        byte b = c.array(4)[c.start(4)];
        return b == '1' ? 1 : b == '2' ? 2 : -1;
    }

    @Override
    public void close() {
        csv.close();
    }
}
