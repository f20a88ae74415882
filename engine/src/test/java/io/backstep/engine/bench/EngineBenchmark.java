package io.backstep.engine.bench;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Linker;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiExitException;
import io.backstep.engine.wasi.WasiHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Wall-clock comparison of Backstep (as it runs programs: JIT tier on, unless {@code -Dbackstep.jit=false}
 * asks for its interpreter alone) with Chicory's interpreter on the C samples, plus
 * the load (decode + validate + compile) time of the big sample. Not a unit test: run it with
 * {@code engine/bench.sh}, which builds the test classpath and starts a JVM with fixed flags.
 *
 * <p>Everything runs in one JVM. Per workload: the module is loaded once per engine (load time is
 * not part of the run time), then each run instantiates a fresh instance with fresh WASI stdout and
 * times only the {@code _start} call. Warm-up runs of both engines come first; measured runs then
 * alternate which engine goes first, so slow drift (other load, heat) hits both alike. Each run's
 * stdout must be identical for both engines and across runs, otherwise the benchmark aborts.
 *
 * <p>Arguments: {@code [--samples DIR] [--quick] [--only NAME]}. Sizes can be overridden with the
 * system properties {@code bench.fib}, {@code bench.checksum}, {@code bench.bench},
 * {@code bench.runs}, {@code bench.warmup}. With {@code -Dbench.backstepOnly=true} Chicory is not
 * run at all (for profiling our interpreter alone; the output is then only checked across runs).
 */
public final class EngineBenchmark {

    private record Workload(String name, String file, String arg, int warmup, int runs) {}

    /** Result of one timed run. */
    private record Run(long nanos, String stdout, long steps) {}

    private interface Engine {
        String name();

        Run run() throws Exception;
    }

    public static void main(String[] argv) throws Exception {
        Path samples = Path.of("samples");
        boolean quick = false;
        boolean row = false;
        String only = null;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--samples" -> samples = Path.of(argv[++i]);
                case "--quick" -> quick = true;
                case "--only" -> only = argv[++i];
                case "--row" -> row = true;
                default -> throw new IllegalArgumentException("unknown argument " + argv[i]);
            }
        }
        if (!Files.isRegularFile(samples.resolve("fib.wasm"))) {
            throw new IllegalStateException("no samples in " + samples.toAbsolutePath() + " (use --samples DIR)");
        }
        int runs = Integer.getInteger("bench.runs", quick ? 1 : 5);
        int warmup = Integer.getInteger("bench.warmup", quick ? 1 : 2);
        // Sizes: one Backstep run takes ~0.3-1.5 s on the 2-core reference machine and the whole
        // benchmark stays under ~3 minutes (Chicory's runs dominate).
        List<Workload> workloads = List.of(
                new Workload("fib", "fib.wasm", System.getProperty("bench.fib", quick ? "22" : "30"), warmup, runs),
                new Workload("checksum", "checksum.wasm", System.getProperty("bench.checksum", quick ? "32" : "512"), warmup, runs),
                new Workload("bench", "bench.wasm", System.getProperty("bench.bench", quick ? "10" : "600"), warmup, runs));

        System.out.printf(Locale.ROOT, "JVM %s (%s), %d processors, max heap %d MiB%n",
                System.getProperty("java.vm.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "Backstep: JIT tier %s%n", io.backstep.engine.runtime.Machine.jitByDefault() ? "on" : "off (-Dbackstep.jit=false: interpreter only)");
        System.out.printf(Locale.ROOT, "warm-up runs per engine: %d, measured runs per engine: %d%n%n", warmup, runs);

        List<String[]> table = new ArrayList<>();
        // Like JMH, each workload gets a fresh JVM by default (both engines in it, alternating), so
        // neither engine's JIT profile carries one workload's shape into the next.
        boolean fork = only == null && Boolean.parseBoolean(System.getProperty("bench.fork", "true"));
        for (Workload w : workloads) {
            if (fork) {
                table.add(forked(samples, w, quick));
            } else if (only == null || only.equals(w.name)) {
                table.add(measure(samples, w));
            }
        }
        if (row) {
            for (String[] r : table) System.out.println("ROW\t" + String.join("\t", r));
        } else if (!table.isEmpty()) {
            printTable(table);
        }

        if (only == null || only.equals("load")) {
            measureLoad(samples.resolve("bigprog.wasm"), quick);
        }
    }

    // ---- execution benchmark -------------------------------------------------------------------

    /** Measures {@code w} in a child JVM with this JVM's options and class path; echoes its output. */
    private static String[] forked(Path samples, Workload w, boolean quick) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EngineBenchmark.class.getName());
        cmd.addAll(List.of("--samples", samples.toString(), "--only", w.name, "--row"));
        if (quick) cmd.add("--quick");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String[] result = null;
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ROW\t")) result = line.substring(4).split("\t");
                else if (!line.startsWith("JVM ") && !line.startsWith("Backstep: JIT") && !line.startsWith("warm-up runs per engine") && !line.isEmpty()) System.out.println(line);
            }
        }
        if (p.waitFor() != 0 || result == null) throw new IllegalStateException("the benchmark JVM for " + w.name + " failed");
        return result;
    }

    private static String[] measure(Path samples, Workload w) throws Exception {
        byte[] bytes = Files.readAllBytes(samples.resolve(w.file));
        String[] args = {w.file, w.arg};
        Engine backstep = backstep(bytes, args);
        Engine chicory = Boolean.getBoolean("bench.backstepOnly") ? null : chicory(bytes, args);
        System.out.printf(Locale.ROOT, "%s %s:", w.file, w.arg);

        String expectedOut = null;
        long expectedSteps = -1;
        for (int i = 0; i < w.warmup; i++) {
            Run b = backstep.run();
            Run c = chicory == null ? b : chicory.run();
            expectedOut = b.stdout;
            expectedSteps = b.steps;
            same(w, b, c, expectedOut);
            System.out.printf(Locale.ROOT, " warm-up B %.2fs C %.2fs;", b.nanos / 1e9, c.nanos / 1e9);
        }
        long[] tb = new long[w.runs];
        long[] tc = new long[w.runs];
        for (int i = 0; i < w.runs; i++) {
            Run b;
            Run c;
            if (chicory == null) {
                b = backstep.run();
                c = b;
            } else if (i % 2 == 0) {
                b = backstep.run();
                c = chicory.run();
            } else {
                c = chicory.run();
                b = backstep.run();
            }
            if (expectedOut == null) {
                expectedOut = b.stdout;
                expectedSteps = b.steps;
            }
            same(w, b, c, expectedOut);
            if (b.steps != expectedSteps) {
                throw new AssertionError(w.name + ": instruction count changed between runs: " + expectedSteps + " vs " + b.steps);
            }
            tb[i] = b.nanos;
            tc[i] = c.nanos;
        }
        System.out.println(" done");
        String lastLine = expectedOut.lines().filter(l -> !l.isBlank()).reduce((a, z) -> z).orElse("");
        System.out.println("  output (last line): " + lastLine);
        double mb = median(tb) / 1e9;
        double mc = median(tc) / 1e9;
        if (chicory == null) {
            return new String[] {w.name + " " + w.arg, String.format(Locale.ROOT, "%,d", expectedSteps),
                String.format(Locale.ROOT, "%.3f", mb), String.format(Locale.ROOT, "%.3f", minOf(tb) / 1e9),
                String.format(Locale.ROOT, "%.0f", expectedSteps / mb / 1e6), "-", "-", "-", "-"};
        }
        return new String[] {
            w.name + " " + w.arg,
            String.format(Locale.ROOT, "%,d", expectedSteps),
            String.format(Locale.ROOT, "%.3f", mb),
            String.format(Locale.ROOT, "%.3f", minOf(tb) / 1e9),
            String.format(Locale.ROOT, "%.0f", expectedSteps / mb / 1e6),
            String.format(Locale.ROOT, "%.3f", mc),
            String.format(Locale.ROOT, "%.3f", minOf(tc) / 1e9),
            String.format(Locale.ROOT, "%.0f", expectedSteps / mc / 1e6),
            String.format(Locale.ROOT, "%.2fx", mc / mb),
        };
    }

    private static void same(Workload w, Run b, Run c, String expected) {
        if (!b.stdout.equals(c.stdout)) {
            throw new AssertionError(w.name + ": Backstep and Chicory printed different output\n--- Backstep:\n"
                    + b.stdout + "--- Chicory:\n" + c.stdout);
        }
        if (!b.stdout.equals(expected)) {
            throw new AssertionError(w.name + ": output changed between runs\n--- first:\n" + expected + "--- now:\n" + b.stdout);
        }
        if (b.stdout.isEmpty()) throw new AssertionError(w.name + ": no output");
    }

    private static Engine backstep(byte[] bytes, String[] args) {
        // As every program run in Backstep does (WasiProgram.instantiate): the interpreter loop is
        // compiled from the warm-up module's broad profile before the workload's first run.
        io.backstep.engine.runtime.InterpreterWarmUp.ensure();
        CompiledModule compiled = Wasm.load(bytes);
        return new Engine() {
            @Override
            public String name() {
                return "Backstep";
            }

            @Override
            public Run run() {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                WasiConfig config = WasiConfig.builder().args(args).stdout(out).stderr(out).build();
                try (WasiHost host = WasiHost.live(config)) {
                    Linker linker = new Linker();
                    host.install(linker);
                    Instance instance = linker.instantiate(compiled);
                    Machine machine = new Machine(linker.store());
                    long t0 = System.nanoTime();
                    try {
                        machine.invoke(instance.exportedFunction("_start"));
                    } catch (WasiExitException e) {
                        if (e.exitCode() != 0) throw new AssertionError("Backstep: exit code " + e.exitCode());
                    }
                    long t1 = System.nanoTime();
                    return new Run(t1 - t0, out.toString(StandardCharsets.UTF_8), machine.stepCount());
                }
            }
        };
    }

    private static Engine chicory(byte[] bytes, String[] args) {
        WasmModule module = Parser.parse(bytes);
        return new Engine() {
            @Override
            public String name() {
                return "Chicory";
            }

            @Override
            public Run run() {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                WasiOptions options = WasiOptions.builder().withStdout(out).withStderr(out)
                        .withArguments(Arrays.asList(args)).build();
                try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
                    ImportValues imports = ImportValues.builder().addFunction(wasi.toHostFunctions()).build();
                    // The interpreter explicitly (not the compiler), and no automatic _start: we time it ourselves.
                    com.dylibso.chicory.runtime.Instance instance = com.dylibso.chicory.runtime.Instance.builder(module)
                            .withImportValues(imports)
                            .withMachineFactory(InterpreterMachine::new)
                            .withStart(false)
                            .build();
                    ExportFunction start = instance.export("_start");
                    long t0 = System.nanoTime();
                    try {
                        start.apply();
                    } catch (com.dylibso.chicory.wasi.WasiExitException e) {
                        if (e.exitCode() != 0) throw new AssertionError("Chicory: exit code " + e.exitCode());
                    }
                    long t1 = System.nanoTime();
                    return new Run(t1 - t0, out.toString(StandardCharsets.UTF_8), -1);
                }
            }
        };
    }

    // ---- load benchmark ----------------------------------------------------------------------------

    private static void measureLoad(Path file, boolean quick) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int warm = quick ? 2 : 8;
        int runs = quick ? 3 : 11;
        // The first load in this JVM (the loader code is already partly warm from the workloads above).
        long c0 = System.nanoTime();
        CompiledModule first = Wasm.load(bytes);
        long cold = System.nanoTime() - c0;
        for (int i = 0; i < warm; i++) Wasm.load(bytes);
        long[] t = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Wasm.load(bytes);
            t[i] = System.nanoTime() - t0;
        }
        // For reference: Chicory's Parser.parse decodes and validates (its WasmModule builder runs
        // Chicory's Validator over every body); it has no compile step to compare with ours.
        long d0 = System.nanoTime();
        Parser.parse(bytes);
        long coldC = System.nanoTime() - d0;
        for (int i = 0; i < warm; i++) Parser.parse(bytes);
        long[] tc = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Parser.parse(bytes);
            tc[i] = System.nanoTime() - t0;
        }
        System.out.printf(Locale.ROOT, "%nLoad of %s (%,d bytes, %d functions), first load, then %d warm-up + %d measured:%n",
                file.getFileName(), bytes.length, first.module().functionCount(), warm, runs);
        System.out.printf(Locale.ROOT, "  Backstep Wasm.load (decode+validate+compile): median %6.1f ms, min %6.1f ms, first %6.1f ms%n",
                median(t) / 1e6, minOf(t) / 1e6, cold / 1e6);
        System.out.printf(Locale.ROOT, "  Chicory Parser.parse (decode+validate):       median %6.1f ms, min %6.1f ms, first %6.1f ms%n",
                median(tc) / 1e6, minOf(tc) / 1e6, coldC / 1e6);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    private static long minOf(long[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static void printTable(List<String[]> rows) {
        String[] head = {"workload", "instructions", "Backstep s", "(min)", "B Minstr/s",
            "Chicory s", "(min)", "C Minstr/s", "B/C speed"};
        int[] width = new int[head.length];
        for (int i = 0; i < head.length; i++) width[i] = head[i].length();
        for (String[] r : rows) for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        StringBuilder sb = new StringBuilder("\n");
        appendRow(sb, head, width);
        for (int i = 0; i < head.length; i++) {
            sb.append(i == 0 ? "|" : "").append(i == 0 ? "-".repeat(width[i] + 2) : "-".repeat(width[i] + 1) + ":").append('|');
        }
        sb.append('\n');
        for (String[] r : rows) appendRow(sb, r, width);
        System.out.print(sb);
        System.out.println("Times are medians of the measured runs (wall clock of _start only); Minstr/s uses Backstep's");
        System.out.println("executed-instruction count (Machine.stepCount) for both engines, since they run the same program.");
    }

    private static void appendRow(StringBuilder sb, String[] r, int[] width) {
        sb.append('|');
        for (int i = 0; i < r.length; i++) {
            String cell = i == 0 ? padRight(r[i], width[i]) : padLeft(r[i], width[i]);
            sb.append(' ').append(cell).append(" |");
        }
        sb.append('\n');
    }

    private static String padLeft(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }

    private static String padRight(String s, int w) {
        return s + " ".repeat(w - s.length());
    }
}
