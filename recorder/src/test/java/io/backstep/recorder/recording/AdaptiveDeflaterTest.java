package io.backstep.recorder.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

/** Checkpoint compression: a plain zlib stream that stores what does not compress and deflates what does. */
class AdaptiveDeflaterTest {
    private static final int MIB = 1 << 20;

    private static byte[] inflate(byte[] packed) throws IOException {
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(packed))) {
            return in.readAllBytes();
        }
    }

    /** Text-like data: compresses well. */
    private static byte[] compressible(int size) {
        byte[] b = new byte[size];
        Random r = new Random(2);
        String[] words = {"checkpoint ", "memory ", "page ", "snapshot ", "journal ", "step "};
        int at = 0;
        while (at < size) {
            byte[] w = words[r.nextInt(words.length)].getBytes();
            int n = Math.min(w.length, size - at);
            System.arraycopy(w, 0, b, at, n);
            at += n;
        }
        return b;
    }

    @Test
    void randomDataIsStoredCompressibleDataDeflatedAndBothInflateBack() throws IOException {
        byte[] random = new byte[8 * MIB];
        new Random(1).nextBytes(random);
        byte[] text = compressible(8 * MIB);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(random);
        all.writeBytes(text);
        all.writeBytes(random);
        byte[] input = all.toByteArray();

        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        AdaptiveDeflater d = new AdaptiveDeflater(packed);
        // Writes of every size: single bytes, slices across segment edges, whole blocks.
        int at = 0;
        for (int k = 1; at < input.length; k = k * 7 % 3_000_017) {
            int n = Math.min(input.length - at, k);
            if (n == 1) d.write(input[at]);
            else d.write(input, at, n);
            at += n;
        }
        d.close();
        assertArrayEquals(input, inflate(packed.toByteArray()), "a standard zlib stream of the input");
        // The random parts went mostly into stored blocks (all but the probes and the first segment)...
        long stored = d.storedBytes();
        assertTrue(stored > 12L * MIB, "stored " + stored + " of " + 16 * MIB + " random bytes");
        // ...and the text, once a probe found it compressible (within one probe period), was deflated.
        ByteArrayOutputStream textOnly = new ByteArrayOutputStream();
        try (AdaptiveDeflater t = new AdaptiveDeflater(textOnly)) {
            t.write(text);
        }
        long bound = 16L * MIB + 16L * MIB / 1000 + (long) AdaptiveDeflater.PROBE * AdaptiveDeflater.SEGMENT + textOnly.size();
        assertTrue(packed.size() < bound, "packed to " + packed.size() + ", more than " + bound);
        assertTrue(stored < 16L * MIB + AdaptiveDeflater.PROBE * AdaptiveDeflater.SEGMENT, "stored " + stored);
    }

    @Test
    void compressibleDataIsNeverStored() throws IOException {
        byte[] text = compressible(6 * MIB);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        AdaptiveDeflater d = new AdaptiveDeflater(packed);
        d.write(text);
        d.close();
        assertEquals(0, d.storedBytes());
        assertTrue(packed.size() < text.length / 4, "packed to " + packed.size());
        assertArrayEquals(text, inflate(packed.toByteArray()));
    }

    @Test
    void ofIncompressibleDataOnlyEachJudgedSegmentsSampleIsDeflated() throws IOException {
        // Every checkpoint is a stream of its own: deflating the whole first segment of each one's
        // random memory was most of a recording's journal work. Text first: its output still pending
        // in zlib must not count against the random data's sample, nor the random data's against the text.
        byte[] text = compressible(2 * AdaptiveDeflater.SEGMENT);
        byte[] random = new byte[3 * AdaptiveDeflater.SEGMENT];
        new Random(3).nextBytes(random);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        AdaptiveDeflater d = new AdaptiveDeflater(packed);
        d.write(text);
        d.write(random);
        d.close();
        assertEquals(random.length - AdaptiveDeflater.SAMPLE, d.storedBytes());
        byte[] both = new byte[text.length + random.length];
        System.arraycopy(text, 0, both, 0, text.length);
        System.arraycopy(random, 0, both, text.length, random.length);
        assertArrayEquals(both, inflate(packed.toByteArray()));
        assertTrue(packed.size() < random.length + text.length / 4, "packed to " + packed.size());
    }

    @Test
    void anEmptyInputIsAnEmptyStream() throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        new AdaptiveDeflater(packed).close();
        assertEquals(0, inflate(packed.toByteArray()).length);
    }
}
