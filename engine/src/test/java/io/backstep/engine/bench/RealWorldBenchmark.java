package io.backstep.engine.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.jit.CompilationWatch;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.InterpreterWarmUp;
import io.backstep.engine.runtime.Linker;
import io.backstep.engine.runtime.Lockstep;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiExitException;
import io.backstep.engine.wasi.WasiHost;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole-process and steady-state times of real programs (the realworld folder's LZ4, stb_image, Lua and
 * randmem, the samples fib, checksum and bench, and where they have been built (engine/bench-programs):
 * EEMBC's CoreMark, zlib and the MuJS JavaScript interpreter) on four engines: Backstep as shipped (JIT tier),
 * Backstep's interpreter alone ({@code -Dbackstep.jit=false}), Chicory's interpreter and Chicory's
 * compiler. Run it with {@code engine/realworld-bench.sh}.
 *
 * <p>Every (program, engine) pair runs in a child JVM of its own, so no engine's HotSpot profile or
 * translated classes carry over from another. The parent times the child from its start to the end of
 * the program's first run: the <em>whole process</em> a user waits for (JVM start, decode, instantiate,
 * the run; the JVM's exit is left out). The child then runs the program again in fresh instances of the
 * same module; the median of those runs is the <em>steady state</em>. Every run of every engine must
 * print the same output, or the benchmark aborts. Native times are measured here: every program's C
 * sources (the samples', the realworld folder's) built with {@code cc -O2} and timed, their output
 * checked ({@link #nativeTime}); the realworld README's table, measured on another machine, only where
 * there is no C compiler.
 *
 * <p>Arguments: {@code --samples DIR --realworld DIR [--only PROGRAM[,PROGRAM]] [--engines E[,E]]
 * [--lockstep]}; with {@code --lockstep} nothing is timed: each program runs in lockstep with the
 * interpreter instead ({@link #lockstep}).
 * Properties: {@code rw.runs} (runs per child, first included; default 3), {@code rw.interpreterRuns}
 * (for Chicory's interpreter, default 1: its runs take minutes), and per-program arguments
 * {@code rw.arg.NAME} (e.g. {@code -Drw.arg.lua=4}), {@code rw.ext} (where the programs of
 * engine/bench-programs were built), {@code rw.slice} (Backstep runs in budgets of that many steps, as a
 * recording does between checkpoints), and {@code rw.backstep.jvm}: JVM flags, separated by spaces, for
 * the Backstep (JIT tier) children only (realworld-bench.sh passes the launcher's).
 */
public final class RealWorldBenchmark {

    /**
     * A program: its module, the arguments before the one that sets its size, that argument, a host
     * directory the guest sees under the directory's own name (a script's folder), and its native build
     * where a build script of engine/bench-programs made one (else {@link #nativeSources} builds it).
     */
    private record Program(String name, Path wasm, List<String> leading, String arg, Path dir, Path nativeExe) {
        String[] argv() {
            List<String> argv = new ArrayList<>(List.of(wasm.getFileName().toString()));
            argv.addAll(leading);
            argv.add(arg);
            return argv.toArray(String[]::new);
        }

        String label() {
            // A script's name (lua bench.lua 12); other leading arguments (CoreMark's seeds) are left out.
            return name + (dir == null ? "" : " " + Path.of(leading.get(0)).getFileName()) + " " + arg;
        }

        /** The program's command line and its script folder, as every Backstep run of it sees them. */
        WasiConfig.Builder wasiConfig() {
            WasiConfig.Builder b = WasiConfig.builder().args(argv());
            if (dir != null) b.preopen(dir, guest());
            return b;
        }

        /** The guest's name for {@link #dir}: a script's path in {@link #leading} is relative to the directory holding it. */
        String guest() {
            return dir.getFileName().toString();
        }

        /** Where a native build runs, so that a script path in {@link #leading} names the same file. */
        Path nativeDirectory() {
            return dir != null ? dir.getParent() : realworldDir;
        }

        /**
         * The output every engine and run must print alike. CoreMark also prints its own timing (ticks,
         * seconds, iterations per second, and an error line below 10 s of run time), which differs from
         * run to run, and the compiler that built it (clang for wasm32, the machine's cc natively); its
         * checksums and parameters must still match.
         */
        String comparable(String output) {
            if (!name.equals("coremark")) return output;
            StringBuilder kept = new StringBuilder();
            for (String line : output.split("\n", -1)) {
                if (!COREMARK_VARIES.matcher(line).find()) kept.append(line).append('\n');
            }
            return kept.toString();
        }
    }

    /** CoreMark's report lines that depend on how long the run took or on the compiler (core_main.c). */
    private static final Pattern COREMARK_VARIES = Pattern.compile(
            "^(Compiler version|Compiler flags|Total ticks|Total time \\(secs\\)|Iterations/Sec|ERROR! Must execute for at least 10 secs|Correct operation validated|Errors detected|CoreMark 1\\.0 :)");

    private static final List<String> ENGINES = List.of("backstep", "backstep-interpreter", "chicory-interpreter", "chicory-compiler");

    /** What one child reported. */
    private record Result(double wholeSeconds, double[] runSeconds, long steps, String output, String watch) {
        double steady() {
            if (runSeconds.length == 1) return runSeconds[0];
            double[] later = Arrays.copyOfRange(runSeconds, 1, runSeconds.length);
            Arrays.sort(later);
            int n = later.length;
            return n % 2 == 1 ? later[n / 2] : (later[n / 2 - 1] + later[n / 2]) / 2;
        }
    }

    public static void main(String[] argv) throws Exception {
        Path samples = Path.of("samples");
        Path realworld = Path.of("../shared/realworld");
        List<String> only = null;
        List<String> engines = ENGINES;
        String child = null;
        String childProgram = null;
        int childRuns = 0;
        boolean lockstep = false;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--samples" -> samples = Path.of(argv[++i]);
                case "--realworld" -> realworld = Path.of(argv[++i]);
                case "--only" -> only = List.of(argv[++i].split(","));
                case "--engines" -> engines = List.of(argv[++i].split(","));
                case "--lockstep" -> lockstep = true;
                case "--child" -> {
                    child = argv[++i];
                    childProgram = argv[++i];
                    childRuns = Integer.parseInt(argv[++i]);
                }
                default -> throw new IllegalArgumentException("unknown argument " + argv[i]);
            }
        }
        for (String e : engines) if (!ENGINES.contains(e)) throw new IllegalArgumentException("unknown engine " + e + " (one of " + ENGINES + ")");
        Path rwWasm = realworld.resolve("wasm");
        if (!Files.isRegularFile(rwWasm.resolve("lua.wasm"))) throw new IllegalStateException("no realworld programs in " + realworld.toAbsolutePath());
        Path ext = extDir();
        List<Program> programs = List.of(
                program("fib", samples.resolve("fib.wasm"), "30"),
                program("checksum", samples.resolve("checksum.wasm"), "512"),
                program("bench", samples.resolve("bench.wasm"), "600"),
                program("lz4_bench", rwWasm.resolve("lz4_bench.wasm"), "1024"),
                program("image_bench", rwWasm.resolve("image_bench.wasm"), "512"),
                new Program("lua", rwWasm.resolve("lua.wasm"), List.of("lua/bench.lua"), arg("lua", "12"), realworld.resolve("lua"), null),
                program("randmem", rwWasm.resolve("randmem.wasm"), "8"),
                // Not in the realworld folder: built outside the tree by engine/bench-programs/NAME/build.sh (README.md there).
                new Program("coremark", ext.resolve("coremark/out/coremark.wasm"), List.of("0x0", "0x0", "0x66"), arg("coremark", "2000"),
                        null, ext.resolve("coremark/out/coremark-native")),
                new Program("zlib_bench", ext.resolve("zlib/out/zlib_bench.wasm"), List.of(), arg("zlib_bench", "2048"),
                        null, ext.resolve("zlib/out/zlib_bench-native")),
                new Program("mujs", ext.resolve("js/out/mujs.wasm"), List.of("js/bench.js"), arg("mujs", "2"),
                        benchPrograms(samples).resolve("js"), ext.resolve("js/out/mujs-native")));
        if (child != null) {
            String name = childProgram;
            runChild(child, programs.stream().filter(p -> p.name.equals(name)).findFirst().orElseThrow(), childRuns);
            return;
        }
        samplesDir = samples;
        realworldDir = realworld;
        if (lockstep) {
            for (Program p : programs) if ((only == null || only.contains(p.name)) && Files.isRegularFile(p.wasm)) lockstep(p);
            return;
        }
        Map<String, Double> nativeTimes = nativeTimes(realworld.resolve("README.md"));
        int runs = Integer.getInteger("rw.runs", 3);
        int interpreterRuns = Integer.getInteger("rw.interpreterRuns", 1);
        System.out.printf(Locale.ROOT, "JVM %s, %d processors; runs per child: %d (Chicory's interpreter: %d)%n",
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors(), runs, interpreterRuns);

        List<String[]> rows = new ArrayList<>();
        for (Program p : programs) {
            if (only != null && !only.contains(p.name)) continue;
            if (!Files.isRegularFile(p.wasm)) {
                System.out.println("  " + p.name + ": skipped, no " + p.wasm + " (engine/bench-programs/" + p.name + "/README.md builds it)");
                continue;
            }
            Map<String, Result> results = new HashMap<>();
            String expected = null;
            for (String engine : engines) {
                Result r = forked(engine, p, engine.equals("chicory-interpreter") ? interpreterRuns : runs);
                if (expected == null) expected = r.output;
                else if (!p.comparable(expected).equals(p.comparable(r.output))) {
                    throw new AssertionError(p.label() + ": " + engine + " printed\n" + r.output + "\nbut " + engines.get(0) + " printed\n" + expected);
                }
                results.put(engine, r);
                System.out.printf(Locale.ROOT, "  %-16s %-21s whole %7.2f s, runs %s%s%n", p.label(), engine, r.wholeSeconds,
                        format(r.runSeconds), r.watch == null ? "" : "; compilation watch: " + r.watch);
            }
            Double nativeSeconds = nativeTime(p, expected);
            if (nativeSeconds == null) nativeSeconds = nativeTimes.get(p.label()); // no C compiler here
            rows.add(row(p, results, nativeSeconds));
        }
        printTable(rows);
    }

    /**
     * Where the programs built outside the tree are ({@code -Drw.ext=DIR}): DIR/coremark/out,
     * DIR/zlib/out and DIR/js/out, as their build scripts' README.md files put them.
     */
    private static Path extDir() {
        return Path.of(System.getProperty("rw.ext", "../ext"));
    }

    /** engine/bench-programs beside the samples folder (its scripts and drivers). */
    private static Path benchPrograms(Path samples) {
        return samples.toAbsolutePath().normalize().resolveSibling("engine").resolve("bench-programs");
    }

    private static String arg(String name, String defaultArg) {
        return System.getProperty("rw.arg." + name, defaultArg);
    }

    private static Program program(String name, Path wasm, String defaultArg) {
        return new Program(name, wasm, List.of(), arg(name, defaultArg), null, null);
    }

    /**
     * {@code --lockstep}: runs {@code p} with the JIT tier and with the interpreter alone side by side in
     * budgets ending anywhere, as {@code JitTierTest} does for the realworld programs, and stops with an
     * error at the first stop where their states differ. For programs the test suite cannot hold (those
     * built outside the tree); smaller arguments ({@code -Drw.arg.NAME}) keep it to minutes.
     */
    private static void lockstep(Program p) throws java.io.IOException {
        CompiledModule module = Wasm.load(Files.readAllBytes(p.wasm));
        long start = System.nanoTime();
        Lockstep.Outcome run = Lockstep.run(p.label(), module, () -> Lockstep.fixedClockAndRandom(p.wasiConfig()),
                new Random(p.name.hashCode()), Lockstep::realProgramBudget);
        System.out.printf(Locale.ROOT, "  %-21s lockstep: %,d stops, %,d steps, states equal at every stop, exit status %d (%.0f s)%n",
                p.label(), run.stops(), run.steps(), run.exitStatus(), (System.nanoTime() - start) / 1e9);
    }

    // ---- parent ------------------------------------------------------------------------------------

    private static Path samplesDir;
    private static Path realworldDir;

    private static Result forked(String engine, Program p, int runs) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (engine.equals("backstep-interpreter")) cmd.add("-Dbackstep.jit=false");
        // The JVM flags the launcher adds where the JIT tier does the work (engine/hotspot/jit-tier.json).
        if (engine.equals("backstep")) {
            for (String a : System.getProperty("rw.backstep.jvm", "").split(" ")) if (!a.isBlank()) cmd.add(a);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(RealWorldBenchmark.class.getName());
        cmd.addAll(List.of("--samples", samplesDir.toString(), "--realworld", realworldDir.toString()));
        cmd.addAll(List.of("--child", engine, p.name, Integer.toString(runs)));
        long start = System.nanoTime();
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        double whole = -1;
        List<Double> times = new ArrayList<>();
        long steps = -1;
        String watch = null;
        StringBuilder output = new StringBuilder();
        StringBuilder other = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("RUN\t")) {
                    if (whole < 0) whole = (System.nanoTime() - start) / 1e9;
                    times.add(Long.parseLong(line.substring(4)) / 1e9);
                } else if (line.startsWith("STEPS\t")) {
                    steps = Long.parseLong(line.substring(6));
                } else if (line.startsWith("WATCH\t")) {
                    watch = line.substring(6);
                } else if (line.startsWith("OUT\t")) {
                    output.append(line.substring(4)).append('\n');
                } else {
                    other.append(line).append('\n');
                }
            }
        }
        if (proc.waitFor() != 0 || times.isEmpty()) {
            throw new IllegalStateException(engine + " on " + p.label() + " failed:\n" + other);
        }
        return new Result(whole, times.stream().mapToDouble(Double::doubleValue).toArray(), steps, output.toString(), watch);
    }

    /** Whole-process runs of a native build; the median is the program's native time. */
    private static final int NATIVE_RUNS = 9;

    /**
     * A program's native time on this machine: its C sources ({@link #nativeSources}) built with the
     * system's C compiler ({@code cc -O2}), or CoreMark's build from its own script, run
     * {@link #NATIVE_RUNS} times ({@link #timeNative}). Null when there are no sources or no compiler.
     */
    private static Double nativeTime(Program p, String expectedOutput) throws Exception {
        if (expectedOutput == null) return null;
        if (p.nativeExe != null) {
            // Built by its build.sh beside the module (CoreMark reports the flags in its own output).
            return Files.isExecutable(p.nativeExe) ? timeNative(p, p.nativeExe, expectedOutput) : null;
        }
        List<String> sources = nativeSources(p);
        if (sources == null) return null;
        Path exe = Files.createTempFile("backstep-native-" + p.name, "");
        try {
            List<String> cc = new ArrayList<>(List.of("cc", "-O2", "-w", "-o", exe.toString()));
            cc.addAll(sources);
            Process build;
            try {
                build = new ProcessBuilder(cc).redirectErrorStream(true).start();
            } catch (java.io.IOException e) {
                return null; // no C compiler on this machine
            }
            String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (build.waitFor() != 0) throw new IllegalStateException("cc failed on " + p.name + ":\n" + log);
            return timeNative(p, exe, expectedOutput);
        } finally {
            Files.deleteIfExists(exe);
        }
    }

    /**
     * The median of {@link #NATIVE_RUNS} whole-process runs of the native executable {@code exe}; each
     * must print what the engines printed ({@link #sameOutput}).
     */
    private static double timeNative(Program p, Path exe, String expectedOutput) throws Exception {
        List<String> command = new ArrayList<>(List.of(p.argv()));
        command.set(0, exe.toString());
        double[] times = new double[NATIVE_RUNS];
        for (int i = 0; i < NATIVE_RUNS; i++) {
            long start = System.nanoTime();
            // Where a script's path names the file the engines' guest sees (lua/bench.lua, js/bench.js).
            Process run = new ProcessBuilder(command).directory(p.nativeDirectory().toFile()).redirectErrorStream(true).start();
            String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // As the children report output: line by line, empty lines left out.
            StringBuilder lines = new StringBuilder();
            for (String line : out.split("\n", -1)) if (!line.isEmpty()) lines.append(line).append('\n');
            out = lines.toString();
            if (run.waitFor() != 0 || !sameOutput(p, out, expectedOutput)) {
                throw new AssertionError(p.label() + ": the native build printed\n" + out + "\nbut the engines printed\n" + expectedOutput);
            }
            times[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(times);
        return times[NATIVE_RUNS / 2];
    }

    /** What {@code cc -O2 -w -o EXE} needs to build {@code p} natively (sources and flags), or null if it has no C sources here. */
    private static List<String> nativeSources(Program p) throws java.io.IOException {
        Path up = realworldDir.resolve("upstream");
        Path src = realworldDir.resolve("src");
        switch (p.name) {
            case "lz4_bench":
                return List.of("-I" + up.resolve("lz4"), up.resolve("lz4/lz4.c").toString(), up.resolve("lz4/lz4hc.c").toString(),
                        up.resolve("lz4/xxhash.c").toString(), src.resolve("lz4_bench.c").toString());
            case "image_bench":
                return List.of("-I" + up.resolve("stb"), src.resolve("image_bench.c").toString(), "-lm");
            case "randmem":
                return List.of(src.resolve("randmem.c").toString());
            case "lua": {
                // The stock interpreter with its own error handling (the wasm build aborts instead: WASI has no setjmp).
                List<String> args = new ArrayList<>();
                try (var files = Files.list(up.resolve("lua"))) {
                    files.map(Path::toString).filter(f -> f.endsWith(".c")).sorted().forEach(args::add);
                }
                args.add("-lm");
                return args;
            }
            default: {
                Path source = samplesDir.resolve("src").resolve(p.name + ".c");
                return Files.isRegularFile(source) ? List.of(source.toString()) : null;
            }
        }
    }

    /**
     * Whether a native build's output is the engines'. LZ4's fast compressor reads and hashes whole
     * machine words, so a 64-bit host finds other matches than wasm32 and its {@code fast=} size differs;
     * the high-compression size, the checksum and the round trip must still match.
     */
    private static boolean sameOutput(Program p, String nativeOutput, String engineOutput) {
        nativeOutput = p.comparable(nativeOutput);
        engineOutput = p.comparable(engineOutput);
        if (!p.name.equals("lz4_bench")) return nativeOutput.equals(engineOutput);
        return nativeOutput.replaceAll("fast=\\d+", "fast=*").equals(engineOutput.replaceAll("fast=\\d+", "fast=*"));
    }

    /** Native reference times from the README's table: rows like {@code | lz4_bench 1024 | 0.14 s | 10.1 s |}. */
    private static Map<String, Double> nativeTimes(Path readme) throws Exception {
        Map<String, Double> times = new HashMap<>();
        Pattern row = Pattern.compile("^\\|\\s*([a-z0-9_]+(?: [a-z.]+)? \\d+)\\s*\\|\\s*([0-9.]+) s\\s*\\|");
        for (String line : Files.readAllLines(readme)) {
            Matcher m = row.matcher(line);
            if (m.find()) times.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return times;
    }

    private static String[] row(Program p, Map<String, Result> r, Double nativeSeconds) {
        Result b = r.get("backstep");
        Result bi = r.get("backstep-interpreter");
        Result ci = r.get("chicory-interpreter");
        Result cc = r.get("chicory-compiler");
        long steps = b != null ? b.steps : bi != null ? bi.steps : -1;
        return new String[] {
            p.label(),
            steps < 0 ? "-" : String.format(Locale.ROOT, "%,d", steps),
            cell(b), cell(bi), cell(ci), cell(cc),
            nativeSeconds == null ? "-" : String.format(Locale.ROOT, nativeSeconds < 0.1 ? "%.3f" : "%.2f", nativeSeconds),
            ratio(cc, b), ratio(ci, b), ratio(bi, b),
            b == null || nativeSeconds == null ? "-" : String.format(Locale.ROOT, "%.0fx (%.0fx)", b.wholeSeconds / nativeSeconds, b.steady() / nativeSeconds),
        };
    }

    private static String cell(Result r) {
        return r == null ? "-" : r.runSeconds.length == 1 ? String.format(Locale.ROOT, "%.2f", r.wholeSeconds)
                : String.format(Locale.ROOT, "%.2f (%.2f)", r.wholeSeconds, r.steady());
    }

    /** How many times faster {@code b} is than {@code a}: whole process (steady state). */
    private static String ratio(Result a, Result b) {
        if (a == null || b == null) return "-";
        if (a.runSeconds.length == 1) return String.format(Locale.ROOT, "%.2fx", a.wholeSeconds / b.wholeSeconds);
        return String.format(Locale.ROOT, "%.2fx (%.2fx)", a.wholeSeconds / b.wholeSeconds, a.steady() / b.steady());
    }

    private static String format(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", d));
        return sb.toString();
    }

    private static void printTable(List<String[]> rows) {
        String[] head = {"program", "instructions", "Backstep s", "Backstep interpreter s", "Chicory interpreter s",
            "Chicory compiler s", "native s", "B vs Chicory compiler", "B vs Chicory interpreter", "JIT vs interpreter", "B / native"};
        StringBuilder sb = new StringBuilder("\n|");
        for (String h : head) sb.append(' ').append(h).append(" |");
        sb.append("\n|---|");
        for (int i = 1; i < head.length; i++) sb.append("---:|");
        sb.append('\n');
        for (String[] r : rows) {
            sb.append('|');
            for (String c : r) sb.append(' ').append(c).append(" |");
            sb.append('\n');
        }
        System.out.print(sb);
        System.out.println("Seconds: whole process (steady state, the median of the later runs in the same JVM); ratios: how many");
        System.out.println("times faster Backstep (JIT tier) is, whole process (steady state); B / native: how many times slower than");
        System.out.println("native (whole process, built here with cc -O2; the realworld README's reference where there is no C compiler), by Backstep's whole process (steady state).");
    }

    // ---- child -------------------------------------------------------------------------------------

    private static void runChild(String engine, Program p, int runs) throws Exception {
        byte[] bytes = Files.readAllBytes(p.wasm);
        Function<ByteArrayOutputStream, Long> run = switch (engine) {
            case "backstep", "backstep-interpreter" -> backstep(bytes, p);
            case "chicory-interpreter" -> chicory(bytes, p, false);
            case "chicory-compiler" -> chicory(bytes, p, true);
            default -> throw new IllegalArgumentException(engine);
        };
        String first = null;
        for (int i = 0; i < runs; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long t0 = System.nanoTime();
            Long steps = run.apply(out);
            long t1 = System.nanoTime();
            String text = out.toString(StandardCharsets.UTF_8);
            if (first == null) {
                first = text;
                for (String line : text.split("\n", -1)) if (!line.isEmpty()) System.out.println("OUT\t" + line);
                if (steps != null) System.out.println("STEPS\t" + steps);
            } else if (!p.comparable(first).equals(p.comparable(text))) {
                throw new AssertionError("output changed between runs:\n" + first + "\nvs\n" + text);
            }
            System.out.println("RUN\t" + (t1 - t0));
            System.out.flush();
        }
        if (engine.equals("backstep")) {
            // Translated methods HotSpot did not compile, which the JIT tier then stopped using.
            System.out.println("WATCH\t" + CompilationWatch.summary() + (CompilationWatch.refusals().isEmpty() ? "" : ": " + CompilationWatch.refusals()));
        }
    }

    /**
     * {@code rw.slice}: Backstep runs in budgets of this many steps (0, the default: one run to the end),
     * the way a recording runs between checkpoints, to measure what the cuts cost without the recorder.
     */
    private static final long SLICE = Long.getLong("rw.slice", 0);

    /** Each run: a fresh instance and WASI host over the module decoded once (as the app does per run). */
    private static Function<ByteArrayOutputStream, Long> backstep(byte[] bytes, Program p) {
        InterpreterWarmUp.ensure(); // as every program run in Backstep does
        CompiledModule compiled = Wasm.load(bytes);
        return out -> {
            WasiConfig.Builder b = p.wasiConfig().stdout(out).stderr(out);
            try (WasiHost host = WasiHost.live(b.build())) {
                Linker linker = new Linker();
                host.install(linker);
                Instance instance = linker.instantiate(compiled);
                Machine machine = new Machine(linker.store());
                if (SLICE == 0) {
                    try {
                        machine.invoke(instance.exportedFunction("_start"));
                    } catch (WasiExitException e) {
                        if (e.exitCode() != 0) throw new AssertionError("Backstep: exit code " + e.exitCode());
                    }
                    return machine.stepCount();
                }
                // In budgets of SLICE steps, as a recording runs between checkpoints and a replay between stops.
                machine.start(instance.exportedFunction("_start"));
                Machine.StopReason r;
                do {
                    r = machine.run(SLICE);
                } while (r == Machine.StopReason.BUDGET);
                boolean exitedWell = r == Machine.StopReason.FINISHED
                        || r == Machine.StopReason.HOST_EXIT && machine.hostException() instanceof WasiExitException e && e.exitCode() == 0;
                if (!exitedWell) throw new AssertionError("Backstep: " + r + (machine.trap() != null ? " " + machine.trap() : ""));
                return machine.stepCount();
            }
        };
    }

    private static Function<ByteArrayOutputStream, Long> chicory(byte[] bytes, Program p, boolean compiler) {
        WasmModule module = Parser.parse(bytes);
        Function<com.dylibso.chicory.runtime.Instance, com.dylibso.chicory.runtime.Machine> machines =
                compiler ? MachineFactoryCompiler.compile(module) : InterpreterMachine::new;
        return out -> {
            WasiOptions.Builder o = WasiOptions.builder().withStdout(out).withStderr(out).withArguments(Arrays.asList(p.argv()));
            if (p.dir != null) o.withDirectory(p.guest(), p.dir);
            try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(o.build()).build()) {
                ImportValues imports = ImportValues.builder().addFunction(wasi.toHostFunctions()).build();
                var instance = com.dylibso.chicory.runtime.Instance.builder(module)
                        .withImportValues(imports).withMachineFactory(machines).withStart(false).build();
                try {
                    instance.export("_start").apply();
                } catch (com.dylibso.chicory.wasi.WasiExitException e) {
                    if (e.exitCode() != 0) throw new AssertionError("Chicory: exit code " + e.exitCode());
                }
                return null;
            }
        };
    }
}
