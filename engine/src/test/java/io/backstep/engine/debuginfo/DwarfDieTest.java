package io.backstep.engine.debuginfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every entry of the unit of types.c (DWARF 4 and 5, -O0 and -O2) against llvm-dwarfdump-14 --debug-info:
 * tag, names, type references and the C spelling of the type, declaration and call files and lines,
 * pcs and ranges, member offsets, bit fields, array counts, constants, and every location expression
 * and location-list entry in dwarfdump's notation.
 */
class DwarfDieTest {
    record Ref(long offset, String tag, Map<String, String> attrs) { }

    private static final Pattern DIE = Pattern.compile("^0x([0-9a-f]{8}):\\s+(DW_TAG_\\w+|NULL)");
    private static final Pattern ATTR = Pattern.compile("^\\s+(DW_AT_\\w+)\\t\\((.*)$");
    private static final Pattern RANGE = Pattern.compile("\\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)(?::\\s*(.*?))?\\)?$");

    static List<Ref> parse(String name) throws Exception {
        List<Ref> out = new ArrayList<>();
        java.io.InputStream in = DebugInfoTesting.reference(name);
        if (name.endsWith(".gz")) in = new java.util.zip.GZIPInputStream(in);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Ref cur = null;
            String attr = null;
            StringBuilder value = null;
            for (String line; (line = r.readLine()) != null; ) {
                Matcher m = DIE.matcher(line);
                if (m.find()) {
                    cur = m.group(2).equals("NULL") ? null : new Ref(Long.parseLong(m.group(1), 16), m.group(2), new LinkedHashMap<>());
                    if (cur != null) out.add(cur);
                    attr = null;
                    continue;
                }
                m = ATTR.matcher(line);
                if (m.find() && cur != null) {
                    attr = m.group(1);
                    value = new StringBuilder(m.group(2));
                    cur.attrs.put(attr, value.toString());
                    continue;
                }
                if (attr != null && cur != null && !line.isBlank()) {
                    value.append('\n').append(line.trim());
                    cur.attrs.put(attr, value.toString());
                }
            }
        }
        return out;
    }

    private static String stripParen(String v) {
        return v.endsWith(")") ? v.substring(0, v.length() - 1) : v;
    }

    private static String quoted(String v) {
        int a = v.indexOf('"'), b = v.lastIndexOf('"');
        return v.substring(a + 1, b);
    }

    private static long hex(String v) {
        Matcher m = Pattern.compile("0x([0-9a-f]+)").matcher(v);
        assertTrue(m.find(), v);
        return Long.parseLong(m.group(1), 16);
    }

    private static String normPath(String p) {
        return p.replace("/./", "/").replaceAll("^(\\./)+", "").replace("././", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"types.O0", "types.O2", "types.O0.dwarf5", "types.O2.dwarf5", "types.O0.lldb"})
    void everyEntryOfTheUnitMatchesDwarfdump(String name) throws Exception {
        DebugInfo info = DebugInfo.of(DebugInfoTesting.resource(name + ".wasm"));
        List<Ref> refs = parse(name + ".info.txt");
        assertTrue(refs.size() > 80, "entries: " + refs.size());
        assertTrue(check(info, refs, name) > 300);
        checkScopesAndLocations(info, refs, name);
    }

    /**
     * The C++ entries of classes.cpp (freestanding, -O0): a class with a bit field and its methods, an
     * lvalue and an rvalue reference, each entry as dwarfdump reads it, and the types' kinds and C++ spelling.
     */
    @ParameterizedTest
    @ValueSource(strings = {"classes.O0"})
    void everyEntryOfACppUnitMatchesDwarfdump(String name) throws Exception {
        DebugInfo info = DebugInfo.of(DebugInfoTesting.resource(name + ".wasm"));
        List<Ref> refs = parse(name + ".info.txt");
        assertTrue(refs.size() > 30, "entries: " + refs.size());
        assertTrue(check(info, refs, name) > 60);
        checkScopesAndLocations(info, refs, name);
        Map<String, DwarfType.Kind> kinds = new LinkedHashMap<>();
        for (Ref ref : refs) {
            if (ref.tag().endsWith("_type")) {
                DwarfType t = DwarfType.of(info.dieAt(ref.offset()));
                kinds.put(ref.tag(), t.kind());
                if (ref.tag().equals("DW_TAG_class_type")) assertEquals(List.of("value", "flags"), t.members().stream().map(DwarfType.Member::name).toList());
            }
        }
        assertEquals(DwarfType.Kind.CLASS, kinds.get("DW_TAG_class_type"));
        assertEquals(DwarfType.Kind.REFERENCE, kinds.get("DW_TAG_reference_type"));
        assertEquals(DwarfType.Kind.RVALUE_REFERENCE, kinds.get("DW_TAG_rvalue_reference_type"));
    }

    /** Chosen functions of the real-world programs: the function's entries, with children, as dwarfdump --name prints them. */
    @ParameterizedTest
    @ValueSource(strings = {"lua:luaV_execute", "lua:luaH_getshortstr", "lua:str_find_aux", "lz4_bench:LZ4_decompress_safe",
            "lz4_bench:XXH32", "lz4_bench:LZ4_compress_fast", "lz4_bench.O0:LZ4_decompress_safe", "image_bench:stbi__parse_png_file"})
    void chosenFunctionsOfRealProgramsMatchDwarfdump(String which) throws Exception {
        String module = which.substring(0, which.indexOf(':')), fn = which.substring(which.indexOf(':') + 1);
        DebugInfo info = DebugInfo.of(DebugInfoTesting.decode(DebugInfoTesting.realworld().resolve(module + ".wasm")));
        List<Ref> refs = parse(module + "." + fn + ".info.txt.gz");
        assertTrue(refs.size() > 5, "entries: " + refs.size());
        assertTrue(check(info, refs, which) > 20);
        checkScopesAndLocations(info, refs, which);
    }

    /**
     * Each subprogram with code is what functionAt finds at its low_pc; each inlined call and block is
     * on the scope chain at its start; and at every address of the function, a variable with a location
     * list is optimized out exactly where no entry of its list covers the address.
     */
    static void checkScopesAndLocations(DebugInfo info, List<Ref> refs, String name) {
        FrameAccess frame = DwarfExpressionTest.FRAME;
        int checked = 0, live = 0;
        for (Ref ref : refs) {
            Die d = info.dieAt(ref.offset);
            if (d.tag() == Dw.TAG_subprogram && !d.ranges().isEmpty()) {
                live++;
                long low = d.ranges().get(0).start();
                Scope f = info.functionAt(low);
                assertEquals(d.offset(), f.die().offset(), name + " " + d);
                java.util.ArrayDeque<Scope> todo = new java.util.ArrayDeque<>(List.of(f));
                while (!todo.isEmpty()) {
                    Scope s = todo.pop();
                    todo.addAll(s.children());
                    if (s != f && !s.ranges().isEmpty()) {
                        long at = s.ranges().get(0).start();
                        assertTrue(info.scopesAt(at).contains(s), name + " " + s + " on the chain at its start");
                    }
                    for (Variable v : s.variables()) {
                        if (!v.hasLocationList()) continue;
                        List<CompileUnit.LocationListEntry> list = v.locationList();
                        for (AddressRange r : f.ranges()) {
                            for (long a = r.start(); a < r.end(); a += Math.max(1, (r.end() - r.start()) / 400)) {
                                boolean covered = false;
                                for (var e : list) covered |= e.range().contains(a);
                                VariableValue val = info.valueOf(v, a, frame);
                                // Covered: available, unavailable, or (pieces missing) partly optimized out.
                                boolean out = val.status() == VariableValue.Status.OPTIMIZED_OUT && !"partly optimized out".equals(val.reason());
                                assertEquals(!covered, out, name + " " + v + " at 0x" + Long.toHexString(a) + ": " + val);
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        // (LZ4_compress_fast is inlined everywhere: its out-of-line copy was discarded by the linker.)
        assertTrue(checked > 0 || live == 0 || name.contains("O0"), name + ": location checks " + checked);
    }

    static int check(DebugInfo info, List<Ref> refs, String name) {
        int checks = 0;
        for (Ref ref : refs) {
            Die d = info.dieAt(ref.offset);
            String where = name + " " + ref.tag + "@0x" + Long.toHexString(ref.offset);
            assertEquals(ref.tag, Dw.tagName(d.tag()), where);
            for (var e : ref.attrs.entrySet()) {
                String at = e.getKey();
                String v = stripParen(e.getValue());
                String what = where + " " + at;
                if (v.contains("dead code")) continue; // a linker tombstone: llvm-dwarfdump says so instead of the value
                try {
                switch (at) {
                    case "DW_AT_name", "DW_AT_linkage_name", "DW_AT_producer", "DW_AT_comp_dir" -> {
                        int code = switch (at) {
                            case "DW_AT_name" -> Dw.AT_name;
                            case "DW_AT_linkage_name" -> Dw.AT_linkage_name;
                            case "DW_AT_producer" -> Dw.AT_producer;
                            default -> Dw.AT_comp_dir;
                        };
                        assertEquals(quoted(v), d.string(code), what);
                    }
                    case "DW_AT_type", "DW_AT_abstract_origin" -> {
                        int code = at.equals("DW_AT_type") ? Dw.AT_type : Dw.AT_abstract_origin;
                        Die target = d.reference(code);
                        assertEquals(hex(v), target.offset(), what);
                        String spelled = quoted(v);
                        if (code == Dw.AT_type && !spelled.contains("restrict") && !spelled.startsWith("__")) {
                            String ours = DwarfType.of(target).name();
                            // dwarfdump 14 spells an array's extent only from DW_AT_count, "[]" from an upper
                            // bound; the bounds themselves are compared as attributes below.
                            if (name.endsWith(".lldb") && spelled.contains("[]")) ours = ours.replaceAll("\\[\\d+\\]", "[]");
                            assertEquals(spelled, ours, what);
                        } else if (code == Dw.AT_abstract_origin) {
                            assertEquals(spelled, target.name(), what);
                        }
                    }
                    case "DW_AT_decl_line", "DW_AT_call_line" ->
                            assertEquals(Long.parseLong(v), d.unsigned(at.equals("DW_AT_decl_line") ? Dw.AT_decl_line : Dw.AT_call_line, -1), what);
                    case "DW_AT_decl_file", "DW_AT_call_file" -> {
                        long idx = d.unsigned(at.equals("DW_AT_decl_file") ? Dw.AT_decl_file : Dw.AT_call_file, -1);
                        SourceFile f = info.file(d.unit(), idx);
                        assertEquals(normPath(quoted(v)), normPath(f.path()), what);
                    }
                    case "DW_AT_low_pc" -> assertEquals(hex(v), d.address(Dw.AT_low_pc, -1), what);
                    case "DW_AT_high_pc" -> {
                        long low = d.address(Dw.AT_low_pc, 0);
                        if (low == 0xFFFFFFFFL) continue; // discarded function: dwarfdump prints the raw length
                        long high = d.isConstant(Dw.AT_high_pc) ? low + d.unsigned(Dw.AT_high_pc, 0) : d.address(Dw.AT_high_pc, 0);
                        assertEquals(hex(v), high, what);
                    }
                    case "DW_AT_byte_size", "DW_AT_bit_size", "DW_AT_bit_offset", "DW_AT_data_member_location",
                            "DW_AT_count", "DW_AT_call_column" -> {
                        int code = switch (at) {
                            case "DW_AT_byte_size" -> Dw.AT_byte_size;
                            case "DW_AT_bit_size" -> Dw.AT_bit_size;
                            case "DW_AT_bit_offset" -> Dw.AT_bit_offset;
                            case "DW_AT_data_member_location" -> Dw.AT_data_member_location;
                            case "DW_AT_count" -> Dw.AT_count;
                            default -> Dw.AT_call_column;
                        };
                        assertEquals(hex(v), d.unsigned(code, -1), what);
                    }
                    case "DW_AT_data_bit_offset" -> assertEquals(hex(v), d.unsigned(Dw.AT_data_bit_offset, -1), what);
                    case "DW_AT_lower_bound", "DW_AT_upper_bound" -> assertEquals(Long.parseLong(v),
                            d.signed(at.equals("DW_AT_lower_bound") ? Dw.AT_lower_bound : Dw.AT_upper_bound, -2), what);
                    case "DW_AT_const_value" -> assertEquals(Long.parseLong(v), d.signed(Dw.AT_const_value, 0), what);
                    case "DW_AT_location", "DW_AT_frame_base" -> {
                        int code = at.equals("DW_AT_location") ? Dw.AT_location : Dw.AT_frame_base;
                        if (v.equals("<empty>")) {
                            assertEquals(0, d.block(code).length, what);
                            assertEquals(VariableValue.Status.OPTIMIZED_OUT,
                                    info.valueOf(new Variable(d, null, false), 0, DwarfExpressionTest.FRAME).status(), what);
                        } else if (v.startsWith("DW_OP")) {
                            assertEquals(v, DwarfExpression.toString(d.block(code)), what);
                        } else {
                            List<String> want = new ArrayList<>();
                            for (String line : v.split("\n")) {
                                Matcher m = RANGE.matcher(line.trim());
                                if (!m.find()) continue;
                                long st = Long.parseLong(m.group(1), 16), en = Long.parseLong(m.group(2), 16);
                                // Entries of discarded code (from a tombstoned base address) are dropped by the reader.
                                if (st >= 0xFFFFFFFEL || en > 0xFFFFFFFFL) continue;
                                want.add(st + ".." + en + ": " + stripParen(m.group(3)));
                            }
                            List<String> got = new ArrayList<>();
                            for (CompileUnit.LocationListEntry le : d.unit().locationList(d, code)) {
                                got.add(le.range().start() + ".." + le.range().end() + ": " + DwarfExpression.toString(le.expression()));
                            }
                            assertEquals(want, got, what);
                        }
                    }
                    case "DW_AT_ranges" -> {
                        List<String> want = new ArrayList<>();
                        for (String line : v.split("\n")) {
                            Matcher m = RANGE.matcher(line.trim());
                            if (m.find()) want.add(new AddressRange(Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16)).toString());
                        }
                        List<String> got = new ArrayList<>();
                        for (AddressRange r : d.ranges()) got.add(r.toString());
                        assertEquals(want, got, what);
                    }
                    default -> {
                        continue;
                    }
                }
                } catch (DebugInfoException ex) {
                    throw new AssertionError(what + " = " + v, ex);
                }
                checks++;
            }
        }
        return checks;
    }
}
