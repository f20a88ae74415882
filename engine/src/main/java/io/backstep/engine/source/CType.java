package io.backstep.engine.source;

import io.backstep.engine.debuginfo.DwarfType;
import io.backstep.engine.debuginfo.Dw;
import java.util.ArrayList;
import java.util.List;

/**
 * A C type as expressions and value displays use it: the shape of a {@link DwarfType} with typedefs
 * and qualifiers looked through (its {@link #name()} keeps the spelling the program used), plus the
 * types C expressions make that DWARF need not describe ({@code int} for arithmetic, {@code T *} for
 * {@code &x}, the rows of a multi-dimensional array). Sizes are wasm32's.
 */
public final class CType {
    public enum Kind { VOID, BOOL, INT, FLOAT, ENUM, POINTER, ARRAY, STRUCT, UNION, FUNCTION }

    /** An enumerator of an enum type. */
    public record Enumerator(String name, long value) { }

    /** A member of a struct or union; {@code bitSize} 0 unless it is a bit field (then {@code bitOffset} counts from the aggregate's start). */
    public record Member(String name, CType type, long byteOffset, int bitSize, long bitOffset) { }

    public static final CType VOID = new CType("void", Kind.VOID, -1, false, null);
    public static final CType INT = integer("int", 4, true);
    public static final CType UNSIGNED_INT = integer("unsigned int", 4, false);
    public static final CType LONG_LONG = integer("long long", 8, true);
    public static final CType UNSIGNED_LONG_LONG = integer("unsigned long long", 8, false);
    public static final CType DOUBLE = new CType("double", Kind.FLOAT, 8, true, null);
    public static final CType CHAR = charType("char", true);

    private final String name;
    private final Kind kind;
    private final long size;
    private final boolean signed;
    private final DwarfType dwarf;        // where the shape comes from, or null for made-up types
    private boolean isChar;
    private CType target;                 // pointee or array element
    private boolean targetKnown;
    private long count = -1;              // array elements, -1 unknown
    private List<Member> members;
    private List<Enumerator> enumerators;

    private CType(String name, Kind kind, long size, boolean signed, DwarfType dwarf) {
        this.name = name;
        this.kind = kind;
        this.size = size;
        this.signed = signed;
        this.dwarf = dwarf;
    }

    public static CType integer(String name, long size, boolean signed) {
        return new CType(name, Kind.INT, size, signed, null);
    }

    private static CType charType(String name, boolean signed) {
        CType t = integer(name, 1, signed);
        t.isChar = true;
        return t;
    }

    public static CType floating(String name, long size) {
        return new CType(name, Kind.FLOAT, size, true, null);
    }

    /** {@code T *}: pointers are 4 bytes in wasm32. */
    public static CType pointerTo(CType target) {
        String n = target.kind == Kind.ARRAY || target.kind == Kind.FUNCTION ? target.name + " (*)" : target.name + (target.name.endsWith("*") ? "*" : " *");
        CType t = new CType(n, Kind.POINTER, 4, false, null);
        t.target = target;
        t.targetKnown = true;
        return t;
    }

    /** The shape of a DWARF type (typedefs and qualifiers looked through, its name kept). */
    public static CType of(DwarfType type) {
        String name = type.name();
        DwarfType r = type.resolved();
        return switch (r.kind()) {
            case BASE -> {
                int enc = r.encoding();
                long size = r.byteSize();
                if (enc == Dw.ATE_boolean) yield new CType(name, Kind.BOOL, size, false, r);
                if (enc == Dw.ATE_float) yield new CType(name, Kind.FLOAT, size, true, r);
                CType t = new CType(name, Kind.INT, size, enc == Dw.ATE_signed || enc == Dw.ATE_signed_char, r);
                t.isChar = enc == Dw.ATE_signed_char || enc == Dw.ATE_unsigned_char || enc == Dw.ATE_UTF && size == 1;
                yield t;
            }
            case ENUM -> {
                DwarfType u = r.target().resolved();
                boolean signed = u.kind() != DwarfType.Kind.BASE || u.encoding() == Dw.ATE_signed || u.encoding() == Dw.ATE_signed_char;
                yield new CType(name, Kind.ENUM, r.byteSize(), signed, r);
            }
            case POINTER, REFERENCE, RVALUE_REFERENCE, POINTER_TO_MEMBER -> new CType(name, Kind.POINTER, r.byteSize(), false, r);
            case ARRAY -> array(name, r, 0);
            case STRUCT, CLASS -> new CType(name, Kind.STRUCT, r.byteSize(), false, r);
            case UNION -> new CType(name, Kind.UNION, r.byteSize(), false, r);
            case SUBROUTINE -> new CType(name, Kind.FUNCTION, -1, false, r);
            default -> new CType(name, Kind.VOID, -1, false, r);
        };
    }

    /** The array type made of dimensions {@code from..} of DWARF array {@code a}. */
    private static CType array(String name, DwarfType a, int from) {
        List<DwarfType.Subrange> dims = a.dimensions();
        CType element = of(a.target());
        if (dims.isEmpty()) {
            CType t = new CType(element.name + "[]", Kind.ARRAY, -1, false, a);
            t.target = element;
            t.targetKnown = true;
            return t;
        }
        CType inner = element;
        StringBuilder suffix = new StringBuilder();
        for (int i = dims.size() - 1; i > from; i--) {
            suffix.insert(0, "[" + (dims.get(i).count() >= 0 ? Long.toString(dims.get(i).count()) : "") + "]");
            long c = dims.get(i).count();
            CType row = new CType(element.name + suffix, Kind.ARRAY, c < 0 || inner.size < 0 ? -1 : c * inner.size, false, a);
            row.target = inner;
            row.targetKnown = true;
            row.count = c;
            inner = row;
        }
        long c = dims.get(from).count();
        String n = from == 0 ? name : element.name + "[" + (c >= 0 ? Long.toString(c) : "") + "]" + suffix;
        CType t = new CType(n, Kind.ARRAY, c < 0 || inner.size < 0 ? -1 : c * inner.size, false, a);
        t.target = inner;
        t.targetKnown = true;
        t.count = c;
        return t;
    }

    public String name() { return name; }
    public Kind kind() { return kind; }
    /** Size in bytes, or -1 if unknown (void, incomplete, flexible arrays, functions). */
    public long size() { return size; }
    public boolean isSigned() { return signed; }
    /** A character type ({@code char}, {@code signed char}, {@code unsigned char}, 8-bit UTF). */
    public boolean isChar() { return isChar; }
    /** The DWARF type it was made from, or null. */
    public DwarfType dwarf() { return dwarf; }

    public boolean isInteger() { return kind == Kind.INT || kind == Kind.BOOL || kind == Kind.ENUM; }
    public boolean isScalar() { return isInteger() || kind == Kind.FLOAT || kind == Kind.POINTER; }
    public boolean isAggregate() { return kind == Kind.STRUCT || kind == Kind.UNION || kind == Kind.ARRAY; }

    /** Pointee of a pointer, element of an array; VOID otherwise. */
    public synchronized CType target() {
        if (!targetKnown) {
            target = kind == Kind.POINTER && dwarf != null ? of(dwarf.target()) : VOID;
            targetKnown = true;
        }
        return target == null ? VOID : target;
    }

    /** Number of elements of an array, -1 if unknown. */
    public long count() { return count; }

    /** Members of a struct or union, in declaration order; empty for other kinds. */
    public synchronized List<Member> members() {
        if (members == null) {
            List<Member> out = new ArrayList<>();
            if ((kind == Kind.STRUCT || kind == Kind.UNION) && dwarf != null) {
                for (DwarfType.Member m : dwarf.members()) {
                    out.add(new Member(m.name(), of(m.type()), m.byteOffset(), m.bitSize(), m.bitOffset()));
                }
            }
            members = List.copyOf(out);
        }
        return members;
    }

    /** The member named {@code name} (looking into anonymous members), or null. */
    public Member member(String memberName) {
        for (Member m : members()) {
            if (memberName.equals(m.name())) return m;
            if (m.name() == null && (m.type().kind == Kind.STRUCT || m.type().kind == Kind.UNION)) {
                Member inner = m.type().member(memberName);
                if (inner != null) return new Member(inner.name(), inner.type(), m.byteOffset() + inner.byteOffset(), inner.bitSize(),
                        m.byteOffset() * 8 + inner.bitOffset());
            }
        }
        return null;
    }

    /** Enumerators of an enum; empty for other kinds. */
    public synchronized List<Enumerator> enumerators() {
        if (enumerators == null) {
            List<Enumerator> out = new ArrayList<>();
            if (kind == Kind.ENUM && dwarf != null) for (DwarfType.Enumerator e : dwarf.enumerators()) out.add(new Enumerator(e.name(), e.value()));
            enumerators = List.copyOf(out);
        }
        return enumerators;
    }

    @Override
    public String toString() {
        return name;
    }
}
