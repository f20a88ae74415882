package io.backstep.app.cli;

import io.backstep.app.input.InputException;
import io.backstep.app.input.NumberInput;

/** The command line's use of {@link NumberInput}: a bad number is a usage error naming the option. */
final class Steps {
    private Steps() {
    }

    /** A step or count option, e.g. {@code --at}. */
    static long parse(String text, String what) {
        try {
            return NumberInput.step(text);
        } catch (InputException e) {
            throw new CliException(Cli.USAGE, what + ": " + e.getMessage());
        }
    }

    /** A memory address option. */
    static long address(String text, String what) {
        try {
            return NumberInput.address(text);
        } catch (InputException e) {
            throw new CliException(Cli.USAGE, what + ": " + e.getMessage());
        }
    }
}
