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
import io.backstep.recorder.timeline.WriteInfo;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code backstep query}: questions about a recording's history. */
final class QueryCommand {
    static final String HELP = """
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

            Options:
              --last-write ADDR[:LEN]|EXPR   the memory range, or the C lvalue, to ask about
              --before STEP                  only writes visible in state STEP (steps 1..STEP)
              --source-dir DIR               also look for source files in DIR (repeatable)
              --json                         print JSON (docs/formats.md, "CLI JSON")
              -h, --help                     show this help
            """;

    /** ADDR or ADDR:LEN in decimal or hex; anything else is a C expression. */
    private static final java.util.regex.Pattern ADDRESS = java.util.regex.Pattern.compile("(0[xX][0-9a-fA-F]+|[0-9]+)(:(0[xX][0-9a-fA-F]+|[0-9]+))?");

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

    int execute(ArgList a) {
        String[] range = {null};
        long[] before = {-1};
        InfoCommand.Opts o = InfoCommand.Opts.parse(a, HELP, out, (w, args) -> {
            if (ArgList.is(w, "--last-write")) {
                range[0] = args.value(w, "--last-write");
                return true;
            }
            if (ArgList.is(w, "--before")) {
                before[0] = Steps.parse(args.value(w, "--before"), "--before");
                return true;
            }
            return false;
        });
        if (o == null) return Cli.OK;
        if (range[0] == null) throw new CliException(Cli.USAGE, "missing --last-write ADDR[:LEN] or EXPR (try --help)");
        boolean numeric = ADDRESS.matcher(range[0].trim()).matches();
        long address = -1, length = 1;
        if (numeric) {
            int colon = range[0].indexOf(':');
            address = Steps.address(colon < 0 ? range[0] : range[0].substring(0, colon), "--last-write address");
            length = colon < 0 ? 1 : Steps.parse(range[0].substring(colon + 1), "--last-write length");
            if (length < 1 || length > (1 << 20)) throw new CliException(Cli.USAGE, "--last-write length must be 1 to 1048576");
            if (address > 0xFFFF_FFFFL) throw new CliException(Cli.USAGE, "--last-write address is beyond 32 bits");
        }
        try (TraceFile t = TraceFile.open(o.file)) {
            ReplayTimeline timeline = t.timeline();
            long step = before[0] < 0 ? timeline.endStep() : StateCommand.checkStep(t, before[0]);
            SourceModel model = SourceModel.of(timeline.module().module());
            String expression = null;
            String type = null;
            if (!numeric) {
                expression = range[0].trim();
                SourceState.LValue lv;
                try {
                    lv = new SourceState(model, timeline.seek(step)).lvalue(expression);
                } catch (SourceException e) {
                    throw new CliException(Cli.ERROR, "--last-write " + SafeText.escape(expression) + " at step " + step + ": " + e.getMessage());
                }
                address = lv.address();
                length = lv.length();
                type = lv.type();
            }
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
