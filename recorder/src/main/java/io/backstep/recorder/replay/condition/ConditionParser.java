package io.backstep.recorder.replay.condition;

import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.model.ValType;
import io.backstep.engine.model.WasmModule;
import java.util.List;
import java.util.Map;

/**
 * Builds the typed tree ({@link Expr}) of a WebAssembly-level condition from its tokens, resolving
 * names against one function's locals and the module's globals. Precedence climbing over
 * {@link Operator#level}; types are decided here, once.
 */
final class ConditionParser {
    private final String text;
    private final CompiledFunction function;
    private final WasmModule module;
    private final List<Token> tokens;
    private int at;

    private ConditionParser(String text, CompiledFunction function, WasmModule module) {
        this.text = text;
        this.function = function;
        this.module = module;
        this.tokens = ConditionLexer.tokens(text);
    }

    /** The tree of the whole of {@code text}; a {@link ConditionException} names the first problem. */
    static Expr parse(String text, CompiledFunction function, WasmModule module) {
        ConditionParser p = new ConditionParser(text, function, module);
        if (p.peek().kind() == Token.Kind.END) throw p.error("the condition is empty");
        Expr e = p.binary(0);
        if (p.peek().kind() != Token.Kind.END) throw p.error("unexpected '" + p.peek().text() + "'");
        return e;
    }

    private ConditionException error(String what) {
        return errorAt(peek().pos(), what);
    }

    private ConditionException errorAt(int pos, String what) {
        return new ConditionException(text, pos, what);
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        return tokens.get(at++);
    }

    private Expr binary(int level) {
        if (level == Operator.LEVELS) return unary();
        Expr left = binary(level + 1);
        while (peek().kind() == Token.Kind.OPERATOR) {
            Operator op = Operator.binary(peek().text(), level);
            if (op == null) break;
            int pos = next().pos();
            left = combine(op, pos, left, binary(level + 1));
        }
        return left;
    }

    private Expr combine(Operator op, int pos, Expr a, Expr b) {
        if (op == Operator.AND) return new Expr.And(a, b);
        if (op == Operator.OR) return new Expr.Or(a, b);
        Expr.Type common = a.type == Expr.Type.F64 || b.type == Expr.Type.F64 ? Expr.Type.F64
                : a.type == Expr.Type.I64 || b.type == Expr.Type.I64 ? Expr.Type.I64 : Expr.Type.I32;
        if (op.category == Operator.Category.INTEGER && common == Expr.Type.F64) {
            throw errorAt(pos, "'" + op.symbol + "' needs integer operands");
        }
        if (op.category == Operator.Category.COMPARISON) {
            return switch (common) {
                case I32 -> new Expr.I32Compare(op, a, b);
                case I64 -> new Expr.I64Compare(op, a, b);
                case F64 -> new Expr.F64Compare(op, a, b);
            };
        }
        return switch (common) {
            case I32 -> new Expr.I32Op(op, a, b);
            case I64 -> new Expr.I64Op(op, a, b);
            case F64 -> new Expr.F64Op(op, a, b);
        };
    }

    private Expr unary() {
        Token t = peek();
        if (t.kind() == Token.Kind.OPERATOR && (t.text().equals("!") || t.text().equals("-"))) {
            next();
            Expr a = unary();
            if (t.text().equals("!")) return new Expr.Not(a);
            // Negative literals are folded, so that -2147483648 stays an i32.
            if (a instanceof Expr.FloatConst c) return new Expr.FloatConst(-c.value);
            if (a instanceof Expr.IntConst c) return integer(-c.value, c.type == Expr.Type.I64 && -c.value != (int) -c.value);
            return new Expr.Negate(a);
        }
        return primary();
    }

    private static Expr.IntConst integer(long v, boolean wide) {
        return wide || v != (int) v ? new Expr.IntConst(Expr.Type.I64, v) : new Expr.IntConst(Expr.Type.I32, v);
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind()) {
            case LPAREN -> {
                if (peek().kind() == Token.Kind.RPAREN) throw error("empty parentheses");
                Expr e = binary(0);
                if (peek().kind() != Token.Kind.RPAREN) throw error("expected ')'");
                next();
                return e;
            }
            case NUMBER -> {
                return number(t);
            }
            case NAME -> {
                return variable(t);
            }
            case END -> throw errorAt(t.pos(), "the condition ends too early");
            default -> throw errorAt(t.pos(), "unexpected '" + t.text() + "'");
        }
    }

    private Expr number(Token t) {
        String s = t.text();
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                String digits = s.substring(2);
                if (digits.isEmpty()) throw errorAt(t.pos(), "bad number '" + s + "'");
                if (digits.length() > 16) throw errorAt(t.pos(), "number too large '" + s + "'");
                long v = Long.parseUnsignedLong(digits, 16);
                // Up to 8 hex digits is an i32 bit pattern (0xffffffff == -1), as in Wasm.
                return digits.length() <= 8 ? new Expr.IntConst(Expr.Type.I32, (int) v) : new Expr.IntConst(Expr.Type.I64, v);
            }
            if (s.contains(".") || s.contains("e") || s.contains("E")) return new Expr.FloatConst(Double.parseDouble(s));
            return integer(Long.parseLong(s), false);
        } catch (NumberFormatException e) {
            throw errorAt(t.pos(), "bad number '" + s + "'");
        }
    }

    /** A local by name or {@code $N}, a global by name or {@code $gN}; a local shadows a global. */
    private Expr variable(Token t) {
        String name = t.text();
        Map<Integer, String> localNames = module.names().localNames().getOrDefault(function.index, Map.of());
        for (Map.Entry<Integer, String> e : localNames.entrySet()) {
            if (name.equals(e.getValue()) && e.getKey() < function.localCount()) return local(e.getKey(), t);
        }
        for (Map.Entry<Integer, String> e : module.names().globalNames().entrySet()) {
            if (name.equals(e.getValue()) && e.getKey() < module.globalCount()) return global(e.getKey(), t);
        }
        if (name.matches("\\$g[0-9]+")) {
            int g = index(name.substring(2), t);
            if (g >= module.globalCount()) throw errorAt(t.pos(), "there is no global " + g + " (the module has " + module.globalCount() + ")");
            return global(g, t);
        }
        if (name.matches("\\$[0-9]+")) {
            int l = index(name.substring(1), t);
            if (l >= function.localCount()) throw errorAt(t.pos(), "there is no local " + l + " (the function has " + function.localCount() + ")");
            return local(l, t);
        }
        throw errorAt(t.pos(), "unknown name '" + name + "' (not a local of this function or a global; use $N or $gN for indices)");
    }

    private int index(String digits, Token t) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw errorAt(t.pos(), "bad index '" + t.text() + "'");
        }
    }

    private Expr local(int index, Token t) {
        ValType type = function.localType(index);
        if (type == ValType.V128) throw errorAt(t.pos(), "'" + t.text() + "' is a v128 and cannot be used in a condition");
        return new Expr.Local(type, function.localSlot(index));
    }

    private Expr global(int index, Token t) {
        ValType type = module.globalType(index).type();
        if (type == ValType.V128) throw errorAt(t.pos(), "'" + t.text() + "' is a v128 and cannot be used in a condition");
        return new Expr.Global(type, index);
    }
}
