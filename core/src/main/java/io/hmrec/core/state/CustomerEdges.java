package io.hmrec.core.state;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.rec.Edge;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A customer's side of the bipartite purchase graph: one {@link Edge} per article bought, most recent
 * {@code lastDay} first (ties by article id), bounded so a heavy buyer cannot grow a store value without limit; when
 * full, the stalest edge is dropped. Immutable.
 *
 * @param edges edges in {@link #ORDER}
 */
public record CustomerEdges(List<Edge> edges) {
    /** Most recent first, then article id: the order {@link io.hmrec.core.rec.CustomerProfile} promises. */
    public static final Comparator<Edge> ORDER =
            Comparator.comparingInt(Edge::lastDay).reversed().thenComparing(Edge::articleId);
    /** Default bound on edges per customer. */
    public static final int DEFAULT_MAX_EDGES = 256;
    public static final CustomerEdges EMPTY = new CustomerEdges(List.of());

    private static final int TYPE = 1;
    private static final int VERSION = 1;
    private static final int EDGE_BYTES = 8 + 4 + 4 + 4 + 1 + 8;

    public CustomerEdges {
        edges = List.copyOf(edges);
    }

    /**
     * The edge set after one more purchase: the article's edge gains a unit, its first/last day widen, and channel
     * and price follow the latest purchase (a late event older than the edge's last day leaves them alone).
     *
     * @param maxEdges bound on the number of edges (> 0)
     */
    public CustomerEdges add(Purchase p, int maxEdges) {
        if (maxEdges <= 0) {
            throw new IllegalArgumentException("maxEdges must be > 0, got " + maxEdges);
        }
        // edges are kept sorted: drop the article's old edge, binary-search the new one in, so an add costs one
        // O(n) copy rather than a sort (heavy buyers' lists are long and this runs once per purchase)
        List<Edge> out = new ArrayList<>(edges.size() + 1);
        Edge updated = null;
        for (Edge e : edges) {
            if (updated == null && e.articleId().equals(p.articleId())) {
                boolean newer = p.day() >= e.lastDay();
                updated = new Edge(e.articleId(), e.count() + 1, Math.min(e.firstDay(), p.day()),
                        Math.max(e.lastDay(), p.day()), newer ? p.salesChannel() : e.lastChannel(),
                        newer ? p.price() : e.lastPrice());
            } else {
                out.add(e);
            }
        }
        if (updated == null) {
            updated = new Edge(p.articleId(), 1, p.day(), p.day(), p.salesChannel(), p.price());
        }
        int pos = Collections.binarySearch(out, updated, ORDER);
        out.add(pos >= 0 ? pos : -pos - 1, updated);
        while (out.size() > maxEdges) {
            out.remove(out.size() - 1);
        }
        return new CustomerEdges(out);
    }

    /** The edge of an article, or null when the customer never bought it (or it was dropped as stale). */
    public Edge edge(String articleId) {
        for (Edge e : edges) {
            if (e.articleId().equals(articleId)) {
                return e;
            }
        }
        return null;
    }

    /** Edges whose last purchase is within {@code windowDays} before (or on) {@code day}. */
    public List<Edge> recent(int day, int windowDays) {
        List<Edge> out = new ArrayList<>();
        for (Edge e : edges) {
            if (e.lastDay() <= day && day - e.lastDay() <= windowDays) {
                out.add(e);
            }
        }
        return out;
    }

    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(1 + 4 + edges.size() * EDGE_BYTES);
        buf.put(Codec.header(TYPE, VERSION)).putInt(edges.size());
        for (Edge e : edges) {
            buf.putLong(Codec.articleToLong(e.articleId())).putInt(e.count()).putInt(e.firstDay()).putInt(e.lastDay())
                    .put((byte) e.lastChannel()).putDouble(e.lastPrice());
        }
        return buf.array();
    }

    public static CustomerEdges fromBytes(byte[] bytes) {
        return Codec.decode(bytes, "CustomerEdges", buf -> {
            Codec.checkHeader(buf, TYPE, VERSION, "CustomerEdges");
            int n = Codec.checkedCount(buf, EDGE_BYTES, "CustomerEdges");
            List<Edge> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(new Edge(Codec.articleFromLong(buf.getLong()), buf.getInt(), buf.getInt(), buf.getInt(),
                        buf.get(), buf.getDouble()));
            }
            return new CustomerEdges(list);
        });
    }
}
