/* `leftsr analyze`, exact analysis in reduced mode: outcome scores and the
 * final values of one chosen variable, without sampling.
 *
 * A reduced state forgets what nothing later reads, and scored variables
 * are rarely read. But every effect on them is a function of the reduced
 * state (its operand reads only live values), so each edge of the reduced
 * graph carries the list of effects it applies to the tracked variables
 * (Graph.ops). Over the graph in topological order, each state holds the
 * distinct vectors of tracked values that reach it, with their path counts
 * and probabilities; an edge replays its effects on each vector. Once a
 * scored variable can no longer change, its contribution to the outcome is
 * added to a running sum and the value forgotten, so vectors merge again. */
#include "analyze_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tracked values plus the running sum; more tracked variables than this
 * fall back to sampling. */
#define KMAX 12
#define NO_ENTRY UINT32_MAX
/* A value that can no longer change and has been counted (a variable with
 * an unbounded side is never folded, so this is never a real value). */
#define FOLDED INT32_MIN

typedef struct SItem {
    int32_t key[KMAX];
    lsr_u128 cnt;
    long double p;
    uint64_t edge;       /* edge that led here (NO_EDGE at the start) */
    uint32_t parent;     /* entry it came from (NO_ENTRY at the start) */
    uint8_t sat;
} SItem;

typedef struct SList { SItem *v; uint32_t n, cap, merged; } SList;

static uint64_t key_hash(const int32_t *key, uint32_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (uint32_t i = 0; i < n; i++) {
        h ^= (uint32_t)key[i];
        h *= 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    return h;
}

/* Merges the items of l with equal keys (the first n words; the rest are
 * zero) in place, keeping the first one's origin; returns the new count,
 * or UINT32_MAX when out of memory. *tab is scratch kept between calls. */
static uint32_t merge_equal(SList *l, uint32_t **tab, size_t *tab_cap, uint32_t n) {
    size_t size = 16;
    while (size < (size_t)l->n * 2) size *= 2;
    if (size > *tab_cap) {
        uint32_t *t = realloc(*tab, size * sizeof(uint32_t));
        if (!t) return UINT32_MAX;
        *tab = t;
        *tab_cap = size;
    }
    uint32_t *t = *tab;
    memset(t, 0xFF, size * sizeof(uint32_t));
    uint32_t k = 0;
    for (uint32_t r = 0; r < l->n; r++) {
        size_t j = (size_t)key_hash(l->v[r].key, n) & (size - 1);
        for (;;) {
            if (t[j] == UINT32_MAX) {
                t[j] = k;
                if (k != r) l->v[k] = l->v[r];
                k++;
                break;
            }
            SItem *d = &l->v[t[j]];
            if (memcmp(d->key, l->v[r].key, n * sizeof(int32_t)) == 0) {
                lsr_u128 before = d->cnt;
                d->cnt += l->v[r].cnt;
                if (d->cnt < before || l->v[r].sat) d->sat = 1;
                d->p += l->v[r].p;
                break;
            }
            j = (j + 1) & (size - 1);
        }
    }
    return k;
}

/* Outcome contribution of variable v at value val (per mille, before the
 * mean), exactly as outcome_pm adds it. */
static int64_t contrib(const LsrScenario *sc, uint32_t v, int32_t val) {
    const LsrVar *var = &sc->vars[v];
    int64_t d = (int64_t)val - var->hist_final;
    if (var->better == LSR_BETTER_LOWER) d = -d;
    int64_t range = (int64_t)var->max - var->min;
    return range > 0 ? d * 1000 / range : 0;
}

static bool counts_in_outcome(const LsrVar *v) {
    return v->scored && v->has_hist_final && v->better != LSR_BETTER_NONE;
}

typedef struct Ctx {
    const Graph *g;
    const LsrScenario *sc;
    LsrAnalysis *a;
    uint32_t m;               /* tracked variables */
    uint32_t slot_var[KMAX];  /* variable of each slot */
    int32_t *slot_of;         /* n_vars: slot, or -1 */
    uint32_t target_slot;     /* slot of a->var_dist.var, or NO_ENTRY */
    int64_t n_scored;
    /* every entry ever made: where it came from */
    uint32_t *par;
    uint64_t *par_edge;
    uint32_t n_par, cap_par;
    uint64_t max_live;        /* most vectors waiting at once */
    uint32_t *tab;            /* scratch of merge_equal */
    size_t tab_cap;
    /* clamps of tracked variables: first (entry, edge) that clamped */
    uint32_t *clamp_from;
    uint64_t *clamp_edge;
} Ctx;

/* Path from the start to entry id (its edges in order). */
static bool entry_path(const Ctx *c, uint32_t id, LsrPath *out, LsrPathScore *score, const int32_t *final_key) {
    const Graph *g = c->g;
    const LsrScenario *sc = c->sc;
    uint32_t n = 0;
    for (uint32_t x = id; c->par[x] != NO_ENTRY; x = c->par[x]) n++;
    free(out->items);
    out->items = calloc(n + 1u, sizeof(LsrPathStep));
    if (!out->items) return false;
    out->n = n;
    out->loop_at = UINT32_MAX;
    uint32_t k = n;
    uint64_t earned = 0, total = 0, last = 0;
    for (uint32_t x = id; c->par[x] != NO_ENTRY; x = c->par[x]) {
        const Edge *e = &g->edges[c->par_edge[x]];
        out->items[--k] = edge_step(g, e);
        uint64_t gain, tot;
        fid_gain(sc, &sc->steps[st_pos(g, e->from)], e->choice, &gain, &tot);
        earned += gain;
        total += tot;
        if (k == n - 1) last = e->to;
    }
    out->end = st_pos(g, last);
    if (score) {
        score->earned = earned;
        score->total = total;
        score->fidelity_permille = fidelity_pm(earned, total);
        int64_t sum = final_key[c->m];
        for (uint32_t j = 0; j < c->m; j++)
            if (final_key[j] != FOLDED && counts_in_outcome(&sc->vars[c->slot_var[j]]))
                sum += contrib(sc, c->slot_var[j], final_key[j]);
        score->outcome_permille = c->n_scored ? (int32_t)(sum / c->n_scored) : 0;
    }
    return true;
}

static bool list_reserve(SList *l, uint32_t more) {
    if (l->n + more <= l->cap) return true;
    /* grow by half: the lists waiting at once are most of the memory */
    uint32_t nc = l->cap ? l->cap : 4;
    while (nc < l->n + more) nc += nc / 2 + 4;
    SItem *nv = realloc(l->v, (size_t)nc * sizeof(SItem));
    if (!nv) return false;
    l->v = nv;
    l->cap = nc;
    return true;
}

/* Replays edge x's tracked effects on key, then folds the scored values
 * that can no longer change at the target into the running sum. */
static void replay(Ctx *c, uint64_t x, uint32_t from, int32_t *key) {
    const Graph *g = c->g;
    const LsrScenario *sc = c->sc;
    for (uint64_t k = g->op_first[x]; k < g->op_first[x + 1]; k++) {
        const TrackOp *op = &g->ops[k];
        int32_t j = c->slot_of[op->var];
        if (j < 0) continue;
        const LsrVar *v = &sc->vars[op->var];
        int64_t val = op->kind == LSR_EFF_ADD ? lsr_sat_add(key[j], op->value) : op->value;
        int side = val < v->min ? 0 : val > v->max ? 1 : -1;
        if (side >= 0) {
            val = side ? v->max : v->min;
            (side ? c->a->var_hit_max : c->a->var_hit_min)[op->var]++;
            if (c->clamp_from[op->var] == NO_ENTRY) {
                c->clamp_from[op->var] = from;
                c->clamp_edge[op->var] = x;
            }
        }
        key[j] = (int32_t)val;
    }
    uint32_t to = st_pos(g, g->edges[x].to);
    if (to >= sc->n_steps) return;
    for (uint32_t j = 0; j < c->m; j++) {
        uint32_t v = c->slot_var[j];
        if (j == c->target_slot || lsr_an_may_write(g, to, v) || key[j] == FOLDED) continue;
        if (counts_in_outcome(&sc->vars[v])) key[c->m] += (int32_t)contrib(sc, v, key[j]);
        key[j] = FOLDED;
    }
}

bool lsr_an_var_value_add(LsrVarDist *d, int32_t value, lsr_u128 cnt, bool sat, long double p) {
    uint32_t lo = 0, hi = d->n_values;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (d->values[mid].value < value) lo = mid + 1;
        else hi = mid;
    }
    if (lo == d->n_values || d->values[lo].value != value) {
        LsrVarValue *nv = realloc(d->values, (d->n_values + 1u) * sizeof(LsrVarValue));
        if (!nv) return false;
        d->values = nv;
        memmove(&d->values[lo + 1], &d->values[lo], (d->n_values - lo) * sizeof(LsrVarValue));
        memset(&d->values[lo], 0, sizeof(LsrVarValue));
        d->values[lo].value = value;
        d->n_values++;
    }
    LsrVarValue *x = &d->values[lo];
    lsr_u128 before = x->paths;
    x->paths += cnt;
    if (x->paths < before || sat) x->paths_sat = true;
    x->prob += p;
    return true;
}

void lsr_an_var_dist_finish(LsrVarDist *d) {
    long double np = 0, sp = 0, pr = 0, spr = 0;
    for (uint32_t k = 0; k < d->n_values; k++) {
        const LsrVarValue *x = &d->values[k];
        np += (long double)x->paths;
        sp += (long double)x->paths * (long double)x->value;
        pr += x->prob;
        spr += x->prob * (long double)x->value;
    }
    d->mean_paths = np > 0 ? sp / np : 0;
    d->mean_prob = pr > 0 ? spr / pr : 0;
    if (d->n_values) {
        d->min = d->values[0].value;
        d->max = d->values[d->n_values - 1].value;
    }
}

/* One pass over the graph following the variables in sel; with `scores`
 * it also fills the outcome figures and the chosen variable's values. */
static LsrAnalyzeStatus pass(const Graph *g, LsrAnalysis *a, uint64_t budget, const bool *sel, bool scores) {
    const LsrScenario *sc = g->sc;
    Ctx c;
    memset(&c, 0, sizeof c);
    c.g = g;
    c.sc = sc;
    c.a = a;
    c.target_slot = NO_ENTRY;
    c.slot_of = malloc((sc->n_vars + 1u) * sizeof(int32_t));
    c.clamp_from = malloc((sc->n_vars + 1u) * sizeof(uint32_t));
    c.clamp_edge = malloc((sc->n_vars + 1u) * sizeof(uint64_t));
    SList *lists = calloc((size_t)g->n + 1u, sizeof(SList));
    if (!c.slot_of || !lists || !c.clamp_from || !c.clamp_edge) {
        free(c.slot_of);
        free(c.clamp_from);
        free(c.clamp_edge);
        free(lists);
        return LSR_AN_NOMEM;
    }
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        c.clamp_from[v] = NO_ENTRY;
        /* this pass counts every clamp of its variables itself */
        if (sel[v]) {
            a->var_hit_min[v] = a->var_hit_max[v] = 0;
            free(a->var_hit_example[v].items);
            a->var_hit_example[v].items = NULL;
            a->var_hit_example[v].n = 0;
        }
    }
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        c.slot_of[v] = -1;
        if (!sel[v]) continue;
        if (c.m + 1 >= KMAX) {
            free(c.slot_of);
            free(c.clamp_from);
            free(c.clamp_edge);
            free(lists);
            return LSR_AN_TOO_MANY_STATES;
        }
        if (v == a->var_dist.var) c.target_slot = c.m;
        c.slot_of[v] = (int32_t)c.m;
        c.slot_var[c.m++] = v;
        if (counts_in_outcome(&sc->vars[v])) c.n_scored++;
    }
    LsrAnalyzeStatus err = LSR_AN_OK;
    uint64_t live = 1;
    int32_t best_key[KMAX], worst_key[KMAX];
    uint32_t best_id = NO_ENTRY, worst_id = NO_ENTRY;
    int32_t omin = INT32_MAX, omax = INT32_MIN;
    if (scores) {
        memset(a->out_hist_paths, 0, sizeof a->out_hist_paths);
        memset(a->out_hist_sat, 0, sizeof a->out_hist_sat);
        memset(a->out_hist_prob, 0, sizeof a->out_hist_prob);
    }

    /* the start: the initial values (the state's own, before forgetting) */
    if (!list_reserve(&lists[0], 1)) err = LSR_AN_NOMEM;
    else {
        SItem *it = &lists[0].v[lists[0].n++];
        memset(it, 0, sizeof *it);
        for (uint32_t j = 0; j < c.m; j++) it->key[j] = sc->vars[c.slot_var[j]].initial;
        it->cnt = 1;
        it->p = 1.0L;
        it->edge = NO_EDGE;
        it->parent = NO_ENTRY;
    }
    /* Events and logic steps may change values before the first step, and
     * no edge replays that: take the values from a fresh initial state. */
    int32_t *init = malloc(sc->state_words * sizeof(int32_t));
    if (!init) err = LSR_AN_NOMEM;
    else if (err == LSR_AN_OK) {
        lsr_state_init(sc, init, NULL);
        for (uint32_t j = 0; j < c.m; j++) lists[0].v[0].key[j] = init[1 + c.slot_var[j]];
    }
    free(init);

    for (uint64_t i = 0; i < g->n_order && err == LSR_AN_OK; i++) {
        uint32_t s = g->order[i];
        SList *l = &lists[s];
        if (l->n > 1) {
            uint32_t k = merge_equal(l, &c.tab, &c.tab_cap, c.m + 1);
            if (k == UINT32_MAX) {
                err = LSR_AN_NOMEM;
                break;
            }
            live -= l->n - k;
            l->n = k;
        }
        /* entry ids: where each distinct vector came from */
        uint32_t first_id = c.n_par;
        if (c.n_par + l->n > c.cap_par) {
            uint32_t nc = c.cap_par ? c.cap_par : 4096;
            while (nc < c.n_par + l->n) nc *= 2;
            uint32_t *np = realloc(c.par, (size_t)nc * sizeof(uint32_t));
            if (np) c.par = np;
            uint64_t *ne = realloc(c.par_edge, (size_t)nc * sizeof(uint64_t));
            if (ne) c.par_edge = ne;
            if (!np || !ne) {
                err = LSR_AN_NOMEM;
                break;
            }
            c.cap_par = nc;
        }
        for (uint32_t k = 0; k < l->n; k++) {
            c.par[c.n_par] = l->v[k].parent;
            c.par_edge[c.n_par] = l->v[k].edge;
            c.n_par++;
        }
        if (scores && g->kind[s] == K_ENDING) {
            for (uint32_t k = 0; k < l->n; k++) {
                const SItem *it = &l->v[k];
                int64_t sum = it->key[c.m];
                for (uint32_t j = 0; j < c.m; j++)
                    if (it->key[j] != FOLDED && counts_in_outcome(&sc->vars[c.slot_var[j]]))
                        sum += contrib(sc, c.slot_var[j], it->key[j]);
                int32_t oc = c.n_scored ? (int32_t)(sum / c.n_scored) : 0;
                int b = out_bin(oc);
                lsr_u128 before = a->out_hist_paths[b];
                a->out_hist_paths[b] += it->cnt;
                if (a->out_hist_paths[b] < before || it->sat) a->out_hist_sat[b] = true;
                a->out_hist_prob[b] += it->p;
                if (oc > omax) omax = oc, best_id = first_id + k, memcpy(best_key, it->key, sizeof best_key);
                if (oc < omin) omin = oc, worst_id = first_id + k, memcpy(worst_key, it->key, sizeof worst_key);
                if (c.target_slot != NO_ENTRY &&
                    !lsr_an_var_value_add(&a->var_dist, it->key[c.target_slot], it->cnt, it->sat, it->p))
                    err = LSR_AN_NOMEM;
            }
        }
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1] && err == LSR_AN_OK; x++) {
            const Edge *e = &g->edges[x];
            SList *d = &lists[e->to];
            if (!list_reserve(d, l->n)) {
                err = LSR_AN_NOMEM;
                break;
            }
            long double w = (long double)e->w / (long double)e->d;
            for (uint32_t k = 0; k < l->n; k++) {
                SItem *it = &d->v[d->n++];
                *it = l->v[k];
                it->p *= w;
                it->parent = first_id + k;
                it->edge = x;
                replay(&c, x, first_id + k, it->key);
            }
            live += l->n;
            /* merge duplicates while they wait: half the vectors arriving
             * at a state usually equal one already there */
            if (d->n > 2 * d->merged + 256) {
                uint32_t k = merge_equal(d, &c.tab, &c.tab_cap, c.m + 1);
                if (k == UINT32_MAX) {
                    err = LSR_AN_NOMEM;
                    break;
                }
                live -= d->n - k;
                d->n = d->merged = k;
            }
            if (live > c.max_live) c.max_live = live;
            if (live > budget) err = LSR_AN_TOO_MANY_STATES;
        }
        live -= l->n;
        free(l->v);
        l->v = NULL;
        l->n = l->cap = 0;
    }
    for (uint64_t s = 0; s < g->n; s++) free(lists[s].v);
    free(lists);
    if (err == LSR_AN_OK && scores && best_id != NO_ENTRY) {
        a->out_min = omin;
        a->out_max = omax;
        if (!entry_path(&c, best_id, &a->best_out, &a->best_out_score, best_key) ||
            !entry_path(&c, worst_id, &a->worst_out, &a->worst_out_score, worst_key))
            err = LSR_AN_NOMEM;
        a->outcome_sampled = false;
        if (c.target_slot != NO_ENTRY) lsr_an_var_dist_finish(&a->var_dist);
    }
    if (err == LSR_AN_OK) {
        for (uint32_t v = 0; v < sc->n_vars && err == LSR_AN_OK; v++) {
            if (c.clamp_from[v] == NO_ENTRY) continue;
            LsrPath *ex = &a->var_hit_example[v];
            if (!entry_path(&c, c.clamp_from[v], ex, NULL, NULL)) {
                err = LSR_AN_NOMEM;
                break;
            }
            LsrPathStep *ni = realloc(ex->items, (ex->n + 2u) * sizeof(LsrPathStep));
            if (!ni) {
                err = LSR_AN_NOMEM;
                break;
            }
            ex->items = ni;
            ex->items[ex->n++] = edge_step(g, &g->edges[c.clamp_edge[v]]);
            ex->end = st_pos(g, g->edges[c.clamp_edge[v]].to);
        }
    }
    if (err != LSR_AN_OK) {
        /* the caller may sample instead: leave no partial counts */
        for (uint32_t v = 0; v < sc->n_vars; v++)
            if (sel[v]) a->var_hit_min[v] = a->var_hit_max[v] = 0;
    }
    if (getenv("LSR_AN_DEBUG")) {
        fprintf(stderr, "scores: %u tracked:", c.m);
        for (uint32_t j = 0; j < c.m; j++) fprintf(stderr, " %s", sc->vars[c.slot_var[j]].id);
        fprintf(stderr, "; %u entries, %llu live at most, %llu ops\n", c.n_par, (unsigned long long)c.max_live,
                (unsigned long long)g->n_ops);
    }
    free(c.tab);
    free(c.par);
    free(c.par_edge);
    free(c.slot_of);
    free(c.clamp_from);
    free(c.clamp_edge);
    return err;
}

/* The scored variables and the chosen one together (the outcome needs
 * their joint values); every other tracked variable alone, for its clamps,
 * which keeps the number of value combinations small. */
LsrAnalyzeStatus lsr_an_exact_scores(const Graph *g, LsrAnalysis *a, uint64_t budget) {
    const LsrScenario *sc = g->sc;
    bool *sel = calloc(sc->n_vars + 1u, sizeof(bool));
    if (!sel) return LSR_AN_NOMEM;
    for (uint32_t v = 0; v < sc->n_vars; v++)
        sel[v] = g->track[v] && (counts_in_outcome(&sc->vars[v]) || v == a->var_dist.var);
    LsrAnalyzeStatus err = pass(g, a, budget, sel, true);
    for (uint32_t v = 0; v < sc->n_vars && err == LSR_AN_OK; v++) {
        if (!g->track[v] || !g->replay[v] || counts_in_outcome(&sc->vars[v]) || v == a->var_dist.var) continue;
        memset(sel, 0, sc->n_vars * sizeof(bool));
        sel[v] = true;
        err = pass(g, a, budget, sel, false);
    }
    free(sel);
    if (err == LSR_AN_OK) a->clamps_sampled = false;
    return err;
}
