package io.hmrec.core.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Benchmark program (not a test): rows/s of {@link TransactionReader} (full validation + event ids) against the bare
 * cost of reading the same file line by line with {@link BufferedReader#readLine()}, measured in the same run.
 * Usage: {@code ReaderBenchmark [transactions_train.csv] [rows-to-generate]}; without a file it writes a
 * Kaggle-shaped file of the given size (default 3M rows) to a temp dir. Each measurement is the best of 3 passes.
 */
public final class ReaderBenchmark {
    private ReaderBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path file;
        if (args.length > 0 && !args[0].matches("\\d+")) {
            file = Path.of(args[0]);
        } else {
            int rows = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
            file = Files.createTempDirectory("hmrec-bench").resolve(KaggleFiles.TRANSACTIONS);
            writeFile(file, rows);
            file.toFile().deleteOnExit();
            file.getParent().toFile().deleteOnExit();
        }
        long size = Files.size(file);
        double bestRead = Double.MAX_VALUE;
        double bestParse = Double.MAX_VALUE;
        long rows = 0;
        long lines = 0;
        for (int pass = 0; pass < 3; pass++) {
            long t0 = System.nanoTime();
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                lines = 0;
                while (r.readLine() != null) {
                    lines++;
                }
            }
            long t1 = System.nanoTime();
            try (TransactionReader r = TransactionReader.open(file, RejectSink.COUNT_ONLY)) {
                while (r.next() != null) {
                    // drain
                }
                rows = r.summary().rows();
            }
            long t2 = System.nanoTime();
            bestRead = Math.min(bestRead, (t1 - t0) / 1e9);
            bestParse = Math.min(bestParse, (t2 - t1) / 1e9);
        }
        System.out.printf("file %s: %,d bytes, %,d rows%n", file, size, rows);
        System.out.printf("readLine baseline : %6.3f s  %,12.0f lines/s  %6.0f MB/s%n", bestRead, lines / bestRead,
                size / bestRead / 1e6);
        System.out.printf("TransactionReader : %6.3f s  %,12.0f rows/s   %6.0f MB/s (validated, with event ids)%n",
                bestParse, rows / bestParse, size / bestParse / 1e6);
        System.out.printf("ratio reader/readLine throughput: %.2f%n", bestRead / bestParse);
    }

    private static void writeFile(Path file, int rows) throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        LocalDate start = LocalDate.of(2018, 9, 20);
        int perDay = Math.max(1, rows / 734);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write(String.join(",", KaggleFiles.TRANSACTIONS_HEADER));
            w.write('\n');
            for (int i = 0; i < rows; i++) {
                String day = start.plusDays(i / perDay).toString();
                String customer = String.format("%016x%016x%016x%016x", rnd.nextLong(), rnd.nextLong(), rnd.nextLong(),
                        rnd.nextLong() % 1000);
                w.write(day + "," + customer + ",0" + (108775015 + rnd.nextInt(800_000_000)) + ","
                        + (rnd.nextInt(30000) + 99) / 59000.0 + "," + (1 + rnd.nextInt(2)) + "\n");
            }
        }
    }
}
