package io.backstep.app.ui.view;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * Syntax styles for C, C++ and Rust source: comments (line and block, across lines), string and
 * character literals, numbers, keywords, types and preprocessor lines. A pure function of the text.
 * Blanks carry the style of a neighbour ({@link BlankAbsorbingSpans}), so a line has few style runs.
 */
public final class SourceHighlighter {
    /** The languages told apart (by file extension). */
    public enum Language { C, CPP, RUST }

    private static final Set<String> C_KEYWORDS = Set.of("auto", "break", "case", "const", "continue", "default", "do", "else",
        "enum", "extern", "for", "goto", "if", "inline", "register", "restrict", "return", "sizeof", "static", "struct", "switch",
        "typedef", "union", "volatile", "while", "_Static_assert", "_Alignof", "_Alignas", "_Noreturn", "_Thread_local", "NULL",
        "true", "false");
    private static final Set<String> CPP_KEYWORDS = Set.of("class", "namespace", "template", "typename", "public", "private",
        "protected", "virtual", "override", "final", "new", "delete", "this", "operator", "using", "constexpr", "noexcept",
        "nullptr", "try", "catch", "throw", "friend", "explicit", "mutable", "static_cast", "dynamic_cast", "reinterpret_cast",
        "const_cast", "decltype", "co_await", "co_return", "co_yield", "concept", "requires");
    private static final Set<String> RUST_KEYWORDS = Set.of("as", "async", "await", "break", "const", "continue", "crate", "dyn",
        "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
        "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while",
        "union", "macro_rules");
    private static final Set<String> C_TYPES = Set.of("void", "char", "short", "int", "long", "float", "double", "signed",
        "unsigned", "bool", "_Bool", "size_t", "ssize_t", "ptrdiff_t", "intptr_t", "uintptr_t", "int8_t", "int16_t", "int32_t",
        "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "FILE", "wchar_t", "auto");
    private static final Set<String> RUST_TYPES = Set.of("i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64",
        "u128", "usize", "f32", "f64", "bool", "char", "str", "String", "Vec", "Option", "Result", "Box");

    private SourceHighlighter() {
    }

    /** The language of a file name (C for anything unknown: headers, .c). */
    public static Language languageOf(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".rs")) return Language.RUST;
        for (String ext : List.of(".cc", ".cpp", ".cxx", ".c++", ".hpp", ".hh", ".hxx", ".h++", ".ipp", ".tcc")) {
            if (n.endsWith(ext)) return Language.CPP;
        }
        return Language.C;
    }

    /** Style spans covering all of {@code text}. */
    public static StyleSpans<Collection<String>> spans(String text, Language lang) {
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        int n = text.length();
        int i = 0;
        boolean lineStart = true;
        boolean any = false;
        while (i < n) {
            char c = text.charAt(i);
            int j;
            String style = null;
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                j = endOfLine(text, i);
                style = "comment";
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                j = end < 0 ? n : end + 2;
                style = "comment";
            } else if (c == '#' && lineStart && lang != Language.RUST) {
                j = endOfDirective(text, i);
                style = "preprocessor";
            } else if (c == '"' || (c == '\'' && isCharLiteral(text, i, lang))) {
                j = endOfQuoted(text, i, c);
                style = "string";
            } else if (Character.isDigit(c)) {
                j = i + 1;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '.' || text.charAt(j) == '_')) j++;
                style = "number";
            } else if (Character.isJavaIdentifierStart(c)) {
                j = i + 1;
                while (j < n && Character.isJavaIdentifierPart(text.charAt(j))) j++;
                style = wordStyle(text.substring(i, j), lang);
                if (lang == Language.RUST && j < n && text.charAt(j) == '!') {
                    j++;
                    style = "macro";
                }
            } else {
                j = i + 1;
            }
            if (c == '\n') lineStart = true;
            else if (!Character.isWhitespace(c)) lineStart = false;
            b.add(style == null ? Collections.emptyList() : List.of(style), j - i);
            any = true;
            i = j;
        }
        if (!any) b.add(Collections.emptyList(), 0);
        return BlankAbsorbingSpans.of(text, b.create());
    }

    private static String wordStyle(String w, Language lang) {
        if (lang == Language.RUST) {
            if (RUST_KEYWORDS.contains(w)) return "keyword";
            return RUST_TYPES.contains(w) ? "type" : null;
        }
        if (C_KEYWORDS.contains(w) || (lang == Language.CPP && CPP_KEYWORDS.contains(w))) return "keyword";
        return C_TYPES.contains(w) ? "type" : null;
    }

    /** In Rust a quote also starts a lifetime ('a); a character literal closes within a few characters. */
    private static boolean isCharLiteral(String text, int i, Language lang) {
        if (lang != Language.RUST) return true;
        int close = text.indexOf('\'', i + 1);
        return close > 0 && close - i <= (text.charAt(i + 1) == '\\' ? 10 : 2 + (Character.isHighSurrogate(text.charAt(i + 1)) ? 1 : 0));
    }

    private static int endOfLine(String text, int i) {
        int e = text.indexOf('\n', i);
        return e < 0 ? text.length() : e;
    }

    /** A directive runs to the end of its line, continued lines included. */
    private static int endOfDirective(String text, int i) {
        int j = i;
        while (true) {
            int e = endOfLine(text, j);
            if (e >= text.length() || e == 0 || text.charAt(e - 1) != '\\') return e;
            j = e + 1;
        }
    }

    private static int endOfQuoted(String text, int i, char quote) {
        int j = i + 1;
        int n = text.length();
        while (j < n && text.charAt(j) != quote && text.charAt(j) != '\n') j += text.charAt(j) == '\\' ? 2 : 1;
        return Math.min(n, j + 1);
    }
}
