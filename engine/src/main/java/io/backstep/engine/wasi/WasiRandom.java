package io.backstep.engine.wasi;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/** Source of the bytes {@code random_get} returns. Injectable so that tests and replays are deterministic. */
@FunctionalInterface
public interface WasiRandom {
    void fill(byte[] destination);

    /**
     * Cryptographically strong bytes from the host. The generator is made at the first call: setting
     * one up (the JDK's security providers) took some 7 ms of every start, and most programs never ask.
     */
    static WasiRandom system() {
        return new WasiRandom() {
            private SecureRandom random;

            @Override
            public void fill(byte[] destination) {
                if (random == null) random = new SecureRandom();
                random.nextBytes(destination);
            }
        };
    }

    /** A reproducible pseudo-random sequence determined by {@code seed}. */
    static WasiRandom seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return dst -> {
            for (int i = 0; i < dst.length; i++) dst[i] = (byte) random.nextInt(256);
        };
    }
}
