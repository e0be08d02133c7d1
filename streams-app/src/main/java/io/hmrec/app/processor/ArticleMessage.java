package io.hmrec.app.processor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What a customer task tells an article task through the by-article repartition (key: the article id). Kept tiny:
 * it crosses the broker once per purchase and once per co-purchase pair.
 */
public sealed interface ArticleMessage {

    /** A customer in {@code ageBucket} bought one unit of the keyed article on {@code day} (epoch day). */
    record Purchased(String customerId, int day, int ageBucket) implements ArticleMessage {}

    /** {@code neighbour} gains {@code weight} as a co-purchase neighbour of the keyed article on {@code day}. */
    record Paired(String neighbour, double weight, int day) implements ArticleMessage {}

    byte PURCHASED = 1;
    byte PAIRED = 2;

    static byte[] toBytes(ArticleMessage m) {
        if (m instanceof Purchased p) {
            byte[] id = p.customerId().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 4 + 1 + id.length).put(PURCHASED).putInt(p.day())
                    .put((byte) p.ageBucket()).put(id).array();
        }
        Paired q = (Paired) m;
        return ByteBuffer.allocate(1 + 8 + 8 + 4).put(PAIRED).putLong(Long.parseLong(q.neighbour()))
                .putDouble(q.weight()).putInt(q.day()).array();
    }

    static ArticleMessage fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < 1) {
            throw new IllegalArgumentException("article message: empty encoding");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte type = b.get();
        if (type == PURCHASED && bytes.length >= 6) {
            int day = b.getInt();
            int bucket = b.get();
            return new Purchased(new String(bytes, 6, bytes.length - 6, StandardCharsets.UTF_8), day, bucket);
        }
        if (type == PAIRED && bytes.length == 21) {
            String s = Long.toString(b.getLong());
            return new Paired("0".repeat(Math.max(0, 10 - s.length())) + s, b.getDouble(), b.getInt());
        }
        throw new IllegalArgumentException("article message: unknown type " + type + " or bad length " + bytes.length);
    }

    /** The serde of the by-article repartition topic. */
    static Serde<ArticleMessage> serde() {
        return Serdes.serdeFrom((topic, m) -> m == null ? null : toBytes(m),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }
}
