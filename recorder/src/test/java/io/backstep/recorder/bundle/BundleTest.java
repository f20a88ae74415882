package io.backstep.recorder.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.JournalCopy;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.Records;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.RunConfig;
import io.backstep.recorder.replay.ReplayTimeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class BundleTest {
    public static byte[] sample(String name) throws IOException {
        try (InputStream in = BundleTest.class.getResourceAsStream("/samples/" + name + ".wasm")) {
            return in.readAllBytes();
        }
    }

    public static Recording record(Path dir, String sample, long interval, String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Recorder.Options o = new Recorder.Options().interval(interval).stdio(InputStream.nullInputStream(), out, out);
        return Recorder.record(sample(sample), RunConfig.of(sample, List.of(args)), dir, o);
    }

    private static void assertSameCheckpoints(List<Checkpoint> expected, List<Checkpoint> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Checkpoint e = expected.get(i);
            Checkpoint a = actual.get(i);
            assertEquals(e.step(), a.step());
            assertEquals(e.full(), a.full());
            assertEquals(e.wasiIndex(), a.wasiIndex());
            assertEquals(e.digest(), a.digest());
            assertArrayEquals(e.writtenChunks(), a.writtenChunks());
        }
    }

    @Test
    void wholeRecordingRoundTrips(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("fib.bstrace");
        try (Recording rec = record(tmp.resolve("rec"), "fib", 997, "9")) {
            Manifest m = Bundle.export(rec, file);
            assertFalse(m.window());
            assertEquals(rec.endStep(), m.steps());
            assertEquals(rec.journalBytes(), m.journalBytes());
            // Compact: the records and the module plus a little zip overhead, not the preallocated queue file.
            long size = Files.size(file);
            assertTrue(size < rec.journalBytes() + rec.header().module().length + 4096, "bundle size " + size);
            long cq4 = 0;
            try (var s = Files.list(rec.directory())) {
                for (Path p : (Iterable<Path>) s::iterator) cq4 += Files.size(p);
            }
            assertTrue(size * 10 < cq4, "bundle " + size + " vs journal files " + cq4);

            try (Recording back = Bundle.open(file, tmp.resolve("work"))) {
                assertArrayEquals(rec.header().module(), back.header().module());
                assertEquals(rec.header().config(), back.header().config());
                assertEquals(rec.end(), back.end());
                assertSameCheckpoints(rec.checkpoints(), back.checkpoints());
                assertEquals(rec.wasiEventCount(), back.wasiEventCount());
                for (int i = 0; i < rec.wasiEventCount(); i++) assertEquals(rec.wasiStep(i), back.wasiStep(i));
                assertEquals(rec.console(rec.endStep()), back.console(back.endStep()));
                assertEquals(rec.journalBytes(), back.journalBytes());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ReplayVerifier.Result v = ReplayVerifier.verify(back, out, out);
                assertTrue(v.identical(), "diverged at " + v.divergedAt());
                assertEquals(rec.console(rec.endStep()), out.toString(StandardCharsets.UTF_8));
            }
            Manifest read = Bundle.manifest(file);
            assertEquals(m.journalSha256(), read.journalSha256());
            assertEquals(m.config(), read.config());
            assertEquals(m.end(), read.end());
        }
    }

    @Test
    void checkpointsAreStoredAsRecorded(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("fib.bstrace");
        try (Recording rec = record(tmp.resolve("rec"), "fib", 997, "12")) {
            List<byte[]> records = new java.util.ArrayList<>();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (Checkpoint c : rec.checkpoints()) {
                try (InputStream in = rec.checkpointRecord(c)) {
                    byte[] b = in.readAllBytes();
                    records.add(b);
                    all.write(b);
                }
            }
            // The premise: deflating the recorded checkpoints again would shrink them (a tenth here), so
            // finding them verbatim in the bundle means they were stored, not deflated again.
            java.util.zip.Deflater d = new java.util.zip.Deflater();
            d.setInput(all.toByteArray());
            d.finish();
            byte[] sink = new byte[1 << 16];
            while (!d.finished()) d.deflate(sink);
            assertTrue(d.getBytesWritten() * 20 < all.size() * 19L, "deflating again gives " + d.getBytesWritten() + " of " + all.size());
            d.end();

            Bundle.export(rec, file);
            byte[] bundle = Files.readAllBytes(file);
            for (int i = 0; i < records.size(); i++) {
                byte[] r = records.get(i);
                byte[] head = Arrays.copyOf(r, Math.min(r.length, 48));
                assertTrue(indexOf(bundle, head) >= 0, "checkpoint " + i + " is not in the bundle as recorded");
            }
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
                assertEquals(ZipEntry.DEFLATED, zip.getEntry(Bundle.JOURNAL).getMethod(), "still one ordinary deflated entry");
            }
            try (Recording back = Bundle.open(file, tmp.resolve("work"))) {
                assertSameCheckpoints(rec.checkpoints(), back.checkpoints());
                ReplayVerifier.Result v = ReplayVerifier.verify(back, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
                assertTrue(v.identical(), "diverged at " + v.divergedAt());
            }
        }
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) if (data[i + j] != part[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void aWindowIsExactlyTheStepsAskedForWithTheOriginalStates(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("window.bstrace");
        try (Recording rec = record(tmp.resolve("rec"), "fib", 997, "12");
             ReplayTimeline original = new ReplayTimeline(Recording.open(rec.directory()))) {
            long end = rec.endStep();
            long from = end / 3 + 123;
            long to = from + 5000;
            int a = rec.checkpointIndexAtOrBefore(from);
            assertTrue(rec.checkpoints().get(a).step() < from && !rec.checkpoints().get(a).full(),
                    "the window starts after an incremental checkpoint, between two");
            // The calls and the functions running at each step, from a straight single-stepped run.
            WasiProgram p = WasiProgram.instantiate(Wasm.load(rec.header().module()),
                    WasiHost.replay(WasiConfig.builder().args(rec.header().config().args()).build(), rec.wasiEvents()));
            p.start();
            int[] depth = new int[(int) end + 1];
            int[] function = new int[(int) end + 1];
            for (int s = 0; s <= end; s++) {
                if (s > 0) p.machine().step();
                depth[s] = p.machine().callDepth();
                function[s] = depth[s] > 0 ? p.machine().frameFunction(depth[s] - 1).index() : -1;
            }
            Manifest m = Bundle.export(rec, file, from, to);
            assertTrue(m.window());
            assertEquals(from, m.windowFrom());
            assertEquals(to, m.windowTo());
            try (ReplayTimeline t = new ReplayTimeline(Bundle.open(file, tmp.resolve("work")))) {
                Recording back = t.recordingInfo();
                Checkpoint first = back.checkpoints().get(0);
                assertTrue(first.full());
                assertEquals(from, first.step(), "the window starts where asked");
                assertEquals(to, back.endStep(), "and ends where asked");
                assertEquals(EndInfo.Kind.STOPPED, back.end().kind());
                // Checkpoints at the window's ends and at the recording's own inside it.
                long inside = rec.checkpoints().stream().filter(c -> c.step() > from && c.step() < to).count();
                assertEquals(inside + 2, back.checkpoints().size());
                for (Checkpoint c : back.checkpoints()) {
                    int k = rec.checkpointIndexAtOrBefore(c.step());
                    if (rec.checkpoints().get(k).step() == c.step()) assertEquals(rec.checkpoints().get(k).digest(), c.digest());
                }
                assertTrue(Files.size(file) < Files.size(tmp.resolve("rec").resolve(Files.list(tmp.resolve("rec")).filter(q -> q.toString().endsWith(".cq4")).findFirst().orElseThrow().getFileName())));
                for (long s = from; s <= to; s += 211) {
                    t.seek(s);
                    original.seek(s);
                    assertEquals(original.digest(), t.digest(), "state at step " + s);
                }
                ReplayVerifier.Result v = ReplayVerifier.verify(back, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
                assertTrue(v.identical(), "diverged at " + v.divergedAt());
                // The function activity: no calls before the window, the window's calls counted exactly,
                // and every function that runs in an interval may run there.
                assertEquals(0, first.activity().called().length, "no calls before the window");
                assertEquals(function[(int) from], first.activity().top());
                int n = t.module().module().functionCount();
                long[] expected = new long[n];
                for (long s = from + 1; s <= to; s++) if (depth[(int) s] > depth[(int) s - 1]) expected[function[(int) s]]++;
                assertArrayEquals(expected, back.callCounts(n));
                java.util.BitSet one = new java.util.BitSet();
                for (int k = 0; k + 1 < back.checkpoints().size(); k++) {
                    for (long s = back.checkpoints().get(k).step(); s < back.checkpoints().get(k + 1).step(); s++) {
                        one.clear();
                        one.set(function[(int) s]);
                        assertTrue(back.mayRun(k, one), "function " + function[(int) s] + " runs at step " + s + ", in interval " + k);
                    }
                }
            }
            // A window reaching the end keeps the real end.
            Manifest tail = Bundle.export(rec, file, end - 10, end + 10);
            assertEquals(rec.end(), tail.end());
            try (Recording back = Bundle.open(file, tmp.resolve("work2"))) {
                assertEquals(rec.end(), back.end());
                assertEquals(end - 10, back.checkpoints().get(0).step());
                assertTrue(ReplayVerifier.verify(back, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()).identical());
            }
        }
    }

    @Test
    void aWindowEndingInATrapEndsInTheSameTrap(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("trap.bstrace");
        try (Recording rec = record(tmp.resolve("rec"), "corruption", 50_000)) {
            assertEquals(EndInfo.Kind.TRAPPED, rec.end().kind());
            long end = rec.endStep();
            Bundle.export(rec, file, end - 30_000, end);
            try (ReplayTimeline t = new ReplayTimeline(Bundle.open(file, tmp.resolve("work")))) {
                Recording back = t.recordingInfo();
                assertEquals(end - 30_000, back.checkpoints().get(0).step());
                assertEquals(rec.end(), back.end());
                assertTrue(ReplayVerifier.verify(back, OutputStream.nullOutputStream(), OutputStream.nullOutputStream()).identical());
                assertEquals(io.backstep.recorder.state.MachineState.Status.TRAPPED, t.seek(end).status());
                assertEquals(rec.end().message(), t.state().trapMessage());
            }
        }
    }

    /** Copies {@code rec} into a new journal with checkpoint {@code bad}'s digest changed. */
    public static Recording tampered(Recording rec, Path dir, int bad) {
        Checkpoint c = rec.checkpoints().get(bad);
        return JournalCopy.withCheckpoint(rec, dir, bad, Records.checkpoint(c.step(), c.full(), c.wasiIndex(),
                c.digest() ^ 0x10, c.writtenChunks(), rec.snapshot(c), c.activity()));
    }

    @Test
    void verifierReportsTheFirstDivergence(@TempDir Path tmp) throws IOException {
        try (Recording rec = record(tmp.resolve("rec"), "fib", 997, "8");
             Recording bad = tampered(rec, tmp.resolve("bad"), 7)) {
            ReplayVerifier.Result v = ReplayVerifier.verify(bad, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            assertFalse(v.identical());
            Checkpoint c = rec.checkpoints().get(7);
            assertEquals(c.step(), v.divergedAt());
            assertEquals(7, v.checkpointsVerified());
            assertEquals(c.digest() ^ 0x10, v.expectedDigest());
            assertEquals(c.digest(), v.actualDigest());
        }
    }

    /** A small bundle: the trap sample recorded with a few checkpoints. */
    private static byte[] smallBundle(Path tmp) throws IOException {
        Path file = tmp.resolve("small.bstrace");
        try (Recording rec = record(tmp.resolve("small"), "trap", 50)) {
            assertEquals(EndInfo.Kind.TRAPPED, rec.end().kind());
            Bundle.export(rec, file);
        }
        return Files.readAllBytes(file);
    }

    @Test
    void everyTruncationIsABundleException(@TempDir Path tmp) throws IOException {
        byte[] bundle = smallBundle(tmp);
        Path f = tmp.resolve("t.bstrace");
        for (int len = 0; len < bundle.length; len++) {
            Files.write(f, Arrays.copyOf(bundle, len));
            final int n = len;
            assertThrows(BundleException.class, () -> Bundle.open(f, tmp.resolve("w" + n)), "length " + len);
        }
    }

    @Test
    void byteFlipsAreDetectedOrHarmless(@TempDir Path tmp) throws IOException {
        byte[] bundle = smallBundle(tmp);
        List<Checkpoint> expected;
        try (Recording r = Bundle.open(tmp.resolve("small.bstrace"), tmp.resolve("ok"))) {
            expected = r.checkpoints();
        }
        Random random = new Random(42);
        Path f = tmp.resolve("f.bstrace");
        int rejected = 0;
        for (int i = 0; i < 400; i++) {
            byte[] b = bundle.clone();
            int at = random.nextInt(b.length);
            b[at] ^= (byte) (1 + random.nextInt(255));
            Files.write(f, b);
            try (Recording r = Bundle.open(f, tmp.resolve("w" + i))) {
                // Bytes nobody reads (zip timestamps, local header copies) may change without harm, but
                // then the recording must be exactly the original.
                assertSameCheckpoints(expected, r.checkpoints());
            } catch (BundleException e) {
                assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
                rejected++;
            }
        }
        assertTrue(rejected > 300, "most flips hit checked bytes: " + rejected);
    }

    /** Rewrites the zip entries of {@code file} through {@code edit} (entry name to new content or null to keep). */
    private static void rewrite(Path file, Map<String, UnaryOperator<byte[]>> edit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) entries.put(e.getName(), in.readAllBytes());
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(edit.getOrDefault(e.getKey(), UnaryOperator.identity()).apply(e.getValue()));
                out.closeEntry();
            }
        }
    }

    @Test
    void otherFormatVersionAndWrongModuleAreRefused(@TempDir Path tmp) throws IOException {
        smallBundle(tmp);
        Path file = tmp.resolve("small.bstrace");
        int current = Bundle.FORMAT_VERSION;
        Path v2 = tmp.resolve("next.bstrace");
        Files.copy(file, v2);
        rewrite(v2, Map.of(Bundle.MANIFEST, b -> new String(b, StandardCharsets.UTF_8)
                .replace("format.version=" + current, "format.version=" + (current + 1)).getBytes(StandardCharsets.UTF_8)));
        BundleException e = assertThrows(BundleException.class, () -> Bundle.open(v2, tmp.resolve("w1")));
        assertTrue(e.getMessage().contains("unsupported bundle format version " + (current + 1)), e.getMessage());
        // A bundle of the previous format (before records were stored as pieces): one line that says why.
        Path older = tmp.resolve("older.bstrace");
        Files.copy(file, older);
        rewrite(older, Map.of(Bundle.MANIFEST, b -> new String(b, StandardCharsets.UTF_8)
                .replace("format.version=" + current, "format.version=" + (current - 1)).getBytes(StandardCharsets.UTF_8)));
        e = assertThrows(BundleException.class, () -> Bundle.open(older, tmp.resolve("w0")));
        assertTrue(e.getMessage().contains("unsupported bundle format version " + (current - 1)) && e.getMessage().contains("older Backstep")
                && !e.getMessage().contains("\n"), e.getMessage());

        Path other = tmp.resolve("other.bstrace");
        Files.copy(file, other);
        byte[] hello = sample("hello");
        rewrite(other, Map.of(Bundle.MODULE, b -> hello));
        e = assertThrows(BundleException.class, () -> Bundle.open(other, tmp.resolve("w2")));
        assertTrue(e.getMessage().contains("does not match the SHA-256"), e.getMessage());

        Path notZip = tmp.resolve("plain.bstrace");
        Files.writeString(notZip, "hello");
        assertThrows(BundleException.class, () -> Bundle.open(notZip, tmp.resolve("w3")));
        assertThrows(BundleException.class, () -> Bundle.open(tmp.resolve("missing.bstrace"), tmp.resolve("w4")));
    }
}
