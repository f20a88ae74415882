package io.backstep.recorder.recording;

import io.backstep.recorder.journal.JournalException;

/**
 * Replaying a recording did not reproduce what it recorded (a state digest, a WASI call, the guest's
 * output or the way the run ended differs): anything computed from that replay would be a wrong
 * answer, so commands stop with this instead.
 */
public final class InconsistentRecordingException extends JournalException {
    private final long step;

    public InconsistentRecordingException(long step, String detail) {
        super("recording is inconsistent at step " + step + ": " + detail);
        this.step = step;
    }

    /** The step at which the replay first disagreed with the recording. */
    public long step() {
        return step;
    }
}
