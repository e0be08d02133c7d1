package io.hmrec.app.processor;

import io.hmrec.app.StoreNames;
import io.hmrec.app.store.ValueCodecs;
import io.hmrec.core.model.ArticleInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Product code → its articles (all colours), from the catalog and from purchases of articles the catalog lacks
 * (partitioned by product code). Catalog facts replace unknown ones, never the reverse. Each change is published
 * (whole list, sorted by article id) to the product-articles topic that feeds the global catalog store.
 */
public final class ProductIndexProcessor implements Processor<String, ProductMessage, String, byte[]> {
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> index;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.index = context.getStateStore(StoreNames.PRODUCT_INDEX);
    }

    @Override
    public void process(Record<String, ProductMessage> record) {
        DeferredWork.ofCurrentThread().noteProcessed(); // deferred work on this thread yields to this input too
        ProductMessage m = record.value();
        if (m == null || record.key() == null) {
            return;
        }
        byte[] before = index.get(record.key());
        List<ArticleInfo> list = before == null ? new ArrayList<>() : new ArrayList<>(ValueCodecs.articles(before));
        boolean changed = false;
        int at = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).articleId().equals(m.article().articleId())) {
                at = i;
            }
        }
        if (at < 0) {
            list.add(m.article());
            changed = true;
        } else if (m.fromCatalog() && !list.get(at).equals(m.article())) {
            list.set(at, m.article());
            changed = true;
        }
        if (!changed) {
            return;
        }
        list.sort(Comparator.comparing(ArticleInfo::articleId));
        byte[] after = ValueCodecs.articles(list);
        index.put(record.key(), after);
        context.forward(record.withValue(after));
    }
}
