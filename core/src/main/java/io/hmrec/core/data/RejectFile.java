package io.hmrec.core.data;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A reject file: tab-separated, header {@code file\tline\treason\tdetail\traw}. Tabs, CR, LF and backslashes inside
 * values are escaped as {@code \t}, {@code \r}, {@code \n}, {@code \\} so every rejection is one line even when the
 * raw row spanned several (a multi-line detail_desc).
 */
public final class RejectFile implements RejectSink, Closeable {
    /** The header line of every reject file. */
    public static final String HEADER = "file\tline\treason\tdetail\traw";

    private final BufferedWriter out;

    private RejectFile(BufferedWriter out) {
        this.out = out;
    }

    /** Creates (or truncates) {@code path} and writes the header. */
    public static RejectFile create(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            w.write(HEADER);
            w.write('\n');
            return new RejectFile(w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write reject file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens {@code path} for appending (a resumed run keeps the rejects of the run it continues); writes the header
     * when the file is new or empty.
     */
    public static RejectFile append(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean fresh = !Files.exists(path) || Files.size(path) == 0;
            BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (fresh) {
                w.write(HEADER);
                w.write('\n');
            }
            return new RejectFile(w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write reject file " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void reject(Rejection r) {
        try {
            out.write(escape(r.file()));
            out.write('\t');
            out.write(Long.toString(r.lineNumber()));
            out.write('\t');
            out.write(r.reason().code());
            out.write('\t');
            out.write(escape(r.detail()));
            out.write('\t');
            out.write(escape(r.raw()));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Escapes a value for one TSV cell. */
    public static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\\' -> "\\\\";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
