package io.backstep.recorder;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Watchpoint;
import io.backstep.recorder.timeline.WriteInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Recorder and navigation figures on a long recording (not a unit test: it prints numbers).
 * Usage: {@code NavigationBenchmark [sample] [args...]}, default {@code checksum} with its default
 * size (about 245 M instructions). See docs/benchmarks.md for the command line.
 */
public final class NavigationBenchmark {
    private NavigationBenchmark() {
    }

    public static void main(String[] argv) throws IOException {
        String sample = argv.length > 0 ? argv[0] : "checksum";
        List<String> args = argv.length > 1 ? List.of(argv).subList(1, argv.length) : List.of();
        byte[] bytes = SeekTest.sample(sample);
        System.out.printf("sample %s %s, JDK %s, %d cores%n", sample, args, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        // Recording overhead: plain runs and recordings alternate in this one JVM, so both see the same
        // JIT state. The first of each is the cold figure (the very first includes compiling the
        // interpreter); then ROUNDS more of each, whose medians give the steady-state ratio.
        final int rounds = Integer.getInteger("bench.rounds", 5);
        double[] plainMs = new double[rounds + 1];
        double[] recordMs = new double[rounds + 1];
        long steps = 0;
        ReplayTimeline t = null;
        for (int i = 0; i <= rounds; i++) {
            long t0 = System.nanoTime();
            steps = plainRun(bytes, sample, args);
            plainMs[i] = (System.nanoTime() - t0) / 1e6;
            if (t != null) t.close();
            Path dir = Files.createTempDirectory("backstep-bench");
            t0 = System.nanoTime();
            t = (ReplayTimeline) Recordings.record(bytes, RunConfig.of(sample, args), dir, new Recorder.Options());
            recordMs[i] = (System.nanoTime() - t0) / 1e6;
            System.out.printf("  round %d: plain %.0f ms, record %.0f ms%n", i, plainMs[i], recordMs[i]);
        }
        double[] plainWarm = Arrays.copyOfRange(plainMs, 1, rounds + 1);
        double[] recordWarm = Arrays.copyOfRange(recordMs, 1, rounds + 1);
        System.out.printf("plain run: %d instructions; first %.0f ms, median of %d after it %.0f ms (%.0f M instructions/s)%n",
                steps, plainMs[0], rounds, pct(plainWarm, 50), steps / (pct(plainWarm, 50) * 1e3));
        System.out.printf("record (default interval %d, including opening the recording): first %.0f ms = %.2fx the first plain run;"
                + " median %.0f ms = %.2fx the plain median; %d checkpoints%n",
                Recorder.DEFAULT_INTERVAL, recordMs[0], recordMs[0] / plainMs[0], pct(recordWarm, 50),
                pct(recordWarm, 50) / pct(plainWarm, 50), t.recordingInfo().checkpoints().size());
        long end = t.endStep();
        System.out.printf("journal: %d bytes = %.4f bytes/instruction%n", t.journalBytes(), (double) t.journalBytes() / end);

        final ReplayTimeline tl = t;
        Random r = new Random(1);
        for (int i = 0; i < 20; i++) tl.seek(r.nextInt((int) Math.min(end, Integer.MAX_VALUE))); // warm-up
        double[] seeks = new double[200];
        for (int i = 0; i < seeks.length; i++) {
            long s = (long) (r.nextDouble() * end);
            long a = System.nanoTime();
            tl.seek(s);
            seeks[i] = (System.nanoTime() - a) / 1e6;
        }
        System.out.printf("random seek: median %.2f ms, p90 %.2f ms, max %.2f ms (%d seeks)%n", pct(seeks, 50), pct(seeks, 90), pct(seeks, 100), seeks.length);

        double[] back = new double[100];
        for (int i = 0; i < back.length; i++) {
            tl.seek((long) (r.nextDouble() * end));
            long a = System.nanoTime();
            tl.stepInto(Direction.BACKWARD);
            back[i] = (System.nanoTime() - a) / 1e6;
        }
        System.out.printf("step back (stepInto BACKWARD from a random state): median %.2f ms, p90 %.2f ms%n", pct(back, 50), pct(back, 90));
        double[] overBack = new double[100];
        for (int i = 0; i < overBack.length; i++) {
            tl.seek((long) (r.nextDouble() * end));
            long a = System.nanoTime();
            tl.stepOver(Direction.BACKWARD);
            overBack[i] = (System.nanoTime() - a) / 1e6;
        }
        System.out.printf("reverse step over from a random state: median %.2f ms, p90 %.2f ms%n", pct(overBack, 50), pct(overBack, 90));

        // A 4 KiB chunk written only at the start: reverse-continue from the end walks the whole history.
        List<Checkpoint> cps = tl.recordingInfo().checkpoints();
        int chunk = earliestLastWrittenChunk(cps);
        long address = (long) chunk << 12;
        Watchpoint w = tl.addMemoryWatchpoint(address, 4096);
        Stop stop = timed("reverse-continue to a memory watchpoint (chunk 0x" + Long.toHexString(address) + ") from the end", () -> tl.seek(end), () -> tl.resume(Direction.BACKWARD));
        System.out.printf("  -> %s, %.1f%% of the recording walked%n", stop, 100.0 * (end - stop.step()) / end);
        Optional<WriteInfo> lw = timed("lastWrite on the same chunk before the end", () -> tl.lastWrite(address, 4096, end));
        System.out.printf("  -> %s%n", lw.orElse(null));
        tl.removeWatchpoint(w.id());

        // Breakpoints hit only early, from the end: the journaled function activity lets reverse-continue
        // skip every interval in which the breakpoint's function did not run. Three cases: a function of
        // the first phase; main, which is on the stack throughout but runs only between phases; and the
        // worst case, a function that runs in the most intervals, with a condition that never holds (every
        // interval it runs in is replayed, i.e. most of the recording).
        List<int[]> cases = new java.util.ArrayList<>();
        int gen = functionNamed(tl, "generate");
        if (gen >= 0) cases.add(new int[] {gen, 0});
        int main = functionNamed(tl, "main");
        if (main >= 0) cases.add(new int[] {main, 0});
        int busiest = busiestFunction(tl);
        if (busiest >= 0) cases.add(new int[] {busiest, 1});
        for (int[] c : cases) {
            int fn = c[0];
            String cond = c[1] == 1 ? "$0 == 0x7ffffff1" : null;
            Breakpoint b = tl.addBreakpoint(fn, -1, cond);
            java.util.BitSet only = new java.util.BitSet();
            only.set(fn);
            int runs = 0;
            for (int k = 0; k + 1 < cps.size(); k++) if (tl.recordingInfo().mayRun(k, only)) runs++;
            String what = "reverse-continue to a breakpoint (entry of " + tl.module().module().functionName(fn)
                    + (cond == null ? "" : " if " + cond) + ", which runs in " + runs + " of " + (cps.size() - 1) + " intervals) from the end";
            Stop s2 = timed(what, () -> tl.seek(end), () -> tl.resume(Direction.BACKWARD));
            System.out.printf("  -> %s, %.1f%% of the recording walked%n", s2, 100.0 * (end - s2.step()) / end);
            tl.seek(end);
            long hc = timed("hitCount of that breakpoint at the end (first call, then cached)", () -> tl.hitCount(b.id()));
            System.out.printf("  -> %d%n", hc);
            tl.removeBreakpoint(b.id());
        }
        Stop s3 = timed("reverse-continue with nothing set (to START) from the end", () -> tl.seek(end), () -> tl.resume(Direction.BACKWARD));
        System.out.printf("  -> %s%n", s3);
        tl.close();
    }

    /** The chunk whose last write comes earliest (but was written by the program, not only at instantiation). */
    private static int earliestLastWrittenChunk(List<Checkpoint> cps) {
        Map<Integer, Integer> last = new java.util.HashMap<>();
        for (int k = 1; k < cps.size(); k++) for (int c : cps.get(k).writtenChunks()) last.put(c, k);
        return last.entrySet().stream().min(Comparator.comparingInt(Map.Entry<Integer, Integer>::getValue)
                .thenComparing(Map.Entry::getKey)).map(Map.Entry::getKey).orElse(0);
    }

    /** The defined function with this name, or -1. */
    private static int functionNamed(ReplayTimeline t, String name) {
        for (Map.Entry<Integer, String> e : t.module().module().names().functionNames().entrySet()) {
            if (e.getValue().equals(name) && t.compiledModule().function(e.getKey()) != null) return e.getKey();
        }
        return -1;
    }

    /** The defined function with at least one parameter that runs in the most checkpoint intervals. */
    private static int busiestFunction(ReplayTimeline t) {
        int best = -1;
        int bestRuns = -1;
        int n = t.recordingInfo().checkpoints().size();
        for (int f = 0; f < t.module().module().functionCount(); f++) {
            if (t.compiledModule().function(f) == null || t.compiledModule().function(f).type.paramCount() == 0) continue;
            java.util.BitSet only = new java.util.BitSet();
            only.set(f);
            int runs = 0;
            for (int k = 0; k + 1 < n; k++) if (t.recordingInfo().mayRun(k, only)) runs++;
            if (runs > bestRuns) {
                best = f;
                bestRuns = runs;
            }
        }
        return best;
    }

    /** Runs the program without recording; returns its step count. */
    private static long plainRun(byte[] bytes, String sample, List<String> args) {
        CompiledModule module = Wasm.load(bytes);
        WasiConfig cfg = RunConfig.of(sample, args).wasi().stdin(InputStream.nullInputStream())
                .stdout(OutputStream.nullOutputStream()).stderr(OutputStream.nullOutputStream()).build();
        WasiProgram p = WasiProgram.instantiate(module, WasiHost.live(cfg));
        p.start();
        while (p.machine().run(Long.MAX_VALUE) == Machine.StopReason.BREAKPOINT) {
            // no probes in a plain run
        }
        return p.machine().stepCount();
    }

    private static <T> T timed(String what, Supplier<T> op) {
        return timed(what, () -> { }, op);
    }

    /** Runs setup (untimed) then op, three times; prints the first and the best time. */
    private static <T> T timed(String what, Runnable setup, Supplier<T> op) {
        double best = Double.MAX_VALUE;
        double first = 0;
        T result = null;
        for (int i = 0; i < 3; i++) {
            setup.run();
            long a = System.nanoTime();
            result = op.get();
            double ms = (System.nanoTime() - a) / 1e6;
            if (i == 0) first = ms;
            best = Math.min(best, ms);
        }
        System.out.printf("%s: first %.0f ms, best of 3 %.0f ms%n", what, first, best);
        return result;
    }

    private static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))];
    }
}
