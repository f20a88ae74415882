package io.backstep.engine.wasi;

import static io.backstep.engine.wasi.WasiFixture.FOLLOW;
import static io.backstep.engine.wasi.WasiFixture.RESULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A host write that fails reaches the guest as the matching errno (as it would natively), is recorded
 * in the call's event, and replays as the same failure.
 */
class WasiIoErrorTest {
    static final Path DEV_FULL = Path.of("/dev/full");
    static final long WRITE_RIGHTS = (1L << 6) | (1L << 21);

    /** An output stream that fails every write with {@code message}, as the JDK reports an OS error. */
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

    private static WasiFixture withStdout(OutputStream stdout) {
        return WasiFixture.live(WasiConfig.builder().stdout(stdout).stderr(stdout).build());
    }

    @Test
    void stdoutOnAFullDeviceIsNospc() throws IOException {
        assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full");
        try (FileOutputStream full = new FileOutputStream(DEV_FULL.toFile())) {
            WasiFixture g = withStdout(full);
            g.mem.storeI32(RESULT, 12345);
            assertEquals(Errno.NOSPC, g.write(1, "hello\n"));
            assertEquals(12345, g.u32(RESULT), "no byte count is stored for a failed write");
            WasiEvent e = g.events.get(0);
            assertEquals(WasiFunction.FD_WRITE, e.function());
            assertEquals(Errno.NOSPC, e.result());
            assertNull(e.output(), "nothing reached stdout");
            assertTrue(e.memoryWrites().isEmpty());
        }
    }

    @Test
    void stdoutToAClosedPipeIsEpipe() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().close();
        try (OutputStream out = Channels.newOutputStream(pipe.sink())) {
            assertEquals(Errno.PIPE, withStdout(out).write(1, "hello\n"));
        }
    }

    @Test
    void osErrorsMapByTheirText() {
        assertEquals(Errno.NOSPC, withStdout(failing("No space left on device")).write(1, "x"));
        assertEquals(Errno.PIPE, withStdout(failing("Broken pipe")).write(2, "x"));
        assertEquals(Errno.DQUOT, withStdout(failing("Disk quota exceeded")).write(1, "x"));
        assertEquals(Errno.IO, withStdout(failing("Input/output error")).write(1, "x"));
        assertEquals(Errno.IO, withStdout(failing("something else")).write(1, "x"));
        assertEquals(Errno.IO, withStdout(failing(null)).write(1, "x"));
    }

    @Test
    void aFileOnAFullDeviceIsNospc() {
        assumeTrue(Files.isWritable(DEV_FULL), "needs /dev/full");
        WasiFixture g = WasiFixture.live(WasiConfig.builder().preopen(DEV_FULL.getParent(), "/dev").build());
        int fd = g.open(3, FOLLOW, "full", 0, WRITE_RIGHTS, 0);
        assertTrue(fd > 3, "path_open /dev/full: " + Errno.name(-fd));
        assertEquals(Errno.NOSPC, g.write(fd, "data"));
    }

    @Test
    void aRecordedFailureReplaysAsTheSameFailure() throws IOException {
        WasiFixture live = withStdout(failing("No space left on device"));
        assertEquals(Errno.NOSPC, live.write(1, "lost\n"));
        assertEquals(Errno.NOSPC, live.write(2, "again\n"));

        // Through the journal's binary form, as a recording stores it.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (WasiEvent e : live.events) e.writeTo(out);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        List<WasiEvent> stored = List.of(WasiEvent.readFrom(in), WasiEvent.readFrom(in));

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        WasiFixture replay = new WasiFixture(WasiHost.replay(WasiConfig.builder().stdout(console).stderr(console).build(), stored));
        assertEquals(Errno.NOSPC, replay.write(1, "lost\n"));
        assertEquals(Errno.NOSPC, replay.write(2, "again\n"));
        assertEquals(0, console.size(), "a write that failed is not re-emitted");
    }
}
