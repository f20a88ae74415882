package io.backstep.engine.debuginfo;

import java.util.ArrayList;
import java.util.List;

/**
 * A debugging information entry. Attribute values are decoded into raw numbers when the unit is
 * parsed; strings, addresses and references are resolved when asked for. Accessors return null (or the
 * given default) for an absent attribute and throw {@link DebugInfoException} for a malformed one.
 */
public final class Die {
    final CompileUnit unit;
    final long offset;
    final Abbreviation abbrev;
    final int[] forms;
    final long[] vals;
    final int[] aux;
    Die parent;
    List<Die> children = List.of();

    Die(CompileUnit unit, long offset, Abbreviation abbrev, int[] forms, long[] vals, int[] aux) {
        this.unit = unit;
        this.offset = offset;
        this.abbrev = abbrev;
        this.forms = forms;
        this.vals = vals;
        this.aux = aux;
    }

    void addChild(Die d) {
        if (children.isEmpty()) children = new ArrayList<>(4);
        children.add(d);
        d.parent = this;
    }

    public int tag() { return abbrev.tag(); }
    /** Offset of the entry in .debug_info. */
    public long offset() { return offset; }
    public CompileUnit unit() { return unit; }
    public Die parent() { return parent; }
    public List<Die> children() {
        unit.parseDies();
        return children;
    }

    public boolean has(int attribute) { return abbrev.indexOf(attribute) >= 0; }

    /** The form of an attribute, or -1 if absent. */
    public int form(int attribute) {
        int i = abbrev.indexOf(attribute);
        return i < 0 ? -1 : forms[i];
    }

    private DebugInfoException bad(int attribute, String what) {
        return DebugInfoException.at(".debug_info", offset, "attribute 0x" + Integer.toHexString(attribute)
                + " of " + Dw.tagName(tag()) + ": " + what);
    }

    /** A string attribute, or null if absent. */
    public String string(int attribute) {
        int i = abbrev.indexOf(attribute);
        if (i < 0) return null;
        long v = vals[i];
        return switch (forms[i]) {
            case Dw.FORM_string -> unit.sections.info.string(v);
            case Dw.FORM_strp -> unit.sections.str.string(v);
            case Dw.FORM_line_strp -> unit.sections.lineStr.string(v);
            case Dw.FORM_strx, Dw.FORM_strx1, Dw.FORM_strx2, Dw.FORM_strx3, Dw.FORM_strx4, Dw.FORM_GNU_str_index ->
                    unit.indexedString(v);
            default -> throw bad(attribute, "form 0x" + Integer.toHexString(forms[i]) + " is not a string");
        };
    }

    /** The plain name of this entry (DW_AT_name), following abstract_origin and specification, or null. */
    public String name() {
        Die d = this;
        for (int hops = 0; d != null && hops < 8; hops++) {
            String n = d.string(Dw.AT_name);
            if (n != null) return n;
            Die next = d.reference(Dw.AT_abstract_origin);
            d = next != null ? next : d.reference(Dw.AT_specification);
        }
        return null;
    }

    /** Like {@link #reference} but also looks through abstract_origin / specification (for type, decl_line...). */
    Die origin() {
        Die o = reference(Dw.AT_abstract_origin);
        return o != null ? o : reference(Dw.AT_specification);
    }

    public boolean isConstant(int attribute) {
        return switch (form(attribute)) {
            case Dw.FORM_data1, Dw.FORM_data2, Dw.FORM_data4, Dw.FORM_data8, Dw.FORM_sdata, Dw.FORM_udata,
                    Dw.FORM_implicit_const -> true;
            default -> false;
        };
    }

    /** An integer constant, read as unsigned (sdata and implicit_const as signed), or {@code dflt} if absent. */
    public long unsigned(int attribute, long dflt) {
        int i = abbrev.indexOf(attribute);
        if (i < 0) return dflt;
        return switch (forms[i]) {
            case Dw.FORM_data1, Dw.FORM_data2, Dw.FORM_data4, Dw.FORM_data8, Dw.FORM_sdata, Dw.FORM_udata,
                    Dw.FORM_implicit_const, Dw.FORM_flag, Dw.FORM_flag_present -> vals[i];
            default -> throw bad(attribute, "form 0x" + Integer.toHexString(forms[i]) + " is not a constant");
        };
    }

    /** An integer constant with fixed-size data forms sign-extended, or {@code dflt} if absent. */
    public long signed(int attribute, long dflt) {
        int i = abbrev.indexOf(attribute);
        if (i < 0) return dflt;
        long v = vals[i];
        return switch (forms[i]) {
            case Dw.FORM_data1 -> (byte) v;
            case Dw.FORM_data2 -> (short) v;
            case Dw.FORM_data4 -> (int) v;
            case Dw.FORM_data8, Dw.FORM_sdata, Dw.FORM_udata, Dw.FORM_implicit_const -> v;
            default -> throw bad(attribute, "form 0x" + Integer.toHexString(forms[i]) + " is not a constant");
        };
    }

    public boolean flag(int attribute) {
        int i = abbrev.indexOf(attribute);
        if (i < 0) return false;
        return switch (forms[i]) {
            case Dw.FORM_flag, Dw.FORM_flag_present -> vals[i] != 0;
            default -> throw bad(attribute, "form 0x" + Integer.toHexString(forms[i]) + " is not a flag");
        };
    }

    /** An address attribute (addr or addrx forms), or {@code dflt} if absent. */
    public long address(int attribute, long dflt) {
        int i = abbrev.indexOf(attribute);
        if (i < 0) return dflt;
        return switch (forms[i]) {
            case Dw.FORM_addr -> vals[i];
            case Dw.FORM_addrx, Dw.FORM_addrx1, Dw.FORM_addrx2, Dw.FORM_addrx3, Dw.FORM_addrx4,
                    Dw.FORM_GNU_addr_index -> unit.indexedAddress(vals[i]);
            default -> throw bad(attribute, "form 0x" + Integer.toHexString(forms[i]) + " is not an address");
        };
    }

    /** The entry another entry's attribute refers to, or null if absent. */
    public Die reference(int attribute) {
        int i = abbrev.indexOf(attribute);
        if (i < 0) return null;
        return switch (forms[i]) {
            case Dw.FORM_ref1, Dw.FORM_ref2, Dw.FORM_ref4, Dw.FORM_ref8, Dw.FORM_ref_udata, Dw.FORM_ref_addr ->
                    unit.owner.dieAt(vals[i]);
            default -> throw bad(attribute, "form 0x" + Integer.toHexString(forms[i]) + " is not a supported reference");
        };
    }

    /** The bytes of a block or exprloc attribute, or null if absent. */
    public byte[] block(int attribute) {
        int i = abbrev.indexOf(attribute);
        if (i < 0) return null;
        return switch (forms[i]) {
            case Dw.FORM_block, Dw.FORM_block1, Dw.FORM_block2, Dw.FORM_block4, Dw.FORM_exprloc, Dw.FORM_data16 ->
                    unit.sections.info.slice(vals[i], aux[i]);
            default -> throw bad(attribute, "form 0x" + Integer.toHexString(forms[i]) + " is not a block");
        };
    }

    /** True if the attribute is a location list (not a single expression). */
    boolean isLocationList(int attribute) {
        int f = form(attribute);
        return f == Dw.FORM_sec_offset || f == Dw.FORM_loclistx || f == Dw.FORM_data4 || f == Dw.FORM_data8;
    }

    /** Raw value of an attribute (section offset, list index...), for the unit's list readers. */
    long raw(int attribute) {
        return vals[abbrev.indexOf(attribute)];
    }

    /** The address ranges this entry covers: low_pc/high_pc or ranges; empty if it has neither. */
    public List<AddressRange> ranges() {
        return unit.rangesOf(this);
    }

    @Override
    public String toString() {
        String n = string(Dw.AT_name);
        return Dw.tagName(tag()) + "@0x" + Long.toHexString(offset) + (n != null ? " " + n : "");
    }
}
