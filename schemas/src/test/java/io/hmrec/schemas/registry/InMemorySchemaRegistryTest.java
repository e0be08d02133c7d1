package io.hmrec.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.schemas.TestSchemas;
import io.hmrec.schemas.avro.PurchaseEvent;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void shouldGiveSameIdForSameSchemaUnderAnySubject() {
        int first = registry.register("a-value", PurchaseEvent.getClassSchema());
        int again = registry.register("a-value", PurchaseEvent.getClassSchema());
        int otherSubject = registry.register("b-value", PurchaseEvent.getClassSchema());

        assertThat(first).isEqualTo(1);
        assertThat(again).isEqualTo(1);
        assertThat(otherSubject).isEqualTo(1);
        assertThat(registry.versions("a-value")).containsExactly(1);
    }

    @Test
    void shouldAcceptOptionalFieldUnderBackward() {
        registry.register("t-value", PurchaseEvent.getClassSchema());

        assertThat(registry.testCompatibility("t-value", TestSchemas.purchaseEventV2())).isEqualTo(CompatibilityResult.ok());
        assertThat(registry.register("t-value", TestSchemas.purchaseEventV2())).isEqualTo(2);
        assertThat(registry.versions("t-value")).containsExactly(1, 2);
    }

    @Test
    void shouldRefuseRequiredFieldWithoutDefaultUnderBackward() {
        registry.register("t-value", PurchaseEvent.getClassSchema());

        assertThatThrownBy(() -> registry.register("t-value", TestSchemas.purchaseEventIncompatible()))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessage("schema is incompatible with the versions already registered under subject 't-value': "
                        + "new schema cannot read data written with an older one: READER_FIELD_MISSING_DEFAULT_VALUE at "
                        + "/fields/6 (loyalty_points)");
        assertThat(registry.versions("t-value")).containsExactly(1);
    }

    @Test
    void shouldAcceptAnythingWhenCompatibilityIsNone() {
        registry.register("t-value", PurchaseEvent.getClassSchema());
        registry.setCompatibility("t-value", CompatibilityLevel.NONE);

        assertThat(registry.register("t-value", TestSchemas.purchaseEventIncompatible())).isEqualTo(2);
    }

    @Test
    void shouldJudgeNewRequiredFieldForwardButNotBackwardCompatible() {
        registry.register("t-value", PurchaseEvent.getClassSchema());

        // old readers simply skip the new field (forward); new readers find no value for it in old data (backward)
        registry.setGlobalCompatibility(CompatibilityLevel.FORWARD);
        assertThat(registry.testCompatibility("t-value", TestSchemas.purchaseEventIncompatible()).compatible()).isTrue();
        registry.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
        assertThat(registry.testCompatibility("t-value", TestSchemas.purchaseEventIncompatible()).compatible()).isFalse();
    }

    @Test
    void shouldThrowSchemaNotFoundForUnknownId() {
        assertThatThrownBy(() -> registry.getById(7))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessage("no schema with id 7 in the registry: Schema 7 not found")
                .extracting(e -> ((SchemaRegistryException) e).errorCode()).isEqualTo(40403);
    }
}
