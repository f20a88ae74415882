package io.backstep.engine.spec;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * Runs the official Wasm 2.0 spec testsuite (wast2json output) against the engine: one container per
 * script, one test per command, commands of a script in order over shared state. The testsuite's
 * location comes from the system property {@code backstep.testsuite} (set by the parent pom), the
 * environment variable {@code BACKSTEP_TESTSUITE}, or the usual relative places; if it is missing the
 * tests fail rather than skip, so a conformance run can never pass vacuously.
 */
public class SpecTestSuiteTest {
    /** Totals stated in the testsuite's README; a truncated or different testsuite fails {@link #testsuiteIsComplete}. */
    static final int SCRIPTS = 146;
    static final int COMMANDS = 53_899;
    static final int TEXT_MODULE_CASES = 1_077;
    static final Map<String, Integer> COMMANDS_BY_TYPE = new TreeMap<>(Map.of(
            "module", 1_595,
            "assert_return", 45_634,
            "assert_trap", 2_408,
            "assert_invalid", 2_144,
            "assert_malformed", 1_813,
            "action", 155,
            "assert_unlinkable", 83,
            "assert_uninstantiable", 34,
            "register", 18,
            "assert_exhaustion", 15));

    private static Path root;

    @TestFactory
    Stream<DynamicContainer> specTestsuite() {
        Path suite = suiteRoot();
        // Scripts are parsed lazily, one at a time, as JUnit walks the stream.
        return scriptNames(suite).stream().map(name -> container(SpecScript.load(suite, name)));
    }

    private static DynamicContainer container(SpecScript script) {
        boolean hasWast = Files.isRegularFile(script.wast);
        URI scriptUri = hasWast ? script.wast.toUri() : null;
        Stream<DynamicTest> tests = script.commands.stream().map(c -> DynamicTest.dynamicTest(
                c.displayName(),
                hasWast ? URI.create(scriptUri + "?line=" + c.line()) : null,
                () -> execute(script, c)));
        return DynamicContainer.dynamicContainer(script.name, scriptUri, tests);
    }

    private static void execute(SpecScript script, SpecCommand c) throws Throwable {
        try {
            script.run(c);
            SpecReport.record(script.name, c.type(), SpecReport.Outcome.PASSED);
        } catch (TestAbortedException skipped) {
            SpecReport.record(script.name, c.type(), SpecReport.Outcome.SKIPPED);
            throw skipped;
        } catch (Throwable failed) {
            SpecReport.record(script.name, c.type(), SpecReport.Outcome.FAILED);
            throw failed;
        } finally {
            if (c == script.commands.get(script.commands.size() - 1)) script.release();
        }
    }

    @AfterAll
    static void printSummary() throws IOException {
        if (SpecReport.isEmpty()) return;
        System.out.println(SpecReport.summary(false));
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Path report = target.resolve("spec-testsuite-report.txt");
            Files.writeString(report, SpecReport.summary(true), StandardCharsets.UTF_8);
            System.out.println("Full report: " + report.toAbsolutePath());
        }
    }

    /** Guards against a missing or truncated testsuite: the command counts must be exactly the README's. */
    @Test
    void testsuiteIsComplete() {
        Path suite = suiteRoot();
        List<String> names = scriptNames(suite);
        Map<String, Integer> counts = new TreeMap<>();
        int total = 0;
        int textModules = 0;
        List<String> missingFiles = new ArrayList<>();
        for (String name : names) {
            SpecScript script = SpecScript.load(suite, name);
            for (SpecCommand c : script.commands) {
                counts.merge(c.type(), 1, Integer::sum);
                total++;
                if (c.isTextModule()) {
                    textModules++;
                } else if (c.filename() != null && !Files.isRegularFile(script.dir.resolve(c.filename()))) {
                    missingFiles.add(name + "/" + c.filename());
                }
            }
        }
        int scripts = names.size();
        int commands = total;
        int text = textModules;
        assertAll(
                () -> assertEquals(SCRIPTS, scripts, "scripts under " + suite.resolve("json")),
                () -> assertEquals(COMMANDS, commands, "commands over all scripts"),
                () -> assertEquals(COMMANDS_BY_TYPE, counts, "commands by type"),
                () -> assertEquals(TEXT_MODULE_CASES, text, "text-format module cases (skipped)"),
                () -> assertTrue(missingFiles.isEmpty(), "module files named by commands but missing: "
                        + missingFiles.subList(0, Math.min(20, missingFiles.size()))));
    }

    // ---- locating the testsuite -----------------------------------------------------------------

    /** The testsuite root (containing json/); fails with the places it looked if none exists. */
    public static synchronized Path suiteRoot() {
        if (root != null) return root;
        Map<String, Path> candidates = new LinkedHashMap<>();
        String prop = System.getProperty("backstep.testsuite");
        if (prop != null && !prop.isBlank()) candidates.put("system property backstep.testsuite", Path.of(prop));
        String env = System.getenv("BACKSTEP_TESTSUITE");
        if (env != null && !env.isBlank()) candidates.put("environment variable BACKSTEP_TESTSUITE", Path.of(env));
        candidates.put("default (from the engine module)", Path.of("../../shared/wasm-testsuite"));
        candidates.put("default (from the project root)", Path.of("../shared/wasm-testsuite"));
        root = locate(candidates);
        return root;
    }

    /** The first candidate holding a json/ folder; fails naming every place tried if there is none. */
    static Path locate(Map<String, Path> candidates) {
        StringBuilder tried = new StringBuilder();
        for (Map.Entry<String, Path> e : candidates.entrySet()) {
            Path p = e.getValue().toAbsolutePath().normalize();
            if (Files.isDirectory(p.resolve("json"))) {
                if (tried.length() > 0) System.err.println("Wasm spec testsuite: skipped missing locations:" + tried);
                return p;
            }
            tried.append("\n  ").append(e.getKey()).append(": ").append(p).append(" (no json/ folder)");
        }
        return fail("The Wasm spec testsuite was not found, so conformance cannot be checked. Looked in:" + tried
                + "\nPoint -Dbackstep.testsuite=<dir> or BACKSTEP_TESTSUITE at the folder holding json/ and wast/.");
    }

    /** Script names: the folders json/NAME that contain NAME.json, sorted. */
    public static List<String> scriptNames(Path suite) {
        try (Stream<Path> dirs = Files.list(suite.resolve("json"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(d.getFileName() + ".json")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + suite.resolve("json"), e);
        }
    }
}
