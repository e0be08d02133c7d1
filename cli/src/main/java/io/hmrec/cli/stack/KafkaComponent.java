package io.hmrec.cli.stack;

import io.hmrec.testsupport.EmbeddedKafka;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The stack's single-node KRaft broker ({@link EmbeddedKafka}, in this JVM). */
public final class KafkaComponent implements StackComponent {
    private EmbeddedKafka kafka;
    private Admin admin;

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String start(StackContext context) {
        kafka = EmbeddedKafka.start();
        context.publish(StackContext.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
        return "bootstrap.servers=" + kafka.bootstrapServers() + " (KRaft, 1 node; started in "
                + seconds(kafka.startupTime()) + ")";
    }

    @Override
    public Health health() {
        if (admin == null) {
            return Health.down("not started");
        }
        try {
            int brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
            return brokers > 0 ? Health.up(brokers + " broker") : Health.down("no brokers");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Health.down(e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
