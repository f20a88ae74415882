package io.backstep.engine.snapshot;

import io.backstep.engine.runtime.Global;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.Memory;

/**
 * A cheap 64-bit hash of the complete state (execution state, memory, tables, globals, dropped
 * segments). Two runs that are at the same step with the same digest are, with overwhelming
 * likelihood, in the same state: this is what determinism checks compare.
 */
public final class StateDigest {
    private StateDigest() {
    }

    public static long of(Machine machine, Instance instance) {
        long h = machine.digest(0x6A09E667F3BCC908L);
        Memory mem = instance.memory();
        if (mem != null) h = mem.digest(h);
        for (int t = 0; t < instance.tableCount(); t++) {
            long[] e = instance.table(t).elementsCopy();
            h = mix(h ^ e.length);
            for (long v : e) h = mix(h ^ v);
        }
        for (int g = 0; g < instance.globalCount(); g++) {
            Global gl = instance.global(g);
            h = mix(h ^ gl.get());
            h = mix(h ^ gl.getHigh());
        }
        for (int i = 0; i < instance.module().module().elements().length; i++) h = mix(h ^ (instance.isElementDropped(i) ? 1 : 2));
        for (int i = 0; i < instance.module().module().data().length; i++) h = mix(h ^ (instance.isDataDropped(i) ? 3 : 4));
        return h;
    }

    private static long mix(long h) {
        h *= 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }
}
