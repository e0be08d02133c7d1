package io.hmrec.app.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.app.StoreNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class ArticleOutboxTest {
    private static final String A = "0108775015";
    private static final String B = "0200000001";
    private static final String C = "0300000001";
    private static final ArticleMessage M1 = new ArticleMessage.Purchased("alice", 18_500, 2);
    private static final ArticleMessage M2 = new ArticleMessage.Purchased("alice", 18_500, 2,
            List.of(new ArticleMessage.Paired(A, 1.0, 18_500)));
    private static final ArticleMessage M3 = new ArticleMessage.Paired(B, 1.0, 18_500);
    private static final ArticleMessage M4 = new ArticleMessage.Purchased("bob", 18_501, 0);
    private static final ArticleMessage M5 = new ArticleMessage.Paired(C, 0.5, 18_501);

    private final KeyValueStore<String, byte[]> store = MockStores.add(new MockProcessorContext<>(), StoreNames.ARTICLE_OUTBOX);

    private static void addAll(ArticleOutbox outbox) {
        outbox.add(A, M1, 100);
        outbox.add(B, M2, 100);
        outbox.add(A, M3, 100);
        outbox.add(C, M4, 300);
        outbox.add(A, M5, 200);
    }

    private static List<String> flush(ArticleOutbox outbox) {
        List<String> sent = new ArrayList<>();
        outbox.flush((article, message, ts) -> sent.add(article + " @" + ts + " " + message));
        return sent;
    }

    private static final List<String> EXPECTED = List.of(
            A + " @200 " + new ArticleMessage.Batch(List.of(M1, M3, M5)),
            B + " @100 " + M2,
            C + " @300 " + M4);

    private List<String> storedKeys() {
        List<String> keys = new ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    @Test
    void shouldSendEachArticlesMessagesAsOneRecordInOrderOfFirstMessageWithTheLatestTimestamp() {
        ArticleOutbox outbox = new ArticleOutbox(store, 64);
        addAll(outbox);
        assertThat(outbox.size()).isEqualTo(5);
        assertThat(flush(outbox)).isEqualTo(EXPECTED);
        assertThat(outbox.size()).isZero();
        assertThat(storedKeys()).isEmpty();
        assertThat(flush(outbox)).as("nothing held, nothing sent").isEmpty();

        outbox.add(B, M3, 400);
        assertThat(flush(outbox)).containsExactly(B + " @400 " + M3);
        assertThat(storedKeys()).isEmpty();
    }

    @Test
    void shouldSendWhatAStoppedTaskLeftInItsStoreAtTheNextTasksFirstFlush() {
        // a crash after a commit and before the flush: the store holds the messages, memory is gone
        ArticleOutbox crashed = new ArticleOutbox(store, 2);
        addAll(crashed);
        assertThat(storedKeys()).as("chunks of two, the last one part-filled")
                .containsExactly("0000000000000000000", "0000000000000000001", "0000000000000000002");

        ArticleOutbox restarted = new ArticleOutbox(store, 2);
        assertThat(restarted.size()).isEqualTo(5);
        restarted.add(B, M5, 500);
        assertThat(storedKeys()).as("new messages start a chunk after the leftovers")
                .containsExactly("0000000000000000000", "0000000000000000001", "0000000000000000002",
                        "0000000000000000003");
        assertThat(flush(restarted)).containsExactly(EXPECTED.get(0),
                B + " @500 " + new ArticleMessage.Batch(List.of(M2, M5)), EXPECTED.get(2));
        assertThat(storedKeys()).isEmpty();
    }

    @Test
    void shouldSplitAHotArticlesMessagesOverSeveralRecordsInOrder() {
        ArticleOutbox outbox = new ArticleOutbox(store, 64);
        List<ArticleMessage> sent = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            outbox.add(A, new ArticleMessage.Paired(String.format("%010d", i), 1.0, 18_500), i);
        }
        List<Integer> sizes = new ArrayList<>();
        outbox.flush((article, message, ts) -> {
            assertThat(article).isEqualTo(A);
            assertThat(ts).isEqualTo(4999);
            List<ArticleMessage> parts = ((ArticleMessage.Batch) message).parts();
            sizes.add(parts.size());
            sent.addAll(parts);
            assertThat(ArticleMessage.toBytes(message).length).isLessThan(128 * 1024);
        });
        assertThat(sizes).containsExactly(ArticleOutbox.MAX_BATCH_WEIGHT, 5000 - ArticleOutbox.MAX_BATCH_WEIGHT);
        assertThat(sent).hasSize(5000);
        for (int i = 0; i < 5000; i++) {
            assertThat(((ArticleMessage.Paired) sent.get(i)).neighbour()).isEqualTo(String.format("%010d", i));
        }
    }

    @Test
    void shouldRefuseAChunkSizeBelowOne() {
        assertThatThrownBy(() -> new ArticleOutbox(store, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunkMessages must be > 0, got 0");
    }
}
