package io.hmrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateAndLoadCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {}

    /** Runs a command; picocli's out and err are captured, and System.out too (the loader prints its summary there). */
    private static Run run(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = HmrecCli.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Run(code, out + captured.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void shouldGenerateADatasetThatValidatesWithoutRejectsAndPassesTheCheck() throws Exception {
        Path data = dir.resolve("data");
        Run gen = run("generate", "--customers", "3000", "--articles", "800", "--transactions", "60000", "--seed", "5",
                "--out", data.toString(), "--no-progress");
        assertThat(gen.code()).as(gen.err()).isZero();
        assertThat(gen.out()).contains("wrote 60,000 purchases, 3,000 customers, 800 articles");
        assertThat(Files.size(data.resolve("transactions_train.csv"))).isPositive();

        Run validate = run("load", "--data", data.toString(), "--validate-only", "--no-progress");
        assertThat(validate.code()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("transactions_train.csv: 60000 rows, 60000 accepted",
                "0 rejected", "purchases of articles not in articles.csv: 0 (kept)");

        Run check = run("generate", "check", "--data", data.toString());
        assertThat(check.out()).contains("daily volume correlation with real curve", "online share (channel 2)");
        assertThat(check.code()).as(check.out()).isZero();
    }

    @Test
    void shouldExplainAMissingBrokerInOneLine() {
        Run load = run("load", "--data", dir.toString(), "--stack-info", dir.resolve("none.properties").toString());
        assertThat(load.code()).isEqualTo(HmrecCli.EXIT_FAILURE);
        assertThat(load.err().strip()).isEqualTo("hmrec load: no broker: pass --bootstrap and --registry, start "
                + "'hmrec stack', or use --validate-only");
    }

    @Test
    void shouldAskForTheOutputFolder() {
        Run gen = run("generate");
        assertThat(gen.code()).isEqualTo(HmrecCli.EXIT_FAILURE);
        assertThat(gen.err().strip()).isEqualTo("hmrec generate: --out DIR is required: the folder to write the "
                + "three files to");
    }

    @Test
    void shouldRejectAnUnknownPreset() {
        Run gen = run("generate", "--preset", "huge", "--out", dir.toString());
        assertThat(gen.code()).isEqualTo(HmrecCli.EXIT_FAILURE);
        assertThat(gen.err()).contains("unknown preset 'huge'; expected demo or full");
    }
}
