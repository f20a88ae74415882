package io.backstep.engine.debuginfo;

import java.util.HashMap;
import java.util.Map;

/** One entry of a .debug_abbrev table: a DIE's tag, whether it has children, its attributes and forms. */
record Abbreviation(long code, int tag, boolean hasChildren, int[] attributes, int[] forms, long[] implicitConsts) {
    int indexOf(int attribute) {
        for (int i = 0; i < attributes.length; i++) if (attributes[i] == attribute) return i;
        return -1;
    }

    /** Reads the abbreviation table at {@code offset}. Small codes go in an array, others in a map. */
    static Table read(Section abbrev, long offset) {
        Cursor c = abbrev.cursor(offset);
        Table t = new Table();
        while (true) {
            long code = c.uleb();
            if (code == 0) return t;
            long tagAt = c.pos();
            long tag = c.uleb();
            if (tag > 0xFFFF) throw c.error(tagAt, "tag 0x" + Long.toHexString(tag) + " out of range");
            int children = c.u8();
            if (children > 1) throw c.error(c.pos() - 1, "bad children flag " + children);
            int n = 0;
            int[] attrs = new int[8];
            int[] forms = new int[8];
            long[] consts = null;
            while (true) {
                long at = c.uleb();
                long formAt = c.pos();
                long form = c.uleb();
                if (at == 0 && form == 0) break;
                if (at > 0xFFFF || form > 0xFFFF) throw c.error(formAt, "attribute or form code out of range");
                if (n == attrs.length) {
                    attrs = java.util.Arrays.copyOf(attrs, n * 2);
                    forms = java.util.Arrays.copyOf(forms, n * 2);
                    if (consts != null) consts = java.util.Arrays.copyOf(consts, n * 2);
                }
                attrs[n] = (int) at;
                forms[n] = (int) form;
                if (form == Dw.FORM_implicit_const) {
                    if (consts == null) consts = new long[attrs.length];
                    consts[n] = c.sleb();
                }
                n++;
            }
            Abbreviation a = new Abbreviation(code, (int) tag, children == 1, java.util.Arrays.copyOf(attrs, n),
                    java.util.Arrays.copyOf(forms, n), consts == null ? null : java.util.Arrays.copyOf(consts, n));
            if (t.get(code) != null) throw c.error(tagAt, "duplicate abbreviation code " + code);
            t.put(code, a);
        }
    }

    static final class Table {
        private Abbreviation[] small = new Abbreviation[64];
        private Map<Long, Abbreviation> large;

        Abbreviation get(long code) {
            if (code >= 0 && code < small.length) return small[(int) code];
            return large == null ? null : large.get(code);
        }

        void put(long code, Abbreviation a) {
            if (code >= 0 && code < 4096) {
                if (code >= small.length) small = java.util.Arrays.copyOf(small, Math.max((int) code + 1, small.length * 2));
                small[(int) code] = a;
            } else {
                if (large == null) large = new HashMap<>();
                large.put(code, a);
            }
        }
    }
}
