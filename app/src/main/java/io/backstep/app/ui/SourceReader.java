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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the source level of a recording for the window, on the timeline thread only: a stop's source
 * frames, variables and watches as immutable {@link SourceVar} trees, and the children of a row when
 * the user expands it. Values read memory live through a machine state that goes stale as soon as
 * the timeline moves (even to count hits and back), so every read starts from a state just taken.
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
     * The source side of the state the timeline is at ({@code st}, fresh: read just now); null when the
     * module has no usable debug info. {@code writerOffset} is the module offset of the instruction
     * that wrote a watched range just before this state, or -1.
     */
    SourceStop capture(MachineState st, List<Breakpoint> breakpoints, Set<String> expanded, List<String> watches, int writerOffset) {
        if (!model.available()) return null;
        SourceState state = new SourceState(model, st);
        List<SourceStop.Frame> frames = new ArrayList<>();
        for (SourceFrame f : state.frames()) frames.add(frame(f));
        List<SourceVar> vars = state.frames().isEmpty() ? List.of() : variables(state, state.frames().get(0), expanded);
        List<SourceVar> watched = new ArrayList<>();
        for (String w : watches) watched.add(watch(state, w, expanded));
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

    /** The variables of source frame {@code index} of the (fresh) state {@code st}, or null if there is no such frame. */
    List<SourceVar> frameVariables(MachineState st, int index, Set<String> expanded) {
        SourceState state = new SourceState(model, st);
        if (index < 0 || index >= state.frames().size()) return null;
        return variables(state, state.frames().get(index), expanded);
    }

    /**
     * The children of the row at {@code path} (of source frame {@code index}, or a watch among
     * {@code watches}) in the (fresh) state {@code st}; null if there is no such row. The value trees
     * are built again from the roots: the nodes of an earlier read may hold a state that is stale.
     */
    List<SourceVar> children(MachineState st, int index, String path, List<String> watches) {
        SourceState state = new SourceState(model, st);
        if (path.startsWith(WATCH)) {
            for (String w : watches) {
                String root = WATCH + w;
                if (!path.equals(root) && !path.startsWith(root + "/")) continue;
                try {
                    ValueNode n = walk(state.watch(w), path.substring(root.length()));
                    return n == null ? null : rows(path, n.children(), Set.of(), depthOf(path) + 1);
                } catch (SourceException e) {
                    return null;
                }
            }
            return null;
        }
        if (index < 0 || index >= state.frames().size()) return null;
        SourceFrame f = state.frames().get(index);
        if (path.equals(GLOBALS)) return rows(GLOBALS, state.globals(f), Set.of(), 1);
        List<ValueNode> roots = state.variables(f);
        String rest = path;
        if (path.startsWith(GLOBALS + "/")) {
            roots = state.globals(f);
            rest = path.substring(GLOBALS.length() + 1);
        }
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        for (ValueNode r : roots) {
            if (!r.name().equals(first)) continue;
            ValueNode n = walk(r, slash < 0 ? "" : rest.substring(slash));
            return n == null ? null : rows(path, n.children(), Set.of(), depthOf(path) + 1);
        }
        return null;
    }

    /** The node reached from {@code n} through the child names of {@code rest} ("/a/[2]/*p"; "" is n itself). */
    private static ValueNode walk(ValueNode n, String rest) {
        ValueNode at = n;
        for (String name : rest.split("/")) {
            if (name.isEmpty()) continue;
            ValueNode next = null;
            for (ValueNode c : at.children()) {
                if (c.name().equals(name)) {
                    next = c;
                    break;
                }
            }
            if (next == null) return null;
            at = next;
        }
        return at;
    }

    private List<SourceVar> variables(SourceState state, SourceFrame f, Set<String> expanded) {
        List<SourceVar> out = new ArrayList<>(rows("", state.variables(f), expanded, 0));
        boolean open = expanded.contains(GLOBALS);
        List<SourceVar> globals = open ? rows(GLOBALS, state.globals(f), expanded, 1) : null;
        out.add(new SourceVar(GLOBALS, "Globals", "", "", true, globals, -1, 0));
        return List.copyOf(out);
    }

    /** The memory a C lvalue occupies in the innermost frame of the (fresh) state {@code st}. */
    SourceState.LValue lvalue(MachineState st, String expression) {
        return new SourceState(model, st).lvalue(expression);
    }

    private SourceVar watch(SourceState state, String expression, Set<String> expanded) {
        String path = WATCH + expression;
        try {
            ValueNode n = state.watch(expression);
            return row(path, n, expanded, 1);
        } catch (SourceException e) {
            return new SourceVar(path, expression, "", "<" + e.getMessage() + ">", false, null, -1, 0);
        }
    }

    private List<SourceVar> rows(String parent, List<ValueNode> nodes, Set<String> expanded, int depth) {
        List<SourceVar> out = new ArrayList<>(nodes.size());
        for (ValueNode n : nodes) out.add(row(parent.isEmpty() ? n.name() : parent + "/" + n.name(), n, expanded, depth));
        return out;
    }

    private SourceVar row(String path, ValueNode n, Set<String> expanded, int depth) {
        boolean kids = n.hasChildren();
        List<SourceVar> children = kids && depth < MAX_DEPTH && expanded.contains(path)
            ? rows(path, n.children(), expanded, depth + 1) : null;
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
