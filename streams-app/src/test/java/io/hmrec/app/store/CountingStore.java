package io.hmrec.app.store;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** A read-only view of a store that counts its point reads. */
final class CountingStore implements ReadOnlyKeyValueStore<String, byte[]> {
    private final ReadOnlyKeyValueStore<String, byte[]> store;
    int reads;

    CountingStore(ReadOnlyKeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    @Override
    public byte[] get(String key) {
        reads++;
        return store.get(key);
    }

    @Override
    public KeyValueIterator<String, byte[]> range(String from, String to) {
        return store.range(from, to);
    }

    @Override
    public KeyValueIterator<String, byte[]> all() {
        return store.all();
    }

    @Override
    public long approximateNumEntries() {
        return store.approximateNumEntries();
    }
}
