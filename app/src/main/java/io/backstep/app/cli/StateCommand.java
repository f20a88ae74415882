package io.backstep.app.cli;

import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.SourceModel;
import io.backstep.engine.source.ValueNode;
import io.backstep.engine.text.SafeText;
import io.backstep.recorder.source.SourceState;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.state.FrameInfo;
import io.backstep.recorder.state.GlobalVar;
import io.backstep.recorder.state.LocalVar;
import io.backstep.recorder.state.MachineState;
import io.backstep.recorder.state.Value;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code backstep state}: the machine state at one step of a recording. */
final class StateCommand implements CliCommand {
    private final PrintStream out;

    StateCommand(PrintStream out) {
        this.out = out;
    }

    private static final Option AT = Option.value("--at", "STEP", "the step to show (required)");
    private static final Option JSON = Option.flag("--json", "print JSON (fields documented in docs/formats.md, \"CLI JSON\"), with\n"
            + "every frame's locals and operands, \"source\" and \"variables\"");

    @Override public String name() { return "state"; }
    @Override public String summary() { return "Show the machine state at a step of a recording"; }
    @Override public List<Option> options() { return List.of(AT, RecordingArgs.SOURCE_DIR, JSON); }

    @Override
    public String usage() {
        return """
            Usage: backstep state FILE.bstrace --at STEP [--source-dir DIR]... [--json]

            Shows the machine state after STEP instructions (0 is before the first): the current
            function (name and index) and Wasm byte offset, the call stack, the current frame's
            locals and operand stack, and the globals. When the module has DWARF debug info, also
            the source position (file:line:column) of the current instruction and of every frame
            (inlined calls as frames), and the C variables in scope with their types and values
            ("<optimized out>" where the debug info gives no location). STEP may be decimal or
            0x-hexadecimal.
            """;
    }

    @Override
    public int execute(ParsedArgs a) {
        String file = a.single("FILE.bstrace", name());
        boolean json = a.has(JSON);
        a.directories(RecordingArgs.SOURCE_DIR);
        long at = a.step(AT, -1);
        if (at < 0) throw new CliException(Cli.USAGE, "missing --at STEP (try --help)");
        try (TraceFile t = TraceFile.open(file)) {
            long step = checkStep(t, at);
            ReplayTimeline timeline = t.timeline();
            MachineState s = timeline.seek(step);
            SourceState source = new SourceState(SourceModel.of(timeline.module().module()), s);
            if (json) {
                Map<String, Object> j = json(s, timeline.endStep());
                addSource(j, source);
                out.print(Json.write(j));
            } else {
                printText(s, timeline.endStep());
                printSource(source);
            }
            return Cli.OK;
        }
    }

    /** A step the trace holds, or a one-line error naming the range it does hold. */
    static long checkStep(TraceFile t, long step) {
        long first = t.recording.checkpoints().get(0).step();
        long last = t.recording.endStep();
        if (step < first || step > last) {
            throw new CliException(Cli.ERROR, "step " + step + " is not in the recording (it holds steps " + first + " to " + last + ")");
        }
        return step;
    }

    /** "source", "sourceFrames", "variables" and "debugInfo" (the model's status line). */
    private static void addSource(Map<String, Object> j, SourceState source) {
        SourceFrame top = source.top();
        j.put("source", top == null ? null : SourceText.json(top.position()));
        List<Object> frames = new ArrayList<>();
        for (SourceFrame f : source.frames()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("function", f.function());
            m.put("inlined", f.inlined());
            m.put("functionIndex", f.functionIndex());
            m.put("wasmOffset", f.wasmOffset());
            m.put("source", SourceText.json(f.position()));
            frames.add(m);
        }
        j.put("sourceFrames", frames);
        j.put("variables", top == null ? List.of() : SourceText.json(source.variables(top), 0));
        j.put("debugInfo", source.model().status()); // after reading: malformed DWARF shows here
    }

    private void printSource(SourceState source) {
        SourceModel model = source.model();
        if (!model.available()) {
            out.printf("source: none (%s)%n", SafeText.escape(model.status()));
            return;
        }
        SourceFrame top = source.top();
        if (top == null) return;
        out.printf("source: %s%n", top.position() == null ? "no line information here"
                : SourceText.fileLine(top.position()) + ":" + top.position().column());
        out.println("source frames:");
        for (SourceFrame f : source.frames()) {
            String at = SourceText.fileLine(f);
            out.printf("  %s%s%s%n", SafeText.escape(f.function()), f.inlined() ? " (inlined)" : "", at == null ? "" : " at " + at);
        }
        out.println("variables:");
        List<ValueNode> vars = source.variables(top);
        if (vars.isEmpty()) out.println("  (none)");
        for (ValueNode v : vars) out.printf("  %s %s = %s%n", SafeText.escape(v.type()), SafeText.escape(v.name()), SafeText.escape(v.text()));
        if (!model.available()) out.printf("(%s)%n", SafeText.escape(model.status()));
    }

    static String status(MachineState s) {
        return s.status().name().toLowerCase(Locale.ROOT);
    }

    static Map<String, Object> json(MachineState s, long endStep) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("step", s.step());
        j.put("endStep", endStep);
        j.put("status", status(s));
        j.put("trap", s.trapMessage());
        j.put("exitStatus", s.exitStatus() >= 0 ? s.exitStatus() : null);
        List<FrameInfo> frames = s.frames();
        FrameInfo top = frames.isEmpty() ? null : frames.get(frames.size() - 1);
        Map<String, Object> function = null;
        if (top != null) {
            function = new LinkedHashMap<>();
            function.put("index", top.functionIndex());
            function.put("name", top.functionName());
        }
        j.put("function", function);
        j.put("wasmOffset", top == null ? null : top.wasmOffset());
        List<Object> stack = new ArrayList<>();
        for (int i = frames.size() - 1; i >= 0; i--) stack.add(frame(frames.get(i)));
        j.put("callStack", stack);
        j.put("locals", top == null ? List.of() : locals(top.locals()));
        j.put("operands", top == null ? List.of() : values(top.operands()));
        List<Object> globals = new ArrayList<>();
        for (GlobalVar g : s.globals()) {
            Map<String, Object> m = value(g.value());
            m.put("index", g.index());
            m.put("name", g.name());
            m.put("mutable", g.mutable());
            globals.add(reorder(m, "index", "name", "mutable"));
        }
        j.put("globals", globals);
        j.put("memoryBytes", s.memorySize());
        return j;
    }

    private static Map<String, Object> frame(FrameInfo f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("depth", f.depth());
        m.put("functionIndex", f.functionIndex());
        m.put("functionName", f.functionName());
        m.put("wasmOffset", f.wasmOffset());
        m.put("locals", locals(f.locals()));
        m.put("operands", values(f.operands()));
        return m;
    }

    private static List<Object> locals(List<LocalVar> locals) {
        List<Object> r = new ArrayList<>();
        for (LocalVar l : locals) {
            Map<String, Object> m = value(l.value());
            m.put("index", l.index());
            m.put("name", l.name());
            r.add(reorder(m, "index", "name"));
        }
        return r;
    }

    private static List<Object> values(List<Value> values) {
        List<Object> r = new ArrayList<>();
        for (Value v : values) r.add(value(v));
        return r;
    }

    /** A value as type, decimal text and bit pattern (text, so 64-bit values survive JSON readers that use doubles). */
    private static Map<String, Object> value(Value v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", v.type().name().toLowerCase(Locale.ROOT));
        m.put("value", v.decimal());
        m.put("bits", v.hex());
        return m;
    }

    private static Map<String, Object> reorder(Map<String, Object> m, String... first) {
        Map<String, Object> r = new LinkedHashMap<>();
        for (String k : first) r.put(k, m.get(k));
        for (Map.Entry<String, Object> e : m.entrySet()) r.putIfAbsent(e.getKey(), e.getValue());
        return r;
    }

    private void printText(MachineState s, long endStep) {
        out.printf("step %d of %d (%s%s)%n", s.step(), endStep, status(s), s.trapMessage() == null ? "" : ": " + SafeText.escape(s.trapMessage()));
        List<FrameInfo> frames = s.frames();
        if (frames.isEmpty()) {
            out.println("no frames: the program is not running");
        } else {
            FrameInfo top = frames.get(frames.size() - 1);
            // Function, local and global names come from the module's name section: escaped.
            out.printf("function %s (func %d), offset 0x%x%n", SafeText.escape(top.functionName()), top.functionIndex(), top.wasmOffset());
            out.println("call stack:");
            for (int i = frames.size() - 1; i >= 0; i--) {
                FrameInfo f = frames.get(i);
                out.printf("  #%d %s (func %d, offset 0x%x)%n", f.depth(), SafeText.escape(f.functionName()), f.functionIndex(), f.wasmOffset());
            }
            out.println("locals:");
            if (top.locals().isEmpty()) out.println("  (none)");
            for (LocalVar l : top.locals()) out.printf("  %-12s %s%n", SafeText.escape(l.label()), show(l.value()));
            out.println("operands (bottom first):");
            if (top.operands().isEmpty()) out.println("  (empty)");
            for (Value v : top.operands()) out.printf("  %s%n", show(v));
        }
        out.println("globals:");
        if (s.globals().isEmpty()) out.println("  (none)");
        for (GlobalVar g : s.globals()) out.printf("  %-12s %s%s%n", SafeText.escape(g.label()), show(g.value()), g.mutable() ? "" : " (immutable)");
    }

    private static String show(Value v) {
        String d = v.decimal();
        String h = v.hex();
        return v.type().name().toLowerCase(Locale.ROOT) + " " + (d.equals(h) ? d : d + " (" + h + ")");
    }
}
