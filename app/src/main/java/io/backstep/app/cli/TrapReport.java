package io.backstep.app.cli;

import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Machine;
import java.io.PrintStream;

/** Prints a trap the way the command line reports it: "trap: MESSAGE", then the Wasm call stack, innermost first. */
final class TrapReport {
    private TrapReport() {
    }

    static void print(Machine machine, PrintStream err) {
        err.println("trap: " + machine.trap().getMessage());
        for (int i = machine.callDepth() - 1; i >= 0; i--) {
            FrameView f = machine.frame(i);
            err.printf("  at %s (func %d, offset 0x%x)%n", f.function().displayName(), f.function().index(), f.wasmOffset());
        }
    }
}
