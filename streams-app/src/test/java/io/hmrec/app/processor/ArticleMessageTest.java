package io.hmrec.app.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArticleMessageTest {
    private static final String CUSTOMER = "c".repeat(64);

    @Test
    void shouldRoundTripAPurchaseWithItsCoPurchasePartnersInOrder() {
        ArticleMessage m = new ArticleMessage.Purchased(CUSTOMER, 18_500, 3, List.of(
                new ArticleMessage.Paired("0108775044", 0.5, 18_500), new ArticleMessage.Paired("0000000007", 1.0, 18_499)));
        assertThat(ArticleMessage.fromBytes(ArticleMessage.toBytes(m))).isEqualTo(m);
    }

    @Test
    void shouldKeepThePartnerlessPurchaseEncodingSoRecordsInFlightAcrossAnUpgradeStillDecode() {
        // the encoding before partners rode on purchases: type 1, day, bucket, customer id
        byte[] id = CUSTOMER.getBytes(StandardCharsets.UTF_8);
        byte[] old = ByteBuffer.allocate(6 + id.length).put((byte) 1).putInt(18_500).put((byte) 2).put(id).array();
        ArticleMessage.Purchased plain = new ArticleMessage.Purchased(CUSTOMER, 18_500, 2);
        assertThat(ArticleMessage.fromBytes(old)).isEqualTo(plain);
        assertThat(ArticleMessage.toBytes(plain)).isEqualTo(old);
    }

    @Test
    void shouldRoundTripAPairedRecord() {
        ArticleMessage m = new ArticleMessage.Paired("0108775015", 0.25, 18_400);
        assertThat(ArticleMessage.fromBytes(ArticleMessage.toBytes(m))).isEqualTo(m);
    }

    @Test
    void shouldRejectAPurchaseWhosePartnersAreCutOff() {
        byte[] whole = ArticleMessage.toBytes(new ArticleMessage.Purchased("", 1, 0,
                List.of(new ArticleMessage.Paired("0108775015", 0.25, 1))));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
        assertThatThrownBy(() -> ArticleMessage.fromBytes(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad length");
    }

    @Test
    void shouldRoundTripABatchKeepingItsPartsInOrder() {
        ArticleMessage.Batch batch = new ArticleMessage.Batch(List.of(
                new ArticleMessage.Paired("0108775015", 0.25, 18_400),
                new ArticleMessage.Purchased(CUSTOMER, 18_401, 1, List.of(new ArticleMessage.Paired("0000000007", 1.0, 18_401))),
                new ArticleMessage.Purchased("another", 18_401, 0),
                new ArticleMessage.Paired("0108775044", 0.5, 18_401)));
        assertThat(ArticleMessage.fromBytes(ArticleMessage.toBytes(batch))).isEqualTo(batch);
    }

    @Test
    void shouldRejectABatchWhosePartsAreCutOffOrNested() {
        byte[] whole = ArticleMessage.toBytes(new ArticleMessage.Batch(List.of(
                new ArticleMessage.Paired("0108775015", 0.25, 1), new ArticleMessage.Paired("0108775016", 0.5, 1))));
        assertThatThrownBy(() -> ArticleMessage.fromBytes(java.util.Arrays.copyOf(whole, whole.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("article message batch: part 1 of 21 bytes"
                        + " overruns the encoding");
        byte[] inner = ArticleMessage.toBytes(new ArticleMessage.Batch(List.of(new ArticleMessage.Paired("0108775015", 0.25, 1))));
        byte[] nested = ByteBuffer.allocate(3 + 2 + inner.length).put(ArticleMessage.BATCH).putShort((short) 1)
                .putShort((short) inner.length).put(inner).array();
        assertThatThrownBy(() -> ArticleMessage.fromBytes(nested)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("article message batch: a batch cannot hold a batch");
        assertThatThrownBy(() -> new ArticleMessage.Batch(List.of())).hasMessage("article message batch: no parts");
    }
}
