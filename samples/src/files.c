/*
 * files.c - file I/O through WASI preopened directories.
 *
 * Usage: files.wasm [dir]      (default ".")
 *
 * The host must preopen `dir` (or a parent of it) for the program.  In a
 * fresh, empty directory the program:
 *   1. writes notes.txt (fopen/fprintf), reads it back line by line,
 *   2. appends two lines and prints the new size (stat),
 *   3. writes a 1000-byte binary file data.bin and checks its contents,
 *   4. creates a subdirectory sub/ with a file inside,
 *   5. lists the directory (opendir/readdir; names sorted, since readdir's
 *      order depends on the file system),
 *   6. deletes data.bin and lists again.
 * Running it again in the same directory prints the same output (files are
 * rewritten, an existing sub/ is accepted).  The output only matches
 * expected/files.txt when the directory starts empty.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))
#define MAX_ENTRIES 64

static const char *base_dir = ".";

/* Joins base_dir and name into a static buffer. */
static const char *path_of(const char *name)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", base_dir, name);
    return buf;
}

static void fail(const char *what, const char *path)
{
    printf("error: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

/* Size in bytes, or -1 if the file does not exist. */
NOINLINE static long long file_size(const char *name)
{
    struct stat st;
    if (stat(path_of(name), &st) != 0)
        return -1;
    return (long long)st.st_size;
}

NOINLINE static void write_notes(void)
{
    const char *path = path_of("notes.txt");
    FILE *f = fopen(path, "w");
    if (!f)
        fail("cannot create", path);
    fprintf(f, "Backstep notes\n");
    for (int i = 1; i <= 3; i++)
        fprintf(f, "line %d: %d squared is %d\n", i, i, i * i);
    fclose(f);
    printf("wrote notes.txt (%lld bytes)\n", file_size("notes.txt"));
}

NOINLINE static void read_notes(void)
{
    const char *path = path_of("notes.txt");
    FILE *f = fopen(path, "r");
    if (!f)
        fail("cannot open", path);
    char line[128];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        printf("  read %d: %s\n", ++n, line);
    }
    fclose(f);
    printf("read %d lines\n", n);
}

NOINLINE static void append_notes(void)
{
    const char *path = path_of("notes.txt");
    FILE *f = fopen(path, "a");
    if (!f)
        fail("cannot append to", path);
    fputs("appended line A\n", f);
    fputs("appended line B\n", f);
    fclose(f);
    printf("appended; notes.txt is now %lld bytes\n", file_size("notes.txt"));
}

/* Writes bytes 0..999 of a simple pattern, reads them back and compares. */
NOINLINE static void binary_round_trip(void)
{
    unsigned char out[1000], in[1000];
    for (int i = 0; i < 1000; i++)
        out[i] = (unsigned char)(i * 7 + 3);
    const char *path = path_of("data.bin");
    FILE *f = fopen(path, "wb");
    if (!f)
        fail("cannot create", path);
    size_t written = fwrite(out, 1, sizeof out, f);
    fclose(f);
    f = fopen(path, "rb");
    if (!f)
        fail("cannot open", path);
    size_t got = fread(in, 1, sizeof in, f);
    fclose(f);
    uint32_t sum = 0;
    for (size_t i = 0; i < got; i++)
        sum = sum * 31 + in[i];
    printf("data.bin: wrote %u, read %u bytes, %s, checksum %08x\n",
           (unsigned)written, (unsigned)got,
           got == sizeof out && memcmp(in, out, sizeof out) == 0 ? "identical" : "DIFFERENT",
           sum);
}

NOINLINE static void make_subdir(void)
{
    const char *path = path_of("sub");
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        fail("cannot create directory", path);
    path = path_of("sub/inner.txt");
    FILE *f = fopen(path, "w");
    if (!f)
        fail("cannot create", path);
    fputs("inside the subdirectory\n", f);
    fclose(f);
    printf("created sub/ and sub/inner.txt (%lld bytes)\n", file_size("sub/inner.txt"));
}

static int compare_names(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* Lists base_dir sorted by name, skipping "." and "..". */
NOINLINE static void list_dir(void)
{
    static char names[MAX_ENTRIES][256];
    int count = 0;
    DIR *d = opendir(base_dir);
    if (!d)
        fail("cannot open directory", base_dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (count < MAX_ENTRIES)
            snprintf(names[count++], sizeof names[0], "%s", e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)count, sizeof names[0], compare_names);
    printf("listing of %s (%d entries):\n", base_dir, count);
    for (int i = 0; i < count; i++) {
        struct stat st;
        if (stat(path_of(names[i]), &st) != 0)
            fail("cannot stat", names[i]);
        if (S_ISDIR(st.st_mode))
            printf("  %-12s <dir>\n", names[i]);
        else
            printf("  %-12s %6lld bytes\n", names[i], (long long)st.st_size);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1)
        base_dir = argv[1];
    printf("working in %s\n", base_dir);
    write_notes();
    read_notes();
    append_notes();
    read_notes();
    binary_round_trip();
    make_subdir();
    list_dir();
    if (unlink(path_of("data.bin")) != 0)
        fail("cannot delete", path_of("data.bin"));
    printf("deleted data.bin (size now %lld)\n", file_size("data.bin"));
    list_dir();
    return 0;
}
