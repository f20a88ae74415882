package io.backstep.recorder.state;

import java.util.List;

/**
 * An immutable picture of the whole machine at one step: what every debugger view shows. Memory is
 * read through {@link #readMemory} because copying megabytes per step would make scrubbing slow.
 */
public interface MachineState {
    enum Status { RUNNING, FINISHED, TRAPPED, EXITED }

    long step();

    Status status();

    /** The trap message when TRAPPED, else null. */
    String trapMessage();

    /** The exit status when EXITED or FINISHED (0), else -1. */
    int exitStatus();

    /** Frames, outermost first; empty once the program finished. */
    List<FrameInfo> frames();

    List<GlobalVar> globals();

    /** Size of memory 0 in bytes (0 if the module has none). */
    long memorySize();

    /** Copies bytes of memory 0; the range is clipped to the memory. */
    byte[] readMemory(long address, int length);

    int tableCount();

    /** Elements of table {@code index} as references (see {@link Value}). */
    List<Value> table(int index);
}
