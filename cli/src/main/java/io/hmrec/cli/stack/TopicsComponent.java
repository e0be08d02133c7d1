package io.hmrec.cli.stack;

import io.hmrec.schemas.Topic;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Creates every hmrec topic and registers every value schema (subjects set to BACKWARD). */
public final class TopicsComponent implements StackComponent {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private Admin admin;
    private List<String> names = List.of();

    @Override
    public String name() {
        return "topics";
    }

    @Override
    public String start(StackContext context) {
        Topics topics = new Topics(AvroSerdes.connect(SchemaRegistryConfig.of(context.require(StackContext.SCHEMA_REGISTRY_URL))));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, context.require(StackContext.BOOTSTRAP_SERVERS)));
        List<String> created = topics.createAll(admin, (short) 1, TIMEOUT);
        Map<String, Integer> ids = topics.registerSchemas();
        context.topics(topics);
        names = topics.all().stream().map(Topic::name).toList();
        return names.size() + " topics (" + created.size() + " created); schemas " + ids;
    }

    @Override
    public Health health() {
        if (admin == null) {
            return Health.down("not started");
        }
        try {
            Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
            long present = names.stream().filter(existing::contains).count();
            return new Health(present == names.size(), present + "/" + names.size());
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
    }
}
