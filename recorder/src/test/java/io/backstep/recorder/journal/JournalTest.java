package io.backstep.recorder.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal holds records of any size: large ones travel as pieces that readers join again. */
class JournalTest {
    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void recordsOfEverySizeAroundThePieceLimitReadBackWhole(@TempDir Path tmp) {
        int piece = Journal.MAX_PIECE;
        // Edges of the piece size, several pieces, and a payload bigger than the queue's 4 MiB block.
        int[] sizes = {0, 1, piece - 1, piece, piece + 1, 2 * piece, 2 * piece + 1, 20 << 20, 3};
        long[] index = new long[sizes.length];
        try (Journal j = Journal.create(tmp.resolve("j"))) {
            for (int i = 0; i < sizes.length; i++) index[i] = j.append(1 + i % 4, random(sizes[i], i));
        }
        try (Journal j = Journal.open(tmp.resolve("j"))) {
            for (int i = 0; i < sizes.length; i++) {
                Journal.Entry e = j.next();
                assertEquals(1 + i % 4, e.kind(), "kind of record " + i);
                assertEquals(index[i], e.index(), "a record's index is that of its first piece");
                assertArrayEquals(random(sizes[i], i), e.payload(), "record " + i + " of " + sizes[i] + " bytes");
            }
            assertNull(j.next());
            // Random access by index lands on whole records too, in any order.
            for (int i = sizes.length - 1; i >= 0; i--) {
                assertArrayEquals(random(sizes[i], i), j.read(index[i]).payload(), "read(" + i + ")");
            }
        }
    }

    @Test
    void aJournalDoesNotBindLibcThroughJnr(@TempDir Path tmp) {
        // Chronicle would bind libc through JNR at its first use (a third of its start-up); a journal
        // needs that binding for nothing (see Journal.withoutNativePosix), and records without it.
        try (Journal j = Journal.create(tmp.resolve("j"))) {
            j.append(1, random(1000, 1));
        }
        assertEquals("NoOpPosixAPI", net.openhft.posix.PosixAPI.posix().getClass().getSimpleName());
        try (Journal j = Journal.open(tmp.resolve("j"))) {
            assertArrayEquals(random(1000, 1), j.next().payload());
        }
    }

    @Test
    void aJournalNeedsNoNativeBindings(@TempDir Path tmp) {
        // The build leaves JNA and JNR out (the root pom): loading them was a sixth of a recording's
        // start-up. Chronicle must then fall back to its no-op thread affinity, and still record.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.sun.jna.Platform"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("jnr.ffi.Platform"));
        try (Journal j = Journal.create(tmp.resolve("j"))) {
            j.append(1, random(1000, 3));
        }
        assertEquals("NullAffinity", net.openhft.affinity.Affinity.getAffinityImpl().getClass().getSimpleName());
        try (Journal j = Journal.open(tmp.resolve("j"))) {
            assertArrayEquals(random(1000, 3), j.next().payload());
        }
    }

    @Test
    void aJournalEndingInsideARecordsPiecesEndsBeforeIt(@TempDir Path tmp) {
        try (Journal j = Journal.create(tmp.resolve("j"))) {
            j.append(2, random(10, 1));
            // What a recorder killed between two pieces leaves: pieces with no closing record.
            j.appendPieceForTest(random(Journal.MAX_PIECE, 2));
        }
        try (Journal j = Journal.open(tmp.resolve("j"))) {
            assertArrayEquals(random(10, 1), j.next().payload());
            assertNull(j.next(), "the unfinished record is not presented");
        }
    }

    @Test
    void piecesAreNotARecordKindCallersMayWrite(@TempDir Path tmp) {
        try (Journal j = Journal.create(tmp.resolve("j"))) {
            assertThrows(IllegalArgumentException.class, () -> j.append(RecordKind.PART, new byte[1]));
            assertThrows(IllegalArgumentException.class, () -> j.append(0, new byte[1]));
        }
    }

    @Test
    void streamedRecordsArePiecesLikeAnyOtherAndReadBackAsStreams(@TempDir Path tmp) throws java.io.IOException {
        int piece = Journal.MAX_PIECE;
        int[] sizes = {0, 1, piece, piece + 1, 3 * piece + 17};
        try (Journal j = Journal.create(tmp.resolve("j"))) {
            for (int i = 0; i < sizes.length; i++) {
                byte[] payload = random(sizes[i], i);
                try (RecordPieces out = j.append(2)) {
                    // In slices that do not line up with the pieces.
                    for (int at = 0; at < payload.length; at += 1000) out.write(payload, at, Math.min(1000, payload.length - at));
                    assertEquals(payload.length, out.length());
                }
            }
            // Killed in the middle of a streamed record: its pieces so far, no end.
            RecordPieces cut = j.append(2);
            cut.write(random(piece + 5, 99));
        }
        try (Journal j = Journal.open(tmp.resolve("j"))) {
            for (int i = 0; i < sizes.length; i++) {
                Journal.Entry e = j.next(kind -> false);
                assertEquals(2, e.kind());
                assertEquals(sizes[i], e.length(), "length of record " + i + ", its payload unread");
                assertNull(e.payload());
                try (java.io.InputStream in = j.open(e.index())) {
                    assertArrayEquals(random(sizes[i], i), in.readAllBytes(), "record " + i + " as a stream");
                }
                assertArrayEquals(random(sizes[i], i), j.read(e.index()).payload());
            }
            assertNull(j.next(), "the unfinished record is not presented");
        }
    }
}
