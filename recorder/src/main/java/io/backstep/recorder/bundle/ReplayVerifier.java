package io.backstep.recorder.bundle;

import io.backstep.engine.Wasm;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.snapshot.StateDigest;
import io.backstep.engine.wasi.ReplayDivergenceException;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.recording.Checkpoint;
import io.backstep.recorder.recording.EndInfo;
import io.backstep.recorder.recording.Recording;
import java.io.OutputStream;
import java.util.List;

/**
 * Re-executes a recording straight through from its first snapshot, with WASI calls served from the
 * journal (no host access), and compares the state digest with the recorded one at every checkpoint.
 * Only the first snapshot is restored, so every later checkpoint is reached by execution alone: a
 * match means the engine reproduced the recorded run.
 */
public final class ReplayVerifier {
    /**
     * The outcome. {@code divergedAt} is -1 when the replay matched at every checkpoint; otherwise the
     * step of the first checkpoint that did not match, with the recorded and replayed digests.
     */
    public record Result(int checkpointsVerified, long lastStep, long divergedAt, long expectedDigest, long actualDigest,
                         String detail) {
        public boolean identical() {
            return divergedAt < 0;
        }
    }

    private ReplayVerifier() {
    }

    /** Replays {@code recording}, writing the guest's recorded output again to {@code stdout}/{@code stderr}. */
    public static Result verify(Recording recording, OutputStream stdout, OutputStream stderr) {
        List<Checkpoint> cps = recording.checkpoints();
        WasiConfig config = WasiConfig.builder().args(recording.header().config().args()).stdout(stdout).stderr(stderr).build();
        WasiHost host = WasiHost.replay(config, recording.wasiEvents());
        WasiProgram program = WasiProgram.instantiate(Wasm.load(recording.header().module()), host);
        Machine m = program.machine();
        m.setIgnoreBreakpoints(true);
        Checkpoint first = cps.get(0);
        recording.restore(first, m, program.instance());
        host.replayPosition(first.wasiIndex());
        int verified = 0;
        EndInfo.Kind endKind = recording.end().kind();
        for (int k = 0; k < cps.size(); k++) {
            Checkpoint c = cps.get(k);
            String detail = null;
            while (m.stepCount() < c.step() && m.status() == Machine.Status.PAUSED) {
                if (m.run(c.step() - m.stepCount()) != Machine.StopReason.BUDGET) break;
            }
            // A trapping instruction, or the proc_exit call, does not complete, so it is not counted as a
            // step: the recorded end state is one instruction past the budget, at the same step count.
            if (k == cps.size() - 1 && m.status() == Machine.Status.PAUSED && m.stepCount() == c.step()
                    && (endKind == EndInfo.Kind.TRAPPED || endKind == EndInfo.Kind.EXITED)) {
                m.run(1);
            }
            if (m.stepCount() != c.step()) {
                detail = "the replay stopped at step " + m.stepCount() + " (" + describe(m) + ")";
            }
            long actual = StateDigest.of(m, program.instance());
            if (detail != null || actual != c.digest()) {
                if (detail == null && m.hostException() instanceof ReplayDivergenceException d) detail = d.getMessage();
                return new Result(verified, m.stepCount(), c.step(), c.digest(), actual, detail);
            }
            verified++;
        }
        return new Result(verified, m.stepCount(), -1, 0, 0, null);
    }

    private static String describe(Machine m) {
        return switch (m.status()) {
            case TRAPPED -> "trap: " + m.trap().getMessage();
            case HOST_EXIT -> m.hostException() == null ? "host exit" : m.hostException().getMessage();
            default -> m.status().name().toLowerCase();
        };
    }
}
