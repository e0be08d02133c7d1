package io.hmrec.trainer.model;

import io.hmrec.core.rec.RecommenderModel;
import io.hmrec.core.rec.RecommenderModelLoader;

class LightGcnContractTest extends EmbeddingModelContractTest {
    @Override
    RecommenderModel newModel() {
        return new LightGcnModel(LightGcnSettings.defaults().withDim(16).withEpochs(40).withBatchSize(32)
                .withLearningRate(0.05f).withShowProgress(false));
    }

    @Override
    RecommenderModelLoader loader() {
        return LightGcnModel::load;
    }
}
