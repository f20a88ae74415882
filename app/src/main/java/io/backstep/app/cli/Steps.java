package io.backstep.app.cli;

/** Parses the numbers the recording commands take: steps and addresses, decimal or 0x-hexadecimal. */
final class Steps {
    private Steps() {
    }

    static long parse(String text, String what) {
        try {
            long v = text.startsWith("0x") || text.startsWith("0X") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new CliException(Cli.USAGE, what + ": '" + text + "' is not a non-negative number");
        }
    }
}
