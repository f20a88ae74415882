package io.backstep.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.wasi.WasiEvent;
import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.journal.Journal;
import io.backstep.recorder.journal.RecordKind;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.Records;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A .bstrace whose recorded output was altered and whose checksums were made consistent again (it is
 * exported anew): replay does not print the altered text as the program's, and the commands that
 * answer from replay stop with "recording is inconsistent at step N" instead of answering.
 */
class TamperedRecordingCliTest {
    private static long alteredStep;

    /** The corruption sample's recording with the digits of its first output changed, re-exported so every checksum agrees. */
    private static Path tampered(Path tmp) {
        Path good = tmp.resolve("good.bstrace");
        CliTestSupport.run("record", "-o", good.toString(), "corruption");
        Path bad = tmp.resolve("bad.bstrace");
        try (Recording rec = Bundle.open(good, tmp.resolve("w1"))) {
            int target = -1;
            for (int i = 0; i < rec.wasiEventCount() && target < 0; i++) {
                byte[] o = rec.wasiEvents().get(i).output();
                if (o != null && new String(o).matches("(?s).*[0-9].*")) target = i;
            }
            assertTrue(target >= 0);
            alteredStep = rec.wasiStep(target);
            Path dir = tmp.resolve("altered");
            try (Journal j = Journal.create(dir)) {
                j.append(RecordKind.HEADER, rec.header().encode());
                int e = 0;
                for (Checkpoint c : rec.checkpoints()) {
                    for (; e < c.wasiIndex(); e++) j.append(RecordKind.WASI, Records.wasi(rec.wasiStep(e), event(rec, e, target)));
                    j.append(RecordKind.CHECKPOINT, rec.checkpointPayload(c));
                }
                for (; e < rec.wasiEventCount(); e++) j.append(RecordKind.WASI, Records.wasi(rec.wasiStep(e), event(rec, e, target)));
                j.append(RecordKind.END, Records.end(rec.end()));
            }
            try (Recording altered = Recording.open(dir)) {
                Bundle.export(altered, bad);
            }
        }
        return bad;
    }

    private static WasiEvent event(Recording rec, int i, int target) {
        WasiEvent e = rec.wasiEvents().get(i);
        if (i != target) return e;
        byte[] out = e.output().clone();
        for (int k = 0; k < out.length; k++) if (out[k] >= '0' && out[k] <= '9') out[k] = (byte) ('0' + (out[k] - '0' + 3) % 10);
        return WasiEvent.returned(e.function(), e.args(), e.result(), e.memoryWrites(), e.outputStream(), out);
    }

    @Test
    void everyReplayingCommandRefusesIt(@TempDir Path tmp) throws Exception {
        Path bad = tampered(tmp);
        CliTestSupport.Result replay = CliTestSupport.run("replay", bad.toString());
        assertEquals(Cli.ERROR, replay.status());
        assertTrue(replay.err().contains("replay diverged"), replay.err());
        assertFalse(replay.err().contains("replay identical"), replay.err());

        long steps = ((Number) ((java.util.Map<?, ?>) MiniJson.parse(CliTestSupport.run("info", bad.toString(), "--json").out())).get("steps")).longValue();
        for (String[] cmd : new String[][] {
                {"state", bad.toString(), "--at", Long.toString(alteredStep + 1)},
                {"query", bad.toString(), "--last-write", "0xfd0:4"},
                {"trim", bad.toString(), "--from", "0", "--to", Long.toString(steps / 2), "-o", tmp.resolve("t.bstrace").toString()}}) {
            CliTestSupport.Result r = CliTestSupport.run(cmd);
            assertEquals(Cli.ERROR, r.status(), cmd[0] + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("backstep: recording is inconsistent at step "), cmd[0] + ": " + r.err());
            assertEquals("", r.out(), cmd[0] + " printed an answer");
        }
        assertFalse(Files.exists(tmp.resolve("t.bstrace")), "no trimmed copy of it");
    }
}
