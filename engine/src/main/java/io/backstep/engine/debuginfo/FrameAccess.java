package io.backstep.engine.debuginfo;

/**
 * The machine state a location expression may read, for one call frame. The engine or a recorded
 * replay plugs its state in; values are returned as the raw 64-bit slot contents (an i32 in the low 32
 * bits; only the low bytes a variable's type needs are used). A method may throw
 * {@link DebugInfoException} when the index is out of range for the frame.
 */
public interface FrameAccess {
    /** Wasm local {@code index} of the frame (parameters first). */
    long local(int index);

    /** Wasm global {@code index} (in the module's global index space). */
    long global(int index);

    /** Operand stack value {@code index}, counted from the bottom of the frame's operand stack. */
    long operand(int index);

    /** Copies linear memory {@code [address, address + dst.length)} into {@code dst}; false if out of bounds. */
    boolean readMemory(long address, byte[] dst);
}
