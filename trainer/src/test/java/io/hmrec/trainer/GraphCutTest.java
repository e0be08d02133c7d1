package io.hmrec.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.rec.TrainingData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphCutTest {
    private static final int AS_OF = 18_530;

    @Test
    void shouldSplitOffTheHeldOutDaysAndPassTheStreamNegativesToTraining() {
        GraphCut cut = new GraphCut(AS_OF, List.of(
                new Purchase(AS_OF - 10, "alice", "0108775015", 0.02, 1),
                new Purchase(AS_OF - 8, "bob", "0108775044", 0.03, 2),
                new Purchase(AS_OF - 2, "alice", "0110065001", 0.01, 2)), Map.of(), Map.of())
                .withNegatives(Map.of("alice", List.of("0111565001"), "bob", List.of("0110065001")));

        TrainingData training = cut.training(7);

        assertThat(training.asOfDay()).isEqualTo(AS_OF - 7);
        assertThat(training.purchases()).extracting(Purchase::articleId).containsExactly("0108775015", "0108775044");
        assertThat(training.negatives()).isEqualTo(Map.of("alice", List.of("0111565001"), "bob", List.of("0110065001")));
        assertThat(cut.heldOut(7)).isEqualTo(Map.of("alice", Set.of("0110065001")));
        assertThat(cut.customerIds()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(new GraphCut(AS_OF, cut.purchases(), Map.of(), Map.of()).training(7).negatives()).isEmpty();
    }
}
