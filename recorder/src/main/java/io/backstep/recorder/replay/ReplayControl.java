package io.backstep.recorder.replay;

import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.recorder.recording.Recording;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Stop;

/**
 * What navigation ({@link Navigator} and its parts) may do to the replay: read the recording and the
 * one replay machine, restore a checkpoint, move to a step, and replay a bounded run with probes on.
 * {@link ReplayTimeline} hands out one; navigation never sees the rest of the timeline.
 */
interface ReplayControl {
    Recording recording();

    /** The replay machine (a new one after the recording grew: ask each time). */
    Machine machine();

    Instance instance();

    CompiledModule module();

    /** Restores checkpoint {@code index} exactly (no replay). */
    void restore(int index);

    /** Moves to exactly {@code step} (clamped to the recording) by restore and replay, probes ignored. */
    void moveTo(long step);

    /**
     * The nearest step at or before {@code step}, in the same checkpoint interval, whose state is kept in
     * memory ({@link ReplayCache}): {@link #moveTo} restores it without replay. At least the checkpoint's step.
     */
    long keptAtOrBefore(long step);

    /**
     * Replays at most {@code budget} steps, stopping at probes and never past the next checkpoint; keeping
     * the coarse points it passes ({@link ReplayCache}) if {@code keepStates}, which searches near the
     * current step want and sweeps far ahead or over the whole recording do not.
     */
    Machine.StopReason advance(long budget, boolean keepStates);

    boolean pauseRequested();

    /** The stop for standing at the end of the recording (trap or end). */
    Stop endStop();

    /** One instruction in {@code direction}, as the timeline's step into. */
    Stop stepInto(Direction direction);

    default long endStep() {
        return recording().endStep();
    }

    /** Step of checkpoint {@code i}, or the end for one past the last. */
    default long checkpointStep(int i) {
        return i < recording().checkpoints().size() ? recording().checkpoints().get(i).step() : endStep();
    }
}
