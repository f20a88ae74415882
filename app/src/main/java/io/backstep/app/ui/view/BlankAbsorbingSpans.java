package io.backstep.app.ui.view;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * Style spans with fewer runs, looking the same: a run of blanks takes the style of the text after it on
 * its line (the blanks ending a line, that of the text before them), and neighbouring runs of one style
 * become one. {@link CodeCanvas} paints each run of a line with a text call of its own, and every new
 * stop while scrubbing paints the lines in view; the code styles colour and shape glyphs only (no
 * background, no underline), so a blank looks the same in any of them.
 */
final class BlankAbsorbingSpans {
    private BlankAbsorbingSpans() {
    }

    /** {@code spans}, covering {@code text}, with blank runs merged into their neighbours. */
    static StyleSpans<Collection<String>> of(String text, StyleSpans<Collection<String>> spans) {
        List<Collection<String>> styles = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        int pos = 0;
        int pending = 0; // blanks waiting for the next text on their line
        for (StyleSpan<Collection<String>> s : spans) {
            int end = Math.min(text.length(), pos + s.getLength());
            // A run may mix blanks and text (a plain run of punctuation, names and indentation): piece by piece.
            while (pos < end) {
                boolean blank = isBlank(text.charAt(pos));
                int to = pos + 1;
                while (to < end && isBlank(text.charAt(to)) == blank) to++;
                if (!blank) {
                    add(styles, lengths, s.getStyle(), pending + to - pos);
                    pending = 0;
                } else {
                    int lastBreak = text.lastIndexOf('\n', to - 1);
                    if (lastBreak >= pos) {
                        // The blanks up to the line break end the line they are on: they go with what came before.
                        int closing = pending + lastBreak + 1 - pos;
                        if (styles.isEmpty()) add(styles, lengths, s.getStyle(), closing);
                        else lengths.set(lengths.size() - 1, lengths.get(lengths.size() - 1) + closing);
                        pending = to - lastBreak - 1;
                    } else {
                        pending += to - pos;
                    }
                }
                pos = to;
            }
            pos = Math.max(pos, end);
        }
        if (pending > 0) {
            if (styles.isEmpty()) add(styles, lengths, List.of(), pending);
            else lengths.set(lengths.size() - 1, lengths.get(lengths.size() - 1) + pending);
        }
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>(styles.size());
        for (int i = 0; i < styles.size(); i++) b.add(styles.get(i), lengths.get(i));
        if (styles.isEmpty()) b.add(List.of(), 0);
        return b.create();
    }

    private static void add(List<Collection<String>> styles, List<Integer> lengths, Collection<String> style, int len) {
        int last = styles.size() - 1;
        if (last >= 0 && styles.get(last).equals(style)) lengths.set(last, lengths.get(last) + len);
        else {
            styles.add(style);
            lengths.add(len);
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
