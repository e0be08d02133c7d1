package io.hmrec.ranker;

import io.github.metarank.lightgbm4j.LGBMBooster;
import java.io.IOException;

/** Loads LightGBM's bundled native library once, with an error that says what is missing. */
final class NativeLightGbm {
    private NativeLightGbm() {}

    static void load() {
        try {
            LGBMBooster.loadNative();
        } catch (IOException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("LightGBM's native library (bundled in lightgbm4j for linux x86_64/aarch64,"
                    + " macOS, windows; needs libgomp) could not be loaded: " + e.getMessage(), e);
        }
    }
}
