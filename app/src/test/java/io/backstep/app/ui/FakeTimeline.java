package io.backstep.app.ui;

import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.ValType;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.GlobalVar;
import io.backstep.recorder.state.LocalVar;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.state.Value;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Direction;
import io.backstep.recorder.timeline.Marker;
import io.backstep.recorder.timeline.ModuleDescription;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Timeline;
import io.backstep.recorder.timeline.Watchpoint;
import io.backstep.recorder.timeline.WriteInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tiny stand-in timeline for view tests: the first defined function of a real module, executing its
 * instructions in order; local 0 and memory byte 0 hold the step number.
 */
final class FakeTimeline implements Timeline {
    private final CompiledModule module;
    private final CompiledFunction fn;
    private final List<Breakpoint> bps = new ArrayList<>();
    private long step;

    /** A recording factory whose "recordings" are fake timelines over the module (opening and export unsupported). */
    static RecordingFactory factory() {
        return new RecordingFactory() {
            @Override public Timeline record(String name, byte[] wasm, RunSettings config, java.util.function.LongConsumer p) { return new FakeTimeline(wasm); }
            @Override public Timeline open(java.nio.file.Path bstrace) { throw new UnsupportedOperationException(); }
            @Override public void cancel() { }
            @Override public void export(Timeline t, java.nio.file.Path out, long a, long b) { }
        };
    }

    FakeTimeline(byte[] wasm) {
        module = Wasm.load(wasm);
        fn = module.functions()[0];
    }

    int offsetAt(long s) {
        int n = fn.instructionCount();
        return fn.wasmOffset(fn.instructionPc((int) Math.min(s, n - 1)));
    }

    @Override public ModuleDescription module() { return ModuleDescription.of(module); }
    @Override public long endStep() { return fn.instructionCount() - 1; }
    @Override public long currentStep() { return step; }

    @Override
    public MachineState state() {
        long s = step;
        return new MachineState() {
            @Override public long step() { return s; }
            @Override public Status status() { return Status.RUNNING; }
            @Override public String trapMessage() { return null; }
            @Override public int exitStatus() { return -1; }
            @Override public List<FrameInfo> frames() {
                return List.of(new FrameInfo(0, fn.index, "fake", offsetAt(s),
                    List.of(new LocalVar(0, "counter", Value.of(ValType.I32, s))), List.of(Value.of(ValType.I32, 7))));
            }
            @Override public List<GlobalVar> globals() { return List.of(new GlobalVar(0, "g", true, Value.of(ValType.I64, s * 2))); }
            @Override public long memorySize() { return 65536; }
            @Override public byte[] readMemory(long address, int length) {
                byte[] b = new byte[(int) Math.max(0, Math.min(length, 65536 - address))];
                if (address == 0 && b.length > 0) b[0] = (byte) s;
                return b;
            }
            @Override public int tableCount() { return 0; }
            @Override public List<Value> table(int index) { return List.of(); }
        };
    }

    @Override public MachineState seek(long s) { step = Math.max(0, Math.min(s, endStep())); return state(); }
    @Override public Stop stepInto(Direction d) { seek(step + (d == Direction.FORWARD ? 1 : -1)); return Stop.step(step); }
    @Override public Stop stepOver(Direction d) { return stepInto(d); }
    @Override public Stop stepOut(Direction d) { seek(d == Direction.FORWARD ? endStep() : 0); return Stop.step(step); }
    @Override public Stop resume(Direction d) { seek(d == Direction.FORWARD ? endStep() : 0); return new Stop(d == Direction.FORWARD ? Stop.Reason.END : Stop.Reason.START, step, -1); }
    @Override public Stop runTo(int f, int off, Direction d) { return resume(d); }
    @Override public void pause() { }
    @Override public Breakpoint addBreakpoint(int f, int off, String c) { Breakpoint b = new Breakpoint(bps.size() + 1, f, off, c, true); bps.add(b); return b; }
    @Override public void removeBreakpoint(int id) { bps.removeIf(b -> b.id() == id); }
    @Override public void setBreakpointEnabled(int id, boolean e) { }
    @Override public List<Breakpoint> breakpoints() { return List.copyOf(bps); }
    @Override public long hitCount(int id) { return 0; }
    @Override public Watchpoint addMemoryWatchpoint(long a, int l) { throw new UnsupportedOperationException(); }
    @Override public Watchpoint addGlobalWatchpoint(int g) { throw new UnsupportedOperationException(); }
    @Override public void removeWatchpoint(int id) { }
    @Override public void setWatchpointEnabled(int id, boolean enabled) { }
    @Override public List<Long> breakpointHits(int max) { return List.of(); }
    @Override public List<Watchpoint> watchpoints() { return List.of(); }
    @Override public Optional<WriteInfo> lastWrite(long a, int l, long b) { return Optional.empty(); }
    @Override public List<io.backstep.recorder.timeline.MemoryRange> inputLoads() { return List.of(); }
    @Override public String console(long s) { return "out " + s + "\n"; }
    @Override public List<Marker> markers() { return List.of(new Marker(1, Marker.Kind.OUTPUT, "out")); }
    @Override public long journalBytes() { return 1234; }
    @Override public void close() { }
}
