package io.hmrec.app.store;

import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.model.Days;
import io.hmrec.schemas.avro.RecommendationEntry;
import io.hmrec.schemas.avro.RecommendationList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the Avro {@link RecommendationList} from the engine's output. */
public final class RecommendationLists {
    /** Trigger names written into {@code RecommendationList.trigger}. */
    public static final String PURCHASE = "purchase";
    public static final String MODEL_RELEASE = "model-release";
    public static final String TRENDING_SHIFT = "trending-shift";
    public static final String QUERY = "query";

    private RecommendationLists() {}

    /**
     * @param articles      the engine's list, best first
     * @param asOfDay       event-time epoch day the list is for
     * @param generatedAtMs wall-clock millis of computation
     */
    public static RecommendationList of(String customerId, List<ScoredArticle> articles, String modelVersion,
                                        int asOfDay, long generatedAtMs, String trigger) {
        List<RecommendationEntry> entries = new ArrayList<>(articles.size());
        for (ScoredArticle a : articles) {
            entries.add(new RecommendationEntry(a.articleId(), a.score(), a.source()));
        }
        return RecommendationList.newBuilder().setCustomerId(customerId).setEntries(entries)
                .setModelVersion(modelVersion).setAsOfDate(Days.date(asOfDay))
                .setGeneratedAt(Instant.ofEpochMilli(generatedAtMs)).setTrigger(trigger).build();
    }

    /** The article ids of a list, best first. */
    public static List<String> ids(RecommendationList list) {
        return list.getEntries().stream().map(RecommendationEntry::getArticleId).toList();
    }
}
