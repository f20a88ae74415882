package io.backstep.engine.wasi;

import io.backstep.engine.wasi.GuestMemory.Le;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The live side of the WASI host: a descriptor table over the host's file system (confined to the
 * preopened directories), the standard streams, the clock and the random source. It sees guest
 * memory only through {@link GuestMemory}, so every effect on the guest is captured.
 */
final class WasiSystem implements AutoCloseable {
    // filetype
    static final int FT_UNKNOWN = 0, FT_BLOCK_DEVICE = 1, FT_CHARACTER_DEVICE = 2, FT_DIRECTORY = 3,
            FT_REGULAR_FILE = 4, FT_SOCKET_STREAM = 6, FT_SYMBOLIC_LINK = 7;
    // fdflags
    static final int FDFLAG_APPEND = 1, FDFLAG_NONBLOCK = 4;
    // oflags
    static final int O_CREAT = 1, O_DIRECTORY = 2, O_EXCL = 4, O_TRUNC = 8;
    static final int LOOKUP_SYMLINK_FOLLOW = 1;
    // fstflags
    static final int FST_ATIM = 1, FST_ATIM_NOW = 2, FST_MTIM = 4, FST_MTIM_NOW = 8;
    // rights
    static final long R_FD_DATASYNC = 1L, R_FD_READ = 1L << 1, R_FD_SEEK = 1L << 2, R_FD_FDSTAT_SET_FLAGS = 1L << 3,
            R_FD_SYNC = 1L << 4, R_FD_TELL = 1L << 5, R_FD_WRITE = 1L << 6, R_FD_ADVISE = 1L << 7,
            R_FD_ALLOCATE = 1L << 8, R_FD_READDIR = 1L << 14, R_FD_FILESTAT_GET = 1L << 21,
            R_FD_FILESTAT_SET_SIZE = 1L << 22, R_FD_FILESTAT_SET_TIMES = 1L << 23, R_POLL_FD_READWRITE = 1L << 27;
    static final long RIGHTS_ALL = (1L << 30) - 1;
    static final long FILE_RIGHTS = R_FD_DATASYNC | R_FD_READ | R_FD_SEEK | R_FD_FDSTAT_SET_FLAGS | R_FD_SYNC
            | R_FD_TELL | R_FD_WRITE | R_FD_ADVISE | R_FD_ALLOCATE | R_FD_FILESTAT_GET | R_FD_FILESTAT_SET_SIZE
            | R_FD_FILESTAT_SET_TIMES | R_POLL_FD_READWRITE;
    static final long WRITE_RIGHTS = R_FD_WRITE | R_FD_ALLOCATE | R_FD_FILESTAT_SET_SIZE | R_FD_DATASYNC;
    // No seek/tell rights on the standard streams: wasi-libc then treats them as terminals (line-buffered stdout).
    static final long STDIN_RIGHTS = R_FD_READ | R_FD_FDSTAT_SET_FLAGS | R_FD_FILESTAT_GET | R_POLL_FD_READWRITE;
    static final long STDOUT_RIGHTS = R_FD_WRITE | R_FD_FDSTAT_SET_FLAGS | R_FD_FILESTAT_GET | R_POLL_FD_READWRITE;

    /** Largest transfer of one fd_read/fd_write call; a shorter count is a legal partial transfer. */
    static final int MAX_IO = 16 << 20;
    static final int MAX_FDS = 4096;
    static final int MAX_SYMLINKS = 40;
    /** Linux PATH_MAX (bytes, NUL included): the OS refuses any longer path, so resolution stops there. */
    static final int HOST_PATH_MAX = 4096;
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    /** An errno result unwinding out of a helper. Never leaves this class. */
    static final class Fail extends RuntimeException {
        final int errno;

        Fail(int errno) {
            super(null, null, false, false);
            this.errno = errno;
        }
    }

    /** One call in progress: its arguments, the guest memory view, and any guest output it produces. */
    static final class Call {
        final long[] a;
        final GuestMemory mem;
        int outputStream;
        ByteArrayOutputStream output;

        Call(long[] args, GuestMemory mem) {
            this.a = args;
            this.mem = mem;
        }

        int i(int k) {
            return (int) a[k];
        }

        /** Argument k as an unsigned 32-bit value (pointer, length, fd). */
        long u(int k) {
            return a[k] & 0xFFFFFFFFL;
        }

        long l(int k) {
            return a[k];
        }

        void output(int stream, byte[] bytes) {
            if (output == null) output = new ByteArrayOutputStream();
            outputStream = stream;
            output.write(bytes, 0, bytes.length);
        }
    }

    // ---------------------------------------------------------------- descriptors

    abstract static class Desc {
        int fdflags;
        long rightsBase;
        long rightsInheriting;

        abstract int filetype();

        void close() throws IOException {
        }
    }

    static final class InStream extends Desc {
        final InputStream in;

        InStream(InputStream in) {
            this.in = in;
            rightsBase = STDIN_RIGHTS;
        }

        @Override
        int filetype() {
            return FT_CHARACTER_DEVICE;
        }
    }

    static final class OutStream extends Desc {
        final OutputStream sink;
        final int stream;

        OutStream(OutputStream sink, int stream) {
            this.sink = sink;
            this.stream = stream;
            rightsBase = STDOUT_RIGHTS;
        }

        @Override
        int filetype() {
            return FT_CHARACTER_DEVICE;
        }

        @Override
        void close() throws IOException {
            if (sink != null) sink.flush();
        }
    }

    static final class FileDesc extends Desc {
        final Path path;
        final FileChannel ch;
        final boolean readable;
        final boolean writable;

        FileDesc(Path path, FileChannel ch, boolean readable, boolean writable) {
            this.path = path;
            this.ch = ch;
            this.readable = readable;
            this.writable = writable;
        }

        @Override
        int filetype() {
            return FT_REGULAR_FILE;
        }

        @Override
        void close() throws IOException {
            ch.close();
        }
    }

    /** A preopened directory: its canonical host path is the sandbox boundary. */
    record Root(Path real) {
        Path resolve(List<String> rel) {
            Path p = real;
            for (String s : rel) p = p.resolve(s);
            return p;
        }
    }

    record Dirent(String name, long ino, int type) {
    }

    static final class DirDesc extends Desc {
        final Root root;
        /** Components below the root; never contains "..", "." or a symbolic link. */
        final List<String> rel;
        /** Guest name if this is a preopen, else null. */
        final String preopenName;
        List<Dirent> entries;

        DirDesc(Root root, List<String> rel, String preopenName) {
            this.root = root;
            this.rel = List.copyOf(rel);
            this.preopenName = preopenName;
        }

        Path host() {
            return root.resolve(rel);
        }

        @Override
        int filetype() {
            return FT_DIRECTORY;
        }
    }

    record Resolved(Root root, List<String> rel, Path host, boolean trailingSlash) {
    }

    // ---------------------------------------------------------------- state

    private final WasiConfig config;
    private final byte[][] args;
    private final byte[][] env;
    private final TreeMap<Integer, Desc> fds = new TreeMap<>();

    WasiSystem(WasiConfig config) {
        this.config = config;
        this.args = cstrings(config.args());
        this.env = cstrings(config.environment());
        fds.put(0, new InStream(config.stdin()));
        fds.put(1, new OutStream(config.stdout(), WasiEvent.STDOUT));
        fds.put(2, new OutStream(config.stderr(), WasiEvent.STDERR));
        int fd = 3;
        for (WasiConfig.Preopen p : config.preopens()) {
            Path real;
            try {
                real = p.hostPath().toRealPath();
            } catch (IOException e) {
                throw new WasiConfigException("cannot preopen " + p.hostPath() + ": " + e, e);
            }
            if (!Files.isDirectory(real)) throw new WasiConfigException("preopen is not a directory: " + p.hostPath());
            DirDesc d = new DirDesc(new Root(real), List.of(), p.guestPath());
            d.rightsBase = RIGHTS_ALL;
            d.rightsInheriting = RIGHTS_ALL;
            fds.put(fd++, d);
        }
    }

    private static byte[][] cstrings(List<String> list) {
        byte[][] out = new byte[list.size()][];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i).getBytes(StandardCharsets.UTF_8);
        return out;
    }

    @Override
    public void close() {
        for (Desc d : fds.values()) {
            try {
                d.close();
            } catch (IOException ignored) {
                // Closing is best effort; the guest is gone.
            }
        }
        fds.clear();
    }

    // ---------------------------------------------------------------- dispatch

    /** Runs {@code f}; returns its errno. Traps and {@link WasiExitException} propagate. */
    int call(WasiFunction f, Call c) {
        try {
            return switch (f) {
                case ARGS_GET -> stringsGet(c, args);
                case ARGS_SIZES_GET, ENVIRON_SIZES_GET -> stringsSizes(c, f == WasiFunction.ARGS_SIZES_GET ? args : env);
                case ENVIRON_GET -> stringsGet(c, env);
                case CLOCK_RES_GET -> clockGet(c, true);
                case CLOCK_TIME_GET -> clockGet(c, false);
                case FD_ADVISE -> fdAdvise(c);
                case FD_ALLOCATE -> fdAllocate(c);
                case FD_CLOSE -> fdClose(c);
                case FD_DATASYNC -> fdSync(c, false);
                case FD_SYNC -> fdSync(c, true);
                case FD_FDSTAT_GET -> fdFdstatGet(c);
                case FD_FDSTAT_SET_FLAGS -> fdFdstatSetFlags(c);
                case FD_FDSTAT_SET_RIGHTS -> fdFdstatSetRights(c);
                case FD_FILESTAT_GET -> fdFilestatGet(c);
                case FD_FILESTAT_SET_SIZE -> fdFilestatSetSize(c);
                case FD_FILESTAT_SET_TIMES -> fdFilestatSetTimes(c);
                case FD_PREAD -> fdRead(c, true);
                case FD_READ -> fdRead(c, false);
                case FD_PWRITE -> fdWrite(c, true);
                case FD_WRITE -> fdWrite(c, false);
                case FD_PRESTAT_GET -> fdPrestatGet(c);
                case FD_PRESTAT_DIR_NAME -> fdPrestatDirName(c);
                case FD_READDIR -> fdReaddir(c);
                case FD_RENUMBER -> fdRenumber(c);
                case FD_SEEK -> fdSeek(c);
                case FD_TELL -> fdTell(c);
                case PATH_CREATE_DIRECTORY -> pathCreateDirectory(c);
                case PATH_FILESTAT_GET -> pathFilestatGet(c);
                case PATH_FILESTAT_SET_TIMES -> pathFilestatSetTimes(c);
                case PATH_LINK -> pathLink(c);
                case PATH_OPEN -> pathOpen(c);
                case PATH_READLINK -> pathReadlink(c);
                case PATH_REMOVE_DIRECTORY -> pathRemoveDirectory(c);
                case PATH_RENAME -> pathRename(c);
                case PATH_SYMLINK -> pathSymlink(c);
                case PATH_UNLINK_FILE -> pathUnlinkFile(c);
                case POLL_ONEOFF -> pollOneoff(c);
                case PROC_EXIT -> throw new WasiExitException(c.i(0));
                case PROC_RAISE -> Errno.NOSYS;
                case SCHED_YIELD -> Errno.SUCCESS;
                case RANDOM_GET -> randomGet(c);
                case SOCK_ACCEPT, SOCK_RECV, SOCK_SEND, SOCK_SHUTDOWN -> Errno.NOTSUP;
            };
        } catch (Fail e) {
            return e.errno;
        } catch (IOException e) {
            return errnoOf(e);
        } catch (UncheckedIOException e) {
            return errnoOf(e.getCause());
        } catch (InvalidPathException e) {
            return Errno.INVAL;
        } catch (NonReadableChannelException | NonWritableChannelException e) {
            return Errno.BADF;
        } catch (SecurityException e) {
            return Errno.ACCES;
        } catch (UnsupportedOperationException e) {
            return Errno.NOTSUP;
        }
    }

    static int errnoOf(IOException e) {
        if (e instanceof NoSuchFileException) return Errno.NOENT;
        if (e instanceof FileAlreadyExistsException) return Errno.EXIST;
        if (e instanceof DirectoryNotEmptyException) return Errno.NOTEMPTY;
        if (e instanceof NotDirectoryException) return Errno.NOTDIR;
        if (e instanceof AccessDeniedException) return Errno.ACCES;
        if (e instanceof NotLinkException) return Errno.INVAL;
        if (e instanceof AtomicMoveNotSupportedException) return Errno.XDEV;
        if (e instanceof FileSystemLoopException) return Errno.LOOP;
        if (e instanceof ClosedChannelException) return Errno.BADF;
        // Other OS errors arrive as their strerror text: a FileSystemException's reason, or the message
        // of a plain IOException (a failed write to a full disk, a closed pipe, a terminal that went away).
        String r = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (r != null) {
            if (r.contains("Is a directory")) return Errno.ISDIR;
            if (r.contains("Not a directory")) return Errno.NOTDIR;
            if (r.contains("Directory not empty")) return Errno.NOTEMPTY;
            if (r.contains("Too many levels of symbolic links")) return Errno.LOOP;
            if (r.contains("File name too long")) return Errno.NAMETOOLONG;
            if (r.contains("No space left")) return Errno.NOSPC;
            if (r.contains("Disk quota exceeded")) return Errno.DQUOT;
            if (r.contains("Broken pipe")) return Errno.PIPE;
            if (r.contains("Connection reset")) return Errno.CONNRESET;
            if (r.contains("Invalid argument")) return Errno.INVAL;
            if (r.contains("Read-only file system")) return Errno.ROFS;
            if (r.contains("cross-device")) return Errno.XDEV;
            if (r.contains("Operation not permitted")) return Errno.PERM;
            if (r.contains("Permission denied")) return Errno.ACCES;
            if (r.contains("File exists")) return Errno.EXIST;
            if (r.contains("No such file")) return Errno.NOENT;
            if (r.contains("busy")) return Errno.BUSY;
            if (r.contains("Too many open files")) return Errno.MFILE;
            if (r.contains("File too large")) return Errno.FBIG;
            if (r.contains("Bad file descriptor")) return Errno.BADF;
        }
        return Errno.IO;
    }

    // ---------------------------------------------------------------- helpers

    private Desc desc(int fd) {
        Desc d = fds.get(fd);
        if (d == null) throw new Fail(Errno.BADF);
        return d;
    }

    private DirDesc dirDesc(int fd) {
        Desc d = desc(fd);
        if (!(d instanceof DirDesc dd)) throw new Fail(Errno.NOTDIR);
        return dd;
    }

    private int allocateFd(Desc d) {
        int fd = 0;
        while (fds.containsKey(fd)) fd++;
        if (fd >= MAX_FDS) throw new Fail(Errno.MFILE);
        fds.put(fd, d);
        return fd;
    }

    /** The (ptr, len) pairs of an iovec array, bounds-checked; lengths capped so the total stays within MAX_IO. */
    /** The bytes an output call hands the host: its iovecs' contents, in order. */
    static byte[] gather(GuestMemory mem, List<long[]> iovecs) {
        ByteArrayOutputStream gathered = new ByteArrayOutputStream();
        for (long[] v : iovecs) gathered.writeBytes(mem.read(v[0], v[1]));
        return gathered.toByteArray();
    }

    static List<long[]> iovecs(GuestMemory mem, long iovs, long count) {
        mem.check(iovs, count * 8);
        List<long[]> out = new ArrayList<>();
        long total = 0;
        for (long i = 0; i < count && total < MAX_IO; i++) {
            long ptr = mem.loadI32(iovs + i * 8) & 0xFFFFFFFFL;
            long len = mem.loadI32(iovs + i * 8 + 4) & 0xFFFFFFFFL;
            mem.check(ptr, len);
            len = Math.min(len, MAX_IO - total);
            out.add(new long[] {ptr, len});
            total += len;
        }
        return out;
    }

    private static String pathArg(Call c, int ptrArg, int lenArg) {
        byte[] bytes = c.mem.read(c.u(ptrArg), c.u(lenArg));
        return decodeUtf8(bytes);
    }

    static String decodeUtf8(byte[] bytes) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Fail(Errno.ILSEQ);
        }
        if (s.indexOf('\0') >= 0) throw new Fail(Errno.INVAL);
        return s;
    }

    /**
     * Resolves {@code path} relative to {@code dir} without leaving the directory's preopen: absolute
     * paths, ".." above the preopen and symbolic links whose target is absolute or climbs above the
     * preopen all fail with NOTCAPABLE. Symbolic links are expanded here, component by component
     * (the final one only if {@code followFinal} or the path ends in '/'), so the resulting host
     * path contains no link except possibly an unfollowed final one. A host path the OS could not
     * take (HOST_PATH_MAX bytes or more) fails with NAMETOOLONG as soon as it is reached.
     *
     * <p>Linear in the length of {@code path}: the host path is extended and shortened one component
     * at a time, never rebuilt from the root.
     */
    static Resolved resolve(DirDesc dir, String path, boolean followFinal) {
        if (path.isEmpty()) throw new Fail(Errno.NOENT);
        if (path.startsWith("/")) throw new Fail(Errno.NOTCAPABLE);
        boolean trailingSlash = path.endsWith("/");
        Deque<String> pending = new ArrayDeque<>();
        pushComponents(pending, path);
        List<String> cur = new ArrayList<>(dir.rel);
        Path host = dir.host();
        // Bytes of the host path plus its NUL, as the OS counts them against PATH_MAX.
        long hostBytes = utf8Length(host.toString()) + 1;
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.pollFirst();
            if (name.equals("..")) {
                if (cur.isEmpty()) throw new Fail(Errno.NOTCAPABLE);
                hostBytes -= utf8Length(cur.remove(cur.size() - 1)) + 1;
                host = host.getParent();
                continue;
            }
            long candidateBytes = hostBytes + utf8Length(name) + 1;
            if (candidateBytes > HOST_PATH_MAX) throw new Fail(Errno.NAMETOOLONG);
            Path candidate = host.resolve(name);
            boolean last = pending.isEmpty();
            if ((!last || followFinal || trailingSlash) && Files.isSymbolicLink(candidate)) {
                if (++links > MAX_SYMLINKS) throw new Fail(Errno.LOOP);
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException e) {
                    throw new Fail(errnoOf(e));
                }
                if (target.startsWith("/")) throw new Fail(Errno.NOTCAPABLE);
                if (target.isEmpty()) throw new Fail(Errno.NOENT);
                pushComponents(pending, target);
                continue;
            }
            cur.add(name);
            host = candidate;
            hostBytes = candidateBytes;
        }
        return new Resolved(dir.root, cur, host, trailingSlash);
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) n++;
            else if (ch < 0x800) n += 2;
            else if (Character.isSurrogate(ch)) n += 2; // a pair is 4 bytes, 2 per half
            else n += 3;
        }
        return n;
    }

    /** Puts the non-trivial components of {@code path} at the front of {@code pending}, in order. */
    private static void pushComponents(Deque<String> pending, String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty() && !parts[i].equals(".")) pending.addFirst(parts[i]);
        }
    }

    private static boolean exists(Path p) {
        return Files.exists(p, NOFOLLOW);
    }

    private static long nanos(FileTime t) {
        return t == null ? 0 : t.to(TimeUnit.NANOSECONDS);
    }

    private static int filetypeOfMode(int mode) {
        return switch (mode & 0170000) {
            case 0040000 -> FT_DIRECTORY;
            case 0100000 -> FT_REGULAR_FILE;
            case 0120000 -> FT_SYMBOLIC_LINK;
            case 0020000 -> FT_CHARACTER_DEVICE;
            case 0060000 -> FT_BLOCK_DEVICE;
            case 0140000 -> FT_SOCKET_STREAM;
            default -> FT_UNKNOWN;
        };
    }

    private static int filetypeOf(BasicFileAttributes a) {
        if (a.isDirectory()) return FT_DIRECTORY;
        if (a.isRegularFile()) return FT_REGULAR_FILE;
        if (a.isSymbolicLink()) return FT_SYMBOLIC_LINK;
        return FT_UNKNOWN;
    }

    /** The 64-byte filestat of {@code p} (not following a final link). */
    private static byte[] filestat(Path p) throws IOException {
        byte[] b = new byte[64];
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:*", NOFOLLOW);
            Le.putI64(b, 0, ((Number) a.get("dev")).longValue());
            Le.putI64(b, 8, ((Number) a.get("ino")).longValue());
            b[16] = (byte) filetypeOfMode(((Number) a.get("mode")).intValue());
            Le.putI64(b, 24, ((Number) a.get("nlink")).longValue());
            Le.putI64(b, 32, ((Number) a.get("size")).longValue());
            Le.putI64(b, 40, nanos((FileTime) a.get("lastAccessTime")));
            Le.putI64(b, 48, nanos((FileTime) a.get("lastModifiedTime")));
            Le.putI64(b, 56, nanos((FileTime) a.get("ctime")));
        } catch (UnsupportedOperationException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            // Not a Unix file system view: fall back to the portable attributes.
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
            b[16] = (byte) filetypeOf(a);
            Le.putI64(b, 24, 1);
            Le.putI64(b, 32, a.size());
            Le.putI64(b, 40, nanos(a.lastAccessTime()));
            Le.putI64(b, 48, nanos(a.lastModifiedTime()));
            Le.putI64(b, 56, nanos(a.creationTime()));
        }
        return b;
    }

    private static long inode(Path p) {
        try {
            Object ino = Files.getAttribute(p, "unix:ino", NOFOLLOW);
            return ino instanceof Number n ? n.longValue() : 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    private static int direntType(Path p) {
        try {
            Object mode = Files.getAttribute(p, "unix:mode", NOFOLLOW);
            if (mode instanceof Number n) return filetypeOfMode(n.intValue());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // fall through to the portable view
        }
        try {
            return filetypeOf(Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW));
        } catch (IOException e) {
            return FT_UNKNOWN;
        }
    }

    // ---------------------------------------------------------------- args, environ, clock, random

    private int stringsSizes(Call c, byte[][] strings) {
        long total = 0;
        for (byte[] s : strings) total += s.length + 1;
        c.mem.storeI32(c.u(0), strings.length);
        c.mem.storeI32(c.u(1), (int) total);
        return Errno.SUCCESS;
    }

    private int stringsGet(Call c, byte[][] strings) {
        long ptrs = c.u(0), buf = c.u(1);
        int total = 0;
        for (byte[] s : strings) total += s.length + 1;
        c.mem.check(ptrs, (long) strings.length * 4);
        c.mem.check(buf, total);
        byte[] data = new byte[total];
        byte[] table = new byte[strings.length * 4];
        int at = 0;
        for (int i = 0; i < strings.length; i++) {
            Le.putI32(table, i * 4, (int) (buf + at));
            System.arraycopy(strings[i], 0, data, at, strings[i].length);
            at += strings[i].length + 1; // the NUL is already zero
        }
        c.mem.write(buf, data);
        c.mem.write(ptrs, table);
        return Errno.SUCCESS;
    }

    private int clockGet(Call c, boolean resolution) {
        int id = c.i(0);
        if (id < 0 || id > 3) return Errno.INVAL;
        long out = c.u(resolution ? 1 : 2);
        c.mem.check(out, 8);
        c.mem.storeI64(out, resolution ? config.clock().resolution(id) : config.clock().now(id));
        return Errno.SUCCESS;
    }

    private int randomGet(Call c) {
        long buf = c.u(0), len = c.u(1);
        c.mem.check(buf, len);
        byte[] chunk = new byte[(int) Math.min(len, 65536)];
        for (long done = 0; done < len; ) {
            int n = (int) Math.min(chunk.length, len - done);
            byte[] part = n == chunk.length ? chunk : new byte[n];
            config.random().fill(part);
            c.mem.write(buf + done, part);
            done += n;
        }
        return Errno.SUCCESS;
    }

    // ---------------------------------------------------------------- fd_*

    private int fdWrite(Call c, boolean positional) throws IOException {
        Desc d = desc(c.i(0));
        List<long[]> iov = iovecs(c.mem, c.u(1), c.u(2));
        long offset = positional ? c.l(3) : -1;
        long resultPtr = c.u(positional ? 4 : 3);
        c.mem.check(resultPtr, 4);
        if (positional && offset < 0) return Errno.INVAL;
        byte[] data = gather(c.mem, iov);
        int n;
        if (d instanceof OutStream o) {
            if (positional) return Errno.SPIPE;
            if (o.sink != null) {
                o.sink.write(data);
                o.sink.flush();
            }
            c.output(o.stream, data);
            n = data.length;
        } else if (d instanceof FileDesc f) {
            if (!f.writable) return Errno.BADF;
            if (positional) {
                n = writeFully(f.ch, data, offset);
            } else {
                long pos = (f.fdflags & FDFLAG_APPEND) != 0 ? f.ch.size() : f.ch.position();
                n = writeFully(f.ch, data, pos);
                f.ch.position(pos + n);
            }
        } else if (d instanceof InStream) {
            return positional ? Errno.SPIPE : Errno.BADF;
        } else {
            return Errno.BADF;
        }
        c.mem.storeI32(resultPtr, n);
        return Errno.SUCCESS;
    }

    private static int writeFully(FileChannel ch, byte[] data, long position) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data);
        try {
            while (b.hasRemaining()) ch.write(b, position + b.position());
        } catch (IOException e) {
            // As write(2): bytes already written make a short write; the error shows on the next call.
            if (b.position() > 0) return b.position();
            throw e;
        }
        return data.length;
    }

    private int fdRead(Call c, boolean positional) throws IOException {
        Desc d = desc(c.i(0));
        List<long[]> iov = iovecs(c.mem, c.u(1), c.u(2));
        long offset = positional ? c.l(3) : -1;
        long resultPtr = c.u(positional ? 4 : 3);
        c.mem.check(resultPtr, 4);
        if (positional && offset < 0) return Errno.INVAL;
        int total = 0;
        for (long[] v : iov) total += (int) v[1];
        byte[] buf = new byte[total];
        int n;
        if (d instanceof InStream in) {
            if (positional) return Errno.SPIPE;
            n = total == 0 ? 0 : Math.max(0, in.in.read(buf, 0, total));
        } else if (d instanceof FileDesc f) {
            if (!f.readable) return Errno.BADF;
            long pos = positional ? offset : f.ch.position();
            n = readFully(f.ch, buf, pos);
            if (!positional) f.ch.position(pos + n);
        } else if (d instanceof DirDesc) {
            return Errno.ISDIR;
        } else {
            return positional ? Errno.SPIPE : Errno.BADF;
        }
        int at = 0;
        for (long[] v : iov) {
            if (at >= n) break;
            int len = (int) Math.min(v[1], n - at);
            c.mem.write(v[0], buf, at, len);
            at += len;
        }
        c.mem.storeI32(resultPtr, n);
        return Errno.SUCCESS;
    }

    private static int readFully(FileChannel ch, byte[] buf, long position) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) break;
        }
        return b.position();
    }

    private int fdSeek(Call c) throws IOException {
        Desc d = desc(c.i(0));
        long offset = c.l(1);
        int whence = c.i(2);
        long out = c.u(3);
        if (!(d instanceof FileDesc f)) return d instanceof DirDesc ? Errno.BADF : Errno.SPIPE;
        c.mem.check(out, 8);
        long base = switch (whence) {
            case 0 -> 0;
            case 1 -> f.ch.position();
            case 2 -> f.ch.size();
            default -> throw new Fail(Errno.INVAL);
        };
        long pos;
        try {
            pos = Math.addExact(base, offset);
        } catch (ArithmeticException e) {
            return Errno.OVERFLOW;
        }
        if (pos < 0) return Errno.INVAL;
        f.ch.position(pos);
        c.mem.storeI64(out, pos);
        return Errno.SUCCESS;
    }

    private int fdTell(Call c) throws IOException {
        Desc d = desc(c.i(0));
        if (!(d instanceof FileDesc f)) return d instanceof DirDesc ? Errno.BADF : Errno.SPIPE;
        c.mem.check(c.u(1), 8);
        c.mem.storeI64(c.u(1), f.ch.position());
        return Errno.SUCCESS;
    }

    private int fdClose(Call c) throws IOException {
        Desc d = desc(c.i(0));
        fds.remove(c.i(0));
        d.close();
        return Errno.SUCCESS;
    }

    private int fdRenumber(Call c) throws IOException {
        int from = c.i(0), to = c.i(1);
        Desc d = desc(from);
        Desc old = desc(to);
        if (from == to) return Errno.SUCCESS;
        fds.remove(from);
        fds.put(to, d);
        old.close();
        return Errno.SUCCESS;
    }

    private int fdFdstatGet(Call c) {
        Desc d = desc(c.i(0));
        byte[] b = new byte[24];
        b[0] = (byte) d.filetype();
        Le.putI16(b, 2, d.fdflags);
        Le.putI64(b, 8, d.rightsBase);
        Le.putI64(b, 16, d.rightsInheriting);
        c.mem.write(c.u(1), b);
        return Errno.SUCCESS;
    }

    private int fdFdstatSetFlags(Call c) {
        Desc d = desc(c.i(0));
        int flags = c.i(1) & 0xFFFF;
        if ((flags & ~(FDFLAG_APPEND | FDFLAG_NONBLOCK)) != 0) return Errno.NOTSUP;
        d.fdflags = flags;
        return Errno.SUCCESS;
    }

    private int fdFdstatSetRights(Call c) {
        Desc d = desc(c.i(0));
        long base = c.l(1), inheriting = c.l(2);
        // Rights can only be dropped, never gained.
        if ((base & ~d.rightsBase) != 0 || (inheriting & ~d.rightsInheriting) != 0) return Errno.NOTCAPABLE;
        d.rightsBase = base;
        d.rightsInheriting = inheriting;
        return Errno.SUCCESS;
    }

    private int fdFilestatGet(Call c) throws IOException {
        Desc d = desc(c.i(0));
        long out = c.u(1);
        c.mem.check(out, 64);
        byte[] b;
        if (d instanceof FileDesc f) {
            try {
                b = filestat(f.path);
            } catch (NoSuchFileException e) {
                // Renamed or unlinked while open: what the channel still knows.
                b = new byte[64];
                b[16] = FT_REGULAR_FILE;
                Le.putI64(b, 32, f.ch.size());
            }
        } else if (d instanceof DirDesc dd) {
            b = filestat(dd.host());
        } else {
            b = new byte[64];
            b[16] = FT_CHARACTER_DEVICE;
            Le.putI64(b, 24, 1);
        }
        c.mem.write(out, b);
        return Errno.SUCCESS;
    }

    private int fdFilestatSetSize(Call c) throws IOException {
        Desc d = desc(c.i(0));
        long size = c.l(1);
        if (!(d instanceof FileDesc f)) return d instanceof DirDesc ? Errno.ISDIR : Errno.INVAL;
        if (!f.writable) return Errno.BADF;
        if (size < 0) return Errno.INVAL;
        resize(f.ch, size);
        return Errno.SUCCESS;
    }

    private static void resize(FileChannel ch, long size) throws IOException {
        long current = ch.size();
        if (size < current) ch.truncate(size);
        else if (size > current) ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
    }

    private int fdFilestatSetTimes(Call c) throws IOException {
        Desc d = desc(c.i(0));
        Path p;
        if (d instanceof FileDesc f) p = f.path;
        else if (d instanceof DirDesc dd) p = dd.host();
        else return timesFlagsValid(c.i(3)) ? Errno.SUCCESS : Errno.INVAL;
        return setTimes(p, c.l(1), c.l(2), c.i(3));
    }

    private static boolean timesFlagsValid(int flags) {
        if ((flags & ~0xF) != 0) return false;
        return !((flags & FST_ATIM) != 0 && (flags & FST_ATIM_NOW) != 0) && !((flags & FST_MTIM) != 0 && (flags & FST_MTIM_NOW) != 0);
    }

    private int setTimes(Path p, long atim, long mtim, int flags) throws IOException {
        if (!timesFlagsValid(flags)) return Errno.INVAL;
        long now = (flags & (FST_ATIM_NOW | FST_MTIM_NOW)) != 0 ? config.clock().now(WasiClock.REALTIME) : 0;
        FileTime a = (flags & FST_ATIM) != 0 ? FileTime.from(atim, TimeUnit.NANOSECONDS)
                : (flags & FST_ATIM_NOW) != 0 ? FileTime.from(now, TimeUnit.NANOSECONDS) : null;
        FileTime m = (flags & FST_MTIM) != 0 ? FileTime.from(mtim, TimeUnit.NANOSECONDS)
                : (flags & FST_MTIM_NOW) != 0 ? FileTime.from(now, TimeUnit.NANOSECONDS) : null;
        if (!exists(p)) return Errno.NOENT;
        Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(m, a, null);
        return Errno.SUCCESS;
    }

    private int fdPrestatGet(Call c) {
        Desc d = desc(c.i(0));
        if (!(d instanceof DirDesc dd) || dd.preopenName == null) return Errno.BADF;
        byte[] b = new byte[8]; // tag 0 = preopentype::dir, then u32 name length at offset 4
        Le.putI32(b, 4, dd.preopenName.getBytes(StandardCharsets.UTF_8).length);
        c.mem.write(c.u(1), b);
        return Errno.SUCCESS;
    }

    private int fdPrestatDirName(Call c) {
        Desc d = desc(c.i(0));
        if (!(d instanceof DirDesc dd) || dd.preopenName == null) return Errno.BADF;
        byte[] name = dd.preopenName.getBytes(StandardCharsets.UTF_8);
        if (c.u(2) < name.length) return Errno.NAMETOOLONG;
        c.mem.write(c.u(1), name);
        return Errno.SUCCESS;
    }

    private int fdReaddir(Call c) throws IOException {
        Desc d = desc(c.i(0));
        if (!(d instanceof DirDesc dd)) return d instanceof FileDesc ? Errno.NOTDIR : Errno.BADF;
        long buf = c.u(1), bufLen = c.u(2), cookie = c.l(3), usedPtr = c.u(4);
        c.mem.check(buf, bufLen);
        c.mem.check(usedPtr, 4);
        if (cookie == 0 || dd.entries == null) dd.entries = listDirectory(dd);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Dirent> entries = dd.entries;
        // Entry i carries d_next = i + 1, the cookie that resumes after it.
        for (long i = cookie; i >= 0 && i < entries.size() && out.size() < bufLen; i++) {
            Dirent e = entries.get((int) i);
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            byte[] head = new byte[24];
            Le.putI64(head, 0, i + 1);
            Le.putI64(head, 8, e.ino());
            Le.putI32(head, 16, name.length);
            head[20] = (byte) e.type();
            out.write(head);
            out.write(name);
        }
        byte[] all = out.toByteArray();
        int n = (int) Math.min(all.length, bufLen);
        c.mem.write(buf, all, 0, n);
        c.mem.storeI32(usedPtr, n);
        return Errno.SUCCESS;
    }

    private static List<Dirent> listDirectory(DirDesc dd) throws IOException {
        Path dir = dd.host();
        List<Dirent> out = new ArrayList<>();
        out.add(new Dirent(".", inode(dir), FT_DIRECTORY));
        // Above a preopen there is nothing the guest may see, so its ".." describes the preopen itself.
        Path parent = dd.rel.isEmpty() ? dir : dir.getParent();
        out.add(new Dirent("..", inode(parent), FT_DIRECTORY));
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = new ArrayList<>(s.toList());
        }
        // Sorted so that listings are reproducible.
        children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path p : children) out.add(new Dirent(p.getFileName().toString(), inode(p), direntType(p)));
        return out;
    }

    private int fdSync(Call c, boolean metadata) throws IOException {
        Desc d = desc(c.i(0));
        if (d instanceof FileDesc f) f.ch.force(metadata);
        else if (d instanceof OutStream o && o.sink != null) o.sink.flush();
        return Errno.SUCCESS;
    }

    private int fdAdvise(Call c) {
        Desc d = desc(c.i(0));
        long offset = c.l(1), len = c.l(2);
        int advice = c.i(3);
        if (!(d instanceof FileDesc)) return d instanceof DirDesc ? Errno.BADF : Errno.SPIPE;
        if (offset < 0 || len < 0 || advice < 0 || advice > 5) return Errno.INVAL;
        return Errno.SUCCESS; // advice is only a hint
    }

    private int fdAllocate(Call c) throws IOException {
        Desc d = desc(c.i(0));
        long offset = c.l(1), len = c.l(2);
        if (!(d instanceof FileDesc f)) return d instanceof DirDesc ? Errno.BADF : Errno.SPIPE;
        if (!f.writable) return Errno.BADF;
        if (offset < 0 || len <= 0) return Errno.INVAL;
        long end;
        try {
            end = Math.addExact(offset, len);
        } catch (ArithmeticException e) {
            return Errno.FBIG;
        }
        if (end > f.ch.size()) resize(f.ch, end);
        return Errno.SUCCESS;
    }

    // ---------------------------------------------------------------- path_*

    private int pathOpen(Call c) throws IOException {
        DirDesc dir = dirDesc(c.i(0));
        boolean follow = (c.i(1) & LOOKUP_SYMLINK_FOLLOW) != 0;
        String path = pathArg(c, 2, 3);
        int oflags = c.i(4) & 0xFFFF;
        long rightsBase = c.l(5), rightsInheriting = c.l(6);
        int fdflags = c.i(7) & 0xFFFF;
        long outPtr = c.u(8);
        c.mem.check(outPtr, 4);
        if ((fdflags & ~(FDFLAG_APPEND | FDFLAG_NONBLOCK)) != 0) return Errno.NOTSUP;
        Resolved r = resolve(dir, path, follow);
        Path p = r.host();
        boolean creat = (oflags & O_CREAT) != 0, excl = (oflags & O_EXCL) != 0;
        boolean trunc = (oflags & O_TRUNC) != 0, directory = (oflags & O_DIRECTORY) != 0;
        boolean exists = exists(p);
        if (creat && excl && exists) return Errno.EXIST;
        if (exists && Files.isSymbolicLink(p)) return Errno.LOOP; // an unfollowed final link (O_NOFOLLOW)
        boolean isDir = exists && Files.isDirectory(p, NOFOLLOW);
        boolean writeIntent = (rightsBase & WRITE_RIGHTS) != 0 || trunc || (fdflags & FDFLAG_APPEND) != 0;
        boolean readIntent = (rightsBase & (R_FD_READ | R_FD_READDIR)) != 0 || !writeIntent;
        Desc d;
        if (directory || isDir) {
            if (!exists) return creat ? Errno.INVAL : Errno.NOENT;
            if (!isDir) return Errno.NOTDIR;
            if (trunc || (rightsBase & R_FD_WRITE) != 0) return Errno.ISDIR;
            DirDesc dd = new DirDesc(r.root(), r.rel(), null);
            dd.rightsBase = rightsBase & RIGHTS_ALL;
            dd.rightsInheriting = rightsInheriting & RIGHTS_ALL;
            d = dd;
        } else {
            if (r.trailingSlash()) return exists ? Errno.NOTDIR : (creat ? Errno.ISDIR : Errno.NOENT);
            if (!exists && !creat) return Errno.NOENT;
            if (r.rel().isEmpty()) return Errno.ISDIR;
            Set<OpenOption> options = new HashSet<>();
            options.add(NOFOLLOW);
            if (readIntent) options.add(StandardOpenOption.READ);
            if (writeIntent) options.add(StandardOpenOption.WRITE);
            if (creat) options.add(excl ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
            if (trunc) options.add(StandardOpenOption.TRUNCATE_EXISTING);
            FileChannel ch = FileChannel.open(p, options);
            FileDesc f = new FileDesc(p, ch, readIntent, writeIntent);
            long granted = FILE_RIGHTS;
            if (!readIntent) granted &= ~R_FD_READ;
            if (!writeIntent) granted &= ~WRITE_RIGHTS;
            f.rightsBase = rightsBase & granted;
            f.rightsInheriting = rightsInheriting & RIGHTS_ALL;
            f.fdflags = fdflags;
            d = f;
        }
        int fd;
        try {
            fd = allocateFd(d);
        } catch (Fail e) {
            d.close();
            throw e;
        }
        c.mem.storeI32(outPtr, fd);
        return Errno.SUCCESS;
    }

    private int pathCreateDirectory(Call c) throws IOException {
        DirDesc dir = dirDesc(c.i(0));
        Resolved r = resolve(dir, pathArg(c, 1, 2), false);
        if (r.rel().isEmpty() || exists(r.host())) return Errno.EXIST;
        Files.createDirectory(r.host());
        return Errno.SUCCESS;
    }

    private int pathRemoveDirectory(Call c) throws IOException {
        DirDesc dir = dirDesc(c.i(0));
        Resolved r = resolve(dir, pathArg(c, 1, 2), false);
        if (r.rel().isEmpty()) return Errno.BUSY; // the preopen itself stays
        if (!exists(r.host())) return Errno.NOENT;
        if (!Files.isDirectory(r.host(), NOFOLLOW)) return Errno.NOTDIR;
        Files.delete(r.host());
        return Errno.SUCCESS;
    }

    private int pathUnlinkFile(Call c) throws IOException {
        DirDesc dir = dirDesc(c.i(0));
        Resolved r = resolve(dir, pathArg(c, 1, 2), false);
        if (r.rel().isEmpty()) return Errno.ISDIR;
        if (!exists(r.host())) return Errno.NOENT;
        if (Files.isDirectory(r.host(), NOFOLLOW)) return Errno.ISDIR;
        if (r.trailingSlash()) return Errno.NOTDIR;
        Files.delete(r.host());
        return Errno.SUCCESS;
    }

    private int pathRename(Call c) throws IOException {
        DirDesc from = dirDesc(c.i(0));
        String oldPath = pathArg(c, 1, 2);
        DirDesc to = dirDesc(c.i(3));
        String newPath = pathArg(c, 4, 5);
        Resolved src = resolve(from, oldPath, false);
        Resolved dst = resolve(to, newPath, false);
        if (src.rel().isEmpty() || dst.rel().isEmpty()) return Errno.BUSY;
        if (!exists(src.host())) return Errno.NOENT;
        boolean srcDir = Files.isDirectory(src.host(), NOFOLLOW);
        if (exists(dst.host())) {
            boolean dstDir = Files.isDirectory(dst.host(), NOFOLLOW);
            if (srcDir && !dstDir) return Errno.NOTDIR;
            if (!srcDir && dstDir) return Errno.ISDIR;
        }
        // ATOMIC_MOVE is rename(2): replaces an existing target as POSIX rename does.
        Files.move(src.host(), dst.host(), StandardCopyOption.ATOMIC_MOVE);
        return Errno.SUCCESS;
    }

    private int pathFilestatGet(Call c) throws IOException {
        DirDesc dir = dirDesc(c.i(0));
        boolean follow = (c.i(1) & LOOKUP_SYMLINK_FOLLOW) != 0;
        Resolved r = resolve(dir, pathArg(c, 2, 3), follow);
        long out = c.u(4);
        c.mem.check(out, 64);
        c.mem.write(out, filestat(r.host()));
        return Errno.SUCCESS;
    }

    private int pathFilestatSetTimes(Call c) throws IOException {
        DirDesc dir = dirDesc(c.i(0));
        boolean follow = (c.i(1) & LOOKUP_SYMLINK_FOLLOW) != 0;
        Resolved r = resolve(dir, pathArg(c, 2, 3), follow);
        return setTimes(r.host(), c.l(4), c.l(5), c.i(6));
    }

    private int pathLink(Call c) throws IOException {
        DirDesc oldDir = dirDesc(c.i(0));
        boolean follow = (c.i(1) & LOOKUP_SYMLINK_FOLLOW) != 0;
        String oldPath = pathArg(c, 2, 3);
        DirDesc newDir = dirDesc(c.i(4));
        String newPath = pathArg(c, 5, 6);
        Resolved src = resolve(oldDir, oldPath, follow);
        Resolved dst = resolve(newDir, newPath, false);
        if (!exists(src.host())) return Errno.NOENT;
        if (Files.isDirectory(src.host(), NOFOLLOW)) return Errno.PERM;
        if (dst.rel().isEmpty() || exists(dst.host())) return Errno.EXIST;
        Files.createLink(dst.host(), src.host());
        return Errno.SUCCESS;
    }

    private int pathReadlink(Call c) throws IOException {
        DirDesc dir = dirDesc(c.i(0));
        Resolved r = resolve(dir, pathArg(c, 1, 2), false);
        long buf = c.u(3), bufLen = c.u(4), usedPtr = c.u(5);
        c.mem.check(buf, bufLen);
        c.mem.check(usedPtr, 4);
        if (!exists(r.host())) return Errno.NOENT;
        if (!Files.isSymbolicLink(r.host())) return Errno.INVAL;
        byte[] target = Files.readSymbolicLink(r.host()).toString().getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(target.length, bufLen);
        c.mem.write(buf, target, 0, n);
        c.mem.storeI32(usedPtr, n);
        return Errno.SUCCESS;
    }

    private int pathSymlink(Call c) throws IOException {
        String target = pathArg(c, 0, 1);
        DirDesc dir = dirDesc(c.i(2));
        Resolved r = resolve(dir, pathArg(c, 3, 4), false);
        if (target.isEmpty()) return Errno.NOENT;
        // An absolute target could never be followed inside the sandbox: refuse it up front.
        if (target.startsWith("/")) return Errno.NOTCAPABLE;
        if (r.rel().isEmpty() || exists(r.host())) return Errno.EXIST;
        Files.createSymbolicLink(r.host(), Path.of(target));
        return Errno.SUCCESS;
    }

    // ---------------------------------------------------------------- poll_oneoff

    private int pollOneoff(Call c) throws IOException {
        long in = c.u(0), out = c.u(1), n = c.u(2), countPtr = c.u(3);
        if (n == 0) return Errno.INVAL;
        c.mem.check(in, n * 48);
        c.mem.check(out, n * 32);
        c.mem.check(countPtr, 4);
        byte[] subs = c.mem.read(in, n * 48);
        WasiClock clock = config.clock();
        List<byte[]> events = new ArrayList<>();
        long[] deadline = new long[(int) n];
        int[] clockId = new int[(int) n];
        boolean anyClock = false;
        for (int i = 0; i < n; i++) {
            int s = i * 48;
            long userdata = Le.getI64(subs, s);
            int tag = subs[s + 8] & 0xFF;
            clockId[i] = -1;
            if (tag == 0) {
                int id = Le.getI32(subs, s + 16);
                long timeout = Le.getI64(subs, s + 24);
                int flags = Le.getU16(subs, s + 40);
                if (id < 0 || id > 3) {
                    events.add(event(userdata, Errno.INVAL, 0, 0));
                    continue;
                }
                long now = clock.now(id);
                boolean absolute = (flags & 1) != 0;
                // timeout is a u64: a value above Long.MAX_VALUE means "practically never".
                if (timeout < 0) deadline[i] = Long.MAX_VALUE;
                else deadline[i] = absolute ? timeout : saturatingAdd(now, timeout);
                clockId[i] = id;
                anyClock = true;
            } else if (tag == 1 || tag == 2) {
                Desc d = fds.get(Le.getI32(subs, s + 16));
                if (d == null) {
                    events.add(event(userdata, Errno.BADF, tag, 0));
                } else {
                    long nbytes = 0;
                    if (tag == 1 && d instanceof FileDesc f) nbytes = Math.max(0, f.ch.size() - f.ch.position());
                    else if (tag == 1 && d instanceof InStream s0) nbytes = Math.max(0, s0.in.available());
                    events.add(event(userdata, Errno.SUCCESS, tag, nbytes));
                }
            } else {
                events.add(event(userdata, Errno.INVAL, tag, 0));
            }
        }
        if (anyClock) {
            if (events.isEmpty()) {
                // Nothing is ready yet: wait for the earliest timeout (a ManualClock just advances).
                long wait = Long.MAX_VALUE;
                for (int i = 0; i < n; i++) {
                    if (clockId[i] >= 0) wait = Math.min(wait, deadline[i] - clock.now(clockId[i]));
                }
                if (wait > 0) clock.sleep(wait);
            }
            boolean fired = false;
            for (int i = 0; i < n; i++) {
                if (clockId[i] >= 0 && clock.now(clockId[i]) >= deadline[i]) {
                    events.add(event(Le.getI64(subs, i * 48), Errno.SUCCESS, 0, 0));
                    fired = true;
                }
            }
            if (!fired && events.isEmpty()) {
                // A clock that slept slightly short: report the earliest deadline as fired anyway.
                int best = -1;
                for (int i = 0; i < n; i++) if (clockId[i] >= 0 && (best < 0 || deadline[i] < deadline[best])) best = i;
                events.add(event(Le.getI64(subs, best * 48), Errno.SUCCESS, 0, 0));
            }
        }
        byte[] all = new byte[events.size() * 32];
        for (int i = 0; i < events.size(); i++) System.arraycopy(events.get(i), 0, all, i * 32, 32);
        c.mem.write(out, all);
        c.mem.storeI32(countPtr, events.size());
        return Errno.SUCCESS;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** A 32-byte event: userdata u64 @0, error u16 @8, type u8 @10, fd_readwrite.nbytes u64 @16, flags u16 @24. */
    private static byte[] event(long userdata, int errno, int type, long nbytes) {
        byte[] b = new byte[32];
        Le.putI64(b, 0, userdata);
        Le.putI16(b, 8, errno);
        b[10] = (byte) type;
        Le.putI64(b, 16, nbytes);
        return b;
    }
}
