package io.backstep.engine.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.decode.ByteReader;
import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.Limits;
import io.backstep.engine.model.MemoryType;
import io.backstep.engine.model.ValType;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.runtime.TrapException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs the official testsuite's simd_*.json assertions against {@link SimdOps#exec}. Exported test
 * functions whose bodies are straight-line code (local.get/set/tee, scalar constants, scalar loads and
 * stores, drop and SIMD instructions) are evaluated by a tiny evaluator here; functions with any other
 * instruction (blocks, calls, globals...) are skipped and counted.
 */
class SimdSpecTest {
    private static final Path JSON_DIR = Path.of("/work/shared/wasm-testsuite/json");

    /** Raised by the evaluator for instructions it does not model. */
    private static final class Unsupported extends RuntimeException {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    private static final class LoadedModule {
        final TinyModule module;
        final Memory memory;
        final List<long[]> globals = new ArrayList<>();
        /** Set once a side-effect-only invocation was skipped: later results can't be trusted. */
        boolean tainted;

        LoadedModule(TinyModule module, Memory memory) {
            this.module = module;
            this.memory = memory;
            for (long[] g : module.globalInits) globals.add(g.clone());
        }
    }

    private int checked;
    private int passed;
    private int skipped;
    private int trapsChecked;
    private int skippedModules;
    private final Map<String, Integer> skipReasons = new java.util.TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private final TreeSet<Integer> opsCovered = new TreeSet<>();
    private final TreeSet<String> namesVerified = new TreeSet<>();

    @Test
    void officialSimdAssertions() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(JSON_DIR), "testsuite not present");
        List<Path> files;
        try (Stream<Path> dirs = Files.list(JSON_DIR)) {
            files = dirs.filter(d -> d.getFileName().toString().startsWith("simd_"))
                    .map(d -> d.resolve(d.getFileName() + ".json"))
                    .filter(Files::exists)
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertTrue(files.size() >= 50, "expected the simd_* json files, found " + files.size());
        for (Path f : files) {
            runFile(f);
        }
        TreeSet<Integer> missing = new TreeSet<>();
        for (int op = 0; op < 256; op++) {
            if (SimdOps.info(op) != null && !opsCovered.contains(op)) missing.add(op);
        }
        System.out.printf("SimdSpecTest: %d files, %d assertions checked, %d passed (%d of them traps), %d skipped, %d modules skipped;"
                        + " %d of %d ops exercised; %d op names verified against export names%n",
                files.size(), checked, passed, trapsChecked, skipped, skippedModules, opsCovered.size(), SimdOps.OP_COUNT, namesVerified.size());
        System.out.println("skipped functions by reason: " + skipReasons);
        if (!missing.isEmpty()) {
            System.out.println("ops not exercised: " + missing.stream().map(o -> SimdOps.info(o).name()).collect(Collectors.toList()));
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures, first: " + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
        assertTrue(checked > 20000, "too few assertions checked: " + checked);
        assertEquals(checked, passed);
        assertTrue(missing.isEmpty(), "ops never exercised by the suite: " + missing);
    }

    @SuppressWarnings("unchecked")
    private void runFile(Path file) throws IOException {
        Map<String, Object> root = (Map<String, Object>) Json.parse(Files.readString(file));
        Map<String, LoadedModule> named = new HashMap<>();
        LoadedModule current = null;
        for (Object o : (List<Object>) root.get("commands")) {
            Map<String, Object> cmd = (Map<String, Object>) o;
            String type = (String) cmd.get("type");
            String where = file.getFileName() + ":" + cmd.get("line");
            switch (type) {
                case "module": {
                    current = load(file.resolveSibling((String) cmd.get("filename")));
                    if (current == null) skippedModules++;
                    if (cmd.get("name") != null) named.put((String) cmd.get("name"), current);
                    break;
                }
                case "assert_return":
                case "assert_trap":
                case "action": {
                    Map<String, Object> action = (Map<String, Object>) cmd.get("action");
                    LoadedModule target = action.get("module") != null ? named.get((String) action.get("module")) : current;
                    if (target == null || !"invoke".equals(action.get("type"))) {
                        skipped++;
                        break;
                    }
                    runAssertion(where, type, target, action, (List<Object>) cmd.get("expected"));
                    break;
                }
                default:
                    break; // assert_invalid / assert_malformed concern the validator and decoder
            }
        }
    }

    private LoadedModule load(Path wasm) throws IOException {
        TinyModule m = new TinyModule(Files.readAllBytes(wasm));
        if (m.unsupported != null) return null;
        Memory mem = null;
        if (m.memoryMinPages >= 0) {
            mem = new Memory(new MemoryType(new Limits(m.memoryMinPages, -1)));
            for (int i = 0; i < m.dataBytes.size(); i++) {
                mem.write(m.dataOffsets.get(i)[0], m.dataBytes.get(i));
            }
        }
        return new LoadedModule(m, mem);
    }

    @SuppressWarnings("unchecked")
    private void runAssertion(String where, String kind, LoadedModule target, Map<String, Object> action, List<Object> expected) {
        String field = (String) action.get("field");
        Integer export = target.module.functionExports.get(field);
        if (export == null || target.tainted) {
            skipped++;
            return;
        }
        List<Object> args = (List<Object>) action.get("args");
        long[] argSlots = new long[args.size() * 2];
        int n = 0;
        for (Object a : args) {
            n = writeValue((Map<String, Object>) a, argSlots, n);
        }
        List<Integer> used = new ArrayList<>();
        long[] result;
        boolean trapped = false;
        try {
            result = evaluate(target, export, argSlots, field, used);
        } catch (Unsupported u) {
            skipped++;
            // A skipped call made for its side effects (no results) leaves the module state wrong for
            // what follows. (Skipping a value-returning call can at worst cause a false failure, never a false pass.)
            if (expected == null || expected.isEmpty()) target.tainted = true;
            skipReasons.merge(u.getMessage(), 1, Integer::sum);
            return;
        } catch (TrapException t) {
            result = null;
            trapped = true;
        }
        checked++;
        if (kind.equals("assert_trap")) {
            if (trapped) {
                passed++;
                trapsChecked++;
                opsCovered.addAll(used);
            } else {
                failures.add(where + " " + field + ": expected a trap");
            }
            return;
        }
        if (trapped) {
            failures.add(where + " " + field + ": unexpected trap");
            return;
        }
        if (expected == null) { // a bare action
            passed++;
            return;
        }
        String mismatch = compare(expected, result);
        if (mismatch == null) {
            passed++;
            opsCovered.addAll(used);
        } else {
            failures.add(where + " " + field + ": " + mismatch);
        }
    }

    // ---- values -----------------------------------------------------------------------------------

    private static long parseBits(String s) {
        return s.startsWith("-") ? Long.parseLong(s) : new BigInteger(s).longValue();
    }

    @SuppressWarnings("unchecked")
    private static int writeValue(Map<String, Object> v, long[] slots, int at) {
        String type = (String) v.get("type");
        if (type.equals("v128")) {
            long[] w = lanesToWords((String) v.get("lane_type"), (List<Object>) v.get("value"));
            slots[at] = w[0];
            slots[at + 1] = w[1];
            return at + 2;
        }
        long bits = parseBits((String) v.get("value"));
        switch (type) {
            case "i32": slots[at] = (int) bits; break;
            case "f32": slots[at] = bits & 0xFFFFFFFFL; break;
            case "i64": case "f64": slots[at] = bits; break;
            default: throw new Unsupported("argument type " + type);
        }
        return at + 1;
    }

    private static int laneBits(String laneType) {
        return Integer.parseInt(laneType.substring(1));
    }

    private static long[] lanesToWords(String laneType, List<Object> lanes) {
        int bits = laneBits(laneType);
        long[] w = new long[2];
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        for (int i = 0; i < lanes.size(); i++) {
            long v = parseBits((String) lanes.get(i)) & mask;
            int bit = i * bits;
            w[bit >>> 6] |= v << (bit & 63);
        }
        return w;
    }

    /** Null if {@code actual} (result slots) matches the expected values. */
    @SuppressWarnings("unchecked")
    private static String compare(List<Object> expected, long[] actual) {
        int at = 0;
        for (Object o : expected) {
            Map<String, Object> e = (Map<String, Object>) o;
            String type = (String) e.get("type");
            if (type.equals("v128")) {
                String laneType = (String) e.get("lane_type");
                List<Object> lanes = (List<Object>) e.get("value");
                int bits = laneBits(laneType);
                for (int i = 0; i < lanes.size(); i++) {
                    int bit = i * bits;
                    long word = actual[at + (bit >>> 6)] >>> (bit & 63);
                    long got = bits == 64 ? word : word & ((1L << bits) - 1);
                    String why = compareScalar(laneType, (String) lanes.get(i), got);
                    if (why != null) return "lane " + i + ": " + why + "; got " + hex(actual[at], actual[at + 1]);
                }
                at += 2;
            } else {
                long got = actual[at++];
                if (type.equals("i32") || type.equals("f32")) got &= 0xFFFFFFFFL;
                String why = compareScalar(type, (String) e.get("value"), got);
                if (why != null) return why;
            }
        }
        return at == actual.length ? null : "result has " + actual.length + " slots, expected " + at;
    }

    private static String compareScalar(String type, String want, long got) {
        boolean f32 = type.equals("f32");
        if (want.startsWith("nan:")) {
            long quiet = f32 ? 0x7FC00000L : 0x7FF8000000000000L;
            long abs = got & (f32 ? 0x7FFFFFFFL : Long.MAX_VALUE);
            boolean ok = want.equals("nan:canonical") ? abs == quiet : (abs & quiet) == quiet;
            return ok ? null : "expected " + want + ", got 0x" + Long.toHexString(got);
        }
        int bits = laneBits(type);
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        long w = parseBits(want) & mask;
        return w == (got & mask) ? null : "expected 0x" + Long.toHexString(w) + ", got 0x" + Long.toHexString(got & mask);
    }

    private static String hex(long lo, long hi) {
        return String.format("%016x_%016x", hi, lo);
    }

    // ---- the straight-line evaluator ------------------------------------------------------------

    private long[] evaluate(LoadedModule lm, int funcIndex, long[] args, String field, List<Integer> used) {
        TinyModule m = lm.module;
        int defined = funcIndex - m.importedFunctions;
        if (defined < 0) throw new Unsupported("imported function");
        int typeIndex = m.funcTypes.get(defined);
        FuncType ft = new FuncType(m.typeParams.get(typeIndex), m.typeResults.get(typeIndex));
        int[] range = m.bodyRanges.get(defined);
        // locals: parameters, then declared locals (zero), each with its slot offset
        List<ValType> localTypes = new ArrayList<>(List.of(ft.params()));
        localTypes.addAll(m.bodyLocals.get(defined));
        int[] offset = new int[localTypes.size()];
        int slots = 0;
        for (int i = 0; i < offset.length; i++) {
            offset[i] = slots;
            slots += localTypes.get(i).slots();
        }
        long[] locals = new long[slots];
        System.arraycopy(args, 0, locals, 0, ft.paramSlots());

        long[] s = new long[64];
        int sp = 0;
        List<ValType> types = new ArrayList<>();
        int simdCount = 0;
        int lastSimd = -1;
        boolean onlyLocalGetsBeforeSimd = true;
        ByteReader r = new ByteReader(m.bytes, range[0], range[1]);
        while (true) {
            if (sp > s.length - 8) throw new Unsupported("deep stack");
            int op = r.u8();
            switch (op) {
                case 0x0B:
                    if (!r.atEnd()) throw new Unsupported("nested end");
                    if (!types.equals(List.of(ft.results()))) throw new AssertionError(field + ": result types " + types);
                    if (simdCount == 1 && onlyLocalGetsBeforeSimd && SimdOps.info(lastSimd).name().equals(field)) {
                        checkSignature(SimdOps.info(lastSimd), ft, field);
                    }
                    long[] out = new long[sp];
                    System.arraycopy(s, 0, out, 0, sp);
                    return out;
                case 0x0F: { // return: the top values are the results
                    int n = ft.resultSlots();
                    return java.util.Arrays.copyOfRange(s, sp - n, sp);
                }
                case 0x1B: { // select
                    int cond = (int) s[--sp];
                    types.remove(types.size() - 1);
                    ValType t = types.remove(types.size() - 1);
                    int w = t.slots();
                    if (cond == 0) System.arraycopy(s, sp - w, s, sp - 2 * w, w);
                    sp -= w;
                    onlyLocalGetsBeforeSimd = false;
                    break;
                }
                case 0x71: case 0x72: case 0x73: { // i32.and, i32.or, i32.xor
                    int b = (int) s[--sp], a = (int) s[sp - 1];
                    s[sp - 1] = op == 0x71 ? a & b : op == 0x72 ? a | b : a ^ b;
                    types.remove(types.size() - 1);
                    onlyLocalGetsBeforeSimd = false;
                    break;
                }
                case 0x1A: { // drop
                    ValType t = types.remove(types.size() - 1);
                    sp -= t.slots();
                    break;
                }
                case 0x20: { // local.get
                    int i = r.index();
                    ValType t = localTypes.get(i);
                    for (int k = 0; k < t.slots(); k++) s[sp++] = locals[offset[i] + k];
                    types.add(t);
                    break;
                }
                case 0x21: case 0x22: { // local.set, local.tee
                    onlyLocalGetsBeforeSimd = false;
                    int i = r.index();
                    ValType t = localTypes.get(i);
                    for (int k = 0; k < t.slots(); k++) locals[offset[i] + k] = s[sp - t.slots() + k];
                    if (op == 0x21) {
                        sp -= t.slots();
                        types.remove(types.size() - 1);
                    }
                    break;
                }
                case 0x23: { // global.get
                    int i = r.index();
                    long[] g = lm.globals.get(i);
                    for (long v : g) s[sp++] = v;
                    types.add(lm.module.globalTypes.get(i));
                    onlyLocalGetsBeforeSimd = false;
                    break;
                }
                case 0x24: { // global.set
                    int i = r.index();
                    long[] g = lm.globals.get(i);
                    sp -= g.length;
                    System.arraycopy(s, sp, g, 0, g.length);
                    types.remove(types.size() - 1);
                    break;
                }
                case 0x10: { // call
                    int callee = r.index();
                    int calleeType = m.funcTypes.get(callee - m.importedFunctions);
                    FuncType ct = new FuncType(m.typeParams.get(calleeType), m.typeResults.get(calleeType));
                    sp -= ct.paramSlots();
                    long[] callArgs = java.util.Arrays.copyOfRange(s, sp, sp + ct.paramSlots());
                    for (int i = 0; i < ct.paramCount(); i++) types.remove(types.size() - 1);
                    long[] res = evaluate(lm, callee, callArgs, field + "->" + callee, used);
                    for (long v : res) s[sp++] = v;
                    types.addAll(List.of(ct.results()));
                    onlyLocalGetsBeforeSimd = false;
                    break;
                }
                case 0x41: s[sp++] = r.s32(); types.add(ValType.I32); onlyLocalGetsBeforeSimd = false; break;
                case 0x42: s[sp++] = r.s64(); types.add(ValType.I64); onlyLocalGetsBeforeSimd = false; break;
                case 0x43: s[sp++] = r.f32Bits() & 0xFFFFFFFFL; types.add(ValType.F32); onlyLocalGetsBeforeSimd = false; break;
                case 0x44: s[sp++] = r.f64Bits(); types.add(ValType.F64); onlyLocalGetsBeforeSimd = false; break;
                case 0x28: case 0x29: { // i32.load, i64.load
                    r.u32();
                    long off = r.u32();
                    long a = (s[sp - 1] & 0xFFFFFFFFL) + off;
                    s[sp - 1] = op == 0x28 ? lm.memory.loadI32(a) : lm.memory.loadI64(a);
                    types.set(types.size() - 1, op == 0x28 ? ValType.I32 : ValType.I64);
                    onlyLocalGetsBeforeSimd = false;
                    break;
                }
                case 0xFD: {
                    int sub = r.u32Int("sub-opcode");
                    SimdOp info = SimdOps.info(sub);
                    if (info == null) throw new Unsupported("SIMD op " + sub);
                    int[] imm = new int[4];
                    switch (info.imm()) {
                        case MEMARG:
                            checkAlign(info, r.u32(), field);
                            imm[0] = (int) r.u32();
                            break;
                        case MEMARG_LANE:
                            checkAlign(info, r.u32(), field);
                            imm[0] = (int) r.u32();
                            imm[1] = r.u8();
                            break;
                        case LANE:
                            imm[0] = r.u8();
                            break;
                        case BYTES16:
                            for (int i = 0; i < 16; i++) imm[i >> 2] |= r.u8() << ((i & 3) * 8);
                            break;
                        default:
                            break;
                    }
                    if (info.laneCount() > 0) {
                        int lane = info.imm() == Imm.LANE ? imm[0] : imm[1];
                        assertTrue(lane < info.laneCount(), field + ": lane immediate out of range for " + info.name());
                    }
                    // the operand types on the type stack must match the table's pops
                    ValType[] pops = info.pops();
                    for (int i = 0; i < pops.length; i++) {
                        ValType t = types.get(types.size() - pops.length + i);
                        if (t != pops[i]) throw new AssertionError(field + ": " + info.name() + " operand " + i + " is " + t + ", table says " + pops[i]);
                    }
                    int before = sp;
                    sp = SimdOps.exec(sub, s, sp, imm[0], imm[1], imm[2], imm[3], lm.memory);
                    for (int i = 0; i < pops.length; i++) types.remove(types.size() - 1);
                    types.addAll(List.of(info.pushes()));
                    assertEquals(info.slotDelta(), sp - before, info.name() + " stack effect");
                    used.add(sub);
                    if (sub != SimdOps.V128_CONST) {
                        simdCount++;
                        lastSimd = sub;
                    }
                    break;
                }
                default:
                    throw new Unsupported("opcode " + op);
            }
        }
    }

    private static void checkAlign(SimdOp info, long alignLog2, String field) {
        assertTrue(alignLog2 <= info.maxAlignLog2(), field + ": alignment " + alignLog2 + " above " + info.name() + "'s natural " + info.maxAlignLog2());
    }

    /** For a function that is exactly "local.get params; op": the table's signature must be the function's. */
    private void checkSignature(SimdOp info, FuncType ft, String field) {
        assertEquals(List.of(ft.params()), List.of(info.pops()), field + " pops");
        assertEquals(List.of(ft.results()), List.of(info.pushes()), field + " pushes");
        namesVerified.add(info.name());
    }
}
