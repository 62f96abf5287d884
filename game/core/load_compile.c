/* Pass 2 and the top level: checks and compiles the scenario's top-level
 * members and the entries of sources, glossary, goals, blocs, actors,
 * endings and variables (steps and events: load_steps.c), then the graph
 * checks (reachability). */
#include "load_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* ============================================================== pass 2 */

static const KeySpec k_source_keys[] = {
    {"id", true}, {"title", true}, {"author", true}, {"language", true}, {"perspective", false}};

static void compile_source(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[5];
    ld_get_keys(L, e, ld_describe(L, desc, sizeof desc, "source", e), k_source_keys, 5, k);
    LsrSource *s = &L->sources[i];
    if (!s->id) s->id = "";
    const char *v;
    s->title = s->author = s->language = "";
    if (k[1]) WITH(L, e, k[1], if ((v = ld_v_string(L, k[1], false))) s->title = ld_tdup(L, v));
    if (k[2]) WITH(L, e, k[2], if ((v = ld_v_string(L, k[2], false))) s->author = ld_tdup(L, v));
    if (k[3])
        WITH(L, e, k[3], if ((v = ld_v_string(L, k[3], false))) {
            if (!ld_valid_lang(v)) ld_err(L, "E_BAD_VALUE", "'%s' is not a language code such as 'en' or 'ru'", ld_clip(L, v));
            s->language = ld_adup(L, v);
        });
    if (k[4]) WITH(L, e, k[4], if ((v = ld_v_string(L, k[4], false))) { s->perspective = ld_tdup(L, v); ld_tr_plain(L, &s->perspective); });
}

static const KeySpec k_glossary_keys[] = {{"term", true}, {"definition", true}};

static void compile_glossary_entry(Loader *L, const cJSON *e, uint32_t i) {
    LsrGlossary *g = L->glossary;
    const cJSON *k[2];
    ld_get_keys(L, e, "glossary entry", k_glossary_keys, 2, k);
    g[i].term.s = g[i].definition.s = "";
    if (k[0]) WITH(L, e, k[0], ld_v_text(L, k[0], &g[i].term));
    if (k[1]) WITH(L, e, k[1], ld_v_text(L, k[1], &g[i].definition));
}

static void compile_goal(Loader *L, const cJSON *e, uint32_t i) { ld_v_text(L, e, &L->goals[i]); }

static const KeySpec k_bloc_keys[] = {{"id", true}, {"name", true}, {"color", false}, {"seats", true}};

static bool parse_color(const char *s, uint32_t *out) {
    if (strlen(s) != 7 || s[0] != '#') return false;
    uint32_t v = 0;
    for (int i = 1; i < 7; i++) {
        int h = ld_hexval(s[i]);
        if (h < 0) return false;
        v = v * 16u + (uint32_t)h;
    }
    *out = v;
    return true;
}

static void compile_bloc(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[4];
    ld_get_keys(L, e, ld_describe(L, desc, sizeof desc, "bloc", e), k_bloc_keys, 4, k);
    LsrBloc *b = &L->blocs[i];
    if (!b->id) b->id = "";
    b->name.s = "";
    b->color = 0x808080;
    if (k[1]) WITH(L, e, k[1], ld_v_text(L, k[1], &b->name));
    if (k[2])
        WITH(L, e, k[2], {
            if (!cJSON_IsString(k[2]))
                ld_err(L, "E_COLOR", "'color' must be a string \"#rrggbb\", not %s", ld_jtype(k[2]));
            else if (!parse_color(k[2]->valuestring, &b->color))
                ld_err(L, "E_COLOR", "color '%s' is not written #rrggbb (e.g. \"#8c1c13\")", ld_clip(L, k[2]->valuestring));
        });
    int64_t seats = 0;
    if (k[3]) WITH(L, e, k[3], if (ld_v_int(L, k[3], 0, VALUE_LIMIT, &seats)) b->seats = (int32_t)seats);
}

static const KeySpec k_actor_keys[] = {{"id", true}, {"name", true}, {"role", false}, {"bloc", false}};

static void compile_actor(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[4];
    ld_get_keys(L, e, ld_describe(L, desc, sizeof desc, "actor", e), k_actor_keys, 4, k);
    LsrActor *a = &L->actors[i];
    if (!a->id) a->id = "";
    a->name.s = a->role.s = "";
    a->bloc = LSR_NEXT_NONE;
    if (k[1]) WITH(L, e, k[1], ld_v_text(L, k[1], &a->name));
    if (k[2]) WITH(L, e, k[2], ld_v_text(L, k[2], &a->role));
    if (k[3]) WITH(L, e, k[3], a->bloc = ld_v_ref(L, k[3], K_BLOC));
}

static const KeySpec k_ending_keys[] = {{"id", true},       {"title", true},       {"condition", false},
                                        {"epilogue", true}, {"historical", false}, {"effects", false}};

static void compile_ending(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[6];
    ld_get_keys(L, e, ld_describe(L, desc, sizeof desc, "ending", e), k_ending_keys, 6, k);
    LsrEnding *en = &L->endings[i];
    if (!en->id) en->id = "";
    en->title.s = en->epilogue.s = "";
    en->effects_first = (uint32_t)L->effects.len;
    if (k[1]) WITH(L, e, k[1], ld_v_text(L, k[1], &en->title));
    if (k[2]) WITH(L, e, k[2], en->cond = ld_v_cond(L, k[2]));
    if (k[3]) WITH(L, e, k[3], ld_v_text(L, k[3], &en->epilogue));
    bool h = false;
    if (k[4] && (ld_push_key(L, e, k[4]), ld_v_bool(L, k[4], &h)) && h) {
        en->historical = true;
        if (L->n_hist_endings++ == 0) {
            L->first_hist = en->id;
            L->sc->historical_ending = i;
        } else {
            ld_err(L, "E_HISTORICAL_ENDING", "ending '%s' is marked historical, but so is '%s'; exactly one ending is",
                ld_clip(L, en->id), ld_clip(L, L->first_hist));
        }
    }
    if (k[4]) ld_pop(L);
    if (k[5]) WITH(L, e, k[5], ld_v_effects(L, k[5], &en->effects_first, &en->n_effects); ld_need_minor(L, "'effects' on an ending"));
}

static const KeySpec k_var_keys[] = {{"id", true},      {"label", true},   {"description", false}, {"min", false},
                                     {"max", false},    {"initial", false}, {"better", false},     {"scored", false},
                                     {"hidden", false}, {"unit", false},    {"historical", false},  {"type", false}};
static const KeySpec k_hist_point_keys[] = {{"at", true}, {"value", true}};
static const char *const k_better_words[] = {"none", "higher", "lower"};
static const char *const k_var_type_words[] = {"integer", "boolean"};

static void compile_var(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[12];
    ld_get_keys(L, e, ld_describe(L, desc, sizeof desc, "variable", e), k_var_keys, 12, k);
    LsrVar *v = &L->vars[i];
    if (!v->id) v->id = "";
    v->label.s = v->description.s = "";
    v->unit = "";
    if (k[1]) WITH(L, e, k[1], ld_v_text(L, k[1], &v->label));
    if (k[2]) WITH(L, e, k[2], ld_v_text(L, k[2], &v->description));
    int vt = 0;
    if (k[11]) WITH(L, e, k[11], vt = ld_v_word(L, k[11], k_var_type_words, 2); ld_need_minor(L, "a variable's 'type'"));
    if (!k[11] && (!k[3] || !k[4] || !k[5])) ld_need_minor(L, "a variable without 'min', 'max' or 'initial'");
    /* Booleans: 0 and 1, written false and true. */
    if (vt == 1) {
        v->type = LSR_VAR_BOOLEAN;
        v->min = 0;
        v->max = 1;
        v->has_min = v->has_max = true;
        for (int j = 3; j <= 4; j++)
            if (k[j]) WITH(L, e, k[j], ld_err(L, "E_RANGE", "a boolean variable has no '%s'; it is false or true",
                                             j == 3 ? "min" : "max"));
        bool b = false;
        if (k[5]) WITH(L, e, k[5], ld_v_bool(L, k[5], &b));
        v->initial = b ? 1 : 0;
        if (k[6]) WITH(L, e, k[6], ld_v_word(L, k[6], k_better_words, 3));
        if (k[7]) WITH(L, e, k[7], ld_err(L, "E_RANGE", "a boolean variable cannot be scored"));
        if (k[8]) WITH(L, e, k[8], ld_v_bool(L, k[8], &v->hidden));
        if (k[9]) WITH(L, e, k[9], ld_err(L, "E_RANGE", "a boolean variable has no 'unit'"));
        if (k[10]) WITH(L, e, k[10], ld_err(L, "E_RANGE", "a boolean variable has no historical values"));
        return;
    }
    int64_t mn = INT32_MIN, mx = INT32_MAX, in = 0;
    bool okmin = !k[3], okmax = !k[4], okin = true;
    if (k[3]) WITH(L, e, k[3], okmin = ld_v_int(L, k[3], -VALUE_LIMIT, VALUE_LIMIT, &mn));
    if (k[4]) WITH(L, e, k[4], okmax = ld_v_int(L, k[4], -VALUE_LIMIT, VALUE_LIMIT, &mx));
    if (k[5]) WITH(L, e, k[5], okin = ld_v_int(L, k[5], -VALUE_LIMIT, VALUE_LIMIT, &in));
    v->has_min = k[3] != NULL;
    v->has_max = k[4] != NULL;
    /* Without an initial value an integer starts at 0, or at the bound nearest 0. */
    if (!k[5] && okmin && okmax) in = mn > 0 ? mn : mx < 0 ? mx : 0;
    bool range_ok = okmin && okmax && mn < mx;
    if (okmin && okmax && mn >= mx)
        WITH(L, e, k[4], ld_err(L, "E_RANGE", "max %lld must be greater than min %lld", (long long)mx, (long long)mn));
    if (range_ok && okin && (in < mn || in > mx))
        WITH(L, e, k[5], ld_err(L, "E_RANGE", "initial value %lld is outside the range %lld..%lld", (long long)in,
                              (long long)mn, (long long)mx));
    v->min = (int32_t)mn;
    v->max = (int32_t)mx;
    v->initial = (int32_t)in;
    if (k[6]) {
        int b;
        WITH(L, e, k[6], b = ld_v_word(L, k[6], k_better_words, 3));
        if (b > 0) v->better = b == 1 ? LSR_BETTER_HIGHER : LSR_BETTER_LOWER;
    }
    bool scored = false, scored_given = false;
    if (k[7]) WITH(L, e, k[7], scored_given = ld_v_bool(L, k[7], &scored));
    if (k[8]) WITH(L, e, k[8], ld_v_bool(L, k[8], &v->hidden));
    if (k[9]) {
        const char *u;
        WITH(L, e, k[9], if ((u = ld_v_string(L, k[9], false))) { v->unit = ld_tdup(L, u); ld_tr_plain(L, &v->unit); });
    }
    if (k[10]) {
        ld_push_key(L, e, k[10]);
        if (ld_v_array(L, k[10])) {
            uint32_t n = ld_arr_len(k[10]), j = 0;
            LsrHistPoint *hp = ld_aarray(L, n, sizeof *hp);
            v->hist = hp;
            for (const cJSON *h = k[10]->child; h && hp; h = h->next, j++) {
                ld_push_idx(L, k[10], j);
                if (ld_v_object(L, h)) {
                    const cJSON *hk[2];
                    ld_get_keys(L, h, "historical point", k_hist_point_keys, 2, hk);
                    hp[v->n_hist].at = LSR_NEXT_NONE;
                    if (hk[0]) WITH(L, h, hk[0], hp[v->n_hist].at = ld_v_next(L, hk[0]));
                    if (hp[v->n_hist].at == LSR_NEXT_END) {
                        WITH(L, h, hk[0], ld_err(L, "E_UNKNOWN_REF", "'at' must name a step or an ending, not \"end\""));
                        hp[v->n_hist].at = LSR_NEXT_NONE;
                    }
                    int64_t val = 0;
                    if (hk[1] && (ld_push_key(L, h, hk[1]), ld_v_int(L, hk[1], -VALUE_LIMIT, VALUE_LIMIT, &val))) {
                        if (range_ok && (val < mn || val > mx))
                            ld_err(L, "E_RANGE", "historical value %lld is outside the range %lld..%lld of '%s'",
                                (long long)val, (long long)mn, (long long)mx, ld_clip(L, v->id));
                    }
                    if (hk[1]) ld_pop(L);
                    hp[v->n_hist].value = (int32_t)val;
                    v->n_hist++;
                }
                ld_pop(L);
            }
        }
        ld_pop(L);
    }
    v->scored = scored_given ? scored : (v->better != LSR_BETTER_NONE && v->n_hist > 0);
    /* The outcome score divides by the range: it needs both bounds. */
    if (v->scored && v->better != LSR_BETTER_NONE && v->n_hist > 0 && (!v->has_min || !v->has_max))
        ld_err(L, "E_RANGE", "variable '%s' counts in the outcome score, so it needs both 'min' and 'max'",
               ld_clip(L, v->id));
    if (scored_given && scored && (v->better == LSR_BETTER_NONE || v->n_hist == 0))
        WITH(L, e, k[7],
             ld_warn(L, "W_SCORED", "variable '%s' is scored but has %s, so it cannot be scored", ld_clip(L, v->id),
                  v->better == LSR_BETTER_NONE ? "no \"better\" direction" : "no historical values"));
}

/* ------------------------------------------------------------ top level */

enum {
    TK_FORMAT, TK_ID, TK_TITLE, TK_PERIOD, TK_BRIEFING, TK_GOALS, TK_LANGUAGE, TK_SOURCES, TK_GLOSSARY,
    TK_VARIABLES, TK_BLOCS, TK_ACTORS, TK_START, TK_STEPS, TK_EVENTS, TK_ENDINGS, TK_PLACES, TK_AREAS, TK_COUNT
};
static const KeySpec k_top_keys[TK_COUNT] = {
    {"format", true},     {"id", true},        {"title", true},     {"period", true},   {"briefing", true},
    {"goals", false},     {"language", false}, {"sources", true},   {"glossary", false}, {"variables", true},
    {"blocs", false},     {"actors", false},   {"start", true},     {"steps", true},    {"events", false},
    {"endings", true},    {"places", false},   {"areas", false}};
static const KeySpec k_period_keys[] = {{"start", true}, {"end", true}};

/* ld_get_keys over the value table, for the top-level object (whose big
 * arrays are never parsed as a whole). */
static void get_keys_pos(Loader *L, uint32_t obj, const char *desc, const KeySpec *spec, size_t n, TopVal *val) {
    for (size_t i = 0; i < n; i++) val[i] = (TopVal){PNONE, 0, spec[i].name};
    uint32_t o = 0;
    for (uint32_t m = ld_pchild(L, obj); m != PNONE; m = ld_psib(L, obj, m), o++) {
        char key[128];
        size_t kl = ld_pdecode(L, ld_key_offset(L->src, ld_pnode(L, m)->off), key, sizeof key);
        if (ld_is_comment_key(key)) continue;
        size_t i = 0;
        if (kl < sizeof key)
            while (i < n && strcmp(spec[i].name, key) != 0) i++;
        else
            i = n;
        ld_push_named(L, key, o);
        if (i == n) ld_unknown_key(L, key, desc, spec, n);
        else if (val[i].pos != PNONE)
            ld_err_key(L, LSR_SEV_ERROR, "E_DUPLICATE_KEY", "key '%s' appears more than once in %s", spec[i].name, desc);
        else
            val[i].pos = m, val[i].ord = o;
        ld_pop(L);
    }
    for (size_t i = 0; i < n; i++)
        if (spec[i].required && val[i].pos == PNONE)
            ld_err(L, "E_MISSING_KEY", "%s is missing required key '%s'", desc, spec[i].name);
}

/* Runs `body` with v bound to the top-level value t parsed alone. */
#define WITH_TOP(L, t, v, ...)                      \
    do {                                            \
        if ((t).pos != PNONE) {                     \
            const cJSON *v = ld_parse_at(L, (t).pos);  \
            ld_push_named(L, (t).key, (t).ord);        \
            if (v) {                                \
                __VA_ARGS__;                        \
            }                                       \
            ld_pop(L);                                 \
        }                                           \
    } while (0)

typedef void (*ElemFn)(Loader *L, const cJSON *e, uint32_t i);

/* Parses, checks and compiles each entry of a top-level array in turn, so
 * only one entry's cJSON tree exists at a time. */
static void each_element(Loader *L, TopVal t, ElemFn fn, bool objects) {
    if (t.pos == PNONE) return;
    ld_push_named(L, t.key, t.ord);
    if (ld_ptype(L, t.pos) != '[') {
        ld_err(L, "E_TYPE", "'%s' must be an array, not %s", t.key, ld_ptype_name(ld_ptype(L, t.pos)));
    } else {
        uint32_t i = 0;
        for (uint32_t c = ld_pchild(L, t.pos); c != PNONE && !L->oom; c = ld_psib(L, t.pos, c), i++) {
            ld_push_idx(L, NULL, i);
            const cJSON *e = ld_parse_at(L, c);
            if (e && (!objects || ld_v_object(L, e))) fn(L, e, i);
            ld_pop(L);
        }
    }
    ld_pop(L);
}

/* Refuses files of another major version, or without a usable "format". */
static bool check_format(Loader *L) {
    uint32_t ord = 0, f = ld_pmember(L, 0, "format", &ord);
    if (f == PNONE) {
        ld_err(L, "E_FORMAT_VERSION", "the file has no 'format'; this leftsr reads format 1.x (add \"format\": \"1.0\")");
        return false;
    }
    bool ok = false;
    ld_push_named(L, "format", ord);
    if (ld_ptype(L, f) != '"') {
        ld_err(L, "E_FORMAT_VERSION", "'format' must be a string such as \"1.0\", not %s; this leftsr reads format 1.x",
            ld_ptype_name(ld_ptype(L, f)));
    } else {
        char s[32];
        size_t len = ld_pdecode(L, ld_pnode(L, f)->off, s, sizeof s), a = 0, b;
        while (ld_is_digit(s[a])) a++;
        b = a + 1;
        while (s[a] == '.' && ld_is_digit(s[b])) b++;
        if (len >= sizeof s || a == 0 || a > 4 || s[a] != '.' || b == a + 1 || b - a - 1 > 4 || s[b] != '\0') {
            ld_err(L, "E_FORMAT_VERSION", "format '%s' is not of the form MAJOR.MINOR; this leftsr reads format 1.x",
                ld_clip(L, s));
        } else if (atoi(s) != LSR_FORMAT_MAJOR) {
            ld_err(L, "E_FORMAT_VERSION", "format %s is not supported; this leftsr reads format 1.x", s);
        } else {
            L->format_minor = atoi(s + a + 1);
            ok = true;
        }
    }
    ld_pop(L);
    return ok;
}

/* Breadth-first walk from the start over next/outcomes/otherwise/pass/fail;
 * an event's `next` is reachable from anywhere. `end` reaches the endings up
 * to the first one without a condition. */
static void graph_checks(Loader *L, TopVal steps_t, TopVal endings_t) {
    LsrScenario *sc = L->sc;
    uint32_t ns = sc->n_steps, ne = sc->n_endings, n = ns + ne;
    uint32_t catchall = ne;
    for (uint32_t e = 0; e < ne; e++)
        if (L->endings[e].cond == 0) {
            catchall = e;
            break;
        }
    if (L->used_end && catchall == ne && endings_t.pos != PNONE) {
        ld_push_named(L, endings_t.key, endings_t.ord);
        ld_warn(L, "W_NO_CATCHALL_ENDING",
             "\"next\": \"end\" is used but every ending has a condition; when none holds the game gets stuck");
        ld_pop(L);
    }
    if (L->graph_broken || sc->start == LSR_NEXT_NONE || L->errors) return;
    uint8_t *seen = lsr_calloc(n ? n : 1, 1);
    uint32_t *queue = lsr_malloc((n ? n : 1) * sizeof *queue);
    if (!seen || !queue) {
        lsr_free(seen);
        lsr_free(queue);
        L->oom = true;
        return;
    }
    uint32_t qh = 0, qt = 0;
    bool end_done = false;
#define VISIT(x)                                                                  \
    do {                                                                          \
        uint32_t x_ = (x);                                                        \
        if (x_ == LSR_NEXT_END) {                                                 \
            if (!end_done) {                                                      \
                end_done = true;                                                  \
                for (uint32_t e_ = 0; e_ < ne && e_ <= catchall; e_++)            \
                    if (!seen[ns + e_]) seen[ns + e_] = 1, queue[qt++] = ns + e_; \
            }                                                                     \
        } else if (x_ < n && !seen[x_]) {                                         \
            seen[x_] = 1, queue[qt++] = x_;                                       \
        }                                                                         \
    } while (0)
    VISIT(sc->start);
    for (uint32_t e = 0; e < sc->n_events; e++) VISIT(L->events[e].next);
    while (qh < qt) {
        uint32_t x = queue[qh++];
        if (x >= ns) continue;
        const LsrStep *st = &L->steps[x];
        if (st->cond) VISIT(st->otherwise);
        if (st->type == LSR_STEP_LOGIC) {
            VISIT(st->next);
            continue;
        }
        if (st->type == LSR_STEP_VOTE) {
            VISIT(st->pass.next);
            VISIT(st->fail.next);
            continue;
        }
        for (uint32_t c = st->choices_first; c < st->choices_first + st->n_choices; c++) {
            const LsrChoice *ch = &L->choices[c];
            if (ch->next != LSR_NEXT_NONE) VISIT(ch->next);
            for (uint32_t o = ch->outcomes_first; o < ch->outcomes_first + ch->n_outcomes; o++)
                VISIT(L->outcomes[o].next);
        }
    }
#undef VISIT
    const char *start = L->steps[sc->start].id;
    for (uint32_t x = 0; x < n; x++) {
        if (seen[x]) continue;
        bool is_step = x < ns;
        TopVal t = is_step ? steps_t : endings_t;
        ld_push_named(L, t.key, t.ord);
        ld_push_idx(L, NULL, is_step ? x : x - ns);
        if (is_step)
            ld_err(L, "E_UNREACHABLE", "step '%s' cannot be reached from the start step '%s'", ld_clip(L, L->steps[x].id),
                ld_clip(L, start));
        else if (end_done && x - ns > catchall)
            ld_err(L, "E_UNREACHABLE",
                "ending '%s' cannot be reached: nothing names it and \"end\" stops at the catch-all ending '%s' "
                "before it",
                ld_clip(L, L->endings[x - ns].id), ld_clip(L, L->endings[catchall].id));
        else
            ld_err(L, "E_UNREACHABLE", "ending '%s' cannot be reached from the start step '%s'",
                ld_clip(L, L->endings[x - ns].id), ld_clip(L, start));
        ld_pop(L);
        ld_pop(L);
    }
    lsr_free(seen);
    lsr_free(queue);
}

static void nonempty(Loader *L, TopVal t, const char *what_) {
    if (t.pos == PNONE || ld_ptype(L, t.pos) != '[' || ld_pchild(L, t.pos) != PNONE) return;
    ld_push_named(L, t.key, t.ord);
    ld_err(L, "E_LIMIT", "'%s' is empty; a scenario needs at least one %s", t.key, what_);
    ld_pop(L);
}

void ld_compile_all(Loader *L) {
    LsrScenario *sc = L->sc;
    if (ld_ptype(L, 0) != '{') {
        ld_err(L, "E_TYPE", "a scenario file must hold a JSON object, not %s", ld_ptype_name(ld_ptype(L, 0)));
        return;
    }
    uint32_t tord = 0, type = ld_pmember(L, 0, "type", &tord);
    if (type != PNONE && ld_ptype(L, type) == '"' && L->len - ld_pnode(L, type)->off >= 10 &&
        memcmp(L->src + ld_pnode(L, type)->off, "\"campaign\"", 10) == 0) {
        ld_push_named(L, "type", tord);
        ld_err(L, "E_BAD_VALUE", "this file is a campaign (\"type\": \"campaign\"), not a scenario; check or play it by its own path, and list only scenario files in a campaign's \"scenarios\"");
        ld_pop(L);
        return;
    }
    if (!check_format(L)) return;
    TopVal k[TK_COUNT];
    get_keys_pos(L, 0, "the scenario", k_top_keys, TK_COUNT, k);
    L->lang = "en";
    WITH_TOP(L, k[TK_LANGUAGE], v, {
        const char *lg = ld_v_string(L, v, true);
        if (lg && !ld_valid_lang(lg))
            ld_err(L, "E_BAD_VALUE", "'%s' is not a language code such as 'en' or 'ru'", ld_clip(L, lg));
        else if (lg)
            L->lang = ld_adup(L, lg);
    });
    sc->language = L->lang;
    WITH_TOP(L, k[TK_ID], v, {
        const char *id = ld_v_string(L, v, false);
        if (id && !ld_valid_id(id))
            ld_err(L, "E_BAD_ID",
                "'%s' is not a valid id; use 1-63 characters from a-z, 0-9, '-' and '_', starting with a letter",
                ld_clip(L, id));
        if (id) sc->id = ld_adup(L, id);
    });
    if (!sc->id) sc->id = "";
    WITH_TOP(L, k[TK_PERIOD], pm, if (ld_v_object(L, pm)) {
        const cJSON *pk[2];
        bool a = false, b = false;
        ld_get_keys(L, pm, "'period'", k_period_keys, 2, pk);
        if (pk[0]) WITH(L, pm, pk[0], a = ld_v_date(L, pk[0], &L->pstart));
        if (pk[1]) WITH(L, pm, pk[1], b = ld_v_date(L, pk[1], &L->pend));
        if (a && b && lsr_date_cmp(L->pstart, L->pend) > 0)
            WITH(L, pm, pk[1],
                 ld_err(L, "E_BAD_DATE", "the period ends (%s) before it starts (%s)", pk[1]->valuestring,
                     pk[0]->valuestring));
        else if (a && b)
            L->period_ok = true;
        sc->period_start = L->pstart;
        sc->period_end = L->pend;
    });
    sc->title.s = sc->briefing.s = "";
    WITH_TOP(L, k[TK_TITLE], v, ld_v_text(L, v, &sc->title));
    WITH_TOP(L, k[TK_BRIEFING], v, ld_v_text(L, v, &sc->briefing));

    const TopVal top[7] = {k[TK_SOURCES], k[TK_VARIABLES], k[TK_BLOCS], k[TK_ACTORS],
                           k[TK_STEPS],   k[TK_EVENTS],    k[TK_ENDINGS]};
    ld_pass1(L, top);
    if (L->oom) return;
    nonempty(L, k[TK_SOURCES], "source");
    nonempty(L, k[TK_VARIABLES], "variable");
    nonempty(L, k[TK_STEPS], "step");
    nonempty(L, k[TK_ENDINGS], "ending");
    uint32_t ng = ld_pcount(L, k[TK_GOALS].pos), ngl = ld_pcount(L, k[TK_GLOSSARY].pos);
    sc->goals = L->goals = ld_aarray(L, ng, sizeof(LsrText));
    sc->n_goals = ng;
    sc->glossary = L->glossary = ld_aarray(L, ngl, sizeof(LsrGlossary));
    sc->n_glossary = ngl;
    sc->historical_ending = LSR_NEXT_NONE;
    if (L->oom) return;
    each_element(L, k[TK_GOALS], compile_goal, false);
    each_element(L, k[TK_SOURCES], compile_source, true);
    each_element(L, k[TK_GLOSSARY], compile_glossary_entry, true);
    each_element(L, k[TK_BLOCS], compile_bloc, true);
    each_element(L, k[TK_ACTORS], compile_actor, true);
    each_element(L, k[TK_ENDINGS], compile_ending, true);
    if (L->n_hist_endings == 0 && sc->n_endings > 0) {
        ld_push_named(L, k[TK_ENDINGS].key, k[TK_ENDINGS].ord);
        ld_err(L, "E_HISTORICAL_ENDING", "no ending is marked \"historical\": true; exactly one must be");
        ld_pop(L);
    }
    each_element(L, k[TK_VARIABLES], compile_var, true);
    ld_places_alloc(L, ld_pcount(L, k[TK_PLACES].pos), ld_pcount(L, k[TK_AREAS].pos));
    each_element(L, k[TK_PLACES], ld_compile_place, true);
    each_element(L, k[TK_AREAS], ld_compile_area, true);
    if (k[TK_STEPS].pos == PNONE || ld_ptype(L, k[TK_STEPS].pos) != '[') L->graph_broken = true;
    each_element(L, k[TK_STEPS], ld_compile_step, true);
    each_element(L, k[TK_EVENTS], ld_compile_event, true);
    sc->start = LSR_NEXT_NONE;
    WITH_TOP(L, k[TK_START], v, sc->start = ld_v_step_ref(L, v));
    if (L->oom) return;

    /* Historical final values: the entry at the historical ending, else the last. */
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        LsrVar *var = &L->vars[v];
        if (!var->n_hist) continue;
        var->has_hist_final = true;
        var->hist_final = var->hist[var->n_hist - 1].value;
        for (uint32_t h = 0; h < var->n_hist; h++)
            if (sc->historical_ending != LSR_NEXT_NONE && var->hist[h].at == sc->n_steps + sc->historical_ending)
                var->hist_final = var->hist[h].value;
    }
    if (k[TK_STEPS].pos != PNONE && k[TK_ENDINGS].pos != PNONE && ld_ptype(L, k[TK_STEPS].pos) == '[' &&
        ld_ptype(L, k[TK_ENDINGS].pos) == '[')
        graph_checks(L, k[TK_STEPS], k[TK_ENDINGS]);
}
