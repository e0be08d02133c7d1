package io.hmrec.core.rec;

import io.hmrec.core.model.ScoredArticle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one recommendation path used by the topology, the trainer's evaluation and the backtest: candidate sources,
 * then the live learned ranker when the context has one, else the rank-fusion {@link Blender}, then the cold-start
 * fill. Stateless and thread-safe; all state comes in through {@link CustomerProfile} and {@link RecContext}.
 */
public final class RecommendationEngine {
    private final RecommenderSettings settings;
    private final List<CandidateSource> sources;
    /** The sources with a blend weight above 0, in source order: all the rank fusion reads. */
    private final List<CandidateSource> weighedSources;
    private final Blender blender;

    public RecommendationEngine(RecommenderSettings settings, List<CandidateSource> sources) {
        this.settings = settings;
        this.sources = List.copyOf(sources);
        this.blender = new Blender(settings);
        this.weighedSources = this.sources.stream().filter(s -> settings.weight(s.name()) > 0).toList();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (CandidateSource s : this.sources) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two candidate sources are named '" + s.name() + "'");
            }
        }
    }

    /** The engine with the {@link Sources#standard standard sources}. */
    public static RecommendationEngine standard(RecommenderSettings settings) {
        return new RecommendationEngine(settings, Sources.standard(settings));
    }

    public RecommenderSettings settings() {
        return settings;
    }

    public List<CandidateSource> sources() {
        return sources;
    }

    /**
     * Each source's candidates (up to {@code candidatesPerSource}, best first), keyed by source name in the engine's
     * source order; a source with nothing to say maps to an empty list.
     */
    public Map<String, List<ScoredArticle>> candidates(CustomerProfile customer, RecContext context) {
        Map<String, List<ScoredArticle>> out = new LinkedHashMap<>();
        for (CandidateSource s : sources) {
            out.put(s.name(), s.candidates(customer, context, settings.candidatesPerSource()));
        }
        return out;
    }

    /**
     * Exactly {@code k} distinct articles, best first (fewer only when the popularity state knows fewer). Without a
     * live ranker only the sources the blend weighs are asked: the rank fusion skips a zero-weight source's pool, so
     * computing it changes nothing (in the defaults, the favourite-group source reads the catalog for each of the
     * customer's edges and up to 200 trending articles, for every list the topology emits). A ranker gets every pool.
     */
    public List<ScoredArticle> recommend(CustomerProfile customer, RecContext context) {
        if (context.ranker().isPresent()) {
            return recommend(customer, context, candidates(customer, context));
        }
        Map<String, List<ScoredArticle>> weighed = new LinkedHashMap<>();
        for (CandidateSource s : weighedSources) {
            weighed.put(s.name(), s.candidates(customer, context, settings.candidatesPerSource()));
        }
        return blender.blend(customer, context, weighed);
    }

    /** As {@link #recommend(CustomerProfile, RecContext)} with pools already computed (the backtest reuses them). */
    public List<ScoredArticle> recommend(CustomerProfile customer, RecContext context,
                                         Map<String, List<ScoredArticle>> bySource) {
        if (context.ranker().isPresent()) {
            List<ScoredArticle> ranked = context.ranker().get().rank(customer, context, bySource);
            return blender.fill(customer, context, ranked);
        }
        return blender.blend(customer, context, bySource);
    }

    /** One source's list completed to {@code k} by the cold-start fill: how a source is scored "alone". */
    public List<ScoredArticle> recommendFromSource(CustomerProfile customer, RecContext context, String source,
                                                   Map<String, List<ScoredArticle>> bySource) {
        return blender.fill(customer, context, bySource.getOrDefault(source, List.of()));
    }
}
