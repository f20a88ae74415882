package io.backstep.engine.debuginfo;

import java.util.ArrayList;
import java.util.List;

/**
 * A type described by DWARF, built from its entry on first use (members, dimensions and the like are
 * read when asked for, so self-referential types cost nothing). {@link #name()} is the C spelling
 * ({@code const char *}, {@code int[3][4]}, {@code int (*)(int, char *)}).
 */
public final class DwarfType {
    /** Deepest chain of type references followed before the type is reported as malformed. */
    static final int MAX_CHAIN = 64;

    public enum Kind {
        VOID, BASE, POINTER, REFERENCE, RVALUE_REFERENCE, CONST, VOLATILE, RESTRICT, ATOMIC, TYPEDEF,
        STRUCT, CLASS, UNION, ARRAY, ENUM, SUBROUTINE, UNSPECIFIED, POINTER_TO_MEMBER
    }

    /** A member of a struct, class or union. {@code bitSize} is 0 unless it is a bit field. */
    public record Member(String name, DwarfType type, long byteOffset, int bitSize, long bitOffset) {
        /** True for a bit field: then its value is {@code bitSize} bits at bit {@code bitOffset} from the start of the aggregate. */
        public boolean isBitField() { return bitSize > 0; }

        /**
         * This member's integer value read from the bytes of the whole aggregate (little-endian), sign-
         * extended if its type is signed; bit fields are extracted. For members of at most 8 bytes.
         */
        public long extract(byte[] aggregate) {
            DwarfType t = type.resolved();
            boolean signed = t.kind == Kind.BASE && (t.encoding() == Dw.ATE_signed || t.encoding() == Dw.ATE_signed_char);
            if (t.kind == Kind.ENUM) {
                DwarfType u = t.target().resolved();
                signed = u.kind != Kind.BASE || u.encoding() == Dw.ATE_signed || u.encoding() == Dw.ATE_signed_char;
            }
            int bits;
            long start;
            if (isBitField()) {
                bits = bitSize;
                start = bitOffset;
            } else {
                long size = type.byteSize();
                if (size < 1 || size > 8) throw new DebugInfoException("member " + name + " is not an integer of at most 8 bytes");
                bits = (int) size * 8;
                start = byteOffset * 8;
            }
            if (bits > 64 || start < 0 || start + bits > (long) aggregate.length * 8) {
                throw new DebugInfoException("member " + name + " lies outside the " + aggregate.length + "-byte aggregate");
            }
            long v = 0;
            for (int i = bits - 1; i >= 0; i--) {
                long bit = start + i;
                v = v << 1 | ((aggregate[(int) (bit >>> 3)] >>> (int) (bit & 7)) & 1);
            }
            if (signed && bits < 64) v = v << (64 - bits) >> (64 - bits);
            return v;
        }
    }

    /** One dimension of an array: {@code count} elements from {@code lowerBound}, or count -1 when unknown. */
    public record Subrange(long lowerBound, long count) { }

    public record Enumerator(String name, long value) { }

    public static final DwarfType VOID_TYPE = new DwarfType(null, Kind.VOID);

    private final Die die;
    private final Kind kind;
    private DwarfType target;
    private boolean targetResolved;
    private List<Member> members;
    private List<Subrange> dimensions;
    private List<Enumerator> enumerators;
    private List<DwarfType> parameters;

    private DwarfType(Die die, Kind kind) {
        this.die = die;
        this.kind = kind;
    }

    /** The type an entry describes; VOID for null. */
    public static DwarfType of(Die d) {
        if (d == null) return VOID_TYPE;
        return d.unit.owner.typeCache(d, () -> new DwarfType(d, kindOf(d)));
    }

    private static Kind kindOf(Die d) {
        return switch (d.tag()) {
            case Dw.TAG_base_type -> Kind.BASE;
            case Dw.TAG_pointer_type -> Kind.POINTER;
            case Dw.TAG_reference_type -> Kind.REFERENCE;
            case Dw.TAG_rvalue_reference_type -> Kind.RVALUE_REFERENCE;
            case Dw.TAG_const_type -> Kind.CONST;
            case Dw.TAG_volatile_type -> Kind.VOLATILE;
            case Dw.TAG_restrict_type -> Kind.RESTRICT;
            case Dw.TAG_atomic_type -> Kind.ATOMIC;
            case Dw.TAG_typedef -> Kind.TYPEDEF;
            case Dw.TAG_structure_type -> Kind.STRUCT;
            case Dw.TAG_class_type -> Kind.CLASS;
            case Dw.TAG_union_type -> Kind.UNION;
            case Dw.TAG_array_type -> Kind.ARRAY;
            case Dw.TAG_enumeration_type -> Kind.ENUM;
            case Dw.TAG_subroutine_type -> Kind.SUBROUTINE;
            case Dw.TAG_unspecified_type -> Kind.UNSPECIFIED;
            case Dw.TAG_ptr_to_member_type -> Kind.POINTER_TO_MEMBER;
            default -> throw DebugInfoException.at(".debug_info", d.offset, Dw.tagName(d.tag()) + " is not a type");
        };
    }

    public Kind kind() { return kind; }
    /** The entry, or null for void. */
    public Die die() { return die; }

    /** The declared name (base, typedef, struct, enum names), or null. */
    public String declaredName() {
        return die == null ? "void" : die.string(Dw.AT_name);
    }

    /** Base type encoding (Dw.ATE_*), or 0. */
    public int encoding() {
        return die == null ? 0 : (int) die.unsigned(Dw.AT_encoding, 0);
    }

    /**
     * What this type refers to: pointee, qualified type, typedef's type, array element, enum's underlying
     * type, function's return type; VOID if none.
     */
    public synchronized DwarfType target() {
        if (!targetResolved) {
            target = die == null ? VOID_TYPE : of(die.reference(Dw.AT_type));
            targetResolved = true;
        }
        return target;
    }

    /** This type without typedefs and cv-qualifiers. */
    public DwarfType resolved() {
        DwarfType t = this;
        for (int i = 0; i < MAX_CHAIN; i++) {
            switch (t.kind) {
                case TYPEDEF, CONST, VOLATILE, RESTRICT, ATOMIC -> t = t.target();
                default -> { return t; }
            }
        }
        throw chainTooLong();
    }

    private DebugInfoException chainTooLong() {
        return DebugInfoException.at(".debug_info", die == null ? 0 : die.offset, "type chain too long (cycle?)");
    }

    /** Size in bytes, or -1 if unknown (void, incomplete types, flexible arrays). */
    public long byteSize() {
        return byteSize(0);
    }

    private long byteSize(int depth) {
        if (depth > MAX_CHAIN) throw chainTooLong();
        if (die == null) return -1;
        if (die.has(Dw.AT_byte_size) && die.isConstant(Dw.AT_byte_size)) return die.unsigned(Dw.AT_byte_size, -1);
        return switch (kind) {
            case POINTER, REFERENCE, RVALUE_REFERENCE, POINTER_TO_MEMBER -> die.unit.addressSize();
            case TYPEDEF, CONST, VOLATILE, RESTRICT, ATOMIC, ENUM -> target().byteSize(depth + 1);
            case ARRAY -> {
                long n = 1;
                for (Subrange s : dimensions()) {
                    if (s.count() < 0) yield -1;
                    n = Math.multiplyHigh(n, s.count()) != 0 ? Long.MAX_VALUE : n * s.count();
                }
                long e = target().byteSize(depth + 1);
                yield e < 0 ? -1 : (Math.multiplyHigh(n, e) != 0 ? -1 : n * e);
            }
            default -> -1;
        };
    }

    /** Members of a struct, class or union, in declaration order (empty for other kinds). */
    public synchronized List<Member> members() {
        if (members == null) {
            List<Member> out = new ArrayList<>();
            if (kind == Kind.STRUCT || kind == Kind.CLASS || kind == Kind.UNION) {
                for (Die m : die.children()) {
                    if (m.tag() != Dw.TAG_member || m.flag(Dw.AT_declaration)) continue; // static members are declarations
                    out.add(member(m));
                }
            }
            members = List.copyOf(out);
        }
        return members;
    }

    private static Member member(Die m) {
        DwarfType type = of(m.reference(Dw.AT_type));
        long byteOffset = 0;
        if (m.has(Dw.AT_data_member_location)) {
            if (m.isConstant(Dw.AT_data_member_location)) {
                byteOffset = m.unsigned(Dw.AT_data_member_location, 0);
            } else {
                byte[] e = m.block(Dw.AT_data_member_location);
                byteOffset = DwarfExpression.memberOffset(e, m);
            }
        }
        int bitSize = (int) m.unsigned(Dw.AT_bit_size, 0);
        long bitOffset = byteOffset * 8;
        if (m.has(Dw.AT_data_bit_offset)) {
            bitOffset = m.unsigned(Dw.AT_data_bit_offset, 0);
            byteOffset = bitOffset / 8;
        } else if (bitSize > 0 && m.has(Dw.AT_bit_offset)) {
            // DWARF 2/3 bit fields: bit_offset counts from the most significant bit of the storage unit.
            long storage = m.has(Dw.AT_byte_size) ? m.unsigned(Dw.AT_byte_size, 0) : type.byteSize();
            bitOffset = byteOffset * 8 + storage * 8 - m.signed(Dw.AT_bit_offset, 0) - bitSize;
        }
        return new Member(m.string(Dw.AT_name), type, byteOffset, bitSize, bitOffset);
    }

    /** The member named {@code name}, or null. */
    public Member member(String name) {
        for (Member m : members()) if (name.equals(m.name())) return m;
        return null;
    }

    /** Dimensions of an array, outermost first (empty for other kinds). */
    public synchronized List<Subrange> dimensions() {
        if (dimensions == null) {
            List<Subrange> out = new ArrayList<>();
            if (kind == Kind.ARRAY) {
                for (Die s : die.children()) {
                    if (s.tag() != Dw.TAG_subrange_type) continue;
                    long lower = s.isConstant(Dw.AT_lower_bound) ? s.signed(Dw.AT_lower_bound, 0) : 0;
                    long count = -1;
                    if (s.isConstant(Dw.AT_count)) {
                        count = s.unsigned(Dw.AT_count, -1);
                    } else if (s.isConstant(Dw.AT_upper_bound)) {
                        long upper = s.signed(Dw.AT_upper_bound, -1);
                        // An unsigned upper bound of all ones (or -1) marks a flexible array.
                        count = upper == -1 || upper == 0xFFFFFFFFL ? -1 : upper - lower + 1;
                    }
                    if (count < -1) count = -1;
                    out.add(new Subrange(lower, count));
                }
            }
            dimensions = List.copyOf(out);
        }
        return dimensions;
    }

    /** Enumerators of an enum (empty for other kinds). */
    public synchronized List<Enumerator> enumerators() {
        if (enumerators == null) {
            List<Enumerator> out = new ArrayList<>();
            if (kind == Kind.ENUM) {
                boolean unsigned = false;
                DwarfType base = target();
                if (base.kind == Kind.BASE) unsigned = base.encoding() == Dw.ATE_unsigned || base.encoding() == Dw.ATE_unsigned_char;
                for (Die e : die.children()) {
                    if (e.tag() != Dw.TAG_enumerator) continue;
                    long v = unsigned ? e.unsigned(Dw.AT_const_value, 0) : e.signed(Dw.AT_const_value, 0);
                    out.add(new Enumerator(e.string(Dw.AT_name), v));
                }
            }
            enumerators = List.copyOf(out);
        }
        return enumerators;
    }

    /** Parameter types of a subroutine type (empty for other kinds). */
    public synchronized List<DwarfType> parameters() {
        if (parameters == null) {
            List<DwarfType> out = new ArrayList<>();
            if (kind == Kind.SUBROUTINE) {
                for (Die p : die.children()) if (p.tag() == Dw.TAG_formal_parameter) out.add(of(p.reference(Dw.AT_type)));
            }
            parameters = List.copyOf(out);
        }
        return parameters;
    }

    /** True for a subroutine type with "..." (DW_TAG_unspecified_parameters). */
    public boolean isVariadic() {
        if (kind != Kind.SUBROUTINE) return false;
        for (Die p : die.children()) if (p.tag() == Dw.TAG_unspecified_parameters) return true;
        return false;
    }

    /** The C spelling of the type. */
    public String name() {
        String[] d = decl(0);
        if (kind == Kind.SUBROUTINE) return d[0] + " " + d[1];
        return (d[0] + d[1]).trim();
    }

    /** {prefix, suffix}: the declarator spelling around where a name would go. */
    private String[] decl(int depth) {
        if (depth > MAX_CHAIN) throw chainTooLong();
        switch (kind) {
            case VOID:
                return new String[]{"void", ""};
            case BASE: case TYPEDEF: case UNSPECIFIED:
                return new String[]{nameOr("(anonymous)"), ""};
            case STRUCT:
                return new String[]{nameOr("(anonymous struct)"), ""};
            case CLASS:
                return new String[]{nameOr("(anonymous class)"), ""};
            case UNION:
                return new String[]{nameOr("(anonymous union)"), ""};
            case ENUM:
                return new String[]{nameOr("(anonymous enum)"), ""};
            case POINTER: case REFERENCE: case RVALUE_REFERENCE: case POINTER_TO_MEMBER: {
                String sym = kind == Kind.REFERENCE ? "&" : kind == Kind.RVALUE_REFERENCE ? "&&" : "*";
                DwarfType t = target();
                String[] in = t.decl(depth + 1);
                if (t.kind == Kind.ARRAY || t.kind == Kind.SUBROUTINE) return new String[]{in[0] + " (" + sym, ")" + in[1]};
                return new String[]{in[0] + (in[0].endsWith("*") ? "" : " ") + sym, in[1]};
            }
            case CONST: case VOLATILE: case RESTRICT: case ATOMIC: {
                String q = switch (kind) {
                    case CONST -> "const";
                    case VOLATILE -> "volatile";
                    case RESTRICT -> "restrict";
                    default -> "_Atomic";
                };
                DwarfType t = target();
                String[] in = t.decl(depth + 1);
                if (t.kind == Kind.POINTER || t.kind == Kind.REFERENCE || t.kind == Kind.RVALUE_REFERENCE) {
                    return new String[]{in[0] + q, in[1]}; // "char *const", as C and llvm-dwarfdump write it
                }
                return new String[]{q + " " + in[0], in[1]};
            }
            case ARRAY: {
                String[] in = target().decl(depth + 1);
                StringBuilder dims = new StringBuilder();
                for (Subrange s : dimensions()) dims.append('[').append(s.count() >= 0 ? Long.toString(s.count()) : "").append(']');
                return new String[]{in[0], dims + in[1]};
            }
            case SUBROUTINE: {
                String[] ret = target().decl(depth + 1);
                StringBuilder ps = new StringBuilder("(");
                List<DwarfType> params = parameters();
                for (int i = 0; i < params.size(); i++) {
                    if (i > 0) ps.append(", ");
                    String[] pd = params.get(i).decl(depth + 1);
                    ps.append(pd[0]).append(pd[1]);
                }
                if (isVariadic()) ps.append(params.isEmpty() ? "..." : ", ...");
                ps.append(')');
                return new String[]{ret[0] + ret[1], ps.toString()};
            }
            default:
                return new String[]{"?", ""};
        }
    }

    private String nameOr(String dflt) {
        String n = die.string(Dw.AT_name);
        return n != null ? n : dflt;
    }

    @Override
    public String toString() {
        return name();
    }
}
