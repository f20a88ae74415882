package io.backstep.engine.debuginfo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One unit of .debug_info. The header is read when the unit is indexed; the root entry (name, ranges,
 * line table offset) when first asked for; the other entries only when something needs them.
 */
public final class CompileUnit {
    /** Deepest DIE nesting accepted: deeper is treated as malformed (it bounds all tree walks). */
    static final int MAX_DEPTH = 512;

    final DebugInfo owner;
    final DwarfSections sections;
    private final long offset;
    private final long end;
    private final int offsetSize;
    private final int version;
    private final int unitType;
    private final int addressSize;
    private final long abbrevOffset;
    private final long firstDie;

    private Abbreviation.Table abbrevs;
    private Die root;
    private boolean parsed;
    private Die[] dies;           // in offset order, after parseDies()
    private List<AddressRange> unitRanges;
    private LineTable lineTable;
    private List<SourceFile> headerFiles;   // the line table header's files, until the table is read

    private CompileUnit(DebugInfo owner, DwarfSections sections, long offset, long end, int offsetSize, int version,
                        int unitType, int addressSize, long abbrevOffset, long firstDie) {
        this.owner = owner;
        this.sections = sections;
        this.offset = offset;
        this.end = end;
        this.offsetSize = offsetSize;
        this.version = version;
        this.unitType = unitType;
        this.addressSize = addressSize;
        this.abbrevOffset = abbrevOffset;
        this.firstDie = firstDie;
    }

    /** Reads the headers of all units in .debug_info (cheap: each unit is skipped by its length). */
    static List<CompileUnit> index(DebugInfo owner, DwarfSections s) {
        List<CompileUnit> out = new ArrayList<>();
        Cursor c = s.info.cursor(0);
        int[] os = new int[1];
        while (!c.atEnd()) {
            long at = c.pos();
            long len = c.initialLength(os);
            long end = c.pos() + len;
            long outer = c.limit(end);
            int version = c.u16();
            if (version < 2 || version > 5) throw c.error(at, "unsupported DWARF version " + version);
            int unitType = Dw.UT_compile;
            int addrSize;
            long abbrevOff;
            if (version >= 5) {
                unitType = c.u8();
                addrSize = c.u8();
                abbrevOff = c.unsigned(os[0]);
                switch (unitType) {
                    case Dw.UT_compile, Dw.UT_partial -> { }
                    case Dw.UT_skeleton, Dw.UT_split_compile -> c.skip(8);
                    case Dw.UT_type, Dw.UT_split_type -> c.skip(8 + os[0]);
                    default -> throw c.error(at, "unknown unit type " + unitType);
                }
            } else {
                abbrevOff = c.unsigned(os[0]);
                addrSize = c.u8();
            }
            if (addrSize != 4 && addrSize != 8) throw c.error(at, "unsupported address size " + addrSize);
            if (abbrevOff < 0 || abbrevOff >= s.abbrev.size()) {
                throw c.error(at, "abbreviation offset 0x" + Long.toHexString(abbrevOff) + " out of bounds");
            }
            out.add(new CompileUnit(owner, s, at, end, os[0], version, unitType, addrSize, abbrevOff, c.pos()));
            c.limit(outer);
            c.pos(end);
        }
        return out;
    }

    /** Offset of the unit header in .debug_info. */
    public long offset() { return offset; }
    /** End of the unit in .debug_info (exclusive). */
    public long end() { return end; }
    public int version() { return version; }
    public int unitType() { return unitType; }
    public int addressSize() { return addressSize; }
    public int offsetSize() { return offsetSize; }

    boolean containsOffset(long dieOffset) {
        return dieOffset >= firstDie && dieOffset < end;
    }

    private Abbreviation.Table abbrevs() {
        if (abbrevs == null) abbrevs = owner.abbreviations(abbrevOffset);
        return abbrevs;
    }

    /** The unit's root entry (DW_TAG_compile_unit), read without reading the rest of the unit. */
    public synchronized Die root() {
        if (root == null) {
            Cursor c = sections.info.cursor(firstDie, end);
            Die d = readDie(c);
            if (d == null) throw DebugInfoException.at(".debug_info", firstDie, "unit has no root entry");
            root = d;
        }
        return root;
    }

    public String name() { return root().string(Dw.AT_name); }
    public String compDir() { return root().string(Dw.AT_comp_dir); }
    public String producer() { return root().string(Dw.AT_producer); }
    public long language() { return root().unsigned(Dw.AT_language, 0); }

    /** Whether the unit's entries (beyond the root) have been read. */
    public synchronized boolean entriesRead() { return parsed; }

    /** Whether the unit's line table has been read. */
    public synchronized boolean lineTableRead() { return lineTable != null; }

    /** Reads all entries of the unit (once). */
    synchronized void parseDies() {
        if (parsed) return;
        Die r = root();
        List<Die> all = new ArrayList<>();
        all.add(r);
        Cursor c = sections.info.cursor(firstDie, end);
        readDie(c); // skip the root again; its attributes are already decoded
        if (r.abbrev.hasChildren()) {
            Die[] stack = new Die[MAX_DEPTH];
            int depth = 0;
            stack[0] = r;
            while (depth >= 0 && !c.atEnd()) {
                Die d = readDie(c);
                if (d == null) { // end of siblings
                    depth--;
                    continue;
                }
                stack[depth].addChild(d);
                all.add(d);
                if (d.abbrev.hasChildren()) {
                    if (++depth >= MAX_DEPTH) throw DebugInfoException.at(".debug_info", d.offset, "entries nested too deeply");
                    stack[depth] = d;
                }
            }
        }
        dies = all.toArray(new Die[0]);
        parsed = true;
    }

    /** All entries of the unit, in .debug_info order (reads them if needed). */
    public List<Die> entries() {
        parseDies();
        return Collections.unmodifiableList(java.util.Arrays.asList(dies));
    }

    /** The entry at a .debug_info offset inside this unit, or null. */
    Die dieAt(long dieOffset) {
        parseDies();
        int lo = 0, hi = dies.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long o = dies[mid].offset;
            if (o < dieOffset) lo = mid + 1;
            else if (o > dieOffset) hi = mid - 1;
            else return dies[mid];
        }
        return null;
    }

    /** Reads one entry at the cursor; null for a null entry (code 0). */
    private Die readDie(Cursor c) {
        long at = c.pos();
        long code = c.uleb();
        if (code == 0) return null;
        Abbreviation a = abbrevs().get(code);
        if (a == null) throw c.error(at, "unknown abbreviation code " + code);
        int n = a.forms().length;
        int[] forms = a.forms();
        long[] vals = new long[n];
        int[] aux = null;
        for (int i = 0; i < n; i++) {
            int form = forms[i];
            if (form == Dw.FORM_indirect) {
                if (forms == a.forms()) forms = forms.clone();
                long f = c.uleb();
                if (f == Dw.FORM_indirect || f == Dw.FORM_implicit_const || f > 0xFFFF) throw c.error("bad indirect form");
                forms[i] = form = (int) f;
            }
            switch (form) {
                case Dw.FORM_addr -> vals[i] = c.unsigned(addressSize);
                case Dw.FORM_data1, Dw.FORM_ref1, Dw.FORM_flag, Dw.FORM_strx1, Dw.FORM_addrx1 -> vals[i] = c.u8();
                case Dw.FORM_data2, Dw.FORM_ref2, Dw.FORM_strx2, Dw.FORM_addrx2 -> vals[i] = c.u16();
                case Dw.FORM_strx3, Dw.FORM_addrx3 -> vals[i] = c.u24();
                case Dw.FORM_data4, Dw.FORM_ref4, Dw.FORM_strx4, Dw.FORM_addrx4, Dw.FORM_ref_sup4 -> vals[i] = c.u32();
                case Dw.FORM_data8, Dw.FORM_ref8, Dw.FORM_ref_sig8, Dw.FORM_ref_sup8 -> vals[i] = c.u64();
                case Dw.FORM_sdata -> vals[i] = c.sleb();
                case Dw.FORM_udata, Dw.FORM_ref_udata, Dw.FORM_strx, Dw.FORM_addrx, Dw.FORM_loclistx,
                        Dw.FORM_rnglistx, Dw.FORM_GNU_addr_index, Dw.FORM_GNU_str_index -> vals[i] = c.uleb();
                case Dw.FORM_string -> {
                    vals[i] = c.pos();
                    c.cstring();
                }
                case Dw.FORM_strp, Dw.FORM_line_strp, Dw.FORM_sec_offset, Dw.FORM_strp_sup, Dw.FORM_GNU_ref_alt,
                        Dw.FORM_GNU_strp_alt -> vals[i] = c.unsigned(offsetSize);
                case Dw.FORM_ref_addr -> vals[i] = c.unsigned(version <= 2 ? addressSize : offsetSize);
                case Dw.FORM_flag_present -> vals[i] = 1;
                case Dw.FORM_implicit_const -> vals[i] = a.implicitConsts()[i];
                case Dw.FORM_block1, Dw.FORM_block2, Dw.FORM_block4, Dw.FORM_block, Dw.FORM_exprloc, Dw.FORM_data16 -> {
                    long len = switch (form) {
                        case Dw.FORM_block1 -> c.u8();
                        case Dw.FORM_block2 -> c.u16();
                        case Dw.FORM_block4 -> c.u32();
                        case Dw.FORM_data16 -> 16;
                        default -> c.uleb();
                    };
                    if (len < 0 || len > c.remaining()) throw c.error("block of " + len + " bytes runs past the end of the unit");
                    if (aux == null) aux = new int[n];
                    vals[i] = c.pos();
                    aux[i] = (int) len;
                    c.skip(len);
                }
                default -> throw c.error(at, "unknown form 0x" + Integer.toHexString(form));
            }
            // Unit-relative references become .debug_info offsets.
            if (form == Dw.FORM_ref1 || form == Dw.FORM_ref2 || form == Dw.FORM_ref4 || form == Dw.FORM_ref8
                    || form == Dw.FORM_ref_udata) {
                vals[i] += offset;
            }
        }
        return new Die(this, at, a, forms, vals, aux);
    }

    // ---- indexed strings and addresses (DWARF 5) ----

    private long strOffsetsBase() {
        Die r = root();
        if (r.has(Dw.AT_str_offsets_base)) return r.raw(Dw.AT_str_offsets_base);
        return version >= 5 ? 8 : 0; // a lone contribution's header (DWARF 5: 8 bytes)
    }

    String indexedString(long index) {
        long base = strOffsetsBase();
        Section so = sections.strOffsets;
        if (index < 0 || index > (so.size() - base) / offsetSize) {
            throw DebugInfoException.at(so.name(), base, "string index " + index + " out of bounds");
        }
        long off = so.cursor(base + index * offsetSize).unsigned(offsetSize);
        return sections.str.string(off);
    }

    long indexedAddress(long index) {
        Die r = root();
        long base = r.has(Dw.AT_addr_base) ? r.raw(Dw.AT_addr_base) : 8;
        Section a = sections.addr;
        if (index < 0 || index > (a.size() - base) / addressSize) {
            throw DebugInfoException.at(a.name(), base, "address index " + index + " out of bounds");
        }
        return a.cursor(base + index * addressSize).unsigned(addressSize);
    }

    /** The unit's base address for range and location lists: its low_pc (0 if none). */
    long baseAddress() {
        return root().address(Dw.AT_low_pc, 0);
    }

    // ---- ranges ----

    /** Address ranges of the unit itself. */
    public synchronized List<AddressRange> ranges() {
        if (unitRanges == null) unitRanges = rangesOf(root());
        return unitRanges;
    }

    List<AddressRange> rangesOf(Die d) {
        if (d.has(Dw.AT_ranges)) return rangeList(d);
        if (!d.has(Dw.AT_low_pc)) return List.of();
        long low = d.address(Dw.AT_low_pc, 0);
        if (!d.has(Dw.AT_high_pc)) return List.of(new AddressRange(low, low + 1));
        long high = d.isConstant(Dw.AT_high_pc) ? low + d.unsigned(Dw.AT_high_pc, 0) : d.address(Dw.AT_high_pc, 0);
        if (Long.compareUnsigned(high, low) < 0) {
            throw DebugInfoException.at(".debug_info", d.offset, "high_pc below low_pc");
        }
        return live(low, high) ? List.of(new AddressRange(low, high)) : List.of();
    }

    /**
     * False for empty ranges and for code the linker discarded: a start at a tombstone (all ones, or
     * all ones minus one in .debug_ranges/.debug_loc), or a range past the address space (offsets from a
     * tombstoned base address). Arguments are the unmasked sums.
     */
    private boolean live(long start, long end) {
        if (addressSize == 4) {
            return start >= 0 && start < 0xFFFFFFFEL && end > start && end <= 0xFFFFFFFFL;
        }
        return Long.compareUnsigned(end, start) > 0 && start != -1L && start != -2L;
    }

    private List<AddressRange> rangeList(Die d) {
        int form = d.form(Dw.AT_ranges);
        long v = d.raw(Dw.AT_ranges);
        List<AddressRange> out = new ArrayList<>();
        if (version < 5) {
            if (form != Dw.FORM_sec_offset && form != Dw.FORM_data4 && form != Dw.FORM_data8) {
                throw DebugInfoException.at(".debug_info", d.offset, "DW_AT_ranges has form 0x" + Integer.toHexString(form));
            }
            Cursor c = sections.ranges.cursor(v);
            long base = baseAddress();
            long max = addressSize == 4 ? 0xFFFFFFFFL : -1L;
            for (int guard = 0; ; guard++) {
                long s = c.unsigned(addressSize), e = c.unsigned(addressSize);
                if (s == 0 && e == 0) break;
                if (s == max) base = e;
                else if (live(base + s, base + e)) out.add(new AddressRange((base + s) & max, (base + e) & max));
            }
            return out;
        }
        long off = form == Dw.FORM_rnglistx ? listOffset(sections.rnglists, Dw.AT_rnglists_base, v) : v;
        Cursor c = sections.rnglists.cursor(off);
        long base = baseAddress();
        while (true) {
            int kind = c.u8();
            switch (kind) {
                case Dw.RLE_end_of_list -> { return out; }
                case Dw.RLE_base_addressx -> base = indexedAddress(c.uleb());
                case Dw.RLE_startx_endx -> add(out, indexedAddress(c.uleb()), indexedAddress(c.uleb()));
                case Dw.RLE_startx_length -> {
                    long s = indexedAddress(c.uleb());
                    add(out, s, s + c.uleb());
                }
                case Dw.RLE_offset_pair -> {
                    long s = c.uleb(), e = c.uleb();
                    add(out, base + s, base + e);
                }
                case Dw.RLE_base_address -> base = c.unsigned(addressSize);
                case Dw.RLE_start_end -> add(out, c.unsigned(addressSize), c.unsigned(addressSize));
                case Dw.RLE_start_length -> {
                    long s = c.unsigned(addressSize);
                    add(out, s, s + c.uleb());
                }
                default -> throw c.error(c.pos() - 1, "unknown range list entry " + kind);
            }
        }
    }

    private void add(List<AddressRange> out, long s, long e) {
        if (live(s, e)) {
            long mask = addressSize == 4 ? 0xFFFFFFFFL : -1L;
            out.add(new AddressRange(s & mask, e & mask));
        }
    }

    /** Resolves a rnglistx/loclistx index through the offsets table at the unit's base attribute. */
    private long listOffset(Section s, int baseAttr, long index) {
        Die r = root();
        long base = r.has(baseAttr) ? r.raw(baseAttr) : 12;
        if (index < 0 || index >= (s.size() - base) / offsetSize + 1) {
            throw DebugInfoException.at(s.name(), base, "list index " + index + " out of bounds");
        }
        return base + s.cursor(base + index * offsetSize).unsigned(offsetSize);
    }

    // ---- location lists ----

    /** One entry of a location list: the expression applies at addresses in {@code range}. */
    public record LocationListEntry(AddressRange range, byte[] expression) { }

    /** The entries of a location-list attribute (v4 .debug_loc or v5 .debug_loclists). */
    List<LocationListEntry> locationList(Die d, int attribute) {
        if (!d.isLocationList(attribute)) {
            throw DebugInfoException.at(".debug_info", d.offset, "attribute 0x" + Integer.toHexString(attribute) + " is not a location list");
        }
        int form = d.form(attribute);
        long v = d.raw(attribute);
        List<LocationListEntry> out = new ArrayList<>();
        long mask = addressSize == 4 ? 0xFFFFFFFFL : -1L;
        long base = baseAddress();
        if (version < 5) {
            Cursor c = sections.loc.cursor(v);
            while (true) {
                long s = c.unsigned(addressSize), e = c.unsigned(addressSize);
                if (s == 0 && e == 0) return out;
                if (s == mask) {
                    base = e;
                    continue;
                }
                int len = c.u16();
                long at = c.pos();
                c.skip(len);
                if (live(base + s, base + e)) {
                    out.add(new LocationListEntry(new AddressRange((base + s) & mask, (base + e) & mask),
                            sections.loc.slice(at, len)));
                }
            }
        }
        long off = form == Dw.FORM_loclistx ? listOffset(sections.loclists, Dw.AT_loclists_base, v) : v;
        Cursor c = sections.loclists.cursor(off);
        while (true) {
            int kind = c.u8();
            long s, e;
            switch (kind) {
                case Dw.LLE_end_of_list -> { return out; }
                case Dw.LLE_base_addressx -> { base = indexedAddress(c.uleb()); continue; }
                case Dw.LLE_base_address -> { base = c.unsigned(addressSize); continue; }
                case Dw.LLE_startx_endx -> { s = indexedAddress(c.uleb()); e = indexedAddress(c.uleb()); }
                case Dw.LLE_startx_length -> { s = indexedAddress(c.uleb()); e = s + c.uleb(); }
                case Dw.LLE_offset_pair -> { s = base + c.uleb(); e = base + c.uleb(); }
                case Dw.LLE_default_location -> { s = 0; e = mask; }
                case Dw.LLE_start_end -> { s = c.unsigned(addressSize); e = c.unsigned(addressSize); }
                case Dw.LLE_start_length -> { s = c.unsigned(addressSize); e = s + c.uleb(); }
                default -> throw c.error(c.pos() - 1, "unknown location list entry " + kind);
            }
            long len = c.uleb();
            if (len > c.remaining()) throw c.error("location expression runs past the end of the section");
            long at = c.pos();
            c.skip(len);
            if (live(s, e)) out.add(new LocationListEntry(new AddressRange(s & mask, e & mask), sections.loclists.slice(at, len)));
        }
    }

    // ---- line table ----

    /** The unit's line table (read once, on first use), or null if it has none. */
    public synchronized LineTable lineTable() {
        if (lineTable == null) {
            Die r = root();
            if (!r.has(Dw.AT_stmt_list)) return null;
            lineTable = LineTable.read(sections, r.raw(Dw.AT_stmt_list), addressSize, compDir(), name());
        }
        return lineTable;
    }

    /**
     * The files of the unit's line table, from its header alone unless the table is read already (the
     * line program is not run: a module's file list costs no rows); empty without a line table.
     */
    public synchronized List<SourceFile> sourceFiles() {
        if (lineTable != null) return lineTable.files();
        if (headerFiles == null) {
            Die r = root();
            headerFiles = r.has(Dw.AT_stmt_list) ? LineTable.readFiles(sections, r.raw(Dw.AT_stmt_list), addressSize, compDir()) : List.of();
        }
        return headerFiles;
    }

    @Override
    public String toString() {
        return "unit@0x" + Long.toHexString(offset) + " v" + version;
    }
}
