package io.backstep.app.cli;

import io.backstep.app.ModuleProblem;
import io.backstep.engine.ModuleException;
import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.ValType;
import io.backstep.engine.runtime.FunctionInstance;
import io.backstep.engine.runtime.LinkException;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.TrapException;
import io.backstep.engine.source.SourceModel;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiConfigException;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.recording.RecordingTimes;
import io.backstep.recorder.recording.RunConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code backstep run}: runs a WASI command, or with --invoke one exported function. */
final class RunCommand implements CliCommand {
    private static final Option INVOKE = Option.value("--invoke", "NAME", "call the exported function NAME instead of _start");

    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override public String name() { return "run"; }
    @Override public String summary() { return "Run a WebAssembly program (WASI command or exported function)"; }
    @Override public List<Option> options() { return List.of(ProgramArgs.DIR, ProgramArgs.ENV, INVOKE); }
    @Override public OptionParser parser() { return OptionParser.optionsEndAtFile(options()); }

    @Override
    public String usage() {
        return """
            Usage: backstep run [--dir HOST[::GUEST]]... [--env NAME=VALUE]... [--invoke NAME] FILE.wasm [ARGS...]

            Runs FILE.wasm (or a bundled sample by name: hello, fib, corruption, sort, files, checksum, ...). Without --invoke it calls the WASI entry point _start with ARGS as the
            program's arguments; the exit status is the program's (its proc_exit code, or 0).
            With --invoke NAME it calls the exported function NAME with ARGS as its numeric
            parameters and prints the results.
            """;
    }

    @Override
    public String notes() {
        return "On a trap: 'trap: MESSAGE' and the Wasm call stack on stderr, exit status 134.\n";
    }

    /**
     * Reads and loads a module, turning every failure into a one-line CliException. A name that is
     * not an existing file but names a bundled sample ("fib" or "fib.wasm") loads that sample.
     */
    static CompiledModule load(Path file) {
        return decode(file, read(file));
    }

    /** The bytes of the module {@link #load} would load (a missing or unreadable file: a one-line CliException). */
    static byte[] read(Path file) {
        byte[] bytes = Files.exists(file) ? null : BundledSamples.find(file.toString());
        if (bytes != null) return bytes;
        try {
            return Files.readAllBytes(InputFile.require(file));
        } catch (IOException e) {
            throw new CliException(Cli.ERROR, file + ": cannot read: " + e.getMessage());
        }
    }

    /** Decodes, validates and lowers the module read from {@code file} (a malformed one: a one-line CliException). */
    static CompiledModule decode(Path file, byte[] bytes) {
        try {
            return Wasm.load(bytes);
        } catch (ModuleException e) {
            throw new CliException(Cli.ERROR, file + ": " + ModuleProblem.oneLine(e, bytes.length));
        }
    }

    @Override
    public int execute(ParsedArgs a) {
        ProgramArgs o = ProgramArgs.of(a);
        String invoke = a.value(INVOKE);
        RecordingTimes.addSinceJvmStart("cli: JVM start to command");
        long t = RecordingTimes.start();
        CompiledModule module = load(o.file);
        RecordingTimes.add("cli: load module", t);
        WasiHost host = WasiHost.live(o.wasiConfig().stdin(System.in)
                .stdout(ConsoleStream.guestSink(out)).stderr(ConsoleStream.guestSink(err)).build());
        WasiProgram program;
        try {
            program = WasiProgram.instantiate(module, host);
        } catch (LinkException e) {
            throw new CliException(Cli.ERROR, o.file + ": cannot link: " + e.getMessage());
        } catch (TrapException e) {
            TrapReport.printWhileInstantiating(e.getMessage(), err);
            return Cli.TRAP;
        }
        return invoke != null ? invoke(program, o, invoke) : runCommand(program, o);
    }

    private int runCommand(WasiProgram program, ProgramArgs o) {
        if (!program.isCommand()) {
            throw new CliException(Cli.ERROR, o.file + ": exports no _start function; use --invoke NAME to call one of: "
                    + String.join(", ", program.instance().exports().keySet()));
        }
        try {
            program.start();
        } catch (LinkException e) {
            throw new CliException(Cli.ERROR, o.file + ": " + e.getMessage());
        }
        long t = RecordingTimes.start();
        Machine.StopReason r = program.machine().run(Long.MAX_VALUE);
        RecordingTimes.add("program: run", t);
        RecordingTimes.addSinceJvmStart("cli: JVM start to end of command");
        RecordingTimes.print(err);
        return finish(program, r);
    }

    private int finish(WasiProgram program, Machine.StopReason reason) {
        Machine m = program.machine();
        switch (reason) {
            case FINISHED:
                return Cli.OK;
            case TRAPPED:
                out.flush();
                TrapReport.print(m, SourceModel.of(program.instance().module().module()), err);
                return Cli.TRAP;
            case HOST_EXIT:
                int status = program.exitStatus();
                if (status >= 0) return status;
                throw new CliException(Cli.ERROR, "the program was stopped: " + m.hostException().getMessage());
            default:
                throw new CliException(Cli.ERROR, "the program stopped unexpectedly: " + reason);
        }
    }

    private int invoke(WasiProgram program, ProgramArgs o, String name) {
        Object export = program.instance().export(name);
        if (!(export instanceof FunctionInstance f)) {
            throw new CliException(Cli.ERROR, o.file + ": no exported function named '" + name + "'");
        }
        FuncType type = f.type();
        if (o.programArgs.size() != type.paramCount()) {
            throw new CliException(Cli.USAGE, name + " takes " + type.paramCount() + " argument(s) " + type + ", got " + o.programArgs.size());
        }
        List<Long> slots = new ArrayList<>();
        for (int i = 0; i < type.paramCount(); i++) {
            Values.parse(type.param(i), o.programArgs.get(i), slots);
        }
        Machine m = program.machine();
        m.start(f, slots.stream().mapToLong(Long::longValue).toArray());
        Machine.StopReason r = m.run(Long.MAX_VALUE);
        if (r != Machine.StopReason.FINISHED) return finish(program, r);
        long[] results = m.results();
        List<String> shown = new ArrayList<>();
        int slot = 0;
        for (ValType t : type.results()) {
            shown.add(Values.format(t, results, slot));
            slot += t.slots();
        }
        out.println(String.join(" ", shown));
        return Cli.OK;
    }
}
