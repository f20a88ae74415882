package io.backstep.app.ui;

import io.backstep.app.cli.BundledSamples;
import io.backstep.engine.source.SourceLocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of the module's source files: found on disk through {@link SourceLocator} (the module's
 * folder, which the DWARF paths are relative to, then the source folders the user added, then the
 * module folder's parent), and for a
 * bundled sample in the application itself. Texts are kept once read, until the folders change.
 */
final class SourceFiles {
    /** A file's text, or where it was looked for. */
    record Result(String text, Path path, List<Path> lookedAt) {
        boolean found() {
            return text != null;
        }
    }

    /** Bigger files are not shown (a source file this size is generated code). */
    static final long MAX_BYTES = 16L << 20;

    private final Session.Origin origin;
    private final List<Path> folders;
    private final SourceLocator locator;
    private final Map<String, Result> cache = new HashMap<>();

    SourceFiles(Session.Origin origin, List<Path> folders) {
        this.origin = origin;
        this.folders = List.copyOf(folders);
        this.locator = new SourceLocator(origin == null ? null : origin.moduleDir(), withParent(folders, origin));
    }

    /**
     * The user's folders, then the module folder's parent: a module built into bin/ or wasm/ beside
     * its sources names them relative to the project folder.
     */
    private static List<Path> withParent(List<Path> folders, Session.Origin origin) {
        List<Path> all = new ArrayList<>(folders);
        Path parent = origin == null || origin.moduleDir() == null ? null : origin.moduleDir().getParent();
        if (parent != null) all.add(parent);
        return all;
    }

    /** The same origin with another list of source folders. */
    SourceFiles withFolders(List<Path> newFolders) {
        return new SourceFiles(origin, newFolders);
    }

    Result read(String dwarfPath) {
        return cache.computeIfAbsent(dwarfPath, this::load);
    }

    private Result load(String dwarfPath) {
        Path p = locator.find(dwarfPath);
        if (p != null) {
            try {
                if (Files.size(p) <= MAX_BYTES) return new Result(Files.readString(p, StandardCharsets.UTF_8), p, List.of());
            } catch (IOException e) {
                // unreadable or not UTF-8 (MalformedInputException): then it is reported missing
            }
        }
        String bundled = bundled(dwarfPath);
        if (bundled != null) return new Result(bundled, null, List.of());
        List<Path> looked = new ArrayList<>(locator.candidates(dwarfPath));
        if (p != null && !looked.contains(p)) looked.add(p);
        return new Result(null, null, looked);
    }

    /** The source of a bundled sample, shipped inside the application beside its .wasm. */
    private String bundled(String dwarfPath) {
        return origin == null || origin.bundledSample() == null ? null : BundledSamples.source(dwarfPath);
    }

    List<Path> folders() {
        return folders;
    }
}
