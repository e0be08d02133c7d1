package io.hmrec.app.processor;

import io.hmrec.core.model.ArticleIds;
import io.hmrec.core.model.Purchase;
import io.hmrec.schemas.avro.PurchaseEvent;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns raw hm.transactions.v1 records into {@link Purchase}s, rejecting poison: bytes that are not our Avro (bad
 * magic byte, unknown schema id, truncated), missing ids, impossible values (negative or non-finite price, sales
 * channel other than 1/2, a day outside 2000..2100), and a key that is not the event's customer (which would put the
 * customer's state on the wrong partition). Rejections carry the reason and the source coordinates in headers and go
 * to the dead-letter topic; the stream continues with the next record.
 */
public final class PurchaseValidationProcessor implements Processor<String, byte[], String, ValidationResult> {
    private static final int MIN_DAY = (int) LocalDate.of(2000, 1, 1).toEpochDay();
    private static final int MAX_DAY = (int) LocalDate.of(2100, 1, 1).toEpochDay();

    private final Deserializer<PurchaseEvent> deserializer;
    private final String topic;
    private ProcessorContext<String, ValidationResult> context;

    /**
     * @param deserializer Confluent-format Avro deserializer of the purchase topic
     * @param topic        the purchase topic's name (the deserializer's subject)
     */
    public PurchaseValidationProcessor(Deserializer<PurchaseEvent> deserializer, String topic) {
        this.deserializer = deserializer;
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<String, ValidationResult> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        // this task's input counts as the thread's work too: when the customer tasks wait for committed input (a
        // replay's last stretch, 1 s commits), a thread seen as idle gave a customer task's drain 90% of itself and
        // left validation about 390 purchases/s (session 8's full replay)
        DeferredWork.ofCurrentThread().noteProcessed();
        String reason;
        Purchase purchase = null;
        if (record.value() == null) {
            reason = "record has no value";
        } else {
            PurchaseEvent event;
            try {
                event = deserializer.deserialize(topic, record.headers(), record.value());
                reason = problem(record.key(), event);
                if (reason == null) {
                    purchase = new Purchase(Math.toIntExact(event.getTDat().toEpochDay()), event.getCustomerId(),
                            ArticleIds.normalise(event.getArticleId()), event.getPrice(), event.getSalesChannelId());
                }
            } catch (RuntimeException e) {
                // any decoding failure of this one record is poison; the exception's message names the problem
                reason = "not a valid " + topic + " event: " + e.getMessage();
            }
        }
        if (purchase != null) {
            context.forward(record.withValue(new ValidationResult.Valid(purchase)));
            return;
        }
        Optional<RecordMetadata> meta = context.recordMetadata();
        Record<String, ValidationResult> out = record.withValue(new ValidationResult.Rejected(record.value(), reason));
        DeadLetters.annotate(out.headers(), reason, meta.map(RecordMetadata::topic).orElse(topic),
                meta.map(RecordMetadata::partition).orElse(-1), meta.map(RecordMetadata::offset).orElse(-1L));
        context.forward(out);
    }

    /** The first thing wrong with an event, or null when it is a valid purchase. */
    static String problem(String key, PurchaseEvent e) {
        String customer = e.getCustomerId();
        if (customer == null || customer.isBlank()) {
            return "customer_id is missing";
        }
        if (key == null || !key.equals(customer)) {
            return "record key '" + key + "' is not the event's customer_id '" + customer + "'";
        }
        if (e.getArticleId() == null || e.getArticleId().isBlank()) {
            return "article_id is missing";
        }
        try {
            ArticleIds.normalise(e.getArticleId());
        } catch (IllegalArgumentException bad) {
            return bad.getMessage();
        }
        double price = e.getPrice();
        if (!Double.isFinite(price) || price < 0) {
            return "price " + price + " is not a finite non-negative number";
        }
        int channel = e.getSalesChannelId();
        if (channel != 1 && channel != 2) {
            return "sales_channel_id " + channel + " is neither 1 (store) nor 2 (online)";
        }
        if (e.getTDat() == null) {
            return "t_dat is missing";
        }
        long day = e.getTDat().toEpochDay();
        if (day < MIN_DAY || day >= MAX_DAY) {
            return "t_dat " + e.getTDat() + " is outside 2000-01-01..2099-12-31";
        }
        return null;
    }
}
