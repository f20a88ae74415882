package io.backstep.app.dap;

/** A request the adapter cannot carry out; its message becomes the DAP error response's text. */
final class DapException extends RuntimeException {
    DapException(String message) {
        super(message);
    }
}
