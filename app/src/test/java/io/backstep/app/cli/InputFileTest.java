package io.backstep.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * run, record, open and the recording commands read only regular files: a device such as /dev/zero
 * (which used to be read forever), a FIFO or a directory is a one-line error before anything is read.
 */
class InputFileTest {
    @TempDir
    Path dir;

    private void assertRefused(String file, String why) {
        for (List<String> args : List.of(List.of("run", file), List.of("record", "-o", dir.resolve("x.bstrace").toString(), file),
                List.of("open", file), List.of("info", file), List.of("replay", file))) {
            CliTestSupport.Result r = CliTestSupport.run(args.toArray(String[]::new));
            assertEquals(Cli.ERROR, r.status(), args.toString());
            assertEquals("backstep: " + file + ": " + why + "\n", r.err(), args.toString());
            assertEquals("", r.out());
        }
    }

    @Test
    void devicesAreRefused() {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "needs /dev/zero");
        assertRefused("/dev/zero", "is a character device, not a regular file");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against the old hang, not a performance limit
    void fifosAreRefusedWithoutBeingOpened() throws Exception {
        Path fifo = dir.resolve("pipe.wasm");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "needs mkfifo");
            return;
        }
        assumeTrue(mkfifo.waitFor(1, TimeUnit.MINUTES) && mkfifo.exitValue() == 0, "mkfifo worked");
        // Opening a FIFO with no writer would block: getting an answer at all shows it was not opened.
        assertRefused(fifo.toString(), "is a named pipe (FIFO), not a regular file");
    }

    @Test
    void directoriesAreRefusedAsProgramsAndReadOnlyWhenTheyHoldARecording() {
        for (List<String> args : List.of(List.of("run", dir.toString()), List.of("record", "-o", dir.resolve("x.bstrace").toString(), dir.toString()))) {
            CliTestSupport.Result r = CliTestSupport.run(args.toArray(String[]::new));
            assertEquals(Cli.ERROR, r.status(), args.toString());
            assertEquals("backstep: " + dir + ": is a directory, not a regular file\n", r.err(), args.toString());
        }
        // A directory may be a recording's journal (see 'backstep clean'); this one is not.
        for (String command : List.of("open", "info", "replay")) {
            CliTestSupport.Result r = CliTestSupport.run(command, dir.toString());
            assertEquals(Cli.ERROR, r.status(), command);
            assertEquals("backstep: " + dir + ": not a recording (no journal file)\n", r.err(), command);
            assertEquals("", r.out());
        }
    }

    @Test
    void missingFilesAreOneLine() {
        assertRefused(dir.resolve("missing.wasm").toString(), "no such file");
    }
}
