package io.backstep.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.Wasm;
import io.backstep.engine.decode.WasmBytes;
import org.junit.jupiter.api.Test;

/** Module-supplied names reach terminals and labels only with their control and bidi characters made visible. */
class SafeTextTest {
    @Test
    void ordinaryNamesAreUnchanged() {
        String name = "main";
        assertSame(name, SafeText.escape(name));
        assertEquals("std::vector<int>::push_back", SafeText.escape("std::vector<int>::push_back"));
        assertEquals("größe_計算_😀", SafeText.escape("größe_計算_😀"), "letters and symbols of any script stay");
        assertEquals("a\\b \"quoted\"", SafeText.escape("a\\b \"quoted\""), "backslashes and quotes stay");
        assertNull(SafeText.escape(null));
    }

    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertEquals("line\\nbreak\\r\\t", SafeText.escape("line\nbreak\r\t"));
        assertEquals("\\x1b[2J\\x1b]0;title\\x07", SafeText.escape("\u001b[2J\u001b]0;title\u0007"));
        assertEquals("\\x00\\x7f", SafeText.escape("\u0000\u007f"));
        assertEquals("\\u0085\\u009b31m", SafeText.escape("\u0085\u009b31m"), "C1 controls, CSI included");
    }

    @Test
    void invisibleAndReorderingCharactersBecomeVisibleEscapes() {
        assertEquals("admin\\u202e\\u2066txt.exe", SafeText.escape("admin\u202e\u2066txt.exe"));
        assertEquals("\\u200e\\u200f\\u061c\\u200b\\ufeff", SafeText.escape("\u200e\u200f\u061c\u200b\ufeff"));
        assertEquals("a\\u2028b\\u2029", SafeText.escape("a\u2028b\u2029"));
        assertEquals("\\U000e0041", SafeText.escape(new String(Character.toChars(0xE0041))), "a tag character (above U+FFFF)");
        assertEquals("x\\ud800y", SafeText.escape("x\ud800y"), "an unpaired surrogate");
    }

    @Test
    void theResultHasNothingLeftToEscape() {
        StringBuilder all = new StringBuilder();
        for (int cp = 0; cp < 0x3000; cp++) if (!Character.isSurrogate((char) cp)) all.appendCodePoint(cp);
        String escaped = SafeText.escape(all.toString());
        escaped.codePoints().forEach(cp -> assertFalse(SafeText.isUnsafe(cp), "U+" + Integer.toHexString(cp)));
        assertTrue(escaped.length() > all.length());
    }

    @Test
    void theWatTextEscapesExportAndImportNamesToo() {
        String evil = "f\u001b[31m\u202eevil\u0085";
        byte[] module = WasmBytes.module(
                WasmBytes.section(1, WasmBytes.vec(1, 0x60, 0, 0)),
                WasmBytes.section(2, WasmBytes.vec(1, WasmBytes.name("env\u202e"), WasmBytes.name(evil), 0x00, 0)),
                WasmBytes.section(3, WasmBytes.vec(1, 0)),
                WasmBytes.section(7, WasmBytes.vec(1, WasmBytes.name(evil), 0x00, 1)),
                WasmBytes.section(10, WasmBytes.vec(1, 2, 0, 0x0b)));
        String wat = WatPrinter.print(Wasm.load(module).module()).text();
        assertTrue(wat.contains("(export \"f\\1b[31m\\u{202e}evil\\u{85}\" (func 1))"), wat);
        assertTrue(wat.contains("(import \"env\\u{202e}\" \"f\\1b[31m\\u{202e}evil\\u{85}\""), wat);
        wat.codePoints().forEach(cp -> assertFalse(SafeText.isUnsafe(cp) && cp != '\n', "U+" + Integer.toHexString(cp)));
    }
}
