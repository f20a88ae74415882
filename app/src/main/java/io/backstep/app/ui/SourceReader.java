package io.backstep.app.ui;

import io.backstep.engine.debuginfo.DebugInfo.SourcePosition;
import io.backstep.engine.debuginfo.SourceFile;
import io.backstep.engine.source.SourceException;
import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.SourceModel;
import io.backstep.engine.source.ValueNode;
import io.backstep.recorder.source.SourceState;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.timeline.Breakpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the source level of a recording for the window, on the timeline thread only: a stop's source
 * frames, variables and watches as immutable {@link SourceVar} trees, and the children of a row when
 * the user expands it. Values read memory live, so the value trees of the current step are kept here
 * (by row path) and asked again only while the timeline stays at that step.
 */
final class SourceReader {
    /** Path of the group row holding the globals of the frame's compilation unit (not a C identifier). */
    static final String GLOBALS = "::globals";
    /** Paths of watch rows start with this, then the watch's expression. */
    static final String WATCH = "::watch:";
    /** Levels of rows read for expanded paths (pointer chains can be endless). */
    static final int MAX_DEPTH = 24;

    private final SourceModel model;
    private final List<String> files;
    private long step = -1;
    private SourceState state;
    private int frameIndex;
    private final Map<String, ValueNode> frameNodes = new HashMap<>();
    private final Map<String, ValueNode> watchNodes = new HashMap<>();

    SourceReader(SourceModel model) {
        this.model = model;
        List<String> paths = new ArrayList<>();
        for (SourceFile f : model.sourceFiles()) paths.add(f.path());
        this.files = List.copyOf(paths);
    }

    SourceModel model() {
        return model;
    }

    /** Every file the line tables name, as DWARF names them. */
    List<String> files() {
        return files;
    }

    /**
     * The source side of the state the timeline is at; null when the module has no usable debug info.
     * {@code writerOffset} is the module offset of the instruction that wrote a watched range just
     * before this state, or -1.
     */
    SourceStop capture(MachineState st, List<Breakpoint> breakpoints, Set<String> expanded, List<String> watches, int writerOffset) {
        if (!model.available()) return null;
        step = st.step();
        state = new SourceState(model, st);
        frameNodes.clear();
        watchNodes.clear();
        List<SourceStop.Frame> frames = new ArrayList<>();
        for (SourceFrame f : state.frames()) frames.add(frame(f));
        frameIndex = 0;
        List<SourceVar> vars = state.frames().isEmpty() ? List.of() : variables(state.frames().get(0), expanded);
        List<SourceVar> watched = new ArrayList<>();
        for (String w : watches) watched.add(watch(w, expanded));
        Map<Integer, SourceStop.Line> lines = new LinkedHashMap<>();
        for (Breakpoint b : breakpoints) {
            if (b.onEntry()) continue;
            SourcePosition p = model.position(b.wasmOffset());
            if (p != null && p.file() != null) lines.put(b.id(), new SourceStop.Line(p.file().path(), p.line()));
        }
        SourceStop.Line written = null;
        if (writerOffset >= 0) {
            SourcePosition p = model.position(writerOffset);
            if (p != null && p.file() != null) written = new SourceStop.Line(p.file().path(), p.line());
        }
        if (!model.available()) return null; // the DWARF turned out unreadable while reading this stop
        return new SourceStop(List.copyOf(frames), vars, List.copyOf(watched), lines, written);
    }

    /** The variables of source frame {@code index} at {@code atStep}, or null if the timeline has moved on. */
    List<SourceVar> frameVariables(long atStep, int index, Set<String> expanded) {
        if (state == null || atStep != step || index < 0 || index >= state.frames().size()) return null;
        frameNodes.clear();
        frameIndex = index;
        return variables(state.frames().get(index), expanded);
    }

    /** The children of the row at {@code path} (of frame {@code index}) at {@code atStep}, or null if that is no longer shown. */
    List<SourceVar> children(long atStep, int index, String path) {
        if (state == null || atStep != step) return null;
        if (path.equals(GLOBALS)) {
            if (index != frameIndex || index >= state.frames().size()) return null;
            return rows(GLOBALS, state.globals(state.frames().get(index)), frameNodes, Set.of(), 1);
        }
        boolean watch = path.startsWith(WATCH);
        if (!watch && index != frameIndex) return null;
        Map<String, ValueNode> nodes = watch ? watchNodes : frameNodes;
        ValueNode n = nodes.get(path);
        return n == null ? null : rows(path, n.children(), nodes, Set.of(), depthOf(path) + 1);
    }

    /** The memory a C lvalue occupies in the innermost frame at {@code atStep} ({@code st.divisor}, {@code p->next}). */
    SourceState.LValue lvalue(long atStep, String expression) {
        if (state == null || atStep != step) throw new SourceException("the program is not stopped here any more");
        return state.lvalue(expression);
    }

    private List<SourceVar> variables(SourceFrame f, Set<String> expanded) {
        List<SourceVar> out = new ArrayList<>(rows("", state.variables(f), frameNodes, expanded, 0));
        boolean open = expanded.contains(GLOBALS);
        List<SourceVar> globals = open ? rows(GLOBALS, state.globals(f), frameNodes, expanded, 1) : null;
        out.add(new SourceVar(GLOBALS, "Globals", "", "", true, globals, -1, 0));
        return List.copyOf(out);
    }

    private SourceVar watch(String expression, Set<String> expanded) {
        String path = WATCH + expression;
        try {
            ValueNode n = state.watch(expression);
            return row(path, n, watchNodes, expanded, 1);
        } catch (SourceException e) {
            return new SourceVar(path, expression, "", "<" + e.getMessage() + ">", false, null, -1, 0);
        }
    }

    private List<SourceVar> rows(String parent, List<ValueNode> nodes, Map<String, ValueNode> into, Set<String> expanded, int depth) {
        List<SourceVar> out = new ArrayList<>(nodes.size());
        for (ValueNode n : nodes) out.add(row(parent.isEmpty() ? n.name() : parent + "/" + n.name(), n, into, expanded, depth));
        return out;
    }

    private SourceVar row(String path, ValueNode n, Map<String, ValueNode> into, Set<String> expanded, int depth) {
        into.put(path, n);
        boolean kids = n.hasChildren();
        List<SourceVar> children = kids && depth < MAX_DEPTH && expanded.contains(path)
            ? rows(path, n.children(), into, expanded, depth + 1) : null;
        var v = n.value();
        long size = v.type().size();
        boolean mem = v.available() && v.inMemory() && size > 0 && size <= Integer.MAX_VALUE;
        return new SourceVar(path, n.name(), n.type(), n.text(), kids, children == null ? null : List.copyOf(children),
            mem ? v.address() : -1, mem ? (int) size : 0);
    }

    private static int depthOf(String path) {
        int d = 0;
        for (int i = 0; i < path.length(); i++) if (path.charAt(i) == '/') d++;
        return d;
    }

    private static SourceStop.Frame frame(SourceFrame f) {
        SourcePosition p = f.position();
        boolean line = p != null && p.file() != null;
        return new SourceStop.Frame(f.wasmFrame(), f.functionIndex(), f.function(), f.inlined(), line ? p.file().path() : null,
            line ? p.line() : 0, line ? p.column() : 0, f.wasmOffset());
    }
}
