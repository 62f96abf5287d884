/* `leftsr analyze`, exact analysis, part 2: over the state graph of
 * analyze_graph.c, exact path counts and probabilities, the fidelity
 * distribution, the extreme and historical paths; and the driver,
 * lsr_analysis_run, that runs it all. */
#include "analyze_internal.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

__extension__ typedef __int128 lsr_i128;

#define U128_MAX (~(lsr_u128)0)

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

static bool u128_mul_ovf(lsr_u128 a, lsr_u128 b, lsr_u128 *out) {
    if (a == 0 || b == 0) {
        *out = 0;
        return false;
    }
    if (a > U128_MAX / b) return true;
    *out = a * b;
    return false;
}

static inline int ctz128(lsr_u128 x) {
    uint64_t lo = (uint64_t)x;
    return lo ? __builtin_ctzll(lo) : 64 + __builtin_ctzll((uint64_t)(x >> 64));
}

/* Binary (Stein's) gcd: shifts and subtractions, no division. */
static lsr_u128 u128_gcd(lsr_u128 a, lsr_u128 b) {
    if (a == 0 || b == 1) return b;
    if (b == 0 || a == 1 || a == b) return a;
    if ((a >> 64) == 0 && (b >> 64) == 0) {
        uint64_t x = (uint64_t)a, y = (uint64_t)b;
        int sh = __builtin_ctzll(x | y);
        x >>= __builtin_ctzll(x);
        do {
            y >>= __builtin_ctzll(y);
            if (x > y) {
                uint64_t t = x;
                x = y;
                y = t;
            }
            y -= x;
        } while (y);
        return (lsr_u128)x << sh;
    }
    int sh = ctz128(a | b);
    a >>= ctz128(a);
    do {
        b >>= ctz128(b);
        if (a > b) {
            lsr_u128 t = a;
            a = b;
            b = t;
        }
        b -= a;
    } while (b);
    return a << sh;
}

/* Exact rational num/den; den 0 marks "not exact any more". */
typedef struct Rat { lsr_u128 num, den; } Rat;

/* r * w / d, or den=0 on overflow. */
static Rat rat_scale(Rat r, uint64_t w, uint64_t d) {
    Rat out = {0, 0};
    if (r.den == 0) return out;
    lsr_u128 g1 = u128_gcd(r.num, d), g2 = u128_gcd(w, r.den);
    lsr_u128 n1 = g1 ? r.num / g1 : 0, d1 = g1 ? d / g1 : d;
    lsr_u128 w1 = w / g2, rd = r.den / g2;
    if (u128_mul_ovf(n1, w1, &out.num) || u128_mul_ovf(rd, d1, &out.den)) out.den = 0;
    if (out.num == 0 && out.den) out.den = 1;
    return out;
}

static Rat rat_add(Rat a, Rat b) {
    Rat out = {0, 0};
    if (a.den == 0 || b.den == 0) return out;
    if (a.num == 0) return b;
    if (b.num == 0) return a;
    if (a.den == b.den) {
        lsr_u128 num = a.num + b.num;
        if (num < a.num) return out;
        lsr_u128 h = u128_gcd(num, a.den);
        out.num = num / h;
        out.den = a.den / h;
        return out;
    }
    lsr_u128 g = u128_gcd(a.den, b.den);
    lsr_u128 x, y, den;
    if (u128_mul_ovf(a.num, b.den / g, &x) || u128_mul_ovf(b.num, a.den / g, &y) ||
        u128_mul_ovf(a.den / g, b.den, &den) || x + y < x)
        return out;
    lsr_u128 num = x + y, h = u128_gcd(num, den);
    out.num = num / h;
    out.den = den / h;
    return out;
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

static void path_free(LsrPath *p) {
    free(p->items);
    memset(p, 0, sizeof *p);
    p->loop_at = UINT32_MAX;
}

static bool path_copy(const LsrPath *from, LsrPath *to) {
    path_free(to);
    *to = *from;
    to->items = malloc((from->n + 1u) * sizeof(LsrPathStep));
    if (!to->items) return false;
    memcpy(to->items, from->items, (from->n + 1u) * sizeof(LsrPathStep));
    return true;
}

/* ------------------------------------------------------- counting paths */

/* Path counts, probabilities, longest path and the outcome histogram. */
static LsrAnalyzeStatus count_paths(Graph *g, LsrAnalysis *a) {
    const LsrScenario *sc = g->sc;
    lsr_u128 *cnt = calloc((size_t)g->n, sizeof(lsr_u128));
    uint8_t *sat = calloc((size_t)g->n, 1);
    long double *pr = calloc((size_t)g->n, sizeof(long double));
    uint32_t *depth = calloc((size_t)g->n, sizeof(uint32_t));
    Rat *rat = calloc((size_t)g->n, sizeof(Rat));
    if (!cnt || !sat || !pr || !depth) {
        free(cnt);
        free(sat);
        free(pr);
        free(depth);
        free(rat);
        return LSR_AN_NOMEM;
    }
    a->prob_exact = rat != NULL;
    for (uint64_t s = 0; rat && s < g->n; s++) rat[s].den = 1;
    cnt[0] = 1;
    pr[0] = 1.0L;
    if (rat) rat[0] = (Rat){1, 1};
    for (uint32_t e = 0; e < sc->n_endings; e++) a->ending_prob_den[e] = 1;
    a->stuck_prob_den = 1;
    Rat stuck_rat = {0, 1};
    a->out_min = INT32_MAX;
    a->out_max = INT32_MIN;
    for (uint64_t i = 0; i < g->n_order; i++) {
        uint32_t s = g->order[i];
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1]; x++) {
            const Edge *e = &g->edges[x];
            uint32_t t = e->to;
            if (u128_add_sat(&cnt[t], cnt[s]) || sat[s]) sat[t] = 1;
            const uint64_t *wd = edge_wd(g, e);
            pr[t] += pr[s] * (long double)wd[0] / (long double)wd[1];
            if (depth[s] + 1 > depth[t]) depth[t] = depth[s] + 1;
            if (a->prob_exact) {
                rat[t] = rat_add(rat[t], rat_scale(rat[s], wd[0], wd[1]));
                if (rat[t].den == 0) a->prob_exact = false;
            }
        }
        if (depth[s] > a->max_depth) a->max_depth = depth[s];
        if (g->kind[s] == K_ENDING || g->kind[s] == K_STUCK || g->kind[s] == K_FAULT || g->kind[s] == K_DEAD_END) {
            if (u128_add_sat(&a->paths_total, cnt[s]) || sat[s]) a->paths_total_sat = true;
        }
        if (g->kind[s] == K_ENDING) {
            uint32_t en = st_pos(g, s) - sc->n_steps;
            if (u128_add_sat(&a->ending_paths[en], cnt[s]) || sat[s]) a->ending_paths_sat[en] = true;
            a->ending_prob[en] += pr[s];
            if (a->prob_exact) {
                Rat r = rat_add((Rat){a->ending_prob_num[en], a->ending_prob_den[en]}, rat[s]);
                if (r.den == 0) a->prob_exact = false;
                a->ending_prob_num[en] = r.num;
                a->ending_prob_den[en] = r.den;
            }
            if (g->live) continue; /* final values were forgotten: see lsr_an_exact_scores */
            if (a->var_dist.var != LSR_NEXT_NONE) {
                int32_t val = g->pool[(uint64_t)s * g->W + 1 + a->var_dist.var];
                if (!lsr_an_var_value_add(&a->var_dist, val, cnt[s], sat[s], pr[s])) {
                    free(cnt); free(sat); free(pr); free(depth); free(rat);
                    return LSR_AN_NOMEM;
                }
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
            if (a->prob_exact) {
                stuck_rat = rat_add(stuck_rat, rat[s]);
                if (stuck_rat.den == 0) a->prob_exact = false;
            }
        }
    }
    a->stuck_prob_num = stuck_rat.num;
    a->stuck_prob_den = stuck_rat.den;
    free(cnt);
    free(sat);
    free(pr);
    free(depth);
    free(rat);
    return LSR_AN_OK;
}

/* ---------------------------------------------- fidelity distribution */

/* Keys: earned and total in two words, or in one (total in the high half)
 * when no path carries 2^32 of weight. */
typedef struct FidCtx { const Graph *g; LsrAnalysis *a; bool packed; } FidCtx;

static bool fid_edge(void *ctx, uint32_t from, uint64_t x, uint32_t id0, uint64_t *keys, uint32_t n) {
    const FidCtx *c = ctx;
    const Graph *g = c->g;
    uint64_t gain, tot;
    (void)id0;
    fid_gain(g->sc, &g->sc->steps[st_pos(g, from)], g->edges[x].choice, &gain, &tot);
    if (c->packed) {
        const uint64_t add = gain + (tot << 32);
        for (uint32_t q = 0; q < n; q++) keys[q] += add;
    } else {
        for (uint32_t q = 0; q < n; q++) keys[2 * q] += gain, keys[2 * q + 1] += tot;
    }
    return true; /* the same addition to every key */
}

static bool fid_arrive(void *ctx, uint32_t s, const DpArrival *e, uint32_t id, uint64_t x) {
    const FidCtx *c = ctx;
    LsrAnalysis *a = c->a;
    (void)id;
    (void)x;
    if (c->g->kind[s] != K_ENDING) return true;
    uint64_t earned = c->packed ? e->key[0] & 0xFFFFFFFFu : e->key[0], total = c->packed ? e->key[0] >> 32 : e->key[1];
    int b = fid_bin(fidelity_pm(earned, total));
    if (u128_add_sat(&a->fid_hist_paths[b], e->cnt) || e->sat) a->fid_hist_sat[b] = true;
    a->fid_hist_prob[b] += e->p;
    return true;
}

/* The most weight any path carries, to any end; UINT64_MAX when out of memory. */
static uint64_t max_weight(const Graph *g) {
    uint64_t *m = calloc((size_t)g->n + 1u, sizeof(uint64_t)), most = 0;
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
static bool fid_exact(Graph *g, const DpOrder *ord, LsrAnalysis *a, uint64_t budget, LsrAnalyzeStatus *err) {
    FidCtx c = {g, a, max_weight(g) < ((uint64_t)1 << 32)};
    const uint64_t start[2] = {0, 0};
    DpSpec spec = {.nw = c.packed ? 1 : 2, .wide = lsr_an_wide_counts(a), .start = start, .budget = budget,
                   .ctx = &c, .edge = fid_edge, .arrive = fid_arrive};
    DpStats st;
    LsrAnalyzeStatus r = lsr_an_dp_run(g, ord, &spec, &st);
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
    path_free(path);
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

static LsrAnalyzeStatus extreme_paths(Graph *g, LsrAnalysis *a) {
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
static LsrAnalyzeStatus historical_path(const LsrScenario *sc, uint64_t limit, LsrAnalysis *a) {
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

/* --------------------------------------------------------------- driver */

void lsr_analysis_free(LsrAnalysis *a) {
    if (!a) return;
    free(a->ending_paths);
    free(a->ending_paths_sat);
    free(a->ending_prob);
    free(a->ending_prob_num);
    free(a->ending_prob_den);
    free(a->step_states);
    free(a->ending_states);
    free(a->choice_avail);
    free(a->outcome_taken);
    free(a->event_fired);
    free(a->choice_needed);
    free(a->var_hit_min);
    free(a->var_hit_max);
    if (a->var_hit_example && a->sc)
        for (uint32_t v = 0; v < a->sc->n_vars; v++) path_free(&a->var_hit_example[v]);
    free(a->var_hit_example);
    path_free(&a->cycle);
    path_free(&a->stuck_example);
    path_free(&a->best_fid);
    path_free(&a->worst_fid);
    path_free(&a->best_out);
    path_free(&a->worst_out);
    path_free(&a->hist_path);
    path_free(&a->dead_end_example);
    for (int k = 0; k < 8; k++) path_free(&a->fault_example[k]);
    free(a->var_dist.values);
    memset(a, 0, sizeof *a);
}

static bool alloc_arrays(const LsrScenario *sc, LsrAnalysis *a, const LsrAnalyzeOptions *o) {
    a->sc = sc;
    a->var_dist.var = o->want_var && o->var < sc->n_vars ? o->var : LSR_NEXT_NONE;
    a->dead_end_example.loop_at = UINT32_MAX;
    for (int k = 0; k < 8; k++) a->fault_example[k].loop_at = UINT32_MAX;
    a->cycle.loop_at = a->stuck_example.loop_at = UINT32_MAX;
    size_t ne = sc->n_endings + 1u;
    a->ending_paths = calloc(ne, sizeof(lsr_u128));
    a->ending_paths_sat = calloc(ne, sizeof(bool));
    a->ending_prob = calloc(ne, sizeof(long double));
    a->ending_prob_num = calloc(ne, sizeof(lsr_u128));
    a->ending_prob_den = calloc(ne, sizeof(lsr_u128));
    a->ending_states = calloc(ne, sizeof(uint64_t));
    a->step_states = calloc(sc->n_steps + 1u, sizeof(uint64_t));
    a->choice_avail = calloc(sc->n_choices + 1u, sizeof(uint64_t));
    a->choice_needed = calloc(sc->n_choices + 1u, sizeof(bool));
    a->outcome_taken = calloc(sc->n_outcomes + 1u, sizeof(uint64_t));
    a->event_fired = calloc(sc->n_events + 1u, sizeof(uint64_t));
    a->var_hit_min = calloc(sc->n_vars + 1u, sizeof(uint64_t));
    a->var_hit_max = calloc(sc->n_vars + 1u, sizeof(uint64_t));
    a->var_hit_example = calloc(sc->n_vars + 1u, sizeof(LsrPath));
    if (!a->ending_paths || !a->ending_paths_sat || !a->ending_prob || !a->ending_prob_num ||
        !a->ending_prob_den || !a->ending_states || !a->step_states || !a->choice_avail ||
        !a->choice_needed || !a->outcome_taken || !a->event_fired || !a->var_hit_min ||
        !a->var_hit_max || !a->var_hit_example)
        return false;
    for (uint32_t v = 0; v < sc->n_vars; v++) a->var_hit_example[v].loop_at = UINT32_MAX;
    LsrPath *paths[] = {&a->best_fid, &a->worst_fid, &a->best_out, &a->worst_out, &a->hist_path};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) paths[i]->loop_at = UINT32_MAX;
    return true;
}

/* Variables the exact score pass of reduced mode follows: the scored ones,
 * the one asked about, and any that may change where the reduced state
 * forgets it (so that its clamps are found on true values). */
static bool *tracked_vars(const Graph *g, const LsrAnalysis *a) {
    const LsrScenario *sc = g->sc;
    bool *t = calloc(sc->n_vars + 1u, sizeof(bool));
    for (uint32_t v = 0; t && v < sc->n_vars; v++) {
        const LsrVar *var = &sc->vars[v];
        t[v] = (var->scored && var->has_hist_final && var->better != LSR_BETTER_NONE) || v == a->var_dist.var;
        for (uint32_t p = 0; !t[v] && p < sc->n_steps; p++)
            t[v] = lsr_an_may_write(g, p, v) && !lsr_an_is_live(g, p, v);
    }
    return t;
}

/* Explores into g (full, or reduced with liveness and tracked effects). */
static LsrAnalyzeStatus build_graph(const LsrScenario *sc, const LsrAnalyzeOptions *o, uint64_t limit,
                                    bool reduced, Graph *g, bool **track, LsrAnalysis *a) {
    memset(g, 0, sizeof *g);
    g->sc = sc;
    g->W = sc->state_words;
    g->max_states = limit;
    g->progress = o->progress;
    a->reduced = reduced;
    a->needed_checked = !reduced;
    *track = NULL;
    if (reduced) {
        if (!lsr_an_compute_live(g) || !(*track = tracked_vars(g, a))) return LSR_AN_NOMEM;
        g->track = *track;
        if (!(g->replay = calloc(sc->n_vars + 1u, sizeof(bool)))) return LSR_AN_NOMEM;
    }
    LsrAnalyzeStatus err = lsr_an_explore(g, a);
    a->n_states = g->n;
    a->n_edges = g->ne;
    return err;
}

/* LSR_AN_DEBUG=1 in the environment: each phase's time on stderr. */
static void phase(const char *what) {
    static double last;
    if (!getenv("LSR_AN_DEBUG")) return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    long rss = 0, cur = 0;
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmHWM:", 6) == 0) rss = atol(line + 6);
        if (strncmp(line, "VmRSS:", 6) == 0) cur = atol(line + 6);
    }
    if (f) fclose(f);
    if (what) fprintf(stderr, "phase %-12s %.3f s, peak %ld KiB so far, now %ld KiB\n", what, now - last, rss, cur);
    last = now;
}

/* The fidelity distribution from random play, when the exact one would
 * need too many entries at once. */
static LsrAnalyzeStatus sample_fidelity(const LsrScenario *sc, const LsrAnalyzeOptions *o, LsrAnalysis *a) {
    LsrRandomStats rs;
    if (!lsr_random_run(sc, o->samples, o->seed, &rs)) return LSR_AN_NOMEM;
    LsrAnalyzeStatus err = rs.stopped;
    if (err == LSR_AN_OK) {
        uint64_t fin = 0;
        for (int b = 0; b < LSR_HIST_FID_BINS; b++) fin += rs.fid_hist[b];
        for (int b = 0; b < LSR_HIST_FID_BINS; b++)
            a->fid_hist_prob[b] = fin ? (long double)rs.fid_hist[b] / (long double)fin : 0;
        a->fid_sampled = true;
        a->fid_samples = o->samples;
        a->score_samples = o->samples;
    }
    lsr_random_stats_free(&rs);
    return err;
}

/* ------------------------------------------------------ the passes' threads */

enum { T_SCORES, T_FIDELITY, T_EXTREMES, T_COUNT };

typedef struct Task {
    int kind;
    uint32_t var;            /* T_SCORES: see lsr_an_score_pass */
    LsrAnalyzeStatus err;    /* fidelity: LSR_AN_TOO_MANY_STATES when it must be sampled */
} Task;

typedef struct Work {
    Graph *g;
    const DpOrder *ord;
    LsrAnalysis *a;
    const LsrAnalyzeOptions *o;
    uint32_t *var;
    Task *task;
    uint32_t n;
    _Atomic uint32_t next;
} Work;

static void *work(void *arg) {
    Work *w = arg;
    for (;;) {
        uint32_t k = w->next++;
        if (k >= w->n) break;
        Task *t = &w->task[k];
        switch (t->kind) {
        case T_SCORES: t->err = lsr_an_score_pass(w->g, w->ord, w->a, w->o->dp_budget, t->var); break;
        case T_FIDELITY: {
            LsrAnalyzeStatus err = LSR_AN_OK;
            t->err = fid_exact(w->g, w->ord, w->a, w->o->dp_budget, &err) ? LSR_AN_OK
                     : err == LSR_AN_OK ? LSR_AN_TOO_MANY_STATES : err;
            break;
        }
        case T_EXTREMES: t->err = extreme_paths(w->g, w->a); break;
        default: t->err = count_paths(w->g, w->a); break;
        }
    }
    return NULL;
}

/* Runs every task, on a second thread too when the machine has two cores
 * (or on this one alone when a thread cannot be made). */
static void run_tasks(Work *w, uint32_t first) {
    w->next = first;
#ifndef __EMSCRIPTEN__
    pthread_t th;
    bool two = sysconf(_SC_NPROCESSORS_ONLN) > 1 && w->n > first + 1 && !getenv("LSR_AN_ONE_THREAD") &&
               pthread_create(&th, NULL, work, w) == 0;
    work(w);
    if (two) pthread_join(th, NULL);
#else
    work(w);
#endif
}

/* Every pass over an explored graph. */
static LsrAnalyzeStatus analyse_graph(const LsrScenario *sc, const LsrAnalyzeOptions *o, Graph *g,
                                      LsrAnalysis *a) {
    bool reduced = g->live != NULL;
    LsrAnalyzeStatus err = LSR_AN_OK;
    free(g->htab);
    g->htab = NULL;
    /* The passes below keep about 100 bytes per situation: stop now, with
     * the exploration's counts, rather than half-way through them. */
    if (!lsr_an_budget_allows(g->n * 100u)) return LSR_AN_MEMORY_BUDGET;
    /* Examples: the first stuck (or stopped) state found is one of the closest. */
    for (uint64_t s = 0; s < g->n && err == LSR_AN_OK; s++) {
        LsrPath *ex = g->kind[s] == K_STUCK ? &a->stuck_example : g->kind[s] == K_DEAD_END ? &a->dead_end_example : NULL;
        if (ex && !ex->items && !lsr_an_path_build(g, s, NULL, 0, ex)) err = LSR_AN_NOMEM;
    }
    /* Reduced mode reads nothing but positions from here on: keep those. */
    if (reduced && g->W > 1) {
        for (uint64_t s = 0; s < g->n; s++) g->pool[s] = g->pool[s * g->W];
        int32_t *p = realloc(g->pool, (size_t)(g->n ? g->n : 1) * sizeof(int32_t));
        if (p) g->pool = p;
        g->W = 1;
    }
    if (getenv("LSR_AN_DEBUG"))
        fprintf(stderr, "graph: %llu states of %u words, %llu edges, %llu tracked effects\n", (unsigned long long)g->n,
                g->sc->state_words, (unsigned long long)g->ne, (unsigned long long)g->n_ops);
    if (getenv("LSR_AN_DEBUG"))
        fprintf(stderr, "graph: %u distinct probabilities, %u distinct effect lists\n", g->probs.n, g->seqs.n);
    phase("explore");
    if (err == LSR_AN_OK) err = lsr_an_find_order(g, a);
    if (err == LSR_AN_OK) err = historical_path(sc, g->n + 1, a);
    if (err != LSR_AN_OK || a->cyclic) return err;
    phase("order");
    /* The passes below read the graph and write apart: they share two threads. */
    for (uint64_t s = 0; s < g->n && !a->have_scores; s++) a->have_scores = g->kind[s] == K_ENDING;
    DpOrder ord;
    memset(&ord, 0, sizeof ord);
    Work w;
    memset(&w, 0, sizeof w);
    w.g = g;
    w.ord = &ord;
    w.a = a;
    w.o = o;
    w.var = malloc((sc->n_vars + 2u) * sizeof(uint32_t));
    w.task = malloc((sc->n_vars + 6u) * sizeof(Task));
    if (!w.var || !w.task) err = LSR_AN_NOMEM;
    uint32_t first = 0;
    if (err == LSR_AN_OK) {
        /* the longest first */
        uint32_t n_var = reduced && a->have_scores ? lsr_an_score_passes(g, a, w.var) : 0;
        /* first what the others need (path counts size their entries),
         * then the keyed passes, the longest first */
        w.task[w.n++] = (Task){T_EXTREMES, 0, LSR_AN_OK};
        w.task[w.n++] = (Task){T_COUNT, 0, LSR_AN_OK};
        run_tasks(&w, 0);
        phase("counts");
        for (uint32_t k = 0; k < w.n && err == LSR_AN_OK; k++) err = w.task[k].err;
        /* after the counts, whose arrays are gone by now */
        if (err == LSR_AN_OK && a->have_scores && !lsr_an_dp_order_index(g, &ord)) err = LSR_AN_NOMEM;
        first = w.n;
        for (uint32_t k = 0; k < n_var; k++) w.task[w.n++] = (Task){T_SCORES, w.var[k], LSR_AN_OK};
        if (a->have_scores) w.task[w.n++] = (Task){T_FIDELITY, 0, LSR_AN_OK};
        lsr_an_dp_progress(g->n_order * (w.n - first), g->progress);
        if (err == LSR_AN_OK) run_tasks(&w, first);
        lsr_an_dp_progress(0, false);
    }
    phase("keyed");
    if (err == LSR_AN_OK && !reduced && a->var_dist.var != LSR_NEXT_NONE) lsr_an_var_dist_finish(&a->var_dist);
    bool sample = false;
    for (uint32_t k = first; k < w.n && err == LSR_AN_OK; k++) {
        if (w.task[k].kind == T_FIDELITY && w.task[k].err == LSR_AN_TOO_MANY_STATES)
            err = sample_fidelity(sc, o, a);
        else if (w.task[k].kind == T_FIDELITY)
            err = w.task[k].err;
        /* too many value combinations to follow: sample instead */
        if (w.task[k].kind == T_SCORES && w.task[k].err == LSR_AN_TOO_MANY_STATES) sample = true;
        else if (w.task[k].kind == T_SCORES) err = w.task[k].err;
    }
    if (err == LSR_AN_OK && reduced && a->have_scores && !sample) a->clamps_sampled = false;
    free(w.var);
    free(w.task);
    lsr_an_dp_order_free(&ord);
    lsr_an_graph_free(g);
    if (err == LSR_AN_OK && sample) {
        free(a->var_dist.values);
        a->var_dist.values = NULL;
        a->var_dist.n_values = 0;
        for (uint32_t v = 0; v < sc->n_vars; v++) {
            a->var_hit_min[v] = a->var_hit_max[v] = 0;
            path_free(&a->var_hit_example[v]);
        }
        err = lsr_an_sample_scores(sc, o->samples, o->seed, a);
    }
    return err;
}

static LsrAnalyzeStatus run_graph(const LsrScenario *sc, const LsrAnalyzeOptions *o, uint64_t limit,
                                  bool reduced, LsrAnalysis *a) {
    Graph g;
    bool *track = NULL;
    LsrAnalyzeStatus err = build_graph(sc, o, limit, reduced, &g, &track, a);
    if (err == LSR_AN_OK) err = analyse_graph(sc, o, &g, a);
    lsr_an_graph_free(&g);
    free(track);
    return err;
}

static LsrAnalyzeStatus restart(const LsrScenario *sc, const LsrAnalyzeOptions *o, LsrAnalysis *a) {
    lsr_analysis_free(a);
    if (!alloc_arrays(sc, a, o)) return LSR_AN_NOMEM;
    a->max_states = o->max_states;
    return LSR_AN_OK;
}

LsrAnalyzeStatus lsr_analysis_run(const LsrScenario *sc, const LsrAnalyzeOptions *opt,
                                  LsrAnalysis *a) {
#ifdef __GLIBC__
    /* Large arrays come and go between the passes: a fixed threshold keeps
     * them mapped apart, so that freeing one gives its memory back (glibc
     * would otherwise raise the threshold and keep them in the heap). */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
    memset(a, 0, sizeof *a);
    LsrAnalyzeOptions o;
    memset(&o, 0, sizeof o);
    if (opt) o = *opt;
    if (!o.max_states) o.max_states = LSR_ANALYZE_DEFAULT_MAX_STATES;
    if (o.max_states > 0xFFFFFFF0u) o.max_states = 0xFFFFFFF0u;
    if (!o.dp_budget) o.dp_budget = 4000000u;
    if (!o.samples) o.samples = 200000u;
    if (!o.full_limit) o.full_limit = 300000u;
    uint64_t full = o.full_limit < o.max_states ? o.full_limit : o.max_states;
    if (!alloc_arrays(sc, a, &o)) return a->status = LSR_AN_NOMEM;
    a->max_states = o.max_states;
    LsrAnalyzeStatus err;
    if (o.full_limit == UINT64_MAX) {
        err = run_graph(sc, &o, full, false, a);
    } else {
        /* The reduced graph first: when it alone is larger than half the
         * full limit, the full one would not fit, and trying it costs
         * more than the rest of the analysis. */
        Graph g;
        bool *track = NULL;
        phase(NULL);
        err = build_graph(sc, &o, o.max_states, true, &g, &track, a);
        if (err == LSR_AN_OK && g.n * 2 > full) {
            err = analyse_graph(sc, &o, &g, a);
        } else if (err == LSR_AN_OK) {
            lsr_an_graph_free(&g);
            err = restart(sc, &o, a);
            if (err == LSR_AN_OK) err = run_graph(sc, &o, full, false, a);
            /* too big to keep every value: forget what nothing later reads,
             * unless the memory or time budget is already spent */
            if (err == LSR_AN_TOO_MANY_STATES && lsr_an_budget_check() == LSR_AN_OK &&
                (err = restart(sc, &o, a)) == LSR_AN_OK)
                err = run_graph(sc, &o, o.max_states, true, a);
        }
        lsr_an_graph_free(&g);
        free(track);
    }
    a->status = err;
    return err;
}

uint32_t lsr_analysis_errors(const LsrAnalysis *a) {
    if (a->status != LSR_AN_OK) return 1;
    const LsrScenario *sc = a->sc;
    uint32_t n = 0;
    if (a->stuck_states) n++;
    if (a->cyclic) n++;
    n += a->n_fault_effects;
    for (uint32_t s = 0; s < sc->n_steps; s++)
        if (!a->step_states[s] && !sc->steps[s].campaign_only) n++;
    for (uint32_t e = 0; e < sc->n_endings; e++)
        if (!a->ending_states[e]) n++;
    return n;
}
