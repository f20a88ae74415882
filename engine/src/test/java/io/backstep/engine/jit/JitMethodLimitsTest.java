package io.backstep.engine.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every function of the real programs (../shared/realworld/wasm) and of the samples translates, and
 * every JVM method of every translation stays within what HotSpot compiles: at most
 * {@link JitCompiler#MAX_METHOD_BYTES} (HotSpot's {@code HugeMethodLimit}, 8000 bytes: bigger methods
 * are never compiled without {@code -XX:-DontCompileHugeMethods}, and C1 gives up on this translator's
 * methods of 16-18 KB even with it, which leaves them to the JVM's bytecode interpreter) and within the
 * JVM's 65535 locals. Big functions become several methods.
 */
public class JitMethodLimitsTest {
    /** The JVM's limit on a method's locals (max_locals is a u2). */
    private static final int JVM_MAX_LOCALS = 65535;

    @Test
    void everyFunctionOfTheRealProgramsAndSamplesTranslatesIntoMethodsHotSpotCompiles() throws IOException {
        List<Path> modules = new ArrayList<>();
        for (Path dir : new Path[] {io.backstep.engine.RealWorld.wasm(), Path.of("..", "samples")}) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".wasm")).sorted().forEach(modules::add);
            }
        }
        assertTrue(modules.size() >= 10, "modules: " + modules);
        int functions = 0;
        int cut = 0;
        int mostMethods = 0;
        int largest = 0;
        for (Path file : modules) {
            CompiledModule m = Wasm.load(Files.readAllBytes(file));
            for (CompiledFunction f : m.functions()) {
                String what = file.getFileName() + " function " + f.index;
                JitCompiler.Translation t = JitCompiler.translate(f, m.module(), "io.backstep.engine.runtime.Jit$Limits");
                assertNotNull(t, what + " was refused: " + JitCompiler.refusal(f, m.module()));
                Map<String, ClassFileMethods.Method> methods = ClassFileMethods.of(t.classBytes());
                int chunks = 0;
                int resumes = 0;
                for (Map.Entry<String, ClassFileMethods.Method> e : methods.entrySet()) {
                    ClassFileMethods.Method method = e.getValue();
                    assertTrue(method.codeLength() <= JitCompiler.MAX_METHOD_BYTES,
                            what + ": " + e.getKey() + " has " + method.codeLength() + " bytes of bytecode");
                    assertTrue(method.maxLocals() <= JVM_MAX_LOCALS, what + ": " + e.getKey() + " has " + method.maxLocals() + " locals");
                    if (e.getKey().startsWith(JitCompiler.CHUNK)) {
                        chunks++;
                        largest = Math.max(largest, method.codeLength());
                    }
                }
                assertEquals(t.chunks(), chunks, what + ": methods in the class file");
                // Its resume copy: the same methods, entered anywhere (JitCode.run), within the same limits.
                JitCompiler.Translation copy = JitCompiler.translateResumeCopy(f, m.module(), "io.backstep.engine.runtime.Jit$Limits$resume", t.chunkStarts());
                assertNotNull(copy, what + ": no resume copy");
                for (Map.Entry<String, ClassFileMethods.Method> e : ClassFileMethods.of(copy.classBytes()).entrySet()) {
                    assertTrue(e.getValue().codeLength() <= JitCompiler.MAX_METHOD_BYTES,
                            what + ": resume copy's " + e.getKey() + " has " + e.getValue().codeLength() + " bytes of bytecode");
                    if (e.getKey().startsWith(JitCompiler.RESUME)) resumes++;
                }
                assertEquals(t.chunks(), resumes, what + ": methods in the resume copy");
                if (chunks > 1) cut++;
                mostMethods = Math.max(mostMethods, chunks);
                functions++;
            }
        }
        assertTrue(functions > 3_000, "functions: " + functions);
        // The limit is reached: real programs have functions that one method could not hold.
        assertTrue(cut > 50 && mostMethods > 10, "functions cut into several methods: " + cut + ", most methods: " + mostMethods);
        assertTrue(largest > JitCompiler.MAX_METHOD_BYTES / 2, "largest method: " + largest);
    }
}
