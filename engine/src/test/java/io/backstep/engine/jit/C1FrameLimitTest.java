package io.backstep.engine.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The limit {@code runtime.C1TranslationsTest} guards, as {@code JitCompiler.MAX_METHOD_BYTES} describes
 * it: C1 gives every value it spills a stack slot of its own and refuses a frame of more than 2000
 * words ("too many stack slots used"), a long taking two. A child JVM compiles, with C1 only (tier 3),
 * probe methods that hold k values live across a call (which C1 keeps in no register), for a range of
 * k: the largest number of longs that compiles is exactly half the largest number of ints, one more
 * long is refused with that message, and the words they take are 2000 less C1's fixed slots (its
 * registers and the arguments, a few dozen).
 */
class C1FrameLimitTest {
    private static final String PROBE = "io/backstep/engine/jit/FrameProbe";
    /** The range of longs probed (ints: twice as many). */
    private static final int FEWEST = 900;
    private static final int MOST = 1000;
    private static final Pattern LINE = Pattern.compile("FrameProbe\\S*::(longs|ints)(\\d+) \\(\\d+ bytes\\)(.*)");

    @Test
    void c1RefusesAFrameOfMoreThan2000WordsLongsTakingTwo() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xcomp", "-Xbatch", "-XX:TieredStopAtLevel=3", "-XX:-DontCompileHugeMethods", "-XX:+PrintCompilation",
                "-XX:CompileCommand=quiet", "-XX:CompileCommand=compileonly," + PROBE.replace('/', '.') + "*::*",
                "-XX:CompileCommand=dontinline," + C1FrameLimitTest.class.getName() + "::sink",
                "-cp", System.getProperty("java.class.path"), C1FrameLimitTest.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child JVM finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("probes ran"), out);
        Set<String> started = new HashSet<>();
        Set<String> refused = new HashSet<>();
        for (String line : out.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) continue;
            String name = m.group(1) + m.group(2);
            started.add(name);
            if (m.group(3).contains("COMPILE SKIPPED")) {
                assertTrue(m.group(3).contains("too many stack slots used"), line);
                refused.add(name);
            }
        }
        int longs = largestCompiled("longs", 1, started, refused);
        int ints = largestCompiled("ints", 2, started, refused);
        assertTrue(refused.contains("longs" + (longs + 1)), "one long more is refused: " + refused);
        assertEquals(2 * longs, ints, "a long takes two words");
        assertTrue(ints <= 2000 && ints > 2000 - 100, "words of values: " + ints);
    }

    /** The largest count of values of a kind that C1 compiled, every smaller one compiled too. */
    private static int largestCompiled(String kind, int step, Set<String> started, Set<String> refused) {
        int largest = -1;
        for (int k = FEWEST * step; k <= MOST * step; k += step) {
            String name = kind + k;
            assertTrue(started.contains(name), name + " was compiled or refused");
            if (refused.contains(name)) break;
            largest = k;
        }
        assertTrue(largest >= FEWEST * step && largest < MOST * step, kind + ": the limit lies within the probed range: " + largest);
        return largest;
    }

    /** What the probes call: values live across it must be in memory (C1 keeps none in a register). */
    public static void sink() {
    }

    /** The child: defines the probes and calls each once (under {@code -Xcomp}, C1 compiles it first). */
    public static void main(String[] args) throws Throwable {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, PROBE, null, "java/lang/Object", null);
        for (int k = FEWEST; k <= MOST; k++) {
            probe(cw, "longs" + k, k, true);
            probe(cw, "ints" + 2 * k, 2 * k, false);
        }
        cw.visitEnd();
        MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(cw.toByteArray(), true);
        long[] longs = new long[2 * MOST];
        int[] ints = new int[2 * MOST];
        long sum = 0;
        for (int k = FEWEST; k <= MOST; k++) {
            sum += (long) lookup.findStatic(lookup.lookupClass(), "longs" + k, MethodType.methodType(long.class, long[].class)).invoke(longs);
            sum += (int) lookup.findStatic(lookup.lookupClass(), "ints" + 2 * k, MethodType.methodType(int.class, int[].class)).invoke(ints);
        }
        System.out.println("probes ran " + sum);
    }

    /** {@code static T name(T[] a)}: reads a[0..k), calls {@link #sink}, returns the sum of what it read. */
    private static void probe(ClassWriter cw, String name, int k, boolean longs) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, name, longs ? "([J)J" : "([I)I", null, null);
        mv.visitCode();
        int width = longs ? 2 : 1;
        for (int i = 0; i < k; i++) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitLdcInsn(i);
            mv.visitInsn(longs ? Opcodes.LALOAD : Opcodes.IALOAD);
            mv.visitVarInsn(longs ? Opcodes.LSTORE : Opcodes.ISTORE, 1 + width * i);
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, C1FrameLimitTest.class.getName().replace('.', '/'), "sink", "()V", false);
        mv.visitVarInsn(longs ? Opcodes.LLOAD : Opcodes.ILOAD, 1);
        for (int i = 1; i < k; i++) {
            mv.visitVarInsn(longs ? Opcodes.LLOAD : Opcodes.ILOAD, 1 + width * i);
            mv.visitInsn(longs ? Opcodes.LADD : Opcodes.IADD);
        }
        mv.visitInsn(longs ? Opcodes.LRETURN : Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
