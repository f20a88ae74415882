package io.backstep.engine.wasi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backstep.engine.runtime.TrapKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WasiEventTest {
    private static byte[] serialize(WasiEvent... events) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (WasiEvent e : events) e.writeTo(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static List<WasiEvent> deserialize(byte[] bytes, int count) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        List<WasiEvent> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(WasiEvent.readFrom(in));
        assertEquals(-1, in.read(), "nothing left over");
        return out;
    }

    @Test
    void exactEncodingOfASmallEvent() throws IOException {
        WasiEvent e = WasiEvent.returned(WasiFunction.CLOCK_TIME_GET, new long[] {1, -2L, 0x100},
                Errno.SUCCESS, List.of(new WasiEvent.MemoryWrite(0x100, new byte[] {7, 8})), 0, null);
        byte[] expected = {
            5, 0, // clock_time_get, returned, no output
            0, 0, 0, 1, // id (i32)
            -1, -1, -1, -1, -1, -1, -1, -2, // precision (i64)
            0, 0, 1, 0, // out pointer (i32)
            0, 0, 0, 0, // errno
            0, 0, 0, 1, // one write
            0, 0, 1, 0, 0, 0, 0, 2, 7, 8, // at 0x100, 2 bytes
        };
        assertArrayEquals(expected, serialize(e));
    }

    @Test
    void roundTripOfEveryShape() throws IOException {
        WasiEvent write = WasiEvent.returned(WasiFunction.FD_WRITE, new long[] {1, 0x2000, 2, 0x2100}, 0,
                List.of(new WasiEvent.MemoryWrite(0x2100, new byte[] {5, 0, 0, 0})), WasiEvent.STDOUT, "hello".getBytes());
        WasiEvent err = WasiEvent.returned(WasiFunction.FD_WRITE, new long[] {2, 0, 1, 8}, 0, List.of(), WasiEvent.STDERR, new byte[0]);
        WasiEvent open = WasiEvent.returned(WasiFunction.PATH_OPEN, new long[] {3, 1, 0x1000, 5, 1, -1L, Long.MIN_VALUE, 0, 0x2100},
                Errno.NOTCAPABLE, List.of(), 0, null);
        WasiEvent exit = WasiEvent.exited(WasiFunction.PROC_EXIT, new long[] {-7}, -7, List.of());
        WasiEvent trap = WasiEvent.trapped(WasiFunction.FD_READ, new long[] {0, 0xFFFFFFF0L, 1, 4}, TrapKind.OUT_OF_BOUNDS_MEMORY_ACCESS,
                null, List.of(new WasiEvent.MemoryWrite(0xFFFFFFF0L, new byte[] {1})), 0, null);
        WasiEvent trapDetail = WasiEvent.trapped(WasiFunction.FD_WRITE, new long[] {0, 0, 0, 0}, TrapKind.HOST_ERROR,
                "no memory", List.of(), 0, null);
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
        WasiEvent read = WasiEvent.returned(WasiFunction.FD_READ, new long[] {5, 0, 1, 4}, 0,
                List.of(new WasiEvent.MemoryWrite(16, big), new WasiEvent.MemoryWrite(4, new byte[] {0x40, 0x0D, 3, 0})), 0, null);
        WasiEvent[] all = {write, err, open, exit, trap, trapDetail, read};
        List<WasiEvent> back = deserialize(serialize(all), all.length);
        for (int i = 0; i < all.length; i++) {
            assertEquals(all[i], back.get(i), "event " + i);
            assertEquals(all[i].toString(), back.get(i).toString());
        }
        assertEquals(0xFFFFFFF0L, back.get(4).memoryWrites().get(0).address(), "addresses stay unsigned");
        assertEquals(-7, back.get(3).exitCode());
        assertEquals("no memory", back.get(5).trapDetail());
        assertEquals("host error: no memory", back.get(5).toTrap().getMessage());
        assertArrayEquals("hello".getBytes(), back.get(0).output());
        assertArrayEquals(big, back.get(6).memoryWrites().get(0).bytes());
    }

    @Test
    void malformedInputIsReportedTyped() throws IOException {
        WasiEvent e = WasiEvent.returned(WasiFunction.FD_CLOSE, new long[] {4}, 0, List.of(), 0, null);
        byte[] ok = serialize(e);
        for (int cut = 0; cut < ok.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(ok, cut);
            assertThrows(EOFException.class, () -> deserialize(truncated, 1), "cut at " + cut);
        }
        byte[] unknown = ok.clone();
        unknown[0] = (byte) 200;
        assertThrows(WasiEventFormatException.class, () -> deserialize(unknown, 1));
        byte[] badOutcome = ok.clone();
        badOutcome[1] = 5;
        assertThrows(WasiEventFormatException.class, () -> deserialize(badOutcome, 1));
        byte[] exitFromClose = ok.clone();
        exitFromClose[1] = 1;
        assertThrows(WasiEventFormatException.class, () -> deserialize(exitFromClose, 1));
        // a huge claimed length must end in EOF, not in an enormous allocation
        byte[] hugeWrite = {8, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0x7F, -1, -1, -1};
        assertThrows(EOFException.class, () -> deserialize(hugeWrite, 1));
        byte[] negative = {8, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, -1, -1, -1};
        assertThrows(WasiEventFormatException.class, () -> deserialize(negative, 1));
    }

    @Test
    void constructionChecksShape() {
        assertThrows(WasiEventFormatException.class,
                () -> WasiEvent.returned(WasiFunction.FD_CLOSE, new long[] {1, 2}, 0, List.of(), 0, null));
        assertThrows(WasiEventFormatException.class,
                () -> WasiEvent.returned(WasiFunction.PROC_EXIT, new long[] {1}, 0, List.of(), 0, null));
    }
}
