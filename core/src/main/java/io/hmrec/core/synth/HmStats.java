package io.hmrec.core.synth;

import io.hmrec.core.data.CsvReader;
import io.hmrec.core.data.DataFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregate statistics of the full H&M data that the generator is calibrated to and {@code check} compares against.
 * {@link #load(Path)} reads the hm-stats CSVs when the folder exists; otherwise (or for a missing file) built-in
 * defaults are used: the same shares rounded, and a daily curve rebuilt from monthly means plus the largest sale
 * peaks. Only small aggregate numbers live in this class, never data rows.
 */
public final class HmStats {
    /** First day of the Kaggle data (2018-09-20). */
    public static final LocalDate FIRST_DAY = LocalDate.of(2018, 9, 20);
    /** Number of days in the Kaggle data, 2018-09-20..2020-09-22. */
    public static final int DAYS = 734;

    // facts from public analyses of the full data (see shared/data/README.md)
    public static final double DUPLICATE_ROW_SHARE = 0.0936;
    public static final double PURCHASES_PER_BUYER_MEAN = 23.3;
    public static final double PURCHASES_PER_BUYER_MEDIAN = 9;
    public static final double SALES_PER_ARTICLE_MEAN = 304;
    public static final double SALES_PER_ARTICLE_MEDIAN = 65;
    public static final double SALES_PER_ARTICLE_Q1 = 14;
    public static final double SALES_PER_ARTICLE_Q3 = 286;
    public static final double WEEKLY_BUYER_SHARE = 0.046;
    public static final double WEEK_BUYERS_BOUGHT_BEFORE = 0.90;
    public static final double AGE_MEAN = 36.4;

    private final String source;
    private final double[] daily;
    private final long transactions;
    private final long customers;
    private final long articles;
    private final double avgPrice;
    private final double onlineShare;
    private final long topArticleSales;
    private final Map<String, double[]> productGroups;
    private final Map<String, double[]> indexGroups;
    private final double[] ageBucketShares;
    private final Map<String, Double> clubStatus;
    private final Map<String, Double> fashionNews;
    private final Map<String, Double> colours;

    private HmStats(String source, double[] daily, long transactions, long customers, long articles, double avgPrice,
                    double onlineShare, long topArticleSales, Map<String, double[]> productGroups,
                    Map<String, double[]> indexGroups, double[] ageBucketShares, Map<String, Double> clubStatus,
                    Map<String, Double> fashionNews, Map<String, Double> colours) {
        this.source = source;
        this.daily = daily;
        this.transactions = transactions;
        this.customers = customers;
        this.articles = articles;
        this.avgPrice = avgPrice;
        this.onlineShare = onlineShare;
        this.topArticleSales = topArticleSales;
        this.productGroups = productGroups;
        this.indexGroups = indexGroups;
        this.ageBucketShares = ageBucketShares;
        this.clubStatus = clubStatus;
        this.fashionNews = fashionNews;
        this.colours = colours;
    }

    /** Where the numbers came from: the folder, or "built-in defaults". */
    public String source() {
        return source;
    }

    /** Transactions of each of the {@link #DAYS} days of the real data. */
    public double[] daily() {
        return daily.clone();
    }

    public long transactions() {
        return transactions;
    }

    public long customers() {
        return customers;
    }

    public long articles() {
        return articles;
    }

    /** Mean price per row, in the data's units. */
    public double avgPrice() {
        return avgPrice;
    }

    /** Share of rows with sales_channel_id 2. */
    public double onlineShare() {
        return onlineShare;
    }

    /** Sales of the best-selling article (50,287 in the real data). */
    public long topArticleSales() {
        return topArticleSales;
    }

    /** product_group_name → {share of articles, share of transactions}, descending by articles. */
    public Map<String, double[]> productGroups() {
        return productGroups;
    }

    /** index_group_name → {share of articles, share of transactions}. */
    public Map<String, double[]> indexGroups() {
        return indexGroups;
    }

    /** Customer shares by {@link io.hmrec.core.model.AgeBucket} id (index 0 = unknown). */
    public double[] ageBucketShares() {
        return ageBucketShares.clone();
    }

    public Map<String, Double> clubStatus() {
        return clubStatus;
    }

    public Map<String, Double> fashionNews() {
        return fashionNews;
    }

    /** colour_group_name → share of transactions (the listed colours; the rest is "Other"). */
    public Map<String, Double> colours() {
        return colours;
    }

    /** Built-in defaults only. */
    public static HmStats defaults() {
        return load(null);
    }

    /**
     * Reads the hm-stats folder, falling back to built-in defaults for the folder or any missing file.
     *
     * @throws DataFileException when a present file cannot be parsed
     */
    public static HmStats load(Path dir) {
        boolean present = dir != null && Files.isDirectory(dir);
        String source = present ? dir.toString() : "built-in defaults";
        double[] daily = present ? readDaily(dir.resolve("transaction_daily_metrics.csv")) : null;
        if (daily == null) {
            daily = defaultDaily();
        }
        Map<String, Double> summary = present ? readShares(dir.resolve("summary.csv"), 1) : null;
        long tx = summary != null && summary.containsKey("transactions") ? summary.get("transactions").longValue()
                : 31_788_324L;
        long cust = summary != null && summary.containsKey("customers") ? summary.get("customers").longValue()
                : 1_371_980L;
        long art = summary != null && summary.containsKey("articles") ? summary.get("articles").longValue() : 105_542L;
        double avgPrice = summary != null && summary.containsKey("avg_price") ? summary.get("avg_price") : 0.027829;
        Map<String, Double> channel = present ? readShares(dir.resolve("sales_channel_metrics.csv"), 2) : null;
        double online = channel != null && channel.containsKey("2") ? channel.get("2") : 0.704028;
        Map<String, Double> top = present ? readShares(dir.resolve("top1000_article_transactions.csv"), 1) : null;
        long topSales = top == null ? 50_287L : top.values().stream().mapToLong(Double::longValue).max().orElse(50_287L);

        Map<String, double[]> pg = joinShares(present ? readShares(dir.resolve("product_group_metrics.csv"), 2) : null,
                present ? readShares(dir.resolve("transaction_product_group_metrics.csv"), 2) : null,
                DEFAULT_PRODUCT_GROUPS);
        Map<String, double[]> ig = joinShares(present ? readShares(dir.resolve("index_group_metrics.csv"), 2) : null,
                present ? readShares(dir.resolve("transaction_index_group_metrics.csv"), 2) : null,
                DEFAULT_INDEX_GROUPS);
        Map<String, Double> ages = present ? readShares(dir.resolve("age_bucket_metrics.csv"), 2) : null;
        double[] ageShares = new double[io.hmrec.core.model.AgeBucket.COUNT];
        for (int b = 0; b < ageShares.length; b++) {
            String name = io.hmrec.core.model.AgeBucket.name(b);
            ageShares[b] = ages != null && ages.containsKey(name) ? ages.get(name) : DEFAULT_AGE[b];
        }
        Map<String, Double> club = orDefault(present ? readShares(dir.resolve("customer_status_metrics.csv"), 2)
                : null, DEFAULT_CLUB);
        Map<String, Double> news = orDefault(present ? readShares(dir.resolve("fashion_news_metrics.csv"), 2)
                : null, DEFAULT_NEWS);
        Map<String, Double> colours = orDefault(present ? readShares(dir.resolve("transaction_color_metrics.csv"), 2)
                : null, DEFAULT_COLOURS);
        return new HmStats(source, daily, tx, cust, art, avgPrice, online, topSales, pg, ig, ageShares, club, news,
                colours);
    }

    private static Map<String, Double> orDefault(Map<String, Double> read, Map<String, Double> dflt) {
        return read == null ? dflt : Collections.unmodifiableMap(read);
    }

    private static Map<String, double[]> joinShares(Map<String, Double> articleShares, Map<String, Double> txShares,
                                                    Map<String, double[]> dflt) {
        if (articleShares == null || txShares == null) {
            return dflt;
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : articleShares.entrySet()) {
            out.put(e.getKey(), new double[] {e.getValue(), txShares.getOrDefault(e.getKey(), 0.0)});
        }
        return Collections.unmodifiableMap(out);
    }

    /** key column 0 → numeric column {@code valueCol}; null when the file is absent. */
    private static Map<String, Double> readShares(Path file, int valueCol) {
        if (!Files.isReadable(file)) {
            return null;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); CsvReader csv = new CsvReader(in, false)) {
            csv.next(); // header
            while (csv.next()) {
                if (csv.isBlank()) {
                    continue;
                }
                out.put(csv.field(0), Double.parseDouble(csv.field(valueCol)));
            }
        } catch (IOException | RuntimeException e) {
            throw new DataFileException("cannot read statistics file " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static double[] readDaily(Path file) {
        Map<String, Double> byDate = readShares(file, 1);
        if (byDate == null) {
            return null;
        }
        double[] out = new double[DAYS];
        for (int d = 0; d < DAYS; d++) {
            Double v = byDate.get(FIRST_DAY.plusDays(d).toString());
            if (v == null) {
                throw new DataFileException(file + " lacks day " + FIRST_DAY.plusDays(d)
                        + "; expected one row per day 2018-09-20..2020-09-22");
            }
            out[d] = v;
        }
        return out;
    }

    // monthly mean transactions per day, 2018-09 .. 2020-09 (25 months), rounded from the full data
    private static final int[] MONTHLY = {54070, 45065, 42353, 37058, 40757, 41157, 41508, 49215, 50332, 63540, 58306,
        40436, 40905, 36992, 39934, 36074, 34721, 34546, 33798, 44696, 43929, 58816, 43596, 39909, 36284};
    // the largest single-day sale peaks of the full data
    private static final Map<String, Integer> PEAKS = Map.of("2018-09-29", 141700, "2018-11-23", 142018,
            "2019-04-06", 119601, "2019-07-24", 124683, "2019-09-28", 198622, "2019-11-29", 160875,
            "2020-04-11", 162799, "2020-06-17", 110981);

    private static double[] defaultDaily() {
        double[] out = new double[DAYS];
        for (int d = 0; d < DAYS; d++) {
            LocalDate date = FIRST_DAY.plusDays(d);
            int month = (date.getYear() - 2018) * 12 + date.getMonthValue() - 9;
            Integer peak = PEAKS.get(date.toString());
            out[d] = peak != null ? peak : MONTHLY[month];
        }
        return out;
    }

    private static Map<String, double[]> ordered(Object... kv) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 3) {
            m.put((String) kv[i], new double[] {(Double) kv[i + 1], (Double) kv[i + 2]});
        }
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, Double> shares(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    static final Map<String, double[]> DEFAULT_PRODUCT_GROUPS = ordered(
            "Garment Upper body", 0.405, 0.3949, "Garment Lower body", 0.1877, 0.2217,
            "Garment Full body", 0.1259, 0.1118, "Accessories", 0.1057, 0.0503, "Underwear", 0.0520, 0.0807,
            "Shoes", 0.0501, 0.0235, "Swimwear", 0.0296, 0.0811, "Socks & Tights", 0.0231, 0.0216,
            "Nightwear", 0.0180, 0.0110, "Unknown", 0.0011, 0.0031);
    static final Map<String, double[]> DEFAULT_INDEX_GROUPS = ordered(
            "Ladieswear", 0.3765, 0.6422, "Baby/Children", 0.3289, 0.0383, "Divided", 0.1435, 0.2246,
            "Menswear", 0.1189, 0.0557, "Sport", 0.0321, 0.0392);
    // AgeBucket order: unknown, under_20, 20_to_29, 30_to_39, 40_to_49, 50_to_59, 60_plus
    static final double[] DEFAULT_AGE = {0.0116, 0.0522, 0.3851, 0.1706, 0.1488, 0.1649, 0.0669};
    static final Map<String, Double> DEFAULT_CLUB = shares("ACTIVE", 0.9275, "PRE-CREATE", 0.0678,
            "Unknown", 0.0044, "LEFT CLUB", 0.0003);
    static final Map<String, Double> DEFAULT_NEWS = shares("NONE", 0.6397, "Regularly", 0.3480, "Unknown", 0.0117,
            "Monthly", 0.0006);
    static final Map<String, Double> DEFAULT_COLOURS = shares("Black", 0.3472, "White", 0.1060, "Dark Blue", 0.0686,
            "Light Beige", 0.0397, "Blue", 0.0342, "Beige", 0.0290, "Light Blue", 0.0287, "Light Pink", 0.0270,
            "Off White", 0.0265, "Grey", 0.0264, "Red", 0.0242, "Greenish Khaki", 0.0240, "Dark Red", 0.0226,
            "Dark Grey", 0.0226, "Dark Green", 0.0225, "Pink", 0.0155, "Yellow", 0.0135, "Yellowish Brown", 0.0130,
            "Light Grey", 0.0127, "Light Orange", 0.0121);

    /** Names of {@link #productGroups()} with an article share of at least {@code minShare}, in file order. */
    public List<String> productGroupNames(double minShare) {
        List<String> out = new ArrayList<>();
        productGroups.forEach((k, v) -> {
            if (v[0] >= minShare) {
                out.add(k);
            }
        });
        return out;
    }
}
