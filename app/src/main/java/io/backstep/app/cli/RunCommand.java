package io.backstep.app.cli;

import io.backstep.engine.source.SourceModel;
import io.backstep.engine.ModuleException;
import io.backstep.engine.Wasm;
import io.backstep.engine.code.CompiledModule;
import io.backstep.engine.model.FuncType;
import io.backstep.engine.model.ValType;
import io.backstep.engine.runtime.FunctionInstance;
import io.backstep.engine.runtime.LinkException;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.TrapException;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiConfigException;
import io.backstep.engine.wasi.WasiHost;
import io.backstep.engine.wasi.WasiProgram;
import io.backstep.recorder.recording.RunConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code backstep run}: runs a WASI command, or with --invoke one exported function. */
final class RunCommand {
    static final String HELP = """
            Usage: backstep run [--dir HOSTDIR]... [--env NAME=VALUE]... [--invoke NAME] FILE.wasm [ARGS...]

            Runs FILE.wasm (or a bundled sample by name: hello, fib, corruption, sort, files, checksum, ...). Without --invoke it calls the WASI entry point _start with ARGS as the
            program's arguments; the exit status is the program's (its proc_exit code, or 0).
            With --invoke NAME it calls the exported function NAME with ARGS as its numeric
            parameters and prints the results.

            Options:
              --dir HOSTDIR      give the program access to HOSTDIR, under the same path
              --dir HOST::GUEST  give the program access to HOST under the path GUEST
              --env NAME=VALUE   set an environment variable for the program
              --invoke NAME      call the exported function NAME instead of _start
              -h, --help         show this help

            On a trap: 'trap: MESSAGE' and the Wasm call stack on stderr, exit status 134.
            """;

    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Options shared with the commands that run programs (run, record). */
    static final class Options {
        final List<RunConfig.Preopen> dirs = new ArrayList<>();
        final List<String> env = new ArrayList<>();
        String invoke;
        Path file;
        List<String> programArgs = List.of();
        boolean help;
    }

    static Options parse(ArgList a, boolean allowInvoke) {
        Options o = new Options();
        while (a.hasNext()) {
            String w = a.peek();
            if (!w.startsWith("-")) break;
            a.take();
            if (w.equals("--")) break;
            if (w.equals("-h") || w.equals("--help")) {
                o.help = true;
                return o;
            } else if (ArgList.is(w, "--dir")) {
                String spec = a.value(w, "--dir");
                try {
                    o.dirs.add(PreopenSpec.parse(spec));
                } catch (PreopenSpec.InvalidException e) {
                    throw new CliException(Cli.USAGE, "--dir " + e.getMessage());
                }
            } else if (ArgList.is(w, "--env")) {
                String e = a.value(w, "--env");
                if (e.indexOf('=') <= 0) throw new CliException(Cli.USAGE, "--env needs NAME=VALUE, got '" + e + "'");
                o.env.add(e);
            } else if (allowInvoke && ArgList.is(w, "--invoke")) {
                o.invoke = a.value(w, "--invoke");
            } else {
                throw new CliException(Cli.USAGE, "unknown option " + w);
            }
        }
        if (!a.hasNext()) throw new CliException(Cli.USAGE, "missing FILE.wasm (try --help)");
        o.file = Path.of(a.take());
        o.programArgs = a.rest();
        return o;
    }

    /**
     * Reads and loads a module, turning every failure into a one-line CliException. A name that is
     * not an existing file but names a bundled sample ("fib" or "fib.wasm") loads that sample.
     */
    static CompiledModule load(Path file) {
        byte[] bytes = Files.exists(file) ? null : BundledSamples.find(file.toString());
        if (bytes == null) {
            try {
                bytes = Files.readAllBytes(InputFile.require(file));
            } catch (IOException e) {
                throw new CliException(Cli.ERROR, file + ": cannot read: " + e.getMessage());
            }
        }
        try {
            return Wasm.load(bytes);
        } catch (ModuleException e) {
            String kind = e instanceof io.backstep.engine.decode.MalformedModuleException ? "malformed module" : "invalid module";
            throw new CliException(Cli.ERROR, file + ": " + kind + ": " + e.reason() + " at byte offset 0x" + Long.toHexString(e.offset()));
        }
    }

    static WasiConfig.Builder wasiConfig(Options o) {
        WasiConfig.Builder b = WasiConfig.builder();
        List<String> argv = new ArrayList<>();
        argv.add(o.file.getFileName().toString());
        argv.addAll(o.programArgs);
        try {
            b.args(argv);
            for (String e : o.env) b.envEntry(e);
            for (RunConfig.Preopen d : o.dirs) {
                if (!Files.isDirectory(Path.of(d.hostPath()))) throw new CliException(Cli.ERROR, "--dir " + d.hostPath() + ": not a directory");
                b.preopen(Path.of(d.hostPath()), d.guestPath());
            }
        } catch (WasiConfigException e) {
            throw new CliException(Cli.USAGE, e.getMessage());
        }
        return b;
    }

    int execute(ArgList a) {
        Options o = parse(a, true);
        if (o.help) {
            out.print(HELP);
            return Cli.OK;
        }
        CompiledModule module = load(o.file);
        WasiHost host = WasiHost.live(wasiConfig(o).stdin(System.in)
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
        return o.invoke != null ? invoke(program, o) : runCommand(program, o);
    }

    private int runCommand(WasiProgram program, Options o) {
        if (!program.isCommand()) {
            throw new CliException(Cli.ERROR, o.file + ": exports no _start function; use --invoke NAME to call one of: "
                    + String.join(", ", program.instance().exports().keySet()));
        }
        try {
            program.start();
        } catch (LinkException e) {
            throw new CliException(Cli.ERROR, o.file + ": " + e.getMessage());
        }
        return finish(program, program.machine().run(Long.MAX_VALUE));
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

    private int invoke(WasiProgram program, Options o) {
        Object export = program.instance().export(o.invoke);
        if (!(export instanceof FunctionInstance f)) {
            throw new CliException(Cli.ERROR, o.file + ": no exported function named '" + o.invoke + "'");
        }
        FuncType type = f.type();
        if (o.programArgs.size() != type.paramCount()) {
            throw new CliException(Cli.USAGE, o.invoke + " takes " + type.paramCount() + " argument(s) " + type + ", got " + o.programArgs.size());
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
