package io.hmrec.core.synth;

import io.hmrec.core.data.ArticleRow;
import io.hmrec.core.data.CatalogReader;
import io.hmrec.core.data.CustomerRow;
import io.hmrec.core.data.KaggleFiles;
import io.hmrec.core.data.PurchaseRow;
import io.hmrec.core.data.RejectSink;
import io.hmrec.core.data.TransactionReader;
import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.Purchase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Computes the marginals of a Kaggle-layout data folder and sets them beside the real statistics, each with the
 * interval the generator promises. Scale-free figures (shares, ratios) are checked at any size; figures that depend
 * on the size (mean purchases per buyer, the top article) are checked only at full size and shown otherwise.
 */
public final class MarginalsCheck {
    /**
     * One compared figure.
     *
     * @param checked false for figures shown for information (size-dependent at this size)
     */
    public record Metric(String name, double generated, double real, double lo, double hi, boolean checked) {
        public boolean ok() {
            return !checked || (generated >= lo && generated <= hi);
        }
    }

    private MarginalsCheck() {}

    /** Reads the three files of {@code dir} and compares their marginals with {@code stats}. */
    public static List<Metric> run(Path dir, HmStats stats) {
        // catalog: article -> product group / index group
        Map<String, Integer> pgIndex = new HashMap<>();
        Map<String, Integer> igIndex = new HashMap<>();
        List<String> pgNames = new ArrayList<>(stats.productGroups().keySet());
        List<String> igNames = new ArrayList<>(stats.indexGroups().keySet());
        for (int i = 0; i < pgNames.size(); i++) {
            pgIndex.put(pgNames.get(i), i);
        }
        for (int i = 0; i < igNames.size(); i++) {
            igIndex.put(igNames.get(i), i);
        }
        LongIndex articleIdx = new LongIndex();
        int[] artPg = new int[1024];
        int[] artIg = new int[1024];
        try (CatalogReader<ArticleRow> r = CatalogReader.articles(KaggleFiles.resolve(dir, KaggleFiles.ARTICLES),
                RejectSink.COUNT_ONLY)) {
            ArticleRow a;
            while ((a = r.next()) != null) {
                int i = articleIdx.indexOf(Long.parseLong(a.articleId()));
                if (i >= artPg.length) {
                    artPg = Arrays.copyOf(artPg, artPg.length * 2);
                    artIg = Arrays.copyOf(artIg, artIg.length * 2);
                }
                artPg[i] = a.productGroupName() == null ? -1 : pgIndex.getOrDefault(a.productGroupName(), -1);
                artIg[i] = a.indexGroupName() == null ? -1 : igIndex.getOrDefault(a.indexGroupName(), -1);
            }
        }
        int articles = articleIdx.size();
        double[] ageCount = new double[AgeBucket.COUNT];
        int customers = 0;
        try (CatalogReader<CustomerRow> r = CatalogReader.customers(KaggleFiles.resolve(dir, KaggleFiles.CUSTOMERS),
                RejectSink.COUNT_ONLY)) {
            CustomerRow c;
            while ((c = r.next()) != null) {
                ageCount[AgeBucket.of(c.age())]++;
                customers++;
            }
        }

        double[] real = stats.daily();
        int first = io.hmrec.core.model.Days.of(HmStats.FIRST_DAY);
        int last = first + HmStats.DAYS - 1;
        double[] daily = new double[HmStats.DAYS];
        long rows = 0;
        long online = 0;
        long dups = 0;
        double priceSum = 0;
        double[] pgRows = new double[pgNames.size()];
        double[] igRows = new double[igNames.size()];
        long[] artSales = new long[Math.max(1, articles)];
        long unknownArticles = 0;
        LongIndex custIdx = new LongIndex();
        int[] custRows = new int[1 << 16];
        int[] custLastWeek = new int[1 << 16];
        int[] custFirstDay = new int[1 << 16];
        int weeks = (HmStats.DAYS + 6) / 7;
        long[] weekBuyers = new long[weeks];
        long[] weekReturning = new long[weeks];
        try (TransactionReader r = TransactionReader.open(KaggleFiles.resolve(dir, KaggleFiles.TRANSACTIONS),
                RejectSink.COUNT_ONLY)) {
            PurchaseRow row;
            while ((row = r.next()) != null) {
                Purchase p = row.purchase();
                rows++;
                int t = p.day() - first;
                if (t >= 0 && t < daily.length) {
                    daily[t]++;
                }
                online += p.salesChannel() == 2 ? 1 : 0;
                dups += row.occurrence() > 1 ? 1 : 0;
                priceSum += p.price();
                int a = articleIdx.find(Long.parseLong(p.articleId()));
                if (a < 0) {
                    unknownArticles++;
                } else {
                    artSales[a]++;
                    if (artPg[a] >= 0) {
                        pgRows[artPg[a]]++;
                    }
                    if (artIg[a] >= 0) {
                        igRows[artIg[a]]++;
                    }
                }
                int c = custIdx.indexOf(Long.parseUnsignedLong(p.customerId().substring(0, 16), 16));
                if (c >= custRows.length) {
                    int n = custRows.length * 2;
                    custRows = Arrays.copyOf(custRows, n);
                    custLastWeek = Arrays.copyOf(custLastWeek, n);
                    custFirstDay = Arrays.copyOf(custFirstDay, n);
                }
                int w = (last - p.day()) / 7;
                if (custRows[c] == 0) {
                    custFirstDay[c] = p.day();
                    custLastWeek[c] = -1;
                }
                custRows[c]++;
                if (w >= 0 && w < weeks && custLastWeek[c] != w) {
                    custLastWeek[c] = w;
                    weekBuyers[w]++;
                    int weekStart = last - 7 * w - 6;
                    if (custFirstDay[c] < weekStart) {
                        weekReturning[w]++;
                    }
                }
            }
        }
        int buyers = custIdx.size();
        boolean fullScale = articles >= 50_000 && rows >= 10_000_000;
        List<Metric> out = new ArrayList<>();
        out.add(new Metric("transaction rows", rows, stats.transactions(), 0, 0, false));
        out.add(new Metric("customers", customers, stats.customers(), 0, 0, false));
        out.add(new Metric("articles", articles, stats.articles(), 0, 0, false));
        out.add(new Metric("daily volume correlation with real curve", pearson(daily, real), 1, 0.97, 1, true));
        double peakRatio = max(daily) / median(daily);
        double realPeak = max(real) / median(real);
        out.add(new Metric("largest day / median day", peakRatio, realPeak, realPeak * 0.7, realPeak * 1.3, rows > 100_000));
        out.add(new Metric("online share (channel 2)", online / (double) rows, stats.onlineShare(),
                stats.onlineShare() - 0.02, stats.onlineShare() + 0.02, true));
        out.add(new Metric("mean price", priceSum / rows, stats.avgPrice(), stats.avgPrice() * 0.85,
                stats.avgPrice() * 1.15, true));
        out.add(new Metric("duplicate row share", dups / (double) rows, HmStats.DUPLICATE_ROW_SHARE,
                HmStats.DUPLICATE_ROW_SHARE - 0.015, HmStats.DUPLICATE_ROW_SHARE + 0.015, true));
        for (int g = 0; g < pgNames.size(); g++) {
            double realShare = stats.productGroups().get(pgNames.get(g))[1];
            if (realShare < 0.01) {
                continue;
            }
            double tol = Math.max(0.02, 0.25 * realShare);
            out.add(new Metric("rows share " + pgNames.get(g), pgRows[g] / rows, realShare, realShare - tol,
                    realShare + tol, true));
        }
        for (int g = 0; g < igNames.size(); g++) {
            double realShare = stats.indexGroups().get(igNames.get(g))[1];
            double tol = Math.max(0.02, 0.25 * realShare);
            out.add(new Metric("rows share " + igNames.get(g), igRows[g] / rows, realShare, realShare - tol,
                    realShare + tol, true));
        }
        double[] realAge = stats.ageBucketShares();
        for (int b = 0; b < AgeBucket.COUNT; b++) {
            double tol = 0.01 + 0.1 * realAge[b];
            out.add(new Metric("customers aged " + AgeBucket.name(b), ageCount[b] / customers, realAge[b],
                    realAge[b] - tol, realAge[b] + tol, customers >= 2000));
        }
        long[] sold = Arrays.stream(artSales).filter(v -> v > 0).sorted().toArray();
        double artMean = Arrays.stream(sold).average().orElse(0);
        double artMedian = quantile(sold, 0.5);
        double realRatio = HmStats.SALES_PER_ARTICLE_MEAN / HmStats.SALES_PER_ARTICLE_MEDIAN;
        out.add(new Metric("sales per sold article: median", artMedian, HmStats.SALES_PER_ARTICLE_MEDIAN,
                HmStats.SALES_PER_ARTICLE_MEDIAN * 0.6, HmStats.SALES_PER_ARTICLE_MEDIAN * 1.4, fullScale));
        out.add(new Metric("sales per sold article: mean / median", artMean / Math.max(1, artMedian), realRatio,
                realRatio * 0.6, realRatio * 1.6, sold.length >= 1000));
        double realIqr = HmStats.SALES_PER_ARTICLE_Q3 / HmStats.SALES_PER_ARTICLE_Q1;
        out.add(new Metric("sales per sold article: Q3 / Q1", quantile(sold, 0.75) / Math.max(1, quantile(sold, 0.25)),
                realIqr, realIqr * 0.4, realIqr * 2, sold.length >= 1000));
        out.add(new Metric("top article sales", sold.length == 0 ? 0 : sold[sold.length - 1],
                stats.topArticleSales(), stats.topArticleSales() * 0.5, stats.topArticleSales() * 2, fullScale));
        long[] perBuyer = Arrays.stream(Arrays.copyOf(custRows, buyers)).asLongStream().sorted().toArray();
        double buyerMean = rows / (double) Math.max(1, buyers);
        double buyerMedian = quantile(perBuyer, 0.5);
        double realBuyerRatio = HmStats.PURCHASES_PER_BUYER_MEAN / HmStats.PURCHASES_PER_BUYER_MEDIAN;
        out.add(new Metric("purchases per buyer: mean", buyerMean, HmStats.PURCHASES_PER_BUYER_MEAN, 19, 28,
                fullScale));
        out.add(new Metric("purchases per buyer: median", buyerMedian, HmStats.PURCHASES_PER_BUYER_MEDIAN, 6, 12,
                fullScale));
        out.add(new Metric("purchases per buyer: mean / median", buyerMean / Math.max(1, buyerMedian),
                realBuyerRatio, 1.9, 3.4, buyers >= 1000));
        // weeks with a full history before them: skip the first 8 weeks of data
        double weekShare = 0;
        double returning = 0;
        int counted = 0;
        for (int w = 0; w < weeks - 8; w++) {
            weekShare += weekBuyers[w] / (double) customers;
            returning += weekBuyers[w] == 0 ? 0 : weekReturning[w] / (double) weekBuyers[w];
            counted++;
        }
        out.add(new Metric("customers buying in a given week", weekShare / counted, HmStats.WEEKLY_BUYER_SHARE,
                0.03, 0.065, customers >= 2000));
        out.add(new Metric("week's buyers who bought before", returning / counted,
                HmStats.WEEK_BUYERS_BOUGHT_BEFORE, 0.8, 0.97, customers >= 2000));
        out.add(new Metric("purchases of articles not in articles.csv", unknownArticles, 0, 0, 0, false));
        return out;
    }

    /** A fixed-width table: metric, generated, real, accepted interval, verdict. */
    public static String format(List<Metric> metrics, String dataDir, String statsSource) {
        StringBuilder b = new StringBuilder();
        b.append("generated: ").append(dataDir).append("\nreal statistics: ").append(statsSource).append('\n');
        b.append(String.format(Locale.ROOT, "%-44s %14s %14s %25s  %s%n", "metric", "generated", "real",
                "accepted", "verdict"));
        for (Metric m : metrics) {
            String interval = m.checked() ? "[" + num(m.lo()) + ", " + num(m.hi()) + "]" : "-";
            String verdict = !m.checked() ? "info" : m.ok() ? "ok" : "OFF";
            b.append(String.format(Locale.ROOT, "%-44s %14s %14s %25s  %s%n", m.name(), num(m.generated()),
                    num(m.real()), interval, verdict));
        }
        return b.toString();
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return Math.abs(v) < 1 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static double quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[s.length / 2];
    }

    static double pearson(double[] x, double[] y) {
        int n = Math.min(x.length, y.length);
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    /** True when {@code dir} holds the three Kaggle files. */
    public static boolean hasData(Path dir) {
        return Files.exists(KaggleFiles.resolve(dir, KaggleFiles.TRANSACTIONS))
                && Files.exists(KaggleFiles.resolve(dir, KaggleFiles.ARTICLES))
                && Files.exists(KaggleFiles.resolve(dir, KaggleFiles.CUSTOMERS));
    }
}
