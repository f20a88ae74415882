package io.backstep.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.jit.JitCompiler;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every JVM method of every translation of the real programs (../shared/realworld/wasm) and the samples,
 * and of the second translations in smaller methods that replace a refused one, is one HotSpot's C1 compiles. C1 is what runs translated code from the first few thousand calls until
 * C2 has compiled it, and again after each C2 deoptimization; a method C1 refuses ("too many stack slots
 * used", "out of virtual registers in linear scan") runs in the JVM's bytecode interpreter meanwhile,
 * slower than the engine's own (see {@code JitCompiler.MAX_METHOD_BYTES}). A child JVM
 * ({@code -Xcomp}, only the translated methods) defines each translation as the engine does and calls
 * each method once, which makes C1 compile it at tier 3 (the profiled tier, the one with the most
 * values); {@code -XX:+PrintCompilation} must show every one compiled and none skipped.
 */
class C1TranslationsTest {
    private static final Pattern COMPILED = Pattern.compile("\\s([1-3])\\s+io\\.backstep\\.engine\\.runtime\\.(C1Probe\\$\\d+_\\d+(?:\\$small|\\$resume)?)\\S*::((?:chunk|resume)\\d+) \\(\\d+ bytes\\)(.*)");

    @Test
    void c1CompilesEveryTranslatedMethodOfTheRealProgramsAndSamples() throws Exception {
        List<String> modules = new ArrayList<>();
        for (Path dir : new Path[] {io.backstep.engine.RealWorld.wasm(), Path.of("..", "samples")}) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".wasm")).sorted().forEach(p -> modules.add(p.toAbsolutePath().toString()));
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xcomp", "-Xbatch", "-XX:-DontCompileHugeMethods", "-XX:+PrintCompilation", "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=compileonly,io.backstep.engine.runtime.C1Probe*::chunk*",
                "-XX:CompileCommand=compileonly,io.backstep.engine.runtime.C1Probe*::resume*",
                "-cp", System.getProperty("java.class.path"), C1TranslationsTest.class.getName()));
        cmd.addAll(modules);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "child JVM finished");
        assertEquals(0, p.exitValue(), out.substring(Math.max(0, out.length() - 4000)));
        Matcher total = Pattern.compile("translated methods: (\\d+)").matcher(out);
        assertTrue(total.find(), out.substring(Math.max(0, out.length() - 4000)));
        int methods = Integer.parseInt(total.group(1));
        // PrintCompilation prints a line when a compilation starts, and another if C1 gives up.
        TreeSet<String> compiled = new TreeSet<>();
        List<String> refused = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = COMPILED.matcher(line);
            if (!m.find()) continue;
            if (m.group(4).contains("COMPILE SKIPPED")) refused.add(line.trim());
            compiled.add(m.group(2) + "::" + m.group(3));
        }
        assertEquals(List.of(), refused, "methods C1 refused");
        // Not vacuous: the run compiled every method it defined, and there are many of them.
        assertEquals(methods, compiled.size(), "translated methods compiled by C1");
        assertTrue(methods > 5_000, "translated methods: " + methods);
    }

    /**
     * The child: translates every function of each module given, defines the classes as {@link JitCode}
     * does (hidden classes in this package) and calls each chunk method once with no machine (it
     * throws at once; under {@code -Xcomp} C1 has compiled it before).
     */
    public static void main(String[] args) throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodType chunkType = MethodType.methodType(int.class, Machine.class, long[].class, int.class, int.class, long.class, Instance.class);
        int methods = 0;
        for (int moduleIndex = 0; moduleIndex < args.length; moduleIndex++) {
            CompiledModule module = Wasm.load(Path.of(args[moduleIndex]));
            for (CompiledFunction f : module.functions()) {
                String name = lookup.lookupClass().getPackageName() + ".C1Probe$" + moduleIndex + "_" + f.index;
                JitCompiler.Translation t = JitCompiler.translate(f, module.module(), name);
                if (t == null) throw new IllegalStateException(args[moduleIndex] + " function " + f.index + " was refused");
                methods += callEveryChunk(lookup, t, chunkType);
                // Its resume copy, made when a frame of it resumes after a stop (JitCode.run).
                JitCompiler.Translation copy = JitCompiler.translateResumeCopy(f, module.module(), name + "$resume", t.chunkStarts());
                if (copy == null) throw new IllegalStateException(args[moduleIndex] + " function " + f.index + ": no resume copy");
                methods += callEveryChunk(lookup, copy, chunkType);
                // The second translation, in smaller methods, that replaces a refused one (CompilationWatch):
                // it must compile too. Functions of one method come out the same, so only the others.
                if (t.chunks() > 1) {
                    JitCompiler.Translation small = JitCompiler.translate(f, module.module(), name + "$small", true);
                    if (small != null) methods += callEveryChunk(lookup, small, chunkType);
                }
            }
        }
        System.out.println("translated methods: " + methods);
    }

    /** Defines {@code t} as {@link JitCode} does and calls each of its chunk methods once; returns how many. */
    private static int callEveryChunk(MethodHandles.Lookup lookup, JitCompiler.Translation t, MethodType chunkType) throws Throwable {
        MethodHandles.Lookup c = lookup.defineHiddenClass(t.classBytes(), true);
        Object code = c.findConstructor(c.lookupClass(), MethodType.methodType(void.class)).invoke();
        for (int k = 0; k < t.chunks(); k++) {
            MethodHandle chunk;
            try {
                chunk = c.findVirtual(c.lookupClass(), JitCompiler.CHUNK + k, chunkType);
            } catch (NoSuchMethodException e) {
                chunk = c.findVirtual(c.lookupClass(), JitCompiler.RESUME + k, chunkType); // a resume copy
            }
            try {
                int ignored = (int) chunk.invoke(code, (Machine) null, new long[0], 0, -1, 0L, (Instance) null);
            } catch (NullPointerException | ArrayIndexOutOfBoundsException | IllegalStateException expected) {
                // no machine, no memory: it stops at its first access
            }
        }
        return t.chunks();
    }
}
