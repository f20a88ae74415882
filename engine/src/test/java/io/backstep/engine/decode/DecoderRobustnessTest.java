package io.backstep.engine.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.ModuleException;
import io.backstep.engine.decode.TestSuite.Command;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.validate.ModuleValidator;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Deterministic mutation fuzzing: no mutated module may produce anything but a ModuleException or success. */
class DecoderRobustnessTest {
    private static final Set<String> SCRIPTS = Set.of("binary", "binary-leb128", "custom", "data", "elem", "global",
            "imports", "exports", "names", "memory", "table", "start", "ref_func", "bulk", "linking", "simd_const",
            "call_indirect", "func", "utf8-custom-section-id");
    private static final int MODULES_PER_SCRIPT = 4;
    private static final int MUTATIONS_PER_MODULE = 120;

    @Test
    void mutatedModulesOnlyFailWithModuleExceptions() {
        List<byte[]> seeds = new ArrayList<>();
        java.util.Map<String, Integer> perScript = new java.util.HashMap<>();
        for (Command c : TestSuite.commands()) {
            if (!c.type().equals("module") || !SCRIPTS.contains(c.script())) continue;
            byte[] b = c.bytes();
            if (b.length < 12) continue;
            int n = perScript.merge(c.script(), 1, Integer::sum);
            if (n <= MODULES_PER_SCRIPT) seeds.add(b);
        }
        assertTrue(seeds.size() >= 40, "too few seed modules: " + seeds.size());

        Random rnd = new Random(0x5EED);
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        int rejected = 0;
        for (byte[] seed : seeds) {
            for (int i = 0; i < MUTATIONS_PER_MODULE; i++) {
                byte[] mutant = mutate(seed, rnd);
                try {
                    WasmModule m = ModuleDecoder.decode(mutant);
                    ModuleValidator.validate(m);
                    ModuleValidator.declaredFunctionReferences(m);
                    accepted++;
                } catch (ModuleException e) {
                    rejected++;
                } catch (Throwable t) { // includes OutOfMemoryError and StackOverflowError on purpose
                    if (failures.size() < 20) failures.add(t + " for " + HexFormat.of().formatHex(mutant));
                }
            }
        }
        System.out.println("[robustness] mutants: " + (accepted + rejected + failures.size())
                + ", accepted: " + accepted + ", rejected: " + rejected);
        assertEquals(List.of(), failures);
        // The mutations must exercise both outcomes, or this test proves nothing.
        assertTrue(accepted > 100, "accepted " + accepted);
        assertTrue(rejected > 1000, "rejected " + rejected);
    }

    private static byte[] mutate(byte[] in, Random rnd) {
        byte[] b = in.clone();
        int rounds = 1 + rnd.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            // Keep the header most of the time so mutations reach the sections.
            int from = rnd.nextInt(10) == 0 ? 0 : Math.min(8, b.length);
            int span = Math.max(1, b.length - from);
            int at = from + rnd.nextInt(span);
            switch (rnd.nextInt(7)) {
                case 0 -> { // random byte
                    if (at < b.length) b[at] = (byte) rnd.nextInt(256);
                }
                case 1 -> { // flip one bit
                    if (at < b.length) b[at] ^= (byte) (1 << rnd.nextInt(8));
                }
                case 2 -> b = java.util.Arrays.copyOf(b, Math.min(b.length, at)); // truncate
                case 3 -> { // insert random bytes
                    int n = 1 + rnd.nextInt(8);
                    byte[] ins = new byte[n];
                    rnd.nextBytes(ins);
                    b = splice(b, Math.min(at, b.length), 0, ins);
                }
                case 4 -> { // delete a range
                    int n = 1 + rnd.nextInt(8);
                    if (at < b.length) b = splice(b, at, Math.min(n, b.length - at), new byte[0]);
                }
                case 5 -> { // LEB128 stress: continuation bits and huge values
                    byte[] leb = rnd.nextBoolean()
                            ? new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}
                            : new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00};
                    if (at < b.length) b = splice(b, at, 1, leb);
                }
                default -> { // small increment/decrement (off-by-one sizes and counts)
                    if (at < b.length) b[at] += (byte) (rnd.nextBoolean() ? 1 : -1);
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }
}
