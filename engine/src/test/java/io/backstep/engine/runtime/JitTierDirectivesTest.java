package io.backstep.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.jit.JitBudget;
import io.backstep.engine.jit.JitCode;
import io.backstep.engine.jit.JitCompiler;
import io.backstep.engine.jit.JitSupport;
import io.backstep.engine.jit.Tiering;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code engine/hotspot/jit-tier.json}, the compiler directives that {@code ./backstep run}, {@code record}
 * and {@code replay} give HotSpot: every class, package and method it names exists (a rename would
 * silently turn a directive off); a JVM started with the launcher's flags (read from {@code ./backstep})
 * accepts the file (a file it cannot parse stops the JVM, and with it every run), keeps the interpreter
 * loop out of C2 while C1 compiles it, and prints nothing of its own on the program's output; and
 * {@code realworld-bench.sh} gives its Backstep column the same flags.
 */
class JitTierDirectivesTest {
    private static final Path FILE = Path.of("hotspot", "jit-tier.json");
    /** The repository: the launcher's {@code $here} and the benchmark script's {@code $root}. */
    private static final String REPO = Path.of("..").toAbsolutePath().normalize().toString();
    private static final Pattern MATCH = Pattern.compile("match:\\s*\"([\\w.$*]+)::([\\w*]+)\"");
    private static final String DONE = "interpreted fib ran";

    @Test
    void everyClassAndMethodTheDirectivesNameExists() throws Exception {
        List<String> named = new ArrayList<>();
        Matcher m = MATCH.matcher(Files.readString(FILE));
        while (m.find()) {
            String type = m.group(1);
            String method = m.group(2);
            if (type.endsWith(".*")) {
                String pkg = type.substring(0, type.length() - 2);
                assertTrue(packageExists(pkg), "package " + pkg);
                assertEquals("*", method, type);
            } else if (type.endsWith("*")) {
                Class.forName(type.substring(0, type.length() - 1)); // a class and its nested classes
                assertEquals("*", method, type);
            } else {
                Class<?> c = Class.forName(type);
                assertTrue(Arrays.stream(c.getDeclaredMethods()).map(Method::getName).anyMatch(method::equals), type + "::" + method);
            }
            named.add(type + "::" + method);
        }
        assertTrue(named.contains("io.backstep.engine.runtime.Machine::execute"), "the interpreter loop is named: " + named);
        assertTrue(anyCovers(named, JitCompiler.class.getName() + "$Translator"), "the translator is named: " + named);
        // What translated code calls at every call, memory access and segment must stay C2's to inline.
        for (Class<?> hot : List.of(Machine.class, JitCode.class, JitSupport.class, JitBudget.class, Tiering.class,
                Instance.class, Memory.class, RawMemory.class, CompiledFunction.class)) {
            assertFalse(anyCovers(named, hot.getName()), hot.getName() + " stays with C2: " + named);
        }
    }

    /** Whether a directive whose method pattern is {@code *} covers every method of class {@code name}. */
    private static boolean anyCovers(List<String> named, String name) {
        for (String n : named) {
            if (!n.endsWith("::*")) continue;
            String type = n.substring(0, n.length() - 3);
            if (type.endsWith("*") ? name.startsWith(type.substring(0, type.length() - 1)) : name.equals(type)) return true;
        }
        return false;
    }

    /** Whether a class of package {@code pkg} is in a module of the JDK or on the class path. */
    private static boolean packageExists(String pkg) throws IOException {
        if (ModuleLayer.boot().modules().stream().anyMatch(mod -> mod.getPackages().contains(pkg))) return true;
        String dir = pkg.replace('.', '/') + "/";
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                if (Files.isDirectory(p.resolve(dir))) return true;
            } else if (Files.isRegularFile(p) && entry.endsWith(".jar")) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    if (jar.stream().anyMatch(e -> e.getName().startsWith(dir) && e.getName().indexOf('/', dir.length()) < 0
                            && e.getName().endsWith(".class"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The flags {@code ./backstep} adds for {@code run}, {@code record} and {@code replay} (the HotSpot
     * options in its {@code run|record|replay)} case), with {@code $here} made the repository.
     */
    private static List<String> launcherFlags() throws IOException {
        String script = Files.readString(Path.of("..", "backstep"));
        Matcher block = Pattern.compile("run\\|record\\|replay\\)(.*?);;", Pattern.DOTALL).matcher(script);
        assertTrue(block.find(), "the launcher's case for run, record and replay");
        List<String> flags = new ArrayList<>();
        Matcher flag = Pattern.compile("-XX:[^\\s)]+").matcher(block.group(1));
        while (flag.find()) flags.add(flag.group().replace("\"", "").replace("$here", REPO));
        return flags;
    }

    @Test
    void theBenchmarkGivesItsBackstepColumnTheLaunchersFlags() throws IOException {
        Matcher line = Pattern.compile("jit_tier=\"([^\"]*)\"").matcher(Files.readString(Path.of("realworld-bench.sh")));
        assertTrue(line.find(), "realworld-bench.sh sets jit_tier");
        assertEquals(launcherFlags(), List.of(line.group(1).replace("$root", REPO).split(" ")));
    }

    @Test
    void theLaunchersFlagsKeepTheInterpreterLoopOutOfC2AndTheOutputClean() throws Exception {
        List<String> flags = launcherFlags();
        assertTrue(flags.contains("-XX:CompilerDirectivesFile=" + FILE.toAbsolutePath().normalize()), "the launcher names this file: " + flags);
        String quiet = child(flags);
        assertEquals(DONE, quiet.strip(), "nothing but the program's own line on its output");

        List<String> printing = new ArrayList<>(flags);
        printing.addAll(List.of("-XX:+DisplayVMOutput", "-XX:+PrintCompilation"));
        List<String> levels = executeLevels(child(printing));
        assertFalse(levels.isEmpty(), "C1 compiled the interpreter loop");
        assertFalse(levels.contains("4"), "C2 did not: " + levels);

        // Without the file the same child does reach C2: the directive, not the workload, keeps it out.
        List<String> without = executeLevels(child(List.of("-XX:+PrintCompilation")));
        assertTrue(without.contains("4"), "without the directives C2 compiles it: " + without);
    }

    /** The tiers at which -XX:+PrintCompilation shows {@code Machine::execute} compiled. */
    private static List<String> executeLevels(String output) {
        List<String> levels = new ArrayList<>();
        Pattern line = Pattern.compile("^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*([0-4])\\s+io\\.backstep\\.engine\\.runtime\\.Machine::execute\\b");
        for (String l : output.split("\n")) {
            Matcher m = line.matcher(l);
            if (m.find() && !l.contains("made not entrant") && !l.contains("made zombie")) levels.add(m.group(1));
        }
        return levels;
    }

    private static String child(List<String> flags) throws IOException, InterruptedException {
        // -Xbatch: the program waits for each compilation it triggers, so what is compiled does not
        // depend on how busy the machine is (a busy machine's C2 may not get to the loop before the end).
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xbatch"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JitTierDirectivesTest.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "child JVM finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains(DONE), out);
        return out;
    }

    /** The child: runs the fib sample in the interpreter alone, long enough for C2 to want its loop. */
    public static void main(String[] args) throws IOException {
        WasiConfig config = WasiConfig.builder().args("fib", "27").stdout(OutputStream.nullOutputStream()).build();
        WasiProgram program = WasiProgram.instantiate(Wasm.load(Files.readAllBytes(Path.of("..", "samples", "fib.wasm"))), WasiHost.live(config));
        program.machine().setJit(false);
        program.start();
        if (program.machine().run(Long.MAX_VALUE) != Machine.StopReason.FINISHED) throw new IllegalStateException("fib did not finish");
        System.out.println(DONE);
    }
}
