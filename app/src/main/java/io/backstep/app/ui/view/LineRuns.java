package io.backstep.app.ui.view;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;

/**
 * The style runs of one line, as {@link CodeCanvas} paints them: run {@code i} covers columns
 * {@code ends[i-1]..ends[i]} in the style class {@code styles[i]} (null for the default style). The
 * highlighters give style spans over a whole text; this cuts them into lines.
 */
public final class LineRuns {
    final int[] ends;
    final String[] styles;

    LineRuns(int[] ends, String[] styles) {
        this.ends = ends;
        this.styles = styles;
    }

    /** How many runs the line has. */
    public int count() {
        return ends.length;
    }

    /** The style class of run {@code i}, or null for the default style. */
    public String style(int i) {
        return styles[i];
    }

    /** The column after run {@code i}. */
    public int end(int i) {
        return ends[i];
    }

    /** The runs of one line from spans covering just that line. */
    static LineRuns of(StyleSpans<Collection<String>> spans) {
        int n = spans.getSpanCount();
        int[] ends = new int[n];
        String[] styles = new String[n];
        int pos = 0;
        int i = 0;
        for (StyleSpan<Collection<String>> s : spans) {
            pos += s.getLength();
            ends[i] = pos;
            styles[i] = first(s.getStyle());
            i++;
        }
        return new LineRuns(ends, styles);
    }

    /** The runs of every line of {@code text} (lines split at '\n'), from spans covering all of it. */
    static LineRuns[] split(String text, StyleSpans<Collection<String>> spans) {
        List<LineRuns> lines = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        List<String> styles = new ArrayList<>();
        int lineStart = 0;
        int pos = 0;
        for (StyleSpan<Collection<String>> s : spans) {
            String style = first(s.getStyle());
            int end = Math.min(text.length(), pos + s.getLength());
            while (pos < end) {
                int br = text.indexOf('\n', pos);
                if (br < 0 || br >= end) {
                    ends.add(end - lineStart);
                    styles.add(style);
                    pos = end;
                } else {
                    if (br > pos) {
                        ends.add(br - lineStart);
                        styles.add(style);
                    }
                    lines.add(build(ends, styles));
                    pos = br + 1;
                    lineStart = pos;
                }
            }
        }
        lines.add(build(ends, styles));
        return lines.toArray(new LineRuns[0]);
    }

    private static LineRuns build(List<Integer> ends, List<String> styles) {
        int[] e = new int[ends.size()];
        for (int i = 0; i < e.length; i++) e[i] = ends.get(i);
        LineRuns r = new LineRuns(e, styles.toArray(new String[0]));
        ends.clear();
        styles.clear();
        return r;
    }

    private static String first(Collection<String> style) {
        return style.isEmpty() ? null : style.iterator().next();
    }
}
