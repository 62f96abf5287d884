/* Pass 2 of steps and events: decisions with their choices and outcomes,
 * votes with their blocs' positions, historical records, branches. */
#include "load_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- steps */

enum {
    SK_ID, SK_TYPE, SK_DATE, SK_TITLE, SK_NARRATIVE, SK_PLACE, SK_CONDITION, SK_OTHERWISE, SK_IMAGE,
    SK_CHOICES, SK_HISTORY, SK_MOTION, SK_SEATS, SK_POSITIONS, SK_PASS, SK_FAIL, SK_THRESHOLD, SK_CAMPAIGN_ONLY,
    SK_EFFECTS, SK_NEXT, SK_DEAD_END, SK_AT, SK_AREAS, SK_COUNT
};

/* All step keys; `required` is adjusted per type below. */
static const char *const k_step_key_names[SK_COUNT] = {
    "id",        "type",    "date",   "title",  "narrative", "place", "condition", "otherwise", "image",
    "choices",   "history", "motion", "seats",  "positions", "pass",  "fail",      "threshold", "campaign_only",
    "effects",   "next",    "dead_end", "at",       "areas"};

static const KeySpec k_choice_keys[] = {{"id", true},      {"label", true},   {"condition", false},
                                        {"unavailable", false}, {"reason", false}, {"effects", false},
                                        {"result", false}, {"next", false},   {"outcomes", false}};
static const KeySpec k_outcome_keys[] = {{"weight", true}, {"result", false}, {"effects", false}, {"next", true}};
static const KeySpec k_dhist_keys[] = {{"choice", true}, {"credit", false},  {"weight", false},
                                       {"note", false},  {"sources", false}, {"disagreement", false},
                                       {"contested", false}, {"estimate", false}};
static const KeySpec k_vhist_keys[] = {{"yes", false},  {"no", false},      {"abstain", false},     {"result", false},
                                       {"note", false}, {"sources", false}, {"disagreement", false},
                                       {"contested", false}, {"estimate", false}};
static const KeySpec k_position_keys[] = {{"bloc", true}, {"if", false}, {"vote", false}, {"split", false}};
static const KeySpec k_split_keys[] = {{"yes", false}, {"no", false}, {"abstain", false}};
static const KeySpec k_branch_keys[] = {{"result", false}, {"effects", false}, {"next", true}};
static const char *const k_unavail_words[] = {"hide", "disable"};
static const char *const k_vote_words[] = {"yes", "no", "abstain"};
static const char *const k_threshold_words[] = {"majority", "two-thirds"};
static const char *const k_result_words[] = {"pass", "fail"};
static const char *const k_type_words[] = {"decision", "vote", "logic"};

static void fmt_date(LsrDate d, char *buf, size_t n) {
    snprintf(buf, n, "%04d-%02u-%02u", d.year, (unsigned)d.month, (unsigned)d.day);
}

static void compile_outcomes(Loader *L, const cJSON *arr, LsrChoice *ch) {
    if (!ld_v_array(L, arr)) return;
    if (ch->n_outcomes == 0) ld_err(L, "E_LIMIT", "'outcomes' is empty; give 1 to 16 outcomes, or use 'next'");
    if (ch->n_outcomes > MAX_OUTCOMES)
        ld_err(L, "E_LIMIT", "%u outcomes; a choice has at most 16", (unsigned)ch->n_outcomes);
    uint32_t j = 0;
    for (const cJSON *o = arr->child; o && !L->oom; o = o->next, j++) {
        ld_push_idx(L, arr, j);
        if (ld_v_object(L, o)) {
            const cJSON *k[4];
            ld_get_keys(L, o, "outcome", k_outcome_keys, 4, k);
            LsrOutcome *out = &L->outcomes[ch->outcomes_first + j];
            out->result.s = "";
            out->next = LSR_NEXT_NONE;
            out->effects_first = (uint32_t)L->effects.len;
            if (k[0]) WITH(L, o, k[0], out->weight = ld_v_expr(L, k[0]));
            if (k[1]) WITH(L, o, k[1], ld_v_text(L, k[1], &out->result));
            if (k[2]) WITH(L, o, k[2], ld_v_effects(L, k[2], &out->effects_first, &out->n_effects));
            if (k[3]) WITH(L, o, k[3], out->next = ld_v_next(L, k[3]));
            else L->graph_broken = true;
        }
        ld_pop(L);
    }
}

static void compile_choice(Loader *L, const cJSON *c, uint32_t g) {
    char desc[96];
    const cJSON *k[9];
    ld_get_keys(L, c, ld_describe(L, desc, sizeof desc, "choice", c), k_choice_keys, 9, k);
    LsrChoice *ch = &L->choices[g];
    if (!ch->id) ch->id = "";
    ch->label.s = ch->reason.s = ch->result.s = "";
    ch->next = LSR_NEXT_NONE;
    ch->effects_first = (uint32_t)L->effects.len;
    if (k[1]) WITH(L, c, k[1], ld_v_text(L, k[1], &ch->label));
    if (k[2]) WITH(L, c, k[2], ch->cond = ld_v_cond(L, k[2]));
    int un = 0;
    if (k[3]) WITH(L, c, k[3], un = ld_v_word(L, k[3], k_unavail_words, 2));
    ch->disable_when_unavailable = un == 1;
    if (k[4]) WITH(L, c, k[4], ld_v_text(L, k[4], &ch->reason));
    if (un == 1 && !k[4])
        ld_err(L, "E_MISSING_KEY", "%s has \"unavailable\": \"disable\" but no 'reason' to show when it is greyed out",
            desc);
    if (k[5]) WITH(L, c, k[5], ld_v_effects(L, k[5], &ch->effects_first, &ch->n_effects));
    if (k[6]) WITH(L, c, k[6], ld_v_text(L, k[6], &ch->result));
    if (k[7] && k[8]) {
        ld_err(L, "E_NEXT", "%s has both 'next' and 'outcomes'; give exactly one", desc);
        L->graph_broken = true;
    } else if (!k[7] && !k[8]) {
        ld_err(L, "E_NEXT", "%s has neither 'next' nor 'outcomes'; give exactly one", desc);
        L->graph_broken = true;
    }
    if (k[7]) WITH(L, c, k[7], ch->next = ld_v_next(L, k[7]));
    if (k[8]) WITH(L, c, k[8], compile_outcomes(L, k[8], ch));
    if (!k[8]) ch->n_outcomes = 0;
}

/* history.contested and history.estimate of a decision or vote; reads
 * st->disagreement, so call it after the disagreement text is compiled. */
static void compile_history_flags(Loader *L, const cJSON *h, const cJSON *contested, const cJSON *estimate,
                                  bool vote, LsrStep *st) {
    if (contested) {
        WITH(L, h, contested, ld_v_bool(L, contested, &st->hist_contested));
        if (st->hist_contested && !st->disagreement.s[0])
            WITH(L, h, contested,
                 ld_warn(L, "W_CONTESTED_NO_DISAGREEMENT",
                         "'contested' is true but the history has no 'disagreement' saying how the sources differ"));
    }
    if (!estimate) return;
    if (!vote) {
        WITH(L, h, estimate,
             ld_err(L, "E_ESTIMATE_NOT_VOTE",
                    "'estimate' marks a vote's tally as the game's own; a decision's history has no tally"));
        return;
    }
    WITH(L, h, estimate, ld_v_bool(L, estimate, &st->hist_estimate));
}

static void compile_decision_history(Loader *L, const cJSON *step, const cJSON *h, uint32_t si, const char *desc) {
    LsrStep *st = &L->steps[si];
    st->hist_choice = LSR_NEXT_NONE;
    st->hist_weight = 1;
    if (!h) {
        ld_err(L, "E_NO_HISTORY", "%s has no 'history'; every decision records what the Left SRs historically chose",
            desc);
        return;
    }
    ld_push_key(L, step, h);
    if (ld_v_object(L, h)) {
        const cJSON *k[8];
        ld_get_keys(L, h, "history", k_dhist_keys, 8, k);
        if (k[0])
            WITH(L, h, k[0], {
                if (!cJSON_IsString(k[0])) {
                    ld_err(L, "E_TYPE", "'choice' must be the id of a choice (a string), not %s", ld_jtype(k[0]));
                } else {
                    uint32_t g = ld_find_ref(L, K_CHOICE, k[0]->valuestring, si);
                    if (g == LSR_NEXT_NONE) {
                        char in[120];
                        snprintf(in, sizeof in, " in step '%s'", ld_clip(L, st->id));
                        ld_unknown_ref(L, K_CHOICE, si, k[0]->valuestring, in);
                    } else {
                        st->hist_choice = g - st->choices_first;
                        L->choices[g].credit_permille = 1000;
                    }
                }
            });
        if (k[1])
            WITH(L, h, k[1], if (ld_v_object(L, k[1])) {
                for (const cJSON *m = k[1]->child; m; m = m->next) {
                    if (ld_is_comment_key(m->string)) continue;
                    ld_push_key(L, k[1], m);
                    uint32_t g = ld_find_ref(L, K_CHOICE, m->string, si);
                    if (g == LSR_NEXT_NONE) {
                        char in[120];
                        snprintf(in, sizeof in, " in step '%s'", ld_clip(L, st->id));
                        uint32_t which = 0;
                        const char *dym = ld_suggest_id(L, K_CHOICE, si, m->string, &which);
                        if (dym)
                            ld_err_key(L, LSR_SEV_ERROR, "E_UNKNOWN_REF", "choice '%s' does not exist%s; did you mean '%s'?",
                                    ld_clip(L, m->string), in, dym);
                        else
                            ld_err_key(L, LSR_SEV_ERROR, "E_UNKNOWN_REF", "choice '%s' does not exist%s",
                                    ld_clip(L, m->string), in);
                    } else if (!cJSON_IsNumber(m)) {
                        ld_err(L, "E_TYPE", "credit for '%s' must be a number from 0 to 1, not %s", ld_clip(L, m->string),
                            ld_jtype(m));
                    } else if (m->valuedouble < 0 || m->valuedouble > 1) {
                        ld_err(L, "E_RANGE", "credit %.17g for '%s' is outside 0..1", m->valuedouble, ld_clip(L, m->string));
                    } else if (g - st->choices_first == st->hist_choice) {
                        ld_warn(L, "W_CREDIT_IGNORED", "'%s' is the historical choice; it always earns full credit",
                             ld_clip(L, m->string));
                    } else {
                        L->choices[g].credit_permille = (uint16_t)lround(m->valuedouble * 1000.0);
                    }
                    ld_pop(L);
                }
            });
        int64_t w = 1;
        if (k[2]) WITH(L, h, k[2], if (ld_v_int(L, k[2], 0, 1000, &w)) st->hist_weight = (uint16_t)w);
        ld_v_note(L, h, k[3], &st->note);
        ld_v_sources(L, h, k[4], &st->sources_first, &st->n_sources);
        if (k[5]) WITH(L, h, k[5], ld_v_text(L, k[5], &st->disagreement));
        compile_history_flags(L, h, k[6], k[7], false, st);
    }
    ld_pop(L);
}

static void compile_vote_history(Loader *L, const cJSON *step, const cJSON *h, LsrStep *st) {
    ld_push_key(L, step, h);
    if (ld_v_object(L, h)) {
        const cJSON *k[9];
        ld_get_keys(L, h, "vote history", k_vhist_keys, 9, k);
        for (int t = 0; t < 3; t++) {
            int64_t n;
            if (k[t]) WITH(L, h, k[t], if (ld_v_int(L, k[t], 0, VALUE_LIMIT, &n)) st->hist_tally[t] = (int32_t)n);
        }
        if (k[3]) {
            int r;
            WITH(L, h, k[3], r = ld_v_word(L, k[3], k_result_words, 2));
            if (r >= 0) st->hist_pass = r == 0 ? 1 : 0;
        }
        ld_v_note(L, h, k[4], &st->note);
        ld_v_sources(L, h, k[5], &st->sources_first, &st->n_sources);
        if (k[6]) WITH(L, h, k[6], ld_v_text(L, k[6], &st->disagreement));
        compile_history_flags(L, h, k[7], k[8], true, st);
    }
    ld_pop(L);
}

static void compile_branch(Loader *L, const cJSON *step, const cJSON *b, LsrBranch *out) {
    out->result.s = "";
    out->next = LSR_NEXT_NONE;
    out->effects_first = (uint32_t)L->effects.len;
    ld_push_key(L, step, b);
    if (ld_v_object(L, b)) {
        const cJSON *k[3];
        ld_get_keys(L, b, b->string[0] == 'p' ? "'pass'" : "'fail'", k_branch_keys, 3, k);
        if (k[0]) WITH(L, b, k[0], ld_v_text(L, k[0], &out->result));
        if (k[1]) WITH(L, b, k[1], ld_v_effects(L, k[1], &out->effects_first, &out->n_effects));
        if (k[2]) WITH(L, b, k[2], out->next = ld_v_next(L, k[2]));
        else L->graph_broken = true;
    } else {
        L->graph_broken = true;
    }
    ld_pop(L);
}

static void compile_positions(Loader *L, const cJSON *arr, LsrStep *st) {
    st->positions_first = (uint32_t)L->positions.len;
    if (!ld_v_array(L, arr)) return;
    uint32_t j = 0;
    for (const cJSON *p = arr->child; p && !L->oom; p = p->next, j++) {
        ld_push_idx(L, arr, j);
        if (ld_v_object(L, p)) {
            const cJSON *k[4];
            ld_get_keys(L, p, "vote position", k_position_keys, 4, k);
            LsrPosition *pos = ld_vpush(L, &L->positions);
            if (pos) {
                pos->bloc = LSR_NEXT_NONE;
                pos->pct[2] = 100;
                if (k[0]) WITH(L, p, k[0], pos->bloc = ld_v_ref(L, k[0], K_BLOC));
                if (k[1]) WITH(L, p, k[1], pos->cond = ld_v_cond(L, k[1]));
                if (k[2] && k[3]) ld_err(L, "E_SPLIT", "a position has one of 'vote' and 'split', not both");
                else if (!k[2] && !k[3]) ld_err(L, "E_SPLIT", "a position needs 'vote' (\"yes\", \"no\", \"abstain\") or 'split'");
                if (k[2]) {
                    int w;
                    WITH(L, p, k[2], w = ld_v_word(L, k[2], k_vote_words, 3));
                    if (w >= 0) {
                        memset(pos->pct, 0, sizeof pos->pct);
                        pos->pct[w] = 100;
                    }
                } else if (k[3]) {
                    ld_push_key(L, p, k[3]);
                    if (ld_v_object(L, k[3])) {
                        const cJSON *sk[3];
                        ld_get_keys(L, k[3], "'split'", k_split_keys, 3, sk);
                        int64_t sum = 0, part[3] = {0, 0, 0};
                        bool ok = true;
                        for (int t = 0; t < 3; t++)
                            if (sk[t]) WITH(L, k[3], sk[t], ok = ld_v_int(L, sk[t], 0, 100, &part[t]) && ok);
                        sum = part[0] + part[1] + part[2];
                        if (ok && sum != 100)
                            ld_err(L, "E_SPLIT", "the split shares sum to %lld; they must sum to 100", (long long)sum);
                        for (int t = 0; t < 3; t++) pos->pct[t] = (uint8_t)part[t];
                    }
                    ld_pop(L);
                }
            }
        }
        ld_pop(L);
    }
    st->n_positions = (uint32_t)L->positions.len - st->positions_first;
}

static void compile_seats(Loader *L, const cJSON *v, LsrStep *st) {
    if (!ld_v_object(L, v)) return;
    LsrExpr *se = ld_aarray(L, L->sc->n_blocs ? L->sc->n_blocs : 1, sizeof *se);
    if (!se) return;
    st->seat_expr = se;
    for (const cJSON *m = v->child; m && !L->oom; m = m->next) {
        if (ld_is_comment_key(m->string)) continue;
        ld_push_key(L, v, m);
        uint32_t b = ld_find_ref(L, K_BLOC, m->string, 0);
        if (b == LSR_NEXT_NONE) {
            const char *dym = ld_suggest_id(L, K_BLOC, 0, m->string, NULL);
            if (dym)
                ld_err_key(L, LSR_SEV_ERROR, "E_UNKNOWN_REF", "bloc '%s' does not exist; did you mean '%s'?",
                        ld_clip(L, m->string), dym);
            else
                ld_err_key(L, LSR_SEV_ERROR, "E_UNKNOWN_REF", "bloc '%s' does not exist", ld_clip(L, m->string));
        } else {
            se[b] = ld_v_expr(L, m);
        }
        ld_pop(L);
    }
}

void ld_compile_step(Loader *L, const cJSON *s, uint32_t si) {
    LsrStep *st = &L->steps[si];
    char desc[96];
    const cJSON *tv = ld_member(s, "type");
    int type = -1;
    if (tv) WITH(L, s, tv, type = ld_v_word(L, tv, k_type_words, 3));
    /* A dead end may have no choices (and then no history). */
    const cJSON *dv = ld_member(s, "dead_end");
    bool dead_end = cJSON_IsTrue(dv);
    /* Unknown type: accept the keys of every kind to avoid follow-on errors. */
    KeySpec spec[SK_COUNT];
    size_t nspec = 0;
    int idx[SK_COUNT];
    for (int k = 0; k < SK_COUNT; k++) {
        bool dec = k == SK_CHOICES || k == SK_HISTORY || k == SK_DEAD_END;
        bool vote = (k >= SK_MOTION && k <= SK_THRESHOLD) || k == SK_HISTORY;
        bool logic = k == SK_NEXT;
        bool shown = (k >= SK_DATE && k <= SK_PLACE) || k == SK_IMAGE || k == SK_AT || k == SK_AREAS;
        bool common = k == SK_ID || k == SK_TYPE || k == SK_CONDITION || k == SK_OTHERWISE ||
                      k == SK_CAMPAIGN_ONLY || k == SK_EFFECTS;
        idx[k] = -1;
        if (!(common || (type != 2 && shown) || ((type == 0 || type < 0) && dec) ||
              ((type == 1 || type < 0) && vote) || ((type == 2 || type < 0) && logic)))
            continue;
        bool req = k <= SK_TYPE || (type != 2 && k >= SK_DATE && k <= SK_NARRATIVE) ||
                   (type == 0 && k == SK_CHOICES && !dead_end) || (type == 2 && k == SK_NEXT) ||
                   (type == 1 && (k == SK_MOTION || k == SK_POSITIONS || k == SK_PASS || k == SK_FAIL));
        idx[k] = (int)nspec;
        spec[nspec].name = k_step_key_names[k];
        spec[nspec].required = req;
        nspec++;
    }
    const cJSON *kv[SK_COUNT];
    ld_describe(L, desc, sizeof desc, type == 1 ? "vote step" : type == 0 ? "decision" : type == 2 ? "logic step" : "step", s);
    ld_get_keys(L, s, desc, spec, nspec, kv);
#define SKV(k) (idx[k] >= 0 ? kv[idx[k]] : NULL)
    const cJSON *k;
    if (!st->id) st->id = "";
    st->title.s = st->place.s = st->narrative.s = st->note.s = st->disagreement.s = st->motion.s = "";
    st->otherwise = LSR_NEXT_NONE;
    st->at = LSR_NEXT_NONE;
    st->hist_choice = LSR_NEXT_NONE;
    for (int t = 0; t < 3; t++) st->hist_tally[t] = -1;
    st->hist_pass = -1;
    st->pass.next = st->fail.next = st->next = LSR_NEXT_NONE;
    st->effects_first = (uint32_t)L->effects.len;
    st->pass.result.s = st->fail.result.s = "";
    if ((k = SKV(SK_DATE)))
        WITH(L, s, k, if (ld_v_date(L, k, &st->date) && L->period_ok &&
                          (lsr_date_cmp(st->date, L->pstart) < 0 || lsr_date_cmp(st->date, L->pend) > 0)) {
            char a[16], b[16];
            fmt_date(L->pstart, a, sizeof a);
            fmt_date(L->pend, b, sizeof b);
            ld_err(L, "E_DATE_OUTSIDE_PERIOD", "date %s is outside the scenario's period %s to %s", k->valuestring, a, b);
        });
    if ((k = SKV(SK_TITLE))) WITH(L, s, k, ld_v_text(L, k, &st->title));
    if ((k = SKV(SK_NARRATIVE))) WITH(L, s, k, ld_v_text(L, k, &st->narrative));
    if ((k = SKV(SK_PLACE))) WITH(L, s, k, ld_v_text(L, k, &st->place));
    if ((k = SKV(SK_AT))) WITH(L, s, k, st->at = ld_v_place_ref(L, k));
    if ((k = SKV(SK_AREAS))) WITH(L, s, k, ld_v_area_refs(L, k, &st->areas, &st->n_areas));
    if ((k = SKV(SK_IMAGE))) {
        const char *img;
        WITH(L, s, k, if ((img = ld_v_string(L, k, true))) {
            if (!lsr_path_inside(L->sc->dir, img))
                ld_err(L, "E_BAD_PATH", "image '%s' must be a relative path inside the scenario's folder, without '..' "
                    "or links leading out of it", ld_clip(L, img));
            else
                st->image = ld_adup(L, img);
        });
    }
    if ((k = SKV(SK_CAMPAIGN_ONLY))) WITH(L, s, k, ld_v_bool(L, k, &st->campaign_only));
    if ((k = SKV(SK_DEAD_END))) WITH(L, s, k, ld_v_bool(L, k, &st->dead_end); ld_need_minor(L, "'dead_end'"));
    if ((k = SKV(SK_EFFECTS)))
        WITH(L, s, k, ld_v_effects(L, k, &st->effects_first, &st->n_effects); ld_need_minor(L, "'effects' on a step"));
    if (type == 2 && tv) WITH(L, s, tv, ld_need_minor(L, "a logic step"));
    if ((k = SKV(SK_NEXT))) WITH(L, s, k, st->next = ld_v_next(L, k));
    else if (type == 2) L->graph_broken = true;
    const cJSON *cond = SKV(SK_CONDITION), *oth = SKV(SK_OTHERWISE);
    if (cond) WITH(L, s, cond, st->cond = ld_v_cond(L, cond));
    if (oth) WITH(L, s, oth, st->otherwise = ld_v_next(L, oth));
    if (cond && !oth) {
        ld_err(L, "E_MISSING_KEY", "%s has a 'condition' but no 'otherwise' saying where play goes when it is false", desc);
        L->graph_broken = true;
    }
    if (oth && !cond)
        WITH(L, s, oth, ld_warn(L, "W_OTHERWISE_UNUSED", "'otherwise' is never used because the step has no 'condition'"));

    if (type != 1) {
        const cJSON *chs = SKV(SK_CHOICES);
        if (chs) {
            ld_push_key(L, s, chs);
            if (ld_v_array(L, chs)) {
                if (st->n_choices == 0 && !st->dead_end)
                    ld_err(L, "E_STUCK_STEP", "%s has no choices, so play can never leave it (mark an intended stop "
                                              "with \"dead_end\": true)", desc);
                if (st->n_choices > MAX_CHOICES)
                    ld_err(L, "E_LIMIT", "%s has %u choices; a decision has at most 9", desc, (unsigned)st->n_choices);
                uint32_t j = 0;
                bool all_false = st->n_choices > 0;
                for (const cJSON *c = chs->child; c && !L->oom; c = c->next, j++) {
                    ld_push_idx(L, chs, j);
                    if (ld_v_object(L, c)) compile_choice(L, c, st->choices_first + j);
                    ld_pop(L);
                    LsrCond cc = L->choices[st->choices_first + j].cond;
                    if (!(cc && cc == L->false_node)) all_false = false;
                }
                if (all_false && !st->dead_end)
                    ld_err(L, "E_STUCK_STEP", "every choice of %s has the condition false, so none can ever be taken", desc);
            }
            ld_pop(L);
        }
        if (type == 0 && (st->n_choices || SKV(SK_HISTORY))) compile_decision_history(L, s, SKV(SK_HISTORY), si, desc);
    }
    if (type == 1) {
        st->hist_weight = 0;
        if ((k = SKV(SK_MOTION))) WITH(L, s, k, ld_v_text(L, k, &st->motion));
        if ((k = SKV(SK_SEATS))) WITH(L, s, k, compile_seats(L, k, st));
        if ((k = SKV(SK_POSITIONS))) WITH(L, s, k, compile_positions(L, k, st));
        if ((k = SKV(SK_PASS))) compile_branch(L, s, k, &st->pass);
        else L->graph_broken = true;
        if ((k = SKV(SK_FAIL))) compile_branch(L, s, k, &st->fail);
        else L->graph_broken = true;
        if ((k = SKV(SK_THRESHOLD))) {
            int t;
            WITH(L, s, k, t = ld_v_word(L, k, k_threshold_words, 2));
            st->threshold = t == 1 ? LSR_THRESH_TWO_THIRDS : LSR_THRESH_MAJORITY;
        }
        if ((k = SKV(SK_HISTORY))) compile_vote_history(L, s, k, st);
    }
    if (type < 0) L->graph_broken = true;
#undef SKV
}

static const KeySpec k_event_keys[] = {{"id", true},      {"condition", false}, {"title", true},
                                       {"text", true},    {"effects", false},   {"max_fires", false},
                                       {"next", false}};

void ld_compile_event(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[7];
    ld_get_keys(L, e, ld_describe(L, desc, sizeof desc, "event", e), k_event_keys, 7, k);
    LsrEvent *ev = &L->events[i];
    if (!ev->id) ev->id = "";
    ev->title.s = ev->text.s = "";
    ev->max_fires = 1;
    ev->next = LSR_NEXT_NONE;
    ev->effects_first = (uint32_t)L->effects.len;
    if (k[1]) WITH(L, e, k[1], ev->cond = ld_v_cond(L, k[1]));
    if (k[2]) WITH(L, e, k[2], ld_v_text(L, k[2], &ev->title));
    if (k[3]) WITH(L, e, k[3], ld_v_text(L, k[3], &ev->text));
    if (k[4]) WITH(L, e, k[4], ld_v_effects(L, k[4], &ev->effects_first, &ev->n_effects));
    int64_t mf;
    if (k[5]) WITH(L, e, k[5], if (ld_v_int(L, k[5], 1, 255, &mf)) ev->max_fires = (uint8_t)mf);
    if (k[6]) WITH(L, e, k[6], ev->next = ld_v_next(L, k[6]));
}
