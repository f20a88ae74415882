package io.backstep.app.cli;

/**
 * One option a command accepts, declared once: its parsing, its error messages and its line in the
 * command's help all come from here. {@code valueName} is the placeholder of its value in the help
 * ({@code null} for a flag); a repeatable option keeps every value given.
 */
record Option(String name, String shortName, String valueName, String help, boolean repeatable) {

    /** A flag such as {@code --json}. */
    static Option flag(String name, String help) {
        return new Option(name, null, null, help, false);
    }

    /** An option with a value, as {@code --at STEP} or {@code --at=STEP}. */
    static Option value(String name, String valueName, String help) {
        return new Option(name, null, valueName, help, false);
    }

    /** The same option, also accepted as {@code shortName} (as {@code -o}). */
    Option alias(String shortName) {
        return new Option(name, shortName, valueName, help, repeatable);
    }

    /** The same option, which may be given more than once. */
    Option many() {
        return new Option(name, shortName, valueName, help, true);
    }

    boolean takesValue() {
        return valueName != null;
    }

    /** How the help shows it: {@code -o, --output OUT}. */
    String label() {
        return (shortName == null ? "" : shortName + ", ") + name + (valueName == null ? "" : " " + valueName);
    }

    /** Whether a command-line word names this option (as {@code --name}, {@code --name=value} or the short name). */
    boolean names(String word) {
        if (word.equals(name) || word.equals(shortName)) return true;
        return takesValue() && word.startsWith(name + "=");
    }
}
