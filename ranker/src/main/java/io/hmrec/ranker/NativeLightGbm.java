package io.hmrec.ranker;

import io.github.metarank.lightgbm4j.LGBMBooster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Loads LightGBM's bundled native library once per process, with an error that says what is missing.
 *
 * <p>Why not just {@code LGBMBooster.loadNative()}: lightgbm4j extracts its {@code .so} files to a fixed name in
 * {@code java.io.tmpdir}, so a second JVM starting on the same machine (the trainer beside the streams app, two
 * backtests) rewrites the library another process has mapped, which kills that process with SIGBUS inside
 * {@code LGBM_BoosterPredictForMat}. Here the extraction goes to a fresh private directory; the files are deleted
 * right after loading (the mapping stays valid on Linux and macOS).
 */
final class NativeLightGbm {
    private NativeLightGbm() {}

    /** Initialised once by the JVM on first use; holds the load failure, if any. */
    private static final class Holder {
        static final RuntimeException FAILURE = loadOnce();
    }

    static void load() {
        if (Holder.FAILURE != null) {
            throw Holder.FAILURE;
        }
    }

    private static RuntimeException loadOnce() {
        Path dir;
        try {
            dir = Files.createTempDirectory("hmrec-lightgbm-");
        } catch (IOException e) {
            return new IllegalStateException("cannot create a directory for LightGBM's native library: " + e.getMessage(), e);
        }
        String previous = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", dir.toString() + "/");
        try {
            // first use of LGBMBooster runs its static initialiser, which extracts into java.io.tmpdir
            LGBMBooster.loadNative();
            if (!LGBMBooster.isNativeLoaded()) {
                return new IllegalStateException("LightGBM's native library did not load (lightgbm4j bundles it for linux"
                        + " x86_64/aarch64, macOS and windows; on Linux it needs libgomp)");
            }
            return null;
        } catch (IOException | LinkageError e) {
            return new IllegalStateException("LightGBM's native library (bundled in lightgbm4j for linux x86_64/aarch64,"
                    + " macOS, windows; needs libgomp) could not be loaded: " + e.getMessage(), e);
        } finally {
            System.setProperty("java.io.tmpdir", previous);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // only a leftover temp directory; the library is loaded either way
                System.getLogger(NativeLightGbm.class.getName()).log(System.Logger.Level.WARNING,
                        "could not remove " + dir + ": " + e.getMessage());
            }
        }
    }
}
