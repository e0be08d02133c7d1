package io.hmrec.app.processor;

import io.hmrec.schemas.Topics;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For the Avro topics Kafka Streams deserializes itself (articles, customers, model releases and chunks): a record
 * that does not decode is copied, raw, with reason and source coordinates in headers, to hm.dlq.transactions.v1, and
 * the stream continues. (Purchases are read as bytes and validated in the topology, so their DLQ writes are part of
 * the exactly-once transaction; this handler's writes use their own producer and are at-least-once.) If the DLQ
 * itself cannot be written the handler answers FAIL: a poison record is never dropped silently.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    /** Streams config key: bootstrap servers of the DLQ producer. */
    public static final String DLQ_BOOTSTRAP = "hmrec.dlq.bootstrap.servers";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private String bootstrap;
    private KafkaProducer<byte[], byte[]> producer;

    @Override
    public void configure(Map<String, ?> configs) {
        Object b = configs.get(DLQ_BOOTSTRAP);
        bootstrap = b == null ? null : b.toString();
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                 Exception exception) {
        String reason = "cannot deserialize: " + exception.getMessage();
        LOG.warn("poison record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        if (bootstrap == null) {
            LOG.error("no {} configured: cannot dead-letter, failing", DLQ_BOOTSTRAP);
            return DeserializationHandlerResponse.FAIL;
        }
        try {
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            DeadLetters.annotate(headers, reason, record.topic(), record.partition(), record.offset());
            producer().send(new ProducerRecord<>(Topics.DLQ_TRANSACTIONS, null, record.timestamp(), record.key(),
                    record.value(), headers)).get(30, TimeUnit.SECONDS);
            return DeserializationHandlerResponse.CONTINUE;
        } catch (Exception e) {
            LOG.error("cannot write poison record {}-{}@{} to {}: {}", record.topic(), record.partition(),
                    record.offset(), Topics.DLQ_TRANSACTIONS, e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return DeserializationHandlerResponse.FAIL;
        }
    }

    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.CLIENT_ID_CONFIG, "hmrec-dlq"),
                    new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
