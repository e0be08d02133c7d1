package io.hmrec.trainer.release;

import io.hmrec.schemas.avro.ModelChunk;
import io.hmrec.schemas.avro.ModelRelease;
import java.time.Duration;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a model version to the stack in ONE Kafka transaction: all its {@link ModelChunk}s on hm.model-chunks.v1,
 * then its {@link ModelRelease} manifest on the compacted hm.model-releases.v1 (keyed by model name). Consumers
 * reading with {@code isolation.level=read_committed} therefore see every record of a version or none: a failure
 * aborts the transaction, and a crash before the commit leaves an open transaction that the broker aborts when the
 * transaction times out or when the next publisher with the same {@code transactional.id} calls
 * {@code initTransactions()} (which fences the dead one). Either way the previous manifest stays the latest
 * committed value of the model's key, so the live version is untouched.
 *
 * <p>The producer must be configured with a {@code transactional.id}; this class calls {@code initTransactions()}
 * once and owns the producer.
 */
public final class ModelPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);
    private final Producer<String, byte[]> producer;
    private final Serializer<ModelChunk> chunkSerializer;
    private final Serializer<ModelRelease> releaseSerializer;
    private final String chunksTopic;
    private final String releasesTopic;

    public ModelPublisher(Producer<String, byte[]> producer, Serializer<ModelChunk> chunkSerializer, String chunksTopic,
                          Serializer<ModelRelease> releaseSerializer, String releasesTopic) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.chunkSerializer = chunkSerializer;
        this.releaseSerializer = releaseSerializer;
        this.chunksTopic = chunksTopic;
        this.releasesTopic = releasesTopic;
        producer.initTransactions();
    }

    /** Publishes the release atomically; throws (after aborting) when the transaction could not be committed. */
    public void publish(Release release) {
        publish(release, i -> { });
    }

    /**
     * As {@link #publish(Release)}, calling {@code beforeChunk} with each chunk index before it is sent. Tests use it
     * to simulate a crash mid-release: an {@link Error} thrown there escapes without abort or commit, as a killed
     * process would leave the transaction.
     */
    void publish(Release release, IntConsumer beforeChunk) {
        ModelRelease m = release.manifest();
        producer.beginTransaction();
        try {
            for (ModelChunk c : release.chunks()) {
                beforeChunk.accept(c.getIndex());
                producer.send(new ProducerRecord<>(chunksTopic, null, m.getCreatedAt().toEpochMilli(),
                        ModelChunks.key(c), chunkSerializer.serialize(chunksTopic, c)));
            }
            producer.send(new ProducerRecord<>(releasesTopic, null, m.getCreatedAt().toEpochMilli(), m.getModel(),
                    releaseSerializer.serialize(releasesTopic, m)));
            producer.commitTransaction();
            LOG.info("released {} {} ({} chunks, checksum {})", m.getModel(), m.getVersion(), m.getChunkCount(),
                    m.getChecksum());
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            // fatal for this producer: another instance took over the transactional id, or we may not write
            throw new IllegalStateException("cannot release " + m.getModel() + " " + m.getVersion()
                    + ": producer is fenced or unauthorised; the live version is unchanged", e);
        } catch (KafkaException e) {
            producer.abortTransaction();
            throw new IllegalStateException("release of " + m.getModel() + " " + m.getVersion()
                    + " failed and was aborted; the live version is unchanged", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
