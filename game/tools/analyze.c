/* `leftsr analyze`: explores every reachable situation of a scenario,
 * merging identical states, and proves properties of the whole decision
 * space: reachability, stuck states, cycles, exact path counts and
 * probabilities, score distributions and extreme paths. Also the random
 * player behind `--random`. */
#include "analyze.h"
#include "app.h"
#include "core/internal.h"

#include <cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef __int128 lsr_i128;

#define U128_MAX (~(lsr_u128)0)
#define NO_EDGE UINT64_MAX
#define OUT_NONE 0xFFu

/* ------------------------------------------------------------ 128-bit */

char *lsr_u128_str(lsr_u128 v, char *buf, size_t n) {
    char tmp[48];
    size_t k = 0;
    do {
        tmp[k++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v && k < sizeof tmp);
    size_t i = 0;
    while (k && i + 1 < n) buf[i++] = tmp[--k];
    if (n) buf[i] = '\0';
    return buf;
}

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

static lsr_u128 u128_gcd(lsr_u128 a, lsr_u128 b) {
    while (b) {
        if ((a >> 64) == 0 && (b >> 64) == 0) {
            uint64_t x = (uint64_t)a, y = (uint64_t)b;
            while (y) {
                uint64_t t = x % y;
                x = y;
                y = t;
            }
            return x;
        }
        lsr_u128 t = a % b;
        a = b;
        b = t;
    }
    return a;
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

/* ------------------------------------------------------------- scores */

static int32_t fidelity_pm(uint64_t earned, uint64_t total) {
    if (total == 0) return 1000;
    return (int32_t)(earned * 1000 / total);
}

static int32_t outcome_pm(const LsrScenario *sc, const int32_t *st) {
    int64_t sum = 0;
    int64_t n = 0;
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        const LsrVar *var = &sc->vars[v];
        if (!var->scored || !var->has_hist_final || var->better == LSR_BETTER_NONE) continue;
        int64_t d = (int64_t)st[1 + v] - var->hist_final;
        if (var->better == LSR_BETTER_LOWER) d = -d;
        int64_t range = (int64_t)var->max - var->min;
        sum += range > 0 ? d * 1000 / range : 0;
        n++;
    }
    if (n == 0) return 0;
    return (int32_t)(sum / n);
}

void lsr_analysis_score_state(const LsrScenario *sc, const int32_t *st, uint64_t earned,
                              uint64_t total, LsrPathScore *out) {
    out->earned = earned;
    out->total = total;
    out->fidelity_permille = fidelity_pm(earned, total);
    out->outcome_permille = outcome_pm(sc, st);
}

static int fid_bin(int32_t pm) {
    if (pm < 0) pm = 0;
    if (pm > 1000) pm = 1000;
    return pm / 100;
}

static int out_bin(int32_t pm) {
    if (pm < -1000) pm = -1000;
    if (pm > 1000) pm = 1000;
    return (pm + 1000) / 100;
}

/* Fidelity contribution of taking choice i at decision step s. */
static void fid_gain(const LsrScenario *sc, const LsrStep *s, uint32_t i, uint64_t *gain,
                     uint64_t *tot) {
    if (s->type != LSR_STEP_DECISION) {
        *gain = *tot = 0;
        return;
    }
    *tot = (uint64_t)s->hist_weight * 1000u;
    *gain = (uint64_t)s->hist_weight * sc->choices[s->choices_first + i].credit_permille;
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

static uint64_t state_hash(const int32_t *st, uint32_t W);

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
    memset(rs, 0, sizeof *rs);
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
    uint64_t memo_cap = n >= LSR_RANDOM_MEMO_MIN_RUNS ? (uint64_t)1 << 13 : 1;
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
    lsr_state_init(sc, init, NULL);
    const size_t bytes = sizeof(int32_t) * sc->state_words;
    /* A cycle-free play-through resolves each reachable state at most once;
     * this bound only stops cyclic scenarios. */
    const uint64_t limit = 1000u + 64u * (uint64_t)sc->n_steps;
    const uint32_t fw = lsr_impl(sc)->fires_word0;
    const uint64_t start = memo_get(&memo, init);
    for (uint64_t run = 0; run < n; run++) {
        uint64_t cur = start;  /* memo index, or MEMO_FULL: play on st */
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
                size_t off = memo.opt[cur] + 1;
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
                lsr_state_advance(sc, st, i, o, NULL);
            } else if (*slot != MEMO_UNKNOWN && *slot != MEMO_FULL) {
                cur = *slot;
            } else {
                memcpy(st, memo.pool + cur * memo.W, bytes);
                lsr_state_advance(sc, st, i, o, NULL);
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
        rs->steps_total += steps;
        const int32_t *fin = cur == MEMO_FULL ? st : memo.pool + cur * memo.W;
        const uint8_t *fires = (const uint8_t *)(const void *)(fin + fw);
        for (uint32_t e = 0; e < sc->n_events; e++) rs->event_hits[e] += fires[e];
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
    rs->runs = n;
    free(init);
    free(st);
    memo_free(&memo);
    return true;
}

/* ------------------------------------------------------ the state graph */

typedef struct Edge {
    uint32_t from, to;
    uint16_t choice;
    uint8_t outcome;     /* OUT_NONE, or the outcome index; votes: 1 passed */
    uint8_t clamped;
    uint64_t w, d;       /* probability w/d under uniform play */
} Edge;

enum { K_DECISION = 0, K_VOTE, K_ENDING, K_STUCK };

typedef struct Graph {
    const LsrScenario *sc;
    uint32_t W;
    uint64_t max_states;
    int32_t *pool;
    uint64_t n, cap;
    uint64_t *htab;      /* (hash low 32 bits << 32) | (index + 1); 0 empty */
    uint64_t hmask;
    Edge *edges;
    uint64_t ne, ecap;
    uint64_t *efirst;    /* n + 1 */
    uint64_t *pedge;     /* edge that first reached the state (BFS) */
    uint8_t *kind;
    uint32_t *order;     /* topological order (DAGs) */
    uint64_t n_order;
    /* reduced mode: per step, the variables (bits 0..n_vars-1) and flags
     * (bits n_vars..) that something at or after the step may read */
    uint64_t *live;
    uint32_t live_words;
} Graph;

/* ------------------------------------------------------------- liveness */

static inline void bit_set(uint64_t *b, uint32_t i) { b[i >> 6] |= (uint64_t)1 << (i & 63); }
static inline bool bit_get(const uint64_t *b, uint32_t i) { return (b[i >> 6] >> (i & 63)) & 1u; }

/* Variables and flags a condition or expression reads. */
static void reads_of(const LsrScenario *sc, uint32_t node, uint64_t *bits) {
    if (node == 0 || node >= sc->n_nodes) return;
    const LsrNode *n = &lsr_nodes(sc)[node];
    switch ((LsrNodeOp)n->op) {
    case LSR_N_VAR: bit_set(bits, n->a); break;
    case LSR_C_CMP:
        bit_set(bits, n->a);
        reads_of(sc, n->b, bits);
        break;
    case LSR_N_SUB:
    case LSR_N_DIV:
        reads_of(sc, sc->kids[n->a], bits);
        reads_of(sc, sc->kids[n->a + 1], bits);
        break;
    case LSR_N_ADD: case LSR_N_MUL: case LSR_N_MIN: case LSR_N_MAX:
    case LSR_C_ALL: case LSR_C_ANY:
        for (uint32_t i = 0; i < n->b; i++) reads_of(sc, sc->kids[n->a + i], bits);
        break;
    case LSR_C_NOT: reads_of(sc, n->a, bits); break;
    case LSR_C_FLAG: bit_set(bits, sc->n_vars + n->a); break;
    default: break;
    }
}

static void effects_reads(const LsrScenario *sc, uint32_t first, uint32_t n, uint64_t *bits) {
    for (uint32_t i = 0; i < n; i++) reads_of(sc, sc->effects[first + i].value, bits);
}

typedef struct LiveCtx {
    const LsrScenario *sc;
    uint32_t words;
    uint64_t *local, *ends;     /* per-step local reads; reads of all ending conditions */
    uint32_t *succ; size_t n_succ, cap_succ;
    size_t *succ_first;         /* n_steps + 1 */
} LiveCtx;

static bool add_target(LiveCtx *c, uint32_t step, uint32_t next) {
    if (next == LSR_NEXT_END) {
        for (uint32_t w = 0; w < c->words; w++) c->local[(size_t)step * c->words + w] |= c->ends[w];
        return true;
    }
    if (next >= c->sc->n_steps) return true;
    if (c->n_succ == c->cap_succ) {
        size_t nc = c->cap_succ ? c->cap_succ * 2 : 256;
        uint32_t *ns = realloc(c->succ, nc * sizeof(uint32_t));
        if (!ns) return false;
        c->succ = ns;
        c->cap_succ = nc;
    }
    c->succ[c->n_succ++] = next;
    return true;
}

/* Fills g->live: a static over-approximation of what may still be read. */
static bool compute_live(Graph *g) {
    const LsrScenario *sc = g->sc;
    LiveCtx c;
    memset(&c, 0, sizeof c);
    c.sc = sc;
    c.words = (sc->n_vars + sc->n_flags + 63u) / 64u + 1u;
    size_t ns = sc->n_steps;
    c.local = calloc(ns * c.words, sizeof(uint64_t));
    c.ends = calloc(c.words, sizeof(uint64_t));
    uint64_t *glob = calloc(c.words, sizeof(uint64_t));
    c.succ_first = calloc(ns + 1, sizeof(size_t));
    uint64_t *live = calloc(ns * c.words, sizeof(uint64_t));
    bool ok = c.local && c.ends && glob && c.succ_first && live;
    for (uint32_t e = 0; ok && e < sc->n_endings; e++) reads_of(sc, sc->endings[e].cond, c.ends);
    for (uint32_t e = 0; ok && e < sc->n_events; e++) {
        reads_of(sc, sc->events[e].cond, glob);
        effects_reads(sc, sc->events[e].effects_first, sc->events[e].n_effects, glob);
        if (sc->events[e].next == LSR_NEXT_END)
            for (uint32_t w = 0; w < c.words; w++) glob[w] |= c.ends[w];
    }
    for (uint32_t p = 0; ok && p < ns; p++) {
        const LsrStep *s = &sc->steps[p];
        uint64_t *L = c.local + (size_t)p * c.words;
        c.succ_first[p] = c.n_succ;
        reads_of(sc, s->cond, L);
        if (s->cond) ok &= add_target(&c, p, s->otherwise);
        for (uint32_t e = 0; e < sc->n_events; e++)
            if (sc->events[e].next != LSR_NEXT_NONE) ok &= add_target(&c, p, sc->events[e].next);
        if (s->type == LSR_STEP_VOTE) {
            for (uint32_t b = 0; s->seat_expr && b < sc->n_blocs; b++) reads_of(sc, s->seat_expr[b], L);
            for (uint32_t k = 0; k < s->n_positions; k++)
                reads_of(sc, sc->positions[s->positions_first + k].cond, L);
            effects_reads(sc, s->pass.effects_first, s->pass.n_effects, L);
            effects_reads(sc, s->fail.effects_first, s->fail.n_effects, L);
            ok &= add_target(&c, p, s->pass.next);
            ok &= add_target(&c, p, s->fail.next);
        } else {
            for (uint32_t i = 0; i < s->n_choices; i++) {
                const LsrChoice *ch = &sc->choices[s->choices_first + i];
                reads_of(sc, ch->cond, L);
                effects_reads(sc, ch->effects_first, ch->n_effects, L);
                if (ch->n_outcomes == 0) ok &= add_target(&c, p, ch->next);
                for (uint32_t o = 0; o < ch->n_outcomes; o++) {
                    const LsrOutcome *oc = &sc->outcomes[ch->outcomes_first + o];
                    reads_of(sc, oc->weight, L);
                    effects_reads(sc, oc->effects_first, oc->n_effects, L);
                    ok &= add_target(&c, p, oc->next);
                }
            }
        }
        for (uint32_t w = 0; w < c.words; w++) L[w] |= glob[w];
    }
    if (ok) {
        c.succ_first[ns] = c.n_succ;
        memcpy(live, c.local, ns * c.words * sizeof(uint64_t));
        for (bool changed = true; changed;) {
            changed = false;
            for (size_t p = ns; p-- > 0;) {
                uint64_t *L = live + p * c.words;
                for (size_t k = c.succ_first[p]; k < c.succ_first[p + 1]; k++) {
                    const uint64_t *T = live + (size_t)c.succ[k] * c.words;
                    for (uint32_t w = 0; w < c.words; w++)
                        if (T[w] & ~L[w]) L[w] |= T[w], changed = true;
                }
            }
        }
    }
    free(c.local);
    free(c.ends);
    free(glob);
    free(c.succ);
    free(c.succ_first);
    if (!ok) {
        free(live);
        return false;
    }
    g->live = live;
    g->live_words = c.words;
    return true;
}

/* Reduced mode: forgets what nothing later reads, so that situations
 * differing only there merge. Terminal positions keep nothing. */
static void canonical(const Graph *g, int32_t *st) {
    const LsrScenario *sc = g->sc;
    uint32_t pos = (uint32_t)st[0];
    const uint64_t *L = pos < sc->n_steps ? g->live + (size_t)pos * g->live_words : NULL;
    for (uint32_t v = 0; v < sc->n_vars; v++)
        if (!L || !bit_get(L, v)) st[1 + v] = sc->vars[v].min;
    uint32_t *fw = (uint32_t *)(void *)(st + lsr_impl(sc)->flags_word0);
    for (uint32_t f = 0; f < sc->n_flags; f++)
        if (!L || !bit_get(L, sc->n_vars + f)) fw[f >> 5] &= ~(1u << (f & 31));
}

static uint64_t state_hash(const int32_t *st, uint32_t W) {
    uint64_t h = 0x243F6A8885A308D3ull ^ W;
    for (uint32_t i = 0; i < W; i++) {
        h ^= (uint32_t)st[i];
        h *= 0x9E3779B97F4A7C15ull;
        h ^= h >> 32;
    }
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);
}

static bool grow_states(Graph *g) {
    uint64_t nc = g->cap ? g->cap * 2 : 1024;
    if (nc > g->max_states + 1) nc = g->max_states + 1;
    if (nc <= g->cap) return false;
    int32_t *p = realloc(g->pool, (size_t)nc * g->W * sizeof(int32_t));
    if (!p) return false;
    g->pool = p;
    uint64_t *ef = realloc(g->efirst, (size_t)(nc + 1) * sizeof(uint64_t));
    if (!ef) return false;
    g->efirst = ef;
    uint64_t *pe = realloc(g->pedge, (size_t)nc * sizeof(uint64_t));
    if (!pe) return false;
    g->pedge = pe;
    uint8_t *k = realloc(g->kind, (size_t)nc);
    if (!k) return false;
    g->kind = k;
    g->cap = nc;
    return true;
}

static bool grow_table(Graph *g) {
    uint64_t ncap = g->htab ? (g->hmask + 1) * 2 : 4096;
    if (ncap > ((uint64_t)1 << 32)) return false;
    uint64_t *t = calloc((size_t)ncap, sizeof(uint64_t));
    if (!t) return false;
    /* entries keep the hash's low 32 bits, enough to place them again */
    for (uint64_t i = 0; g->htab && i <= g->hmask; i++) {
        uint64_t e = g->htab[i];
        if (!e) continue;
        uint64_t j = (e >> 32) & (ncap - 1);
        while (t[j]) j = (j + 1) & (ncap - 1);
        t[j] = e;
    }
    free(g->htab);
    g->htab = t;
    g->hmask = ncap - 1;
    return true;
}

/* Index of state st, adding it when new. Returns UINT64_MAX on overflow of
 * max_states (*err = LSR_AN_TOO_MANY_STATES) or memory (*err = NOMEM). */
static uint64_t intern(Graph *g, const int32_t *st, uint64_t parent_edge, bool *added,
                       LsrAnalyzeStatus *err) {
    uint64_t h = state_hash(st, g->W), hi = h << 32;
    uint64_t j = h & g->hmask;
    size_t bytes = g->W * sizeof(int32_t);
    while (g->htab[j]) {
        uint64_t e = g->htab[j];
        if ((e & 0xFFFFFFFF00000000ull) == hi) {
            uint64_t idx = (e & 0xFFFFFFFFull) - 1;
            if (memcmp(g->pool + idx * g->W, st, bytes) == 0) {
                *added = false;
                return idx;
            }
        }
        j = (j + 1) & g->hmask;
    }
    if (g->n >= g->max_states) {
        *err = LSR_AN_TOO_MANY_STATES;
        return UINT64_MAX;
    }
    if (g->n >= g->cap && !grow_states(g)) {
        *err = LSR_AN_NOMEM;
        return UINT64_MAX;
    }
    uint64_t idx = g->n++;
    memcpy(g->pool + idx * g->W, st, bytes);
    g->pedge[idx] = parent_edge;
    g->htab[j] = hi | (idx + 1);
    if (g->n * 2 > g->hmask + 1 && !grow_table(g)) {
        *err = LSR_AN_NOMEM;
        return UINT64_MAX;
    }
    *added = true;
    return idx;
}

static Edge *push_edge(Graph *g) {
    if (g->ne == g->ecap) {
        uint64_t nc = g->ecap ? g->ecap * 2 : 4096;
        Edge *e = realloc(g->edges, (size_t)nc * sizeof(Edge));
        if (!e) return NULL;
        g->edges = e;
        g->ecap = nc;
    }
    Edge *e = &g->edges[g->ne++];
    memset(e, 0, sizeof *e);
    return e;
}

static void graph_free(Graph *g) {
    free(g->pool);
    free(g->htab);
    free(g->edges);
    free(g->efirst);
    free(g->pedge);
    free(g->kind);
    free(g->order);
    free(g->live);
    memset(g, 0, sizeof *g);
}

static inline uint32_t st_pos(const Graph *g, uint64_t s) { return (uint32_t)g->pool[s * g->W]; }

/* ----------------------------------------------------------------- paths */

static void path_free(LsrPath *p) {
    free(p->items);
    memset(p, 0, sizeof *p);
    p->loop_at = UINT32_MAX;
}

static LsrPathStep edge_step(const Graph *g, const Edge *e) {
    LsrPathStep ps;
    ps.step = st_pos(g, e->from);
    ps.choice = e->choice;
    ps.outcome = e->outcome == OUT_NONE ? LSR_NEXT_NONE : e->outcome;
    return ps;
}

/* Path from the start to state s along first-discovery edges, followed by
 * `extra` edges (may be NULL). Returns false when out of memory. */
static bool path_build(const Graph *g, uint64_t s, const uint64_t *extra, uint32_t n_extra,
                       LsrPath *out) {
    uint32_t depth = 0;
    for (uint64_t x = s; g->pedge[x] != NO_EDGE; x = g->edges[g->pedge[x]].from) depth++;
    out->n = depth + n_extra;
    out->loop_at = UINT32_MAX;
    out->items = calloc(out->n + 1u, sizeof(LsrPathStep));
    if (!out->items) return false;
    uint32_t k = depth;
    for (uint64_t x = s; g->pedge[x] != NO_EDGE; x = g->edges[g->pedge[x]].from)
        out->items[--k] = edge_step(g, &g->edges[g->pedge[x]]);
    uint64_t last = s;
    for (uint32_t i = 0; i < n_extra; i++) {
        out->items[depth + i] = edge_step(g, &g->edges[extra[i]]);
        last = g->edges[extra[i]].to;
    }
    out->end = st_pos(g, last);
    return true;
}

/* ------------------------------------------------------------ clamping */

static void apply_clamped(const LsrScenario *sc, int32_t *tmp, uint32_t first, uint32_t n, uint8_t *which) {
    for (uint32_t k = 0; k < n; k++) {
        const LsrEffect *e = &sc->effects[first + k];
        const LsrVar *v = &sc->vars[e->var];
        int64_t val = lsr_expr_eval(sc, tmp, e->value);
        if (e->kind == LSR_EFF_ADD) val = lsr_sat_add(tmp[1 + e->var], val);
        if (val < v->min) val = v->min, which[e->var] |= 1;
        if (val > v->max) val = v->max, which[e->var] |= 2;
        tmp[1 + e->var] = (int32_t)val;
    }
}

/* Which variables a transition clamped (bit 1: at min, bit 2: at max), by
 * replaying its effects in the engine's order on a copy of the state. */
static void clamped_vars(const LsrScenario *sc, const int32_t *before, uint32_t i, uint32_t o,
                         const LsrStepRecord *rec, int32_t *tmp, uint8_t *which) {
    memset(which, 0, sc->n_vars);
    memcpy(tmp, before, sc->state_words * sizeof(int32_t));
    const LsrStep *s = &sc->steps[lsr_state_pos(before)];
    if (s->type == LSR_STEP_VOTE) {
        const LsrBranch *b = rec->passed ? &s->pass : &s->fail;
        apply_clamped(sc, tmp, b->effects_first, b->n_effects, which);
    } else {
        const LsrChoice *c = &sc->choices[s->choices_first + i];
        apply_clamped(sc, tmp, c->effects_first, c->n_effects, which);
        if (c->n_outcomes) {
            const LsrOutcome *oc = &sc->outcomes[c->outcomes_first + (o < c->n_outcomes ? o : 0)];
            apply_clamped(sc, tmp, oc->effects_first, oc->n_effects, which);
        }
    }
    for (uint32_t k = 0; k < rec->n_fired && k < 32; k++) {
        const LsrEvent *ev = &sc->events[rec->fired[k]];
        apply_clamped(sc, tmp, ev->effects_first, ev->n_effects, which);
    }
}

/* ------------------------------------------------------------ exploring */

static LsrAnalyzeStatus explore(Graph *g, LsrAnalysis *a) {
    const LsrScenario *sc = g->sc;
    LsrAnalyzeStatus err = LSR_AN_OK;
    int32_t *cur = malloc(g->W * sizeof(int32_t)), *nxt = malloc(g->W * sizeof(int32_t));
    int32_t *tmp = malloc(g->W * sizeof(int32_t));
    uint8_t *which = malloc(sc->n_vars + 1u);
    uint64_t *var_ex = malloc((sc->n_vars + 1u) * sizeof(uint64_t));
    if (!cur || !nxt || !tmp || !which || !var_ex || !grow_states(g) || !grow_table(g)) {
        free(cur);
        free(nxt);
        free(tmp);
        free(which);
        free(var_ex);
        return LSR_AN_NOMEM;
    }
    for (uint32_t v = 0; v < sc->n_vars; v++) var_ex[v] = NO_EDGE;
    const uint32_t fw = lsr_impl(sc)->fires_word0;
    lsr_state_init(sc, cur, NULL);
    if (g->live) canonical(g, cur);
    bool added;
    intern(g, cur, NO_EDGE, &added, &err);
    for (uint64_t s = 0; s < g->n && err == LSR_AN_OK; s++) {
        memcpy(cur, g->pool + s * g->W, g->W * sizeof(int32_t));
        g->efirst[s] = g->ne;
        uint32_t pos = lsr_state_pos(cur);
        if (pos >= sc->n_steps) {
            if (pos < sc->n_steps + sc->n_endings) {
                g->kind[s] = K_ENDING;
                a->ending_states[pos - sc->n_steps]++;
            } else {
                g->kind[s] = K_STUCK;
                a->stuck_states++;
            }
            continue;
        }
        const LsrStep *step = &sc->steps[pos];
        a->step_states[pos]++;
        g->kind[s] = step->type == LSR_STEP_VOTE ? K_VOTE : K_DECISION;
        uint32_t avail[16], na = 0;
        if (step->type == LSR_STEP_VOTE) {
            avail[na++] = 0;
        } else {
            for (uint32_t i = 0; i < step->n_choices && i < 16; i++)
                if (lsr_choice_available(sc, cur, i)) {
                    avail[na++] = i;
                    a->choice_avail[step->choices_first + i]++;
                }
            if (na == 0) {
                g->kind[s] = K_STUCK;
                a->stuck_states++;
                continue;
            }
        }
        for (uint32_t k = 0; k < na; k++) {
            uint32_t i = avail[k];
            uint64_t w[16];
            uint32_t n_out = 1;
            uint64_t sum = 0;
            bool has_out = false;
            if (step->type == LSR_STEP_DECISION) {
                const LsrChoice *c = &sc->choices[step->choices_first + i];
                if (c->n_outcomes) {
                    has_out = true;
                    n_out = c->n_outcomes;
                    sum = lsr_outcome_weights(sc, cur, i, w);
                    if (sum == 0) {
                        /* every weight 0: the first outcome is taken */
                        n_out = 1;
                        w[0] = 1;
                        sum = 1;
                    }
                }
            }
            for (uint32_t o = 0; o < n_out; o++) {
                if (has_out && w[o] == 0) continue;
                memcpy(nxt, cur, g->W * sizeof(int32_t));
                LsrStepRecord rec;
                lsr_state_advance(sc, nxt, i, o, &rec);
                uint64_t eidx = g->ne;
                Edge *e = push_edge(g);
                if (!e) {
                    err = LSR_AN_NOMEM;
                    break;
                }
                e->from = (uint32_t)s;
                e->choice = (uint16_t)i;
                e->clamped = rec.clamped;
                if (step->type == LSR_STEP_VOTE) {
                    e->outcome = rec.passed ? 1 : 0;
                    e->w = e->d = 1;
                } else {
                    e->outcome = has_out ? (uint8_t)o : OUT_NONE;
                    e->w = has_out ? w[o] : 1;
                    e->d = (has_out ? sum : 1) * na;
                    if (has_out)
                        a->outcome_taken[sc->choices[step->choices_first + i].outcomes_first + o]++;
                }
                const uint8_t *fb = (const uint8_t *)(const void *)(cur + fw);
                const uint8_t *fa = (const uint8_t *)(const void *)(nxt + fw);
                for (uint32_t ev = 0; ev < sc->n_events; ev++)
                    if (fa[ev] > fb[ev]) a->event_fired[ev] += (uint64_t)(fa[ev] - fb[ev]);
                if (rec.clamped && !g->live) {
                    clamped_vars(sc, cur, i, o, &rec, tmp, which);
                    for (uint32_t v = 0; v < sc->n_vars; v++) {
                        if (!which[v]) continue;
                        if (which[v] & 1) a->var_hit_min[v]++;
                        if (which[v] & 2) a->var_hit_max[v]++;
                        if (var_ex[v] == NO_EDGE) var_ex[v] = eidx;
                    }
                }
                if (g->live) canonical(g, nxt);
                uint64_t t = intern(g, nxt, eidx, &added, &err);
                if (t == UINT64_MAX) break;
                g->edges[eidx].to = (uint32_t)t;
            }
            if (err != LSR_AN_OK) break;
        }
        if (err != LSR_AN_OK) break;
        /* A choice is needed here when one of its successors is reachable
         * by no other available choice of this state. */
        if (step->type == LSR_STEP_DECISION && !g->live) {
            uint64_t e0 = g->efirst[s], e1 = g->ne;
            for (uint64_t x = e0; x < e1; x++) {
                uint32_t gi = step->choices_first + g->edges[x].choice;
                if (a->choice_needed[gi]) continue;
                bool other = false;
                for (uint64_t y = e0; y < e1 && !other; y++)
                    other = g->edges[y].choice != g->edges[x].choice && g->edges[y].to == g->edges[x].to;
                if (!other) a->choice_needed[gi] = true;
            }
        }
    }
    if (err == LSR_AN_OK) {
        g->efirst[g->n] = g->ne;
        for (uint32_t v = 0; v < sc->n_vars && err == LSR_AN_OK; v++)
            if (var_ex[v] != NO_EDGE &&
                !path_build(g, g->edges[var_ex[v]].from, &var_ex[v], 1, &a->var_hit_example[v]))
                err = LSR_AN_NOMEM;
    }
    free(cur);
    free(nxt);
    free(tmp);
    free(which);
    free(var_ex);
    return err;
}

/* Depth-first search: topological order, or the first cycle found. */
static LsrAnalyzeStatus find_order(Graph *g, LsrAnalysis *a) {
    typedef struct Frame { uint64_t s, cur; } Frame;
    uint8_t *color = calloc((size_t)g->n, 1);
    Frame *stack = malloc((size_t)g->n * sizeof(Frame));
    uint32_t *post = malloc((size_t)g->n * sizeof(uint32_t));
    if (!color || !stack || !post) {
        free(color);
        free(stack);
        free(post);
        return LSR_AN_NOMEM;
    }
    uint64_t sp = 0, np = 0;
    LsrAnalyzeStatus err = LSR_AN_OK;
    stack[sp++] = (Frame){0, g->efirst[0]};
    color[0] = 1;
    while (sp) {
        Frame *f = &stack[sp - 1];
        if (f->cur < g->efirst[f->s + 1]) {
            uint64_t e = f->cur++;
            uint64_t t = g->edges[e].to;
            if (color[t] == 0) {
                color[t] = 1;
                stack[sp++] = (Frame){t, g->efirst[t]};
            } else if (color[t] == 1 && !a->cyclic) {
                a->cyclic = true;
                uint64_t k = sp;
                while (k > 0 && stack[k - 1].s != t) k--;
                k--;
                uint64_t n_loop = sp - k;
                uint64_t *loop = malloc((size_t)n_loop * sizeof(uint64_t));
                if (!loop) {
                    err = LSR_AN_NOMEM;
                    break;
                }
                for (uint64_t i = k; i < sp; i++) loop[i - k] = stack[i].cur - 1;
                bool ok = path_build(g, t, loop, (uint32_t)n_loop, &a->cycle);
                if (ok) a->cycle.loop_at = a->cycle.n - (uint32_t)n_loop;
                free(loop);
                if (!ok) {
                    err = LSR_AN_NOMEM;
                    break;
                }
            }
        } else {
            color[f->s] = 2;
            post[np++] = (uint32_t)f->s;
            sp--;
        }
    }
    free(color);
    free(stack);
    if (err != LSR_AN_OK) {
        free(post);
        return err;
    }
    /* reverse postorder */
    for (uint64_t i = 0; i < np / 2; i++) {
        uint32_t t = post[i];
        post[i] = post[np - 1 - i];
        post[np - 1 - i] = t;
    }
    g->order = post;
    g->n_order = np;
    return LSR_AN_OK;
}

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
            pr[t] += pr[s] * (long double)e->w / (long double)e->d;
            if (depth[s] + 1 > depth[t]) depth[t] = depth[s] + 1;
            if (a->prob_exact) {
                rat[t] = rat_add(rat[t], rat_scale(rat[s], e->w, e->d));
                if (rat[t].den == 0) a->prob_exact = false;
            }
        }
        if (depth[s] > a->max_depth) a->max_depth = depth[s];
        if (g->kind[s] == K_ENDING || g->kind[s] == K_STUCK) {
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
            if (g->live) continue; /* final values were forgotten: sampled instead */
            int32_t oc = outcome_pm(sc, g->pool + (uint64_t)s * g->W);
            int b = out_bin(oc);
            if (u128_add_sat(&a->out_hist_paths[b], cnt[s]) || sat[s]) a->out_hist_sat[b] = true;
            a->out_hist_prob[b] += pr[s];
            if (oc < a->out_min) a->out_min = oc;
            if (oc > a->out_max) a->out_max = oc;
        } else if (g->kind[s] == K_STUCK) {
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

typedef struct FEnt {
    uint64_t earned, total;
    lsr_u128 cnt;
    double p;
    uint8_t sat;
} FEnt;

typedef struct FList { FEnt *v; uint32_t n, cap; } FList;

static int fent_cmp(const void *x, const void *y) {
    const FEnt *a = x, *b = y;
    if (a->total != b->total) return a->total < b->total ? -1 : 1;
    if (a->earned != b->earned) return a->earned < b->earned ? -1 : 1;
    return 0;
}

static void flist_merge(FList *l) {
    if (l->n < 2) return;
    qsort(l->v, l->n, sizeof(FEnt), fent_cmp);
    uint32_t k = 0;
    for (uint32_t i = 1; i < l->n; i++) {
        FEnt *d = &l->v[k];
        if (l->v[i].total == d->total && l->v[i].earned == d->earned) {
            if (u128_add_sat(&d->cnt, l->v[i].cnt) || l->v[i].sat) d->sat = 1;
            d->p += l->v[i].p;
        } else {
            l->v[++k] = l->v[i];
        }
    }
    l->n = k + 1;
}

/* Exact distribution of fidelity over paths to endings, by DP over (state,
 * earned, total). Returns false (without error) when more than `budget`
 * entries would be live at once. */
static bool fid_exact(Graph *g, LsrAnalysis *a, uint64_t budget, LsrAnalyzeStatus *err) {
    const LsrScenario *sc = g->sc;
    FList *lists = calloc((size_t)g->n, sizeof(FList));
    if (!lists) {
        *err = LSR_AN_NOMEM;
        return false;
    }
    uint64_t live = 0;
    bool ok = true;
    lists[0].v = malloc(sizeof(FEnt));
    if (!lists[0].v) ok = false, *err = LSR_AN_NOMEM;
    else {
        lists[0].v[0] = (FEnt){0, 0, 1, 1.0, 0};
        lists[0].n = lists[0].cap = 1;
        live = 1;
    }
    for (uint64_t i = 0; i < g->n_order && ok; i++) {
        uint32_t s = g->order[i];
        FList *l = &lists[s];
        flist_merge(l);
        if (g->kind[s] == K_ENDING) {
            for (uint32_t k = 0; k < l->n; k++) {
                int b = fid_bin(fidelity_pm(l->v[k].earned, l->v[k].total));
                if (u128_add_sat(&a->fid_hist_paths[b], l->v[k].cnt) || l->v[k].sat)
                    a->fid_hist_sat[b] = true;
                a->fid_hist_prob[b] += l->v[k].p;
            }
        }
        const LsrStep *step = st_pos(g, s) < sc->n_steps ? &sc->steps[st_pos(g, s)] : NULL;
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1] && ok; x++) {
            const Edge *e = &g->edges[x];
            uint64_t gain, tot;
            fid_gain(sc, step, e->choice, &gain, &tot);
            FList *d = &lists[e->to];
            if (d->n + l->n > d->cap) {
                uint32_t nc = d->cap ? d->cap : 4;
                while (nc < d->n + l->n) nc *= 2;
                FEnt *nv = realloc(d->v, nc * sizeof(FEnt));
                if (!nv) {
                    ok = false;
                    *err = LSR_AN_NOMEM;
                    break;
                }
                d->v = nv;
                d->cap = nc;
            }
            double p = (double)e->w / (double)e->d;
            for (uint32_t k = 0; k < l->n; k++) {
                FEnt ne = l->v[k];
                ne.earned += gain;
                ne.total += tot;
                ne.p *= p;
                d->v[d->n++] = ne;
            }
            live += l->n;
            if (live > budget) ok = false;
        }
        live -= l->n;
        free(l->v);
        l->v = NULL;
        l->n = l->cap = 0;
    }
    for (uint64_t s = 0; s < g->n; s++) free(lists[s].v);
    free(lists);
    if (!ok) {
        memset(a->fid_hist_paths, 0, sizeof a->fid_hist_paths);
        memset(a->fid_hist_sat, 0, sizeof a->fid_hist_sat);
        memset(a->fid_hist_prob, 0, sizeof a->fid_hist_prob);
    }
    return ok;
}

/* ---------------------------------------------------- extreme paths */

#define NEG_INF ((lsr_i128)1 << 126) * -1

enum { DP_TOTAL, DP_MAXRATIO, DP_MINRATIO };

/* Best path to an ending maximising a per-edge additive score (see mode),
 * over the DAG in reverse topological order. Returns false when no ending
 * is reachable. best[] receives, per state, the edge to follow. */
static bool dp_extreme(const Graph *g, int mode, lsr_i128 A, lsr_i128 B, lsr_i128 *val,
                       uint64_t *best, lsr_i128 *out_val) {
    const LsrScenario *sc = g->sc;
    for (uint64_t i = g->n_order; i-- > 0;) {
        uint32_t s = g->order[i];
        best[s] = NO_EDGE;
        if (g->kind[s] == K_ENDING) {
            val[s] = 0;
            continue;
        }
        val[s] = NEG_INF;
        uint32_t pos = st_pos(g, s);
        const LsrStep *step = pos < sc->n_steps ? &sc->steps[pos] : NULL;
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1]; x++) {
            const Edge *e = &g->edges[x];
            if (val[e->to] == NEG_INF) continue;
            uint64_t gain, tot;
            fid_gain(sc, step, e->choice, &gain, &tot);
            lsr_i128 sc_e;
            if (mode == DP_TOTAL) sc_e = (lsr_i128)tot;
            else if (mode == DP_MAXRATIO) sc_e = (lsr_i128)gain * B - A * (lsr_i128)tot;
            else sc_e = A * (lsr_i128)tot - (lsr_i128)gain * B;
            lsr_i128 v = sc_e + val[e->to];
            if (v > val[s]) {
                val[s] = v;
                best[s] = x;
            }
        }
    }
    *out_val = val[0];
    return val[0] != NEG_INF;
}

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
        path->items[k] = edge_step(g, e);
        uint64_t gain, tot;
        fid_gain(sc, &sc->steps[st_pos(g, s)], e->choice, &gain, &tot);
        earned += gain;
        total += tot;
        s = e->to;
    }
    path->end = st_pos(g, s);
    lsr_analysis_score_state(sc, g->pool + s * g->W, earned, total, score);
    return true;
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
    for (int side = 0; side < 2; side++) {
        LsrPath *p = side == 0 ? &a->best_fid : &a->worst_fid;
        LsrPathScore *ps = side == 0 ? &a->best_fid_score : &a->worst_fid_score;
        dp_extreme(g, DP_TOTAL, 0, 0, val, best, &v);
        if (!follow_best(g, best, p, ps)) {
            err = LSR_AN_NOMEM;
            goto done;
        }
        if (ps->total == 0) continue; /* no path takes a decision */
        /* Dinkelbach: improve the ratio until no path beats it. */
        for (int iter = 0; iter < 200; iter++) {
            lsr_i128 A = (lsr_i128)ps->earned, B = (lsr_i128)ps->total;
            dp_extreme(g, side == 0 ? DP_MAXRATIO : DP_MINRATIO, A, B, val, best, &v);
            if (v <= 0) break;
            if (!follow_best(g, best, p, ps)) {
                err = LSR_AN_NOMEM;
                goto done;
            }
        }
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
            if (!path_build(g, s, NULL, 0, p)) {
                err = LSR_AN_NOMEM;
                goto done;
            }
            uint64_t earned = 0, total = 0;
            for (uint64_t x = s; g->pedge[x] != NO_EDGE; x = g->edges[g->pedge[x]].from) {
                const Edge *e = &g->edges[g->pedge[x]];
                uint64_t gain, tot;
                fid_gain(g->sc, &g->sc->steps[st_pos(g, e->from)], e->choice, &gain, &tot);
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

/* Reduced mode: outcome scores, their extreme paths and clamped variables
 * from random play-throughs (uniform over available choices). */
static LsrAnalyzeStatus sample_scores(const LsrScenario *sc, uint64_t n, uint64_t seed, LsrAnalysis *a) {
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
                clamped_vars(sc, before, i, o, &rec, tmp, which);
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
    memset(a, 0, sizeof *a);
}

static bool alloc_arrays(const LsrScenario *sc, LsrAnalysis *a) {
    a->sc = sc;
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

/* One exploration (full or reduced) and every pass over its graph. */
static LsrAnalyzeStatus run_graph(const LsrScenario *sc, const LsrAnalyzeOptions *o, uint64_t limit,
                                  bool reduced, LsrAnalysis *a) {
    Graph g;
    memset(&g, 0, sizeof g);
    g.sc = sc;
    g.W = sc->state_words;
    g.max_states = limit;
    a->reduced = reduced;
    a->needed_checked = !reduced;
    LsrAnalyzeStatus err = LSR_AN_OK;
    if (reduced && !compute_live(&g)) err = LSR_AN_NOMEM;
    if (err == LSR_AN_OK) err = explore(&g, a);
    a->n_states = g.n;
    a->n_edges = g.ne;
    if (err != LSR_AN_OK) goto out;
    free(g.htab);
    g.htab = NULL;
    /* A stuck example: the first stuck state found is one of the closest. */
    for (uint64_t s = 0; s < g.n; s++)
        if (g.kind[s] == K_STUCK) {
            if (!path_build(&g, s, NULL, 0, &a->stuck_example)) err = LSR_AN_NOMEM;
            break;
        }
    if (err == LSR_AN_OK) err = find_order(&g, a);
    if (err == LSR_AN_OK) err = historical_path(sc, g.n + 1, a);
    if (err != LSR_AN_OK || a->cyclic) goto out;
    err = count_paths(&g, a);
    if (err == LSR_AN_OK) err = extreme_paths(&g, a);
    if (err == LSR_AN_OK && a->have_scores) {
        if (!fid_exact(&g, a, o->dp_budget, &err) && err == LSR_AN_OK) {
            LsrRandomStats rs;
            if (!lsr_random_run(sc, o->samples, o->seed, &rs)) {
                err = LSR_AN_NOMEM;
            } else {
                uint64_t fin = 0;
                for (int b = 0; b < LSR_HIST_FID_BINS; b++) fin += rs.fid_hist[b];
                for (int b = 0; b < LSR_HIST_FID_BINS; b++)
                    a->fid_hist_prob[b] = fin ? (long double)rs.fid_hist[b] / (long double)fin : 0;
                a->fid_sampled = true;
                a->fid_samples = o->samples;
                a->score_samples = o->samples;
                lsr_random_stats_free(&rs);
            }
        }
    }
    graph_free(&g);
    if (err == LSR_AN_OK && reduced && a->have_scores) err = sample_scores(sc, o->samples, o->seed, a);
    return err;
out:
    graph_free(&g);
    return err;
}

LsrAnalyzeStatus lsr_analysis_run(const LsrScenario *sc, const LsrAnalyzeOptions *opt,
                                  LsrAnalysis *a) {
    memset(a, 0, sizeof *a);
    LsrAnalyzeOptions o = {0, 0, 0, 0, 0};
    if (opt) o = *opt;
    if (!o.max_states) o.max_states = LSR_ANALYZE_DEFAULT_MAX_STATES;
    if (o.max_states > 0xFFFFFFF0u) o.max_states = 0xFFFFFFF0u;
    if (!o.dp_budget) o.dp_budget = 4000000u;
    if (!o.samples) o.samples = 200000u;
    if (!o.full_limit) o.full_limit = 300000u;
    uint64_t full = o.full_limit < o.max_states ? o.full_limit : o.max_states;
    if (!alloc_arrays(sc, a)) return a->status = LSR_AN_NOMEM;
    a->max_states = o.max_states;
    LsrAnalyzeStatus err = run_graph(sc, &o, full, false, a);
    if (err == LSR_AN_TOO_MANY_STATES && o.full_limit != UINT64_MAX) {
        /* Too big to keep every value: forget what nothing later reads. */
        lsr_analysis_free(a);
        if (!alloc_arrays(sc, a)) return a->status = LSR_AN_NOMEM;
        a->max_states = o.max_states;
        err = run_graph(sc, &o, o.max_states, true, a);
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
    for (uint32_t s = 0; s < sc->n_steps; s++)
        if (!a->step_states[s] && !sc->steps[s].campaign_only) n++;
    for (uint32_t e = 0; e < sc->n_endings; e++)
        if (!a->ending_states[e]) n++;
    return n;
}

/* --------------------------------------------------------------- report */

typedef enum FSev { F_ERROR = 0, F_WARNING, F_NOTE } FSev;

typedef struct Finding {
    FSev sev;
    const char *code;
    char msg[512];
    const LsrPath *path;   /* example, may be NULL */
} Finding;

typedef struct Findings { Finding *v; size_t n, cap; size_t errors, warnings, notes; } Findings;

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static void add_finding(Findings *f, FSev sev, const char *code, const LsrPath *path,
                        const char *fmt, ...) {
    if (f->n == f->cap) {
        size_t nc = f->cap ? f->cap * 2 : 32;
        Finding *nv = realloc(f->v, nc * sizeof(Finding));
        if (!nv) return;
        f->v = nv;
        f->cap = nc;
    }
    Finding *x = &f->v[f->n++];
    x->sev = sev;
    x->code = code;
    x->path = path;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->msg, sizeof x->msg, fmt, ap);
    va_end(ap);
    if (sev == F_ERROR) f->errors++;
    else if (sev == F_WARNING) f->warnings++;
    else f->notes++;
}

static const char *sev_name(FSev s) {
    return s == F_ERROR ? "error" : s == F_WARNING ? "warning" : "note";
}

static const char *choice_id(const LsrScenario *sc, uint32_t step, uint32_t i) {
    const LsrStep *s = &sc->steps[step];
    return i < s->n_choices ? sc->choices[s->choices_first + i].id : "?";
}

/* "step:choice", "step:choice[2]" (second outcome), "vote:passed". */
static void path_token(const LsrScenario *sc, const LsrPathStep *ps, char *buf, size_t n) {
    const LsrStep *s = &sc->steps[ps->step];
    if (s->type == LSR_STEP_VOTE)
        snprintf(buf, n, "%s:%s", s->id, ps->outcome ? "passed" : "failed");
    else if (ps->outcome != LSR_NEXT_NONE)
        snprintf(buf, n, "%s:%s[%u]", s->id, choice_id(sc, ps->step, ps->choice), ps->outcome + 1);
    else
        snprintf(buf, n, "%s:%s", s->id, choice_id(sc, ps->step, ps->choice));
}

static const char *end_name(const LsrScenario *sc, uint32_t end) {
    if (end == LSR_POS_STUCK) return "STUCK";
    return lsr_node_id(sc, end);
}

/* Prints a path wrapped to 80 columns, each line starting with indent. */
static void print_path(FILE *out, const LsrScenario *sc, const LsrPath *p, const char *indent) {
    size_t col = (size_t)fprintf(out, "%s", indent);
    const size_t ind = strlen(indent);
    char tok[200];
    for (uint32_t k = 0; k <= p->n; k++) {
        if (k == p->n) {
            const char *e = end_name(sc, p->end);
            if (p->loop_at != UINT32_MAX) snprintf(tok, sizeof tok, "(back to %s)", e);
            else if (p->end < sc->n_steps) snprintf(tok, sizeof tok, "%s ...", e);
            else snprintf(tok, sizeof tok, "[%s]", e);
        } else {
            size_t pre = 0;
            if (k == p->loop_at) {
                memcpy(tok, "(loop) ", 7);
                pre = 7;
            }
            path_token(sc, &p->items[k], tok + pre, sizeof tok - pre);
        }
        size_t len = strlen(tok) + (k ? 3 : 0);
        if (k && col + len + 2 > 80) {
            fprintf(out, " >\n%s", indent);
            col = ind;
            len -= 3;
            fprintf(out, "%s", tok);
        } else {
            fprintf(out, "%s%s", k ? " > " : "", tok);
        }
        col += len;
    }
    fputc('\n', out);
}

/* Prints text word-wrapped to 80 columns; continuation lines get indent. */
static void print_wrapped(FILE *out, const char *text, size_t indent) {
    size_t col = 0;
    const char *p = text;
    while (*p == ' ') fputc(*p++, out), col++;
    size_t lead = col;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        if (col > indent && col > lead && col + 1 + wl > 80) {
            fprintf(out, "\n%*s", (int)indent, "");
            col = indent;
        } else if (col > lead) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, wl, out);
        col += wl;
        p += wl;
        while (*p == ' ') p++;
    }
    fputc('\n', out);
}

static cJSON *path_json(const LsrScenario *sc, const LsrPath *p) {
    cJSON *o = cJSON_CreateObject();
    cJSON *steps = cJSON_AddArrayToObject(o, "steps");
    for (uint32_t k = 0; k < p->n; k++) {
        const LsrPathStep *ps = &p->items[k];
        const LsrStep *s = &sc->steps[ps->step];
        cJSON *it = cJSON_CreateObject();
        cJSON_AddStringToObject(it, "step", s->id);
        if (s->type == LSR_STEP_VOTE) {
            cJSON_AddBoolToObject(it, "passed", ps->outcome != 0);
        } else {
            cJSON_AddStringToObject(it, "choice", choice_id(sc, ps->step, ps->choice));
            if (ps->outcome != LSR_NEXT_NONE) cJSON_AddNumberToObject(it, "outcome", ps->outcome);
        }
        cJSON_AddItemToArray(steps, it);
    }
    cJSON_AddStringToObject(o, "end", end_name(sc, p->end));
    if (p->loop_at != UINT32_MAX) cJSON_AddNumberToObject(o, "loop_at", p->loop_at);
    return o;
}

/* 1234567 -> "1,234,567" */
static char *group_digits(const char *digits, char *buf, size_t n) {
    size_t len = strlen(digits), j = 0;
    for (size_t i = 0; i < len && j + 2 < n; i++) {
        if (i && (len - i) % 3 == 0) buf[j++] = ',';
        buf[j++] = digits[i];
    }
    buf[j] = '\0';
    return buf;
}

static char *count_str(lsr_u128 v, bool sat, char *buf, size_t n) {
    if (sat) {
        snprintf(buf, n, "more than 2^128");
        return buf;
    }
    char d[48];
    return group_digits(lsr_u128_str(v, d, sizeof d), buf, n);
}

static char *u64_str(uint64_t v, char *buf, size_t n) {
    char d[32];
    snprintf(d, sizeof d, "%" PRIu64, v);
    return group_digits(d, buf, n);
}

static long double u128_ld(lsr_u128 v) { return (long double)v; }

static void collect_findings(const LsrAnalysis *a, Findings *f) {
    const LsrScenario *sc = a->sc;
    char b1[64];
    if (a->status == LSR_AN_TOO_MANY_STATES) {
        add_finding(f, F_ERROR, "A_TOO_MANY_STATES", NULL,
                    "more than %s distinct situations; raise --max-states or use --random",
                    u64_str(a->max_states, b1, sizeof b1));
        return;
    }
    if (a->status == LSR_AN_NOMEM) {
        add_finding(f, F_ERROR, "A_NOMEM", NULL,
                    "out of memory after %s situations; lower --max-states or use --random",
                    u64_str(a->n_states, b1, sizeof b1));
        return;
    }
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        if (a->step_states[s]) continue;
        if (sc->steps[s].campaign_only)
            add_finding(f, F_NOTE, "A_CAMPAIGN_ONLY", NULL,
                        "step '%s' is never shown when played alone; it is marked campaign_only", sc->steps[s].id);
        else
            add_finding(f, F_ERROR, "A_STEP_UNREACHABLE", NULL,
                        "step '%s' is never shown: no play-through arrives there", sc->steps[s].id);
    }
    for (uint32_t e = 0; e < sc->n_endings; e++)
        if (!a->ending_states[e])
            add_finding(f, F_ERROR, "A_ENDING_UNREACHABLE", NULL, "ending '%s' is never reached",
                        sc->endings[e].id);
    if (a->stuck_states) {
        char b2[64];
        if (!a->cyclic)
            add_finding(f, F_ERROR, "A_STUCK", &a->stuck_example,
                        "%s stuck situation%s (no ending applies or no choice is available), "
                        "on %s path%s; for example:",
                        u64_str(a->stuck_states, b1, sizeof b1), a->stuck_states == 1 ? "" : "s",
                        count_str(a->stuck_paths, a->stuck_paths_sat, b2, sizeof b2),
                        a->stuck_paths == 1 && !a->stuck_paths_sat ? "" : "s");
        else
            add_finding(f, F_ERROR, "A_STUCK", &a->stuck_example,
                        "%s stuck situation%s (no ending applies or no choice is available); "
                        "for example:",
                        u64_str(a->stuck_states, b1, sizeof b1), a->stuck_states == 1 ? "" : "s");
    }
    if (a->cyclic)
        add_finding(f, F_ERROR, "A_CYCLE", &a->cycle,
                    "a situation can repeat itself, so play can go round for ever; for example:");
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        const LsrStep *st = &sc->steps[s];
        if (!a->step_states[s] || st->type != LSR_STEP_DECISION) continue;
        for (uint32_t i = 0; i < st->n_choices; i++) {
            uint32_t gi = st->choices_first + i;
            const LsrChoice *c = &sc->choices[gi];
            if (!a->choice_avail[gi]) {
                add_finding(f, F_WARNING, "A_CHOICE_NEVER_AVAILABLE", NULL,
                            "choice '%s:%s' is never available (its condition is false in all "
                            "%s situations at that step)",
                            st->id, c->id, u64_str(a->step_states[s], b1, sizeof b1));
                continue;
            }
            for (uint32_t o = 0; o < c->n_outcomes; o++)
                if (!a->outcome_taken[c->outcomes_first + o])
                    add_finding(f, F_WARNING, "A_OUTCOME_NEVER_TAKEN", NULL,
                                "outcome %u of '%s:%s' never happens (its weight is always 0)",
                                o + 1, st->id, c->id);
        }
    }
    for (uint32_t e = 0; e < sc->n_events; e++)
        if (!a->event_fired[e])
            add_finding(f, F_WARNING, "A_EVENT_NEVER_FIRES", NULL, "event '%s' never fires",
                        sc->events[e].id);
    if (a->hist_blocked && a->hist_path.end < sc->n_steps)
        add_finding(f, F_WARNING, "A_HISTORY_BLOCKED", &a->hist_path,
                    "the historical choice at step '%s' is not available on the historical path:",
                    sc->steps[a->hist_path.end].id);
    else if (a->hist_path.end >= sc->n_steps && a->hist_path.end != LSR_POS_STUCK &&
             a->hist_path.end - sc->n_steps != sc->historical_ending)
        add_finding(f, F_WARNING, "A_HISTORY_ENDING", &a->hist_path,
                    "the historical choices lead to ending '%s', not the historical ending '%s':",
                    lsr_node_id(sc, a->hist_path.end), sc->endings[sc->historical_ending].id);
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        const LsrStep *st = &sc->steps[s];
        if (st->type != LSR_STEP_DECISION) continue;
        for (uint32_t i = 0; i < st->n_choices; i++) {
            uint32_t gi = st->choices_first + i;
            if (a->needed_checked && a->choice_avail[gi] && !a->choice_needed[gi])
                add_finding(f, F_NOTE, "A_CHOICE_NEVER_NEEDED", NULL,
                            "choice '%s:%s' is never needed: wherever it is available, another "
                            "choice leads to each situation it leads to",
                            st->id, sc->choices[gi].id);
        }
    }
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        if (!a->var_hit_min[v] && !a->var_hit_max[v]) continue;
        char b2[64], b3[64];
        if (a->clamps_sampled) {
            add_finding(f, F_NOTE, "A_VAR_LIMIT", &a->var_hit_example[v],
                        "variable '%s' is clamped at its limits in sampled play-throughs (%s of "
                        "%s at min %d, %s at max %d); for example:",
                        sc->vars[v].id, u64_str(a->var_hit_min[v], b1, sizeof b1),
                        u64_str(a->score_samples, b3, sizeof b3), sc->vars[v].min,
                        u64_str(a->var_hit_max[v], b2, sizeof b2), sc->vars[v].max);
            continue;
        }
        add_finding(f, F_NOTE, "A_VAR_LIMIT", &a->var_hit_example[v],
                    "variable '%s' is clamped at its limits (%s transition%s at min %d, %s at "
                    "max %d); for example:",
                    sc->vars[v].id, u64_str(a->var_hit_min[v], b1, sizeof b1),
                    a->var_hit_min[v] == 1 ? "" : "s", sc->vars[v].min,
                    u64_str(a->var_hit_max[v], b2, sizeof b2), sc->vars[v].max);
    }
}

static void prob_str(const LsrAnalysis *a, long double p, lsr_u128 num, lsr_u128 den, char *buf,
                     size_t n) {
    int k = snprintf(buf, n, "%10.6Lf%%", p * 100.0L);
    if (a->prob_exact && den && den <= (lsr_u128)1000000000000ull && k > 0 && (size_t)k < n) {
        char d1[48], d2[48];
        snprintf(buf + k, n - (size_t)k, "  = %s/%s", lsr_u128_str(num, d1, sizeof d1),
                 lsr_u128_str(den, d2, sizeof d2));
    }
}

static void bar(FILE *out, long double share, int width) {
    int n = (int)(share * (long double)width + 0.5L);
    if (share > 0 && n == 0) n = 1;
    for (int i = 0; i < width; i++) fputc(i < n ? '#' : ' ', out);
}

static void fid_label(int b, char *buf, size_t n) {
    if (b == 10) snprintf(buf, n, "100%%");
    else snprintf(buf, n, "%d-%d%%", b * 10, b * 10 + 9);
}

static void out_label(int b, char *buf, size_t n) {
    int lo = b * 10 - 100;
    if (b == 20) snprintf(buf, n, "+100");
    else snprintf(buf, n, "%+d..%+d", lo, lo + 9);
}

static void print_score_line(FILE *out, const char *what, const LsrPathScore *s, uint32_t end,
                             const LsrScenario *sc) {
    char line[400];
    snprintf(line, sizeof line, "  %s: fidelity %.1f%%, outcome %+.1f, ends at %s", what,
             s->fidelity_permille / 10.0, s->outcome_permille / 10.0, end_name(sc, end));
    print_wrapped(out, line, 6);
}

static void print_text(FILE *out, const char *file, const LsrAnalysis *a, const Findings *f) {
    const LsrScenario *sc = a->sc;
    char b1[64], b2[64], b3[200];
    fprintf(out, "leftsr analyze %s\n", file);
    fprintf(out, "scenario '%s': %s\n\n", sc->id, sc->title.s);
    if (a->status != LSR_AN_OK)
        fprintf(out, "Situations     stopped after %s distinct%s\n", u64_str(a->n_states, b1, sizeof b1),
                a->reduced ? " (reduced)" : "");
    else
        fprintf(out, "Situations     %s distinct, %s transitions%s\n",
                u64_str(a->n_states, b1, sizeof b1), u64_str(a->n_edges, b2, sizeof b2),
                a->reduced ? " (reduced)" : "");
    if (a->reduced && a->status == LSR_AN_OK)
        fprintf(out, "               reduced mode: situations forget values nothing later reads;\n"
                     "               outcome scores and clamps are sampled (%s runs)\n",
                u64_str(a->score_samples, b1, sizeof b1));
    if (a->status == LSR_AN_OK && !a->cyclic) {
        fprintf(out, "Play-throughs  %s distinct paths, the longest %u steps\n",
                count_str(a->paths_total, a->paths_total_sat, b1, sizeof b1), a->max_depth);
        fprintf(out, "Probabilities  under random play (uniform over available choices, "
                     "outcomes\n               by weight): %s\n",
                a->prob_exact ? "exact fractions" : "long double (too large to keep exact)");
    } else if (a->cyclic) {
        fprintf(out, "Play-throughs  unbounded: the scenario has a cycle\n");
    }
    if (a->status == LSR_AN_OK) {
        uint32_t shown = 0, avail = 0, n_dec = 0;
        for (uint32_t s = 0; s < sc->n_steps; s++) shown += a->step_states[s] != 0;
        for (uint32_t s = 0; s < sc->n_steps; s++) {
            const LsrStep *st = &sc->steps[s];
            if (st->type != LSR_STEP_DECISION) continue;
            n_dec += st->n_choices;
            for (uint32_t i = 0; i < st->n_choices; i++) avail += a->choice_avail[st->choices_first + i] != 0;
        }
        uint32_t reached = 0;
        for (uint32_t e = 0; e < sc->n_endings; e++) reached += a->ending_states[e] != 0;
        fprintf(out, "Content        %u of %u steps shown, %u of %u choices available, "
                     "%u of %u\n               endings reached\n",
                shown, sc->n_steps, avail, n_dec, reached, sc->n_endings);
        fprintf(out, "\nEndings%*s%s\n", 22, "", a->cyclic ? "situations" : "paths / probability");
        for (uint32_t e = 0; e < sc->n_endings; e++) {
            const LsrEnding *en = &sc->endings[e];
            fprintf(out, "  %-26s ", en->id);
            if (a->cyclic) {
                fprintf(out, "%s\n", u64_str(a->ending_states[e], b1, sizeof b1));
                continue;
            }
            fprintf(out, "%s%s\n", count_str(a->ending_paths[e], a->ending_paths_sat[e], b1, sizeof b1),
                    en->historical ? "  (historical)" : "");
            prob_str(a, a->ending_prob[e], a->ending_prob_num[e], a->ending_prob_den[e], b3, sizeof b3);
            fprintf(out, "  %-26s %s\n", "", b3);
        }
        if (!a->cyclic && a->stuck_states) {
            fprintf(out, "  %-26s %s\n", "(stuck)", count_str(a->stuck_paths, a->stuck_paths_sat, b1, sizeof b1));
            prob_str(a, a->stuck_prob, a->stuck_prob_num, a->stuck_prob_den, b3, sizeof b3);
            fprintf(out, "  %-26s %s\n", "", b3);
        }
    }
    if (f->n) fprintf(out, "\nFindings\n");
    for (size_t i = 0; i < f->n; i++) {
        const Finding *x = &f->v[i];
        char line[700];
        snprintf(line, sizeof line, "  %s[%s]: %s", sev_name(x->sev), x->code, x->msg);
        print_wrapped(out, line, 6);
        if (x->path && (x->path->n || x->path->end != LSR_NEXT_NONE)) print_path(out, sc, x->path, "      ");
    }
    if (a->status == LSR_AN_OK && a->have_scores) {
        fprintf(out, "\nScores over the paths that reach an ending\n");
        fprintf(out, "  fidelity  %.1f%% .. %.1f%%   (exact extremes; distribution %s)\n",
                a->fid_min / 10.0, a->fid_max / 10.0,
                a->fid_sampled ? "sampled by random play" : "exact");
        fprintf(out, "  %-9s %-32s %-16s %s\n", "", "", a->fid_sampled ? "" : "% of paths", "random play");
        lsr_u128 total = a->paths_total - (a->stuck_paths_sat ? 0 : a->stuck_paths);
        long double tot_ld = a->paths_total_sat ? 0 : u128_ld(total);
        for (int b = 0; b < LSR_HIST_FID_BINS; b++) {
            if (a->fid_hist_paths[b] == 0 && a->fid_hist_prob[b] == 0) continue;
            char lab[32];
            fid_label(b, lab, sizeof lab);
            fprintf(out, "  %-9s ", lab);
            bar(out, a->fid_hist_prob[b], 32);
            if (a->fid_sampled || tot_ld == 0) fprintf(out, " %-16s", "");
            else fprintf(out, " %14.6Lf%% ", u128_ld(a->fid_hist_paths[b]) / tot_ld * 100.0L);
            fprintf(out, " %10.6Lf%%\n", a->fid_hist_prob[b] * 100.0L);
        }
        fprintf(out, "  outcome   %+.1f .. %+.1f   (%s; -100 far worse than history, +100 far\n"
                     "            better)\n",
                a->out_min / 10.0, a->out_max / 10.0, a->outcome_sampled ? "sampled" : "exact");
        for (int b = 0; b < LSR_HIST_OUT_BINS; b++) {
            if (a->out_hist_paths[b] == 0 && a->out_hist_prob[b] == 0) continue;
            char lab[32];
            out_label(b, lab, sizeof lab);
            fprintf(out, "  %-9s ", lab);
            bar(out, a->out_hist_prob[b], 32);
            if (tot_ld == 0 || a->outcome_sampled) fprintf(out, " %-16s", "");
            else fprintf(out, " %14.6Lf%% ", u128_ld(a->out_hist_paths[b]) / tot_ld * 100.0L);
            fprintf(out, " %10.6Lf%%\n", a->out_hist_prob[b] * 100.0L);
        }
        fprintf(out, "  (bars: share under random play)\n\n");
        print_score_line(out, "Historical path", &a->hist_score, a->hist_path.end, sc);
        print_path(out, sc, &a->hist_path, "      ");
        print_score_line(out, "Best fidelity", &a->best_fid_score, a->best_fid.end, sc);
        print_path(out, sc, &a->best_fid, "      ");
        print_score_line(out, "Worst fidelity", &a->worst_fid_score, a->worst_fid.end, sc);
        print_path(out, sc, &a->worst_fid, "      ");
        print_score_line(out, a->outcome_sampled ? "Best outcome (sampled)" : "Best outcome",
                         &a->best_out_score, a->best_out.end, sc);
        print_path(out, sc, &a->best_out, "      ");
        print_score_line(out, a->outcome_sampled ? "Worst outcome (sampled)" : "Worst outcome",
                         &a->worst_out_score, a->worst_out.end, sc);
        print_path(out, sc, &a->worst_out, "      ");
    }
    fprintf(out, "\n%zu error%s, %zu warning%s, %zu note%s\n", f->errors, f->errors == 1 ? "" : "s",
            f->warnings, f->warnings == 1 ? "" : "s", f->notes, f->notes == 1 ? "" : "s");
}

static cJSON *u128_json(lsr_u128 v, bool sat) {
    char d[48];
    if (sat) return cJSON_CreateNull();
    return cJSON_CreateString(lsr_u128_str(v, d, sizeof d));
}

static cJSON *rat_json(const LsrAnalysis *a, lsr_u128 num, lsr_u128 den) {
    if (!a->prob_exact || !den) return cJSON_CreateNull();
    char d1[48], d2[48], buf[100];
    snprintf(buf, sizeof buf, "%s/%s", lsr_u128_str(num, d1, sizeof d1), lsr_u128_str(den, d2, sizeof d2));
    return cJSON_CreateString(buf);
}

static cJSON *score_json(const LsrScenario *sc, const LsrPathScore *s, const LsrPath *p) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "fidelity_permille", s->fidelity_permille);
    cJSON_AddNumberToObject(o, "outcome_permille", s->outcome_permille);
    cJSON_AddItemToObject(o, "path", path_json(sc, p));
    return o;
}

static cJSON *findings_json(const LsrScenario *sc, const Findings *f) {
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < f->n; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "severity", sev_name(f->v[i].sev));
        cJSON_AddStringToObject(x, "code", f->v[i].code);
        cJSON_AddStringToObject(x, "message", f->v[i].msg);
        if (f->v[i].path) cJSON_AddItemToObject(x, "example", path_json(sc, f->v[i].path));
        cJSON_AddItemToArray(arr, x);
    }
    return arr;
}

static cJSON *analysis_json(const char *file, const LsrAnalysis *a, const Findings *f) {
    const LsrScenario *sc = a->sc;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", file);
    cJSON_AddStringToObject(root, "scenario", sc->id);
    cJSON_AddStringToObject(root, "mode", "exact");
    cJSON_AddStringToObject(root, "exploration", a->reduced ? "reduced" : "full");
    if (a->score_samples) cJSON_AddNumberToObject(root, "samples", (double)a->score_samples);
    cJSON_AddBoolToObject(root, "clamps_sampled", a->clamps_sampled);
    cJSON_AddBoolToObject(root, "never_needed_checked", a->needed_checked);
    cJSON_AddStringToObject(root, "status", a->status == LSR_AN_OK ? "ok"
                                            : a->status == LSR_AN_NOMEM ? "out-of-memory" : "too-many-states");
    cJSON_AddNumberToObject(root, "states", (double)a->n_states);
    cJSON_AddNumberToObject(root, "transitions", (double)a->n_edges);
    cJSON_AddBoolToObject(root, "cyclic", a->cyclic);
    cJSON_AddNumberToObject(root, "errors", (double)f->errors);
    cJSON_AddNumberToObject(root, "warnings", (double)f->warnings);
    cJSON_AddNumberToObject(root, "notes", (double)f->notes);
    cJSON_AddItemToObject(root, "findings", findings_json(sc, f));
    if (a->status != LSR_AN_OK) return root;
    bool counted = !a->cyclic;
    if (counted) {
        cJSON_AddItemToObject(root, "paths", u128_json(a->paths_total, a->paths_total_sat));
        cJSON_AddNumberToObject(root, "longest_path", a->max_depth);
        cJSON_AddBoolToObject(root, "probabilities_exact", a->prob_exact);
    }
    cJSON *ends = cJSON_AddArrayToObject(root, "endings");
    for (uint32_t e = 0; e < sc->n_endings; e++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", sc->endings[e].id);
        cJSON_AddBoolToObject(x, "historical", sc->endings[e].historical);
        cJSON_AddNumberToObject(x, "states", (double)a->ending_states[e]);
        if (counted) {
            cJSON_AddItemToObject(x, "paths", u128_json(a->ending_paths[e], a->ending_paths_sat[e]));
            cJSON_AddNumberToObject(x, "probability", (double)a->ending_prob[e]);
            cJSON_AddItemToObject(x, "probability_exact",
                                  rat_json(a, a->ending_prob_num[e], a->ending_prob_den[e]));
        }
        cJSON_AddItemToArray(ends, x);
    }
    cJSON *stuck = cJSON_AddObjectToObject(root, "stuck");
    cJSON_AddNumberToObject(stuck, "states", (double)a->stuck_states);
    if (counted) {
        cJSON_AddItemToObject(stuck, "paths", u128_json(a->stuck_paths, a->stuck_paths_sat));
        cJSON_AddNumberToObject(stuck, "probability", (double)a->stuck_prob);
    }
    if (a->stuck_states) cJSON_AddItemToObject(stuck, "example", path_json(sc, &a->stuck_example));
    if (a->cyclic) cJSON_AddItemToObject(root, "cycle", path_json(sc, &a->cycle));
    cJSON *steps = cJSON_AddArrayToObject(root, "steps");
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        const LsrStep *st = &sc->steps[s];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", st->id);
        cJSON_AddNumberToObject(x, "states", (double)a->step_states[s]);
        if (st->type == LSR_STEP_DECISION) {
            cJSON *ch = cJSON_AddArrayToObject(x, "choices");
            for (uint32_t i = 0; i < st->n_choices; i++) {
                uint32_t gi = st->choices_first + i;
                const LsrChoice *c = &sc->choices[gi];
                cJSON *y = cJSON_CreateObject();
                cJSON_AddStringToObject(y, "id", c->id);
                cJSON_AddNumberToObject(y, "available_states", (double)a->choice_avail[gi]);
                cJSON_AddBoolToObject(y, "needed", a->choice_needed[gi]);
                if (c->n_outcomes) {
                    cJSON *oc = cJSON_AddArrayToObject(y, "outcome_transitions");
                    for (uint32_t o = 0; o < c->n_outcomes; o++)
                        cJSON_AddItemToArray(oc, cJSON_CreateNumber((double)a->outcome_taken[c->outcomes_first + o]));
                }
                cJSON_AddItemToArray(ch, y);
            }
        }
        cJSON_AddItemToArray(steps, x);
    }
    cJSON *evs = cJSON_AddArrayToObject(root, "events");
    for (uint32_t e = 0; e < sc->n_events; e++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", sc->events[e].id);
        cJSON_AddNumberToObject(x, "fired_transitions", (double)a->event_fired[e]);
        cJSON_AddItemToArray(evs, x);
    }
    cJSON *vars = cJSON_AddArrayToObject(root, "variables");
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", sc->vars[v].id);
        cJSON_AddNumberToObject(x, "clamped_at_min", (double)a->var_hit_min[v]);
        cJSON_AddNumberToObject(x, "clamped_at_max", (double)a->var_hit_max[v]);
        if (a->var_hit_min[v] || a->var_hit_max[v])
            cJSON_AddItemToObject(x, "example", path_json(sc, &a->var_hit_example[v]));
        cJSON_AddItemToArray(vars, x);
    }
    cJSON_AddItemToObject(root, "historical_path", score_json(sc, &a->hist_score, &a->hist_path));
    if (a->have_scores) {
        cJSON *scores = cJSON_AddObjectToObject(root, "scores");
        cJSON *fid = cJSON_AddObjectToObject(scores, "fidelity");
        cJSON_AddNumberToObject(fid, "min_permille", a->fid_min);
        cJSON_AddNumberToObject(fid, "max_permille", a->fid_max);
        cJSON_AddStringToObject(fid, "distribution", a->fid_sampled ? "sampled" : "exact");
        if (a->fid_sampled) cJSON_AddNumberToObject(fid, "samples", (double)a->fid_samples);
        cJSON *h = cJSON_AddArrayToObject(fid, "histogram");
        for (int b = 0; b < LSR_HIST_FID_BINS; b++) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddNumberToObject(x, "from_permille", b * 100);
            cJSON_AddNumberToObject(x, "to_permille", b == 10 ? 1000 : b * 100 + 99);
            if (!a->fid_sampled) cJSON_AddItemToObject(x, "paths", u128_json(a->fid_hist_paths[b], a->fid_hist_sat[b]));
            cJSON_AddNumberToObject(x, "probability", (double)a->fid_hist_prob[b]);
            cJSON_AddItemToArray(h, x);
        }
        cJSON *out = cJSON_AddObjectToObject(scores, "outcome");
        cJSON_AddNumberToObject(out, "min_permille", a->out_min);
        cJSON_AddNumberToObject(out, "max_permille", a->out_max);
        cJSON_AddStringToObject(out, "distribution", a->outcome_sampled ? "sampled" : "exact");
        h = cJSON_AddArrayToObject(out, "histogram");
        for (int b = 0; b < LSR_HIST_OUT_BINS; b++) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddNumberToObject(x, "from_permille", b * 100 - 1000);
            cJSON_AddNumberToObject(x, "to_permille", b == 20 ? 1000 : b * 100 - 901);
            if (!a->outcome_sampled)
                cJSON_AddItemToObject(x, "paths", u128_json(a->out_hist_paths[b], a->out_hist_sat[b]));
            cJSON_AddNumberToObject(x, "probability", (double)a->out_hist_prob[b]);
            cJSON_AddItemToArray(h, x);
        }
        cJSON_AddItemToObject(scores, "best_fidelity", score_json(sc, &a->best_fid_score, &a->best_fid));
        cJSON_AddItemToObject(scores, "worst_fidelity", score_json(sc, &a->worst_fid_score, &a->worst_fid));
        cJSON_AddItemToObject(scores, "best_outcome", score_json(sc, &a->best_out_score, &a->best_out));
        cJSON_AddItemToObject(scores, "worst_outcome", score_json(sc, &a->worst_out_score, &a->worst_out));
    }
    return root;
}

/* ------------------------------------------------------- random report */

static void collect_random_findings(const LsrScenario *sc, const LsrRandomStats *rs, Findings *f) {
    char b1[64];
    if (rs->stuck)
        add_finding(f, F_ERROR, "A_STUCK", NULL, "%s play-through%s got stuck",
                    u64_str(rs->stuck, b1, sizeof b1), rs->stuck == 1 ? "" : "s");
    if (rs->unfinished)
        add_finding(f, F_ERROR, "A_CYCLE", NULL,
                    "%s play-through%s did not finish (the scenario likely has a cycle)",
                    u64_str(rs->unfinished, b1, sizeof b1), rs->unfinished == 1 ? "" : "s");
    for (uint32_t s = 0; s < sc->n_steps; s++)
        if (!rs->step_hits[s])
            add_finding(f, F_WARNING, "A_STEP_UNSEEN", NULL, "step '%s' was never shown", sc->steps[s].id);
    for (uint32_t e = 0; e < sc->n_endings; e++)
        if (!rs->ending_hits[e])
            add_finding(f, F_WARNING, "A_ENDING_UNSEEN", NULL, "ending '%s' was never reached",
                        sc->endings[e].id);
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        const LsrStep *st = &sc->steps[s];
        if (st->type != LSR_STEP_DECISION || !rs->step_hits[s]) continue;
        for (uint32_t i = 0; i < st->n_choices; i++)
            if (!rs->choice_hits[st->choices_first + i])
                add_finding(f, F_WARNING, "A_CHOICE_UNSEEN", NULL, "choice '%s:%s' was never taken",
                            st->id, sc->choices[st->choices_first + i].id);
    }
    for (uint32_t e = 0; e < sc->n_events; e++)
        if (!rs->event_hits[e])
            add_finding(f, F_WARNING, "A_EVENT_UNSEEN", NULL, "event '%s' never fired", sc->events[e].id);
}

static void print_random(FILE *out, const char *file, const LsrScenario *sc, const LsrRandomStats *rs,
                         uint64_t seed, const Findings *f) {
    char b1[64], b2[64];
    long double n = rs->runs ? (long double)rs->runs : 1.0L;
    fprintf(out, "leftsr analyze %s --random %" PRIu64 " --seed %" PRIu64 "\n", file, rs->runs, seed);
    fprintf(out, "scenario '%s': %s\n\n", sc->id, sc->title.s);
    fprintf(out, "%s random play-throughs (uniform over available choices, outcomes\n"
                 "by weight), %.2f steps on average\n",
            u64_str(rs->runs, b1, sizeof b1), (double)rs->steps_total / (double)(rs->runs ? rs->runs : 1));
    fprintf(out, "\n%-28s %14s %10s\n", "Endings", "runs", "share");
    for (uint32_t e = 0; e < sc->n_endings; e++)
        fprintf(out, "  %-26s %14s %9.4Lf%%%s\n", sc->endings[e].id,
                u64_str(rs->ending_hits[e], b1, sizeof b1), (long double)rs->ending_hits[e] / n * 100.0L,
                sc->endings[e].historical ? " (historical)" : "");
    if (rs->stuck) fprintf(out, "  %-26s %14s\n", "(stuck)", u64_str(rs->stuck, b1, sizeof b1));
    if (rs->unfinished) fprintf(out, "  %-26s %14s\n", "(unfinished)", u64_str(rs->unfinished, b1, sizeof b1));
    fprintf(out, "\n%-32s %14s %10s\n", "Steps and choices", "hits", "share");
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        const LsrStep *st = &sc->steps[s];
        fprintf(out, "  %-30s %14s %9.4Lf%% of runs\n", st->id, u64_str(rs->step_hits[s], b1, sizeof b1),
                (long double)rs->step_hits[s] / n * 100.0L);
        if (st->type != LSR_STEP_DECISION) continue;
        long double v = rs->step_hits[s] ? (long double)rs->step_hits[s] : 1.0L;
        for (uint32_t i = 0; i < st->n_choices; i++) {
            const LsrChoice *c = &sc->choices[st->choices_first + i];
            snprintf(b2, sizeof b2, "  %s", c->id);
            fprintf(out, "  %-30s %14s %9.4Lf%%\n", b2, u64_str(rs->choice_hits[st->choices_first + i], b1, sizeof b1),
                    (long double)rs->choice_hits[st->choices_first + i] / v * 100.0L);
            for (uint32_t o = 0; o < c->n_outcomes; o++) {
                snprintf(b2, sizeof b2, "    outcome %u", o + 1);
                fprintf(out, "  %-30s %14s\n", b2, u64_str(rs->outcome_hits[c->outcomes_first + o], b1, sizeof b1));
            }
        }
    }
    if (sc->n_events) fprintf(out, "\n%-32s %14s\n", "Events", "fired");
    for (uint32_t e = 0; e < sc->n_events; e++)
        fprintf(out, "  %-30s %14s\n", sc->events[e].id, u64_str(rs->event_hits[e], b1, sizeof b1));
    uint64_t fin = 0;
    for (int b = 0; b < LSR_HIST_FID_BINS; b++) fin += rs->fid_hist[b];
    if (fin) {
        long double fl = (long double)fin;
        fprintf(out, "\nScores of the runs that reached an ending\n");
        fprintf(out, "  fidelity  %.1f%% .. %.1f%%\n", rs->fid_min / 10.0, rs->fid_max / 10.0);
        for (int b = 0; b < LSR_HIST_FID_BINS; b++) {
            if (!rs->fid_hist[b]) continue;
            char lab[32];
            fid_label(b, lab, sizeof lab);
            fprintf(out, "  %-9s ", lab);
            bar(out, (long double)rs->fid_hist[b] / fl, 40);
            fprintf(out, " %9.4Lf%%\n", (long double)rs->fid_hist[b] / fl * 100.0L);
        }
        fprintf(out, "  outcome   %+.1f .. %+.1f\n", rs->out_min / 10.0, rs->out_max / 10.0);
        for (int b = 0; b < LSR_HIST_OUT_BINS; b++) {
            if (!rs->out_hist[b]) continue;
            char lab[32];
            out_label(b, lab, sizeof lab);
            fprintf(out, "  %-9s ", lab);
            bar(out, (long double)rs->out_hist[b] / fl, 40);
            fprintf(out, " %9.4Lf%%\n", (long double)rs->out_hist[b] / fl * 100.0L);
        }
    }
    if (f->n) fprintf(out, "\nFindings\n");
    for (size_t i = 0; i < f->n; i++) {
        char line[700];
        snprintf(line, sizeof line, "  %s[%s]: %s", sev_name(f->v[i].sev), f->v[i].code, f->v[i].msg);
        print_wrapped(out, line, 6);
    }
    fprintf(out, "\n%zu error%s, %zu warning%s\n", f->errors, f->errors == 1 ? "" : "s", f->warnings,
            f->warnings == 1 ? "" : "s");
}

static cJSON *random_json(const char *file, const LsrScenario *sc, const LsrRandomStats *rs, uint64_t seed,
                          const Findings *f) {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", file);
    cJSON_AddStringToObject(root, "scenario", sc->id);
    cJSON_AddStringToObject(root, "mode", "random");
    cJSON_AddNumberToObject(root, "runs", (double)rs->runs);
    char sb[32];
    snprintf(sb, sizeof sb, "%" PRIu64, seed);
    cJSON_AddStringToObject(root, "seed", sb);
    cJSON_AddNumberToObject(root, "stuck", (double)rs->stuck);
    cJSON_AddNumberToObject(root, "unfinished", (double)rs->unfinished);
    cJSON_AddNumberToObject(root, "errors", (double)f->errors);
    cJSON_AddNumberToObject(root, "warnings", (double)f->warnings);
    cJSON_AddItemToObject(root, "findings", findings_json(sc, f));
    cJSON *ends = cJSON_AddObjectToObject(root, "endings");
    for (uint32_t e = 0; e < sc->n_endings; e++)
        cJSON_AddNumberToObject(ends, sc->endings[e].id, (double)rs->ending_hits[e]);
    cJSON *steps = cJSON_AddArrayToObject(root, "steps");
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        const LsrStep *st = &sc->steps[s];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", st->id);
        cJSON_AddNumberToObject(x, "hits", (double)rs->step_hits[s]);
        if (st->type == LSR_STEP_DECISION) {
            cJSON *ch = cJSON_AddObjectToObject(x, "choices");
            for (uint32_t i = 0; i < st->n_choices; i++)
                cJSON_AddNumberToObject(ch, sc->choices[st->choices_first + i].id,
                                        (double)rs->choice_hits[st->choices_first + i]);
        }
        cJSON_AddItemToArray(steps, x);
    }
    cJSON *evs = cJSON_AddObjectToObject(root, "events");
    for (uint32_t e = 0; e < sc->n_events; e++)
        cJSON_AddNumberToObject(evs, sc->events[e].id, (double)rs->event_hits[e]);
    cJSON *fid = cJSON_AddArrayToObject(root, "fidelity_histogram");
    for (int b = 0; b < LSR_HIST_FID_BINS; b++) cJSON_AddItemToArray(fid, cJSON_CreateNumber((double)rs->fid_hist[b]));
    cJSON *oc = cJSON_AddArrayToObject(root, "outcome_histogram");
    for (int b = 0; b < LSR_HIST_OUT_BINS; b++) cJSON_AddItemToArray(oc, cJSON_CreateNumber((double)rs->out_hist[b]));
    return root;
}

/* ---------------------------------------------------------------- command */

static void analyze_usage(FILE *out) {
    fprintf(out,
            "usage: leftsr analyze FILE [--json] [--max-states N]\n"
            "       leftsr analyze FILE --random N [--seed S] [--json]\n"
            "\n"
            "Explores every situation a scenario can reach (identical situations are\n"
            "merged) and reports: steps, choices, outcomes, events and endings that can\n"
            "never be reached; stuck situations and cycles with an example path; the\n"
            "exact number of play-throughs reaching each ending and its probability under\n"
            "random play; variables clamped at their limits; the range and distribution\n"
            "of both scores; the historical, best and worst paths.\n"
            "\n"
            "  --json          machine-readable report on stdout\n"
            "  --max-states N  give up beyond N distinct situations (default 5000000)\n"
            "  --random N      instead, play N random play-throughs and count how often\n"
            "                  every step, choice, outcome, event and ending is seen\n"
            "  --seed S        seed of --random (default 1); the same seed gives the\n"
            "                  same counts\n"
            "\n"
            "Exit status: 0 no errors; 1 errors found (stuck situations, unreachable\n"
            "steps or endings, cycles, too many states) or the file does not load;\n"
            "2 usage or I/O error.\n");
}

static bool parse_u64(const char *s, uint64_t *out) {
    if (!s || !*s || *s == '-') return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return false;
    *out = (uint64_t)v;
    return true;
}

int lsr_cmd_analyze(int argc, char **argv) {
    const char *file = NULL;
    bool json = false, random = false;
    uint64_t runs = 0, seed = 1, max_states = LSR_ANALYZE_DEFAULT_MAX_STATES;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            analyze_usage(stdout);
            return LSR_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--random") == 0 || strcmp(a, "--seed") == 0 ||
                   strcmp(a, "--max-states") == 0) {
            uint64_t v;
            if (i + 1 >= argc || !parse_u64(argv[i + 1], &v)) {
                fprintf(stderr, "leftsr analyze: %s needs a non-negative integer\n", a);
                return LSR_EXIT_USAGE;
            }
            i++;
            if (a[2] == 'r') random = true, runs = v;
            else if (a[2] == 's') seed = v;
            else if (v == 0) {
                fprintf(stderr, "leftsr analyze: --max-states must be at least 1\n");
                return LSR_EXIT_USAGE;
            } else max_states = v;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "leftsr analyze: unknown option '%s'\n", a);
            analyze_usage(stderr);
            return LSR_EXIT_USAGE;
        } else if (file) {
            fprintf(stderr, "leftsr analyze: only one FILE, please\n");
            return LSR_EXIT_USAGE;
        } else {
            file = a;
        }
    }
    if (!file) {
        analyze_usage(stderr);
        return LSR_EXIT_USAGE;
    }
    char resolved[4096];
    const char *path = lsr_resolve_scenario(file, resolved, sizeof resolved) ? resolved : file;
    if (lsr_file_is_campaign(path)) {
        fprintf(stderr, "leftsr analyze: '%s' is a campaign; analyse each of its scenarios\n", path);
        return LSR_EXIT_USAGE;
    }
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_file(path, &sc, &d);
    lsr_print_diags(json ? stderr : stdout, path, &d);
    lsr_diags_free(&d);
    if (st != LSR_OK) {
        if (st == LSR_ERR_IO) {
            fprintf(stderr, "leftsr analyze: cannot read '%s'\n", path);
            return LSR_EXIT_USAGE;
        }
        if (st != LSR_ERR_INVALID) fprintf(stderr, "leftsr analyze: %s: %s\n", path, lsr_status_str(st));
        return LSR_EXIT_CONTENT;
    }
    Findings f;
    memset(&f, 0, sizeof f);
    int rc = LSR_EXIT_OK;
    if (random) {
        LsrRandomStats rs;
        if (!lsr_random_run(sc, runs, seed, &rs)) {
            fprintf(stderr, "leftsr analyze: out of memory\n");
            lsr_scenario_free(sc);
            return LSR_EXIT_CONTENT;
        }
        collect_random_findings(sc, &rs, &f);
        if (json) {
            cJSON *root = random_json(path, sc, &rs, seed, &f);
            char *txt = cJSON_Print(root);
            if (txt) puts(txt);
            cJSON_free(txt);
            cJSON_Delete(root);
        } else {
            print_random(stdout, path, sc, &rs, seed, &f);
        }
        lsr_random_stats_free(&rs);
    } else {
        LsrAnalyzeOptions opt = {max_states, 0, 0, seed, 0};
        LsrAnalysis a;
        lsr_analysis_run(sc, &opt, &a);
        collect_findings(&a, &f);
        if (json) {
            cJSON *root = analysis_json(path, &a, &f);
            char *txt = cJSON_Print(root);
            if (txt) puts(txt);
            cJSON_free(txt);
            cJSON_Delete(root);
        } else {
            print_text(stdout, path, &a, &f);
        }
        lsr_analysis_free(&a);
    }
    if (f.errors) rc = LSR_EXIT_CONTENT;
    free(f.v);
    lsr_scenario_free(sc);
    return rc;
}
