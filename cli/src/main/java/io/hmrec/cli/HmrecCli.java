package io.hmrec.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code ./hmrec}. Without a subcommand it runs {@code demo}. Every command exits 0 on success and
 * non-zero with a one-line reason on stderr otherwise (set {@code HMREC_DEBUG=1} for stack traces).
 *
 * <p>To add a subcommand, write a picocli {@code @Command} class in this package and add one line to
 * {@code subcommands} below.
 */
@Command(name = "hmrec",
        mixinStandardHelpOptions = true,
        versionProvider = HmrecCli.Version.class,
        description = "Streaming H&M fashion recommender: Kafka Streams + Avro + RocksDB + DJL.%n"
                + "Without a subcommand, runs 'demo'.",
        subcommands = {
                CommandLine.HelpCommand.class,
                StackCommand.class,
                TrainCommand.class,
                BacktestCommand.class,
                SubmitCommand.class,
                GenerateCommand.class,
                LoadCommand.class,
                DemoCommand.class,
                // generate, load, train, backtest, submit, demo: one line each, e.g. DemoCommand.class,
        })
public final class HmrecCli implements Callable<Integer> {
    /** Exit code for bad usage (unknown option, missing argument), as picocli uses. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a command that ran and failed. */
    public static final int EXIT_FAILURE = 1;
    static final String DEFAULT_COMMAND = "demo";

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (no {@code System.exit}, so tests can call it). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured picocli command line: one-line error reporting for failures and bad usage. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new HmrecCli());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandSpec().qualifiedName() + ": " + oneLine(ex));
            if (System.getenv("HMREC_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_FAILURE;
        });
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine commandLine = ex.getCommandLine();
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandSpec().qualifiedName() + ": " + oneLine(ex)
                    + " (see '" + commandLine.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return EXIT_USAGE;
        });
        return cli;
    }

    @Override
    public Integer call() {
        CommandLine demo = spec.subcommands().get(DEFAULT_COMMAND);
        if (demo != null) {
            return demo.execute();
        }
        CommandLine self = spec.commandLine();
        self.usage(self.getErr());
        self.getErr().println("hmrec: the default command 'demo' is not built yet; pick a subcommand from the list above");
        self.getErr().flush();
        return EXIT_FAILURE;
    }

    /** The exception's message on one line, falling back to its class name; causes appended when they add words. */
    public static String oneLine(Throwable ex) {
        StringBuilder line = new StringBuilder();
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (line.indexOf(message) < 0) {
                if (line.length() > 0) {
                    line.append(": ");
                }
                line.append(message);
            }
            if (line.length() > 400) {
                break;
            }
        }
        return line.toString().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Version from the jar manifest, else the build's development version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = HmrecCli.class.getPackage().getImplementationVersion();
            return new String[] {"hmrec " + (version != null ? version : "0.1.0-SNAPSHOT")};
        }
    }
}
