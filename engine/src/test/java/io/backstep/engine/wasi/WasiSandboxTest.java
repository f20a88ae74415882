package io.backstep.engine.wasi;

import static io.backstep.engine.wasi.WasiFixture.BUF;
import static io.backstep.engine.wasi.WasiFixture.FOLLOW;
import static io.backstep.engine.wasi.WasiFixture.O_CREAT;
import static io.backstep.engine.wasi.WasiFixture.O_DIRECTORY;
import static io.backstep.engine.wasi.WasiFixture.PATH;
import static io.backstep.engine.wasi.WasiFixture.RESULT;
import static io.backstep.engine.wasi.WasiFixture.RIGHTS_READ;
import static io.backstep.engine.wasi.WasiFixture.RIGHTS_RW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guest must not reach anything outside its preopen. Layout under a temp dir:
 * <pre>
 *   outside/secret.txt      (not preopened)
 *   box/                    (the preopen, fd 3)
 *   box/inner.txt
 *   box/sub/
 * </pre>
 */
class WasiSandboxTest {
    static final int ROOT = 3;

    @TempDir
    Path tmp;
    Path box;
    Path outside;
    WasiFixture g;

    @BeforeEach
    void setUp() throws IOException {
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        box = Files.createDirectory(tmp.resolve("box"));
        Files.writeString(box.resolve("inner.txt"), "inner");
        Files.createDirectory(box.resolve("sub"));
        g = WasiFixture.live(WasiConfig.builder().preopen(box, "/box").build());
    }

    private int openRead(int dirfd, String path) {
        return g.open(dirfd, FOLLOW, path, 0, RIGHTS_READ, 0);
    }

    private static boolean refused(int errnoOrFd) {
        return errnoOrFd == -Errno.NOTCAPABLE || errnoOrFd == -Errno.PERM;
    }

    @Test
    void absolutePathsAreRefused() {
        assertEquals(-Errno.NOTCAPABLE, openRead(ROOT, "/etc/passwd"));
        assertEquals(-Errno.NOTCAPABLE, openRead(ROOT, outside.resolve("secret.txt").toString()));
        assertEquals(-Errno.NOTCAPABLE, openRead(ROOT, "/box/inner.txt"), "guest paths are relative to the dir fd");
        assertEquals(Errno.NOTCAPABLE, g.pathCall("path_create_directory", ROOT, "/tmp-escape"));
    }

    @Test
    void dotDotAboveThePreopenIsRefused() {
        assertEquals(-Errno.NOTCAPABLE, openRead(ROOT, "../outside/secret.txt"));
        assertEquals(-Errno.NOTCAPABLE, openRead(ROOT, "sub/../../outside/secret.txt"));
        assertEquals(-Errno.NOTCAPABLE, openRead(ROOT, ".."));
        assertEquals(Errno.NOTCAPABLE, g.pathCall("path_create_directory", ROOT, "../made-outside"));
        assertFalse(Files.exists(tmp.resolve("made-outside")));
        assertEquals(Errno.NOTCAPABLE, g.pathCall("path_unlink_file", ROOT, "../outside/secret.txt"));
        assertTrue(Files.exists(outside.resolve("secret.txt")));
        // ".." that stays inside is fine
        int fd = openRead(ROOT, "sub/../inner.txt");
        assertTrue(fd > 0);
        assertEquals("inner", g.read(fd, 16));
    }

    @Test
    void dotDotFromAnOpenedSubdirectoryStopsAtThePreopen() {
        int sub = g.openOk(ROOT, "sub", O_DIRECTORY, RIGHTS_READ);
        assertTrue(openRead(sub, "../inner.txt") > 0);
        assertEquals(-Errno.NOTCAPABLE, openRead(sub, "../../outside/secret.txt"));
        assertEquals(-Errno.NOTCAPABLE, openRead(sub, "../.."));
    }

    @Test
    void symlinkToOutsideDirectoryIsRefusedAnywhereInThePath() throws IOException {
        Files.createSymbolicLink(box.resolve("rel-out"), Path.of("../outside"));
        Files.createSymbolicLink(box.resolve("abs-out"), outside);
        Files.createSymbolicLink(box.resolve("sub/deep-out"), Path.of("../../outside"));
        assertTrue(refused(openRead(ROOT, "rel-out/secret.txt")));
        assertTrue(refused(openRead(ROOT, "abs-out/secret.txt")));
        assertTrue(refused(openRead(ROOT, "sub/deep-out/secret.txt")));
        assertTrue(refused(g.open(ROOT, FOLLOW, "rel-out", O_DIRECTORY, RIGHTS_READ, 0)));
        // even without "follow", intermediate links are always resolved (and checked)
        assertTrue(refused(g.open(ROOT, 0, "rel-out/secret.txt", 0, RIGHTS_READ, 0)));
        assertTrue(refused(-g.pathCall("path_create_directory", ROOT, "rel-out/new-dir")));
        assertFalse(Files.exists(outside.resolve("new-dir")));
        int len = g.path("abs-out/secret.txt");
        assertTrue(refused(-g.call("path_filestat_get", ROOT, FOLLOW, PATH, len, BUF)));
    }

    @Test
    void finalSymlinkToOutsideFileIsRefused() throws IOException {
        Files.createSymbolicLink(box.resolve("to-secret"), Path.of("../outside/secret.txt"));
        assertTrue(refused(g.open(ROOT, FOLLOW, "to-secret", 0, RIGHTS_READ, 0)));
        // not following: opening the link itself is ELOOP (O_NOFOLLOW), never the target
        assertEquals(-Errno.LOOP, g.open(ROOT, 0, "to-secret", 0, RIGHTS_READ, 0));
        int len = g.path("to-secret");
        assertTrue(refused(-g.call("path_filestat_get", ROOT, FOLLOW, PATH, len, BUF)));
        assertEquals(0, g.call("path_filestat_get", ROOT, 0, PATH, len, BUF));
        assertEquals(7, g.mem.loadI8(BUF + 16), "the link itself may be inspected");
        // removing the link removes only the link
        assertEquals(0, g.pathCall("path_unlink_file", ROOT, "to-secret"));
        assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
    }

    @Test
    void danglingSymlinkCannotCreateOutside() throws IOException {
        Files.createSymbolicLink(box.resolve("dangling"), Path.of("../outside/created-by-guest.txt"));
        Files.createSymbolicLink(box.resolve("dangling-abs"), outside.resolve("created-abs.txt"));
        assertTrue(refused(g.open(ROOT, FOLLOW, "dangling", O_CREAT, RIGHTS_RW, 0)));
        assertTrue(refused(g.open(ROOT, FOLLOW, "dangling-abs", O_CREAT, RIGHTS_RW, 0)));
        assertEquals(-Errno.LOOP, g.open(ROOT, 0, "dangling", O_CREAT, RIGHTS_RW, 0));
        assertFalse(Files.exists(outside.resolve("created-by-guest.txt")));
        assertFalse(Files.exists(outside.resolve("created-abs.txt")));
        assertEquals(List.of("secret.txt"), Files.list(outside).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void renameCannotMoveThingsOut() throws IOException {
        Files.createSymbolicLink(box.resolve("out"), Path.of("../outside"));
        int l1 = g.path("inner.txt");
        byte[] dest = "out/stolen.txt".getBytes(StandardCharsets.UTF_8);
        g.mem.write(PATH + 100, dest);
        assertTrue(refused(-g.call("path_rename", ROOT, PATH, l1, ROOT, PATH + 100, dest.length)));
        byte[] up = "../stolen.txt".getBytes(StandardCharsets.UTF_8);
        g.mem.write(PATH + 100, up);
        assertTrue(refused(-g.call("path_rename", ROOT, PATH, l1, ROOT, PATH + 100, up.length)));
        assertTrue(Files.exists(box.resolve("inner.txt")));
        assertFalse(Files.exists(outside.resolve("stolen.txt")));
        assertFalse(Files.exists(tmp.resolve("stolen.txt")));
    }

    @Test
    void guestCreatedSymlinksCannotEscapeEither() {
        byte[] target = "../outside".getBytes(StandardCharsets.UTF_8);
        g.mem.write(PATH + 200, target);
        int len = g.path("escape");
        // creating the link is harmless (its text is just data) ...
        assertEquals(0, g.call("path_symlink", PATH + 200, target.length, ROOT, PATH, len));
        // ... but following it is refused
        assertTrue(refused(openRead(ROOT, "escape/secret.txt")));
        byte[] abs = "/etc".getBytes(StandardCharsets.UTF_8);
        g.mem.write(PATH + 200, abs);
        len = g.path("abs-link");
        assertEquals(Errno.NOTCAPABLE, g.call("path_symlink", PATH + 200, abs.length, ROOT, PATH, len));
        assertFalse(Files.exists(box.resolve("abs-link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void symlinksInsideTheSandboxWork() throws IOException {
        Files.createSymbolicLink(box.resolve("sub/up"), Path.of("../inner.txt"));
        Files.createSymbolicLink(box.resolve("alias"), Path.of("sub"));
        int fd = openRead(ROOT, "sub/up");
        assertTrue(fd > 0);
        assertEquals("inner", g.read(fd, 16));
        int fd2 = openRead(ROOT, "alias/up");
        assertTrue(fd2 > 0);
        assertEquals("inner", g.read(fd2, 16));
        // ".." after a link is taken relative to the link's target, as the kernel does
        assertTrue(openRead(ROOT, "alias/../inner.txt") > 0);
    }

    @Test
    void symlinkLoopsEndWithEloop() throws IOException {
        Files.createSymbolicLink(box.resolve("loop-a"), Path.of("loop-b"));
        Files.createSymbolicLink(box.resolve("loop-b"), Path.of("loop-a"));
        assertEquals(-Errno.LOOP, openRead(ROOT, "loop-a"));
        assertEquals(-Errno.LOOP, openRead(ROOT, "loop-a/x"));
    }

    @Test
    void hardLinkSourceMustBeInside() {
        int len = g.path("../outside/secret.txt");
        byte[] dest = "copy.txt".getBytes(StandardCharsets.UTF_8);
        g.mem.write(PATH + 100, dest);
        assertTrue(refused(-g.call("path_link", ROOT, 0, PATH, len, ROOT, PATH + 100, dest.length)));
        assertFalse(Files.exists(box.resolve("copy.txt")));
    }

    @Test
    void nonDirectoryDescriptorsAreNoBase() {
        int fd = openRead(ROOT, "inner.txt");
        assertEquals(-Errno.NOTDIR, openRead(fd, "x"));
        assertEquals(-Errno.BADF, openRead(77, "inner.txt"));
        assertEquals(-Errno.NOTDIR, openRead(1, "inner.txt"));
        assertEquals(-Errno.NOENT, openRead(ROOT, ""));
    }

    @Test
    void invalidUtf8PathIsRejected() {
        g.mem.write(PATH, new byte[] {'a', (byte) 0xFF, 'b'});
        assertEquals(Errno.ILSEQ, g.call("path_open", ROOT, 0, PATH, 3, 0, RIGHTS_READ, 0L, 0, RESULT));
        g.mem.write(PATH, new byte[] {'a', 0, 'b'});
        assertEquals(Errno.INVAL, g.call("path_open", ROOT, 0, PATH, 3, 0, RIGHTS_READ, 0L, 0, RESULT));
    }
}
