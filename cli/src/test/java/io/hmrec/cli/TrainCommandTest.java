package io.hmrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
    private static Path kaggleFiles(Path dir) throws Exception {
        Random r = new Random(3);
        List<String> lines = new ArrayList<>(List.of("t_dat,customer_id,article_id,price,sales_channel_id"));
        for (LocalDate d = LocalDate.of(2020, 8, 1); d.isBefore(LocalDate.of(2020, 9, 16)); d = d.plusDays(1)) {
            for (int c = 0; c < 30; c++) {
                if (r.nextInt(3) == 0) {
                    int article = (c % 2) * 10 + r.nextInt(10);
                    lines.add(d + "," + String.format("%064x", 0xfeed00 + c) + ","
                            + String.format("%010d", 108_775_000 + article) + ",0.02,1");
                }
            }
        }
        Files.write(dir.resolve("transactions_train.csv"), lines);
        return dir;
    }

    private static CommandLine cli(StringWriter out, StringWriter err) {
        CommandLine cl = new CommandLine(new TrainCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl;
    }

    @Test
    void shouldTrainOfflineAndWriteTheReportWhenGivenDataAndAsOf(@TempDir Path tmp) throws Exception {
        Path data = kaggleFiles(Files.createDirectory(tmp.resolve("data")));
        Path out = tmp.resolve("out");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();

        int code = cli(stdout, stderr).execute("--data", data.toString(), "--as-of", "2020-09-16", "--out",
                out.toString(), "--models", "lightgcn", "--epochs", "2", "--window-days", "28", "--no-progress");

        assertThat(code).as(stderr.toString()).isZero();
        assertThat(stdout.toString()).contains("as of 2020-09-16").contains("lightgcn  MAP@12")
                .contains("released: no live version").contains("report: " + out.resolve("report.json"));
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.get("window_days").asInt()).isEqualTo(28);
        assertThat(report.get("models").get("lightgcn").get("epochs").asInt()).isEqualTo(2);
        assertThat(report.get("models").has("dot-cf")).isFalse();
        assertThat(Files.readString(out.resolve("releases/lightgcn/LIVE")).trim())
                .isEqualTo(report.get("models").get("lightgcn").get("version").asText());
    }

    @Test
    void shouldRejectAnUnknownModelByName(@TempDir Path tmp) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cl = cli(new StringWriter(), err);
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            c.getErr().println(ex.getMessage());
            return 1;
        });
        int code = cl.execute("--data", tmp.toString(), "--as-of", "2020-09-16", "--out", tmp.toString(),
                "--models", "lightgcn,deepfm");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("unknown model 'deepfm'").contains("lightgcn").contains("dot-cf");
    }

    @Test
    void shouldParseScheduleDurationsInShortAndIsoForm() {
        assertThat(TrainCommand.duration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(TrainCommand.duration("6h")).isEqualTo(Duration.ofHours(6));
        assertThat(TrainCommand.duration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(TrainCommand.duration("PT6H")).isEqualTo(Duration.ofHours(6));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainCommand.duration("soon"))
                .hasMessageContaining("'soon' is not a duration");
    }
}
