package io.backstep.engine.spec;

import io.backstep.engine.runtime.Refs;
import java.util.List;
import java.util.Map;

/**
 * One typed value of a wast2json command: an argument (concrete bits) or an expected result (concrete
 * bits, or a NaN class per scalar / per float lane, or "some non-null funcref"). Converts to and from
 * the engine's slot form (i32 sign-extended, f32 raw bits in the low 32 bits, v128 as two slots low
 * half first, references per {@link Refs}).
 */
public final class SpecValue {
    enum Kind {
        I32, I64, F32, F64, V128, FUNCREF, EXTERNREF;

        static Kind of(String json) {
            return switch (json) {
                case "i32" -> I32;
                case "i64" -> I64;
                case "f32" -> F32;
                case "f64" -> F64;
                case "v128" -> V128;
                case "funcref" -> FUNCREF;
                case "externref" -> EXTERNREF;
                default -> throw new IllegalArgumentException("unknown value type \"" + json + "\"");
            };
        }

        int slots() {
            return this == V128 ? 2 : 1;
        }
    }

    /** What an expected float (or float lane) must be: exactly the given bits, or a NaN of a class. */
    enum Nan {
        NONE, CANONICAL, ARITHMETIC
    }

    private static final int F32_CANONICAL = 0x7FC00000;
    private static final long F64_CANONICAL = 0x7FF8000000000000L;

    final Kind kind;
    /** v128 only: i8, i16, i32, i64, f32 or f64. */
    final String laneType;
    /** Exact bits in slot form (lanes that are NaN patterns contribute zero bits). */
    final long lo;
    final long hi;
    /** One entry for a scalar, one per lane for a v128. */
    final Nan[] nans;
    /** A funcref expected to be some non-null reference (which one cannot be named in the script). */
    final boolean anyNonNullRef;

    private SpecValue(Kind kind, String laneType, long lo, long hi, Nan[] nans, boolean anyNonNullRef) {
        this.kind = kind;
        this.laneType = laneType;
        this.lo = lo;
        this.hi = hi;
        this.nans = nans;
        this.anyNonNullRef = anyNonNullRef;
    }

    /** Parses {"type":..., "value":...} (and "lane_type" for v128). */
    static SpecValue fromJson(Map<String, Object> json) {
        Kind kind = Kind.of(string(json, "type"));
        Object value = json.get("value");
        if (value == null) throw new IllegalArgumentException("value of type " + kind + " has no \"value\"");
        switch (kind) {
            case I32 -> {
                return scalar(kind, parseInteger((String) value, 32) & 0xFFFFFFFFL, Nan.NONE, true);
            }
            case I64 -> {
                return scalar(kind, parseInteger((String) value, 64), Nan.NONE, false);
            }
            case F32, F64 -> {
                String s = (String) value;
                Nan nan = nanClass(s);
                long bits = nan == Nan.NONE ? parseInteger(s, kind == Kind.F32 ? 32 : 64) : 0;
                return scalar(kind, bits, nan, false);
            }
            case FUNCREF -> {
                String s = (String) value;
                if (s.equals("null")) return new SpecValue(kind, null, Refs.NULL, 0, new Nan[] {Nan.NONE}, false);
                return new SpecValue(kind, null, 0, 0, new Nan[] {Nan.NONE}, true);
            }
            case EXTERNREF -> {
                String s = (String) value;
                long ref = s.equals("null") ? Refs.NULL : Refs.externRef(Long.parseUnsignedLong(s));
                return new SpecValue(kind, null, ref, 0, new Nan[] {Nan.NONE}, false);
            }
            case V128 -> {
                return v128(string(json, "lane_type"), (List<?>) value);
            }
            default -> throw new AssertionError(kind);
        }
    }

    private static SpecValue scalar(Kind kind, long bits, Nan nan, boolean signExtend32) {
        long slot = signExtend32 ? (long) (int) bits : bits;
        return new SpecValue(kind, null, slot, 0, new Nan[] {nan}, false);
    }

    /** Builds a v128 from lane strings (lane 0 first), as in the JSON. */
    static SpecValue v128(String laneType, List<?> lanes) {
        int width = laneBits(laneType);
        int count = 128 / width;
        if (lanes.size() != count) {
            throw new IllegalArgumentException("v128 " + laneType + " needs " + count + " lanes, got " + lanes.size());
        }
        boolean isFloat = laneType.startsWith("f");
        long lo = 0, hi = 0;
        Nan[] nans = new Nan[count];
        for (int i = 0; i < count; i++) {
            String s = (String) lanes.get(i);
            Nan nan = nanClass(s);
            if (nan != Nan.NONE && !isFloat) throw new IllegalArgumentException("NaN pattern in integer lane: " + s);
            nans[i] = nan;
            long bits = nan == Nan.NONE ? parseInteger(s, width) : 0;
            int bitOffset = i * width;
            if (width < 64) bits &= (1L << width) - 1;
            if (bitOffset < 64) {
                lo |= bits << bitOffset;
            } else {
                hi |= bits << (bitOffset - 64);
            }
        }
        return new SpecValue(Kind.V128, laneType, lo, hi, nans, false);
    }

    static int laneBits(String laneType) {
        return switch (laneType) {
            case "i8" -> 8;
            case "i16" -> 16;
            case "i32", "f32" -> 32;
            case "i64", "f64" -> 64;
            default -> throw new IllegalArgumentException("unknown lane type \"" + laneType + "\"");
        };
    }

    private static Nan nanClass(String s) {
        return switch (s) {
            case "nan:canonical" -> Nan.CANONICAL;
            case "nan:arithmetic" -> Nan.ARITHMETIC;
            default -> Nan.NONE;
        };
    }

    /** An integer bit pattern of {@code width} bits written unsigned (as wast2json does) or, tolerated, signed. */
    static long parseInteger(String s, int width) {
        long v;
        try {
            v = s.startsWith("-") ? Long.parseLong(s) : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer: \"" + s + "\"");
        }
        if (width < 64 && !s.startsWith("-") && (v >>> width) != 0) {
            throw new IllegalArgumentException(s + " does not fit in " + width + " bits");
        }
        if (width < 64 && s.startsWith("-") && v < -(1L << (width - 1))) {
            throw new IllegalArgumentException(s + " does not fit in " + width + " bits");
        }
        return v;
    }

    private static String string(Map<String, Object> json, String key) {
        Object v = json.get(key);
        if (!(v instanceof String s)) throw new IllegalArgumentException("missing string \"" + key + "\" in " + json);
        return s;
    }

    int slots() {
        return kind.slots();
    }

    boolean isPattern() {
        if (anyNonNullRef) return true;
        for (Nan n : nans) {
            if (n != Nan.NONE) return true;
        }
        return false;
    }

    /** Writes this value as an argument at {@code out[at..]}. */
    void writeSlots(long[] out, int at) {
        if (isPattern()) throw new IllegalStateException("a pattern cannot be passed as an argument: " + describe());
        out[at] = lo;
        if (kind == Kind.V128) out[at + 1] = hi;
    }

    /** Whether the slots at {@code actual[at..]} satisfy this expected value. */
    boolean matches(long[] actual, int at) {
        switch (kind) {
            case I32:
                return (int) actual[at] == (int) lo;
            case I64:
                return actual[at] == lo;
            case F32:
                return floatMatches((int) actual[at], (int) lo, nans[0]);
            case F64:
                return doubleMatches(actual[at], lo, nans[0]);
            case FUNCREF:
                return anyNonNullRef ? actual[at] != Refs.NULL : actual[at] == lo;
            case EXTERNREF:
                return actual[at] == lo;
            case V128: {
                long aLo = actual[at], aHi = actual[at + 1];
                if (!laneType.startsWith("f")) return aLo == lo && aHi == hi;
                int width = laneBits(laneType);
                for (int i = 0; i < nans.length; i++) {
                    long a = lane(aLo, aHi, i, width), e = lane(lo, hi, i, width);
                    boolean ok = width == 32 ? floatMatches((int) a, (int) e, nans[i]) : doubleMatches(a, e, nans[i]);
                    if (!ok) return false;
                }
                return true;
            }
            default:
                throw new AssertionError(kind);
        }
    }

    static boolean floatMatches(int actual, int expected, Nan nan) {
        return switch (nan) {
            case NONE -> actual == expected;
            // Canonical: only the quiet bit set in the payload, either sign.
            case CANONICAL -> (actual & 0x7FFFFFFF) == F32_CANONICAL;
            // Arithmetic: any NaN with the quiet bit set.
            case ARITHMETIC -> (actual & F32_CANONICAL) == F32_CANONICAL;
        };
    }

    static boolean doubleMatches(long actual, long expected, Nan nan) {
        return switch (nan) {
            case NONE -> actual == expected;
            case CANONICAL -> (actual & Long.MAX_VALUE) == F64_CANONICAL;
            case ARITHMETIC -> (actual & F64_CANONICAL) == F64_CANONICAL;
        };
    }

    static long lane(long lo, long hi, int index, int width) {
        int bitOffset = index * width;
        long word = bitOffset < 64 ? lo : hi;
        long v = word >>> (bitOffset & 63);
        return width == 64 ? v : v & ((1L << width) - 1);
    }

    // ---- formatting ------------------------------------------------------------------------------

    /** Compact form for test names, e.g. {@code 1}, {@code -0.5}, {@code i32x4:1 2 3 4}, {@code ref.null func}. */
    String shortText() {
        return switch (kind) {
            case I32 -> Integer.toString((int) lo);
            case I64 -> Long.toString(lo);
            case F32 -> nans[0] != Nan.NONE ? nanName(nans[0]) : floatText((int) lo);
            case F64 -> nans[0] != Nan.NONE ? nanName(nans[0]) : doubleText(lo);
            case V128 -> laneType + "x" + nans.length + ":" + lanesText(lo, hi, laneType, nans);
            case FUNCREF -> anyNonNullRef ? "ref.func" : refText(kind, lo);
            case EXTERNREF -> refText(kind, lo);
        };
    }

    /** Expected value with its type, for failure messages. */
    String describe() {
        return switch (kind) {
            case I32, I64, F32, F64 -> nans[0] != Nan.NONE
                    ? typeName(kind) + ":" + nanName(nans[0])
                    : formatSlots(kind, laneType, new long[] {lo, hi}, 0);
            case V128 -> isPattern()
                    ? "v128:" + laneType + "x" + nans.length + "[" + lanesText(lo, hi, laneType, nans) + "]"
                    : formatSlots(kind, laneType, new long[] {lo, hi}, 0);
            case FUNCREF -> anyNonNullRef ? "funcref:<any non-null>" : formatSlots(kind, null, new long[] {lo}, 0);
            case EXTERNREF -> formatSlots(kind, null, new long[] {lo}, 0);
        };
    }

    /** Formats the slots at {@code slots[at..]} as a value of this value's type (and lane shape). */
    String describeActual(long[] slots, int at) {
        return formatSlots(kind, laneType, slots, at);
    }

    /** Full description of a value in slot form: decimal and hex for numbers, lanes plus hex for v128. */
    static String formatSlots(Kind kind, String laneType, long[] slots, int at) {
        long v = slots[at];
        return switch (kind) {
            case I32 -> "i32:" + (int) v + " (0x" + Integer.toHexString((int) v) + ")";
            case I64 -> "i64:" + v + " (0x" + Long.toHexString(v) + ")";
            case F32 -> "f32:" + floatText((int) v) + " (0x" + Integer.toHexString((int) v) + ")";
            case F64 -> "f64:" + doubleText(v) + " (0x" + Long.toHexString(v) + ")";
            case V128 -> {
                long hiBits = slots[at + 1];
                String lt = laneType == null ? "i32" : laneType;
                int count = 128 / laneBits(lt);
                yield "v128:" + lt + "x" + count + "[" + lanesText(v, hiBits, lt, null) + "] (0x"
                        + String.format("%016x%016x", hiBits, v) + ")";
            }
            case FUNCREF, EXTERNREF -> refText(kind, v);
        };
    }

    private static String lanesText(long lo, long hi, String laneType, Nan[] nans) {
        int width = laneBits(laneType);
        int count = 128 / width;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) b.append(' ');
            if (nans != null && nans[i] != Nan.NONE) {
                b.append(nanName(nans[i]));
                continue;
            }
            long bits = lane(lo, hi, i, width);
            switch (laneType) {
                case "i8" -> b.append((byte) bits);
                case "i16" -> b.append((short) bits);
                case "i32" -> b.append((int) bits);
                case "i64" -> b.append(bits);
                case "f32" -> b.append(floatText((int) bits));
                case "f64" -> b.append(doubleText(bits));
                default -> throw new AssertionError(laneType);
            }
        }
        return b.toString();
    }

    private static String refText(Kind kind, long ref) {
        if (ref == Refs.NULL) return kind == Kind.FUNCREF ? "ref.null func" : "ref.null extern";
        return kind == Kind.FUNCREF
                ? "ref.func(address " + Refs.functionAddress(ref) + ")"
                : "ref.extern " + Refs.externValue(ref);
    }

    static String floatText(int bits) {
        float f = Float.intBitsToFloat(bits);
        if (Float.isNaN(f)) {
            return (bits < 0 ? "-" : "") + "nan:0x" + Integer.toHexString(bits & 0x7FFFFF);
        }
        if (Float.isInfinite(f)) return f > 0 ? "inf" : "-inf";
        return Float.toString(f);
    }

    static String doubleText(long bits) {
        double d = Double.longBitsToDouble(bits);
        if (Double.isNaN(d)) {
            return (bits < 0 ? "-" : "") + "nan:0x" + Long.toHexString(bits & 0xFFFFFFFFFFFFFL);
        }
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        return Double.toString(d);
    }

    private static String nanName(Nan nan) {
        return nan == Nan.CANONICAL ? "nan:canonical" : "nan:arithmetic";
    }

    static String typeName(Kind kind) {
        return kind.name().toLowerCase();
    }

    @Override
    public String toString() {
        return describe();
    }
}
