package io.backstep.engine.source;

import io.backstep.engine.debuginfo.DebugInfoException;
import io.backstep.engine.debuginfo.FrameAccess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of a variables tree: a name, a C type, the value as C shows it, and (for structs, unions,
 * arrays and pointers to complete types) children built when asked for. Pointer targets are read from
 * memory of the same stop, so a node is only valid while its {@link FrameAccess} is. Types are read
 * from DWARF as the node needs them: where that DWARF is malformed, the text says
 * "&lt;debug info unreadable: ...&gt;" instead of a value.
 */
public final class ValueNode {
    /** Children shown for one array (the rest are summarised in a last node). */
    public static final int MAX_ELEMENTS = 1000;
    private static final int MAX_STRING = 200;
    private static final int SUMMARY_CHARS = 100;

    private final String name;
    private final CValue value;
    private final FrameAccess frame;

    public ValueNode(String name, CValue value, FrameAccess frame) {
        this.name = name;
        this.value = value;
        this.frame = frame;
    }

    public String name() { return name; }
    public String type() { return value.type().name(); }
    public CValue value() { return value; }

    /** The value as text: numbers, 'c' characters, enumerator names, "strings", {summaries}; "<optimized out>" when DWARF gives no location. */
    public String text() {
        try {
            return format(value, frame, 0);
        } catch (DebugInfoException e) {
            return "<debug info unreadable: " + e.getMessage() + ">";
        }
    }

    /** Whether {@link #children()} has any (false where the type's debug info cannot be read). */
    public boolean hasChildren() {
        try {
            return hasChildrenUnguarded();
        } catch (DebugInfoException e) {
            return false;
        }
    }

    private boolean hasChildrenUnguarded() {
        if (!value.available()) return false;
        CType t = value.type();
        return switch (t.kind()) {
            case STRUCT, UNION -> !t.members().isEmpty();
            case ARRAY -> t.count() != 0;
            case POINTER -> pointeeShown(t) && pointer() != 0;
            default -> false;
        };
    }

    private static boolean pointeeShown(CType p) {
        CType t = p.target();
        return t.kind() != CType.Kind.VOID && t.kind() != CType.Kind.FUNCTION && t.size() > 0;
    }

    private long pointer() {
        byte[] b = value.bytes(frame);
        if (b == null) return 0;
        long v = 0;
        for (int i = Math.min(b.length, 4) - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xFF);
        return v;
    }

    /** Members, elements (at most {@link #MAX_ELEMENTS}), or the pointee as {@code *name}. */
    public List<ValueNode> children() {
        try {
            return childrenUnguarded();
        } catch (DebugInfoException e) {
            return List.of(new ValueNode("(error)", CValue.missing(CType.VOID, "debug info unreadable: " + e.getMessage()), frame));
        }
    }

    private List<ValueNode> childrenUnguarded() {
        List<ValueNode> out = new ArrayList<>();
        if (!hasChildren()) return out;
        CType t = value.type();
        switch (t.kind()) {
            case STRUCT, UNION -> {
                for (CType.Member m : t.members()) {
                    out.add(new ValueNode(m.name() == null ? "(anonymous)" : m.name(), CEvaluator.memberValue(value, m, frame), frame));
                }
            }
            case ARRAY -> {
                long n = t.count() < 0 ? 0 : Math.min(t.count(), MAX_ELEMENTS);
                for (long i = 0; i < n; i++) out.add(new ValueNode("[" + i + "]", CEvaluator.element(value, i, frame), frame));
                if (t.count() > MAX_ELEMENTS) {
                    out.add(new ValueNode("[" + MAX_ELEMENTS + "...]", CValue.missing(t.target(), (t.count() - MAX_ELEMENTS) + " more elements not shown"), frame));
                }
            }
            case POINTER -> out.add(new ValueNode("*" + name, CValue.inMemory(t.target(), pointer()), frame));
            default -> { }
        }
        return out;
    }

    static String format(CValue v, FrameAccess frame, int depth) {
        if (!v.available()) return "<" + v.missing() + ">";
        CType t = v.type();
        byte[] b = t.kind() == CType.Kind.ARRAY || t.kind() == CType.Kind.STRUCT || t.kind() == CType.Kind.UNION ? null : v.bytes(frame);
        switch (t.kind()) {
            case VOID, FUNCTION:
                return v.inMemory() ? String.format("0x%x", v.address()) : "void";
            case BOOL:
                if (b == null) return unreadable(v);
                return v.asLong(frame) == 0 ? "false" : "true";
            case INT: {
                if (b == null) return unreadable(v);
                long x = v.asLong(frame);
                String num = t.isSigned() || t.size() < 8 ? Long.toString(t.isSigned() ? x : x & mask(t.size())) : Long.toUnsignedString(x);
                if (t.isChar()) return num + " " + charLiteral((int) (x & 0xFF));
                return num;
            }
            case FLOAT: {
                if (b == null) return unreadable(v);
                return t.size() == 4 ? Float.toString(Float.intBitsToFloat((int) v.asLong(frame)))
                        : t.size() == 8 ? Double.toString(Double.longBitsToDouble(v.asLong(frame))) : hex(b);
            }
            case ENUM: {
                if (b == null) return unreadable(v);
                long x = v.asLong(frame);
                for (CType.Enumerator e : t.enumerators()) if (e.value() == x) return e.name();
                return "(" + t.name() + ") " + x;
            }
            case POINTER: {
                if (b == null) return unreadable(v);
                long p = v.asLong(frame) & 0xFFFFFFFFL;
                String s = String.format("0x%08x", p);
                if (p != 0 && t.target().isChar()) {
                    String str = cString(frame, p, MAX_STRING);
                    if (str != null) s += " " + str;
                }
                return s;
            }
            case ARRAY: {
                if (t.target().isChar() && t.count() > 0) {
                    CValue first = CEvaluator.element(v, 0, frame);
                    if (first.inMemory()) {
                        String str = cString(frame, first.address(), (int) Math.min(t.count(), MAX_STRING));
                        if (str != null) return str;
                    }
                }
                return summary(v, frame, depth, true);
            }
            case STRUCT, UNION:
                return summary(v, frame, depth, false);
            default:
                return "?";
        }
    }

    private static long mask(long size) {
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }

    private static String unreadable(CValue v) {
        return v.inMemory() ? String.format("<memory at 0x%x cannot be read>", v.address()) : "<unavailable>";
    }

    /** "{a = 1, b = 2, ...}" or "[1, 2, 3, ...]" within a few dozen characters. */
    private static String summary(CValue v, FrameAccess frame, int depth, boolean array) {
        if (depth > 1) return array ? "[...]" : "{...}";
        StringBuilder s = new StringBuilder(array ? "[" : "{");
        CType t = v.type();
        int n = array ? (int) Math.min(Math.max(t.count(), 0), 64) : t.members().size();
        for (int i = 0; i < n; i++) {
            if (s.length() > SUMMARY_CHARS) {
                s.append(", ...");
                break;
            }
            if (i > 0) s.append(", ");
            if (array) {
                s.append(format(CEvaluator.element(v, i, frame), frame, depth + 1));
            } else {
                CType.Member m = t.members().get(i);
                s.append(m.name() == null ? "" : m.name() + " = ").append(format(CEvaluator.memberValue(v, m, frame), frame, depth + 1));
            }
        }
        if (array && t.count() > n && !s.toString().endsWith("...")) s.append(", ...");
        return s.append(array ? "]" : "}").toString();
    }

    /** The NUL-terminated string at {@code address} (at most {@code max} bytes) as a C literal, or null if unreadable. */
    static String cString(FrameAccess frame, long address, int max) {
        StringBuilder s = new StringBuilder("\"");
        byte[] one = new byte[1];
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int i = 0;
        for (; i < max; i++) {
            if (!frame.readMemory(address + i, one)) {
                if (i == 0) return null;
                break;
            }
            if (one[0] == 0) break;
            bytes.write(one[0]);
        }
        String text = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) s.append(String.format("\\x%02x", (int) c));
                    else s.append(c);
                }
            }
        }
        s.append('"');
        if (i == max) s.append("...");
        return s.toString();
    }

    private static String charLiteral(int c) {
        return switch (c) {
            case 0 -> "'\\0'";
            case '\n' -> "'\\n'";
            case '\t' -> "'\\t'";
            case '\r' -> "'\\r'";
            case '\'' -> "'\\''";
            case '\\' -> "'\\\\'";
            default -> c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("'\\x%02x'", c);
        };
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder("0x");
        for (int i = b.length - 1; i >= 0; i--) s.append(String.format("%02x", b[i] & 0xFF));
        return s.toString();
    }

    @Override
    public String toString() {
        return name + ": " + type() + " = " + text();
    }
}
