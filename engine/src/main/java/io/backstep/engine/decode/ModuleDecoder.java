package io.backstep.engine.decode;

import io.backstep.engine.model.WasmModule;

/** Decodes the binary format into a {@link WasmModule}. (Stub: being written.) */
public final class ModuleDecoder {
    private ModuleDecoder() {
    }

    public static WasmModule decode(byte[] bytes) {
        throw new UnsupportedOperationException("not yet written");
    }
}
