package io.backstep.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.model.Export;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.bundle.Bundle;
import io.backstep.recorder.journal.Journal;
import io.backstep.recorder.journal.JournalStore;
import io.backstep.recorder.journal.RecordKind;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.Recorder;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.recording.Records;
import io.backstep.recorder.recording.RunConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** backstep record, replay, info, state and query. */
class RecordingCliTest {
    private static Path record(Path dir, String sample, String... args) {
        Path out = dir.resolve(sample + ".bstrace");
        List<String> cmd = new ArrayList<>(List.of("record", "-o", out.toString(), sample));
        cmd.addAll(List.of(args));
        CliTestSupport.run(cmd.toArray(String[]::new));
        assertTrue(Files.isRegularFile(out), "record wrote " + out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "fib", "corruption", "trap"})
    void recordBehavesLikeRun(String sample, @TempDir Path dir) {
        CliTestSupport.Result run = CliTestSupport.run("run", sample);
        Path out = dir.resolve("x.bstrace");
        CliTestSupport.Result rec = CliTestSupport.run("record", "-o", out.toString(), sample);
        assertEquals(run.status(), rec.status(), rec.err());
        assertEquals(run.out(), rec.out());
        assertEquals(run.err(), rec.err());
        assertTrue(Files.isRegularFile(out));
        if (sample.equals("trap") || sample.equals("corruption")) {
            assertEquals(Cli.TRAP, rec.status());
            assertTrue(rec.err().startsWith("trap: "), rec.err());
        }
        // The recording replays identically, with the same output (traps included: the end state matches too).
        CliTestSupport.Result replay = CliTestSupport.run("replay", out.toString());
        assertEquals(0, replay.status(), replay.err());
        assertEquals(run.out(), replay.out());
        assertTrue(replay.err().contains("replay identical"), replay.err());
    }

    @Test
    void recordPassesArgumentsAndExitStatus(@TempDir Path dir) {
        // files.wasm exits non-zero when its directory is missing: the guest's status is record's too.
        CliTestSupport.Result run = CliTestSupport.run("run", "files", dir.resolve("missing").toString());
        CliTestSupport.Result rec = CliTestSupport.run("record", "-o", dir.resolve("f.bstrace").toString(), "files",
                dir.resolve("missing").toString());
        assertTrue(run.status() != 0);
        assertEquals(run.status(), rec.status());
        assertEquals(run.out(), rec.out());
        CliTestSupport.Result info = CliTestSupport.run("info", dir.resolve("f.bstrace").toString(), "--json");
        Map<String, Object> j = MiniJson.object(info.out());
        assertEquals(List.of("files", dir.resolve("missing").toString()), j.get("args"));
        @SuppressWarnings("unchecked")
        Map<String, Object> end = (Map<String, Object>) j.get("end");
        assertEquals("exited", end.get("kind"));
        assertEquals((long) run.status(), end.get("exitCode"));
        CliTestSupport.Result replay = CliTestSupport.run("replay", dir.resolve("f.bstrace").toString());
        assertEquals(0, replay.status(), replay.err());
        assertEquals(run.out(), replay.out());
    }

    /** record → export → replay in a fresh JVM: the same output and identical digests at every snapshot. */
    @Test
    void replayInAFreshJvmIsIdentical(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fib.bstrace");
        CliTestSupport.Result rec = CliTestSupport.run("record", "--interval", "50000", "-o", file.toString(), "fib");
        assertEquals(0, rec.status(), rec.err());

        Path outFile = dir.resolve("stdout.txt");
        Path errFile = dir.resolve("stderr.txt");
        Process p = ChildCli.of("replay", file.toString()).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        String err = Files.readString(errFile);
        assertEquals(0, p.exitValue(), err);
        assertEquals(rec.out(), Files.readString(outFile, StandardCharsets.UTF_8));
        assertTrue(err.contains("replay identical"), err);
        // Many snapshots were checked, not just the first.
        Map<String, Object> info = MiniJson.object(CliTestSupport.run("info", file.toString(), "--json").out());
        @SuppressWarnings("unchecked")
        long total = (Long) ((Map<String, Object>) info.get("snapshots")).get("total");
        assertTrue(total > 20, "snapshots: " + total);
        assertTrue(err.contains(total + " snapshots verified"), err);
    }

    /** A recording whose snapshot digest disagrees with the execution: replay names the step and both digests. */
    @Test
    void replayReportsADivergence(@TempDir Path dir) {
        byte[] module = BundledSamples.find("fib");
        Recorder.Options o = new Recorder.Options().interval(5000);
        Path file = dir.resolve("bad.bstrace");
        long step;
        long digest;
        try (Recording rec = Recorder.record(module, RunConfig.of("fib", List.of("6")), dir.resolve("rec"), o)) {
            List<Checkpoint> cps = rec.checkpoints();
            assertTrue(cps.size() > 4);
            step = cps.get(3).step();
            digest = cps.get(3).digest();
            try (Journal j = Journal.create(dir.resolve("bad"))) {
                j.append(RecordKind.HEADER, rec.header().encode());
                int event = 0;
                for (int k = 0; k < cps.size(); k++) {
                    Checkpoint c = cps.get(k);
                    for (; event < c.wasiIndex(); event++) j.append(RecordKind.WASI, Records.wasi(rec.wasiStep(event), rec.wasiEvents().get(event)));
                    j.append(RecordKind.CHECKPOINT, Records.checkpoint(c.step(), c.full(), c.wasiIndex(),
                            k == 3 ? ~c.digest() : c.digest(), c.writtenChunks(), rec.snapshot(c), c.activity()));
                }
                for (; event < rec.wasiEventCount(); event++) j.append(RecordKind.WASI, Records.wasi(rec.wasiStep(event), rec.wasiEvents().get(event)));
                j.append(RecordKind.END, Records.end(rec.end()));
            }
        }
        try (Recording bad = Recording.open(dir.resolve("bad"))) {
            Bundle.export(bad, file);
        }
        CliTestSupport.Result r = CliTestSupport.run("replay", file.toString());
        assertEquals(Cli.ERROR, r.status());
        assertTrue(r.err().contains(String.format("replay diverged at step %d: expected digest 0x%016x, got 0x%016x", step, ~digest, digest)), r.err());
    }

    @Test
    void infoJsonDescribesTheRecording(@TempDir Path dir) throws Exception {
        Path file = record(dir, "trap");
        CliTestSupport.Result r = CliTestSupport.run("info", file.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> j = MiniJson.object(r.out());
        for (String k : List.of("formatVersion", "toolVersion", "created", "moduleSha256", "moduleBytes", "args", "env", "preopens",
                "firstStep", "steps", "end", "snapshots", "wasiCalls", "journalBytes", "bytesPerInstruction", "window", "mostCalled")) {
            assertTrue(j.containsKey(k), "field " + k);
        }
        byte[] module = BundledSamples.find("trap");
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(module)), j.get("moduleSha256"));
        assertEquals((long) module.length, j.get("moduleBytes"));
        assertEquals(List.of("trap"), j.get("args"));
        // The step count, independently: run the program on the bare engine.
        WasiProgram p = WasiProgram.instantiate(Wasm.load(module), WasiHost.live(WasiConfig.builder().build()));
        p.start();
        p.machine().run(Long.MAX_VALUE);
        assertEquals(p.machine().stepCount(), j.get("steps"));
        @SuppressWarnings("unchecked")
        Map<String, Object> end = (Map<String, Object>) j.get("end");
        assertEquals("trapped", end.get("kind"));
        assertEquals("integer divide by zero", end.get("message"));
        assertNull(end.get("exitCode"));
        @SuppressWarnings("unchecked")
        Map<String, Object> snaps = (Map<String, Object>) j.get("snapshots");
        assertEquals((Long) snaps.get("total"), (Long) snaps.get("full") + (Long) snaps.get("incremental"));
        assertTrue((Long) snaps.get("full") >= 1);
        long bytes = (Long) j.get("journalBytes");
        assertTrue(bytes > module.length, "the journal holds the module");
        assertEquals((double) bytes / p.machine().stepCount(), (Double) j.get("bytesPerInstruction"), 1e-9);
        assertNull(j.get("window"));

        // Calls per function, independently: count frame pushes while single-stepping the program.
        long[] calls = new long[Wasm.load(module).module().functionCount()];
        WasiProgram q = WasiProgram.instantiate(Wasm.load(module), WasiHost.live(WasiConfig.builder().build()));
        q.start();
        calls[q.machine().frameFunction(0).index()]++;
        int depth = q.machine().callDepth();
        while (q.machine().step() == Machine.StopReason.BUDGET) {
            int d = q.machine().callDepth();
            if (d > depth) calls[q.machine().frameFunction(d - 1).index()]++;
            depth = d;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> most = (List<Map<String, Object>>) (List<?>) j.get("mostCalled");
        assertFalse(most.isEmpty());
        long previous = Long.MAX_VALUE;
        for (Map<String, Object> c : most) {
            long n = (Long) c.get("calls");
            assertEquals(calls[(int) (long) (Long) c.get("function")], n, "calls of " + c.get("name"));
            assertTrue(n <= previous, "sorted by calls");
            previous = n;
        }
        long most0 = java.util.Arrays.stream(calls).max().orElseThrow();
        assertEquals(most0, most.get(0).get("calls"));

        CliTestSupport.Result text = CliTestSupport.run("info", file.toString());
        assertTrue(text.out().contains("trap: integer divide by zero"), text.out());
        assertTrue(text.out().contains("most calls: " + most.get(0).get("name") + " " + most0), text.out());
        assertTrue(text.out().contains(p.machine().stepCount() + " instructions"), text.out());
    }

    @Test
    void trimWritesAWindowThatReplaysAndKeepsStepNumbers(@TempDir Path dir) {
        // fib 26 runs about 6.7 million steps, with one checkpoint every 2^20 of them.
        Path file = dir.resolve("fib.bstrace");
        CliTestSupport.run("record", "--interval", "1048576", "-o", file.toString(), "fib", "26");
        assertTrue(Files.isRegularFile(file), "record wrote " + file);
        Path small = dir.resolve("small.bstrace");
        CliTestSupport.Result r = CliTestSupport.run("trim", file.toString(), "--from", "2500000", "--to", "2600000",
                "-o", small.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> j = MiniJson.object(r.out());
        long first = (Long) j.get("firstStep");
        long last = (Long) j.get("lastStep");
        assertEquals(2_500_000L, first, "the window starts where asked, between two checkpoints");
        assertEquals(2_600_000L, last, "and ends where asked");
        assertTrue((Long) j.get("bytes") < size(file), "the window is smaller than the whole");
        // The state at a step inside the window is the same in both files.
        CliTestSupport.Result whole = CliTestSupport.run("state", file.toString(), "--at", "2550000", "--json");
        CliTestSupport.Result part = CliTestSupport.run("state", small.toString(), "--at", "2550000", "--json");
        assertEquals(0, part.status(), part.err());
        Map<String, Object> wholeState = MiniJson.object(whole.out());
        Map<String, Object> partState = MiniJson.object(part.out());
        assertEquals(last, partState.remove("endStep"), "the window ends at its last step");
        wholeState.remove("endStep");
        assertEquals(wholeState, partState);
        CliTestSupport.Result info = CliTestSupport.run("info", small.toString(), "--json");
        @SuppressWarnings("unchecked")
        Map<String, Object> window = (Map<String, Object>) MiniJson.object(info.out()).get("window");
        assertEquals(2_500_000L, window.get("from"));
        assertEquals(2_600_000L, window.get("to"));
        CliTestSupport.Result replay = CliTestSupport.run("replay", small.toString());
        assertEquals(0, replay.status(), replay.err());

        CliTestSupport.Result outside = CliTestSupport.run("trim", file.toString(), "--from", "999999999999", "-o", dir.resolve("x.bstrace").toString());
        assertEquals(Cli.ERROR, outside.status());
        assertTrue(outside.err().contains("outside the recording"), outside.err());
        CliTestSupport.Result noOut = CliTestSupport.run("trim", file.toString(), "--from", "1");
        assertEquals(Cli.USAGE, noOut.status());
        CliTestSupport.Result same = CliTestSupport.run("trim", file.toString(), "--from", "1", "-o", file.toString());
        assertEquals(Cli.USAGE, same.status());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void stateAtStepZeroIsTheStartOfStart(@TempDir Path dir) {
        Path file = record(dir, "trap");
        CliTestSupport.Result r = CliTestSupport.run("state", file.toString(), "--at", "0", "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> j = MiniJson.object(r.out());
        assertEquals(0L, j.get("step"));
        assertEquals("running", j.get("status"));
        int startIndex = Arrays.stream(Wasm.load(BundledSamples.find("trap")).module().exports())
                .filter(e -> e.name().equals("_start")).mapToInt(Export::index).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> function = (Map<String, Object>) j.get("function");
        assertEquals("_start", function.get("name"));
        assertEquals((long) startIndex, function.get("index"));
        assertEquals(1, ((List<?>) j.get("callStack")).size());
        for (String k : List.of("endStep", "trap", "exitStatus", "wasmOffset", "locals", "operands", "globals", "memoryBytes")) {
            assertTrue(j.containsKey(k), "field " + k);
        }
        assertEquals(65536L, j.get("memoryBytes"));

        CliTestSupport.Result text = CliTestSupport.run("state", file.toString(), "--at", "0");
        assertTrue(text.out().contains("function _start (func " + startIndex + ")"), text.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void stateAtTheTrapShowsTheStackAndLocals(@TempDir Path dir) {
        Path file = record(dir, "trap");
        Map<String, Object> info = MiniJson.object(CliTestSupport.run("info", file.toString(), "--json").out());
        long end = (Long) info.get("steps");
        Map<String, Object> j = MiniJson.object(CliTestSupport.run("state", file.toString(), "--at", Long.toString(end), "--json").out());
        assertEquals("trapped", j.get("status"));
        assertEquals("integer divide by zero", j.get("trap"));
        List<Object> stack = (List<Object>) j.get("callStack");
        assertEquals(List.of("divide", "average", "_start"), stack.stream().map(f -> ((Map<String, Object>) f).get("functionName")).toList());
        List<Object> locals = (List<Object>) j.get("locals");
        assertEquals(2, locals.size());
        Map<String, Object> a = (Map<String, Object>) locals.get(0);
        Map<String, Object> b = (Map<String, Object>) locals.get(1);
        assertEquals("a", a.get("name"));
        assertEquals("i32", a.get("type"));
        assertEquals("42", a.get("value"));
        assertEquals("0x0000002a", a.get("bits"));
        assertEquals("b", b.get("name"));
        assertEquals("0", b.get("value"));
        // Stack frames agree with the trap report of 'run' (same offsets).
        String runErr = CliTestSupport.run("run", "trap").err();
        long offset = (Long) j.get("wasmOffset");
        assertTrue(runErr.contains("at divide (func " + ((Map<String, Object>) j.get("function")).get("index") + ", offset 0x"
                + Long.toHexString(offset) + ")"), runErr);
    }

    /** The memory-corruption sample: who wrote the corrupted board.leader? (Needs Timeline.lastWrite.) */
    @Test
    void lastWriteFindsTheCorruptingFunction(@TempDir Path dir) {
        Path file = record(dir, "corruption");
        CliTestSupport.Result r = CliTestSupport.run("query", file.toString(), "--last-write", "0xfd0:4", "--json");
        assertEquals(0, r.status(), r.err());
        Map<String, Object> j = MiniJson.object(r.out());
        assertEquals(true, j.get("found"));
        assertEquals(0xfd0L, j.get("address"));
        assertEquals(4L, j.get("length"));
        assertEquals("fill_scores", j.get("functionName"));
        assertNull(j.get("hostCall"));
        long step = (Long) j.get("step");
        // At that step the new value is in place; the state just before is inside fill_scores.
        Map<String, Object> before = MiniJson.object(CliTestSupport.run("state", file.toString(), "--at", Long.toString(step - 1), "--json").out());
        @SuppressWarnings("unchecked")
        Map<String, Object> fn = (Map<String, Object>) before.get("function");
        assertEquals("fill_scores", fn.get("name"));
        CliTestSupport.Result text = CliTestSupport.run("query", file.toString(), "--last-write", "0xfd0:4");
        assertTrue(text.out().contains("fill_scores"), text.out());
        // Before that write: the legitimate assignment board.leader = pick_leader() in main, earlier.
        Map<String, Object> earlier = MiniJson.object(CliTestSupport.run("query", file.toString(), "--last-write", "0xfd0:4",
                "--before", Long.toString(step - 1), "--json").out());
        assertEquals(true, earlier.get("found"));
        assertTrue((Long) earlier.get("step") < step);
        assertEquals("__original_main", earlier.get("functionName"));
    }

    @Test
    void errorsAreOneLine(@TempDir Path dir) throws IOException {
        assertEquals(Cli.USAGE, CliTestSupport.run("record", "hello").status());
        assertEquals(Cli.USAGE, CliTestSupport.run("state", "x.bstrace").status());
        assertEquals(Cli.USAGE, CliTestSupport.run("query", "x.bstrace").status());
        assertEquals(Cli.USAGE, CliTestSupport.run("info").status());
        assertEquals(Cli.USAGE, CliTestSupport.run("replay").status());
        assertEquals(Cli.USAGE, CliTestSupport.run("state", "x.bstrace", "--at", "minus").status());
        for (String c : List.of("record", "replay", "info", "state", "query")) {
            CliTestSupport.Result h = CliTestSupport.run(c, "--help");
            assertEquals(0, h.status());
            assertTrue(h.out().startsWith("Usage: backstep " + c), h.out());
        }
        CliTestSupport.Result missing = CliTestSupport.run("info", dir.resolve("none.bstrace").toString());
        assertEquals(Cli.ERROR, missing.status());
        assertEquals("backstep: " + dir.resolve("none.bstrace") + ": no such file\n", missing.err());

        Path bad = dir.resolve("bad.bstrace");
        Files.writeString(bad, "not a zip");
        for (String c : List.of("info", "replay")) {
            CliTestSupport.Result r = CliTestSupport.run(c, bad.toString());
            assertEquals(Cli.ERROR, r.status());
            assertEquals(1, r.err().split("\n").length, r.err());
            assertTrue(r.err().startsWith("backstep: " + bad), r.err());
            assertFalse(r.err().contains("internal error"), r.err());
        }
        Path file = record(dir, "trap");
        byte[] b = Files.readAllBytes(file);
        Files.write(bad, Arrays.copyOf(b, b.length / 2));
        CliTestSupport.Result r = CliTestSupport.run("state", bad.toString(), "--at", "0");
        assertEquals(Cli.ERROR, r.status());
        assertFalse(r.err().contains("internal error"), r.err());
        r = CliTestSupport.run("state", file.toString(), "--at", "99999999");
        assertEquals(Cli.ERROR, r.status());
        assertTrue(r.err().contains("is not in the recording"), r.err());
        r = CliTestSupport.run("record", "-o", dir.resolve("n.bstrace").toString(), "/no/such.wasm");
        assertEquals(Cli.ERROR, r.status());
        assertFalse(Files.exists(dir.resolve("n.bstrace")));

        // record creates the journal while the module decodes: a module that does not decode, or is not
        // a command, is one line, and leaves neither the bundle nor a journal behind.
        Path journals = JournalStore.standard().root();
        long before = journalsIn(journals);
        Path truncated = dir.resolve("truncated.wasm");
        Files.write(truncated, Arrays.copyOf(BundledSamples.find("hello"), 100));
        Path library = dir.resolve("library.wasm");
        Files.write(library, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}); // a valid module that exports nothing
        for (Path module : List.of(truncated, library)) {
            r = CliTestSupport.run("record", "-o", dir.resolve("m.bstrace").toString(), module.toString());
            assertEquals(Cli.ERROR, r.status(), r.err());
            assertEquals(1, r.err().split("\n").length, r.err());
            assertTrue(r.err().startsWith("backstep: " + module + ": "), r.err());
            assertFalse(Files.exists(dir.resolve("m.bstrace")));
            assertEquals(before, journalsIn(journals), "no journal left by " + module);
        }
    }

    private static long journalsIn(Path root) throws IOException {
        if (!Files.isDirectory(root)) return 0;
        try (var s = Files.list(root)) {
            return s.count();
        }
    }
}
