package io.backstep.recorder.journal;

/**
 * Receives a copy of every piece a {@link Journal} writes, in order, on the writing thread, right
 * after the piece is in the journal: a bundle written while recording ({@code StreamedBundle}) instead
 * of read back from the journal afterwards. A mirror that throws fails the append that fed it.
 */
public interface JournalMirror {
    /**
     * One piece of a record of kind {@code recordKind}: {@code pieceKind} is {@link RecordKind#PART}
     * while more pieces of the record follow, and {@code recordKind} for its last piece. The array is
     * reused once this returns.
     */
    void piece(int recordKind, int pieceKind, byte[] bytes, int offset, int length);
}
