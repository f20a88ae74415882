package io.backstep.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The machine's debugger-facing contract: exact steps, budgets, breakpoints, traps that leave state inspectable. */
class MachineTest {
    private CompiledModule module;
    private Instance instance;
    private Machine machine;

    /**
     * {@code module} with a custom section named {@code name} appended: the same module to the engine,
     * but other bytes, so its translations (shared by module bytes) are its own and no other test's.
     */
    static byte[] withOwnTranslations(byte[] module, String name) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(module, module.length + 3 + n.length);
        bytes[module.length] = 0; // a custom section: its size, its name
        bytes[module.length + 1] = (byte) (1 + n.length);
        bytes[module.length + 2] = (byte) n.length;
        System.arraycopy(n, 0, bytes, module.length + 3, n.length);
        return bytes;
    }

    static CompiledModule load(String resource) throws IOException {
        try (InputStream in = MachineTest.class.getResourceAsStream(resource)) {
            return Wasm.load(in.readAllBytes());
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        module = load("/wat/machine.wasm");
        Linker linker = new Linker();
        instance = linker.instantiate(module);
        machine = new Machine(linker.store());
    }

    private static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    @Test
    void invokeComputesResults() {
        assertEquals(fib(20), (int) machine.invoke(instance.exportedFunction("fib"), 20)[0]);
        assertEquals(fib(20) * 0 + 7, (int) machine.invoke(instance.exportedFunction("div"), 21, 3)[0]);
        // 0*3 + 1*3 + ... + 9*3 = 135, each stored as a byte
        assertEquals(135, (int) machine.invoke(instance.exportedFunction("fill_sum"), 10)[0]);
    }

    @Test
    void runningInChunksReachesTheSameStepAndResult() {
        FunctionInstance f = instance.exportedFunction("fib");
        machine.start(f, 15);
        assertEquals(Machine.StopReason.FINISHED, machine.run(Long.MAX_VALUE));
        long total = machine.stepCount();
        long[] expected = machine.results();

        machine.start(f, 15);
        int chunks = 0;
        Machine.StopReason r;
        do {
            r = machine.run(37);
            chunks++;
            assertTrue(machine.stepCount() <= total);
        } while (r == Machine.StopReason.BUDGET);
        assertEquals(Machine.StopReason.FINISHED, r);
        assertEquals(total, machine.stepCount());
        assertArrayEquals(expected, machine.results());
        assertTrue(chunks > 10, "fib(15) takes thousands of steps, so many chunks");
    }

    @Test
    void budgetsEndingAnywhereMatchSingleStepping() {
        // The warm-up module contains every fused pair, so budgets of 1..5 end runs between the two
        // halves of each of them; the state after every run must be the single-stepped state.
        CompiledModule warm = Wasm.load(InterpreterWarmUp.module());
        for (int budget : new int[] {1, 2, 3, 4, 5, 6, 7, 11, 64, 1000}) {
            Linker la = InterpreterWarmUp.linker();
            Instance ia = la.instantiate(warm);
            Machine single = new Machine(la.store());
            Linker lb = InterpreterWarmUp.linker();
            Instance ib = lb.instantiate(warm);
            Machine chunked = new Machine(lb.store());
            single.start(ia.exportedFunction("w"), 6);
            chunked.start(ib.exportedFunction("w"), 6);
            Machine.StopReason r;
            int runs = 0;
            do {
                r = chunked.run(budget);
                runs++;
                Machine.StopReason last = Machine.StopReason.BUDGET;
                while (single.stepCount() < chunked.stepCount()) last = single.step();
                assertEquals(r, last, "both stop for the same reason");
                assertEquals(single.stepCount(), chunked.stepCount());
                if (r == Machine.StopReason.BUDGET) {
                    assertEquals(single.stepCount(), (long) runs * budget, "a run executes exactly its budget");
                    assertEquals(single.callDepth(), chunked.callDepth());
                    assertEquals(single.frame(single.callDepth() - 1).pc(), chunked.frame(chunked.callDepth() - 1).pc(),
                            "pc after " + chunked.stepCount() + " steps in runs of " + budget);
                    assertEquals(io.backstep.engine.snapshot.StateDigest.of(single, ia), io.backstep.engine.snapshot.StateDigest.of(chunked, ib),
                            "state after " + chunked.stepCount() + " steps in runs of " + budget);
                }
            } while (r == Machine.StopReason.BUDGET);
            assertEquals(Machine.StopReason.FINISHED, r);
            assertArrayEquals(single.results(), chunked.results());
            assertTrue(runs > 2, "several runs: " + runs);
        }
    }

    @Test
    void aProbeOnAnyInstructionOfAFusedRunStopsThere() {
        // Probes on instructions in the middle or at the end of fused runs must still stop: setting
        // one shortens or un-fuses the runs before it, clearing it restores them.
        CompiledModule warm = Wasm.load(InterpreterWarmUp.module());
        Linker la = InterpreterWarmUp.linker();
        Instance ia = la.instantiate(warm);
        Machine single = new Machine(la.store());
        single.start(ia.exportedFunction("w"), 3);
        java.util.Map<Long, Long> firstStep = new java.util.HashMap<>();
        Machine.StopReason r;
        do {
            FrameView top = single.frame(single.callDepth() - 1);
            firstStep.putIfAbsent(((long) top.function().index() << 32) | top.pc(), single.stepCount());
            r = single.step();
        } while (r == Machine.StopReason.BUDGET);
        CompiledFunction code = warm.function(((WasmFunction) ia.exportedFunction("w")).index());
        int checked = 0;
        for (int i = 0; i < code.instructionCount(); i++) {
            int pc = code.instructionPc(i);
            Long expected = firstStep.get(((long) code.index << 32) | pc);
            if (expected == null) continue;
            code.setProbe(pc);
            // A fresh instance each time: memory and globals must start as the oracle's did.
            Linker lb = InterpreterWarmUp.linker();
            Instance ib = lb.instantiate(warm);
            Machine probed = new Machine(lb.store());
            probed.start(ib.exportedFunction("w"), 3);
            assertEquals(Machine.StopReason.BREAKPOINT, probed.run(Long.MAX_VALUE), "probe at instruction " + i);
            assertEquals(expected, probed.stepCount(), "first reached at step " + expected + ": instruction " + i);
            assertEquals(pc, probed.frame(probed.callDepth() - 1).pc());
            code.clearProbe(pc);
            checked++;
        }
        assertTrue(checked > 100, "instructions checked: " + checked);
        for (int i = 0; i < code.instructionCount(); i++) {
            int pc = code.instructionPc(i);
            assertEquals(code.single[pc], code.opcodeAt(pc), "no probe left in the unfused copy");
        }
        // With every probe cleared the code is fused as before: a full run gives the single-stepped result.
        Linker lb = InterpreterWarmUp.linker();
        Instance ib = lb.instantiate(warm);
        Machine probed = new Machine(lb.store());
        probed.start(ib.exportedFunction("w"), 3);
        assertEquals(Machine.StopReason.FINISHED, probed.run(Long.MAX_VALUE));
        assertEquals(single.stepCount(), probed.stepCount());
        assertArrayEquals(single.results(), probed.results());
    }

    @Test
    void trapsInsideFusedRunsMatchSingleStepping() throws IOException {
        // A load that traps inside a fused run must leave the state single stepping leaves: the
        // instructions before it completed (counted, their values on the stack), the load current.
        CompiledModule fused = load("/wat/fused.wasm");
        for (String name : List.of("q", "t", "b", "e", "s", "c", "l", "u", "n")) {
            for (int address : new int[] {0, 50, 65528, 65532, 65534, 65536, 65540, -1}) {
                Linker la = new Linker();
                Instance ia = la.instantiate(fused);
                Machine single = new Machine(la.store());
                single.start(ia.exportedFunction(name), address);
                Machine.StopReason r;
                do {
                    r = single.step();
                } while (r == Machine.StopReason.BUDGET);
                Linker lb = new Linker();
                Instance ib = lb.instantiate(fused);
                Machine whole = new Machine(lb.store());
                whole.start(ib.exportedFunction(name), address);
                String what = name + "(" + address + ")";
                assertEquals(r, whole.run(Long.MAX_VALUE), what);
                assertEquals(single.stepCount(), whole.stepCount(), what + ": steps");
                if (r == Machine.StopReason.TRAPPED) {
                    assertEquals("out of bounds memory access", whole.trap().getMessage(), what);
                    FrameView a = single.frame(single.callDepth() - 1);
                    FrameView b = whole.frame(whole.callDepth() - 1);
                    assertEquals(a.pc(), b.pc(), what + ": the load is current");
                    assertEquals(a.wasmOffset(), b.wasmOffset(), what);
                    assertEquals(io.backstep.engine.snapshot.StateDigest.of(single, ia), io.backstep.engine.snapshot.StateDigest.of(whole, ib),
                            what + ": state");
                } else {
                    assertArrayEquals(single.results(), whole.results(), what);
                }
            }
        }
    }

    @Test
    void warmUpModuleRunsWithoutTrapping() {
        // A trap would silently cut the JIT warm-up short; every argument it uses must run to the end.
        Linker l = InterpreterWarmUp.linker();
        Instance i = l.instantiate(Wasm.load(InterpreterWarmUp.module()));
        Machine m = new Machine(l.store());
        for (int x = 0; x < 10; x++) {
            m.start(i.exportedFunction("all"), x);
            assertEquals(Machine.StopReason.FINISHED, m.run(Long.MAX_VALUE), "all(" + x + ")");
        }
        m.start(i.exportedFunction("w"), 8);
        assertEquals(Machine.StopReason.FINISHED, m.run(Long.MAX_VALUE));
    }

    @Test
    void singleSteppingCountsEveryInstructionOnce() {
        FunctionInstance f = instance.exportedFunction("fill_sum");
        machine.start(f, 5);
        long n = 0;
        while (machine.step() != Machine.StopReason.FINISHED) {
            n++;
            assertEquals(n, machine.stepCount());
        }
        assertEquals(n + 1, machine.stepCount());
        assertEquals(3 * (0 + 1 + 2 + 3 + 4), (int) machine.results()[0]);
    }

    @Test
    void listenerSeesEveryInstruction() {
        List<Long> seen = new ArrayList<>();
        machine.setListener((fn, pc, step) -> seen.add(step));
        machine.start(instance.exportedFunction("fib"), 6);
        assertEquals(Machine.StopReason.FINISHED, machine.run(Long.MAX_VALUE));
        assertEquals(machine.stepCount(), seen.size());
        for (int i = 0; i < seen.size(); i++) assertEquals(i + 1, seen.get(i));
    }

    @Test
    void deepRecursionTrapsWithCallStackExhausted() {
        TrapException t = assertThrows(TrapException.class, () -> machine.invoke(instance.exportedFunction("forever"), 0));
        assertEquals(TrapKind.CALL_STACK_EXHAUSTED, t.kind());
        assertEquals(Machine.Status.TRAPPED, machine.status());
        assertTrue(machine.callDepth() > 1000, "the frames are still there to inspect");
    }

    @Test
    void trapLeavesTheTrappingInstructionCurrent() {
        machine.start(instance.exportedFunction("div_indirect"), 1, 0);
        assertEquals(Machine.StopReason.TRAPPED, machine.run(Long.MAX_VALUE));
        assertEquals(TrapKind.INTEGER_DIVIDE_BY_ZERO, machine.trap().kind());
        assertEquals(2, machine.callDepth());
        FrameView top = machine.frame(1);
        assertEquals("div", top.function().displayName());
        CompiledFunction code = top.function().code();
        // The current instruction is the i32.div_s (opcode 0x6D) and both operands are still on the stack.
        assertEquals(0x6D, code.opcodeAt(top.pc()));
        assertEquals(2, top.top() - top.operandBase());
        assertEquals(1, machine.slot(top.operandBase()));
        assertEquals(0, machine.slot(top.operandBase() + 1));
        long stepsAtTrap = machine.stepCount();
        assertEquals(Machine.StopReason.TRAPPED, machine.run(10));
        assertEquals(stepsAtTrap, machine.stepCount(), "a trapped machine does not move");
    }

    @Test
    void breakpointStopsBeforeTheInstructionAndResumes() {
        WasmFunction fib = (WasmFunction) instance.exportedFunction("fib");
        CompiledFunction code = fib.code();
        int entryPc = code.instructionPc(0);
        code.setProbe(entryPc);
        try {
            machine.start(fib, 4);
            int hits = 0;
            Machine.StopReason r;
            while ((r = machine.run(Long.MAX_VALUE)) == Machine.StopReason.BREAKPOINT) {
                hits++;
                FrameView top = machine.frame(machine.callDepth() - 1);
                assertEquals(entryPc, top.pc());
                assertEquals(hits, machine.callDepth(), "fib(4) enters one level deeper at first");
                if (hits == 3) break;
            }
            assertEquals(3, hits);
            // Disable the probe and finish: the result must be unaffected by the stops.
            code.clearProbe(entryPc);
            assertEquals(Machine.StopReason.FINISHED, machine.run(Long.MAX_VALUE));
            assertEquals(fib(4), (int) machine.results()[0]);
        } finally {
            code.clearProbe(entryPc);
        }
    }

    @Test
    void breakpointHitsCountEveryCall() {
        WasmFunction fib = (WasmFunction) instance.exportedFunction("fib");
        CompiledFunction code = fib.code();
        int entryPc = code.instructionPc(0);
        code.setProbe(entryPc);
        try {
            machine.start(fib, 10);
            int hits = 0;
            while (machine.run(Long.MAX_VALUE) == Machine.StopReason.BREAKPOINT) hits++;
            assertEquals(Machine.Status.FINISHED, machine.status());
            assertEquals(fib(10), (int) machine.results()[0]);
            // fib(n) makes calls(n) = calls(n-1) + calls(n-2) + 1 calls
            int[] calls = new int[11];
            calls[0] = calls[1] = 1;
            for (int i = 2; i <= 10; i++) calls[i] = calls[i - 1] + calls[i - 2] + 1;
            assertEquals(calls[10], hits);
        } finally {
            code.clearProbe(entryPc);
        }
    }

    @Test
    void runawayLoopIsPausableByBudget() {
        machine.start(instance.exportedFunction("spin"));
        assertEquals(Machine.StopReason.BUDGET, machine.run(1_000_000));
        assertEquals(1_000_000, machine.stepCount());
        assertEquals(Machine.StopReason.BUDGET, machine.run(5));
        assertEquals(1_000_005, machine.stepCount());
    }

    @Test
    void wasmOffsetsPointAtInstructionsInTheModule() {
        WasmFunction fib = (WasmFunction) instance.exportedFunction("fib");
        CompiledFunction code = fib.code();
        byte[] bytes = module.module().bytes();
        // The first instruction of fib is global.get (0x23).
        assertEquals(0x23, bytes[code.wasmOffset(code.instructionPc(0))] & 0xFF);
        for (int i = 0; i < code.instructionCount(); i++) {
            int pc = code.instructionPc(i);
            assertEquals(pc, code.pcForWasmOffset(code.wasmOffset(pc)));
        }
    }
}
