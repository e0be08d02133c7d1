package io.hmrec.trainer.model;

import io.hmrec.core.rec.RecommenderModel;
import io.hmrec.core.rec.RecommenderModelContract;
import io.hmrec.core.rec.RecommenderModelLoader;

/** LightGCN against core's shared recommender contract. */
class LightGcnContractTest extends RecommenderModelContract {
    @Override
    protected RecommenderModel newModel() {
        return new LightGcnModel(LightGcnSettings.defaults().withDim(16).withEpochs(40).withBatchSize(32)
                .withLearningRate(0.05f).withShowProgress(false));
    }

    @Override
    protected RecommenderModelLoader loader() {
        return LightGcnModel::load;
    }
}
