package io.hmrec.app.store;

import io.hmrec.core.rec.CandidateRanker;
import io.hmrec.core.rec.EmbeddingScorer;
import io.hmrec.schemas.avro.ChunkKind;
import io.hmrec.schemas.avro.ModelChunk;
import io.hmrec.schemas.avro.ModelRelease;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live model of one streams-app process, hot-swapped when the trainer releases a new version. Reads the global
 * model-releases-store (model name → manifest) and model-chunks-store ("model/version/kind/index" → chunk), and
 * activates a version only when all {@code chunk_count} chunks are present and the SHA-256 over their payloads in
 * index order equals the manifest's checksum. Among complete embedding releases the newest {@code created_at} wins.
 *
 * <p>One instance per process, shared by all stream threads and the query server: {@link #refresh} is synchronized,
 * {@link #current} is a lock-free read of an immutable snapshot.
 */
public final class ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
    private static final StringSerializer KEYS = new StringSerializer();

    /** The active models; both may be absent. {@code version} names the embedding release ("" when none). */
    public record Active(Optional<EmbeddingScorer> embeddings, Optional<CandidateRanker> ranker) {
        public static final Active NONE = new Active(Optional.empty(), Optional.empty());

        public String version() {
            return embeddings.map(EmbeddingScorer::modelVersion)
                    .or(() -> ranker.map(CandidateRanker::modelVersion)).orElse("");
        }
    }

    private final Deserializer<ModelRelease> releases;
    private final Deserializer<ModelChunk> chunks;
    private final RankerFactory rankerFactory;
    private final String releasesTopic;
    private final String chunksTopic;
    /** Versions already verified and used, or rejected: never examined again. */
    private final Set<String> done = new HashSet<>();
    private volatile Active active = Active.NONE;
    private long embeddingsCreatedAt = Long.MIN_VALUE;
    private long rankerCreatedAt = Long.MIN_VALUE;

    public ModelRegistry(Deserializer<ModelRelease> releases, String releasesTopic, Deserializer<ModelChunk> chunks,
                         String chunksTopic, RankerFactory rankerFactory) {
        this.releases = releases;
        this.releasesTopic = releasesTopic;
        this.chunks = chunks;
        this.chunksTopic = chunksTopic;
        this.rankerFactory = rankerFactory;
    }

    /** The active snapshot (never null). */
    public Active current() {
        return active;
    }

    /**
     * Activates the newest complete, verified release found in the stores, if newer than the active one.
     *
     * @return the (possibly new) active snapshot
     */
    public synchronized Active refresh(ReadOnlyKeyValueStore<String, byte[]> releaseStore,
                                       ReadOnlyKeyValueStore<String, byte[]> chunkStore) {
        List<ModelRelease> candidates = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = releaseStore.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.value == null) {
                    continue;
                }
                String fingerprint = kv.key + "@" + java.util.Arrays.hashCode(kv.value);
                if (done.contains(fingerprint)) {
                    continue;
                }
                ModelRelease r;
                try {
                    r = releases.deserialize(releasesTopic, kv.value);
                } catch (RuntimeException e) {
                    // a manifest we cannot read must not kill the stream thread that refreshes; remember and skip it
                    LOG.error("model release under key {} cannot be read: {}; ignored", kv.key, e.getMessage());
                    done.add(fingerprint);
                    continue;
                }
                long created = r.getCreatedAt().toEpochMilli();
                if (!done.contains(r.getVersion())
                        && (created > embeddingsCreatedAt || created > rankerCreatedAt)) {
                    candidates.add(r);
                }
            }
        }
        candidates.sort(Comparator.comparing((ModelRelease r) -> r.getCreatedAt()).reversed());
        Active next = active;
        for (ModelRelease r : candidates) {
            List<ModelChunk> parts;
            try {
                parts = chunksOf(r, chunkStore);
            } catch (RuntimeException e) {
                LOG.error("model {} {}: a chunk cannot be read ({}); version ignored", r.getModel(), r.getVersion(), e.getMessage());
                done.add(r.getVersion());
                continue;
            }
            if (parts.size() < r.getChunkCount()) {
                continue; // not all chunks arrived yet (or the version was cut short): look again next time
            }
            String sum = checksum(parts);
            if (!sum.equalsIgnoreCase(r.getChecksum())) {
                LOG.error("model {} {}: checksum {} does not match the manifest's {}; version ignored",
                        r.getModel(), r.getVersion(), sum, r.getChecksum());
                done.add(r.getVersion());
                continue;
            }
            long created = r.getCreatedAt().toEpochMilli();
            done.add(r.getVersion());
            try {
                if (created > embeddingsCreatedAt && hasKind(parts, ChunkKind.CUSTOMER_EMBEDDINGS)) {
                    next = new Active(Optional.of(scorer(r, parts)), next.ranker());
                    embeddingsCreatedAt = created;
                    LOG.info("activated embedding model {} {}", r.getModel(), r.getVersion());
                }
                if (created > rankerCreatedAt && hasKind(parts, ChunkKind.RANKER_MODEL)) {
                    Optional<CandidateRanker> ranker = rankerFactory.create(r.getVersion(), blob(parts, ChunkKind.RANKER_MODEL));
                    rankerCreatedAt = created;
                    if (ranker.isPresent()) {
                        next = new Active(next.embeddings(), ranker);
                        LOG.info("activated ranker {} {}", r.getModel(), r.getVersion());
                    }
                }
            } catch (IllegalArgumentException e) {
                LOG.error("model {} {} is malformed ({}); version ignored", r.getModel(), r.getVersion(), e.getMessage());
                done.add(r.getVersion());
            }
        }
        active = next;
        return next;
    }

    private List<ModelChunk> chunksOf(ModelRelease r, ReadOnlyKeyValueStore<String, byte[]> chunkStore) {
        List<ModelChunk> out = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = chunkStore.prefixScan(r.getModel() + "/" + r.getVersion() + "/", KEYS)) {
            while (it.hasNext()) {
                byte[] v = it.next().value;
                if (v != null) {
                    out.add(chunks.deserialize(chunksTopic, v));
                }
            }
        }
        out.sort(Comparator.comparingInt(ModelChunk::getIndex));
        return out;
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

    private static boolean hasKind(List<ModelChunk> parts, ChunkKind kind) {
        return parts.stream().anyMatch(c -> c.getKind() == kind);
    }

    private static byte[] blob(List<ModelChunk> parts, ChunkKind kind) {
        int size = 0;
        for (ModelChunk c : parts) {
            if (c.getKind() == kind) {
                size += c.getValues().remaining();
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ModelChunk c : parts) {
            if (c.getKind() == kind) {
                out.put(c.getValues().duplicate());
            }
        }
        return out.array();
    }

    private static ReleasedEmbeddingScorer scorer(ModelRelease r, List<ModelChunk> parts) {
        int dim = r.getDim();
        Rows cust = rows(parts, ChunkKind.CUSTOMER_EMBEDDINGS, dim);
        Rows art = rows(parts, ChunkKind.ARTICLE_EMBEDDINGS, dim);
        Rows cb = rows(parts, ChunkKind.CUSTOMER_BIAS, 1);
        Rows ab = rows(parts, ChunkKind.ARTICLE_BIAS, 1);
        return new ReleasedEmbeddingScorer(r.getVersion(), dim, cust.ids, cust.values,
                aligned(cb, cust.ids), art.ids, art.values, aligned(ab, art.ids));
    }

    private record Rows(List<String> ids, float[] values) {}

    private static Rows rows(List<ModelChunk> parts, ChunkKind kind, int dim) {
        List<String> ids = new ArrayList<>();
        int floats = 0;
        for (ModelChunk c : parts) {
            if (c.getKind() == kind) {
                if (c.getDim() != dim) {
                    throw new IllegalArgumentException(kind + " chunk " + c.getIndex() + " has dim " + c.getDim() + ", expected " + dim);
                }
                if (c.getValues().remaining() != c.getIds().size() * dim * 4) {
                    throw new IllegalArgumentException(kind + " chunk " + c.getIndex() + " has " + c.getValues().remaining()
                            + " bytes for " + c.getIds().size() + " ids × " + dim + " float32");
                }
                ids.addAll(c.getIds());
                floats += c.getIds().size() * dim;
            }
        }
        float[] values = new float[floats];
        int at = 0;
        for (ModelChunk c : parts) {
            if (c.getKind() == kind) {
                ByteBuffer b = c.getValues().duplicate().order(ByteOrder.LITTLE_ENDIAN);
                int n = b.remaining() / 4;
                b.asFloatBuffer().get(values, at, n);
                at += n;
            }
        }
        return new Rows(ids, values);
    }

    /** Biases in the order of {@code ids}; null when the release has none. */
    private static float[] aligned(Rows bias, List<String> ids) {
        if (bias.ids.isEmpty()) {
            return null;
        }
        java.util.Map<String, Float> by = new java.util.HashMap<>(bias.ids.size() * 2);
        for (int i = 0; i < bias.ids.size(); i++) {
            by.put(bias.ids.get(i), bias.values[i]);
        }
        float[] out = new float[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            out[i] = by.getOrDefault(ids.get(i), 0f);
        }
        return out;
    }
}
