package io.hmrec.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {
    @Test
    void shouldLetFlagsBeatEnvironmentAndEnvironmentBeatTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "port=7000\nstandby.replicas=1\napplication.id=from-file\n");
        AppConfig c = AppConfig.parse(new String[] {"--config", file.toString(), "--port", "9000"},
                Map.of("HMREC_APP_PORT", "8000", "HMREC_APP_STANDBY_REPLICAS", "2", "PATH", "/bin"));
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.standbyReplicas()).isEqualTo(2);
        assertThat(c.applicationId()).isEqualTo("from-file");
        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void shouldRejectUnknownKeysFromEverySource(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> AppConfig.parse(new String[] {"--prot", "1"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown config key(s) [prot]");
        assertThatThrownBy(() -> AppConfig.parse(new String[0], Map.of("HMREC_APP_NOPE", "1")))
                .hasMessageContaining("unknown config key(s) [nope]");
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "sesion.timeout.ms=100\n");
        assertThatThrownBy(() -> AppConfig.parse(new String[] {"--config=" + file}, Map.of()))
                .hasMessageContaining("unknown config key(s) [sesion.timeout.ms]");
        assertThatThrownBy(() -> AppConfig.parse(new String[] {"--port", "eighty"}, Map.of()))
                .hasMessage("port must be an integer, got 'eighty'");
    }

    @Test
    void shouldDeriveExactlyOnceKafkaPropertiesInOnePlace() {
        Properties p = AppConfig.fromMap(Map.of("standby.replicas", "1", "session.timeout.ms", "6000",
                "advertised.host", "app-1", "port", "8081")).kafkaProperties();
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(1);
        assertThat(p.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("app-1:8081");
        assertThat(p.get("consumer.session.timeout.ms")).isEqualTo(6000);
        assertThat(p.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(io.hmrec.app.store.BoundedMemoryRocksDbConfig.class);
    }

    @Test
    void shouldWakeAnIdleStreamThreadEveryEmitInterval() {
        assertThat(AppConfig.fromMap(Map.of("emit.interval.ms", "40")).kafkaProperties().get(StreamsConfig.POLL_MS_CONFIG))
                .isEqualTo(40L);
        // a list per purchase needs no punctuation to go out: Kafka Streams' own default stands
        assertThat(AppConfig.fromMap(Map.of("emit.interval.ms", "0", "catchup.records", "0")).kafkaProperties())
                .doesNotContainKey(StreamsConfig.POLL_MS_CONFIG);
    }

    @Test
    void shouldRefuseACatchUpWithoutAnEmitInterval() {
        assertThatThrownBy(() -> AppConfig.fromMap(Map.of("emit.interval.ms", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("catchup.records=2000 needs emit.interval.ms > 0 (a catch-up defers lists to the interval's"
                        + " emission); set catchup.records=0 for a list per purchase");
        assertThat(AppConfig.fromMap(Map.of("emit.interval.ms", "0", "catchup.records", "0")).emitIntervalMs()).isZero();
        assertThat(AppConfig.defaultsOnly().emitIntervalMs()).isEqualTo(25);
    }

    @Test
    void shouldRoundTripThroughItsKeys() {
        AppConfig c = AppConfig.fromMap(Map.of("port", "1234", "state.store", "memory", "exactly.once", "false"));
        assertThat(AppConfig.fromMap(c.asMap())).isEqualTo(c);
    }
}
