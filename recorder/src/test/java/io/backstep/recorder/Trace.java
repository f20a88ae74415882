package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.Op;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.replay.ReplayTimeline;

/**
 * A test oracle: the recorded program run again straight through, one instruction at a time (no
 * checkpoints, no probes), noting for every state its call depth, top function and pc, the next
 * opcode, the first local and a watched 4-byte memory word.
 */
final class Trace {
    final int[] depth;
    final int[] function;
    final int[] pc;
    final int[] op;
    /** Immediate of GLOBAL_SET (else -1). */
    final int[] globalSet;
    final long[] local0;
    final int[] word;
    final int end;

    Trace(ReplayTimeline t, long wordAddress) {
        WasiProgram p = SeekTest.straightRun(t);
        Machine m = p.machine();
        end = (int) t.endStep();
        depth = new int[end + 1];
        function = new int[end + 1];
        pc = new int[end + 1];
        op = new int[end + 1];
        globalSet = new int[end + 1];
        local0 = new long[end + 1];
        word = new int[end + 1];
        for (int s = 0; s <= end; s++) {
            assertEquals(s, m.stepCount());
            int d = m.callDepth();
            depth[s] = d;
            globalSet[s] = -1;
            if (d > 0) {
                FrameView top = m.frame(d - 1);
                CompiledFunction code = top.function().code();
                function[s] = code.index;
                pc[s] = top.pc();
                op[s] = code.opcodeAt(top.pc());
                if (op[s] == Op.GLOBAL_SET) globalSet[s] = code.code[top.pc() + 1];
                local0[s] = code.frameSlots > 0 ? m.slot(top.base()) : 0;
            } else {
                function[s] = -1;
                pc[s] = -1;
                op[s] = -1;
            }
            Memory mem = p.instance().memory();
            word[s] = wordAddress >= 0 ? mem.loadI32(wordAddress) : 0;
            if (s < end) m.step();
        }
    }

    boolean isCall(int s) {
        return op[s] == Op.CALL || op[s] == Op.CALL_INDIRECT;
    }
}
