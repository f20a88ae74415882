package io.backstep.engine.source;

import io.backstep.engine.debuginfo.FrameAccess;

/**
 * Evaluates a {@link CExpr} at one stop with C's rules for wasm32: integer promotions and the usual
 * arithmetic conversions (int, long and pointers are 4 bytes, long long 8), pointer arithmetic scaled
 * by the pointee's size, arrays decaying to pointers, comparisons and logical operators giving
 * {@code int} 0 or 1. The result keeps its type; an lvalue in memory keeps its address (so
 * {@code &}, watchpoints and "who wrote this" can use it). Errors are {@link CExprException}s naming
 * the construct.
 */
public final class CEvaluator {
    private final CEnv env;
    private final FrameAccess frame;

    private CEvaluator(CEnv env) {
        this.env = env;
        this.frame = env.frame();
    }

    public static CValue evaluate(CExpr e, CEnv env) {
        return new CEvaluator(env).eval(e);
    }

    /** Evaluates {@code e} as a condition: true unless it is zero (a null pointer is false). */
    public static boolean isTrue(CExpr e, CEnv env) {
        CEvaluator ev = new CEvaluator(env);
        return ev.truth(ev.eval(e), e);
    }

    private CValue eval(CExpr e) {
        if (e instanceof CExpr.Name n) {
            CValue v = env.lookup(n.name());
            if (v == null) throw new CExprException("no variable '" + n.name() + "' in scope here");
            return v;
        }
        if (e instanceof CExpr.Literal l) return CValue.ofLong(l.type(), l.value());
        if (e instanceof CExpr.Member m) return member(m);
        if (e instanceof CExpr.Index x) return index(x);
        if (e instanceof CExpr.Unary u) return unary(u);
        if (e instanceof CExpr.Binary b) return binary(b);
        if (e instanceof CExpr.Cast c) return cast(c);
        throw new CExprException("unsupported expression " + e);
    }

    private static CExprException error(CExpr at, String what) {
        return new CExprException(what + " (in '" + at + "')");
    }

    private static void requireValue(CValue v, CExpr at) {
        if (!v.available()) throw error(at, at + " is " + v.missing());
    }

    // ---- members, indexing, pointers ----

    private CValue member(CExpr.Member m) {
        CValue base = eval(m.base());
        requireValue(base, m.base());
        if (m.arrow()) {
            if (base.type().kind() != CType.Kind.POINTER && base.type().kind() != CType.Kind.ARRAY) {
                throw error(m, "'->' needs a pointer, but " + m.base() + " is a " + base.type().name());
            }
            base = deref(base, m.base());
        }
        CType t = base.type();
        if (t.kind() != CType.Kind.STRUCT && t.kind() != CType.Kind.UNION) {
            throw error(m, "'" + (m.arrow() ? "->" : ".") + "' needs a struct or union, but " + m.base() + " is a " + t.name()
                    + (t.kind() == CType.Kind.POINTER && !m.arrow() ? " (use '->')" : ""));
        }
        CType.Member f = t.member(m.member());
        if (f == null) throw error(m, t.name() + " has no member '" + m.member() + "'");
        return memberValue(base, f);
    }

    /** A member of an aggregate value (shared with the value tree). */
    static CValue memberValue(CValue aggregate, CType.Member f, FrameAccess frame) {
        if (f.bitSize() > 0) {
            byte[] all = aggregate.bytes(frame);
            if (all == null) return CValue.missing(f.type(), aggregate.missing() != null ? aggregate.missing() : "memory cannot be read");
            long bits = 0;
            for (int i = f.bitSize() - 1; i >= 0; i--) {
                long bit = f.bitOffset() + i;
                if ((bit >>> 3) >= all.length) return CValue.missing(f.type(), "bit field outside its struct");
                bits = bits << 1 | ((all[(int) (bit >>> 3)] >>> (int) (bit & 7)) & 1);
            }
            if (f.type().isSigned() && f.bitSize() < 64) bits = bits << (64 - f.bitSize()) >> (64 - f.bitSize());
            return CValue.ofLong(f.type(), bits);
        }
        if (aggregate.inMemory()) return CValue.inMemory(f.type(), aggregate.address() + f.byteOffset());
        byte[] all = aggregate.bytes(frame);
        if (all == null) return CValue.missing(f.type(), aggregate.missing());
        long size = f.type().size();
        if (size < 0 || f.byteOffset() + size > all.length) return CValue.missing(f.type(), "member outside its value");
        return CValue.ofBytes(f.type(), java.util.Arrays.copyOfRange(all, (int) f.byteOffset(), (int) (f.byteOffset() + size)), aggregate.storage());
    }

    private CValue memberValue(CValue aggregate, CType.Member f) {
        return memberValue(aggregate, f, frame);
    }

    /** Element {@code i} of an array value (shared with the value tree). */
    static CValue element(CValue array, long i, FrameAccess frame) {
        CType elem = array.type().target();
        long size = elem.size();
        if (size < 0) return CValue.missing(elem, "element size unknown");
        if (array.inMemory()) return CValue.inMemory(elem, array.address() + i * size);
        byte[] all = array.bytes(frame);
        if (all == null) return CValue.missing(elem, array.missing());
        if (i < 0 || (i + 1) * size > all.length) return CValue.missing(elem, "index " + i + " is outside the array (not in memory)");
        return CValue.ofBytes(elem, java.util.Arrays.copyOfRange(all, (int) (i * size), (int) ((i + 1) * size)), array.storage());
    }

    private CValue deref(CValue p, CExpr at) {
        requireValue(p, at);
        if (p.type().kind() == CType.Kind.ARRAY) return element(p, 0, frame);
        if (p.type().kind() != CType.Kind.POINTER) throw error(at, "cannot dereference " + at + ", a " + p.type().name());
        CType target = p.type().target();
        if (target.kind() == CType.Kind.VOID) throw error(at, "cannot dereference a void pointer (cast it first)");
        if (target.kind() == CType.Kind.FUNCTION) throw error(at, at + " points to a function");
        return CValue.inMemory(target, p.asLong(frame) & 0xFFFFFFFFL);
    }

    private CValue index(CExpr.Index x) {
        CValue base = eval(x.base());
        CValue i = eval(x.index());
        requireValue(base, x.base());
        requireValue(i, x.index());
        if (!i.type().isInteger()) throw error(x, "an array index must be an integer, not " + i.type().name());
        long n = i.asLong(frame);
        if (base.type().kind() == CType.Kind.ARRAY) return element(base, n, frame);
        if (base.type().kind() == CType.Kind.POINTER) {
            CType target = base.type().target();
            if (target.size() <= 0) throw error(x, "cannot index " + x.base() + ": the size of " + target.name() + " is unknown");
            return CValue.inMemory(target, (base.asLong(frame) + n * target.size()) & 0xFFFFFFFFL);
        }
        throw error(x, "cannot index " + x.base() + ", a " + base.type().name());
    }

    // ---- operators ----

    private CValue unary(CExpr.Unary u) {
        if (u.op().equals("&")) {
            CValue v = eval(u.operand());
            if (!v.inMemory()) {
                throw error(u, "cannot take the address of " + u.operand() + (v.storage() != null ? ": it lives in " + v.storage()
                        : v.missing() != null ? ": it is " + v.missing() : ": it is not in memory"));
            }
            return CValue.ofLong(CType.pointerTo(v.type()), v.address());
        }
        if (u.op().equals("*")) return deref(eval(u.operand()), u.operand());
        CValue v = rvalue(eval(u.operand()), u.operand());
        switch (u.op()) {
            case "!" -> {
                return CValue.ofLong(CType.INT, truth(v, u.operand()) ? 0 : 1);
            }
            case "+", "-", "~" -> {
                if (v.type().kind() == CType.Kind.FLOAT && !u.op().equals("~")) {
                    double d = v.asDouble(frame);
                    return CValue.ofDouble(CType.DOUBLE, u.op().equals("-") ? -d : d);
                }
                if (!v.type().isInteger()) throw error(u, "'" + u.op() + "' needs a number, not " + v.type().name());
                CType t = promote(v.type());
                long x = v.asLong(frame);
                return CValue.ofLong(t, u.op().equals("-") ? -x : u.op().equals("~") ? ~x : x);
            }
            default -> throw error(u, "unsupported operator " + u.op());
        }
    }

    /** The value of an operand: an array decays to a pointer to its first element; a missing value is an error. */
    private CValue rvalue(CValue v, CExpr at) {
        requireValue(v, at);
        if (v.type().kind() == CType.Kind.ARRAY) {
            if (!v.inMemory()) throw error(at, at + " is an array that is not in memory");
            return CValue.ofLong(CType.pointerTo(v.type().target()), v.address());
        }
        if (v.type().kind() == CType.Kind.STRUCT || v.type().kind() == CType.Kind.UNION) {
            throw error(at, at + " is a " + v.type().name() + ", not a number (pick a member with '.')");
        }
        return v;
    }

    private boolean truth(CValue v, CExpr at) {
        v = rvalue(v, at);
        if (v.type().kind() == CType.Kind.FLOAT) return v.asDouble(frame) != 0.0;
        return v.asLong(frame) != 0;
    }

    private static CType promote(CType t) {
        if (t.size() < 4) return CType.INT;
        if (t.size() == 4) return t.isSigned() ? CType.INT : CType.UNSIGNED_INT;
        return t.isSigned() ? CType.LONG_LONG : CType.UNSIGNED_LONG_LONG;
    }

    /** C's usual arithmetic conversions for two integer operands. */
    private static CType common(CType a, CType b) {
        CType pa = promote(a), pb = promote(b);
        if (pa.size() != pb.size()) return pa.size() > pb.size() ? pa : pb;
        return pa.isSigned() ? pb : pa;
    }

    private CValue binary(CExpr.Binary b) {
        if (b.op().equals("&&")) {
            return CValue.ofLong(CType.INT, truth(eval(b.left()), b.left()) && truth(eval(b.right()), b.right()) ? 1 : 0);
        }
        if (b.op().equals("||")) {
            return CValue.ofLong(CType.INT, truth(eval(b.left()), b.left()) || truth(eval(b.right()), b.right()) ? 1 : 0);
        }
        CValue l = rvalue(eval(b.left()), b.left());
        CValue r = rvalue(eval(b.right()), b.right());
        CType lt = l.type(), rt = r.type();
        boolean lp = lt.kind() == CType.Kind.POINTER, rp = rt.kind() == CType.Kind.POINTER;
        String op = b.op();
        if (lp || rp) return pointerOp(b, l, r);
        if (lt.kind() == CType.Kind.FLOAT || rt.kind() == CType.Kind.FLOAT) return floatOp(b, l.asDouble(frame), r.asDouble(frame));
        if (!lt.isInteger() || !rt.isInteger()) throw error(b, "'" + op + "' needs numbers");
        CType t = common(lt, rt);
        long x = convert(l.asLong(frame), t), y = convert(r.asLong(frame), t);
        boolean signed = t.isSigned();
        switch (op) {
            case "==": return bool(x == y);
            case "!=": return bool(x != y);
            case "<": return bool(signed ? x < y : Long.compareUnsigned(x, y) < 0);
            case "<=": return bool(signed ? x <= y : Long.compareUnsigned(x, y) <= 0);
            case ">": return bool(signed ? x > y : Long.compareUnsigned(x, y) > 0);
            case ">=": return bool(signed ? x >= y : Long.compareUnsigned(x, y) >= 0);
            default: break;
        }
        long v;
        switch (op) {
            case "+" -> v = x + y;
            case "-" -> v = x - y;
            case "*" -> v = x * y;
            case "/", "%" -> {
                if (y == 0) throw error(b, "division by zero");
                if (signed) v = op.equals("/") ? x / y : x % y;
                else v = op.equals("/") ? Long.divideUnsigned(x, y) : Long.remainderUnsigned(x, y);
            }
            case "&" -> v = x & y;
            case "|" -> v = x | y;
            case "^" -> v = x ^ y;
            case "<<", ">>" -> {
                CType pl = promote(lt);
                long lv = convert(l.asLong(frame), pl);
                int bits = (int) pl.size() * 8;
                if (y < 0 || y >= bits) throw error(b, "shift by " + y + " of a " + bits + "-bit value");
                v = op.equals("<<") ? lv << y : pl.isSigned() ? lv >> y : lv >>> y;
                return CValue.ofLong(pl, v);
            }
            default -> throw error(b, "unsupported operator " + op);
        }
        return CValue.ofLong(t, v);
    }

    /** {@code v} converted to integer type {@code t}: truncated, then sign- or zero-extended. */
    private static long convert(long v, CType t) {
        int bits = (int) Math.min(8, Math.max(1, t.size())) * 8;
        if (bits == 64) return v;
        return t.isSigned() ? v << (64 - bits) >> (64 - bits) : v & ((1L << bits) - 1);
    }

    private static CValue bool(boolean b) {
        return CValue.ofLong(CType.INT, b ? 1 : 0);
    }

    private CValue floatOp(CExpr.Binary b, double x, double y) {
        return switch (b.op()) {
            case "==" -> bool(x == y);
            case "!=" -> bool(x != y);
            case "<" -> bool(x < y);
            case "<=" -> bool(x <= y);
            case ">" -> bool(x > y);
            case ">=" -> bool(x >= y);
            case "+" -> CValue.ofDouble(CType.DOUBLE, x + y);
            case "-" -> CValue.ofDouble(CType.DOUBLE, x - y);
            case "*" -> CValue.ofDouble(CType.DOUBLE, x * y);
            case "/" -> CValue.ofDouble(CType.DOUBLE, x / y);
            default -> throw error(b, "'" + b.op() + "' needs integers");
        };
    }

    private CValue pointerOp(CExpr.Binary b, CValue l, CValue r) {
        boolean lp = l.type().kind() == CType.Kind.POINTER, rp = r.type().kind() == CType.Kind.POINTER;
        long x = l.asLong(frame) & (lp ? 0xFFFFFFFFL : -1L), y = r.asLong(frame) & (rp ? 0xFFFFFFFFL : -1L);
        String op = b.op();
        switch (op) {
            case "==": return bool(x == y);
            case "!=": return bool(x != y);
            case "<": return bool(x < y);
            case "<=": return bool(x <= y);
            case ">": return bool(x > y);
            case ">=": return bool(x >= y);
            default: break;
        }
        if (op.equals("-") && lp && rp) {
            long size = Math.max(1, l.type().target().size());
            return CValue.ofLong(CType.INT, (x - y) / size);
        }
        if ((op.equals("+") || op.equals("-")) && (lp != rp)) {
            if (op.equals("-") && rp) throw error(b, "cannot subtract a pointer from a number");
            CValue p = lp ? l : r;
            CValue n = lp ? r : l;
            if (!n.type().isInteger()) throw error(b, "pointer arithmetic needs an integer");
            long size = p.type().target().size();
            if (size <= 0) throw error(b, "pointer arithmetic on " + p.type().name() + ": the pointee's size is unknown");
            long k = n.asLong(frame);
            long addr = lp ? x : y;
            return CValue.ofLong(p.type(), (addr + (op.equals("+") ? k : -k) * size) & 0xFFFFFFFFL);
        }
        throw error(b, "'" + op + "' is not defined on pointers");
    }

    private CValue cast(CExpr.Cast c) {
        CType target = resolveType(c.type(), c);
        CValue v = eval(c.operand());
        if (target.kind() == CType.Kind.STRUCT || target.kind() == CType.Kind.UNION || target.kind() == CType.Kind.ARRAY) {
            throw error(c, "cannot cast to " + target.name() + " (only to numbers and pointers)");
        }
        if (target.kind() == CType.Kind.VOID) {
            throw error(c, "cannot use a void value");
        }
        v = rvalue(v, c.operand());
        if (target.kind() == CType.Kind.FLOAT) return CValue.ofDouble(target, v.asDouble(frame));
        if (v.type().kind() == CType.Kind.FLOAT) {
            double d = v.asDouble(frame);
            return CValue.ofLong(target, target.isSigned() ? (long) d : d >= 9.223372036854775807E18 ? (long) (d - 9.223372036854775807E18) ^ Long.MIN_VALUE : (long) d);
        }
        long x = v.asLong(frame);
        if (target.kind() == CType.Kind.BOOL) x = x != 0 ? 1 : 0;
        return CValue.ofLong(target, x);
    }

    private CType resolveType(CExpr.TypeName tn, CExpr at) {
        CType base = builtin(tn.base());
        if (base == null) {
            String name = tn.base();
            String tag = null;
            int sp = name.indexOf(' ');
            if (name.startsWith("struct ") || name.startsWith("union ") || name.startsWith("enum ")) {
                tag = name.substring(0, sp);
                name = name.substring(sp + 1);
            }
            base = env.type(tag, name);
            if (base == null) throw error(at, "no type named '" + tn.base() + "' in the program's debug info");
        }
        for (int i = 0; i < tn.pointers(); i++) base = CType.pointerTo(base);
        return base;
    }

    /** The C base types by their spelling (wasm32 sizes), or null. */
    static CType builtin(String words) {
        return switch (words) {
            case "void" -> CType.VOID;
            case "char" -> CType.CHAR;
            case "signed char" -> CType.integer("signed char", 1, true);
            case "unsigned char" -> CType.integer("unsigned char", 1, false);
            case "short", "short int", "signed short", "signed short int" -> CType.integer("short", 2, true);
            case "unsigned short", "unsigned short int" -> CType.integer("unsigned short", 2, false);
            case "int", "signed", "signed int" -> CType.INT;
            case "unsigned", "unsigned int" -> CType.UNSIGNED_INT;
            case "long", "long int", "signed long", "signed long int" -> CType.integer("long", 4, true);
            case "unsigned long", "unsigned long int" -> CType.integer("unsigned long", 4, false);
            case "long long", "long long int", "signed long long", "signed long long int" -> CType.LONG_LONG;
            case "unsigned long long", "unsigned long long int" -> CType.UNSIGNED_LONG_LONG;
            case "float" -> CType.floating("float", 4);
            case "double" -> CType.DOUBLE;
            case "_Bool" -> CType.integer("_Bool", 1, false);
            default -> null;
        };
    }
}
