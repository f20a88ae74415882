package io.backstep.engine.source;

import io.backstep.engine.debuginfo.SourceFile;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds source files on this machine from the paths DWARF records: the path itself when absolute,
 * else relative to the module's folder (the compilation directory is part of the recorded path),
 * then under each source folder the user added, trying the path and each shorter tail of it
 * ({@code a/b/c.c}, {@code b/c.c}, {@code c.c}). An absolute path that is not on this machine (a
 * module built elsewhere, whose compilation directory was absolute) is last tried the same way under
 * the module's folder: a module moved together with its sources finds them by their path below the
 * compilation directory.
 */
public final class SourceLocator {
    private final Path moduleDir;
    private final List<Path> sourceDirs;

    public SourceLocator(Path moduleDir, List<Path> sourceDirs) {
        this.moduleDir = moduleDir;
        this.sourceDirs = List.copyOf(sourceDirs);
    }

    /** The file on disk, or null if it is not found. */
    public Path find(SourceFile file) {
        return file == null ? null : find(file.path());
    }

    public Path find(String dwarfPath) {
        try {
            Path p = Path.of(dwarfPath);
            if (p.isAbsolute() && Files.isRegularFile(p)) return p.normalize();
            if (!p.isAbsolute() && moduleDir != null) {
                Path r = moduleDir.resolve(p).normalize();
                if (Files.isRegularFile(r)) return r;
            }
            String[] parts = SourceModel.components(dwarfPath);
            for (Path dir : sourceDirs) {
                Path r = underByTail(dir, parts);
                if (r != null) return r;
            }
            if (p.isAbsolute() && moduleDir != null) return underByTail(moduleDir, parts);
        } catch (InvalidPathException e) {
            return null;
        }
        return null;
    }

    /** The file {@code dir/<parts>}, else under {@code dir} by each shorter tail of {@code parts}, or null. */
    private static Path underByTail(Path dir, String[] parts) {
        for (int from = 0; from < parts.length; from++) {
            Path r = dir.resolve(String.join("/", List.of(parts).subList(from, parts.length))).normalize();
            if (Files.isRegularFile(r)) return r;
        }
        return null;
    }

    /** Where {@link #find} looks for a path, for "not found" messages. */
    public List<Path> candidates(String dwarfPath) {
        List<Path> out = new ArrayList<>();
        try {
            Path p = Path.of(dwarfPath);
            if (p.isAbsolute()) out.add(p);
            else if (moduleDir != null) out.add(moduleDir.resolve(p).normalize());
            for (Path dir : sourceDirs) out.add(dir.resolve(p.isAbsolute() ? p.getFileName() : p).normalize());
            if (p.isAbsolute() && moduleDir != null && p.getFileName() != null) out.add(moduleDir.resolve(p.getFileName()).normalize());
        } catch (InvalidPathException e) {
            // an unusable path has nowhere to look
        }
        return out;
    }
}
