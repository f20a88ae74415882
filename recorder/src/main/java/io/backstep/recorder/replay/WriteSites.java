package io.backstep.recorder.replay;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.code.Op;
import io.backstep.engine.runtime.Machine;
import java.util.ArrayList;
import java.util.List;

/**
 * Every instruction of a module that can write memory or a global, found once by walking the
 * compiled code, and how to work out what such an instruction is about to write from the machine's
 * state just before it executes.
 */
final class WriteSites {
    /** A memory-writing instruction: pc within its function. */
    record Site(CompiledFunction function, int pc) {
    }

    private final List<Site> memoryWrites = new ArrayList<>();
    private final List<List<Site>> globalWrites = new ArrayList<>();

    WriteSites(CompiledModule module) {
        int globals = module.module().globalCount();
        for (int g = 0; g < globals; g++) globalWrites.add(new ArrayList<>());
        for (CompiledFunction f : module.functions()) {
            for (int i = 0; i < f.instructionCount(); i++) {
                int pc = f.instructionPc(i);
                int op = f.opcodeAt(pc);
                if (isMemoryWrite(f, pc, op)) memoryWrites.add(new Site(f, pc));
                if (op == Op.GLOBAL_SET || op == Op.GLOBAL_SET_V128) {
                    int g = f.code[pc + 1];
                    if (g >= 0 && g < globals) globalWrites.get(g).add(new Site(f, pc));
                }
            }
        }
    }

    List<Site> memoryWrites() {
        return memoryWrites;
    }

    List<Site> globalWrites(int global) {
        return global >= 0 && global < globalWrites.size() ? globalWrites.get(global) : List.of();
    }

    static boolean isMemoryWrite(CompiledFunction f, int pc, int op) {
        if (op >= Op.I32_STORE && op <= Op.I64_STORE32) return true;
        if (op == Op.MEMORY_FILL || op == Op.MEMORY_COPY || op == Op.MEMORY_INIT) return true;
        if (op == Op.SIMD) {
            int sub = f.code[pc + 1];
            return sub == 11 || (sub >= 88 && sub <= 91);
        }
        return false;
    }

    /**
     * The byte range [lo, hi) the memory-writing instruction at {@code pc} of the machine's top frame
     * is about to write, as {@code {lo, hi}}; empty ranges have lo == hi.
     */
    static long[] range(Machine m, CompiledFunction f, int pc, int op) {
        int sp = m.stackPointer();
        int[] code = f.code;
        long lo;
        long len;
        if (op >= Op.I32_STORE && op <= Op.I64_STORE32) {
            lo = u32(m.slot(sp - 2)) + u32(code[pc + 1]);
            len = switch (op) {
                case Op.I64_STORE, Op.F64_STORE -> 8;
                case Op.I32_STORE8, Op.I64_STORE8 -> 1;
                case Op.I32_STORE16, Op.I64_STORE16 -> 2;
                default -> 4;
            };
        } else if (op == Op.SIMD) {
            int sub = code[pc + 1];
            lo = u32(m.slot(sp - 3)) + u32(code[pc + 2]);
            len = sub == 11 ? 16 : 1L << (sub - 88);
        } else {
            // memory.fill / memory.copy / memory.init: destination, then source or value, then the count.
            lo = u32(m.slot(sp - 3));
            len = u32(m.slot(sp - 1));
        }
        return new long[] {lo, lo + len};
    }

    private static long u32(long v) {
        return v & 0xFFFFFFFFL;
    }
}
