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
}
