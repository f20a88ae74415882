package io.backstep.engine.wasi;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/** Source of the bytes {@code random_get} returns. Injectable so that tests and replays are deterministic. */
@FunctionalInterface
public interface WasiRandom {
    void fill(byte[] destination);

    /** Cryptographically strong bytes from the host. */
    static WasiRandom system() {
        SecureRandom random = new SecureRandom();
        return random::nextBytes;
    }

    /** A reproducible pseudo-random sequence determined by {@code seed}. */
    static WasiRandom seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return dst -> {
            for (int i = 0; i < dst.length; i++) dst[i] = (byte) random.nextInt(256);
        };
    }
}
