package io.backstep.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.WasmException;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.jit.JitCode;
import io.backstep.engine.jit.JitCompiler;
import io.backstep.engine.snapshot.StateDigest;
import io.backstep.engine.spec.SpecTestSuiteTest;
import io.backstep.engine.wasi.WasiConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JIT tier ({@link JitCode}) must be invisible except in speed: at every stop the machine state
 * (step count, frames, pc, stack, memory, globals, tables) equals the interpreter's. The spec testsuite
 * runs through it too (every {@code invoke} uses it, and tests run it strict); these tests add budgets
 * that end anywhere, probes, and whole C programs.
 */
class JitTierTest {
    @Test
    void everyFunctionOfTheSpecTestsuiteTranslates() throws IOException {
        // A refused function silently runs in the interpreter; refusals would hide translator gaps.
        Path json = SpecTestSuiteTest.suiteRoot().resolve("json");
        List<Path> files;
        try (Stream<Path> s = Files.walk(json)) {
            files = s.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        }
        int functions = 0;
        List<String> tooLarge = new ArrayList<>();
        for (Path file : files) {
            CompiledModule m;
            try {
                m = Wasm.load(Files.readAllBytes(file));
            } catch (WasmException e) {
                continue;
            }
            for (CompiledFunction f : m.functions()) {
                String why = JitCompiler.refusal(f, m.module());
                if (why != null && why.startsWith("method too large")) {
                    tooLarge.add(file.getFileName() + " function " + f.index);
                } else {
                    assertEquals(null, why, file.getFileName() + ": function " + f.index + " was refused");
                }
                functions++;
            }
        }
        assertTrue(functions > 5_000, "functions translated: " + functions);
        // Only the JVM's 64 KiB method limit may refuse a function: br_table with tens of thousands of targets.
        assertTrue(tooLarge.size() <= 2, "too large for one JVM method: " + tooLarge);
    }

    /** Runs a C sample in chunks of pseudo-random budgets with the JIT tier and in the interpreter alone, comparing every stop. */
    @ParameterizedTest
    @CsvSource({"fib,20", "sort,", "checksum,4", "bench,4", "corruption,", "hello,"})
    void aSampleStopsInTheSameStateAfterEveryBudget(String sample, String arg) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of("..", "samples", sample + ".wasm"));
        CompiledModule module = Wasm.load(bytes);
        // Mostly short budgets, so that runs end inside segments, at their edges and across calls.
        Lockstep.Outcome run = Lockstep.run(sample, module, () -> TierSide.sampleArgs(arg), new Random(sample.hashCode()),
                rnd -> rnd.nextInt(8) == 0 ? 64 + rnd.nextInt(200_000) : 64 + rnd.nextInt(600));
        assertTrue(run.stops() > 5, "stops: " + run.stops());
        assertTrue(!run.output().isEmpty(), "the sample printed something");
        long translated = module.functions().length == 0 ? 0 : java.util.Arrays.stream(module.functions()).filter(f -> f.jitCode != null).count();
        if (run.steps() > 1_000_000) assertTrue(translated > 0, "the JIT tier ran some functions");
    }

    /**
     * The real programs in lockstep with the interpreter: their big functions (LZ4's compressors, stb_image's
     * decoders, Lua's {@code luaV_execute}) are cut into several JVM methods, and branches between those
     * methods must leave exactly the interpreter's state behind, wherever a budget ends.
     */
    @ParameterizedTest
    @CsvSource({"lz4_bench,16", "image_bench,48", "lua,1"})
    void aRealProgramStopsInTheSameStateAfterEveryBudget(String program, String arg) throws IOException {
        Path realworld = io.backstep.engine.RealWorld.wasm();
        CompiledModule module = Wasm.load(Files.readAllBytes(realworld.resolve(program + ".wasm")));
        // Both sides see the same time and random bytes (Lua seeds its hash from the clock).
        Lockstep.Outcome run = Lockstep.run(program, module, () -> Lockstep.fixedClockAndRandom(realProgram(realworld, program, arg)),
                new Random(program.hashCode()), Lockstep::realProgramBudget);
        assertTrue(run.stops() > 5, "stops: " + run.stops());
        assertTrue(!run.output().isEmpty(), "the program printed something");
        long cut = java.util.Arrays.stream(module.functions())
                .filter(f -> f.jitCode instanceof JitCode jc && jc.chunks() > 1).count();
        assertTrue(cut > 0, "translated functions of several methods ran");
    }

    /**
     * A conditional branch's fall-through continues its segment: it is not a segment start, so not an
     * entry, unless something else makes it one (a branch target, a method's first segment). The function's
     * start, loop heads and return points always are entries. Checked on LZ4's and Lua's translated
     * functions, many of several methods; that their step counts stay exact is the lockstep tests' part.
     */
    @ParameterizedTest
    @CsvSource({"lz4_bench,16", "lua,1"})
    void theFallThroughOfAConditionalBranchStaysInItsSegment(String program, String arg) throws IOException {
        Path realworld = io.backstep.engine.RealWorld.wasm();
        CompiledModule module = Wasm.load(Files.readAllBytes(realworld.resolve(program + ".wasm")));
        TierSide side = new TierSide(module, realProgram(realworld, program, arg), true);
        side.machine.setJitThreshold(Lockstep.JIT_THRESHOLD);
        assertEquals(Machine.StopReason.FINISHED, side.machine.run(Long.MAX_VALUE));
        int translated = 0;
        int severalMethods = 0;
        int fallThroughs = 0;
        for (CompiledFunction f : module.functions()) {
            if (!(f.jitCode instanceof JitCode jc)) continue;
            translated++;
            if (jc.chunks() > 1) severalMethods++;
            int[] code = f.plainCode();
            int n = f.instructionCount();
            boolean[] target = new boolean[code.length + 1];
            boolean[] loopHead = new boolean[code.length + 1];
            for (int i = 0; i < n; i++) {
                int pc = f.instructionPc(i);
                if (io.backstep.engine.code.OpcodeTable.of(code[pc]).flow() != io.backstep.engine.code.Opcode.Flow.BRANCH) continue;
                for (int t : io.backstep.engine.code.OpcodeTable.branchTargets(code, pc)) {
                    target[t] = true;
                    if (t <= pc) loopHead[t] = true;
                }
            }
            int previousEntryChunk = 0;
            for (int i = 0; i < n; i++) {
                int pc = f.instructionPc(i);
                String where = program + " function " + f.index + " pc " + pc;
                int before = i == 0 ? -1 : code[f.instructionPc(i - 1)];
                boolean returnPoint = before >= 0 && io.backstep.engine.code.OpcodeTable.of(before).flow() == io.backstep.engine.code.Opcode.Flow.CALL;
                if ((i == 0 || loopHead[pc] || returnPoint) && JitCompiler.translates(code[pc])) {
                    assertTrue(jc.isEntry(pc), where + ": must be an entry");
                }
                if (!jc.isEntry(pc)) continue;
                boolean methodStart = jc.chunkOf(pc) != previousEntryChunk;
                previousEntryChunk = jc.chunkOf(pc);
                boolean conditionalBefore = before == io.backstep.engine.code.Op.BR_IF || before == io.backstep.engine.code.Op.BR_UNLESS
                        || before == io.backstep.engine.code.Op.BR_IF_ADJ;
                if (conditionalBefore) {
                    fallThroughs++;
                    assertTrue(target[pc] || methodStart, where + ": a conditional branch's fall-through starts a segment");
                }
            }
        }
        assertTrue(translated >= 5 && severalMethods > 0, "translated functions: " + translated + ", of several methods: " + severalMethods);
        assertTrue(fallThroughs > 0, "fall-throughs that are entries for another reason were seen");
    }

    /** The command line (and for Lua, its script folder) of a realworld program, from {@code realworld}, its wasm folder. */
    private static WasiConfig.Builder realProgram(Path realworld, String program, String arg) {
        return program.equals("lua")
                ? WasiConfig.builder().args("lua.wasm", "lua/bench.lua", arg).preopen(realworld.resolveSibling("lua"), "lua")
                : WasiConfig.builder().args(program, arg);
    }

    /**
     * Translations replaced while the program runs ({@link CompilationWatch} found a method HotSpot
     * refused): first by translations in smaller methods, then (refused again) by the interpreter. The
     * program keeps the interpreter's state at every stop throughout, and a run of a replaced
     * translation, from an entry in any of its methods, hands over at once (the path a running frame
     * takes at its next branch into another method).
     */
    @Test
    void translationsReplacedWhileTheProgramRunsKeepTheInterpretersState() throws IOException {
        byte[] bytes = Files.readAllBytes(io.backstep.engine.RealWorld.wasm().resolve("lz4_bench.wasm"));
        // Other tests' LZ4 translations must stay as they are.
        CompiledModule module = Wasm.load(MachineTest.withOwnTranslations(bytes, "d"));
        TierSide jit = new TierSide(module, "16", true);
        jit.machine.setJitThreshold(Lockstep.JIT_THRESHOLD);
        TierSide interpreted = new TierSide(module, "16", false);
        Random random = new Random(5);
        List<CompiledFunction> replaced = new ArrayList<>();
        int stops = 0;
        int replacedAt = -1;
        int interpretedAt = -1;
        Machine.StopReason r;
        do {
            long budget = 64 + random.nextInt(1_000_000);
            r = jit.machine.run(budget);
            assertEquals(interpreted.machine.run(budget), r);
            String at = "after " + interpreted.machine.stepCount() + " steps";
            assertEquals(interpreted.machine.stepCount(), jit.machine.stepCount(), at);
            if (r == Machine.StopReason.BUDGET) {
                assertEquals(StateDigest.of(interpreted.machine, interpreted.program.instance()),
                        StateDigest.of(jit.machine, jit.program.instance()), at);
            }
            stops++;
            if (replaced.isEmpty()) {
                for (CompiledFunction f : module.functions()) {
                    if (f.jitCode instanceof JitCode jc && jc.chunks() > 1) {
                        assertEquals(JitCode.Replaced.SMALLER, replaceAndCheckHandOver(jc, f, jit));
                        JitCode smaller = (JitCode) f.jitCode;
                        assertTrue(smaller != jc && smaller.chunks() > jc.chunks(), "function " + f.index + " in smaller methods");
                        replaced.add(f);
                        replacedAt = stops;
                    }
                }
            } else if (interpretedAt < 0 && stops >= replacedAt + 5) {
                for (CompiledFunction f : replaced) {
                    assertEquals(JitCode.Replaced.INTERPRETED, replaceAndCheckHandOver((JitCode) f.jitCode, f, jit));
                    assertEquals(null, f.jitCode, "function " + f.index + " runs interpreted");
                }
                interpretedAt = stops;
            }
        } while (r == Machine.StopReason.BUDGET);
        assertTrue(interpretedAt > 0, "translated functions of several methods ran, and were replaced twice (stops: " + stops + ")");
        for (CompiledFunction f : replaced) assertTrue(f.jitRefused && f.jitCode == null, "function " + f.index + " stayed interpreted");
        assertEquals(interpreted.program.exitStatus(), jit.program.exitStatus());
        assertEquals(interpreted.out(), jit.out());
    }

    /** Replaces {@code jc}, {@code f}'s translation, and checks that a run of it from any entry past its first method hands over at once. */
    private static JitCode.Replaced replaceAndCheckHandOver(JitCode jc, CompiledFunction f, TierSide side) {
        List<Integer> laterEntries = new ArrayList<>();
        for (int pc = 0; pc < f.code.length; pc++) if (jc.isEntry(pc) && jc.chunkOf(pc) > 0) laterEntries.add(pc);
        JitCode.Replaced outcome = jc.replace("test");
        assertEquals(JitCode.Replaced.ALREADY, jc.replace("test"), "a translation is replaced once");
        Machine other = new Machine(new Linker().store());
        for (int pc : laterEntries) {
            for (boolean cut : new boolean[] {false, true}) { // entering its methods, or their resume copies
                assertEquals(JitCode.INTERPRET, jc.run(other, new long[0], 0, pc, 777, side.program.instance(), cut), "entry " + pc);
                assertEquals(pc, other.pc, "entry " + pc);
                assertEquals(777, other.jitRemaining, "entry " + pc);
            }
        }
        return outcome;
    }

    @Test
    void budgetsEndingAtEveryStepMatchTheInterpreter() throws IOException {
        // Pass j stops at steps j + 64, j + 128, ...: over 64 passes, a run ends before every instruction
        // of the program once (in a segment, at its edge, before a call, a host call or an untranslated
        // instruction), and each stop must be the interpreter's.
        CompiledModule module = Wasm.load(Files.readAllBytes(Path.of("..", "samples", "fib.wasm")));
        for (int j = 0; j < 64; j++) {
            TierSide jit = new TierSide(module, "5", true);
            TierSide interpreted = new TierSide(module, "5", false);
            Machine.StopReason r;
            long budget = 64 + j;
            do {
                r = jit.machine.run(budget);
                assertEquals(interpreted.machine.run(budget), r);
                String at = "pass " + j + " at step " + interpreted.machine.stepCount();
                assertEquals(interpreted.machine.stepCount(), jit.machine.stepCount(), at);
                if (r == Machine.StopReason.BUDGET) {
                    assertEquals(StateDigest.of(interpreted.machine, interpreted.program.instance()),
                            StateDigest.of(jit.machine, jit.program.instance()), at);
                }
                budget = 64;
            } while (r == Machine.StopReason.BUDGET);
            assertEquals(interpreted.out(), jit.out());
        }
    }

    @Test
    void framesCutShortResumeInTheResumeCopiesWhichAPlainRunNeverMakes() throws IOException {
        // sort.wasm with a custom section of its own: translations are shared by module bytes, and no
        // other test may have cut this module's functions short before.
        byte[] sort = Files.readAllBytes(Path.of("..", "samples", "sort.wasm"));
        CompiledModule module = Wasm.load(MachineTest.withOwnTranslations(sort, "resume-copy-test"));

        TierSide plain = new TierSide(module, "", true);
        assertEquals(Machine.StopReason.FINISHED, plain.machine.run(Long.MAX_VALUE));
        List<JitCode> translated = new ArrayList<>();
        for (CompiledFunction f : module.functions()) if (f.jitCode instanceof JitCode jc) translated.add(jc);
        assertFalse(translated.isEmpty(), "the plain run translated functions");
        for (JitCode jc : translated) assertFalse(jc.hasResumeCopy(), "a plain run made a resume copy of function " + jc.functionIndex());

        // In budgets that end inside its loops, it resumes in resume copies, in step with the interpreter.
        TierSide jit = new TierSide(module, "", true);
        TierSide interpreted = new TierSide(module, "", false);
        Machine.StopReason r;
        do {
            r = jit.machine.run(997);
            assertEquals(interpreted.machine.run(997), r);
            String at = "at step " + interpreted.machine.stepCount();
            assertEquals(interpreted.machine.stepCount(), jit.machine.stepCount(), at);
            assertEquals(StateDigest.of(interpreted.machine, interpreted.program.instance()), StateDigest.of(jit.machine, jit.program.instance()), at);
        } while (r == Machine.StopReason.BUDGET);
        assertEquals(plain.out(), jit.out());
        assertEquals(interpreted.out(), jit.out());
        assertTrue(translated.stream().anyMatch(JitCode::hasResumeCopy), "frames cut short resumed in a resume copy");
    }

    @Test
    void trapsLeaveTheInterpretersState() throws IOException {
        CompiledModule module = MachineTest.load("/wat/jit-traps.wasm");
        long f32Big = Float.floatToRawIntBits(3e9f) & 0xFFFFFFFFL;
        long f32Ok = Float.floatToRawIntBits(-7.5f) & 0xFFFFFFFFL;
        Object[][] calls = {
            {"div", new long[] {7, 0}, TrapKind.INTEGER_DIVIDE_BY_ZERO},
            {"div", new long[] {Integer.MIN_VALUE, -1}, TrapKind.INTEGER_OVERFLOW},
            {"div", new long[] {7, 2}, null},
            {"rem_u", new long[] {7, 0}, TrapKind.INTEGER_DIVIDE_BY_ZERO},
            {"div64", new long[] {Long.MIN_VALUE, -1}, TrapKind.INTEGER_OVERFLOW},
            {"store", new long[] {65528}, null},
            {"store", new long[] {65529}, TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS},
            {"store", new long[] {-1}, TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS},
            {"load", new long[] {65531}, null},
            {"load", new long[] {65532}, TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS},
            {"trunc", new long[] {f32Big}, TrapKind.INTEGER_OVERFLOW},
            {"trunc", new long[] {f32Ok}, null},
            {"unreachable", new long[] {3}, TrapKind.UNREACHABLE},
            {"unreachable", new long[] {4}, null},
            {"indirect", new long[] {0}, null},
            {"indirect", new long[] {5}, TrapKind.UNDEFINED_ELEMENT},
            {"down", new long[] {0}, TrapKind.CALL_STACK_EXHAUSTED},
            {"grow", new long[] {65536 + 8}, null},
            {"grow", new long[] {2 * 65536}, TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS},
        };
        for (Object[] c : calls) {
            String name = (String) c[0];
            long[] args = (long[]) c[1];
            TrapKind expected = (TrapKind) c[2];
            String what = name + java.util.Arrays.toString(args);
            Linker la = new Linker();
            Instance ia = la.instantiate(module);
            Machine single = new Machine(la.store(), 2_000, Machine.DEFAULT_MAX_STACK_SLOTS);
            single.setJit(false);
            single.start(ia.exportedFunction(name), args);
            Machine.StopReason r;
            do {
                r = single.step();
            } while (r == Machine.StopReason.BUDGET);
            Linker lb = new Linker();
            Instance ib = lb.instantiate(module);
            Machine jit = new Machine(lb.store(), 2_000, Machine.DEFAULT_MAX_STACK_SLOTS);
            jit.start(ib.exportedFunction(name), args);
            assertEquals(r, jit.run(Long.MAX_VALUE), what);
            assertEquals(expected == null ? Machine.StopReason.FINISHED : Machine.StopReason.TRAPPED, r, what);
            assertEquals(single.stepCount(), jit.stepCount(), what + ": steps");
            if (expected != null) {
                assertEquals(expected, jit.trap().kind(), what);
                assertEquals(single.callDepth(), jit.callDepth(), what + ": frames");
                int d = single.callDepth() - 1;
                assertEquals(single.frame(d).pc(), jit.frame(d).pc(), what + ": the trapping instruction is current");
                assertEquals(single.stackPointer(), jit.stackPointer(), what + ": its operands are on the stack");
            } else {
                assertArrayEquals(single.results(), jit.results(), what);
            }
            assertEquals(StateDigest.of(single, ia), StateDigest.of(jit, ib), what + ": state");
        }
        assertNotNull(((WasmFunction) new Linker().instantiate(module).exportedFunction("div")).code().jitCode, "the JIT tier ran");
    }

    @Test
    void aSnapshotTakenAndRestoredMidRunContinuesAsTheInterpreterWould() throws IOException {
        // Snapshots from a machine whose hot functions are translated, restored into fresh machines that
        // start cold again (and tier up while they run on), against the interpreter stepping the same run.
        CompiledModule module = Wasm.load(Files.readAllBytes(Path.of("..", "samples", "fib.wasm")));
        TierSide reference = new TierSide(module, "7", false);
        List<Long> digests = new ArrayList<>();
        digests.add(StateDigest.of(reference.machine, reference.program.instance()));
        while (reference.machine.step() == Machine.StopReason.BUDGET) digests.add(StateDigest.of(reference.machine, reference.program.instance()));

        TierSide recorded = new TierSide(module, "7", true);
        recorded.machine.setJitThreshold(4);
        List<byte[]> snapshots = new ArrayList<>();
        snapshots.add(io.backstep.engine.snapshot.Snapshot.capture(recorded.machine, recorded.program.instance()));
        while (recorded.machine.run(997) == Machine.StopReason.BUDGET) {
            snapshots.add(io.backstep.engine.snapshot.Snapshot.capture(recorded.machine, recorded.program.instance()));
        }
        int checked = 0;
        for (int c = 0; c < snapshots.size(); c += 3) {
            for (int k : new int[] {64, 65, 301, 996}) {
                long target = (long) c * 997 + k;
                if (target >= digests.size()) continue;
                TierSide restored = new TierSide(module, "7", true);
                restored.machine.setJitThreshold(4);
                io.backstep.engine.snapshot.Snapshot.restore(snapshots.get(c), restored.machine, restored.program.instance());
                assertEquals(Machine.StopReason.BUDGET, restored.machine.run(k));
                assertEquals(target, restored.machine.stepCount());
                assertEquals(digests.get((int) target), StateDigest.of(restored.machine, restored.program.instance()),
                        "restored at " + (long) c * 997 + ", ran " + k);
                checked++;
            }
        }
        assertTrue(checked > 20, "restores checked: " + checked);
    }

    @Test
    void aProbeInATranslatedFunctionStopsThere() throws IOException {
        CompiledModule module = MachineTest.load("/wat/machine.wasm");
        Linker la = new Linker();
        Instance ia = la.instantiate(module);
        Machine jit = new Machine(la.store());
        FunctionInstance fib = ia.exportedFunction("fib");
        assertEquals(55, (int) jit.invoke(fib, 10)[0]);
        CompiledFunction code = ((WasmFunction) fib).code();
        assertNotNull(code.jitCode, "fib was translated");

        // The interpreter's answer: the step at which each instruction first runs in fib(10).
        Linker lb = new Linker();
        Instance ib = lb.instantiate(module);
        Machine single = new Machine(lb.store());
        List<Long> firstRun = new ArrayList<>();
        for (int i = 0; i < code.instructionCount(); i++) firstRun.add(null);
        single.setListener((fn, pc, step) -> {
            if (fn.index() == code.index) {
                int i = code.instructionIndexAt(pc);
                if (firstRun.get(i) == null) firstRun.set(i, step - 1);
            }
        });
        single.invoke(ib.exportedFunction("fib"), 10);
        int checked = 0;
        for (int i = 0; i < code.instructionCount(); i++) {
            if (firstRun.get(i) == null) continue;
            int pc = code.instructionPc(i);
            code.setProbe(pc);
            try {
                jit.start(fib, 10);
                assertEquals(Machine.StopReason.BREAKPOINT, jit.run(Long.MAX_VALUE), "probe on instruction " + i);
                assertEquals(firstRun.get(i).longValue(), jit.stepCount(), "probe on instruction " + i);
                assertEquals(pc, jit.frame(jit.callDepth() - 1).pc());
                checked++;
            } finally {
                code.clearProbe(pc);
            }
        }
        assertTrue(checked > 5, "instructions checked: " + checked);
        jit.start(fib, 10);
        assertEquals(Machine.StopReason.FINISHED, jit.run(Long.MAX_VALUE), "no probe left");
        assertArrayEquals(new long[] {55}, jit.results());
    }
}
