package io.backstep.recorder.replay;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.model.ValType;
import io.backstep.engine.model.WasmModule;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Machine;
import io.backstep.recorder.state.Value;
import io.backstep.engine.source.CEvaluator;
import io.backstep.engine.source.CExpr;
import io.backstep.engine.source.CodeFrame;
import io.backstep.engine.source.MachineFrameAccess;
import io.backstep.engine.source.SourceException;
import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.SourceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A breakpoint condition: a small C-like expression over the locals of the breakpoint's function and
 * the module's globals, compiled once when the breakpoint is added and evaluated at every hit.
 *
 * <p>Grammar (C precedence, lowest first): {@code || && | ^ & (== !=) (< <= > >=) (<< >> >>>) (+ -)
 * (* / %)}, unary {@code ! -}, parentheses. Operands: a local by its name-section name or as
 * {@code $N} (index, parameters first); a global by name or as {@code $gN}; decimal, hex ({@code 0x..})
 * and float literals ({@code 1.5}, {@code 2e3}). A local name shadows a global of the same name.
 *
 * <p>Typing is static: i32 values are signed 32-bit and arithmetic on two of them wraps at 32 bits
 * (so {@code 0xffffffff == -1}); an i64 operand widens the operation to 64 bits; any float (f32 or
 * f64) operand makes it a double operation. Comparisons and logical operators give i32 0 or 1;
 * shifts and bitwise operators need integers. An integer division or remainder by zero makes the
 * condition false (the breakpoint does not stop) rather than failing the command. v128 values cannot
 * be used.
 *
 * <p>When the text is not a condition of that language (a name it does not know, {@code .}, {@code ->},
 * {@code [i]}...) and the module has DWARF, it is compiled as a C expression instead (see
 * {@link io.backstep.engine.source.CParser}): names are the C variables in scope at the hit, with C types and C arithmetic.
 * Every name must exist somewhere in the function or among the globals; at a hit where a name is out
 * of scope or optimized out, or memory cannot be read, the condition is false.
 */
final class Condition {
    private enum Kind { I32, I64, F64 }

    private final Node root;          // the Wasm-level condition, or null for a C one
    private final CExpr cexpr;        // the C condition, or null
    private final SourceModel model;
    private final String text;

    private Condition(Node root, String text) {
        this.root = root;
        this.text = text;
        this.cexpr = null;
        this.model = null;
    }

    private Condition(CExpr cexpr, SourceModel model, String text) {
        this.root = null;
        this.cexpr = cexpr;
        this.model = model;
        this.text = text;
    }

    String text() {
        return text;
    }

    /**
     * Compiles {@code text} for breakpoints in {@code function}; throws IllegalArgumentException with a
     * message naming the problem and its position.
     */
    static Condition parse(String text, CompiledFunction function, WasmModule module) {
        try {
            Parser p = new Parser(text, function, module);
            Node n = p.expression();
            if (p.peek().type != Tok.END) throw p.error("unexpected '" + p.peek().text + "'");
            return new Condition(n, text);
        } catch (IllegalArgumentException wasmError) {
            SourceModel model = SourceModel.of(module);
            // Without a name to look up, C has nothing to add: the Wasm-level error says what is wrong.
            if (!model.available() || !text.matches("(?s).*[A-Za-z_].*")) throw wasmError;
            try {
                CExpr e = model.parse(text);
                model.checkNames(e, function.index);
                return new Condition(e, model, text);
            } catch (SourceException cError) {
                throw new IllegalArgumentException("bad condition \"" + text + "\": " + cError.getMessage());
            }
        }
    }

    /**
     * Evaluates the condition in the machine's current (top) frame, which must be a frame of the
     * function it was compiled for.
     */
    boolean test(Machine m, Instance instance) {
        if (cexpr != null) return testC(m, instance);
        int base = m.frame(m.callDepth() - 1).base();
        Env env = new Env(m, instance, base);
        try {
            return root.kind == Kind.F64 ? root.f(env) != 0.0 : root.i(env) != 0;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /**
     * The expression's value in the frame whose locals start at slot {@code base} (a frame of the
     * function it was compiled for): i32, i64 or f64 by its static type. An integer division by zero
     * throws ArithmeticException.
     */
    Value value(Machine m, Instance instance, int base) {
        if (root == null) throw new IllegalArgumentException("a C expression has no WebAssembly-level value; evaluate it at the source level");
        Env env = new Env(m, instance, base);
        return switch (root.kind) {
            case I32 -> Value.of(ValType.I32, (int) root.i(env));
            case I64 -> Value.of(ValType.I64, root.i(env));
            case F64 -> Value.of(ValType.F64, Double.doubleToRawLongBits(root.f(env)));
        };
    }

    private boolean testC(Machine m, Instance instance) {
        int top = m.callDepth() - 1;
        FrameView f = m.frame(top);
        CodeFrame frame = new CodeFrame(f.function().index(), f.function().displayName(), f.wasmOffset(), true);
        try {
            SourceFrame sf = model.framesOf(frame).get(0);
            return CEvaluator.isTrue(cexpr, model.env(sf, new MachineFrameAccess(m, top, instance)));
        } catch (SourceException e) {
            return false;
        }
    }

    private record Env(Machine m, Instance instance, int base) {
    }

    // ---- expression tree -------------------------------------------------------------------------

    private abstract static class Node {
        final Kind kind;

        Node(Kind kind) {
            this.kind = kind;
        }

        /** Integer value (i32 results are kept sign-extended). Only for I32/I64 nodes. */
        abstract long i(Env e);

        /** Value as a double (any kind). */
        double f(Env e) {
            return (double) i(e);
        }
    }

    private static final class Const extends Node {
        final long iv;
        final double fv;

        Const(Kind kind, long iv, double fv) {
            super(kind);
            this.iv = iv;
            this.fv = fv;
        }

        @Override
        long i(Env e) {
            return iv;
        }

        @Override
        double f(Env e) {
            return kind == Kind.F64 ? fv : (double) iv;
        }
    }

    /** A local or a global, read from the machine. */
    private static final class Var extends Node {
        final ValType type;
        final boolean global;
        final int index;

        Var(ValType type, boolean global, int index) {
            super(kindOf(type));
            this.type = type;
            this.global = global;
            this.index = index;
        }

        private long raw(Env e) {
            return global ? e.instance.global(index).get() : e.m.slot(e.base + index);
        }

        @Override
        long i(Env e) {
            long v = raw(e);
            return type == ValType.I32 ? (int) v : v;
        }

        @Override
        double f(Env e) {
            long v = raw(e);
            return switch (type) {
                case F32 -> Float.intBitsToFloat((int) v);
                case F64 -> Double.longBitsToDouble(v);
                case I32 -> (int) v;
                default -> (double) v;
            };
        }
    }

    private static final class Unary extends Node {
        final char op;
        final Node a;

        Unary(char op, Node a, Kind kind) {
            super(kind);
            this.op = op;
            this.a = a;
        }

        @Override
        long i(Env e) {
            if (op == '!') return a.kind == Kind.F64 ? (a.f(e) == 0.0 ? 1 : 0) : (a.i(e) == 0 ? 1 : 0);
            long v = -a.i(e);
            return kind == Kind.I32 ? (int) v : v;
        }

        @Override
        double f(Env e) {
            if (kind != Kind.F64) return (double) i(e);
            return -a.f(e);
        }
    }

    private static final class Binary extends Node {
        final String op;
        final Node a;
        final Node b;
        /** The kind the operands are combined in (for comparisons it differs from the result kind). */
        final Kind operand;

        Binary(String op, Node a, Node b, Kind operand, Kind result) {
            super(result);
            this.op = op;
            this.a = a;
            this.b = b;
            this.operand = operand;
        }

        @Override
        long i(Env e) {
            switch (op) {
                case "&&":
                    return truth(a, e) && truth(b, e) ? 1 : 0;
                case "||":
                    return truth(a, e) || truth(b, e) ? 1 : 0;
                default:
                    break;
            }
            if (operand == Kind.F64) {
                double x = a.f(e), y = b.f(e);
                return switch (op) {
                    case "<" -> x < y ? 1 : 0;
                    case "<=" -> x <= y ? 1 : 0;
                    case ">" -> x > y ? 1 : 0;
                    case ">=" -> x >= y ? 1 : 0;
                    case "==" -> x == y ? 1 : 0;
                    case "!=" -> x != y ? 1 : 0;
                    default -> throw new IllegalStateException(op); // arithmetic goes through f()
                };
            }
            long x = a.i(e), y = b.i(e);
            if (operand == Kind.I32) {
                int p = (int) x, q = (int) y;
                return switch (op) {
                    case "*" -> p * q;
                    case "/" -> p / q;
                    case "%" -> p % q;
                    case "+" -> p + q;
                    case "-" -> p - q;
                    case "<<" -> p << q;
                    case ">>" -> p >> q;
                    case ">>>" -> p >>> q;
                    case "&" -> p & q;
                    case "^" -> p ^ q;
                    case "|" -> p | q;
                    case "<" -> p < q ? 1 : 0;
                    case "<=" -> p <= q ? 1 : 0;
                    case ">" -> p > q ? 1 : 0;
                    case ">=" -> p >= q ? 1 : 0;
                    case "==" -> p == q ? 1 : 0;
                    case "!=" -> p != q ? 1 : 0;
                    default -> throw new IllegalStateException(op);
                };
            }
            return switch (op) {
                case "*" -> x * y;
                case "/" -> x / y;
                case "%" -> x % y;
                case "+" -> x + y;
                case "-" -> x - y;
                case "<<" -> x << y;
                case ">>" -> x >> y;
                case ">>>" -> x >>> y;
                case "&" -> x & y;
                case "^" -> x ^ y;
                case "|" -> x | y;
                case "<" -> x < y ? 1 : 0;
                case "<=" -> x <= y ? 1 : 0;
                case ">" -> x > y ? 1 : 0;
                case ">=" -> x >= y ? 1 : 0;
                case "==" -> x == y ? 1 : 0;
                case "!=" -> x != y ? 1 : 0;
                default -> throw new IllegalStateException(op);
            };
        }

        @Override
        double f(Env e) {
            if (kind != Kind.F64) return (double) i(e);
            double x = a.f(e), y = b.f(e);
            return switch (op) {
                case "*" -> x * y;
                case "/" -> x / y;
                case "%" -> x % y;
                case "+" -> x + y;
                case "-" -> x - y;
                default -> throw new IllegalStateException(op);
            };
        }

        private static boolean truth(Node n, Env e) {
            return n.kind == Kind.F64 ? n.f(e) != 0.0 : n.i(e) != 0;
        }
    }

    private static Kind kindOf(ValType t) {
        return switch (t) {
            case I32 -> Kind.I32;
            case F32, F64 -> Kind.F64;
            default -> Kind.I64; // i64 and references (as their raw slot)
        };
    }

    // ---- parsing ---------------------------------------------------------------------------------

    private enum Tok { NUM, IDENT, OP, LPAREN, RPAREN, END }

    private record Token(Tok type, String text, int pos) {
    }

    /** Binary operators by precedence level, lowest first. */
    private static final String[][] LEVELS = {
        {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<", "<=", ">", ">="}, {"<<", ">>", ">>>"},
        {"+", "-"}, {"*", "/", "%"},
    };
    private static final String[] OPERATORS = {
        ">>>", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "&", "^", "|", "!",
    };

    private static final class Parser {
        private final String text;
        private final CompiledFunction function;
        private final WasmModule module;
        private final List<Token> tokens = new ArrayList<>();
        private int at;

        Parser(String text, CompiledFunction function, WasmModule module) {
            this.text = text;
            this.function = function;
            this.module = module;
            tokenize();
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bad condition \"" + text + "\" at " + (peek().pos + 1) + ": " + what);
        }

        private IllegalArgumentException errorAt(int pos, String what) {
            return new IllegalArgumentException("bad condition \"" + text + "\" at " + (pos + 1) + ": " + what);
        }

        private void tokenize() {
            int i = 0;
            int n = text.length();
            outer:
            while (i < n) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                    int s = i;
                    if (c == '0' && i + 1 < n && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')) {
                        i += 2;
                        while (i < n && Character.digit(text.charAt(i), 16) >= 0) i++;
                    } else {
                        while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) i++;
                        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
                            i++;
                            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) i++;
                            while (i < n && Character.isDigit(text.charAt(i))) i++;
                        }
                    }
                    if (i < n && isIdentChar(text.charAt(i))) throw errorAt(i, "bad number '" + text.substring(s, i + 1) + "'");
                    tokens.add(new Token(Tok.NUM, text.substring(s, i), s));
                    continue;
                }
                if (isIdentStart(c)) {
                    int s = i;
                    while (i < n && isIdentChar(text.charAt(i))) i++;
                    tokens.add(new Token(Tok.IDENT, text.substring(s, i), s));
                    continue;
                }
                if (c == '(' || c == ')') {
                    tokens.add(new Token(c == '(' ? Tok.LPAREN : Tok.RPAREN, String.valueOf(c), i));
                    i++;
                    continue;
                }
                for (String op : OPERATORS) {
                    if (text.startsWith(op, i)) {
                        tokens.add(new Token(Tok.OP, op, i));
                        i += op.length();
                        continue outer;
                    }
                }
                throw errorAt(i, "unexpected character '" + c + "'");
            }
            tokens.add(new Token(Tok.END, "end of text", n));
        }

        private static boolean isIdentStart(char c) {
            return Character.isLetter(c) || c == '_' || c == '$';
        }

        private static boolean isIdentChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
        }

        Token peek() {
            return tokens.get(at);
        }

        private Token next() {
            return tokens.get(at++);
        }

        Node expression() {
            if (peek().type == Tok.END) throw error("the condition is empty");
            return binary(0);
        }

        private Node binary(int level) {
            if (level == LEVELS.length) return unary();
            Node left = binary(level + 1);
            while (peek().type == Tok.OP && contains(LEVELS[level], peek().text)) {
                Token op = next();
                Node right = binary(level + 1);
                left = combine(op, left, right);
            }
            return left;
        }

        private static boolean contains(String[] ops, String op) {
            for (String o : ops) if (o.equals(op)) return true;
            return false;
        }

        private Node combine(Token op, Node a, Node b) {
            String o = op.text;
            boolean logical = o.equals("&&") || o.equals("||");
            if (logical) return new Binary(o, a, b, Kind.I32, Kind.I32);
            Kind operand = a.kind == Kind.F64 || b.kind == Kind.F64 ? Kind.F64
                    : a.kind == Kind.I64 || b.kind == Kind.I64 ? Kind.I64 : Kind.I32;
            boolean intOnly = o.equals("<<") || o.equals(">>") || o.equals(">>>") || o.equals("&") || o.equals("^") || o.equals("|");
            if (intOnly && operand == Kind.F64) throw errorAt(op.pos, "'" + o + "' needs integer operands");
            boolean comparison = o.equals("<") || o.equals("<=") || o.equals(">") || o.equals(">=") || o.equals("==") || o.equals("!=");
            return new Binary(o, a, b, operand, comparison ? Kind.I32 : operand);
        }

        private Node unary() {
            Token t = peek();
            if (t.type == Tok.OP && (t.text.equals("!") || t.text.equals("-"))) {
                next();
                Node a = unary();
                if (t.text.equals("!")) return new Unary('!', a, Kind.I32);
                if (a instanceof Const c) {
                    // Fold negative literals so -2147483648 stays an i32.
                    return c.kind == Kind.F64 ? new Const(Kind.F64, 0, -c.fv) : literal(-c.iv, c.kind == Kind.I64 && -c.iv != (int) -c.iv);
                }
                return new Unary('-', a, a.kind);
            }
            return primary();
        }

        private static Const literal(long v, boolean wide) {
            return wide || v != (int) v ? new Const(Kind.I64, v, 0) : new Const(Kind.I32, v, 0);
        }

        private Node primary() {
            Token t = next();
            switch (t.type) {
                case LPAREN -> {
                    if (peek().type == Tok.RPAREN) throw error("empty parentheses");
                    Node n = binary(0);
                    if (peek().type != Tok.RPAREN) throw error("expected ')'");
                    next();
                    return n;
                }
                case NUM -> {
                    return number(t);
                }
                case IDENT -> {
                    return variable(t);
                }
                case END -> throw errorAt(t.pos, "the condition ends too early");
                default -> throw errorAt(t.pos, "unexpected '" + t.text + "'");
            }
        }

        private Node number(Token t) {
            String s = t.text;
            try {
                if (s.startsWith("0x") || s.startsWith("0X")) {
                    String digits = s.substring(2);
                    if (digits.isEmpty()) throw errorAt(t.pos, "bad number '" + s + "'");
                    if (digits.length() > 16) throw errorAt(t.pos, "number too large '" + s + "'");
                    long v = Long.parseUnsignedLong(digits, 16);
                    // Up to 8 hex digits is an i32 bit pattern (0xffffffff == -1), as in Wasm.
                    return digits.length() <= 8 ? new Const(Kind.I32, (int) v, 0) : new Const(Kind.I64, v, 0);
                }
                if (s.contains(".") || s.contains("e") || s.contains("E")) {
                    return new Const(Kind.F64, 0, Double.parseDouble(s));
                }
                long v = Long.parseLong(s);
                return literal(v, false);
            } catch (NumberFormatException e) {
                throw errorAt(t.pos, "bad number '" + s + "'");
            }
        }

        private Node variable(Token t) {
            String name = t.text;
            Map<Integer, String> localNames = module.names().localNames().getOrDefault(function.index, Map.of());
            for (Map.Entry<Integer, String> e : localNames.entrySet()) {
                if (name.equals(e.getValue()) && e.getKey() < function.localCount()) return local(e.getKey(), t);
            }
            for (Map.Entry<Integer, String> e : module.names().globalNames().entrySet()) {
                if (name.equals(e.getValue()) && e.getKey() < module.globalCount()) return global(e.getKey(), t);
            }
            if (name.matches("\\$g[0-9]+")) {
                int g = parseIndex(name.substring(2), t);
                if (g >= module.globalCount()) throw errorAt(t.pos, "there is no global " + g + " (the module has " + module.globalCount() + ")");
                return global(g, t);
            }
            if (name.matches("\\$[0-9]+")) {
                int l = parseIndex(name.substring(1), t);
                if (l >= function.localCount()) throw errorAt(t.pos, "there is no local " + l + " (the function has " + function.localCount() + ")");
                return local(l, t);
            }
            throw errorAt(t.pos, "unknown name '" + name + "' (not a local of this function or a global; use $N or $gN for indices)");
        }

        private int parseIndex(String digits, Token t) {
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw errorAt(t.pos, "bad index '" + t.text + "'");
            }
        }

        private Node local(int index, Token t) {
            ValType type = function.localType(index);
            if (type == ValType.V128) throw errorAt(t.pos, "'" + t.text + "' is a v128 and cannot be used in a condition");
            return new Var(type, false, function.localSlot(index));
        }

        private Node global(int index, Token t) {
            ValType type = module.globalType(index).type();
            if (type == ValType.V128) throw errorAt(t.pos, "'" + t.text + "' is a v128 and cannot be used in a condition");
            return new Var(type, true, index);
        }
    }
}
