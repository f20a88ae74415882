package io.backstep.engine.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.WasmException;
import io.backstep.engine.spec.SpecTestSuiteTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fused opcodes live in codes the lowering never emits (Wasm's own codes for control instructions it
 * lowers away, and unused ones): checked over every valid module of the spec testsuite. And fusion's
 * choice by dispatch count never makes straight-line code take more dispatches than no fusion.
 */
class FusionTest {
    @Test
    void loweredCodeNeverUsesAFusedOpcode() throws IOException {
        Path json = SpecTestSuiteTest.suiteRoot().resolve("json");
        int modules = 0;
        int instructions = 0;
        int fusedAtLeastOnce = 0;
        List<Path> files;
        try (Stream<Path> s = Files.walk(json)) {
            files = s.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        }
        for (Path file : files) {
            CompiledModule m;
            try {
                m = Wasm.load(Files.readAllBytes(file));
            } catch (WasmException e) {
                continue; // malformed and invalid modules are the decoder's tests
            }
            modules++;
            for (CompiledFunction f : m.functions()) {
                for (int i = 0; i < f.instructionCount(); i++) {
                    int pc = f.instructionPc(i);
                    int plain = f.opcodeAt(pc);
                    assertEquals(1, Fusion.runLength(plain), file.getFileName() + ": instruction " + i + " of function "
                            + f.index + " has opcode 0x" + Integer.toHexString(plain) + ", which is also a fused opcode");
                    instructions++;
                    if (Fusion.runLength(f.code[pc]) > 1) fusedAtLeastOnce++;
                }
            }
        }
        assertTrue(modules > 1000, "valid modules checked: " + modules);
        assertTrue(fusedAtLeastOnce > 0 && fusedAtLeastOnce < instructions, fusedAtLeastOnce + " of " + instructions + " start a fused run");
    }

    @Test
    void dispatchCostsNeverExceedOnePerInstructionAndFavourTheLongerTiling() {
        // local.get; i32.load; i32.const; i32.add; i32.store: greedy longest-first would take the pair
        // (local.get; i32.load) and then need three more; the load's run of four leaves two dispatches.
        int[] ops = {Op.LOCAL_GET, Op.I32_LOAD, Op.I32_CONST, 0x6A, Op.I32_STORE};
        int[] cost = Fusion.dispatchCosts(ops);
        assertEquals(2, cost[0]);
        for (int i = 0; i < ops.length; i++) assertTrue(cost[i] <= ops.length - i);
        assertEquals(Op.LOCAL_GET, Fusion.best(ops, cost, 0, Fusion.MAX_RUN), "the local.get runs alone");
        assertEquals(Fusion.I32_LOAD_I32_CONST_I32_ADD_I32_STORE, Fusion.best(ops, cost, 1, Fusion.MAX_RUN));
    }
}
