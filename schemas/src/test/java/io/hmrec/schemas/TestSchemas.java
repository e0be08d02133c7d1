package io.hmrec.schemas;

import io.hmrec.schemas.avro.PurchaseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import org.apache.avro.Schema;

/** Test-only schemas (evolved and broken versions of PurchaseEvent) and sample records. */
public final class TestSchemas {
    private TestSchemas() {
    }

    /** PurchaseEvent plus an optional {@code store_id}: a BACKWARD-compatible v2. */
    public static Schema purchaseEventV2() {
        return load("/avro-test/PurchaseEventV2.avsc");
    }

    /** PurchaseEvent plus a required {@code loyalty_points}: refused under BACKWARD. */
    public static Schema purchaseEventIncompatible() {
        return load("/avro-test/PurchaseEventIncompatible.avsc");
    }

    public static PurchaseEvent samplePurchase(String eventId) {
        return PurchaseEvent.newBuilder()
                .setEventId(eventId)
                .setTDat(LocalDate.of(2020, 9, 22))
                .setCustomerId("00000dbacae5abe5e23885899a1fa44253a17956c6d1c3d25f88aa139fdfc657")
                .setArticleId("0706016001")
                .setPrice(0.0508305084745762)
                .setSalesChannelId(2)
                .build();
    }

    private static Schema load(String resource) {
        try (InputStream in = TestSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test schema " + resource + " missing from the test classpath");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
