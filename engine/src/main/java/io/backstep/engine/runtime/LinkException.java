package io.backstep.engine.runtime;

import io.backstep.engine.WasmException;

/** Instantiation failed before any code ran: an import is missing or has the wrong type ("unknown import", "incompatible import type"). */
public final class LinkException extends WasmException {
    public LinkException(String message) {
        super(message);
    }
}
