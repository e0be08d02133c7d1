package io.hmrec.app.processor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What a customer task tells an article task through the by-article repartition (key: the article id). Kept tiny:
 * it crosses the broker once per purchase (carrying the purchased article's own co-purchase partners) and once per
 * co-purchase partner (the reverse direction, keyed by the partner).
 */
public sealed interface ArticleMessage {

    /**
     * A customer in {@code ageBucket} bought one unit of the keyed article on {@code day} (epoch day); each of
     * {@code partners} gains its weight as a co-purchase neighbour of the keyed article, in this order. Carrying the
     * purchased article's side of its pairs here (instead of one {@link Paired} record each) halves the records a
     * purchase sends across the broker and lets the article task decode and re-encode the neighbour list once.
     */
    record Purchased(String customerId, int day, int ageBucket, List<Paired> partners) implements ArticleMessage {
        public Purchased {
            partners = List.copyOf(partners);
        }

        /** A purchase without co-purchase partners. */
        public Purchased(String customerId, int day, int ageBucket) {
            this(customerId, day, ageBucket, List.of());
        }
    }

    /** {@code neighbour} gains {@code weight} as a co-purchase neighbour of the keyed article on {@code day}. */
    record Paired(String neighbour, double weight, int day) implements ArticleMessage {}

    byte PURCHASED = 1;
    byte PAIRED = 2;
    /** A purchase with partners; a purchase without any keeps type 1, so both encodings stay readable. */
    byte PURCHASED_WITH_PARTNERS = 3;
    int PAIRED_BYTES = 8 + 8 + 4;

    static byte[] toBytes(ArticleMessage m) {
        if (m instanceof Purchased p) {
            byte[] id = p.customerId().getBytes(StandardCharsets.UTF_8);
            if (p.partners().isEmpty()) {
                return ByteBuffer.allocate(1 + 4 + 1 + id.length).put(PURCHASED).putInt(p.day())
                        .put((byte) p.ageBucket()).put(id).array();
            }
            if (p.partners().size() > 0xffff) {
                throw new IllegalArgumentException("article message: " + p.partners().size()
                        + " co-purchase partners exceed the encoding's limit of 65535");
            }
            ByteBuffer b = ByteBuffer.allocate(1 + 4 + 1 + 2 + p.partners().size() * PAIRED_BYTES + id.length)
                    .put(PURCHASED_WITH_PARTNERS).putInt(p.day()).put((byte) p.ageBucket())
                    .putShort((short) p.partners().size());
            for (Paired q : p.partners()) {
                putPaired(b, q);
            }
            return b.put(id).array();
        }
        return putPaired(ByteBuffer.allocate(1 + PAIRED_BYTES).put(PAIRED), (Paired) m).array();
    }

    private static ByteBuffer putPaired(ByteBuffer b, Paired q) {
        return b.putLong(Long.parseLong(q.neighbour())).putDouble(q.weight()).putInt(q.day());
    }

    private static Paired getPaired(ByteBuffer b) {
        String s = Long.toString(b.getLong());
        return new Paired("0".repeat(Math.max(0, 10 - s.length())) + s, b.getDouble(), b.getInt());
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
        if (type == PAIRED && bytes.length == 1 + PAIRED_BYTES) {
            return getPaired(b);
        }
        if (type == PURCHASED_WITH_PARTNERS && bytes.length >= 8) {
            int day = b.getInt();
            int bucket = b.get();
            int n = Short.toUnsignedInt(b.getShort());
            int idAt = 8 + n * PAIRED_BYTES;
            if (n > 0 && bytes.length >= idAt) {
                List<Paired> partners = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    partners.add(getPaired(b));
                }
                return new Purchased(new String(bytes, idAt, bytes.length - idAt, StandardCharsets.UTF_8), day, bucket,
                        partners);
            }
        }
        throw new IllegalArgumentException("article message: unknown type " + type + " or bad length " + bytes.length);
    }

    /** The serde of the by-article repartition topic. */
    static Serde<ArticleMessage> serde() {
        return Serdes.serdeFrom((topic, m) -> m == null ? null : toBytes(m),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }
}
