package io.backstep.engine.spec;

import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.GlobalType;
import io.backstep.engine.model.Limits;
import io.backstep.engine.model.MemoryType;
import io.backstep.engine.model.TableType;
import io.backstep.engine.model.ValType;
import io.backstep.engine.runtime.Global;
import io.backstep.engine.runtime.HostCallback;
import io.backstep.engine.runtime.Linker;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.runtime.Table;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "spectest" module the testsuite imports from: print functions (which only count their calls;
 * the scripts never check output), four immutable globals, a funcref table 10..20 and a memory of 1..2
 * pages. Each script gets its own instance of everything, so scripts cannot disturb each other.
 */
public final class SpectestHost {
    static final String MODULE = "spectest";

    private static final long[] NO_RESULTS = new long[0];

    /** Calls to any print function, over all scripts (only for the summary). */
    static final AtomicLong PRINT_CALLS = new AtomicLong();

    private SpectestHost() {
    }

    public static void defineOn(Linker linker) {
        HostCallback print = (context, args) -> {
            PRINT_CALLS.incrementAndGet();
            return NO_RESULTS;
        };
        defineFunction(linker, "print", print);
        defineFunction(linker, "print_i32", print, ValType.I32);
        defineFunction(linker, "print_i64", print, ValType.I64);
        defineFunction(linker, "print_f32", print, ValType.F32);
        defineFunction(linker, "print_f64", print, ValType.F64);
        defineFunction(linker, "print_i32_f32", print, ValType.I32, ValType.F32);
        defineFunction(linker, "print_f64_f64", print, ValType.F64, ValType.F64);

        linker.define(MODULE, "global_i32", new Global(new GlobalType(ValType.I32, false), 666));
        linker.define(MODULE, "global_i64", new Global(new GlobalType(ValType.I64, false), 666));
        linker.define(MODULE, "global_f32",
                new Global(new GlobalType(ValType.F32, false), Float.floatToRawIntBits(666.6f) & 0xFFFFFFFFL));
        linker.define(MODULE, "global_f64",
                new Global(new GlobalType(ValType.F64, false), Double.doubleToRawLongBits(666.6)));

        linker.define(MODULE, "table", new Table(new TableType(ValType.FUNCREF, new Limits(10, 20))));
        linker.define(MODULE, "memory", new Memory(new MemoryType(new Limits(1, 2))));
    }

    private static void defineFunction(Linker linker, String name, HostCallback callback, ValType... params) {
        linker.defineHost(MODULE, name, new FuncType(params, new ValType[0]), callback);
    }
}
