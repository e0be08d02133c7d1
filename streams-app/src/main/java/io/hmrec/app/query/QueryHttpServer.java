package io.hmrec.app.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hmrec.app.store.KeyOwners;
import io.hmrec.core.model.AgeBucket;
import io.hmrec.core.model.ArticleIds;
import io.hmrec.core.model.Days;
import io.hmrec.core.model.ScoredArticle;
import io.hmrec.core.rec.Edge;
import io.hmrec.schemas.avro.RecommendationEntry;
import io.hmrec.schemas.avro.RecommendationList;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive-query HTTP API ({@link BlockingHttpServer}, JSON via Jackson). Customer-keyed questions are answered
 * where the customer's partition lives: locally, or forwarded once (header {@value #FORWARDED}) to the owner named by
 * {@link KafkaStreams#queryMetadataForKey} (through {@link KeyOwners}) with a timeout. Article questions read global
 * stores, so every instance answers them locally. 400 for a malformed id, 404 for an unknown one, 503 with Retry-After
 * while the group rebalances or the owner does not answer in time; never a hang.
 *
 * <p>Routes: {@code GET /customers/{id}/recommendations|history|negatives}, {@code /articles/{id}/similar?n=},
 * {@code /articles/popular?ageBucket=&n=}, {@code /health}, {@code /metrics} (Prometheus text).
 */
public final class QueryHttpServer implements AutoCloseable {
    /** Header marking a request already forwarded once; its receiver never forwards again. */
    public static final String FORWARDED = "X-Hmrec-Forwarded";
    /**
     * Response header of customer answers: the application.server (host:port) of the instance whose state answered,
     * kept when the answer was forwarded. Tells an operator (and the query benchmark) which instance owns a key.
     */
    public static final String ANSWERED_BY = "X-Hmrec-Answered-By";
    private static final Logger LOG = LoggerFactory.getLogger(QueryHttpServer.class);
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final int RETRY_AFTER_S = 1;
    private static final List<String> CUSTOMER_ROUTES = List.of("recommendations", "history", "negatives");

    private final BlockingHttpServer server;
    private final KafkaStreams streams;
    private final KeyOwners owners;
    private final RecommendationQueryService local;
    private final PrometheusMeterRegistry metrics;
    private final HostInfo self;
    private final Duration forwardTimeout;
    private final OwnerConnections forwarding;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param server          a server already bound (its port is this instance's application.server port), not
     *                        started
     * @param self            this instance's application.server host and port
     * @param forwardsPerOwner kept connections to each owner for forwarding (the handler threads that may forward
     *                        at once without opening one)
     */
    public QueryHttpServer(BlockingHttpServer server, KafkaStreams streams, KeyOwners owners,
                           RecommendationQueryService local, PrometheusMeterRegistry metrics, HostInfo self,
                           Duration forwardTimeout, int forwardsPerOwner) {
        this.server = server;
        this.streams = streams;
        this.owners = owners;
        this.local = local;
        this.metrics = metrics;
        this.self = self;
        this.forwardTimeout = forwardTimeout;
        // a handler thread forwards on its own, over a kept connection: at most one in use per handler thread
        this.forwarding = new OwnerConnections(forwardTimeout, forwardsPerOwner);
    }

    public void start() {
        server.start(this::handle);
        LOG.info("interactive queries on http://{}:{}", self.host(), server.port());
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    private record Reply(int status, String contentType, byte[] body, boolean retryAfter, String answeredBy) {
        Reply(int status, String contentType, byte[] body, boolean retryAfter) {
            this(status, contentType, body, retryAfter, null);
        }

        Reply answeredBy(String instance) {
            return new Reply(status, contentType, body, retryAfter, instance);
        }

        BlockingHttpServer.Response response() {
            Map<String, String> headers = retryAfter || answeredBy != null ? new LinkedHashMap<>() : Map.of();
            if (retryAfter) {
                headers.put("Retry-After", Integer.toString(RETRY_AFTER_S));
            }
            if (answeredBy != null) {
                headers.put(ANSWERED_BY, answeredBy);
            }
            if (status == 405) {
                headers = Map.of("Allow", "GET, HEAD");
            }
            return new BlockingHttpServer.Response(status, contentType, body, headers);
        }
    }

    private BlockingHttpServer.Response handle(BlockingHttpServer.Request request) {
        long start = System.nanoTime();
        String route = "unknown";
        Reply reply;
        try {
            if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
                reply = error(405, "only GET and HEAD are supported");
            } else {
                String path = request.rawPath();
                String[] parts = path.split("/");
                if (path.equals("/health")) {
                    route = "health";
                    reply = health();
                } else if (path.equals("/metrics")) {
                    route = "metrics";
                    reply = new Reply(200, "text/plain; version=0.0.4; charset=utf-8",
                            metrics.scrape().getBytes(StandardCharsets.UTF_8), false);
                } else if (parts.length == 4 && parts[1].equals("customers")) {
                    // a metric tag only for the routes there are: any other name would add a timer per name sent
                    route = CUSTOMER_ROUTES.contains(parts[3]) ? "customers/" + parts[3] : "unknown";
                    reply = customer(request, parts[2], parts[3]);
                } else if (path.equals("/articles/popular")) {
                    route = "articles/popular";
                    reply = popular(query(request.rawQuery()));
                } else if (parts.length == 4 && parts[1].equals("articles") && parts[3].equals("similar")) {
                    route = "articles/similar";
                    reply = similar(parts[2], query(request.rawQuery()));
                } else {
                    reply = error(404, "no route " + path);
                }
            }
        } catch (InvalidStateStoreException e) {
            reply = unavailable("state stores are not queryable right now (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            reply = error(400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("query {} failed", request.target(), e);
            reply = error(500, e.toString());
        }
        String r = route;
        int status = reply.status();
        // one timer per route and status, looked up once: building and registering it per request cost more than
        // the store reads of a local answer
        timers.computeIfAbsent(r + ' ' + status, k -> Timer.builder("hmrec.http.requests").tag("route", r)
                        .tag("status", Integer.toString(status)).publishPercentiles(0.5, 0.99).register(metrics))
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return reply.response();
    }

    /** The instance's state and, while it runs, the latest purchase day its partitions have seen (null for none). */
    private Reply health() {
        KafkaStreams.State state = streams.state();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", state.name());
        if (state != KafkaStreams.State.RUNNING) {
            return new Reply(503, "application/json", bytes(body), true);
        }
        int day = local.latestDay();
        body.put("latestDate", day == 0 ? null : Days.date(day).toString());
        return ok(body);
    }

    private Reply customer(BlockingHttpServer.Request request, String rawId, String what) {
        String id = decode(rawId);
        if (!CUSTOMER_ID.matcher(id).matches()) {
            return error(400, "malformed customer id '" + id + "': expected 1-128 letters, digits, '_' or '-'");
        }
        if (!CUSTOMER_ROUTES.contains(what)) {
            return error(404, "no route /customers/{id}/" + what);
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return unavailable("streams state is " + streams.state());
        }
        KeyQueryMetadata md = owners.metadata(id);
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.activeHost() == null) {
            return unavailable("the owner of customer " + id + " is not known yet");
        }
        if (!md.activeHost().equals(self)) {
            if (request.header(FORWARDED) != null) {
                // the forwarding instance thought we own the key and we think someone else does: a rebalance is on
                return unavailable("ownership of customer " + id + " is moving");
            }
            return forward(md.activeHost(), request.target());
        }
        Reply answer = switch (what) {
            case "recommendations" -> local.recommendations(id)
                    .map(l -> new Reply(200, "application/json", listJson(l), false))
                    .orElseGet(() -> error(404, "unknown customer " + id));
            case "history" -> local.history(id).map(h -> ok(historyJson(id, h)))
                    .orElseGet(() -> error(404, "unknown customer " + id));
            default -> local.negatives(id).map(n -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("customerId", id);
                body.put("asOfDate", Days.date(n.day()).toString());
                body.put("articles", n.articleIds());
                return ok(body);
            }).orElseGet(() -> error(404, "unknown customer " + id));
        };
        return answer.answeredBy(self.host() + ":" + self.port());
    }

    private Reply forward(HostInfo owner, String target) {
        try {
            OwnerConnections.Response resp = forwarding.get(owner, target, Map.of(FORWARDED, self.toString()));
            metrics.counter("hmrec.http.forwards", "outcome", "answered").increment();
            String type = resp.header("Content-Type");
            return new Reply(resp.status(), type == null ? "application/json" : type, resp.body(),
                    resp.header("Retry-After") != null, resp.header(ANSWERED_BY));
        } catch (IOException e) {
            metrics.counter("hmrec.http.forwards", "outcome", "failed").increment();
            return unavailable("owner " + owner + " did not answer within " + forwardTimeout.toMillis() + " ms: " + e);
        }
    }

    private Reply similar(String rawId, Map<String, String> query) {
        String id = ArticleIds.normalise(decode(rawId));
        int n = intParam(query, "n", 12, 1, 200);
        Optional<List<ScoredArticle>> out = local.similar(id, n);
        if (out.isEmpty()) {
            return error(404, "unknown article " + id);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("articleId", id);
        body.put("neighbours", articles(out.get()));
        return ok(body);
    }

    private Reply popular(Map<String, String> query) {
        String bucketName = query.getOrDefault("ageBucket", "all");
        int bucket = AgeBucket.parse(bucketName);
        int n = intParam(query, "n", 12, 1, 200);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ageBucket", AgeBucket.name(bucket));
        body.put("articles", articles(local.popular(bucket, n)));
        return ok(body);
    }

    /** The busiest answer, written field by field (no intermediate maps; a twelfth of the HTTP threads' samples). */
    byte[] listJson(RecommendationList l) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1024);
        try (com.fasterxml.jackson.core.JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("customerId", l.getCustomerId());
            g.writeStringField("asOfDate", l.getAsOfDate().toString());
            g.writeStringField("modelVersion", l.getModelVersion());
            g.writeStringField("trigger", l.getTrigger());
            g.writeStringField("generatedAt", l.getGeneratedAt().toString());
            g.writeArrayFieldStart("articles");
            for (RecommendationEntry e : l.getEntries()) {
                g.writeStartObject();
                g.writeStringField("articleId", e.getArticleId());
                g.writeNumberField("score", e.getScore());
                g.writeStringField("source", e.getSource());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static Map<String, Object> historyJson(String id, List<Edge> edges) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Edge e : edges) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("articleId", e.articleId());
            m.put("count", e.count());
            m.put("firstDate", Days.date(e.firstDay()).toString());
            m.put("lastDate", Days.date(e.lastDay()).toString());
            m.put("lastChannel", e.lastChannel());
            m.put("lastPrice", e.lastPrice());
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", id);
        body.put("edges", out);
        return body;
    }

    private static List<Map<String, Object>> articles(List<ScoredArticle> list) {
        List<Map<String, Object>> out = new ArrayList<>(list.size());
        for (ScoredArticle a : list) {
            out.add(Map.of("articleId", a.articleId(), "score", a.score()));
        }
        return out;
    }

    private static int intParam(Map<String, String> q, String name, int dflt, int min, int max) {
        String v = q.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            out.put(decode(eq < 0 ? kv : kv.substring(0, eq)), eq < 0 ? "" : decode(kv.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private Reply ok(Object body) {
        return new Reply(200, "application/json", bytes(body), false);
    }

    private Reply error(int status, String message) {
        return new Reply(status, "application/json", bytes(Map.of("error", message)), false);
    }

    private Reply unavailable(String message) {
        return new Reply(503, "application/json", bytes(Map.of("error", message)), true);
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.close();
        forwarding.close();
    }
}
