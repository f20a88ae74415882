package io.backstep.recorder.recording;

import io.backstep.engine.WasmException;
import io.backstep.engine.wasi.WasiEvent;
import io.backstep.recorder.journal.Journal;
import io.backstep.recorder.journal.JournalException;
import io.backstep.recorder.journal.RecordKind;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.snapshot.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A recording opened for reading. Opening scans the journal once and keeps an index: checkpoints by
 * step (so finding the one before any step is a binary search, not a scan), every WASI event with its
 * step, and the guest's console output. A journal without an END record (the recorder was killed)
 * opens too: it ends at its last checkpoint.
 */
public final class Recording implements AutoCloseable {
    private final Path directory;
    private final Journal journal;
    private final RecordingHeader header;
    private final List<Checkpoint> checkpoints;
    private final long[] checkpointSteps;
    private final List<WasiEvent> wasiEvents;
    private final long[] wasiSteps;
    private final EndInfo end;
    private final long journalBytes;
    /** Console output: all bytes, and for each output event its step and the length of the output before it. */
    private final byte[] console;
    private final long[] outputSteps;
    private final int[] outputEnds;

    private Recording(Path directory, Journal journal, RecordingHeader header, List<Checkpoint> checkpoints,
                      List<WasiEvent> events, long[] wasiSteps, EndInfo end, long journalBytes,
                      byte[] console, long[] outputSteps, int[] outputEnds) {
        this.directory = directory;
        this.journal = journal;
        this.header = header;
        this.checkpoints = checkpoints;
        this.checkpointSteps = checkpoints.stream().mapToLong(Checkpoint::step).toArray();
        this.wasiEvents = events;
        this.wasiSteps = wasiSteps;
        this.end = end;
        this.journalBytes = journalBytes;
        this.console = console;
        this.outputSteps = outputSteps;
        this.outputEnds = outputEnds;
    }

    /** Opens and indexes the recording in {@code dir}; throws JournalException if it is not a readable recording. */
    public static Recording open(Path dir) {
        Journal journal = Journal.open(dir);
        try {
            journal.rewind();
            Journal.Entry first = journal.next();
            if (first == null) throw new JournalException(dir + ": the recording is empty");
            if (first.kind() != RecordKind.HEADER) throw new JournalException(dir + ": the recording does not start with a header");
            RecordingHeader header = RecordingHeader.decode(first.payload());
            long bytes = first.payload().length + 1;
            List<Checkpoint> checkpoints = new ArrayList<>();
            List<WasiEvent> events = new ArrayList<>();
            List<Long> eventSteps = new ArrayList<>();
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            List<Long> outSteps = new ArrayList<>();
            List<Integer> outEnds = new ArrayList<>();
            EndInfo end = null;
            Journal.Entry e;
            // Checkpoints are read only as far as their heads: their snapshots are passed over.
            while ((e = journal.next(kind -> kind != RecordKind.CHECKPOINT)) != null) {
                bytes += e.length() + 1;
                switch (e.kind()) {
                    case RecordKind.CHECKPOINT -> {
                        Checkpoint c = checkpointAt(journal, e.index());
                        if (!checkpoints.isEmpty() && c.step() < checkpoints.get(checkpoints.size() - 1).step()) {
                            throw new JournalException("checkpoints out of order at step " + c.step());
                        }
                        checkpoints.add(c);
                    }
                    case RecordKind.WASI -> {
                        Records.WasiRecord w = Records.wasi(e.payload());
                        events.add(w.event());
                        eventSteps.add(w.step());
                        byte[] out = w.event().output();
                        if (out != null && out.length > 0) {
                            console.write(out, 0, out.length);
                            outSteps.add(w.step());
                            outEnds.add(console.size());
                        }
                    }
                    case RecordKind.END -> end = Records.end(e.payload());
                    default -> throw new JournalException("unknown record kind " + e.kind() + " in " + dir);
                }
            }
            if (checkpoints.isEmpty() || !checkpoints.get(0).full()) {
                throw new JournalException(dir + ": the recording has no initial snapshot");
            }
            long lastCheckpoint = checkpoints.get(checkpoints.size() - 1).step();
            if (end == null) {
                end = new EndInfo(lastCheckpoint, EndInfo.Kind.INCOMPLETE, -1, "the recorder ended without closing the journal (killed?); it ends at its last checkpoint");
            } else if (end.step() != lastCheckpoint) {
                throw new JournalException(dir + ": the recording's end does not match its last checkpoint");
            }
            return new Recording(dir, journal, header, List.copyOf(checkpoints), List.copyOf(events),
                    eventSteps.stream().mapToLong(Long::longValue).toArray(), end, bytes, console.toByteArray(),
                    outSteps.stream().mapToLong(Long::longValue).toArray(), outEnds.stream().mapToInt(Integer::intValue).toArray());
        } catch (RuntimeException ex) {
            journal.close();
            if (ex instanceof JournalException) throw ex;
            throw new JournalException(dir + ": the recording is corrupt: " + WasmException.describe(ex), ex);
        }
    }

    public Path directory() {
        return directory;
    }

    public RecordingHeader header() {
        return header;
    }

    public EndInfo end() {
        return end;
    }

    /** The last recorded step. */
    public long endStep() {
        return end.step();
    }

    public List<Checkpoint> checkpoints() {
        return checkpoints;
    }

    /** The last checkpoint at or before {@code step}. */
    public int checkpointIndexAtOrBefore(long step) {
        int i = Arrays.binarySearch(checkpointSteps, step);
        if (i < 0) i = -i - 2;
        // Several checkpoints can share a step (the final one); take the last.
        while (i + 1 < checkpointSteps.length && checkpointSteps[i + 1] == step) i++;
        return Math.max(0, i);
    }

    private static Checkpoint checkpointAt(Journal journal, long index) {
        try (InputStream record = journal.open(index)) {
            return Records.checkpointHead(index, new DataInputStream(record));
        } catch (IOException e) {
            throw new JournalException("corrupt checkpoint record: " + WasmException.describe(e), e);
        }
    }

    /**
     * Restores checkpoint {@code c}'s snapshot into {@code machine} and {@code instance} (see
     * {@link Snapshot#restore(InputStream, Machine, Instance)}), inflating it from the journal as it
     * goes: a snapshot of any size is restored through a fixed amount of memory.
     */
    public void restore(Checkpoint c, Machine machine, Instance instance) {
        try (InputStream record = journal.open(c.journalIndex())) {
            DataInputStream in = new DataInputStream(record);
            Records.checkpointHead(c.journalIndex(), in);
            try (Records.SnapshotStream snapshot = Records.snapshot(in, c.step())) {
                Snapshot.restore(snapshot, machine, instance);
                snapshot.checkEnd();
            }
        } catch (IOException e) {
            throw new JournalException("cannot read the checkpoint at step " + c.step() + ": " + WasmException.describe(e), e);
        }
    }

    /**
     * Restores the state at checkpoint {@code index} exactly: the full snapshot at or before it, then each
     * incremental one up to it, streamed from the journal.
     */
    public void restoreChain(int index, Machine machine, Instance instance) {
        int full = index;
        while (!checkpoints.get(full).full()) full--;
        for (int k = full; k <= index; k++) restore(checkpoints.get(k), machine, instance);
    }

    /** The engine snapshot of checkpoint {@code c} as one array (snapshots that fit one: tests, tools). */
    public byte[] snapshot(Checkpoint c) {
        try (InputStream record = journal.open(c.journalIndex())) {
            DataInputStream in = new DataInputStream(record);
            Records.checkpointHead(c.journalIndex(), in);
            try (Records.SnapshotStream snapshot = Records.snapshot(in, c.step())) {
                byte[] bytes = snapshot.readAllBytes();
                snapshot.checkEnd();
                return bytes;
            }
        } catch (IOException e) {
            throw new JournalException("cannot read the checkpoint at step " + c.step() + ": " + WasmException.describe(e), e);
        }
    }

    /** The checkpoint record of {@code c} as journaled, in one array (small recordings: tests). */
    public byte[] checkpointPayload(Checkpoint c) {
        return journal.read(c.journalIndex()).payload();
    }

    /**
     * The checkpoint record of {@code c} as journaled, as a stream over its pieces (for copying it
     * into a bundle). One stream at a time: reading another record ends it.
     */
    public InputStream checkpointRecord(Checkpoint c) {
        return journal.open(c.journalIndex());
    }

    /**
     * Whether any of {@code functions} (defined function indices) can have executed an instruction in
     * checkpoint interval {@code k}, the states from checkpoint k up to checkpoint k + 1: that needs it
     * on top at checkpoint k, or entered or returned into before checkpoint k + 1. False means replaying
     * the interval cannot meet any of their instructions.
     */
    public boolean mayRun(int k, BitSet functions) {
        if (functions.isEmpty()) return false;
        int top = checkpoints.get(k).activity().top();
        if (top >= 0 && functions.get(top)) return true;
        if (k + 1 < checkpoints.size()) {
            FunctionActivity next = checkpoints.get(k + 1).activity();
            for (int f : next.called()) if (functions.get(f)) return true;
            for (int f : next.resumed()) if (functions.get(f)) return true;
        }
        return false;
    }

    /**
     * Calls into each defined function over the whole recording (entries of the entry function
     * included), indexed by function index; from the journaled function activity, without replay.
     */
    public long[] callCounts(int functionCount) {
        long[] n = new long[functionCount];
        for (Checkpoint c : checkpoints) {
            FunctionActivity a = c.activity();
            for (int i = 0; i < a.called().length; i++) if (a.called()[i] < functionCount) n[a.called()[i]] += a.calls()[i];
        }
        return n;
    }

    public List<WasiEvent> wasiEvents() {
        return wasiEvents;
    }

    /** Step (state before the call instruction) of WASI event {@code i}. */
    public long wasiStep(int i) {
        return wasiSteps[i];
    }

    public int wasiEventCount() {
        return wasiSteps.length;
    }

    /** Guest stdout and stderr written by instructions before state {@code step}. */
    public String console(long step) {
        // Output of a call made from state s is visible from state s + 1 on.
        int i = Arrays.binarySearch(outputSteps, step - 1);
        int count;
        if (i >= 0) {
            while (i + 1 < outputSteps.length && outputSteps[i + 1] == step - 1) i++;
            count = i + 1;
        } else {
            count = -i - 1;
        }
        int length = count == 0 ? 0 : outputEnds[count - 1];
        return new String(console, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Bytes of journal data (records as written, excluding the queue's preallocated space). */
    public long journalBytes() {
        return journalBytes;
    }

    @Override
    public void close() {
        journal.close();
    }
}
