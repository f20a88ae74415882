package io.backstep.app.cli;

import io.backstep.engine.text.SafeText;
import io.backstep.recorder.replay.ReplayTimeline;
import io.backstep.recorder.timeline.WriteInfo;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code backstep query}: questions about a recording's history. */
final class QueryCommand {
    static final String HELP = """
            Usage: backstep query FILE.bstrace --last-write ADDR[:LEN] [--before STEP] [--json]

            Finds the instruction that last wrote any of the LEN bytes (default 1) at memory
            address ADDR as seen in state STEP (default: the end of the recording), and shows its
            step, function and Wasm byte offset (or the WASI call that wrote the bytes for the
            program). Numbers may be decimal or 0x-hexadecimal.

            Options:
              --last-write ADDR[:LEN]   the memory range to ask about
              --before STEP             only writes visible in state STEP (steps 1..STEP)
              --json                    print JSON (docs/formats.md, "CLI JSON")
              -h, --help                show this help
            """;

    private final PrintStream out;

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
        if (range[0] == null) throw new CliException(Cli.USAGE, "missing --last-write ADDR[:LEN] (try --help)");
        int colon = range[0].indexOf(':');
        long address = Steps.address(colon < 0 ? range[0] : range[0].substring(0, colon), "--last-write address");
        long length = colon < 0 ? 1 : Steps.parse(range[0].substring(colon + 1), "--last-write length");
        if (length < 1 || length > (1 << 20)) throw new CliException(Cli.USAGE, "--last-write length must be 1 to 1048576");
        if (address > 0xFFFF_FFFFL) throw new CliException(Cli.USAGE, "--last-write address is beyond 32 bits");
        try (TraceFile t = TraceFile.open(o.file)) {
            ReplayTimeline timeline = t.timeline();
            long step = before[0] < 0 ? timeline.endStep() : StateCommand.checkStep(t, before[0]);
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
            if (o.json) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("address", address);
                j.put("length", length);
                j.put("before", step);
                j.put("found", w.isPresent());
                j.put("step", w.map(WriteInfo::step).orElse(null));
                j.put("functionIndex", w.map(x -> (Object) x.functionIndex()).orElse(null));
                j.put("functionName", w.map(WriteInfo::functionName).orElse(null));
                j.put("wasmOffset", w.map(x -> (Object) x.wasmOffset()).orElse(null));
                j.put("hostCall", w.map(WriteInfo::hostCall).orElse(null));
                out.print(Json.write(j));
            } else if (w.isEmpty()) {
                out.printf("no write to 0x%x..0x%x up to step %d: the bytes hold the value they started with%n",
                        address, address + length - 1, step);
            } else {
                WriteInfo x = w.get();
                out.printf("last write to 0x%x..0x%x up to step %d: step %d in %s (func %d, offset 0x%x)%s%n",
                        address, address + length - 1, step, x.step(), SafeText.escape(x.functionName()), x.functionIndex(), x.wasmOffset(),
                        x.hostCall() == null ? "" : " by the WASI call " + x.hostCall());
            }
            return Cli.OK;
        }
    }
}
