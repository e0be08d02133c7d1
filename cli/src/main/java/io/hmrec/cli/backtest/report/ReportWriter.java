package io.hmrec.cli.backtest.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hmrec.cli.backtest.Backtest;
import io.hmrec.cli.backtest.FoldResult;
import io.hmrec.core.metrics.RankingMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes a backtest's results: {@code metrics.json} (everything), {@code metrics.csv} (one row per fold and method,
 * plus the averages), {@code folds.csv} (fold dates, buyers, candidate recall) and {@code report.html} (tables and
 * inline SVG charts; no external scripts or styles, opens from disk). Also renders the console summary table.
 */
public final class ReportWriter {
    private ReportWriter() {}

    /** Average of each metric over folds, per method: [map, precision, recall]; methods missing in a fold skip it. */
    public static Map<String, double[]> averages(Backtest.Result r) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String m : r.methods()) {
            double[] acc = new double[4];
            for (FoldResult f : r.folds()) {
                RankingMetrics.Summary s = f.methods().get(m);
                if (s != null) {
                    acc[0] += s.map();
                    acc[1] += s.precision();
                    acc[2] += s.recall();
                    acc[3]++;
                }
            }
            out.put(m, acc[3] == 0 ? new double[] {0, 0, 0} : new double[] {acc[0] / acc[3], acc[1] / acc[3], acc[2] / acc[3]});
        }
        return out;
    }

    /** Mean candidate recall over folds. */
    public static double candidateRecall(Backtest.Result r) {
        return r.folds().stream().mapToDouble(FoldResult::candidateRecall).average().orElse(0);
    }

    /** The console table: MAP@12 per method (rows) and fold (columns), average last. */
    public static String table(Backtest.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-24s", "MAP@12"));
        for (FoldResult f : r.folds()) {
            b.append(String.format(Locale.ROOT, " %10s", f.firstDay()));
        }
        b.append(String.format(Locale.ROOT, " %9s %9s %9s%n", "avg MAP", "avg P@12", "avg R@12"));
        b.append(String.format(Locale.ROOT, "%-24s", "buyers"));
        for (FoldResult f : r.folds()) {
            b.append(String.format(Locale.ROOT, " %10d", f.buyers()));
        }
        b.append('\n');
        Map<String, double[]> avg = averages(r);
        for (String m : r.methods()) {
            b.append(String.format(Locale.ROOT, "%-24s", m));
            for (FoldResult f : r.folds()) {
                RankingMetrics.Summary s = f.methods().get(m);
                b.append(s == null ? String.format(Locale.ROOT, " %10s", "-") : String.format(Locale.ROOT, " %10.5f", s.map()));
            }
            double[] a = avg.get(m);
            b.append(String.format(Locale.ROOT, " %9.5f %9.5f %9.5f%n", a[0], a[1], a[2]));
        }
        b.append(String.format(Locale.ROOT, "%-24s", "candidate recall"));
        for (FoldResult f : r.folds()) {
            b.append(String.format(Locale.ROOT, " %10.4f", f.candidateRecall()));
        }
        b.append(String.format(Locale.ROOT, " %9.4f   (mean pool %.0f candidates)%n", candidateRecall(r),
                r.folds().stream().mapToDouble(FoldResult::meanPoolSize).average().orElse(0)));
        return b.toString();
    }

    /** Writes the JSON, CSV and HTML files into {@code dir}. */
    public static void write(Backtest.Result r, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("metrics.json"), json(r), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("metrics.csv"), metricsCsv(r), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("folds.csv"), foldsCsv(r), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.html"), HtmlReport.render(r), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backtest report to " + dir, e);
        }
    }

    static String json(Backtest.Result r) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("data", r.config().dataDir().toString());
        root.put("dataSummary", r.dataSummary());
        root.put("folds", r.folds().size());
        root.put("models", String.join(",", r.config().models()));
        root.put("epochs", r.config().epochs());
        root.put("rankerWeeks", r.config().rankerWeeks());
        root.put("seed", r.config().seed());
        root.put("seconds", r.seconds());
        ObjectNode avg = root.putObject("average");
        averages(r).forEach((m, a) -> {
            ObjectNode n = avg.putObject(m);
            n.put("map12", a[0]);
            n.put("precision12", a[1]);
            n.put("recall12", a[2]);
        });
        root.put("candidateRecall", candidateRecall(r));
        ArrayNode folds = root.putArray("perFold");
        for (FoldResult f : r.folds()) {
            ObjectNode n = folds.addObject();
            n.put("fold", f.index());
            n.put("firstDay", f.firstDay().toString());
            n.put("lastDay", f.lastDay().toString());
            n.put("buyers", f.buyers());
            n.put("predicted", f.predicted());
            n.put("predictionFile", f.predictionFile());
            n.put("predictionMethod", f.predictionMethod());
            n.put("candidateRecall", f.candidateRecall());
            n.put("meanPoolSize", f.meanPoolSize());
            n.put("rankerQueries", f.rankerQueries());
            ObjectNode ms = n.putObject("methods");
            for (String m : r.methods()) {
                RankingMetrics.Summary s = f.methods().get(m);
                if (s != null) {
                    ObjectNode x = ms.putObject(m);
                    x.put("map12", s.map());
                    x.put("precision12", s.precision());
                    x.put("recall12", s.recall());
                }
            }
            ObjectNode seg = n.putObject("segments");
            f.segments().forEach((m, bySeg) -> {
                ObjectNode x = seg.putObject(m);
                bySeg.forEach((s, acc) -> {
                    ObjectNode y = x.putObject(s);
                    y.put("map12", acc[1] == 0 ? 0 : acc[0] / acc[1]);
                    y.put("buyers", (int) acc[1]);
                });
            });
            ObjectNode imp = n.putObject("rankerImportance");
            f.rankerImportance().forEach(imp::put);
            ObjectNode secs = n.putObject("modelSeconds");
            f.modelSeconds().forEach(secs::put);
        }
        return om.writeValueAsString(root) + "\n";
    }

    static String metricsCsv(Backtest.Result r) {
        StringBuilder b = new StringBuilder("fold,first_day,last_day,buyers,method,map12,precision12,recall12\n");
        for (FoldResult f : r.folds()) {
            for (String m : r.methods()) {
                RankingMetrics.Summary s = f.methods().get(m);
                if (s != null) {
                    b.append(String.format(Locale.ROOT, "%d,%s,%s,%d,%s,%.6f,%.6f,%.6f%n", f.index(), f.firstDay(),
                            f.lastDay(), f.buyers(), m, s.map(), s.precision(), s.recall()));
                }
            }
        }
        averages(r).forEach((m, a) -> b.append(String.format(Locale.ROOT, "average,,,,%s,%.6f,%.6f,%.6f%n", m, a[0], a[1], a[2])));
        return b.toString();
    }

    static String foldsCsv(Backtest.Result r) {
        StringBuilder b = new StringBuilder("fold,first_day,last_day,buyers,predicted,candidate_recall,mean_pool_size,ranker_queries,prediction_file,prediction_method\n");
        for (FoldResult f : r.folds()) {
            b.append(String.format(Locale.ROOT, "%d,%s,%s,%d,%d,%.6f,%.1f,%d,%s,%s%n", f.index(), f.firstDay(), f.lastDay(),
                    f.buyers(), f.predicted(), f.candidateRecall(), f.meanPoolSize(), f.rankerQueries(),
                    f.predictionFile(), f.predictionMethod()));
        }
        return b.toString();
    }

    /** Segment names seen in any fold for a method, sorted. */
    static List<String> segments(Backtest.Result r, String method, String prefix) {
        TreeSet<String> out = new TreeSet<>();
        for (FoldResult f : r.folds()) {
            f.segments().getOrDefault(method, Map.of()).keySet().stream().filter(s -> s.startsWith(prefix)).forEach(out::add);
        }
        return new ArrayList<>(out);
    }

    /** Pooled over folds: [MAP@12 of the segment's buyers, buyers]. */
    static double[] segment(Backtest.Result r, String method, String segment) {
        double sum = 0;
        double n = 0;
        for (FoldResult f : r.folds()) {
            double[] acc = f.segments().getOrDefault(method, Map.of()).get(segment);
            if (acc != null) {
                sum += acc[0];
                n += acc[1];
            }
        }
        return new double[] {n == 0 ? 0 : sum / n, n};
    }
}
