package io.hmrec.app.load;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where a load stands, written only after the producer has flushed (every row up to {@code rowsDone} is acked by
 * the broker) and replaced atomically (write to a temp file, then rename), so a crash leaves either the old or the
 * new checkpoint, never a torn one.
 *
 * @param fingerprint        {@link io.hmrec.core.data.FileFingerprint} of transactions_train.csv: a checkpoint never
 *                           resumes a different file
 * @param catalogsDone       articles and customers are published
 * @param rowsDone           data rows of transactions_train.csv fully handled (published, rejected or skipped)
 * @param transactionOffsets per partition of the transactions topic, the offset after the last acked record at
 *                           checkpoint time: on resume, records from there on are scanned for already-published ids
 * @param dlqOffset          the same for the (single-partition) dead-letter topic
 * @param complete           the whole file is done
 */
public record Checkpoint(String fingerprint, boolean catalogsDone, long rowsDone, Map<Integer, Long> transactionOffsets,
                         long dlqOffset, boolean complete) {
    public Checkpoint {
        transactionOffsets = Map.copyOf(transactionOffsets);
    }

    /** The checkpoint in {@code file}, or null when there is none. */
    public static Checkpoint read(Path file) {
        if (file == null || !Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            Map<Integer, Long> offsets = new TreeMap<>();
            for (String name : p.stringPropertyNames()) {
                if (name.startsWith("offset.")) {
                    offsets.put(Integer.parseInt(name.substring(7)), Long.parseLong(p.getProperty(name)));
                }
            }
            return new Checkpoint(require(p, "fingerprint", file), Boolean.parseBoolean(require(p, "catalogsDone", file)),
                    Long.parseLong(require(p, "rowsDone", file)), offsets, Long.parseLong(require(p, "dlqOffset", file)),
                    Boolean.parseBoolean(require(p, "complete", file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("checkpoint " + file + " is corrupt (" + e.getMessage()
                    + "); delete it to load from the beginning", e);
        }
    }

    private static String require(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("checkpoint " + file + " lacks '" + key
                    + "'; delete it to load from the beginning");
        }
        return v;
    }

    /** Atomically replaces {@code file} with this checkpoint. */
    public void write(Path file) {
        Properties p = new Properties();
        p.setProperty("fingerprint", fingerprint);
        p.setProperty("catalogsDone", Boolean.toString(catalogsDone));
        p.setProperty("rowsDone", Long.toString(rowsDone));
        p.setProperty("dlqOffset", Long.toString(dlqOffset));
        p.setProperty("complete", Boolean.toString(complete));
        transactionOffsets.forEach((k, v) -> p.setProperty("offset." + k, Long.toString(v)));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "hmrec load checkpoint");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
