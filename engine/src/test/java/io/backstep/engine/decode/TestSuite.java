package io.backstep.engine.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The official spec test suite as converted by wast2json: one command per module file. */
final class TestSuite {
    /** One command of a script that names a module file. */
    record Command(String script, String type, int line, Path file, String text, String moduleType) {
        byte[] bytes() {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String where() {
            return script + ":" + line + " (" + file.getFileName() + ")";
        }
    }

    private TestSuite() {
    }

    /** The testsuite, found (or failed for) the same way the conformance harness does. */
    static Path root() {
        return io.backstep.engine.spec.SpecTestSuiteTest.suiteRoot();
    }

    static List<Command> commands() {
        Path json = root().resolve("json");
        List<Command> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(json)) {
            for (Path dir : dirs.sorted().toList()) {
                Path script = dir.resolve(dir.getFileName() + ".json");
                if (!Files.isRegularFile(script)) continue;
                @SuppressWarnings("unchecked")
                Map<String, Object> doc = (Map<String, Object>) io.backstep.engine.spec.Json.parse(Files.readString(script, StandardCharsets.UTF_8));
                @SuppressWarnings("unchecked")
                List<Object> cmds = (List<Object>) doc.get("commands");
                for (Object o : cmds) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> c = (Map<String, Object>) o;
                    Object filename = c.get("filename");
                    if (filename == null) continue;
                    out.add(new Command(dir.getFileName().toString(), (String) c.get("type"),
                            ((Number) c.get("line")).intValue(), dir.resolve((String) filename),
                            (String) c.get("text"), (String) c.get("module_type")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
