package io.backstep.engine.wasi;

import io.backstep.engine.runtime.HostCallback;
import io.backstep.engine.runtime.HostContext;
import io.backstep.engine.runtime.Linker;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.runtime.TrapException;
import io.backstep.engine.runtime.TrapKind;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The wasi_snapshot_preview1 host. {@link #install(Linker)} defines all 46 preview1 functions.
 *
 * <p>In {@link Mode#LIVE} calls act on the host (files under the preopens, clock, random, standard
 * streams) and each call is reported to the listener as a {@link WasiEvent}. In {@link Mode#REPLAY}
 * the host is given those events and serves each call from the next one: it checks that the call
 * is the recorded one ({@link ReplayDivergenceException} otherwise), writes the recorded bytes into
 * guest memory, re-emits recorded output to the configured sinks, and returns, exits or traps as
 * recorded, without touching the file system, clock, random source or terminal.
 */
public final class WasiHost implements AutoCloseable {
    public static final String MODULE = "wasi_snapshot_preview1";

    public enum Mode { LIVE, REPLAY }

    private final Mode mode;
    private final WasiConfig config;
    private final WasiSystem system;
    private final List<WasiEvent> replayEvents;
    private int replayIndex;
    private long calls;
    private WasiEventListener listener;

    private WasiHost(Mode mode, WasiConfig config, WasiSystem system, List<WasiEvent> replayEvents) {
        this.mode = mode;
        this.config = config;
        this.system = system;
        this.replayEvents = replayEvents;
    }

    /** A host acting on the real world as {@code config} describes. Preopens are opened now. */
    public static WasiHost live(WasiConfig config) {
        return new WasiHost(Mode.LIVE, config, new WasiSystem(config), null);
    }

    /**
     * A host that serves calls from {@code events}. Of {@code config} only the stdout/stderr sinks
     * are used (recorded output is written to them); preopens need not exist.
     */
    public static WasiHost replay(WasiConfig config, List<WasiEvent> events) {
        return new WasiHost(Mode.REPLAY, config, null, List.copyOf(events));
    }

    public Mode mode() {
        return mode;
    }

    /** Receives every call's event, in call order (in both modes). Null to stop. */
    public WasiHost listener(WasiEventListener listener) {
        this.listener = listener;
        return this;
    }

    /** Number of WASI calls served so far. */
    public long callCount() {
        return calls;
    }

    /** In replay: index of the next event to serve. */
    public int replayPosition() {
        return replayIndex;
    }

    /** In replay: continue from event {@code index} (e.g. after restoring a snapshot taken at that point). */
    public void replayPosition(int index) {
        if (mode != Mode.REPLAY) throw new IllegalStateException("not replaying");
        if (index < 0 || index > replayEvents.size()) throw new IndexOutOfBoundsException("event index " + index);
        replayIndex = index;
    }

    /** Defines every wasi_snapshot_preview1 function in {@code linker}. */
    public void install(Linker linker) {
        for (WasiFunction f : WasiFunction.values()) linker.defineHost(MODULE, f.wasiName(), f.type(), callback(f));
    }

    /** The host callback implementing {@code f}. */
    public HostCallback callback(WasiFunction f) {
        return (context, args) -> dispatch(f, context, args);
    }

    /** The host callback implementing the function named {@code name} (e.g. "fd_write"). */
    public HostCallback callback(String name) {
        WasiFunction f = WasiFunction.byName(name);
        if (f == null) throw new IllegalArgumentException("not a wasi_snapshot_preview1 function: " + name);
        return callback(f);
    }

    private long[] dispatch(WasiFunction f, HostContext context, long[] rawArgs) {
        if (rawArgs.length != f.paramCount()) {
            throw new TrapException(TrapKind.HOST_ERROR, f.wasiName() + " expects " + f.paramCount() + " arguments, got " + rawArgs.length);
        }
        long[] args = f.normalize(rawArgs);
        calls++;
        return mode == Mode.LIVE ? live(f, context, args) : replay(f, context, args);
    }

    private long[] live(WasiFunction f, HostContext context, long[] args) {
        GuestMemory mem = new GuestMemory(context.memory());
        WasiSystem.Call call = new WasiSystem.Call(args, mem);
        int errno;
        try {
            errno = system.call(f, call);
        } catch (WasiExitException e) {
            emit(WasiEvent.exited(f, args, e.exitCode(), mem.writes()));
            throw e;
        } catch (TrapException e) {
            emit(WasiEvent.trapped(f, args, e.kind(), detailOf(e), mem.writes(), call.outputStream, outputOf(call)));
            throw e;
        } catch (RuntimeException e) {
            // A host bug must not look like a guest error: surface it as a trap, recorded like one.
            TrapException trap = new TrapException(TrapKind.HOST_ERROR, f.wasiName() + " failed: " + e);
            trap.initCause(e);
            emit(WasiEvent.trapped(f, args, trap.kind(), detailOf(trap), mem.writes(), call.outputStream, outputOf(call)));
            throw trap;
        }
        emit(WasiEvent.returned(f, args, errno, mem.writes(), call.outputStream, outputOf(call)));
        return new long[] {errno};
    }

    private static byte[] outputOf(WasiSystem.Call call) {
        return call.output == null ? null : call.output.toByteArray();
    }

    private static String detailOf(TrapException e) {
        String prefix = e.kind().message();
        String m = e.getMessage();
        if (m == null || m.equals(prefix)) return null;
        return m.startsWith(prefix + ": ") ? m.substring(prefix.length() + 2) : m;
    }

    private void emit(WasiEvent event) {
        if (listener != null) listener.onEvent(event);
    }

    private long[] replay(WasiFunction f, HostContext context, long[] args) {
        if (replayIndex >= replayEvents.size()) {
            throw new ReplayDivergenceException(replayIndex, "the recording has no more events, but the guest called "
                    + describe(f, args));
        }
        WasiEvent e = replayEvents.get(replayIndex);
        if (e.function() != f) {
            throw new ReplayDivergenceException(replayIndex, "expected " + e + " but the guest called " + describe(f, args));
        }
        if (!Arrays.equals(e.args(), args)) {
            throw new ReplayDivergenceException(replayIndex, "expected " + e + " but the guest called " + describe(f, args)
                    + " (same function, different arguments)");
        }
        byte[] out = e.rawOutput();
        if (out != null && !Arrays.equals(out, guestOutput(f, context, args, out.length))) {
            // Re-emitting the recorded bytes would present output this program did not write.
            throw new ReplayDivergenceException(replayIndex, "the guest wrote other output than recorded in " + e);
        }
        replayIndex++;
        if (!e.memoryWrites().isEmpty()) {
            Memory memory = context.memory();
            if (memory == null) throw new TrapException(TrapKind.HOST_ERROR, "WASI call needs a linear memory but the caller has none");
            for (WasiEvent.MemoryWrite w : e.memoryWrites()) memory.write(w.address(), w.rawBytes());
        }
        if (out != null) {
            OutputStream sink = e.outputStream() == WasiEvent.STDOUT ? config.stdout() : config.stderr();
            if (sink != null) {
                try {
                    sink.write(out);
                    sink.flush();
                } catch (IOException ignored) {
                    // The recorded call succeeded; a broken console must not change the replayed run.
                }
            }
        }
        emit(e);
        return switch (e.outcome()) {
            case RETURNED -> e.results();
            case EXITED -> throw new WasiExitException(e.exitCode());
            case TRAPPED -> throw e.toTrap();
        };
    }

    /**
     * The first {@code length} bytes that the output call {@code f} hands the host now: what the
     * replayed guest writes (null if the call is not one that writes from iovecs).
     */
    private static byte[] guestOutput(WasiFunction f, HostContext context, long[] args, int length) {
        if ((f != WasiFunction.FD_WRITE && f != WasiFunction.FD_PWRITE) || context.memory() == null) return null;
        try {
            GuestMemory mem = new GuestMemory(context.memory());
            byte[] data = WasiSystem.gather(mem, WasiSystem.iovecs(mem, args[1] & 0xFFFFFFFFL, args[2] & 0xFFFFFFFFL));
            return data.length >= length ? Arrays.copyOf(data, length) : null;
        } catch (TrapException outOfBounds) {
            return null;
        }
    }

    private static String describe(WasiFunction f, long[] args) {
        StringBuilder b = new StringBuilder(f.wasiName()).append('(');
        for (int i = 0; i < args.length; i++) {
            if (i > 0) b.append(", ");
            b.append(args[i]);
        }
        return b.append(')').toString();
    }

    /** Closes files the guest left open (live mode). */
    @Override
    public void close() {
        if (system != null) system.close();
    }

    /** Convenience: events collected into a list, for callers that record a whole run. */
    public static final class Recorder implements WasiEventListener {
        private final List<WasiEvent> events = new ArrayList<>();

        @Override
        public void onEvent(WasiEvent event) {
            events.add(event);
        }

        public List<WasiEvent> events() {
            return List.copyOf(events);
        }
    }
}
