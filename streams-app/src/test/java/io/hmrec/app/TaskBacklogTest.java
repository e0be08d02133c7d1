package io.hmrec.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class TaskBacklogTest {
    private static final TopicPartition TX0 = new TopicPartition("hm.transactions.v1", 0);
    private static final TopicPartition CU0 = new TopicPartition("hm.customers.v1", 0);
    private static final TopicPartition TX1 = new TopicPartition("hm.transactions.v1", 1);

    @Test
    void sumsTheConsumerLagOfEachTasksInputPartitions() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        lag(metrics, "hm.transactions.v1", 0, 1500.0);
        lag(metrics, "hm_customers_v1", 0, 20.0); // the older clients' spelling of the topic tag
        lag(metrics, "hm.transactions.v1", 1, Double.NaN); // not fetched yet: unknown counts as 0
        MetricName other = new MetricName("records-lag-max", "consumer-fetch-manager-metrics", "", Map.of());
        metrics.put(other, metric(other, 99_999.0));

        Map<TaskId, Long> behind = TaskBacklog.fromMetrics(
                Set.of(thread(task(new TaskId(6, 0), TX0, CU0), task(new TaskId(6, 1), TX1))), metrics);

        assertThat(behind).isEqualTo(Map.of(new TaskId(6, 0), 1520L, new TaskId(6, 1), 0L));
        TaskBacklog backlog = new TaskBacklog();
        backlog.update(behind);
        assertThat(backlog.recordsBehind(new TaskId(6, 0))).isEqualTo(1520L);
        assertThat(backlog.recordsBehind(new TaskId(7, 0))).isZero(); // unknown task: live behaviour
    }

    private static void lag(Map<MetricName, Metric> metrics, String topic, int partition, double value) {
        MetricName name = new MetricName("records-lag", "consumer-fetch-manager-metrics", "",
                Map.of("client-id", "c", "topic", topic, "partition", Integer.toString(partition)));
        metrics.put(name, metric(name, value));
    }

    private static Metric metric(MetricName name, double value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
    }

    private static TaskMetadata task(TaskId id, TopicPartition... partitions) {
        return new TaskMetadata() {
            @Override
            public TaskId taskId() {
                return id;
            }

            @Override
            public Set<TopicPartition> topicPartitions() {
                return Set.of(partitions);
            }

            @Override
            public Map<TopicPartition, Long> committedOffsets() {
                return Map.of();
            }

            @Override
            public Map<TopicPartition, Long> endOffsets() {
                return Map.of();
            }

            @Override
            public Optional<Long> timeCurrentIdlingStarted() {
                return Optional.empty();
            }
        };
    }

    private static ThreadMetadata thread(TaskMetadata... active) {
        return new ThreadMetadata() {
            @Override
            public String threadState() {
                return "RUNNING";
            }

            @Override
            public String threadName() {
                return "t";
            }

            @Override
            public Set<TaskMetadata> activeTasks() {
                return Set.of(active);
            }

            @Override
            public Set<TaskMetadata> standbyTasks() {
                return Set.of();
            }

            @Override
            public String consumerClientId() {
                return "c";
            }

            @Override
            public String restoreConsumerClientId() {
                return "r";
            }

            @Override
            public Set<String> producerClientIds() {
                return Set.of();
            }

            @Override
            public String adminClientId() {
                return "a";
            }
        };
    }
}
