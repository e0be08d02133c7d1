package io.hmrec.app.processor;

import io.hmrec.app.store.ValueCodecs;
import io.hmrec.core.model.ArticleInfo;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * An article id seen for a product code (key), through the by-product repartition: from the catalog (with its
 * facts) or from a purchase of an article the stream had not seen before (facts unknown).
 *
 * @param article     catalog facts, or {@link ArticleInfo#unknown(String)} for a purchase
 * @param fromCatalog true when the facts come from hm.articles.v1 (they then replace unknown ones)
 */
public record ProductMessage(ArticleInfo article, boolean fromCatalog) {

    public byte[] toBytes() {
        byte[] body = ValueCodecs.articles(List.of(article));
        byte[] out = Arrays.copyOf(body, body.length + 1);
        out[body.length] = (byte) (fromCatalog ? 1 : 0);
        return out;
    }

    public static ProductMessage fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < 2) {
            throw new IllegalArgumentException("product message: truncated encoding");
        }
        List<ArticleInfo> one = ValueCodecs.articles(Arrays.copyOf(bytes, bytes.length - 1));
        if (one.size() != 1) {
            throw new IllegalArgumentException("product message: expected one article, got " + one.size());
        }
        return new ProductMessage(one.get(0), bytes[bytes.length - 1] == 1);
    }

    /** The serde of the by-product repartition topic. */
    public static Serde<ProductMessage> serde() {
        return Serdes.serdeFrom((topic, m) -> m == null ? null : m.toBytes(),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }
}
