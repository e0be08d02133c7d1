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
}
