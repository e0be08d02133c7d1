package io.hmrec.core.rec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hmrec.core.model.Purchase;
import io.hmrec.core.model.ScoredArticle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemCfModelTest extends RecommenderModelContract {
    @Override
    protected RecommenderModel newModel() {
        return new ItemCfModel(50, 30);
    }

    @Override
    protected RecommenderModelLoader loader() {
        return ItemCfModel.LOADER;
    }

    @Test
    void shouldMeasureCosineSimilarityOverBuyerSets() {
        // A bought by x, y; B by x, y, z; C by z: sim(A,B) = 2 / sqrt(2*3), sim(B,C) = 1 / sqrt(3*1), sim(A,C) = 0
        String a = "0000000001";
        String b = "0000000002";
        String c = "0000000003";
        TrainingData data = new TrainingData(10, List.of(new Purchase(1, "x", a, 0.1, 1), new Purchase(1, "x", b, 0.1, 1),
                new Purchase(1, "y", a, 0.1, 1), new Purchase(1, "y", b, 0.1, 1), new Purchase(1, "z", b, 0.1, 1),
                new Purchase(1, "z", c, 0.1, 1)), Map.of(), Map.of(), Map.of());
        ItemCfModel m = new ItemCfModel(10, 30);
        m.fit(data, 1);
        assertThat(m.similar(b, 5)).extracting(ScoredArticle::articleId).containsExactly(a, c);
        assertThat(m.similar(b, 5).get(0).score()).isCloseTo(2 / Math.sqrt(6), within(1e-12));
        assertThat(m.similar(b, 5).get(1).score()).isCloseTo(1 / Math.sqrt(3), within(1e-12));
        assertThat(m.similar(a, 5)).extracting(ScoredArticle::articleId).containsExactly(b);
    }
}
