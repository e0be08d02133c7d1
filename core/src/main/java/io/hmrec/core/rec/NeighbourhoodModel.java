package io.hmrec.core.rec;

import io.hmrec.core.state.CustomerEdges;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * What the memory-based collaborative filters share: a neighbourhood size, a recency half-life, and as fitted state
 * the customers' edge sets before the training cut, from which each model derives its own index
 * ({@link #index()}); saved as a header (size, half-life, cut) that each model follows with its own part.
 */
abstract class NeighbourhoodModel implements RecommenderModel {
    final int neighbours;
    final double recencyHalfLifeDays;
    /** The last day of the training data (its as-of day − 1): recency counts back from it. */
    int cut;
    Map<String, CustomerEdges> histories = Map.of();

    /**
     * @param neighbours          neighbours kept or consulted (> 0)
     * @param recencyHalfLifeDays how fast a purchase's influence fades (> 0 days)
     */
    NeighbourhoodModel(int neighbours, double recencyHalfLifeDays) {
        if (neighbours <= 0 || !(recencyHalfLifeDays > 0)) {
            throw new IllegalArgumentException("neighbours and recencyHalfLifeDays must be > 0, got " + neighbours
                    + " and " + recencyHalfLifeDays);
        }
        this.neighbours = neighbours;
        this.recencyHalfLifeDays = recencyHalfLifeDays;
    }

    @Override
    public final void fit(TrainingData data, long seed) {
        cut = data.asOfDay() - 1;
        histories = ModelFiles.histories(data, ModelFiles.MAX_HISTORY);
        index();
    }

    /** Builds the model's index from {@link #histories} (after a fit, or a load that does not store it). */
    abstract void index();

    /** The header every saved neighbourhood model starts with. */
    final void writeHeader(DataOutputStream out) throws IOException {
        out.writeInt(neighbours);
        out.writeDouble(recencyHalfLifeDays);
        out.writeInt(cut);
    }

    /** The settings part of {@link #writeHeader}: what a loader needs to construct the model. */
    record Header(int neighbours, double recencyHalfLifeDays, int cut) {
        static Header read(DataInputStream in) throws IOException {
            return new Header(in.readInt(), in.readDouble(), in.readInt());
        }
    }
}
