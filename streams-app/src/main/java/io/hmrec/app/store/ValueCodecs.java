package io.hmrec.app.store;

import io.hmrec.core.model.ArticleIds;
import io.hmrec.core.model.ArticleInfo;
import io.hmrec.core.model.CustomerInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Binary encodings of the streams-app's own store values (the core state values encode themselves). Each value
 * starts with a format byte so a store written by another release is rejected with a clear message, never misread.
 */
public final class ValueCodecs {
    private static final byte CUSTOMER_V1 = 0x61;
    private static final byte ARTICLES_V1 = 0x62;
    private static final byte BUYERS_V1 = 0x63;

    private ValueCodecs() {}

    /** Customer facts: format byte, age (int, -1 unknown), club status, news frequency. */
    public static byte[] customer(CustomerInfo c) {
        byte[] id = utf8(c.customerId());
        byte[] club = utf8(c.clubMemberStatus());
        byte[] news = utf8(c.fashionNewsFrequency());
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 12 + id.length + club.length + news.length);
        b.put(CUSTOMER_V1).putInt(c.age() == null ? -1 : c.age());
        putBytes(b, id);
        putBytes(b, club);
        putBytes(b, news);
        return b.array();
    }

    public static CustomerInfo customer(byte[] bytes) {
        return decode(bytes, "customer", CUSTOMER_V1, b -> {
            int age = b.getInt();
            String id = getString(b);
            return new CustomerInfo(id, age < 0 ? null : age, getString(b), getString(b));
        });
    }

    /** Catalog facts of the articles of one product, in the given order. */
    public static byte[] articles(List<ArticleInfo> list) {
        List<byte[]> parts = new ArrayList<>(list.size() * 2);
        int size = 1 + 4;
        for (ArticleInfo a : list) {
            byte[] group = utf8(a.productGroupName());
            byte[] index = utf8(a.indexGroupName());
            parts.add(group);
            parts.add(index);
            size += 8 + 4 * 4 + 8 + group.length + index.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(ARTICLES_V1).putInt(list.size());
        for (int i = 0; i < list.size(); i++) {
            ArticleInfo a = list.get(i);
            b.putLong(Long.parseLong(a.articleId())).putInt(a.productTypeNo()).putInt(a.colourGroupCode())
                    .putInt(a.departmentNo()).putInt(a.garmentGroupNo());
            putBytes(b, parts.get(2 * i));
            putBytes(b, parts.get(2 * i + 1));
        }
        return b.array();
    }

    public static List<ArticleInfo> articles(byte[] bytes) {
        return decode(bytes, "product articles", ARTICLES_V1, b -> {
            int n = b.getInt();
            if (n < 0 || n > b.remaining() / 32) {
                throw new IllegalArgumentException("product articles: corrupt length " + n);
            }
            List<ArticleInfo> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String s = Long.toString(b.getLong());
                String id = "0".repeat(Math.max(0, ArticleIds.LENGTH - s.length())) + s;
                int type = b.getInt();
                int colour = b.getInt();
                int dept = b.getInt();
                int garment = b.getInt();
                String group = getString(b);
                String index = getString(b);
                out.add(new ArticleInfo(id, ArticleIds.productCode(id), type, group, colour, dept, index, garment));
            }
            return out;
        });
    }

    /** One recent buyer of an article: customer id and the epoch day of their latest purchase of it. */
    public record Buyer(String customerId, int day) {}

    /** An article's recent buyers, most recent first. */
    public static byte[] buyers(List<Buyer> list) {
        List<byte[]> ids = new ArrayList<>(list.size());
        int size = 1 + 4;
        for (Buyer b : list) {
            byte[] id = utf8(b.customerId());
            ids.add(id);
            size += 8 + id.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(BUYERS_V1).putInt(list.size());
        for (int i = 0; i < list.size(); i++) {
            b.putInt(list.get(i).day());
            putBytes(b, ids.get(i));
        }
        return b.array();
    }

    public static List<Buyer> buyers(byte[] bytes) {
        return decode(bytes, "article buyers", BUYERS_V1, b -> {
            int n = b.getInt();
            if (n < 0 || n > b.remaining() / 8) {
                throw new IllegalArgumentException("article buyers: corrupt length " + n);
            }
            List<Buyer> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int day = b.getInt();
                out.add(new Buyer(getString(b), day));
            }
            return out;
        });
    }

    /**
     * {@code before} (an encoded buyer list, most recent first; null for none) after {@code customerId} bought on
     * {@code day}: their old entry removed, the new one placed before the first buyer of that day or earlier, the list
     * cut to {@code max}. The same bytes as decoding, editing and re-encoding the list, made by copying byte ranges:
     * a popular article's list is rewritten on every purchase, and a string per buyer each time was most of its cost.
     */
    public static byte[] addBuyer(byte[] before, String customerId, int day, int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max buyers must be > 0, got " + max);
        }
        byte[] id = utf8(customerId);
        if (before == null) {
            return buyers(List.of(new Buyer(customerId, day)));
        }
        return decode(before, "article buyers", BUYERS_V1, b -> {
            int n = b.getInt();
            if (n < 0 || n > b.remaining() / 8) {
                throw new IllegalArgumentException("article buyers: corrupt length " + n);
            }
            int[] starts = new int[n]; // offset of each entry's day
            int[] ends = new int[n];
            int[] days = new int[n];
            for (int i = 0; i < n; i++) {
                starts[i] = b.position();
                days[i] = b.getInt();
                int len = b.getInt();
                if (len < 0 || len > b.remaining()) {
                    throw new IllegalArgumentException("article buyers: corrupt customer id length " + len);
                }
                b.position(b.position() + len);
                ends[i] = b.position();
            }
            // the kept old entries in order (the buyer's own entry dropped), and where the new one goes among them
            int[] kept = new int[n];
            int k = 0;
            int at = -1;
            for (int i = 0; i < n; i++) {
                int from = starts[i] + 8;
                if (Arrays.equals(before, from, ends[i], id, 0, id.length)) {
                    continue;
                }
                if (at < 0 && days[i] <= day) {
                    at = k;
                }
                kept[k++] = i;
            }
            if (at < 0) {
                at = k;
            }
            int total = Math.min(max, k + 1);
            int size = 1 + 4;
            for (int j = 0, src = 0; j < total; j++) {
                size += j == at ? 8 + id.length : ends[kept[src]] - starts[kept[src++]];
            }
            ByteBuffer out = ByteBuffer.allocate(size);
            out.put(BUYERS_V1).putInt(total);
            for (int j = 0, src = 0; j < total; j++) {
                if (j == at) {
                    out.putInt(day);
                    putBytes(out, id);
                } else {
                    int i = kept[src++];
                    out.put(before, starts[i], ends[i] - starts[i]);
                }
            }
            return out.array();
        });
    }

    /** Avro binary (no registry framing) of a generated record: store values that are Avro types anyway. */
    public static <T extends SpecificRecord> byte[] avro(T record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder enc = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new SpecificDatumWriter<T>(record.getSchema()).write(record, enc);
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static <T extends SpecificRecord> T avro(byte[] bytes, Class<T> type) {
        BinaryDecoder dec = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            return new SpecificDatumReader<>(type).read(null, dec);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("corrupt " + type.getSimpleName() + " store value: " + e, e);
        }
    }

    static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    static void putBytes(ByteBuffer b, byte[] v) {
        b.putInt(v.length).put(v);
    }

    static String getString(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("corrupt string length " + n);
        }
        byte[] v = new byte[n];
        b.get(v);
        return new String(v, StandardCharsets.UTF_8);
    }

    static <T> T decode(byte[] bytes, String what, byte format, java.util.function.Function<ByteBuffer, T> body) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException(what + ": empty encoding");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte f = b.get();
        if (f != format) {
            throw new IllegalArgumentException(what + ": unknown format byte " + f + ", expected " + format);
        }
        try {
            T v = body.apply(b);
            if (b.hasRemaining()) {
                throw new IllegalArgumentException(what + ": " + b.remaining() + " trailing bytes");
            }
            return v;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException(what + ": truncated encoding of " + bytes.length + " bytes", e);
        }
    }
}
