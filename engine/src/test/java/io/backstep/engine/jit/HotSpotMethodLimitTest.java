package io.backstep.engine.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@link JitCompiler#MAX_METHOD_BYTES}, the size every translated method and the interpreter's loop
 * ({@code InterpreterMethodSizeTest}) stay within, is the size this JVM still compiles: a child JVM
 * runs a method of exactly that many bytes of bytecode and one a byte larger, hot, and
 * {@code -XX:+PrintCompilation} must show the first compiled and the second not (HotSpot's {@code
 * HugeMethodLimit} is a constant in product builds, so it cannot be read as a flag). With {@code
 * -XX:-DontCompileHugeMethods} both compile, so it is that limit and nothing else that refuses the second.
 */
class HotSpotMethodLimitTest {
    private static final String PROBE = "io/backstep/engine/jit/SizeProbe";

    @Test
    void hotSpotCompilesMethodsUpToTheLimitAndNoLarger() throws Exception {
        List<String> compiled = compiledProbes();
        assertTrue(compiled.contains("atLimit"), "a method of " + JitCompiler.MAX_METHOD_BYTES + " bytes was compiled: " + compiled);
        assertFalse(compiled.contains("overLimit"), "a method one byte larger was not: " + compiled);
        List<String> withoutLimit = compiledProbes("-XX:-DontCompileHugeMethods");
        assertTrue(withoutLimit.contains("overLimit"), "without the limit it is compiled: " + withoutLimit);
    }

    /** The probe methods the child JVM compiled (by name). */
    private static List<String> compiledProbes(String... extraOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xbatch", "-XX:+PrintCompilation"));
        cmd.addAll(List.of(extraOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), HotSpotMethodLimitTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "child JVM finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("probes ran"), out);
        List<String> names = new ArrayList<>();
        for (String line : out.split("\n")) {
            for (String name : new String[] {"atLimit", "overLimit"}) {
                if (line.contains("SizeProbe") && line.contains("::" + name + " (")) names.add(name);
            }
        }
        return names;
    }

    /** The child: defines the probe class and calls both methods often enough for C1 and C2. */
    public static void main(String[] args) throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(probeClass(), true);
        MethodType type = MethodType.methodType(int.class, int.class);
        MethodHandle atLimit = lookup.findStatic(lookup.lookupClass(), "atLimit", type);
        MethodHandle overLimit = lookup.findStatic(lookup.lookupClass(), "overLimit", type);
        long sum = 0;
        for (int i = 0; i < 30_000; i++) {
            sum += (int) atLimit.invokeExact(i);
            sum += (int) overLimit.invokeExact(i);
        }
        System.out.println("probes ran " + sum);
    }

    private static byte[] probeClass() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, PROBE, null, "java/lang/Object", null);
        method(cw, "atLimit", JitCompiler.MAX_METHOD_BYTES);
        method(cw, "overLimit", JitCompiler.MAX_METHOD_BYTES + 1);
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** {@code static int name(int x) { return x; }} padded with nops to exactly {@code size} bytes of bytecode. */
    private static void method(ClassWriter cw, String name, int size) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, name, "(I)I", null, null);
        mv.visitCode();
        for (int i = 0; i < size - 2; i++) mv.visitInsn(Opcodes.NOP);
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
