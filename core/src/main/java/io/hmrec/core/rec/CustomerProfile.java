package io.hmrec.core.rec;

import java.util.List;

/**
 * What the recommender knows of one customer at a point in event time.
 *
 * @param customerId the 64-hex id
 * @param ageBucket  {@link io.hmrec.core.model.AgeBucket} id ({@code UNKNOWN} when no age is known)
 * @param edges      the customer's edges, most recent {@code lastDay} first (ties by article id); may be empty
 *                   (cold start). Bounded by the store that keeps them.
 */
public record CustomerProfile(String customerId, int ageBucket, List<Edge> edges) {
    public CustomerProfile {
        edges = List.copyOf(edges);
    }

    public boolean isCold() {
        return edges.isEmpty();
    }
}
