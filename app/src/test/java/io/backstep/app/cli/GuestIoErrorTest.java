package io.backstep.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest's stdout and stderr are the real thing: a write that fails on the host (full disk, closed
 * pipe) fails in the guest with the matching errno, under 'run' and 'record' alike, and Backstep
 * itself neither dies of SIGPIPE nor prints a stack trace.
 */
class GuestIoErrorTest {
    static final Path DEV_FULL = Path.of("/dev/full");
    // WASI errno values, written out independently of the engine
    static final int ENOSPC = 51, EPIPE = 64, EIO = 29;

    @TempDir
    Path dir;

    static OutputStream failing(String message) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(message);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException(message);
            }
        };
    }

    private Path module(int fd, boolean readFirst) throws IOException {
        Path m = dir.resolve("write" + fd + (readFirst ? "-wait" : "") + ".wasm");
        Files.write(m, TinyWasm.writeThenExitWithErrno(fd, "hello\n", readFirst));
        return m;
    }

    private static int cli(OutputStream stdout, OutputStream stderr, String... args) {
        ConsoleStream out = new ConsoleStream(stdout);
        ConsoleStream err = new ConsoleStream(stderr);
        int status = Cli.run(args, out, err);
        out.flush();
        err.flush();
        return status;
    }

    @Test
    void writesThatSucceedAreUnchanged() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, cli(out, err, "run", module(1, false).toString()));
        assertEquals("hello\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(0, cli(out, err, "run", module(2, false).toString()));
        assertEquals("hello\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFullDiskIsEnospcInTheGuest() throws IOException {
        assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (FileOutputStream full = new FileOutputStream(DEV_FULL.toFile())) {
            assertEquals(ENOSPC, cli(full, err, "run", module(1, false).toString()));
            assertEquals(ENOSPC, cli(err, full, "run", module(2, false).toString()));
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void eachHostErrorHasItsErrno() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String m = module(1, false).toString();
        assertEquals(EPIPE, cli(failing("Broken pipe"), err, "run", m));
        assertEquals(ENOSPC, cli(failing("No space left on device"), err, "run", m));
        assertEquals(EIO, cli(failing("Input/output error"), err, "run", m));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void backstepsTextAndTheGuestsStayInOrder() throws IOException {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        ConsoleStream console = new ConsoleStream(target);
        console.print("backstep ");
        console.guestSink().write("guest ".getBytes(StandardCharsets.UTF_8));
        console.print("backstep again");
        console.flush();
        assertEquals("backstep guest backstep again", target.toString(StandardCharsets.UTF_8));
    }

    @Test
    void recordKeepsTheFailureAndReplayReproducesIt() throws IOException {
        assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full");
        Path trace = dir.resolve("full.bstrace");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (FileOutputStream full = new FileOutputStream(DEV_FULL.toFile())) {
            assertEquals(ENOSPC, cli(full, err, "record", "-o", trace.toString(), module(1, false).toString()));
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));

        CliTestSupport.Result info = CliTestSupport.run("info", trace.toString());
        assertTrue(info.out().contains("end:        exited with status " + ENOSPC + "\n"), info.out());
        CliTestSupport.Result replay = CliTestSupport.run("replay", trace.toString());
        assertEquals(Cli.OK, replay.status(), replay.err());
        assertEquals("", replay.out(), "the write failed when recorded, so nothing is printed again");
    }

    // ---- the real launcher in a child JVM: real file descriptors, real signals

    private static ProcessBuilder launcher(String... args) {
        return ChildCli.of(args);
    }

    private static String finish(Process p) throws Exception {
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child JVM ended");
        return stderr;
    }

    @Test
    void launcherOnAFullDisk() throws Exception {
        assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full");
        Process p = launcher("run", module(1, false).toString()).redirectOutput(DEV_FULL.toFile()).start();
        p.getOutputStream().close();
        assertEquals("", finish(p));
        assertEquals(ENOSPC, p.exitValue());
    }

    @Test
    void launcherOnAClosedPipe() throws Exception {
        // The guest waits for stdin; the pipe's reading end is closed before stdin ends, so its write meets EPIPE.
        Process p = launcher("run", module(1, true).toString()).start();
        p.getInputStream().close();
        p.getOutputStream().close();
        assertEquals("", finish(p), "no stack trace");
        assertEquals(EPIPE, p.exitValue(), "the guest saw EPIPE (a JVM killed by SIGPIPE would end with 141)");

        // Backstep's own output (the result of --invoke, printed after the call) to the closed pipe.
        p = launcher("run", "--invoke", "wait", module(1, true).toString()).start();
        p.getInputStream().close();
        p.getOutputStream().close();
        assertEquals("", finish(p), "no stack trace");
        assertEquals(0, p.exitValue());
    }
}
