package io.backstep.engine.decode;

import io.backstep.engine.model.NameSection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the "name" custom section (module, function, local and global names). Custom sections may never
 * make a module fail, so any malformation just stops decoding and keeps what was read so far.
 */
final class NameSectionDecoder {
    private static final int MODULE = 0;
    private static final int FUNCTIONS = 1;
    private static final int LOCALS = 2;
    private static final int GLOBALS = 7;

    private NameSectionDecoder() {
    }

    static NameSection decode(byte[] bytes, int start, int end) {
        String moduleName = null;
        Map<Integer, String> functions = new HashMap<>();
        Map<Integer, Map<Integer, String>> locals = new HashMap<>();
        Map<Integer, String> globals = new HashMap<>();
        ByteReader r = new ByteReader(bytes, start, end);
        try {
            while (!r.atEnd()) {
                int id = r.u8();
                long size = r.u32();
                if (size > r.remaining()) break;
                int subEnd = r.pos() + (int) size;
                int outer = r.limit(subEnd);
                switch (id) {
                    case MODULE -> moduleName = r.name();
                    case FUNCTIONS -> nameMap(r, functions);
                    case LOCALS -> {
                        long n = r.u32();
                        for (long i = 0; i < n; i++) {
                            int function = index(r);
                            Map<Integer, String> m = locals.computeIfAbsent(function, k -> new HashMap<>());
                            nameMap(r, m);
                        }
                    }
                    case GLOBALS -> nameMap(r, globals);
                    default -> { } // other subsections (labels, types, ...) are not used by the debugger
                }
                r.limit(outer);
                r.pos(subEnd);
            }
        } catch (MalformedModuleException e) {
            // Keep the names decoded before the malformation.
        }
        Map<Integer, Map<Integer, String>> frozenLocals = new HashMap<>();
        locals.forEach((k, v) -> frozenLocals.put(k, Collections.unmodifiableMap(v)));
        return new NameSection(moduleName, Collections.unmodifiableMap(functions),
                Collections.unmodifiableMap(frozenLocals), Collections.unmodifiableMap(globals));
    }

    private static void nameMap(ByteReader r, Map<Integer, String> into) {
        long n = r.u32();
        // Each entry takes at least two bytes, and reading is bounded by the subsection, so a hostile
        // count only makes the loop fail at the end of the data.
        for (long i = 0; i < n; i++) {
            int idx = index(r);
            into.put(idx, r.name());
        }
    }

    private static int index(ByteReader r) {
        return (int) Math.min(r.u32(), Integer.MAX_VALUE);
    }
}
