package io.hmrec.trainer.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * One file per model in the checkpoint directory, holding the epochs done, the optimizer's step count, and the
 * parameters plus Adam moments as a DJL {@link NDList}. Written to a temporary file and renamed atomically, so a crash
 * mid-write leaves the previous epoch's checkpoint intact. A checkpoint only resumes a fit with the same settings,
 * seed and graph (the fingerprint); anything else starts from scratch.
 */
final class Checkpoint {
    private static final int MAGIC = 0x484d4350; // "HMCP"

    private Checkpoint() {}

    record Restored(int epochs, long steps, NDList arrays) {}

    static Path file(Path dir, String model) {
        return dir.resolve(model + ".checkpoint");
    }

    static void write(Path dir, String model, String fingerprint, int epochs, long steps, NDList arrays) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, model, ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeUTF(fingerprint);
                out.writeInt(epochs);
                out.writeLong(steps);
                arrays.encode(out);
            }
            Files.move(tmp, file(dir, model), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint of " + model + " to " + dir, e);
        }
    }

    static Optional<Restored> read(Path dir, String model, String fingerprint, NDManager manager) {
        Path f = file(dir, model);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a checkpoint file");
            }
            if (!in.readUTF().equals(fingerprint)) {
                return Optional.empty();
            }
            int epochs = in.readInt();
            long steps = in.readLong();
            return Optional.of(new Restored(epochs, steps, NDList.decode(manager, in)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + f, e);
        }
    }
}
