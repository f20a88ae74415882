package io.backstep.engine.debuginfo;

import java.util.List;

/**
 * A variable or parameter: its name and type (through DW_AT_abstract_origin for inlined and
 * out-of-line instances) and where it lives ({@link #expressionAt}).
 */
public final class Variable {
    private final Die die;
    private final Scope scope;
    private final boolean parameter;

    Variable(Die die, Scope scope, boolean parameter) {
        this.die = die;
        this.scope = scope;
        this.parameter = parameter;
    }

    public Die die() { return die; }
    /** The scope declaring it; null for a global. */
    public Scope scope() { return scope; }
    public boolean isParameter() { return parameter; }

    public String name() { return die.name(); }

    private Die withAttribute(int attribute) {
        Die d = die;
        for (int i = 0; d != null && i < 8; i++) {
            if (d.has(attribute)) return d;
            d = d.origin();
        }
        return null;
    }

    public DwarfType type() {
        Die d = withAttribute(Dw.AT_type);
        return d == null ? DwarfType.VOID_TYPE : DwarfType.of(d.reference(Dw.AT_type));
    }

    public int declLine() {
        Die d = withAttribute(Dw.AT_decl_line);
        return d == null ? 0 : (int) d.unsigned(Dw.AT_decl_line, 0);
    }

    public SourceFile declFile() {
        Die d = withAttribute(Dw.AT_decl_file);
        return d == null ? null : d.unit.owner.file(d.unit, d.unsigned(Dw.AT_decl_file, 0));
    }

    /** True if the location is a location list (it varies with the pc). */
    public boolean hasLocationList() {
        return die.has(Dw.AT_location) && die.isLocationList(Dw.AT_location);
    }

    /** The entries of its location list (empty if it has a single expression or none). */
    public List<CompileUnit.LocationListEntry> locationList() {
        return hasLocationList() ? die.unit.locationList(die, Dw.AT_location) : List.of();
    }

    /**
     * The location expression that applies at {@code address}, or null if the variable has no location
     * there (optimized out). A constant ({@link #constValue()}) has no expression.
     */
    public byte[] expressionAt(long address) {
        if (!die.has(Dw.AT_location)) return null;
        if (!hasLocationList()) return die.block(Dw.AT_location);
        for (CompileUnit.LocationListEntry e : locationList()) if (e.range().contains(address)) return e.expression();
        return null;
    }

    /** DW_AT_const_value as bytes (little-endian, the type's size), or null. */
    public byte[] constValue() {
        if (!die.has(Dw.AT_const_value)) return null;
        int f = die.form(Dw.AT_const_value);
        if (f == Dw.FORM_block || f == Dw.FORM_block1 || f == Dw.FORM_block2 || f == Dw.FORM_block4 || f == Dw.FORM_data16) {
            return die.block(Dw.AT_const_value);
        }
        if (f == Dw.FORM_string || f == Dw.FORM_strp) return null;
        long v = die.signed(Dw.AT_const_value, 0);
        long size = type().byteSize();
        int n = size > 0 && size <= 8 ? (int) size : 8;
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (v >>> (8 * i));
        return b;
    }

    @Override
    public String toString() {
        return (parameter ? "param " : "var ") + name() + ": " + type().name();
    }
}
