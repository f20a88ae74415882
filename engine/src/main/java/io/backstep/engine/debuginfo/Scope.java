package io.backstep.engine.debuginfo;

import java.util.ArrayList;
import java.util.List;

/**
 * A function, an inlined call of one, or a lexical block, with the address ranges it covers, the
 * variables it declares and the scopes nested in it. Built from a subprogram's entries when first asked
 * for (see {@link DebugInfo#functionAt}).
 */
public final class Scope {
    public enum Kind { FUNCTION, INLINED_FUNCTION, BLOCK }

    private final Kind kind;
    private final Die die;
    private final Scope parent;
    private final List<AddressRange> ranges;
    private final List<Scope> children = new ArrayList<>();
    private final List<Variable> variables = new ArrayList<>();

    private Scope(Kind kind, Die die, Scope parent) {
        this.kind = kind;
        this.die = die;
        this.parent = parent;
        this.ranges = die.ranges();
    }

    /** Builds the scope tree of a subprogram (or inlined subroutine / lexical block) entry. */
    static Scope build(Die d, Scope parent, int depth) {
        Kind k = switch (d.tag()) {
            case Dw.TAG_subprogram -> Kind.FUNCTION;
            case Dw.TAG_inlined_subroutine -> Kind.INLINED_FUNCTION;
            default -> Kind.BLOCK;
        };
        if (depth > CompileUnit.MAX_DEPTH) throw DebugInfoException.at(".debug_info", d.offset, "scopes nested too deeply");
        Scope s = new Scope(k, d, parent);
        for (Die c : d.children()) {
            switch (c.tag()) {
                case Dw.TAG_formal_parameter -> s.variables.add(new Variable(c, s, true));
                case Dw.TAG_variable -> s.variables.add(new Variable(c, s, false));
                case Dw.TAG_lexical_block, Dw.TAG_inlined_subroutine -> s.children.add(build(c, s, depth + 1));
                default -> { }
            }
        }
        return s;
    }

    public Kind kind() { return kind; }
    public Die die() { return die; }
    /** The enclosing scope, or null for a function. */
    public Scope parent() { return parent; }
    public List<AddressRange> ranges() { return ranges; }
    public List<Scope> children() { return children; }
    /** Parameters and variables declared directly in this scope, in declaration order. */
    public List<Variable> variables() { return variables; }

    /** The function's (or inlined function's) name; null for a block. */
    public String name() {
        return kind == Kind.BLOCK ? null : die.name();
    }

    /** The linkage (mangled) name, or null. */
    public String linkageName() {
        Die d = die;
        for (int i = 0; d != null && i < 8; i++) {
            String n = d.string(Dw.AT_linkage_name);
            if (n == null) n = d.string(Dw.AT_MIPS_linkage_name);
            if (n != null) return n;
            d = d.origin();
        }
        return null;
    }

    /** The out-of-line function this scope belongs to (itself for a function). */
    public Scope function() {
        Scope s = this;
        while (s.parent != null) s = s.parent;
        return s;
    }

    /** For an inlined function: where it was called (file, line, column); null otherwise. */
    public SourceFile callFile() {
        if (kind != Kind.INLINED_FUNCTION || !die.has(Dw.AT_call_file)) return null;
        return die.unit.owner.file(die.unit, die.unsigned(Dw.AT_call_file, 0));
    }

    public int callLine() { return (int) die.unsigned(Dw.AT_call_line, 0); }
    public int callColumn() { return (int) die.unsigned(Dw.AT_call_column, 0); }

    /** Declaration line of the function (through abstract_origin), or 0. */
    public int declLine() {
        Die d = die;
        for (int i = 0; d != null && i < 8; i++) {
            if (d.has(Dw.AT_decl_line)) return (int) d.unsigned(Dw.AT_decl_line, 0);
            d = d.origin();
        }
        return 0;
    }

    public boolean contains(long address) {
        for (AddressRange r : ranges) if (r.contains(address)) return true;
        return false;
    }

    /** The innermost scope at {@code address} within this one (this one if no child covers it). */
    public Scope innermostAt(long address) {
        Scope s = this;
        outer:
        while (true) {
            for (Scope c : s.children) {
                if (c.contains(address)) {
                    s = c;
                    continue outer;
                }
            }
            return s;
        }
    }

    @Override
    public String toString() {
        return kind + (name() != null ? " " + name() : "") + " " + ranges;
    }
}
