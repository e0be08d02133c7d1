package io.hmrec.app.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Change counters for the keys of the global stores, so that views can keep what they decoded from a global store
 * and skip the store read while the key is unchanged. The global stores have one writer
 * ({@link io.hmrec.app.processor.GlobalStoreWriter}, on the global stream thread) and many readers (stream threads,
 * query threads); at 2,000 purchases/s the stream thread spent 13% of its CPU in RocksDB reads of the neighbour and
 * product stores (perf), most of them of keys that had not changed since the last read.
 *
 * <p>Protocol: a reader takes the key's version <em>before</em> it reads the store and keeps it with what it decoded;
 * the writer bumps the version <em>after</em> it writes. A kept answer whose version is still current therefore
 * reflects a write no older than the current one (a read that raced a write keeps the old version and is read again
 * next time). Versions are per slot of a fixed array, so a write also invalidates the other keys of its slot.
 */
public final class GlobalStoreVersions {
    /** What {@link Keys#version} answers when nobody counts the writes: never keep anything. */
    public static final long UNTRACKED = -1;
    /** No writer counts: views read the store every time (tests that write stores directly). */
    public static final GlobalStoreVersions NONE = new GlobalStoreVersions(0);

    private static final int DEFAULT_BITS = 14;

    private final int bits;
    private final Map<String, Keys> byStore = new ConcurrentHashMap<>();

    /** Versions for every global store, 16,384 slots each. */
    public GlobalStoreVersions() {
        this(DEFAULT_BITS);
    }

    /** @param bits log2 of the slots per store; 0 for {@link #NONE} */
    GlobalStoreVersions(int bits) {
        if (bits < 0 || bits > 24) {
            throw new IllegalArgumentException("bits must be in 0..24, got " + bits);
        }
        this.bits = bits;
    }

    /** The counters of one global store. */
    public Keys of(String storeName) {
        return bits == 0 ? Keys.UNTRACKED_KEYS : byStore.computeIfAbsent(storeName, n -> new Keys(bits));
    }

    /** The write counters of one store's keys. */
    public static final class Keys {
        static final Keys UNTRACKED_KEYS = new Keys(0);

        private final AtomicLongArray versions;
        private final int bits;

        private Keys(int bits) {
            this.bits = bits;
            this.versions = bits == 0 ? null : new AtomicLongArray(1 << bits);
        }

        /** The key's current version, or {@link #UNTRACKED}. */
        public long version(String key) {
            return versions == null ? UNTRACKED : versions.get(slot(key));
        }

        /** Called by the writer after it wrote or deleted {@code key}. */
        public void written(String key) {
            if (versions != null) {
                versions.incrementAndGet(slot(key));
            }
        }

        /** Called by the writer when the whole store may have changed (it was restored). */
        public void allWritten() {
            if (versions != null) {
                for (int i = 0; i < versions.length(); i++) {
                    versions.incrementAndGet(i);
                }
            }
        }

        private int slot(String key) {
            return (key.hashCode() * 0x9E3779B9) >>> (32 - bits);
        }
    }
}
