package io.backstep.app.cli;

import io.backstep.engine.source.SourceException;
import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.SourceLocator;
import io.backstep.engine.source.SourceModel;
import io.backstep.engine.text.SafeText;
import io.backstep.recorder.source.SourceState;
import io.backstep.recorder.state.MachineState;
import java.util.List;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.timeline.MemoryRange;
import io.backstep.recorder.timeline.WriteInfo;
import io.backstep.app.input.InputException;
import io.backstep.app.input.NumberInput;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code backstep query}: questions about a recording's history. */
final class QueryCommand implements CliCommand {
    /** A word that reads as a bare hexadecimal address (ADDR or ADDR:LEN) when it names no variable. */
    private static final java.util.regex.Pattern BARE_HEX = java.util.regex.Pattern.compile("[0-9a-fA-F]+(:\\S+)?");
    private static final long MAX_LENGTH = 1 << 20;

    /** ADDR[:LEN] through the one parser of typed numbers, within what a query can look at. */
    private static MemoryRange range(String text) {
        MemoryRange r;
        try {
            r = NumberInput.range(text, 1);
        } catch (InputException e) {
            throw new CliException(Cli.USAGE, "--last-write: " + e.getMessage());
        }
        if (r.length() > MAX_LENGTH) throw new CliException(Cli.USAGE, "--last-write length must be 1 to " + MAX_LENGTH);
        if (r.address() > 0xFFFF_FFFFL) throw new CliException(Cli.USAGE, "--last-write address is beyond 32 bits");
        return r;
    }

    private final PrintStream out;

    private static String what(String expression, String type) {
        return expression == null ? "" : SafeText.escape(expression) + " (" + SafeText.escape(type) + ") at ";
    }

    /**
     * The writer at the source level: the source frame of the writing instruction ({@code at}, null
     * without line info) and, when its file is not found on this machine, the nearest caller whose
     * file is ({@code caller}, else null).
     */
    private record Writer(SourceFrame at, SourceFrame caller) { }

    private static Writer writer(ReplayTimeline timeline, SourceModel model, SourceLocator locator, WriteInfo w) {
        if (!model.available()) return null;
        // The writing instruction executed as step w.step(): the state before it shows it as current.
        MachineState before = timeline.seek(w.step() - 1);
        List<SourceFrame> frames = new SourceState(model, before).frames();
        if (frames.isEmpty()) return null;
        SourceFrame at = frames.get(0);
        if (at.position() == null) return new Writer(null, null);
        if (locator.find(at.position().file()) != null) return new Writer(at, null);
        for (SourceFrame f : frames.subList(1, frames.size())) {
            if (f.position() != null && locator.find(f.position().file()) != null) return new Writer(at, f);
        }
        return new Writer(at, null);
    }

    QueryCommand(PrintStream out) {
        this.out = out;
    }

    private static final Option LAST_WRITE = Option.value("--last-write", "ADDR[:LEN]|EXPR", "the memory range, or the C lvalue, to ask about");
    private static final Option BEFORE = Option.value("--before", "STEP", "only writes visible in state STEP (steps 1..STEP)");

    @Override public String name() { return "query"; }
    @Override public String summary() { return "Ask a recording who last wrote some memory"; }
    @Override public List<Option> options() { return List.of(LAST_WRITE, BEFORE, RecordingArgs.SOURCE_DIR, RecordingArgs.JSON); }

    @Override
    public String usage() {
        return """
            Usage: backstep query FILE.bstrace --last-write ADDR[:LEN]|EXPR [--before STEP]
                                  [--source-dir DIR]... [--json]

            Finds the instruction that last wrote any of the LEN bytes (default 1) at memory
            address ADDR as seen in state STEP (default: the end of the recording), and shows its
            step, function and Wasm byte offset (or the WASI call that wrote the bytes for the
            program). Instead of an address, EXPR may be a C lvalue of the program (st.divisor,
            p->next, a[3], *p) evaluated in the innermost frame at state STEP: its bytes are the
            range. With debug info the answer also names the writer's source file:line and, when
            that file is not on this machine (a C library's own sources), the nearest calling
            function whose source is found. Numbers may be decimal or 0x-hexadecimal.
            """;
    }

    @Override
    public int execute(ParsedArgs a) {
        RecordingArgs o = RecordingArgs.of(a, name());
        String text = a.required(LAST_WRITE).trim();
        long before = a.step(BEFORE, -1);
        // A number is an address; a word may be a variable or bare hexadecimal (fd0): the variable wins.
        MemoryRange numeric = Character.isDigit(text.isEmpty() ? 'x' : text.charAt(0)) ? range(text) : null;
        try (TraceFile t = TraceFile.open(o.file)) {
            ReplayTimeline timeline = t.timeline();
            long step = before < 0 ? timeline.endStep() : StateCommand.checkStep(t, before);
            SourceModel model = SourceModel.of(timeline.module().module());
            String expression = null;
            String type = null;
            long address;
            long length;
            if (numeric == null) {
                try {
                    SourceState.LValue lv = new SourceState(model, timeline.seek(step)).lvalue(text);
                    expression = text;
                    type = lv.type();
                    numeric = new MemoryRange(lv.address(), lv.length());
                } catch (SourceException e) {
                    if (!BARE_HEX.matcher(text).matches()) {
                        throw new CliException(Cli.ERROR, "--last-write " + SafeText.escape(text) + " at step " + step + ": " + e.getMessage());
                    }
                    numeric = range(text);
                }
            }
            address = numeric.address();
            length = numeric.length();
            long memory = timeline.seek(step).memorySize();
            if (address + length > memory) {
                throw new CliException(Cli.ERROR, String.format("0x%x..0x%x is beyond memory at step %d (the memory is %d bytes, up to 0x%x)",
                        address, address + length - 1, step, memory, Math.max(0, memory - 1)));
            }
            Optional<WriteInfo> w;
            try {
                w = timeline.lastWrite(address, (int) length, step);
            } catch (UnsupportedOperationException e) {
                throw new CliException(Cli.ERROR, "query --last-write is not available in this build: " + e.getMessage());
            }
            Writer writer = w.isPresent() ? writer(timeline, model, o.locator(), w.get()) : null;
            if (o.json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("expression", expression);
                j.put("type", type);
                j.put("address", address);
                j.put("length", length);
                j.put("before", step);
                j.put("found", w.isPresent());
                j.put("step", w.map(WriteInfo::step).orElse(null));
                j.put("functionIndex", w.map(x -> (Object) x.functionIndex()).orElse(null));
                j.put("functionName", w.map(WriteInfo::functionName).orElse(null));
                j.put("wasmOffset", w.map(x -> (Object) x.wasmOffset()).orElse(null));
                j.put("hostCall", w.map(WriteInfo::hostCall).orElse(null));
                j.put("source", writer == null || writer.at == null ? null : SourceText.json(writer.at.position()));
                Map<String, Object> caller = null;
                if (writer != null && writer.caller != null) {
                    caller = new LinkedHashMap<>();
                    caller.put("function", writer.caller.function());
                    caller.put("source", SourceText.json(writer.caller.position()));
                }
                j.put("nearestSourceCaller", caller);
                out.print(Json.write(j));
            } else if (w.isEmpty()) {
                out.printf("no write to %s0x%x..0x%x up to step %d: the bytes hold the value they started with%n",
                        what(expression, type), address, address + length - 1, step);
            } else {
                WriteInfo x = w.get();
                String at = writer == null || writer.at == null ? null : SourceText.fileLine(writer.at);
                out.printf("last write to %s0x%x..0x%x up to step %d: step %d in %s (func %d, offset 0x%x)%s%s%n",
                        what(expression, type), address, address + length - 1, step, x.step(), SafeText.escape(x.functionName()),
                        x.functionIndex(), x.wasmOffset(), at == null ? "" : " at " + at,
                        x.hostCall() == null ? "" : " by the WASI call " + x.hostCall());
                if (writer != null && writer.caller != null) {
                    out.printf("  (source of %s not found) called from %s at %s%n", SafeText.escape(writer.at.position().file().path()),
                            SafeText.escape(writer.caller.function()), SourceText.fileLine(writer.caller));
                }
            }
            return Cli.OK;
        }
    }
}
