package io.hmrec.trainer.model;

import io.hmrec.core.rec.RecommenderModel;
import io.hmrec.core.rec.RecommenderModelLoader;

class DotProductCfContractTest extends EmbeddingModelContractTest {
    @Override
    RecommenderModel newModel() {
        return new DotProductCfModel(DotProductCfSettings.defaults().withDim(8).withEpochs(12).withBatchSize(32)
                .withMaxLearningRate(0.02f).withShowProgress(false));
    }

    @Override
    RecommenderModelLoader loader() {
        return DotProductCfModel::load;
    }
}
