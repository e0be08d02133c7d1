package io.hmrec.cli;

import io.hmrec.app.load.KafkaPublishedLog;
import io.hmrec.app.load.KaggleLoader;
import io.hmrec.app.load.LoaderConfig;
import io.hmrec.schemas.Topics;
import io.hmrec.schemas.registry.SchemaRegistryConfig;
import io.hmrec.schemas.serde.AvroSerdes;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hmrec load}: validates the Kaggle files and publishes them to the stack (articles, customers, then purchases
 * in event-time order), resumable after a crash; {@code --validate-only} needs no broker.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Publish transactions_train.csv (+ optional articles.csv, customers.csv) to Kafka, or check "
                + "them with --validate-only. Rejected rows go to the reject file and hm.dlq.transactions.v1; a summary "
                + "of accepted/rejected counts ends every run.")
public final class LoadCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Folder with transactions_train.csv and optionally articles.csv and customers.csv.")
    Path data;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: the running 'hmrec stack').")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Schema registry URL, Confluent API (default: the running 'hmrec stack').")
    String registry;

    @Option(names = "--validate-only", description = "Check every row and print the counts; no broker needed.")
    boolean validateOnly;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "EVENTS_PER_S",
            description = "At most this many purchase events per second; 0 = as fast as possible (default).")
    double rate;

    @Option(names = "--speedup", defaultValue = "0", paramLabel = "FACTOR",
            description = "Replay event time FACTOR times faster than real time (86400 = a data day per second); "
                    + "0 = no event-time pacing (default).")
    double speedup;

    @Option(names = "--reject-file", paramLabel = "FILE",
            description = "Write rejected rows here (TSV: file, line, reason, detail, raw row).")
    Path rejectFile;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint to resume from after a crash (default: ~/.cache/hmrec/load-<data folder hash>"
                    + ".checkpoint).")
    Path checkpoint;

    @Option(names = "--checkpoint-every", defaultValue = "500000", paramLabel = "ROWS",
            description = "Flush and checkpoint every ROWS purchase rows (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Option(names = "--stack-info", paramLabel = "FILE", hidden = true,
            description = "Endpoints file written by 'hmrec stack'.")
    Path stackInfo = StackCommand.DEFAULT_INFO_FILE;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        if (validateOnly) {
            LoaderConfig config = new LoaderConfig(data, null, null, true, rate, speedup, rejectFile, null,
                    checkpointEvery, !noProgress);
            KaggleLoader.validate(config, out);
            return 0;
        }
        Properties stack = stackEndpoints();
        String servers = bootstrap != null ? bootstrap : stack.getProperty("bootstrap.servers");
        String registryUrl = registry != null ? registry : stack.getProperty("schema.registry.url");
        if (servers == null || registryUrl == null) {
            throw new IllegalArgumentException("no broker: pass --bootstrap and --registry, start 'hmrec stack', or "
                    + "use --validate-only");
        }
        Path cp = checkpoint != null ? checkpoint : defaultCheckpoint(data);
        LoaderConfig config = new LoaderConfig(data, servers, registryUrl, false, rate, speedup, rejectFile, cp,
                checkpointEvery, !noProgress);
        Topics topics = new Topics(AvroSerdes.connect(SchemaRegistryConfig.of(registryUrl)));
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        try (Admin admin = Admin.create(adminProps)) {
            Topics.createMissing(admin, topics.all(), (short) 1, Duration.ofSeconds(30));
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KaggleLoader.producerProperties(servers));
             KafkaPublishedLog log = new KafkaPublishedLog(servers, Topics.TRANSACTIONS, Topics.DLQ_TRANSACTIONS)) {
            out.println("loading " + data + " into " + servers + " (checkpoint " + cp + ")");
            new KaggleLoader(config, topics, producer, log, out).run();
        }
        return 0;
    }

    private Properties stackEndpoints() throws IOException {
        Properties p = new Properties();
        if (stackInfo != null && Files.isReadable(stackInfo)) {
            try (Reader r = Files.newBufferedReader(stackInfo, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return p;
    }

    /** One checkpoint per data folder, outside it (the folder may be read-only). */
    static Path defaultCheckpoint(Path data) {
        String key = Integer.toHexString(data.toAbsolutePath().normalize().toString().hashCode());
        return Path.of(System.getProperty("user.home"), ".cache", "hmrec", "load-" + key + ".checkpoint");
    }
}
