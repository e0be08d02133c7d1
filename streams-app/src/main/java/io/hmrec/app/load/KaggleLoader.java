package io.hmrec.app.load;

import io.hmrec.app.processor.DeadLetters;
import io.hmrec.core.data.ArticleRow;
import io.hmrec.core.data.CatalogIndex;
import io.hmrec.core.data.CatalogReader;
import io.hmrec.core.data.CustomerRow;
import io.hmrec.core.data.DataValidation;
import io.hmrec.core.data.FileFingerprint;
import io.hmrec.core.data.KaggleFiles;
import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.data.ReadSummary;
import io.hmrec.core.data.RejectFile;
import io.hmrec.core.data.RejectSink;
import io.hmrec.core.data.Rejection;
import io.hmrec.core.data.TransactionReader;
import io.hmrec.core.model.Days;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.Article;
import io.hmrec.schemas.avro.Customer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Publishes the Kaggle files: articles and customers to their compacted topics (keyed by id), then every accepted
 * purchase to {@code hm.transactions.v1} keyed by customer_id, in file order (which is event-time order; rows from
 * an earlier day than a previous row are rejected as {@code out_of_order}), with record timestamp = midnight UTC of
 * t_dat and the deterministic event id both in the value and in header {@value #EVENT_ID_HEADER}. Rejected purchase
 * rows go to the reject file and to {@code hm.dlq.transactions.v1} (key {@code file:line}, value the raw row, headers
 * {@link DeadLetters#REASON} plus reason code, file and line).
 *
 * <h2>Exactly once across crashes</h2>
 * The producer is idempotent ({@code enable.idempotence}, {@code acks=all}), which removes duplicates from retries
 * within one run. Across a crash the loader uses <em>checkpoint after flush + dedupe by event id</em>: before
 * sending anything it records the topics' end offsets in the checkpoint; every {@code checkpointEvery} rows it
 * flushes the producer (all sends acked) and atomically replaces the checkpoint with (file fingerprint, rows done,
 * end offsets). A resumed run re-reads the file from the top (parsing only, ~1M rows/s, so occurrence numbers and
 * hence event ids come out the same), skips rows up to {@code rowsDone}, reads the records written after the
 * checkpoint offsets — at most one interval plus what was in flight — and skips rows whose event id (DLQ: key) is
 * already there. Each row therefore lands exactly once.
 *
 * <p>Why not a transactional producer: consumers would have to read with {@code read_committed} to not see aborted
 * duplicates, and the Streams app with at-least-once processing reads uncommitted; the checkpoint would also need a
 * topic of its own to commit atomically. Dedupe by deterministic id needs neither and costs one bounded read on
 * resume.
 */
public final class KaggleLoader {
    /** Header carrying the event id on transaction records. */
    public static final String EVENT_ID_HEADER = "hmrec.event_id";
    /** DLQ header: stable reason code, e.g. {@code negative_price}. */
    public static final String REASON_CODE_HEADER = "hmrec.dlq.reason.code";
    /** DLQ header: file the rejected row came from. */
    public static final String SOURCE_FILE_HEADER = "hmrec.dlq.source.file";
    /** DLQ header: physical line of the rejected row (decimal). */
    public static final String SOURCE_LINE_HEADER = "hmrec.dlq.source.line";

    /**
     * Counts of one run.
     *
     * @param summaries         per file read, articles, customers, transactions (when present)
     * @param published         purchase events sent in this run
     * @param deadLettered      rejected purchase rows sent to the DLQ in this run
     * @param skippedBeforeCheckpoint rows handled by an earlier run (resume)
     * @param alreadyOnTopic    rows after the checkpoint found on the topic already (resume dedupe)
     * @param seconds           wall time of the transactions phase
     */
    public record Outcome(List<ReadSummary> summaries, long published, long deadLettered, long skippedBeforeCheckpoint,
                          long alreadyOnTopic, long unknownArticles, long unknownCustomers, double seconds) {
        public String format() {
            StringBuilder b = new StringBuilder();
            summaries.forEach(s -> b.append(s.format()).append('\n'));
            b.append(String.format(Locale.ROOT, "published %,d purchase events in %.1f s (%,.0f events/s), %,d rejected "
                    + "rows to the DLQ%n", published, seconds, seconds > 0 ? published / seconds : 0, deadLettered));
            if (skippedBeforeCheckpoint > 0 || alreadyOnTopic > 0) {
                b.append(String.format(Locale.ROOT, "resumed: %,d rows done by the earlier run, %,d found on the topic "
                        + "already%n", skippedBeforeCheckpoint, alreadyOnTopic));
            }
            b.append(String.format(Locale.ROOT, "purchases of articles not in the catalog: %,d, by customers not in the "
                    + "catalog: %,d (kept)%n", unknownArticles, unknownCustomers));
            return b.toString();
        }
    }

    private final LoaderConfig config;
    private final Topics topics;
    private final Producer<byte[], byte[]> producer;
    private final PublishedLog log;
    private final PrintStream out;
    private final Pacer.Clock clock;
    private final AtomicReference<Exception> sendError = new AtomicReference<>();
    private final Map<Integer, Long> txOffsets = new ConcurrentHashMap<>();
    private final AtomicLong dlqOffset = new AtomicLong();

    /**
     * @param producer owned by the caller (not closed here); configure it with {@link #producerProperties}
     * @param log      what the topics hold, for resuming
     * @param out      where the summary is printed
     */
    public KaggleLoader(LoaderConfig config, Topics topics, Producer<byte[], byte[]> producer, PublishedLog log,
                        PrintStream out) {
        this(config, topics, producer, log, out, Pacer.SYSTEM);
    }

    KaggleLoader(LoaderConfig config, Topics topics, Producer<byte[], byte[]> producer, PublishedLog log,
                 PrintStream out, Pacer.Clock clock) {
        this.config = config;
        this.topics = topics;
        this.producer = producer;
        this.log = log;
        this.out = out;
        this.clock = clock;
    }

    /** Producer settings: idempotent, acks=all, batched and compressed for throughput; byte[] keys and values. */
    public static Properties producerProperties(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "hmrec-loader");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L << 20));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /**
     * Checks the files without a broker and prints the counts ({@code --validate-only}).
     *
     * @return the report; rows with problems are in the reject file when one is configured
     */
    public static DataValidation.Report validate(LoaderConfig config, PrintStream out) {
        Path tx = KaggleFiles.resolve(config.dataDir(), KaggleFiles.TRANSACTIONS);
        RejectFile rejectFile = config.rejectFile() == null ? null : RejectFile.create(config.rejectFile());
        try (ProgressBar bar = config.progress() ? bar("validate", tx) : null) {
            DataValidation.Report report = DataValidation.run(config.dataDir(),
                    rejectFile == null ? RejectSink.COUNT_ONLY : rejectFile, bar == null ? null : bar::stepTo);
            out.print(report.format());
            return report;
        } finally {
            if (rejectFile != null) {
                rejectFile.close();
            }
        }
    }

    /** Publishes the folder (resuming from the checkpoint when there is one) and prints the summary. */
    public Outcome run() {
        Path tx = KaggleFiles.resolve(config.dataDir(), KaggleFiles.TRANSACTIONS);
        if (!Files.isReadable(tx)) {
            throw new IllegalArgumentException("cannot read " + tx + "; expected the Kaggle file "
                    + KaggleFiles.TRANSACTIONS + " with header " + String.join(",", KaggleFiles.TRANSACTIONS_HEADER));
        }
        String fingerprint = FileFingerprint.of(tx);
        Checkpoint cp = Checkpoint.read(config.checkpointFile());
        if (cp != null && !cp.fingerprint().equals(fingerprint)) {
            throw new IllegalStateException("checkpoint " + config.checkpointFile() + " belongs to another "
                    + KaggleFiles.TRANSACTIONS + " (fingerprint " + cp.fingerprint().substring(0, 12) + "…, this file "
                    + fingerprint.substring(0, 12) + "…); delete it or pass another --checkpoint");
        }
        if (cp != null && cp.complete()) {
            out.println("checkpoint " + config.checkpointFile() + " says " + tx + " is fully loaded; nothing to do "
                    + "(delete the checkpoint to load again)");
            return new Outcome(List.of(), 0, 0, cp.rowsDone(), 0, 0, 0, 0);
        }
        Set<String> onTopic = Set.of();
        Set<String> dlqOnTopic = Set.of();
        if (cp != null) {
            txOffsets.putAll(cp.transactionOffsets());
            dlqOffset.set(cp.dlqOffset());
            onTopic = log.eventIdsFrom(cp.transactionOffsets());
            dlqOnTopic = log.dlqKeysFrom(cp.dlqOffset());
        } else {
            txOffsets.putAll(log.transactionEndOffsets());
            dlqOffset.set(log.dlqEndOffset());
            checkpoint(new Checkpoint(fingerprint, false, 0, Map.copyOf(txOffsets), dlqOffset.get(), false));
        }
        long rowsDone = cp == null ? 0 : cp.rowsDone();
        boolean resumeRejects = cp != null;
        RejectFile rejectFile = config.rejectFile() == null ? null
                : resumeRejects ? RejectFile.append(config.rejectFile()) : RejectFile.create(config.rejectFile());
        try {
            List<ReadSummary> summaries = new ArrayList<>();
            CatalogIndex index = new CatalogIndex();
            boolean publishCatalogs = cp == null || !cp.catalogsDone();
            RejectSink catalogSink = publishCatalogs && rejectFile != null ? rejectFile : RejectSink.COUNT_ONLY;
            boolean[] present = new boolean[2];
            publishCatalogs(index, summaries, catalogSink, publishCatalogs, present);
            flushOrFail();
            // keep the offsets: a crash before the next checkpoint then rescans only what this run wrote
            checkpoint(new Checkpoint(fingerprint, true, rowsDone, Map.copyOf(txOffsets), dlqOffset.get(), false));
            return publishTransactions(tx, fingerprint, rowsDone, onTopic, dlqOnTopic, rejectFile, index, summaries,
                    present);
        } finally {
            if (rejectFile != null) {
                rejectFile.close();
            }
        }
    }

    private void publishCatalogs(CatalogIndex index, List<ReadSummary> summaries, RejectSink sink, boolean send,
                                 boolean[] present) {
        Path articles = KaggleFiles.resolve(config.dataDir(), KaggleFiles.ARTICLES);
        if (Files.exists(articles)) {
            present[0] = true;
            Serializer<Article> ser = topics.articles().valueSerde().serializer();
            String topic = topics.articles().name();
            try (CatalogReader<ArticleRow> r = CatalogReader.articles(articles, sink)) {
                for (ArticleRow a; (a = r.next()) != null; ) {
                    index.addArticle(a.articleId());
                    if (send) {
                        producer.send(new ProducerRecord<>(topic, null, null, utf8(a.articleId()),
                                ser.serialize(topic, AvroMapping.article(a))), this::onCatalogSent);
                    }
                }
                summaries.add(r.summary());
            }
        }
        Path customers = KaggleFiles.resolve(config.dataDir(), KaggleFiles.CUSTOMERS);
        if (Files.exists(customers)) {
            present[1] = true;
            Serializer<Customer> ser = topics.customers().valueSerde().serializer();
            String topic = topics.customers().name();
            try (CatalogReader<CustomerRow> r = CatalogReader.customers(customers, sink)) {
                for (CustomerRow c; (c = r.next()) != null; ) {
                    index.addCustomer(c.customerId());
                    if (send) {
                        producer.send(new ProducerRecord<>(topic, null, null, utf8(c.customerId()),
                                ser.serialize(topic, AvroMapping.customer(c))), this::onCatalogSent);
                    }
                }
                summaries.add(r.summary());
            }
        }
    }

    private Outcome publishTransactions(Path tx, String fingerprint, long rowsDone, Set<String> onTopic,
                                        Set<String> dlqOnTopic, RejectFile rejectFile, CatalogIndex index,
                                        List<ReadSummary> summaries, boolean[] present) {
        String topic = topics.transactions().name();
        String dlqTopic = topics.dlqTransactions().name();
        PurchaseEncoder encoder = new PurchaseEncoder(topics.transactions().valueSerde().serializer(), topic);
        long[] counts = new long[4]; // published, deadLettered, skipped, alreadyOnTopic
        RejectSink dlqSink = r -> {
            if (r.lineNumber() - 1 <= rowsDone) {
                return; // handled by the run this one resumes
            }
            String key = r.file() + ":" + r.lineNumber();
            if (dlqOnTopic.contains(key)) {
                counts[3]++;
                return;
            }
            if (rejectFile != null) {
                rejectFile.reject(r);
            }
            producer.send(deadLetter(dlqTopic, key, r), this::onDlqSent);
            counts[1]++;
        };
        Pacer pacer = new Pacer(config.rate(), config.speedup(), clock);
        long unknownArticles = 0;
        long unknownCustomers = 0;
        long started = System.nanoTime();
        Callback onSent = this::onTransactionSent;
        try (TransactionReader reader = TransactionReader.open(tx, dlqSink);
             ProgressBar bar = config.progress() ? bar("load", tx) : null) {
            long sinceCheckpoint = 0;
            for (PurchaseRow row; (row = reader.next()) != null; ) {
                if (present[0] && !index.knowsArticle(row.purchase().articleId())) {
                    unknownArticles++;
                }
                if (present[1] && !index.knowsCustomer(row.purchase().customerId())) {
                    unknownCustomers++;
                }
                if (row.rowNumber() <= rowsDone) {
                    counts[2]++;
                    continue;
                }
                if (onTopic.contains(row.eventId())) {
                    counts[3]++;
                    continue;
                }
                failIfSendFailed();
                if (pacer.active()) {
                    pacer.await(row.purchase().day());
                }
                RecordHeaders headers = new RecordHeaders();
                headers.add(EVENT_ID_HEADER, utf8(row.eventId()));
                producer.send(new ProducerRecord<>(topic, null, Days.toEpochMillis(row.purchase().day()),
                        utf8(row.purchase().customerId()), encoder.encode(AvroMapping.purchase(row)), headers),
                        onSent);
                counts[0]++;
                if (++sinceCheckpoint >= config.checkpointEvery()) {
                    sinceCheckpoint = 0;
                    flushOrFail();
                    checkpoint(new Checkpoint(fingerprint, true, row.rowNumber(), Map.copyOf(txOffsets),
                            dlqOffset.get(), false));
                    if (rejectFile != null) {
                        rejectFile.flush();
                    }
                }
                if (bar != null && (counts[0] & 0x3FFF) == 0) {
                    bar.stepTo(reader.bytesRead());
                    double s = (System.nanoTime() - started) / 1e9;
                    bar.setExtraMessage(String.format(Locale.ROOT, "%,d events %,.0f/s", counts[0], counts[0] / s));
                }
            }
            flushOrFail();
            ReadSummary summary = reader.summary();
            summaries.add(summary);
            checkpoint(new Checkpoint(fingerprint, true, summary.rows(), Map.copyOf(txOffsets), dlqOffset.get(), true));
            if (bar != null) {
                bar.stepTo(reader.bytesRead());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Outcome outcome = new Outcome(List.copyOf(summaries), counts[0], counts[1], counts[2], counts[3],
                unknownArticles, unknownCustomers, seconds);
        out.print(outcome.format());
        return outcome;
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(String topic, String key, Rejection r) {
        RecordHeaders h = new RecordHeaders();
        h.add(DeadLetters.REASON, utf8(r.message()));
        h.add(REASON_CODE_HEADER, utf8(r.reason().code()));
        h.add(SOURCE_FILE_HEADER, utf8(r.file()));
        h.add(SOURCE_LINE_HEADER, utf8(Long.toString(r.lineNumber())));
        return new ProducerRecord<>(topic, null, null, utf8(key), utf8(r.raw()), h);
    }

    private void onTransactionSent(org.apache.kafka.clients.producer.RecordMetadata md, Exception e) {
        if (e != null) {
            sendError.compareAndSet(null, e);
        } else if (md.hasOffset()) {
            txOffsets.merge(md.partition(), md.offset() + 1, Math::max);
        }
    }

    private void onDlqSent(org.apache.kafka.clients.producer.RecordMetadata md, Exception e) {
        if (e != null) {
            sendError.compareAndSet(null, e);
        } else if (md.hasOffset()) {
            dlqOffset.accumulateAndGet(md.offset() + 1, Math::max);
        }
    }

    private void onCatalogSent(org.apache.kafka.clients.producer.RecordMetadata md, Exception e) {
        if (e != null) {
            sendError.compareAndSet(null, e);
        }
    }

    private void failIfSendFailed() {
        Exception e = sendError.get();
        if (e != null) {
            throw new IllegalStateException("a send to Kafka failed; the checkpoint stays at the last flushed row, "
                    + "rerun to resume: " + e.getMessage(), e);
        }
    }

    private void flushOrFail() {
        producer.flush();
        failIfSendFailed();
    }

    private void checkpoint(Checkpoint cp) {
        if (config.checkpointFile() != null) {
            cp.write(config.checkpointFile());
        }
    }

    private static ProgressBar bar(String task, Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (java.io.IOException e) {
            size = -1;
        }
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(size).setUnit(" MiB", 1L << 20)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
