package io.backstep.engine.wasi;

import io.backstep.engine.runtime.TrapException;
import io.backstep.engine.runtime.TrapKind;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One WASI call as it crossed the host boundary: which function, its arguments, how it ended
 * (returned an errno, exited, or trapped), every byte range it wrote into guest memory, and the
 * bytes it sent to the guest's stdout or stderr. Replaying the memory writes and the outcome
 * reproduces the call exactly without the host.
 *
 * <h2>Binary format ({@link #writeTo}/{@link #readFrom})</h2>
 * All integers big-endian (as {@link DataOutput} writes them):
 * <pre>
 *   u8   function id ({@link WasiFunction#id()})
 *   u8   outcome: 0 = returned, 1 = exited, 2 = trapped; bit 7 (0x80) set when output follows
 *   args in signature order: i32 parameter = 4 bytes, i64 parameter = 8 bytes
 *   returned: i32 errno | exited: i32 exit code | trapped: UTF trap kind name, u8 has-detail, [UTF detail]
 *   u32  number of memory writes, then for each: u32 guest address, u32 length, the bytes
 *   if output: u8 stream (1 = stdout, 2 = stderr), u32 length, the bytes
 * </pre>
 * (UTF = {@link DataOutput#writeUTF}.) A returning call that wrote one 8-byte value costs 26 bytes
 * plus its arguments.
 */
public final class WasiEvent {
    public enum Outcome { RETURNED, EXITED, TRAPPED }

    /** {@code bytes.length} bytes written at guest address {@code address} (an unsigned 32-bit value). */
    public static final class MemoryWrite {
        private final long address;
        private final byte[] bytes;

        public MemoryWrite(long address, byte[] bytes) {
            this.address = address;
            this.bytes = bytes.clone();
        }

        public long address() {
            return address;
        }

        public byte[] bytes() {
            return bytes.clone();
        }

        public int length() {
            return bytes.length;
        }

        byte[] rawBytes() {
            return bytes;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MemoryWrite w && w.address == address && Arrays.equals(w.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(address) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "write@" + address + "[" + bytes.length + "]";
        }
    }

    public static final int STDOUT = 1;
    public static final int STDERR = 2;

    private final WasiFunction function;
    private final long[] args;
    private final Outcome outcome;
    private final int value;
    private final TrapKind trapKind;
    private final String trapDetail;
    private final List<MemoryWrite> writes;
    private final int outputStream;
    private final byte[] output;

    private WasiEvent(WasiFunction function, long[] args, Outcome outcome, int value, TrapKind trapKind,
            String trapDetail, List<MemoryWrite> writes, int outputStream, byte[] output) {
        this.function = Objects.requireNonNull(function);
        if (args.length != function.paramCount()) {
            throw new WasiEventFormatException(function.wasiName() + " takes " + function.paramCount() + " arguments, got " + args.length);
        }
        if (outcome == Outcome.RETURNED && !function.hasResult()) {
            throw new WasiEventFormatException(function.wasiName() + " does not return");
        }
        if (output != null && outputStream != STDOUT && outputStream != STDERR) {
            throw new WasiEventFormatException("output stream must be 1 or 2, got " + outputStream);
        }
        this.args = function.normalize(args);
        this.outcome = outcome;
        this.value = value;
        this.trapKind = trapKind;
        this.trapDetail = trapDetail;
        this.writes = Collections.unmodifiableList(new ArrayList<>(writes));
        this.outputStream = output == null ? 0 : outputStream;
        this.output = output == null ? null : output.clone();
    }

    /** A call that returned errno {@code result}. {@code output} may be null (stream is then ignored). */
    public static WasiEvent returned(WasiFunction f, long[] args, int result, List<MemoryWrite> writes, int outputStream, byte[] output) {
        return new WasiEvent(f, args, Outcome.RETURNED, result, null, null, writes, outputStream, output);
    }

    /** A {@code proc_exit} call. */
    public static WasiEvent exited(WasiFunction f, long[] args, int exitCode, List<MemoryWrite> writes) {
        return new WasiEvent(f, args, Outcome.EXITED, exitCode, null, null, writes, 0, null);
    }

    /** A call that trapped (after performing {@code writes} and emitting {@code output}). */
    public static WasiEvent trapped(WasiFunction f, long[] args, TrapKind kind, String detail, List<MemoryWrite> writes,
            int outputStream, byte[] output) {
        return new WasiEvent(f, args, Outcome.TRAPPED, 0, Objects.requireNonNull(kind), detail, writes, outputStream, output);
    }

    public WasiFunction function() {
        return function;
    }

    /** The import name, e.g. "fd_write". */
    public String functionName() {
        return function.wasiName();
    }

    /** Arguments in slot form (i32 parameters sign-extended from their low 32 bits). */
    public long[] args() {
        return args.clone();
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The returned errno; only meaningful when {@link #outcome()} is RETURNED. */
    public int result() {
        return outcome == Outcome.RETURNED ? value : -1;
    }

    /** Results in slot form as the host function returned them (empty unless RETURNED). */
    public long[] results() {
        return outcome == Outcome.RETURNED ? new long[] {value} : new long[0];
    }

    /** The proc_exit code; only meaningful when {@link #outcome()} is EXITED. */
    public int exitCode() {
        return outcome == Outcome.EXITED ? value : -1;
    }

    public TrapKind trapKind() {
        return trapKind;
    }

    public String trapDetail() {
        return trapDetail;
    }

    /** Rebuilds the trap this call ended with. */
    public TrapException toTrap() {
        if (outcome != Outcome.TRAPPED) throw new IllegalStateException("event did not trap");
        return trapDetail == null ? new TrapException(trapKind) : new TrapException(trapKind, trapDetail);
    }

    /** Byte ranges written into guest memory, in the order they were written. */
    public List<MemoryWrite> memoryWrites() {
        return writes;
    }

    /** {@link #STDOUT}, {@link #STDERR}, or 0 if the call produced no guest output. */
    public int outputStream() {
        return outputStream;
    }

    /** Bytes the guest wrote to {@link #outputStream()}, or null. */
    public byte[] output() {
        return output == null ? null : output.clone();
    }

    byte[] rawOutput() {
        return output;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(function.id());
        out.writeByte(outcome.ordinal() | (output != null ? 0x80 : 0));
        for (int i = 0; i < args.length; i++) {
            if (function.isI64Param(i)) out.writeLong(args[i]);
            else out.writeInt((int) args[i]);
        }
        switch (outcome) {
            case RETURNED, EXITED -> out.writeInt(value);
            case TRAPPED -> {
                out.writeUTF(trapKind.name());
                out.writeByte(trapDetail != null ? 1 : 0);
                if (trapDetail != null) out.writeUTF(trapDetail);
            }
        }
        out.writeInt(writes.size());
        for (MemoryWrite w : writes) {
            out.writeInt((int) w.address);
            out.writeInt(w.bytes.length);
            out.write(w.bytes);
        }
        if (output != null) {
            out.writeByte(outputStream);
            out.writeInt(output.length);
            out.write(output);
        }
    }

    /**
     * Reads one event written by {@link #writeTo}. Throws {@link WasiEventFormatException} for bytes
     * that are not an event, {@link java.io.EOFException} if the input ends early.
     */
    public static WasiEvent readFrom(DataInput in) throws IOException {
        int id = in.readUnsignedByte();
        WasiFunction f = WasiFunction.byId(id);
        if (f == null) throw new WasiEventFormatException("unknown WASI function id " + id);
        int tag = in.readUnsignedByte();
        boolean hasOutput = (tag & 0x80) != 0;
        int o = tag & 0x7F;
        if (o >= Outcome.values().length) throw new WasiEventFormatException("unknown outcome " + o);
        Outcome outcome = Outcome.values()[o];
        long[] args = new long[f.paramCount()];
        for (int i = 0; i < args.length; i++) args[i] = f.isI64Param(i) ? in.readLong() : in.readInt();
        int value = 0;
        TrapKind kind = null;
        String detail = null;
        if (outcome == Outcome.TRAPPED) {
            String name = in.readUTF();
            try {
                kind = TrapKind.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new WasiEventFormatException("unknown trap kind " + name);
            }
            if (in.readUnsignedByte() != 0) detail = in.readUTF();
        } else {
            value = in.readInt();
        }
        if (outcome == Outcome.RETURNED && !f.hasResult()) throw new WasiEventFormatException(f.wasiName() + " cannot return");
        if (outcome == Outcome.EXITED && f != WasiFunction.PROC_EXIT) throw new WasiEventFormatException(f.wasiName() + " cannot exit");
        int count = in.readInt();
        if (count < 0) throw new WasiEventFormatException("negative memory write count");
        List<MemoryWrite> writes = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            long address = in.readInt() & 0xFFFFFFFFL;
            writes.add(new MemoryWrite(address, readBytes(in, in.readInt())));
        }
        int stream = 0;
        byte[] output = null;
        if (hasOutput) {
            stream = in.readUnsignedByte();
            if (stream != STDOUT && stream != STDERR) throw new WasiEventFormatException("unknown output stream " + stream);
            output = readBytes(in, in.readInt());
        }
        return new WasiEvent(f, args, outcome, value, kind, detail, writes, stream, output);
    }

    /** Reads {@code length} bytes in bounded chunks, so a corrupt length hits EOF instead of exhausting memory. */
    private static byte[] readBytes(DataInput in, int length) throws IOException {
        if (length < 0) throw new WasiEventFormatException("negative length " + length);
        if (length <= 65536) {
            byte[] b = new byte[length];
            in.readFully(b);
            return b;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(65536);
        byte[] chunk = new byte[65536];
        int left = length;
        while (left > 0) {
            int n = Math.min(left, chunk.length);
            in.readFully(chunk, 0, n);
            buf.write(chunk, 0, n);
            left -= n;
        }
        return buf.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WasiEvent e)) return false;
        return e.function == function && Arrays.equals(e.args, args) && e.outcome == outcome && e.value == value
                && e.trapKind == trapKind && Objects.equals(e.trapDetail, trapDetail) && e.writes.equals(writes)
                && e.outputStream == outputStream && Arrays.equals(e.output, output);
    }

    @Override
    public int hashCode() {
        return Objects.hash(function, Arrays.hashCode(args), outcome, value, writes);
    }

    /** Short human-readable form, e.g. {@code fd_write(1, 1024, 1, 2000) -> success [1 write, 6 bytes to stdout]}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(function.wasiName()).append('(');
        for (int i = 0; i < args.length; i++) {
            if (i > 0) b.append(", ");
            b.append(args[i]);
        }
        b.append(") -> ");
        switch (outcome) {
            case RETURNED -> b.append(Errno.name(value));
            case EXITED -> b.append("exit ").append(value);
            case TRAPPED -> b.append("trap ").append(trapKind.message());
        }
        b.append(" [").append(writes.size()).append(writes.size() == 1 ? " write" : " writes");
        if (output != null) b.append(", ").append(output.length).append(" bytes to ").append(outputStream == STDOUT ? "stdout" : "stderr");
        return b.append(']').toString();
    }
}
