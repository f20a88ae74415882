package io.backstep.recorder.journal;

/** The kinds of journal record. The numbers are part of the recording format (docs/formats.md). */
public final class RecordKind {
    private RecordKind() {
    }

    /** First record: format version, module, run configuration. */
    public static final int HEADER = 1;
    /** A full or incremental engine snapshot at a step, with the WASI position and state digest. */
    public static final int CHECKPOINT = 2;
    /** One WASI call's captured results (engine WasiEvent format) and the step it happened at. */
    public static final int WASI = 3;
    /** The end of the run: final step and how the program ended. */
    public static final int END = 4;
    /**
     * A leading piece of a record too large for one queue record: the pieces and the record that
     * follows them (holding the last piece) are one record to readers. Never seen outside the journal.
     */
    public static final int PART = 5;
}
