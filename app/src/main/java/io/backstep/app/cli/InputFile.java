package io.backstep.app.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A module or recording named on the command line, checked before it is read: it must exist and be
 * a regular file. A device such as /dev/zero or a FIFO could be read forever, and a directory is no
 * module; each is a one-line error instead.
 */
final class InputFile {
    private InputFile() {
    }

    /** {@code file} if it is a regular file (symbolic links followed); a one-line {@link CliException} otherwise. */
    static Path require(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new CliException(Cli.ERROR, file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CliException(Cli.ERROR, file + ": permission denied");
        } catch (IOException e) {
            throw new CliException(Cli.ERROR, file + ": cannot read: " + e.getMessage());
        }
        if (a.isRegularFile()) return file;
        throw new CliException(Cli.ERROR, file + ": is " + kind(file, a) + ", not a regular file");
    }

    private static String kind(Path file, BasicFileAttributes a) {
        if (a.isDirectory()) return "a directory";
        try {
            int mode = ((Number) Files.getAttribute(file, "unix:mode")).intValue();
            switch (mode & 0170000) {
                case 0010000: return "a named pipe (FIFO)";
                case 0020000: return "a character device";
                case 0060000: return "a block device";
                case 0140000: return "a socket";
                default: break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // no Unix attributes here: fall back to the general word
        }
        return "a special file";
    }
}
