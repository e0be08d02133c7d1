package io.hmrec.trainer;

import io.hmrec.trainer.model.DotProductCfSettings;
import io.hmrec.trainer.model.LightGcnSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one trainer process needs, parsed once (by the CLI) and passed through constructors.
 *
 * @param dataDir       Kaggle-layout directory for offline runs; empty when training from the stack
 * @param asOf          offline: train and evaluate on purchases strictly before this day; empty on the stack, where
 *                      each run uses the stream's latest event day + 1
 * @param windowDays    days of purchases before {@code asOf} to use, the held-out week included (e.g. 84 = 12 weeks)
 * @param holdoutDays   the most recent days of the window held out for evaluation (7: one Kaggle week)
 * @param outDir        where {@code report.json}, saved models, checkpoints and rejects go
 * @param models        models to train, from {@link #KNOWN_MODELS}
 * @param lightGcn      LightGCN hyperparameters
 * @param dotCf         dot-product CF hyperparameters
 * @param seed          seed of every random choice (init, sampling, dropout)
 * @param force         release even when not better than the live version
 * @param every         on the stack: retrain this often; empty for one run
 * @param bootstrap     Kafka bootstrap servers; empty for offline runs (releases go to {@code outDir/releases})
 * @param registryUrl   schema registry URL (Confluent API); required with {@code bootstrap}
 * @param transactionalId transactional id of the release producer (stable per deployment)
 * @param maxChunkBytes upper bound of one released chunk's size
 */
public record TrainerConfig(Optional<Path> dataDir, Optional<LocalDate> asOf, int windowDays, int holdoutDays,
                            Path outDir, List<String> models, LightGcnSettings lightGcn, DotProductCfSettings dotCf,
                            long seed, boolean force, Optional<Duration> every, Optional<String> bootstrap,
                            Optional<String> registryUrl, String transactionalId, int maxChunkBytes) {
    public static final Set<String> KNOWN_MODELS = Set.of("lightgcn", "dot-cf");

    public TrainerConfig {
        Objects.requireNonNull(outDir, "outDir");
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no models to train: pick from " + KNOWN_MODELS);
        }
        for (String m : models) {
            if (!KNOWN_MODELS.contains(m)) {
                throw new IllegalArgumentException("unknown model '" + m + "': known models are " + KNOWN_MODELS);
            }
        }
        if (holdoutDays <= 0 || windowDays <= holdoutDays) {
            throw new IllegalArgumentException("need 0 < holdoutDays < windowDays, got holdout " + holdoutDays
                    + " and window " + windowDays);
        }
        if (dataDir.isPresent() == bootstrap.isPresent()) {
            throw new IllegalArgumentException("give exactly one input: --data DIR (offline) or --bootstrap (stack)");
        }
        if (dataDir.isPresent() && asOf.isEmpty()) {
            throw new IllegalArgumentException("offline runs need --as-of DATE");
        }
        if (bootstrap.isPresent() && registryUrl.isEmpty()) {
            throw new IllegalArgumentException("--bootstrap needs --registry URL");
        }
        if (every.isPresent() && bootstrap.isEmpty()) {
            throw new IllegalArgumentException("--every schedules runs against the stack: it needs --bootstrap");
        }
        if (every.isPresent() && (every.get().isNegative() || every.get().isZero())) {
            throw new IllegalArgumentException("--every must be positive, got " + every.get());
        }
    }

    /** An offline configuration with the defaults (12-week window, 1-week holdout, both models). */
    public static TrainerConfig offline(Path dataDir, LocalDate asOf, Path outDir) {
        return new TrainerConfig(Optional.of(dataDir), Optional.of(asOf), 84, 7, outDir, List.of("lightgcn", "dot-cf"),
                LightGcnSettings.defaults(), DotProductCfSettings.defaults(), 42L, false, Optional.empty(),
                Optional.empty(), Optional.empty(), "hmrec-trainer", 900_000);
    }

    public TrainerConfig withModels(List<String> m) {
        return new TrainerConfig(dataDir, asOf, windowDays, holdoutDays, outDir, m, lightGcn, dotCf, seed, force, every,
                bootstrap, registryUrl, transactionalId, maxChunkBytes);
    }

    public TrainerConfig withSettings(LightGcnSettings g, DotProductCfSettings c) {
        return new TrainerConfig(dataDir, asOf, windowDays, holdoutDays, outDir, models, g, c, seed, force, every,
                bootstrap, registryUrl, transactionalId, maxChunkBytes);
    }

    public TrainerConfig withForce(boolean f) {
        return new TrainerConfig(dataDir, asOf, windowDays, holdoutDays, outDir, models, lightGcn, dotCf, seed, f, every,
                bootstrap, registryUrl, transactionalId, maxChunkBytes);
    }

    public TrainerConfig withWindowDays(int w) {
        return new TrainerConfig(dataDir, asOf, w, holdoutDays, outDir, models, lightGcn, dotCf, seed, force, every,
                bootstrap, registryUrl, transactionalId, maxChunkBytes);
    }
}
