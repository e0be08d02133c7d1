package io.hmrec.core.synth;

import io.hmrec.core.data.KaggleFiles;
import io.hmrec.core.model.AgeBucket;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The generated article catalog: products (one product_code, several colours) launched over time, each with a
 * product group, index group, season, life cycle, age profile, price and a partner product often bought with it.
 * Articles are numbered in id order, which is also launch order (like H&M's ids, which grow with time).
 */
final class Catalog {
    static final int SUMMER = 1;
    static final int WINTER = 2;
    /** Mid-ages of the age buckets (index = AgeBucket id; unknown gets the population mean). */
    static final double[] BUCKET_AGE = {36, 17.5, 25, 35, 45, 55, 67};
    static final double[] MARKDOWN = {1.0, 0.8, 0.6, 0.5};

    record GroupSpec(String[] types, int[] typeNos, double[] pricesSek, double summer, double winter, int garmentNo,
                     String garmentName, String complement) {}

    record IndexSpec(int no, String code, String indexName, String[] sections, double ageCenter) {}

    static final Map<String, GroupSpec> GROUPS = Map.of(
            "Garment Upper body", new GroupSpec(new String[] {"T-shirt", "Sweater", "Top", "Blouse", "Shirt",
                "Vest top", "Jacket", "Cardigan", "Hoodie"}, new int[] {255, 252, 254, 259, 258, 253, 264, 245, 308},
                new double[] {9.99, 12.99, 14.99, 16.99, 19.99, 24.99, 29.99}, 0.25, 0.35, 1002, "Jersey Basic",
                "Garment Lower body"),
            "Garment Lower body", new GroupSpec(new String[] {"Trousers", "Shorts", "Skirt", "Leggings/Tights"},
                new int[] {272, 274, 275, 273}, new double[] {12.99, 16.99, 19.99, 24.99, 29.99}, 0.3, 0.2, 1009,
                "Trousers", "Garment Upper body"),
            "Garment Full body", new GroupSpec(new String[] {"Dress", "Jumpsuit/Playsuit", "Garment Set"},
                new int[] {265, 267, 270}, new double[] {16.99, 19.99, 24.99, 29.99, 39.99}, 0.45, 0.1, 1013,
                "Dresses Ladies", "Shoes"),
            "Accessories", new GroupSpec(new String[] {"Bag", "Earring", "Hat/beanie", "Scarf", "Belt",
                "Sunglasses"}, new int[] {66, 72, 87, 81, 67, 73}, new double[] {4.99, 6.99, 8.49, 9.99, 12.99}, 0.15,
                0.25, 1019, "Accessories", "Garment Upper body"),
            "Underwear", new GroupSpec(new String[] {"Bra", "Underwear bottom", "Underwear body"},
                new int[] {306, 286, 301}, new double[] {6.99, 8.49, 12.99, 14.99}, 0, 0, 1017, "Under-, Nightwear",
                "Underwear"),
            "Shoes", new GroupSpec(new String[] {"Sneakers", "Boots", "Sandals", "Ballerinas"},
                new int[] {88, 94, 93, 95}, new double[] {16.99, 19.99, 24.99, 29.99}, 0.25, 0.25, 1020, "Shoes",
                "Socks & Tights"),
            "Swimwear", new GroupSpec(new String[] {"Bikini top", "Swimwear bottom", "Swimsuit"},
                new int[] {298, 59, 57}, new double[] {8.49, 9.99, 12.99, 14.99}, 0.9, 0, 1018, "Swimwear",
                "Swimwear"),
            "Socks & Tights", new GroupSpec(new String[] {"Socks", "Underwear Tights"}, new int[] {302, 304},
                new double[] {4.99, 6.99, 8.49}, 0, 0.3, 1021, "Socks and Tights", "Shoes"),
            "Nightwear", new GroupSpec(new String[] {"Pyjama set", "Night gown", "Pyjama bottom"},
                new int[] {89, 80, 90}, new double[] {12.99, 16.99, 19.99}, 0, 0.2, 1017, "Under-, Nightwear",
                "Underwear"),
            "Unknown", new GroupSpec(new String[] {"Unknown"}, new int[] {-1}, new double[] {9.99, 14.99}, 0, 0,
                1001, "Unknown", "Garment Upper body"));
    static final GroupSpec OTHER_GROUP = new GroupSpec(new String[] {"Other"}, new int[] {1}, new double[] {9.99}, 0,
            0, 1001, "Unknown", "Garment Upper body");

    static final Map<String, IndexSpec> INDEXES = Map.of(
            "Ladieswear", new IndexSpec(1, "A", "Ladieswear", new String[] {"Womens Everyday Collection",
                "Womens Lingerie", "Womens Tailoring", "Womens Casual", "Womens Trend", "Womens Small accessories"},
                38),
            "Baby/Children", new IndexSpec(4, "H", "Children Sizes 92-140", new String[] {"Kids Girl", "Young Girl",
                "Kids Boy", "Baby Essentials & Complements", "Young Boy"}, 33),
            "Divided", new IndexSpec(2, "D", "Divided", new String[] {"Divided Collection", "Divided Projects",
                "Divided Basics", "Divided Accessories"}, 22),
            "Menswear", new IndexSpec(3, "F", "Menswear", new String[] {"Men Underwear", "Contemporary Smart",
                "Contemporary Casual", "Men Accessories"}, 36),
            "Sport", new IndexSpec(26, "S", "Sport", new String[] {"Ladies H&M Sport", "Men H&M Sport"}, 31));
    static final IndexSpec OTHER_INDEX = new IndexSpec(99, "X", "Other", new String[] {"Other"}, 36);

    static final String[] GRAPHICAL = {"Solid", "All over pattern", "Melange", "Stripe", "Denim", "Front print",
        "Other structure", "Lace", "Check", "Embroidery"};
    static final int[] GRAPHICAL_NO = {1010016, 1010001, 1010010, 1010017, 1010004, 1010007, 1010014, 1010009,
        1010002, 1010005};
    static final double[] GRAPHICAL_P = {0.5, 0.15, 0.07, 0.06, 0.05, 0.05, 0.04, 0.03, 0.03, 0.02};
    static final String[] NAMES = {"Jade", "Tilly", "Luna", "Nora", "Ellie", "Mika", "Vera", "Sam", "Alex", "Robin",
        "Skye", "Dana", "Iris", "Fiona", "Hugo", "Leo", "Maja", "Olle", "Pia", "Rita"};
    static final String[] MATERIALS = {"soft cotton jersey", "viscose", "ribbed fabric", "denim", "recycled polyester",
        "fine-knit fabric", "lyocell", "linen blend", "chiffon", "sweatshirt fabric"};
    static final String[] FEATURES = {"a round neckline", "long sleeves", "a high waist", "side pockets",
        "an elasticated waist", "a V-neck", "adjustable shoulder straps", "a relaxed fit", "a zip at the back",
        "ribbing at the cuffs and hem"};

    final int days;
    final String[] groupNames;
    final GroupSpec[] groupSpecs;
    final String[] indexNames;
    final IndexSpec[] indexSpecs;
    final String[] colourNames;
    final double[] colourP;

    // per product
    final int products;
    final int[] productCode;
    final int[] launch;
    final int[] rise;
    final float[] tau;
    final byte[] season;
    final byte[] group;
    final byte[] index;
    final byte[] type;
    final byte[] graphical;
    final byte[] section;
    final float[] ageCenter;
    final double[] pop;
    final double[] priceSek;
    final int[] partner;
    final int[] firstArticle;
    final int[] colours;

    // per article (id order)
    final int articles;
    final int[] product;
    final byte[] colour;
    final double[] base;
    final byte[][] idBytes;
    final float[] affinity; // [article * AgeBucket.COUNT + bucket]
    final byte[][][] priceText; // [markdown level][article]

    // articles grouped by index group for sampling: order[pos] = article, index group ig occupies [igLo, igHi)
    final int[] order;
    final int[] igLo;
    final int[] igHi;

    Catalog(int articles, int days, HmStats stats, SplittableRandom rnd) {
        this.days = days;
        this.articles = articles;
        List<String> gn = stats.productGroupNames(0.001);
        groupNames = gn.toArray(String[]::new);
        groupSpecs = new GroupSpec[groupNames.length];
        double[] groupP = new double[groupNames.length];
        for (int g = 0; g < groupNames.length; g++) {
            groupSpecs[g] = GROUPS.getOrDefault(groupNames[g], OTHER_GROUP);
            groupP[g] = stats.productGroups().get(groupNames[g])[0];
        }
        indexNames = stats.indexGroups().keySet().toArray(String[]::new);
        indexSpecs = new IndexSpec[indexNames.length];
        double[] indexP = new double[indexNames.length];
        for (int i = 0; i < indexNames.length; i++) {
            indexSpecs[i] = INDEXES.getOrDefault(indexNames[i], OTHER_INDEX);
            indexP[i] = stats.indexGroups().get(indexNames[i])[0];
        }
        List<String> cn = new ArrayList<>(stats.colours().keySet());
        cn.removeIf(c -> c.equals("Unknown"));
        cn = cn.subList(0, Math.min(30, cn.size()));
        colourNames = cn.toArray(String[]::new);
        colourP = new double[colourNames.length];
        for (int c = 0; c < colourNames.length; c++) {
            colourP[c] = stats.colours().get(colourNames[c]);
        }

        // colours per product: 1 + geometric, mean ~2.2 like the real catalog (105,542 articles, 47,224 products)
        List<Integer> perProduct = new ArrayList<>();
        int left = articles;
        while (left > 0) {
            int k = 1;
            while (k < 10 && rnd.nextDouble() < 0.55) {
                k++;
            }
            k = Math.min(k, left);
            perProduct.add(k);
            left -= k;
        }
        products = perProduct.size();
        productCode = new int[products];
        launch = new int[products];
        rise = new int[products];
        tau = new float[products];
        season = new byte[products];
        group = new byte[products];
        index = new byte[products];
        type = new byte[products];
        graphical = new byte[products];
        section = new byte[products];
        ageCenter = new float[products];
        pop = new double[products];
        priceSek = new double[products];
        partner = new int[products];
        firstArticle = new int[products];
        colours = new int[products];
        product = new int[articles];
        colour = new byte[articles];
        base = new double[articles];
        idBytes = new byte[articles][];
        affinity = new float[articles * AgeBucket.COUNT];
        priceText = new byte[MARKDOWN.length][articles][];

        // launches spread from four months before the data starts to its last week, in id order
        for (int p = 0; p < products; p++) {
            launch[p] = -120 + (int) (rnd.nextDouble() * (days - 7 + 120));
        }
        Arrays.sort(launch);
        int stride = Math.max(1, 850_000 / products);
        int code = 108_775;
        int a = 0;
        for (int p = 0; p < products; p++) {
            productCode[p] = code;
            code += 1 + rnd.nextInt(2 * stride - 1 > 0 ? 2 * stride - 1 : 1);
            int g = pick(groupP, rnd);
            int ig = pick(indexP, rnd);
            GroupSpec gs = groupSpecs[g];
            group[p] = (byte) g;
            index[p] = (byte) ig;
            type[p] = (byte) rnd.nextInt(gs.types().length);
            graphical[p] = (byte) pick(GRAPHICAL_P, rnd);
            section[p] = (byte) rnd.nextInt(indexSpecs[ig].sections().length);
            double s = rnd.nextDouble();
            season[p] = (byte) (s < gs.summer() ? SUMMER : s < gs.summer() + gs.winter() ? WINTER : 0);
            rise[p] = 4 + rnd.nextInt(18);
            tau[p] = rnd.nextDouble() < 0.04 ? 250f : (float) Math.exp(Math.log(45) + 0.8 * rnd.nextGaussian());
            // the tail is clipped at 2.4 sigma: unclipped, the best of 47k products outsells the real top article
            // (50k sales) more than tenfold
            pop[p] = Math.exp(1.3 * Math.max(-3.5, Math.min(2.4, rnd.nextGaussian())));
            ageCenter[p] = (float) (indexSpecs[ig].ageCenter() + 7 * rnd.nextGaussian());
            priceSek[p] = gs.pricesSek()[rnd.nextInt(gs.pricesSek().length)];
            firstArticle[p] = a;
            colours[p] = perProduct.get(p);
            boolean[] used = new boolean[colourNames.length];
            for (int k = 0; k < colours[p]; k++, a++) {
                int c = pick(colourP, rnd);
                for (int tries = 0; tries < 4 && used[c]; tries++) {
                    c = pick(colourP, rnd);
                }
                used[c] = true;
                product[a] = p;
                colour[a] = (byte) c;
                // other colours sell less than the first, rarely up to 1.8x more
                double mult = k == 0 ? 1.0 : Math.exp(-0.3 + 0.6 * Math.max(-3, Math.min(1.5, rnd.nextGaussian())));
                base[a] = pop[p] * mult;
                String id = String.format("%07d%03d", productCode[p], k + 1);
                idBytes[a] = id.getBytes(StandardCharsets.US_ASCII);
                for (int b = 0; b < AgeBucket.COUNT; b++) {
                    double d = (BUCKET_AGE[b] - ageCenter[p]) / 10.0;
                    affinity[a * AgeBucket.COUNT + b] = (float) (0.25 + Math.exp(-0.5 * d * d));
                }
                for (int m = 0; m < MARKDOWN.length; m++) {
                    double price = Math.round(priceSek[p] * MARKDOWN[m] * 100) / 100.0 / 590.0;
                    priceText[m][a] = Double.toString(price).getBytes(StandardCharsets.US_ASCII);
                }
            }
        }
        for (int p = 0; p < products; p++) {
            partner[p] = choosePartner(p, rnd);
        }
        order = new int[articles];
        igLo = new int[indexNames.length];
        igHi = new int[indexNames.length];
        int pos = 0;
        for (int ig = 0; ig < indexNames.length; ig++) {
            igLo[ig] = pos;
            for (int x = 0; x < articles; x++) {
                if (index[product[x]] == ig) {
                    order[pos++] = x;
                }
            }
            igHi[ig] = pos;
        }
    }

    /**
     * A product of the same index group launched within a month of {@code p}, preferably of the complementary
     * product group; -1 if none. Staying in the index group keeps partner lines from shifting the index-group
     * shares; picking at random (not the most popular) keeps them from piling onto the best-sellers.
     */
    private int choosePartner(int p, SplittableRandom rnd) {
        int lo = lowerBound(launch[p] - 30);
        int hi = lowerBound(launch[p] + 31);
        if (hi - lo <= 1) {
            return -1;
        }
        String want = groupSpecs[group[p]].complement();
        int best = -1;
        int sameIndex = -1;
        for (int tries = 0; tries < 16; tries++) {
            int q = lo + rnd.nextInt(hi - lo);
            if (q == p || index[q] != index[p]) {
                continue;
            }
            if (sameIndex < 0) {
                sameIndex = q;
            }
            if (groupNames[group[q]].equals(want)) {
                best = q;
                break;
            }
        }
        return best >= 0 ? best : sameIndex;
    }

    private int lowerBound(int day) {
        int lo = 0;
        int hi = products;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (launch[mid] < day) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static int pick(double[] weights, SplittableRandom rnd) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = rnd.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Time factor of product {@code p} on data day {@code t}: zero before launch, rise, then exponential decay. */
    double life(int p, int t, double seasonSummer, double seasonWinter) {
        int age = t - launch[p];
        if (age < 0) {
            return 0;
        }
        double f = age < rise[p] ? (age + 1.0) / rise[p] : Math.exp(-(age - rise[p]) / tau[p]);
        int s = season[p];
        return s == SUMMER ? f * seasonSummer : s == WINTER ? f * seasonWinter : f;
    }

    /** Seasonal factor for the day of year: peaks mid-June (summer) or mid-December (winter). */
    static double seasonal(int dayOfYear, int peak) {
        return Math.max(0.05, 1 + 0.95 * Math.cos(2 * Math.PI * (dayOfYear - peak) / 365.0));
    }

    /** Writes articles.csv in id order with all 25 Kaggle columns. */
    void write(Path file, SplittableRandom rnd) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", KaggleFiles.ARTICLES_HEADER));
            w.write('\n');
            StringBuilder b = new StringBuilder(512);
            for (int a = 0; a < articles; a++) {
                int p = product[a];
                GroupSpec gs = groupSpecs[group[p]];
                IndexSpec is = indexSpecs[index[p]];
                String typeName = gs.types()[type[p]];
                String colourName = colourNames[colour[a]];
                String[] pv = perceived(colourName);
                b.setLength(0);
                b.append(new String(idBytes[a], StandardCharsets.US_ASCII)).append(',');
                b.append(productCode[p]).append(',');
                csv(b, NAMES[p % NAMES.length] + " " + (p % 3 == 0 ? "HW " : "") + typeName).append(',');
                b.append(gs.typeNos()[type[p]]).append(',');
                csv(b, typeName).append(',');
                csv(b, groupNames[group[p]]).append(',');
                b.append(GRAPHICAL_NO[graphical[p]]).append(',').append(GRAPHICAL[graphical[p]]).append(',');
                b.append(colour[a] + 6).append(',');
                csv(b, colourName).append(',');
                b.append(pv[0]).append(',').append(pv[1]).append(',').append(pv[2]).append(',').append(pv[3])
                        .append(',');
                int dept = 1000 + index[p] * 400 + group[p] * 37 + type[p];
                b.append(dept).append(',');
                csv(b, is.indexName().split(" ")[0] + " " + typeName).append(',');
                b.append(is.code()).append(',');
                csv(b, is.indexName()).append(',');
                b.append(is.no()).append(',');
                csv(b, indexNames[index[p]]).append(',');
                b.append(10 + index[p] * 10 + section[p]).append(',');
                csv(b, is.sections()[section[p]]).append(',');
                b.append(gs.garmentNo()).append(',');
                csv(b, gs.garmentName()).append(',');
                csv(b, description(p, typeName, rnd));
                b.append('\n');
                w.append(b);
            }
        }
    }

    private String description(int p, String typeName, SplittableRandom rnd) {
        if (rnd.nextDouble() < 0.004) {
            return ""; // the real catalog has a few articles without a description
        }
        StringBuilder d = new StringBuilder(120);
        d.append(typeName).append(" in ").append(MATERIALS[p % MATERIALS.length]).append(" with ")
                .append(FEATURES[(p / 3) % FEATURES.length]).append(", ").append(FEATURES[(p / 7 + 3) % FEATURES.length])
                .append('.');
        if (p % 11 == 0) {
            d.append(" Model wears size \"M\".");
        }
        if (p % 97 == 0) {
            d.append("\nMade partly from recycled materials.");
        }
        return d.toString();
    }

    /** perceived colour value id, name, master id, name from the colour name. */
    private static String[] perceived(String colour) {
        String value = colour.startsWith("Dark") || colour.equals("Black") ? "Dark"
                : colour.startsWith("Light") || colour.equals("White") || colour.equals("Off White") ? "Light"
                : "Medium Dusty";
        int valueId = switch (value) {
            case "Dark" -> 4;
            case "Light" -> 3;
            default -> 2;
        };
        String[] masters = {"Black", "White", "Blue", "Beige", "Pink", "Grey", "Red", "Khaki green", "Green",
            "Yellow", "Brown", "Orange", "Purple", "Turquoise", "Metal"};
        String master = "Unknown";
        int masterId = -1;
        String lc = colour.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i < masters.length; i++) {
            if (lc.contains(masters[i].split(" ")[0].toLowerCase(java.util.Locale.ROOT))) {
                master = masters[i];
                masterId = i + 1;
                break;
            }
        }
        return new String[] {Integer.toString(valueId), value, Integer.toString(masterId), master};
    }

    /** Appends a CSV field, quoting it when it holds a comma, quote or line break. */
    static StringBuilder csv(StringBuilder b, String s) {
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            return b.append(s);
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                b.append('"');
            }
            b.append(c);
        }
        return b.append('"');
    }
}
