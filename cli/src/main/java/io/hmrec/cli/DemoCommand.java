package io.hmrec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hmrec.app.load.KafkaPublishedLog;
import io.hmrec.app.load.KaggleLoader;
import io.hmrec.app.load.LoaderConfig;
import io.hmrec.cli.backtest.Backtest;
import io.hmrec.cli.backtest.BacktestConfig;
import io.hmrec.cli.backtest.FoldResult;
import io.hmrec.cli.backtest.report.ReportWriter;
import io.hmrec.cli.stack.KafkaComponent;
import io.hmrec.cli.stack.RegistryComponent;
import io.hmrec.cli.stack.StackComponent;
import io.hmrec.cli.stack.StackContext;
import io.hmrec.cli.stack.StackRun;
import io.hmrec.cli.stack.StreamsAppComponent;
import io.hmrec.cli.stack.TopicsComponent;
import io.hmrec.cli.stack.TrainerComponent;
import io.hmrec.core.data.KaggleFiles;
import io.hmrec.core.model.Days;
import io.hmrec.core.rec.RecommenderSettings;
import io.hmrec.core.synth.GeneratorConfig;
import io.hmrec.core.synth.SyntheticGenerator;
import io.hmrec.ranker.RankerSettings;
import io.hmrec.schemas.Topics;
import io.hmrec.trainer.TrainingJob;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hmrec demo} (the default command): the whole system once, end to end, on this machine. Generates the
 * {@code demo} preset on first run (or takes the user's Kaggle files with {@code --data}), starts the local stack
 * (broker, registry, topics, streams-app with its query API, trainer), replays the purchases into it with the loader,
 * waits until the topology has processed every one (consumer lag 0), trains and releases a model that the topology
 * hot-swaps, runs a short backtest, checks sample customers over HTTP, prints a summary with example queries, and
 * leaves the query API up until Ctrl-C ({@code --no-wait}: stops after the summary).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run everything once: generate (first run) or read data, start the local stack, replay the "
                + "purchases, wait for the topology, train and release a model, backtest, print a summary with "
                + "example queries, keep the query API up until Ctrl-C.",
                "  hmrec demo                      the generated 'demo' preset (in .hmrec/data/demo)",
                "  hmrec demo --data DIR           your Kaggle files (transactions_train.csv [+ articles.csv, customers.csv])",
                "  hmrec demo --no-wait            stop after the summary (tests, CI)"})
public final class DemoCommand implements Callable<Integer> {
    /** Phase names, in order, as printed in the progress lines and the summary. */
    static final List<String> PHASES = List.of("data", "stack", "load", "catch-up", "train", "hot-swap", "backtest", "check");
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration SWAP_TIMEOUT = Duration.ofMinutes(2);
    /** A refresh pass re-lists 500 customers per 200 ms punctuation: 30 s covers the demo's active customers. */
    private static final Duration RELIST_TIMEOUT = Duration.ofSeconds(30);
    private static final int SAMPLE_CUSTOMERS = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Kaggle-layout folder to run on (default: the 'demo' preset, generated into .hmrec/data/demo on first run).")
    Path data;

    @Option(names = "--work", defaultValue = ".hmrec/demo", paramLabel = "DIR",
            description = "Where the trainer's report, the backtest report and rejected rows go (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "HTTP port of the query API; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--registry-port", defaultValue = "0", paramLabel = "PORT",
            description = "Schema registry port; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--epochs", defaultValue = "5", paramLabel = "N",
            description = "Epochs of LightGCN and the dot-product CF, in the trainer and the backtest (default: ${DEFAULT-VALUE}; "
                    + "more is better and slower).")
    int epochs;

    @Option(names = "--folds", defaultValue = "2", paramLabel = "N",
            description = "Backtest folds (weeks ending at the data's last day); 0 = no backtest (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--ranker-weeks", defaultValue = "4", paramLabel = "N",
            description = "Weeks before each fold that train the backtest's ranker; 0 = blend only (default: ${DEFAULT-VALUE}).")
    int rankerWeeks;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of the generated data, the models and the ranker (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-wait", description = "Stop the stack and exit after the summary instead of waiting for Ctrl-C.")
    boolean noWait;

    /** Called with the running system after the summary, before the stack stops (tests query it here). */
    Consumer<Ready> beforeStop = ready -> { };

    /**
     * The running system as the summary describes it.
     *
     * @param queryUrl  base URL of the query API
     * @param customers sample of recent buyers (most recent first)
     * @param articles  articles those customers bought
     * @param dataDir   the data that was replayed
     */
    record Ready(String queryUrl, List<String> customers, List<String> articles, Path dataDir) {}

    private final Map<String, Double> phaseSeconds = new LinkedHashMap<>();
    private PrintWriter out;
    private long begin;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535 || registryPort < 0 || registryPort > 65535) {
            throw new IllegalArgumentException("--port and --registry-port must be 0..65535");
        }
        if (epochs < 1 || folds < 0 || rankerWeeks < 0) {
            throw new IllegalArgumentException("--epochs must be >= 1, --folds and --ranker-weeks >= 0");
        }
        out = spec.commandLine().getOut();
        begin = System.nanoTime();
        Thread main = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean waiting = new java.util.concurrent.atomic.AtomicBoolean();
        StackRun run = new StackRun("demo", Duration.ofSeconds(90), () -> {
            if (!waiting.get()) {
                main.interrupt(); // Ctrl-C during a phase: give up on it and close the stack
            }
        });

        StreamsAppComponent streams = new StreamsAppComponent(port);
        TrainerComponent trainer = new TrainerComponent(Optional.empty(), epochs, work.resolve("trainer"), false);
        List<StackComponent> components = List.of(new KafkaComponent(), new RegistryComponent(registryPort),
                new TopicsComponent(), streams, trainer);
        try {
            Path dataDir = phaseData();
            Tail tail = Tail.of(dataDir);

            long t = System.nanoTime();
            progress("stack", "starting " + components.stream().map(StackComponent::name).collect(Collectors.joining(", ")));
            run.start(components, (c, where) -> progress("stack", String.format(Locale.ROOT, "%-8s %s", c.name(), where)));
            if (run.stopRequested()) {
                throw new InterruptedException("stopped while the stack was starting");
            }
            StackContext context = run.context();
            List<StackComponent> started = run.started();
            progress("stack", StackCommand.healthLine(started));
            done("stack", t);

            String bootstrap = context.require(StackContext.BOOTSTRAP_SERVERS);
            String registry = context.require(StackContext.SCHEMA_REGISTRY_URL);
            String queryUrl = context.require(StreamsAppComponent.QUERY_URL);
            KaggleLoader.Outcome loaded = phaseLoad(dataDir, bootstrap, registry, context.topics());
            phaseCatchUp(bootstrap, loaded.published(), streams);
            TrainingJob.JobReport trained = phaseTrain(trainer);
            String swapped = phaseHotSwap(trained, streams, queryUrl, tail.customers());
            Optional<Backtest.Result> backtest = phaseBacktest(dataDir);
            String checked = phaseCheck(queryUrl, tail.customers());

            printSummary(dataDir, loaded, trained, swapped, backtest, checked, queryUrl, tail, started);
            beforeStop.accept(new Ready(queryUrl, tail.customers(), tail.articles(), dataDir));
            if (!noWait) {
                out.println("Query API up at " + queryUrl + "; Ctrl-C to stop.");
                out.flush();
                waiting.set(true);
                run.awaitStop(Duration.ZERO);
            }
            out.println("hmrec demo: stopping");
            out.flush();
            return 0;
        } finally {
            List<String> problems = run.closeStarted();
            out.println(problems.isEmpty() ? "hmrec demo: stopped cleanly" : "hmrec demo: stopped with problems: " + problems);
            out.flush();
            run.release();
        }
    }

    /** The user's folder, or the demo preset, generated once into {@code .hmrec/data/demo}. */
    private Path phaseData() throws IOException {
        long t = System.nanoTime();
        Path dir;
        if (data != null) {
            dir = data;
            if (!Files.isReadable(KaggleFiles.resolve(dir, KaggleFiles.TRANSACTIONS))) {
                throw new IllegalArgumentException("--data " + dir + " has no readable " + KaggleFiles.TRANSACTIONS
                        + "; expected Kaggle's layout (transactions_train.csv, optionally articles.csv and customers.csv)");
            }
            progress("data", "using " + dir.toAbsolutePath());
        } else {
            dir = Path.of(".hmrec", "data", "demo");
            if (Files.isReadable(dir.resolve(KaggleFiles.TRANSACTIONS))) {
                progress("data", "using the demo preset generated earlier in " + dir.toAbsolutePath());
            } else {
                GeneratorConfig config = GeneratorConfig.demo(seed, GenerateCommand.statsDir(null));
                progress("data", String.format(Locale.ROOT, "generating the demo preset (%,d customers, %,d articles, "
                                + "%,d purchases, seed %d) into %s", config.customers(), config.articles(),
                        config.transactions(), seed, dir.toAbsolutePath()));
                // written beside and moved in one step: an interrupted run never leaves a half-written preset
                Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp-" + ProcessHandle.current().pid());
                Files.createDirectories(dir.getParent());
                SyntheticGenerator.Result r = new SyntheticGenerator(config).generate(tmp, null);
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                progress("data", String.format(Locale.ROOT, "wrote %,d purchases, %,d customers, %,d articles",
                        r.transactions(), r.customers(), r.articles()));
            }
        }
        done("data", t);
        return dir;
    }

    private KaggleLoader.Outcome phaseLoad(Path dir, String bootstrap, String registry, Topics topics) {
        long t = System.nanoTime();
        progress("load", "replaying " + dir + " into " + Topics.TRANSACTIONS + " as fast as the broker takes it");
        Path rejects = work.resolve("rejects.tsv");
        LoaderConfig config = new LoaderConfig(dir, bootstrap, registry, false, 0, 0, rejects, null,
                LoaderConfig.DEFAULT_CHECKPOINT_EVERY, false);
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        KaggleLoader.Outcome outcome;
        try (PrintStream reportStream = new PrintStream(report, true, StandardCharsets.UTF_8);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KaggleLoader.producerProperties(bootstrap));
             KafkaPublishedLog log = new KafkaPublishedLog(bootstrap, Topics.TRANSACTIONS, Topics.DLQ_TRANSACTIONS)) {
            createParent(rejects);
            outcome = new KaggleLoader(config, topics, producer, log, reportStream).run();
        }
        report.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).forEach(l -> progress("load", l.strip()));
        done("load", t);
        return outcome;
    }

    /**
     * Waits until the streams-app's consumer group has committed the end of every partition of the transactions
     * topic, and of its own repartition topics up to a transaction marker (exactly-once writes end in a commit marker
     * that a consumer only steps over on its next fetch), with the repartition topics no longer growing.
     */
    private void phaseCatchUp(String bootstrap, long published, StreamsAppComponent streams) throws Exception {
        long t = System.nanoTime();
        progress("catch-up", String.format(Locale.ROOT, "waiting for the topology to process %,d purchases "
                + "(consumer lag of group %s)", published, StreamsAppComponent.APPLICATION_ID));
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        long lastPrint = System.nanoTime();
        Map<TopicPartition, Long> previousEnds = Map.of();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(StreamsAppComponent.APPLICATION_ID).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                Set<TopicPartition> partitions = new HashSet<>(committed.keySet());
                admin.describeTopics(List.of(Topics.TRANSACTIONS)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(Topics.TRANSACTIONS).partitions()
                        .forEach(p -> partitions.add(new TopicPartition(Topics.TRANSACTIONS, p.partition())));
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, Long> ends = new HashMap<>();
                admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                        .get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
                long sourceLag = 0;
                long internalLag = 0;
                boolean internalDone = true;
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata c = committed.get(tp);
                    long lag = ends.get(tp) - (c == null ? 0 : c.offset());
                    if (tp.topic().equals(Topics.TRANSACTIONS)) {
                        sourceLag += lag;
                    } else {
                        internalLag += lag;
                        internalDone &= lag <= 1 && ends.get(tp).equals(previousEnds.get(tp));
                    }
                }
                if (sourceLag == 0 && internalDone) {
                    double s = (System.nanoTime() - t) / 1e9;
                    progress("catch-up", String.format(Locale.ROOT, "lag 0: the topology has processed every purchase "
                                    + "(latest event day %s) in %.1f s after the load", latestDay(streams), s));
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the topology did not catch up within " + CATCH_UP_TIMEOUT.toMinutes()
                            + " min: transactions lag " + sourceLag + ", internal lag " + internalLag);
                }
                if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                    progress("catch-up", String.format(Locale.ROOT, "lag %,d purchases (+%,d on internal topics)",
                            sourceLag, internalLag));
                    lastPrint = System.nanoTime();
                }
                previousEnds = ends;
                Thread.sleep(500);
            }
        }
        done("catch-up", t);
    }

    private static String latestDay(StreamsAppComponent streams) {
        try {
            int day = streams.app().queries().latestDay();
            return day == 0 ? "none" : Days.date(day).toString();
        } catch (RuntimeException notQueryable) {
            return "unknown";
        }
    }

    private TrainingJob.JobReport phaseTrain(TrainerComponent trainer) {
        long t = System.nanoTime();
        progress("train", "replaying " + Topics.TRANSACTIONS + " and training lightgcn + dot-cf (" + epochs
                + " epochs each; --epochs for more)");
        TrainingJob.JobReport report = trainer.runNow();
        progress("train", String.format(Locale.ROOT, "as of %s: %,d training purchases, %,d held-out buyers; "
                + "popularity reference MAP@12 %.5f", report.asOf(), report.trainPurchases(), report.evalBuyers(),
                report.popularityMap12()));
        for (TrainingJob.ModelReport m : report.models()) {
            progress("train", String.format(Locale.ROOT, "%-9s MAP@12 %.5f recall@12 %.5f, %d epochs in %.1f s: %s",
                    m.model(), m.map12(), m.recall12(), m.epochs(), m.seconds(), m.decision()));
        }
        done("train", t);
        return report;
    }

    /**
     * Waits until the topology scores with the newest released model and a recent buyer's list (as the query API
     * serves it) was recomputed with it.
     *
     * @return one line saying what was observed
     */
    private String phaseHotSwap(TrainingJob.JobReport report, StreamsAppComponent streams, String queryUrl,
                                List<String> customers) throws InterruptedException {
        long t = System.nanoTime();
        List<String> released = report.models().stream().filter(TrainingJob.ModelReport::released)
                .map(TrainingJob.ModelReport::version).toList();
        String line;
        if (released.isEmpty()) {
            line = "no model released (none beat the live versions); the topology keeps " + streams.modelVersion();
            progress("hot-swap", line);
        } else {
            // the registry activates the newest complete release: the last one published
            String expected = released.get(released.size() - 1);
            progress("hot-swap", "waiting for the topology to activate " + expected + " and re-list active customers");
            long deadline = System.nanoTime() + SWAP_TIMEOUT.toNanos();
            while (!streams.modelVersion().equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            if (!streams.modelVersion().equals(expected)) {
                line = "NOT observed: the topology still scores with " + streams.modelVersion() + " after "
                        + SWAP_TIMEOUT.toSeconds() + " s";
            } else {
                String customer = customers.isEmpty() ? null : customers.get(0);
                String listVersion = "";
                deadline = System.nanoTime() + RELIST_TIMEOUT.toNanos();
                while (customer != null && System.nanoTime() < deadline) {
                    listVersion = listModelVersion(queryUrl, customer);
                    if (expected.equals(listVersion)) {
                        break;
                    }
                    Thread.sleep(200);
                }
                double s = (System.nanoTime() - t) / 1e9;
                line = customer == null ? String.format(Locale.ROOT, "topology scores with %s (%.1f s)", expected, s)
                        : expected.equals(listVersion)
                        ? String.format(Locale.ROOT, "topology scores with %s; customer %s… re-listed with it %.1f s "
                                + "after the release", expected, customer.substring(0, Math.min(12, customer.length())), s)
                        : String.format(Locale.ROOT, "topology scores with %s, but customer %s…'s stored list was "
                                + "not re-listed within %d s (model '%s')", expected,
                        customer.substring(0, Math.min(12, customer.length())), RELIST_TIMEOUT.toSeconds(), listVersion);
            }
            progress("hot-swap", line);
        }
        done("hot-swap", t);
        return line;
    }

    private String listModelVersion(String queryUrl, String customer) {
        try {
            JsonNode list = get(queryUrl + "/customers/" + customer + "/recommendations");
            return list.path("modelVersion").asText("");
        } catch (IOException | RuntimeException e) {
            return "(query failed: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** The quality engineer's backtest on the same files: {@code folds} weeks, every model, blend and ranker. */
    private Optional<Backtest.Result> phaseBacktest(Path dir) throws IOException {
        long t = System.nanoTime();
        if (folds == 0) {
            progress("backtest", "skipped (--folds 0)");
            done("backtest", t);
            return Optional.empty();
        }
        Path outDir = work.resolve("backtest").toAbsolutePath();
        Files.createDirectories(outDir);
        Path logFile = outDir.resolve("backtest.log");
        progress("backtest", folds + " weekly folds through the topology code, models "
                + String.join(", ", BacktestConfig.DEFAULT_MODELS) + " (" + epochs + " epochs), blend, ranker ("
                + rankerWeeks + " training weeks); log " + logFile);
        BacktestConfig cfg = new BacktestConfig(dir, folds, outDir, BacktestConfig.DEFAULT_MODELS, epochs, rankerWeeks,
                false, 365, seed, RecommenderSettings.defaults(), RankerSettings.defaults().withSeed(seed));
        Backtest.Result result;
        try (PrintStream log = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8)) {
            result = new Backtest(cfg, log).run();
            ReportWriter.write(result, outDir);
            log.print(ReportWriter.table(result));
        }
        progress("backtest", "folds " + result.folds().stream().map(f -> f.firstDay().toString())
                .collect(Collectors.joining(", ")) + "; report " + outDir.resolve("report.html"));
        done("backtest", t);
        return Optional.of(result);
    }

    /** Asks the query API for every sample customer's list: 12 distinct articles each, or the phase fails. */
    private String phaseCheck(String queryUrl, List<String> customers) throws IOException, InterruptedException {
        long t = System.nanoTime();
        List<String> problems = new ArrayList<>();
        for (String c : customers) {
            JsonNode list = get(queryUrl + "/customers/" + c + "/recommendations");
            Set<String> ids = new LinkedHashSet<>();
            list.path("articles").forEach(a -> ids.add(a.path("articleId").asText()));
            if (ids.size() != 12 || list.path("articles").size() != 12) {
                problems.add(c + ": " + list.path("articles").size() + " articles, " + ids.size() + " distinct");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("query API check failed for " + problems.size() + " of " + customers.size()
                    + " customers: " + problems);
        }
        String line = customers.size() + " recent buyers queried over HTTP: each got 12 distinct articles";
        progress("check", line);
        done("check", t);
        return line;
    }

    private void printSummary(Path dir, KaggleLoader.Outcome loaded, TrainingJob.JobReport trained, String swapped,
                              Optional<Backtest.Result> backtest, String checked, String queryUrl, Tail tail,
                              List<StackComponent> started) {
        out.println();
        out.println("== hmrec demo summary ==");
        out.printf(Locale.ROOT, "data      %s (%,d purchase events published, %,d rejected)%n", dir.toAbsolutePath(),
                loaded.published(), loaded.deadLettered());
        out.println("phases    " + phaseSeconds.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                .collect(Collectors.joining(" | "))
                + String.format(Locale.ROOT, " | total %.1f s", (System.nanoTime() - begin) / 1e9));
        out.printf(Locale.ROOT, "trainer   held-out week before %s (popularity reference MAP@12 %.5f):%n", trained.asOf(),
                trained.popularityMap12());
        for (TrainingJob.ModelReport m : trained.models()) {
            out.printf(Locale.ROOT, "            %-9s MAP@12 %.5f  %s%n", m.model(), m.map12(),
                    m.released() ? "released " + m.version() : m.decision());
        }
        out.println("          report " + work.resolve("trainer").resolve("report.json").toAbsolutePath());
        out.println("hot-swap  " + swapped);
        if (backtest.isPresent()) {
            Backtest.Result r = backtest.get();
            Map<String, double[]> avg = ReportWriter.averages(r);
            out.printf(Locale.ROOT, "backtest  MAP@12 averaged over %d folds (%s), buyers per fold %s:%n", r.folds().size(),
                    r.folds().stream().map(f -> f.firstDay().toString()).collect(Collectors.joining(", ")),
                    r.folds().stream().map(f -> Integer.toString(f.buyers())).collect(Collectors.joining("/")));
            for (String m : FoldResult.order(avg.keySet())) {
                out.printf(Locale.ROOT, "            %-26s %.5f%n", m, avg.get(m)[0]);
            }
            out.println("          report " + work.resolve("backtest").resolve("report.html").toAbsolutePath());
        } else {
            out.println("backtest  skipped (--folds 0)");
        }
        out.println("check     " + checked);
        out.println(StackCommand.healthLine(started));
        out.println("try       (customers are recent buyers from the data)");
        String c0 = tail.customers().get(0);
        String c1 = tail.customers().size() > 1 ? tail.customers().get(1) : c0;
        String a0 = tail.articles().isEmpty() ? "0000000000" : tail.articles().get(0);
        for (String q : List.of("/customers/" + c0 + "/recommendations", "/customers/" + c1 + "/recommendations",
                "/customers/" + c0 + "/history", "/customers/" + c0 + "/negatives", "/articles/" + a0 + "/similar?n=12",
                "/articles/popular?ageBucket=all&n=12", "/health", "/metrics")) {
            out.println("  curl -s '" + queryUrl + q + "'");
        }
        out.flush();
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return json.readTree(r.body());
    }

    private void progress(String phase, String message) {
        out.printf(Locale.ROOT, "[%6.1f s] %-8s %s%n", (System.nanoTime() - begin) / 1e9, phase, message);
        out.flush();
    }

    private void done(String phase, long startedNanos) {
        phaseSeconds.put(phase, (System.nanoTime() - startedNanos) / 1e9);
    }

    private static void createParent(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
    }

    /**
     * The most recent purchases of the data: the last rows of transactions_train.csv (which is in event-time order),
     * read from the end of the file so even the 3 GB Kaggle file costs nothing.
     *
     * @param customers distinct customers, most recent first, at most {@value #SAMPLE_CUSTOMERS}
     * @param articles  distinct articles they bought, most recent first
     */
    record Tail(List<String> customers, List<String> articles) {
        static Tail of(Path dir) throws IOException {
            Path file = KaggleFiles.resolve(dir, KaggleFiles.TRANSACTIONS);
            List<String> lines = file.toString().endsWith(".gz") ? lastLinesGzip(file, 4000) : lastLines(file, 1 << 18);
            Set<String> customers = new LinkedHashSet<>();
            Set<String> articles = new LinkedHashSet<>();
            for (int i = lines.size() - 1; i >= 0 && customers.size() < SAMPLE_CUSTOMERS; i--) {
                String[] cols = lines.get(i).split(",");
                if (cols.length >= 3 && !cols[0].equals("t_dat") && cols[1].matches("[A-Za-z0-9_-]{1,128}")
                        && cols[2].matches("\\d{9,10}")) {
                    customers.add(cols[1]);
                    articles.add(cols[2].length() == 9 ? "0" + cols[2] : cols[2]);
                }
            }
            if (customers.isEmpty()) {
                throw new IllegalArgumentException(file + " has no purchase rows to take example customers from");
            }
            return new Tail(List.copyOf(customers), List.copyOf(articles));
        }

        private static List<String> lastLines(Path file, int bytes) throws IOException {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
                long start = Math.max(0, f.length() - bytes);
                byte[] buf = new byte[(int) (f.length() - start)];
                f.seek(start);
                f.readFully(buf);
                List<String> lines = new ArrayList<>(new String(buf, StandardCharsets.UTF_8).lines().toList());
                if (start > 0 && !lines.isEmpty()) {
                    lines.remove(0); // cut in the middle
                }
                return lines;
            }
        }

        private static List<String> lastLinesGzip(Path file, int n) throws IOException {
            ArrayDeque<String> ring = new ArrayDeque<>(n);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (ring.size() == n) {
                        ring.removeFirst();
                    }
                    ring.addLast(line);
                }
            }
            return new ArrayList<>(ring);
        }
    }
}
