package io.hmrec.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.hmrec.trainer.model.Devices;
import io.hmrec.trainer.model.DotProductCfModel;
import io.hmrec.trainer.model.DotProductCfSettings;
import io.hmrec.trainer.model.FitReport;
import io.hmrec.trainer.model.GraphIndex;
import io.hmrec.trainer.model.LightGcnModel;
import io.hmrec.trainer.model.LightGcnLoss;
import io.hmrec.trainer.model.LightGcnSettings;
import io.hmrec.trainer.model.NativeMemory;
import io.hmrec.trainer.model.SparseMatrices;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.hmrec.core.model.Days;
import io.hmrec.core.rec.TrainingData;
import java.util.Random;

/**
 * Seconds per epoch and peak memory of both models on a random power-law purchase graph shaped like the {@code full}
 * synthetic preset's last 12 weeks (1.37M customers, 105k articles, 4M purchases at {@code --scale 1}). Prints one
 * line per model plus the ratio to the 5-minutes-per-epoch goal and to a baseline measured in the same run (one
 * forward+backward propagation of the whole graph, the floor of every LightGCN step).
 *
 * <p>{@code --data DIR --as-of DATE} benchmarks the real 12 weeks before DATE of a Kaggle-layout directory instead
 * (e.g. the {@code full} synthetic preset); {@code --models none} times only the baseline, e.g. at {@code --scale 1} to extrapolate a full-size epoch as
 * steps × (measured step/baseline ratio) × full-size baseline.
 *
 * <pre>java -Dai.djl.offline=true -cp ... io.hmrec.trainer.TrainerBenchmark --scale 0.1 [--models lightgcn,dot-cf]
 *     [--epochs 1] [--lightgcn-batch 8192] [--lightgcn-max-steps 8 (0: no cap)] [--cf-batch 65536] [--seed 1]
 *     [--threads N]</pre>
 *
 * <p>LightGCN runs with the model's defaults unless told otherwise: batch 8,192 raised so that an epoch takes at most
 * 8 steps ({@link LightGcnSettings#effectiveBatchSize}); {@code --lightgcn-batch 65536 --lightgcn-max-steps 0} is
 * the fixed batch that session 1 measured.
 */
public final class TrainerBenchmark {
    static final long FULL_CUSTOMERS = 1_371_980;
    static final long FULL_ARTICLES = 105_542;
    static final long FULL_PURCHASES = 4_000_000;
    static final double GOAL_SECONDS_PER_EPOCH = 300;

    private TrainerBenchmark() {}

    public static void main(String[] args) throws IOException {
        double scale = 0.1;
        String models = "lightgcn,dot-cf";
        int epochs = 1;
        int gcnBatch = LightGcnSettings.defaults().batchSize();
        int gcnMaxSteps = LightGcnSettings.defaults().maxStepsPerEpoch();
        int cfBatch = 65_536;
        long seed = 1;
        int threads = 0;
        String dataDir = null;
        String asOf = null;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(v);
                case "--models" -> models = v;
                case "--epochs" -> epochs = Integer.parseInt(v);
                case "--lightgcn-batch" -> gcnBatch = Integer.parseInt(v);
                case "--lightgcn-max-steps" -> gcnMaxSteps = Integer.parseInt(v);
                case "--cf-batch" -> cfBatch = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--data" -> dataDir = v;
                case "--as-of" -> asOf = v;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (known: --scale --models --epochs --lightgcn-batch --lightgcn-max-steps --cf-batch --seed --threads --data --as-of)");
            }
            i++;
        }
        if (scale <= 0 || scale > 1) {
            throw new IllegalArgumentException("--scale must be in (0, 1], got " + scale);
        }
        if (threads > 0) {
            // must be set before the engine loads; one intra-op thread wins when the cores are shared (OpenMP
            // threads spin-wait on each other), all cores win on an idle machine
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        // load the engine outside the timed fits
        System.out.printf(Locale.ROOT, "native memory for tensors: %s (-D%s=false, -D%s=false to compare)%n",
                NativeMemory.prepare(), NativeMemory.HUGE_PAGES_PROPERTY, NativeMemory.PROPERTY);
        System.out.println("engine " + ai.djl.engine.Engine.getInstance().getEngineName() + " "
                + ai.djl.engine.Engine.getInstance().getVersion() + ", device " + io.hmrec.trainer.model.Devices.pick());
        long t0 = System.nanoTime();
        GraphIndex graph;
        if (dataDir != null) {
            if (asOf == null) {
                throw new IllegalArgumentException("--data needs --as-of DATE (the benchmark uses the 12 weeks before it)");
            }
            // e.g. the 'full' synthetic preset written by the data generator: its real last 12 weeks
            GraphCut cut = KaggleCutReader.read(Path.of(dataDir), Days.parse(asOf), 84,
                    Files.createTempFile("benchmark-rejects", ".tsv"));
            graph = GraphIndex.of(new TrainingData(cut.asOfDay(), cut.purchases(), Map.of(), Map.of(), Map.of()));
            scale = 1;
        } else {
            graph = powerLawGraph(scale, seed);
        }
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "graph scale=%.3f customers=%d articles=%d edges=%d built in %.1f s, cores=%d%n",
                scale, graph.customers(), graph.articles(), graph.edges(), buildSeconds,
                Runtime.getRuntime().availableProcessors());

        double propagation = propagationSeconds(graph, 64, 3);
        System.out.printf(Locale.ROOT, "baseline: one 3-layer propagation of the whole graph (64-d, no grad) %.3f s;"
                + " every LightGCN step runs it forward and backward%n", propagation);
        LightGcnSettings gcnSettings = LightGcnSettings.defaults().withEpochs(epochs).withBatchSize(gcnBatch)
                .withMaxStepsPerEpoch(gcnMaxSteps).withShowProgress(false);
        for (String model : models.split(",")) {
            if (model.isBlank() || model.equals("none")) {
                continue;
            }
            FitReport report = switch (model.trim()) {
                case "lightgcn" -> {
                    LightGcnModel m = new LightGcnModel(gcnSettings);
                    m.fit(graph, seed);
                    yield m.lastFit().orElseThrow();
                }
                case "dot-cf" -> {
                    DotProductCfModel m = new DotProductCfModel(DotProductCfSettings.defaults().withEpochs(epochs)
                            .withBatchSize(cfBatch).withShowProgress(false));
                    m.fit(graph, seed);
                    yield m.lastFit().orElseThrow();
                }
                default -> throw new IllegalArgumentException("unknown model " + model + " (lightgcn, dot-cf)");
            };
            double perEpoch = report.seconds() / epochs;
            int batch = model.trim().equals("lightgcn") ? gcnSettings.effectiveBatchSize(graph.edges()) : cfBatch;
            long steps = model.trim().equals("lightgcn") ? (graph.edges() + batch - 1L) / batch
                    : (2L * graph.edges() + batch - 1) / batch;
            System.out.printf(Locale.ROOT,
                    "%-8s device=%s epochs=%d batch=%d steps/epoch=%d s/epoch=%.2f (incl. setup) s/step=%.3f"
                            + " goal-ratio=%.3f peakRSS=%dMB peakHeap=%dMB loss=%s%n",
                    model.trim(), report.device(), epochs, batch, steps, perEpoch, report.seconds() / epochs / steps,
                    perEpoch / GOAL_SECONDS_PER_EPOCH, peakRssMb(), peakHeapMb(), report.epochLosses());
            System.out.printf(Locale.ROOT, "%-8s s/step / baseline propagation = %.1f%n", model.trim(),
                    report.seconds() / epochs / steps / propagation);
        }
        System.out.printf(Locale.ROOT, "final peakRSS=%dMB peakHeap=%dMB native trims=%d (budget %d MB)%n", peakRssMb(),
                peakHeapMb(), NativeMemory.trims(), NativeMemory.budgetMb());
    }

    /** Median of three timed 3-layer propagations (the same code the model trains with), no autograd. */
    static double propagationSeconds(GraphIndex graph, int dim, int layers) {
        int nodes = graph.customers() + graph.articles();
        try (NDManager manager = NDManager.newBaseManager(Devices.pick())) {
            GraphIndex.Coo coo = graph.normalisedAdjacency();
            NDArray adjacency = SparseMatrices.coo(manager, coo.indices(), coo.values(), new Shape(nodes, nodes));
            NDArray ego = manager.randomNormal(0f, 0.1f, new Shape(nodes, dim), DataType.FLOAT32);
            double[] times = new double[3];
            for (int i = 0; i < times.length; i++) {
                long t = System.nanoTime();
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    LightGcnLoss.propagate(adjacency, ego, layers, List.of()).getFloat(0, 0);
                }
                times[i] = (System.nanoTime() - t) / 1e9;
            }
            java.util.Arrays.sort(times);
            return times[1];
        }
    }

    /**
     * Random bipartite graph with power-law degrees on both sides: article popularity ~ 1/(rank+20)^1.1 and customer
     * activity ~ 1/(rank+5)^0.8 (a few heavy buyers, a long tail of one-off buyers), as in the H&M data.
     */
    static GraphIndex powerLawGraph(double scale, long seed) {
        int nc = (int) Math.max(10, Math.round(FULL_CUSTOMERS * scale));
        int na = (int) Math.max(10, Math.round(FULL_ARTICLES * scale));
        int purchases = (int) Math.max(100, Math.round(FULL_PURCHASES * scale));
        Random random = new Random(seed);
        double[] articleCdf = zipfCdf(na, 20, 1.1);
        double[] customerCdf = zipfCdf(nc, 5, 0.8);
        int[] customers = new int[purchases];
        int[] articles = new int[purchases];
        for (int i = 0; i < purchases; i++) {
            customers[i] = draw(customerCdf, random);
            articles[i] = draw(articleCdf, random);
        }
        return GraphIndex.ofPairs(ids("c", nc), ids("a", na), customers, articles);
    }

    private static double[] zipfCdf(int n, double offset, double exponent) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + offset, exponent);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    private static int draw(double[] cdf, Random random) {
        int i = java.util.Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
    }

    /** Sorted, zero-padded synthetic ids without materialising a million strings up front. */
    private static List<String> ids(String prefix, int n) {
        return new AbstractList<>() {
            @Override
            public String get(int i) {
                return String.format("%s%08d", prefix, i);
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux: peak RSS unknown
        }
        return -1;
    }

    static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum / (1024 * 1024);
    }
}
