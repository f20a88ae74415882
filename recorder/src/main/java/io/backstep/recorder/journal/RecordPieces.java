package io.backstep.recorder.journal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Cuts one record's payload into pieces of at most {@link Journal#MAX_PIECE} bytes as it is written:
 * a full piece that more bytes follow goes out as a {@link RecordKind#PART}, and {@link #close()}
 * sends the last piece under the record's own kind. So a record of any size is written through one
 * piece-sized buffer. The same cut serves the journal and a bundle's journal stream.
 */
public final class RecordPieces extends OutputStream {
    /** Where the pieces go, in order. */
    public interface Sink {
        void piece(int kind, byte[] bytes, int length) throws IOException;
    }

    private final int kind;
    private final Sink sink;
    private final byte[] piece = new byte[Journal.MAX_PIECE];
    private int size;
    private long length;
    private boolean closed;

    public RecordPieces(int kind, Sink sink) {
        if (kind == RecordKind.PART || kind <= 0 || kind > 255) throw new IllegalArgumentException("bad record kind " + kind);
        this.kind = kind;
        this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
        if (size == piece.length) flushPiece();
        piece[size++] = (byte) b;
        length++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (size == piece.length) flushPiece();
            int n = Math.min(len, piece.length - size);
            System.arraycopy(b, off, piece, size, n);
            size += n;
            off += n;
            len -= n;
            length += n;
        }
    }

    /** A full piece is sent only once more bytes arrive: the last piece must carry the record's kind. */
    private void flushPiece() throws IOException {
        sink.piece(RecordKind.PART, piece, size);
        size = 0;
    }

    /** Payload bytes written so far. */
    public long length() {
        return length;
    }

    /** Sends the last piece: the record is complete. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        sink.piece(kind, piece, size);
    }
}
