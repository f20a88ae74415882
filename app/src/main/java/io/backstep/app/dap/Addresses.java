package io.backstep.app.dap;

/**
 * Memory references and instruction addresses as they travel in DAP: hexadecimal byte offsets
 * ({@code 0x00000fd0}), into linear memory 0 for memory references and into the module for
 * instruction references. The only place that format is written and read.
 */
final class Addresses {
    private Addresses() {
    }

    static String format(long address) {
        return String.format("0x%08x", address);
    }

    /** Parses {@code 0x...} hexadecimal or a decimal number; {@code what} names the argument in the error. */
    static long parse(String text, String what) {
        if (text == null || text.isBlank()) throw new DapException(what + " is missing");
        String t = text.strip();
        try {
            long v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new DapException(what + " '" + t + "' is not an address (expected hexadecimal 0x... or a decimal number)");
        }
    }
}
