package io.hmrec.trainer.model;

import ai.djl.Device;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.EmbeddingScorer;
import io.hmrec.core.rec.RecommenderModel;
import io.hmrec.core.rec.TrainingData;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * What LightGCN and the dot-product CF share: their settings, the checks and set-up before a fit (a non-empty graph,
 * the device, native memory), and once trained the frozen tables, top-k, save and the scorer view.
 *
 * @param <S> the model's settings
 */
abstract class EmbeddingRecommender<S extends EmbeddingRecommender.Settings> implements RecommenderModel {
    static final String META = "model.properties";
    private final S settings;
    private EmbeddingTables tables;
    private FitReport lastFit;

    /** Hyperparameters of an embedding model. */
    public interface Settings {
        /** Everything that changes the trained result, for checkpoint compatibility and the saved model's metadata. */
        String fingerprint();
    }

    EmbeddingRecommender(S settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public S settings() {
        return settings;
    }

    @Override
    public final void fit(TrainingData data, long seed) {
        fit(GraphIndex.of(data), seed);
    }

    /** Fits on an already indexed graph (the benchmark's synthetic graphs come this way). */
    public final void fit(GraphIndex graph, long seed) {
        if (graph.edges() == 0) {
            throw new IllegalArgumentException("cannot fit " + name() + " on a cut without purchases");
        }
        long started = System.nanoTime();
        Device device = Devices.pick();
        train(graph, seed, device, started);
    }

    /** Trains on a non-empty graph on {@code device}; ends with {@link #trainedAs}. {@code started}: nanoTime. */
    abstract void train(GraphIndex graph, long seed, Device device, long started);

    @Override
    public List<List<ScoredArticle>> recommend(List<String> customerIds, int k, boolean filterAlreadyBought) {
        return trained().recommend(customerIds, k, filterAlreadyBought, name());
    }

    /** The frozen tables of the last fit or load; throws when the model is untrained. */
    public EmbeddingTables trained() {
        if (tables == null) {
            throw new IllegalStateException(name() + " is not trained: call fit or load first");
        }
        return tables;
    }

    /** The scorer view of the trained model as version {@code version}. */
    public EmbeddingScorer scorer(String version) {
        return new EmbeddingTablesScorer(version, trained(), name());
    }

    /** Report of the last {@code fit}; empty after a load. */
    public Optional<FitReport> lastFit() {
        return Optional.ofNullable(lastFit);
    }

    void trainedAs(EmbeddingTables t, FitReport report) {
        this.tables = t;
        this.lastFit = report;
    }

    @Override
    public void save(Path dir) throws IOException {
        EmbeddingTables t = trained();
        t.save(dir);
        Properties p = new Properties();
        p.setProperty("model", name());
        p.setProperty("dim", Integer.toString(t.dim()));
        p.setProperty("settings", settings.fingerprint());
        try (Writer w = Files.newBufferedWriter(dir.resolve(META), StandardCharsets.UTF_8)) {
            p.store(w, "hmrec trained model");
        }
    }

    static Properties readMeta(Path dir, String expectedModel) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(META), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        if (!expectedModel.equals(p.getProperty("model"))) {
            throw new IOException(dir + " holds model '" + p.getProperty("model") + "', not " + expectedModel);
        }
        return p;
    }

    static long mix(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static float[] normal(int n, float std, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return v;
    }

    static int[] shuffled(int n, java.util.Random r) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
