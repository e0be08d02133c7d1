package io.hmrec.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** File names and exact headers of the H&M Kaggle data, and opening a file with its header checked. */
public final class KaggleFiles {
    public static final String TRANSACTIONS = "transactions_train.csv";
    public static final String ARTICLES = "articles.csv";
    public static final String CUSTOMERS = "customers.csv";

    public static final List<String> TRANSACTIONS_HEADER =
            List.of("t_dat", "customer_id", "article_id", "price", "sales_channel_id");
    public static final List<String> ARTICLES_HEADER = List.of("article_id", "product_code", "prod_name",
            "product_type_no", "product_type_name", "product_group_name", "graphical_appearance_no",
            "graphical_appearance_name", "colour_group_code", "colour_group_name", "perceived_colour_value_id",
            "perceived_colour_value_name", "perceived_colour_master_id", "perceived_colour_master_name",
            "department_no", "department_name", "index_code", "index_name", "index_group_no", "index_group_name",
            "section_no", "section_name", "garment_group_no", "garment_group_name", "detail_desc");
    public static final List<String> CUSTOMERS_HEADER = List.of("customer_id", "FN", "Active", "club_member_status",
            "fashion_news_frequency", "age", "postal_code");

    private KaggleFiles() {}

    /**
     * Opens a Kaggle CSV (plain, or gzip when the name ends in .gz) and consumes its header.
     *
     * @throws DataFileException naming the file and the expected header when the file cannot be read or its header
     *                           differs (a UTF-8 byte-order mark is tolerated)
     */
    public static CsvReader open(Path path, List<String> expectedHeader, boolean multiLine) {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
            if (path.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
        } catch (IOException e) {
            throw new DataFileException("cannot read " + path + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); expected a CSV with header " + String.join(",", expectedHeader), e);
        }
        CsvReader csv = new CsvReader(in, multiLine);
        try {
            if (!csv.next()) {
                throw new DataFileException(path + " is empty; expected header " + String.join(",", expectedHeader));
            }
            List<String> header = new ArrayList<>(csv.fieldCount());
            for (int i = 0; i < csv.fieldCount(); i++) {
                header.add(csv.field(i));
            }
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));
            }
            if (!header.equals(expectedHeader)) {
                throw new DataFileException(path + " has header '" + csv.raw() + "'; expected '"
                        + String.join(",", expectedHeader) + "'");
            }
            return csv;
        } catch (RuntimeException e) {
            csv.close();
            if (e instanceof DataFileException) {
                throw e;
            }
            throw new DataFileException("cannot read " + path + ": " + e.getMessage()
                    + "; expected a CSV with header " + String.join(",", expectedHeader), e);
        }
    }

    /** {@code dir/name}, or {@code dir/name.gz} when only the gzipped file exists. */
    public static Path resolve(Path dir, String name) {
        Path plain = dir.resolve(name);
        Path gz = dir.resolve(name + ".gz");
        return !Files.exists(plain) && Files.exists(gz) ? gz : plain;
    }
}
