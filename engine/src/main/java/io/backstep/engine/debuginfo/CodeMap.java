package io.backstep.engine.debuginfo;

import io.backstep.engine.model.WasmModule;
import java.util.Arrays;

/**
 * Maps DWARF code addresses to the engine's positions and back. For wasm32, DWARF addresses are byte
 * offsets from the start of the Code section's contents (the byte after the section's size field,
 * where the function count starts); the engine identifies an instruction by its byte offset from the
 * start of the module ({@code FrameView.wasmOffset()}, {@code CompiledFunction.wasmOffset(pc)}). So
 * {@code module offset = DWARF address + codeSectionOffset()} exactly, and the function containing an
 * address is the one whose body holds it. A function's DWARF range (its DW_AT_low_pc/high_pc) starts
 * at its body's local declarations (just after the body size) and ends after its final {@code end}.
 */
public final class CodeMap {
    private final int codeStart;
    private final int importedFunctions;
    /** Module offsets of each defined function's body (after its size field) and of its end. */
    private final int[] bodyStart;
    private final int[] bodyEnd;

    private CodeMap(int codeStart, int importedFunctions, int[] bodyStart, int[] bodyEnd) {
        this.codeStart = codeStart;
        this.importedFunctions = importedFunctions;
        this.bodyStart = bodyStart;
        this.bodyEnd = bodyEnd;
    }

    /** Locates the Code section and each body in a decoded module (which the decoder has checked). */
    public static CodeMap of(WasmModule module) {
        byte[] b = module.bytes();
        int[] pos = {8};
        while (pos[0] < b.length) {
            int id = b[pos[0]++] & 0xFF;
            long size = leb(b, pos);
            int payload = pos[0];
            if (id == 10) {
                int n = (int) leb(b, pos);
                int[] start = new int[n], end = new int[n];
                for (int i = 0; i < n; i++) {
                    long bodySize = leb(b, pos);
                    start[i] = pos[0];
                    end[i] = (int) (pos[0] + bodySize);
                    pos[0] = end[i];
                }
                return new CodeMap(payload, module.importedFunctionCount(), start, end);
            }
            pos[0] = (int) (payload + size);
        }
        return new CodeMap(-1, module.importedFunctionCount(), new int[0], new int[0]);
    }

    private static long leb(byte[] b, int[] pos) {
        long r = 0;
        for (int shift = 0; ; shift += 7) {
            if (pos[0] >= b.length || shift > 35) throw new DebugInfoException("module: malformed LEB128 at 0x" + Integer.toHexString(pos[0]));
            int x = b[pos[0]++] & 0xFF;
            r |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) return r;
        }
    }

    /** Module offset of the Code section's contents (DWARF address 0), or -1 if the module has no code. */
    public int codeSectionOffset() { return codeStart; }

    /** The DWARF address of a module byte offset inside the Code section, or -1. */
    public long toDwarf(int moduleOffset) {
        if (codeStart < 0 || bodyStart.length == 0 || moduleOffset < codeStart || moduleOffset >= bodyEnd[bodyEnd.length - 1]) return -1;
        return moduleOffset - codeStart;
    }

    /** The module byte offset of a DWARF address inside the Code section, or -1. */
    public int toModuleOffset(long address) {
        if (codeStart < 0 || bodyStart.length == 0 || address < 0 || address >= bodyEnd[bodyEnd.length - 1] - codeStart) return -1;
        return (int) (address + codeStart);
    }

    /** Index (in the function index space, imports first) of the function whose body holds the DWARF address, or -1. */
    public int functionAt(long address) {
        int m = toModuleOffset(address);
        if (m < 0) return -1;
        int i = Arrays.binarySearch(bodyStart, m);
        if (i < 0) i = -i - 2;
        if (i < 0 || m >= bodyEnd[i]) return -1;
        return importedFunctions + i;
    }

    /** The DWARF range of a defined function's body ({@code [low_pc, high_pc)} as clang writes them), or null. */
    public AddressRange functionRange(int functionIndex) {
        int i = functionIndex - importedFunctions;
        if (i < 0 || i >= bodyStart.length) return null;
        return new AddressRange(bodyStart[i] - codeStart, bodyEnd[i] - codeStart);
    }

    /** Number of defined functions (bodies). */
    public int bodyCount() { return bodyStart.length; }
}
