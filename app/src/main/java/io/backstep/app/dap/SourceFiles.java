package io.backstep.app.dap;

import io.backstep.app.cli.BundledSamples;
import io.backstep.engine.debuginfo.SourceFile;
import io.backstep.engine.source.SourceLocator;
import io.backstep.engine.source.SourceModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.lsp4j.debug.Source;

/**
 * The source files DWARF names, as the client knows them: a file found on this machine (through the
 * {@link SourceLocator}: the module's folder, the compilation directory, the launch's
 * {@code sourceFolders}) is a {@code path}; a bundled sample's file, shipped inside the application,
 * is served by {@code sourceReference}. Also tells which DWARF file a client's source is, for
 * breakpoints: the file whose found path is the client's path, or else the client's path itself (the
 * source model then matches it by the longest common path suffix).
 */
final class SourceFiles {
    /** Source references below this one are the WebAssembly text's. */
    private static final int FIRST_REFERENCE = WatLocations.REFERENCE + 1;

    private final SourceModel model;
    private final SourceLocator locator;
    private final boolean bundledSample;
    private final Consumer<String> notices;
    private final Map<String, Source> byDwarfPath = new HashMap<>();
    private final Map<Integer, String> dwarfPathByReference = new HashMap<>();
    private final Map<Integer, String> textByReference = new HashMap<>();
    private final Set<String> reported = new HashSet<>();

    /**
     * {@code bundledSample}: the program is a sample shipped inside the application, whose sources are too; {@code notices} gets one line for each source that is not found.
     */
    SourceFiles(SourceModel model, SourceLocator locator, boolean bundledSample, Consumer<String> notices) {
        this.model = model;
        this.locator = locator;
        this.bundledSample = bundledSample;
        this.notices = notices;
    }

    /**
     * The client's source for a DWARF file, or null when it is nowhere to be found; then, if
     * {@code sayWhere}, a notice (once per file) says where it was looked for.
     */
    Source sourceOf(SourceFile file, boolean sayWhere) {
        if (file == null) return null;
        String dwarfPath = file.path();
        Source s = byDwarfPath.containsKey(dwarfPath) ? byDwarfPath.get(dwarfPath) : find(file);
        if (s == null && sayWhere && reported.add(dwarfPath)) {
            notices.accept("source " + dwarfPath + " not found (looked at " + String.join(", ", locator.candidates(dwarfPath).stream().map(Path::toString).toList())
                    + "); its frames show the WebAssembly text. Add its folder to \"sourceFolders\" in the launch configuration.");
        }
        return s;
    }

    private Source find(SourceFile file) {
        String dwarfPath = file.path();
        Source s = null;
        Path found = locator.find(dwarfPath);
        if (found != null) {
            s = new Source();
            s.setName(found.getFileName().toString());
            s.setPath(found.toString());
        } else {
            String text = bundledSample ? BundledSamples.source(dwarfPath) : null;
            if (text != null) {
                int reference = FIRST_REFERENCE + textByReference.size();
                textByReference.put(reference, text);
                dwarfPathByReference.put(reference, dwarfPath);
                s = new Source();
                s.setName(file.name().contains("/") ? file.name().substring(file.name().lastIndexOf('/') + 1) : file.name());
                s.setSourceReference(reference);
                s.setOrigin("bundled sample");
            }
        }
        byDwarfPath.put(dwarfPath, s);
        return s;
    }

    /**
     * The file name a breakpoint in {@code source} is for, as {@link SourceModel#lineBreakpoint} takes it:
     * the DWARF path of the file served by its reference or found at its path, else its own path or name.
     */
    String dwarfPathOf(Source source) {
        Integer ref = source.getSourceReference();
        if (ref != null && ref > 0) {
            String p = dwarfPathByReference.get(ref);
            if (p == null) throw new DapException("no source with reference " + ref + " in this session");
            return p;
        }
        String path = source.getPath();
        if (path == null || path.isBlank()) {
            if (source.getName() == null || source.getName().isBlank()) throw new DapException("the breakpoint's source has neither a path nor a name");
            return source.getName();
        }
        Path wanted = normal(path);
        if (wanted != null) {
            for (SourceFile f : model.sourceFiles()) {
                Source s = sourceOf(f, false);
                if (s != null && s.getPath() != null && wanted.equals(normal(s.getPath()))) return f.path();
            }
        }
        return path;
    }

    /** Lines of the client's source as it is on disk or bundled, or -1 when it cannot be read here. */
    int lineCount(Source source) {
        String text = source.getSourceReference() != null ? textByReference.get(source.getSourceReference()) : null;
        if (text == null && source.getPath() != null) {
            try {
                Path p = Path.of(source.getPath());
                if (Files.isRegularFile(p)) text = Files.readString(p, StandardCharsets.ISO_8859_1);
            } catch (InvalidPathException | IOException e) {
                return -1;
            }
        }
        if (text == null) return -1;
        return (int) text.lines().count();
    }

    /** The text of a bundled source by reference, or null. */
    String content(int reference) {
        return textByReference.get(reference);
    }

    /** A path made absolute, normal and (when it exists) real, so two spellings of one file compare equal. */
    private static Path normal(String path) {
        try {
            Path p = Path.of(path).toAbsolutePath().normalize();
            return Files.exists(p) ? p.toRealPath() : p;
        } catch (InvalidPathException | IOException e) {
            return null;
        }
    }
}
