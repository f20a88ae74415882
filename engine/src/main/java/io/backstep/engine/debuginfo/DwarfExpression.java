package io.backstep.engine.debuginfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates DWARF location expressions (DWARF 5 section 2.5 and 2.6) with the WebAssembly extension
 * DW_OP_WASM_location (0xED): kind 0 local, 1 global (LEB index), 2 operand stack, 3 global (fixed u32
 * index). A WASM_location that ends the expression or a piece is a location (like a register); one
 * followed by more operations pushes the value it names. Malformed expressions throw
 * {@link DebugInfoException}; register operations (meaningless for Wasm) and the rarely used stack
 * operations beyond the ones listed in docs/architecture.md are reported as unsupported.
 */
public final class DwarfExpression {
    private static final int MAX_STACK = 1024;
    private static final int MAX_STEPS = 100_000;

    private DwarfExpression() {}

    /** What an expression may need beyond its own bytes. */
    public interface Context {
        /** The frame the expression reads; null when evaluating without state (only constant expressions then succeed). */
        FrameAccess frame();

        /** The value of the enclosing subprogram's frame base (for DW_OP_fbreg). */
        long frameBase();

        /** 4 for wasm32. */
        int addressSize();

        /** Entry {@code index} of the unit's .debug_addr table (DW_OP_addrx, DW_OP_constx). */
        long indexedAddress(long index);
    }

    /** Evaluation without frame state, for expressions that do not read any (member offsets). */
    private static final class NoState extends RuntimeException {
        NoState() { super(null, null, false, false); }
    }

    /** Evaluates {@code expr} to the location it describes. An empty expression is {@link Location.OptimizedOut}. */
    public static Location evaluate(byte[] expr, Context ctx) {
        if (expr.length == 0) return new Location.OptimizedOut();
        Section s = new Section("location expression", expr, 0, expr.length);
        Cursor c = s.cursor(0);
        int addrSize = ctx.addressSize();
        long mask = addrSize == 4 ? 0xFFFFFFFFL : -1L;
        long[] st = new long[16];
        int sp = 0;
        Location fixed = null;          // a location set by WASM_location / implicit_value / stack_value
        List<Location.Piece> pieces = null;
        int steps = 0;
        while (!c.atEnd()) {
            if (++steps > MAX_STEPS) throw c.error("expression does not terminate");
            long at = c.pos();
            int op = c.u8();
            if (fixed != null && op != Dw.OP_piece && op != Dw.OP_bit_piece) {
                throw c.error(at, "operation after a location that must end the expression");
            }
            if (sp + 2 >= st.length) {
                if (st.length >= MAX_STACK) throw c.error(at, "expression stack overflow");
                st = java.util.Arrays.copyOf(st, st.length * 2);
            }
            if (op >= Dw.OP_lit0 && op <= Dw.OP_lit31) {
                st[sp++] = op - Dw.OP_lit0;
                continue;
            }
            switch (op) {
                case Dw.OP_addr -> st[sp++] = c.unsigned(addrSize);
                case Dw.OP_addrx, Dw.OP_constx, Dw.OP_GNU_addr_index, Dw.OP_GNU_const_index -> st[sp++] = ctx.indexedAddress(c.uleb());
                case Dw.OP_const1u -> st[sp++] = c.u8();
                case Dw.OP_const1s -> st[sp++] = (byte) c.u8();
                case Dw.OP_const2u -> st[sp++] = c.u16();
                case Dw.OP_const2s -> st[sp++] = (short) c.u16();
                case Dw.OP_const4u -> st[sp++] = c.u32();
                case Dw.OP_const4s -> st[sp++] = (int) c.u32();
                case Dw.OP_const8u, Dw.OP_const8s -> st[sp++] = c.u64();
                case Dw.OP_constu -> st[sp++] = c.uleb();
                case Dw.OP_consts -> st[sp++] = c.sleb();
                case Dw.OP_dup -> { need(c, at, sp, 1); st[sp] = st[sp - 1]; sp++; }
                case Dw.OP_drop -> { need(c, at, sp, 1); sp--; }
                case Dw.OP_over -> { need(c, at, sp, 2); st[sp] = st[sp - 2]; sp++; }
                case Dw.OP_pick -> {
                    int i = c.u8();
                    need(c, at, sp, i + 1);
                    st[sp] = st[sp - 1 - i];
                    sp++;
                }
                case Dw.OP_swap -> { need(c, at, sp, 2); long t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; }
                case Dw.OP_rot -> {
                    need(c, at, sp, 3);
                    long t = st[sp - 1];
                    st[sp - 1] = st[sp - 2];
                    st[sp - 2] = st[sp - 3];
                    st[sp - 3] = t;
                }
                case Dw.OP_deref, Dw.OP_deref_size -> {
                    int size = op == Dw.OP_deref ? addrSize : c.u8();
                    if (size < 1 || size > 8) throw c.error(at, "deref of " + size + " bytes");
                    need(c, at, sp, 1);
                    FrameAccess f = ctx.frame();
                    if (f == null) throw new NoState();
                    byte[] b = new byte[size];
                    if (!f.readMemory(st[sp - 1] & mask, b)) {
                        return new Location.Unavailable("memory at 0x" + Long.toHexString(st[sp - 1] & mask) + " is out of bounds");
                    }
                    st[sp - 1] = littleEndian(b);
                }
                case Dw.OP_abs -> { need(c, at, sp, 1); st[sp - 1] = Math.abs(signed(st[sp - 1], addrSize)) & mask; }
                case Dw.OP_neg -> { need(c, at, sp, 1); st[sp - 1] = -st[sp - 1] & mask; }
                case Dw.OP_not -> { need(c, at, sp, 1); st[sp - 1] = ~st[sp - 1] & mask; }
                case Dw.OP_plus_uconst -> { need(c, at, sp, 1); st[sp - 1] = (st[sp - 1] + c.uleb()) & mask; }
                case Dw.OP_and, Dw.OP_div, Dw.OP_minus, Dw.OP_mod, Dw.OP_mul, Dw.OP_or, Dw.OP_plus, Dw.OP_shl,
                        Dw.OP_shr, Dw.OP_shra, Dw.OP_xor, Dw.OP_eq, Dw.OP_ge, Dw.OP_gt, Dw.OP_le, Dw.OP_lt, Dw.OP_ne -> {
                    need(c, at, sp, 2);
                    long b = st[--sp], a = st[sp - 1];
                    long sa = signed(a, addrSize), sb = signed(b, addrSize);
                    long r = switch (op) {
                        case Dw.OP_and -> a & b;
                        case Dw.OP_or -> a | b;
                        case Dw.OP_xor -> a ^ b;
                        case Dw.OP_plus -> a + b;
                        case Dw.OP_minus -> a - b;
                        case Dw.OP_mul -> a * b;
                        case Dw.OP_div -> {
                            if (sb == 0) throw c.error(at, "division by zero");
                            yield sa / sb;
                        }
                        case Dw.OP_mod -> {
                            if (b == 0) throw c.error(at, "division by zero");
                            yield Long.remainderUnsigned(a & mask, b & mask);
                        }
                        case Dw.OP_shl -> Long.compareUnsigned(b, 64) >= 0 ? 0 : a << b;
                        case Dw.OP_shr -> Long.compareUnsigned(b, 64) >= 0 ? 0 : (a & mask) >>> b;
                        case Dw.OP_shra -> Long.compareUnsigned(b, 64) >= 0 ? (sa < 0 ? -1 : 0) : sa >> b;
                        case Dw.OP_eq -> sa == sb ? 1 : 0;
                        case Dw.OP_ge -> sa >= sb ? 1 : 0;
                        case Dw.OP_gt -> sa > sb ? 1 : 0;
                        case Dw.OP_le -> sa <= sb ? 1 : 0;
                        case Dw.OP_lt -> sa < sb ? 1 : 0;
                        default -> sa != sb ? 1 : 0;
                    };
                    st[sp - 1] = r & mask;
                }
                case Dw.OP_skip, Dw.OP_bra -> {
                    int delta = (short) c.u16();
                    boolean jump = true;
                    if (op == Dw.OP_bra) {
                        need(c, at, sp, 1);
                        jump = st[--sp] != 0;
                    }
                    if (jump) {
                        long target = c.pos() + delta;
                        if (target < 0 || target > expr.length) throw c.error(at, "branch target out of the expression");
                        c.pos(target);
                    }
                }
                case Dw.OP_fbreg -> {
                    long off = c.sleb();
                    if (ctx.frame() == null) throw new NoState();
                    st[sp++] = (ctx.frameBase() + off) & mask;
                }
                case Dw.OP_call_frame_cfa -> throw c.error(at, "DW_OP_call_frame_cfa is not supported (Wasm has no CFA)");
                case Dw.OP_nop -> { }
                case Dw.OP_stack_value -> {
                    need(c, at, sp, 1);
                    fixed = new Location.Value(st[sp - 1]);
                }
                case Dw.OP_implicit_value -> {
                    long len = c.uleb();
                    if (len > c.remaining()) throw c.error(at, "implicit value runs past the expression");
                    fixed = new Location.Bytes(s.slice(c.pos(), len));
                    c.skip(len);
                }
                case Dw.OP_WASM_location -> {
                    int kind = c.u8();
                    long index = switch (kind) {
                        case 0, 1, 2 -> c.uleb();
                        case 3 -> c.u32();
                        default -> throw c.error(at, "unknown DW_OP_WASM_location kind " + kind);
                    };
                    if (index > Integer.MAX_VALUE) throw c.error(at, "DW_OP_WASM_location index out of range");
                    int i = (int) index;
                    Location loc = switch (kind) {
                        case 0 -> new Location.Local(i);
                        case 2 -> new Location.Operand(i);
                        default -> new Location.Global(i);
                    };
                    boolean last = c.atEnd() || peek(expr, c) == Dw.OP_piece || peek(expr, c) == Dw.OP_bit_piece;
                    if (last) {
                        fixed = loc;
                    } else {
                        FrameAccess f = ctx.frame();
                        if (f == null) throw new NoState();
                        st[sp++] = read(loc, f);
                    }
                }
                case Dw.OP_piece, Dw.OP_bit_piece -> {
                    long size = c.uleb();
                    if (op == Dw.OP_bit_piece) {
                        long bitOffset = c.uleb();
                        if (size % 8 != 0 || bitOffset != 0) throw c.error(at, "bit pieces that are not whole bytes are not supported");
                        size /= 8;
                    }
                    if (size <= 0 || size > 1 << 20) throw c.error(at, "piece of " + size + " bytes");
                    Location part;
                    if (fixed != null) part = fixed;
                    else if (sp > 0) part = new Location.Memory(st[sp - 1] & mask);
                    else part = new Location.OptimizedOut();
                    if (pieces == null) pieces = new ArrayList<>();
                    pieces.add(new Location.Piece(part, (int) size));
                    fixed = null;
                    sp = 0;
                }
                case Dw.OP_entry_value, Dw.OP_GNU_entry_value -> {
                    return new Location.Unavailable("the value on entry to the function (DW_OP_entry_value) is not known here");
                }
                case Dw.OP_form_tls_address, Dw.OP_GNU_push_tls_address -> {
                    need(c, at, sp, 1);
                    return new Location.Unavailable("thread-local variables are not supported");
                }
                default -> {
                    if (op >= Dw.OP_reg0 && op <= Dw.OP_bregx) throw c.error(at, "register operation 0x" + Integer.toHexString(op) + " has no meaning in Wasm");
                    throw c.error(at, "unsupported operation 0x" + Integer.toHexString(op));
                }
            }
        }
        if (pieces != null) {
            if (fixed != null || sp > 0) throw c.error("location after the last piece");
            return new Location.Composite(List.copyOf(pieces));
        }
        if (fixed != null) return fixed;
        if (sp == 0) throw c.error("expression leaves nothing on the stack");
        return new Location.Memory(st[sp - 1] & mask);
    }

    private static int peek(byte[] expr, Cursor c) {
        return expr[(int) c.pos()] & 0xFF;
    }

    private static void need(Cursor c, long at, int sp, int n) {
        if (sp < n) throw c.error(at, "expression stack underflow");
    }

    private static long signed(long v, int addrSize) {
        return addrSize == 4 ? (int) v : v;
    }

    static long littleEndian(byte[] b) {
        long v = 0;
        for (int i = Math.min(b.length, 8) - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xFF);
        return v;
    }

    private static long read(Location loc, FrameAccess f) {
        if (loc instanceof Location.Local l) return f.local(l.index());
        if (loc instanceof Location.Global g) return f.global(g.index());
        return f.operand(((Location.Operand) loc).index());
    }

    /** A member's DW_AT_data_member_location given as an expression (DW_OP_plus_uconst N, or constants). */
    static long memberOffset(byte[] expr, Die member) {
        Context ctx = new Context() {
            public FrameAccess frame() { return null; }
            public long frameBase() { return 0; }
            public int addressSize() { return member.unit.addressSize(); }
            public long indexedAddress(long index) { return member.unit.indexedAddress(index); }
        };
        // The expression expects the address of the aggregate on the stack: push 0 and read the result.
        byte[] withBase = new byte[expr.length + 1];
        withBase[0] = (byte) Dw.OP_lit0;
        System.arraycopy(expr, 0, withBase, 1, expr.length);
        try {
            Location l = evaluate(withBase, ctx);
            if (l instanceof Location.Memory m) return m.address();
            if (l instanceof Location.Value v) return v.value();
        } catch (NoState e) {
            // falls through
        }
        throw DebugInfoException.at(".debug_info", member.offset, "unsupported data_member_location expression");
    }

    /**
     * Evaluates an expression that must not read frame state; throws {@link DebugInfoException} if it
     * does. Used for global variables' DW_OP_addr locations.
     */
    static Location evaluateStatic(byte[] expr, Context ctx) {
        try {
            return evaluate(expr, ctx);
        } catch (NoState e) {
            return null;
        }
    }

    /** Whether evaluation stopped because it needed a frame (see {@link #evaluateStatic}). */
    static boolean needsFrame(RuntimeException e) {
        return e instanceof NoState;
    }

    /** The expression in llvm-dwarfdump's notation ("DW_OP_WASM_location 0x0 0x2, DW_OP_stack_value"). */
    public static String toString(byte[] expr) {
        Section s = new Section("location expression", expr, 0, expr.length);
        Cursor c = s.cursor(0);
        StringBuilder b = new StringBuilder();
        while (!c.atEnd()) {
            if (b.length() > 0) b.append(", ");
            int op = c.u8();
            if (op >= Dw.OP_lit0 && op <= Dw.OP_lit31) {
                b.append("DW_OP_lit").append(op - Dw.OP_lit0);
                continue;
            }
            switch (op) {
                case Dw.OP_addr -> b.append("DW_OP_addr 0x").append(Long.toHexString(c.unsigned(4)));
                case Dw.OP_constu -> b.append("DW_OP_constu 0x").append(Long.toHexString(c.uleb()));
                case Dw.OP_consts -> b.append("DW_OP_consts ").append(sign(c.sleb()));
                case Dw.OP_const1u -> b.append("DW_OP_const1u 0x").append(Long.toHexString(c.u8()));
                case Dw.OP_const2u -> b.append("DW_OP_const2u 0x").append(Long.toHexString(c.u16()));
                case Dw.OP_const4u -> b.append("DW_OP_const4u 0x").append(Long.toHexString(c.u32()));
                case Dw.OP_const8u -> b.append("DW_OP_const8u 0x").append(Long.toHexString(c.u64()));
                case Dw.OP_const1s -> b.append("DW_OP_const1s ").append(sign((byte) c.u8()));
                case Dw.OP_const2s -> b.append("DW_OP_const2s ").append(sign((short) c.u16()));
                case Dw.OP_const4s -> b.append("DW_OP_const4s ").append(sign((int) c.u32()));
                case Dw.OP_plus_uconst -> b.append("DW_OP_plus_uconst 0x").append(Long.toHexString(c.uleb()));
                case Dw.OP_fbreg -> b.append("DW_OP_fbreg ").append(sign(c.sleb()));
                case Dw.OP_piece -> b.append("DW_OP_piece 0x").append(Long.toHexString(c.uleb()));
                case Dw.OP_bit_piece -> b.append("DW_OP_bit_piece 0x").append(Long.toHexString(c.uleb()))
                        .append(" 0x").append(Long.toHexString(c.uleb()));
                case Dw.OP_deref_size -> b.append("DW_OP_deref_size 0x").append(Long.toHexString(c.u8()));
                case Dw.OP_pick -> b.append("DW_OP_pick 0x").append(Long.toHexString(c.u8()));
                case Dw.OP_skip, Dw.OP_bra -> b.append(op == Dw.OP_skip ? "DW_OP_skip " : "DW_OP_bra ").append((short) c.u16());
                case Dw.OP_implicit_value -> {
                    long n = c.uleb();
                    b.append("DW_OP_implicit_value 0x").append(Long.toHexString(n));
                    c.skip(n);
                }
                case Dw.OP_addrx, Dw.OP_constx -> b.append(op == Dw.OP_addrx ? "DW_OP_addrx 0x" : "DW_OP_constx 0x").append(Long.toHexString(c.uleb()));
                case Dw.OP_WASM_location -> {
                    int kind = c.u8();
                    long index = kind == 3 ? c.u32() : c.uleb();
                    b.append("DW_OP_WASM_location 0x").append(Integer.toHexString(kind)).append(" 0x").append(Long.toHexString(index));
                }
                case Dw.OP_entry_value, Dw.OP_GNU_entry_value -> {
                    long n = c.uleb();
                    b.append(op == Dw.OP_entry_value ? "DW_OP_entry_value(" : "DW_OP_GNU_entry_value(")
                            .append(toString(s.slice(c.pos(), n))).append(')');
                    c.skip(n);
                }
                default -> {
                    String name = simpleName(op);
                    if (name == null) throw c.error(c.pos() - 1, "unsupported operation 0x" + Integer.toHexString(op));
                    b.append(name);
                }
            }
        }
        return b.toString();
    }

    private static String sign(long v) {
        return v >= 0 ? "+" + v : Long.toString(v);
    }

    private static String simpleName(int op) {
        return switch (op) {
            case Dw.OP_deref -> "DW_OP_deref";
            case Dw.OP_dup -> "DW_OP_dup";
            case Dw.OP_drop -> "DW_OP_drop";
            case Dw.OP_over -> "DW_OP_over";
            case Dw.OP_swap -> "DW_OP_swap";
            case Dw.OP_rot -> "DW_OP_rot";
            case Dw.OP_abs -> "DW_OP_abs";
            case Dw.OP_and -> "DW_OP_and";
            case Dw.OP_div -> "DW_OP_div";
            case Dw.OP_minus -> "DW_OP_minus";
            case Dw.OP_mod -> "DW_OP_mod";
            case Dw.OP_mul -> "DW_OP_mul";
            case Dw.OP_neg -> "DW_OP_neg";
            case Dw.OP_not -> "DW_OP_not";
            case Dw.OP_or -> "DW_OP_or";
            case Dw.OP_plus -> "DW_OP_plus";
            case Dw.OP_shl -> "DW_OP_shl";
            case Dw.OP_shr -> "DW_OP_shr";
            case Dw.OP_shra -> "DW_OP_shra";
            case Dw.OP_xor -> "DW_OP_xor";
            case Dw.OP_eq -> "DW_OP_eq";
            case Dw.OP_ge -> "DW_OP_ge";
            case Dw.OP_gt -> "DW_OP_gt";
            case Dw.OP_le -> "DW_OP_le";
            case Dw.OP_lt -> "DW_OP_lt";
            case Dw.OP_ne -> "DW_OP_ne";
            case Dw.OP_nop -> "DW_OP_nop";
            case Dw.OP_stack_value -> "DW_OP_stack_value";
            case Dw.OP_call_frame_cfa -> "DW_OP_call_frame_cfa";
            case Dw.OP_form_tls_address -> "DW_OP_form_tls_address";
            case Dw.OP_GNU_push_tls_address -> "DW_OP_GNU_push_tls_address";
            default -> null;
        };
    }
}
