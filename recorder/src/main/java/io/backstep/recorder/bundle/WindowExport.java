package io.backstep.recorder.bundle;

import io.backstep.engine.Wasm;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.snapshot.Snapshot;
import io.backstep.engine.snapshot.StateDigest;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.journal.RecordKind;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.FullOrIncremental;
import io.backstep.recorder.recording.FunctionActivity;
import io.backstep.recorder.recording.IntervalIndexes;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.RecordingHeader;
import io.backstep.recorder.recording.Records;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A window [from, to] of a recording written as a bundle of its own, exactly: replayed from the
 * checkpoint before {@code from} and checkpointed again at {@code from} (full), at the recording's
 * checkpoints inside the window and at {@code to} (incremental, or full where the incrementals since the
 * last full one outgrow it, as the recorder decides), with the WASI events between them. Every state
 * that the recording has a digest for is checked against it; a window reaching the recording's end
 * keeps that end. The snapshots stream from the replay machine into the bundle, so a memory of any size
 * costs a piece of memory at a time.
 */
final class WindowExport {
    private final Recording rec;
    private final long from;
    private final long to;

    WindowExport(Recording rec, long from, long to) {
        this.rec = rec;
        this.from = from;
        this.to = to;
    }

    Manifest write(Path out) {
        List<Checkpoint> cps = rec.checkpoints();
        RecordingHeader header = rec.header();
        Checkpoint lastRecorded = cps.get(cps.size() - 1);
        // A window reaching the last checkpoint ends as the recording does (after it come only the trailing
        // events of an interrupted recording); any other ends at `to`, stopped.
        boolean toEnd = to >= lastRecorded.step();
        long last = toEnd ? lastRecorded.step() : to;
        List<Long> targets = new ArrayList<>();
        targets.add(from);
        for (Checkpoint c : cps) if (c.step() > from && c.step() < last) targets.add(c.step());
        if (last > from) targets.add(last);
        EndInfo end = toEnd ? rec.end()
                : new EndInfo(last, EndInfo.Kind.STOPPED, 0, "window [" + from + ", " + to + "] of a recording of " + rec.endStep() + " steps");

        WasiHost host = WasiHost.replay(WasiConfig.builder().args(header.config().args()).build(), rec.wasiEvents());
        WasiProgram program = WasiProgram.instantiate(Wasm.load(header.module()), host);
        Machine m = program.machine();
        m.setIgnoreBreakpoints(true);
        int a = rec.checkpointIndexAtOrBefore(from);
        rec.restoreChain(a, m, program.instance());
        check(cps.get(a), StateDigest.of(m, program.instance()));
        host.replayPosition(cps.get(a).wasiIndex());
        IntervalIndexes indexes = new IntervalIndexes(m, program.instance());
        Memory mem = program.instance().memory();

        try (BundleFile file = BundleFile.create(out)) {
            file.begin(header.module());
            Bundle.record(file, RecordKind.HEADER, header.encode());
            int wasiBase = -1;
            int nextEvent = 0;
            int fulls = 0;
            FullOrIncremental kinds = new FullOrIncremental();
            for (int i = 0; i < targets.size(); i++) {
                long target = targets.get(i);
                runTo(m, target);
                boolean endsUnfinished = toEnd && i == targets.size() - 1 && m.status() == Machine.Status.PAUSED
                        && (end.kind() == EndInfo.Kind.TRAPPED || end.kind() == EndInfo.Kind.EXITED);
                // The trapping instruction (or proc_exit) does not complete: the recorded end state is one
                // instruction on, at the same step count.
                if (endsUnfinished && m.stepCount() == target) m.run(1);
                if (m.stepCount() != target) {
                    throw new BundleException("the recording is inconsistent: its replay stopped at step " + m.stepCount()
                            + " before the window's step " + target);
                }
                long digest = StateDigest.of(m, program.instance());
                int at = rec.checkpointIndexAtOrBefore(target);
                if (cps.get(at).step() == target) check(cps.get(at), digest);
                FunctionActivity activity = i == 0 ? indexes.start() : indexes.activity();
                int[] chunks = i == 0 ? new int[0] : IntervalIndexes.writtenChunks(mem);
                int position = host.replayPosition();
                if (i == 0) {
                    wasiBase = position;
                    nextEvent = position;
                }
                nextEvent = Bundle.wasiEvents(file, rec, nextEvent, position);
                boolean isFull = kinds.nextIsFull(i == 0);
                long size;
                try (OutputStream snapshot = Records.checkpoint(file.record(RecordKind.CHECKPOINT), target, isFull,
                        position - wasiBase, digest, chunks, activity)) {
                    size = Snapshot.capture(m, program.instance(), !isFull, snapshot);
                }
                if (mem != null) mem.clearDirty();
                kinds.captured(isFull, size);
                if (isFull) fulls++;
            }
            int wasiEnd = Bundle.wasiEvents(file, rec, nextEvent, toEnd ? rec.wasiEventCount() : nextEvent);
            if (end.kind() != EndInfo.Kind.INCOMPLETE) Bundle.record(file, RecordKind.END, Records.end(end));
            String sha = file.endJournal();
            Manifest manifest = new Manifest(Bundle.FORMAT_VERSION, header.toolVersion(), Instant.now().toString(),
                    header.moduleHashHex(), header.module().length, header.config(), header.checkpointInterval(), true,
                    from, to, from, end.step(), rec.endStep(), end, targets.size(), fulls, wasiEnd - wasiBase,
                    file.journalBytes(), file.records(), sha);
            file.finish(manifest);
            return manifest;
        } catch (IOException e) {
            throw BundleFile.failure(out, e);
        }
    }

    /** Replays to {@code target}, or until the machine stops by itself. */
    private static void runTo(Machine m, long target) {
        while (m.stepCount() < target && m.status() == Machine.Status.PAUSED) {
            if (m.run(target - m.stepCount()) != Machine.StopReason.BUDGET) break;
        }
    }

    private static void check(Checkpoint c, long digest) {
        if (digest != c.digest()) {
            throw new BundleException("the recording is inconsistent: the state replayed to step " + c.step()
                    + " does not match its recorded digest");
        }
    }
}
