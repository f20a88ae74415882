package io.backstep.app.cli;

import java.util.List;

/**
 * A subcommand of {@code backstep}: its name, what it does in one line, its options (declared once,
 * see {@link Option}) and what it does with the parsed words. {@link Commands} lists them all.
 */
interface CliCommand {
    String name();

    /** One line for {@code backstep --help}. */
    String summary();

    /** The help before the options block: the usage line(s) and what the command does. */
    String usage();

    List<Option> options();

    /** Help after the options block, or "". */
    default String notes() {
        return "";
    }

    /** How the words are read: by default options may come anywhere. */
    default OptionParser parser() {
        return OptionParser.of(options());
    }

    /** Runs the command; the exit status, or a {@link CliException}. */
    int execute(ParsedArgs args);

    /** The whole {@code --help} text. */
    default String help() {
        return usage().stripTrailing() + "\n\n" + parser().help() + (notes().isEmpty() ? "" : "\n" + notes().stripTrailing() + "\n");
    }
}
