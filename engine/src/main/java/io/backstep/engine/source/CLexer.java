package io.backstep.engine.source;

import java.util.ArrayList;
import java.util.List;

/** Splits a C expression into tokens: names, integer and character literals, operators. */
final class CLexer {
    enum Kind { NAME, INT, OP, END }

    /** One token; {@code pos} is its 0-based column in the text, {@code value} a literal's value, {@code unsigned}/{@code wide} its suffixes. */
    record Token(Kind kind, String text, int pos, long value, boolean unsigned, boolean wide) {
        boolean is(String op) {
            return kind == Kind.OP && text.equals(op);
        }
    }

    private static final String[] OPERATORS = {
        "->", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
        ".", "[", "]", "(", ")", "*", "&", "+", "-", "/", "%", "<", ">", "!", "~", "^", "|", "?", ":", ","
    };

    private CLexer() {}

    static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0, n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (Character.isLetter(c) || c == '_' || c == '$') {
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '$')) i++;
                out.add(new Token(Kind.NAME, text.substring(start, i), start, 0, false, false));
                continue;
            }
            if (Character.isDigit(c)) {
                out.add(number(text, start));
                i = start + out.get(out.size() - 1).text().length();
                continue;
            }
            if (c == '\'') {
                out.add(character(text, start));
                i = start + out.get(out.size() - 1).text().length();
                continue;
            }
            String op = null;
            for (String o : OPERATORS) {
                if (text.startsWith(o, i)) {
                    op = o;
                    break;
                }
            }
            if (op == null) throw new CExprException("unexpected character '" + c + "' at column " + (i + 1));
            out.add(new Token(Kind.OP, op, start, 0, false, false));
            i += op.length();
        }
        out.add(new Token(Kind.END, "end of expression", n, 0, false, false));
        return out;
    }

    private static Token number(String s, int start) {
        int i = start, n = s.length();
        int radix = 10;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
            radix = 16;
            i += 2;
        } else if (s.charAt(i) == '0' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
            radix = 8;
            i++;
        }
        int digits = i;
        while (i < n && Character.digit(s.charAt(i), radix) >= 0) i++;
        if (i == digits && radix != 8) throw new CExprException("malformed number at column " + (start + 1));
        String body = s.substring(digits, i);
        boolean unsigned = false, wide = false;
        while (i < n && "uUlL".indexOf(s.charAt(i)) >= 0) {
            if (Character.toLowerCase(s.charAt(i)) == 'u') unsigned = true;
            else wide = true;
            i++;
        }
        if (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            throw new CExprException("malformed number at column " + (start + 1) + " (only integer literals are supported)");
        }
        long v;
        try {
            v = body.isEmpty() ? 0 : Long.parseUnsignedLong(body, radix);
        } catch (NumberFormatException e) {
            throw new CExprException("number at column " + (start + 1) + " is too large");
        }
        return new Token(Kind.INT, s.substring(start, i), start, v, unsigned, wide);
    }

    private static Token character(String s, int start) {
        int i = start + 1, n = s.length();
        if (i >= n) throw new CExprException("unterminated character literal at column " + (start + 1));
        long v;
        char c = s.charAt(i++);
        if (c == '\\') {
            if (i >= n) throw new CExprException("unterminated character literal at column " + (start + 1));
            char e = s.charAt(i++);
            v = switch (e) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case '0' -> 0;
                case '\\' -> '\\';
                case '\'' -> '\'';
                case '"' -> '"';
                default -> throw new CExprException("unsupported escape '\\" + e + "' at column " + (start + 1));
            };
        } else {
            v = c;
        }
        if (i >= n || s.charAt(i) != '\'') throw new CExprException("unterminated character literal at column " + (start + 1));
        return new Token(Kind.INT, s.substring(start, i + 1), start, v, false, false);
    }
}
