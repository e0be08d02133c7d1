package io.hmrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.cli.stack.StackComponent;
import io.hmrec.cli.stack.StackContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HmrecCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = HmrecCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldListSubcommandsAndExitZeroOnHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: hmrec", "stack", "Without a subcommand, runs 'demo'.");
    }

    @Test
    void shouldOfferDemoAsTheDefaultCommandWithItsOwnHelp() {
        assertThat(HmrecCli.commandLine().getSubcommands()).containsKey(HmrecCli.DEFAULT_COMMAND);
        assertThat(run(HmrecCli.DEFAULT_COMMAND, "--help")).isZero();
        assertThat(out.toString()).contains("Usage: hmrec demo", "--data=DIR", "--no-wait", "--port=PORT");
    }

    @Test
    void shouldGiveOneLineReasonAndUsageExitCodeForUnknownOption() {
        assertThat(run("stack", "--bogus")).isEqualTo(HmrecCli.EXIT_USAGE);
        assertThat(err.toString()).isEqualTo("hmrec stack: Unknown option: '--bogus' (see 'hmrec stack --help')" + System.lineSeparator());
    }

    @Test
    void shouldGiveOneLineReasonWhenStackArgumentsAreInvalid() {
        assertThat(run("stack", "--registry-port", "70000")).isEqualTo(HmrecCli.EXIT_FAILURE);
        assertThat(err.toString()).isEqualTo("hmrec stack: --registry-port and --kafka-port must be 0..65535 and --health-every/--run-for >= 0"
                + System.lineSeparator());
    }

    @Test
    void shouldJoinCauseMessagesOnOneLineWithoutRepeats() {
        Exception ex = new IllegalStateException("cannot start registry",
                new java.io.IOException("port 8081\nin use", new RuntimeException("port 8081\nin use")));

        assertThat(HmrecCli.oneLine(ex)).isEqualTo("cannot start registry: port 8081 in use");
    }

    @Test
    void shouldPrintEveryComponentInTheHealthLine() {
        StackComponent up = new FixedHealthComponent("kafka", StackComponent.Health.up("1 broker"));
        StackComponent down = new FixedHealthComponent("registry", StackComponent.Health.down("not ready"));

        assertThat(StackCommand.healthLine(List.of(up, down)))
                .isEqualTo("health: kafka UP (1 broker) | registry DOWN (not ready)");
    }

    private record FixedHealthComponent(String name, Health health) implements StackComponent {
        @Override
        public String start(StackContext context) {
            return "";
        }

        @Override
        public void close() {
        }
    }
}
