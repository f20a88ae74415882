package io.backstep.engine.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One command of a wast2json script, with its values already parsed (so running a test does no JSON work). */
public record SpecCommand(
        String type,
        int line,
        /** module file (module, assert_* on modules); null otherwise. */
        String filename,
        /** module name ("$M") for module and register commands; null if absent. */
        String name,
        /** register: the import module name. */
        String as,
        /** expected trap / error text; null if absent. */
        String text,
        /** "binary" or "text" for assert_* on modules; null otherwise. */
        String moduleType,
        Action action,
        /** assert_return's expected results (empty for other commands). */
        List<SpecValue> expected) {

    /** invoke or get, on a named module or (module == null) the current one. */
    public record Action(String type, String module, String field, List<SpecValue> args) {
        public boolean isInvoke() {
            return type.equals("invoke");
        }

        /** e.g. {@code add(1, 2)}, {@code $M.f()}, {@code get $G.g}. */
        public String text() {
            String target = (module == null ? "" : module + ".") + SpecCommand.printable(field);
            if (!isInvoke()) return "get " + target;
            StringBuilder b = new StringBuilder(target).append('(');
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) b.append(", ");
                b.append(args.get(i).shortText());
            }
            return b.append(')').toString();
        }
    }

    static SpecCommand fromJson(Map<String, Object> json) {
        String type = (String) json.get("type");
        if (type == null) throw new IllegalArgumentException("command without \"type\": " + json);
        Object line = json.get("line");
        if (!(line instanceof Long l)) throw new IllegalArgumentException("command without \"line\": " + json);
        Action action = null;
        if (json.get("action") instanceof Map<?, ?> a) {
            @SuppressWarnings("unchecked")
            Map<String, Object> am = (Map<String, Object>) a;
            action = new Action((String) am.get("type"), (String) am.get("module"), (String) am.get("field"),
                    values(am.get("args")));
            if (!action.type().equals("invoke") && !action.type().equals("get")) {
                throw new IllegalArgumentException("unknown action type " + action.type());
            }
        }
        // Only assert_return's expectations are compared; assert_trap lists result types without values.
        List<SpecValue> expected = type.equals("assert_return") ? values(json.get("expected")) : List.of();
        return new SpecCommand(type, (int) (long) l, (String) json.get("filename"), (String) json.get("name"),
                (String) json.get("as"), (String) json.get("text"), (String) json.get("module_type"), action, expected);
    }

    @SuppressWarnings("unchecked")
    private static List<SpecValue> values(Object list) {
        if (list == null) return List.of();
        List<SpecValue> out = new ArrayList<>();
        for (Object o : (List<Object>) list) out.add(SpecValue.fromJson((Map<String, Object>) o));
        return Collections.unmodifiableList(out);
    }

    public boolean isTextModule() {
        return "text".equals(moduleType);
    }

    /** Test display name, e.g. {@code line 37: assert_return add(1, 1)}. */
    public String displayName() {
        StringBuilder b = new StringBuilder("line ").append(line).append(": ").append(type);
        switch (type) {
            case "module" -> {
                if (name != null) b.append(' ').append(name);
                b.append(' ').append(filename);
            }
            case "register" -> {
                b.append(" \"").append(printable(as)).append('"');
                if (name != null) b.append(' ').append(name);
            }
            default -> {
                if (action != null) b.append(' ').append(action.text());
                if (filename != null) b.append(' ').append(filename);
                if (isTextModule()) b.append(" (text)");
                if (text != null) b.append(" \"").append(text).append('"');
            }
        }
        // Keep names readable in reports; long v128 argument lists are cut.
        return b.length() > 240 ? b.substring(0, 237) + "..." : b.toString();
    }

    /** Escapes control characters (names.wast exports names made of them). */
    static String printable(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\\') {
                b.append(c == '\\' ? "\\\\" : String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.isEmpty() ? "\"\"" : b.toString();
    }
}
