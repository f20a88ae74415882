package io.backstep.app.dap;

import io.backstep.engine.WasmException;
import io.backstep.engine.model.WasmModule;
import io.backstep.recorder.timeline.Stop;
import io.backstep.recorder.timeline.Timeline;
import io.backstep.recorder.timeline.Watchpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.lsp4j.debug.Breakpoint;
import org.eclipse.lsp4j.debug.DataBreakpoint;
import org.eclipse.lsp4j.debug.FunctionBreakpoint;
import org.eclipse.lsp4j.debug.InstructionBreakpoint;
import org.eclipse.lsp4j.debug.SourceBreakpoint;

/**
 * The client's breakpoints and their counterparts in the timeline. DAP replaces a whole group at once
 * (the breakpoints of one source, all function breakpoints, ...); each group's old breakpoints are
 * removed from the timeline and the new ones added. Also knows, for a stop, which client breakpoint it
 * was and whether its hit condition lets it stop.
 */
final class BreakpointTable {
    enum Kind {
        SOURCE("breakpoint"), FUNCTION("function breakpoint"), INSTRUCTION("instruction breakpoint"), DATA("data breakpoint");

        /** The stopped event's reason for this kind. */
        final String reason;

        Kind(String reason) {
            this.reason = reason;
        }
    }

    /**
     * One client breakpoint: its DAP id, kind, group, timeline ids (the breakpoints of each place it
     * stops at, or its one watchpoint) and hit condition.
     */
    record Entry(int dapId, Kind kind, String group, List<Integer> timelineIds, HitCondition hits, String description) {
    }

    private final Timeline timeline;
    private final CodeLocations locations;
    private final Disassembly disassembly;
    private final int lineBase;
    private final Map<Integer, Entry> byBreakpoint = new HashMap<>();
    private final Map<Integer, Entry> byWatchpoint = new HashMap<>();
    private int nextId = 1;

    BreakpointTable(Timeline timeline, CodeLocations locations, Disassembly disassembly, int lineBase) {
        this.timeline = timeline;
        this.locations = locations;
        this.disassembly = disassembly;
        this.lineBase = lineBase;
    }

    Breakpoint[] setSource(org.eclipse.lsp4j.debug.Source source, SourceBreakpoint[] requested) {
        String group = "source:" + (source.getSourceReference() != null && source.getSourceReference() > 0
                ? "#" + source.getSourceReference() : String.valueOf(source.getPath() != null ? source.getPath() : source.getName()));
        clear(group);
        List<Breakpoint> out = new ArrayList<>();
        for (SourceBreakpoint b : requested == null ? new SourceBreakpoint[0] : requested) {
            out.add(add(group, Kind.SOURCE, b.getCondition(), b.getHitCondition(), () -> {
                CodeLocations.LineTarget t = locations.resolveLine(source, b.getLine() - lineBase);
                return new Target(t.instructions(), t.line(), t.message());
            }, t -> {
                Breakpoint r = new Breakpoint();
                r.setSource(source);
                r.setLine(t.line() + lineBase);
                return r;
            }));
        }
        return out.toArray(new Breakpoint[0]);
    }

    Breakpoint[] setFunctions(FunctionBreakpoint[] requested) {
        clear("function");
        List<Breakpoint> out = new ArrayList<>();
        for (FunctionBreakpoint b : requested == null ? new FunctionBreakpoint[0] : requested) {
            out.add(add("function", Kind.FUNCTION, b.getCondition(), b.getHitCondition(),
                    () -> {
                        int fn = function(b.getName());
                        return new Target(List.of(new CodeLocations.Instruction(fn, locations.functionEntry(fn))), -1, null);
                    }, t -> new Breakpoint()));
        }
        return out.toArray(new Breakpoint[0]);
    }

    Breakpoint[] setInstructions(InstructionBreakpoint[] requested) {
        clear("instruction");
        List<Breakpoint> out = new ArrayList<>();
        for (InstructionBreakpoint b : requested == null ? new InstructionBreakpoint[0] : requested) {
            out.add(add("instruction", Kind.INSTRUCTION, b.getCondition(), b.getHitCondition(), () -> {
                long offset = Addresses.parse(b.getInstructionReference(), "'instructionReference'") + (b.getOffset() == null ? 0 : b.getOffset());
                if (!disassembly.isInstruction(offset)) {
                    throw new DapException("no instruction starts at module offset " + Addresses.format(offset));
                }
                return new Target(List.of(new CodeLocations.Instruction(disassembly.functionAt((int) offset), (int) offset)), -1, null);
            }, t -> {
                Breakpoint r = new Breakpoint();
                r.setInstructionReference(Addresses.format(t.at().get(0).wasmOffset()));
                return r;
            }));
        }
        return out.toArray(new Breakpoint[0]);
    }

    Breakpoint[] setData(DataBreakpoint[] requested) {
        clear("data");
        List<Breakpoint> out = new ArrayList<>();
        for (DataBreakpoint b : requested == null ? new DataBreakpoint[0] : requested) {
            Breakpoint r = new Breakpoint();
            try {
                if (b.getAccessType() != null && b.getAccessType() != org.eclipse.lsp4j.debug.DataBreakpointAccessType.WRITE) {
                    throw new DapException("only writes can be watched (access type 'write')");
                }
                if (b.getCondition() != null && !b.getCondition().isBlank()) {
                    throw new DapException("data breakpoints take no condition");
                }
                DataId id = DataId.parse(b.getDataId());
                HitCondition hits = HitCondition.parse(b.getHitCondition());
                Watchpoint w = id.global() >= 0 ? timeline.addGlobalWatchpoint(id.global()) : timeline.addMemoryWatchpoint(id.address(), id.length());
                Entry e = new Entry(nextId++, Kind.DATA, "data", List.of(w.id()), hits, id.describe());
                byWatchpoint.put(w.id(), e);
                r.setId(e.dapId());
                r.setVerified(true);
                r.setMessage(id.describe());
            } catch (DapException | IllegalArgumentException x) {
                r.setVerified(false);
                r.setMessage(x.getMessage());
            }
            out.add(r);
        }
        return out.toArray(new Breakpoint[0]);
    }

    /** The client breakpoint a BREAKPOINT or WATCHPOINT stop belongs to, or null. */
    Entry entryOf(Stop stop) {
        return switch (stop.reason()) {
            case BREAKPOINT -> byBreakpoint.get(stop.id());
            case WATCHPOINT -> byWatchpoint.get(stop.id());
            default -> null;
        };
    }

    /** Whether a stop at a client breakpoint honours its hit condition (the timeline stands at the stop). */
    boolean honours(Stop stop) {
        Entry e = entryOf(stop);
        if (e == null || e.hits() == null) return true;
        // Watchpoint hits are not counted by the timeline: a hit condition on one counts every hit.
        if (stop.reason() != Stop.Reason.BREAKPOINT) return true;
        long hits = 0;
        for (int id : e.timelineIds()) hits += timeline.hitCount(id); // one line can stop at several places
        return e.hits().stopsAt(hits + 1);
    }

    /** Where a breakpoint stops ({@code wasmOffset} -1: a function's entry), its line (or -1), and a note for the client. */
    private record Target(List<CodeLocations.Instruction> at, int line, String message) {
    }

    private interface Resolver {
        Target resolve();
    }

    private Breakpoint add(String group, Kind kind, String condition, String hitCondition, Resolver where, Function<Target, Breakpoint> shape) {
        Target t;
        HitCondition hits;
        try {
            hits = HitCondition.parse(hitCondition);
            t = where.resolve();
        } catch (DapException | IllegalArgumentException | WasmException x) {
            Breakpoint r = new Breakpoint();
            r.setVerified(false);
            r.setMessage(x instanceof WasmException w ? WasmException.describe(w) : x.getMessage());
            return r;
        }
        Breakpoint r = shape.apply(t);
        List<Integer> ids = new ArrayList<>();
        try {
            for (CodeLocations.Instruction at : t.at()) ids.add(timeline.addBreakpoint(at.functionIndex(), at.wasmOffset(), condition).id());
            Entry e = new Entry(nextId++, kind, group, List.copyOf(ids), hits, null);
            for (int id : ids) byBreakpoint.put(id, e);
            r.setId(e.dapId());
            r.setVerified(true);
            r.setMessage(t.message());
            int first = t.at().get(0).wasmOffset();
            if (first >= 0) r.setInstructionReference(Addresses.format(first));
        } catch (IllegalArgumentException x) {
            // A condition that does not compile (the message names the problem and its position).
            for (int id : ids) timeline.removeBreakpoint(id);
            r.setVerified(false);
            r.setMessage(x.getMessage());
        }
        return r;
    }

    private void clear(String group) {
        for (Iterator<Map.Entry<Integer, Entry>> i = byBreakpoint.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<Integer, Entry> e = i.next();
            if (e.getValue().group().equals(group)) {
                timeline.removeBreakpoint(e.getKey());
                i.remove();
            }
        }
        for (Iterator<Map.Entry<Integer, Entry>> i = byWatchpoint.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<Integer, Entry> e = i.next();
            if (e.getValue().group().equals(group)) {
                timeline.removeWatchpoint(e.getKey());
                i.remove();
            }
        }
    }

    /** A defined function by name-section name (see {@link io.backstep.recorder.timeline.ModuleDescription#functionNamed}), by index, as func[N], or by its source name. */
    private int function(String name) {
        if (name == null || name.isBlank()) throw new DapException("a function breakpoint needs a function name");
        WasmModule m = timeline.module().module();
        String n = name.strip();
        int named = timeline.module().functionNamed(n);
        if (named >= 0) return named;
        String bare = n.startsWith("$") ? n.substring(1) : n;
        String index = bare.startsWith("func[") && bare.endsWith("]") ? bare.substring(5, bare.length() - 1) : bare;
        if (index.matches("\\d{1,9}")) {
            int i = Integer.parseInt(index);
            if (i < m.functionCount() && i >= m.importedFunctionCount()) return i;
            if (i < m.importedFunctionCount()) throw new DapException("function " + i + " is imported: it has no code to stop in");
        }
        int source = locations.functionNamed(bare);
        if (source >= 0) return source;
        throw new DapException("no function named '" + n + "' in the module");
    }
}
