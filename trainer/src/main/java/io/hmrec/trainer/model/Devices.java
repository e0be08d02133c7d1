package io.hmrec.trainer.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Device choice: the first GPU when the engine sees one (the {@code gpu} Maven profile's CUDA build), else CPU. */
public final class Devices {
    private Devices() {}

    public static Device pick() {
        return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
}
