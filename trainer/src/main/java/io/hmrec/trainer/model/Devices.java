package io.hmrec.trainer.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Device choice: the first GPU when the engine sees one (the {@code gpu} Maven profile's CUDA build), else the CPU.
 * The JVM property {@code hmrec.device} ({@code auto}, {@code cpu}, {@code gpu}) overrides it, so one GPU host can
 * time both devices; {@code gpu} without a visible GPU is an error, not a silent CPU run.
 */
public final class Devices {
    public static final String PROPERTY = "hmrec.device";

    private Devices() {}

    public static Device pick() {
        NativeMemory.prepare(); // before the engine's first tensor: libtorch reads its allocator settings once
        String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        int gpus = Engine.getInstance().getGpuCount();
        return switch (wanted) {
            case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (gpus == 0) {
                    throw new IllegalStateException(PROPERTY + "=gpu but the PyTorch engine sees no GPU (engine "
                            + Engine.getInstance().getVersion() + "; build with -Pgpu on a CUDA 12.4 host)");
                }
                yield Device.gpu();
            }
            default -> throw new IllegalArgumentException(PROPERTY + " must be auto, cpu or gpu, got '" + wanted + "'");
        };
    }
}
