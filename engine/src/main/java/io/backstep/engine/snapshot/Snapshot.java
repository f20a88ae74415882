package io.backstep.engine.snapshot;

import io.backstep.engine.WasmException;
import io.backstep.engine.code.CompiledFunction;
import io.backstep.engine.model.ValType;
import io.backstep.engine.runtime.FunctionInstance;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Global;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.runtime.Refs;
import io.backstep.engine.runtime.Table;
import io.backstep.engine.runtime.TrapException;
import io.backstep.engine.runtime.TrapKind;
import io.backstep.engine.runtime.WasmFunction;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Full snapshots of a machine and the instance it runs: the versioned binary format documented in
 * {@code docs/formats.md} ("Engine snapshot"). Big-endian throughout (Java's DataOutput), so it does
 * not depend on the JVM or the host. Code positions are stored as Wasm byte offsets, not internal
 * pcs, so a snapshot does not depend on how this engine version lowers code.
 */
public final class Snapshot {
    public static final int MAGIC = 0x42534E50; // "BSNP"
    /** 2: the memory section moved last, so that a snapshot streams (1 had it before the tables). */
    public static final int VERSION = 2;
    private static final byte[] ZERO_PAGE = new byte[Memory.PAGE_SIZE];

    private Snapshot() {
    }

    /** SHA-256 of the module bytes: snapshots name the module they belong to. */
    public static byte[] moduleHash(Instance instance) {
        return instance.module().sha256();
    }

    /** Captures the full state. The machine must be running code of {@code instance} (or be idle/finished). */
    public static byte[] capture(Machine machine, Instance instance) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        capture(machine, instance, false, bytes);
        return bytes.toByteArray();
    }

    /**
     * Captures an incremental snapshot: like a full one, except that memory carries only the 4 KiB
     * chunks written since the last {@link Memory#clearDirty()}. It restores only on top of the state
     * it was taken after (the previous checkpoint, already restored).
     */
    public static byte[] captureIncremental(Machine machine, Instance instance) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        capture(machine, instance, true, bytes);
        return bytes.toByteArray();
    }

    /**
     * Writes a full ({@code incremental} false) or incremental snapshot to {@code out} as it goes, a
     * memory page at a time: a memory of any size is captured through a buffer of one page. Returns
     * the number of bytes written; {@code out} is flushed, not closed.
     */
    public static long capture(Machine machine, Instance instance, boolean incremental, OutputStream out) {
        CountingOutput counted = new CountingOutput(out);
        try {
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(counted, 8192));
            writeState(data, machine, instance);
            Memory mem = instance.memory();
            data.writeInt(mem == null ? -1 : mem.pages());
            if (mem != null) writePages(data, mem, incremental);
            data.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counted.count;
    }

    // Page markers in the memory section, one per 64 KiB page.
    private static final int PAGE_ZERO = 0;
    private static final int PAGE_FULL = 1;
    private static final int PAGE_UNCHANGED = 2;
    private static final int PAGE_CHUNKS = 3;
    private static final int CHUNKS_PER_PAGE = Memory.PAGE_SIZE / Memory.CHUNK_SIZE;

    private static void writePages(DataOutputStream out, Memory mem, boolean incremental) throws IOException {
        byte[] page = new byte[Memory.PAGE_SIZE];
        for (int p = 0; p < mem.pages(); p++) {
            int mask = 0;
            if (incremental) {
                for (int c = 0; c < CHUNKS_PER_PAGE; c++) {
                    if (mem.isDirty(p * CHUNKS_PER_PAGE + c)) mask |= 1 << c;
                }
                if (mask == 0) {
                    out.writeByte(PAGE_UNCHANGED);
                    continue;
                }
                if (mask != 0xFFFF) {
                    // Only the written chunks are read: a page with one written chunk costs a chunk,
                    // not a page read and compared with zeros (a page grown since is wholly written).
                    out.writeByte(PAGE_CHUNKS);
                    out.writeShort(mask);
                    for (int c = 0; c < CHUNKS_PER_PAGE; c++) {
                        if ((mask & (1 << c)) == 0) continue;
                        mem.read((long) p * Memory.PAGE_SIZE + (long) c * Memory.CHUNK_SIZE, page, 0, Memory.CHUNK_SIZE);
                        out.write(page, 0, Memory.CHUNK_SIZE);
                    }
                    continue;
                }
            }
            mem.read((long) p * Memory.PAGE_SIZE, page, 0, page.length);
            if (Arrays.equals(page, ZERO_PAGE)) {
                // Zero pages (most of a fresh heap) cost one byte.
                out.writeByte(PAGE_ZERO);
            } else {
                out.writeByte(PAGE_FULL);
                out.write(page);
            }
        }
    }

    /** Everything but the memory: execution state, tables, globals, dropped segments. */
    private static void writeState(DataOutputStream out, Machine machine, Instance instance) throws IOException {
        out.writeInt(MAGIC);
        out.writeShort(VERSION);
        out.write(moduleHash(instance));
        out.writeLong(machine.stepCount());
        out.writeByte(machine.status().ordinal());
        FunctionInstance entry = machine.entry();
        int entryIndex = entry == null ? -1 : instance.indexOf(entry);
        if (entry != null && entryIndex < 0) {
            throw new IllegalStateException("the machine runs a function of another instance; only single-instance snapshots are supported");
        }
        out.writeInt(entryIndex);
        int depth = machine.callDepth();
        out.writeInt(depth);
        for (int i = 0; i < depth; i++) {
            FrameView f = machine.frame(i);
            if (f.function().instance() != instance) {
                throw new IllegalStateException("frame " + i + " runs code of another instance; only single-instance snapshots are supported");
            }
            out.writeInt(f.function().index());
            out.writeInt(f.wasmOffset());
            out.writeInt(f.base());
        }
        // A finished machine keeps its results on the stack (the state digest covers them), so the
        // stack is saved whatever the status.
        int sp = machine.stackPointer();
        out.writeInt(sp);
        for (int i = 0; i < sp; i++) out.writeLong(machine.slot(i));
        long[] results = machine.status() == Machine.Status.FINISHED ? machine.results() : new long[0];
        out.writeInt(results.length);
        for (long r : results) out.writeLong(r);
        TrapException trap = machine.status() == Machine.Status.TRAPPED ? machine.trap() : null;
        out.writeByte(trap == null ? -1 : trap.kind().ordinal());
        out.writeUTF(trap == null ? "" : trap.getMessage());
        out.writeInt(instance.tableCount());
        for (int t = 0; t < instance.tableCount(); t++) {
            long[] e = instance.table(t).elementsCopy();
            out.writeInt(e.length);
            for (long v : e) out.writeLong(v);
        }
        out.writeInt(instance.globalCount());
        for (int g = 0; g < instance.globalCount(); g++) {
            Global gl = instance.global(g);
            out.writeLong(gl.get());
            out.writeLong(gl.type().type() == ValType.V128 ? gl.getHigh() : 0);
        }
        int elems = instance.module().module().elements().length;
        out.writeInt(elems);
        for (int i = 0; i < elems; i++) out.writeBoolean(instance.isElementDropped(i));
        int data = instance.module().module().data().length;
        out.writeInt(data);
        for (int i = 0; i < data; i++) out.writeBoolean(instance.isDataDropped(i));
    }

    /** Counts what passes through, so a streamed capture knows its size. */
    private static final class CountingOutput extends FilterOutputStream {
        long count;

        CountingOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /**
     * Restores {@code snapshot} into {@code machine} and {@code instance}, which must be a fresh
     * instance of the same module built the same way as the one captured (same imports, same store
     * registration order), so that function references mean the same functions.
     *
     * <p>Everything is read and checked before anything is changed: a snapshot that is rejected with
     * {@link SnapshotFormatException} leaves the machine and the instance as they were.
     */
    public static void restore(byte[] snapshot, Machine machine, Instance instance) {
        // A first pass checks the whole snapshot (the memory section only for its structure), so that
        // the second, which applies it, cannot fail half-way.
        restore(new ByteArrayInputStream(snapshot), machine, instance, false);
        restore(new ByteArrayInputStream(snapshot), machine, instance, true);
    }

    /**
     * Restores a snapshot read from {@code in} as it comes, the memory a page at a time straight into
     * the instance's memory, so a memory of any size is restored through a buffer of one page. Reads
     * {@code in} to its end (nothing may follow the snapshot).
     *
     * <p>Everything before the memory section (the execution state, tables, globals, segments) is read
     * and checked before anything changes. Damage found inside the memory section is reported after
     * the pages before it were written: after such a {@link SnapshotFormatException} the memory holds a
     * mix of states, and the machine must be restored again before it is used.
     */
    public static void restore(InputStream in, Machine machine, Instance instance) {
        restore(in, machine, instance, true);
    }

    private static void restore(InputStream source, Machine machine, Instance instance, boolean apply) {
        try {
            DataInputStream in = new DataInputStream(source instanceof ByteArrayInputStream ? source : new BufferedInputStream(source, 1 << 16));
            State state = readState(in, instance);
            int pages = in.readInt();
            Memory mem = instance.memory();
            if ((pages < 0) != (mem == null)) throw new SnapshotFormatException("memory presence does not match the module");
            if (mem != null) {
                long max = mem.currentType().limits().max();
                if (pages > Memory.MAX_PAGES || (max >= 0 && pages > max)) {
                    throw new SnapshotFormatException("memory too large: " + pages + " pages");
                }
            }
            int before = mem == null ? 0 : mem.pages();
            if (apply) {
                // Memory is allocated first and the machine checks its own limits (call depth): both
                // before anything changes.
                if (mem != null && !mem.reserve(pages)) {
                    throw new WasmException("not enough host memory to restore a memory of " + pages + " pages (try a larger -Xmx)");
                }
                machine.restoreState(state.entry, state.status, state.steps, state.frames, state.pcs, state.bases, state.stack,
                        state.status == Machine.Status.FINISHED ? state.results : null, state.trap);
                for (int t = 0; t < state.tables.length; t++) instance.table(t).restore(state.tables[t]);
                for (int g = 0; g < state.globals.length; g++) instance.global(g).set(state.globals[g][0], state.globals[g][1]);
                instance.restoreDropped(state.droppedElems, state.droppedData);
                if (mem != null) mem.resize(pages);
            }
            if (mem != null) readPages(in, apply ? mem : null, pages, before);
            if (in.read() != -1) throw new SnapshotFormatException("trailing bytes after snapshot");
        } catch (EOFException e) {
            throw new SnapshotFormatException("snapshot is truncated", e);
        } catch (IOException e) {
            throw new SnapshotFormatException("snapshot is unreadable: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("snapshot is inconsistent: " + e.getMessage(), e);
        }
    }

    /** Everything in a snapshot but its memory, read and checked. */
    private record State(long steps, Machine.Status status, FunctionInstance entry, WasmFunction[] frames, int[] pcs, int[] bases,
                         long[] stack, long[] results, TrapException trap, long[][] tables, long[][] globals,
                         boolean[] droppedElems, boolean[] droppedData) {
    }

    private static State readState(DataInputStream in, Instance instance) throws IOException {
        if (in.readInt() != MAGIC) throw new SnapshotFormatException("not a Backstep snapshot (bad magic)");
        int version = in.readUnsignedShort();
        if (version != VERSION) throw new SnapshotFormatException("unsupported snapshot version " + version);
        byte[] hash = in.readNBytes(32);
        if (!instance.module().hasSha256(hash)) throw new SnapshotFormatException("snapshot was taken of a different module");
        long steps = in.readLong();
        if (steps < 0) throw new SnapshotFormatException("negative step count " + steps);
        int statusOrd = in.readUnsignedByte();
        Machine.Status[] statuses = Machine.Status.values();
        if (statusOrd >= statuses.length) throw new SnapshotFormatException("bad status " + statusOrd);
        Machine.Status status = statuses[statusOrd];
        int entryIndex = in.readInt();
        FunctionInstance entry = entryIndex == -1 ? null : function(instance, entryIndex);
        // Arrays grow as their elements arrive (see Growing), so a corrupt count cannot make restore
        // allocate more than the snapshot holds.
        int depth = count(in, 1_000_000, "frame count");
        List<WasmFunction> frameList = new ArrayList<>();
        Growing pcList = new Growing(depth);
        Growing baseList = new Growing(depth);
        for (int i = 0; i < depth; i++) {
            FunctionInstance f = function(instance, in.readInt());
            if (!(f instanceof WasmFunction wf) || wf.instance() != instance) {
                throw new SnapshotFormatException("frame " + i + " is not a Wasm function of this instance");
            }
            frameList.add(wf);
            int offset = in.readInt();
            int pc = wf.code().pcForWasmOffset(offset);
            if (pc < 0 || wf.code().wasmOffset(pc) != offset) {
                throw new SnapshotFormatException("frame " + i + ": no instruction at offset " + offset);
            }
            pcList.add(pc);
            baseList.add(in.readInt());
        }
        WasmFunction[] frames = frameList.toArray(new WasmFunction[0]);
        int[] pcs = pcList.ints();
        int[] bases = baseList.ints();
        int sp = count(in, Machine.DEFAULT_MAX_STACK_SLOTS, "stack size");
        long[] stack = readLongs(in, sp);
        checkFrames(frames, bases, sp);
        long[] results = readLongs(in, count(in, 1 << 16, "result count"));
        int trapOrd = in.readByte();
        String trapMessage = in.readUTF();
        TrapException trap = null;
        if (trapOrd >= 0) {
            TrapKind[] kinds = TrapKind.values();
            if (trapOrd >= kinds.length) throw new SnapshotFormatException("bad trap kind " + trapOrd);
            TrapKind kind = kinds[trapOrd];
            // Keep the detail so that a restored trap reads (and re-captures) exactly as the original.
            if (trapMessage.equals(kind.message())) {
                trap = new TrapException(kind);
            } else if (trapMessage.startsWith(kind.message() + ": ")) {
                trap = new TrapException(kind, trapMessage.substring(kind.message().length() + 2));
            } else {
                throw new SnapshotFormatException("trap message does not match its kind");
            }
        } else if (trapOrd != -1 || !trapMessage.isEmpty()) {
            throw new SnapshotFormatException("bad trap kind " + trapOrd);
        }
        checkStatus(status, entry, frames, results, trap);

        int tables = in.readInt();
        if (tables != instance.tableCount()) throw new SnapshotFormatException("table count does not match the module");
        long[][] tableValues = new long[tables][];
        for (int t = 0; t < tables; t++) {
            Table table = instance.table(t);
            long max = table.currentType().limits().max();
            int n = count(in, Table.MAX_ELEMENTS, "table size");
            if (max >= 0 && n > max) throw new SnapshotFormatException("table " + t + " larger than its maximum");
            long[] e = readLongs(in, n);
            for (int i = 0; i < n; i++) checkRef(instance, table.elemType(), e[i], "table " + t + " element " + i);
            tableValues[t] = e;
        }
        int globals = in.readInt();
        if (globals != instance.globalCount()) throw new SnapshotFormatException("global count does not match the module");
        long[][] globalValues = new long[globals][2];
        for (int g = 0; g < globals; g++) {
            long lo = in.readLong();
            long hi = in.readLong();
            Global gl = instance.global(g);
            ValType type = gl.type().type();
            if (type != ValType.V128 && hi != 0) throw new SnapshotFormatException("global " + g + ": stray high bits");
            checkRef(instance, type, lo, "global " + g);
            // Immutable globals never change after instantiation (and imported ones are shared).
            if (!gl.type().mutable() && (lo != gl.get() || hi != gl.getHigh())) {
                throw new SnapshotFormatException("immutable global " + g + " has another value");
            }
            globalValues[g][0] = lo;
            globalValues[g][1] = hi;
        }
        int elems = in.readInt();
        if (elems != instance.module().module().elements().length) throw new SnapshotFormatException("element segment count mismatch");
        boolean[] droppedElems = new boolean[elems];
        for (int i = 0; i < elems; i++) droppedElems[i] = flag(in);
        int data = in.readInt();
        if (data != instance.module().module().data().length) throw new SnapshotFormatException("data segment count mismatch");
        boolean[] droppedData = new boolean[data];
        for (int i = 0; i < data; i++) droppedData[i] = flag(in);
        return new State(steps, status, entry, frames, pcs, bases, stack, results, trap, tableValues, globalValues, droppedElems, droppedData);
    }

    /**
     * Reads the memory section's page entries. With {@code mem} null only checks them (skipping the
     * bytes); else writes each page in place as it is read (the memory already has its new size):
     * restoring an incremental snapshot costs what it carries, and a change of size what was added or
     * removed, not the memory size. {@code before} is the size of the state restored on top of.
     */
    private static void readPages(DataInputStream in, Memory mem, int pages, int before) throws IOException {
        byte[] buffer = mem == null ? null : new byte[Memory.PAGE_SIZE];
        for (int p = 0; p < pages; p++) {
            long at = (long) p * Memory.PAGE_SIZE;
            int kind = in.readUnsignedByte();
            switch (kind) {
                case PAGE_ZERO -> {
                    // Pages past the old size are zero already.
                    if (mem != null && p < before) mem.fill(at, Memory.PAGE_SIZE, (byte) 0);
                }
                case PAGE_FULL -> {
                    if (mem == null) {
                        in.skipNBytes(Memory.PAGE_SIZE);
                    } else {
                        in.readFully(buffer);
                        mem.write(at, buffer);
                    }
                }
                case PAGE_UNCHANGED, PAGE_CHUNKS -> {
                    // Incremental: the page must exist in the state we restore on top of.
                    if (p >= before) throw new SnapshotFormatException("incremental snapshot refers to page " + p + " beyond the current memory");
                    if (kind == PAGE_CHUNKS) {
                        int mask = in.readUnsignedShort();
                        for (int c = 0; c < CHUNKS_PER_PAGE; c++) {
                            if ((mask & (1 << c)) == 0) continue;
                            if (mem == null) {
                                in.skipNBytes(Memory.CHUNK_SIZE);
                            } else {
                                in.readFully(buffer, 0, Memory.CHUNK_SIZE);
                                mem.write(at + (long) c * Memory.CHUNK_SIZE, buffer, 0, Memory.CHUNK_SIZE);
                            }
                        }
                    }
                }
                default -> throw new SnapshotFormatException("bad page marker " + kind);
            }
        }
    }

    /** An int array that grows as values arrive, up to a count read from the snapshot. */
    private static final class Growing {
        private int[] values;
        private int size;

        Growing(int expected) {
            values = new int[Math.min(expected, 1 << 12)];
        }

        void add(int v) {
            if (size == values.length) values = Arrays.copyOf(values, Math.max(16, size * 2));
            values[size++] = v;
        }

        int[] ints() {
            return Arrays.copyOf(values, size);
        }
    }

    /** {@code n} longs, the array growing as they arrive (a lying count meets the end of the input first). */
    private static long[] readLongs(DataInputStream in, int n) throws IOException {
        long[] r = new long[Math.min(n, 1 << 12)];
        for (int i = 0; i < n; i++) {
            if (i == r.length) r = Arrays.copyOf(r, (int) Math.min(n, 2L * r.length));
            r[i] = in.readLong();
        }
        return r;
    }

    /**
     * Frames must tile the stack as the interpreter lays it out: the outermost at 0, each frame's
     * locals before the next frame's base, operand stacks within what validation allows.
     */
    private static void checkFrames(WasmFunction[] frames, int[] bases, int sp) {
        for (int i = 0; i < frames.length; i++) {
            CompiledFunction code = frames[i].code();
            int operandBase = bases[i] + code.frameSlots;
            int top = i + 1 < frames.length ? bases[i + 1] : sp;
            if ((i == 0 && bases[i] != 0) || bases[i] < 0 || operandBase > top || top - operandBase > code.maxStackSlots) {
                throw new SnapshotFormatException("frame " + i + " does not fit the value stack");
            }
        }
    }

    /** The combinations of status, frames, results and trap that a machine can actually be in. */
    private static void checkStatus(Machine.Status status, FunctionInstance entry, WasmFunction[] frames, long[] results, TrapException trap) {
        boolean ok = switch (status) {
            case IDLE -> entry == null && frames.length == 0;
            case PAUSED -> frames.length > 0;
            case FINISHED -> entry != null && frames.length == 0 && results.length == entry.type().resultSlots();
            case TRAPPED -> entry != null && trap != null;
            case HOST_EXIT -> entry != null;
        };
        if (status != Machine.Status.FINISHED && results.length != 0) ok = false;
        if ((status == Machine.Status.TRAPPED) != (trap != null)) ok = false;
        if (frames.length > 0 && frames[0] != entry) ok = false;
        if (!ok) throw new SnapshotFormatException("inconsistent execution state (" + status + ", " + frames.length + " frames)");
    }

    /** A reference must be null or designate something that exists: a function of the store, a valid host value. */
    private static void checkRef(Instance instance, ValType type, long ref, String what) {
        if (type == ValType.FUNCREF && ref != Refs.NULL && (ref < 0 || ref - 1 >= instance.store().functionCount())) {
            throw new SnapshotFormatException(what + ": no such function");
        }
        if (type == ValType.EXTERNREF && ref < 0) throw new SnapshotFormatException(what + ": bad external reference");
    }

    private static boolean flag(DataInputStream in) throws IOException {
        int b = in.readUnsignedByte();
        if (b > 1) throw new SnapshotFormatException("bad flag " + b);
        return b == 1;
    }

    private static int count(DataInputStream in, int max, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) throw new SnapshotFormatException(what + " out of range: " + n);
        return n;
    }

    private static FunctionInstance function(Instance instance, int index) {
        if (index < 0 || index >= instance.functionCount()) throw new SnapshotFormatException("function index out of range: " + index);
        return instance.function(index);
    }
}
