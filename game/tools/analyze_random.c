/* `leftsr analyze --random`: random play-throughs (uniform over available
 * choices, outcomes by weight) counted per step, choice, outcome, event and
 * ending; and the sampling that stands in for exact scores in reduced mode. */
#include "analyze_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- RNG */

typedef struct Rng { uint64_t s[4]; } Rng;

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void rng_seed(Rng *r, uint64_t seed) {
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* xoshiro256** */
static inline uint64_t rng_next(Rng *r) {
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Unbiased integer in [0, n) (Lemire). n > 0. */
static inline uint64_t rng_below(Rng *r, uint64_t n) {
    lsr_u128 m = (lsr_u128)rng_next(r) * n;
    uint64_t lo = (uint64_t)m;
    if (lo < n) {
        uint64_t thresh = (0 - n) % n;
        while (lo < thresh) {
            m = (lsr_u128)rng_next(r) * n;
            lo = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

/* --------------------------------------------------------- random play */

static uint32_t pick_outcome(Rng *r, const uint64_t *w, uint32_t n, uint64_t sum) {
    if (sum == 0) return 0;
    uint64_t x = rng_below(r, sum);
    for (uint32_t k = 0; k < n; k++) {
        if (x < w[k]) return k;
        x -= w[k];
    }
    return n - 1;
}

void lsr_random_stats_free(LsrRandomStats *rs) {
    if (!rs) return;
    free(rs->var_dist.values);
    free(rs->ending_hits);
    free(rs->step_hits);
    free(rs->choice_hits);
    free(rs->outcome_hits);
    free(rs->event_hits);
    memset(rs, 0, sizeof *rs);
}

/* A bounded memo of situations met in random play: per state, its
 * available choices, outcome weights and (once computed) successor states,
 * so that the early, much-repeated part of every play-through costs a few
 * memory reads instead of evaluating conditions again. When it is full,
 * play continues uncached; the draws are the same either way. */
#ifndef LSR_RANDOM_MEMO_MIN_RUNS
#define LSR_RANDOM_MEMO_MIN_RUNS 20000u
#endif
#define MEMO_UNKNOWN UINT64_MAX
#define MEMO_FULL (UINT64_MAX - 1)

typedef struct Memo {
    const LsrScenario *sc;
    uint32_t W;
    uint64_t n, cap, mask;
    int32_t *pool;
    uint64_t *tab;       /* index + 1, 0 empty */
    uint64_t *opt;       /* per state: offset into ops */
    uint64_t *ops;
    size_t nops, capops, maxops;
} Memo;

static bool memo_init(Memo *m, const LsrScenario *sc, uint64_t cap) {
    memset(m, 0, sizeof *m);
    m->sc = sc;
    m->W = sc->state_words;
    m->cap = cap;
    m->mask = cap * 2 - 1;
    m->pool = malloc((size_t)cap * m->W * sizeof(int32_t));
    m->tab = calloc((size_t)cap * 2, sizeof(uint64_t));
    m->opt = malloc((size_t)cap * sizeof(uint64_t));
    m->capops = 1u << 16;
    m->maxops = (size_t)cap * 16u;
    m->ops = malloc(m->capops * sizeof(uint64_t));
    return m->pool && m->tab && m->opt && m->ops;
}

static void memo_free(Memo *m) {
    free(m->pool);
    free(m->tab);
    free(m->opt);
    free(m->ops);
}

static bool memo_reserve(Memo *m, size_t k) {
    if (m->nops + k <= m->capops) return true;
    size_t nc = m->capops * 2;
    while (nc < m->nops + k) nc *= 2;
    if (nc > m->maxops) return false;
    uint64_t *no = realloc(m->ops, nc * sizeof(uint64_t));
    if (!no) return false;
    m->ops = no;
    m->capops = nc;
    return true;
}

/* Index of state st in the memo, adding it (with its choices and weights)
 * when new; MEMO_FULL when there is no room. */
static uint64_t memo_get(Memo *m, const int32_t *st) {
    const LsrScenario *sc = m->sc;
    uint64_t h = state_hash(st, m->W), j = h & m->mask;
    size_t bytes = m->W * sizeof(int32_t);
    while (m->tab[j]) {
        uint64_t idx = m->tab[j] - 1;
        if (memcmp(m->pool + idx * m->W, st, bytes) == 0) return idx;
        j = (j + 1) & m->mask;
    }
    if (m->n >= m->cap || !memo_reserve(m, 1 + 9 * 35)) return MEMO_FULL;
    uint64_t idx = m->n++;
    memcpy(m->pool + idx * m->W, st, bytes);
    m->tab[j] = idx + 1;
    m->opt[idx] = m->nops;
    uint32_t pos = lsr_state_pos(st);
    uint64_t *o = m->ops + m->nops;
    size_t k = 1;
    o[0] = 0;
    if (pos < sc->n_steps) {
        const LsrStep *s = &sc->steps[pos];
        if (s->type == LSR_STEP_VOTE) {
            o[0] = 1;
            o[k++] = 0;
            o[k++] = 0;
            o[k++] = 0;
            o[k++] = MEMO_UNKNOWN;
        } else {
            for (uint32_t i = 0; i < s->n_choices && i < 16; i++) {
                if (!lsr_choice_available(sc, st, i)) continue;
                const LsrChoice *c = &sc->choices[s->choices_first + i];
                o[0]++;
                o[k++] = i;
                o[k++] = c->n_outcomes;
                if (c->n_outcomes) {
                    uint64_t w[16];
                    o[k++] = lsr_outcome_weights(sc, st, i, w);
                    for (uint32_t q = 0; q < c->n_outcomes; q++) o[k++] = w[q];
                    for (uint32_t q = 0; q < c->n_outcomes; q++) o[k++] = MEMO_UNKNOWN;
                } else {
                    o[k++] = 0;
                    o[k++] = MEMO_UNKNOWN;
                }
            }
        }
    }
    m->nops += k;
    return idx;
}

bool lsr_random_run(const LsrScenario *sc, uint64_t n, uint64_t seed, LsrRandomStats *rs) {
    return lsr_random_run_var(sc, n, seed, LSR_NEXT_NONE, rs);
}

bool lsr_random_run_var(const LsrScenario *sc, uint64_t n, uint64_t seed, uint32_t var, LsrRandomStats *rs) {
    memset(rs, 0, sizeof *rs);
    rs->var_dist.var = var < sc->n_vars ? var : LSR_NEXT_NONE;
    rs->ending_hits = calloc(sc->n_endings + 1u, sizeof(uint64_t));
    rs->step_hits = calloc(sc->n_steps + 1u, sizeof(uint64_t));
    rs->choice_hits = calloc(sc->n_choices + 1u, sizeof(uint64_t));
    rs->outcome_hits = calloc(sc->n_outcomes + 1u, sizeof(uint64_t));
    rs->event_hits = calloc(sc->n_events + 1u, sizeof(uint64_t));
    int32_t *init = malloc(sizeof(int32_t) * sc->state_words);
    int32_t *st = malloc(sizeof(int32_t) * sc->state_words);
    Memo memo;
    /* The memo pays for itself only over many runs; small enough to stay in
     * cache, it holds the first, most repeated steps of the scenario. */
    /* Logic steps are passed within transitions, which the memo skips:
     * with any, every transition is played so that they are counted. */
    bool has_logic = false;
    for (uint32_t p = 0; p < sc->n_steps; p++) has_logic |= sc->steps[p].type == LSR_STEP_LOGIC;
    uint64_t memo_cap = n >= LSR_RANDOM_MEMO_MIN_RUNS && !has_logic ? (uint64_t)1 << 13 : 1;
    bool memo_ok = memo_init(&memo, sc, memo_cap);
    if (!rs->ending_hits || !rs->step_hits || !rs->choice_hits || !rs->outcome_hits ||
        !rs->event_hits || !init || !st || !memo_ok) {
        free(init);
        free(st);
        memo_free(&memo);
        lsr_random_stats_free(rs);
        return false;
    }
    rs->fid_min = rs->out_min = INT32_MAX;
    rs->fid_max = rs->out_max = INT32_MIN;
    Rng rng;
    rng_seed(&rng, seed);
    LsrStepRecord rec0, rec;
    lsr_state_init_record(sc, init, NULL, &rec0);
    const size_t bytes = sizeof(int32_t) * sc->state_words;
    /* A cycle-free play-through resolves each reachable state at most once;
     * this bound only stops cyclic scenarios. */
    const uint64_t limit = 1000u + 64u * (uint64_t)sc->n_steps;
    const uint32_t fw = lsr_impl(sc)->fires_word0;
    const uint64_t start = memo_get(&memo, init);
    uint64_t run = 0;
    for (; run < n; run++) {
        if ((rs->stopped = lsr_an_budget_tick()) != LSR_AN_OK) break;
        uint64_t cur = start;  /* memo index, or MEMO_FULL: play on st */
        for (uint32_t k = 0; k < rec0.n_logic && k < 16; k++) rs->step_hits[rec0.logic[k]]++;
        if (cur == MEMO_FULL) memcpy(st, init, bytes);
        uint64_t earned = 0, total = 0, steps = 0;
        bool finished = false;
        for (;;) {
            const int32_t *now = cur == MEMO_FULL ? st : memo.pool + cur * memo.W;
            uint32_t pos = lsr_state_pos(now);
            if (pos >= sc->n_steps) {
                if (pos < sc->n_steps + sc->n_endings) {
                    rs->ending_hits[pos - sc->n_steps]++;
                    finished = true;
                } else {
                    rs->stuck++;
                }
                break;
            }
            if (steps++ >= limit) {
                rs->unfinished++;
                break;
            }
            /* An event storm makes one step cost seconds: the budget is
             * checked per step, not per run. */
            if (lsr_an_budget_tick() != LSR_AN_OK) break;
            rs->step_hits[pos]++;
            const LsrStep *s = &sc->steps[pos];
            uint32_t i, o = 0;
            uint64_t *slot = NULL;
            if (cur != MEMO_FULL) {
                const uint64_t *b = memo.ops + memo.opt[cur];
                uint64_t na = b[0];
                if (na == 0) {
                    rs->stuck++;
                    break;
                }
                uint64_t pick = (s->type == LSR_STEP_VOTE || na == 1) ? 0 : rng_below(&rng, na);
                size_t off = (size_t)memo.opt[cur] + 1;
                for (uint64_t k = 0; k < pick; k++) {
                    uint64_t no = memo.ops[off + 1];
                    off += no ? 3 + 2 * no : 4;
                }
                i = (uint32_t)memo.ops[off];
                uint32_t nout = (uint32_t)memo.ops[off + 1];
                if (nout) {
                    uint64_t sum = memo.ops[off + 2];
                    o = pick_outcome(&rng, memo.ops + off + 3, nout, sum);
                    slot = &memo.ops[off + 3 + nout + o];
                } else {
                    slot = &memo.ops[off + 3];
                }
            } else {
                if (s->type == LSR_STEP_VOTE) {
                    i = 0;
                } else {
                    uint32_t avail[16], na = 0;
                    for (uint32_t k = 0; k < s->n_choices && k < 16; k++)
                        if (lsr_choice_available(sc, st, k)) avail[na++] = k;
                    if (na == 0) {
                        rs->stuck++;
                        break;
                    }
                    i = avail[na == 1 ? 0 : rng_below(&rng, na)];
                    const LsrChoice *c = &sc->choices[s->choices_first + i];
                    if (c->n_outcomes) {
                        uint64_t w[16];
                        uint64_t sum = lsr_outcome_weights(sc, st, i, w);
                        o = pick_outcome(&rng, w, c->n_outcomes, sum);
                    }
                }
            }
            if (s->type == LSR_STEP_DECISION) {
                const LsrChoice *c = &sc->choices[s->choices_first + i];
                if (c->n_outcomes) rs->outcome_hits[c->outcomes_first + o]++;
                rs->choice_hits[s->choices_first + i]++;
                uint64_t g, t;
                fid_gain(sc, s, i, &g, &t);
                earned += g;
                total += t;
            }
            if (cur == MEMO_FULL) {
                lsr_state_advance(sc, st, i, o, has_logic ? &rec : NULL);
                for (uint32_t k = 0; has_logic && k < rec.n_logic && k < 16; k++) rs->step_hits[rec.logic[k]]++;
            } else if (*slot != MEMO_UNKNOWN && *slot != MEMO_FULL) {
                cur = *slot;
            } else {
                memcpy(st, memo.pool + cur * memo.W, bytes);
                lsr_state_advance(sc, st, i, o, has_logic ? &rec : NULL);
                for (uint32_t k = 0; has_logic && k < rec.n_logic && k < 16; k++) rs->step_hits[rec.logic[k]]++;
                if (*slot == MEMO_UNKNOWN) {
                    /* memo_get may move memo.ops: store through the offset */
                    size_t soff = (size_t)(slot - memo.ops);
                    uint64_t nx = memo_get(&memo, st);
                    memo.ops[soff] = nx;
                    cur = nx;
                } else {
                    cur = MEMO_FULL;
                }
            }
        }
        if ((rs->stopped = lsr_an_budget.hit) != LSR_AN_OK) break;  /* a run cut short is not counted */
        rs->steps_total += steps;
        const int32_t *fin = cur == MEMO_FULL ? st : memo.pool + cur * memo.W;
        const uint8_t *fires = (const uint8_t *)(const void *)(fin + fw);
        for (uint32_t e = 0; e < sc->n_events; e++) rs->event_hits[e] += fires[e];
        if (!finished && lsr_state_dead_end(sc, fin)) rs->dead_ends++;
        if (finished && rs->var_dist.var != LSR_NEXT_NONE &&
            !lsr_an_var_value_add(&rs->var_dist, fin[1 + rs->var_dist.var], 1, false, 1.0L)) {
            free(init);
            free(st);
            memo_free(&memo);
            lsr_random_stats_free(rs);
            return false;
        }
        if (finished) {
            int32_t f = fidelity_pm(earned, total), oc = outcome_pm(sc, fin);
            rs->fid_hist[fid_bin(f)]++;
            rs->out_hist[out_bin(oc)]++;
            if (f < rs->fid_min) rs->fid_min = f;
            if (f > rs->fid_max) rs->fid_max = f;
            if (oc < rs->out_min) rs->out_min = oc;
            if (oc > rs->out_max) rs->out_max = oc;
        }
    }
    rs->runs = run;
    rs->requested = n;
    if (rs->var_dist.var != LSR_NEXT_NONE) lsr_an_var_dist_finish(&rs->var_dist);
    free(init);
    free(st);
    memo_free(&memo);
    return true;
}

/* ----------------------------------------------- sampling (reduced mode) */

/* Reduced mode: outcome scores, their extreme paths and clamped variables
 * from random play-throughs (uniform over available choices). */
LsrAnalyzeStatus lsr_an_sample_scores(const LsrScenario *sc, uint64_t n, uint64_t seed, LsrAnalysis *a) {
    size_t cap = 1000u + 64u * (size_t)sc->n_steps;
    int32_t *st = malloc(sc->state_words * sizeof(int32_t));
    int32_t *before = malloc(sc->state_words * sizeof(int32_t));
    int32_t *tmp = malloc(sc->state_words * sizeof(int32_t));
    LsrPathStep *path = malloc(cap * sizeof(LsrPathStep));
    uint8_t *hit = malloc(sc->n_vars + 1u), *which = malloc(sc->n_vars + 1u);
    if (!st || !before || !tmp || !path || !hit || !which) {
        free(st);
        free(before);
        free(tmp);
        free(path);
        free(hit);
        free(which);
        return LSR_AN_NOMEM;
    }
    LsrAnalyzeStatus err = LSR_AN_OK;
    Rng rng;
    rng_seed(&rng, seed ^ 0x5EED5EED5EEDull);
    a->out_min = INT32_MAX;
    a->out_max = INT32_MIN;
    uint64_t finished = 0;
    for (uint64_t run = 0; run < n && err == LSR_AN_OK; run++) {
        lsr_state_init(sc, st, NULL);
        memset(hit, 0, sc->n_vars + 1u);
        uint32_t len = 0;
        uint64_t earned = 0, total = 0;
        while (lsr_state_pos(st) < sc->n_steps && len < cap) {
            if ((err = lsr_an_budget_tick()) != LSR_AN_OK) break;
            uint32_t pos = lsr_state_pos(st);
            const LsrStep *s = &sc->steps[pos];
            uint32_t i = 0, o = 0;
            LsrPathStep item = {pos, 0, LSR_NEXT_NONE};
            if (s->type == LSR_STEP_DECISION) {
                uint32_t avail[16], na = 0;
                for (uint32_t k = 0; k < s->n_choices && k < 16; k++)
                    if (lsr_choice_available(sc, st, k)) avail[na++] = k;
                if (na == 0) break;
                i = avail[rng_below(&rng, na)];
                const LsrChoice *c = &sc->choices[s->choices_first + i];
                if (c->n_outcomes) {
                    uint64_t w[16];
                    uint64_t sum = lsr_outcome_weights(sc, st, i, w);
                    o = pick_outcome(&rng, w, c->n_outcomes, sum);
                    item.outcome = o;
                }
                item.choice = i;
                uint64_t gn, tt;
                fid_gain(sc, s, i, &gn, &tt);
                earned += gn;
                total += tt;
            }
            memcpy(before, st, sc->state_words * sizeof(int32_t));
            LsrStepRecord rec;
            lsr_state_advance(sc, st, i, o, &rec);
            if (s->type == LSR_STEP_VOTE) item.outcome = rec.passed ? 1 : 0;
            path[len++] = item;
            if (rec.clamped) {
                lsr_an_clamped_vars(sc, before, i, o, &rec, tmp, which);
                for (uint32_t v = 0; v < sc->n_vars; v++) {
                    if (!which[v] || (hit[v] & which[v]) == which[v]) continue;
                    if ((which[v] & 1) && !(hit[v] & 1)) a->var_hit_min[v]++;
                    if ((which[v] & 2) && !(hit[v] & 2)) a->var_hit_max[v]++;
                    hit[v] = (uint8_t)(hit[v] | which[v]);
                    LsrPath *ex = &a->var_hit_example[v];
                    if (!ex->items) {
                        ex->items = malloc(len * sizeof(LsrPathStep));
                        if (!ex->items) {
                            err = LSR_AN_NOMEM;
                            break;
                        }
                        memcpy(ex->items, path, len * sizeof(LsrPathStep));
                        ex->n = len;
                        ex->end = lsr_state_pos(st);
                        ex->loop_at = UINT32_MAX;
                    }
                }
            }
        }
        uint32_t pos = lsr_state_pos(st);
        if (err != LSR_AN_OK || pos < sc->n_steps || pos >= sc->n_steps + sc->n_endings) continue;
        finished++;
        int32_t oc = outcome_pm(sc, st);
        a->out_hist_prob[out_bin(oc)] += 1.0L;
        for (int side = 0; side < 2; side++) {
            bool better = side == 0 ? oc > a->out_max : oc < a->out_min;
            if (!better) continue;
            LsrPath *p = side == 0 ? &a->best_out : &a->worst_out;
            LsrPathScore *ps = side == 0 ? &a->best_out_score : &a->worst_out_score;
            LsrPathStep *ni = realloc(p->items, (len + 1u) * sizeof(LsrPathStep));
            if (!ni) {
                err = LSR_AN_NOMEM;
                break;
            }
            p->items = ni;
            memcpy(p->items, path, len * sizeof(LsrPathStep));
            p->n = len;
            p->end = pos;
            p->loop_at = UINT32_MAX;
            lsr_analysis_score_state(sc, st, earned, total, ps);
            if (side == 0) a->out_max = oc;
            else a->out_min = oc;
        }
    }
    for (int b = 0; b < LSR_HIST_OUT_BINS; b++)
        a->out_hist_prob[b] = finished ? a->out_hist_prob[b] / (long double)finished : 0;
    a->outcome_sampled = a->clamps_sampled = true;
    a->score_samples = n;
    free(st);
    free(before);
    free(tmp);
    free(path);
    free(hit);
    free(which);
    return err;
}
