package io.backstep.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one option parser: every spelling of an option, its errors, and the help built from the declarations. */
class OptionParserTest {
    private static final Option AT = Option.value("--at", "STEP", "the step");
    private static final Option OUT = Option.value("--output", "FILE", "where to write").alias("-o");
    private static final Option DIR = Option.value("--dir", "DIR", "a folder\nsecond line").many();
    private static final Option JSON = Option.flag("--json", "print JSON");
    private static final List<Option> ALL = List.of(AT, OUT, DIR, JSON);

    private static ParsedArgs parse(String... words) {
        return OptionParser.of(ALL).parse(List.of(words));
    }

    @Test
    void optionsAreReadInEverySpellingAndAnywhere() {
        ParsedArgs p = parse("a.bstrace", "--at", "12", "-o", "x", "--dir=d1", "--json", "--dir", "d2");
        assertEquals("12", p.value(AT));
        assertEquals(12, p.step(AT, -1));
        assertEquals("x", p.value(OUT));
        assertEquals(List.of("d1", "d2"), p.values(DIR));
        assertTrue(p.has(JSON));
        assertEquals(List.of("a.bstrace"), p.positionals());
        assertEquals("x", parse("--output=x").value(OUT));
        assertEquals(0x10, parse("--at", "0x10").step(AT, -1));
        assertEquals(-1, parse().step(AT, -1));
    }

    @Test
    void badWordsAreUsageErrorsNamingTheOption() {
        assertUsage("unknown option --bogus", "--bogus");
        assertUsage("unknown option --bogus", "--bogus=1");
        assertUsage("option --at needs a value", "--at");
        assertUsage("option --json takes no value", "--json=yes");
        assertUsage("option --at is given twice", "--at", "1", "--at", "2");
        CliException e = assertThrows(CliException.class, () -> parse("--at", "minus").step(AT, -1));
        assertEquals(Cli.USAGE, e.status());
        assertTrue(e.getMessage().startsWith("--at: "), e.getMessage());
        assertThrows(CliException.class, () -> parse("a", "b").single("FILE", "x"));
        assertThrows(CliException.class, () -> parse().required(AT));
    }

    @Test
    void helpAndDoubleDashEndTheOptions() {
        assertTrue(parse("--at", "1", "--help", "--bogus").helpAsked());
        assertTrue(parse("-h").helpAsked());
        ParsedArgs p = parse("--json", "--", "--at", "-o");
        assertEquals(List.of("--at", "-o"), p.positionals());
        assertFalse(p.has(AT));
    }

    @Test
    void programOptionsAfterTheFileBelongToTheProgram() {
        ParsedArgs p = OptionParser.optionsEndAtFile(ALL).parse(List.of("--json", "prog.wasm", "--at", "3", "-o"));
        assertTrue(p.has(JSON));
        assertFalse(p.has(AT));
        assertEquals(List.of("prog.wasm", "--at", "3", "-o"), p.positionals());
    }

    @Test
    void theHelpListsEveryDeclaredOptionAligned() {
        String help = OptionParser.of(ALL).help();
        List<String> lines = help.lines().toList();
        assertEquals("Options:", lines.get(0));
        int column = lines.get(1).indexOf("the step");
        for (String label : List.of("--at STEP", "-o, --output FILE", "--dir DIR", "--json", "-h, --help")) {
            String line = lines.stream().filter(l -> l.startsWith("  " + label + " ")).findFirst().orElseThrow(() -> new AssertionError(label));
            assertTrue(line.length() > column && line.charAt(column - 1) == ' ' && line.charAt(column) != ' ', line);
        }
        assertTrue(help.contains("\n" + " ".repeat(column) + "second line\n"), help);
    }

    @Test
    void everyRegisteredCommandAnswersHelpAndIsListed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true);
        assertEquals(Cli.OK, Cli.run(new String[] {"--help"}, out, out));
        String overview = bytes.toString();
        for (String name : List.of("open", "run", "record", "replay", "info", "state", "query", "trim", "clean", "dap")) {
            assertTrue(overview.contains("\n  " + name + " "), name);
            for (String[] ask : List.of(new String[] {name, "--help"}, new String[] {"help", name})) {
                bytes.reset();
                assertEquals(Cli.OK, Cli.run(ask, out, out), name);
                assertTrue(bytes.toString().startsWith("Usage: backstep " + name), bytes.toString());
                assertTrue(bytes.toString().contains("-h, --help"), name);
            }
        }
        bytes.reset();
        assertEquals(Cli.USAGE, Cli.run(new String[] {"help", "frobnicate"}, out, out));
        assertTrue(bytes.toString().contains("unknown command 'frobnicate'"), bytes.toString());
    }

    private static void assertUsage(String message, String... words) {
        CliException e = assertThrows(CliException.class, () -> parse(words));
        assertEquals(Cli.USAGE, e.status());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
