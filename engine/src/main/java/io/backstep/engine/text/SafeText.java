package io.backstep.engine.text;

/**
 * Makes text that came from a module (export, import, function, local and global names) or from a
 * recording safe to show on a terminal or in the window: characters that would move the cursor,
 * start an escape sequence, break the line or reorder the text around them are replaced by visible
 * escapes. Everything else, non-ASCII letters included, is shown as it is.
 */
public final class SafeText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SafeText() {
    }

    /**
     * {@code s} with every unsafe character escaped: {@code \n}, {@code \r} and {@code \t}; other
     * ASCII controls and DEL as {@code \xHH} (ESC is {@code \x1b}); other unsafe characters (C1
     * controls, bidi overrides and the other invisible formatting characters, line and paragraph
     * separators, unpaired surrogates) as <code>&#92;uHHHH</code>, or {@code \UHHHHHHHH} above U+FFFF.
     * Backslashes are left alone, so names and paths read as they are written.
     */
    public static String escape(String s) {
        if (s == null) return null;
        int i = 0;
        while (i < s.length() && !isUnsafe(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
        if (i == s.length()) return s;
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (!isUnsafe(cp)) {
                b.appendCodePoint(cp);
            } else if (cp == '\n') {
                b.append("\\n");
            } else if (cp == '\r') {
                b.append("\\r");
            } else if (cp == '\t') {
                b.append("\\t");
            } else if (cp < 0x80) {
                hex(b.append("\\x"), cp, 2);
            } else if (cp <= 0xFFFF) {
                hex(b.append("\\u"), cp, 4);
            } else {
                hex(b.append("\\U"), cp, 8);
            }
        }
        return b.toString();
    }

    /**
     * Whether code point {@code cp} must not reach a terminal or a label as it is: controls (C0, DEL,
     * C1), format characters (bidi embeddings, overrides and isolates, zero-width characters),
     * line and paragraph separators, and surrogates (a code point here is an unpaired one).
     */
    public static boolean isUnsafe(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }

    private static void hex(StringBuilder b, int value, int digits) {
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) b.append(HEX[(value >> shift) & 0xF]);
    }
}
