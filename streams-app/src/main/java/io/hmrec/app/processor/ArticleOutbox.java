package io.hmrec.app.processor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What a customer task has to tell the article tasks, held until the next flush and then sent as one record per
 * article (an {@link ArticleMessage.Batch} where there are several).
 *
 * <p>Why: a purchase sends its article one message and each co-purchase partner one (the reverse side of the pair,
 * keyed by the partner). On the synthetic replay that was 4.3 by-article records per purchase: 258,753 for 60,000
 * purchases. A basket's later purchases pair with its earlier ones and with everything the customer bought in the last
 * four weeks, so most of those messages go to a few articles; held for 25 purchases they are 1.5 records per purchase,
 * for 100 purchases 1.1 (counted with core {@code CoPurchase} on that data). Every record saved is a produce, a
 * broker append, a fetch and a pass through Kafka Streams' record path.
 *
 * <p>Why a store and not just memory: under exactly-once, a commit can fall between a purchase and the flush (the
 * commit interval and the punctuation that flushes are not aligned, and a rebalance commits at any time). Messages
 * only in memory would then be lost with the purchase's offset committed. So every message is also appended to the
 * task's outbox store (logged, cached) in chunks of {@code chunkMessages}; a chunk is rewritten as it fills and deleted
 * at the flush, so the changelog sees about one record per chunk and commit instead of one per message. A task that
 * starts with chunks in the store (a crash after a commit, before the flush) reads them back and sends them at its
 * first flush.
 *
 * <p>Not thread-safe: one per customer task, used by its stream thread.
 */
final class ArticleOutbox {
    /** Sends one article's messages (a single message or a batch) with the latest timestamp among them. */
    @FunctionalInterface
    interface Sender {
        void send(String article, ArticleMessage message, long timestamp);
    }

    /**
     * The most {@link #weight} one batch record carries (a hot article's messages are split over several records):
     * about 100 KB, well under the broker's 1 MB record limit, also when a stalled punctuation let the outbox fill.
     */
    static final int MAX_BATCH_WEIGHT = 4096;
    /** Messages per stored chunk: a chunk is rewritten whole on every append, so this bounds the copying. */
    static final int DEFAULT_CHUNK_MESSAGES = 64;

    private final KeyValueStore<String, byte[]> store;
    private final int chunkMessages;
    /** Article → its held messages in arrival order; articles in order of their first held message. */
    private final Map<String, Held> held = new LinkedHashMap<>();
    private int size;
    /** The oldest chunk key in the store (all chunks from it up to {@link #chunk} are held). */
    private long firstChunk;
    /** The chunk being filled: its key, its encoded entries and how many. */
    private long chunk;
    private ByteBuffer chunkBytes = ByteBuffer.allocate(1024);
    private int inChunk;

    private static final class Held {
        final List<ArticleMessage> messages = new ArrayList<>(4);
        long latest = Long.MIN_VALUE;
    }

    /** An outbox over {@code store}, holding what the store holds (left by a run that stopped before its flush). */
    ArticleOutbox(KeyValueStore<String, byte[]> store, int chunkMessages) {
        if (chunkMessages <= 0) {
            throw new IllegalArgumentException("chunkMessages must be > 0, got " + chunkMessages);
        }
        this.store = store;
        this.chunkMessages = chunkMessages;
        long first = -1;
        long last = -1;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                long key = Long.parseLong(kv.key);
                first = first < 0 ? key : first;
                last = key;
                ByteBuffer b = ByteBuffer.wrap(kv.value);
                while (b.hasRemaining()) {
                    byte[] article = new byte[Short.toUnsignedInt(b.getShort())];
                    b.get(article);
                    long ts = b.getLong();
                    byte[] message = new byte[b.getInt()];
                    b.get(message);
                    hold(new String(article, StandardCharsets.UTF_8), ArticleMessage.fromBytes(message), ts);
                }
            }
        }
        // the leftover chunks are sent and deleted at the first flush; new ones start after them
        firstChunk = first < 0 ? 0 : first;
        chunk = last < 0 ? 0 : last + 1;
    }

    /** Holds {@code message} for {@code article} until the next {@link #flush}, in the store as well as in memory. */
    void add(String article, ArticleMessage message, long timestamp) {
        byte[] id = article.getBytes(StandardCharsets.UTF_8);
        byte[] m = ArticleMessage.toBytes(message);
        int need = 2 + id.length + 8 + 4 + m.length;
        if (chunkBytes.remaining() < need) {
            chunkBytes = ByteBuffer.allocate(Math.max(2 * chunkBytes.capacity(), chunkBytes.position() + need))
                    .put(chunkBytes.array(), 0, chunkBytes.position());
        }
        chunkBytes.putShort((short) id.length).put(id).putLong(timestamp).putInt(m.length).put(m);
        store.put(key(chunk), Arrays.copyOf(chunkBytes.array(), chunkBytes.position()));
        hold(article, message, timestamp);
        if (++inChunk == chunkMessages) {
            chunk++;
            inChunk = 0;
            chunkBytes.clear();
        }
    }

    private void hold(String article, ArticleMessage message, long timestamp) {
        Held h = held.computeIfAbsent(article, a -> new Held());
        h.messages.add(message);
        h.latest = Math.max(h.latest, timestamp);
        size++;
    }

    /** Messages held. */
    int size() {
        return size;
    }

    /** Sends everything held, one call per article in order of first message, and empties the outbox. */
    void flush(Sender sender) {
        if (size == 0) {
            return;
        }
        for (Map.Entry<String, Held> e : held.entrySet()) {
            List<ArticleMessage> messages = e.getValue().messages;
            int from = 0;
            int weight = 0;
            for (int i = 0; i < messages.size(); i++) {
                int w = weight(messages.get(i));
                if (i > from && weight + w > MAX_BATCH_WEIGHT) {
                    send(sender, e.getKey(), messages.subList(from, i), e.getValue().latest);
                    from = i;
                    weight = 0;
                }
                weight += w;
            }
            send(sender, e.getKey(), messages.subList(from, messages.size()), e.getValue().latest);
        }
        long end = inChunk > 0 ? chunk + 1 : chunk;
        for (long c = firstChunk; c < end; c++) {
            store.delete(key(c));
        }
        held.clear();
        size = 0;
        firstChunk = end;
        chunk = end;
        inChunk = 0;
        chunkBytes.clear();
    }

    private static void send(Sender sender, String article, List<ArticleMessage> messages, long latest) {
        sender.send(article, messages.size() == 1 ? messages.get(0) : new ArticleMessage.Batch(messages), latest);
    }

    /** About how many 20-byte pair entries a message encodes to (a purchase also carries a customer id). */
    private static int weight(ArticleMessage m) {
        return m instanceof ArticleMessage.Purchased p ? 4 + p.partners().size() : 1;
    }

    /** Zero-padded, so the store's key order is the chunks' order. */
    private static String key(long chunk) {
        String s = Long.toString(chunk);
        return "0".repeat(19 - s.length()) + s;
    }
}
