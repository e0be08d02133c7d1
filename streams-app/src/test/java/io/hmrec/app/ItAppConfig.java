package io.hmrec.app;

import io.hmrec.testsupport.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

/** The streams-app configuration the integration tests run with: the product's, made small and quick to rebalance. */
final class ItAppConfig {
    private ItAppConfig() {}

    static AppConfig of(TestServices services, String applicationId) throws IOException {
        return AppConfig.fromMap(Map.of(
                "application.id", applicationId,
                "bootstrap.servers", services.bootstrapServers(),
                "schema.registry.url", services.registryUrl(),
                "state.dir", Files.createTempDirectory("hmrec-it").toString(),
                "port", "0",
                "session.timeout.ms", "6000", // a restarted instance must not wait out the 45 s default
                "refresh.interval.ms", "200",
                "rocksdb.block.cache.bytes", String.valueOf(32L << 20),
                "rocksdb.write.buffer.bytes", String.valueOf(8L << 20)));
    }
}
