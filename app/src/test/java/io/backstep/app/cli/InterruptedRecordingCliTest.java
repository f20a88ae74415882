package io.backstep.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recordings cut short: a signal saves the recording so far as an interrupted .bstrace; a killed
 * recorder leaves its journal where 'info', 'trim' and 'clean' find it; and a bad -o is refused
 * before the program runs.
 */
class InterruptedRecordingCliTest {
    /** The CLI in a child JVM (signals must reach a process of its own), journals in {@code store}. */
    private static Process child(Path store, Path log, String... args) throws IOException {
        return ChildCli.of(List.of("-Dbackstep.journals=" + store), args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the child has recorded for a while: its journal exists and has checkpoints in it. */
    private static Path awaitJournal(Path store, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.isDirectory(store)) {
                try (Stream<Path> s = Files.walk(store)) {
                    List<Path> cq4 = s.filter(f -> f.toString().endsWith(".cq4")).toList();
                    if (!cq4.isEmpty()) {
                        Thread.sleep(1500); // a few checkpoints
                        return store.resolve(store.relativize(cq4.get(0)).getName(0)); // the store's folder holding it
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the child never started recording");
    }

    @Test
    void aSignalSavesTheRecordingSoFarMarkedInterrupted(@TempDir Path tmp) throws Exception {
        Path store = tmp.resolve("store");
        Path out = tmp.resolve("loop.bstrace");
        Process p = child(store, tmp.resolve("log"), "record", "-o", out.toString(), "loop");
        awaitJournal(store, p);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the recorder stops after a signal");
        String log = Files.readString(tmp.resolve("log"), StandardCharsets.UTF_8);
        assertEquals(128 + 15, p.exitValue(), log);
        assertTrue(log.contains("interrupted by SIGTERM at step"), log);
        assertTrue(log.contains("saved in " + out), log);
        assertTrue(Files.isRegularFile(out));
        CliTestSupport.Result info = CliTestSupport.run("info", out.toString(), "--json");
        assertEquals(0, info.status(), info.err());
        Map<?, ?> json = (Map<?, ?>) MiniJson.parse(info.out());
        assertEquals("interrupted", ((Map<?, ?>) json.get("end")).get("kind"), info.out());
        assertTrue(CliTestSupport.run("info", out.toString()).out().contains("end:        incomplete: interrupted by SIGTERM"));
        // Saved, so nothing stays behind: no journal in the store, no partial file beside the output.
        try (Stream<Path> s = Files.list(store)) {
            assertEquals(List.of(), s.toList(), "the journal store is empty again");
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertFalse(s.anyMatch(f -> f.getFileName().toString().endsWith(".partial")));
        }
        // The recording is a good one up to where it ends.
        long steps = ((Number) json.get("steps")).longValue();
        CliTestSupport.Result state = CliTestSupport.run("state", out.toString(), "--at", Long.toString(steps));
        assertEquals(0, state.status(), state.err());
    }

    @Test
    void aKilledRecordersJournalCanBeReadSavedAndCleaned(@TempDir Path tmp) throws Exception {
        Path store = tmp.resolve("store");
        Process p = child(store, tmp.resolve("log"), "record", "-o", tmp.resolve("never.bstrace").toString(), "loop");
        Path folder = awaitJournal(store, p);
        p.destroyForcibly(); // SIGKILL: nothing runs after it
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(Files.isDirectory(folder), "the journal stays");

        CliTestSupport.Result info = CliTestSupport.run("info", folder.toString());
        assertEquals(0, info.status(), info.err());
        assertTrue(info.out().contains("end:        incomplete: the recorder ended without closing the journal"), info.out());
        Path saved = tmp.resolve("saved.bstrace");
        CliTestSupport.Result trim = CliTestSupport.run("trim", folder.toString(), "-o", saved.toString());
        assertEquals(0, trim.status(), trim.err());
        assertEquals(0, CliTestSupport.run("info", saved.toString()).status());

        String before = System.getProperty("backstep.journals");
        System.setProperty("backstep.journals", store.toString());
        try {
            CliTestSupport.Result dry = CliTestSupport.run("clean", "-n");
            assertTrue(dry.out().contains("would remove " + folder), dry.out());
            assertTrue(Files.isDirectory(folder));
            CliTestSupport.Result clean = CliTestSupport.run("clean");
            assertTrue(clean.out().contains("removed " + folder), clean.out());
            assertFalse(Files.exists(folder));
            assertTrue(CliTestSupport.run("clean").out().startsWith("no leftover journals"));
        } finally {
            System.setProperty("backstep.journals", before);
        }
    }

    @Test
    void aBadOutputIsAUsageErrorBeforeTheProgramRuns(@TempDir Path tmp) {
        CliTestSupport.Result dir = CliTestSupport.run("record", "-o", tmp.toString(), "hello");
        assertEquals(Cli.USAGE, dir.status());
        assertEquals("", dir.out(), "the program did not run");
        assertTrue(dir.err().contains("is a directory"), dir.err());
        Path missing = tmp.resolve("missing").resolve("x.bstrace");
        CliTestSupport.Result parent = CliTestSupport.run("record", "-o", missing.toString(), "hello");
        assertEquals(Cli.USAGE, parent.status());
        assertEquals("", parent.out());
        assertTrue(parent.err().contains("does not exist"), parent.err());
        assertFalse(Files.exists(missing.getParent()), "no folder is created");
    }

    @Test
    void aQueryBeyondMemorySaysSo(@TempDir Path tmp) {
        Path out = tmp.resolve("c.bstrace");
        CliTestSupport.run("record", "-o", out.toString(), "corruption");
        CliTestSupport.Result q = CliTestSupport.run("query", out.toString(), "--last-write", "0xffffffff:4");
        assertEquals(Cli.ERROR, q.status());
        assertTrue(q.err().contains("beyond memory"), q.err());
        assertEquals("", q.out());
    }
}
