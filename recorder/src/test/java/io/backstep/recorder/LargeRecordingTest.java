package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.bundle.ReplayVerifier;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal has no size limit: a 64 MiB memory full of data that does not compress, and a module
 * of over 20 MB, record, export, import, replay and seek like any other.
 */
class LargeRecordingTest {
    /**
     * A 64 MiB memory (1024 pages) filled with xorshift32 words, as wat2wasm builds:
     * <pre>
     * (module (memory (export "memory") 1024)
     *   (func (export "_start") (local $i i32) (local $x i32)
     *     i32.const 0x92d68ca2 local.set $x
     *     loop $l
     *       x ^= x << 13; x ^= x >>> 17; x ^= x << 5      ;; as local.get/i32.shl/i32.xor/local.set
     *       local.get $i local.get $x i32.store
     *       local.get $i i32.const 4 i32.add local.tee $i
     *       i32.const 67108864 i32.lt_u br_if $l
     *     end))
     * </pre>
     */
    static final byte[] FILL_64_MIB = HexFormat.of().parseHex("0061736d0100000001040160000003020100050401008008071302066d656d6f72790200"
            + "065f737461727400000a45014301027f41a299da96792101034020012001410d74732101200120014111767321012001200141057473210120"
            + "002001360200200041046a22004180808020490d000b0b");
    static final int SIZE = 64 << 20;

    /** What the module leaves in memory word {@code k}, computed here independently of the engine. */
    static int word(int k) {
        int x = 0x92d68ca2;
        for (int i = 0; i <= k; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
        }
        return x;
    }

    /** The module with a custom section of {@code extra} random bytes appended (custom sections may come last). */
    static byte[] withCustomSection(byte[] module, int extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(module);
        byte[] name = "padding".getBytes();
        byte[] payload = new byte[extra];
        new Random(7).nextBytes(payload);
        int size = 1 + name.length + payload.length;
        out.write(0);
        for (int v = size; ; v >>>= 7) {
            if ((v & ~0x7F) == 0) {
                out.write(v);
                break;
            }
            out.write((v & 0x7F) | 0x80);
        }
        out.write(name.length);
        out.writeBytes(name);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    @Test
    void anIncompressible64MiBMemoryInABigModuleRecordsExportsAndReplays(@TempDir Path tmp) {
        byte[] module = withCustomSection(FILL_64_MIB, 20 << 20);
        assertTrue(module.length > 20_000_000);
        Recorder.Options o = new Recorder.Options().interval(1L << 26);
        Path bundle = tmp.resolve("big.bstrace");
        Path window = tmp.resolve("window.bstrace");
        try (Recording rec = Recorder.record(module, RunConfig.of("fill", List.of()), tmp.resolve("rec"), o)) {
            assertEquals(EndInfo.Kind.FINISHED, rec.end().kind());
            assertTrue(rec.journalBytes() > SIZE, "the memory did not compress: " + rec.journalBytes() + " journal bytes");
            Bundle.export(rec, bundle);
            // A window from the middle: its first checkpoint is rebuilt (restored from its chain, captured
            // again) and both directions stream through the bundle's pieces.
            assertTrue(rec.checkpoints().size() > 2 && !rec.checkpoints().get(rec.checkpointIndexAtOrBefore(rec.endStep() / 2)).full(),
                    "the window starts at an incremental checkpoint");
            Bundle.export(rec, window, rec.endStep() / 2, rec.endStep());
        }
        long endDigest;
        try (Recording back = Bundle.open(bundle, tmp.resolve("work"))) {
            assertEquals(module.length, back.header().module().length);
            assertTrue(ReplayVerifier.verify(back, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()).identical());
            try (ReplayTimeline t = new ReplayTimeline(back)) {
                byte[] last = t.seek(t.endStep()).readMemory(SIZE - 4096, 4096);
                ByteBuffer words = ByteBuffer.wrap(last).order(ByteOrder.LITTLE_ENDIAN);
                int k = (SIZE - 4096) / 4;
                int x = word(k);
                for (int i = 0; i < 1024; i++) {
                    assertEquals(x, words.getInt(), "word " + (k + i));
                    x ^= x << 13;
                    x ^= x >>> 17;
                    x ^= x << 5;
                }
                endDigest = t.digest();
                // Half way: the first half filled, the rest still zero.
                long half = t.endStep() / 2;
                byte[] mid = t.seek(half).readMemory(SIZE - 8, 8);
                assertEquals(0L, ByteBuffer.wrap(mid).getLong());
            }
        }
        try (Recording w = Bundle.open(window, tmp.resolve("work")); ReplayTimeline t = new ReplayTimeline(w)) {
            assertTrue(w.checkpoints().get(0).full(), "a window starts with a full snapshot");
            assertTrue(ReplayVerifier.verify(w, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()).identical());
            t.seek(t.endStep());
            assertEquals(endDigest, t.digest(), "the window ends in the recording's end state");
        }
    }
}
