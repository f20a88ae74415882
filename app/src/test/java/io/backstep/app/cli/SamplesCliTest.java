package io.backstep.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bundled sample, run through the command line exactly as a user would, against its expected output. */
class SamplesCliTest {
    @ParameterizedTest
    @ValueSource(strings = {"hello", "fib", "sort", "checksum", "bench", "bigprog"})
    void sampleOutputMatches(String sample) throws IOException {
        CliTestSupport.Result r = CliTestSupport.run("run", sample);
        assertEquals(CliTestSupport.expected(sample), r.out());
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void bigProgramIsReallyBig() throws IOException {
        assertTrue(BundledSamples.find("bigprog").length >= 500 * 1024, "the large-program test needs a module of at least 500 KB");
    }

    @Test
    void helloPrintsItsArguments() {
        CliTestSupport.Result r = CliTestSupport.run("run", "hello", "one", "two words");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("one"), r.out());
        assertTrue(r.out().contains("two words"), r.out());
    }

    @Test
    void filesSampleWorksInAPreopenedDirectory(@TempDir Path dir) throws IOException {
        CliTestSupport.Result r = CliTestSupport.run("run", "--dir", dir + "::.", "files");
        assertEquals(CliTestSupport.expected("files"), r.out());
        assertEquals(0, r.status(), r.err());
        // The program really wrote to the host directory (and only there).
        assertTrue(Files.exists(dir.resolve("notes.txt")));
        assertEquals(116, Files.size(dir.resolve("notes.txt")));
    }

    @Test
    void corruptionSampleTrapsInReport() throws IOException {
        CliTestSupport.Result r = CliTestSupport.run("run", "corruption");
        assertEquals(Cli.TRAP, r.status());
        String expected = CliTestSupport.expected("corruption");
        assertEquals(expected, r.out(), "everything printed before the trap is kept");
        String[] lines = r.err().split("\n");
        assertEquals("trap: out of bounds memory access", lines[0]);
        assertTrue(lines[1].startsWith("  at report "), r.err());
        assertTrue(r.err().contains("at _start "), r.err());
    }

    @Test
    void trapSampleReportsDivideByZeroWithCallStack() {
        CliTestSupport.Result r = CliTestSupport.run("run", "trap");
        assertEquals(Cli.TRAP, r.status());
        String[] lines = r.err().split("\n");
        assertEquals("trap: integer divide by zero", lines[0]);
        assertTrue(lines[1].startsWith("  at divide "), r.err());
        assertTrue(lines[2].startsWith("  at average "), r.err());
        assertTrue(lines[3].startsWith("  at _start "), r.err());
    }
}
