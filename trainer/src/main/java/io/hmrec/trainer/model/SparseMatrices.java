package io.hmrec.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.Buffer;

/**
 * COO sparse matrices that stay valid. DJL 0.33's {@code NDManager.createCoo} wraps the Java index and value buffers
 * without copying, builds the sparse tensor on top of them, then closes the wrappers: the direct buffers become
 * garbage-collectable while the sparse tensor still points into them, and after a GC the matrix multiply reads
 * garbage indices ("addmm: index out of column bound: -18014394218708992"). Here the index and value arrays stay
 * attached to the caller's manager, so they live exactly as long as the matrix.
 */
public final class SparseMatrices {
    private SparseMatrices() {}

    /** A COO matrix of {@code shape} with entries {@code values[i]} at ({@code indices[0][i]}, {@code indices[1][i]}). */
    public static NDArray coo(NDManager manager, long[][] indices, Buffer values, Shape shape) {
        NDArray index = manager.create(indices);
        NDArray value = manager.create(values, new Shape(indices[0].length));
        return JniUtils.createSparseCoo((PtNDArray) index, (PtNDArray) value, shape);
    }
}
