package io.hmrec.app.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one loader run needs, parsed once by the CLI.
 *
 * @param dataDir          folder with transactions_train.csv (required) and articles.csv / customers.csv (optional)
 * @param bootstrapServers Kafka bootstrap servers; unused with {@code validateOnly}
 * @param registryUrl      schema registry URL (Confluent API); unused with {@code validateOnly}
 * @param validateOnly     check the files and print counts without a broker
 * @param rate             maximum purchase events per second, or 0 for as fast as possible
 * @param speedup          replay event time this many times faster than real time (86400 = one data day per
 *                         second), or 0 for no event-time pacing
 * @param rejectFile       where rejected rows are written (TSV), or null for none (they still go to the DLQ and the
 *                         counts)
 * @param checkpointFile   checkpoint for resuming after a crash, or null to always start from the beginning
 * @param checkpointEvery  write the checkpoint after this many transaction rows (and at the end)
 * @param progress         show a progress bar on stderr
 */
public record LoaderConfig(Path dataDir, String bootstrapServers, String registryUrl, boolean validateOnly,
                           double rate, double speedup, Path rejectFile, Path checkpointFile, long checkpointEvery,
                           boolean progress) {
    public static final long DEFAULT_CHECKPOINT_EVERY = 500_000;

    public LoaderConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (rate < 0 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("--rate must be >= 0 events/s, got " + rate);
        }
        if (speedup < 0 || Double.isNaN(speedup)) {
            throw new IllegalArgumentException("--speedup must be >= 0, got " + speedup);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1 row, got " + checkpointEvery);
        }
        if (!validateOnly && (bootstrapServers == null || bootstrapServers.isBlank())) {
            throw new IllegalArgumentException("--bootstrap is required unless --validate-only");
        }
    }

    /** How long a flush before a checkpoint may take before the run fails. */
    public Duration flushTimeout() {
        return Duration.ofMinutes(2);
    }
}
