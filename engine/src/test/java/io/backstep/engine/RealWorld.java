package io.backstep.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests read the real-world programs: {@code ../shared/realworld} beside the repository (tests run
 * in a module's folder), or the folder {@code -Dbackstep.realworld=DIR} names. The engine's tests use it,
 * and the recorder's and app's through the engine's test jar. The programs are test data read in place;
 * when they are missing the tests fail, they never skip.
 */
public final class RealWorld {
    private RealWorld() {
    }

    /** The realworld folder (its README, {@code wasm/}, {@code src/}, {@code lua/}). */
    public static Path folder() {
        Path p = Path.of(System.getProperty("backstep.realworld", "../../shared/realworld")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("wasm"))) {
            throw new IllegalStateException("real-world programs not found at " + p + " (set -Dbackstep.realworld=DIR)");
        }
        return p;
    }

    /** The folder of the realworld programs' modules ({@code lua.wasm}, {@code lz4_bench.O0.wasm}, ...). */
    public static Path wasm() {
        return folder().resolve("wasm");
    }
}
