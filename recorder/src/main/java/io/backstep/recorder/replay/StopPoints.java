package io.backstep.recorder.replay;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.code.CompiledModule;
import io.backstep.recorder.replay.condition.Condition;
import io.backstep.recorder.timeline.Breakpoint;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Watchpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of breakpoints and watchpoints: each checked and compiled once when added (its
 * instruction found, its condition parsed), given an id, listed in the order added. {@link #breakpointsVersion}
 * changes whenever a breakpoint is added, removed, enabled or disabled, so caches of breakpoint hits
 * know when they are stale.
 */
final class StopPoints {
    private final CompiledModule module;
    private final Map<Integer, Breakpoint> breakpoints = new LinkedHashMap<>();
    private final Map<Integer, Probe> probes = new HashMap<>();
    private final Map<Integer, Watchpoint> watchpoints = new LinkedHashMap<>();
    private int nextId = 1;
    private long breakpointsVersion;

    StopPoints(CompiledModule module) {
        this.module = module;
    }

    long breakpointsVersion() {
        return breakpointsVersion;
    }

    Breakpoint addBreakpoint(int functionIndex, int wasmOffset, String condition) {
        CompiledFunction code = definedFunction(functionIndex);
        int pc = pcFor(code, wasmOffset);
        String text = condition == null || condition.isBlank() ? null : condition.trim();
        Condition cond = text == null ? null : Condition.parse(text, code, module.module());
        Breakpoint b = new Breakpoint(nextId++, functionIndex, wasmOffset, text, true);
        breakpoints.put(b.id(), b);
        probes.put(b.id(), new Probe(code, pc, b.id(), cond, -1, Stop.Reason.BREAKPOINT));
        breakpointsVersion++;
        return b;
    }

    void removeBreakpoint(int id) {
        breakpoints.remove(id);
        probes.remove(id);
        breakpointsVersion++;
    }

    void setBreakpointEnabled(int id, boolean enabled) {
        Breakpoint b = breakpoints.get(id);
        if (b != null) breakpoints.put(id, new Breakpoint(id, b.functionIndex(), b.wasmOffset(), b.condition(), enabled));
        breakpointsVersion++;
    }

    List<Breakpoint> breakpoints() {
        return new ArrayList<>(breakpoints.values());
    }

    /** The probe of breakpoint {@code id}, enabled or not; throws for an unknown id. */
    Probe probe(int id) {
        Probe p = probes.get(id);
        if (p == null) throw new IllegalArgumentException("no breakpoint " + id);
        return p;
    }

    boolean hasBreakpoints() {
        return !breakpoints.isEmpty();
    }

    Watchpoint addMemoryWatchpoint(long address, int length) {
        if (address < 0 || length <= 0 || address + length > (1L << 32)) {
            throw new IllegalArgumentException("bad watch range: address " + address + ", length " + length);
        }
        Watchpoint w = Watchpoint.memory(nextId++, address, length);
        watchpoints.put(w.id(), w);
        return w;
    }

    Watchpoint addGlobalWatchpoint(int globalIndex) {
        int count = module.module().globalCount();
        if (globalIndex < 0 || globalIndex >= count) {
            throw new IllegalArgumentException("there is no global " + globalIndex + " (the module has " + count + ")");
        }
        Watchpoint w = Watchpoint.global(nextId++, globalIndex);
        watchpoints.put(w.id(), w);
        return w;
    }

    void removeWatchpoint(int id) {
        watchpoints.remove(id);
    }

    void setWatchpointEnabled(int id, boolean enabled) {
        Watchpoint w = watchpoints.get(id);
        if (w != null) watchpoints.put(id, new Watchpoint(id, w.kind(), w.address(), w.length(), w.globalIndex(), enabled));
    }

    List<Watchpoint> watchpoints() {
        return new ArrayList<>(watchpoints.values());
    }

    /** Adds the enabled breakpoints' probes to {@code q}. */
    void addEnabledBreakpoints(ProbeSet q) {
        for (Breakpoint b : breakpoints.values()) if (b.enabled()) q.add(probes.get(b.id()));
    }

    /** Adds every enabled breakpoint and watchpoint to {@code q}: what a user's continue or step stops at. */
    void addEnabled(ProbeSet q) {
        addEnabledBreakpoints(q);
        for (Watchpoint w : watchpoints.values()) {
            if (!w.enabled()) continue;
            if (w.kind() == Watchpoint.Kind.MEMORY) q.addMemory(w.id(), w.address(), w.length());
            else q.addGlobal(w.id(), w.globalIndex());
        }
    }

    /** A function with code; imported or missing ones are refused with what the module has. */
    CompiledFunction definedFunction(int functionIndex) {
        CompiledFunction code = module.function(functionIndex);
        if (code == null) {
            throw new IllegalArgumentException("function " + functionIndex + " is imported or does not exist (the module has "
                    + module.module().functionCount() + " functions)");
        }
        return code;
    }

    /** Internal pc for a Wasm offset in {@code code}; -1 means the function's first instruction. */
    static int pcFor(CompiledFunction code, int wasmOffset) {
        if (code.instructionCount() == 0) throw new IllegalArgumentException("function " + code.index + " has no instructions");
        if (wasmOffset < 0) return code.instructionPc(0);
        int first = code.wasmOffset(code.instructionPc(0));
        int last = code.wasmOffset(code.instructionPc(code.instructionCount() - 1));
        if (wasmOffset < first || wasmOffset > last) {
            throw new IllegalArgumentException("offset " + wasmOffset + " is not inside function " + code.index
                    + " (its code spans offsets " + first + ".." + last + ")");
        }
        return code.pcForWasmOffset(wasmOffset);
    }
}
