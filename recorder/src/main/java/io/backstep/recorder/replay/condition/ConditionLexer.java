package io.backstep.recorder.replay.condition;

import java.util.ArrayList;
import java.util.List;

/** Splits a condition into tokens: numbers (decimal, 0x…, float), names ($N, $gN, dotted), operators, parentheses. */
final class ConditionLexer {
    private ConditionLexer() {
    }

    static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
                int end = numberEnd(text, i);
                if (end < n && isNameChar(text.charAt(end))) {
                    throw new ConditionException(text, end, "bad number '" + text.substring(i, end + 1) + "'");
                }
                tokens.add(new Token(Token.Kind.NUMBER, text.substring(i, end), i));
                i = end;
            } else if (isNameStart(c)) {
                int s = i;
                while (i < n && isNameChar(text.charAt(i))) i++;
                tokens.add(new Token(Token.Kind.NAME, text.substring(s, i), s));
            } else if (c == '(' || c == ')') {
                tokens.add(new Token(c == '(' ? Token.Kind.LPAREN : Token.Kind.RPAREN, String.valueOf(c), i));
                i++;
            } else {
                String op = Operator.symbolAt(text, i);
                if (op == null) throw new ConditionException(text, i, "unexpected character '" + c + "'");
                tokens.add(new Token(Token.Kind.OPERATOR, op, i));
                i += op.length();
            }
        }
        tokens.add(new Token(Token.Kind.END, "end of text", n));
        return tokens;
    }

    private static int numberEnd(String text, int i) {
        int n = text.length();
        if (text.charAt(i) == '0' && i + 1 < n && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')) {
            i += 2;
            while (i < n && Character.digit(text.charAt(i), 16) >= 0) i++;
            return i;
        }
        while (i < n && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) i++;
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) i++;
            while (i < n && Character.isDigit(text.charAt(i))) i++;
        }
        return i;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
    }
}
