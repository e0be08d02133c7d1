/**
 * The recommendation logic shared by the topology, the trainer's evaluation and the backtest: candidate sources
 * ({@link io.hmrec.core.rec.Sources#standard}), the rank-fusion {@link io.hmrec.core.rec.Blender} with its cold-start
 * fill, {@link io.hmrec.core.rec.RecommendationEngine} (one call for exactly k distinct articles, plus the per-source
 * pools a ranker needs), {@link io.hmrec.core.rec.RecommenderSettings}, the in-memory state built by the same
 * updaters as the stream, and the non-neural {@link io.hmrec.core.rec.RecommenderModel}s.
 */
package io.hmrec.core.rec;
