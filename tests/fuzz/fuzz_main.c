/* Replays fuzz inputs without libFuzzer, so `make test` can run every
 * corpus and regression case under gcc + ASan/UBSan (and valgrind).
 *
 * usage: fuzz_X_replay [--timeout SECONDS] FILE|DIR...
 * Each file is one input; a directory is replayed file by file (sorted, not
 * recursive). A crash aborts the process (the sanitizers print why); an
 * input that runs longer than the timeout (default 10 s) is reported as a
 * hang and fails the run. Prints "N passed, N failed". */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const char *volatile g_current = "";

static void on_alarm(int sig) {
    (void)sig;
    /* Only async-signal-safe calls here. */
    const char *msg = "fuzz replay: HANG (timeout) on ";
    ssize_t r = write(2, msg, strlen(msg));
    r = write(2, (const char *)g_current, strlen((const char *)g_current));
    r = write(2, "\n", 1);
    (void)r;
    _exit(3);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned g_timeout = 10;
static int g_passed, g_failed;

static void run_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fuzz replay: cannot open %s\n", path);
        g_failed++;
        return;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + len, 1, cap - len, f)) > 0) {
        len += r;
        if (len == cap) {
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) { free(buf); buf = NULL; break; }
            buf = nb, cap *= 2;
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "fuzz replay: out of memory reading %s\n", path);
        g_failed++;
        return;
    }
    /* A private copy of exactly `len` bytes so ASan sees any over-read. */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) { free(buf); g_failed++; return; }
    memcpy(exact, buf, len);
    free(buf);
    g_current = path;
    alarm(g_timeout);
    LLVMFuzzerTestOneInput(exact, len);
    alarm(0);
    free(exact);
    g_passed++;
}

static void run_path(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "fuzz replay: no such file or directory: %s\n", path);
        g_failed++;
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        run_file(path);
        return;
    }
    DIR *d = opendir(path);
    if (!d) { g_failed++; return; }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) break;
            names = nn;
        }
        size_t l = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(l);
        if (!names[n]) break;
        snprintf(names[n], l, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        struct stat fs;
        if (stat(names[i], &fs) == 0 && S_ISREG(fs.st_mode)) run_file(names[i]);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv) {
    LLVMFuzzerInitialize(&argc, &argv);
    signal(SIGALRM, on_alarm);
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--timeout") == 0) {
        g_timeout = (unsigned)atoi(argv[2]);
        if (!g_timeout) g_timeout = 10;
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: %s [--timeout SECONDS] FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (int i = first; i < argc; i++) run_path(argv[i]);
    printf("%s: %d passed, %d failed\n", argv[0], g_passed, g_failed);
    return g_failed ? 1 : 0;
}
