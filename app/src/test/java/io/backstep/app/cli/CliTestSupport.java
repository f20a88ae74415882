package io.backstep.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the command line in-process and captures what it prints. */
final class CliTestSupport {
    record Result(int status, String out, String err) {
    }

    private CliTestSupport() {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Cli.run(args, o, e);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Expected stdout of a bundled sample (samples/expected/NAME.txt). */
    static String expected(String sample) throws IOException {
        try (InputStream in = CliTestSupport.class.getResourceAsStream("/samples/expected/" + sample + ".txt")) {
            if (in == null) throw new IOException("no expected output for " + sample);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
