package io.backstep.engine.wasi;

import io.backstep.engine.WasmException;

/** Serialized {@link WasiEvent} bytes are not a valid event (unknown function id, bad length, ...). */
public final class WasiEventFormatException extends WasmException {
    public WasiEventFormatException(String message) {
        super(message);
    }
}
