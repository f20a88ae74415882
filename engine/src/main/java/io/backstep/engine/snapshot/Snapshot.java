package io.backstep.engine.snapshot;

import io.backstep.engine.model.ValType;
import io.backstep.engine.runtime.FunctionInstance;
import io.backstep.engine.runtime.FrameView;
import io.backstep.engine.runtime.Global;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.Memory;
import io.backstep.engine.runtime.Table;
import io.backstep.engine.runtime.TrapException;
import io.backstep.engine.runtime.TrapKind;
import io.backstep.engine.runtime.WasmFunction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Full snapshots of a machine and the instance it runs: the versioned binary format documented in
 * {@code docs/formats.md} ("Engine snapshot"). Big-endian throughout (Java's DataOutput), so it does
 * not depend on the JVM or the host. Code positions are stored as Wasm byte offsets, not internal
 * pcs, so a snapshot does not depend on how this engine version lowers code.
 */
public final class Snapshot {
    public static final int MAGIC = 0x42534E50; // "BSNP"
    public static final int VERSION = 1;
    private static final byte[] ZERO_PAGE = new byte[Memory.PAGE_SIZE];

    private Snapshot() {
    }

    /** SHA-256 of the module bytes: snapshots name the module they belong to. */
    public static byte[] moduleHash(Instance instance) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(instance.module().module().bytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }

    /** Captures the full state. The machine must be running code of {@code instance} (or be idle/finished). */
    public static byte[] capture(Machine machine, Instance instance) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.write(moduleHash(instance));
            out.writeLong(machine.stepCount());
            out.writeByte(machine.status().ordinal());
            FunctionInstance entry = machine.entry();
            out.writeInt(entry == null ? -1 : instance.indexOf(entry));
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
            int sp = depth == 0 ? 0 : machine.stackPointer();
            out.writeInt(sp);
            for (int i = 0; i < sp; i++) out.writeLong(machine.slot(i));
            long[] results = machine.status() == Machine.Status.FINISHED ? machine.results() : new long[0];
            out.writeInt(results.length);
            for (long r : results) out.writeLong(r);
            TrapException trap = machine.status() == Machine.Status.TRAPPED ? machine.trap() : null;
            out.writeByte(trap == null ? -1 : trap.kind().ordinal());
            out.writeUTF(trap == null ? "" : trap.getMessage());

            Memory mem = instance.memory();
            out.writeInt(mem == null ? -1 : mem.pages());
            if (mem != null) {
                byte[] page = new byte[Memory.PAGE_SIZE];
                for (int p = 0; p < mem.pages(); p++) {
                    mem.read((long) p * Memory.PAGE_SIZE, page, 0, page.length);
                    // Zero pages (most of a fresh heap) cost one byte.
                    if (Arrays.equals(page, ZERO_PAGE)) {
                        out.writeByte(0);
                    } else {
                        out.writeByte(1);
                        out.write(page);
                    }
                }
            }
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Restores {@code snapshot} into {@code machine} and {@code instance}, which must be a fresh
     * instance of the same module built the same way as the one captured (same imports, same store
     * registration order), so that function references mean the same functions.
     */
    public static void restore(byte[] snapshot, Machine machine, Instance instance) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            if (in.readInt() != MAGIC) throw new SnapshotFormatException("not a Backstep snapshot (bad magic)");
            int version = in.readUnsignedShort();
            if (version != VERSION) throw new SnapshotFormatException("unsupported snapshot version " + version);
            byte[] hash = in.readNBytes(32);
            if (!Arrays.equals(hash, moduleHash(instance))) throw new SnapshotFormatException("snapshot was taken of a different module");
            long steps = in.readLong();
            int statusOrd = in.readUnsignedByte();
            Machine.Status[] statuses = Machine.Status.values();
            if (statusOrd >= statuses.length) throw new SnapshotFormatException("bad status " + statusOrd);
            Machine.Status status = statuses[statusOrd];
            int entryIndex = in.readInt();
            FunctionInstance entry = entryIndex < 0 ? null : function(instance, entryIndex);
            int depth = count(in, 1_000_000, "frame count");
            WasmFunction[] frames = new WasmFunction[depth];
            int[] pcs = new int[depth];
            int[] bases = new int[depth];
            for (int i = 0; i < depth; i++) {
                FunctionInstance f = function(instance, in.readInt());
                if (!(f instanceof WasmFunction wf)) throw new SnapshotFormatException("frame " + i + " is not a Wasm function");
                frames[i] = wf;
                int offset = in.readInt();
                int pc = wf.code().pcForWasmOffset(offset);
                if (pc < 0 || wf.code().wasmOffset(pc) != offset) {
                    throw new SnapshotFormatException("frame " + i + ": no instruction at offset " + offset);
                }
                pcs[i] = pc;
                bases[i] = in.readInt();
            }
            int sp = count(in, Machine.DEFAULT_MAX_STACK_SLOTS, "stack size");
            long[] stack = new long[sp];
            for (int i = 0; i < sp; i++) stack[i] = in.readLong();
            for (int i = 0; i < depth; i++) {
                if (bases[i] < 0 || bases[i] > sp) throw new SnapshotFormatException("frame " + i + " base out of range");
            }
            int nResults = count(in, 1 << 16, "result count");
            long[] results = new long[nResults];
            for (int i = 0; i < nResults; i++) results[i] = in.readLong();
            int trapOrd = in.readByte();
            String trapMessage = in.readUTF();
            TrapException trap = null;
            if (trapOrd >= 0) {
                TrapKind[] kinds = TrapKind.values();
                if (trapOrd >= kinds.length) throw new SnapshotFormatException("bad trap kind " + trapOrd);
                trap = new TrapException(kinds[trapOrd]);
            }

            int pages = in.readInt();
            Memory mem = instance.memory();
            if ((pages < 0) != (mem == null)) throw new SnapshotFormatException("memory presence does not match the module");
            if (mem != null) {
                if (pages > Memory.MAX_PAGES) throw new SnapshotFormatException("memory too large: " + pages + " pages");
                byte[] contents = new byte[pages * Memory.PAGE_SIZE];
                for (int p = 0; p < pages; p++) {
                    int kind = in.readUnsignedByte();
                    if (kind == 1) in.readFully(contents, p * Memory.PAGE_SIZE, Memory.PAGE_SIZE);
                    else if (kind != 0) throw new SnapshotFormatException("bad page marker " + kind);
                }
                mem.restore(contents);
            }
            int tables = in.readInt();
            if (tables != instance.tableCount()) throw new SnapshotFormatException("table count does not match the module");
            for (int t = 0; t < tables; t++) {
                int n = count(in, Table.MAX_ELEMENTS, "table size");
                long[] e = new long[n];
                for (int i = 0; i < n; i++) e[i] = in.readLong();
                instance.table(t).restore(e);
            }
            int globals = in.readInt();
            if (globals != instance.globalCount()) throw new SnapshotFormatException("global count does not match the module");
            long[][] globalValues = new long[globals][2];
            for (int g = 0; g < globals; g++) {
                globalValues[g][0] = in.readLong();
                globalValues[g][1] = in.readLong();
            }
            int elems = in.readInt();
            if (elems != instance.module().module().elements().length) throw new SnapshotFormatException("element segment count mismatch");
            boolean[] droppedElems = new boolean[elems];
            for (int i = 0; i < elems; i++) droppedElems[i] = in.readBoolean();
            int data = in.readInt();
            if (data != instance.module().module().data().length) throw new SnapshotFormatException("data segment count mismatch");
            boolean[] droppedData = new boolean[data];
            for (int i = 0; i < data; i++) droppedData[i] = in.readBoolean();
            if (in.read() != -1) throw new SnapshotFormatException("trailing bytes after snapshot");

            for (int g = 0; g < globals; g++) instance.global(g).set(globalValues[g][0], globalValues[g][1]);
            instance.restoreDropped(droppedElems, droppedData);
            machine.restoreState(entry, status, steps, frames, pcs, bases, stack, status == Machine.Status.FINISHED ? results : null, trap);
        } catch (EOFException e) {
            throw new SnapshotFormatException("snapshot is truncated", e);
        } catch (IOException e) {
            throw new SnapshotFormatException("snapshot is unreadable: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFormatException("snapshot is inconsistent: " + e.getMessage(), e);
        }
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
