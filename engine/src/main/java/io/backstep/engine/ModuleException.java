package io.backstep.engine;

/** A module was rejected: {@link #offset()} is the byte offset in the module where the problem was found. */
public abstract class ModuleException extends WasmException {
    private final long offset;
    private final String reason;

    protected ModuleException(long offset, String reason) {
        super(reason + " (at byte offset 0x" + Long.toHexString(offset) + ")");
        this.offset = offset;
        this.reason = reason;
    }

    /** Byte offset from the start of the module bytes. */
    public long offset() {
        return offset;
    }

    /** The reason alone, worded like the spec's test suite (for example "unexpected end", "type mismatch"). */
    public String reason() {
        return reason;
    }
}
