package io.hmrec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hmrec.core.synth.GeneratorConfig;
import io.hmrec.core.synth.SyntheticGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The main job end to end on a tiny generated dataset: {@code hmrec demo --data DIR --no-wait} starts its own real
 * embedded broker and Apicurio registry, replays, trains, releases, backtests and prints the summary; while its query
 * API is still up, every customer active in the data's last four weeks is asked for recommendations over HTTP.
 */
class DemoIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldServeTwelveDistinctArticlesToEveryCustomerAndNameEveryPhaseWhenTheDemoRunsOnTinyData(
            @TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        new SyntheticGenerator(new GeneratorConfig(150, 120, 2_500, 11L, null)).generate(data, null);
        List<String> customers = activeCustomers(data);
        StringWriter out = new StringWriter();
        CommandLine cli = HmrecCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        DemoCommand demo = cli.getSubcommands().get("demo").getCommand();
        Map<String, List<String>> served = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        demo.beforeStop = ready -> {
            for (String c : customers) {
                try {
                    JsonNode list = get(ready.queryUrl() + "/customers/" + c + "/recommendations");
                    List<String> ids = new ArrayList<>();
                    list.path("articles").forEach(a -> ids.add(a.path("articleId").asText()));
                    served.put(c, ids);
                } catch (Exception e) {
                    failures.add(c + ": " + e.getMessage());
                }
            }
        };

        int exit = cli.execute("demo", "--data", data.toString(), "--work", tmp.resolve("work").toString(),
                "--no-wait", "--port", "0", "--registry-port", "0", "--epochs", "1", "--folds", "2",
                "--ranker-weeks", "1");

        String printed = out.toString();
        assertThat(exit).as(printed).isZero();
        assertThat(failures).as("HTTP failures").isEmpty();
        assertThat(customers).hasSizeGreaterThan(10);
        assertThat(served).hasSize(customers.size());
        served.forEach((c, ids) -> {
            Set<String> distinct = new LinkedHashSet<>(ids);
            assertThat(ids).as("list of %s", c).hasSize(12);
            assertThat(distinct).as("distinct articles of %s", c).hasSize(12);
        });
        for (String phase : DemoCommand.PHASES) {
            assertThat(printed).as("progress line of phase " + phase).containsPattern("\\] " + phase + " +\\S");
        }
        String summary = printed.substring(printed.indexOf("== hmrec demo summary =="));
        assertThat(summary).contains("data ", "phases ", "trainer ", "hot-swap ", "backtest ", "check ", "health: ",
                "model:popularity", "ranker", "report.html", "/recommendations'", "/history'", "/negatives'",
                "/similar?n=12'", "/articles/popular", "/health'", "/metrics'");
        for (String phase : DemoCommand.PHASES) {
            assertThat(summary.lines().filter(l -> l.startsWith("phases")).findFirst().orElseThrow())
                    .contains(phase + " ");
        }
        assertThat(printed).contains("hmrec demo: stopped cleanly");
        assertThat(Files.exists(tmp.resolve("work").resolve("backtest").resolve("report.html"))).isTrue();
    }

    /**
     * Customers who bought within the data's last 28 days: those the topology keeps current (its refresh passes
     * re-list them on every release). A customer last seen two years earlier is served the list emitted back then.
     */
    private static List<String> activeCustomers(Path data) throws java.io.IOException {
        List<String[]> rows = Files.readAllLines(data.resolve("transactions_train.csv")).stream().skip(1)
                .map(l -> l.split(",")).toList();
        java.time.LocalDate last = rows.stream().map(r -> java.time.LocalDate.parse(r[0]))
                .max(java.util.Comparator.naturalOrder()).orElseThrow();
        return rows.stream().filter(r -> !java.time.LocalDate.parse(r[0]).isBefore(last.minusDays(27)))
                .map(r -> r[1]).distinct().sorted().toList();
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return json.readTree(r.body());
    }
}
