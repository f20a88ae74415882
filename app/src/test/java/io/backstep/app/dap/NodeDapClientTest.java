package io.backstep.app.dap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.app.cli.ChildCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A session driven by an independent client: {@code @vscode/debugadapter-testsupport}'s DebugClient
 * (what VS Code's own adapters are tested with), installed from the npm registry with {@code npm ci}
 * from the committed lock file, running {@code src/test/node/dap-client.test.js} against
 * {@code backstep dap}. Needs Node.js and npm on the PATH; fails (never skips) without them.
 */
class NodeDapClientTest {
    private static final Path SCRIPTS = Path.of("src", "test", "node");

    @Test
    void debugClientDrivesACorruptionHunt() throws Exception {
        Path work = Path.of("target", "dap-node-client").toAbsolutePath();
        Files.createDirectories(work);
        for (String f : List.of("package.json", "package-lock.json", "dap-client.test.js")) {
            Files.copy(SCRIPTS.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Path launcher = writeLauncher(work);
        run(work, List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), "npm ci");
        String out = run(work, List.of("node", "dap-client.test.js", launcher.toString()), "the DebugClient session");
        assertTrue(out.contains("all checks passed"), out);
    }

    /** A script that runs {@code backstep} from the tests' class path, as DebugClient spawns it: {@code LAUNCHER dap}. */
    private static Path writeLauncher(Path work) throws IOException {
        List<String> cmd = ChildCli.of(List.of("-Dbackstep.journals=" + System.getProperty("backstep.journals"))).command();
        List<String> quoted = new ArrayList<>();
        for (String c : cmd) quoted.add("'" + c.replace("'", "'\\''") + "'");
        Path script = work.resolve("backstep-under-test");
        Files.writeString(script, "#!/bin/sh\nexec " + String.join(" ", quoted) + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static String run(Path dir, List<String> command, String what) throws Exception {
        Path log = dir.resolve("log.txt");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is needed for this test (Node.js 20 and npm): " + e.getMessage(), e);
        }
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) p.destroyForcibly();
        String out = Files.readString(log);
        assertTrue(finished, what + " did not finish:\n" + out);
        assertEquals(0, p.exitValue(), what + " failed:\n" + out);
        return out;
    }
}
