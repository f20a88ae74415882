package io.backstep.engine.debuginfo;

import io.backstep.engine.decode.ModuleDecoder;
import io.backstep.engine.model.WasmModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the DWARF reader's tests find their modules and llvm-dwarfdump references. */
final class DebugInfoTesting {
    private DebugInfoTesting() {}

    /** The test resources folder (engine/src/test/resources/debuginfo). */
    static Path resources() {
        return Path.of("src/test/resources/debuginfo").toAbsolutePath();
    }

    static Path samples() {
        return Path.of("../samples").toAbsolutePath().normalize();
    }

    /** The realworld programs' modules (see {@link io.backstep.engine.RealWorld}). */
    static Path realworld() {
        return io.backstep.engine.RealWorld.wasm();
    }

    static WasmModule decode(Path wasm) {
        try {
            return ModuleDecoder.decode(Files.readAllBytes(wasm));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WasmModule resource(String name) {
        return decode(resources().resolve(name));
    }

    static InputStream reference(String name) throws IOException {
        return Files.newInputStream(resources().resolve("dwarfdump").resolve(name));
    }
}
