package io.backstep.app.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The one option parser of the command line. Options are {@code --name value}, {@code --name=value},
 * a short alias, or a flag; {@code -h}/{@code --help} is always understood; {@code --} ends the options.
 * For commands that run a program ({@link #optionsEndAtFile}), the first positional word (the program)
 * ends the options too, so the program's own arguments may look like options.
 */
final class OptionParser {
    static final Option HELP = Option.flag("--help", "show this help").alias("-h");

    private final List<Option> options;
    private final boolean optionsEndAtFile;

    private OptionParser(List<Option> options, boolean optionsEndAtFile) {
        this.options = options;
        this.optionsEndAtFile = optionsEndAtFile;
    }

    /** Options may appear anywhere among the positional words. */
    static OptionParser of(List<Option> options) {
        return new OptionParser(options, false);
    }

    /** Options come before the program file; every word from the file on is positional. */
    static OptionParser optionsEndAtFile(List<Option> options) {
        return new OptionParser(options, true);
    }

    ParsedArgs parse(List<String> words) {
        ParsedArgs parsed = new ParsedArgs();
        int i = 0;
        while (i < words.size()) {
            String w = words.get(i++);
            if (w.equals("--")) {
                words.subList(i, words.size()).forEach(parsed::addPositional);
                break;
            }
            if (!w.startsWith("-") || w.equals("-")) {
                parsed.addPositional(w);
                if (optionsEndAtFile) {
                    words.subList(i, words.size()).forEach(parsed::addPositional);
                    break;
                }
                continue;
            }
            if (HELP.names(w)) {
                parsed.askHelp();
                return parsed;
            }
            Option o = find(w);
            if (!o.takesValue()) {
                parsed.add(o, "");
                continue;
            }
            int eq = w.indexOf('=');
            String value;
            if (eq >= 0 && w.startsWith("--")) {
                value = w.substring(eq + 1);
            } else if (i < words.size()) {
                value = words.get(i++);
            } else {
                throw new CliException(Cli.USAGE, "option " + w + " needs a value (" + o.valueName() + ")");
            }
            if (!o.repeatable() && parsed.has(o)) throw new CliException(Cli.USAGE, "option " + o.name() + " is given twice");
            parsed.add(o, value);
        }
        return parsed;
    }

    private Option find(String word) {
        for (Option o : options) {
            if (o.names(word)) return o;
        }
        String bare = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        for (Option o : options) {
            if (!o.takesValue() && bare.equals(o.name())) throw new CliException(Cli.USAGE, "option " + o.name() + " takes no value");
        }
        throw new CliException(Cli.USAGE, "unknown option " + bare + " (try --help)");
    }

    /** The "Options:" block of the help, one aligned line per option (continuation lines indented). */
    String help() {
        List<Option> all = new ArrayList<>(options);
        all.add(HELP);
        int width = all.stream().mapToInt(o -> o.label().length()).max().orElse(0) + 3;
        StringBuilder b = new StringBuilder("Options:\n");
        for (Option o : all) {
            String[] lines = o.help().split("\n");
            b.append("  ").append(o.label()).append(" ".repeat(width - o.label().length())).append(lines[0]).append('\n');
            for (int k = 1; k < lines.length; k++) b.append(" ".repeat(width + 2)).append(lines[k]).append('\n');
        }
        return b.toString();
    }
}
