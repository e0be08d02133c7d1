package io.hmrec.trainer.release;

import io.hmrec.schemas.avro.ChunkKind;
import io.hmrec.schemas.avro.ModelChunk;
import io.hmrec.trainer.model.EmbeddingTables;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Cuts a trained model's tables into {@link ModelChunk}s for hm.model-chunks.v1: customer embeddings, article
 * embeddings, then the biases when the model has them, each as consecutive row slices (float32 little-endian,
 * row-major, with the rows' ids). Every chunk's serialized size stays under {@code maxChunkBytes} (default 900 KB,
 * below the broker's 1 MB message limit). Indices are 0-based across the whole version.
 */
public final class ModelChunks {
    public static final int DEFAULT_MAX_CHUNK_BYTES = 900_000;
    /** Avro framing per row beyond the id's bytes and the floats: string length varint, slack for block headers. */
    private static final int PER_ROW_OVERHEAD = 8;
    private static final int CHUNK_OVERHEAD = 1_024;

    private ModelChunks() {}

    public static List<ModelChunk> of(String model, String version, EmbeddingTables tables, int maxChunkBytes) {
        List<ModelChunk> out = new ArrayList<>();
        int dim = tables.dim();
        add(out, model, version, ChunkKind.CUSTOMER_EMBEDDINGS, tables.customerIds(), tables.customerEmbeddings(), dim,
                maxChunkBytes);
        add(out, model, version, ChunkKind.ARTICLE_EMBEDDINGS, tables.articleIds(), tables.articleEmbeddings(), dim,
                maxChunkBytes);
        float[] cb = tables.customerBias();
        if (cb.length > 0) {
            add(out, model, version, ChunkKind.CUSTOMER_BIAS, tables.customerIds(), cb, 1, maxChunkBytes);
        }
        float[] ab = tables.articleBias();
        if (ab.length > 0) {
            add(out, model, version, ChunkKind.ARTICLE_BIAS, tables.articleIds(), ab, 1, maxChunkBytes);
        }
        return out;
    }

    private static void add(List<ModelChunk> out, String model, String version, ChunkKind kind, List<String> ids,
                            float[] values, int dim, int maxChunkBytes) {
        int budget = maxChunkBytes - CHUNK_OVERHEAD - model.length() - version.length();
        int row = 0;
        while (row < ids.size()) {
            int bytes = 0;
            int end = row;
            while (end < ids.size()) {
                int rowBytes = ids.get(end).getBytes(StandardCharsets.UTF_8).length + PER_ROW_OVERHEAD + 4 * dim;
                if (end > row && bytes + rowBytes > budget) {
                    break;
                }
                if (rowBytes > budget) {
                    throw new IllegalArgumentException("one row of " + kind + " (" + rowBytes
                            + " bytes) does not fit a chunk of " + maxChunkBytes + " bytes");
                }
                bytes += rowBytes;
                end++;
            }
            ByteBuffer payload = ByteBuffer.allocate((end - row) * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
            payload.asFloatBuffer().put(values, row * dim, (end - row) * dim);
            out.add(ModelChunk.newBuilder().setModel(model).setVersion(version).setIndex(out.size()).setKind(kind)
                    .setIds(new ArrayList<>(ids.subList(row, end))).setDim(dim).setValues(payload).build());
            row = end;
        }
    }

    /** Record key of a chunk: {@code <model>/<version>/<kind>/<index>} (consumers prefix-scan by model/version/). */
    public static String key(ModelChunk c) {
        return c.getModel() + "/" + c.getVersion() + "/" + c.getKind() + "/" + c.getIndex();
    }

    /** Hex SHA-256 over the chunks' {@code values} payloads in index order: the manifest's checksum. */
    public static String checksum(List<ModelChunk> chunksInIndexOrder) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (ModelChunk c : chunksInIndexOrder) {
                md.update(c.getValues().duplicate());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
