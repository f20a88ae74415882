package io.backstep.recorder.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.recorder.journal.Journal;
import io.backstep.recorder.journal.JournalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder's background journal writer: order, back-pressure, and failures that surface where the recorder can report them. */
class JournalWriterTest {
    @Test
    void recordsArriveInOrderAndDrainMeansWritten(@TempDir Path tmp) {
        Path dir = tmp.resolve("j");
        int n = JournalWriter.BACKLOG * 5; // more than the backlog: the caller waits, nothing is lost
        try (JournalWriter w = new JournalWriter(dir)) {
            for (int i = 0; i < n; i++) {
                int k = i;
                w.append(1 + k % 3, () -> payload(k));
            }
            w.drain();
            try (Journal read = Journal.open(dir)) {
                for (int i = 0; i < n; i++) {
                    Journal.Entry e = read.next();
                    assertEquals(1 + i % 3, e.kind(), "record " + i);
                    assertArrayEquals(payload(i), e.payload(), "record " + i);
                }
                assertNull(read.next(), "nothing more");
            }
        }
    }

    private static byte[] payload(int i) {
        byte[] b = new byte[1 + i * 37 % 5000];
        for (int j = 0; j < b.length; j++) b[j] = (byte) (i + j);
        return b;
    }

    @Test
    void aFailureOnTheWriterThreadSurfacesAsAJournalException(@TempDir Path tmp) {
        try (JournalWriter w = new JournalWriter(tmp.resolve("j"))) {
            w.append(1, () -> payload(1));
            w.append(1, () -> {
                throw new IllegalStateException("disk on fire");
            });
            JournalException e = assertThrows(JournalException.class, w::drain);
            assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
            assertThrows(JournalException.class, () -> w.append(1, () -> payload(2)), "no writes after a failure");
        } catch (JournalException closing) {
            // close reports the same failure again: expected
        }
    }

    @Test
    void aJournalThatCannotBeCreatedFailsAtTheFirstDrain(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        JournalWriter w = new JournalWriter(file.resolve("j"));
        assertThrows(JournalException.class, w::drain);
        assertThrows(JournalException.class, w::close);
    }

    @Test
    void aFailureReportedByDrainIsNotSuppressedIntoItselfOnClose(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        // What the recorder does: drain inside try-with-resources, so close runs after drain threw.
        JournalException e = assertThrows(JournalException.class, () -> {
            try (JournalWriter w = new JournalWriter(file.resolve("j"))) {
                w.drain();
            }
        });
        assertEquals(1, e.getSuppressed().length, "close's report is attached to the first one");
        assertTrue(e.getSuppressed()[0] instanceof JournalException);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aStreamedRecordTravelsInBlocksAndArrivesWholeAmongOthers(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("j");
        // Two and a half blocks written in odd slices and single bytes, between two ordinary records;
        // the encoding (here: a marker byte, then the input reversed in each slice it receives) runs on
        // the writer's thread, in the order the blocks were written.
        byte[] input = random(JournalWriter.BLOCK * 5 / 2 + 3, 1);
        java.util.List<Integer> slices = new java.util.ArrayList<>();
        boolean[] written = new boolean[1];
        try (JournalWriter w = new JournalWriter(dir)) {
            w.append(1, () -> payload(1));
            try (JournalWriter.BlockStream out = w.appendStreamed(2, record -> new java.io.FilterOutputStream(record) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    slices.add(len);
                    out.write(b, off, len);
                }
            }, () -> written[0] = true)) {
                int at = 0;
                for (int k = 1; at < input.length; k = k * 3 % 1_000_003) {
                    int n = Math.min(input.length - at, k);
                    if (n == 1) out.write(input[at]);
                    else out.write(input, at, n);
                    at += n;
                }
            }
            w.append(3, () -> payload(3));
            w.drain();
            assertTrue(written[0], "the record's callback ran once it was written");
            assertEquals(java.util.List.of(JournalWriter.BLOCK, JournalWriter.BLOCK, input.length - 2 * JournalWriter.BLOCK), slices,
                    "the input crossed in whole blocks, the rest at the end");
            try (Journal read = Journal.open(dir)) {
                assertArrayEquals(payload(1), read.next().payload());
                Journal.Entry e = read.next(kind -> false);
                assertEquals(2, e.kind());
                assertEquals(input.length, e.length(), "the length is known without reading the payload");
                assertNull(e.payload());
                try (java.io.InputStream in = read.open(e.index())) {
                    assertArrayEquals(input, in.readAllBytes(), "read back as a stream over its pieces");
                }
                assertArrayEquals(payload(3), read.next().payload());
                assertNull(read.next());
            }
        }
    }

    @Test
    void aStreamedRecordWithinOneBlockIsOneHandOverAndAnEmptyOneIsStillARecord(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("j");
        byte[] small = random(JournalWriter.BLOCK / 3, 2);
        java.util.List<String> opened = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        JournalWriter.Encoding encoding = record -> {
            opened.add(Thread.currentThread().getName());
            return record;
        };
        try (JournalWriter w = new JournalWriter(dir)) {
            long before = w.handOvers();
            try (JournalWriter.BlockStream out = w.appendStreamed(2, encoding, () -> { })) {
                out.write(small, 0, 100);
                out.write(small, 100, small.length - 100);
            }
            // Each hand-over wakes the writer's thread, which on two cores takes the program's core.
            assertEquals(1, w.handOvers() - before, "opened, written and ended in one hand-over");
            w.appendStreamed(3, encoding, () -> { }).close();
            w.drain();
            assertEquals(java.util.List.of("backstep-journal", "backstep-journal"), opened, "each record's encoding opened once, on the writer's thread");
            try (Journal read = Journal.open(dir)) {
                Journal.Entry e = read.next();
                assertEquals(2, e.kind());
                assertArrayEquals(small, e.payload());
                Journal.Entry empty = read.next();
                assertEquals(3, empty.kind());
                assertEquals(0, empty.payload().length);
                assertNull(read.next());
            }
        }
    }

    @Test
    void aStreamedRecordWhoseEncodingFailsFailsTheRecording(@TempDir Path tmp) {
        try (JournalWriter w = new JournalWriter(tmp.resolve("j"))) {
            JournalWriter.BlockStream out = w.appendStreamed(2, record -> new java.io.OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("disk full");
                }
            }, () -> { });
            out.write(new byte[JournalWriter.BLOCK]);
            out.close();
            JournalException e = assertThrows(JournalException.class, w::drain);
            assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        } catch (JournalException closing) {
            // close reports the same failure again: expected
        }
    }
}
