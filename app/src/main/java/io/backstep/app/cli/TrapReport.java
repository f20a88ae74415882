package io.backstep.app.cli;

import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.source.CodeFrame;
import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.SourceModel;
import io.backstep.engine.text.SafeText;
import io.backstep.recorder.state.FrameInfo;
import java.io.PrintStream;
import java.util.List;

/**
 * Prints a trap the way the command line reports it: "trap: MESSAGE", then the Wasm call stack,
 * innermost first, each frame with its source file:line where the module's DWARF has one (inlined calls
 * as frames of their own, marked "inlined").
 */
final class TrapReport {
    /** Frames shown at each end of a deep stack. */
    static final int SHOWN = 10;

    private TrapReport() {
    }

    static void print(Machine machine, SourceModel source, PrintStream err) {
        err.println("trap: " + SafeText.escape(machine.trap().getMessage()));
        int depth = machine.callDepth();
        for (int i = depth - 1; i >= 0; i--) {
            // Deep recursion: show both ends of the stack, not fifty thousand lines.
            if (depth > 2 * SHOWN && i == depth - 1 - SHOWN) {
                err.printf("  ... %d more frames ...%n", depth - 2 * SHOWN);
                i = SHOWN - 1;
            }
            FrameView f = machine.frame(i);
            printFrame(new CodeFrame(f.function().index(), f.function().displayName(), f.wasmOffset(), i == depth - 1), source, err);
        }
    }

    /** A trap in the module's start function, before _start (no call stack is kept). */
    static void printWhileInstantiating(String message, PrintStream err) {
        err.println("trap: " + SafeText.escape(message) + " (while instantiating)");
    }

    /** The same report from a recorded state (frames outermost first), as 'backstep record' prints it. */
    static void print(String message, List<FrameInfo> frames, SourceModel source, PrintStream err) {
        err.println("trap: " + SafeText.escape(message));
        int depth = frames.size();
        for (int i = depth - 1; i >= 0; i--) {
            if (depth > 2 * SHOWN && i == depth - 1 - SHOWN) {
                err.printf("  ... %d more frames ...%n", depth - 2 * SHOWN);
                i = SHOWN - 1;
            }
            FrameInfo f = frames.get(i);
            printFrame(new CodeFrame(f.functionIndex(), f.functionName(), f.wasmOffset(), i == depth - 1), source, err);
        }
    }

    /** "at NAME (func N, offset 0xO) FILE:LINE", preceded by a line per inlined call in the frame. */
    private static void printFrame(CodeFrame f, SourceModel source, PrintStream err) {
        List<SourceFrame> sf = source.framesOf(f);
        for (int k = 0; k < sf.size() - 1; k++) {
            SourceFrame in = sf.get(k);
            String at = SourceText.fileLine(in);
            err.printf("  at %s (inlined in func %d, offset 0x%x)%s%n", SafeText.escape(in.function()), f.functionIndex(), f.wasmOffset(),
                    at == null ? "" : " " + at);
        }
        String at = sf.isEmpty() ? null : SourceText.fileLine(sf.get(sf.size() - 1));
        err.printf("  at %s (func %d, offset 0x%x)%s%n", SafeText.escape(f.functionName()), f.functionIndex(), f.wasmOffset(), at == null ? "" : " " + at);
    }
}
