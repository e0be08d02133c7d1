package io.hmrec.trainer.release;

import io.hmrec.schemas.avro.ModelRelease;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Where released model versions go and where the live one is looked up: the stack's topics or a local directory. */
public interface ReleaseStore {
    /** Manifest of the live version of {@code model}; empty when none was ever released. */
    Optional<ModelRelease> live(String model);

    /**
     * Makes {@code release} the live version, all or nothing: on any failure the previous live version stays live.
     *
     * @param savedModel the directory the model was saved into ({@code RecommenderModel.save}); file stores keep it
     */
    void publish(Release release, Path savedModel) throws IOException;
}
