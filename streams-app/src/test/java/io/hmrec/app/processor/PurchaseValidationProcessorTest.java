package io.hmrec.app.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.schemas.avro.PurchaseEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class PurchaseValidationProcessorTest {
    /**
     * The customer tasks' drains share the stream thread with this task. In session 8's full replay the customer
     * tasks waited for committed input while this task still had 116k purchases: the thread looked idle, the drain
     * took 90% of it, and validation crawled at about 390 purchases/s. A record validated here must make the thread
     * busy, so deferred work keeps to its busy share.
     */
    @Test
    void shouldMakeItsStreamThreadBusyForDeferredWorkWhenItValidatesARecord() throws Exception {
        AtomicReference<List<Boolean>> busy = new AtomicReference<>();
        AtomicReference<Integer> forwarded = new AtomicReference<>();
        // a fresh thread has a fresh budget that has seen no record
        Thread t = new Thread(() -> {
            Deserializer<PurchaseEvent> never = (topic, data) -> {
                throw new AssertionError("a record without a value is never deserialized");
            };
            PurchaseValidationProcessor p = new PurchaseValidationProcessor(never, "hm.transactions.v1");
            MockProcessorContext<String, ValidationResult> ctx = new MockProcessorContext<>();
            p.init(ctx);
            boolean before = DeferredWork.ofCurrentThread().busy();
            p.process(new Record<>("c1", null, 0L));
            busy.set(List.of(before, DeferredWork.ofCurrentThread().busy()));
            forwarded.set(ctx.forwarded().size());
        });
        t.start();
        t.join();
        assertThat(busy.get()).containsExactly(false, true);
        assertThat(forwarded.get()).isEqualTo(1); // the poison record still goes on, to the dead-letter branch
    }
}
