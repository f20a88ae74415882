package io.backstep.app.cli;

import io.backstep.recorder.journal.JournalStore;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code backstep clean}: lists and removes the journals that killed runs left in the journal store. */
final class CleanCommand implements CliCommand {
    private static final Option DRY_RUN = Option.flag("--dry-run", "only list what would be removed").alias("-n");

    /** In a class of its own: the time zone data it reads (some 10 ms) is for this command only, not for every command. */
    private static final class Format {
        static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    }

    private final PrintStream out;

    CleanCommand(PrintStream out) {
        this.out = out;
    }

    @Override public String name() { return "clean"; }
    @Override public String summary() { return "Remove the journals that killed runs left behind"; }
    @Override public List<Option> options() { return List.of(DRY_RUN); }

    @Override
    public String usage() {
        return """
            Usage: backstep clean [-n]

            Journals being written live in one folder (~/.cache/backstep/journals, or
            $XDG_CACHE_HOME/backstep/journals; BACKSTEP_JOURNALS moves it). A run that was killed
            (SIGKILL, power loss) leaves its journal there: a recording's can still be opened
            ('backstep info DIR', 'backstep open DIR') or saved ('backstep trim DIR -o FILE.bstrace').
            'clean' lists those leftovers and removes them; journals of running processes are
            never touched.
            """;
    }

    @Override
    public int execute(ParsedArgs a) {
        a.noPositionals(name());
        boolean dryRun = a.has(DRY_RUN);
        JournalStore store = JournalStore.standard();
        List<JournalStore.Leftover> leftovers = store.leftovers();
        if (leftovers.isEmpty()) {
            out.println("no leftover journals in " + store.root());
            return Cli.OK;
        }
        for (JournalStore.Leftover l : leftovers) {
            String what = l.purpose() == JournalStore.Purpose.RECORDING ? "recording" : "unpacked copy of a .bstrace";
            out.printf("%s %s: %s of process %d, last written %s%n", dryRun ? "would remove" : "removed", l.folder(), what, l.pid(),
                    Format.WHEN.format(l.modified()));
            if (!dryRun) store.remove(l);
        }
        return Cli.OK;
    }
}
