package io.hmrec.app;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many input records each of this process's active tasks is behind the end of its source partitions, as its
 * consumer last saw it. Processors read it to tell a replay or a catch-up after downtime from a live feed; a task this process
 * knows nothing about (not yet reported, TopologyTestDriver) counts as not behind, which is the live behaviour.
 *
 * <p>Shared by every task of the process like the model registry: written by one follower thread
 * ({@link #follow}), read by the stream threads.
 */
public final class TaskBacklog {
    private static final Logger LOG = LoggerFactory.getLogger(TaskBacklog.class);

    private volatile Map<TaskId, Long> behind = Map.of();

    /** Records the task is behind, 0 when unknown. */
    public long recordsBehind(TaskId task) {
        return behind.getOrDefault(task, 0L);
    }

    /** Replaces every figure (the follower's update; tests set figures directly). */
    public void update(Map<TaskId, Long> recordsBehind) {
        behind = Map.copyOf(recordsBehind);
    }

    /**
     * The figures of {@code threads}' active tasks: the sum over the task's input partitions of the main consumer's
     * {@code records-lag} (log end offset minus fetch position, from the last fetch response). Not TaskMetadata's
     * end offsets: those are the highest offset fetched so far, which trails the position by one fetch buffer.
     */
    static Map<TaskId, Long> fromMetrics(Collection<ThreadMetadata> threads, Map<MetricName, ? extends Metric> metrics) {
        Map<String, Double> lagByPartition = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> m : metrics.entrySet()) {
            MetricName name = m.getKey();
            if (!name.name().equals("records-lag") || !name.group().equals("consumer-fetch-manager-metrics")) {
                continue;
            }
            String topic = name.tags().get("topic");
            String partition = name.tags().get("partition");
            Object value = m.getValue().metricValue();
            if (topic != null && partition != null && value instanceof Double lag && !lag.isNaN()) {
                // older clients put '_' for '.' into the topic tag; both spellings map to the partition
                lagByPartition.merge(topic + "-" + partition, lag, Math::max);
                lagByPartition.merge(topic.replace('_', '.') + "-" + partition, lag, Math::max);
            }
        }
        Map<TaskId, Long> out = new HashMap<>();
        for (ThreadMetadata thread : threads) {
            for (TaskMetadata task : thread.activeTasks()) {
                long sum = 0;
                for (TopicPartition tp : task.topicPartitions()) {
                    sum += (long) Math.max(0, lagByPartition.getOrDefault(tp.topic() + "-" + tp.partition(), 0.0));
                }
                out.put(task.taskId(), sum);
            }
        }
        return out;
    }

    /**
     * Keeps {@code backlog} current from {@code streams} every {@code period} on a daemon thread until the returned
     * handle is closed.
     */
    public static AutoCloseable follow(KafkaStreams streams, TaskBacklog backlog, Duration period) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hmrec-task-backlog");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            try {
                backlog.update(fromMetrics(streams.metadataForLocalThreads(), streams.metrics()));
            } catch (RuntimeException e) {
                // not running yet, or shutting down: keep the last figures
                LOG.debug("task backlog not updated: {}", e.toString());
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }
}
