package io.backstep.engine.wasi;

import static io.backstep.engine.wasi.WasiFixture.FOLLOW;
import static io.backstep.engine.wasi.WasiFixture.RESULT;
import static io.backstep.engine.wasi.WasiFixture.RIGHTS_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backstep.engine.model.Limits;
import io.backstep.engine.model.MemoryType;
import io.backstep.engine.runtime.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guest paths far longer than any host path: the resolver walks them one component at a time (a
 * 64 KiB path used to take minutes), and stops with NAMETOOLONG exactly where the OS would.
 */
class WasiLongPathTest {
    static final int ROOT = 3;
    /** Where the long path goes: past the fixture's scratch area, with room for 64 KiB and more. */
    static final int LONG_PATH = 0x10000;
    static final int SIXTY_FOUR_KIB = 64 * 1024;

    @TempDir
    Path dir;
    WasiFixture g;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("notes.txt"), "found");
        Memory memory = new Memory(new MemoryType(new Limits(3, -1)));
        g = new WasiFixture(WasiHost.live(WasiConfig.builder().preopen(dir, "/d").build()), memory);
    }

    /** path_open of {@code path} for reading; the fd, or minus the errno. */
    private int open(String path) {
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        g.mem.write(LONG_PATH, b);
        int errno = g.call("path_open", ROOT, FOLLOW, LONG_PATH, b.length, 0, RIGHTS_READ, RIGHTS_READ, 0, RESULT);
        return errno == 0 ? g.u32(RESULT) : -errno;
    }

    private static String padded(String unit, String end) {
        return unit.repeat((SIXTY_FOUR_KIB - end.length()) / unit.length() + 1) + end;
    }

    @Test
    void aLongPathThatComesBackOpensTheFile() {
        String path = padded("sub/../", "notes.txt");
        assertTrue(path.length() >= SIXTY_FOUR_KIB);
        int fd = open(path);
        assertTrue(fd > ROOT, "path_open failed: " + Errno.name(-fd));
        assertEquals("found", g.read(fd, 16));
    }

    @Test
    void aLongPathOfDotsOpensTheFile() {
        int fd = open(padded("./", "notes.txt"));
        assertTrue(fd > ROOT, "path_open failed: " + Errno.name(-fd));
        assertEquals("found", g.read(fd, 16));
    }

    @Test
    void aLongPathThatGoesDeepIsTooLongForTheHost() {
        assertEquals(-Errno.NAMETOOLONG, open(padded("a/", "notes.txt")));
        assertEquals(-Errno.NAMETOOLONG, open(padded("sub/", "")));
    }

    @Test
    void theLimitIsTheOperatingSystemsOwn() {
        // Host paths of 4095 bytes reach the OS (which finds nothing there); 4096 bytes (4097 with the NUL) do not.
        int rootBytes = dir.toString().getBytes(StandardCharsets.UTF_8).length;
        String fits = path(4095 - rootBytes);
        String tooLong = path(4096 - rootBytes);
        assertEquals(-Errno.NOENT, open(fits));
        assertEquals(-Errno.NAMETOOLONG, open(tooLong));
        // The same boundary, asked of the OS directly.
        assertThrows(NoSuchFileException.class, () -> Files.readAttributes(dir.resolve(fits), BasicFileAttributes.class));
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> Files.readAttributes(dir.resolve(tooLong), BasicFileAttributes.class));
        assertEquals("File name too long", e.getReason());
    }

    /** A relative path adding exactly {@code bytes} bytes to the root's host path (separators included). */
    private static String path(int bytes) {
        StringBuilder b = new StringBuilder();
        while (bytes - b.length() > 101) b.append("/").append("x".repeat(99)); // 100 bytes each
        int rest = bytes - b.length() - 1;
        b.append("/").append("y".repeat(rest));
        return b.substring(1);
    }
}
