package io.hmrec.core.rec;

import java.io.IOException;
import java.nio.file.Path;

/** Loads a model written by {@link RecommenderModel#save(Path)}. */
@FunctionalInterface
public interface RecommenderModelLoader {
    RecommenderModel load(Path dir) throws IOException;
}
