package io.hmrec.app.processor;

import io.hmrec.app.store.GlobalStoreVersions;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Copies a global store's source topic into the store byte for byte (null value = delete). Kafka Streams restores
 * global stores by copying the topic, bypassing this processor, so anything but a verbatim copy would make a
 * restored store differ from a live one; interpretation happens at read time in the views. Every write is counted in
 * the store's {@link GlobalStoreVersions}, after it is made, so views may keep what they decoded until it changes.
 */
public final class GlobalStoreWriter implements Processor<String, byte[], Void, Void> {
    private final String storeName;
    private final GlobalStoreVersions.Keys versions;
    private KeyValueStore<String, byte[]> store;

    public GlobalStoreWriter(String storeName, GlobalStoreVersions.Keys versions) {
        this.storeName = storeName;
        this.versions = versions;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        versions.allWritten(); // restored just before, bypassing process(): nothing kept before may still hold
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        versions.written(record.key());
    }
}
