package io.hmrec.core.synth;

import io.hmrec.core.data.KaggleFiles;
import io.hmrec.core.model.AgeBucket;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes {@code transactions_train.csv}, {@code articles.csv} and {@code customers.csv} exactly in Kaggle's layout
 * (headers, 64-hex customer ids, 10-digit article ids whose first 7 digits are the product_code, t_dat
 * 2018-09-20..2020-09-22 in day order, prices in the data's units with many decimals, channel 1/2), deterministic
 * from {@link GeneratorConfig#seed()}: the same config gives the same bytes.
 *
 * <h2>Calibration ({@link HmStats})</h2>
 * Daily row counts follow the real daily curve (sale peaks included) scaled to the target size, with exact totals;
 * online share 70/30 (customers lean to one channel, a visit's basket shares its channel); product-group and
 * index-group transaction shares (article weights are raked until the expected shares match); customer age buckets,
 * club and newsletter shares; prices are {@code SEK/590} with X.99 price points and markdowns (mean ≈ 0.028);
 * ~9.4% of rows are extra units of the row before; a lognormal activity gives purchases per buyer with mean ≈ 2.5 ×
 * median; about 4–5% of customers buy in a given week.
 *
 * <h2>Planted behaviour (what recommenders must discover)</h2>
 * <ul>
 *   <li><b>Launch, rise and decay</b>: products launch over the whole period (ids grow with launch); sales rise
 *       over 4–21 days, then decay with a product-specific time constant (median 45 days;
 *       4% basics decay over 250 days).
 *       Last week's best-sellers are therefore a strong, but aging, signal.</li>
 *   <li><b>Seasons</b>: swimwear, shorts, dresses peak mid-June, knitwear and socks mid-December.</li>
 *   <li><b>Popularity long tail</b>: lognormal product popularity × colour factor gives per-article sales with
 *       mean ≈ 4.7 × median, a few best-sellers far above.</li>
 *   <li><b>Repurchase</b>: 7% of basket lines rebuy an article from the customer's last six; 6% buy another colour
 *       (same product_code) of one of them.</li>
 *   <li><b>Bought together</b>: every product has a partner product launched within a month (top ↔ trousers,
 *       bikini top ↔ bottom, dress → shoes); 18% of the lines after the first are the previous line's partner.</li>
 *   <li><b>Age-dependent taste</b>: each product has an age centre (by index group: Divided young, Ladieswear
 *       late 30s) and customers sample with a Gaussian age affinity; 55% of lines come from the customer's
 *       favourite index group.</li>
 *   <li><b>Customers who join and lapse</b>: 45% of customers join during the period (their first visit follows
 *       within days), 40% lapse after an exponential lifetime (mean ~half a year) and never buy again.</li>
 * </ul>
 * Memory is bounded by the catalog and customer arrays (about 100 bytes per customer, 150 per article); rows are
 * streamed out day by day, so the full preset (31.8M rows) needs well under 1 GB of heap.
 */
public final class SyntheticGenerator {
    static final double DUP_Q = HmStats.DUPLICATE_ROW_SHARE;
    static final double P_TOGETHER = 0.18;
    static final double P_REPEAT = 0.07;
    static final double P_OTHER_COLOUR = 0.06;
    static final double P_FAVOURITE = 0.55;
    static final double EXTRA_LINES_CONTINUE = 0.68;
    static final int HISTORY = 6;
    static final int DAYS = HmStats.DAYS;

    /** Called after each generated day. */
    @FunctionalInterface
    public interface Progress {
        void day(int dayIndex, int days, long rowsSoFar);
    }

    /** What was written. */
    public record Result(Path dir, long transactions, int customers, int articles, int products, String statsSource) {}

    private final GeneratorConfig config;
    private final HmStats stats;

    public SyntheticGenerator(GeneratorConfig config) {
        this.config = config;
        this.stats = HmStats.load(config.statsDir());
    }

    public HmStats stats() {
        return stats;
    }

    /** Writes the three files into {@code outDir} (created if needed), replacing existing ones. */
    public Result generate(Path outDir, Progress progress) {
        try {
            Files.createDirectories(outDir);
            SplittableRandom root = new SplittableRandom(config.seed());
            SplittableRandom catalogRnd = root.split();
            SplittableRandom customerRnd = root.split();
            SplittableRandom textRnd = root.split();
            SplittableRandom dayRnd = root.split();
            Catalog catalog = new Catalog(config.articles(), DAYS, stats, catalogRnd);
            double[] ageShares = stats.ageBucketShares();
            rake(catalog, ageShares);
            double[][] igByBucket = indexShareByBucket(catalog);
            Population pop = new Population(config.customers(), ageShares, igByBucket, stats.onlineShare(),
                    customerRnd);
            catalog.write(outDir.resolve(KaggleFiles.ARTICLES), textRnd);
            pop.write(outDir.resolve(KaggleFiles.CUSTOMERS), config.seed(), stats);
            long rows = writeTransactions(outDir.resolve(KaggleFiles.TRANSACTIONS), catalog, pop, dayRnd, progress);
            return new Result(outDir, rows, config.customers(), config.articles(), catalog.products, stats.source());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write generated data to " + outDir + ": " + e.getMessage(), e);
        }
    }

    /** Row quotas per day: the real curve scaled to the target, rounded so they sum exactly to it. */
    static long[] dailyQuotas(double[] real, long target) {
        double total = 0;
        for (double v : real) {
            total += v;
        }
        long[] out = new long[real.length];
        double cum = 0;
        long prev = 0;
        for (int d = 0; d < real.length; d++) {
            cum += real[d];
            long upTo = Math.round(cum / total * target);
            out[d] = upTo - prev;
            prev = upTo;
        }
        return out;
    }

    /** Day-of-year based seasonal factors for each data day. */
    private static double[][] seasons() {
        double[][] s = new double[2][DAYS];
        for (int t = 0; t < DAYS; t++) {
            int doy = HmStats.FIRST_DAY.plusDays(t).getDayOfYear();
            s[0][t] = Catalog.seasonal(doy, 167);
            s[1][t] = Catalog.seasonal(doy, 350);
        }
        return s;
    }

    /**
     * Adjusts article base weights so that the expected transaction shares of product groups and index groups
     * (averaged over every 7th day, age buckets mixed by population share) match the real ones.
     */
    private void rake(Catalog c, double[] ageShares) {
        double[] pgTarget = new double[c.groupNames.length];
        for (int g = 0; g < pgTarget.length; g++) {
            pgTarget[g] = stats.productGroups().get(c.groupNames[g])[1];
        }
        double[] igTarget = new double[c.indexNames.length];
        for (int i = 0; i < igTarget.length; i++) {
            igTarget[i] = stats.indexGroups().get(c.indexNames[i])[1];
        }
        normalise(pgTarget);
        normalise(igTarget);
        for (int iter = 0; iter < 6; iter++) {
            double[][] shares = expectedShares(c, ageShares);
            double[] pg = shares[0];
            double[] ig = shares[1];
            for (int a = 0; a < c.articles; a++) {
                int p = c.product[a];
                double fg = pg[c.group[p]] > 0 ? pgTarget[c.group[p]] / pg[c.group[p]] : 1;
                double fi = ig[c.index[p]] > 0 ? igTarget[c.index[p]] / ig[c.index[p]] : 1;
                c.base[a] *= iter % 2 == 0 ? fg : fi;
            }
        }
    }

    private static void normalise(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        if (s > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= s;
            }
        }
    }

    private double[][] expectedShares(Catalog c, double[] ageShares) {
        double[] pg = new double[c.groupNames.length];
        double[] ig = new double[c.indexNames.length];
        double[][] season = seasons();
        double[] daily = stats.daily();
        double[] w = new double[c.articles];
        for (int t = 3; t < DAYS; t += 7) {
            for (int a = 0; a < c.articles; a++) {
                w[a] = c.base[a] * c.life(c.product[a], t, season[0][t], season[1][t]);
            }
            for (int b = 0; b < AgeBucket.COUNT; b++) {
                double z = 0;
                for (int a = 0; a < c.articles; a++) {
                    z += w[a] * c.affinity[a * AgeBucket.COUNT + b];
                }
                if (z <= 0) {
                    continue;
                }
                double scale = daily[t] * ageShares[b] / z;
                for (int a = 0; a < c.articles; a++) {
                    double share = w[a] * c.affinity[a * AgeBucket.COUNT + b] * scale;
                    int p = c.product[a];
                    pg[c.group[p]] += share;
                    ig[c.index[p]] += share;
                }
            }
        }
        normalise(pg);
        normalise(ig);
        return new double[][] {pg, ig};
    }

    /** For each age bucket, the time-averaged share of each index group: customers' favourite index groups. */
    private double[][] indexShareByBucket(Catalog c) {
        double[][] out = new double[AgeBucket.COUNT][c.indexNames.length];
        double[][] season = seasons();
        double[] w = new double[c.articles];
        for (int t = 3; t < DAYS; t += 14) {
            for (int a = 0; a < c.articles; a++) {
                w[a] = c.base[a] * c.life(c.product[a], t, season[0][t], season[1][t]);
            }
            for (int b = 0; b < AgeBucket.COUNT; b++) {
                double[] day = new double[c.indexNames.length];
                for (int a = 0; a < c.articles; a++) {
                    day[c.index[c.product[a]]] += w[a] * c.affinity[a * AgeBucket.COUNT + b];
                }
                normalise(day);
                for (int i = 0; i < day.length; i++) {
                    out[b][i] += day[i];
                }
            }
        }
        for (double[] row : out) {
            normalise(row);
        }
        return out;
    }

    private long writeTransactions(Path file, Catalog c, Population pop, SplittableRandom rnd, Progress progress)
            throws IOException {
        long[] quota = dailyQuotas(stats.daily(), config.transactions());
        double[][] season = seasons();
        int n = c.articles;
        int buckets = AgeBucket.COUNT;
        double[][] cum = new double[buckets][n];
        double[] life = new double[c.products];
        Fenwick alive = new Fenwick(pop.size);
        for (int i = 0; i < pop.size; i++) {
            if (pop.join[i] < 0) {
                alive.add(i, pop.activity[i]);
            }
        }
        int[][] joiners = pop.byDay(pop.join);
        int[][] lapsers = pop.byDay(pop.lapse);
        int[][] firsts = pop.byDay(pop.firstVisit);
        Writer out = new Writer(file);
        long rows = 0;
        try (out) {
            out.header();
            for (int t = 0; t < DAYS; t++) {
                for (int i : joiners[t]) {
                    alive.add(i, pop.activity[i]);
                }
                for (int i : lapsers[t]) {
                    alive.add(i, -pop.activity[i]);
                }
                for (int p = 0; p < c.products; p++) {
                    life[p] = c.life(p, t, season[0][t], season[1][t]);
                }
                for (int b = 0; b < buckets; b++) {
                    double[] cb = cum[b];
                    double s = 0;
                    for (int pos = 0; pos < n; pos++) {
                        int a = c.order[pos];
                        s += c.base[a] * life[c.product[a]] * c.affinity[a * buckets + b];
                        cb[pos] = s;
                    }
                }
                out.day(t);
                Day day = new Day(t, quota[t], c, pop, cum, rnd, out);
                for (int i : firsts[t]) {
                    if (day.left <= 0) {
                        break;
                    }
                    day.visit(i);
                }
                double total = alive.total();
                while (day.left > 0) {
                    int i = total > 0 ? alive.find(rnd.nextDouble() * total) : rnd.nextInt(pop.size);
                    day.visit(i);
                }
                rows += quota[t];
                if (progress != null) {
                    progress.day(t, DAYS, rows);
                }
            }
        }
        return rows;
    }

    /** One day's generation: visits until the day's row quota is used. */
    private static final class Day {
        final int t;
        long left;
        final Catalog c;
        final Population pop;
        final double[][] cum;
        final SplittableRandom rnd;
        final Writer out;
        final int[] basket = new int[32];
        int basketSize;

        Day(int t, long quota, Catalog c, Population pop, double[][] cum, SplittableRandom rnd, Writer out) {
            this.t = t;
            this.left = quota;
            this.c = c;
            this.pop = pop;
            this.cum = cum;
            this.rnd = rnd;
            this.out = out;
        }

        void visit(int cust) {
            int channel = rnd.nextDouble() < pop.online[cust] ? 2 : 1;
            byte[] id = pop.hexId(cust);
            int lines = 1;
            while (rnd.nextDouble() < EXTRA_LINES_CONTINUE) {
                lines++;
            }
            int prev = -1;
            basketSize = 0;
            for (int l = 0; l < lines && left > 0; l++) {
                int a = choose(cust, prev);
                // a basket lists an article once (its units are the duplicates): redraw a repeat, twice at most
                for (int tries = 0; tries < 2 && inBasket(a); tries++) {
                    a = choose(cust, prev);
                }
                if (basketSize < basket.length) {
                    basket[basketSize++] = a;
                }
                int units = 1;
                while (rnd.nextDouble() < DUP_Q) {
                    units++;
                }
                int level = markdown(a);
                for (int u = 0; u < units && left > 0; u++) {
                    out.row(id, c.idBytes[a], c.priceText[level][a], channel);
                    left--;
                }
                pop.remember(cust, a);
                prev = a;
            }
        }

        private boolean inBasket(int a) {
            for (int i = 0; i < basketSize; i++) {
                if (basket[i] == a) {
                    return true;
                }
            }
            return false;
        }

        private int markdown(int a) {
            int age = t - c.launch[c.product[a]];
            double r = rnd.nextDouble();
            if (age > 120) {
                return r < 0.35 ? 2 : r < 0.55 ? 3 : 0;
            }
            if (age > 45) {
                return r < 0.25 ? 1 : 0;
            }
            return 0;
        }

        private int choose(int cust, int prev) {
            if (prev >= 0 && rnd.nextDouble() < P_TOGETHER) {
                int q = c.partner[c.product[prev]];
                if (q >= 0 && c.launch[q] <= t) {
                    return c.firstArticle[q] + rnd.nextInt(c.colours[q]);
                }
            }
            int h = pop.historySize(cust);
            if (h > 0) {
                double r = rnd.nextDouble();
                if (r < P_REPEAT) {
                    return pop.history(cust, rnd.nextInt(h));
                }
                if (r < P_REPEAT + P_OTHER_COLOUR) {
                    int a = pop.history(cust, rnd.nextInt(h));
                    int p = c.product[a];
                    if (c.colours[p] > 1) {
                        int k = rnd.nextInt(c.colours[p] - 1);
                        int other = c.firstArticle[p] + k;
                        return other >= a ? other + 1 : other;
                    }
                }
            }
            double[] cb = cum[pop.bucket[cust]];
            int lo = 0;
            int hi = cb.length;
            if (rnd.nextDouble() < P_FAVOURITE) {
                int ig = pop.favourite[cust];
                lo = c.igLo[ig];
                hi = c.igHi[ig];
            }
            double from = lo == 0 ? 0 : cb[lo - 1];
            double to = hi == 0 ? 0 : cb[hi - 1];
            if (to <= from) {
                from = 0;
                to = cb[cb.length - 1];
                lo = 0;
                hi = cb.length;
                if (to <= 0) {
                    return rnd.nextInt(c.articles);
                }
            }
            double u = from + rnd.nextDouble() * (to - from);
            // first position with cum > u
            int l = lo;
            int r = hi - 1;
            while (l < r) {
                int m = (l + r) >>> 1;
                if (cb[m] > u) {
                    r = m;
                } else {
                    l = m + 1;
                }
            }
            return c.order[l];
        }
    }

    /** Byte-level row writer: rows are assembled without Strings. */
    private static final class Writer implements AutoCloseable {
        private final OutputStream out;
        private final byte[] line = new byte[256];
        private byte[] date;

        Writer(Path file) throws IOException {
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        }

        void header() throws IOException {
            out.write((String.join(",", KaggleFiles.TRANSACTIONS_HEADER) + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        void day(int t) {
            date = HmStats.FIRST_DAY.plusDays(t).toString().getBytes(StandardCharsets.US_ASCII);
        }

        void row(byte[] customer, byte[] article, byte[] price, int channel) {
            int n = 0;
            System.arraycopy(date, 0, line, n, 10);
            n += 10;
            line[n++] = ',';
            System.arraycopy(customer, 0, line, n, 64);
            n += 64;
            line[n++] = ',';
            System.arraycopy(article, 0, line, n, 10);
            n += 10;
            line[n++] = ',';
            System.arraycopy(price, 0, line, n, price.length);
            n += price.length;
            line[n++] = ',';
            line[n++] = (byte) ('0' + channel);
            line[n++] = '\n';
            try {
                out.write(line, 0, n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Customers: age, activity, channel lean, favourite index group, join/lapse days, recent purchases. */
    static final class Population {
        private static final char[] HEX = "0123456789abcdef".toCharArray();
        final int size;
        final byte[] age;
        final byte[] bucket;
        final byte[] favourite;
        final double[] activity;
        final float[] online;
        final int[] join;
        final int[] lapse;
        final int[] firstVisit;
        final int[] hist;
        final byte[] histLen;
        final byte[] histNext;
        private final long idSeed;
        private final byte[] idBuf = new byte[64];

        Population(int n, double[] ageShares, double[][] igByBucket, double onlineShare, SplittableRandom rnd) {
            size = n;
            age = new byte[n];
            bucket = new byte[n];
            favourite = new byte[n];
            activity = new double[n];
            online = new float[n];
            join = new int[n];
            lapse = new int[n];
            firstVisit = new int[n];
            hist = new int[n * HISTORY];
            histLen = new byte[n];
            histNext = new byte[n];
            idSeed = rnd.nextLong();
            // a customer leans to one channel: 70% "online" customers at 0.92, the rest at q so the mix is the target
            double onlineLeaning = 0.92;
            double storeLeaning = 0.2;
            double pOnline = Math.max(0, Math.min(1, (onlineShare - storeLeaning) / (onlineLeaning - storeLeaning)));
            for (int i = 0; i < n; i++) {
                int b = Catalog.pick(ageShares, rnd);
                bucket[i] = (byte) b;
                age[i] = (byte) ageIn(b, rnd);
                favourite[i] = (byte) Catalog.pick(igByBucket[b], rnd);
                activity[i] = Math.exp(1.3 * rnd.nextGaussian());
                online[i] = (float) (rnd.nextDouble() < pOnline ? onlineLeaning : storeLeaning);
                join[i] = rnd.nextDouble() < 0.55 ? -1 : rnd.nextInt(DAYS);
                int start = Math.max(join[i], 0);
                lapse[i] = rnd.nextDouble() < 0.4 ? (int) Math.min(DAYS, start + 14 - 180 * Math.log(rnd.nextDouble()))
                        : DAYS;
                int end = Math.min(lapse[i], DAYS);
                firstVisit[i] = join[i] < 0 ? rnd.nextInt(Math.max(1, end))
                        : (int) Math.min(end - 1, join[i] - 5 * Math.log(rnd.nextDouble()));
            }
        }

        private static int ageIn(int b, SplittableRandom rnd) {
            return switch (b) {
                case 0 -> 0;
                case 1 -> 16 + rnd.nextInt(4);
                case 6 -> (int) Math.min(99, 60 - 8 * Math.log(rnd.nextDouble()));
                default -> 20 + (b - 2) * 10 + rnd.nextInt(10);
            };
        }

        /** Customers grouped by a day array (values outside 0..DAYS-1 are left out). */
        int[][] byDay(int[] dayOf) {
            int[] counts = new int[DAYS];
            for (int d : dayOf) {
                if (d >= 0 && d < DAYS) {
                    counts[d]++;
                }
            }
            int[][] out = new int[DAYS][];
            for (int d = 0; d < DAYS; d++) {
                out[d] = new int[counts[d]];
            }
            Arrays.fill(counts, 0);
            for (int i = 0; i < dayOf.length; i++) {
                int d = dayOf[i];
                if (d >= 0 && d < DAYS) {
                    out[d][counts[d]++] = i;
                }
            }
            return out;
        }

        /** The 64-hex id of customer {@code i} (a 256-bit hash of the seed and i; shared buffer). */
        byte[] hexId(int i) {
            long s = idSeed ^ (i * 0x9E3779B97F4A7C15L);
            for (int w = 0; w < 4; w++) {
                s += 0x9E3779B97F4A7C15L;
                long z = s;
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                z ^= z >>> 31;
                for (int k = 0; k < 16; k++) {
                    idBuf[w * 16 + k] = (byte) HEX[(int) (z >>> (60 - 4 * k)) & 15];
                }
            }
            return idBuf;
        }

        int historySize(int i) {
            return histLen[i];
        }

        int history(int i, int k) {
            return hist[i * HISTORY + k];
        }

        void remember(int i, int article) {
            int next = histNext[i];
            hist[i * HISTORY + next] = article;
            histNext[i] = (byte) ((next + 1) % HISTORY);
            if (histLen[i] < HISTORY) {
                histLen[i]++;
            }
        }

        /** customers.csv: ids in customer order; FN/Active/club/newsletter/postal code drawn per customer. */
        void write(Path file, long seed, HmStats stats) throws IOException {
            SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
            String[] club = stats.clubStatus().keySet().toArray(String[]::new);
            double[] clubP = stats.clubStatus().values().stream().mapToDouble(Double::doubleValue).toArray();
            String[] news = stats.fashionNews().keySet().toArray(String[]::new);
            double[] newsP = stats.fashionNews().values().stream().mapToDouble(Double::doubleValue).toArray();
            int postalCodes = Math.max(1, size / 3);
            long postalSeed = rnd.nextLong();
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
                w.write(String.join(",", KaggleFiles.CUSTOMERS_HEADER));
                w.write('\n');
                StringBuilder b = new StringBuilder(200);
                for (int i = 0; i < size; i++) {
                    b.setLength(0);
                    b.append(new String(hexId(i), StandardCharsets.US_ASCII)).append(',');
                    String nf = news[Catalog.pick(newsP, rnd)];
                    boolean subscribed = nf.equals("Regularly") || nf.equals("Monthly");
                    b.append(subscribed ? "1.0" : "").append(',').append(subscribed && rnd.nextDouble() < 0.97 ? "1.0"
                            : "").append(',');
                    String cs = club[Catalog.pick(clubP, rnd)];
                    b.append(cs.equals("Unknown") ? "" : cs).append(',');
                    b.append(nf.equals("Unknown") ? "" : nf).append(',');
                    b.append(age[i] == 0 ? "" : Integer.toString(age[i])).append(',');
                    // postal codes are skewed: a few hold many customers
                    int pc = (int) Math.min(postalCodes - 1, Math.floor(postalCodes * Math.pow(rnd.nextDouble(), 2.5)));
                    b.append(postalHex(postalSeed, pc));
                    b.append('\n');
                    w.append(b);
                }
            }
        }

        private static String postalHex(long seed, int pc) {
            StringBuilder b = new StringBuilder(64);
            long s = seed + pc * 0xD1B54A32D192ED03L;
            for (int w = 0; w < 4; w++) {
                s += 0x9E3779B97F4A7C15L;
                long z = s;
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                z ^= z >>> 31;
                String h = Long.toHexString(z);
                b.append("0".repeat(16 - h.length())).append(h);
            }
            return b.toString();
        }
    }

    /** Convenience: the date of data day {@code t}. */
    public static LocalDate date(int t) {
        return HmStats.FIRST_DAY.plusDays(t);
    }
}
