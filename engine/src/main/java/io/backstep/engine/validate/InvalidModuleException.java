package io.backstep.engine.validate;

import io.backstep.engine.ModuleException;

/** The module decodes but does not validate (spec: "invalid"), for example a type mismatch. */
public final class InvalidModuleException extends ModuleException {
    public InvalidModuleException(long offset, String reason) {
        super(offset, reason);
    }
}
