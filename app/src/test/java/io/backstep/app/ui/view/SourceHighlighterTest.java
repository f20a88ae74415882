package io.backstep.app.ui.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backstep.app.ui.view.SourceHighlighter.Language;
import java.util.Collection;
import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;
import org.junit.jupiter.api.Test;

class SourceHighlighterTest {
    /** The style at the first occurrence of {@code what} in {@code text} ("" for none). */
    private static String styleAt(String text, Language lang, String what) {
        StyleSpans<Collection<String>> spans = SourceHighlighter.spans(text, lang);
        int at = text.indexOf(what);
        int pos = 0;
        for (StyleSpan<Collection<String>> s : spans) {
            if (at < pos + s.getLength()) return s.getStyle().isEmpty() ? "" : s.getStyle().iterator().next();
            pos += s.getLength();
        }
        throw new AssertionError("past the end");
    }

    @Test
    void cTokens() {
        String c = "#include <stdio.h>\n/* a\n   block */\nstatic int f(char *s) { // note\n  return s[0] + 0x1f; \"str\\\"ing\" 'c' }\n";
        assertEquals(c.length(), SourceHighlighter.spans(c, Language.C).length());
        assertEquals("preprocessor", styleAt(c, Language.C, "<stdio.h>"));
        assertEquals("comment", styleAt(c, Language.C, "block */"));
        assertEquals("keyword", styleAt(c, Language.C, "static"));
        assertEquals("type", styleAt(c, Language.C, "int"));
        assertEquals("", styleAt(c, Language.C, "f("));
        assertEquals("comment", styleAt(c, Language.C, "note"));
        assertEquals("number", styleAt(c, Language.C, "0x1f"));
        assertEquals("string", styleAt(c, Language.C, "ing\""));
        assertEquals("string", styleAt(c, Language.C, "'c'"));
    }

    @Test
    void cppAndRustKeywordsAndLanguageByExtension() {
        assertEquals(Language.CPP, SourceHighlighter.languageOf("src/a.cpp"));
        assertEquals(Language.RUST, SourceHighlighter.languageOf("lib.rs"));
        assertEquals(Language.C, SourceHighlighter.languageOf("x.h"));
        assertEquals("keyword", styleAt("class A { template<typename T> };", Language.CPP, "template"));
        assertEquals("", styleAt("int template;", Language.C, "template"));
        String rust = "fn main<'a>(x: &'a str) { let v: u32 = 3; println!(\"hi\"); }";
        assertEquals("keyword", styleAt(rust, Language.RUST, "fn"));
        assertEquals("type", styleAt(rust, Language.RUST, "u32"));
        assertEquals("macro", styleAt(rust, Language.RUST, "println!"));
        assertEquals("", styleAt(rust, Language.RUST, "a>"), "a lifetime is no character literal");
        assertEquals("string", styleAt(rust, Language.RUST, "\"hi\""));
    }
}
