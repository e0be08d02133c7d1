package io.hmrec.app.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.schemas.Topics;
import io.hmrec.schemas.avro.PurchaseEvent;
import io.hmrec.schemas.registry.InMemorySchemaRegistry;
import io.hmrec.schemas.serde.AvroSerdes;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PurchaseEncoderTest {
    @Test
    void shouldWriteExactlyTheBytesOfTheTopicSerializerRecordAfterRecord() {
        Topics topics = new Topics(new AvroSerdes(new InMemorySchemaRegistry(7)));
        var serde = topics.transactions().valueSerde();
        PurchaseEncoder encoder = new PurchaseEncoder(serde.serializer(), Topics.TRANSACTIONS);
        PurchaseEvent a = new PurchaseEvent("0123456789abcdef0123456789abcdef", LocalDate.of(2019, 1, 1),
                "0ddcd6055c5830c1fda493843d051edb04ce1bf888aa4becf5b839628396541d", "0653428002", 0.0508305084745762, 2);
        PurchaseEvent b = new PurchaseEvent("ffffffffffffffffffffffffffffffff", LocalDate.of(2020, 9, 22),
                "210f113fe87db5d6391e986dc06b8e4369e46284e3b98964bf41ced4199a551f", "0111565001", 0.0, 1);
        assertThat(encoder.encode(a)).isEqualTo(serde.serializer().serialize(Topics.TRANSACTIONS, a));
        assertThat(encoder.encode(b)).isEqualTo(serde.serializer().serialize(Topics.TRANSACTIONS, b));
        assertThat(serde.deserializer().deserialize(Topics.TRANSACTIONS, encoder.encode(a))).isEqualTo(a);
    }
}
