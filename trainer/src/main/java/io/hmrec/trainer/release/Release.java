package io.hmrec.trainer.release;

import io.hmrec.schemas.avro.ModelChunk;
import io.hmrec.schemas.avro.ModelRelease;
import io.hmrec.trainer.model.EmbeddingTables;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One model version ready to ship: the manifest and its chunks (checksum and chunk count already consistent).
 *
 * @param manifest the {@link ModelRelease} to publish last
 * @param chunks   its chunks in index order
 */
public record Release(ModelRelease manifest, List<ModelChunk> chunks) {
    public Release {
        chunks = List.copyOf(chunks);
        if (manifest.getChunkCount() != chunks.size()) {
            throw new IllegalArgumentException("manifest says " + manifest.getChunkCount() + " chunks, got "
                    + chunks.size());
        }
    }

    /**
     * Builds the release of a trained model.
     *
     * @param createdAt creation time; with the model name and a seeded suffix it forms the sortable version id
     */
    public static Release of(String model, EmbeddingTables tables, Instant createdAt, LocalDate asOf, int windowDays,
                             Map<String, Double> metrics, String device, long seed, int maxChunkBytes) {
        String version = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(createdAt)
                + "-" + model + "-" + HexFormat.of().toHexDigits((short) new Random(seed ^ createdAt.toEpochMilli()).nextInt());
        List<ModelChunk> chunks = ModelChunks.of(model, version, tables, maxChunkBytes);
        ModelRelease manifest = ModelRelease.newBuilder().setModel(model).setVersion(version).setCreatedAt(createdAt)
                .setAsOfDate(asOf).setTrainWindowDays(windowDays).setDim(tables.dim()).setChunkCount(chunks.size())
                .setChecksum(ModelChunks.checksum(chunks)).setMetrics(Map.copyOf(metrics)).setDevice(device).build();
        return new Release(manifest, chunks);
    }
}
