package io.hmrec.core.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small, allocation-light RFC-4180 record reader over UTF-8 bytes: comma separated, fields optionally quoted with
 * {@code "}, a doubled quote inside a quoted field is one quote, CRLF or LF line ends, and (only when
 * {@code multiLine} is set) line breaks inside quoted fields.
 *
 * <p>It works on bytes rather than chars because the hot file (transactions) is pure ASCII and validation can run on
 * the bytes without creating Strings; fields are exposed as slices of an internal array that is valid until the next
 * {@link #next()}. A record that breaks the quoting rules is still returned, with {@link #malformed()} saying why, so
 * the caller can reject it with its raw text instead of losing the rest of the file.
 *
 * <p>{@code multiLine=false} makes every line break end a record even inside quotes: a stray quote in a transactions
 * row then costs one rejected row instead of swallowing the file up to the next quote.
 */
public final class CsvReader implements Closeable {
    private static final int INITIAL_BUFFER = 1 << 20;

    private final InputStream in;
    private final boolean multiLine;
    private byte[] buf = new byte[INITIAL_BUFFER];
    private int pos;
    private int limit;
    private boolean eof;
    private long nextLine = 1;
    private long bytesConsumed;

    private int recStart;
    private int recEnd;
    private long recLine;
    private int fieldCount;
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private boolean[] inScratch = new boolean[32];
    private byte[] scratch = new byte[4096];
    private int scratchLen;
    private String malformed;

    /**
     * @param in        UTF-8 bytes; closed by {@link #close()}
     * @param multiLine whether quoted fields may contain line breaks (articles.csv detail_desc)
     */
    public CsvReader(InputStream in, boolean multiLine) {
        this.in = in;
        this.multiLine = multiLine;
    }

    /** Advances to the next record; false at end of input. A trailing empty line is not a record. */
    public boolean next() {
        if (pos >= limit && !fill()) {
            return false;
        }
        recLine = nextLine;
        int end = multiLine ? scanMultiLine() : scanLine();
        // end is the index of '\n' or limit at EOF; the record is [pos, end)
        recStart = pos;
        int stop = end;
        if (stop > recStart && buf[stop - 1] == '\r') {
            stop--;
        }
        recEnd = stop;
        int consumedTo = end < limit ? end + 1 : end;
        bytesConsumed += consumedTo - pos;
        pos = consumedTo;
        nextLine++;
        split();
        return true;
    }

    private int scanLine() {
        int i = pos;
        while (true) {
            byte[] b = buf;
            int lim = limit;
            while (i < lim) {
                if (b[i] == '\n') {
                    return i;
                }
                i++;
            }
            int offset = i - pos;
            if (!fillKeeping()) {
                return limit;
            }
            i = pos + offset;
        }
    }

    private int scanMultiLine() {
        int i = pos;
        boolean inQuotes = false;
        boolean fieldStart = true;
        while (true) {
            while (i < limit) {
                byte c = buf[i];
                if (inQuotes) {
                    if (c == '"') {
                        if (i + 1 >= limit) {
                            int offset = i - pos;
                            if (!fillKeeping()) {
                                return limit;
                            }
                            i = pos + offset;
                            continue;
                        }
                        if (buf[i + 1] == '"') {
                            i += 2;
                            continue;
                        }
                        inQuotes = false;
                    } else if (c == '\n') {
                        nextLine++;
                    }
                } else if (c == '\n') {
                    return i;
                } else if (c == '"' && fieldStart) {
                    inQuotes = true;
                }
                fieldStart = c == ',';
                i++;
            }
            int offset = i - pos;
            if (!fillKeeping()) {
                return limit;
            }
            i = pos + offset;
        }
    }

    private void split() {
        fieldCount = 0;
        scratchLen = 0;
        malformed = null;
        int i = recStart;
        int end = recEnd;
        byte[] b = buf;
        while (true) {
            if (fieldCount == starts.length) {
                growFields();
            }
            if (i < end && b[i] == '"') {
                i = splitQuoted(i + 1, end);
            } else {
                int s = i;
                while (i < end && b[i] != ',') {
                    if (b[i] == '"' && malformed == null) {
                        malformed = "quote inside unquoted field " + (fieldCount + 1);
                    }
                    i++;
                }
                starts[fieldCount] = s;
                ends[fieldCount] = i;
                inScratch[fieldCount] = false;
            }
            fieldCount++;
            if (i >= end) {
                return;
            }
            i++; // the comma
        }
    }

    private int splitQuoted(int i, int end) {
        byte[] b = buf;
        int s = scratchLen;
        while (true) {
            if (i >= end) {
                if (malformed == null) {
                    malformed = "unterminated quoted field " + (fieldCount + 1);
                }
                break;
            }
            byte c = b[i];
            if (c == '"') {
                if (i + 1 < end && b[i + 1] == '"') {
                    putScratch(c);
                    i += 2;
                    continue;
                }
                i++;
                if (i < end && b[i] != ',') {
                    if (malformed == null) {
                        malformed = "text after closing quote in field " + (fieldCount + 1);
                    }
                    while (i < end && b[i] != ',') {
                        putScratch(b[i]);
                        i++;
                    }
                }
                break;
            }
            putScratch(c);
            i++;
        }
        starts[fieldCount] = s;
        ends[fieldCount] = scratchLen;
        inScratch[fieldCount] = true;
        return i;
    }

    private void putScratch(byte c) {
        if (scratchLen == scratch.length) {
            scratch = Arrays.copyOf(scratch, scratch.length * 2);
        }
        scratch[scratchLen++] = c;
    }

    private void growFields() {
        int n = starts.length * 2;
        starts = Arrays.copyOf(starts, n);
        ends = Arrays.copyOf(ends, n);
        inScratch = Arrays.copyOf(inScratch, n);
    }

    /** Refills an exhausted buffer; false at end of input. */
    private boolean fill() {
        pos = 0;
        limit = 0;
        return fillKeeping();
    }

    /** Reads more bytes keeping [pos, limit): moves them to the front, grows the buffer when a record fills it. */
    private boolean fillKeeping() {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit += n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of fields of the current record (an empty line has one empty field). */
    public int fieldCount() {
        return fieldCount;
    }

    /** Physical line number (1-based) where the current record starts. */
    public long lineNumber() {
        return recLine;
    }

    /** Bytes consumed so far, the current record and its line end included: a resumable offset into the file. */
    public long bytesConsumed() {
        return bytesConsumed;
    }

    /** Why the current record breaks the quoting rules, or null when it is well formed. */
    public String malformed() {
        return malformed;
    }

    /** The array holding field {@code i}'s bytes (valid until {@link #next()}). */
    public byte[] array(int i) {
        return inScratch[i] ? scratch : buf;
    }

    /** Offset of field {@code i} in {@link #array(int)}. */
    public int start(int i) {
        return starts[i];
    }

    /** Length in bytes of field {@code i}, quotes removed. */
    public int length(int i) {
        return ends[i] - starts[i];
    }

    /** Field {@code i} as a String. */
    public String field(int i) {
        return new String(array(i), starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    }

    /** Field {@code i}, or null when it is empty: the data's way of saying "unknown". */
    public String fieldOrNull(int i) {
        return ends[i] == starts[i] ? null : field(i);
    }

    /** The current record as it stands in the file, without its line end. */
    public String raw() {
        return new String(buf, recStart, recEnd - recStart, StandardCharsets.UTF_8);
    }

    /** True when the current record is one empty line. */
    public boolean isBlank() {
        return recEnd == recStart;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
