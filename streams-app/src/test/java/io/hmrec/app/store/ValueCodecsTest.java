package io.hmrec.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hmrec.app.store.ValueCodecs.Buyer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueCodecsTest {
    /** The buyer-list edit spelled out on decoded lists: the meaning addBuyer's in-place byte edit must keep. */
    private static List<Buyer> added(List<Buyer> before, String customer, int day, int max) {
        List<Buyer> list = new ArrayList<>(before);
        list.removeIf(b -> b.customerId().equals(customer));
        int at = 0;
        while (at < list.size() && list.get(at).day() > day) {
            at++;
        }
        list.add(at, new Buyer(customer, day));
        return list.size() > max ? list.subList(0, max) : list;
    }

    @Test
    void shouldMoveARepeatBuyerToTheFrontAndDropTheOldestBeyondTheBound() {
        byte[] list = null;
        for (Buyer b : List.of(new Buyer("c1", 1), new Buyer("c2", 3), new Buyer("c3", 2), new Buyer("c4", 4),
                new Buyer("c1", 5))) {
            list = ValueCodecs.addBuyer(list, b.customerId(), b.day(), 3);
        }
        assertThat(ValueCodecs.buyers(list)).containsExactly(new Buyer("c1", 5), new Buyer("c4", 4), new Buyer("c2", 3));
    }

    @Test
    void shouldGiveTheSameBytesAsDecodingEditingAndReencoding() {
        Random rnd = new Random(5);
        byte[] bytes = null;
        List<Buyer> expected = List.of();
        for (int i = 0; i < 3000; i++) {
            // ids of different lengths, one non-ASCII, a few days late, so every branch of the edit runs
            String customer = (rnd.nextInt(3) == 0 ? "kunde-é" : "c") + rnd.nextInt(25);
            int day = i / 20 - rnd.nextInt(4);
            bytes = ValueCodecs.addBuyer(bytes, customer, day, 7);
            expected = added(expected, customer, day, 7);
            assertThat(bytes).as("after purchase %d", i).isEqualTo(ValueCodecs.buyers(expected));
        }
    }

    @Test
    void shouldRejectACorruptBuyerListWhenAdding() {
        byte[] good = ValueCodecs.buyers(List.of(new Buyer("c1", 1), new Buyer("c2", 0)));
        assertThatThrownBy(() -> ValueCodecs.addBuyer(Arrays.copyOf(good, good.length - 1), "c3", 2, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("article buyers");
        byte[] trailing = Arrays.copyOf(good, good.length + 2);
        assertThatThrownBy(() -> ValueCodecs.addBuyer(trailing, "c3", 2, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 trailing bytes");
    }
}
