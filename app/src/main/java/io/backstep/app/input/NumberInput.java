package io.backstep.app.input;

import io.backstep.recorder.timeline.MemoryRange;
import java.util.Locale;

/**
 * The one parser for the numbers a user types, in the window and on the command line: steps and
 * memory addresses. Both accept {@code 0x}-hexadecimal and decimal with {@code _} or {@code ,} as digit
 * separators; an address may also be bare hexadecimal ({@code fd0}) when it holds a letter, as memory
 * dumps print them. Errors are one line naming what was expected.
 */
public final class NumberInput {
    private NumberInput() {
    }

    /** A step number: decimal or 0x-hexadecimal, never negative. */
    public static long step(String text) {
        return parse(text, false, "a step number");
    }

    /** A memory address: 0x-hexadecimal, decimal, or bare hexadecimal such as {@code fd0}. */
    public static long address(String text) {
        return parse(text, true, "an address");
    }

    /** A byte count (a length): decimal or 0x-hexadecimal, at least 1. */
    public static long length(String text) {
        long n = parse(text, false, "a length");
        if (n == 0) throw new InputException("'" + text.strip() + "' is not a length (at least 1 byte)");
        return n;
    }

    /**
     * A memory range typed as {@code ADDRESS} or {@code ADDRESS:LENGTH} (as {@code 0xfd0:4}); without a
     * length it is {@code defaultLength} bytes.
     */
    public static MemoryRange range(String text, int defaultLength) {
        String t = text == null ? "" : text.strip();
        int colon = t.indexOf(':');
        long address = address(colon < 0 ? t : t.substring(0, colon));
        long length = colon < 0 ? defaultLength : length(t.substring(colon + 1));
        if (length > Integer.MAX_VALUE) throw new InputException("'" + t + "' is too long a range");
        return new MemoryRange(address, (int) length);
    }

    private static long parse(String text, boolean bareHex, String what) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace("_", "").replace(",", "");
        try {
            if (t.matches("0x[0-9a-f]+")) return nonNegative(Long.parseUnsignedLong(t.substring(2), 16), text, what);
            if (t.matches("[0-9]+")) return nonNegative(Long.parseLong(t), text, what);
            if (bareHex && t.matches("[0-9a-f]+")) return nonNegative(Long.parseUnsignedLong(t, 16), text, what);
        } catch (NumberFormatException tooBig) {
            throw new InputException("'" + shown(text) + "' is too large for " + what);
        }
        throw new InputException("'" + shown(text) + "' is not " + what + (bareHex ? " (hex 0x… or decimal)" : " (decimal or 0x…)"));
    }

    private static long nonNegative(long v, String text, String what) {
        if (v < 0) throw new InputException("'" + shown(text) + "' is too large for " + what);
        return v;
    }

    private static String shown(String text) {
        return text == null ? "" : text.strip();
    }
}
