package io.backstep.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an output file named on the command line before any work is done for it. */
final class OutputFile {
    static final Option OPTION = Option.value("--output", "OUT.bstrace", "the .bstrace file to write (required)").alias("-o");

    private OutputFile() {
    }

    /** The path of {@code name} if a file can be written there: not a directory, in an existing, writable folder. */
    static Path check(String name, String option) {
        if (name.isEmpty()) throw new CliException(Cli.USAGE, option + " needs a file name");
        Path file = Path.of(name);
        if (Files.isDirectory(file)) throw new CliException(Cli.USAGE, option + " " + name + " is a directory; name the file to write");
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new CliException(Cli.USAGE, option + " " + name + ": the folder " + parent + " does not exist");
        }
        if (!Files.isWritable(parent)) throw new CliException(Cli.ERROR, "cannot write " + name + ": the folder " + parent + " is not writable");
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new CliException(Cli.USAGE, option + " " + name + " is not a regular file");
        }
        return file;
    }
}
