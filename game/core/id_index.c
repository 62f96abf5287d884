/* Ids: the hash tables that find a variable, step, choice... by its id,
 * and pass 1, which fills them from the value table before pass 2 runs. */
#include "load_internal.h"

#include <string.h>

/* ================================================================= tables */

const char *const ld_kind_name[K_COUNT] = {"variable", "bloc", "actor", "source", "step", "event", "choice"};

const char *ld_kind_id(const LsrScenario *sc, Kind k, uint32_t i) {
    switch (k) {
    case K_VAR: return sc->vars[i].id;
    case K_BLOC: return sc->blocs[i].id;
    case K_ACTOR: return sc->actors[i].id;
    case K_SOURCE: return sc->sources[i].id;
    case K_NODE: return i < sc->n_steps ? sc->steps[i].id : sc->endings[i - sc->n_steps].id;
    case K_EVENT: return sc->events[i].id;
    case K_CHOICE: return sc->choices[i].id;
    case K_COUNT: break;
    }
    return NULL;
}

static bool in_scope(const LsrScenario *sc, Kind k, uint32_t i, uint32_t scope) {
    if (k != K_CHOICE) return true;
    const LsrStep *st = &sc->steps[scope];
    return i >= st->choices_first && i - st->choices_first < st->n_choices;
}

static uint64_t id_hash(const char *id, uint32_t scope) {
    return lsr_hash64(id, strlen(id), 0) ^ ((uint64_t)scope * 0x9E3779B97F4A7C15ull);
}

uint32_t ld_ix_find(const LsrScenario *sc, const IdIndex *ix, Kind k, const char *id, uint32_t scope) {
    if (!ix->slot || !id) return LSR_NEXT_NONE;
    uint32_t h = (uint32_t)id_hash(id, scope) & ix->mask;
    for (;;) {
        uint32_t v = ix->slot[h];
        if (!v) return LSR_NEXT_NONE;
        const char *other = ld_kind_id(sc, k, v - 1);
        if (in_scope(sc, k, v - 1, scope) && other && strcmp(other, id) == 0) return v - 1;
        h = (h + 1) & ix->mask;
    }
}

/* Inserts index i; returns the index already holding the id, or NONE. */
static uint32_t ix_insert(const LsrScenario *sc, IdIndex *ix, Kind k, uint32_t i, uint32_t scope) {
    const char *id = ld_kind_id(sc, k, i);
    uint32_t h = (uint32_t)id_hash(id, scope) & ix->mask;
    for (;;) {
        uint32_t v = ix->slot[h];
        if (!v) {
            ix->slot[h] = i + 1;
            return LSR_NEXT_NONE;
        }
        const char *other = ld_kind_id(sc, k, v - 1);
        if (in_scope(sc, k, v - 1, scope) && other && strcmp(other, id) == 0) return v - 1;
        h = (h + 1) & ix->mask;
    }
}

/* ============================================================== pass 1
 * Reads ids straight from the value table the scanner recorded (no cJSON
 * tree of the whole file is ever built), indexes them, and counts choices
 * and outcomes, so that pass 2 can resolve any reference, forwards or
 * backwards, while it parses and compiles one array entry at a time. */

static void set_kind_id(Loader *L, Kind k, uint32_t i, const char *id) {
    switch (k) {
    case K_VAR: L->vars[i].id = id; break;
    case K_BLOC: L->blocs[i].id = id; break;
    case K_ACTOR: L->actors[i].id = id; break;
    case K_SOURCE: L->sources[i].id = id; break;
    case K_NODE:
        if (i < L->sc->n_steps) L->steps[i].id = id;
        else L->endings[i - L->sc->n_steps].id = id;
        break;
    case K_EVENT: L->events[i].id = id; break;
    case K_CHOICE: L->choices[i].id = id; break;
    case K_COUNT: break;
    }
}

static bool ix_alloc(Loader *L, Kind k, uint32_t n) {
    uint32_t cap = 16;
    while (cap < 2u * n + 2u) cap *= 2;
    IdIndex *ix = &L->out->ix[k];
    ix->slot = ld_aarray(L, cap, sizeof(uint32_t));
    ix->mask = cap - 1;
    return ix->slot != NULL;
}

/* Checks and registers the id of object obj (entry i of kind k). */
static void index_id(Loader *L, uint32_t obj, Kind k, uint32_t i, uint32_t scope) {
    uint32_t ord = 0, id = ld_pmember(L, obj, "id", &ord);
    if (id == PNONE || L->oom) return;
    ld_push_named(L, "id", ord);
    const char *s = ld_ptype(L, id) == '"' ? ld_pstr_dup(L, id) : NULL;
    if (ld_ptype(L, id) != '"') {
        ld_err(L, "E_TYPE", "'id' must be a string, not %s", ld_ptype_name(ld_ptype(L, id)));
    } else if (s && ld_check_len(L, s)) {
        if (!ld_valid_id(s))
            ld_err(L, "E_BAD_ID",
                "'%s' is not a valid id; use 1-63 characters from a-z, 0-9, '-' and '_', starting with a letter",
                ld_clip(L, s));
        if (k == K_NODE && strcmp(s, "end") == 0) {
            ld_err(L, "E_BAD_ID", "'end' is reserved (\"next\": \"end\" picks an ending); choose another id");
        } else {
            set_kind_id(L, k, i, s);
            uint32_t prev = ix_insert(L->sc, &L->out->ix[k], k, i, scope);
            if (prev != LSR_NEXT_NONE) {
                if (k == K_NODE && (prev < L->sc->n_steps) != (i < L->sc->n_steps))
                    ld_err(L, "E_DUPLICATE_ID", "the id '%s' is already used by %s; steps and endings share ids",
                        ld_clip(L, s), prev < L->sc->n_steps ? "a step" : "an ending");
                else if (k == K_NODE)
                    ld_err(L, "E_DUPLICATE_ID", "the id '%s' is already used by another %s", ld_clip(L, s),
                        i < L->sc->n_steps ? "step" : "ending");
                else if (k == K_CHOICE)
                    ld_err(L, "E_DUPLICATE_ID", "the id '%s' is already used by another choice of this step",
                        ld_clip(L, s));
                else
                    ld_err(L, "E_DUPLICATE_ID", "the id '%s' is already used by another %s", ld_clip(L, s),
                        ld_kind_name[k]);
                set_kind_id(L, k, i, NULL);
            }
        }
    }
    ld_pop(L);
}

static void index_array(Loader *L, TopVal t, Kind k, uint32_t base) {
    if (t.pos == PNONE || ld_ptype(L, t.pos) != '[') return;
    ld_push_named(L, t.key, t.ord);
    uint32_t i = 0;
    for (uint32_t c = ld_pchild(L, t.pos); c != PNONE && !L->oom; c = ld_psib(L, t.pos, c), i++) {
        ld_push_idx(L, NULL, i);
        if (ld_ptype(L, c) == '{') index_id(L, c, k, base + i, 0);
        ld_pop(L);
    }
    ld_pop(L);
}

/* The type a step's "type" names (decisions for anything unknown). */
static LsrStepType p_step_type(const Loader *L, uint32_t step) {
    uint32_t t = ld_pmember(L, step, "type", NULL);
    if (t == PNONE || ld_ptype(L, t) != '"') return LSR_STEP_DECISION;
    size_t left = L->len - ld_pnode(L, t)->off;
    const char *v = L->src + ld_pnode(L, t)->off;
    if (left >= 6 && memcmp(v, "\"vote\"", 6) == 0) return LSR_STEP_VOTE;
    if (left >= 7 && memcmp(v, "\"logic\"", 7) == 0) return LSR_STEP_LOGIC;
    return LSR_STEP_DECISION;
}

static void limit_check(Loader *L, TopVal t, uint32_t n, uint32_t max, const char *what_) {
    if (t.pos == PNONE || n <= max) return;
    ld_push_named(L, t.key, t.ord);
    ld_err(L, "E_LIMIT", "%u %s; the limit is %u", (unsigned)n, what_, (unsigned)max);
    ld_pop(L);
}

/* Allocates the output arrays and indexes all ids.
 * top: sources, variables, blocs, actors, steps, events, endings. */
void ld_pass1(Loader *L, const TopVal *top) {
    LsrScenario *sc = L->sc;
    sc->n_sources = ld_pcount(L, top[0].pos);
    sc->n_vars = ld_pcount(L, top[1].pos);
    sc->n_blocs = ld_pcount(L, top[2].pos);
    sc->n_actors = ld_pcount(L, top[3].pos);
    sc->n_steps = ld_pcount(L, top[4].pos);
    sc->n_events = ld_pcount(L, top[5].pos);
    sc->n_endings = ld_pcount(L, top[6].pos);
    limit_check(L, top[1], sc->n_vars, MAX_VARS, "variables");
    limit_check(L, top[2], sc->n_blocs, MAX_BLOCS, "blocs");
    limit_check(L, top[5], sc->n_events, MAX_EVENTS, "events");
    limit_check(L, top[4], sc->n_steps + sc->n_endings, MAX_NODES, "steps and endings");
    sc->sources = L->sources = ld_aarray(L, sc->n_sources, sizeof(LsrSource));
    sc->vars = L->vars = ld_aarray(L, sc->n_vars, sizeof(LsrVar));
    sc->blocs = L->blocs = ld_aarray(L, sc->n_blocs, sizeof(LsrBloc));
    sc->actors = L->actors = ld_aarray(L, sc->n_actors, sizeof(LsrActor));
    sc->steps = L->steps = ld_aarray(L, sc->n_steps, sizeof(LsrStep));
    sc->events = L->events = ld_aarray(L, sc->n_events, sizeof(LsrEvent));
    sc->endings = L->endings = ld_aarray(L, sc->n_endings, sizeof(LsrEnding));
    L->step_flag = ld_aarray(L, sc->n_steps, sizeof(uint32_t));
    if (L->oom) return;
    for (uint32_t i = 0; i < sc->n_steps; i++) L->step_flag[i] = LSR_NEXT_NONE;

    /* Count choices and outcomes. */
    uint32_t nch = 0, nout = 0, i = 0;
    uint32_t steps = top[4].pos;
    bool have_steps = steps != PNONE && ld_ptype(L, steps) == '[';
    for (uint32_t s = have_steps ? ld_pchild(L, steps) : PNONE; s != PNONE; s = ld_psib(L, steps, s), i++) {
        LsrStep *st = &L->steps[i];
        st->choices_first = nch;
        st->type = p_step_type(L, s);
        if (st->type == LSR_STEP_DECISION) st->n_choices = ld_pcount(L, ld_pmember(L, s, "choices", NULL));
        nch += st->n_choices;
    }
    sc->n_choices = nch;
    sc->choices = L->choices = ld_aarray(L, nch, sizeof(LsrChoice));
    L->choice_flag = ld_aarray(L, nch, sizeof(uint32_t));
    if (L->oom) return;
    i = 0;
    for (uint32_t s = have_steps ? ld_pchild(L, steps) : PNONE; s != PNONE; s = ld_psib(L, steps, s), i++) {
        const LsrStep *st = &L->steps[i];
        if (!st->n_choices) continue;
        uint32_t g = st->choices_first, arr = ld_pmember(L, s, "choices", NULL);
        for (uint32_t c = ld_pchild(L, arr); c != PNONE; c = ld_psib(L, arr, c), g++) {
            L->choice_flag[g] = LSR_NEXT_NONE;
            LsrChoice *ch = &L->choices[g];
            ch->outcomes_first = nout;
            ch->n_outcomes = ld_pcount(L, ld_pmember(L, c, "outcomes", NULL));
            nout += ch->n_outcomes;
        }
    }
    sc->n_outcomes = nout;
    sc->outcomes = L->outcomes = ld_aarray(L, nout, sizeof(LsrOutcome));

    if (!ix_alloc(L, K_SOURCE, sc->n_sources) || !ix_alloc(L, K_VAR, sc->n_vars) ||
        !ix_alloc(L, K_BLOC, sc->n_blocs) || !ix_alloc(L, K_ACTOR, sc->n_actors) ||
        !ix_alloc(L, K_NODE, sc->n_steps + sc->n_endings) || !ix_alloc(L, K_EVENT, sc->n_events) ||
        !ix_alloc(L, K_CHOICE, nch))
        return;
    index_array(L, top[0], K_SOURCE, 0);
    index_array(L, top[1], K_VAR, 0);
    index_array(L, top[2], K_BLOC, 0);
    index_array(L, top[3], K_ACTOR, 0);
    index_array(L, top[4], K_NODE, 0);
    index_array(L, top[6], K_NODE, sc->n_steps);
    index_array(L, top[5], K_EVENT, 0);
    /* Variable types, so that conditions and effects compiled before the
     * variables (endings) already know the booleans. */
    uint32_t vars = top[1].pos, v = 0;
    if (vars != PNONE && ld_ptype(L, vars) == '[')
        for (uint32_t e = ld_pchild(L, vars); e != PNONE && v < sc->n_vars; e = ld_psib(L, vars, e), v++) {
            uint32_t t = e != PNONE && ld_ptype(L, e) == '{' ? ld_pmember(L, e, "type", NULL) : PNONE;
            if (t != PNONE && ld_ptype(L, t) == '"' && L->len - ld_pnode(L, t)->off >= 9 &&
                memcmp(L->src + ld_pnode(L, t)->off, "\"boolean\"", 9) == 0)
                L->vars[v].type = LSR_VAR_BOOLEAN;
        }
    /* Choice ids, scoped to their step. */
    if (!have_steps) return;
    ld_push_named(L, top[4].key, top[4].ord);
    i = 0;
    for (uint32_t s = ld_pchild(L, steps); s != PNONE && !L->oom; s = ld_psib(L, steps, s), i++) {
        const LsrStep *st = &L->steps[i];
        if (!st->n_choices) continue;
        uint32_t ord = 0, arr = ld_pmember(L, s, "choices", &ord), j = 0;
        ld_push_idx(L, NULL, i);
        ld_push_named(L, "choices", ord);
        for (uint32_t c = ld_pchild(L, arr); c != PNONE; c = ld_psib(L, arr, c), j++) {
            ld_push_idx(L, NULL, j);
            if (ld_ptype(L, c) == '{') index_id(L, c, K_CHOICE, st->choices_first + j, i);
            ld_pop(L);
        }
        ld_pop(L);
        ld_pop(L);
    }
    ld_pop(L);
}
