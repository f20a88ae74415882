package io.backstep.app.cli;

import io.backstep.app.input.InputException;
import io.backstep.app.input.NumberInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command line said, after {@link OptionParser}: each option's values and the positional
 * words. The typed getters turn a bad value into a usage error that names the option.
 */
final class ParsedArgs {
    /**
     * Each option's values, by its name (unique within a command). Not by the Option record itself:
     * a record's first hashCode builds its method handles, about 10 ms of every command's start.
     */
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positionals = new ArrayList<>();
    private boolean helpAsked;

    void add(Option o, String value) {
        values.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(value);
    }

    void addPositional(String word) {
        positionals.add(word);
    }

    void askHelp() {
        helpAsked = true;
    }

    boolean helpAsked() {
        return helpAsked;
    }

    boolean has(Option o) {
        return values.containsKey(o.name());
    }

    /** The value given (the last one, for an option given twice), or null. */
    String value(Option o) {
        List<String> v = values.get(o.name());
        return v == null ? null : v.get(v.size() - 1);
    }

    /** The value given, or a usage error saying it is missing. */
    String required(Option o) {
        String v = value(o);
        if (v == null) throw new CliException(Cli.USAGE, "missing " + o.label() + " (try --help)");
        return v;
    }

    /** Every value given, in order. */
    List<String> values(Option o) {
        return values.getOrDefault(o.name(), List.of());
    }

    /** A step or count (decimal or 0x…), or {@code absent} when the option was not given. */
    long step(Option o, long absent) {
        String v = value(o);
        if (v == null) return absent;
        try {
            return NumberInput.step(v);
        } catch (InputException e) {
            throw new CliException(Cli.USAGE, o.name() + ": " + e.getMessage());
        }
    }

    /** Every value of a repeatable directory option, each checked to be a directory, as absolute paths. */
    List<Path> directories(Option o) {
        List<Path> out = new ArrayList<>();
        for (String v : values(o)) {
            Path d = Path.of(v);
            if (!Files.isDirectory(d)) throw new CliException(Cli.USAGE, o.name() + " " + d + ": not a directory");
            out.add(d.toAbsolutePath());
        }
        return out;
    }

    List<String> positionals() {
        return positionals;
    }

    /** The one positional word a command takes, or a usage error naming what is missing or extra. */
    String single(String what, String command) {
        if (positionals.isEmpty()) throw new CliException(Cli.USAGE, "missing " + what + " (try --help)");
        if (positionals.size() > 1) {
            throw new CliException(Cli.USAGE, command + " takes one " + what + ", not also '" + positionals.get(1) + "'");
        }
        return positionals.get(0);
    }

    /** Refuses positional words for a command that takes none. */
    void noPositionals(String command) {
        if (!positionals.isEmpty()) {
            throw new CliException(Cli.USAGE, command + " does not take '" + positionals.get(0) + "' (try 'backstep " + command + " --help')");
        }
    }
}
