package io.backstep.engine.wasi;

import static io.backstep.engine.wasi.WasiFixture.BUF;
import static io.backstep.engine.wasi.WasiFixture.FDFLAG_APPEND;
import static io.backstep.engine.wasi.WasiFixture.FOLLOW;
import static io.backstep.engine.wasi.WasiFixture.O_CREAT;
import static io.backstep.engine.wasi.WasiFixture.O_DIRECTORY;
import static io.backstep.engine.wasi.WasiFixture.O_EXCL;
import static io.backstep.engine.wasi.WasiFixture.O_TRUNC;
import static io.backstep.engine.wasi.WasiFixture.PATH;
import static io.backstep.engine.wasi.WasiFixture.RESULT;
import static io.backstep.engine.wasi.WasiFixture.RIGHTS_READ;
import static io.backstep.engine.wasi.WasiFixture.RIGHTS_RW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WasiFileSystemTest {
    static final int ROOT = 3;

    @TempDir
    Path dir;
    WasiFixture g;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        g = WasiFixture.live(WasiConfig.builder().preopen(dir, "/sandbox").stdout(stdout)
                .stdin("line one\nline two\n".getBytes(StandardCharsets.UTF_8)).build());
    }

    @Test
    void prestatDescribesPreopens() {
        assertEquals(0, g.call("fd_prestat_get", ROOT, RESULT));
        assertEquals(0, g.mem.loadI8(RESULT));
        assertEquals("/sandbox".length(), g.u32(RESULT + 4));
        assertEquals(0, g.call("fd_prestat_dir_name", ROOT, BUF, 8));
        assertEquals("/sandbox", new String(g.mem.read(BUF, 8), StandardCharsets.UTF_8));
        assertEquals(Errno.NAMETOOLONG, g.call("fd_prestat_dir_name", ROOT, BUF, 3));
        assertEquals(Errno.BADF, g.call("fd_prestat_get", ROOT + 1, RESULT));
        assertEquals(Errno.BADF, g.call("fd_prestat_get", 1, RESULT));
    }

    @Test
    void dirOptionPreopensUnderTheSamePath() {
        WasiFixture h = WasiFixture.live(WasiConfig.builder().dir(dir.toString()).build());
        assertEquals(0, h.call("fd_prestat_get", ROOT, RESULT));
        int len = h.u32(RESULT + 4);
        assertEquals(0, h.call("fd_prestat_dir_name", ROOT, BUF, len));
        assertEquals(dir.toString(), new String(h.mem.read(BUF, len), StandardCharsets.UTF_8));
    }

    @Test
    void createWriteSeekRead() throws IOException {
        int fd = g.openOk(ROOT, "notes.txt", O_CREAT, RIGHTS_RW);
        assertTrue(fd > ROOT);
        assertEquals(0, g.write(fd, "hello world"));
        assertEquals(11, g.u32(RESULT));
        assertEquals("hello world", Files.readString(dir.resolve("notes.txt")));

        assertEquals(0, g.call("fd_seek", fd, 6L, 0, RESULT));
        assertEquals(6L, g.u64(RESULT));
        assertEquals("world", g.read(fd, 64));
        assertEquals("", g.read(fd, 64), "end of file reads 0 bytes");
        assertEquals(0, g.call("fd_tell", fd, RESULT));
        assertEquals(11L, g.u64(RESULT));
        assertEquals(0, g.call("fd_seek", fd, -5L, 1, RESULT));
        assertEquals(6L, g.u64(RESULT));
        assertEquals(0, g.call("fd_seek", fd, -1L, 2, RESULT));
        assertEquals(10L, g.u64(RESULT));
        assertEquals("d", g.read(fd, 64));
        assertEquals(Errno.INVAL, g.call("fd_seek", fd, -100L, 1, RESULT));
        assertEquals(Errno.INVAL, g.call("fd_seek", fd, 0L, 3, RESULT));

        assertEquals(0, g.call("fd_close", fd));
        assertEquals(Errno.BADF, g.call("fd_close", fd));
        assertEquals("!badf", g.read(fd, 4));
    }

    @Test
    void preadAndPwriteDoNotMoveTheOffset() throws IOException {
        Files.writeString(dir.resolve("f"), "0123456789");
        int fd = g.openOk(ROOT, "f", 0, RIGHTS_RW);
        g.mem.write(WasiFixture.DATA, "AB".getBytes(StandardCharsets.UTF_8));
        g.mem.storeI32(WasiFixture.IOVS, WasiFixture.DATA);
        g.mem.storeI32(WasiFixture.IOVS + 4, 2);
        assertEquals(0, g.call("fd_pwrite", fd, WasiFixture.IOVS, 1, 4L, RESULT));
        assertEquals(2, g.u32(RESULT));
        assertEquals("0123AB6789", Files.readString(dir.resolve("f")));
        g.mem.storeI32(WasiFixture.IOVS, BUF);
        g.mem.storeI32(WasiFixture.IOVS + 4, 3);
        assertEquals(0, g.call("fd_pread", fd, WasiFixture.IOVS, 1, 7L, RESULT));
        assertEquals(3, g.u32(RESULT));
        assertEquals("789", new String(g.mem.read(BUF, 3), StandardCharsets.UTF_8));
        assertEquals(0, g.call("fd_tell", fd, RESULT));
        assertEquals(0L, g.u64(RESULT));
        assertEquals(Errno.SPIPE, g.call("fd_pread", 0, WasiFixture.IOVS, 1, 0L, RESULT));
    }

    @Test
    void openFlags() throws IOException {
        Files.writeString(dir.resolve("old.txt"), "previous content");
        assertEquals(-Errno.EXIST, g.open(ROOT, FOLLOW, "old.txt", O_CREAT | O_EXCL, RIGHTS_RW, 0));
        assertEquals(-Errno.NOENT, g.open(ROOT, FOLLOW, "missing.txt", 0, RIGHTS_READ, 0));
        assertEquals(-Errno.NOTDIR, g.open(ROOT, FOLLOW, "old.txt", O_DIRECTORY, RIGHTS_READ, 0));
        assertEquals(-Errno.NOTDIR, g.open(ROOT, FOLLOW, "old.txt/", 0, RIGHTS_READ, 0));

        int fd = g.open(ROOT, FOLLOW, "old.txt", 0, RIGHTS_RW, FDFLAG_APPEND);
        assertTrue(fd > 0);
        assertEquals(0, g.write(fd, "+more"));
        assertEquals("previous content+more", Files.readString(dir.resolve("old.txt")));

        int t = g.openOk(ROOT, "old.txt", O_TRUNC, RIGHTS_RW);
        assertEquals("", Files.readString(dir.resolve("old.txt")));
        assertEquals(0, g.write(t, "x"));
        assertEquals("x", Files.readString(dir.resolve("old.txt")));

        int created = g.openOk(ROOT, "brand-new", O_CREAT | O_EXCL, RIGHTS_RW);
        assertTrue(Files.isRegularFile(dir.resolve("brand-new")));
        assertEquals(0, g.call("fd_close", created));

        // read-only descriptor refuses writes
        int ro = g.openOk(ROOT, "old.txt", 0, RIGHTS_READ);
        assertEquals(Errno.BADF, g.write(ro, "nope"));
        assertEquals("x", Files.readString(dir.resolve("old.txt")));
    }

    @Test
    void appendFlagCanBeSetLater() throws IOException {
        Files.writeString(dir.resolve("log"), "abc");
        int fd = g.openOk(ROOT, "log", 0, RIGHTS_RW);
        assertEquals(0, g.call("fd_fdstat_set_flags", fd, FDFLAG_APPEND));
        assertEquals(0, g.write(fd, "def"));
        assertEquals("abcdef", Files.readString(dir.resolve("log")));
        assertEquals(0, g.call("fd_fdstat_get", fd, RESULT));
        assertEquals(FDFLAG_APPEND, g.mem.loadI16(RESULT + 2));
        assertEquals(Errno.NOTSUP, g.call("fd_fdstat_set_flags", fd, 16));
    }

    @Test
    void fdstatOfStreamsFilesAndDirectories() {
        assertEquals(0, g.call("fd_fdstat_get", 1, RESULT));
        assertEquals(2, g.mem.loadI8(RESULT), "stdout is a character device");
        long rights = g.u64(RESULT + 8);
        assertEquals(0L, rights & ((1L << 2) | (1L << 5)), "no seek/tell: wasi-libc sees a terminal");
        assertTrue((rights & (1L << 6)) != 0, "stdout is writable");
        assertEquals(0, g.call("fd_fdstat_get", ROOT, RESULT));
        assertEquals(3, g.mem.loadI8(RESULT));
        assertEquals(-1L >>> 34, g.u64(RESULT + 16), "a preopen passes on every right");
        int fd = g.openOk(ROOT, "f", O_CREAT, RIGHTS_RW);
        assertEquals(0, g.call("fd_fdstat_get", fd, RESULT));
        assertEquals(4, g.mem.loadI8(RESULT));
        assertTrue((g.u64(RESULT + 8) & (1L << 1)) != 0);
        assertEquals(Errno.BADF, g.call("fd_fdstat_get", 99, RESULT));
        // rights can be dropped but not regained
        assertEquals(0, g.call("fd_fdstat_set_rights", fd, 1L << 1, 0L));
        assertEquals(Errno.NOTCAPABLE, g.call("fd_fdstat_set_rights", fd, (1L << 1) | (1L << 6), 0L));
    }

    @Test
    void stdioStreams() {
        assertEquals(0, g.write(1, "to stdout\n"));
        assertEquals("to stdout\n", stdout.toString(StandardCharsets.UTF_8));
        assertEquals("line ", g.read(0, 5));
        assertEquals("one\nline two\n", g.read(0, 64));
        assertEquals("", g.read(0, 64));
        assertEquals(Errno.SPIPE, g.call("fd_seek", 1, 0L, 0, RESULT));
        assertEquals(Errno.BADF, g.write(0, "x"));
        WasiEvent out = g.events.get(0);
        assertEquals("fd_write", out.functionName());
        assertEquals(WasiEvent.STDOUT, out.outputStream());
        assertArrayEquals("to stdout\n".getBytes(StandardCharsets.UTF_8), out.output());
    }

    @Test
    void stderrIsAnOutputStreamToo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        WasiFixture h = WasiFixture.live(WasiConfig.builder().stderr(err).build());
        assertEquals(0, h.write(2, "oops"));
        assertEquals("oops", err.toString(StandardCharsets.UTF_8));
        assertEquals(WasiEvent.STDERR, h.events.get(0).outputStream());
    }

    /** Parses what fd_readdir wrote: name, d_next, d_type per complete entry. */
    private static List<String[]> dirents(WasiFixture g, long buf, int used) {
        List<String[]> out = new ArrayList<>();
        int at = 0;
        while (at + 24 <= used) {
            long next = g.u64(buf + at);
            int namlen = g.u32(buf + at + 16);
            int type = g.mem.loadI8(buf + at + 20);
            if (at + 24 + namlen > used) break;
            String name = new String(g.mem.read(buf + at + 24, namlen), StandardCharsets.UTF_8);
            out.add(new String[] {name, Long.toString(next), Integer.toString(type)});
            at += 24 + namlen;
        }
        return out;
    }

    @Test
    void readdirWithCookies() throws IOException {
        Files.writeString(dir.resolve("b.txt"), "b");
        Files.createDirectory(dir.resolve("a-dir"));
        Files.writeString(dir.resolve("c.txt"), "c");
        assertEquals(0, g.call("fd_readdir", ROOT, BUF, 4096, 0L, RESULT));
        int used = g.u32(RESULT);
        assertEquals(5 * 24 + 1 + 2 + 5 + 5 + 5, used);
        List<String[]> all = dirents(g, BUF, used);
        assertEquals(5, all.size());
        String[][] expected = {{".", "1", "3"}, {"..", "2", "3"}, {"a-dir", "3", "3"}, {"b.txt", "4", "4"}, {"c.txt", "5", "4"}};
        for (int i = 0; i < 5; i++) assertArrayEquals(expected[i], all.get(i));
        assertEquals(Files.getAttribute(dir.resolve("b.txt"), "unix:ino"), g.u64(BUF + 24 + 1 + 24 + 2 + 24 + 5 + 8));

        // A buffer too small for everything is filled completely (bufused == buf_len means "more").
        int small = 24 + 1 + 24 + 2 + 10;
        assertEquals(0, g.call("fd_readdir", ROOT, BUF, small, 0L, RESULT));
        assertEquals(small, g.u32(RESULT));
        List<String[]> first = dirents(g, BUF, small);
        assertEquals(2, first.size());
        long cookie = Long.parseLong(first.get(1)[1]);
        assertEquals(0, g.call("fd_readdir", ROOT, BUF, 4096, cookie, RESULT));
        List<String[]> rest = dirents(g, BUF, g.u32(RESULT));
        assertEquals(List.of("a-dir", "b.txt", "c.txt"), rest.stream().map(e -> e[0]).toList());
        assertEquals(0, g.call("fd_readdir", ROOT, BUF, 4096, 5L, RESULT));
        assertEquals(0, g.u32(RESULT), "cookie past the end: nothing");

        int file = g.openOk(ROOT, "b.txt", 0, RIGHTS_READ);
        assertEquals(Errno.NOTDIR, g.call("fd_readdir", file, BUF, 4096, 0L, RESULT));
    }

    @Test
    void mkdirRmdirUnlinkRename() throws IOException {
        assertEquals(0, g.pathCall("path_create_directory", ROOT, "sub"));
        assertTrue(Files.isDirectory(dir.resolve("sub")));
        assertEquals(Errno.EXIST, g.pathCall("path_create_directory", ROOT, "sub"));
        assertEquals(Errno.NOENT, g.pathCall("path_create_directory", ROOT, "no/such"));

        int fd = g.openOk(ROOT, "sub/file.txt", O_CREAT, RIGHTS_RW);
        assertEquals(0, g.write(fd, "data"));
        assertEquals(0, g.call("fd_close", fd));
        assertEquals(Errno.NOTEMPTY, g.pathCall("path_remove_directory", ROOT, "sub"));
        assertEquals(Errno.NOTDIR, g.pathCall("path_remove_directory", ROOT, "sub/file.txt"));
        assertEquals(Errno.ISDIR, g.pathCall("path_unlink_file", ROOT, "sub"));

        // rename file -> new name
        int l1 = g.path("sub/file.txt");
        byte[] to = "moved.txt".getBytes(StandardCharsets.UTF_8);
        g.mem.write(PATH + 100, to);
        assertEquals(0, g.call("path_rename", ROOT, PATH, l1, ROOT, PATH + 100, to.length));
        assertFalse(Files.exists(dir.resolve("sub/file.txt")));
        assertEquals("data", Files.readString(dir.resolve("moved.txt")));

        // rename over an existing file replaces it; a file cannot replace a directory
        Files.writeString(dir.resolve("other.txt"), "other");
        l1 = g.path("other.txt");
        assertEquals(0, g.call("path_rename", ROOT, PATH, l1, ROOT, PATH + 100, to.length));
        assertEquals("other", Files.readString(dir.resolve("moved.txt")));
        byte[] subName = "sub".getBytes(StandardCharsets.UTF_8);
        g.mem.write(PATH + 100, subName);
        l1 = g.path("moved.txt");
        assertEquals(Errno.ISDIR, g.call("path_rename", ROOT, PATH, l1, ROOT, PATH + 100, subName.length));
        assertEquals(Errno.NOENT, g.call("path_rename", ROOT, PATH, g.path("ghost"), ROOT, PATH + 100, subName.length));

        assertEquals(0, g.pathCall("path_unlink_file", ROOT, "moved.txt"));
        assertFalse(Files.exists(dir.resolve("moved.txt")));
        assertEquals(Errno.NOENT, g.pathCall("path_unlink_file", ROOT, "moved.txt"));
        assertEquals(0, g.pathCall("path_remove_directory", ROOT, "sub"));
        assertFalse(Files.exists(dir.resolve("sub")));
        assertEquals(Errno.BUSY, g.pathCall("path_remove_directory", ROOT, "."));
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void openedSubdirectoryWorksAsBase() throws IOException {
        Files.createDirectories(dir.resolve("x/y"));
        Files.writeString(dir.resolve("x/y/z.txt"), "zed");
        Files.writeString(dir.resolve("top.txt"), "top");
        int x = g.openOk(ROOT, "x", O_DIRECTORY, RIGHTS_READ);
        assertEquals(0, g.call("fd_fdstat_get", x, RESULT));
        assertEquals(3, g.mem.loadI8(RESULT));
        int z = g.openOk(x, "y/z.txt", 0, RIGHTS_READ);
        assertEquals("zed", g.read(z, 16));
        int top = g.openOk(x, "../top.txt", 0, RIGHTS_READ);
        assertEquals("top", g.read(top, 16));
        assertEquals(Errno.BADF, g.call("fd_prestat_get", x, RESULT), "only preopens have a prestat");
        assertEquals("!isdir", g.read(x, 4));
    }

    @Test
    void filestatAndSizeAndTimes() throws IOException {
        Files.writeString(dir.resolve("f.bin"), "12345");
        int fd = g.openOk(ROOT, "f.bin", 0, RIGHTS_RW);
        assertEquals(0, g.call("fd_filestat_get", fd, BUF));
        assertEquals(4, g.mem.loadI8(BUF + 16));
        assertEquals(5L, g.u64(BUF + 32));
        assertEquals(Files.getAttribute(dir.resolve("f.bin"), "unix:ino"), g.u64(BUF + 8));
        assertEquals(1L, g.u64(BUF + 24));

        assertEquals(0, g.call("fd_filestat_set_size", fd, 2L));
        assertEquals("12", Files.readString(dir.resolve("f.bin")));
        assertEquals(0, g.call("fd_filestat_set_size", fd, 4L));
        assertArrayEquals(new byte[] {'1', '2', 0, 0}, Files.readAllBytes(dir.resolve("f.bin")));
        assertEquals(0, g.call("fd_allocate", fd, 0L, 10L));
        assertEquals(10L, Files.size(dir.resolve("f.bin")));
        assertEquals(0, g.call("fd_advise", fd, 0L, 10L, 1));
        assertEquals(Errno.INVAL, g.call("fd_advise", fd, 0L, 10L, 9));
        assertEquals(0, g.call("fd_sync", fd));
        assertEquals(0, g.call("fd_datasync", fd));

        long mtime = 1_600_000_000_000_000_000L;
        assertEquals(0, g.call("fd_filestat_set_times", fd, 0L, mtime, 4));
        assertEquals(FileTime.from(mtime, TimeUnit.NANOSECONDS).toMillis(),
                Files.getLastModifiedTime(dir.resolve("f.bin")).toMillis());
        assertEquals(Errno.INVAL, g.call("fd_filestat_set_times", fd, 0L, 0L, 4 | 8));

        long other = 1_500_000_000_000_000_000L;
        int len = g.path("f.bin");
        assertEquals(0, g.call("path_filestat_set_times", ROOT, FOLLOW, PATH, len, other, other, 1 | 4));
        assertEquals(FileTime.from(other, TimeUnit.NANOSECONDS).toMillis(),
                Files.getLastModifiedTime(dir.resolve("f.bin")).toMillis());

        Files.createDirectory(dir.resolve("d"));
        len = g.path("d");
        assertEquals(0, g.call("path_filestat_get", ROOT, FOLLOW, PATH, len, BUF));
        assertEquals(3, g.mem.loadI8(BUF + 16));
        len = g.path("nothing");
        assertEquals(Errno.NOENT, g.call("path_filestat_get", ROOT, FOLLOW, PATH, len, BUF));
    }

    @Test
    void renumberMovesADescriptor() throws IOException {
        Files.writeString(dir.resolve("a"), "AAA");
        Files.writeString(dir.resolve("b"), "BBB");
        int a = g.openOk(ROOT, "a", 0, RIGHTS_READ);
        int b = g.openOk(ROOT, "b", 0, RIGHTS_READ);
        assertEquals(0, g.call("fd_renumber", a, b));
        assertEquals("AAA", g.read(b, 8));
        assertEquals("!badf", g.read(a, 8));
        assertEquals(Errno.BADF, g.call("fd_renumber", a, b));
        // the lowest free number is reused
        assertEquals(a, g.openOk(ROOT, "a", 0, RIGHTS_READ));
    }

    @Test
    void symlinkReadlinkAndHardLinkInsideTheSandbox() throws IOException {
        Files.writeString(dir.resolve("target.txt"), "T");
        byte[] target = "target.txt".getBytes(StandardCharsets.UTF_8);
        g.mem.write(PATH + 200, target);
        int len = g.path("link");
        assertEquals(0, g.call("path_symlink", PATH + 200, target.length, ROOT, PATH, len));
        assertTrue(Files.isSymbolicLink(dir.resolve("link")));
        assertEquals(0, g.call("path_readlink", ROOT, PATH, len, BUF, 64, RESULT));
        assertEquals(target.length, g.u32(RESULT));
        assertArrayEquals(target, g.mem.read(BUF, target.length));
        int fd = g.openOk(ROOT, "link", 0, RIGHTS_READ);
        assertEquals("T", g.read(fd, 8));
        // path_filestat_get without follow sees the link itself
        assertEquals(0, g.call("path_filestat_get", ROOT, 0, PATH, len, BUF));
        assertEquals(7, g.mem.loadI8(BUF + 16));

        int l1 = g.path("target.txt");
        byte[] hard = "hard.txt".getBytes(StandardCharsets.UTF_8);
        g.mem.write(PATH + 200, hard);
        assertEquals(0, g.call("path_link", ROOT, 0, PATH, l1, ROOT, PATH + 200, hard.length));
        assertEquals("T", Files.readString(dir.resolve("hard.txt")));
        assertEquals(Errno.EXIST, g.call("path_link", ROOT, 0, PATH, l1, ROOT, PATH + 200, hard.length));
    }
}
