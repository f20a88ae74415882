package io.backstep.app.cli;

import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.text.SafeText;
import io.backstep.recorder.state.FrameInfo;
import java.io.PrintStream;
import java.util.List;

/** Prints a trap the way the command line reports it: "trap: MESSAGE", then the Wasm call stack, innermost first. */
final class TrapReport {
    /** Frames shown at each end of a deep stack. */
    static final int SHOWN = 10;

    private TrapReport() {
    }

    static void print(Machine machine, PrintStream err) {
        err.println("trap: " + SafeText.escape(machine.trap().getMessage()));
        int depth = machine.callDepth();
        for (int i = depth - 1; i >= 0; i--) {
            // Deep recursion: show both ends of the stack, not fifty thousand lines.
            if (depth > 2 * SHOWN && i == depth - 1 - SHOWN) {
                err.printf("  ... %d more frames ...%n", depth - 2 * SHOWN);
                i = SHOWN - 1;
            }
            FrameView f = machine.frame(i);
            err.printf("  at %s (func %d, offset 0x%x)%n", SafeText.escape(f.function().displayName()), f.function().index(), f.wasmOffset());
        }
    }

    /** A trap in the module's start function, before _start (no call stack is kept). */
    static void printWhileInstantiating(String message, PrintStream err) {
        err.println("trap: " + SafeText.escape(message) + " (while instantiating)");
    }

    /** The same report from a recorded state (frames outermost first), as 'backstep record' prints it. */
    static void print(String message, List<FrameInfo> frames, PrintStream err) {
        err.println("trap: " + SafeText.escape(message));
        int depth = frames.size();
        for (int i = depth - 1; i >= 0; i--) {
            if (depth > 2 * SHOWN && i == depth - 1 - SHOWN) {
                err.printf("  ... %d more frames ...%n", depth - 2 * SHOWN);
                i = SHOWN - 1;
            }
            FrameInfo f = frames.get(i);
            err.printf("  at %s (func %d, offset 0x%x)%n", SafeText.escape(f.functionName()), f.functionIndex(), f.wasmOffset());
        }
    }
}
