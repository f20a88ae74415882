package io.backstep.engine.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** A missing testsuite must fail the run (never skip it), naming where it looked. */
class SpecLocationTest {
    @Test
    void missingTestsuiteFailsWithTheLocationsTried(@TempDir Path tmp) {
        Map<String, Path> candidates = new LinkedHashMap<>();
        candidates.put("system property backstep.testsuite", tmp.resolve("nowhere"));
        candidates.put("default", tmp.resolve("also-nowhere"));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> SpecTestSuiteTest.locate(candidates));
        assertTrue(e.getMessage().contains(tmp.resolve("nowhere").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("also-nowhere"), e.getMessage());
    }

    @Test
    void firstExistingLocationWins(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("b/json"));
        Files.createDirectories(tmp.resolve("c/json"));
        Map<String, Path> candidates = new LinkedHashMap<>();
        candidates.put("a", tmp.resolve("a"));
        candidates.put("b", tmp.resolve("b"));
        candidates.put("c", tmp.resolve("c"));
        assertEquals(tmp.resolve("b").toAbsolutePath().normalize(), SpecTestSuiteTest.locate(candidates));
    }
}
