package io.backstep.recorder;

import io.backstep.engine.wasi.WasiEvent;
import io.backstep.recorder.journal.Journal;
import io.backstep.recorder.journal.RecordKind;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.Records;
import java.nio.file.Path;

/** Test helper: a recording copied record by record into a new journal, with one checkpoint's record replaced. */
public final class JournalCopy {
    private JournalCopy() {
    }

    /** A copy of {@code rec} in {@code dir} in which checkpoint {@code k}'s record is {@code payload}, opened. */
    public static Recording withCheckpoint(Recording rec, Path dir, int k, byte[] payload) {
        return copy(rec, dir, k, payload, -1, null);
    }

    /** A copy of {@code rec} in {@code dir} in which WASI event {@code i} is {@code event}, opened. */
    public static Recording withWasiEvent(Recording rec, Path dir, int i, WasiEvent event) {
        return copy(rec, dir, -1, null, i, event);
    }

    private static Recording copy(Recording rec, Path dir, int k, byte[] payload, int wasiIndex, WasiEvent wasiEvent) {
        try (Journal j = Journal.create(dir)) {
            j.append(RecordKind.HEADER, rec.header().encode());
            int event = 0;
            for (int i = 0; i < rec.checkpoints().size(); i++) {
                Checkpoint c = rec.checkpoints().get(i);
                for (; event < c.wasiIndex(); event++) j.append(RecordKind.WASI, wasi(rec, event, wasiIndex, wasiEvent));
                j.append(RecordKind.CHECKPOINT, i == k ? payload : rec.checkpointPayload(c));
            }
            for (; event < rec.wasiEventCount(); event++) j.append(RecordKind.WASI, wasi(rec, event, wasiIndex, wasiEvent));
            j.append(RecordKind.END, Records.end(rec.end()));
        }
        return Recording.open(dir);
    }

    private static byte[] wasi(Recording rec, int event, int replaced, WasiEvent replacement) {
        return Records.wasi(rec.wasiStep(event), event == replaced ? replacement : rec.wasiEvents().get(event));
    }
}
