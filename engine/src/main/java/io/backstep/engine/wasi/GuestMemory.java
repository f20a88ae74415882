package io.backstep.engine.wasi;

import io.backstep.engine.runtime.Memory;
import io.backstep.engine.runtime.TrapException;
import io.backstep.engine.runtime.TrapKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The only way WASI host code touches guest memory. Reads go straight to {@link Memory}; every
 * write is also appended to a log, so an event's memory writes are complete by construction (the
 * host implementation never sees the {@link Memory} itself). Adjacent writes are merged.
 * Addresses are unsigned 32-bit guest pointers held in a long; out-of-bounds accesses trap.
 */
public final class GuestMemory {
    private final Memory memory;
    private final List<WasiEvent.MemoryWrite> writes = new ArrayList<>();
    private long pendingAddress = -1;
    private byte[] pending;
    private int pendingLength;

    GuestMemory(Memory memory) {
        this.memory = memory;
    }

    private Memory mem() {
        if (memory == null) throw new TrapException(TrapKind.HOST_ERROR, "WASI call needs a linear memory but the caller has none");
        return memory;
    }

    /** Traps unless {@code [address, address + length)} is inside memory. */
    public void check(long address, long length) {
        mem().check(address, length);
    }

    public int loadI32(long address) {
        return mem().loadI32(address);
    }

    public long loadI64(long address) {
        return mem().loadI64(address);
    }

    public byte[] read(long address, long length) {
        Memory m = mem();
        m.check(address, length);
        return m.read(address, (int) length);
    }

    public void write(long address, byte[] bytes) {
        write(address, bytes, 0, bytes.length);
    }

    public void write(long address, byte[] bytes, int offset, int length) {
        mem().write(address, bytes, offset, length);
        if (length == 0) return;
        if (pending != null && pendingAddress + pendingLength == address) {
            if (pendingLength + length > pending.length) {
                byte[] grown = new byte[Math.max(pending.length * 2, pendingLength + length)];
                System.arraycopy(pending, 0, grown, 0, pendingLength);
                pending = grown;
            }
            System.arraycopy(bytes, offset, pending, pendingLength, length);
            pendingLength += length;
            return;
        }
        flush();
        pendingAddress = address;
        pending = new byte[Math.max(length, 16)];
        System.arraycopy(bytes, offset, pending, 0, length);
        pendingLength = length;
    }

    public void storeI32(long address, int value) {
        write(address, Le.i32(value));
    }

    public void storeI64(long address, long value) {
        write(address, Le.i64(value));
    }

    private void flush() {
        if (pending != null) {
            byte[] exact = pendingLength == pending.length ? pending : java.util.Arrays.copyOf(pending, pendingLength);
            writes.add(new WasiEvent.MemoryWrite(pendingAddress, exact));
            pending = null;
        }
    }

    /** Every write so far, in order (adjacent ones merged). */
    public List<WasiEvent.MemoryWrite> writes() {
        flush();
        return Collections.unmodifiableList(new ArrayList<>(writes));
    }

    /** Little-endian encoding helpers for building structs before one write. */
    static final class Le {
        private Le() {
        }

        static byte[] i32(int v) {
            return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
        }

        static byte[] i64(long v) {
            byte[] b = new byte[8];
            putI64(b, 0, v);
            return b;
        }

        static void putI16(byte[] b, int at, int v) {
            b[at] = (byte) v;
            b[at + 1] = (byte) (v >>> 8);
        }

        static void putI32(byte[] b, int at, int v) {
            for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
        }

        static void putI64(byte[] b, int at, long v) {
            for (int i = 0; i < 8; i++) b[at + i] = (byte) (v >>> (8 * i));
        }

        static int getI32(byte[] b, int at) {
            return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
        }

        static int getU16(byte[] b, int at) {
            return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        }

        static long getI64(byte[] b, int at) {
            return (getI32(b, at) & 0xFFFFFFFFL) | ((long) getI32(b, at + 4) << 32);
        }
    }
}
