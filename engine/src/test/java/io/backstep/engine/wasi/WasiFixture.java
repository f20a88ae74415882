package io.backstep.engine.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backstep.engine.model.Limits;
import io.backstep.engine.model.MemoryType;
import io.backstep.engine.runtime.HostContext;
import io.backstep.engine.runtime.Instance;
import io.backstep.engine.runtime.Machine;
import io.backstep.engine.runtime.Memory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays the guest for host-function tests: one page of memory, a fixed scratch layout, and helpers
 * that lay out arguments the way a wasm32 program would before calling a WASI function directly.
 */
final class WasiFixture {
    static final int PATH = 0x1000;
    static final int IOVS = 0x2000;
    static final int RESULT = 0x2100;
    static final int RESULT2 = 0x2108;
    static final int DATA = 0x3000;
    static final int BUF = 0x8000;

    // wasi constants, written out independently of the implementation
    static final long RIGHTS_READ = (1L << 1) | (1L << 2) | (1L << 5) | (1L << 14) | (1L << 21);
    static final long RIGHTS_RW = RIGHTS_READ | (1L << 6) | (1L << 22);
    static final int O_CREAT = 1, O_DIRECTORY = 2, O_EXCL = 4, O_TRUNC = 8;
    static final int FDFLAG_APPEND = 1;
    static final int FOLLOW = 1;

    record Ctx(Memory memory) implements HostContext {
        @Override
        public Instance instance() {
            return null;
        }

        @Override
        public Machine machine() {
            return null;
        }
    }

    final WasiHost host;
    final Memory mem;
    final Ctx ctx;
    final List<WasiEvent> events = new ArrayList<>();

    WasiFixture(WasiHost host) {
        this(host, newMemory());
    }

    WasiFixture(WasiHost host, Memory mem) {
        this.host = host;
        this.mem = mem;
        this.ctx = new Ctx(mem);
        host.listener(events::add);
    }

    static WasiFixture live(WasiConfig config) {
        return new WasiFixture(WasiHost.live(config));
    }

    static Memory newMemory() {
        return new Memory(new MemoryType(new Limits(1, -1)));
    }

    /** Calls {@code name} and returns the errno. */
    int call(String name, long... args) {
        long[] r = host.callback(name).call(ctx, args);
        assertEquals(1, r.length, name + " returns one errno");
        return (int) r[0];
    }

    int u32(long addr) {
        return mem.loadI32(addr);
    }

    long u64(long addr) {
        return mem.loadI64(addr);
    }

    String cString(long addr) {
        int end = (int) addr;
        while (mem.loadI8(end) != 0) end++;
        return new String(mem.read(addr, end - (int) addr), StandardCharsets.UTF_8);
    }

    /** Writes {@code s} at PATH and returns its byte length. */
    int path(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        mem.write(PATH, b);
        return b.length;
    }

    int open(int dirfd, int lookup, String path, int oflags, long rights, int fdflags) {
        int len = path(path);
        int errno = call("path_open", dirfd, lookup, PATH, len, oflags, rights, rights, fdflags, RESULT);
        return errno == 0 ? u32(RESULT) : -errno;
    }

    /** Opens and insists on success; returns the fd. */
    int openOk(int dirfd, String path, int oflags, long rights) {
        int fd = open(dirfd, FOLLOW, path, oflags, rights, 0);
        if (fd < 0) throw new AssertionError("path_open " + path + " failed: " + Errno.name(-fd));
        return fd;
    }

    /** fd_write of {@code data} split over two iovecs; returns errno, bytes written at RESULT. */
    int write(int fd, String data) {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        mem.write(DATA, b);
        int half = b.length / 2;
        mem.storeI32(IOVS, DATA);
        mem.storeI32(IOVS + 4, half);
        mem.storeI32(IOVS + 8, DATA + half);
        mem.storeI32(IOVS + 12, b.length - half);
        return call("fd_write", fd, IOVS, 2, RESULT);
    }

    /** fd_read into BUF (two iovecs of max/2 each); returns the text read, or "!errno". */
    String read(int fd, int max) {
        mem.storeI32(IOVS, BUF);
        mem.storeI32(IOVS + 4, max / 2);
        mem.storeI32(IOVS + 8, BUF + max / 2);
        mem.storeI32(IOVS + 12, max - max / 2);
        int errno = call("fd_read", fd, IOVS, 2, RESULT);
        if (errno != 0) return "!" + Errno.name(errno);
        return new String(mem.read(BUF, u32(RESULT)), StandardCharsets.UTF_8);
    }

    int pathCall(String fn, int dirfd, String path) {
        int len = path(path);
        return call(fn, dirfd, PATH, len);
    }
}
