package io.backstep.engine.simd;

import io.backstep.engine.decode.ByteReader;
import io.backstep.engine.model.ValType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of a module reader for the SIMD spec tests (the engine's decoder is written elsewhere):
 * types, function/memory imports, functions, memory, function exports, code and active data with an
 * i32.const offset. Anything else is recorded as "unsupported" so the test can skip the module.
 */
final class TinyModule {
    final byte[] bytes;
    final List<ValType[]> typeParams = new ArrayList<>();
    final List<ValType[]> typeResults = new ArrayList<>();
    int importedFunctions;
    final List<Integer> funcTypes = new ArrayList<>(); // defined functions only
    long memoryMinPages = -1;
    final Map<String, Integer> functionExports = new HashMap<>();
    final List<List<ValType>> bodyLocals = new ArrayList<>();
    final List<int[]> bodyRanges = new ArrayList<>(); // [codeStart, codeEnd)
    final List<long[]> dataOffsets = new ArrayList<>(); // {offset}
    final List<byte[]> dataBytes = new ArrayList<>();
    final List<ValType> globalTypes = new ArrayList<>();
    final List<long[]> globalInits = new ArrayList<>(); // slots of the initial value
    String unsupported;

    TinyModule(byte[] bytes) {
        this.bytes = bytes;
        ByteReader r = new ByteReader(bytes);
        r.skip(8); // magic + version
        while (!r.atEnd()) {
            int id = r.u8();
            int size = (int) r.u32();
            int end = r.pos() + size;
            switch (id) {
                case 1: readTypes(r); break;
                case 2: readImports(r); break;
                case 3: {
                    long n = r.u32();
                    for (long i = 0; i < n; i++) funcTypes.add((int) r.u32());
                    break;
                }
                case 5: {
                    if (r.u32() > 0) {
                        int flags = r.u8();
                        memoryMinPages = r.u32();
                        if ((flags & 1) != 0) r.u32();
                    }
                    break;
                }
                case 6: readGlobals(r); break;
                case 7: readExports(r); break;
                case 10: readCode(r); break;
                case 11: readData(r); break;
                default: break; // tables, globals, elements, custom: not needed here
            }
            r.pos(end);
        }
    }

    private static ValType valType(int code) {
        ValType t = ValType.fromCode(code);
        if (t == null) throw new IllegalArgumentException("bad value type " + code);
        return t;
    }

    private void readTypes(ByteReader r) {
        long n = r.u32();
        for (long i = 0; i < n; i++) {
            if (r.u8() != 0x60) throw new IllegalArgumentException("not a function type");
            ValType[] p = new ValType[(int) r.u32()];
            for (int k = 0; k < p.length; k++) p[k] = valType(r.u8());
            ValType[] q = new ValType[(int) r.u32()];
            for (int k = 0; k < q.length; k++) q[k] = valType(r.u8());
            typeParams.add(p);
            typeResults.add(q);
        }
    }

    private void readImports(ByteReader r) {
        long n = r.u32();
        for (long i = 0; i < n; i++) {
            r.name();
            r.name();
            int kind = r.u8();
            if (kind == 0) {
                r.u32();
                importedFunctions++;
            } else {
                unsupported = "non-function import";
                return;
            }
        }
    }

    private void readGlobals(ByteReader r) {
        long n = r.u32();
        for (long i = 0; i < n; i++) {
            ValType t = valType(r.u8());
            r.u8(); // mutability
            long[] v;
            int op = r.u8();
            if (op == 0x41) {
                v = new long[] {r.s32()};
            } else if (op == 0x42) {
                v = new long[] {r.s64()};
            } else if (op == 0x43) {
                v = new long[] {r.f32Bits() & 0xFFFFFFFFL};
            } else if (op == 0x44) {
                v = new long[] {r.f64Bits()};
            } else if (op == 0xFD && r.u32() == 0x0C) {
                v = new long[] {r.i64Bits(), r.i64Bits()};
            } else {
                unsupported = "global initializer";
                return;
            }
            if (r.u8() != 0x0B) {
                unsupported = "global initializer";
                return;
            }
            globalTypes.add(t);
            globalInits.add(v);
        }
    }

    private void readExports(ByteReader r) {
        long n = r.u32();
        for (long i = 0; i < n; i++) {
            String name = r.name();
            int kind = r.u8();
            int index = (int) r.u32();
            if (kind == 0) functionExports.put(name, index);
        }
    }

    private void readCode(ByteReader r) {
        long n = r.u32();
        for (long i = 0; i < n; i++) {
            int size = (int) r.u32();
            int end = r.pos() + size;
            List<ValType> locals = new ArrayList<>();
            long groups = r.u32();
            for (long g = 0; g < groups; g++) {
                long count = r.u32();
                ValType t = valType(r.u8());
                for (long k = 0; k < count; k++) locals.add(t);
            }
            bodyLocals.add(locals);
            bodyRanges.add(new int[] {r.pos(), end});
            r.pos(end);
        }
    }

    private void readData(ByteReader r) {
        long n = r.u32();
        for (long i = 0; i < n; i++) {
            long flags = r.u32();
            if (flags == 1) { // passive
                r.skip((int) r.u32());
                continue;
            }
            if (flags == 2) r.u32();
            if (r.u8() != 0x41) {
                unsupported = "data offset is not i32.const";
                return;
            }
            long offset = r.s32() & 0xFFFFFFFFL;
            if (r.u8() != 0x0B) {
                unsupported = "data offset expression";
                return;
            }
            dataOffsets.add(new long[] {offset});
            dataBytes.add(r.bytes((int) r.u32()));
        }
    }
}
