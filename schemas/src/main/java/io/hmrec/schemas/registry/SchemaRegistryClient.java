package io.hmrec.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Thin client of the Confluent Schema Registry REST API (v7), over {@link java.net.http.HttpClient} and Jackson.
 * Works against Confluent Schema Registry and Apicurio's ccompat API. Registered ids and fetched schemas are cached
 * per instance (ids are immutable in a registry), so steady-state serialization makes no HTTP calls.
 *
 * <p>Thread-safe.
 */
public final class SchemaRegistryClient implements SchemaRegistry {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final SchemaRegistryConfig config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public SchemaRegistryClient(SchemaRegistryConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
    }

    public SchemaRegistryConfig config() {
        return config;
    }

    @Override
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        ObjectNode body = json.createObjectNode().put("schema", schema.toString());
        JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", body, subject, -1);
        int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new RegistryUnavailableException("registry answered a registration under '" + subject
                    + "' without an id: " + answer, 0, null);
        }
        ids.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null, null, id);
        String text = answer.path("schema").asText(null);
        if (text == null) {
            throw new RegistryUnavailableException("registry answered schema id " + id + " without a schema: " + answer, 0, null);
        }
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new InvalidSchemaException("schema id " + id + " is a " + type + " schema, not Avro", 0);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new InvalidSchemaException("schema id " + id + " is not valid Avro: " + e.getMessage(), 0);
        }
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    @Override
    public List<Integer> versions(String subject) {
        try {
            JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions", null, subject, -1);
            List<Integer> versions = new ArrayList<>();
            answer.forEach(v -> versions.add(v.asInt()));
            versions.sort(null);
            return List.copyOf(versions);
        } catch (SubjectNotFoundException e) {
            return List.of();
        }
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        call("PUT", "/config/" + encode(subject), json.createObjectNode().put("compatibility", level.name()), subject, -1);
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        call("PUT", "/config", json.createObjectNode().put("compatibility", level.name()), null, -1);
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        ObjectNode body = json.createObjectNode().put("schema", schema.toString());
        JsonNode answer;
        try {
            answer = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                    body, subject, -1);
        } catch (SubjectNotFoundException e) {
            return CompatibilityResult.ok(); // nothing registered yet: anything is compatible
        }
        boolean compatible = answer.path("is_compatible").asBoolean(false);
        List<String> reasons = new ArrayList<>();
        answer.path("messages").forEach(m -> reasons.add(m.asText()));
        if (answer.hasNonNull("reason")) { // Apicurio's spelling
            reasons.add(answer.get("reason").asText());
        }
        return new CompatibilityResult(compatible, reasons);
    }

    /** Sends one request; a 2xx answer's JSON body is returned, anything else becomes a typed exception. */
    private JsonNode call(String method, String path, JsonNode body, String subject, int schemaId) {
        URI uri = URI.create(config.url() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new RegistryUnavailableException("schema registry at " + config.url() + " unreachable (" + method
                    + " " + path + "): " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while calling the schema registry (" + method + " "
                    + path + ")", 0, e);
        }
        JsonNode answer = parse(response, method, path);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return answer;
        }
        int code = answer.path("error_code").asInt(status);
        String message = answer.path("message").asText(response.body());
        throw toException(status, code, message, method, path, subject, schemaId);
    }

    private JsonNode parse(HttpResponse<String> response, String method, String path) {
        String text = response.body();
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new RegistryUnavailableException("schema registry answered " + method + " " + path + " with HTTP "
                    + response.statusCode() + " and a body that is not JSON: " + abbreviate(text), response.statusCode(), e);
        }
    }

    static SchemaRegistryException toException(int status, int code, String message, String method, String path,
                                               String subject, int schemaId) {
        if (code == 409 || code == 40901 || status == 409) {
            return new IncompatibleSchemaException(subject, message, code);
        }
        if (code == 40403 && schemaId >= 0) {
            return new SchemaNotFoundException(schemaId, message, code);
        }
        if (code == 40401 || code == 40402 || (status == 404 && subject != null)) {
            return new SubjectNotFoundException(subject, message, code);
        }
        if (code / 100 == 422 || status == 422) {
            return new InvalidSchemaException("schema registry refused " + method + " " + path + ": " + message, code);
        }
        if (status >= 500) {
            return new RegistryUnavailableException("schema registry failed on " + method + " " + path + " (HTTP "
                    + status + ", code " + code + "): " + message, code, null);
        }
        return new SchemaRegistryException("schema registry refused " + method + " " + path + " (HTTP " + status
                + ", code " + code + "): " + message, code);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
