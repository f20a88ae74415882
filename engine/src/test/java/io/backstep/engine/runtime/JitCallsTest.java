package io.backstep.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.jit.JitCode;
import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.ValType;
import io.backstep.engine.snapshot.Snapshot;
import io.backstep.engine.snapshot.StateDigest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Calls between translated functions are JVM calls ({@link Machine#jitEnter}); these tests check
 * that this stays invisible: at every stop (budget end, trap, host call, snapshot) the frames are data
 * exactly as the interpreter holds them, and recursion ends in the interpreter's trap at the
 * interpreter's depth, never in a JVM stack overflow.
 */
class JitCallsTest {
    private static CompiledModule module() throws IOException {
        return MachineTest.load("/wat/jit-calls.wasm");
    }

    /** An instance of jit-calls.wasm and a machine on it; the host function records the state it is called in. */
    private static final class Side {
        final Instance instance;
        final Machine machine;
        final List<String> hostCalls = new ArrayList<>();

        Side(CompiledModule module, boolean jit, int maxCallDepth) {
            Linker linker = new Linker();
            AtomicReference<Machine> self = new AtomicReference<>();
            linker.defineHost("env", "host", FuncType.of(new ValType[] {ValType.I32}, ValType.I32), (context, args) -> {
                Machine m = self.get();
                int d = m.callDepth();
                hostCalls.add("depth " + d + " step " + m.stepCount() + " pc " + m.frame(d - 1).pc() + " sp " + m.stackPointer()
                        + " state " + m.digest(1));
                return new long[] {args[0] * 3};
            });
            instance = linker.instantiate(module);
            machine = new Machine(linker.store(), maxCallDepth, Machine.DEFAULT_MAX_STACK_SLOTS);
            self.set(machine);
            machine.setJit(jit);
            machine.setJitThreshold(0);
        }

        Side(CompiledModule module, boolean jit) {
            this(module, jit, Machine.DEFAULT_MAX_CALL_DEPTH);
        }

        void start(String export, long... args) {
            machine.start(instance.exportedFunction(export), args);
        }

        long digest() {
            return StateDigest.of(machine, instance);
        }
    }

    /** Runs {@code export} in budgets of pseudo-random size on both tiers and compares every stop. */
    @ParameterizedTest
    @CsvSource({"fib,18,", "rec,3000,", "indirect,400,", "pairs,300,", "to_host,40,", "to_trap,60,0", "to_trap,60,7",
        "through_table,0,5", "through_table,3,5", "through_table,2,11", "through_table,9,5"})
    void everyStopOfCallHeavyCodeIsTheInterpreters(String export, long a, Long b) throws IOException {
        CompiledModule module = module();
        long[] args = b == null ? new long[] {a} : new long[] {a, b};
        for (int seed = 0; seed < 3; seed++) {
            Side jit = new Side(module, true);
            Side interpreted = new Side(module, false);
            jit.start(export, args);
            interpreted.start(export, args);
            Random random = new Random(seed * 31L + export.hashCode());
            Machine.StopReason r;
            int stops = 0;
            do {
                long budget = seed == 0 ? Long.MAX_VALUE : 64 + random.nextInt(seed == 1 ? 100 : 5_000);
                r = jit.machine.run(budget);
                Machine.StopReason expected = interpreted.machine.run(budget);
                String at = export + " seed " + seed + " stop " + stops + " at step " + interpreted.machine.stepCount();
                assertEquals(expected, r, at);
                assertSameState(interpreted, jit, at);
                stops++;
            } while (r == Machine.StopReason.BUDGET);
            if (r == Machine.StopReason.FINISHED) {
                assertArrayEquals(interpreted.machine.results(), jit.machine.results(), export);
            } else {
                assertEquals(Machine.StopReason.TRAPPED, r, export);
                assertEquals(interpreted.machine.trap().kind(), jit.machine.trap().kind(), export);
            }
            assertEquals(interpreted.hostCalls, jit.hostCalls, export + ": the state at each host call");
        }
        WasmFunction fn = (WasmFunction) new Side(module, true).instance.exportedFunction(export);
        assertNotNull(fn.code().jitCode, export + " ran translated");
    }

    /**
     * jit-declined.wasm's loop calls a function without a translated entry, so the machine declines
     * every call and the loop comes back at the instruction after it, none of its methods' entries. After
     * a few such calls that is interpreted up to the loop head; once they keep coming, the rest of each
     * iteration runs in the resume copy (interpreted one instruction at a time, the loop ran 3.5x
     * slower than with the JIT tier off). Either way every stop is the interpreter's.
     */
    @Test
    void aLoopAroundADeclinedCallRunsItsRestInTheResumeCopyOnceItKeepsComingBack() throws IOException {
        byte[] bytes;
        try (var in = JitCallsTest.class.getResourceAsStream("/wat/jit-declined.wasm")) {
            bytes = in.readAllBytes();
        }
        // Translations, and their counts of declined calls, are shared by module bytes.
        CompiledModule module = Wasm.load(MachineTest.withOwnTranslations(bytes, "declined-calls-test"));

        int few = JitCode.DECLINED_CALLS - 4;
        Side once = new Side(module, true);
        once.start("loop", few);
        assertEquals(Machine.StopReason.FINISHED, once.machine.run(Long.MAX_VALUE));
        Side reference = new Side(module, false);
        reference.start("loop", few);
        reference.machine.run(Long.MAX_VALUE);
        assertArrayEquals(reference.machine.results(), once.machine.results());
        JitCode loop = (JitCode) ((WasmFunction) once.instance.exportedFunction("loop")).code().jitCode;
        assertNotNull(loop, "the loop ran translated");
        assertNull(((WasmFunction) once.instance.function(0)).code().jitEntry, "the callee has no translated entry");
        assertFalse(loop.hasResumeCopy(), "a few declined calls make no resume copy");

        for (int seed = 0; seed < 3; seed++) {
            Side jit = new Side(module, true);
            Side interpreted = new Side(module, false);
            jit.start("loop", 3_000);
            interpreted.start("loop", 3_000);
            Random random = new Random(seed);
            Machine.StopReason r;
            int stops = 0;
            do {
                long budget = seed == 0 ? Long.MAX_VALUE : 50 + random.nextInt(seed == 1 ? 100 : 3_000);
                r = jit.machine.run(budget);
                assertEquals(interpreted.machine.run(budget), r);
                assertSameState(interpreted, jit, "seed " + seed + " stop " + stops++);
            } while (r == Machine.StopReason.BUDGET);
            assertEquals(Machine.StopReason.FINISHED, r);
            assertArrayEquals(interpreted.machine.results(), jit.machine.results());
            assertTrue(loop.hasResumeCopy(), "the loop's rest ran in the resume copy");
        }
    }

    private static void assertSameState(Side expected, Side actual, String at) {
        Machine e = expected.machine;
        Machine a = actual.machine;
        assertEquals(e.stepCount(), a.stepCount(), at + ": steps");
        assertEquals(e.status(), a.status(), at);
        assertEquals(e.callDepth(), a.callDepth(), at + ": frames");
        for (int i = 0; i < e.callDepth(); i++) {
            FrameView fe = e.frame(i);
            FrameView fa = a.frame(i);
            assertEquals(fe.function().index(), fa.function().index(), at + ": function of frame " + i);
            assertEquals(fe.pc(), fa.pc(), at + ": pc of frame " + i);
            assertEquals(fe.base(), fa.base(), at + ": base of frame " + i);
            assertEquals(fe.top(), fa.top(), at + ": top of frame " + i);
        }
        assertEquals(e.stackPointer(), a.stackPointer(), at);
        for (int i = 0; i < e.stackPointer(); i++) assertEquals(e.slot(i), a.slot(i), at + ": slot " + i);
        assertEquals(expected.digest(), actual.digest(), at + ": state");
    }

    @Test
    void aProbeSetInATranslatedCalleeStopsItsTranslatedCaller() throws IOException {
        CompiledModule module = module();
        Side jit = new Side(module, true);
        Side interpreted = new Side(module, false);
        // A first run translates the loop and its callees (threshold 0).
        assertArrayEquals(interpreted.machine.invoke(interpreted.instance.exportedFunction("indirect"), 40),
                jit.machine.invoke(jit.instance.exportedFunction("indirect"), 40));
        CompiledFunction inc = ((WasmFunction) jit.instance.functions[2]).code(); // $inc (the import is function 0)
        assertNotNull(inc.jitEntry, "$inc runs translated when called from translated code");
        int pc = inc.instructionPc(1);
        inc.setProbe(pc);
        try {
            assertNull(inc.jitEntry, "a function with a probe is not entered translated");
            jit.start("indirect", 40);
            interpreted.start("indirect", 40);
            assertEquals(Machine.StopReason.BREAKPOINT, interpreted.machine.run(Long.MAX_VALUE));
            assertEquals(Machine.StopReason.BREAKPOINT, jit.machine.run(Long.MAX_VALUE));
            assertEquals(pc, jit.machine.frame(jit.machine.callDepth() - 1).pc());
            assertSameState(interpreted, jit, "at the probe");
        } finally {
            inc.clearProbe(pc);
        }
        assertNotNull(inc.jitEntry, "without probes the translation is entered again");
        assertEquals(interpreted.machine.run(Long.MAX_VALUE), jit.machine.run(Long.MAX_VALUE));
        assertArrayEquals(interpreted.machine.results(), jit.machine.results());
        assertSameState(interpreted, jit, "at the end");
    }

    @Test
    void recursionOfAMillionTranslatedCallsNeedsLittleJvmStack() throws Exception {
        // Translated calls nest as JVM calls only up to a bound; deeper ones go through the machine, so a
        // million Wasm frames run on a thread whose stack holds a few hundred JVM frames of translated code.
        CompiledModule module = module();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                Side jit = new Side(module, true, 1_100_000);
                long[] r = jit.machine.invoke(jit.instance.exportedFunction("rec"), 1_000_000);
                outcome.set(new long[] {r[0], jit.machine.stepCount()});
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "small stack", 384 * 1024);
        small.start();
        small.join();
        if (outcome.get() instanceof Throwable t) throw new AssertionError("recursion of a million calls failed", t);
        long[] got = (long[]) outcome.get();
        assertEquals(1_000_000, got[0]);
        Side interpreted = new Side(module, false, 1_100_000);
        assertArrayEquals(new long[] {1_000_000}, interpreted.machine.invoke(interpreted.instance.exportedFunction("rec"), 1_000_000));
        assertEquals(interpreted.machine.stepCount(), got[1], "steps");
    }

    @Test
    void deepRecursionIsTheInterpretersTrapAtItsDepth() throws IOException {
        CompiledModule module = module();
        Side jit = new Side(module, true);
        Side interpreted = new Side(module, false);
        jit.start("rec", 1_000_000);
        interpreted.start("rec", 1_000_000);
        assertEquals(Machine.StopReason.TRAPPED, interpreted.machine.run(Long.MAX_VALUE));
        assertEquals(Machine.StopReason.TRAPPED, jit.machine.run(Long.MAX_VALUE));
        assertEquals(TrapKind.CALL_STACK_EXHAUSTED, jit.machine.trap().kind());
        assertEquals(Machine.DEFAULT_MAX_CALL_DEPTH, interpreted.machine.callDepth());
        assertSameState(interpreted, jit, "call stack exhausted");
    }

    @Test
    void budgetsEndingAtEveryStepOfNestedCallsMatchTheInterpreter() throws IOException {
        // Pass j stops at steps j + 64, j + 128, ...: over 64 passes a run ends before every instruction of
        // fib(9) once, at every depth of its nested translated calls.
        CompiledModule module = module();
        for (int j = 0; j < 64; j++) {
            Side jit = new Side(module, true);
            Side interpreted = new Side(module, false);
            jit.start("fib", 9);
            interpreted.start("fib", 9);
            long budget = 64 + j;
            Machine.StopReason r;
            do {
                r = jit.machine.run(budget);
                assertEquals(interpreted.machine.run(budget), r);
                assertSameState(interpreted, jit, "pass " + j + " at step " + interpreted.machine.stepCount());
                budget = 64;
            } while (r == Machine.StopReason.BUDGET);
            assertArrayEquals(new long[] {34}, jit.machine.results());
        }
    }

    @Test
    void aSnapshotTakenInsideNestedTranslatedCallsRestoresIntoAColdMachine() throws IOException {
        CompiledModule module = module();
        Side recorded = new Side(module, true);
        recorded.start("to_host", 30);
        Random random = new Random(5);
        int checked = 0;
        while (true) {
            Machine.StopReason r = recorded.machine.run(64 + random.nextInt(40));
            if (r != Machine.StopReason.BUDGET) break;
            if (recorded.machine.callDepth() < 3) continue;
            byte[] snapshot = Snapshot.capture(recorded.machine, recorded.instance);
            long at = recorded.machine.stepCount();
            int ahead = 64 + random.nextInt(100);
            Side restored = new Side(module, true);
            restored.start("to_host", 30);
            Snapshot.restore(snapshot, restored.machine, restored.instance);
            Side reference = new Side(module, false);
            reference.start("to_host", 30);
            assertEquals(Machine.StopReason.BUDGET, reference.machine.run(at));
            assertSameState(reference, restored, "restored at " + at);
            Machine.StopReason expected = reference.machine.run(ahead);
            assertEquals(expected, restored.machine.run(ahead), "restored at " + at + ", ran " + ahead);
            assertSameState(reference, restored, "restored at " + at + ", ran " + ahead);
            checked++;
        }
        assertTrue(checked > 5, "snapshots checked: " + checked);
    }
}
