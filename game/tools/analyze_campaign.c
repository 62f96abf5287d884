/* `leftsr analyze CAMPAIGN.json`: the campaign with its carried state.
 *
 * Part 1 is explored exactly from its start. Its final situations are
 * grouped by what matters later: the values carried into part 2 and, when
 * an epilogue asks which ending a part reached, that ending. Part 2 is then
 * explored once from all those start states together (identical situations
 * merge, whichever start they came from), each start weighted by the paths
 * and the probability that lead to it, and so on. The last part's final
 * situations are grouped by its ending and the variables the epilogues
 * read, which gives the exact paths and probability of every epilogue.
 *
 * The engine is driven through its public state model (lsr_state_init,
 * lsr_choice_available, lsr_outcome_weights, lsr_state_advance); like the
 * analyser's reduced mode, each situation forgets the variables and flags
 * nothing later in the part reads (lsr_an_compute_live), except the values
 * the campaign carries on or the epilogues read. Counting follows the
 * single-scenario analyser: a path is a sequence
 * of choices and random outcomes; random play is uniform over available
 * choices, outcomes by weight, an outcome of weight 0 is never taken unless
 * all are 0 (then the first is). */
#include "analyze_campaign.h"
#include "i18n.h"
#include "analyze_internal.h"
#include "app.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAT ((lsr_u128)~(lsr_u128)0)   /* a count of 2^128 or more */

static lsr_u128 sat_add(lsr_u128 a, lsr_u128 b) { return a > SAT - b ? SAT : a + b; }

/* ---------------------------------------------------- weighted state sets */

/* Distinct int32 tuples of one width, each with a path count, a
 * probability and (for exploration) an in-degree. */
typedef struct Set {
    uint32_t W;
    int32_t *words;
    lsr_u128 *paths;
    long double *prob;
    uint32_t *indeg;
    size_t n, cap;
    uint32_t *tab;      /* open addressing: index + 1, 0 empty */
    size_t mask;
} Set;

static uint64_t tuple_hash(const int32_t *w, uint32_t n) { return lsr_hash64(w, n * sizeof *w, 0); }

static void set_free(Set *s) {
    free(s->words);
    free(s->paths);
    free(s->prob);
    free(s->indeg);
    free(s->tab);
    memset(s, 0, sizeof *s);
}

static bool set_grow(Set *s) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    int32_t *w = realloc(s->words, cap * s->W * sizeof *w);
    if (w) s->words = w;
    lsr_u128 *p = realloc(s->paths, cap * sizeof *p);
    if (p) s->paths = p;
    long double *q = realloc(s->prob, cap * sizeof *q);
    if (q) s->prob = q;
    uint32_t *d = realloc(s->indeg, cap * sizeof *d);
    if (d) s->indeg = d;
    uint32_t *t = calloc(cap * 2, sizeof *t);
    if (!w || !p || !q || !d || !t || cap > UINT32_MAX / 2) {
        free(t);
        return false;
    }
    free(s->tab);
    s->tab = t;
    s->mask = cap * 2 - 1;
    s->cap = cap;
    for (size_t i = 0; i < s->n; i++) {
        size_t j = (size_t)tuple_hash(s->words + i * s->W, s->W) & s->mask;
        while (s->tab[j]) j = (j + 1) & s->mask;
        s->tab[j] = (uint32_t)(i + 1);
    }
    return true;
}

/* Index of tuple w, added with zero weight when new (*added set). SIZE_MAX
 * when out of memory. */
static size_t set_get(Set *s, const int32_t *w, bool *added) {
    size_t bytes = s->W * sizeof *w;
    if (s->cap) {
        size_t j = (size_t)tuple_hash(w, s->W) & s->mask;
        for (; s->tab[j]; j = (j + 1) & s->mask)
            if (!memcmp(s->words + (s->tab[j] - 1) * s->W, w, bytes)) {
                if (added) *added = false;
                return s->tab[j] - 1;
            }
    }
    if (s->n == s->cap && !set_grow(s)) return SIZE_MAX;
    size_t i = s->n++;
    memcpy(s->words + i * s->W, w, bytes);
    s->paths[i] = 0;
    s->prob[i] = 0;
    s->indeg[i] = 0;
    size_t j = (size_t)tuple_hash(w, s->W) & s->mask;
    while (s->tab[j]) j = (j + 1) & s->mask;
    s->tab[j] = (uint32_t)(i + 1);
    if (added) *added = true;
    return i;
}

/* ------------------------------------------------------------ one part */

/* What a part's situations must remember: per step, the variables and
 * flags something at or after it may read (analyze_graph.c), plus the
 * variables the campaign needs at the end of the part. */
typedef struct Live {
    Graph g;                     /* only sc and what lsr_an_compute_live fills are used */
    bool *keep;                  /* n_vars */
    uint32_t flags_word0;
} Live;

static bool live_init(Live *lv, const LsrCampaign *cp, uint32_t k) {
    const LsrScenario *sc = cp->parts[k].scenario;
    memset(lv, 0, sizeof *lv);
    lv->g.sc = sc;
    lv->flags_word0 = 1u + sc->n_vars + (sc->n_events + 3u) / 4u;
    lv->keep = calloc(sc->n_vars ? sc->n_vars : 1, sizeof *lv->keep);
    if (!lv->keep || !lsr_an_compute_live(&lv->g)) return false;
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        if (k + 1 == cp->n_parts) {
            lv->keep[v] = lsr_campaign_reads_var(cp, v);
            continue;
        }
        for (uint32_t i = 0; i < cp->parts[k + 1].n_carry; i++)
            if (!strcmp(sc->vars[v].id, cp->parts[k + 1].carry[i])) lv->keep[v] = true;
    }
    return true;
}

static void live_free(Live *lv) {
    lsr_an_graph_free(&lv->g);   /* what lsr_an_compute_live filled */
    free(lv->keep);
}

/* Forgets in st what nothing can read any more, so that situations that
 * differ only there merge. At an ending only the kept variables count. */
static void forget_dead(const LsrScenario *sc, const Live *lv, int32_t *st) {
    uint32_t pos = lsr_state_pos(st);
    const uint64_t *L = pos < sc->n_steps ? lv->g.live + (size_t)pos * lv->g.live_words : NULL;
    for (uint32_t v = 0; v < sc->n_vars; v++)
        if (!lv->keep[v] && !(L && (L[v >> 6] >> (v & 63)) & 1u)) st[1 + v] = sc->vars[v].min;
    if (!L) {
        memset(st + 1 + sc->n_vars, 0, (sc->state_words - 1 - sc->n_vars) * sizeof *st);
        return;
    }
    uint32_t *fw = (uint32_t *)(void *)(st + lv->flags_word0);
    for (uint32_t f = 0; f < sc->n_flags; f++) {
        uint32_t b = sc->n_vars + f;
        if (!((L[b >> 6] >> (b & 63)) & 1u)) fw[f >> 5] &= ~(1u << (f & 31));
    }
}

#define MAX_SUCC (9 * 16)

/* The situations one step from st, with the probability of each under
 * random play. Returns their number; 0 for a final situation (an ending,
 * or stuck: *stuck set). */
static uint32_t successors(const LsrScenario *sc, const Live *lv, const int32_t *st, int32_t *out, long double *p,
                           bool *stuck) {
    uint32_t W = sc->state_words, pos = lsr_state_pos(st), n = 0;
    *stuck = false;
    if (pos >= sc->n_steps) {
        *stuck = pos >= sc->n_steps + sc->n_endings;
        return 0;
    }
    const LsrStep *s = &sc->steps[pos];
    if (s->type == LSR_STEP_VOTE) {
        memcpy(out, st, W * sizeof *st);
        lsr_state_advance(sc, out, 0, 0, NULL);
        forget_dead(sc, lv, out);
        p[0] = 1;
        return 1;
    }
    uint32_t avail[16], na = 0;
    for (uint32_t i = 0; i < s->n_choices && i < 16; i++)
        if (lsr_choice_available(sc, st, i)) avail[na++] = i;
    if (!na) {
        *stuck = true;
        return 0;
    }
    for (uint32_t a = 0; a < na; a++) {
        uint32_t i = avail[a];
        const LsrChoice *c = &sc->choices[s->choices_first + i];
        uint64_t w[16] = {1}, sum = 1;
        uint32_t n_out = 1;
        if (c->n_outcomes) {
            n_out = c->n_outcomes;
            sum = lsr_outcome_weights(sc, st, i, w);
            if (!sum) n_out = 1, w[0] = 1, sum = 1;
        }
        for (uint32_t o = 0; o < n_out; o++) {
            if (!w[o]) continue;
            memcpy(out + n * W, st, W * sizeof *st);
            lsr_state_advance(sc, out + n * W, i, o, NULL);
            forget_dead(sc, lv, out + n * W);
            p[n++] = (long double)w[o] / (long double)sum / (long double)na;
        }
    }
    return n;
}

/* buf holds a tagged situation (W state words, T tag words) followed by n
 * untagged successors; gives each successor the same tag, so that
 * successor j is at buf + (j + 1) * (W + T). From the back: the moves only
 * go up. */
static void spread_tagged(int32_t *buf, uint32_t n, uint32_t W, uint32_t T) {
    for (uint32_t j = n; j-- > 0;) {
        int32_t *to = buf + (size_t)(j + 1) * (W + T);
        memmove(to, buf + (W + T) + (size_t)j * W, W * sizeof *buf);
        memcpy(to + W, buf + W, T * sizeof *buf);
    }
}

typedef struct PartResult {
    uint64_t starts, states;
    lsr_u128 *ending_paths;      /* n_endings + 1: the last is "stuck" */
    long double *ending_prob;
    bool cyclic;
} PartResult;

typedef struct Campaign {
    const LsrCampaign *cp;
    uint64_t budget;             /* situations still allowed */
    bool too_many, nomem;
    uint32_t failed_part;
    PartResult *parts;
} Campaign;

/* Width of a carried tuple: endings of every part (the tag), then the
 * values part k+1 takes from part k, or for the last part the variables
 * the epilogues read. */
static uint32_t key_width(const Campaign *c, uint32_t k) {
    const LsrCampaign *cp = c->cp;
    if (k + 1 < cp->n_parts) return cp->n_parts + cp->parts[k + 1].n_carry;
    const LsrScenario *sc = cp->parts[k].scenario;
    uint32_t n = cp->n_parts;
    for (uint32_t v = 0; v < sc->n_vars; v++) n += lsr_campaign_reads_var(cp, v);
    return n;
}

/* Writes the key of a final situation of part k reached from `tag`. */
static void final_key(const Campaign *c, uint32_t k, const int32_t *tag, const int32_t *st, int32_t *key) {
    const LsrCampaign *cp = c->cp;
    const LsrScenario *sc = cp->parts[k].scenario;
    memcpy(key, tag, cp->n_parts * sizeof *key);
    uint32_t pos = lsr_state_pos(st);
    if (lsr_campaign_reads_ending(cp, k)) key[k] = (int32_t)(pos - sc->n_steps);
    uint32_t n = cp->n_parts;
    if (k + 1 < cp->n_parts) {
        for (uint32_t i = 0; i < cp->parts[k + 1].n_carry; i++)
            key[n++] = lsr_state_var(st, lsr_find_var(sc, cp->parts[k + 1].carry[i]));
    } else {
        for (uint32_t v = 0; v < sc->n_vars; v++)
            if (lsr_campaign_reads_var(cp, v)) key[n++] = lsr_state_var(st, v);
    }
}

/* Explores part k from the weighted start keys `in` (the previous part's
 * finals; NULL for part 1) and adds its finals to `out`. */
static bool explore_part(Campaign *c, uint32_t k, const Set *in, Set *out) {
    const LsrCampaign *cp = c->cp;
    const LsrScenario *sc = cp->parts[k].scenario;
    PartResult *r = &c->parts[k];
    uint32_t W = sc->state_words, T = cp->n_parts;
    /* The state words are followed by the tag, so that starts with a
     * different history the epilogues read never merge. */
    Set g = {.W = W + T};
    int32_t *buf = malloc((size_t)(MAX_SUCC + 2) * (W + T) * sizeof *buf);
    int32_t *key = malloc((size_t)out->W * sizeof *key);
    int32_t *carry = malloc((size_t)(sc->n_vars ? sc->n_vars : 1) * sizeof *carry);
    size_t *stack = NULL, *queue = NULL;
    long double p[MAX_SUCC];
    Live lv;
    bool ok = live_init(&lv, cp, k) && buf && key && carry;
    size_t nstarts = in ? in->n : 1;
    for (size_t s = 0; ok && s < nstarts; s++) {
        int32_t *st = buf;
        for (uint32_t v = 0; v < sc->n_vars; v++) carry[v] = INT32_MIN;
        const int32_t *tag = NULL;
        if (in) {
            tag = in->words + s * in->W;
            const LsrScenario *prev = cp->parts[k - 1].scenario;
            if (tag[k - 1] == -2) continue;   /* the previous part got stuck here */
            for (uint32_t i = 0; i < cp->parts[k].n_carry; i++) {
                uint32_t to = lsr_find_var(sc, cp->parts[k].carry[i]);
                if (to != LSR_NEXT_NONE && lsr_find_var(prev, cp->parts[k].carry[i]) != LSR_NEXT_NONE)
                    carry[to] = tag[T + i];
            }
        }
        lsr_state_init(sc, st, carry);
        forget_dead(sc, &lv, st);
        for (uint32_t t = 0; t < T; t++) st[W + t] = tag ? tag[t] : -1;
        bool added;
        size_t i = set_get(&g, st, &added);
        if (i == SIZE_MAX) ok = false;
        else {
            g.paths[i] = sat_add(g.paths[i], in ? in->paths[s] : 1);
            g.prob[i] += in ? in->prob[s] : 1;
            r->starts += added;
        }
    }
    /* Pass 1: every situation and the in-degree of each. */
    size_t top = 0, scap = g.n > 1024 ? g.n : 1024;
    stack = ok ? malloc(scap * sizeof *stack) : NULL;
    ok = ok && stack;
    for (size_t i = 0; ok && i < g.n; i++) stack[top++] = i;
    while (ok && top) {
        size_t i = stack[--top];
        memcpy(buf, g.words + i * g.W, g.W * sizeof *buf);
        bool stuck;
        uint32_t n = successors(sc, &lv, buf, buf + (W + T), p, &stuck);
        spread_tagged(buf, n, W, T);
        for (uint32_t j = 0; ok && j < n; j++) {
            bool added;
            size_t q = set_get(&g, buf + (size_t)(j + 1) * (W + T), &added);
            if (q == SIZE_MAX) { ok = false; break; }
            g.indeg[q]++;
            if (!added) continue;
            if (g.n > c->budget) {
                c->too_many = true;
                c->failed_part = k;
                ok = false;
                break;
            }
            if (lsr_an_budget_tick() != LSR_AN_OK) {
                c->failed_part = k;   /* the memory or time budget: said by lsr_an_campaign */
                ok = false;
                break;
            }
            if (top == scap) {
                size_t *ns = realloc(stack, scap * 2 * sizeof *ns);
                if (!ns) { ok = false; break; }
                stack = ns;
                scap *= 2;
            }
            stack[top++] = q;
        }
    }
    /* Pass 2: paths and probability forward, in topological order. */
    size_t head = 0, tail = 0, done = 0;
    queue = ok ? malloc((g.n ? g.n : 1) * sizeof *queue) : NULL;
    ok = ok && queue;
    for (size_t i = 0; ok && i < g.n; i++)
        if (!g.indeg[i]) queue[tail++] = i;
    while (ok && head < tail) {
        size_t i = queue[head++];
        done++;
        memcpy(buf, g.words + i * g.W, g.W * sizeof *buf);
        bool stuck;
        uint32_t n = successors(sc, &lv, buf, buf + (W + T), p, &stuck);
        if (!n) {
            uint32_t e = stuck ? sc->n_endings : lsr_state_pos(buf) - sc->n_steps;
            r->ending_paths[e] = sat_add(r->ending_paths[e], g.paths[i]);
            r->ending_prob[e] += g.prob[i];
            final_key(c, k, buf + W, buf, key);
            if (stuck) key[k] = -2;
            size_t f = set_get(out, key, NULL);
            if (f == SIZE_MAX) { ok = false; break; }
            out->paths[f] = sat_add(out->paths[f], g.paths[i]);
            out->prob[f] += g.prob[i];
            continue;
        }
        spread_tagged(buf, n, W, T);
        for (uint32_t j = 0; j < n; j++) {
            size_t q = set_get(&g, buf + (size_t)(j + 1) * (W + T), NULL);
            g.paths[q] = sat_add(g.paths[q], g.paths[i]);
            g.prob[q] += g.prob[i] * p[j];
            if (--g.indeg[q] == 0) queue[tail++] = q;
        }
    }
    if (ok && done < g.n) r->cyclic = true;
    r->states = g.n;
    if (ok) c->budget -= g.n;
    if (!ok && !c->too_many) c->nomem = true;
    free(stack);
    free(queue);
    free(buf);
    free(key);
    free(carry);
    live_free(&lv);
    set_free(&g);
    return ok;
}

/* ------------------------------------------------------------- sampling */

/* When the exact analysis would pass --max-states: random play-throughs of
 * the whole campaign, with the same rules of random play. */
typedef struct Sampled {
    uint64_t runs, seed;
    uint64_t **ending_hits;      /* per part: n_endings + 1 (stuck) */
    uint64_t *ep_hits;           /* n_epilogues + 1 (none) */
    uint64_t unfinished;         /* a part ran past its step limit (a loop) */
} Sampled;

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* In [0, n); the bias (n / 2^64) is far below what sampling can see. */
static uint64_t below(uint64_t *rng, uint64_t n) { return (uint64_t)(((lsr_u128)splitmix64(rng) * n) >> 64); }

/* Plays part k from st (already initialised) to its end; returns the ending
 * index, n_endings when stuck, UINT32_MAX past the step limit. */
static uint32_t play_part(const LsrScenario *sc, int32_t *st, uint64_t *rng) {
    uint64_t limit = 1000u + 64u * (uint64_t)sc->n_steps;
    for (uint64_t n = 0; n < limit; n++) {
        uint32_t pos = lsr_state_pos(st);
        if (pos >= sc->n_steps) return pos < sc->n_steps + sc->n_endings ? pos - sc->n_steps : sc->n_endings;
        const LsrStep *s = &sc->steps[pos];
        uint32_t i = 0, o = 0;
        if (s->type == LSR_STEP_DECISION) {
            uint32_t avail[16], na = 0;
            for (uint32_t k = 0; k < s->n_choices && k < 16; k++)
                if (lsr_choice_available(sc, st, k)) avail[na++] = k;
            if (!na) return sc->n_endings;
            i = avail[below(rng, na)];
            if (sc->choices[s->choices_first + i].n_outcomes) {
                uint64_t w[16];
                uint64_t sum = lsr_outcome_weights(sc, st, i, w);
                uint64_t x = sum ? below(rng, sum) : 0;
                while (sum && x >= w[o]) x -= w[o++];
            }
        }
        lsr_state_advance(sc, st, i, o, NULL);
    }
    return UINT32_MAX;
}

static bool sample(Sampled *sm, const LsrCampaign *cp, uint64_t runs, uint64_t seed) {
    memset(sm, 0, sizeof *sm);
    sm->runs = runs;
    sm->seed = seed;
    uint32_t maxw = 1, maxv = 1;
    for (uint32_t k = 0; k < cp->n_parts; k++) {
        const LsrScenario *sc = cp->parts[k].scenario;
        if (sc->state_words > maxw) maxw = sc->state_words;
        if (sc->n_vars > maxv) maxv = sc->n_vars;
    }
    sm->ending_hits = calloc(cp->n_parts, sizeof *sm->ending_hits);
    sm->ep_hits = calloc(cp->n_epilogues + 1u, sizeof *sm->ep_hits);
    int32_t *st = malloc(maxw * sizeof *st), *carry = malloc(maxv * sizeof *carry);
    uint32_t *endings = malloc(cp->n_parts * sizeof *endings);
    bool ok = sm->ending_hits && sm->ep_hits && st && carry && endings;
    for (uint32_t k = 0; ok && k < cp->n_parts; k++)
        ok = (sm->ending_hits[k] = calloc(cp->parts[k].scenario->n_endings + 1u, sizeof(uint64_t))) != NULL;
    uint64_t rng = seed;
    for (uint64_t r = 0; ok && r < runs; r++) {
        if (lsr_an_budget_tick() != LSR_AN_OK) {
            ok = false;
            break;
        }
        const LsrScenario *prev = NULL;
        for (uint32_t k = 0; k < cp->n_parts; k++) {
            const LsrScenario *sc = cp->parts[k].scenario;
            for (uint32_t v = 0; v < sc->n_vars; v++) carry[v] = INT32_MIN;
            for (uint32_t i = 0; prev && i < cp->parts[k].n_carry; i++) {
                uint32_t to = lsr_find_var(sc, cp->parts[k].carry[i]), from = lsr_find_var(prev, cp->parts[k].carry[i]);
                if (to != LSR_NEXT_NONE && from != LSR_NEXT_NONE) carry[to] = lsr_state_var(st, from);
            }
            lsr_state_init(sc, st, carry);
            uint32_t e = play_part(sc, st, &rng);
            if (e == UINT32_MAX) {
                sm->unfinished++;
                break;
            }
            sm->ending_hits[k][e]++;
            if (e == sc->n_endings) break;
            endings[k] = e;
            prev = sc;
            if (k + 1 == cp->n_parts) {
                uint32_t ep = lsr_campaign_epilogue_index(cp, endings, st + 1);
                sm->ep_hits[ep == LSR_NEXT_NONE ? cp->n_epilogues : ep]++;
            }
        }
    }
    free(st);
    free(carry);
    free(endings);
    return ok;
}

static void sampled_free(Sampled *sm, const LsrCampaign *cp) {
    for (uint32_t k = 0; sm->ending_hits && k < cp->n_parts; k++) free(sm->ending_hits[k]);
    free(sm->ending_hits);
    free(sm->ep_hits);
}

/* ------------------------------------------------------------- findings */

typedef struct CFinding { const char *sev, *code; char msg[400]; } CFinding;

typedef struct Report {
    Campaign c;
    Set finals;                  /* the last part's finals */
    bool complete;               /* every part explored, no cycle */
    lsr_u128 total_paths, stuck_paths, none_paths;
    long double stuck_prob, none_prob;
    lsr_u128 *ep_paths;          /* n_epilogues */
    long double *ep_prob;
    bool sampled;                /* the exact analysis stopped: sm holds estimates */
    Sampled sm;
    CFinding f[64];
    uint32_t n_f, errors, warnings;
} Report;

static void add_finding(Report *r, const char *sev, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add_finding(Report *r, const char *sev, const char *code, const char *fmt, ...) {
    if (sev[0] == 'e') r->errors++;
    else if (sev[0] == 'w') r->warnings++;
    if (r->n_f == sizeof r->f / sizeof r->f[0]) return;
    CFinding *f = &r->f[r->n_f++];
    f->sev = sev;
    f->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->msg, sizeof f->msg, fmt, ap);
    va_end(ap);
}

/* The first words of an epilogue, to name it. */
static void epilogue_name(const LsrCampaign *cp, uint32_t i, char *buf, size_t n) {
    const char *t = lsr_tx(lsr_campaign_epilogue_text(cp, i), NULL);
    size_t len = strlen(t);
    if (len + 1 <= n && len <= 56) {
        snprintf(buf, n, "%s", t);
        return;
    }
    size_t cut = n - 4 < 56 ? n - 4 : 56;
    while (cut && (t[cut] & 0xC0) == 0x80) cut--;   /* not inside a UTF-8 character */
    snprintf(buf, n, "%.*s...", (int)cut, t);
}

/* max_states 0: only prepares r, for sampling alone. */
static bool analyse(Report *r, const LsrCampaign *cp, uint64_t max_states) {
    memset(r, 0, sizeof *r);
    Campaign *c = &r->c;
    c->cp = cp;
    c->budget = max_states;
    c->parts = calloc(cp->n_parts, sizeof *c->parts);
    r->ep_paths = calloc(cp->n_epilogues + 1u, sizeof *r->ep_paths);
    r->ep_prob = calloc(cp->n_epilogues + 1u, sizeof *r->ep_prob);
    if (!c->parts || !r->ep_paths || !r->ep_prob) return false;
    for (uint32_t k = 0; k < cp->n_parts; k++) {
        uint32_t ne = cp->parts[k].scenario->n_endings + 1u;
        c->parts[k].ending_paths = calloc(ne, sizeof(lsr_u128));
        c->parts[k].ending_prob = calloc(ne, sizeof(long double));
        if (!c->parts[k].ending_paths || !c->parts[k].ending_prob) return false;
    }
    if (!max_states) return true;
    Set prev = {0};
    bool ok = true;
    uint32_t k = 0;
    for (; ok && k < cp->n_parts; k++) {
        Set next = {.W = key_width(c, k)};
        ok = explore_part(c, k, k ? &prev : NULL, &next);
        set_free(&prev);
        prev = next;
        if (ok && c->parts[k].cyclic) {
            k++;
            break;
        }
    }
    r->complete = ok && k == cp->n_parts && !c->parts[k - 1].cyclic;
    r->finals = prev;
    if (c->nomem) return false;
    /* stuck play-throughs end the campaign in the part where they stick */
    for (uint32_t q = 0; q < cp->n_parts; q++) {
        const PartResult *pr = &c->parts[q];
        uint32_t ne = cp->parts[q].scenario->n_endings;
        r->stuck_paths = sat_add(r->stuck_paths, pr->ending_paths[ne]);
        r->stuck_prob += pr->ending_prob[ne];
    }
    if (!r->complete) return true;
    const LsrScenario *last = cp->parts[cp->n_parts - 1].scenario;
    uint32_t *endings = malloc(cp->n_parts * sizeof *endings);
    int32_t *vars = calloc(last->n_vars ? last->n_vars : 1, sizeof *vars);
    if (!endings || !vars) {
        free(endings);
        free(vars);
        return false;
    }
    r->total_paths = r->stuck_paths;
    for (size_t i = 0; i < prev.n; i++) {
        const int32_t *key = prev.words + i * prev.W;
        if (key[cp->n_parts - 1] == -2) continue;   /* stuck: counted above */
        for (uint32_t q = 0; q < cp->n_parts; q++) endings[q] = (uint32_t)key[q];
        for (uint32_t v = 0, n = cp->n_parts; v < last->n_vars; v++)
            if (lsr_campaign_reads_var(cp, v)) vars[v] = key[n++];
        uint32_t e = lsr_campaign_epilogue_index(cp, endings, vars);
        if (e == LSR_NEXT_NONE) {
            r->none_paths = sat_add(r->none_paths, prev.paths[i]);
            r->none_prob += prev.prob[i];
        } else {
            r->ep_paths[e] = sat_add(r->ep_paths[e], prev.paths[i]);
            r->ep_prob[e] += prev.prob[i];
        }
        r->total_paths = sat_add(r->total_paths, prev.paths[i]);
    }
    free(endings);
    free(vars);
    return true;
}

/* What random play proves (it was seen) or only suggests (never seen). */
static void sampled_findings(Report *r) {
    const LsrCampaign *cp = r->c.cp;
    const Sampled *sm = &r->sm;
    char a[48];
    for (uint32_t k = 0; k < cp->n_parts; k++) {
        const LsrScenario *sc = cp->parts[k].scenario;
        if (sm->ending_hits[k][sc->n_endings])
            add_finding(r, "error", "A_STUCK", _("part %u ('%s') got stuck in %s of %llu random play-throughs"), k + 1,
                        sc->id, lsr_u128_str(sm->ending_hits[k][sc->n_endings], a, sizeof a),
                        (unsigned long long)sm->runs);
    }
    if (sm->unfinished)
        add_finding(r, "error", "A_CYCLE", _("%llu random play-throughs ran past the step limit (a loop)"),
                    (unsigned long long)sm->unfinished);
    if (sm->ep_hits[cp->n_epilogues])
        add_finding(r, "error", "A_NO_EPILOGUE", _("%llu random play-throughs ended with no epilogue whose condition holds"),
                    (unsigned long long)sm->ep_hits[cp->n_epilogues]);
    for (uint32_t i = 0; i < cp->n_epilogues; i++)
        if (!sm->ep_hits[i]) {
            char name[80];
            epilogue_name(cp, i, name, sizeof name);
            add_finding(r, "note", "A_EPILOGUE_NOT_SEEN",
                        _("epilogue %u (\"%s\") was not shown in %llu random play-throughs: rare, or impossible "
                          "(sampling cannot tell)"), i + 1, name, (unsigned long long)sm->runs);
        }
}

static void collect_findings(Report *r) {
    const LsrCampaign *cp = r->c.cp;
    const Campaign *c = &r->c;
    char a[48];
    if (c->too_many && r->sampled)
        add_finding(r, "note", "A_SAMPLED",
                    _("part %u ('%s') needs more situations than --max-states allows in all, so the exact analysis "
                      "stops there; the figures under 'Sampled' are estimates from random play-throughs"),
                    c->failed_part + 1, cp->parts[c->failed_part].scenario->id);
    else if (c->too_many)
        add_finding(r, "error", "A_TOO_MANY_STATES",
                    _("part %u ('%s') needs more situations than --max-states allows in all; the parts after it "
                      "are not analysed"),
                    c->failed_part + 1, cp->parts[c->failed_part].scenario->id);
    if (r->sampled) sampled_findings(r);
    for (uint32_t k = 0; k < cp->n_parts; k++) {
        const PartResult *pr = &c->parts[k];
        const LsrScenario *sc = cp->parts[k].scenario;
        if (pr->cyclic)
            add_finding(r, "error", "A_CYCLE", _("part %u ('%s') can loop for ever; the parts after it are not analysed"),
                        k + 1, sc->id);
        if (!pr->states || pr->cyclic || (c->too_many && k >= c->failed_part)) continue;
        if (pr->ending_paths[sc->n_endings])
            add_finding(r, "error", "A_STUCK", _("part %u ('%s') gets stuck in %s play-throughs of the campaign"), k + 1,
                        sc->id, lsr_u128_str(pr->ending_paths[sc->n_endings], a, sizeof a));
        for (uint32_t e = 0; e < sc->n_endings; e++)
            if (!pr->ending_paths[e])
                add_finding(r, "note", "A_ENDING_NOT_IN_CAMPAIGN",
                            _("part %u ('%s'): ending '%s' is never reached from the states the campaign carries into it"),
                            k + 1, sc->id, sc->endings[e].id);
    }
    if (!r->complete) return;
    if (r->none_paths)
        add_finding(r, "error", "A_NO_EPILOGUE", _("%s play-throughs end with no epilogue whose condition holds"),
                    lsr_u128_str(r->none_paths, a, sizeof a));
    for (uint32_t i = 0; i < cp->n_epilogues; i++)
        if (!r->ep_paths[i]) {
            char name[80];
            epilogue_name(cp, i, name, sizeof name);
            add_finding(r, "warning", "A_EPILOGUE_NEVER",
                        _("epilogue %u (\"%s\") can never be shown: no play-through "
                          "meets its condition before an earlier epilogue's"),
                        i + 1, name);
        }
}

/* --------------------------------------------------------------- output */

/* 1234567 as "1,234,567"; saturated counts as ">= 2^128". */
static const char *grouped(lsr_u128 v, char *buf, size_t n) {
    if (v == SAT) return snprintf(buf, n, ">= 2^128"), buf;
    char d[48];
    return lsr_an_group_digits(lsr_u128_str(v, d, sizeof d), buf, n);
}

static void print_count_line(FILE *out, const char *name, lsr_u128 paths, long double prob, const char *extra) {
    char a[64];
    /* padded by characters: a translated label may be Cyrillic */
    size_t chars = 0, bytes = strlen(name);
    for (size_t i = 0; i < bytes; i++) chars += (name[i] & 0xC0) != 0x80;
    fprintf(out, "    %-*s %14s  %10.6Lf%%%s\n", (int)(24 + bytes - chars), name, grouped(paths, a, sizeof a),
            prob * 100.0L, extra);
}

static void print_sampled(FILE *out, const Report *r) {
    const LsrCampaign *cp = r->c.cp;
    const Sampled *sm = &r->sm;
    char a[64];
    long double n = sm->runs ? (long double)sm->runs : 1.0L;
    char historical[64];
    snprintf(historical, sizeof historical, "  %s", _("(historical)"));
    fprintf(out, _("\nSampled: %s random play-throughs of the whole campaign (seed %llu); shares are estimates\n"),
            grouped(sm->runs, a, sizeof a), (unsigned long long)sm->seed);
    for (uint32_t k = 0; k < cp->n_parts; k++) {
        const LsrScenario *sc = cp->parts[k].scenario;
        /* TRANSLATORS: a table's heading; keep the columns' right edges where they are */
        fprintf(out, _("  Part %u '%s' endings                runs         share\n"), k + 1, sc->id);
        for (uint32_t e = 0; e <= sc->n_endings; e++) {
            if (e == sc->n_endings && !sm->ending_hits[k][e]) break;
            print_count_line(out, e < sc->n_endings ? sc->endings[e].id : _("(stuck)"), sm->ending_hits[k][e],
                             (long double)sm->ending_hits[k][e] / n,
                             e < sc->n_endings && sc->endings[e].historical ? historical : "");
        }
    }
    /* TRANSLATORS: a table's heading; keep the columns' right edges where they are */
    fputs(_("  Epilogues                           runs         share\n"), out);
    for (uint32_t i = 0; i <= cp->n_epilogues; i++) {
        if (i == cp->n_epilogues && !sm->ep_hits[i]) break;
        char name[80], label[16];
        snprintf(label, sizeof label, "%u", i + 1);
        print_count_line(out, i < cp->n_epilogues ? label : _("(no epilogue)"), sm->ep_hits[i],
                         (long double)sm->ep_hits[i] / n, "");
        if (i < cp->n_epilogues) {
            epilogue_name(cp, i, name, sizeof name);
            fprintf(out, "      \"%s\"\n", name);
        }
    }
}

static void print_text(FILE *out, const char *path, const Report *r) {
    const LsrCampaign *cp = r->c.cp;
    char a[64], historical[64];
    snprintf(historical, sizeof historical, "  %s", _("(historical)"));
    fprintf(out, "leftsr analyze %s\n", path);
    fprintf(out, lsr_ui_n("campaign '%s': %s (%u part)\n", "campaign '%s': %s (%u parts)\n", cp->n_parts), cp->id,
            lsr_tx(&cp->title, NULL), cp->n_parts);
    fputs(_("Counts are play-throughs of the campaign so far (choices and random outcomes in every part);\n"
            "probabilities are under random play (uniform over available choices, outcomes by weight).\n"),
          out);
    for (uint32_t k = 0; r->c.parts[0].states && k < cp->n_parts; k++) {
        const PartResult *pr = &r->c.parts[k];
        const LsrScenario *sc = cp->parts[k].scenario;
        fprintf(out, _("\nPart %u  '%s': %s\n"), k + 1, sc->id, lsr_tx(&sc->title, NULL));
        if (!pr->states) {
            fputs(_("  not analysed\n"), out);
            continue;
        }
        /* TRANSLATORS: the labels of a part's summary take 15 columns, two spaces included */
        fprintf(out, _("  Start states   %s distinct"), grouped(pr->starts, a, sizeof a));
        if (k) {
            fputs(_(", carrying"), out);
            for (uint32_t i = 0; i < cp->parts[k].n_carry; i++)
                fprintf(out, "%s %s", i ? "," : "", cp->parts[k].carry[i]);
        }
        fprintf(out, _("\n  Situations     %s distinct\n"), grouped(pr->states, a, sizeof a));
        if (pr->cyclic || (r->c.too_many && k == r->c.failed_part)) continue;
        /* TRANSLATORS: a table's heading; keep the columns' right edges where they are */
        fputs(_("  Endings                            paths   probability\n"), out);
        for (uint32_t e = 0; e <= sc->n_endings; e++) {
            if (e == sc->n_endings && !pr->ending_paths[e]) break;
            print_count_line(out, e < sc->n_endings ? sc->endings[e].id : _("(stuck)"), pr->ending_paths[e],
                             pr->ending_prob[e], e < sc->n_endings && sc->endings[e].historical ? historical : "");
        }
    }
    if (r->complete) {
        fprintf(out, _("\nWhole campaign\n  Play-throughs  %s distinct paths through all %u parts\n"),
                grouped(r->total_paths, a, sizeof a), cp->n_parts);
        /* TRANSLATORS: a table's heading; keep the columns' right edges where they are */
        fputs(_("  Epilogues                          paths   probability\n"), out);
        for (uint32_t i = 0; i < cp->n_epilogues; i++) {
            char name[80], label[16];
            epilogue_name(cp, i, name, sizeof name);
            snprintf(label, sizeof label, "%u", i + 1);
            print_count_line(out, label, r->ep_paths[i], r->ep_prob[i], "");
            fprintf(out, "      \"%s\"\n", name);
        }
        if (r->none_paths) print_count_line(out, _("(no epilogue)"), r->none_paths, r->none_prob, "");
        if (r->stuck_paths) print_count_line(out, _("(stuck in a part)"), r->stuck_paths, r->stuck_prob, "");
    }
    if (r->sampled) print_sampled(out, r);
    if (r->n_f) fprintf(out, "\n%s\n", _("Findings"));
    for (uint32_t i = 0; i < r->n_f; i++) fprintf(out, "  %s[%s]: %s\n", _(r->f[i].sev), r->f[i].code, r->f[i].msg);
    fputc('\n', out);
    /* TRANSLATORS: the campaign analysis's closing count; its English says "1 errors" (kept for
     * the scripts that read it), give your language's proper forms */
    fprintf(out, lsr_ui_n("%u errors, %u warnings\n", "%u errors, %u warnings\n", r->warnings), r->errors,
            r->warnings);
}

static cJSON *count_json(lsr_u128 paths, long double prob) {
    cJSON *o = cJSON_CreateObject();
    char a[48];
    /* as leftsr analyze on one scenario: a number below 2^53, else digits */
    if (paths != SAT && paths < ((lsr_u128)1 << 53)) cJSON_AddNumberToObject(o, "paths", (double)paths);
    else cJSON_AddStringToObject(o, "paths", paths == SAT ? ">=2^128" : lsr_u128_str(paths, a, sizeof a));
    cJSON_AddNumberToObject(o, "probability", (double)prob);
    return o;
}

static cJSON *report_json(const char *path, const Report *r) {
    const LsrCampaign *cp = r->c.cp;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", path);
    cJSON_AddStringToObject(root, "campaign", cp->id);
    cJSON_AddBoolToObject(root, "complete", r->complete);
    cJSON *parts = cJSON_AddArrayToObject(root, "parts");
    for (uint32_t k = 0; k < cp->n_parts; k++) {
        const PartResult *pr = &r->c.parts[k];
        const LsrScenario *sc = cp->parts[k].scenario;
        cJSON *p = cJSON_CreateObject();
        cJSON_AddItemToArray(parts, p);
        cJSON_AddStringToObject(p, "scenario", sc->id);
        cJSON_AddNumberToObject(p, "start_states", (double)pr->starts);
        cJSON_AddNumberToObject(p, "situations", (double)pr->states);
        cJSON_AddBoolToObject(p, "cyclic", pr->cyclic);
        cJSON *ends = cJSON_AddObjectToObject(p, "endings");
        for (uint32_t e = 0; e < sc->n_endings; e++)
            cJSON_AddItemToObject(ends, sc->endings[e].id, count_json(pr->ending_paths[e], pr->ending_prob[e]));
        cJSON_AddItemToObject(p, "stuck", count_json(pr->ending_paths[sc->n_endings], pr->ending_prob[sc->n_endings]));
    }
    if (r->complete) {
        cJSON_AddItemToObject(root, "play_throughs", count_json(r->total_paths, 1.0L));
        cJSON *eps = cJSON_AddArrayToObject(root, "epilogues");
        for (uint32_t i = 0; i < cp->n_epilogues; i++) {
            cJSON *e = count_json(r->ep_paths[i], r->ep_prob[i]);
            cJSON_AddNumberToObject(e, "index", i);
            cJSON_AddStringToObject(e, "text", lsr_tx(lsr_campaign_epilogue_text(cp, i), NULL));
            cJSON_AddItemToArray(eps, e);
        }
        cJSON_AddItemToObject(root, "no_epilogue", count_json(r->none_paths, r->none_prob));
        cJSON_AddItemToObject(root, "stuck", count_json(r->stuck_paths, r->stuck_prob));
    }
    if (r->sampled) {
        const Sampled *sm = &r->sm;
        cJSON *o = cJSON_AddObjectToObject(root, "sampled");
        cJSON_AddNumberToObject(o, "runs", (double)sm->runs);
        cJSON_AddNumberToObject(o, "seed", (double)sm->seed);
        cJSON *ps = cJSON_AddArrayToObject(o, "parts");
        for (uint32_t k = 0; k < cp->n_parts; k++) {
            const LsrScenario *sc = cp->parts[k].scenario;
            cJSON *p = cJSON_CreateObject();
            cJSON_AddItemToArray(ps, p);
            cJSON_AddStringToObject(p, "scenario", sc->id);
            cJSON *ends = cJSON_AddObjectToObject(p, "endings");
            for (uint32_t e = 0; e < sc->n_endings; e++)
                cJSON_AddNumberToObject(ends, sc->endings[e].id, (double)sm->ending_hits[k][e]);
            cJSON_AddNumberToObject(p, "stuck", (double)sm->ending_hits[k][sc->n_endings]);
        }
        cJSON *eps = cJSON_AddArrayToObject(o, "epilogues");
        for (uint32_t i = 0; i < cp->n_epilogues; i++) cJSON_AddItemToArray(eps, cJSON_CreateNumber((double)sm->ep_hits[i]));
        cJSON_AddNumberToObject(o, "no_epilogue", (double)sm->ep_hits[cp->n_epilogues]);
        cJSON_AddNumberToObject(o, "unfinished", (double)sm->unfinished);
    }
    cJSON *fs = cJSON_AddArrayToObject(root, "findings");
    for (uint32_t i = 0; i < r->n_f; i++) {
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "severity", r->f[i].sev);
        cJSON_AddStringToObject(f, "code", r->f[i].code);
        cJSON_AddStringToObject(f, "message", r->f[i].msg);
        cJSON_AddItemToArray(fs, f);
    }
    cJSON_AddNumberToObject(root, "errors", r->errors);
    cJSON_AddNumberToObject(root, "warnings", r->warnings);
    return root;
}

static void report_free(Report *r) {
    if (r->c.parts)
        for (uint32_t k = 0; k < r->c.cp->n_parts; k++) {
            free(r->c.parts[k].ending_paths);
            free(r->c.parts[k].ending_prob);
        }
    free(r->c.parts);
    free(r->ep_paths);
    free(r->ep_prob);
    set_free(&r->finals);
    if (r->sampled) sampled_free(&r->sm, r->c.cp);
}

int lsr_an_campaign(const char *path, bool json, uint64_t max_states, uint64_t sample_runs, uint64_t seed) {
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrCampaign *cp = NULL;
    LsrStatus st = lsr_campaign_load(path, &cp, &d);
    lsr_print_diags(json ? stderr : stdout, path, &d);
    lsr_diags_free(&d);
    if (st != LSR_OK) {
        if (st == LSR_ERR_IO) {
            fprintf(stderr, _("leftsr analyze: cannot read '%s'\n"), path);
            return LSR_EXIT_USAGE;
        }
        if (st != LSR_ERR_INVALID) fprintf(stderr, "leftsr analyze: %s: %s\n", path, lsr_status_str(st));
        return LSR_EXIT_CONTENT;
    }
    Report r;
    bool ok = analyse(&r, cp, sample_runs ? 0 : max_states ? max_states : LSR_ANALYZE_DEFAULT_MAX_STATES);
    if (ok && (sample_runs || r.c.too_many)) {
        r.sampled = true;
        ok = sample(&r.sm, cp, sample_runs ? sample_runs : LSR_AN_CAMPAIGN_SAMPLES, seed);
    }
    if (!ok) {
        LsrAnalyzeStatus b = lsr_an_budget.hit;
        if (b == LSR_AN_MEMORY_BUDGET)
            fprintf(stderr, _("leftsr analyze: stopped at the memory budget (%llu MB) in part %u after %.1f s; "
                              "raise it with --max-memory MB\n"),
                    (unsigned long long)(lsr_an_budget.max_bytes >> 20), r.c.failed_part + 1, lsr_an_budget_elapsed());
        else if (b != LSR_AN_OK)
            fprintf(stderr, _("leftsr analyze: stopped at the time budget (%llu s) in part %u after %.1f s; "
                              "raise it with --max-time SECONDS\n"),
                    (unsigned long long)lsr_an_budget.max_seconds, r.c.failed_part + 1, lsr_an_budget_elapsed());
        else fputs(_("leftsr analyze: out of memory\n"), stderr);
        report_free(&r);
        lsr_campaign_free(cp);
        return LSR_EXIT_CONTENT;
    }
    collect_findings(&r);
    if (json) {
        cJSON *root = report_json(path, &r);
        char *txt = cJSON_Print(root);
        if (txt) puts(txt);
        cJSON_free(txt);
        cJSON_Delete(root);
    } else {
        print_text(stdout, path, &r);
    }
    int rc = r.errors ? LSR_EXIT_CONTENT : LSR_EXIT_OK;
    report_free(&r);
    lsr_campaign_free(cp);
    return rc;
}
