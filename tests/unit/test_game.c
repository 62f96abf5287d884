/* Engine behaviour: transitions, conditions, events, votes, outcomes,
 * determinism, undo, scoring and saves, on a small inline scenario. */
#include "check.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *FIXTURE =
    "{\"format\":\"1.0\",\"id\":\"fixture\",\"title\":{\"en\":\"Fixture\",\"ru\":\"Проба\"},"
    "\"period\":{\"start\":\"1917-10-01\",\"end\":\"1917-12-31\"},\"briefing\":\"B\","
    "\"sources\":[{\"id\":\"src\",\"title\":\"T\",\"author\":\"A\",\"language\":\"en\"}],"
    "\"variables\":["
    " {\"id\":\"trust\",\"label\":\"Trust\",\"min\":0,\"max\":100,\"initial\":50,\"better\":\"higher\","
    "  \"historical\":[{\"at\":\"d1\",\"value\":50},{\"at\":\"hist\",\"value\":60}]},"
    " {\"id\":\"seats\",\"label\":\"Seats\",\"min\":0,\"max\":400,\"initial\":29,\"better\":\"higher\"},"
    " {\"id\":\"alarm\",\"label\":\"Alarm\",\"min\":0,\"max\":10,\"initial\":0,\"hidden\":true}],"
    "\"blocs\":[{\"id\":\"bol\",\"name\":\"Bolsheviks\",\"color\":\"#8c1c13\",\"seats\":67},"
    "           {\"id\":\"lsr\",\"name\":\"Left SRs\",\"color\":\"#d04020\",\"seats\":29},"
    "           {\"id\":\"oth\",\"name\":\"Others\",\"color\":\"#777777\",\"seats\":20}],"
    "\"start\":\"d1\","
    "\"steps\":["
    " {\"id\":\"d1\",\"type\":\"decision\",\"date\":\"1917-10-25\",\"title\":\"One\",\"narrative\":\"N\","
    "  \"choices\":["
    "   {\"id\":\"a\",\"label\":\"A\",\"effects\":[{\"add\":\"trust\",\"value\":10}],\"next\":\"d2\"},"
    "   {\"id\":\"b\",\"label\":\"B\",\"effects\":[{\"add\":\"trust\",\"value\":-80}],\"next\":\"d2\"},"
    "   {\"id\":\"c\",\"label\":\"C\",\"condition\":false,\"unavailable\":\"disable\",\"reason\":\"No\",\"next\":\"d2\"},"
    "   {\"id\":\"h\",\"label\":\"Hidden\",\"condition\":{\"var\":\"trust\",\"gt\":99},\"next\":\"d2\"}],"
    "  \"history\":{\"choice\":\"a\",\"credit\":{\"b\":0.25},\"weight\":2,\"note\":\"Note\",\"sources\":[\"src\"]}},"
    " {\"id\":\"d2\",\"type\":\"decision\",\"date\":\"1917-11-01\",\"title\":\"Two\",\"narrative\":\"N\","
    "  \"choices\":["
    "   {\"id\":\"gamble\",\"label\":\"G\",\"outcomes\":["
    "     {\"weight\":{\"var\":\"trust\"},\"effects\":[{\"set\":\"seats\",\"value\":{\"add\":[{\"var\":\"seats\"},11]}}],\"next\":\"v\"},"
    "     {\"weight\":{\"sub\":[100,{\"var\":\"trust\"}]},\"effects\":[{\"set\":\"seats\",\"value\":0}],\"next\":\"v\"}]},"
    "   {\"id\":\"safe\",\"label\":\"S\",\"next\":\"v\"}],"
    "  \"history\":{\"choice\":\"safe\",\"note\":\"Note\",\"sources\":[\"src\"]}},"
    " {\"id\":\"v\",\"type\":\"vote\",\"date\":\"1917-11-02\",\"title\":\"Vote\",\"narrative\":\"N\",\"motion\":\"M\","
    "  \"seats\":{\"lsr\":{\"var\":\"seats\"}},"
    "  \"positions\":[{\"bloc\":\"bol\",\"if\":{\"var\":\"trust\",\"lt\":30},\"vote\":\"no\"},"
    "               {\"bloc\":\"bol\",\"vote\":\"yes\"},{\"bloc\":\"lsr\",\"vote\":\"yes\"},"
    "               {\"bloc\":\"oth\",\"split\":{\"no\":50,\"abstain\":50}}],"
    "  \"pass\":{\"effects\":[{\"add\":\"trust\",\"value\":5}],\"next\":\"end\"},"
    "  \"fail\":{\"next\":\"end\"},"
    "  \"history\":{\"yes\":96,\"no\":10,\"abstain\":10,\"result\":\"pass\",\"note\":\"N\",\"sources\":[\"src\"]}}],"
    "\"events\":[{\"id\":\"low\",\"condition\":{\"var\":\"trust\",\"lt\":30},\"title\":\"Low\",\"text\":\"T\","
    "  \"effects\":[{\"add\":\"alarm\",\"value\":1}],\"max_fires\":3}],"
    "\"endings\":["
    " {\"id\":\"hist\",\"title\":\"H\",\"condition\":{\"all\":[{\"var\":\"trust\",\"gte\":50},{\"chose\":\"d2\",\"choice\":\"safe\"}]},\"epilogue\":\"E\",\"historical\":true},"
    " {\"id\":\"alarmed\",\"title\":\"A\",\"condition\":{\"fired\":\"low\"},\"epilogue\":\"E\"},"
    " {\"id\":\"other\",\"title\":\"O\",\"epilogue\":\"E\"}]}";

static LsrScenario *load_fixture(void) {
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_buffer("fixture.json", FIXTURE, strlen(FIXTURE), &sc, &d);
    for (size_t i = 0; i < d.count; i++) {
        char line[1024];
        lsr_diag_format(&d.items[i], "fixture.json", line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
    CHECK_EQ_INT(st, LSR_OK);
    lsr_diags_free(&d);
    return sc;
}

static void test_historical_path(const LsrScenario *sc) {
    LsrGameOptions o = {1, NULL};
    LsrGame *g = NULL;
    CHECK_EQ_INT(lsr_game_create(sc, &o, &g), LSR_OK);
    CHECK_EQ_INT(lsr_game_phase(g), LSR_PHASE_DECISION);
    CHECK_EQ_STR(lsr_game_step(g)->id, "d1");
    CHECK_EQ_INT(lsr_game_choice_state(g, 0), LSR_CHOICE_AVAILABLE);
    CHECK_EQ_INT(lsr_game_choice_state(g, 2), LSR_CHOICE_DISABLED);
    CHECK_EQ_INT(lsr_game_choice_state(g, 3), LSR_CHOICE_HIDDEN);
    CHECK_EQ_INT(lsr_game_choose(g, 2), LSR_ERR_UNAVAILABLE);
    CHECK_EQ_INT(lsr_game_choose(g, 9), LSR_ERR_ARG);
    CHECK_EQ_INT(lsr_game_choose(g, 0), LSR_OK);
    CHECK_EQ_INT(lsr_game_var(g, 0), 60);
    CHECK_EQ_INT(lsr_game_choose(g, 1), LSR_OK); /* safe */
    CHECK_EQ_INT(lsr_game_phase(g), LSR_PHASE_VOTE);
    CHECK_EQ_INT(lsr_game_choose(g, 1), LSR_ERR_ARG);
    CHECK_EQ_INT(lsr_game_choose(g, 0), LSR_OK);
    const LsrTraceEntry *e = lsr_game_trace(g, 2);
    CHECK(e != NULL && e->passed);
    /* 67 bolsheviks + 29 left SRs yes; others split 10/10. */
    CHECK_EQ_INT(e->vote[0], 96);
    CHECK_EQ_INT(e->vote[1], 10);
    CHECK_EQ_INT(e->vote[2], 10);
    CHECK_EQ_INT(e->bloc_votes[2 * 3 + 1], 10);
    CHECK_EQ_INT(lsr_game_phase(g), LSR_PHASE_ENDED);
    CHECK_EQ_STR(lsr_game_ending(g)->id, "hist");
    CHECK_EQ_INT(lsr_game_choose(g, 0), LSR_ERR_ENDED);
    LsrScore s;
    lsr_game_score(g, &s);
    CHECK_EQ_INT(s.decisions, 2);
    CHECK_EQ_INT(s.matched, 2);
    CHECK_EQ_INT(s.fidelity_permille, 1000);
    /* trust 65 against a historical 60 on a 0..100 range: +50 per mille. */
    CHECK_EQ_INT(s.n_vars, 1);
    CHECK_EQ_INT(s.vars[0].final, 65);
    CHECK_EQ_INT(s.outcome_permille, 50);
    lsr_game_destroy(g);
}

static void test_events_and_credit(const LsrScenario *sc) {
    LsrGameOptions o = {7, NULL};
    LsrGame *g = NULL;
    CHECK_EQ_INT(lsr_game_create(sc, &o, &g), LSR_OK);
    CHECK_EQ_INT(lsr_game_choose(g, 1), LSR_OK); /* trust 50-80 clamps to 0 */
    CHECK_EQ_INT(lsr_game_var(g, 0), 0);
    const LsrTraceEntry *e = lsr_game_trace(g, 0);
    /* The event fires once per transition (it re-checks only until nothing
     * more fires, and its own effects do not re-trigger past max_fires). */
    CHECK(e->n_fired >= 1);
    CHECK_EQ_INT(e->fired[0], 0);
    CHECK_EQ_INT(lsr_game_var(g, 2), e->n_fired);
    CHECK(lsr_game_var(g, 2) <= 3);
    CHECK_EQ_INT(lsr_game_choose(g, 1), LSR_OK);
    CHECK_EQ_INT(lsr_game_choose(g, 0), LSR_OK); /* vote: bolsheviks vote no */
    CHECK(!lsr_game_trace(g, 2)->passed);
    CHECK_EQ_STR(lsr_game_ending(g)->id, "alarmed");
    LsrScore s;
    lsr_game_score(g, &s);
    /* weights 2 and 1; credit .25 on the first: (500+1000)/3000. */
    CHECK_EQ_INT(s.fidelity_permille, 500);
    CHECK_EQ_INT(s.matched, 1);
    CHECK(s.outcome_permille < 0);
    lsr_game_destroy(g);
}

/* Runs a game with choices and returns a digest of its whole trace. */
static uint64_t run_digest(const LsrScenario *sc, uint64_t seed, const uint32_t *ch, size_t n) {
    LsrGameOptions o = {seed, NULL};
    LsrGame *g = NULL;
    if (lsr_game_create(sc, &o, &g) != LSR_OK) return 0;
    for (size_t i = 0; i < n; i++) lsr_game_choose(g, ch[i]);
    uint64_t h = 0;
    for (size_t i = 0; i < lsr_game_trace_len(g); i++) {
        const LsrTraceEntry *e = lsr_game_trace(g, i);
        uint64_t parts[4] = {e->step, e->choice, e->outcome, e->draw};
        h = lsr_hash64(parts, sizeof parts, h);
        h = lsr_hash64(e->vars_after, sizeof(int32_t) * sc->n_vars, h);
    }
    h = lsr_hash64(lsr_game_state(g), sizeof(int32_t) * sc->state_words, h);
    lsr_game_destroy(g);
    return h;
}

static void test_determinism_and_outcomes(const LsrScenario *sc) {
    const uint32_t ch[] = {0, 0, 0};
    CHECK(run_digest(sc, 42, ch, 3) == run_digest(sc, 42, ch, 3));
    /* Across seeds the gamble must land both ways (weights 60/40). */
    int won = 0, lost = 0;
    for (uint64_t seed = 0; seed < 200; seed++) {
        LsrGameOptions o = {seed, NULL};
        LsrGame *g = NULL;
        lsr_game_create(sc, &o, &g);
        lsr_game_choose(g, 0);
        lsr_game_choose(g, 0);
        if (lsr_game_var(g, 1) == 40) won++;
        else if (lsr_game_var(g, 1) == 0) lost++;
        lsr_game_destroy(g);
    }
    CHECK_EQ_INT(won + lost, 200);
    CHECK(won > 90 && won < 150);
    uint64_t w[16];
    int32_t st[64];
    lsr_state_init(sc, st, NULL);
    lsr_state_advance(sc, st, 0, 0, NULL);
    CHECK_EQ_INT(lsr_outcome_weights(sc, st, 0, w), 100);
    CHECK_EQ_INT(w[0], 60);
    CHECK_EQ_INT(w[1], 40);
}

static void test_undo(const LsrScenario *sc) {
    LsrGameOptions o = {3, NULL};
    LsrGame *g = NULL;
    lsr_game_create(sc, &o, &g);
    CHECK_EQ_INT(lsr_game_undo(g), LSR_ERR_ARG);
    uint32_t tally[4] = {12, 9, 0, 0};
    CHECK_EQ_INT(lsr_game_choose_tally(g, 0, tally, 2), LSR_ERR_ARG);
    CHECK_EQ_INT(lsr_game_choose_tally(g, 0, tally, 4), LSR_OK);
    CHECK_EQ_INT(lsr_game_choose(g, 0), LSR_OK);
    int32_t seats_after = lsr_game_var(g, 1);
    CHECK_EQ_INT(lsr_game_undo(g), LSR_OK);
    CHECK_EQ_INT(lsr_game_trace_len(g), 1);
    CHECK_EQ_STR(lsr_game_step(g)->id, "d2");
    CHECK(lsr_game_trace(g, 0)->tally != NULL && lsr_game_trace(g, 0)->tally[0] == 12);
    CHECK_EQ_INT(lsr_game_choose(g, 0), LSR_OK);
    CHECK_EQ_INT(lsr_game_var(g, 1), seats_after); /* same draw after undo */
    lsr_game_destroy(g);
}

static void test_saves(const LsrScenario *sc) {
    char dir[] = "/tmp/lsr-save-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256], bak[300];
    snprintf(path, sizeof path, "%s/sub/fixture.json", dir);
    snprintf(bak, sizeof bak, "%s.bak", path);
    LsrGameOptions o = {99, NULL};
    LsrGame *g = NULL;
    lsr_game_create(sc, &o, &g);
    char err[512];
    lsr_game_choose(g, 0);
    CHECK_EQ_INT(lsr_save_write(g, path, err, sizeof err), LSR_OK);
    uint32_t tally[2] = {4, 3};   /* the choice taken has the most votes */
    CHECK_EQ_INT(lsr_game_choose_tally(g, 0, tally, 2), LSR_OK);
    CHECK_EQ_INT(lsr_save_write(g, path, err, sizeof err), LSR_OK);
    CHECK(access(bak, F_OK) == 0);
    LsrSaveInfo info;
    CHECK_EQ_INT(lsr_save_peek(path, &info, err, sizeof err), LSR_OK);
    CHECK_EQ_STR(info.scenario_id, "fixture");
    CHECK_EQ_INT(info.n_choices, 2);
    CHECK(info.seed == 99);
    LsrGame *g2 = NULL;
    CHECK_EQ_INT(lsr_save_load(sc, path, &g2, err, sizeof err), LSR_OK);
    CHECK(g2 != NULL);
    if (g2) {
        CHECK_EQ_INT(lsr_game_trace_len(g2), 2);
        CHECK(memcmp(lsr_game_state(g), lsr_game_state(g2), sizeof(int32_t) * sc->state_words) == 0);
        CHECK(lsr_game_trace(g2, 1)->tally && lsr_game_trace(g2, 1)->tally[0] == 4);
    }
    lsr_game_destroy(g2);
    g2 = NULL;
    /* The backup holds the previous save: one choice. */
    CHECK_EQ_INT(lsr_save_peek(bak, &info, err, sizeof err), LSR_OK);
    CHECK_EQ_INT(info.n_choices, 1);
    /* Flip one byte: the checksum catches it, nothing is replayed. */
    FILE *f = fopen(path, "r+b");
    CHECK(f != NULL);
    if (f) {
        fseek(f, 20, SEEK_SET);
        int c = fgetc(f);
        fseek(f, 20, SEEK_SET);
        fputc(c == 'x' ? 'y' : 'x', f);
        fclose(f);
    }
    CHECK_EQ_INT(lsr_save_load(sc, path, &g2, err, sizeof err), LSR_ERR_SAVE);
    CHECK(g2 == NULL);
    CHECK(strstr(err, "checksum") != NULL);
    /* Truncated and foreign files. */
    f = fopen(path, "wb");
    if (f) { fputs("{\"leftsr_save\":1,\"scen", f); fclose(f); }
    CHECK_EQ_INT(lsr_save_load(sc, path, &g2, err, sizeof err), LSR_ERR_SAVE);
    f = fopen(path, "wb");
    if (f) { fputs("GIF89a", f); fclose(f); }
    CHECK_EQ_INT(lsr_save_peek(path, &info, err, sizeof err), LSR_ERR_SAVE);
    CHECK_EQ_INT(lsr_save_load(sc, "/nonexistent/x.json", &g2, err, sizeof err), LSR_ERR_IO);
    lsr_game_destroy(g);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_EQ_INT(system(cmd), 0);
}

/* The fixture with the first occurrence of `from` replaced by `to`. */
static LsrScenario *load_variant(const char *from, const char *to) {
    const char *at = strstr(FIXTURE, from);
    CHECK(at != NULL);
    if (!at) return NULL;
    size_t n = strlen(FIXTURE) + strlen(to) + 1;
    char *buf = malloc(n);
    if (!buf) return NULL;
    size_t pre = (size_t)(at - FIXTURE);
    snprintf(buf, n, "%.*s%s%s", (int)pre, FIXTURE, to, at + strlen(from));
    LsrScenario *sc = NULL;
    CHECK_EQ_INT(lsr_scenario_load_buffer("fixture.json", buf, strlen(buf), &sc, NULL), LSR_OK);
    free(buf);
    return sc;
}

/* Class votes: the winner among available choices, ties and no votes left
 * to the teacher; stepping back a whole decision in one call. */
static void test_class_vote(const LsrScenario *sc) {
    LsrGameOptions o = {7, NULL};
    LsrGame *g = NULL;
    CHECK_EQ_INT(lsr_game_create(sc, &o, &g), LSR_OK);
    if (!g) return;
    bool tied[4];
    const uint32_t lead[4] = { 5, 3, 0, 0 }, tie[4] = { 3, 3, 9, 0 }, none[4] = { 0, 0, 0, 0 };
    CHECK_EQ_INT(lsr_game_tally_winner(g, lead, tied), 0);
    CHECK(tied[0] && !tied[1]);
    /* c is disabled and h hidden: their votes do not count */
    CHECK_EQ_INT(lsr_game_tally_winner(g, tie, tied), LSR_NEXT_NONE);
    CHECK(tied[0] && tied[1] && !tied[2] && !tied[3]);
    CHECK_EQ_INT(lsr_game_tally_winner(g, none, tied), LSR_NEXT_NONE);
    CHECK(tied[0] && tied[1]);
    CHECK_EQ_INT(lsr_game_last_decision(g), (size_t)-1);
    CHECK_EQ_INT(lsr_game_undo_decision(g), LSR_ERR_ARG);
    CHECK_EQ_INT(lsr_game_choose_tally(g, 0, lead, 4), LSR_OK);
    CHECK_EQ_INT(lsr_game_last_decision(g), 0);
    CHECK_EQ_INT(lsr_game_undo_decision(g), LSR_OK);
    CHECK_EQ_INT(lsr_game_trace_len(g), 0);
    CHECK_EQ_INT(lsr_game_var(g, 0), lsr_game_initial_vars(g)[0]);
    lsr_game_destroy(g);
}

static void test_replay(const LsrScenario *sc) {
    LsrGameOptions o = {7, NULL};
    LsrGame *g = NULL, *r = NULL;
    lsr_game_create(sc, &o, &g);
    lsr_game_choose(g, 0);                 /* d1: a */
    lsr_game_choose(g, 0);                 /* d2: gamble (a random outcome) */
    LsrReplayReport rep;
    /* the same scenario: everything replays, to the same state */
    CHECK_EQ_INT(lsr_game_replay(g, sc, &r, &rep), LSR_OK);
    CHECK_EQ_INT(rep.replayed, 2);
    CHECK_EQ_INT(rep.total, 2);
    CHECK_EQ_INT(rep.stop, LSR_REPLAY_COMPLETE);
    CHECK_EQ_STR(rep.at, "v");
    CHECK(r && memcmp(lsr_game_state(g), lsr_game_state(r), sizeof(int32_t) * sc->state_words) == 0);
    CHECK(r && lsr_game_seed(r) == 7);
    lsr_game_destroy(r);

    /* a class tally follows its choices by id when the choices are reordered */
    {
        LsrGame *t = NULL, *tr = NULL;
        lsr_game_create(sc, &o, &t);
        const uint32_t votes[4] = { 12, 3, 0, 0 };
        CHECK_EQ_INT(lsr_game_choose_tally(t, 0, votes, 4), LSR_OK);
        const char *ab = "   {\"id\":\"a\",\"label\":\"A\",\"effects\":[{\"add\":\"trust\",\"value\":10}],\"next\":\"d2\"},"
                         "   {\"id\":\"b\",\"label\":\"B\",\"effects\":[{\"add\":\"trust\",\"value\":-80}],\"next\":\"d2\"},";
        const char *ba = "   {\"id\":\"b\",\"label\":\"B\",\"effects\":[{\"add\":\"trust\",\"value\":-80}],\"next\":\"d2\"},"
                         "   {\"id\":\"a\",\"label\":\"A\",\"effects\":[{\"add\":\"trust\",\"value\":10}],\"next\":\"d2\"},";
        LsrScenario *sw = load_variant(ab, ba);
        if (sw && t) {
            CHECK_EQ_INT(lsr_game_replay(t, sw, &tr, &rep), LSR_OK);
            const LsrTraceEntry *e = tr ? lsr_game_trace(tr, 0) : NULL;
            CHECK(e && e->choice == 1 && e->tally && e->n_tally == 4);
            if (e && e->tally) {
                CHECK_EQ_INT(e->tally[0], 3);    /* b, now first */
                CHECK_EQ_INT(e->tally[1], 12);   /* a, the class's choice */
            }
            lsr_game_destroy(tr);
        }
        lsr_scenario_free(sw);
        lsr_game_destroy(t);
    }

    /* a changed text still replays; the new scenario's text is used */
    LsrScenario *v2 = load_variant("\"title\":\"Two\"", "\"title\":\"Two, revised\"");
    if (v2) {
        CHECK_EQ_INT(lsr_game_replay(g, v2, &r, &rep), LSR_OK);
        CHECK(r && lsr_game_step(r) && strcmp(lsr_game_step(r)->id, "v") == 0);
        CHECK(r && lsr_game_var(r, 1) == lsr_game_var(g, 1));
        lsr_game_destroy(r);
        lsr_scenario_free(v2);
    }
    /* a removed choice: the replay stops before it and says where */
    LsrScenario *v3 = load_variant("{\"id\":\"gamble\"", "{\"id\":\"bet\"");
    if (v3) {
        CHECK_EQ_INT(lsr_game_replay(g, v3, &r, &rep), LSR_ERR_REPLAY);
        CHECK_EQ_INT(rep.replayed, 1);
        CHECK_EQ_INT(rep.stop, LSR_REPLAY_NO_CHOICE);
        CHECK_EQ_STR(rep.step, "d2");
        CHECK_EQ_STR(rep.choice, "gamble");
        CHECK_EQ_STR(rep.at, "d2");
        CHECK(r && lsr_game_trace_len(r) == 1 && lsr_game_var(r, 0) == 60);
        lsr_game_destroy(r);
        lsr_scenario_free(v3);
    }
    /* a changed path: the replay diverges instead of choosing elsewhere */
    LsrScenario *v4 = load_variant("\"effects\":[{\"add\":\"trust\",\"value\":10}],\"next\":\"d2\"",
                                   "\"effects\":[{\"add\":\"trust\",\"value\":10}],\"next\":\"v\"");
    if (v4) {
        CHECK_EQ_INT(lsr_game_replay(g, v4, &r, &rep), LSR_ERR_REPLAY);
        CHECK_EQ_INT(rep.stop, LSR_REPLAY_DIVERGED);
        CHECK_EQ_INT(rep.replayed, 1);
        CHECK_EQ_STR(rep.at, "v");
        lsr_game_destroy(r);
        lsr_scenario_free(v4);
    }
    lsr_game_destroy(g);
}

static void test_jump(const LsrScenario *sc) {
    LsrGameOptions o = {5, NULL};
    LsrGame *g = NULL, *r = NULL;
    lsr_game_create(sc, &o, &g);
    CHECK(!lsr_game_jumped(g));
    lsr_game_choose(g, 1);                       /* d1: b, trust 50 -> 0 */
    CHECK_EQ_INT(lsr_game_jump(g, sc->n_steps), LSR_ERR_ARG);
    CHECK_EQ_INT(lsr_game_jump(g, lsr_find_node(sc, "v")), LSR_OK);
    CHECK(lsr_game_jumped(g));
    CHECK_EQ_STR(lsr_game_step(g)->id, "v");
    CHECK_EQ_INT(lsr_game_var(g, 0), 0);         /* values kept */
    CHECK_EQ_INT(lsr_game_phase(g), LSR_PHASE_VOTE);
    /* the replay repeats the jump, also one after the last choice */
    CHECK_EQ_INT(lsr_game_replay(g, sc, &r, NULL), LSR_OK);
    lsr_game_destroy(r);
    CHECK_EQ_INT(lsr_game_choose(g, 0), LSR_OK);  /* count the vote */
    CHECK_EQ_INT(lsr_game_replay(g, sc, &r, NULL), LSR_OK);
    CHECK(r && memcmp(lsr_game_state(g), lsr_game_state(r), sizeof(int32_t) * sc->state_words) == 0);
    CHECK(r && lsr_game_jumped(r));
    lsr_game_destroy(r);
    /* undo goes back to the vote, where the jump led */
    CHECK_EQ_INT(lsr_game_undo(g), LSR_OK);
    CHECK(lsr_game_step(g) && strcmp(lsr_game_step(g)->id, "v") == 0);
    CHECK_EQ_INT(lsr_game_var(g, 0), 0);
    lsr_game_destroy(g);
}

static void test_text_and_util(const LsrScenario *sc) {
    CHECK_EQ_STR(lsr_tx(&sc->title, "ru"), "Проба");
    CHECK_EQ_STR(lsr_tx(&sc->title, "fr"), "Fixture");
    CHECK_EQ_STR(lsr_tx(&sc->title, NULL), "Fixture");
    char buf[64];
    lsr_date_format(sc->steps[0].date, buf, sizeof buf);
    CHECK_EQ_STR(buf, "25 October 1917");
    lsr_date_format_lang(sc->steps[0].date, "ru", buf, sizeof buf);
    CHECK_EQ_STR(buf, "25 октября 1917 г.");
    lsr_date_format_lang(sc->steps[0].date, "es", buf, sizeof buf);
    CHECK_EQ_STR(buf, "25 de octubre de 1917");
    lsr_date_format_lang(sc->steps[0].date, "fr", buf, sizeof buf);
    CHECK_EQ_STR(buf, "25 octobre 1917");
    lsr_date_format_lang((LsrDate){1918, 3, 1}, "fr", buf, sizeof buf);
    CHECK_EQ_STR(buf, "1er mars 1918");
    lsr_date_format_lang(sc->steps[0].date, "de", buf, sizeof buf);
    CHECK_EQ_STR(buf, "25 October 1917");
    LsrDate d;
    CHECK(lsr_date_parse("1918-02-28", &d));
    CHECK(!lsr_date_parse("1918-02-29", &d));
    CHECK(lsr_date_parse("1916-02-29", &d));
    CHECK(!lsr_date_parse("1918-13-01", &d));
    CHECK(!lsr_date_parse("1918-1-01", &d));
    CHECK(lsr_sat_add(INT64_MAX, 5) == INT64_MAX);
    CHECK(lsr_sat_mul(INT64_MIN, -1) == INT64_MAX);
    CHECK(lsr_sat_sub(INT64_MIN, 1) == INT64_MIN);
    CHECK_EQ_INT(lsr_edit_distance("walkot", "walkout", 3), 1);
    CHECK_EQ_INT(lsr_edit_distance("abc", "xyz", 2), 3);
    CHECK(lsr_utf8_invalid_at("ok \xd0\x9f", 5) == (size_t)-1);
    CHECK_EQ_INT(lsr_utf8_invalid_at("ab\xc0\xaf", 4), 2);
    CHECK_EQ_INT(lsr_utf8_invalid_at("ab\xed\xa0\x80", 5), 2);
    CHECK_EQ_INT(lsr_find_node(sc, "hist"), sc->n_steps);
    CHECK_EQ_INT(lsr_find_choice(sc, 1, "safe"), 1);
    CHECK_EQ_INT(lsr_find_var(sc, "nope"), LSR_NEXT_NONE);
}

/* A vote seat override of a literal 0 must zero the bloc, not fall back to
 * the bloc's own seats. */
static void test_zero_seat_override(void) {
    const char *j =
        "{\"format\":\"1.0\",\"id\":\"z\",\"title\":\"Z\",\"period\":{\"start\":\"1917-01-01\",\"end\":\"1917-12-31\"},"
        "\"briefing\":\"B\",\"sources\":[{\"id\":\"s\",\"title\":\"T\",\"author\":\"A\",\"language\":\"en\"}],"
        "\"variables\":[{\"id\":\"x\",\"label\":\"X\",\"min\":0,\"max\":1,\"initial\":0}],"
        "\"blocs\":[{\"id\":\"a\",\"name\":\"A\",\"color\":\"#000000\",\"seats\":10},"
        "{\"id\":\"b\",\"name\":\"B\",\"color\":\"#ffffff\",\"seats\":20}],\"start\":\"v\","
        "\"steps\":[{\"id\":\"v\",\"type\":\"vote\",\"date\":\"1917-05-01\",\"title\":\"V\",\"narrative\":\"N\","
        "\"motion\":\"M\",\"seats\":{\"b\":0},\"positions\":[{\"bloc\":\"a\",\"vote\":\"yes\"},{\"bloc\":\"b\",\"vote\":\"no\"}],"
        "\"pass\":{\"next\":\"e\"},\"fail\":{\"next\":\"e\"}}],"
        "\"endings\":[{\"id\":\"e\",\"title\":\"E\",\"epilogue\":\"E\",\"historical\":true}]}";
    LsrScenario *sc = NULL;
    CHECK_EQ_INT(lsr_scenario_load_buffer("z.json", j, strlen(j), &sc, NULL), LSR_OK);
    if (!sc) return;
    int32_t st[16], tot[3];
    lsr_state_init(sc, st, NULL);
    CHECK(lsr_vote_tally(sc, st, 0, NULL, tot));
    CHECK_EQ_INT(tot[0], 10);
    CHECK_EQ_INT(tot[1], 0);
    lsr_scenario_free(sc);
}

static LsrScenario *load_example(const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/analyze/%s.json", LSR_SOURCE_DIR, name);
    LsrScenario *sc = NULL;
    CHECK_EQ_INT(lsr_scenario_load_file(path, &sc, NULL), LSR_OK);
    return sc;
}

/* Format 1.1: a logic step is passed through (visited, its effects once),
 * ending effects count in the final values, a dead end stops on purpose,
 * and an overflow stops the game naming its effect. */
static void test_format_1_1(void) {
    LsrScenario *sc = load_example("features");
    if (!sc) return;
    uint32_t trust = lsr_find_var(sc, "trust"), spoke = lsr_find_var(sc, "spoke");
    uint32_t score = lsr_find_var(sc, "score"), speeches = lsr_find_var(sc, "speeches");
    CHECK_EQ_INT(sc->vars[spoke].type, LSR_VAR_BOOLEAN);
    CHECK(!sc->vars[speeches].has_min && !sc->vars[speeches].has_max);
    LsrGame *g = NULL;
    LsrGameOptions opt = {1, NULL};
    CHECK_EQ_INT(lsr_game_create(sc, &opt, &g), LSR_OK);
    CHECK_EQ_INT(lsr_game_choose(g, 0), LSR_OK);              /* stay: trust 6 */
    CHECK_EQ_INT(lsr_game_choose(g, 0), LSR_OK);              /* speak */
    CHECK_EQ_INT(lsr_game_phase(g), LSR_PHASE_ENDED);
    CHECK(lsr_game_ending(g) && strcmp(lsr_game_ending(g)->id, "stayed") == 0);
    /* tally set score = trust + 2*spoke = 8 before the ending added 1 to trust */
    CHECK_EQ_INT(lsr_game_var(g, score), 8);
    CHECK_EQ_INT(lsr_game_var(g, trust), 7);
    CHECK_EQ_INT(lsr_game_var(g, speeches), 1);
    LsrScore s;
    lsr_game_score(g, &s);
    CHECK_EQ_INT(s.vars[0].final, 7);
    lsr_game_destroy(g);
    /* the dead end: its arrival effect applies, then play stops there */
    CHECK_EQ_INT(lsr_game_create(sc, &opt, &g), LSR_OK);
    CHECK_EQ_INT(lsr_game_choose(g, 1), LSR_OK);
    CHECK_EQ_INT(lsr_game_phase(g), LSR_PHASE_STUCK);
    CHECK(lsr_game_dead_end(g));
    CHECK_EQ_INT(lsr_game_fault(g), LSR_NEXT_NONE);
    CHECK_EQ_INT(lsr_game_var(g, speeches), -1);
    CHECK_EQ_INT(lsr_game_choose(g, 0), LSR_ERR_ENDED);
    /* a logic step is never a place to jump to */
    CHECK_EQ_INT(lsr_game_jump(g, lsr_find_node(sc, "tally")), LSR_ERR_ARG);
    lsr_game_destroy(g);
    lsr_scenario_free(sc);

    sc = load_example("overflow");
    if (!sc) return;
    CHECK_EQ_INT(lsr_game_create(sc, &opt, &g), LSR_OK);
    CHECK_EQ_INT(lsr_game_choose(g, 1), LSR_OK);
    CHECK_EQ_INT(lsr_game_phase(g), LSR_PHASE_STUCK);
    CHECK(!lsr_game_dead_end(g));
    CHECK(lsr_game_ending(g) == NULL);
    uint32_t fe = lsr_game_fault(g);
    CHECK(fe != LSR_NEXT_NONE);
    char where[200];
    lsr_effect_where(sc, fe, where, sizeof where);
    CHECK(strcmp(where, "choice 'a:big', effect 1 (add 'n')") == 0);
    CHECK_EQ_INT(lsr_game_var(g, 0), 1000000000); /* unchanged: the effect did not apply */
    lsr_game_destroy(g);
    lsr_scenario_free(sc);
}

int main(void) {
    test_format_1_1();
    test_zero_seat_override();
    LsrScenario *sc = load_fixture();
    if (!sc) return check_report("test_game");
    test_historical_path(sc);
    test_events_and_credit(sc);
    test_determinism_and_outcomes(sc);
    test_undo(sc);
    test_saves(sc);
    test_replay(sc);
    test_class_vote(sc);
    test_jump(sc);
    test_text_and_util(sc);
    lsr_scenario_free(sc);
    return check_report("test_game");
}
