package io.hmrec.core.rec;

/**
 * One customer–article edge of the bipartite purchase graph, aggregated over all purchases of that pair.
 *
 * @param articleId   normalised 10-digit id
 * @param count       units bought (duplicate rows count: a row is one unit)
 * @param firstDay    epoch day of the first purchase
 * @param lastDay     epoch day of the latest purchase
 * @param lastChannel sales channel (1 store, 2 online) of the latest purchase
 * @param lastPrice   price paid at the latest purchase
 */
public record Edge(String articleId, int count, int firstDay, int lastDay, int lastChannel, double lastPrice) {}
