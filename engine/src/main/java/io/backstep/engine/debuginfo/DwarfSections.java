package io.backstep.engine.debuginfo;

import java.util.Map;

/** The DWARF sections of one module (or of its external debug file); absent ones are empty. */
final class DwarfSections {
    final Section info, abbrev, line, str, lineStr, strOffsets, addr, ranges, rnglists, loc, loclists;

    DwarfSections(Map<String, Section> byName) {
        info = get(byName, ".debug_info");
        abbrev = get(byName, ".debug_abbrev");
        line = get(byName, ".debug_line");
        str = get(byName, ".debug_str");
        lineStr = get(byName, ".debug_line_str");
        strOffsets = get(byName, ".debug_str_offsets");
        addr = get(byName, ".debug_addr");
        ranges = get(byName, ".debug_ranges");
        rnglists = get(byName, ".debug_rnglists");
        loc = get(byName, ".debug_loc");
        loclists = get(byName, ".debug_loclists");
    }

    private static Section get(Map<String, Section> m, String name) {
        Section s = m.get(name);
        return s != null ? s : Section.empty(name);
    }
}
