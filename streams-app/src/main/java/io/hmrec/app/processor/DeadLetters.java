package io.hmrec.app.processor;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Header names of a dead-letter record on hm.dlq.transactions.v1: the record's key and value are the raw bytes as
 * they arrived; the headers say why it was rejected and where it came from.
 */
public final class DeadLetters {
    /** Human-readable reason, e.g. "price -1.0 is negative". */
    public static final String REASON = "hmrec.dlq.reason";
    /** Source topic of the rejected record. */
    public static final String SOURCE_TOPIC = "hmrec.dlq.source.topic";
    /** Source partition (decimal). */
    public static final String SOURCE_PARTITION = "hmrec.dlq.source.partition";
    /** Source offset (decimal). */
    public static final String SOURCE_OFFSET = "hmrec.dlq.source.offset";

    private DeadLetters() {}

    /** Adds the four headers (replacing earlier ones of the same name). */
    public static void annotate(Headers headers, String reason, String topic, int partition, long offset) {
        put(headers, REASON, reason);
        put(headers, SOURCE_TOPIC, topic);
        put(headers, SOURCE_PARTITION, Integer.toString(partition));
        put(headers, SOURCE_OFFSET, Long.toString(offset));
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A header's value as text, or null. */
    public static String header(Headers headers, String name) {
        var h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
