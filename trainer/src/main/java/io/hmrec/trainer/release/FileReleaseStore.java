package io.hmrec.trainer.release;

import io.hmrec.schemas.avro.ModelRelease;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Releases for offline runs, in a directory:
 * <pre>
 * root/&lt;model&gt;/versions/&lt;version&gt;/  saved model files + manifest.avro (binary) + manifest.json (readable)
 * root/&lt;model&gt;/LIVE                   the live version id
 * </pre>
 * A version is assembled in a hidden staging directory and renamed into {@code versions/} in one atomic rename; then
 * {@code LIVE} is replaced by an atomic rename of a temporary file. A crash at any point leaves {@code LIVE} naming the
 * previous complete version (at worst a staging directory or an unreferenced version is left behind).
 */
public final class FileReleaseStore implements ReleaseStore {
    private static final String LIVE = "LIVE";
    private static final String MANIFEST = "manifest.avro";
    private final Path root;

    public FileReleaseStore(Path root) {
        this.root = root;
    }

    @Override
    public Optional<ModelRelease> live(String model) {
        Path pointer = root.resolve(model).resolve(LIVE);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        try {
            String version = Files.readString(pointer, StandardCharsets.UTF_8).trim();
            return Optional.of(readManifest(versionDir(model, version).resolve(MANIFEST)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the live release of " + model + " under " + root, e);
        }
    }

    /** Directory of a released version (the saved model, loadable by the model's {@code load}). */
    public Path versionDir(String model, String version) {
        return root.resolve(model).resolve("versions").resolve(version);
    }

    @Override
    public void publish(Release release, Path savedModel) throws IOException {
        ModelRelease m = release.manifest();
        Path modelRoot = root.resolve(m.getModel());
        Path staging = modelRoot.resolve(".staging-" + m.getVersion());
        Files.createDirectories(staging);
        try (Stream<Path> files = Files.list(savedModel)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, staging.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        writeManifest(m, staging.resolve(MANIFEST));
        Files.writeString(staging.resolve("manifest.json"), m.toString(), StandardCharsets.UTF_8);
        Path target = versionDir(m.getModel(), m.getVersion());
        Files.createDirectories(target.getParent());
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        Path tmp = Files.createTempFile(modelRoot, LIVE, ".tmp");
        Files.writeString(tmp, m.getVersion() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, modelRoot.resolve(LIVE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeManifest(ModelRelease m, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(ModelRelease.class).write(m, enc);
            enc.flush();
        }
    }

    private static ModelRelease readManifest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            BinaryDecoder dec = DecoderFactory.get().binaryDecoder(in, null);
            return new SpecificDatumReader<>(ModelRelease.class).read(null, dec);
        }
    }
}
