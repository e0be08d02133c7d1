package io.hmrec.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hmrec.app.StoreNames;
import io.hmrec.app.TopologyFixtures;
import io.hmrec.app.store.KeyOwners;
import io.hmrec.schemas.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * The HTTP layer over a TopologyTestDriver's stores, with a KafkaStreams that never started (so the group counts
 * as rebalancing): article questions are answered from the global stores, customer questions get 503 + Retry-After,
 * malformed input gets 400. Never a hang.
 */
class QueryHttpServerTest {
    private static final String ALICE = "a".repeat(64);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerArticlesLocallyAndCustomersWith503WhileNotRunning() throws Exception {
        try (var f = TopologyFixtures.open(Map.of())) {
            f.buy(ALICE, "0108775015", "2020-09-01");
            f.buy(ALICE, "0108775044", "2020-09-01");
            f.buy("b".repeat(64), "0108775015", "2020-09-01");
            f.tick();

            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, "never-started");
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
            p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("never").toString());
            StreamsBuilder b = new StreamsBuilder();
            b.stream(Topics.TRANSACTIONS, org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.ByteArray()));
            try (KafkaStreams idle = new KafkaStreams(b.build(), p);
                 QueryHttpServer http = new QueryHttpServer(new BlockingHttpServer(0, 16, Duration.ofSeconds(5), "test-http"), idle,
                         new KeyOwners(idle, StoreNames.CUSTOMER_EDGES, Topics.CUSTOMER_PARTITIONS, 0L), f.queries(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                         new HostInfo("localhost", 0), Duration.ofMillis(500), 4)) {
                http.start();
                int port = http.port();

                HttpResponse<String> popular = get(port, "/articles/popular?ageBucket=all&n=2");
                assertThat(popular.statusCode()).isEqualTo(200);
                JsonNode pop = json.readTree(popular.body());
                assertThat(pop.get("ageBucket").asText()).isEqualTo("all");
                assertThat(pop.get("articles").findValuesAsText("articleId")).containsExactly("0108775015", "0108775044");
                assertThat(pop.get("articles").get(0).get("score").asDouble()).isEqualTo(2.0);

                HttpResponse<String> similar = get(port, "/articles/108775044/similar");
                assertThat(similar.statusCode()).isEqualTo(200);
                assertThat(json.readTree(similar.body()).get("neighbours").findValuesAsText("articleId"))
                        .containsExactly("0108775015");
                assertThat(get(port, "/articles/0999999999/similar").statusCode()).isEqualTo(404);
                assertThat(get(port, "/articles/12ab/similar").statusCode()).isEqualTo(400);
                assertThat(get(port, "/articles/popular?ageBucket=teens").statusCode()).isEqualTo(400);

                HttpResponse<String> customer = get(port, "/customers/" + ALICE + "/recommendations");
                assertThat(customer.statusCode()).isEqualTo(503);
                assertThat(customer.headers().firstValue("Retry-After")).contains("1");
                assertThat(get(port, "/customers/" + ALICE + "%20x/history").statusCode()).isEqualTo(400);
                HttpResponse<String> health = get(port, "/health");
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(json.readTree(health.body()).get("state").asText()).isEqualTo("CREATED");
                assertThat(get(port, "/customers/" + ALICE + "/bogus").statusCode()).isEqualTo(404);
                HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/health")).timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(post.statusCode()).isEqualTo(405);
                assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
                assertThat(get(port, "/nowhere").statusCode()).isEqualTo(404);
                // a timer per route that exists, not per name a client sends
                assertThat(get(port, "/metrics").body()).contains("hmrec_http_requests_seconds")
                        .contains("route=\"customers/recommendations\"").doesNotContain("bogus");
            }
        }
    }
}
