package io.hmrec.cli;

import io.hmrec.cli.stack.BootstrapAliasComponent;
import io.hmrec.cli.stack.ExternalServicesComponent;
import io.hmrec.cli.stack.KafkaComponent;
import io.hmrec.cli.stack.RegistryComponent;
import io.hmrec.cli.stack.StackComponent;
import io.hmrec.cli.stack.StackRun;
import io.hmrec.cli.stack.StackContext;
import io.hmrec.cli.stack.TopicsComponent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hmrec stack}: the whole system on this machine without Docker. Starts the components in order (embedded
 * KRaft broker, Apicurio registry, topics + schemas, then the apps), prints their endpoints and a health line,
 * writes the endpoints to a properties file other commands can read, and on Ctrl-C stops everything in reverse order.
 */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Start the local stack (Kafka broker, schema registry, topics and schemas, apps) without Docker; "
                + "Ctrl-C stops it.")
public final class StackCommand implements java.util.concurrent.Callable<Integer> {
    /** Where the running stack's endpoints are written (bootstrap.servers, schema.registry.url). */
    public static final Path DEFAULT_INFO_FILE = Paths.get(System.getProperty("user.home"), ".cache", "hmrec", "stack.properties");

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    StackAppsOptions apps = new StackAppsOptions();

    @Option(names = "--registry-port", defaultValue = "8081", paramLabel = "PORT",
            description = "Schema registry HTTP port, 0 = any free port (default: ${DEFAULT-VALUE}, as in docker-compose).")
    int registryPort;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT",
            description = "Also accept Kafka bootstrap connections on localhost:PORT, relayed to the embedded broker's "
                    + "own port; 0 = off (default: ${DEFAULT-VALUE}, as in docker-compose).")
    int kafkaPort;

    @Option(names = "--health-every", defaultValue = "30", paramLabel = "SECONDS",
            description = "Print a health line every SECONDS; 0 = only once at start (default: ${DEFAULT-VALUE}).")
    int healthEverySeconds;

    @Option(names = "--run-for", defaultValue = "0", paramLabel = "SECONDS",
            description = "Stop by itself after SECONDS (smoke tests); 0 = run until Ctrl-C (default).")
    int runForSeconds;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Use this running Kafka instead of starting one (needs --schema-registry-url).")
    String externalBootstrap;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Use this running Confluent-API registry instead of starting Apicurio (needs --bootstrap-servers).")
    String externalRegistry;

    @Option(names = "--setup-only",
            description = "Create topics and register schemas, print health, then exit (0 when healthy); "
                    + "docker-compose's setup step.")
    boolean setupOnly;

    @Option(names = "--info-file", paramLabel = "FILE",
            description = "Write the endpoints here while the stack runs (default: ~/.cache/hmrec/stack.properties).")
    Path infoFile = DEFAULT_INFO_FILE;

    /**
     * The stack's components in start order. The streams app and the trainer join here, one line each, once their
     * owners wrap them as {@link StackComponent}s (they read {@link StackContext#BOOTSTRAP_SERVERS} and
     * {@link StackContext#SCHEMA_REGISTRY_URL} from the context).
     */
    List<StackComponent> components() {
        List<StackComponent> services = externalBootstrap != null
                ? List.of(new ExternalServicesComponent(externalBootstrap, externalRegistry))
                : kafkaPort == 0
                        ? List.of(new KafkaComponent(), new RegistryComponent(registryPort))
                        : List.of(new KafkaComponent(), new BootstrapAliasComponent(kafkaPort), new RegistryComponent(registryPort));
        List<StackComponent> base = concat(services, new TopicsComponent());
        return setupOnly ? base : concat(base, apps.components());
    }

    private static List<StackComponent> concat(List<StackComponent> first, StackComponent... rest) {
        List<StackComponent> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return List.copyOf(all);
    }

    @Override
    public Integer call() throws Exception {
        if (registryPort < 0 || registryPort > 65535 || kafkaPort < 0 || kafkaPort > 65535 || healthEverySeconds < 0
                || runForSeconds < 0) {
            throw new IllegalArgumentException("--registry-port and --kafka-port must be 0..65535 and --health-every/--run-for >= 0");
        }
        if ((externalBootstrap == null) != (externalRegistry == null)) {
            throw new IllegalArgumentException("--bootstrap-servers and --schema-registry-url go together");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<StackComponent> components = components();
        StackRun run = new StackRun("stack", Duration.ofSeconds(60), () -> { });
        boolean infoWritten = false;
        ScheduledExecutorService healthPrinter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hmrec-stack-health");
            t.setDaemon(true);
            return t;
        });
        try {
            long begin = System.nanoTime();
            out.println("hmrec stack: starting " + components.stream().map(StackComponent::name).collect(Collectors.joining(", ")));
            out.flush();
            run.start(components, (component, where) -> {
                out.printf(Locale.ROOT, "  %-9s %s%n", component.name(), where);
                out.flush();
            });
            List<StackComponent> started = run.started();
            if (setupOnly && !run.stopRequested()) {
                String health = healthLine(started);
                out.println(health);
                out.flush();
                if (started.stream().anyMatch(c -> !c.health().up())) {
                    throw new IllegalStateException("setup finished but not everything is healthy: " + health);
                }
                return 0;
            }
            if (!run.stopRequested()) {
                writeInfoFile(run.context().endpoints());
                infoWritten = true;
                out.printf(Locale.ROOT, "hmrec stack up in %.1f s; endpoints in %s%n", (System.nanoTime() - begin) / 1e9, infoFile);
                out.println(healthLine(started));
                out.println(runForSeconds > 0 ? "stopping by itself in " + runForSeconds + " s (or Ctrl-C)" : "Ctrl-C to stop.");
                out.flush();
                if (healthEverySeconds > 0) {
                    healthPrinter.scheduleAtFixedRate(() -> {
                        out.println(healthLine(started));
                        out.flush();
                    }, healthEverySeconds, healthEverySeconds, TimeUnit.SECONDS);
                }
                run.awaitStop(Duration.ofSeconds(runForSeconds));
            }
            out.println("hmrec stack: stopping");
            out.flush();
            return 0;
        } finally {
            healthPrinter.shutdownNow();
            List<String> problems = run.closeStarted();
            try {
                if (infoWritten) { // a --setup-only run must not remove a running local stack's file
                    Files.deleteIfExists(infoFile);
                }
            } catch (IOException e) {
                problems.add("cannot delete " + infoFile + ": " + e.getMessage());
            }
            out.println(problems.isEmpty() ? "hmrec stack: stopped cleanly" : "hmrec stack: stopped with problems: " + problems);
            out.flush();
            run.release();
        }
    }

    /** {@code health: kafka UP (1 broker) | registry UP | topics UP (7/7)} */
    static String healthLine(List<StackComponent> components) {
        return "health: " + components.stream().map(c -> c.name() + " " + c.health()).collect(Collectors.joining(" | "));
    }

    private void writeInfoFile(Map<String, String> endpoints) {
        try {
            Files.createDirectories(infoFile.toAbsolutePath().getParent());
            StringBuilder text = new StringBuilder("# written by 'hmrec stack' while it runs; deleted when it stops\n");
            new TreeMap<>(endpoints).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(infoFile, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stack's endpoints to " + infoFile, e);
        }
    }
}
