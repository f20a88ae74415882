package io.backstep.app.dap;

import io.backstep.engine.source.SourceModel;
import io.backstep.recorder.source.SourceState;
import io.backstep.recorder.state.MachineState;
import java.util.List;

/**
 * The stop the timeline stands at, as the client's requests see it: its frames, innermost first
 * (frame id = position + 1, valid while the program stays at this stop), and with debug info its
 * source-level state for variables and C expressions.
 */
final class StopView {
    private final MachineState state;
    private final List<CodeLocations.Frame> frames;
    private final SourceState source;

    /** {@code model} is null when the module has no readable debug info. */
    StopView(MachineState state, CodeLocations locations, SourceModel model) {
        this.state = state;
        this.frames = locations.frames(state);
        this.source = model == null ? null : new SourceState(model, state);
    }

    MachineState state() {
        return state;
    }

    List<CodeLocations.Frame> frames() {
        return frames;
    }

    /** The source-level state, or null without debug info. */
    SourceState source() {
        return source;
    }

    /** The frame a frameId names (the innermost frame if none is given). */
    CodeLocations.Frame frame(Integer frameId) {
        int n = frames.size();
        if (frameId == null) {
            if (n == 0) throw new DapException("there is no frame (the program has finished)");
            return frames.get(0);
        }
        if (frameId < 1 || frameId > n) throw new DapException("frameId " + frameId + " is not a frame of this stop (there are " + n + ")");
        return frames.get(frameId - 1);
    }

    /** Whether the innermost frame is in code with debug info (line stepping is then the default). */
    boolean inCodeWithDebugInfo() {
        return source != null && !frames.isEmpty() && frames.get(0).sourceFrame() != null;
    }
}
