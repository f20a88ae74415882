package io.backstep.engine.decode;

import io.backstep.engine.ModuleException;

/** The bytes are not a well-formed binary module (spec: "malformed"). */
public final class MalformedModuleException extends ModuleException {
    public MalformedModuleException(long offset, String reason) {
        super(offset, reason);
    }
}
