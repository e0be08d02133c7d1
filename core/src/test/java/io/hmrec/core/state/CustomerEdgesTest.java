package io.hmrec.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.rec.Edge;
import org.junit.jupiter.api.Test;

class CustomerEdgesTest {
    private static final String C = "c1";

    @Test
    void shouldAggregateRepeatPurchasesAndKeepMostRecentFirst() {
        CustomerEdges edges = CustomerEdges.EMPTY
                .add(new Purchase(10, C, "0000000001", 0.01, 1), 256)
                .add(new Purchase(12, C, "0000000002", 0.02, 2), 256)
                .add(new Purchase(15, C, "0000000001", 0.03, 2), 256)
                .add(new Purchase(12, C, "0000000003", 0.04, 1), 256);
        assertThat(edges.edges()).containsExactly(
                new Edge("0000000001", 2, 10, 15, 2, 0.03),
                new Edge("0000000002", 1, 12, 12, 2, 0.02),
                new Edge("0000000003", 1, 12, 12, 1, 0.04));
    }

    @Test
    void shouldKeepLatestChannelAndPriceWhenALateEventArrives() {
        CustomerEdges edges = CustomerEdges.EMPTY
                .add(new Purchase(20, C, "0000000001", 0.05, 2), 256)
                .add(new Purchase(18, C, "0000000001", 0.01, 1), 256);
        assertThat(edges.edges()).containsExactly(new Edge("0000000001", 2, 18, 20, 2, 0.05));
    }

    @Test
    void shouldDropTheStalestEdgeWhenTheBoundIsReached() {
        CustomerEdges edges = CustomerEdges.EMPTY
                .add(new Purchase(1, C, "0000000001", 0.01, 1), 2)
                .add(new Purchase(3, C, "0000000002", 0.01, 1), 2)
                .add(new Purchase(2, C, "0000000003", 0.01, 1), 2);
        assertThat(edges.edges()).extracting(Edge::articleId).containsExactly("0000000002", "0000000003");
    }

    @Test
    void shouldListOnlyEdgesInsideTheWindow() {
        CustomerEdges edges = CustomerEdges.EMPTY
                .add(new Purchase(1, C, "0000000001", 0.01, 1), 8)
                .add(new Purchase(9, C, "0000000002", 0.01, 1), 8);
        assertThat(edges.recent(10, 7)).extracting(Edge::articleId).containsExactly("0000000002");
    }

    @Test
    void shouldRoundTripThroughItsBinaryEncoding() {
        CustomerEdges edges = CustomerEdges.EMPTY
                .add(new Purchase(18_000, C, "0108775015", 0.0169, 2), 256)
                .add(new Purchase(18_001, C, "0706016001", 0.0338, 1), 256);
        assertThat(CustomerEdges.fromBytes(edges.toBytes())).isEqualTo(edges);
        assertThat(edges.toBytes()[0]).isEqualTo((byte) 0x11);
    }

    @Test
    void shouldRejectCorruptOrForeignEncodings() {
        byte[] bytes = CustomerEdges.EMPTY.add(new Purchase(1, C, "0000000001", 0.01, 1), 8).toBytes();
        assertThatThrownBy(() -> CustomerEdges.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> CustomerEdges.fromBytes(TopN.empty(3).toBytes())).hasMessageContaining("wrong type tag");
        assertThatThrownBy(() -> CustomerEdges.fromBytes(new byte[] {0x12, 0, 0, 0, 0}))
                .hasMessageContaining("unsupported format version 2");
    }
}
