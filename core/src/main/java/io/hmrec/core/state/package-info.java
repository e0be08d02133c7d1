/**
 * Pure, immutable state updaters: the ONE implementation of how a purchase changes recommender state, called by the
 * Kafka Streams processors (values in RocksDB via each type's {@code toBytes}/{@code fromBytes}: versioned first
 * byte, type tag in the high nibble), by {@link io.hmrec.core.rec.InMemoryRecState} and by tools.
 *
 * <p>Per purchase, in this order: {@link io.hmrec.core.state.CoPurchase#pairs} on the customer's edges BEFORE the
 * purchase (each pair goes to {@code Neighbours.add} of its {@code from} article), then {@code CustomerEdges.add},
 * then {@code PopularityState.add} for the article with the customer's age bucket, then the article's new
 * {@code rankKey} pushed into the {@link io.hmrec.core.state.TopN} of (kind, ALL) and (kind, bucket). Top lists hold
 * rank keys, which never need re-sorting as time passes; {@link io.hmrec.core.state.DecayedCount#valueFromRankKey}
 * turns one back into a decayed count as of a day. Everything decays over event time only.
 */
package io.hmrec.core.state;
