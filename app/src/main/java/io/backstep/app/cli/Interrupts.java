package io.backstep.app.cli;

import java.io.PrintStream;
import java.util.function.Supplier;
import sun.misc.Signal;

/**
 * Ctrl+C (SIGINT), SIGTERM and SIGHUP while a command records: the first asks the recording to stop
 * at its next checkpoint (milliseconds away) and be saved as an interrupted recording; a second one,
 * for a program blocked where no checkpoint comes (e.g. waiting for input), ends the process at once
 * and says where the journal so far stays.
 */
final class Interrupts implements AutoCloseable {
    private volatile String reason;
    private volatile int status;
    private final java.util.Map<Signal, sun.misc.SignalHandler> previous = new java.util.LinkedHashMap<>();

    private Interrupts() {
    }

    /**
     * Installs the handlers for this process. {@code whereJournalIs} words where the journal stays if
     * the process must end before saving.
     */
    static Interrupts install(PrintStream err, Supplier<String> whereJournalIs) {
        Interrupts i = new Interrupts();
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                Signal signal = new Signal(name);
                i.previous.put(signal, Signal.handle(signal, s -> i.on(s, err, whereJournalIs)));
            } catch (IllegalArgumentException | UnsupportedOperationException notHere) {
                // this platform has no such signal, or the JVM keeps it: the default action stays
            }
        }
        return i;
    }

    private void on(Signal s, PrintStream err, Supplier<String> whereJournalIs) {
        if (reason == null) {
            status = 128 + s.getNumber();
            reason = "interrupted by SIG" + s.getName();
            return;
        }
        err.println("backstep: interrupted again: stopping now; " + whereJournalIs.get());
        err.flush();
        Runtime.getRuntime().halt(128 + s.getNumber());
    }

    /** Puts back the handlers there were before (once the recording is saved, a signal acts as usual again). */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }

    /** Why the recording should stop, or null while no signal came. */
    String reason() {
        return reason;
    }

    /** The exit status a process ended by the signal would have (130 for SIGINT). */
    int status() {
        return status;
    }
}
