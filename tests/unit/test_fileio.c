/* The shared file helpers (review 2026-12, #2, #7, #8, #12): no write ever
 * goes through a planted link, special files are refused as targets and as
 * inputs (at once, without blocking), a backup survives, no temporary file
 * is left, and the save lock keeps out a second process. */
#include "check.h"
#include "leftsr/leftsr.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char g_tmp[256];

static void path_of(char *buf, size_t n, const char *name) { snprintf(buf, n, "%s/%s", g_tmp, name); }

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static void put(const char *path, const char *s) {
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(s, f);
        fclose(f);
    }
}

/* Number of entries in the folder whose name ends in ".tmp". */
static int temps_left(void) {
    DIR *d = opendir(g_tmp);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > 4 && !strcmp(e->d_name + l - 4, ".tmp")) n++;
    }
    if (d) closedir(d);
    return n;
}

static void test_planted_links(void) {
    char victim[512], target[512], link_tmp[600], err[512];
    path_of(victim, sizeof victim, "victim");
    path_of(target, sizeof target, "out.txt");
    snprintf(link_tmp, sizeof link_tmp, "%s.tmp", target);
    put(victim, "precious\n");
    /* The old fixed temporary name, planted as a link to the victim. */
    CHECK(symlink(victim, link_tmp) == 0);
    CHECK_EQ_INT(lsr_file_write(target, "new\n", 4, 0, err, sizeof err), LSR_OK);
    CHECK_EQ_STR(slurp(victim), "precious\n");
    CHECK_EQ_STR(slurp(target), "new\n");
    struct stat st;
    CHECK(lstat(target, &st) == 0 && S_ISREG(st.st_mode));
    unlink(link_tmp);

    /* The target itself a link: REGULAR_ONLY refuses (lstat, not stat). */
    char lnk[512];
    path_of(lnk, sizeof lnk, "link.html");
    CHECK(symlink(victim, lnk) == 0);
    CHECK_EQ_INT(lsr_file_write(lnk, "x", 1, LSR_WRITE_REGULAR_ONLY, err, sizeof err), LSR_ERR_IO);
    CHECK(strstr(err, "symbolic link") != NULL);
    CHECK_EQ_STR(slurp(victim), "precious\n");
    /* Without the flag the link is replaced, never written through. */
    CHECK_EQ_INT(lsr_file_write(lnk, "x", 1, 0, err, sizeof err), LSR_OK);
    CHECK_EQ_STR(slurp(victim), "precious\n");
    CHECK(lstat(lnk, &st) == 0 && S_ISREG(st.st_mode));

    /* FIFOs and folders are not replaced. */
    char fifo[512], dir[512];
    path_of(fifo, sizeof fifo, "fifo");
    path_of(dir, sizeof dir, "dir");
    CHECK(mkfifo(fifo, 0644) == 0);
    CHECK(mkdir(dir, 0755) == 0);
    CHECK_EQ_INT(lsr_file_write(fifo, "x", 1, LSR_WRITE_REGULAR_ONLY, err, sizeof err), LSR_ERR_IO);
    CHECK(strstr(err, "FIFO") != NULL);
    CHECK(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
    CHECK_EQ_INT(lsr_file_write(dir, "x", 1, LSR_WRITE_REGULAR_ONLY, err, sizeof err), LSR_ERR_IO);
    CHECK(lstat(dir, &st) == 0 && S_ISDIR(st.st_mode));
    CHECK_EQ_INT(temps_left(), 0);
}

static void test_backup(void) {
    char p[512], bak[600], err[512];
    path_of(p, sizeof p, "b.json");
    snprintf(bak, sizeof bak, "%s.bak", p);
    CHECK_EQ_INT(lsr_file_write(p, "one", 3, LSR_WRITE_BACKUP, err, sizeof err), LSR_OK);
    CHECK(access(bak, F_OK) != 0);
    CHECK_EQ_INT(lsr_file_write(p, "two", 3, LSR_WRITE_BACKUP, err, sizeof err), LSR_OK);
    CHECK_EQ_STR(slurp(bak), "one");
    CHECK_EQ_STR(slurp(p), "two");
    /* A .bak planted as a link is replaced, not followed. */
    char victim[512];
    path_of(victim, sizeof victim, "victim2");
    put(victim, "keep");
    unlink(bak);
    CHECK(symlink(victim, bak) == 0);
    CHECK_EQ_INT(lsr_file_write(p, "three", 5, LSR_WRITE_BACKUP, err, sizeof err), LSR_OK);
    CHECK_EQ_STR(slurp(victim), "keep");
    CHECK_EQ_STR(slurp(bak), "two");
    /* Folders are made when asked. */
    char deep[512];
    path_of(deep, sizeof deep, "x/y/z.json");
    CHECK_EQ_INT(lsr_file_write(deep, "z", 1, LSR_WRITE_MKDIRS, err, sizeof err), LSR_OK);
    CHECK_EQ_INT(temps_left(), 0);
}

static void test_special_inputs(void) {
    char fifo[512], err[512];
    path_of(fifo, sizeof fifo, "in.json");
    CHECK(mkfifo(fifo, 0644) == 0);
    /* Each reader used to block forever on a FIFO with no writer. */
    alarm(20);
    char *data = NULL;
    size_t len;
    CHECK_EQ_INT(lsr_file_read(fifo, 1024, &data, &len, err, sizeof err), LSR_ERR_IO);
    CHECK(strstr(err, "FIFO") != NULL);
    CHECK_EQ_INT(lsr_file_read("/dev/zero", 1024, &data, &len, err, sizeof err), LSR_ERR_IO);
    CHECK(strstr(err, "device") != NULL);
    CHECK_EQ_INT(lsr_file_read(g_tmp, 1024, &data, &len, err, sizeof err), LSR_ERR_IO);
    CHECK(strstr(err, "folder") != NULL);
    LsrScenario *sc = NULL;
    LsrDiagList d;
    lsr_diags_init(&d);
    CHECK_EQ_INT(lsr_scenario_load_file(fifo, &sc, &d), LSR_ERR_IO);
    lsr_diags_free(&d);
    LsrCampaign *cp = NULL;
    lsr_diags_init(&d);
    CHECK_EQ_INT(lsr_campaign_load(fifo, &cp, &d), LSR_ERR_IO);
    lsr_diags_free(&d);
    LsrSaveInfo info;
    CHECK_EQ_INT(lsr_save_peek(fifo, &info, err, sizeof err), LSR_ERR_IO);
    alarm(0);
    /* A regular file larger than the limit: LSR_ERR_INVALID with its size. */
    char big[512];
    path_of(big, sizeof big, "big");
    put(big, "0123456789");
    CHECK_EQ_INT(lsr_file_read(big, 4, &data, &len, err, sizeof err), LSR_ERR_INVALID);
    CHECK_EQ_INT(len, 10);
    CHECK_EQ_INT(lsr_file_read(big, 10, &data, &len, err, sizeof err), LSR_OK);
    CHECK(data && len == 10 && !strcmp(data, "0123456789"));
    lsr_file_free(data);
}

static void test_lock(void) {
    char p[512], err[512];
    path_of(p, sizeof p, "locked.json");
    int fd = lsr_file_lock(p, err, sizeof err);
    CHECK(fd >= 0);
    /* fcntl locks are per process: the second taker is a child. */
    pid_t child = fork();
    if (child == 0) {
        char e[512];
        int r = lsr_file_lock(p, e, sizeof e);
        _exit(r == -2 && strstr(e, "another leftsr") ? 0 : 1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    lsr_file_unlock(fd);
    child = fork();
    if (child == 0) _exit(lsr_file_lock(p, NULL, 0) >= 0 ? 0 : 1);
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void) {
    snprintf(g_tmp, sizeof g_tmp, "/tmp/lsr-fileio-XXXXXX");
    if (!mkdtemp(g_tmp)) return 1;
    test_planted_links();
    test_backup();
    test_special_inputs();
    test_lock();
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", g_tmp);
    return check_report("test_fileio");
}
