package io.hmrec.core.rec;

import io.hmrec.core.state.CustomerEdges;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The file layout shared by the non-neural models: one {@code model.bin} per directory that starts with a magic
 * string naming the model and a format version, so loading the wrong model or an old format fails with a clear
 * message instead of garbage recommendations.
 */
final class ModelFiles {
    static final String FILE = "model.bin";
    /** Edges kept per customer by the models: more than the stream's bound, since training sees whole histories. */
    static final int MAX_HISTORY = 1024;

    private ModelFiles() {}

    static DataOutputStream create(Path dir, String model, int version) throws IOException {
        Files.createDirectories(dir);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE))));
        out.writeUTF("hmrec-" + model);
        out.writeInt(version);
        return out;
    }

    static DataInputStream open(Path dir, String model, int version) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + FILE + " in " + dir + ": not a saved " + model + " model");
        }
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
        String magic = in.readUTF();
        if (!magic.equals("hmrec-" + model)) {
            in.close();
            throw new IOException(file + " holds a '" + magic + "' model, expected 'hmrec-" + model + "'");
        }
        int v = in.readInt();
        if (v != version) {
            in.close();
            throw new IOException(file + " has format version " + v + ", this build reads version " + version);
        }
        return in;
    }

    static void writeHistories(DataOutputStream out, Map<String, CustomerEdges> histories) throws IOException {
        out.writeInt(histories.size());
        for (Map.Entry<String, CustomerEdges> e : histories.entrySet()) {
            out.writeUTF(e.getKey());
            byte[] b = e.getValue().toBytes();
            out.writeInt(b.length);
            out.write(b);
        }
    }

    static Map<String, CustomerEdges> readHistories(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, CustomerEdges> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String c = in.readUTF();
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            out.put(c, CustomerEdges.fromBytes(b));
        }
        return out;
    }

    /** Every customer's edge set built by the same updater the topology uses, customers in sorted order. */
    static Map<String, CustomerEdges> histories(TrainingData data, int maxEdges) {
        Map<String, CustomerEdges> h = new java.util.TreeMap<>();
        for (io.hmrec.core.model.Purchase p : data.purchases()) {
            h.put(p.customerId(), h.getOrDefault(p.customerId(), CustomerEdges.EMPTY).add(p, maxEdges));
        }
        return new LinkedHashMap<>(h);
    }
}
