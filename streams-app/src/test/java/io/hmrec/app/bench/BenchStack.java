package io.hmrec.app.bench;

import io.hmrec.app.AppConfig;
import io.hmrec.schemas.Topic;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import io.hmrec.testsupport.TestServices;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** Embedded broker + registry with hmrec's topics, schemas and a replayed history: the latency benchmarks' stage. */
final class BenchStack implements AutoCloseable {
    final TestServices services;
    final Admin admin;
    final Topics topics;
    final List<PurchaseEvent> history;

    BenchStack(long transactions, int customers, int articles) throws Exception {
        history = BenchSupport.synthetic(customers, articles, transactions, 11L);
        services = TestServices.start(TestServices.Mode.EMBEDDED);
        admin = BenchSupport.admin(services.bootstrapServers());
        topics = new Topics(AvroSerdes.connect(SchemaRegistryConfig.of(services.registryUrl())));
        List<Topic<?, ?>> all = new ArrayList<>(topics.all());
        all.addAll(topics.topologyInternal());
        Topics.createMissing(admin, all, (short) 1, Duration.ofSeconds(30));
        topics.registerSchemas();
        BenchSupport.produceAll(services.bootstrapServers(), topics, history);
    }

    /**
     * The product configuration of one instance (exactly-once, RocksDB) for this stack, on a free HTTP port, with any {@code HMREC_APP_<KEY>} of the benchmark's environment on
     * top (an instance in its own JVM gets every key as a flag, so its own environment would lose to them).
     */
    AppConfig config(String appId) throws Exception {
        return AppConfig.parse(new String[0], System.getenv()).with(Map.of("application.id", appId,
                "bootstrap.servers", services.bootstrapServers(),
                "schema.registry.url", services.registryUrl(), "port", "0", "session.timeout.ms", "6000",
                "state.dir", Files.createTempDirectory("bench-" + appId).toString()));
    }

    @Override
    public void close() {
        admin.close();
        services.close();
    }
}
