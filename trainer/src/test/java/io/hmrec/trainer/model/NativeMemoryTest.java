package io.hmrec.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeMemoryTest {
    @TempDir
    Path dir;

    @Test
    void readsTheBracketedTransparentHugePageMode() throws IOException {
        assertThat(NativeMemory.transparentHugePageMode(write("always [madvise] never\n"))).isEqualTo("madvise");
        assertThat(NativeMemory.transparentHugePageMode(write("[always] madvise never\n"))).isEqualTo("always");
        assertThat(NativeMemory.transparentHugePageMode(write("always madvise [never]\n"))).isEqualTo("never");
        assertThat(NativeMemory.transparentHugePageMode(write("garbage"))).isEmpty();
        assertThat(NativeMemory.transparentHugePageMode(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void pickingADeviceLetsLibtorchAllocateOnHugePagesWhereTheKernelOffersThem() {
        String kernel = NativeMemory.transparentHugePageMode(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
        Devices.pick();
        // what libtorch will read: the C environment, which System.getenv's start-up snapshot does not show
        String seen = (String) NativeLibrary.getInstance("c").getFunction("getenv")
                .invoke(String.class, new Object[] {NativeMemory.TORCH_THP_VARIABLE});
        String preset = System.getenv(NativeMemory.TORCH_THP_VARIABLE);
        if (preset != null) {
            assertThat(seen).isEqualTo(preset); // the user's own setting is kept
        } else if (kernel.equals("always") || kernel.equals("madvise")) {
            assertThat(NativeMemory.prepare()).isEqualTo(NativeMemory.Mode.HUGE_PAGES);
            assertThat(seen).isEqualTo("1");
        } else {
            assertThat(NativeMemory.prepare()).isNotEqualTo(NativeMemory.Mode.HUGE_PAGES);
            assertThat(seen).isNull();
        }
    }

    private Path write(String text) throws IOException {
        Path f = Files.createTempFile(dir, "thp", ".txt");
        Files.writeString(f, text);
        return f;
    }
}
