package io.backstep.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.jit.ClassFileMethods;
import io.backstep.engine.jit.JitCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The interpreter's loop must stay compilable: HotSpot never compiles a method over 8000 bytes of
 * bytecode ({@code HugeMethodLimit}) without {@code -XX:-DontCompileHugeMethods}, and the JVM's own
 * bytecode interpreter running ours would be several times slower. The same limit as translated code.
 */
class InterpreterMethodSizeTest {
    @Test
    void everyMethodOfTheMachineStaysWithinHotSpotsLimit() throws IOException {
        byte[] bytes;
        try (InputStream in = Machine.class.getResourceAsStream("Machine.class")) {
            assertNotNull(in, "Machine.class");
            bytes = in.readAllBytes();
        }
        Map<String, ClassFileMethods.Method> methods = ClassFileMethods.of(bytes);
        ClassFileMethods.Method execute = methods.entrySet().stream().filter(e -> e.getKey().startsWith("execute("))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        assertNotNull(execute, "Machine.execute: " + methods.keySet());
        // The loop is the largest method by far: a parse that found only small methods read the wrong thing.
        assertTrue(execute.codeLength() > 2000, "execute has " + execute.codeLength() + " bytes");
        for (Map.Entry<String, ClassFileMethods.Method> e : methods.entrySet()) {
            assertTrue(e.getValue().codeLength() <= JitCompiler.MAX_METHOD_BYTES,
                    "Machine." + e.getKey() + " has " + e.getValue().codeLength() + " bytes of bytecode");
        }
    }
}
