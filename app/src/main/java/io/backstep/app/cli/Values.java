package io.backstep.app.cli;

import io.backstep.engine.model.ValType;
import java.util.List;

/** Parses and prints Wasm values in their command-line text form. */
final class Values {
    private Values() {
    }

    /** Parses {@code text} as a value of type {@code t}, appending its slots. */
    static void parse(ValType t, String text, List<Long> slots) {
        try {
            switch (t) {
                case I32 -> slots.add((long) (text.startsWith("-") ? Integer.parseInt(text) : Integer.parseUnsignedInt(text)));
                case I64 -> slots.add(text.startsWith("-") ? Long.parseLong(text) : Long.parseUnsignedLong(text));
                case F32 -> slots.add(Float.floatToRawIntBits(Float.parseFloat(text)) & 0xFFFFFFFFL);
                case F64 -> slots.add(Double.doubleToRawLongBits(Double.parseDouble(text)));
                default -> throw new CliException(Cli.USAGE, "cannot pass a " + t + " on the command line");
            }
        } catch (NumberFormatException e) {
            throw new CliException(Cli.USAGE, "'" + text + "' is not a valid " + t);
        }
    }

    static String format(ValType t, long[] slots, int i) {
        long v = slots[i];
        return switch (t) {
            case I32 -> Integer.toString((int) v);
            case I64 -> Long.toString(v);
            case F32 -> Float.toString(Float.intBitsToFloat((int) v));
            case F64 -> Double.toString(Double.longBitsToDouble(v));
            case V128 -> String.format("0x%016x%016x", slots[i + 1], v);
            case FUNCREF, EXTERNREF -> v == 0 ? "null" : t + ":" + (v - 1);
        };
    }
}
