package io.backstep.recorder.replay;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.recorder.replay.condition.Condition;
import io.backstep.recorder.timeline.Stop;

/**
 * A probed instruction and what reaching it means: a breakpoint (its id and condition), or the target
 * of a step (reason STEP, at call depth {@code depth}; -1 for any depth).
 */
record Probe(CompiledFunction function, int pc, int id, Condition condition, int depth, Stop.Reason reason) {

    /** The target of a step or run-to: no id, no condition. */
    static Probe stepTarget(CompiledFunction function, int pc, int depth) {
        return new Probe(function, pc, -1, null, depth, Stop.Reason.STEP);
    }

    /** Key of an instruction in maps of probes: function index and pc. */
    static long key(int functionIndex, int pc) {
        return ((long) functionIndex << 32) | (pc & 0xFFFFFFFFL);
    }
}
