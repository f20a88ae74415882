package io.backstep.app.ui.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backstep.app.ui.view.SourceHighlighter.Language;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;
import org.junit.jupiter.api.Test;

/** Code lines are styled in few runs (one text node each on screen), with every visible character's style unchanged. */
class BlankAbsorbingSpansTest {
    /** "style:text" for each run of {@code text}. */
    private static List<String> runs(String text, StyleSpans<Collection<String>> spans) {
        List<String> out = new ArrayList<>();
        int pos = 0;
        for (StyleSpan<Collection<String>> s : spans) {
            String style = s.getStyle().isEmpty() ? "" : String.join(",", s.getStyle());
            out.add(style + ":" + text.substring(pos, pos + s.getLength()));
            pos += s.getLength();
        }
        assertEquals(text.length(), pos, "the runs cover the text");
        return out;
    }

    @Test
    void aWatInstructionIsTwoRuns() {
        String line = "        local.get $p0";
        assertEquals(List.of("var:        local.get", "name: $p0"), runs(line, CodeView.WatHighlighter.spans(line)));
        String load = "    i32.load offset=8 align=4  ";
        assertEquals(List.of("mem:    i32.load", "number: offset=8 align=4  "), runs(load, CodeView.WatHighlighter.spans(load)));
    }

    @Test
    void blanksJoinTheTextAfterThemOnTheirLineAndLineEndsTheTextBefore() {
        String c = "int x;  \n    return x; // done\n\n  }";
        assertEquals(List.of("type:int", ": x;  \n", "keyword:    return", ": x;", "comment: // done\n\n", ":  }"),
            runs(c, SourceHighlighter.spans(c, Language.C)));
    }

    @Test
    void blankOnlyAndEmptyTextKeepOneRun() {
        assertEquals(List.of(":   "), runs("   ", CodeView.WatHighlighter.spans("   ")));
        assertEquals(List.of(":"), runs("", CodeView.WatHighlighter.spans("")));
    }
}
