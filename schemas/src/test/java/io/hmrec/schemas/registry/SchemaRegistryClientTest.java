package io.hmrec.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.hmrec.schemas.TestSchemas;
import io.hmrec.schemas.avro.PurchaseEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against a scripted fake of Confluent's REST API: request shapes, caching and error mapping. */
class SchemaRegistryClientTest {
    private record Answer(int status, String body) {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;
    private SchemaRegistryClient client;

    @BeforeEach
    void startFakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            requests.add(key + (body.isEmpty() ? "" : " " + body) + " [" + exchange.getRequestHeaders().getFirst("Content-Type") + "]");
            Answer answer = answers.getOrDefault(key, new Answer(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        client = new SchemaRegistryClient(SchemaRegistryConfig.of("http://127.0.0.1:" + server.getAddress().getPort() + "/api/"));
    }

    @AfterEach
    void stopFakeRegistry() {
        server.stop(0);
    }

    @Test
    void shouldPostSchemaOnceAndServeRepeatsAndLookupsFromCache() {
        answers.put("POST /api/subjects/t-value/versions", new Answer(200, "{\"id\":42}"));

        int first = client.register("t-value", PurchaseEvent.getClassSchema());
        int second = client.register("t-value", PurchaseEvent.getClassSchema());
        var byId = client.getById(42);

        assertThat(List.of(first, second)).containsExactly(42, 42);
        assertThat(byId).isEqualTo(PurchaseEvent.getClassSchema());
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).startsWith("POST /api/subjects/t-value/versions {\"schema\":\"{\\\"type\\\":\\\"record\\\"")
                .endsWith("[application/vnd.schemaregistry.v1+json]");
    }

    @Test
    void shouldFetchSchemaByIdOnceAndParseIt() {
        String escaped = PurchaseEvent.getClassSchema().toString().replace("\\", "\\\\").replace("\"", "\\\"");
        answers.put("GET /api/schemas/ids/7", new Answer(200, "{\"schema\":\"" + escaped + "\"}"));

        assertThat(client.getById(7)).isEqualTo(PurchaseEvent.getClassSchema());
        assertThat(client.getById(7)).isEqualTo(PurchaseEvent.getClassSchema());
        assertThat(requests).containsExactly("GET /api/schemas/ids/7 [null]");
    }

    @Test
    void shouldMapConfluentErrorCodesToTypedExceptions() {
        answers.put("POST /api/subjects/t-value/versions", new Answer(409,
                "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}"));
        answers.put("GET /api/schemas/ids/99", new Answer(404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}"));
        answers.put("PUT /api/config/t-value", new Answer(422, "{\"error_code\":42203,\"message\":\"Invalid compatibility level\"}"));

        assertThatThrownBy(() -> client.register("t-value", TestSchemas.purchaseEventIncompatible()))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessage("schema is incompatible with the versions already registered under subject 't-value': "
                        + "Schema being registered is incompatible with an earlier schema");
        assertThatThrownBy(() -> client.getById(99))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessage("no schema with id 99 in the registry: Schema 99 not found");
        assertThatThrownBy(() -> client.setCompatibility("t-value", CompatibilityLevel.BACKWARD))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessage("schema registry refused PUT /config/t-value: Invalid compatibility level")
                .extracting(e -> ((SchemaRegistryException) e).errorCode()).isEqualTo(42203);
    }

    @Test
    void shouldReportServerErrorsAndNonJsonAnswersAsUnavailable() {
        answers.put("GET /api/schemas/ids/1", new Answer(500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}"));
        answers.put("GET /api/schemas/ids/2", new Answer(502, "<html>Bad Gateway</html>"));

        assertThatThrownBy(() -> client.getById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessage("schema registry failed on GET /schemas/ids/1 (HTTP 500, code 50001): Error in the backend data store");
        assertThatThrownBy(() -> client.getById(2))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessage("schema registry answered GET /schemas/ids/2 with HTTP 502 and a body that is not JSON: <html>Bad Gateway</html>");
    }

    @Test
    void shouldTreatMissingSubjectAsNoVersionsAndAsCompatible() {
        answers.put("GET /api/subjects/new-value/versions", new Answer(404, "{\"error_code\":40401,\"message\":\"Subject 'new-value' not found.\"}"));
        answers.put("POST /api/compatibility/subjects/new-value/versions/latest?verbose=true",
                new Answer(404, "{\"error_code\":40401,\"message\":\"Subject 'new-value' not found.\"}"));

        assertThat(client.versions("new-value")).isEmpty();
        assertThat(client.testCompatibility("new-value", PurchaseEvent.getClassSchema())).isEqualTo(CompatibilityResult.ok());
    }

    @Test
    void shouldReadCompatibilityVerdictInConfluentAndApicurioSpelling() {
        answers.put("POST /api/compatibility/subjects/c-value/versions/latest?verbose=true",
                new Answer(200, "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE loyalty_points\"]}"));
        answers.put("POST /api/compatibility/subjects/a-value/versions/latest?verbose=true",
                new Answer(200, "{\"is_compatible\":false,\"reason\":\"Incompatible artifact: a-value [AVRO]\"}"));
        answers.put("GET /api/subjects/c-value/versions", new Answer(200, "[2,1]"));
        answers.put("PUT /api/config", new Answer(200, "{\"compatibility\":\"BACKWARD\"}"));

        assertThat(client.testCompatibility("c-value", TestSchemas.purchaseEventIncompatible()))
                .isEqualTo(new CompatibilityResult(false, List.of("READER_FIELD_MISSING_DEFAULT_VALUE loyalty_points")));
        assertThat(client.testCompatibility("a-value", TestSchemas.purchaseEventIncompatible()))
                .isEqualTo(new CompatibilityResult(false, List.of("Incompatible artifact: a-value [AVRO]")));
        assertThat(client.versions("c-value")).containsExactly(1, 2);
        client.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
        assertThat(requests).contains("PUT /api/config {\"compatibility\":\"BACKWARD\"} [application/vnd.schemaregistry.v1+json]");
    }

    @Test
    void shouldReportUnreachableRegistryAsUnavailable() {
        server.stop(0);

        assertThatThrownBy(() -> client.getById(3))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageStartingWith("schema registry at http://127.0.0.1:" + server.getAddress().getPort()
                        + "/api unreachable (GET /schemas/ids/3): ");
    }
}
