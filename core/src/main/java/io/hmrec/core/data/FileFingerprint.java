package io.hmrec.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A cheap identity of a large data file: SHA-256 over its size, first MiB and last MiB. Enough to notice that a
 * checkpoint belongs to another file (different size, regenerated data, edited head or tail) without reading 3.5 GB.
 */
public final class FileFingerprint {
    private static final int EDGE = 1 << 20;

    private FileFingerprint() {}

    /** 64 hex digits identifying {@code file}'s size and edges. */
    public static String of(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = ch.size();
            sha.update(ByteBuffer.allocate(8).putLong(size).array());
            digest(ch, sha, 0, Math.min(EDGE, size));
            long tail = Math.max(0, size - EDGE);
            digest(ch, sha, tail, size - tail);
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fingerprint " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    private static void digest(FileChannel ch, MessageDigest sha, long from, long len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) len);
        while (buf.hasRemaining()) {
            if (ch.read(buf, from + buf.position()) < 0) {
                break;
            }
        }
        buf.flip();
        sha.update(buf);
    }
}
