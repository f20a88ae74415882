package io.backstep.engine.source;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Parses the C subset the debugger evaluates. Grammar, lowest precedence first, as in C:
 * <pre>
 *   expr    := or
 *   or      := and ('||' and)*          and := bitor ('&&' bitor)*
 *   bitor   := xor ('|' xor)*           xor := bitand ('^' bitand)*      bitand := equal ('&' equal)*
 *   equal   := rel (('==' | '!=') rel)*  rel := shift (('<' | '<=' | '>' | '>=') shift)*
 *   shift   := add (('<<' | '>>') add)*  add := mul (('+' | '-') mul)*    mul := unary (('*' | '/' | '%') unary)*
 *   unary   := ('*' | '&' | '-' | '+' | '!' | '~') unary | '(' type ')' unary | postfix
 *   postfix := primary ('.' NAME | '->' NAME | '[' expr ']')*
 *   primary := NAME | INTEGER | 'c' | '(' expr ')'
 *   type    := ['const'] (base-type words | 'struct' NAME | 'union' NAME | 'enum' NAME | typedef-NAME) '*'*
 * </pre>
 * A parenthesised name is a cast when it is a type keyword, or when {@code isTypeName} says it names a
 * type (a typedef in the program's debug info); without that predicate, when the name is followed by a
 * ')' and then something that can only start an operand.
 */
public final class CParser {
    private static final Set<String> TYPE_WORDS = Set.of("void", "char", "short", "int", "long", "float", "double", "signed",
            "unsigned", "_Bool", "struct", "union", "enum", "const", "volatile");

    private final String text;
    private final List<CLexer.Token> tokens;
    private final Predicate<String> isTypeName;
    private int next;

    private CParser(String text, Predicate<String> isTypeName) {
        this.text = text;
        this.tokens = CLexer.tokens(text);
        this.isTypeName = isTypeName;
    }

    /** Parses {@code text}; {@code isTypeName} (may be null) tells typedef names from variables for casts. */
    public static CExpr parse(String text, Predicate<String> isTypeName) {
        if (text == null || text.isBlank()) throw new CExprException("empty expression");
        CParser p = new CParser(text, isTypeName);
        CExpr e = p.binary(0);
        if (p.peek().kind() != CLexer.Kind.END) throw p.error("unexpected '" + p.peek().text() + "'");
        return e;
    }

    public static CExpr parse(String text) {
        return parse(text, null);
    }

    private CLexer.Token peek() {
        return tokens.get(next);
    }

    private CLexer.Token peek(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private CLexer.Token take() {
        return tokens.get(next++);
    }

    private CExprException error(String what) {
        return new CExprException(what + " at column " + (peek().pos() + 1) + " of '" + text + "'");
    }

    private void expect(String op) {
        if (!peek().is(op)) throw error("expected '" + op + "' but found '" + peek().text() + "'");
        next++;
    }

    private static final String[][] LEVELS = {
        {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<", "<=", ">", ">="}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "%"}
    };

    private CExpr binary(int level) {
        if (level == LEVELS.length) return unary();
        CExpr left = binary(level + 1);
        while (true) {
            CLexer.Token t = peek();
            String op = null;
            for (String o : LEVELS[level]) if (t.is(o)) op = o;
            if (op == null) return left;
            next++;
            left = new CExpr.Binary(op, left, binary(level + 1), t.pos());
        }
    }

    private CExpr unary() {
        CLexer.Token t = peek();
        if (t.kind() == CLexer.Kind.OP) {
            switch (t.text()) {
                case "*", "&", "-", "+", "!", "~" -> {
                    next++;
                    return new CExpr.Unary(t.text(), unary(), t.pos());
                }
                case "(" -> {
                    if (startsType(peek(1), peek(2))) {
                        next++;
                        CExpr.TypeName type = typeName();
                        expect(")");
                        return new CExpr.Cast(type, unary(), t.pos());
                    }
                }
                default -> { }
            }
        }
        return postfix(primary());
    }

    private boolean startsType(CLexer.Token first, CLexer.Token second) {
        if (first.kind() != CLexer.Kind.NAME) return false;
        if (TYPE_WORDS.contains(first.text())) return true;
        if (isTypeName != null) return isTypeName.test(first.text());
        // No type information: "(T)x" with an operand right after the parenthesis, or "(T *)".
        if (second.is("*")) return peek(3).is(")") || peek(3).is("*");
        if (!second.is(")")) return false;
        CLexer.Token after = peek(3);
        return after.kind() == CLexer.Kind.NAME || after.kind() == CLexer.Kind.INT || after.is("(");
    }

    private CExpr.TypeName typeName() {
        StringBuilder base = new StringBuilder();
        while (peek().kind() == CLexer.Kind.NAME && (peek().text().equals("const") || peek().text().equals("volatile"))) next++;
        CLexer.Token t = take();
        if (t.kind() != CLexer.Kind.NAME) throw error("expected a type name");
        if (t.text().equals("struct") || t.text().equals("union") || t.text().equals("enum")) {
            CLexer.Token tag = take();
            if (tag.kind() != CLexer.Kind.NAME) throw error("expected a name after '" + t.text() + "'");
            base.append(t.text()).append(' ').append(tag.text());
        } else if (TYPE_WORDS.contains(t.text())) {
            base.append(t.text());
            while (peek().kind() == CLexer.Kind.NAME && TYPE_WORDS.contains(peek().text()) && !peek().text().equals("struct")
                    && !peek().text().equals("union") && !peek().text().equals("enum")) {
                String w = take().text();
                if (!w.equals("const") && !w.equals("volatile")) base.append(' ').append(w);
            }
        } else {
            base.append(t.text());
        }
        while (peek().kind() == CLexer.Kind.NAME && (peek().text().equals("const") || peek().text().equals("volatile"))) next++;
        int pointers = 0;
        while (peek().is("*")) {
            next++;
            pointers++;
            while (peek().kind() == CLexer.Kind.NAME && (peek().text().equals("const") || peek().text().equals("volatile"))) next++;
        }
        return new CExpr.TypeName(base.toString(), pointers);
    }

    private CExpr primary() {
        CLexer.Token t = take();
        switch (t.kind()) {
            case NAME -> {
                if (TYPE_WORDS.contains(t.text())) {
                    next--;
                    throw error("a type name ('" + t.text() + "') cannot be used as a value");
                }
                return new CExpr.Name(t.text(), t.pos());
            }
            case INT -> {
                return new CExpr.Literal(t.value(), literalType(t), t.pos());
            }
            case OP -> {
                if (t.is("(")) {
                    CExpr e = binary(0);
                    expect(")");
                    return e;
                }
                next--;
                throw error("expected a name, a number or '(' but found '" + t.text() + "'");
            }
            default -> {
                next--;
                throw error("unexpected end of expression");
            }
        }
    }

    /** C's rule: the first of int, unsigned int, long long, unsigned long long that holds the value (hex may be unsigned). */
    private static CType literalType(CLexer.Token t) {
        long v = t.value();
        boolean hex = t.text().startsWith("0") && t.text().length() > 1;
        if (!t.wide() && !t.unsigned() && v >= 0 && v <= Integer.MAX_VALUE) return CType.INT;
        if (!t.wide() && (t.unsigned() || hex) && v >= 0 && v <= 0xFFFFFFFFL) return CType.UNSIGNED_INT;
        if (!t.unsigned() && v >= 0) return CType.LONG_LONG;
        return CType.UNSIGNED_LONG_LONG;
    }

    private CExpr postfix(CExpr e) {
        while (true) {
            CLexer.Token t = peek();
            if (t.is(".") || t.is("->")) {
                next++;
                CLexer.Token name = take();
                if (name.kind() != CLexer.Kind.NAME) {
                    next--;
                    throw error("expected a member name after '" + t.text() + "'");
                }
                e = new CExpr.Member(e, name.text(), t.is("->"), t.pos());
            } else if (t.is("[")) {
                next++;
                CExpr index = binary(0);
                expect("]");
                e = new CExpr.Index(e, index, t.pos());
            } else {
                return e;
            }
        }
    }
}
