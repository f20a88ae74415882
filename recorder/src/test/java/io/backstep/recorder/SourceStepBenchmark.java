package io.backstep.recorder;

import io.backstep.engine.source.LineBreakpoint;
import io.backstep.engine.source.SourceModel;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.replay.SourceStepper;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Source line steps forward and backward on a real program (not a unit test: it prints numbers).
 * Records the program, runs to a line, then for step over and step into: N line steps forward, each
 * timed, then N back (which must visit the same steps). Prints the median and the slowest step of each
 * direction. See docs/benchmarks.md ("Source line steps") for the command line.
 *
 * <p>Usage: {@code SourceStepBenchmark MODULE.wasm FILE:LINE N [program args...]}.
 */
public final class SourceStepBenchmark {
    private SourceStepBenchmark() {
    }

    public static void main(String[] argv) throws IOException {
        Path module = Path.of(argv[0]);
        String file = argv[1].substring(0, argv[1].lastIndexOf(':'));
        int line = Integer.parseInt(argv[1].substring(argv[1].lastIndexOf(':') + 1));
        int n = Integer.parseInt(argv[2]);
        List<String> args = List.of(argv).subList(3, argv.length);
        String name = module.getFileName().toString().replaceFirst("\\.wasm$", "");
        Path dir = Files.createTempDirectory("backstep-steps");
        long t0 = System.nanoTime();
        try (ReplayTimeline t = (ReplayTimeline) Recordings.record(Files.readAllBytes(module), RunConfig.of(name, args), dir,
                Long.getLong("bench.interval") == null ? new Recorder.Options() : new Recorder.Options().interval(Long.getLong("bench.interval")))) {
            System.out.printf("%s %s: %,d steps recorded in %.1f s%n", name, args, t.endStep(), (System.nanoTime() - t0) / 1e9);
            SourceModel model = SourceModel.of(t.module().module());
            LineBreakpoint bp = model.lineBreakpoint(file, line, t.compiledModule());
            // The line's first position the run reaches (a line can have code in several functions and inlined copies).
            LineBreakpoint.Position p = null;
            long first = Long.MAX_VALUE;
            for (LineBreakpoint.Position q : bp.positions()) {
                t.seek(0);
                Stop s = t.runTo(q.functionIndex(), q.wasmOffset(), Direction.FORWARD);
                if (s.reason() == Stop.Reason.STEP && s.step() < first) {
                    first = s.step();
                    p = q;
                }
            }
            if (p == null) throw new IllegalArgumentException("the run never reaches " + argv[1]);
            System.out.printf("from %s:%d (step %,d, function %d)%n", bp.file(), bp.line(), first, p.functionIndex());
            String dump = System.getProperty("bench.dump"); // FROM-TO: what line stepping sees at each of those steps
            if (dump != null) {
                long to = Long.parseLong(dump.substring(dump.indexOf('-') + 1));
                for (long s = Long.parseLong(dump.substring(0, dump.indexOf('-'))); s <= to; s++) {
                    t.seek(s);
                    var frames = t.state().frames();
                    var f = frames.get(frames.size() - 1);
                    var point = model.stepPoint(t.compiledModule().function(f.functionIndex()), f.wasmOffset());
                    System.out.printf("  %d depth %d func %d offset 0x%x line %s stmt %s inline %d%n", s, frames.size(), f.functionIndex(),
                            f.wasmOffset(), point.position() == null ? "-" : point.position().line(), point.statement(), point.inlineDepth());
                }
                return;
            }
            for (int round = 0; round < 2; round++) {
                for (SourceStepper.Kind kind : List.of(SourceStepper.Kind.OVER, SourceStepper.Kind.INTO)) {
                    t.seek(0);
                    t.runTo(p.functionIndex(), p.wasmOffset(), Direction.FORWARD);
                    SourceStepper stepper = new SourceStepper(t, model);
                    // One step first: the breakpoint's address need not be where a line step stops.
                    List<Long> forward = new ArrayList<>(List.of(stepper.step(kind, Direction.FORWARD).step()));
                    if (Boolean.getBoolean("bench.trace")) System.out.println("  F " + describe(t, model) + " (first step)");
                    double[] fwd = new double[n];
                    for (int i = 0; i < n; i++) {
                        long s = System.nanoTime();
                        forward.add(stepper.step(kind, Direction.FORWARD).step());
                        fwd[i] = (System.nanoTime() - s) / 1e6;
                        if (Boolean.getBoolean("bench.trace")) System.out.println("  F " + describe(t, model));
                    }
                    List<Long> backward = new ArrayList<>(List.of(t.currentStep()));
                    double[] back = new double[n];
                    for (int i = 0; i < n; i++) {
                        long s = System.nanoTime();
                        backward.add(stepper.step(kind, Direction.BACKWARD).step());
                        back[i] = (System.nanoTime() - s) / 1e6;
                        if (Boolean.getBoolean("bench.trace")) System.out.println("  B " + describe(t, model));
                    }
                    Collections.reverse(backward);
                    System.out.printf("%s %-4s %d steps over %,d instructions: forward median %.2f ms (max %.1f), backward median %.2f ms (max %.1f)%s%n",
                            round == 0 ? "cold" : "warm", kind, n, forward.get(n) - forward.get(0), median(fwd), max(fwd), median(back), max(back),
                            forward.equals(backward) ? "" : "  [backward visited other steps: " + firstDifference(forward, backward) + "]");
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The step and its source frames, innermost first (with -Dbench.trace=true). */
    private static String describe(ReplayTimeline t, SourceModel model) {
        StringBuilder b = new StringBuilder().append(t.currentStep());
        for (var f : new io.backstep.recorder.source.SourceState(model, t.state()).frames()) {
            b.append(' ').append(f.function()).append(f.inlined() ? "(inl)" : "").append(':').append(f.position() == null ? "-" : f.position().line());
        }
        return b.toString();
    }

    private static String firstDifference(List<Long> forward, List<Long> backward) {
        for (int i = 0; i < forward.size(); i++) {
            if (!forward.get(i).equals(backward.get(i))) {
                List<Long> onlyForward = new ArrayList<>(forward);
                onlyForward.removeAll(backward);
                List<Long> onlyBackward = new ArrayList<>(backward);
                onlyBackward.removeAll(forward);
                return "#" + i + " forward " + forward.get(i) + ", backward " + backward.get(i) + "; only forward " + onlyForward + ", only backward " + onlyBackward;
            }
        }
        return "";
    }

    private static double median(double[] a) {
        double[] c = a.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElse(0);
    }
}
