package io.backstep.engine.debuginfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The line table of one unit: the rows of its line program, in program order (sequences one after
 * the other, each ending with an {@code end_sequence} row), and its file table. As llvm-dwarfdump does,
 * sequences whose DW_LNE_set_address is the linker's tombstone (all ones: code the linker discarded)
 * give no rows.
 */
public final class LineTable {
    private final int version;
    private final List<SourceFile> files;   // index = file number as the line program uses it
    private final List<LineRow> rows;
    private final int fileBase;             // 1 in DWARF 2-4 (entry 0 unused), 0 in DWARF 5
    /** Rows of live sequences sorted by address (stable: program order among equal addresses). */
    private LineRow[] sorted;
    private long[] sortedAddr;

    private LineTable(int version, List<SourceFile> files, List<LineRow> rows) {
        this.version = version;
        this.files = files;
        this.rows = rows;
        this.fileBase = version >= 5 ? 0 : 1;
    }

    public int version() { return version; }
    /** All rows, in line-program order. */
    public List<LineRow> rows() { return Collections.unmodifiableList(rows); }

    /** Number of file entries; valid file numbers are {@link #firstFileIndex()} up to this minus one plus the first. */
    public int fileCount() { return files.size(); }
    public int firstFileIndex() { return fileBase; }

    /** The file table, in line-program order. */
    List<SourceFile> files() { return Collections.unmodifiableList(files); }

    /** The file with line-program number {@code index}, or null if there is none. */
    public SourceFile file(int index) {
        int i = index - fileBase;
        return i >= 0 && i < files.size() ? files.get(i) : null;
    }

    /** What a line table's header says: the line program's parameters and the file table. */
    private record Header(int version, int addressSize, long programStart, int minInst, boolean defaultIsStmt, int lineBase,
                          int lineRange, int opcodeBase, int[] opLengths, List<SourceFile> files) { }

    /**
     * The file table of the line table at {@code offset}, read from its header only (the line program is
     * not run: listing a module's files costs no rows). Files a DWARF 2-4 program adds with the obsolete
     * DW_LNE_define_file are only in {@link #read}'s table.
     */
    static List<SourceFile> readFiles(DwarfSections s, long offset, int unitAddressSize, String compDir) {
        Cursor c = s.line.cursor(offset);
        return Collections.unmodifiableList(header(s, c, offset, unitAddressSize, compDir).files());
    }

    static LineTable read(DwarfSections s, long offset, int unitAddressSize, String compDir, String unitName) {
        Cursor c = s.line.cursor(offset);
        Header h = header(s, c, offset, unitAddressSize, compDir);
        int version = h.version(), addressSize = h.addressSize(), minInst = h.minInst(), lineBase = h.lineBase();
        int lineRange = h.lineRange(), opcodeBase = h.opcodeBase();
        int[] opLengths = h.opLengths();
        boolean defaultIsStmt = h.defaultIsStmt();
        List<SourceFile> files = h.files();
        c.pos(h.programStart());

        // The line program (DWARF 5 section 6.2.5).
        List<LineRow> rows = new ArrayList<>();
        long address = 0;
        int file = 1, line = 1, column = 0, isa = 0, discriminator = 0;
        boolean isStmt = defaultIsStmt, basicBlock = false, prologueEnd = false, epilogueBegin = false;
        // A sequence whose set_address is the linker's tombstone (all ones: code it discarded) yields no rows.
        boolean tombstoned = false;
        long tombstone = addressSize == 4 ? 0xFFFFFFFFL : -1L;
        int liveRows = 0;
        while (!c.atEnd()) {
            if (tombstoned) {
                while (rows.size() > liveRows) rows.remove(rows.size() - 1);
            } else {
                liveRows = rows.size();
            }
            long opAt = c.pos();
            int op = c.u8();
            if (op >= opcodeBase) {
                int adjusted = op - opcodeBase;
                address += (long) minInst * (adjusted / lineRange);
                line += lineBase + adjusted % lineRange;
                rows.add(new LineRow(address, file, line, column, isStmt, basicBlock, false, prologueEnd, epilogueBegin, isa, discriminator));
                basicBlock = prologueEnd = epilogueBegin = false;
                discriminator = 0;
                continue;
            }
            switch (op) {
                case 0 -> {
                    long n = c.uleb();
                    if (n == 0 || n > c.remaining()) throw c.error(opAt, "bad extended opcode length " + n);
                    long next = c.pos() + n;
                    int sub = c.u8();
                    switch (sub) {
                        case Dw.LNE_end_sequence -> {
                            rows.add(new LineRow(address, file, line, column, isStmt, basicBlock, true, prologueEnd, epilogueBegin, isa, discriminator));
                            if (tombstoned) rows.remove(rows.size() - 1);
                            liveRows = rows.size();
                            tombstoned = false;
                            address = 0;
                            file = 1;
                            line = 1;
                            column = isa = discriminator = 0;
                            isStmt = defaultIsStmt;
                            basicBlock = prologueEnd = epilogueBegin = false;
                        }
                        case Dw.LNE_set_address -> {
                            int size = (int) (n - 1);
                            if (size != 4 && size != 8) throw c.error(opAt, "set_address with " + size + " bytes");
                            address = c.unsigned(size);
                            if (address == tombstone) tombstoned = true;
                        }
                        case Dw.LNE_define_file -> {
                            String name = c.cstring();
                            c.uleb();
                            c.uleb();
                            c.uleb();
                            files.add(new SourceFile(name, ""));
                        }
                        case Dw.LNE_set_discriminator -> discriminator = (int) c.uleb();
                        default -> { } // unknown extended opcodes are skipped by their length
                    }
                    if (c.pos() > next) throw c.error(opAt, "extended opcode longer than its length");
                    c.pos(next);
                }
                case Dw.LNS_copy -> {
                    rows.add(new LineRow(address, file, line, column, isStmt, basicBlock, false, prologueEnd, epilogueBegin, isa, discriminator));
                    basicBlock = prologueEnd = epilogueBegin = false;
                    discriminator = 0;
                }
                case Dw.LNS_advance_pc -> address += minInst * c.uleb();
                case Dw.LNS_advance_line -> line += (int) c.sleb();
                case Dw.LNS_set_file -> file = (int) c.uleb();
                case Dw.LNS_set_column -> column = (int) c.uleb();
                case Dw.LNS_negate_stmt -> isStmt = !isStmt;
                case Dw.LNS_set_basic_block -> basicBlock = true;
                case Dw.LNS_const_add_pc -> address += (long) minInst * ((255 - opcodeBase) / lineRange);
                case Dw.LNS_fixed_advance_pc -> address += c.u16();
                case Dw.LNS_set_prologue_end -> prologueEnd = true;
                case Dw.LNS_set_epilogue_begin -> epilogueBegin = true;
                case Dw.LNS_set_isa -> isa = (int) c.uleb();
                default -> {
                    for (int i = 0; i < opLengths[op]; i++) c.uleb();
                }
            }
            if (addressSize == 4) address &= 0xFFFFFFFFL;
        }
        return new LineTable(version, files, rows);
    }

    /** Reads the header of the line table at {@code offset}; leaves {@code c} limited to the table's end. */
    private static Header header(DwarfSections s, Cursor c, long offset, int unitAddressSize, String compDir) {
        int[] os = new int[1];
        long len = c.initialLength(os);
        long end = c.pos() + len;
        c.limit(end);
        int version = c.u16();
        if (version < 2 || version > 5) throw c.error(offset, "unsupported line table version " + version);
        int addressSize = unitAddressSize;
        if (version >= 5) {
            addressSize = c.u8();
            int segSize = c.u8();
            if (segSize != 0) throw c.error("segment selectors are not supported");
            if (addressSize != 4 && addressSize != 8) throw c.error("bad address size " + addressSize);
        }
        long headerLength = c.unsigned(os[0]);
        if (headerLength < 0 || headerLength > c.remaining()) throw c.error("header length runs past the table");
        long programStart = c.pos() + headerLength;
        int minInst = c.u8();
        int maxOps = version >= 4 ? c.u8() : 1;
        if (maxOps != 1) throw c.error("VLIW line tables (maximum_operations_per_instruction " + maxOps + ") are not supported");
        boolean defaultIsStmt = c.u8() != 0;
        int lineBase = (byte) c.u8();
        int lineRange = c.u8();
        if (lineRange == 0) throw c.error("line_range is 0");
        int opcodeBase = c.u8();
        if (opcodeBase == 0) throw c.error("opcode_base is 0");
        int[] opLengths = new int[opcodeBase];
        for (int i = 1; i < opcodeBase; i++) opLengths[i] = c.u8();

        List<SourceFile> files = new ArrayList<>();
        if (version >= 5) {
            List<String> dirs = new ArrayList<>();
            int[][] dirFormat = entryFormat(c);
            long nd = c.uleb();
            if (nd > c.remaining()) throw c.error("directory count out of range");
            for (long i = 0; i < nd; i++) dirs.add(entry(s, c, dirFormat, os[0], null).name());
            int[][] fileFormat = entryFormat(c);
            long nf = c.uleb();
            if (nf > c.remaining()) throw c.error("file count out of range");
            for (long i = 0; i < nf; i++) files.add(entry(s, c, fileFormat, os[0], dirs));
        } else {
            List<String> dirs = new ArrayList<>();
            dirs.add(compDir != null ? compDir : "");
            while (true) {
                String d = c.cstring();
                if (d.isEmpty()) break;
                dirs.add(d);
            }
            while (true) {
                String name = c.cstring();
                if (name.isEmpty()) break;
                long dir = c.uleb();
                c.uleb();
                c.uleb();
                files.add(new SourceFile(name, dir < dirs.size() ? dirs.get((int) dir) : ""));
            }
        }
        if (c.pos() > programStart) throw c.error("header runs past header_length");
        return new Header(version, addressSize, programStart, minInst, defaultIsStmt, lineBase, lineRange, opcodeBase, opLengths, files);
    }

    private static int[][] entryFormat(Cursor c) {
        int n = c.u8();
        int[][] f = new int[n][2];
        for (int i = 0; i < n; i++) {
            f[i][0] = c.ulebInt();
            f[i][1] = c.ulebInt();
        }
        return f;
    }

    private static SourceFile entry(DwarfSections s, Cursor c, int[][] format, int offsetSize, List<String> dirs) {
        String name = "";
        String dir = "";
        for (int[] f : format) {
            int form = f[1];
            String str = null;
            long num = 0;
            switch (form) {
                case Dw.FORM_string -> str = c.cstring();
                case Dw.FORM_line_strp -> str = s.lineStr.string(c.unsigned(offsetSize));
                case Dw.FORM_strp -> str = s.str.string(c.unsigned(offsetSize));
                case Dw.FORM_udata -> num = c.uleb();
                case Dw.FORM_data1 -> num = c.u8();
                case Dw.FORM_data2 -> num = c.u16();
                case Dw.FORM_data4 -> num = c.u32();
                case Dw.FORM_data8 -> num = c.u64();
                case Dw.FORM_data16 -> c.skip(16);
                case Dw.FORM_block -> c.skip(c.uleb());
                default -> throw c.error("unsupported form 0x" + Integer.toHexString(form) + " in a line table entry");
            }
            if (f[0] == Dw.LNCT_path) {
                if (str == null) throw c.error("file name is not a string");
                name = str;
            } else if (f[0] == Dw.LNCT_directory_index && dirs != null) {
                dir = num >= 0 && num < dirs.size() ? dirs.get((int) num) : "";
            }
        }
        return new SourceFile(name, dir);
    }

    // ---- lookups ----

    private static boolean liveAddress(long a) {
        return a != 0xFFFFFFFFL && a != 0xFFFFFFFEL && a != -1L && a != -2L;
    }

    private synchronized void index() {
        if (sorted != null) return;
        List<LineRow> live = new ArrayList<>();
        int seqStart = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).endSequence()) {
                if (liveAddress(rows.get(seqStart).address())) live.addAll(rows.subList(seqStart, i + 1));
                seqStart = i + 1;
            }
        }
        LineRow[] a = live.toArray(new LineRow[0]);
        // End-of-sequence rows sort before other rows at the same address: a new sequence may start there.
        Arrays.sort(a, (x, y) -> {
            int cmp = Long.compareUnsigned(x.address(), y.address());
            if (cmp != 0) return cmp;
            return Boolean.compare(!x.endSequence(), !y.endSequence());
        });
        sortedAddr = new long[a.length];
        for (int i = 0; i < a.length; i++) sortedAddr[i] = a[i].address();
        sorted = a;
    }

    /**
     * The row that covers {@code address}: the last row at or before it in its sequence, or null if no
     * sequence covers it. Among several rows at the same address, the last one (what a debugger shows).
     */
    public LineRow rowFor(long address) {
        index();
        int lo = 0, hi = sorted.length - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(sortedAddr[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0 || sorted[found].endSequence()) return null;
        return sorted[found];
    }

    /**
     * Addresses where a debugger should stop for a source line: in each sequence (clang emits one per
     * function for wasm32), the lowest address of an is_stmt row of {@code line} in the given file.
     * Ascending, without duplicates; empty if the line has no code.
     */
    public List<Long> addressesFor(int fileIndex, int line) {
        java.util.TreeSet<Long> out = new java.util.TreeSet<>(Long::compareUnsigned);
        int seqStart = 0;
        long best = -1;
        boolean any = false;
        for (int i = 0; i < rows.size(); i++) {
            LineRow r = rows.get(i);
            if (!r.endSequence() && r.isStmt() && r.file() == fileIndex && r.line() == line
                    && (!any || Long.compareUnsigned(r.address(), best) < 0)) {
                best = r.address();
                any = true;
            }
            if (r.endSequence()) {
                if (any && liveAddress(rows.get(seqStart).address())) out.add(best);
                any = false;
                seqStart = i + 1;
            }
        }
        return new ArrayList<>(out);
    }

    /** Every is_stmt row address of {@code line} of file {@code fileIndex} in live sequences, ascending (one line can have
     *  code in several places of a sequence: each inlined copy, say). */
    public List<Long> statementAddressesFor(int fileIndex, int line) {
        java.util.TreeSet<Long> out = new java.util.TreeSet<>(Long::compareUnsigned);
        List<Long> seq = new ArrayList<>();
        int seqStart = 0;
        for (int i = 0; i < rows.size(); i++) {
            LineRow r = rows.get(i);
            if (!r.endSequence() && r.isStmt() && r.file() == fileIndex && r.line() == line) seq.add(r.address());
            if (r.endSequence()) {
                if (liveAddress(rows.get(seqStart).address())) out.addAll(seq);
                seq.clear();
                seqStart = i + 1;
            }
        }
        return new ArrayList<>(out);
    }

    /** File numbers whose file matches {@code path} (see {@link SourceFile#matches}). */
    public List<Integer> filesMatching(String path) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) if (files.get(i).matches(path)) out.add(i + fileBase);
        return out;
    }
}
