package io.backstep.engine.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Linker;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.WasmFunction;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link CompilationWatch}: its decision on made-up lists of HotSpot's, and the whole watch in child
 * JVMs (the test JVM runs with the watch off): one where HotSpot is told never to compile translated
 * code, which must end with the hot function interpreted after its second translation (in smaller
 * methods) is refused too; one where only the first translation is refused, and the second stays; and
 * one where HotSpot compiles as usual, where nothing may be replaced.
 */
class CompilationWatchTest {
    private static final String A = "io.backstep.engine.runtime.Jit$1/0x0000000800c01000";
    private static final String B = "io.backstep.engine.runtime.Jit$14/0x0000000800c02000";

    @Test
    void aMethodIsLookedUpOnlyOnceHot() {
        CompilationWatch.Tally tally = new CompilationWatch.Tally(3);
        assertFalse(tally.sample(A + ".chunk0"));
        assertFalse(tally.sample(A + ".chunk0"));
        assertFalse(tally.sample(B + ".chunk0"), "samples are counted per method");
        assertTrue(tally.sample(A + ".chunk0"));
    }

    @Test
    void aHotMethodMissingFromBothListsAtTwoLooksIsRefused() {
        CompilationWatch.Tally tally = new CompilationWatch.Tally(2);
        String codelist = "61 3 0 " + B + ".chunk0(Lio/backstep/engine/runtime/Machine;[JIIJLio/backstep/engine/runtime/Instance;)I [0x1, 0x2 - 0x3]\n";
        String queue = "C1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n";
        tally.sample(A + ".chunk0");
        tally.sample(A + ".chunk0");
        assertEquals(List.of(), tally.look(codelist, queue), "one look is not enough");
        tally.sample(A + ".chunk0");
        assertEquals(List.of(), tally.look(codelist, queue), "nor a second before it is hot again");
        tally.sample(A + ".chunk0");
        assertEquals(List.of(A + ".chunk0"), tally.look(codelist, queue));
        assertFalse(tally.sample(A + ".chunk0"), "a refused method is not looked at again");
    }

    @Test
    void aCompiledOrQueuedMethodIsNotRefused() {
        CompilationWatch.Tally tally = new CompilationWatch.Tally(1);
        // Jit$14's chunk0 compiled (the code list), chunk1 waiting (the queue), Jit$1's chunk0 neither:
        // names that share a prefix must not be taken for one another.
        String codelist = "61 3 0 " + B + ".chunk0(Lio/backstep/engine/runtime/Machine;)I [0x1, 0x2 - 0x3]\n"
                + "62 4 0 " + A + "0.chunk0(Lio/backstep/engine/runtime/Machine;)I [0x1, 0x2 - 0x3]\n";
        String queue = "C1 compile queue:\n   523       3       " + B + "::chunk1 (4011 bytes)\n\nC2 compile queue:\nEmpty\n";
        for (int look = 0; look < 3; look++) {
            tally.sample(B + ".chunk0");
            tally.sample(B + ".chunk1");
            tally.sample(A + ".chunk0");
            List<String> refused = tally.look(codelist, queue);
            assertEquals(look == 1 ? List.of(A + ".chunk0") : List.of(), refused, "look " + look);
        }
        assertEquals(1, tally.compiledCount());
        assertFalse(tally.sample(B + ".chunk0"), "a compiled method is not looked at again");
        assertTrue(tally.sample(B + ".chunk1"), "a queued one is, until it is compiled");
    }

    @Test
    void aTranslationHotSpotDoesNotCompileIsReplacedThenDroppedAndTheFunctionInterpreted() throws Exception {
        // HotSpot told never to compile translated classes: a stand-in for a method it refuses (both
        // translations, the second in smaller methods).
        String out = child("refused", "-XX:CompileCommand=quiet", "-XX:CompileCommand=exclude,io.backstep.engine.runtime.Jit$*::*");
        // Refused in its first translation, then in the second, in smaller methods.
        String function = "function " + FILL_SUM + " (translated method Jit$" + FILL_SUM;
        assertTrue(out.contains("refusals [" + function + ".chunk0): translated again in smaller methods, "
                + function + "$small.chunk0): interpreted]"), out);
        assertTrue(out.contains("after: translated false, refused true, result ok"), out);
    }

    @Test
    void aTranslationHotSpotRefusesIsTranslatedAgainInSmallerMethodsWhichItCompiles() throws Exception {
        // HotSpot told not to compile fill_sum's first translation (Jit$4, not Jit$4$small): it is
        // replaced by one in smaller methods, which HotSpot compiles and which then stays.
        String out = child("compiled", "-XX:CompileCommand=quiet", "-XX:CompileCommand=exclude,io.backstep.engine.runtime.Jit$" + FILL_SUM + "+*::*");
        assertTrue(out.contains("refusals [function " + FILL_SUM + " (translated method Jit$" + FILL_SUM + ".chunk0): translated again in smaller methods]"), out);
        assertTrue(out.contains("after: translated true, refused false, result ok"), out);
    }

    @Test
    void translationsHotSpotCompilesAreKept() throws Exception {
        String out = child("compiled");
        assertTrue(out.contains("refusals []"), out);
        assertTrue(out.contains("after: translated true, refused false, result ok"), out);
    }

    /** fill_sum's index in machine.wasm. */
    private static final int FILL_SUM = 4;

    private static String child(String mode, String... jvmOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-Dbackstep.jit.watch=true", "-Dbackstep.jit.watch.periodMs=20", "-Dbackstep.jit.threshold=0",
                "-cp", System.getProperty("java.class.path"), CompilationWatchTest.class.getName(), mode));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "child JVM finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /**
     * The child: runs fill_sum over the whole memory page until the watch has decided (two refusals, or
     * the hot method found compiled), then once more, and reports the function's tier.
     */
    public static void main(String[] args) throws Exception {
        boolean wantRefusal = args[0].equals("refused");
        CompiledModule module;
        try (InputStream in = CompilationWatchTest.class.getResourceAsStream("/wat/machine.wasm")) {
            module = Wasm.load(in.readAllBytes());
        }
        Linker linker = new Linker();
        Instance instance = linker.instantiate(module);
        Machine machine = new Machine(linker.store());
        WasmFunction fillSum = (WasmFunction) instance.exportedFunction("fill_sum");
        int n = 65536;
        long expected = 0;
        for (int i = 0; i < n; i++) expected += (i * 3) & 0xFF;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (machine.invoke(fillSum, n)[0] != expected) throw new AssertionError("fill_sum computed something else");
            if (wantRefusal ? CompilationWatch.refusals().size() == 2 : CompilationWatch.compiledHotMethods() > 0) break;
        }
        boolean ok = machine.invoke(fillSum, n)[0] == expected;
        CompiledFunction code = fillSum.code();
        System.out.println("function " + code.index + ", " + CompilationWatch.summary());
        System.out.println("refusals " + CompilationWatch.refusals());
        System.out.println("after: translated " + (code.jitCode != null) + ", refused " + code.jitRefused + ", result " + (ok ? "ok" : "wrong"));
    }
}
