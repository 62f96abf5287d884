/* Saves are validated field by field whatever the checksum says (review
 * 2026-12 #10): the checksum is public, so each tampered save here is
 * resealed first and must still be refused; and lsr_game_choose_tally
 * refuses a tally no class could give. */
#include "check.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static LsrScenario *g_sc;
static char g_dir[256];

/* A class game of coalition: three decisions, each with a tally the winner
 * of which is the choice taken. */
static LsrGame *class_game(void) {
    LsrGameOptions o = {7, NULL};
    LsrGame *g = NULL;
    if (lsr_game_create(g_sc, &o, &g) != LSR_OK) return NULL;
    for (int k = 0; k < 3 && lsr_game_phase(g) != LSR_PHASE_ENDED; k++) {
        if (lsr_game_phase(g) == LSR_PHASE_VOTE) {
            lsr_game_choose(g, 0);
            continue;
        }
        const LsrStep *s = lsr_game_step(g);
        uint32_t tally[9] = {0}, pick = LSR_NEXT_NONE;
        for (uint32_t i = 0; i < s->n_choices; i++)
            if (lsr_game_choice_state(g, i) == LSR_CHOICE_AVAILABLE) {
                if (pick == LSR_NEXT_NONE) pick = i;
                tally[i] = i == pick ? 20 : 3;
            }
        CHECK_EQ_INT(lsr_game_choose_tally(g, pick, tally, s->n_choices), LSR_OK);
    }
    return g;
}

static char *slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(1 << 20);
    *n = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    buf[*n] = '\0';
    return buf;
}

/* Replaces the first `from` in text by `to`, reseals, writes, loads. */
static LsrStatus tampered(const char *orig, const char *from, const char *to, char *err, size_t errlen) {
    char *t = malloc(strlen(orig) + strlen(to) + 1);
    const char *at = strstr(orig, from);
    CHECK(at != NULL);
    if (!at) {
        free(t);
        return LSR_OK;
    }
    size_t pre = (size_t)(at - orig);
    memcpy(t, orig, pre);
    strcpy(t + pre, to);
    strcat(t, at + strlen(from));
    CHECK(lsr_save_seal(t, strlen(t)));
    char path[512];
    snprintf(path, sizeof path, "%s/t.json", g_dir);
    FILE *f = fopen(path, "wb");
    fputs(t, f);
    fclose(f);
    free(t);
    LsrGame *g = NULL;
    LsrStatus st = lsr_save_load(g_sc, path, &g, err, errlen);
    lsr_game_destroy(g);
    return st;
}

static void test_resealed(void) {
    LsrGame *g = class_game();
    CHECK(g != NULL);
    if (!g) return;
    char path[512], err[512];
    snprintf(path, sizeof path, "%s/s.json", g_dir);
    CHECK_EQ_INT(lsr_save_write(g, path, err, sizeof err), LSR_OK);
    lsr_game_destroy(g);
    size_t n;
    char *orig = slurp(path, &n);
    CHECK(orig && strstr(orig, "\"tally\":[20,"));
    if (!orig) return;
    /* The untouched save, resealed, loads. */
    CHECK_EQ_INT(tampered(orig, "\"carry\":{}", "\"carry\":{}", err, sizeof err), LSR_OK);
    /* carry in a save not made in a campaign */
    CHECK_EQ_INT(tampered(orig, "\"carry\":{}", "\"carry\":{\"trust\":50}", err, sizeof err), LSR_ERR_SAVE);
    CHECK(strstr(err, "campaign") != NULL);
    /* carry out of range, or of an unknown variable, even marked as a campaign */
    CHECK_EQ_INT(tampered(orig, "\"carry\":{}", "\"campaign\":true,\"carry\":{\"unity\":1e300}", err, sizeof err),
                 LSR_ERR_SAVE);
    CHECK_EQ_INT(tampered(orig, "\"carry\":{}", "\"campaign\":true,\"carry\":{\"nope\":1}", err, sizeof err),
                 LSR_ERR_SAVE);
    CHECK_EQ_INT(tampered(orig, "\"carry\":{}", "\"campaign\":true,\"carry\":{\"unity\":1.5}", err, sizeof err),
                 LSR_ERR_SAVE);
    /* a count beyond any class (the total wrapped in reports) */
    CHECK_EQ_INT(tampered(orig, "\"tally\":[20,", "\"tally\":[4294967295,", err, sizeof err), LSR_ERR_SAVE);
    /* a winner that is not the choice taken */
    CHECK_EQ_INT(tampered(orig, "\"tally\":[20,", "\"tally\":[0,", err, sizeof err), LSR_ERR_SAVE);
    CHECK(strstr(err, "does not match the choice taken") != NULL);
    /* a tally of the wrong length */
    CHECK_EQ_INT(tampered(orig, "\"tally\":[20,", "\"tally\":[20,1,", err, sizeof err), LSR_ERR_SAVE);
    /* a duplicate key: a second, empty "choices" used to resume after 0 steps */
    CHECK_EQ_INT(tampered(orig, "\"choices\":[", "\"choices\":[],\"choices\":[", err, sizeof err), LSR_ERR_SAVE);
    CHECK(strstr(err, "twice") != NULL);
    CHECK_EQ_INT(tampered(orig, "\"seed\":\"", "\"seed\":\"x", err, sizeof err), LSR_ERR_SAVE);
    free(orig);
}

static void test_choose_tally(void) {
    LsrGameOptions o = {7, NULL};
    LsrGame *g = NULL;
    CHECK_EQ_INT(lsr_game_create(g_sc, &o, &g), LSR_OK);
    if (!g) return;
    const LsrStep *s = lsr_game_step(g);
    uint32_t t[9] = {0};
    for (uint32_t i = 0; i < s->n_choices; i++) t[i] = 1;
    t[1] = 5;
    CHECK_EQ_INT(lsr_game_choose_tally(g, 0, t, s->n_choices), LSR_ERR_ARG);   /* 0 is not the winner */
    t[0] = LSR_MAX_VOTES_PER_CHOICE + 1;
    CHECK_EQ_INT(lsr_game_choose_tally(g, 0, t, s->n_choices), LSR_ERR_ARG);   /* beyond any class */
    t[0] = 5;
    CHECK_EQ_INT(lsr_game_choose_tally(g, 0, t, s->n_choices), LSR_OK);       /* a tie: the teacher's pick */
    lsr_game_destroy(g);
}

int main(void) {
    snprintf(g_dir, sizeof g_dir, "/tmp/lsr-savefields-XXXXXX");
    if (!mkdtemp(g_dir)) return 1;
    CHECK_EQ_INT(lsr_scenario_load_file(LSR_SOURCE_DIR "/scenarios/coalition.json", &g_sc, NULL), LSR_OK);
    if (g_sc) {
        test_resealed();
        test_choose_tally();
    }
    lsr_scenario_free(g_sc);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", g_dir);
    return check_report("test_save_fields");
}
