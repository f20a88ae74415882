package io.backstep.engine.source;

/**
 * The syntax tree of a C expression (see {@link CParser} for the grammar). {@code pos} is the 0-based
 * column of the construct in the text, for error messages. {@link #toString()} prints the expression
 * back with full parentheses.
 */
public sealed interface CExpr {
    int pos();

    /** A variable, parameter, global or enumerator by its C name. */
    record Name(String name, int pos) implements CExpr {
        public String toString() { return name; }
    }

    /** An integer or character literal with its C type. */
    record Literal(long value, CType type, int pos) implements CExpr {
        public String toString() { return type.isSigned() ? Long.toString(value) : Long.toUnsignedString(value) + "u"; }
    }

    /** {@code base.member} or, with {@code arrow}, {@code base->member}. */
    record Member(CExpr base, String member, boolean arrow, int pos) implements CExpr {
        public String toString() { return base + (arrow ? "->" : ".") + member; }
    }

    /** {@code base[index]}. */
    record Index(CExpr base, CExpr index, int pos) implements CExpr {
        public String toString() { return base + "[" + index + "]"; }
    }

    /** A prefix operator: {@code * & - + ! ~}. */
    record Unary(String op, CExpr operand, int pos) implements CExpr {
        public String toString() { return "(" + op + operand + ")"; }
    }

    /** A binary operator: arithmetic, shifts, bitwise, comparisons, {@code && ||}. */
    record Binary(String op, CExpr left, CExpr right, int pos) implements CExpr {
        public String toString() { return "(" + left + " " + op + " " + right + ")"; }
    }

    /** {@code (type) operand}. */
    record Cast(TypeName type, CExpr operand, int pos) implements CExpr {
        public String toString() { return "((" + type + ") " + operand + ")"; }
    }

    /**
     * A type as written in a cast: a base ({@code unsigned int}, {@code struct player}, a typedef name)
     * and a number of {@code *}.
     */
    record TypeName(String base, int pointers) {
        public String toString() { return base + (pointers > 0 ? " " + "*".repeat(pointers) : ""); }
    }
}
