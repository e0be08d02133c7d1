package io.hmrec.core.rec;

import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ScoredArticle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pools the sources' candidate lists into one list of exactly {@code k} distinct articles. Rank fusion: a source's
 * i-th candidate (0-based) adds {@code weight / (i + rankOffset)}, so sources with incomparable score scales can be
 * mixed and an article proposed by several sources rises. For the {@link Sources#PERSONAL personal} sources, whose
 * scores are recency weights comparable across customers, the part is also multiplied by
 * {@code score ^ scoreExponent}: a repurchase candidate bought yesterday must outrank one bought last year even when
 * both are their customer's first. Each result is labelled with the source that contributed
 * most to it. When the pool has fewer than {@code k} articles (cold start, thin history), the list is filled from
 * the age bucket's popular articles, then the global ones, then the global trending ones; it is short of {@code k}
 * only when the popularity state itself knows fewer than {@code k} articles.
 */
public final class Blender {
    /** Source label of articles added by the cold-start fallback. */
    public static final String FALLBACK = "fallback";

    private final RecommenderSettings settings;

    public Blender(RecommenderSettings settings) {
        this.settings = settings;
    }

    /** Blends {@code bySource} (source name → best-first candidates) into the customer's top {@code k}. */
    public List<ScoredArticle> blend(CustomerProfile customer, RecContext context, Map<String, List<ScoredArticle>> bySource) {
        return fill(customer, context, fuse(bySource));
    }

    /**
     * The rank fusion alone: at most {@code k} pooled articles, best first, without the cold-start fill (which reads
     * only the popularity state, not the pools, so weight fitting can leave it out).
     */
    public List<ScoredArticle> fuse(Map<String, List<ScoredArticle>> bySource) {
        // one map entry per article holding its sum and strongest part: this runs for every list the topology emits,
        // and three maps cost three lookups per candidate; the parts are added in the same order as before
        Map<String, Pooled> pool = new HashMap<>();
        bySource.forEach((source, list) -> {
            double w = settings.weight(source);
            if (w <= 0) {
                return;
            }
            boolean personal = Sources.PERSONAL.contains(source);
            for (int i = 0; i < list.size(); i++) {
                String a = list.get(i).articleId();
                double part = w / (i + settings.rankOffset());
                if (personal && settings.scoreExponent() != 0) {
                    part *= Math.pow(Math.max(0.0, list.get(i).score()), settings.scoreExponent());
                }
                Pooled p = pool.get(a);
                if (p == null) {
                    pool.put(a, new Pooled(part, part, source));
                } else {
                    p.total += part;
                    if (part > p.bestPart || (part == p.bestPart && source.compareTo(p.bestSource) < 0)) {
                        p.bestPart = part;
                        p.bestSource = source;
                    }
                }
            }
        });
        List<ScoredArticle> pooled = new ArrayList<>(pool.size());
        pool.forEach((a, p) -> pooled.add(new ScoredArticle(a, p.total, p.bestSource)));
        return new ArrayList<>(Ranking.best(pooled, settings.k()));
    }

    /** An article's running sum of parts and its strongest part so far (mutable, local to one fusion). */
    private static final class Pooled {
        double total;
        double bestPart;
        String bestSource;

        Pooled(double total, double bestPart, String bestSource) {
            this.total = total;
            this.bestPart = bestPart;
            this.bestSource = bestSource;
        }
    }

    /**
     * Completes {@code head} (distinct, best first) to {@code k} articles with the cold-start fallback; fallback
     * articles score below every pooled one, in fallback order.
     */
    public List<ScoredArticle> fill(CustomerProfile customer, RecContext context, List<ScoredArticle> head) {
        int k = settings.k();
        Set<String> taken = new LinkedHashSet<>();
        List<ScoredArticle> out = new ArrayList<>(k);
        for (ScoredArticle a : head) {
            if (out.size() < k && taken.add(a.articleId())) {
                out.add(a);
            }
        }
        if (out.size() >= k) {
            return out;
        }
        List<List<ScoredArticle>> fallbacks = new ArrayList<>();
        int need = k + taken.size();
        if (customer.ageBucket() != AgeBucket.UNKNOWN) {
            fallbacks.add(context.popularity().top(PopularityKind.POPULAR, customer.ageBucket(), need));
        }
        fallbacks.add(context.popularity().top(PopularityKind.POPULAR, AgeBucket.ALL, need));
        fallbacks.add(context.popularity().top(PopularityKind.TRENDING, AgeBucket.ALL, need));
        double floor = out.isEmpty() ? 0.0 : Math.min(0.0, out.get(out.size() - 1).score());
        for (List<ScoredArticle> list : fallbacks) {
            for (ScoredArticle a : list) {
                if (out.size() >= k) {
                    return out;
                }
                if (taken.add(a.articleId())) {
                    floor -= 1.0;
                    out.add(new ScoredArticle(a.articleId(), floor, FALLBACK));
                }
            }
        }
        return out;
    }
}
