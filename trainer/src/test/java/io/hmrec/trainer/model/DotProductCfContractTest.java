package io.hmrec.trainer.model;

import io.hmrec.core.rec.RecommenderModel;
import io.hmrec.core.rec.RecommenderModelContract;
import io.hmrec.core.rec.RecommenderModelLoader;

/** The dot-product collaborative filter against core's shared recommender contract. */
class DotProductCfContractTest extends RecommenderModelContract {
    @Override
    protected RecommenderModel newModel() {
        return new DotProductCfModel(DotProductCfSettings.defaults().withDim(8).withEpochs(12).withBatchSize(32)
                .withMaxLearningRate(0.02f).withShowProgress(false));
    }

    @Override
    protected RecommenderModelLoader loader() {
        return DotProductCfModel::load;
    }
}
