package io.hmrec.app.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.app.processor.DeadLetters;
import io.hmrec.core.data.EventIds;
import io.hmrec.core.data.KaggleFiles;
import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.data.RejectSink;
import io.hmrec.core.data.TransactionReader;
import io.hmrec.core.model.Days;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.Article;
import io.hmrec.schemas.avro.Customer;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.InMemorySchemaRegistry;
import io.hmrec.schemas.serde.AvroSerdes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KaggleLoaderTest {
    static final String C1 = "0ddcd6055c5830c1fda493843d051edb04ce1bf888aa4becf5b839628396541d";
    static final String C2 = "210f113fe87db5d6391e986dc06b8e4369e46284e3b98964bf41ced4199a551f";

    @TempDir
    Path dir;
    Topics topics;
    ByteArrayOutputStream printed;

    /** Partitions by key hash over 4 partitions, like the default partitioner does for keyed records. */
    public static final class KeyHashPartitioner implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster c) {
            return keyBytes == null ? 0 : Math.floorMod(Arrays.hashCode(keyBytes), 4);
        }

        @Override
        public void close() { }

        @Override
        public void configure(Map<String, ?> configs) { }
    }

    /** A producer that "crashes" (throws) on the n-th send to the transactions topic. */
    static final class CrashingProducer extends MockProducer<byte[], byte[]> {
        private int left;

        CrashingProducer(int crashAt) {
            super(true, new KeyHashPartitioner(), new ByteArraySerializer(), new ByteArraySerializer());
            this.left = crashAt;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> r, Callback cb) {
            if (r.topic().equals(Topics.TRANSACTIONS) && --left < 0) {
                throw new IllegalStateException("simulated crash");
            }
            return super.send(r, cb);
        }
    }

    /** The "broker": every record any producer of the test sent, read back by header/key. */
    static final class FakeLog implements PublishedLog {
        final List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();

        List<ProducerRecord<byte[], byte[]>> records(String topic) {
            List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
            producers.forEach(p -> p.history().stream().filter(r -> r.topic().equals(topic)).forEach(out::add));
            return out;
        }

        @Override
        public Map<Integer, Long> transactionEndOffsets() {
            return Map.of();
        }

        @Override
        public long dlqEndOffset() {
            return 0;
        }

        @Override
        public Set<String> eventIdsFrom(Map<Integer, Long> from) {
            Set<String> ids = new HashSet<>();
            records(Topics.TRANSACTIONS).forEach(r -> ids.add(eventId(r)));
            return ids;
        }

        @Override
        public Set<String> dlqKeysFrom(long from) {
            Set<String> keys = new HashSet<>();
            records(Topics.DLQ_TRANSACTIONS).forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
            return keys;
        }
    }

    static String eventId(ProducerRecord<byte[], byte[]> r) {
        return new String(r.headers().lastHeader(KaggleLoader.EVENT_ID_HEADER).value(), StandardCharsets.UTF_8);
    }

    static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @BeforeEach
    void setUp() throws IOException {
        topics = new Topics(new AvroSerdes(new InMemorySchemaRegistry()));
        printed = new ByteArrayOutputStream();
        Files.writeString(dir.resolve(KaggleFiles.TRANSACTIONS), TestData.HEADER
                + "2018-09-20," + C1 + ",0653428002,0.05,2\n"
                + "2018-09-20," + C1 + ",0653428002,0.05,2\n"
                + "2018-09-20," + C2 + ",653428002,0.0169,1\n"
                + "2018-09-21," + C2 + ",0111111111,0.02,2\n"
                + "2018-09-21," + C1 + ",0653428002,-0.05,2\n"
                + "2018-09-19," + C1 + ",0653428002,0.05,2\n"
                + "2018-09-22," + C1 + ",0110065001,0.03,1\n");
        Files.writeString(dir.resolve(KaggleFiles.ARTICLES), String.join(",", KaggleFiles.ARTICLES_HEADER) + "\n"
                + "0653428002,653428,Tilly top,255,T-shirt,Garment Upper body,1010016,Solid,9,Black" + ",".repeat(13)
                + "1002,Jersey Basic,\"A top, \"\"soft\"\"\"\n"
                + "0110065001,110065" + ",".repeat(23) + "\n");
        Files.writeString(dir.resolve(KaggleFiles.CUSTOMERS), String.join(",", KaggleFiles.CUSTOMERS_HEADER) + "\n"
                + C1 + ",1.0,1.0,ACTIVE,Regularly,53,abc\n");
    }

    private LoaderConfig config(long checkpointEvery) {
        return new LoaderConfig(dir, "unused:9092", "mem://", false, 0, 0, dir.resolve("rejects.tsv"),
                dir.resolve("load.checkpoint"), checkpointEvery, false);
    }

    private KaggleLoader loader(LoaderConfig cfg, MockProducer<byte[], byte[]> producer, FakeLog log) {
        log.producers.add(producer);
        return new KaggleLoader(cfg, topics, producer, log, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private static MockProducer<byte[], byte[]> producer() {
        return new MockProducer<>(true, new KeyHashPartitioner(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private List<String> expectedEventIds() {
        List<String> ids = new ArrayList<>();
        try (TransactionReader r = TransactionReader.open(dir.resolve(KaggleFiles.TRANSACTIONS), RejectSink.COUNT_ONLY)) {
            for (PurchaseRow row; (row = r.next()) != null; ) {
                ids.add(row.eventId());
            }
        }
        return ids;
    }

    @Test
    void shouldPublishCatalogsAndPurchasesKeyedByCustomerWithDayTimestampsAndEventIds() {
        FakeLog log = new FakeLog();
        KaggleLoader.Outcome outcome = loader(config(1000), producer(), log).run();

        var purchaseSerde = topics.transactions().valueSerde();
        List<ProducerRecord<byte[], byte[]>> tx = log.records(Topics.TRANSACTIONS);
        int day20 = Days.parse("2018-09-20");
        assertThat(tx).extracting(r -> new String(r.key(), StandardCharsets.UTF_8), ProducerRecord::timestamp)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(C1, Days.toEpochMillis(day20)),
                        org.assertj.core.groups.Tuple.tuple(C1, Days.toEpochMillis(day20)),
                        org.assertj.core.groups.Tuple.tuple(C2, Days.toEpochMillis(day20)),
                        org.assertj.core.groups.Tuple.tuple(C2, Days.toEpochMillis(day20 + 1)),
                        org.assertj.core.groups.Tuple.tuple(C1, Days.toEpochMillis(day20 + 2)));
        PurchaseEvent third = purchaseSerde.deserializer().deserialize(Topics.TRANSACTIONS, tx.get(2).value());
        assertThat(third).isEqualTo(new PurchaseEvent(EventIds.of(day20, C2, "0653428002", 0.0169, 1, 1),
                LocalDate.of(2018, 9, 20), C2, "0653428002", 0.0169, 1));
        assertThat(tx).extracting(KaggleLoaderTest::eventId).containsExactlyElementsOf(expectedEventIds())
                .doesNotHaveDuplicates();

        List<ProducerRecord<byte[], byte[]>> articles = log.records(Topics.ARTICLES);
        assertThat(articles).hasSize(2);
        Article first = topics.articles().valueSerde().deserializer().deserialize(Topics.ARTICLES,
                articles.get(0).value());
        assertThat(first.getArticleId()).isEqualTo("0653428002");
        assertThat(first.getDetailDesc()).isEqualTo("A top, \"soft\"");
        assertThat(first.getPerceivedColourValueId()).isNull();
        Customer customer = topics.customers().valueSerde().deserializer().deserialize(Topics.CUSTOMERS,
                log.records(Topics.CUSTOMERS).get(0).value());
        assertThat(customer).isEqualTo(new Customer(C1, 1.0, 1.0, "ACTIVE", "Regularly", 53, "abc"));

        assertThat(outcome.published()).isEqualTo(5);
        assertThat(outcome.deadLettered()).isEqualTo(2);
        assertThat(outcome.unknownArticles()).isEqualTo(1); // 0111111111 is not in articles.csv, and is kept
        assertThat(outcome.unknownCustomers()).isEqualTo(2); // C2 is not in customers.csv
        assertThat(Checkpoint.read(dir.resolve("load.checkpoint")).complete()).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("transactions_train.csv: 7 rows, 5 accepted "
                + "(1 duplicate rows kept as units), 2 rejected", "rejected negative_price: 1",
                "rejected out_of_order: 1", "published 5 purchase events");
    }

    @Test
    void shouldSendRejectedRowsToTheDlqWithReasonHeadersAndToTheRejectFile() throws IOException {
        FakeLog log = new FakeLog();
        loader(config(1000), producer(), log).run();
        List<ProducerRecord<byte[], byte[]>> dlq = log.records(Topics.DLQ_TRANSACTIONS);
        assertThat(dlq).extracting(r -> new String(r.key(), StandardCharsets.UTF_8),
                r -> new String(r.value(), StandardCharsets.UTF_8), r -> header(r, DeadLetters.REASON),
                r -> header(r, KaggleLoader.REASON_CODE_HEADER), r -> header(r, KaggleLoader.SOURCE_LINE_HEADER))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("transactions_train.csv:6",
                                "2018-09-21," + C1 + ",0653428002,-0.05,2", "negative_price: price '-0.05' is negative",
                                "negative_price", "6"),
                        org.assertj.core.groups.Tuple.tuple("transactions_train.csv:7",
                                "2018-09-19," + C1 + ",0653428002,0.05,2",
                                "out_of_order: t_dat 2018-09-19 is earlier than 2018-09-21 of a previous row",
                                "out_of_order", "7"));
        assertThat(Files.readAllLines(dir.resolve("rejects.tsv"))).containsExactly(
                "file\tline\treason\tdetail\traw",
                "transactions_train.csv\t6\tnegative_price\tprice '-0.05' is negative\t2018-09-21," + C1
                        + ",0653428002,-0.05,2",
                "transactions_train.csv\t7\tout_of_order\tt_dat 2018-09-19 is earlier than 2018-09-21 of a previous "
                        + "row\t2018-09-19," + C1 + ",0653428002,0.05,2");
    }

    @Test
    void shouldPublishEveryEventExactlyOnceWhenResumingAfterACrash() throws IOException {
        // a bigger file so the crash falls between checkpoints, with rejects before and after it
        StringBuilder body = new StringBuilder(TestData.HEADER);
        for (int i = 0; i < 200; i++) {
            String day = LocalDate.of(2019, 1, 1).plusDays(i / 10).toString();
            String customer = i % 3 == 0 ? C1 : C2;
            String price = i % 37 == 5 ? "-1" : "0.0" + (i % 9 + 1);
            body.append(day).append(',').append(customer).append(",065342800").append(i % 7).append(',')
                    .append(price).append(',').append(1 + i % 2).append('\n');
        }
        Files.writeString(dir.resolve(KaggleFiles.TRANSACTIONS), body.toString());
        FakeLog log = new FakeLog();
        LoaderConfig cfg = config(40);
        CrashingProducer crashing = new CrashingProducer(130);
        assertThatThrownBy(() -> loader(cfg, crashing, log).run()).hasMessage("simulated crash");
        Checkpoint afterCrash = Checkpoint.read(cfg.checkpointFile());
        assertThat(afterCrash.complete()).isFalse();
        assertThat(afterCrash.rowsDone()).isBetween(100L, 140L);
        // per partition, the offset after the last acked record: the resume scans from there, not from 0
        assertThat(afterCrash.transactionOffsets()).isNotEmpty().allSatisfy((p, o) -> assertThat(o).isPositive());
        long sentBeforeCrash = log.records(Topics.TRANSACTIONS).size();
        assertThat(sentBeforeCrash).isEqualTo(130); // some beyond the checkpoint: these must not come again

        KaggleLoader.Outcome resumed = loader(cfg, producer(), log).run();

        List<String> published = log.records(Topics.TRANSACTIONS).stream().map(KaggleLoaderTest::eventId).toList();
        assertThat(published).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expectedEventIds());
        assertThat(resumed.alreadyOnTopic()).isPositive();
        List<String> dlqKeys = log.records(Topics.DLQ_TRANSACTIONS).stream()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
        assertThat(dlqKeys).doesNotHaveDuplicates().hasSize(6);
        assertThat(Files.readAllLines(dir.resolve("rejects.tsv"))).hasSize(1 + 6).doesNotHaveDuplicates();
        assertThat(Checkpoint.read(cfg.checkpointFile()).complete()).isTrue();
    }

    @Test
    void shouldRefuseACheckpointThatBelongsToAnotherFile() {
        new Checkpoint("f".repeat(64), true, 3, Map.of(), 0, false).write(dir.resolve("load.checkpoint"));
        assertThatThrownBy(() -> loader(config(10), producer(), new FakeLog()).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("checkpoint " + dir.resolve("load.checkpoint") + " belongs to another "
                        + "transactions_train.csv (fingerprint ffffffffffff…");
    }

    @Test
    void shouldValidateWithoutABrokerAndPrintTheCounts() {
        LoaderConfig cfg = new LoaderConfig(dir, null, null, true, 0, 0, dir.resolve("v.tsv"), null, 10, false);
        var report = KaggleLoader.validate(cfg, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(report.rejected()).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("""
                articles.csv: 2 rows, 2 accepted, 0 rejected
                customers.csv: 1 rows, 1 accepted, 0 rejected
                transactions_train.csv: 7 rows, 5 accepted (1 duplicate rows kept as units), 2 rejected
                  rejected out_of_order: 1
                  rejected negative_price: 1
                purchases of articles not in articles.csv: 1 (kept)
                purchases by customers not in customers.csv: 2 (kept)
                """);
    }
}
