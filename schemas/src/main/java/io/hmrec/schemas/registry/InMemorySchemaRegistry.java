package io.hmrec.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * A Schema Registry held in memory, for unit and TopologyTestDriver tests. Behaves like Confluent's: global ids
 * from 1, the same schema gets the same id under every subject, re-registering an existing schema returns its id,
 * and compatibility (default {@link CompatibilityLevel#BACKWARD}) is checked with Avro's {@link SchemaCompatibility}.
 *
 * <p>Thread-safe; every instance is independent.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Schema>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> levelBySubject = new HashMap<>();
    private final int firstId;
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    /** A registry whose ids start at 1, as Confluent's do. */
    public InMemorySchemaRegistry() {
        this(1);
    }

    /** A registry whose first id is {@code firstId} (positive), so tests can tell ids from other small ints. */
    public InMemorySchemaRegistry(int firstId) {
        if (firstId < 1) {
            throw new IllegalArgumentException("schema ids are positive, got first id " + firstId);
        }
        this.firstId = firstId;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.getOrDefault(subject, List.of());
        if (versions.contains(schema)) {
            return idsByText.get(schema.toString());
        }
        CompatibilityResult check = testCompatibility(subject, schema);
        if (!check.compatible()) {
            throw new IncompatibleSchemaException(subject, String.join("; ", check.reasons()), 409);
        }
        int id = idsByText.computeIfAbsent(schema.toString(), text -> {
            int next = firstId + schemasById.size();
            schemasById.put(next, schema);
            return next;
        });
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(schema);
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException(id, "Schema " + id + " not found", 40403);
        }
        return schema;
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        int count = versionsBySubject.getOrDefault(subject, List.of()).size();
        return IntStream.rangeClosed(1, count).boxed().toList();
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        levelBySubject.put(subject, level);
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = level;
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Schema candidate) {
        List<Schema> versions = versionsBySubject.getOrDefault(subject, List.of());
        if (versions.isEmpty()) {
            return CompatibilityResult.ok();
        }
        CompatibilityLevel level = levelBySubject.getOrDefault(subject, globalLevel);
        List<Schema> against = switch (level) {
            case NONE -> List.of();
            case BACKWARD, FORWARD, FULL -> List.of(versions.get(versions.size() - 1));
            case BACKWARD_TRANSITIVE, FORWARD_TRANSITIVE, FULL_TRANSITIVE -> versions;
        };
        boolean backward = level.name().startsWith("BACKWARD") || level.name().startsWith("FULL");
        boolean forward = level.name().startsWith("FORWARD") || level.name().startsWith("FULL");
        List<String> reasons = new ArrayList<>();
        for (Schema existing : against) {
            if (backward) {
                // the new schema must read data written with the old one
                reasons.addAll(problems(SchemaCompatibility.checkReaderWriterCompatibility(candidate, existing),
                        "new schema cannot read data written with an older one"));
            }
            if (forward) {
                reasons.addAll(problems(SchemaCompatibility.checkReaderWriterCompatibility(existing, candidate),
                        "older schema cannot read data written with the new one"));
            }
        }
        return new CompatibilityResult(reasons.isEmpty(), reasons);
    }

    private static List<String> problems(SchemaPairCompatibility pair, String direction) {
        List<String> out = new ArrayList<>();
        for (Incompatibility incompatibility : pair.getResult().getIncompatibilities()) {
            out.add(direction + ": " + incompatibility.getType() + " at " + incompatibility.getLocation() + " ("
                    + incompatibility.getMessage() + ")");
        }
        return out;
    }
}
