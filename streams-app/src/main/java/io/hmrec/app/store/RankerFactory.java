package io.hmrec.app.store;

import io.hmrec.core.rec.CandidateRanker;
import java.util.Optional;

/**
 * Turns a released RANKER_MODEL blob into a live {@link CandidateRanker}. The learned ranker comes from the quality
 * work; until one is plugged in, {@link #NONE} leaves recommendations to the blender.
 */
@FunctionalInterface
public interface RankerFactory {
    /** No ranker implementation: releases carrying a ranker blob are ignored (the blender ranks). */
    RankerFactory NONE = (version, blob) -> Optional.empty();

    /**
     * @param version release version
     * @param blob    the RANKER_MODEL chunk payloads concatenated in index order (e.g. LightGBM model text, UTF-8)
     * @return the ranker, or empty when this factory cannot use the blob
     */
    Optional<CandidateRanker> create(String version, byte[] blob);
}
