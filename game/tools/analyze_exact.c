/* `leftsr analyze`, exact analysis, part 2: over the state graph of
 * analyze_graph.c, exact path counts and probabilities, the fidelity
 * distribution, the extreme and historical paths. analyze_run.c runs it
 * all. */
#include "analyze_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef __int128 lsr_i128;

/* ------------------------------------------------------------ 128-bit */

/* Adds with saturation; returns true when the exact sum does not fit. */
static bool u128_add_sat(lsr_u128 *acc, lsr_u128 v) {
    lsr_u128 r = *acc + v;
    if (r < *acc) {
        *acc = U128_MAX;
        return true;
    }
    *acc = r;
    return false;
}

/* ------------------------------------------------------------- scores */

void lsr_analysis_score_state(const LsrScenario *sc, const int32_t *st, uint64_t earned,
                              uint64_t total, LsrPathScore *out) {
    out->earned = earned;
    out->total = total;
    out->fidelity_permille = fidelity_pm(earned, total);
    out->outcome_permille = outcome_pm(sc, st);
}

/* ----------------------------------------------------------------- paths */

void lsr_an_path_free(LsrPath *p) {
    free(p->items);
    memset(p, 0, sizeof *p);
    p->loop_at = UINT32_MAX;
}

static bool path_copy(const LsrPath *from, LsrPath *to) {
    lsr_an_path_free(to);
    *to = *from;
    to->items = malloc((from->n + 1u) * sizeof(LsrPathStep));
    if (!to->items) return false;
    memcpy(to->items, from->items, (from->n + 1u) * sizeof(LsrPathStep));
    return true;
}

/* ------------------------------------------------------- counting paths */

/* Path counts, probabilities, longest path and the outcome histogram. */
LsrAnalyzeStatus lsr_an_count_paths(Graph *g, LsrAnalysis *a) {
    const LsrScenario *sc = g->sc;
    lsr_u128 *cnt = lsr_an_zalloc((size_t)g->n, sizeof(lsr_u128));
    uint8_t *sat = lsr_an_zalloc((size_t)g->n, 1);
    long double *pr = lsr_an_zalloc((size_t)g->n, sizeof(long double));
    uint32_t *depth = lsr_an_zalloc((size_t)g->n, sizeof(uint32_t));
    if (!cnt || !sat || !pr || !depth) {
        free(cnt);
        free(sat);
        free(pr);
        free(depth);
        return LSR_AN_NOMEM;
    }
    cnt[0] = 1;
    pr[0] = 1.0L;
    a->out_min = INT32_MAX;
    a->out_max = INT32_MIN;
    LsrAnalyzeStatus err = LSR_AN_OK;
    for (uint64_t i = 0; i < g->n_order && err == LSR_AN_OK; i++) {
        uint32_t s = g->order[i];
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1]; x++) {
            const Edge *e = &g->edges[x];
            uint32_t t = e->to;
            if (u128_add_sat(&cnt[t], cnt[s]) || sat[s]) sat[t] = 1;
            const uint64_t *wd = edge_wd(g, e);
            pr[t] += pr[s] * (long double)wd[0] / (long double)wd[1];
            if (depth[s] + 1 > depth[t]) depth[t] = depth[s] + 1;
        }
        if (depth[s] > a->max_depth) a->max_depth = depth[s];
        if (g->kind[s] == K_ENDING || g->kind[s] == K_STUCK || g->kind[s] == K_FAULT || g->kind[s] == K_DEAD_END) {
            if (u128_add_sat(&a->paths_total, cnt[s]) || sat[s]) a->paths_total_sat = true;
        }
        if (g->kind[s] == K_ENDING) {
            uint32_t en = st_pos(g, s) - sc->n_steps;
            if (u128_add_sat(&a->ending_paths[en], cnt[s]) || sat[s]) a->ending_paths_sat[en] = true;
            a->ending_prob[en] += pr[s];
            if (g->live) continue; /* final values were forgotten: see analyze_scores.c */
            if (a->var_dist.var != LSR_NEXT_NONE) {
                int32_t val = g->pool[(uint64_t)s * g->W + 1 + a->var_dist.var];
                if (!lsr_an_var_value_add(&a->var_dist, val, cnt[s], sat[s], pr[s])) err = LSR_AN_NOMEM;
            }
            int32_t oc = outcome_pm(sc, g->pool + (uint64_t)s * g->W);
            int b = out_bin(oc);
            if (u128_add_sat(&a->out_hist_paths[b], cnt[s]) || sat[s]) a->out_hist_sat[b] = true;
            a->out_hist_prob[b] += pr[s];
            if (oc < a->out_min) a->out_min = oc;
            if (oc > a->out_max) a->out_max = oc;
        } else if (g->kind[s] == K_DEAD_END) {
            if (u128_add_sat(&a->dead_end_paths, cnt[s]) || sat[s]) a->dead_end_paths_sat = true;
            a->dead_end_prob += pr[s];
        } else if (g->kind[s] == K_STUCK || g->kind[s] == K_FAULT) {
            if (u128_add_sat(&a->stuck_paths, cnt[s]) || sat[s]) a->stuck_paths_sat = true;
            a->stuck_prob += pr[s];
        }
    }
    free(cnt);
    free(sat);
    free(pr);
    free(depth);
    return err;
}

/* ---------------------------------------------- fidelity distribution */

/* Keys: earned and total in two words, or in one (total in the high half)
 * when no path carries 2^32 of weight. Each chunk of a level gathers its
 * own histogram, added to the analysis after the level. */
typedef struct FidHist {
    lsr_u128 paths[LSR_HIST_FID_BINS];
    bool sat[LSR_HIST_FID_BINS];
    long double prob[LSR_HIST_FID_BINS];
} FidHist;

typedef struct FidCtx { const Graph *g; LsrAnalysis *a; bool packed; FidHist h[DP_CHUNKS]; } FidCtx;

static bool fid_edge(void *ctx, uint32_t chunk, uint32_t from, uint64_t x, uint32_t id0, uint64_t *keys, uint32_t n) {
    const FidCtx *c = ctx;
    const Graph *g = c->g;
    uint64_t gain, tot;
    (void)id0;
    (void)chunk;
    fid_gain(g->sc, &g->sc->steps[st_pos(g, from)], g->edges[x].choice, &gain, &tot);
    if (c->packed) {
        const uint64_t add = gain + (tot << 32);
        for (uint32_t q = 0; q < n; q++) keys[q] += add;
    } else {
        for (uint32_t q = 0; q < n; q++) keys[2 * q] += gain, keys[2 * q + 1] += tot;
    }
    return true; /* the same addition to every key */
}

static bool fid_arrive(void *ctx, uint32_t chunk, uint32_t s, const DpArrival *e, uint32_t id, uint64_t x) {
    FidCtx *c = ctx;
    FidHist *h = &c->h[chunk];
    (void)id;
    (void)x;
    if (c->g->kind[s] != K_ENDING) return true;
    uint64_t earned = c->packed ? e->key[0] & 0xFFFFFFFFu : e->key[0], total = c->packed ? e->key[0] >> 32 : e->key[1];
    int b = fid_bin(fidelity_pm(earned, total));
    if (u128_add_sat(&h->paths[b], e->cnt) || e->sat) h->sat[b] = true;
    h->prob[b] += e->p;
    return true;
}

static void fid_level_done(void *ctx, uint32_t n_chunks) {
    FidCtx *c = ctx;
    LsrAnalysis *a = c->a;
    for (uint32_t k = 0; k < n_chunks; k++) {
        FidHist *h = &c->h[k];
        for (int b = 0; b < LSR_HIST_FID_BINS; b++) {
            if (u128_add_sat(&a->fid_hist_paths[b], h->paths[b]) || h->sat[b]) a->fid_hist_sat[b] = true;
            a->fid_hist_prob[b] += h->prob[b];
        }
        memset(h, 0, sizeof *h);
    }
}

/* The most weight any path carries, to any end; UINT64_MAX when out of memory. */
static uint64_t max_weight(const Graph *g) {
    uint64_t *m = lsr_an_zalloc((size_t)g->n + 1u, sizeof(uint64_t)), most = 0;
    if (!m) return UINT64_MAX;
    for (uint64_t i = 0; i < g->n_order; i++) {
        uint32_t s = g->order[i];
        if (m[s] > most) most = m[s];
        uint32_t pos = st_pos(g, s);
        const LsrStep *step = pos < g->sc->n_steps ? &g->sc->steps[pos] : NULL;
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1]; x++) {
            uint64_t gain, tot;
            fid_gain(g->sc, step, g->edges[x].choice, &gain, &tot);
            uint64_t t = m[s] + tot < m[s] ? UINT64_MAX : m[s] + tot;
            if (t > m[g->edges[x].to]) m[g->edges[x].to] = t;
        }
    }
    free(m);
    return most;
}

/* Exact distribution of fidelity over paths to endings, by a keyed pass
 * over (state, earned, total). Returns false (without error) when more than
 * `budget` entries would wait at once. */
bool lsr_an_fid_exact(Graph *g, const DpOrder *ord, LsrAnalysis *a, uint64_t budget, LsrAnalyzeStatus *err) {
    FidCtx *c = calloc(1, sizeof *c);
    if (!c) {
        *err = LSR_AN_NOMEM;
        return false;
    }
    c->g = g;
    c->a = a;
    c->packed = max_weight(g) < ((uint64_t)1 << 32);
    const uint64_t start[2] = {0, 0};
    DpSpec spec = {.nw = c->packed ? 1 : 2, .wide = lsr_an_wide_counts(a), .start = start, .budget = budget,
                   .ctx = c, .edge = fid_edge, .arrive = fid_arrive, .level_done = fid_level_done};
    DpStats st;
    LsrAnalyzeStatus r = lsr_an_dp_run(g, ord, &spec, &st);
    free(c);
    if (getenv("LSR_AN_DEBUG"))
        fprintf(stderr, "fidelity: %llu entries in %u words, %llu live at most, %llu moves\n",
                (unsigned long long)st.entries, spec.nw, (unsigned long long)st.max_live, (unsigned long long)st.moves);
    if (r == LSR_AN_OK) return true;
    if (r != LSR_AN_TOO_MANY_STATES) *err = r;
    memset(a->fid_hist_paths, 0, sizeof a->fid_hist_paths);
    memset(a->fid_hist_sat, 0, sizeof a->fid_hist_sat);
    memset(a->fid_hist_prob, 0, sizeof a->fid_hist_prob);
    return false;
}

/* ---------------------------------------------------- extreme paths */

enum { DP_TOTAL, DP_MAXRATIO, DP_MINRATIO };

/* Best path to an ending maximising a per-edge additive score (see mode),
 * over the DAG in reverse topological order. Returns false when no ending
 * is reachable. best[] receives, per state, the edge to follow. Made for
 * 128-bit values, and for 64-bit ones where sums cannot overflow them
 * (half the memory to walk). */
#define DP_EXTREME(NAME, T, NEG)                                                                    \
    static bool NAME(const Graph *g, int mode, T A, T B, T *val, uint64_t *best, T *out_val) {    \
        const LsrScenario *sc = g->sc;                                                            \
        for (uint64_t i = g->n_order; i-- > 0;) {                                                 \
            uint32_t s = g->order[i];                                                             \
            best[s] = NO_EDGE;                                                                    \
            if (g->kind[s] == K_ENDING) {                                                         \
                val[s] = 0;                                                                       \
                continue;                                                                         \
            }                                                                                     \
            T here = NEG;                                                                         \
            uint64_t pick = NO_EDGE;                                                              \
            uint32_t pos = st_pos(g, s);                                                          \
            const LsrStep *step = pos < sc->n_steps ? &sc->steps[pos] : NULL;                     \
            for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1]; x++) {                          \
                const Edge *e = &g->edges[x];                                                     \
                T next = val[e->to];                                                              \
                if (next == NEG) continue;                                                        \
                uint64_t gain, tot;                                                               \
                fid_gain(sc, step, e->choice, &gain, &tot);                                       \
                T sc_e;                                                                           \
                if (mode == DP_TOTAL) sc_e = (T)tot;                                              \
                else if (mode == DP_MAXRATIO) sc_e = (T)gain * B - A * (T)tot;                    \
                else sc_e = A * (T)tot - (T)gain * B;                                             \
                T v = sc_e + next;                                                                \
                if (v > here) here = v, pick = x;                                                 \
            }                                                                                     \
            val[s] = here;                                                                        \
            best[s] = pick;                                                                       \
        }                                                                                         \
        *out_val = val[0];                                                                        \
        return val[0] != NEG;                                                                     \
    }

DP_EXTREME(dp_extreme, lsr_i128, ((lsr_i128)1 << 126) * -1)
DP_EXTREME(dp_extreme64, int64_t, INT64_MIN / 2)

/* Follows best[] from the start; fills the path and its score. */
static bool follow_best(const Graph *g, const uint64_t *best, LsrPath *path, LsrPathScore *score) {
    const LsrScenario *sc = g->sc;
    uint32_t n = 0;
    for (uint64_t s = 0; best[s] != NO_EDGE; s = g->edges[best[s]].to) n++;
    lsr_an_path_free(path);
    path->items = calloc(n + 1u, sizeof(LsrPathStep));
    if (!path->items) return false;
    path->n = n;
    uint64_t earned = 0, total = 0, s = 0;
    for (uint32_t k = 0; k < n; k++) {
        const Edge *e = &g->edges[best[s]];
        path->items[k] = edge_step(g, best[s]);
        uint64_t gain, tot;
        fid_gain(sc, &sc->steps[st_pos(g, s)], e->choice, &gain, &tot);
        earned += gain;
        total += tot;
        s = e->to;
    }
    path->end = st_pos(g, s);
    /* reduced mode keeps positions only: the outcome comes from rescore */
    if (g->live) {
        score->earned = earned;
        score->total = total;
        score->fidelity_permille = fidelity_pm(earned, total);
        score->outcome_permille = 0;
    } else {
        lsr_analysis_score_state(sc, g->pool + s * g->W, earned, total, score);
    }
    return true;
}

/* The outcome score of path p, by playing it in the engine. */
static void rescore(const LsrScenario *sc, const LsrPath *p, LsrPathScore *ps) {
    int32_t *st = malloc(sc->state_words * sizeof(int32_t));
    if (!st) return;
    lsr_state_init(sc, st, NULL);
    for (uint32_t k = 0; k < p->n; k++) {
        uint32_t o = p->items[k].outcome == LSR_NEXT_NONE ? 0 : p->items[k].outcome;
        lsr_state_advance(sc, st, p->items[k].choice, o, NULL);
    }
    ps->outcome_permille = outcome_pm(sc, st);
    free(st);
}

LsrAnalyzeStatus lsr_an_extreme_paths(Graph *g, LsrAnalysis *a) {
    lsr_i128 *val = malloc((size_t)g->n * sizeof(lsr_i128));
    uint64_t *best = malloc((size_t)g->n * sizeof(uint64_t));
    if (!val || !best) {
        free(val);
        free(best);
        return LSR_AN_NOMEM;
    }
    LsrAnalyzeStatus err = LSR_AN_OK;
    lsr_i128 v;
    if (!dp_extreme(g, DP_TOTAL, 0, 0, val, best, &v)) goto done;
    a->have_scores = true;
    /* The most weight any path carries bounds every ratio sum by 2 v^2. */
    bool small = v < ((lsr_i128)1 << 30);
    /* Both sides start from the path of most weight. */
    if (!follow_best(g, best, &a->best_fid, &a->best_fid_score) ||
        !path_copy(&a->best_fid, &a->worst_fid)) {
        err = LSR_AN_NOMEM;
        goto done;
    }
    a->worst_fid_score = a->best_fid_score;
    for (int side = 0; side < 2; side++) {
        LsrPath *p = side == 0 ? &a->best_fid : &a->worst_fid;
        LsrPathScore *ps = side == 0 ? &a->best_fid_score : &a->worst_fid_score;
        if (ps->total == 0) continue; /* no path takes a decision */
        int mode = side == 0 ? DP_MAXRATIO : DP_MINRATIO;
        /* Dinkelbach: improve the ratio until no path beats it. */
        for (int iter = 0; iter < 200; iter++) {
            bool better;
            if (small) {
                int64_t v64;
                dp_extreme64(g, mode, (int64_t)ps->earned, (int64_t)ps->total, (int64_t *)(void *)val, best, &v64);
                better = v64 > 0;
            } else {
                dp_extreme(g, mode, (lsr_i128)ps->earned, (lsr_i128)ps->total, val, best, &v);
                better = v > 0;
            }
            if (!better) break;
            if (!follow_best(g, best, p, ps)) {
                err = LSR_AN_NOMEM;
                goto done;
            }
        }
    }
    /* Reduced mode: the ending situation forgot the final values, so the
     * outcome of these paths comes from playing them again. */
    if (g->live) {
        rescore(g->sc, &a->best_fid, &a->best_fid_score);
        rescore(g->sc, &a->worst_fid, &a->worst_fid_score);
    }
    a->fid_min = a->worst_fid_score.fidelity_permille;
    a->fid_max = a->best_fid_score.fidelity_permille;
    /* Outcome extremes: the best and worst ending states. */
    if (!g->live) {
        uint64_t bs = NO_EDGE, ws = NO_EDGE;
        int32_t bv = INT32_MIN, wv = INT32_MAX;
        for (uint64_t s = 0; s < g->n; s++) {
            if (g->kind[s] != K_ENDING) continue;
            int32_t oc = outcome_pm(g->sc, g->pool + s * g->W);
            if (oc > bv) bv = oc, bs = s;
            if (oc < wv) wv = oc, ws = s;
        }
        for (int side = 0; side < 2; side++) {
            LsrPath *p = side == 0 ? &a->best_out : &a->worst_out;
            LsrPathScore *ps = side == 0 ? &a->best_out_score : &a->worst_out_score;
            uint64_t s = side == 0 ? bs : ws;
            if (!lsr_an_path_build(g, s, NULL, 0, p)) {
                err = LSR_AN_NOMEM;
                goto done;
            }
            uint64_t earned = 0, total = 0;
            for (uint64_t x = s; g->pedge[x] != NO_PEDGE; x = edge_from(g, g->pedge[x])) {
                const Edge *e = &g->edges[g->pedge[x]];
                uint64_t gain, tot;
                fid_gain(g->sc, &g->sc->steps[st_pos(g, edge_from(g, g->pedge[x]))], e->choice, &gain, &tot);
                earned += gain;
                total += tot;
            }
            lsr_analysis_score_state(g->sc, g->pool + s * g->W, earned, total, ps);
        }
    }
done:
    free(val);
    free(best);
    return err;
}

/* The historical path: the historical choice at every decision, the most
 * likely outcome at random outcomes. */
LsrAnalyzeStatus lsr_an_historical_path(const LsrScenario *sc, uint64_t limit, LsrAnalysis *a) {
    int32_t *st = malloc(sc->state_words * sizeof(int32_t));
    uint32_t cap = 64;
    LsrPath *p = &a->hist_path;
    p->items = malloc(cap * sizeof(LsrPathStep));
    if (!st || !p->items) {
        free(st);
        return LSR_AN_NOMEM;
    }
    lsr_state_init(sc, st, NULL);
    uint64_t earned = 0, total = 0;
    for (uint64_t k = 0; k <= limit; k++) {
        uint32_t pos = lsr_state_pos(st);
        if (pos >= sc->n_steps) break;
        const LsrStep *s = &sc->steps[pos];
        uint32_t i = 0, o = 0;
        LsrPathStep item = {pos, 0, LSR_NEXT_NONE};
        if (lsr_state_dead_end(sc, st)) break; /* an intended stop, not a blocked choice */
        if (s->type == LSR_STEP_DECISION) {
            i = s->hist_choice;
            if (!lsr_choice_available(sc, st, i)) {
                a->hist_blocked = true;
                break;
            }
            const LsrChoice *c = &sc->choices[s->choices_first + i];
            if (c->n_outcomes) {
                uint64_t w[16];
                lsr_outcome_weights(sc, st, i, w);
                for (uint32_t q = 1; q < c->n_outcomes; q++)
                    if (w[q] > w[o]) o = q;
                item.outcome = o;
            }
            item.choice = i;
            uint64_t gain, tot;
            fid_gain(sc, s, i, &gain, &tot);
            earned += gain;
            total += tot;
        }
        LsrStepRecord rec;
        lsr_state_advance(sc, st, i, o, &rec);
        if (s->type == LSR_STEP_VOTE) item.outcome = rec.passed ? 1 : 0;
        if (p->n == cap) {
            cap *= 2;
            LsrPathStep *ni = realloc(p->items, cap * sizeof(LsrPathStep));
            if (!ni) {
                free(st);
                return LSR_AN_NOMEM;
            }
            p->items = ni;
        }
        p->items[p->n++] = item;
    }
    p->end = lsr_state_pos(st);
    lsr_analysis_score_state(sc, st, earned, total, &a->hist_score);
    free(st);
    return LSR_AN_OK;
}

