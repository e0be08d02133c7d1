package io.hmrec.core.data;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts for one file read: rows accepted, rows rejected by reason, and (transactions) duplicate rows kept as extra
 * units. Mutable while its reader runs; read it after the reader is done. Not thread-safe.
 */
public final class ReadSummary {
    private final String file;
    private long accepted;
    private long duplicates;
    private final EnumMap<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);

    public ReadSummary(String file) {
        this.file = file;
    }

    void accept() {
        accepted++;
    }

    void duplicate() {
        duplicates++;
    }

    void reject(RejectReason reason) {
        rejected.merge(reason, 1L, Long::sum);
    }

    public String file() {
        return file;
    }

    public long accepted() {
        return accepted;
    }

    /** Accepted rows identical to an earlier row of the same day (extra units of one purchase). */
    public long duplicates() {
        return duplicates;
    }

    public long rejectedTotal() {
        long n = 0;
        for (long v : rejected.values()) {
            n += v;
        }
        return n;
    }

    /** Rows of the file (header excluded): accepted plus rejected. */
    public long rows() {
        return accepted + rejectedTotal();
    }

    public Map<RejectReason, Long> rejectedByReason() {
        return Collections.unmodifiableMap(rejected);
    }

    public long rejected(RejectReason reason) {
        return rejected.getOrDefault(reason, 0L);
    }

    /** One line per count, e.g. {@code transactions_train.csv: 23199 rows, 23199 accepted (2102 duplicate units), 0 rejected}. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(file).append(": ").append(rows()).append(" rows, ").append(accepted).append(" accepted");
        if (duplicates > 0) {
            b.append(" (").append(duplicates).append(" duplicate rows kept as units)");
        }
        b.append(", ").append(rejectedTotal()).append(" rejected");
        for (Map.Entry<RejectReason, Long> e : rejected.entrySet()) {
            b.append("\n  rejected ").append(e.getKey().code()).append(": ").append(e.getValue());
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
