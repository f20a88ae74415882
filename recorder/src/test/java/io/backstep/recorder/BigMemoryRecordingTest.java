package io.backstep.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.recorder.bundle.ReplayVerifier;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.state.MachineState;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end check that memories past 2 GiB record and replay: a program fills 33,000 pages
 * (2.16 GB, more than one Java array can hold) with data deflate cannot shrink, so its checkpoints are
 * snapshots of over 2 GiB, an incremental one and a full one. Recording runs in a JVM whose heap is the
 * guest's memory plus 600 MiB, so the recorder cannot have held a copy of a snapshot; replay and seeks
 * run in a second JVM. Each child prints its peak resident size (docs/benchmarks.md has the figures).
 */
class BigMemoryRecordingTest {
    /**
     * wat2wasm of:
     * <pre>
     * (module (memory (export "memory") 33000)
     *   (func (export "_start") (local $i i32) (local $x i64) (local $p i32)
     *     ;; page 0: xorshift64 words (x ^= x << 13; x ^= x >>> 7; x ^= x << 17), from 0x9E3779B97F4A7C15
     *     loop $seed ... i64.store at $i ... $i += 8 while $i < 65536 end
     *     ;; pages 1 to 32999: memory.copy of page 0, then word 0 = the page number
     *     loop $fill ... end
     *     ;; i = 0 to 29999: word 1 of page i = i | 0xABCD00000000
     *     loop $spin ... end))
     * </pre>
     * Deflate looks back 32 KiB, so copies of a 64 KiB random page do not compress.
     */
    static final byte[] FILL_2_16_GB = HexFormat.of().parseHex("0061736d010000000104016000000302010005050100e88102071302066d656d6f72790200065f737461727400000aae0101ab0103017f01"
            + "7e017f4295f8a9fa97b7de9b9e7f2101034020012001420d8685210120012001420788852101200120014211868521012000200137030020"
            + "0041086a220041808004490d000b4101210203402002411074410041808004fc0a000020024110742002ad370300200241016a220241e881"
            + "02490d000b410021000340200041e881027041107441086a2000ad4280808080d0f92a84370300200041016a220041b0ea01490d000b0b");
    static final int PAGES = 33_000;
    static final int TAGGED = 30_000;
    static final long TAG = 0xABCD00000000L;
    /** One checkpoint after the fill (incremental, carrying every page) and the final one (full). */
    static final long INTERVAL = 1_000_000;

    /** Word {@code k} of page 0 as the seed loop leaves it, computed here independently of the engine. */
    static long seedWord(int k) {
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i <= k; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    @Test
    void aMemoryOfMoreThan2GiBThatDoesNotCompressRecordsReplaysAndSeeks(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("rec");
        String recorded = child(tmp, "-Xmx" + (PAGES * 64L / 1024 + 600) + "m", "record", dir.toString());
        assertTrue(recorded.contains("recorded"), recorded);
        String replayed = child(tmp, "-Xmx6g", "replay", dir.toString());
        assertTrue(replayed.contains("replayed"), replayed);
    }

    /** Runs {@link #main} in a child JVM with {@code heap}; returns its output, failing on a non-zero exit. */
    private static String child(Path tmp, String heap, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Dchronicle") || a.startsWith("-Xss")) cmd.add(a);
        }
        cmd.add(heap);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BigMemoryRecordingTest.class.getName());
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "child", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the child " + String.join(" ", args) + " did not finish");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.print(out);
        assertEquals(0, p.exitValue(), String.join(" ", args) + ":\n" + out);
        return out;
    }

    /** {@code record DIR} or {@code replay DIR}: one side of the check, in a JVM of its own. */
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Path dir = Path.of(args[1]);
        if (args[0].equals("record")) {
            try (Recording rec = Recorder.record(FILL_2_16_GB, RunConfig.of("fill", List.of()), dir, new Recorder.Options().interval(INTERVAL))) {
                check(rec.end().kind() == EndInfo.Kind.FINISHED, "the program finished: " + rec.end());
                List<Checkpoint> cps = rec.checkpoints();
                check(cps.size() == 3 && !cps.get(1).full() && cps.get(2).full(), "checkpoints: 0 full, one incremental, the final full: " + cps);
                check(rec.journalBytes() > 2 * (PAGES * 65536L), "two snapshots of the whole memory, uncompressed: " + rec.journalBytes());
                report("recorded", start, rec.journalBytes() + " journal bytes, " + cps.size() + " checkpoints");
            }
        } else {
            try (Recording rec = Recording.open(dir)) {
                ReplayVerifier.Result r = ReplayVerifier.verify(rec, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
                check(r.identical() && r.checkpointsVerified() == 3, "straight replay matches every checkpoint: " + r);
            }
            try (Recording rec = Recording.open(dir); ReplayTimeline t = new ReplayTimeline(rec)) {
                long end = t.endStep();
                // The end: the final (full) checkpoint restored from the journal.
                MachineState s = t.seek(end);
                for (int p : new int[] {1, 12_345, TAGGED - 1, TAGGED, PAGES - 1}) {
                    check(word(s, p, 0) == p, "page " + p + " word 0");
                    check(word(s, p, 1) == (p < TAGGED ? (p | TAG) : seedWord(1)), "page " + p + " word 1");
                    check(word(s, p, 8191) == seedWord(8191), "page " + p + " last word");
                }
                check(word(s, 0, 0) == seedWord(0) && word(s, 0, 1) == TAG, "page 0");
                // Half way through the fill: step 0 restored and replayed.
                s = t.seek(400_000);
                int filled = 0;
                while (filled + 1 < PAGES && word(s, filled + 1, 0) == filled + 1) filled++;
                check(filled > 1_000 && filled < PAGES - 1 && word(s, filled + 1, 5) == 0, "a prefix of the pages is filled: " + filled);
                check(word(s, filled, 5) == seedWord(5), "page " + filled + " is a copy");
                // Between the two big checkpoints: the incremental one restored over step 0, then replayed.
                s = t.seek(INTERVAL + 200_000);
                int tagged = 0;
                while (tagged < TAGGED && word(s, tagged, 1) == (tagged | TAG)) tagged++;
                check(tagged > 0 && tagged < TAGGED, "a prefix of the pages is tagged: " + tagged);
                for (int p = tagged; p < PAGES; p += 997) check(word(s, p, 1) == seedWord(1), "page " + p + " not tagged yet");
                check(word(s, PAGES - 1, 0) == PAGES - 1, "the fill is complete");
                // And back to the start.
                check(word(t.seek(0), PAGES - 1, 0) == 0, "the start: memory is zero");
                report("replayed", start, "seeks to " + end + ", 400000, " + (INTERVAL + 200_000) + ", 0");
            }
        }
    }

    private static long word(MachineState s, int page, int word) {
        return ByteBuffer.wrap(s.readMemory(page * 65536L + word * 8L, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.out.println("FAILED: " + what);
            System.exit(1);
        }
    }

    private static void report(String what, long start, String detail) throws IOException {
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM: ?");
        System.out.printf("%s in %.1f s (%s), peak RSS %s, max heap %d MiB%n", what, (System.nanoTime() - start) / 1e9, detail,
                hwm.substring(6).trim(), Runtime.getRuntime().maxMemory() >> 20);
    }
}
