package io.backstep.app.dap;

import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.timeline.Stop;
import org.eclipse.lsp4j.debug.StoppedEventArguments;

/** Words a timeline {@link Stop} as a DAP stopped event: its reason, and a description a person understands. */
final class StopEvents {
    static final int THREAD_ID = 1;

    private StopEvents() {
    }

    static StoppedEventArguments of(Stop stop, MachineState state, BreakpointTable breakpoints) {
        StoppedEventArguments e = new StoppedEventArguments();
        e.setThreadId(THREAD_ID);
        e.setAllThreadsStopped(true);
        switch (stop.reason()) {
            case BREAKPOINT, WATCHPOINT -> {
                BreakpointTable.Entry b = breakpoints.entryOf(stop);
                e.setReason(b == null ? "breakpoint" : b.kind().reason);
                if (b != null) {
                    e.setHitBreakpointIds(new Integer[] {b.dapId()});
                    if (b.description() != null) e.setDescription("Data breakpoint: " + b.description() + " (step " + stop.step() + ")");
                }
            }
            case TRAP -> {
                e.setReason("exception");
                e.setDescription("Trap: " + state.trapMessage());
                e.setText(state.trapMessage());
            }
            case END -> {
                e.setReason("step");
                e.setDescription(state.status() == MachineState.Status.RUNNING
                        ? "End of the recording (step " + stop.step() + ")"
                        : "The program ended (exit status " + state.exitStatus() + "); step back or reverse-continue to look at its past");
            }
            case START -> {
                e.setReason("step");
                e.setDescription("Start of the recording (step 0): there is nothing earlier to go back to");
                e.setText("start of the recording");
            }
            case PAUSED -> e.setReason("pause");
            default -> e.setReason("step");
        }
        return e;
    }
}
