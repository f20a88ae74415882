package io.backstep.recorder.timeline;

import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.state.Value;
import java.util.List;
import java.util.Optional;

/**
 * A recorded run, navigable in both directions. Step numbers count executed instructions: state
 * {@code s} is the machine after {@code s} instructions; 0 is before the first, {@link #endStep()} is
 * the last recorded state. All methods are blocking and must be called from one thread at a time
 * (the UI calls them off the FX thread); {@link #pause()} may be called from any thread to interrupt a
 * long {@link #resume}.
 */
public interface Timeline extends AutoCloseable {
    ModuleDescription module();

    /** The last recorded step. */
    long endStep();

    long currentStep();

    /** The state at the current step. */
    MachineState state();

    /** Moves to exactly {@code step} (clamped to [0, endStep]). */
    MachineState seek(long step);

    /** One instruction forward or backward. */
    Stop stepInto(Direction direction);

    /** Like stepInto, but a call is stepped over as a whole (backward: back to the call instruction). */
    Stop stepOver(Direction direction);

    /** Forward: to just after the current function returns. Backward: to the call that entered it. */
    Stop stepOut(Direction direction);

    /** Continue / reverse-continue to the next breakpoint or watchpoint hit, or the trap, end or start. */
    Stop resume(Direction direction);

    /** Runs forward or backward to the next time execution is at {@code wasmOffset} of {@code functionIndex}. */
    Stop runTo(int functionIndex, int wasmOffset, Direction direction);

    /** Interrupts a running command (it returns a PAUSED stop). Safe from any thread. */
    void pause();

    Breakpoint addBreakpoint(int functionIndex, int wasmOffset, String condition);

    void removeBreakpoint(int id);

    void setBreakpointEnabled(int id, boolean enabled);

    List<Breakpoint> breakpoints();

    /**
     * States at which enabled breakpoints are hit (condition true) anywhere in the recording,
     * ascending, at most {@code max} (for the timeline's hit markers).
     */
    List<Long> breakpointHits(int max);

    /** Times breakpoint {@code id} was hit in steps [0, currentStep()). */
    long hitCount(int id);

    Watchpoint addMemoryWatchpoint(long address, int length);

    Watchpoint addGlobalWatchpoint(int globalIndex);

    void removeWatchpoint(int id);

    /** A disabled watchpoint stays listed but never stops a command. */
    void setWatchpointEnabled(int id, boolean enabled);

    List<Watchpoint> watchpoints();

    /**
     * Where the operands of the instruction about to run were loaded from, top of the operand stack
     * first: for each operand that a plain load in the same call pushed, the bytes it read. Empty when
     * none came from memory (or the load was more than a few hundred steps before).
     */
    List<MemoryRange> inputLoads();

    /** The last write to any byte of [address, address + length) made by an instruction before state {@code beforeStep}. */
    Optional<WriteInfo> lastWrite(long address, int length, long beforeStep);

    /**
     * The value of {@code expression}, written in the breakpoint-condition language (locals of the
     * frame, globals, literals, C operators), in frame {@code depth} (0 = outermost) at the current
     * step. Throws IllegalArgumentException naming the problem for an expression that does not compile,
     * a frame that does not exist, or a division by zero.
     */
    default Value evaluate(String expression, int depth) {
        throw new UnsupportedOperationException("this timeline cannot evaluate expressions");
    }

    /** Everything the guest wrote to stdout and stderr up to state {@code step}, in order. */
    String console(long step);

    /** Traps, exits and WASI calls, for the timeline bar. */
    List<Marker> markers();

    /** Bytes the recording's journal takes. */
    long journalBytes();

    @Override
    void close();
}
