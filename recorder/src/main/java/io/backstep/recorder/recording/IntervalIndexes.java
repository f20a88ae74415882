package io.backstep.recorder.recording;

import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.runtime.WasmFunction;
import java.util.Arrays;

/**
 * What a checkpoint journals about the interval before it, for searches to pass intervals without
 * replaying them: the 4 KiB chunks written (from the memory's flags) and the function activity (from
 * each function's call and resume counters, which only grow). One per run that makes checkpoints: the
 * recorder's, and a window's export, which replays and checkpoints again.
 */
public final class IntervalIndexes {
    private final Machine machine;
    private final Instance instance;
    /** Each function's counters at the previous checkpoint. */
    private final long[] callsBefore;
    private final long[] resumesBefore;

    public IntervalIndexes(Machine machine, Instance instance) {
        this.machine = machine;
        this.instance = instance;
        this.callsBefore = new long[instance.functionCount()];
        this.resumesBefore = new long[instance.functionCount()];
    }

    /** The function on top now, and those entered (how often) or returned into since the previous call. */
    public FunctionActivity activity() {
        int n = instance.functionCount();
        int[] called = new int[n];
        long[] calls = new long[n];
        int[] resumed = new int[n];
        int k = 0;
        int r = 0;
        for (int i = 0; i < n; i++) {
            if (instance.function(i) instanceof WasmFunction w && w.instance() == instance) {
                long c = w.callCount();
                if (c != callsBefore[i]) {
                    called[k] = i;
                    calls[k++] = c - callsBefore[i];
                    callsBefore[i] = c;
                }
                if (w.resumeCount() != resumesBefore[i]) {
                    resumed[r++] = i;
                    resumesBefore[i] = w.resumeCount();
                }
            }
        }
        return new FunctionActivity(top(), Arrays.copyOf(called, k), Arrays.copyOf(calls, k), Arrays.copyOf(resumed, r));
    }

    /** Starts counting from now, without an activity for what came before (a window's first checkpoint). */
    public FunctionActivity start() {
        activity();
        return new FunctionActivity(top(), new int[0], new long[0], new int[0]);
    }

    private int top() {
        int depth = machine.callDepth();
        return depth > 0 ? machine.frameFunction(depth - 1).index() : -1;
    }

    /** The chunks written since the memory's flags were last cleared, ascending (none without a memory). */
    public static int[] writtenChunks(Memory mem) {
        if (mem == null) return new int[0];
        int n = mem.chunkCount();
        int count = 0;
        for (int i = 0; i < n; i++) if (mem.isDirty(i)) count++;
        int[] r = new int[count];
        int k = 0;
        for (int i = 0; i < n; i++) if (mem.isDirty(i)) r[k++] = i;
        return r;
    }
}
