package io.hmrec.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.ModelRelease;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.InMemorySchemaRegistry;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.testsupport.EmbeddedKafka;
import io.hmrec.core.model.Days;
import io.hmrec.trainer.model.DotProductCfSettings;
import io.hmrec.trainer.model.LightGcnSettings;
import io.hmrec.trainer.release.KafkaReleaseStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack path end to end on a real broker: purchases on hm.transactions.v1 (some inside an aborted producer
 * transaction, some after the as-of day), a time-bounded read_committed replay, training, and a release that the
 * release store then reports as live.
 */
class OnlineTrainingIT {
    private static final LocalDate AS_OF = LocalDate.of(2020, 9, 23);

    @Test
    void shouldTrainOnTheCommittedPurchasesBeforeTheCutAndReleaseToTheStack(@TempDir Path out) throws Exception {
        Topics topics = new Topics(new AvroSerdes(new InMemorySchemaRegistry()));
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(topics.transactions().newTopic((short) 1),
                        topics.modelChunks().newTopic((short) 1), topics.modelReleases().newTopic((short) 1))).all().get();
            }
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "loader-it");
            var serializer = topics.transactions().valueSerde().serializer();
            Random r = new Random(2);
            int committed = 0;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new ByteArraySerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                for (LocalDate d = AS_OF.minusDays(28); d.isBefore(AS_OF.plusDays(2)); d = d.plusDays(1)) {
                    for (int c = 0; c < 40; c++) {
                        if (r.nextInt(3) != 0) {
                            continue;
                        }
                        String customer = String.format("%064x", 0x5eed00 + c);
                        String article = String.format("%010d", 108_775_000 + (c % 2) * 10 + r.nextInt(10));
                        PurchaseEvent e = PurchaseEvent.newBuilder().setEventId(d + "-" + c).setTDat(d)
                                .setCustomerId(customer).setArticleId(article).setPrice(0.02).setSalesChannelId(1)
                                .build();
                        producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, null, Days.toEpochMillis(Days.of(d)),
                                customer, serializer.serialize(Topics.TRANSACTIONS, e)));
                        committed += d.isBefore(AS_OF) ? 1 : 0;
                    }
                }
                producer.commitTransaction();
                producer.beginTransaction(); // an aborted load: must not be part of the cut
                for (int i = 0; i < 50; i++) {
                    PurchaseEvent e = PurchaseEvent.newBuilder().setEventId("aborted-" + i).setTDat(AS_OF.minusDays(3))
                            .setCustomerId(String.format("%064x", 0xdead00 + i)).setArticleId("0999999999")
                            .setPrice(0.5).setSalesChannelId(2).build();
                    producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, null,
                            Days.toEpochMillis(Days.of(AS_OF.minusDays(3))), "x", serializer.serialize(Topics.TRANSACTIONS, e)));
                }
                producer.flush();
                producer.abortTransaction();
            }

            GraphCut cut = TransactionsReplay.replay(kafka.bootstrapServers(), topics, OptionalInt.of(Days.of(AS_OF)), 28);
            assertThat(cut.purchases()).hasSize(committed)
                    .noneMatch(x -> x.articleId().equals("0999999999"))
                    .allMatch(x -> x.day() < Days.of(AS_OF));

            TrainerConfig config = new TrainerConfig(Optional.empty(), Optional.of(AS_OF), 28, 7, out,
                    List.of("lightgcn"), LightGcnSettings.defaults().withDim(8).withEpochs(3).withBatchSize(128)
                    .withShowProgress(false), DotProductCfSettings.defaults(), 1L, false, Optional.empty(),
                    Optional.of(kafka.bootstrapServers()), Optional.of("mem://"), "trainer-it", 200_000);
            try (KafkaReleaseStore store = new KafkaReleaseStore(kafka.bootstrapServers(), topics, "trainer-it")) {
                TrainingJob.JobReport report = new TrainingJob(config, store,
                        Clock.fixed(Instant.parse("2020-09-23T01:00:00Z"), ZoneOffset.UTC)).run(cut);
                assertThat(report.models().get(0).released()).isTrue();
                ModelRelease live = store.live("lightgcn").orElseThrow();
                assertThat(live.getVersion()).isEqualTo(report.models().get(0).version());
                assertThat(live.getDevice()).isEqualTo("cpu()");
                assertThat(live.getMetrics().get("map12")).isEqualTo(report.models().get(0).map12());
            }
        }
    }
}
