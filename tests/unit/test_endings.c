/* The record of endings found (game/endings.h): counting against a
 * scenario, writing atomically with a backup, and a damaged file moved
 * aside (never lost) with a notice, recovered from the backup. */
#include "check.h"
#include "endings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256], path[512];

static bool exists(const char *p) { return access(p, F_OK) == 0; }

static void write_text(const char *p, const char *text) {
    FILE *f = fopen(p, "wb");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static bool file_contains(const char *p, const char *needle) {
    char buf[8192];
    FILE *f = fopen(p, "rb");
    if (!f) return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strstr(buf, needle) != NULL;
}

/* No temporary file is left beside the record. */
static bool no_temp_left(void) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -q '\\.tmp'", dir);
    return system(cmd) != 0;
}

static void test_default_path(void) {
    char buf[512];
    setenv("XDG_DATA_HOME", "/xdg/data", 1);
    lsr_endings_default_path(buf, sizeof buf);
    CHECK_EQ_STR(buf, "/xdg/data/leftsr/endings.json");
}

static void test_record_and_count(void) {
    char notice[512];
    LsrScenario *sc = NULL;
    CHECK(lsr_scenario_load_file(LSR_SOURCE_DIR "/scenarios/coalition.json", &sc, NULL) == LSR_OK);
    if (!sc) return;
    LsrEndings *e = lsr_endings_load(path, notice, sizeof notice);
    CHECK(e != NULL);
    CHECK_EQ_STR(notice, "");
    CHECK_EQ_INT(lsr_endings_count(e, sc), 0);
    bool added = false;
    char err[512], bak[600];
    snprintf(bak, sizeof bak, "%s.bak", path);
    CHECK(lsr_endings_record(e, path, "coalition", sc->endings[0].id, &added, err, sizeof err) == LSR_OK);
    CHECK(added);
    CHECK(exists(path));
    CHECK(exists(bak));
    CHECK(lsr_endings_record(e, path, "coalition", sc->endings[2].id, &added, err, sizeof err) == LSR_OK);
    /* The backup is as recent as the record. */
    CHECK(file_contains(bak, sc->endings[0].id) && file_contains(bak, sc->endings[2].id));
    CHECK(lsr_endings_record(e, path, "coalition", sc->endings[0].id, &added, err, sizeof err) == LSR_OK);
    CHECK(!added);
    /* An ending id the scenario no longer has is kept but not counted. */
    CHECK(lsr_endings_record(e, path, "coalition", "gone-in-a-later-version", &added, err, sizeof err) == LSR_OK);
    CHECK(lsr_endings_record(e, path, "brest", "x", NULL, err, sizeof err) == LSR_OK);
    lsr_endings_free(e);
    CHECK(no_temp_left());

    e = lsr_endings_load(path, notice, sizeof notice);
    CHECK_EQ_STR(notice, "");
    CHECK_EQ_INT(lsr_endings_count(e, sc), 2);
    CHECK(lsr_endings_has(e, "coalition", sc->endings[2].id));
    CHECK(lsr_endings_has(e, "brest", "x"));
    CHECK(!lsr_endings_has(e, "brest", sc->endings[2].id));
    lsr_endings_free(e);
    lsr_scenario_free(sc);
}

/* Two games recording at once (the window and a terminal): neither loses
 * the other's ending. */
static void test_two_writers(void) {
    char notice[512], err[256], other[600];
    snprintf(other, sizeof other, "%s/two.json", dir);
    LsrEndings *a = lsr_endings_load(other, notice, sizeof notice);
    LsrEndings *b = lsr_endings_load(other, notice, sizeof notice);
    CHECK(lsr_endings_record(a, other, "july", "one", NULL, err, sizeof err) == LSR_OK);
    CHECK(lsr_endings_record(b, other, "july", "two", NULL, err, sizeof err) == LSR_OK);
    lsr_endings_free(a);
    lsr_endings_free(b);
    a = lsr_endings_load(other, notice, sizeof notice);
    CHECK(lsr_endings_has(a, "july", "one") && lsr_endings_has(a, "july", "two"));
    lsr_endings_free(a);
}

static void test_damaged(void) {
    char notice[512], side[600], bak[600], err[256];
    snprintf(side, sizeof side, "%s.damaged", path);
    snprintf(bak, sizeof bak, "%s.bak", path);
    /* The backup from the test above holds every ending; the file is cut off. */
    write_text(path, "{\"format\": 1, \"found\": {\"coalition\": [\"spl");
    LsrEndings *e = lsr_endings_load(path, notice, sizeof notice);
    CHECK(e != NULL);
    CHECK(strstr(notice, "was damaged") != NULL);
    CHECK(strstr(notice, ".damaged") != NULL);
    CHECK(strstr(notice, "from the backup") != NULL);
    CHECK(file_contains(side, "\"spl"));              /* kept, not lost */
    CHECK(lsr_endings_has(e, "brest", "x"));
    CHECK(lsr_endings_has(e, "coalition", "gone-in-a-later-version"));
    lsr_endings_free(e);
    /* The recovered record was written back at once. */
    e = lsr_endings_load(path, notice, sizeof notice);
    CHECK_EQ_STR(notice, "");
    CHECK(lsr_endings_has(e, "coalition", "gone-in-a-later-version"));
    lsr_endings_free(e);

    /* Damaged with no backup: an empty record, the file still kept aside. */
    unlink(bak);
    unlink(side);
    write_text(path, "not json at all");
    e = lsr_endings_load(path, notice, sizeof notice);
    CHECK(e != NULL);
    CHECK(strstr(notice, "was damaged") != NULL);
    CHECK(file_contains(side, "not json at all"));
    CHECK(!lsr_endings_has(e, "coalition", "gone-in-a-later-version"));
    /* Valid JSON of the wrong shape counts as damaged too. */
    write_text(path, "[1, 2]");
    lsr_endings_free(e);
    e = lsr_endings_load(path, notice, sizeof notice);
    CHECK(strstr(notice, "was damaged") != NULL);
    /* A folder that cannot be written: an error, no crash. */
    CHECK(lsr_endings_record(e, "/proc/leftsr-no/endings.json", "a", "b", NULL, err, sizeof err) == LSR_ERR_IO);
    CHECK(err[0] != '\0');
    lsr_endings_free(e);
}

int main(void) {
    snprintf(dir, sizeof dir, "%s/endings-test-XXXXXX", LSR_BINARY_DIR);
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/sub/endings.json", dir);
    test_default_path();
    test_record_and_count();
    test_two_writers();
    test_damaged();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return check_report("test_endings");
}
