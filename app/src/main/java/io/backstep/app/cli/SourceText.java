package io.backstep.app.cli;

import io.backstep.engine.debuginfo.DebugInfo.SourcePosition;
import io.backstep.engine.debuginfo.SourceFile;
import io.backstep.engine.source.SourceFrame;
import io.backstep.engine.source.ValueNode;
import io.backstep.engine.text.SafeText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the command line prints source positions and variables (text and JSON). */
final class SourceText {
    /** Levels of children written for one variable in JSON (pointers can chain without end). */
    static final int JSON_DEPTH = 3;
    /** Children written per level in JSON. */
    static final int JSON_CHILDREN = 64;

    private SourceText() {
    }

    /** A file as DWARF names it, without a leading "./". */
    static String file(SourceFile f) {
        String p = f.path();
        return p.startsWith("./") ? p.substring(2) : p;
    }

    /** "file:line" (escaped: DWARF paths come from the module), or null without line info. */
    static String fileLine(SourcePosition p) {
        if (p == null || p.file() == null) return null;
        return SafeText.escape(file(p.file())) + ":" + p.line();
    }

    static String fileLine(SourceFrame f) {
        return fileLine(f.position());
    }

    /** {"file", "line", "column"} or null. */
    static Map<String, Object> json(SourcePosition p) {
        if (p == null || p.file() == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file(p.file()));
        m.put("line", p.line());
        m.put("column", p.column());
        return m;
    }

    /**
     * Variables as {"name", "type", "value", "address", "children"?}: "children" only for a value that
     * has some (members, elements, a pointer's target), to {@link #JSON_DEPTH} levels.
     */
    static List<Object> json(List<ValueNode> nodes, int depth) {
        List<Object> out = new ArrayList<>();
        for (ValueNode n : nodes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("type", n.type());
            m.put("value", n.text());
            m.put("address", n.value().inMemory() ? n.value().address() : null);
            if (depth < JSON_DEPTH && n.hasChildren()) {
                List<ValueNode> c = n.children();
                m.put("children", json(c.subList(0, Math.min(c.size(), JSON_CHILDREN)), depth + 1));
            }
            out.add(m);
        }
        return out;
    }
}
