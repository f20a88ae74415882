package io.backstep.recorder.journal;

import io.backstep.engine.WasmException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where journals being written live: one known folder (by default {@code ~/.cache/backstep/journals},
 * or {@code $XDG_CACHE_HOME/backstep/journals}; {@code -Dbackstep.journals=DIR} or
 * {@code BACKSTEP_JOURNALS} to move it), one sub-folder per journal holding an {@code owner} file (the
 * process id and what the journal is for) and the journal itself in {@code journal/}. A folder whose
 * owner process is gone is a leftover of a killed run: a recording's leftover can be opened like any
 * recording and removed with {@code backstep clean}; an unpacked copy of a .bstrace file is only a
 * cache and is removed whenever a new journal is created.
 */
public final class JournalStore {
    /** What a journal folder holds, which decides what becomes of it when its owner is gone. */
    public enum Purpose {
        /** A recording being made ({@code backstep record}, the window): a leftover keeps the run. */
        RECORDING,
        /** A .bstrace file unpacked to be read: a leftover is a copy and may go. */
        UNPACKED;

        String word() {
            return name().toLowerCase();
        }
    }

    /** A journal folder whose owner process is no longer running. */
    public record Leftover(Path folder, Purpose purpose, long pid, Instant modified) {
    }

    static final String OWNER = "owner";
    static final String JOURNAL = "journal";
    private final Path root;

    public JournalStore(Path root) {
        this.root = root;
    }

    /** The store at its configured or default place. */
    public static JournalStore standard() {
        String configured = System.getProperty("backstep.journals", System.getenv("BACKSTEP_JOURNALS"));
        if (configured != null && !configured.isBlank()) return new JournalStore(Path.of(configured));
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return new JournalStore(base.resolve("backstep").resolve("journals"));
    }

    public Path root() {
        return root;
    }

    /**
     * A new folder owned by this process; the journal goes into the returned directory (which does
     * not exist yet). Remove the folder with {@link #release(Path)} when the journal is no longer needed.
     * Unpacked copies that killed processes left are removed first.
     */
    public Path create(Purpose purpose) {
        removeStaleCopies();
        try {
            Files.createDirectories(root);
            long pid = ProcessHandle.current().pid();
            Path folder = Files.createTempDirectory(root, purpose.word() + "-" + pid + "-");
            Files.writeString(folder.resolve(OWNER), pid + " " + purpose.word() + "\n", StandardCharsets.UTF_8);
            return folder.resolve(JOURNAL);
        } catch (IOException | RuntimeException e) {
            throw new JournalException("cannot create a journal under " + root + ": " + WasmException.describe(e), e);
        }
    }

    /** Removes the folder of a journal made by {@link #create} (best effort: a failure leaves a leftover that {@code clean} removes). */
    public void release(Path journal) {
        Path folder = journal.getParent();
        if (folder != null && Files.isRegularFile(folder.resolve(OWNER))) deleteTree(folder);
    }

    /** The journal directory a path names: a journal itself, or a store folder holding one. */
    public static Path journalIn(Path path) {
        Path inner = path.resolve(JOURNAL);
        return Files.isDirectory(inner) && Files.isRegularFile(path.resolve(OWNER)) ? inner : path;
    }

    /** Folders whose owner process has ended, oldest first. */
    public List<Leftover> leftovers() {
        List<Leftover> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> s = Files.list(root)) {
            for (Path folder : (Iterable<Path>) s::iterator) {
                Leftover l = leftover(folder);
                if (l != null) out.add(l);
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing(Leftover::modified));
        return out;
    }

    private static Leftover leftover(Path folder) {
        try {
            String[] owner = Files.readString(folder.resolve(OWNER), StandardCharsets.UTF_8).trim().split(" ");
            long pid = Long.parseLong(owner[0]);
            if (isRunning(pid)) return null;
            Purpose purpose = owner.length > 1 && owner[1].equals(Purpose.UNPACKED.word()) ? Purpose.UNPACKED : Purpose.RECORDING;
            return new Leftover(folder, purpose, pid, Files.getLastModifiedTime(folder).toInstant());
        } catch (IOException | RuntimeException notOurs) {
            return null; // not a folder of this store (or being created right now): leave it alone
        }
    }

    /** Whether process {@code pid} runs: the owner of a journal, or of any file named by its process id. */
    public static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Removes leftover unpacked copies (their .bstrace files still hold everything). */
    private void removeStaleCopies() {
        for (Leftover l : leftovers()) {
            if (l.purpose() == Purpose.UNPACKED) deleteTree(l.folder());
        }
    }

    /** Deletes a leftover folder. */
    public void remove(Leftover l) {
        deleteTree(l.folder());
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // best effort: what stays is listed as a leftover and can be removed later
        }
    }
}
