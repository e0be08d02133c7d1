package io.hmrec.app;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' own clients, except that a transactional producer leaves {@code flush()} to the commit.
 *
 * <p>Why: Kafka Streams commits by preparing its tasks one after another, and each task, after emptying its record
 * caches into the producer, calls {@code producer.flush()}; under exactly-once every task shares the thread's one
 * producer, so a commit waits for one broker round trip per task with cached writes. At 2,000 purchases/s that was
 * 33 ms of a 38 ms commit (one commit every 149 ms instead of the configured 100; {@code PurchaseLatencyBenchmark}
 * prints the split), and under exactly-once a new list is visible only once its commit ends.
 *
 * <p>Under exactly-once those flushes protect nothing: {@link KafkaProducer#commitTransaction()} sends every record
 * still buffered and waits until all of them are acknowledged before it ends the transaction, and throws, committing
 * nothing, if any of them failed. What changes is where a failed send surfaces: at the commit instead of at a task's
 * flush. The transaction is not committed either way and its input is processed again; for most errors the commit's
 * exception ends the stream thread (which the app replaces) where the flush's would have closed only the task, and a
 * fenced producer is a migrated task in both. A producer without a transactional id (at-least-once) keeps its
 * flush: there the flush is what makes the consumer's offset commit safe.
 */
public final class CommitFlushedClients implements KafkaClientSupplier {

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG) != null
                ? new CommitFlushedProducer(config)
                : new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return bytesConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return bytesConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return bytesConsumer(config);
    }

    private static Consumer<byte[], byte[]> bytesConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A transactional producer whose records are flushed by {@link #commitTransaction()} alone. */
    static final class CommitFlushedProducer extends KafkaProducer<byte[], byte[]> {
        CommitFlushedProducer(Map<String, Object> config) {
            super(config, new ByteArraySerializer(), new ByteArraySerializer());
        }

        /** Nothing: the transaction's commit flushes (see the class comment). */
        @Override
        public void flush() {
        }
    }
}
