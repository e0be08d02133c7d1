package io.hmrec.app.store;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the process: one LRU block cache (data, index and filter
 * blocks) and one write-buffer manager that charges memtables against that same cache. Memory then stays at about
 * {@code hmrec.rocksdb.block.cache.bytes} however many stores and partitions the instance hosts.
 *
 * <p>Sizes come from the Streams config map (keys {@link #BLOCK_CACHE_BYTES}, {@link #WRITE_BUFFER_BYTES}, put there
 * by {@code AppConfig.kafkaProperties()}).
 */
public final class BoundedMemoryRocksDbConfig implements RocksDBConfigSetter {
    /** Streams config key: bytes of the shared block cache. */
    public static final String BLOCK_CACHE_BYTES = "hmrec.rocksdb.block.cache.bytes";
    /** Streams config key: bytes of memtables (counted inside the block cache). */
    public static final String WRITE_BUFFER_BYTES = "hmrec.rocksdb.write.buffer.bytes";

    private static final long BLOCK_SIZE = 16 * 1024L;
    private static final double INDEX_FILTER_BLOCK_RATIO = 0.1;

    /**
     * The one exception to "no static mutable state" in hmrec. Kafka Streams instantiates a config setter per store
     * through a no-arg constructor and gives it no way to share objects with other stores, so the documented pattern
     * (Kafka Streams memory-management guide, "bounded memory config setter") is a process-wide cache held statically.
     * It is created once, lazily, from the first config seen, never replaced and never closed per store; all
     * KafkaStreams instances of one JVM therefore share one budget (tests that run two instances in one JVM simply
     * share it).
     */
    private static final class Shared {
        private static Shared instance;

        final Cache cache;
        final WriteBufferManager writeBufferManager;

        private Shared(long cacheBytes, long writeBufferBytes) {
            cache = new LRUCache(cacheBytes, -1, false, INDEX_FILTER_BLOCK_RATIO);
            writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
        }

        static synchronized Shared get(long cacheBytes, long writeBufferBytes) {
            if (instance == null) {
                instance = new Shared(cacheBytes, writeBufferBytes);
            }
            return instance;
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long cacheBytes = bytes(configs, BLOCK_CACHE_BYTES, 256L << 20);
        long writeBytes = bytes(configs, WRITE_BUFFER_BYTES, 64L << 20);
        if (writeBytes > cacheBytes) {
            throw new IllegalArgumentException(WRITE_BUFFER_BYTES + " (" + writeBytes + ") must not exceed "
                    + BLOCK_CACHE_BYTES + " (" + cacheBytes + "): memtables are charged to the block cache");
        }
        Shared shared = Shared.get(cacheBytes, writeBytes);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(BLOCK_SIZE);
        options.setWriteBufferManager(shared.writeBufferManager);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(Math.max(1L << 20, writeBytes / 8));
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and write-buffer manager are shared by every store: closing them here would break the others
    }

    private static long bytes(Map<String, Object> configs, String key, long dflt) {
        Object v = configs.get(key);
        if (v == null) {
            return dflt;
        }
        long n = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().trim());
        if (n <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + n);
        }
        return n;
    }
}
