package io.backstep.app.dap;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.debug.ExitedEventArguments;
import org.eclipse.lsp4j.debug.OutputEventArguments;
import org.eclipse.lsp4j.debug.StoppedEventArguments;
import org.eclipse.lsp4j.debug.TerminatedEventArguments;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;

/** The client side of a test session: keeps the adapter's events in arrival order, to be awaited. */
final class RecordingClient implements IDebugProtocolClient {
    record Event(String name, Object body) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder output = new StringBuilder();
    private final StringBuilder console = new StringBuilder();

    @Override
    public void initialized() {
        events.add(new Event("initialized", null));
    }

    @Override
    public void stopped(StoppedEventArguments args) {
        events.add(new Event("stopped", args));
    }

    @Override
    public void output(OutputEventArguments args) {
        synchronized (output) {
            if ("console".equals(args.getCategory())) console.append(args.getOutput());
            else output.append(args.getOutput());
        }
        events.add(new Event("output", args));
    }

    @Override
    public void exited(ExitedEventArguments args) {
        events.add(new Event("exited", args));
    }

    @Override
    public void terminated(TerminatedEventArguments args) {
        events.add(new Event("terminated", args));
    }

    /** Everything the program printed so far (output events of category stdout). */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** The adapter's own notes to the person debugging (output events of category console). */
    String console() {
        synchronized (output) {
            return console.toString();
        }
    }

    /** The next event named {@code name}, skipping others; fails after a generous minute. */
    Object await(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(e, "no '" + name + "' event arrived");
            if (e.name().equals(name)) return e.body();
        }
    }

    StoppedEventArguments awaitStop() throws InterruptedException {
        return (StoppedEventArguments) await("stopped");
    }
}
