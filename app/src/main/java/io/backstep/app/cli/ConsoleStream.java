package io.backstep.app.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The command line's standard output or error. Backstep's own text goes through the PrintStream,
 * which never throws (a closed pipe must not become a stack trace). The guest program's output goes
 * through {@link #guestSink()}, which writes straight to the file descriptor and lets its errors
 * through, so a full disk or a closed pipe reaches the guest as ENOSPC or EPIPE as it would natively
 * (a PrintStream such as System.out would report every write as successful).
 */
public final class ConsoleStream extends PrintStream {
    private final OutputStream target;
    private final OutputStream guestSink = new GuestSink();

    /** A console writing to {@code target} (a file descriptor's stream, or any stream in tests). */
    public ConsoleStream(OutputStream target) {
        super(new BufferedOutputStream(target), true);
        this.target = target;
    }

    public static ConsoleStream stdout() {
        return new ConsoleStream(new FileOutputStream(FileDescriptor.out));
    }

    public static ConsoleStream stderr() {
        return new ConsoleStream(new FileOutputStream(FileDescriptor.err));
    }

    /** Where guest output to this stream should go: unbuffered, and failing when the write fails. */
    public OutputStream guestSink() {
        return guestSink;
    }

    /**
     * The guest sink for {@code stream}: a console's own, or the stream itself (a test's capture,
     * whose writes cannot fail).
     */
    static OutputStream guestSink(PrintStream stream) {
        return stream instanceof ConsoleStream c ? c.guestSink() : stream;
    }

    private final class GuestSink extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (ConsoleStream.this) {
                // Backstep's pending text first, so both appear in the order they were written.
                ConsoleStream.this.flush();
                // Unbuffered: bytes of a failed write must not stay behind to be written again later.
                target.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }
    }
}
