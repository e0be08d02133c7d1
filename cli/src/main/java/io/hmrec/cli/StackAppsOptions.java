package io.hmrec.cli;

import io.hmrec.cli.stack.StackComponent;
import io.hmrec.cli.stack.StreamsAppComponent;
import io.hmrec.cli.stack.TrainerComponent;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code hmrec stack}'s options for the apps it runs in-process (a picocli mixin): the streams-app's query port and
 * the trainer's schedule.
 */
public final class StackAppsOptions {
    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "HTTP port of the streams-app's query API; 0 = any free port (default: ${DEFAULT-VALUE}, as in docker-compose).")
    int port;

    @Option(names = "--every", defaultValue = "6h", paramLabel = "DURATION",
            description = "Retrain this often once new purchases arrived (30m, 6h, 1d or PT6H); the first run starts "
                    + "as soon as a load finished (default: ${DEFAULT-VALUE}).")
    String every;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Trainer epochs of LightGCN and the dot-product CF (default: theirs, 50 and 5).")
    Integer epochs;

    @Option(names = "--trainer-out", defaultValue = ".hmrec/stack/trainer", paramLabel = "DIR",
            description = "Trainer reports, saved models and checkpoints (default: ${DEFAULT-VALUE}).")
    Path trainerOut;

    /** The streams-app and the trainer, in start order. */
    StackComponent[] components() {
        return new StackComponent[] {
                new StreamsAppComponent(port),
                new TrainerComponent(Optional.of(TrainCommand.duration(every)), epochs, trainerOut, false)};
    }
}
