package io.backstep.engine.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's JSON reader on the shapes wast2json writes, and on broken input. */
class SpecJsonTest {
    @Test
    void readsObjectsArraysAndScalars() {
        Object doc = Json.parse(" {\"a\": [1, -2, 3.5, true, false, null], \"b\": {}, \"c\": [] }\n");
        Map<?, ?> m = (Map<?, ?>) doc;
        assertEquals(List.of("a", "b", "c"), List.copyOf(m.keySet()), "member order is kept");
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2L, a.get(1));
        assertEquals(3.5, a.get(2));
        assertEquals(true, a.get(3));
        assertEquals(false, a.get(4));
        assertNull(a.get(5));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(List.of(), m.get("c"));
    }

    @Test
    void decodesEscapes() {
        assertEquals("\u0000\n\"\\/\t", Json.parse("\"\\u0000\\u000a\\u0022\\u005c/\\t\""));
        // A surrogate pair written as two escapes becomes one code point.
        assertEquals("\uD83D\uDE00", Json.parse("\"\\ud83d\\ude00\""));
        assertEquals(1, ((String) Json.parse("\"\\ud83d\\ude00\"")).codePointCount(0, 2));
        assertEquals("héllo", Json.parse("\"héllo\""));
    }

    @Test
    void rejectsBrokenInput() {
        for (String bad : new String[] {"", "{", "[1,]", "{\"a\" 1}", "\"abc", "\"\\x\"", "tru", "1 2", "-", "{\"a\":1,}"}) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }
}
