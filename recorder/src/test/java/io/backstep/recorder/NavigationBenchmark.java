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

        // Plain run (no recording), twice; the second is the warm figure.
        long plain = Long.MAX_VALUE;
        long steps = 0;
        for (int i = 0; i < 2; i++) {
            CompiledModule module = Wasm.load(bytes);
            WasiConfig cfg = RunConfig.of(sample, args).wasi().stdin(InputStream.nullInputStream())
                    .stdout(OutputStream.nullOutputStream()).stderr(OutputStream.nullOutputStream()).build();
            WasiProgram p = WasiProgram.instantiate(module, WasiHost.live(cfg));
            p.start();
            long t0 = System.nanoTime();
            while (p.machine().run(Long.MAX_VALUE) == Machine.StopReason.BREAKPOINT) {
                // no probes in a plain run
            }
            plain = Math.min(plain, System.nanoTime() - t0);
            steps = p.machine().stepCount();
        }
        System.out.printf("plain run: %d instructions in %.0f ms (%.0f M instructions/s)%n", steps, plain / 1e6, steps / (plain / 1e3));

        Path dir = Files.createTempDirectory("backstep-bench");
        long t0 = System.nanoTime();
        ReplayTimeline t = (ReplayTimeline) Recordings.record(bytes, RunConfig.of(sample, args), dir, new Recorder.Options());
        long rec = System.nanoTime() - t0;
        long end = t.endStep();
        System.out.printf("record (default interval %d): %.0f ms incl. opening = %.2fx the plain run; %d checkpoints%n",
                Recorder.DEFAULT_INTERVAL, rec / 1e6, (double) rec / plain, t.recordingInfo().checkpoints().size());
        System.out.printf("journal: %d bytes = %.4f bytes/instruction%n", t.journalBytes(), (double) t.journalBytes() / end);

        Random r = new Random(1);
        for (int i = 0; i < 20; i++) t.seek(r.nextInt((int) Math.min(end, Integer.MAX_VALUE))); // warm-up
        double[] seeks = new double[200];
        for (int i = 0; i < seeks.length; i++) {
            long s = (long) (r.nextDouble() * end);
            long a = System.nanoTime();
            t.seek(s);
            seeks[i] = (System.nanoTime() - a) / 1e6;
        }
        System.out.printf("random seek: median %.2f ms, p90 %.2f ms, max %.2f ms (%d seeks)%n", pct(seeks, 50), pct(seeks, 90), pct(seeks, 100), seeks.length);

        double[] back = new double[100];
        for (int i = 0; i < back.length; i++) {
            t.seek((long) (r.nextDouble() * end));
            long a = System.nanoTime();
            t.stepInto(Direction.BACKWARD);
            back[i] = (System.nanoTime() - a) / 1e6;
        }
        System.out.printf("step back (stepInto BACKWARD from a random state): median %.2f ms, p90 %.2f ms%n", pct(back, 50), pct(back, 90));
        double[] overBack = new double[100];
        for (int i = 0; i < overBack.length; i++) {
            t.seek((long) (r.nextDouble() * end));
            long a = System.nanoTime();
            t.stepOver(Direction.BACKWARD);
            overBack[i] = (System.nanoTime() - a) / 1e6;
        }
        System.out.printf("reverse step over from a random state: median %.2f ms, p90 %.2f ms%n", pct(overBack, 50), pct(overBack, 90));

        // A 4 KiB chunk written only at the start: reverse-continue from the end walks the whole history.
        List<Checkpoint> cps = t.recordingInfo().checkpoints();
        int chunk = earliestLastWrittenChunk(cps);
        long address = (long) chunk << 12;
        Watchpoint w = t.addMemoryWatchpoint(address, 4096);
        Stop stop = timed("reverse-continue to a memory watchpoint (chunk 0x" + Long.toHexString(address) + ") from the end", () -> t.seek(end), () -> t.resume(Direction.BACKWARD));
        System.out.printf("  -> %s, %.1f%% of the recording walked%n", stop, 100.0 * (end - stop.step()) / end);
        Optional<WriteInfo> lw = timed("lastWrite on the same chunk before the end", () -> t.lastWrite(address, 4096, end));
        System.out.printf("  -> %s%n", lw.orElse(null));
        t.removeWatchpoint(w.id());

        // A breakpoint hit only early: reverse-continue has to replay the whole history to find it.
        int fn = earlyFunction(t);
        if (fn >= 0) {
            Breakpoint b = t.addBreakpoint(fn, -1, null);
            Stop s2 = timed("reverse-continue to a breakpoint (entry of " + t.module().module().functionName(fn) + ") from the end", () -> t.seek(end), () -> t.resume(Direction.BACKWARD));
            System.out.printf("  -> %s, %.1f%% of the recording walked%n", s2, 100.0 * (end - s2.step()) / end);
            t.seek(end);
            long hc = timed("hitCount of that breakpoint at the end (first call)", () -> t.hitCount(b.id()));
            System.out.printf("  -> %d%n", hc);
            t.removeBreakpoint(b.id());
        }
        Stop s3 = timed("reverse-continue with nothing set (to START) from the end", () -> t.seek(end), () -> t.resume(Direction.BACKWARD));
        System.out.printf("  -> %s%n", s3);
        t.close();
    }

    /** The chunk whose last write comes earliest (but was written by the program, not only at instantiation). */
    private static int earliestLastWrittenChunk(List<Checkpoint> cps) {
        Map<Integer, Integer> last = new java.util.HashMap<>();
        for (int k = 1; k < cps.size(); k++) for (int c : cps.get(k).writtenChunks()) last.put(c, k);
        return last.entrySet().stream().min(Comparator.comparingInt(Map.Entry<Integer, Integer>::getValue)
                .thenComparing(Map.Entry::getKey)).map(Map.Entry::getKey).orElse(0);
    }

    /** A function named "generate" if the module has one (checksum's data generator, run first), else none. */
    private static int earlyFunction(ReplayTimeline t) {
        for (Map.Entry<Integer, String> e : t.module().module().names().functionNames().entrySet()) {
            if (e.getValue().equals("generate") && t.module().function(e.getKey()) != null) return e.getKey();
        }
        return -1;
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
