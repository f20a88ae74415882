package io.backstep.app.cli;

import io.backstep.engine.source.SourceLocator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the commands that read a recording (info, state, query, trim) share: the recording named,
 * {@code --json}, and {@code --source-dir} for finding the program's sources.
 */
final class RecordingArgs {
    static final Option JSON = Option.flag("--json", "print JSON (fields documented in docs/formats.md, \"CLI JSON\")");
    static final Option SOURCE_DIR = Option.value("--source-dir", "DIR",
            "also look for source files in DIR (repeatable; the recording's\nfolder and the current directory are always searched)").many();

    final String file;
    final boolean json;
    private final List<Path> sourceDirs;

    private RecordingArgs(String file, boolean json, List<Path> sourceDirs) {
        this.file = file;
        this.json = json;
        this.sourceDirs = sourceDirs;
    }

    /** Reads them from {@code a}; the one positional word is the recording. */
    static RecordingArgs of(ParsedArgs a, String command) {
        return new RecordingArgs(a.single("FILE.bstrace", command), a.has(JSON), a.directories(SOURCE_DIR));
    }

    /**
     * Where source files are looked for: the --source-dir folders, then the recording's folder and
     * the current directory (DWARF paths are relative to where the program was compiled).
     */
    SourceLocator locator() {
        List<Path> dirs = new ArrayList<>(sourceDirs);
        Path parent = Path.of(file).toAbsolutePath().getParent();
        if (parent != null) dirs.add(parent);
        dirs.add(Path.of("").toAbsolutePath());
        return new SourceLocator(null, dirs);
    }
}
