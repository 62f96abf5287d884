/* The bundled content: every scenario loads clean, meets the structural
 * bar, cites existing sources, keeps its dates inside its period, and its
 * scripted paths reach the endings they promise (the historical path at
 * 100% fidelity). The campaign loads and chains. */
#include "check.h"
#include "internal.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

static const char *const IDS[] = {"coalition", "brest", "july"};

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) == (size_t)n) b[n] = '\0';
    else { free(b); b = NULL; }
    fclose(f);
    return b;
}

static void check_structure(const LsrScenario *sc) {
    uint32_t decisions = 0, votes = 0, choices = 0, random = 0;
    for (uint32_t i = 0; i < sc->n_steps; i++) {
        const LsrStep *s = &sc->steps[i];
        CHECK(lsr_date_cmp(s->date, sc->period_start) >= 0 && lsr_date_cmp(s->date, sc->period_end) <= 0);
        if (s->type == LSR_STEP_VOTE) { votes++; continue; }
        decisions++;
        choices += s->n_choices;
        CHECK(s->note.s && s->note.s[0]);
        CHECK(s->n_sources >= 1);
        for (uint32_t k = 0; k < s->n_sources; k++) CHECK(sc->source_refs[s->sources_first + k] < sc->n_sources);
        CHECK(s->hist_choice < s->n_choices);
        for (uint32_t c = 0; c < s->n_choices; c++)
            if (sc->choices[s->choices_first + c].n_outcomes > 1) random++;
    }
    fprintf(stderr, "  %s: %u decisions, %.2f choices each, %u votes, %u random choices, %u events, %u endings\n",
            sc->id, decisions, decisions ? (double)choices / decisions : 0.0, votes, random, sc->n_events, sc->n_endings);
    CHECK(decisions >= 10);
    CHECK(choices >= 3 * decisions);
    CHECK(votes >= 1);
    CHECK(random >= 1);
    CHECK(sc->n_events >= 1);
    CHECK(sc->n_endings >= 4);
    CHECK(sc->endings[sc->historical_ending].historical);
}

/* Plays a path of choice ids; returns the ending id or NULL. */
static const char *play_path(const LsrScenario *sc, const cJSON *p, int32_t *fid) {
    const cJSON *seed = cJSON_GetObjectItem(p, "seed"), *ch = cJSON_GetObjectItem(p, "choices"), *c;
    LsrGameOptions o = {cJSON_IsNumber(seed) ? (uint64_t)seed->valuedouble : 1, NULL};
    LsrGame *g = NULL;
    if (lsr_game_create(sc, &o, &g) != LSR_OK) return NULL;
    const char *result = NULL;
    c = ch ? ch->child : NULL;
    for (;;) {
        LsrPhase ph = lsr_game_phase(g);
        if (ph == LSR_PHASE_VOTE) { lsr_game_choose(g, 0); continue; }
        if (ph != LSR_PHASE_DECISION) break;
        if (!c || !cJSON_IsString(c)) {
            fprintf(stderr, "  path ran out of choices at step '%s'\n", lsr_game_step(g)->id);
            break;
        }
        uint32_t i = lsr_find_choice(sc, lsr_game_step_index(g), c->valuestring);
        if (i == LSR_NEXT_NONE || lsr_game_choose(g, i) != LSR_OK) {
            fprintf(stderr, "  choice '%s' not available at step '%s'\n", c->valuestring, lsr_game_step(g)->id);
            break;
        }
        c = c->next;
    }
    if (lsr_game_phase(g) == LSR_PHASE_ENDED) {
        result = lsr_game_ending(g)->id;
        if (c) fprintf(stderr, "  path has choices left over after the ending\n"), result = NULL;
    }
    LsrScore s;
    lsr_game_score(g, &s);
    *fid = s.fidelity_permille;
    lsr_game_destroy(g);
    return result;
}

static void check_paths(const LsrScenario *sc, const char *id) {
    char rel[128], path[4096];
    snprintf(rel, sizeof rel, "tests/scenarios/paths/%s.json", id);
    snprintf(path, sizeof path, "%s/%s", LSR_SOURCE_DIR, rel);
    char *text = slurp(path);
    CHECK(text != NULL);
    if (!text) return;
    cJSON *root = cJSON_Parse(text);
    free(text);
    CHECK(cJSON_IsArray(root));
    const cJSON *p;
    const char *seen[32];
    int n_seen = 0, historical = 0;
    cJSON_ArrayForEach(p, root) {
        const cJSON *name = cJSON_GetObjectItem(p, "name"), *ending = cJSON_GetObjectItem(p, "ending");
        const cJSON *fid = cJSON_GetObjectItem(p, "fidelity");
        int32_t got_fid = -1;
        const char *got = play_path(sc, p, &got_fid);
        fprintf(stderr, "  %s/%s -> %s (fidelity %d)\n", id, cJSON_IsString(name) ? name->valuestring : "?",
                got ? got : "(no ending)", got_fid);
        CHECK(got && cJSON_IsString(ending) && strcmp(got, ending->valuestring) == 0);
        if (cJSON_IsNumber(fid)) CHECK_EQ_INT(got_fid, (int)fid->valuedouble);
        if (got && !strcmp(got, sc->endings[sc->historical_ending].id) && got_fid == 1000) historical++;
        bool dup = false;
        for (int k = 0; k < n_seen; k++) dup |= got && !strcmp(seen[k], got);
        if (got && !dup && n_seen < 32) seen[n_seen++] = got;
    }
    CHECK(historical >= 1);
    CHECK(n_seen >= 3);
    cJSON_Delete(root);
}

int main(void) {
    for (size_t i = 0; i < sizeof IDS / sizeof IDS[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/scenarios/%s.json", LSR_SOURCE_DIR, IDS[i]);
        LsrDiagList d;
        lsr_diags_init(&d);
        LsrScenario *sc = NULL;
        LsrStatus st = lsr_scenario_load_file(path, &sc, &d);
        for (size_t k = 0; k < d.count; k++) {
            char line[1024];
            lsr_diag_format(&d.items[k], path, line, sizeof line);
            fprintf(stderr, "%s\n", line);
        }
        CHECK_EQ_INT(st, LSR_OK);
        CHECK_EQ_INT(d.count, 0);
        lsr_diags_free(&d);
        if (!sc) continue;
        CHECK_EQ_STR(sc->id, IDS[i]);
        check_structure(sc);
        check_paths(sc, IDS[i]);
        lsr_scenario_free(sc);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios/campaign.json", LSR_SOURCE_DIR);
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrCampaign *cp = NULL;
    CHECK_EQ_INT(lsr_campaign_load(path, &cp, &d), LSR_OK);
    for (size_t k = 0; k < d.count; k++) fprintf(stderr, "campaign: %s\n", d.items[k].message);
    lsr_diags_free(&d);
    if (cp) {
        CHECK_EQ_INT(cp->n_parts, 3);
        CHECK(cp->n_epilogues >= 2);
        /* Carry: a game of part 0 feeds part 1 for every carried id. */
        LsrGameOptions o = {1, NULL};
        LsrGame *g = NULL;
        lsr_game_create(cp->parts[0].scenario, &o, &g);
        int32_t carry[1024];
        lsr_campaign_carry(cp, 1, g, carry);
        for (uint32_t k = 0; k < cp->parts[1].n_carry; k++) {
            uint32_t to = lsr_find_var(cp->parts[1].scenario, cp->parts[1].carry[k]);
            uint32_t from = lsr_find_var(cp->parts[0].scenario, cp->parts[1].carry[k]);
            CHECK(to != LSR_NEXT_NONE && carry[to] == lsr_game_var(g, from));
        }
        lsr_game_destroy(g);
        lsr_campaign_free(cp);
    }
    return check_report("test_scenarios");
}
