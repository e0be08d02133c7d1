package io.hmrec.cli.backtest.report;

import io.hmrec.cli.backtest.Backtest;
import io.hmrec.cli.backtest.FoldResult;
import io.hmrec.core.metrics.RankingMetrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The backtest report as one self-contained HTML page: tables plus inline SVG charts, no scripts. */
final class HtmlReport {
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
            "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295", "#a0cbe8", "#8cd17d", "#499894"};

    private HtmlReport() {}

    static String render(Backtest.Result r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>hmrec backtest</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("text-align:right;font-size:13px}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}")
                .append(".best{font-weight:bold;background:#e8f4e8}h2{margin-top:32px}.note{color:#555;font-size:13px}")
                .append("</style></head><body>");
        h.append("<h1>hmrec backtest</h1><p class=\"note\">").append(esc(r.dataSummary())).append("<br>")
                .append(r.folds().size()).append(" weekly folds; models ").append(esc(String.join(", ", r.config().models())))
                .append("; neural epochs ").append(r.config().epochs()).append("; ranker trained on the ")
                .append(r.config().rankerWeeks()).append(" weeks before each fold; seed ").append(r.config().seed())
                .append(String.format(Locale.ROOT, "; ran %.0f s.", r.seconds()))
                .append(" MAP@12 as Kaggle: only the week's buyers count, each divides by min(|bought|, 12).</p>");

        Map<String, double[]> avg = ReportWriter.averages(r);
        String best = avg.entrySet().stream().max(Comparator.comparingDouble(e -> e.getValue()[0]))
                .map(Map.Entry::getKey).orElse("");
        h.append("<h2>Average over folds</h2>");
        h.append(barChart(r, avg, best));
        h.append("<table><tr><th>method</th><th>MAP@12</th><th>precision@12</th><th>recall@12</th></tr>");
        for (String m : r.methods()) {
            double[] a = avg.get(m);
            h.append("<tr").append(m.equals(best) ? " class=\"best\"" : "").append("><td>").append(esc(m)).append("</td>")
                    .append(num(a[0])).append(num(a[1])).append(num(a[2])).append("</tr>");
        }
        h.append("</table>");

        h.append("<h2>MAP@12 per fold</h2>").append(lineChart(r));
        h.append("<table><tr><th>method</th>");
        for (FoldResult f : r.folds()) {
            h.append("<th>").append(f.firstDay()).append("</th>");
        }
        h.append("<th>average</th></tr><tr><td>buyers</td>");
        for (FoldResult f : r.folds()) {
            h.append("<td>").append(f.buyers()).append("</td>");
        }
        h.append("<td></td></tr>");
        for (String m : r.methods()) {
            h.append("<tr><td>").append(esc(m)).append("</td>");
            for (FoldResult f : r.folds()) {
                RankingMetrics.Summary s = f.methods().get(m);
                h.append(s == null ? "<td>-</td>" : num(s.map()));
            }
            h.append(num(avg.get(m)[0])).append("</tr>");
        }
        h.append("</table>");

        h.append("<h2>Candidate recall</h2><p class=\"note\">Share of a buyer's week articles found anywhere in their pooled"
                + " candidates: the ceiling for the blend and the ranker.</p>");
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (FoldResult f : r.folds()) {
            labels.add(f.firstDay() + String.format(Locale.ROOT, " (pool %.0f)", f.meanPoolSize()));
            values.add(f.candidateRecall());
        }
        h.append(hbars(labels, values, "#59a14f", 4));

        h.append("<h2>MAP@12 by customer segment</h2><p class=\"note\">Buyers of all folds pooled; age bucket from"
                + " customers.csv, activity = units bought before the fold.</p>");
        List<String> segMethods = new ArrayList<>();
        for (String m : List.of(Backtest.BLEND, Backtest.RANKER, Backtest.MODEL_PREFIX + "popularity")) {
            if (r.methods().contains(m)) {
                segMethods.add(m);
            }
        }
        for (String prefix : List.of("age:", "activity:")) {
            h.append(segmentChart(r, segMethods, prefix));
        }

        h.append("<h2>Folds</h2><table><tr><th>fold</th><th>week</th><th>buyers</th><th>predicted</th>")
                .append("<th>candidate recall</th><th>pool</th><th>ranker queries</th><th>prediction file</th></tr>");
        for (FoldResult f : r.folds()) {
            h.append("<tr><td>").append(f.index()).append("</td><td>").append(f.firstDay()).append("..").append(f.lastDay())
                    .append("</td><td>").append(f.buyers()).append("</td><td>").append(f.predicted()).append("</td>")
                    .append(num(f.candidateRecall())).append(String.format(Locale.ROOT, "<td>%.0f</td>", f.meanPoolSize()))
                    .append("<td>").append(f.rankerQueries()).append("</td><td>").append(esc(f.predictionFile()))
                    .append(" (").append(esc(f.predictionMethod())).append(")</td></tr>");
        }
        h.append("</table>");
        r.folds().stream().filter(f -> !f.rankerImportance().isEmpty()).findFirst().ifPresent(f -> {
            h.append("<h2>Ranker feature importance (fold ").append(f.index()).append(", split gain)</h2>");
            h.append(hbars(new ArrayList<>(f.rankerImportance().keySet()), new ArrayList<>(f.rankerImportance().values()),
                    "#4e79a7", 0));
        });
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String barChart(Backtest.Result r, Map<String, double[]> avg, String best) {
        List<String> labels = new ArrayList<>(r.methods());
        List<Double> values = labels.stream().map(m -> avg.get(m)[0]).toList();
        return hbars(labels, values, "#4e79a7", 5);
    }

    /** Horizontal bars with value labels; {@code decimals} 0 prints values in engineering-ish form. */
    private static String hbars(List<String> labels, List<Double> values, String colour, int decimals) {
        int rowH = 22;
        int labelW = 230;
        int barW = 520;
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        int height = labels.size() * rowH + 10;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"12\">", labelW + barW + 90, height));
        for (int i = 0; i < labels.size(); i++) {
            double v = values.get(i);
            double w = max > 0 ? barW * v / max : 0;
            int y = 5 + i * rowH;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelW - 6, y + 15, esc(labels.get(i))));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", labelW, y + 3, w, rowH - 6,
                    labels.get(i).equals(Backtest.RANKER) || labels.get(i).equals(Backtest.BLEND) ? "#e15759" : colour));
            String text = decimals == 0 ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%." + decimals + "f", v);
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", labelW + w + 4, y + 15, text));
        }
        return s.append("</svg>").toString();
    }

    private static String lineChart(Backtest.Result r) {
        int w = 900;
        int hgt = 360;
        int left = 60;
        int right = 210;
        int top = 15;
        int bottom = 40;
        List<FoldResult> folds = new ArrayList<>(r.folds());
        folds.sort(Comparator.comparing(FoldResult::firstDay)); // oldest left
        double max = 0;
        for (FoldResult f : folds) {
            for (RankingMetrics.Summary s : f.methods().values()) {
                max = Math.max(max, s.map());
            }
        }
        max = max <= 0 ? 1 : max * 1.1;
        int n = folds.size();
        double plotW = w - left - right;
        double plotH = hgt - top - bottom;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">", w, hgt));
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            double y = top + plotH - plotH * t / 4;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", left, left + plotW, y, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3f</text>", left - 4, y + 4, v));
        }
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? left + plotW / 2 : left + plotW * i / (n - 1);
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, hgt - bottom + 16,
                    folds.get(i).firstDay()));
        }
        int c = 0;
        int legendY = top + 10;
        for (String m : r.methods()) {
            boolean main = m.equals(Backtest.BLEND) || m.equals(Backtest.RANKER);
            String colour = m.equals(Backtest.RANKER) ? "#e15759" : m.equals(Backtest.BLEND) ? "#222" : PALETTE[c++ % PALETTE.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < n; i++) {
                RankingMetrics.Summary sm = folds.get(i).methods().get(m);
                if (sm == null) {
                    continue;
                }
                double x = n == 1 ? left + plotW / 2 : left + plotW * i / (n - 1);
                double y = top + plotH - plotH * sm.map() / max;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\"/>", x, y, main ? 3 : 2, colour));
            }
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s/>",
                    pts.toString().trim(), colour, main ? "2.5" : "1.2", main ? "" : " stroke-opacity=\"0.8\""));
            s.append(String.format(Locale.ROOT, "<rect x=\"%.0f\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>", left + plotW + 15, legendY - 4, colour));
            s.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\"%s>%s</text>", left + plotW + 32, legendY,
                    main ? " font-weight=\"bold\"" : "", esc(m)));
            legendY += 15;
        }
        return s.append("</svg>").toString();
    }

    private static String segmentChart(Backtest.Result r, List<String> methods, String prefix) {
        if (methods.isEmpty()) {
            return "";
        }
        List<String> segs = ReportWriter.segments(r, methods.get(0), prefix);
        StringBuilder t = new StringBuilder("<table><tr><th>").append(esc(prefix.substring(0, prefix.length() - 1)))
                .append("</th><th>buyers</th>");
        for (String m : methods) {
            t.append("<th>").append(esc(m)).append(" MAP@12</th>");
        }
        t.append("</tr>");
        int groupH = 18 * methods.size() + 10;
        int labelW = 150;
        int barW = 480;
        double max = 0;
        for (String sg : segs) {
            for (String m : methods) {
                max = Math.max(max, ReportWriter.segment(r, m, sg)[0]);
            }
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">", labelW + barW + 220,
                segs.size() * groupH + 10));
        for (int i = 0; i < segs.size(); i++) {
            String sg = segs.get(i);
            int y0 = 5 + i * groupH;
            double buyers = ReportWriter.segment(r, methods.get(0), sg)[1];
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s (%d)</text>", labelW - 6, y0 + 14,
                    esc(sg.substring(prefix.length())), (int) buyers));
            t.append("<tr><td>").append(esc(sg.substring(prefix.length()))).append("</td><td>").append((int) buyers).append("</td>");
            for (int j = 0; j < methods.size(); j++) {
                double v = ReportWriter.segment(r, methods.get(j), sg)[0];
                double w = max > 0 ? barW * v / max : 0;
                String colour = PALETTE[j % PALETTE.length];
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>", labelW, y0 + j * 18 + 3, w, colour));
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s %.4f</text>", labelW + w + 4, y0 + j * 18 + 14,
                        esc(methods.get(j)), v));
                t.append(num(v));
            }
            t.append("</tr>");
        }
        return s.append("</svg>").toString() + t.append("</table>");
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "<td>%.5f</td>", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
