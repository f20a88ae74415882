package io.backstep.recorder.recording;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;

/**
 * A zlib stream (what {@link java.util.zip.InflaterInputStream} reads) that stops compressing where
 * the data does not compress: each {@link #SEGMENT} of input is deflated at the fastest level, and a
 * segment whose first {@link #SAMPLE} bytes shrank by less than a tenth switches the stream to stored
 * blocks, which cost a copy, from the rest of that segment on; every {@link #PROBE}-th segment after
 * that is sampled again to find out whether the data became compressible. Memory full of random or
 * already compressed data then costs what its size does to write, not a deflate of it (several
 * times slower than the program filling it), while compressible memory is deflated as before.
 * Judging by a sample, not a whole segment, matters because every checkpoint is a stream of its own:
 * a recording of incompressible memory deflated each checkpoint's whole first segment, at about
 * 45 MB/s (a tenth of the journal thread's work in randmem 64's recording).
 */
final class AdaptiveDeflater extends OutputStream {
    static final int SEGMENT = 256 * 1024;
    /** How much of a segment is deflated before judging it (flushed, so zlib holds none of it back). */
    static final int SAMPLE = 64 * 1024;
    static final int PROBE = 64;

    private final OutputStream out;
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    private final byte[] buffer = new byte[64 * 1024];
    private boolean storing;
    private int storedSegments;
    private long storedBytes;
    private boolean closed;

    AdaptiveDeflater(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, SEGMENT);
            segment(b, off, n);
            off += n;
            len -= n;
        }
    }

    private void segment(byte[] b, int off, int len) throws IOException {
        if (storing) {
            deflate(b, off, len);
            storedBytes += len;
            if (++storedSegments == PROBE - 1) {
                storing = false; // the next segment is sampled: a probe
                level(Deflater.BEST_SPEED);
            }
            return;
        }
        if (len < SAMPLE) { // too short to judge: a short piece says little
            deflate(b, off, len);
            return;
        }
        // Flushed before and after, so that zlib holds none of the output back and what it wrote in
        // between is the sample's.
        drain(Deflater.SYNC_FLUSH);
        long written = deflater.getBytesWritten();
        deflater.setInput(b, off, SAMPLE);
        drain(Deflater.SYNC_FLUSH);
        long packed = deflater.getBytesWritten() - written;
        if (packed * 10 >= SAMPLE * 9L) {
            storing = true;
            storedSegments = 0;
            level(Deflater.NO_COMPRESSION);
            storedBytes += len - SAMPLE;
        }
        deflate(b, off + SAMPLE, len - SAMPLE);
    }

    private void deflate(byte[] b, int off, int len) throws IOException {
        if (len == 0) return;
        deflater.setInput(b, off, len);
        while (!deflater.needsInput()) drain(Deflater.NO_FLUSH);
    }

    /** Switches the level from the next input on (the input so far is flushed under the old one). */
    private void level(int level) throws IOException {
        deflater.setLevel(level);
        drain(Deflater.NO_FLUSH);
    }

    /** Writes out what zlib has for now ({@code Deflater.NO_FLUSH}) or all of it ({@code SYNC_FLUSH}). */
    private void drain(int flush) throws IOException {
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, flush);
            out.write(buffer, 0, n);
        } while (n == buffer.length);
    }

    /** Input bytes that went into stored blocks (tests). */
    long storedBytes() {
        return storedBytes;
    }

    /** Ends the zlib stream and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            deflater.finish();
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
        } finally {
            deflater.end();
        }
        out.close();
    }
}
