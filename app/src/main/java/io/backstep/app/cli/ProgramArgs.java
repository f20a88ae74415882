package io.backstep.app.cli;

import io.backstep.app.input.PreopenSpec;
import io.backstep.engine.wasi.WasiConfig;
import io.backstep.engine.wasi.WasiConfigException;
import io.backstep.recorder.recording.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The program to run, its arguments, environment and directories, as {@code run} and {@code record}
 * take them: options first, then FILE.wasm, then the program's own arguments.
 */
final class ProgramArgs {
    static final Option DIR = Option.value("--dir", "HOST[::GUEST]",
            "give the program access to HOST, under the same path\nor under the path GUEST").many();
    static final Option ENV = Option.value("--env", "NAME=VALUE", "set an environment variable for the program").many();

    final Path file;
    final List<String> programArgs;
    final List<String> env;
    final List<RunConfig.Preopen> dirs;

    private ProgramArgs(Path file, List<String> programArgs, List<String> env, List<RunConfig.Preopen> dirs) {
        this.file = file;
        this.programArgs = programArgs;
        this.env = env;
        this.dirs = dirs;
    }

    static ProgramArgs of(ParsedArgs a) {
        List<RunConfig.Preopen> dirs = new ArrayList<>();
        for (String spec : a.values(DIR)) {
            try {
                dirs.add(PreopenSpec.parse(spec));
            } catch (PreopenSpec.InvalidException e) {
                throw new CliException(Cli.USAGE, DIR.name() + " " + e.getMessage());
            }
        }
        for (String e : a.values(ENV)) {
            if (e.indexOf('=') <= 0) throw new CliException(Cli.USAGE, ENV.name() + " needs NAME=VALUE, got '" + e + "'");
        }
        List<String> words = a.positionals();
        if (words.isEmpty()) throw new CliException(Cli.USAGE, "missing FILE.wasm (try --help)");
        return new ProgramArgs(Path.of(words.get(0)), List.copyOf(words.subList(1, words.size())), a.values(ENV), dirs);
    }

    /** The program's argv: its file name, then its arguments. */
    List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(file.getFileName().toString());
        argv.addAll(programArgs);
        return argv;
    }

    /** The WASI configuration, with every directory checked to exist. */
    WasiConfig.Builder wasiConfig() {
        WasiConfig.Builder b = WasiConfig.builder();
        try {
            b.args(argv());
            for (String e : env) b.envEntry(e);
            for (RunConfig.Preopen d : dirs) {
                if (!Files.isDirectory(Path.of(d.hostPath()))) throw new CliException(Cli.ERROR, DIR.name() + " " + d.hostPath() + ": not a directory");
                b.preopen(Path.of(d.hostPath()), d.guestPath());
            }
        } catch (WasiConfigException e) {
            throw new CliException(Cli.USAGE, e.getMessage());
        }
        return b;
    }

    /** What a recording keeps of it. */
    RunConfig runConfig() {
        return new RunConfig(argv(), env, dirs);
    }
}
