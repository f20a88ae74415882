package io.backstep.engine.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The C expression parser: C's precedence and associativity, casts, and one-line errors with a column. */
class CParserTest {
    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
        "a + b * c => (a + (b * c))",
        "a - b - c => ((a - b) - c)",
        "*p->next => (*p->next)",
        "&a[3].x => (&a[3].x)",
        "st.divisor => st.divisor",
        "p->next->next->value => p->next->next->value",
        "grid[i][j + 1] => grid[i][(j + 1)]",
        "a == b && c != d || !e => (((a == b) && (c != d)) || (!e))",
        "a < b == c > d => ((a < b) == (c > d))",
        "x & 0xff | y << 2 ^ z => ((x & 255) | ((y << 2) ^ z))",
        "x & 0xffffffff => (x & 4294967295u)",
        "-x * ~y % 3 => (((-x) * (~y)) % 3)",
        "(unsigned int) x + 1 => (((unsigned int) x) + 1)",
        "(struct player *) p => ((struct player *) p)",
        "(const char *) s => ((char *) s)",
        "(n) - 1 => (n - 1)",
        "(uint32_t)x => ((uint32_t) x)",
        "(T *)(p) => ((T *) p)",
        "'A' + 1 => (65 + 1)",
        "4294967295 => 4294967295",
        "0xffffffff => 4294967295u",
        "10u => 10u",
        "07 => 7",
    })
    void parsesWithCPrecedence(String text, String tree) {
        assertEquals(tree, CParser.parse(text).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
        "a + => column 4",
        "a b => unexpected 'b' at column 3",
        "1.5 => only integer literals",
        "'x => unterminated character literal",
        "a[1 => expected ']'",
        "p->  => expected a member name",
        "a @ b => unexpected character '@' at column 3",
        "int => a type name ('int') cannot be used as a value",
        "(int) => column 6",
    })
    void badExpressionsAreOneLineErrorsWithAColumn(String text, String message) {
        CExprException e = assertThrows(CExprException.class, () -> CParser.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', value = {
        "(len) - 1 => true => ((len) (-1))",
        "(len) - 1 => false => (len - 1)",
    })
    void theProgramsTypedefsDecideWhatACastIs(String text, boolean lenIsAType, String tree) {
        Set<String> types = lenIsAType ? Set.of("len") : Set.of();
        assertEquals(tree, CParser.parse(text, types::contains).toString());
    }

    @org.junit.jupiter.api.Test
    void emptyIsAnError() {
        assertThrows(CExprException.class, () -> CParser.parse("   "));
    }
}
