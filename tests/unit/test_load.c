/* Loader tests: compiled structures of a full scenario, diagnostics (codes,
 * positions, paths, "did you mean", limits), I/O errors, an allocation
 * failure at every allocation in turn, and linear-time loading. */
#include "check.h"
#include "internal.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LSR_SOURCE_DIR
#define LSR_SOURCE_DIR "."
#endif

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

static LsrStatus load_str(const char *json, LsrScenario **sc, LsrDiagList *d) {
    return lsr_scenario_load_buffer("mem/test.json", json, strlen(json), sc, d);
}

/* The first diagnostic with this code, or NULL. */
static const LsrDiag *find_diag(const LsrDiagList *d, const char *code) {
    for (size_t i = 0; i < d->count; i++)
        if (strcmp(d->items[i].code, code) == 0) return &d->items[i];
    return NULL;
}

/* ------------------------------------------------------------ full scenario */

static const LsrNode *node(const LsrScenario *sc, uint32_t i) { return &lsr_nodes(sc)[i]; }

static void test_full(void) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/scenarios/good/full.json", LSR_SOURCE_DIR);
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_file(path, &sc, &d);
    CHECK_EQ_INT(st, LSR_OK);
    CHECK_EQ_INT(d.errors, 0);
    CHECK_EQ_INT(d.warnings, 0);
    if (!sc) {
        lsr_diags_free(&d);
        return;
    }
    size_t len = 0;
    char *bytes = read_all(path, &len);
    CHECK(bytes != NULL);
    if (bytes) CHECK(sc->content_hash == lsr_hash64(bytes, len, 0));
    free(bytes);
    CHECK_EQ_STR(sc->id, "full");
    CHECK_EQ_STR(sc->path, path);
    CHECK(strstr(sc->dir, "tests/scenarios/good") != NULL);
    CHECK_EQ_INT(sc->format_minor, 0);
    CHECK_EQ_STR(sc->language, "en");
    CHECK_EQ_STR(sc->title.s, "Every feature");
    CHECK_EQ_INT(sc->title.n_tr, 1);
    CHECK_EQ_STR(lsr_tx(&sc->title, "ru"), "Все возможности");
    CHECK_EQ_STR(lsr_tx(&sc->title, "de"), "Every feature");
    CHECK_EQ_INT(sc->period_start.year, 1917);
    CHECK_EQ_INT(sc->period_end.month, 7);
    CHECK_EQ_INT(sc->n_goals, 2);
    CHECK_EQ_INT(sc->n_sources, 2);
    CHECK_EQ_STR(sc->sources[1].perspective, "Western academic history");
    CHECK_EQ_INT(sc->n_glossary, 1);
    CHECK_EQ_INT(sc->n_vars, 5);
    CHECK_EQ_INT(sc->n_blocs, 3);
    CHECK_EQ_INT(sc->n_actors, 3);
    CHECK_EQ_INT(sc->n_steps, 5);
    CHECK_EQ_INT(sc->n_events, 3);
    CHECK_EQ_INT(sc->n_endings, 3);
    CHECK_EQ_INT(sc->historical_ending, 0);

    /* Lookups. */
    uint32_t trust = lsr_find_var(sc, "trust"), unity = lsr_find_var(sc, "unity");
    CHECK_EQ_INT(trust, 0);
    CHECK_EQ_INT(unity, 1);
    CHECK_EQ_INT(lsr_find_var(sc, "nope"), LSR_NEXT_NONE);
    uint32_t walkout = lsr_find_node(sc, "walkout"), brest = lsr_find_node(sc, "brest");
    CHECK_EQ_INT(walkout, 0);
    CHECK_EQ_INT(brest, 2);
    CHECK_EQ_INT(lsr_find_node(sc, "survival"), sc->n_steps + 1);
    CHECK_EQ_INT(lsr_find_choice(sc, walkout, "gamble"), 2);
    CHECK_EQ_INT(lsr_find_choice(sc, 1, "gamble"), LSR_NEXT_NONE);
    CHECK_EQ_INT(lsr_find_choice(sc, 1, "refuse"), 1);
    CHECK_EQ_INT(lsr_find_source(sc, "alpha"), 1);
    CHECK_EQ_INT(lsr_find_event(sc, "rumour"), 1);
    CHECK_EQ_INT(lsr_find_event(sc, "walkout"), LSR_NEXT_NONE);
    CHECK_EQ_STR(lsr_node_id(sc, 4), "emergency");
    CHECK_EQ_STR(lsr_node_id(sc, sc->n_steps + 2), "other");
    CHECK_EQ_STR(lsr_node_id(sc, LSR_NEXT_END), "end");
    CHECK_EQ_STR(lsr_node_id(sc, LSR_NEXT_NONE), "(none)");
    CHECK_EQ_INT(sc->start, walkout);

    /* Variables: scored defaults and historical finals. */
    const LsrVar *v = &sc->vars[trust];
    CHECK_EQ_INT(v->better, LSR_BETTER_HIGHER);
    CHECK(v->scored);
    CHECK(v->has_hist_final);
    CHECK_EQ_INT(v->hist_final, 20); /* the entry at the historical ending */
    CHECK_EQ_INT(v->n_hist, 2);
    CHECK_EQ_INT(v->hist[1].at, sc->n_steps + 0);
    CHECK_EQ_STR(v->unit, "%");
    CHECK_EQ_INT(sc->vars[unity].hist_final, 10); /* else the last entry */
    CHECK(sc->vars[unity].scored);
    CHECK(!sc->vars[2].scored);                   /* explicitly false */
    CHECK(!sc->vars[4].scored);                   /* better none */
    CHECK(sc->vars[3].hidden);
    CHECK_EQ_INT(sc->vars[unity].min, -100);

    /* Blocs and actors. */
    CHECK_EQ_INT(sc->blocs[1].color, 0x8c1c13);
    CHECK_EQ_INT(sc->blocs[2].color, 0xC62828);
    CHECK_EQ_INT(sc->blocs[1].seats, 116);
    CHECK_EQ_INT(sc->actors[1].bloc, 1);
    CHECK_EQ_INT(sc->actors[2].bloc, LSR_NEXT_NONE);

    /* The first decision: choices, effects, outcomes, history. */
    const LsrStep *s0 = &sc->steps[walkout];
    CHECK_EQ_INT(s0->type, LSR_STEP_DECISION);
    CHECK_EQ_INT(s0->n_choices, 3);
    CHECK_EQ_INT(s0->hist_choice, 0);
    CHECK_EQ_INT(s0->hist_weight, 2);
    CHECK_EQ_INT(s0->n_sources, 2);
    CHECK_EQ_INT(sc->source_refs[s0->sources_first + 1], 1);
    CHECK_EQ_STR(s0->image, "images/smolny.png");
    CHECK_EQ_STR(s0->place.s, "Smolny Institute, Petrograd");
    CHECK(strstr(s0->disagreement.s, "alpha says") != NULL);
    CHECK_EQ_INT(s0->date.day, 25);
    const LsrChoice *stay = &sc->choices[s0->choices_first];
    const LsrChoice *leave = stay + 1, *gamble = stay + 2;
    CHECK_EQ_INT(stay->credit_permille, 1000);
    CHECK_EQ_INT(leave->credit_permille, 0);
    CHECK_EQ_INT(gamble->credit_permille, 500);
    CHECK_EQ_INT(stay->next, 1);
    CHECK_EQ_INT(stay->n_effects, 1);
    CHECK_EQ_INT(sc->effects[stay->effects_first].kind, LSR_EFF_ADD);
    CHECK_EQ_INT(sc->effects[stay->effects_first].var, 2);
    CHECK_EQ_INT(node(sc, sc->effects[stay->effects_first].value)->k, 5);
    const LsrEffect *le = &sc->effects[leave->effects_first];
    CHECK_EQ_INT(le->kind, LSR_EFF_SET);
    CHECK_EQ_INT(node(sc, le->value)->op, LSR_N_SUB);
    CHECK_EQ_INT(node(sc, le->value)->b, 2);
    CHECK_EQ_INT(node(sc, sc->kids[node(sc, le->value)->a])->op, LSR_N_VAR);
    CHECK_EQ_INT(node(sc, sc->kids[node(sc, le->value)->a + 1])->k, 30);
    CHECK(gamble->disable_when_unavailable);
    CHECK_EQ_STR(gamble->reason.s, "The party is too divided to risk it.");
    CHECK_EQ_INT(node(sc, gamble->cond)->op, LSR_C_CMP);
    CHECK_EQ_INT(node(sc, gamble->cond)->cmp, LSR_CMP_GTE);
    CHECK_EQ_INT(node(sc, gamble->cond)->a, unity);
    CHECK_EQ_INT(gamble->next, LSR_NEXT_NONE);
    CHECK_EQ_INT(gamble->n_outcomes, 3);
    const LsrOutcome *o = &sc->outcomes[gamble->outcomes_first];
    CHECK_EQ_INT(node(sc, o[0].weight)->k, 3);
    CHECK_EQ_INT(o[0].n_effects, 1);
    CHECK_EQ_INT(node(sc, o[1].weight)->op, LSR_N_VAR);
    CHECK_EQ_INT(o[1].next, LSR_NEXT_END);
    CHECK_EQ_INT(node(sc, o[2].weight)->op, LSR_N_MAX);
    CHECK_EQ_INT(o[2].result.s[0], '\0');

    /* Conditions of every kind; flag bits for visited/chose. */
    const LsrStep *talks = &sc->steps[1];
    CHECK_EQ_INT(talks->otherwise, brest);
    const LsrNode *any = node(sc, talks->cond);
    CHECK_EQ_INT(any->op, LSR_C_ANY);
    CHECK_EQ_INT(any->b, 2);
    const LsrNode *visited = node(sc, sc->kids[any->a]);
    CHECK_EQ_INT(visited->op, LSR_C_FLAG);
    const LsrScenarioImpl *impl = lsr_impl(sc);
    CHECK_EQ_INT(impl->step_flag[walkout], visited->a);
    CHECK_EQ_INT(impl->step_flag[1], LSR_NEXT_NONE);
    const LsrNode *nt = node(sc, sc->kids[any->a + 1]);
    CHECK_EQ_INT(nt->op, LSR_C_NOT);
    CHECK_EQ_INT(node(sc, nt->a)->op, LSR_C_FIRED);
    CHECK_EQ_INT(node(sc, nt->a)->a, 0);
    const LsrChoice *join = &sc->choices[talks->choices_first];
    CHECK_EQ_INT(node(sc, join->cond)->op, LSR_C_ALL);
    CHECK_EQ_INT(node(sc, join->cond)->b, 5);
    uint32_t cmps[5] = {0, 0, 0, 0, 0};
    for (uint32_t k = 0; k < 5; k++) cmps[k] = node(sc, sc->kids[node(sc, join->cond)->a + k])->cmp;
    CHECK_EQ_INT(cmps[0], LSR_CMP_GT);
    CHECK_EQ_INT(cmps[1], LSR_CMP_LT);
    CHECK_EQ_INT(cmps[2], LSR_CMP_NE);
    CHECK_EQ_INT(cmps[3], LSR_CMP_LTE);
    CHECK_EQ_INT(cmps[4], LSR_CMP_EQ);
    CHECK_EQ_INT(sc->choices[talks->choices_first + 1].cond, 0); /* true */
    const LsrStep *july = &sc->steps[3];
    const LsrNode *chose = node(sc, sc->choices[july->choices_first].cond);
    CHECK_EQ_INT(chose->op, LSR_C_FLAG);
    CHECK_EQ_INT(impl->choice_flag[s0->choices_first], chose->a);
    CHECK_EQ_INT(impl->choice_flag[s0->choices_first + 1], LSR_NEXT_NONE);
    CHECK_EQ_INT(sc->choices[july->choices_first].next, sc->n_steps + 0);
    CHECK_EQ_INT(sc->n_flags, 2);

    /* The vote. */
    const LsrStep *vt = &sc->steps[brest];
    CHECK_EQ_INT(vt->type, LSR_STEP_VOTE);
    CHECK_EQ_INT(vt->threshold, LSR_THRESH_TWO_THIRDS);
    CHECK_EQ_INT(vt->n_positions, 4);
    const LsrPosition *p = &sc->positions[vt->positions_first];
    CHECK_EQ_INT(p[0].pct[LSR_VOTE_NO], 100);
    CHECK_EQ_INT(p[1].pct[LSR_VOTE_NO], 60);
    CHECK_EQ_INT(p[1].pct[LSR_VOTE_ABSTAIN], 40);
    CHECK_EQ_INT(p[1].pct[LSR_VOTE_YES], 0);
    CHECK(p[1].cond != 0);
    CHECK_EQ_INT(p[2].cond, 0);
    CHECK_EQ_INT(p[3].pct[LSR_VOTE_YES], 90);
    CHECK(vt->seat_expr != NULL);
    if (vt->seat_expr) {
        CHECK_EQ_INT(node(sc, vt->seat_expr[0])->op, LSR_N_VAR);
        CHECK_EQ_INT(vt->seat_expr[1], 0);
        CHECK_EQ_INT(node(sc, vt->seat_expr[2])->k, 26);
    }
    CHECK_EQ_INT(vt->pass.next, 3);
    CHECK_EQ_INT(vt->pass.n_effects, 1);
    CHECK_EQ_INT(vt->hist_tally[0], 116);
    CHECK_EQ_INT(vt->hist_tally[2], 26);
    CHECK_EQ_INT(vt->hist_pass, 1);
    CHECK_EQ_STR(vt->motion.s, "Accept the German peace terms");
    CHECK_EQ_INT(s0->hist_tally[0], -1);
    CHECK_EQ_INT(s0->hist_pass, -1);

    /* Events and endings. */
    CHECK_EQ_INT(sc->events[0].next, 4);
    CHECK_EQ_INT(sc->events[0].max_fires, 1);
    CHECK_EQ_INT(sc->events[1].max_fires, 3);
    CHECK_EQ_INT(sc->events[1].next, LSR_NEXT_NONE);
    CHECK_EQ_INT(node(sc, sc->events[2].cond)->op, LSR_C_FALSE);
    CHECK(sc->endings[0].historical);
    CHECK(!sc->endings[1].historical);
    CHECK_EQ_INT(sc->endings[2].cond, 0);

    /* Node pool and state layout. */
    CHECK_EQ_INT(node(sc, 0)->op, LSR_N_CONST);
    CHECK_EQ_INT(node(sc, 0)->k, 0);
    for (uint32_t i = 0; i < sc->n_nodes; i++) {
        const LsrNode *nd = node(sc, i);
        if (nd->op == LSR_C_ALL || nd->op == LSR_C_ANY || (nd->op >= LSR_N_ADD && nd->op <= LSR_N_MAX))
            CHECK(nd->a + nd->b <= sc->n_kids);
    }
    CHECK_EQ_INT(impl->fires_word0, 1 + 5);
    CHECK_EQ_INT(impl->flags_word0, 1 + 5 + 1);
    CHECK_EQ_INT(sc->state_words, 1 + 5 + 1 + 1);
    lsr_scenario_free(sc);
    lsr_diags_free(&d);
}

/* ------------------------------------------------------------ diagnostics */

static const char *k_min =
    "{\n"
    "  \"format\": \"1.0\", \"id\": \"t\", \"title\": \"T\",\n"
    "  \"period\": { \"start\": \"1917-10-25\", \"end\": \"1917-12-31\" },\n"
    "  \"briefing\": \"B\",\n"
    "  \"sources\": [ { \"id\": \"s\", \"title\": \"T\", \"author\": \"A\", \"language\": \"en\" } ],\n"
    "  \"variables\": [ { \"id\": \"trust\", \"label\": \"Trust\", \"min\": 0, \"max\": 100, \"initial\": 50 } ],\n"
    "  \"start\": \"walkout\",\n"
    "  \"steps\": [\n"
    "    { \"id\": \"walkout\", \"type\": \"decision\", \"date\": \"1917-10-25\", \"title\": \"W\", \"narrative\": \"N\",\n"
    "      \"choices\": [ { \"id\": \"stay\", \"label\": \"Stay\", \"next\": \"%s\" },\n"
    "                   { \"id\": \"leave\", \"label\": \"Leave\", %s } ],\n"
    "      \"history\": { \"choice\": \"stay\", \"note\": \"N\", \"sources\": [\"s\"] } }\n"
    "  ],\n"
    "  \"endings\": [ { \"id\": \"done\", \"title\": \"D\", \"epilogue\": \"E\", \"historical\": true } ]\n"
    "}\n";

static LsrStatus load_min(const char *next, const char *extra, LsrDiagList *d, LsrScenario **sc) {
    char buf[4096];
    snprintf(buf, sizeof buf, k_min, next, extra);
    return load_str(buf, sc, d);
}

static void test_diagnostics(void) {
    LsrDiagList d;
    LsrScenario *sc = (LsrScenario *)&d; /* must be reset to NULL */
    lsr_diags_init(&d);
    CHECK_EQ_INT(load_min("walkot", "\"next\": \"end\"", &d, &sc), LSR_ERR_INVALID);
    CHECK(sc == NULL);
    CHECK_EQ_INT(d.count, 1);
    CHECK_EQ_INT(d.errors, 1);
    const LsrDiag *dg = find_diag(&d, "E_UNKNOWN_REF");
    CHECK(dg != NULL);
    if (dg) {
        CHECK_EQ_INT(dg->line, 10);
        CHECK_EQ_INT(dg->col, 61);
        CHECK_EQ_STR(dg->path, "/steps/0/choices/0/next");
        CHECK_EQ_STR(dg->message, "step 'walkot' does not exist; did you mean 'walkout'?");
        char line[1024];
        size_t n = lsr_diag_format(dg, "x.json", line, sizeof line);
        CHECK_EQ_STR(line, "x.json:10:61: error[E_UNKNOWN_REF]: step 'walkot' does not exist; did you mean "
                           "'walkout'? (at /steps/0/choices/0/next)");
        CHECK_EQ_INT(n, strlen(line));
        CHECK_EQ_INT(lsr_diag_format(dg, "x.json", line, 8), n);
        CHECK_EQ_INT(strlen(line), 7);
    }
    lsr_diags_free(&d);

    /* Unknown keys point at the key; a missing key at the object. */
    lsr_diags_init(&d);
    CHECK_EQ_INT(load_min("end", "\"nxet\": \"end\"", &d, &sc), LSR_ERR_INVALID);
    dg = find_diag(&d, "E_UNKNOWN_KEY");
    CHECK(dg && dg->line == 11 && dg->col == 55);
    CHECK(dg && strcmp(dg->message, "unknown key 'nxet' in choice 'leave'; did you mean 'next'?") == 0);
    dg = find_diag(&d, "E_NEXT");
    CHECK(dg && dg->line == 11 && dg->col == 20 && strcmp(dg->path, "/steps/0/choices/1") == 0);
    /* Sorted by position. */
    CHECK(d.count == 2 && d.items[0].col < d.items[1].col);
    lsr_diags_free(&d);

    /* Warnings alone do not fail a load. */
    lsr_diags_init(&d);
    CHECK_EQ_INT(load_min("end", "\"next\": \"end\", \"_c\": 1 } ], \"_x\": { \"y\": [1] }, \"history\": { \"choice\": \"stay\", "
                          "\"credit\": { \"stay\": 0.5 }, \"note\": \"N\", \"sources\": [\"s\"] } }, { \"id\": \"z\", \"type\": "
                          "\"decision\", \"date\": \"1917-10-25\", \"title\": \"W\", \"narrative\": \"N\", \"choices\": [ { \"id\": "
                          "\"a\", \"label\": \"A\", \"next\": \"end\"",
                          &d, &sc),
                 LSR_ERR_INVALID); /* z's history names a choice it lacks */
    CHECK(find_diag(&d, "W_CREDIT_IGNORED") != NULL);
    dg = find_diag(&d, "E_UNKNOWN_REF");
    CHECK(dg && strcmp(dg->path, "/steps/1/history/choice") == 0);
    CHECK_EQ_INT(d.warnings, 1);
    lsr_diags_free(&d);

    lsr_diags_init(&d);
    CHECK_EQ_INT(load_min("end", "\"next\": \"end\", \"_note\": \"comment\"", &d, &sc), LSR_OK);
    CHECK(sc != NULL);
    CHECK_EQ_INT(d.count, 0);
    lsr_scenario_free(sc);
    lsr_diags_free(&d);

    /* diags may be NULL. */
    CHECK_EQ_INT(load_min("nowhere", "\"next\": \"end\"", NULL, &sc), LSR_ERR_INVALID);
    CHECK(sc == NULL);

    /* The limit: counts stay exact, the list stops growing. */
    lsr_diags_init(&d);
    d.limit = 2;
    CHECK_EQ_INT(load_min("a1", "\"next\": \"a2\", \"condition\": { \"fired\": \"a3\" }, \"effects\": [ { \"add\": \"a4\", \"value\": 1 } ]",
                          &d, &sc),
                 LSR_ERR_INVALID);
    CHECK_EQ_INT(d.count, 2);
    CHECK_EQ_INT(d.errors, 4);
    CHECK(d.truncated);
    lsr_diags_free(&d);

    /* Newer minor versions: unknown keys are warnings. */
    lsr_diags_init(&d);
    char buf[4096];
    snprintf(buf, sizeof buf, k_min, "end", "\"next\": \"end\", \"sound\": \"x.ogg\"");
    char *f = strstr(buf, "\"1.0\"");
    if (f) f[3] = '7';
    CHECK_EQ_INT(load_str(buf, &sc, &d), LSR_OK);
    CHECK(find_diag(&d, "W_UNKNOWN_KEY") != NULL);
    CHECK(sc && sc->format_minor == 7);
    lsr_scenario_free(sc);
    lsr_diags_free(&d);

    /* A campaign is not a scenario. */
    lsr_diags_init(&d);
    CHECK_EQ_INT(load_str("{\"format\": \"1.0\", \"type\": \"campaign\"}", &sc, &d), LSR_ERR_INVALID);
    CHECK(find_diag(&d, "E_BAD_VALUE") != NULL);
    lsr_diags_free(&d);

    /* Every code the loader emits is documented. */
    size_t n = 0;
    const LsrDiagCodeInfo *codes = lsr_diag_codes(&n);
    CHECK(n >= 30);
    const char *must[] = {"E_IO", "E_UTF8", "E_TOO_DEEP", "E_JSON_SYNTAX", "E_FORMAT_VERSION", "E_UNKNOWN_KEY",
                          "E_UNKNOWN_REF", "E_UNREACHABLE", "E_STUCK_STEP", "W_NO_CATCHALL_ENDING", "E_LIMIT"};
    for (size_t k = 0; k < sizeof must / sizeof must[0]; k++) {
        bool found = false;
        for (size_t i = 0; i < n; i++)
            if (strcmp(codes[i].code, must[k]) == 0 && codes[i].summary[0]) found = true;
        CHECK(found);
    }
}

static void test_io(void) {
    LsrDiagList d;
    LsrScenario *sc = NULL;
    lsr_diags_init(&d);
    CHECK_EQ_INT(lsr_scenario_load_file("/nonexistent/dir/x.json", &sc, &d), LSR_ERR_IO);
    CHECK(d.count == 1 && strcmp(d.items[0].code, "E_IO") == 0);
    CHECK(d.count == 1 && strstr(d.items[0].message, "No such file") != NULL);
    lsr_diags_free(&d);
    lsr_diags_init(&d);
    CHECK_EQ_INT(lsr_scenario_load_file(LSR_SOURCE_DIR, &sc, &d), LSR_ERR_IO);
    CHECK(find_diag(&d, "E_IO") != NULL);
    lsr_diags_free(&d);
    /* Too large: refused before the bytes are looked at. */
    size_t big = 16u * 1024u * 1024u + 1u;
    char *buf = calloc(1, big);
    lsr_diags_init(&d);
    CHECK_EQ_INT(lsr_scenario_load_buffer("big.json", buf, big, &sc, &d), LSR_ERR_INVALID);
    CHECK(find_diag(&d, "E_FILE_TOO_LARGE") != NULL);
    lsr_diags_free(&d);
    free(buf);
    /* Syntax errors carry a position; UTF-8 errors the bad byte's. */
    lsr_diags_init(&d);
    CHECK_EQ_INT(load_str("{\n  \"a\": tru\n}", &sc, &d), LSR_ERR_INVALID);
    CHECK(d.count == 1 && d.items[0].line == 2 && d.items[0].col == 8);
    lsr_diags_free(&d);
    lsr_diags_init(&d);
    CHECK_EQ_INT(load_str("{\"a\": \"\xC3\x28\"}", &sc, &d), LSR_ERR_INVALID);
    CHECK(d.count == 1 && strcmp(d.items[0].code, "E_UTF8") == 0 && d.items[0].col == 8);
    lsr_diags_free(&d);
    lsr_diags_init(&d);
    CHECK_EQ_INT(load_str("{\"a\": \"\\ud800\"}", &sc, &d), LSR_ERR_INVALID);
    CHECK(find_diag(&d, "E_JSON_SYNTAX") != NULL);
    lsr_diags_free(&d);
    CHECK_EQ_INT(lsr_scenario_load_buffer("x", NULL, 0, NULL, NULL), LSR_ERR_ARG);
}

/* ------------------------------------------------- allocation failures */

static long g_countdown = -1, g_live;

static void *test_realloc(void *p, size_t n, void *ud) {
    (void)ud;
    if (n == 0) {
        if (p) g_live--;
        free(p);
        return NULL;
    }
    if (g_countdown == 0) return NULL;
    if (g_countdown > 0) g_countdown--;
    void *q = realloc(p, n);
    if (q && !p) g_live++;
    return q;
}
static void *cj_malloc(size_t n) { return test_realloc(NULL, n, NULL); }
static void cj_free(void *p) {
    if (p) test_realloc(p, 0, NULL);
}

/* Fails allocation k, for every k, loading `json`: each attempt must end
 * cleanly (no crash, nothing leaked) with NOMEM or the normal result. */
static void oom_sweep(const char *json, size_t len, LsrStatus normal) {
    cJSON_Hooks hooks = {cj_malloc, cj_free};
    cJSON_InitHooks(&hooks);
    lsr_set_allocator(test_realloc, NULL);
    int bad_status = 0, leaks = 0;
    long k;
    for (k = 0; k < 200000; k++) {
        LsrDiagList d;
        lsr_diags_init(&d);
        LsrScenario *sc = NULL;
        g_live = 0;
        g_countdown = k;
        LsrStatus st = lsr_scenario_load_buffer("oom.json", json, len, &sc, &d);
        bool exhausted = g_countdown > 0; /* the load never reached allocation k */
        g_countdown = -1;
        if (st != LSR_ERR_NOMEM && st != normal) bad_status++;
        if (st != LSR_OK && sc) bad_status++;
        lsr_scenario_free(sc);
        lsr_diags_free(&d);
        if (g_live != 0) leaks++;
        if (exhausted) break;
    }
    lsr_set_allocator(NULL, NULL);
    cJSON_InitHooks(NULL);
    CHECK(k > 10);
    CHECK_EQ_INT(bad_status, 0);
    CHECK_EQ_INT(leaks, 0);
}

static void test_oom(void) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/scenarios/good/full.json", LSR_SOURCE_DIR);
    size_t len = 0;
    char *json = read_all(path, &len);
    CHECK(json != NULL);
    if (json) oom_sweep(json, len, LSR_OK);
    free(json);
    snprintf(path, sizeof path, "%s/tests/scenarios/bad/many-problems.json", LSR_SOURCE_DIR);
    json = read_all(path, &len);
    CHECK(json != NULL);
    if (json) oom_sweep(json, len, LSR_ERR_INVALID);
    free(json);
}

/* ---------------------------------------------------------------- speed */

static char *gen_scenario(unsigned steps, size_t *len) {
    size_t cap = 1024 + (size_t)steps * 1024, w = 0;
    char *b = malloc(cap);
    if (!b) return NULL;
    w += (size_t)snprintf(b + w, cap - w,
                          "{\"format\":\"1.0\",\"id\":\"gen\",\"title\":\"G\",\"period\":{\"start\":\"1917-01-01\",\"end\":"
                          "\"1918-12-31\"},\"briefing\":\"B\",\"sources\":[{\"id\":\"s\",\"title\":\"T\",\"author\":\"A\","
                          "\"language\":\"en\"}],\"variables\":[{\"id\":\"trust\",\"label\":\"T\",\"min\":0,\"max\":100,"
                          "\"initial\":50}],\"start\":\"s0\",\"steps\":[\n");
    for (unsigned i = 0; i < steps; i++) {
        char next[32];
        if (i + 1 < steps) snprintf(next, sizeof next, "s%u", i + 1);
        else snprintf(next, sizeof next, "end");
        w += (size_t)snprintf(b + w, cap - w,
                              "{\"id\":\"s%u\",\"type\":\"decision\",\"date\":\"1917-06-01\",\"title\":\"D\",\"narrative\":"
                              "\"The committee meets.\",\"choices\":[{\"id\":\"a\",\"label\":\"A\",\"effects\":[{\"add\":"
                              "\"trust\",\"value\":3}],\"next\":\"%s\"},{\"id\":\"b\",\"label\":\"B\",\"next\":\"%s\"},{\"id\":"
                              "\"c\",\"label\":\"C\",\"condition\":{\"chose\":\"s%u\",\"choice\":\"a\"},\"next\":\"%s\"}],"
                              "\"history\":{\"choice\":\"a\",\"credit\":{\"b\":0.5},\"note\":\"N\",\"sources\":[\"s\"]}}%s\n",
                              i, next, next, i, next, i + 1 < steps ? "," : "");
    }
    w += (size_t)snprintf(b + w, cap - w,
                          "],\"endings\":[{\"id\":\"done\",\"title\":\"D\",\"epilogue\":\"E\",\"historical\":true}]}\n");
    *len = w;
    return b;
}

/* A large generated scenario loads completely. How fast is a benchmark
 * question (bench/bench_load.c), not a test's. */
static void test_large(void) {
    size_t l10 = 0;
    char *s10 = gen_scenario(10000, &l10);
    CHECK(s10 != NULL);
    if (s10) {
        LsrScenario *sc = NULL;
        CHECK_EQ_INT(lsr_scenario_load_buffer("gen.json", s10, l10, &sc, NULL), LSR_OK);
        if (sc) {
            CHECK_EQ_INT(sc->n_steps, 10000);
            CHECK_EQ_INT(sc->n_choices, 30000);
            CHECK_EQ_STR(lsr_node_id(sc, sc->n_steps - 1), "s9999");
        }
        lsr_scenario_free(sc);
    }
    free(s10);
}

int main(void) {
    test_full();
    test_diagnostics();
    test_io();
    test_oom();
    test_large();
    return check_report("test_load");
}
