package io.backstep.app.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backstep.recorder.timeline.MemoryRange;
import org.junit.jupiter.api.Test;

/** One rule for the numbers users type, in the window and on the command line. */
class NumberInputTest {
    @Test
    void stepsAreDecimalOrHexWithSeparators() {
        assertEquals(1_030_257, NumberInput.step("1,030,257"));
        assertEquals(1_030_257, NumberInput.step(" 1_030_257 "));
        assertEquals(0xfd0, NumberInput.step("0xFD0"));
        // A step is never bare hex: "fd0" is a typo, not 4048.
        assertEquals("'fd0' is not a step number (decimal or 0x…)", assertThrows(InputException.class, () -> NumberInput.step("fd0")).getMessage());
        assertThrows(InputException.class, () -> NumberInput.step("-1"));
        assertThrows(InputException.class, () -> NumberInput.step("0x"));
        assertEquals("'99999999999999999999' is too large for a step number",
            assertThrows(InputException.class, () -> NumberInput.step("99999999999999999999")).getMessage());
    }

    @Test
    void addressesAlsoTakeBareHexAsMemoryDumpsPrintThem() {
        assertEquals(0xfd0, NumberInput.address("fd0"));
        assertEquals(0xfd0, NumberInput.address("0xfd0"));
        assertEquals(4048, NumberInput.address("4048"));
        assertEquals(0xffffffffL, NumberInput.address("0xffffffff"));
        assertEquals("'0xfg' is not an address (hex 0x… or decimal)", assertThrows(InputException.class, () -> NumberInput.address("0xfg")).getMessage());
        assertThrows(InputException.class, () -> NumberInput.address(""));
    }

    @Test
    void rangesAreAddressColonLength() {
        assertEquals(new MemoryRange(0xd80, 4), NumberInput.range("0xd80:4", 1));
        assertEquals(new MemoryRange(0xd80, 8), NumberInput.range("d80", 8));
        assertEquals(new MemoryRange(16, 0x10), NumberInput.range("16:0x10", 1));
        assertEquals("'0' is not a length (at least 1 byte)", assertThrows(InputException.class, () -> NumberInput.range("16:0", 1)).getMessage());
    }
}
