package io.backstep.app.cli;

import java.util.ArrayList;
import java.util.List;

/** A cursor over command-line words, with the option conventions every subcommand shares. */
final class ArgList {
    private final List<String> words;
    private int next;

    ArgList(List<String> words) {
        this.words = words;
    }

    boolean hasNext() {
        return next < words.size();
    }

    String peek() {
        return words.get(next);
    }

    String take() {
        return words.get(next++);
    }

    /** The value of option {@code name} (the word after it, or after '=' in {@code --name=value}). */
    String value(String word, String name) {
        int eq = word.indexOf('=');
        if (eq >= 0) return word.substring(eq + 1);
        if (!hasNext()) throw new CliException(Cli.USAGE, "option " + name + " needs a value");
        return take();
    }

    /** Whether {@code word} is option {@code name}, given as "--name value" or "--name=value". */
    static boolean is(String word, String name) {
        return word.equals(name) || word.startsWith(name + "=");
    }

    List<String> rest() {
        List<String> r = new ArrayList<>(words.subList(next, words.size()));
        next = words.size();
        return r;
    }
}
