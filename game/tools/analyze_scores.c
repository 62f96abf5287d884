/* `leftsr analyze`, exact analysis in reduced mode: outcome scores and the
 * final values of one chosen variable, without sampling.
 *
 * A reduced state forgets what nothing later reads, and scored variables
 * are rarely read. But every effect on them is a function of the reduced
 * state (its operand reads only live values), so each edge of the reduced
 * graph carries the list of effects it applies to the tracked variables
 * (Graph.seqs, by Graph.edge_seq). Over the graph in topological order, each state holds the
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
/* Packed keys: each tracked value is a bit field holding its code,
 * value - base + 1 (0: folded), within one word; the running sum one holds
 * sum - base; at most KEY_WORDS_MAX words. */

/* One effect on a followed slot, on codes: an addition adds `value` to the
 * code, which must stay within 1..top (else it is clamped there); a set
 * writes `code`, clamped (`side`: 0 none, 1 at min, 2 at max) already. */
typedef struct POp {
    int64_t value;
    uint64_t code, top, mask;
    uint32_t var;
    uint8_t word, shift, kind, side;
} POp;

/* What the pass gathers: clamps of the tracked variables (counts by
 * variable, and the first (entry, edge) that clamped: `from_pos` is the
 * place of the edge being replayed), and at the endings the outcome
 * histogram, the extremes and the chosen variable's values. */
typedef struct Acc {
    _Alignas(64) uint64_t *hit_min, *hit_max;   /* n_vars; each chunk's a cache line apart */
    uint32_t *clamp_from;          /* n_vars */
    uint64_t *clamp_edge;
    uint32_t *clamp_pos;
    uint32_t from_pos;
    int32_t omin, omax;
    uint32_t best_id, worst_id;
    uint64_t best_edge, worst_edge;
    int32_t best_key[KMAX + 1], worst_key[KMAX + 1];
    lsr_u128 hist_paths[LSR_HIST_OUT_BINS];
    bool hist_sat[LSR_HIST_OUT_BINS];
    long double hist_prob[LSR_HIST_OUT_BINS];
    LsrVarDist vd;
} Acc;

typedef struct Ctx {
    const Graph *g;
    const LsrScenario *sc;
    LsrAnalysis *a;
    const DpOrder *ord;
    uint32_t m;               /* tracked variables */
    uint32_t slot_var[KMAX];  /* variable of each slot */
    int32_t *slot_of;         /* n_vars: slot, or -1 */
    uint32_t target_slot;     /* slot of a->var_dist.var, or NO_ENTRY */
    int64_t n_scored;
    /* the packed key: word, shift, mask and base of each slot, then of the sum */
    uint32_t word[KMAX + 1], shift[KMAX + 1];
    uint64_t mask[KMAX + 1];
    int64_t base[KMAX + 1];
    uint32_t nw;
    uint32_t *fold;           /* per step: slots that can no longer change there */
    /* each distinct list of effects (Graph.seqs), as this pass applies it */
    struct POp *prog;
    uint32_t *prog_first;     /* seqs.n + 1 */
    /* per slot: its outcome contribution by code, for the small ranges */
    int32_t *ctab[KMAX];
    /* every entry ever made: where it came from */
    uint32_t *par;
    uint32_t *par_edge;
    uint64_t cap_par;
    bool scores, oom;
    /* the pass's figures, and each chunk's of the level being finished */
    Acc all, acc[DP_CHUNKS];
} Ctx;

static inline uint64_t code_get(const Ctx *c, const uint64_t *k, uint32_t j) {
    return (k[c->word[j]] >> c->shift[j]) & c->mask[j];
}

static inline void code_set(const Ctx *c, uint64_t *k, uint32_t j, uint64_t code) {
    uint64_t *w = &k[c->word[j]];
    *w = (*w & ~(c->mask[j] << c->shift[j])) | (code << c->shift[j]);
}

/* Value of slot j (FOLDED when folded); slot m is the running sum. */
static inline int32_t slot_get(const Ctx *c, const uint64_t *k, uint32_t j) {
    uint64_t code = code_get(c, k, j);
    if (j == c->m) return (int32_t)((int64_t)code + c->base[j]);
    return code == 0 ? FOLDED : (int32_t)((int64_t)code - 1 + c->base[j]);
}

static inline void slot_set(const Ctx *c, uint64_t *k, uint32_t j, int32_t val) {
    code_set(c, k, j, j < c->m && val == FOLDED ? 0 : (uint64_t)((int64_t)val - c->base[j] + (j < c->m)));
}

static void key_unpack(const Ctx *c, const uint64_t *k, int32_t *out) {
    for (uint32_t j = 0; j <= c->m; j++) out[j] = slot_get(c, k, j);
}

static uint32_t bits_for(uint64_t n_codes) {
    uint32_t b = 1;
    while (b < 63 && ((uint64_t)1 << b) < n_codes) b++;
    return b;
}

/* Lays out the packed key (no field across two words); false when it
 * does not fit in KEY_WORDS_MAX words. */
static bool key_layout(Ctx *c) {
    const LsrScenario *sc = c->sc;
    uint32_t word = 0, used = 0;
    int64_t bound = 0;
    for (uint32_t j = 0; j <= c->m; j++) {
        uint32_t width;
        if (j < c->m) {
            /* an unbounded side is at the 32-bit limit (min, max say so) */
            const LsrVar *v = &sc->vars[c->slot_var[j]];
            int64_t lo = v->min, hi = v->max;
            c->base[j] = lo;
            width = bits_for((uint64_t)(hi - lo) + 2u);
            if (counts_in_outcome(v)) {
                int64_t d = llabs((int64_t)v->min - v->hist_final), e = llabs((int64_t)v->max - v->hist_final);
                int64_t range = (int64_t)v->max - v->min;
                bound += range > 0 ? (d > e ? d : e) * 1000 / range : 0;
            }
        } else {
            if (bound > ((int64_t)1 << 40)) return false;
            c->base[j] = -bound;
            width = bits_for((uint64_t)(2 * bound) + 1u);
        }
        if (used + width > 64) word++, used = 0;
        c->word[j] = word;
        c->shift[j] = used;
        c->mask[j] = ((uint64_t)1 << width) - 1;
        used += width;
    }
    c->nw = word + 1;
    return c->nw <= KEY_WORDS_MAX;
}

/* Path from the start to entry id (NO_ENTRY: the start itself), then along
 * edge xe unless it is NO_EDGE; with score, the path's scores for the final
 * values final_key. */
static bool entry_path(const Ctx *c, uint32_t id, uint64_t xe, LsrPath *out, LsrPathScore *score,
                       const int32_t *final_key) {
    const Graph *g = c->g;
    const LsrScenario *sc = c->sc;
    uint32_t n = xe != NO_EDGE;
    for (uint32_t x = id; x != NO_ENTRY && c->par[x] != NO_ENTRY; x = c->par[x]) n++;
    free(out->items);
    out->items = calloc(n + 1u, sizeof(LsrPathStep));
    if (!out->items) return false;
    out->n = n;
    out->loop_at = UINT32_MAX;
    uint32_t k = n;
    uint64_t earned = 0, total = 0, last = 0;
    if (xe != NO_EDGE) {
        const Edge *e = &g->edges[xe];
        out->items[--k] = edge_step(g, xe);
        last = e->to;
        uint64_t gain, tot;
        fid_gain(sc, &sc->steps[st_pos(g, edge_from(g, xe))], e->choice, &gain, &tot);
        earned += gain;
        total += tot;
    }
    for (uint32_t x = id; x != NO_ENTRY && c->par[x] != NO_ENTRY; x = c->par[x]) {
        const Edge *e = &g->edges[c->par_edge[x]];
        if (k == n) last = e->to;
        out->items[--k] = edge_step(g, c->par_edge[x]);
        uint64_t gain, tot;
        fid_gain(sc, &sc->steps[st_pos(g, edge_from(g, c->par_edge[x]))], e->choice, &gain, &tot);
        earned += gain;
        total += tot;
    }
    out->end = st_pos(g, last);
    if (score) {
        score->earned = earned;
        score->total = total;
        score->fidelity_permille = fidelity_pm(earned, total);
        int64_t sum = final_key[c->m];
        for (uint32_t j = 0; j < c->m; j++)
            if (final_key[j] != FOLDED && counts_in_outcome(&sc->vars[c->slot_var[j]]))
                sum += outcome_contrib(sc, c->slot_var[j], final_key[j]);
        score->outcome_permille = c->n_scored ? (int32_t)(sum / c->n_scored) : 0;
    }
    return true;
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

/* Outcome contribution of slot j at val, 0 for a variable outside the outcome. */
static int64_t contrib_or_0(const Ctx *c, uint32_t j, int32_t val) {
    uint32_t v = c->slot_var[j];
    return counts_in_outcome(&c->sc->vars[v]) ? outcome_contrib(c->sc, v, val) : 0;
}

/* Compiles each distinct effect list into the effects on this pass's slots,
 * and tabulates the contribution of each small-ranged slot. */
static bool compile(Ctx *c) {
    const Graph *g = c->g;
    const LsrScenario *sc = c->sc;
    uint32_t total = 0;
    for (uint32_t q = 0; q < g->seqs.n; q++) total += (uint32_t)((g->seqs.off[q + 1] - g->seqs.off[q]) / sizeof(TrackOp));
    c->prog = malloc((total + 1u) * sizeof(POp));
    c->prog_first = malloc((g->seqs.n + 1u) * sizeof(uint32_t));
    if (!c->prog || !c->prog_first) return false;
    uint32_t k = 0;
    for (uint32_t q = 0; q < g->seqs.n; q++) {
        c->prog_first[q] = k;
        const TrackOp *ops = (const TrackOp *)(const void *)(g->seqs.data + g->seqs.off[q]);
        uint32_t n = (uint32_t)((g->seqs.off[q + 1] - g->seqs.off[q]) / sizeof(TrackOp));
        for (uint32_t i = 0; i < n; i++) {
            int32_t j = c->slot_of[ops[i].var];
            if (j < 0) continue;
            const LsrVar *v = &sc->vars[ops[i].var];
            POp *op = &c->prog[k++];
            memset(op, 0, sizeof *op);
            op->value = ops[i].value;
            op->top = (uint64_t)((int64_t)v->max - c->base[j] + 1);
            op->mask = c->mask[j];
            op->var = ops[i].var;
            op->word = (uint8_t)c->word[j];
            op->shift = (uint8_t)c->shift[j];
            op->kind = ops[i].kind;
            if (op->kind != LSR_EFF_ADD) {
                int64_t val = op->value < v->min ? v->min : op->value > v->max ? v->max : op->value;
                op->side = op->value < v->min ? 1 : op->value > v->max ? 2 : 0;
                op->code = (uint64_t)(val - c->base[j] + 1);
            }
        }
    }
    c->prog_first[g->seqs.n] = k;
    for (uint32_t j = 0; j < c->m; j++) {
        if (c->mask[j] >= 0xFFFF) continue;
        uint64_t n_codes = c->mask[j] + 1;
        if (!(c->ctab[j] = calloc((size_t)n_codes, sizeof(int32_t)))) return false;
        for (uint64_t code = 1; code < n_codes; code++)
            c->ctab[j][code] = (int32_t)contrib_or_0(c, j, (int32_t)((int64_t)code - 1 + c->base[j]));
    }
    return true;
}

/* Is (edge x, entry id) before (edge y, entry jd) in the order a push over
 * the graph would meet them (by source, then edge, then entry)? */
static bool meets_before(uint32_t px, uint64_t x, uint32_t id, uint32_t py, uint64_t y, uint32_t jd) {
    if (px != py) return px < py;
    if (x != y) return x < y;
    return id < jd;
}

/* A clamp of op's variable by entry id along edge x: counted, and kept as
 * the example when a push over the graph would have met it first. */
static void clamped(Acc *ac, const POp *op, int side, uint64_t x, uint32_t id) {
    uint32_t v = op->var;
    (side == 2 ? ac->hit_max : ac->hit_min)[v]++;
    if (ac->clamp_from[v] == NO_ENTRY ||
        meets_before(ac->from_pos, x, id, ac->clamp_pos[v], ac->clamp_edge[v], ac->clamp_from[v])) {
        ac->clamp_from[v] = id;
        ac->clamp_edge[v] = x;
        ac->clamp_pos[v] = ac->from_pos;
    }
}

static bool replay(void *ctx, uint32_t chunk, uint32_t from, uint64_t x, uint32_t id0, uint64_t *keys, uint32_t n) {
    Ctx *c = ctx;
    Acc *ac = &c->acc[chunk];
    const Graph *g = c->g;
    const uint32_t q = g->edge_seq[x];
    ac->from_pos = c->ord->pos[from];
    const POp *ops = c->prog + c->prog_first[q], *end = c->prog + c->prog_first[q + 1];
    const uint32_t to = st_pos(g, g->edges[x].to);
    const uint32_t fold = to < c->sc->n_steps ? c->fold[to] : 0;
    if (ops == end && !fold) return true;
    const uint32_t nw = c->nw, m = c->m;
    /* distinct keys stay distinct unless a value is set, clamped or folded */
    bool kept = true;
    for (const POp *op = ops; op < end; op++)
        if (op->kind != LSR_EFF_ADD) kept = false;
    for (uint32_t e = 0; e < n; e++) {
        uint64_t *key = keys + (size_t)e * nw;
        for (const POp *op = ops; op < end; op++) {
            uint64_t *w = &key[op->word];
            uint64_t code;
            if (op->kind == LSR_EFF_ADD) {
                int64_t cur = (int64_t)((*w >> op->shift) & op->mask), nv;
                if (__builtin_add_overflow(cur, op->value, &nv)) nv = op->value < 0 ? INT64_MIN : INT64_MAX;
                int side = nv < 1 ? 1 : nv > (int64_t)op->top ? 2 : 0;
                if (side) clamped(ac, op, side, x, id0 + e), kept = false;
                code = side == 1 ? 1 : side == 2 ? op->top : (uint64_t)nv;
            } else {
                if (op->side) clamped(ac, op, op->side, x, id0 + e);
                code = op->code;
            }
            *w = (*w & ~(op->mask << op->shift)) | (code << op->shift);
        }
        for (uint32_t mask = fold; mask; mask &= mask - 1) {
            uint32_t j = (uint32_t)__builtin_ctz(mask);
            uint64_t code = code_get(c, key, j);
            if (code == 0) continue;
            kept = false;
            int64_t add = c->ctab[j] ? c->ctab[j][code]
                                     : contrib_or_0(c, j, (int32_t)((int64_t)code - 1 + c->base[j]));
            if (add) code_set(c, key, m, code_get(c, key, m) + (uint64_t)add);
            code_set(c, key, j, 0);
        }
    }
    return kept || n < 2;
}

static bool record(void *ctx, uint64_t first_id, const uint32_t *par, const uint32_t *edge, uint64_t n) {
    Ctx *c = ctx;
    if (first_id + n > c->cap_par) {
        uint64_t nc = c->cap_par ? c->cap_par : 4096;
        while (nc < first_id + n) nc *= 2;
        if (!lsr_an_budget_allows((nc - c->cap_par) * 8u)) return false;
        uint32_t *np = realloc(c->par, (size_t)nc * sizeof(uint32_t));
        if (np) c->par = np;
        uint32_t *ne = realloc(c->par_edge, (size_t)nc * sizeof(uint32_t));
        if (ne) c->par_edge = ne;
        if (!np || !ne) return false;
        c->cap_par = nc;
    }
    memcpy(c->par + first_id, par, (size_t)n * sizeof(uint32_t));
    memcpy(c->par_edge + first_id, edge, (size_t)n * sizeof(uint32_t));
    return true;
}

/* At an ending: the outcome of each path arriving, and the chosen
 * variable's value. */
static bool arrive(void *ctx, uint32_t chunk, uint32_t s, const DpArrival *it, uint32_t id, uint64_t x) {
    Ctx *c = ctx;
    Acc *ac = &c->acc[chunk];
    if (!c->scores || c->g->kind[s] != K_ENDING) return true;
    const uint64_t *k = it->key;
    int64_t sum = slot_get(c, k, c->m);
    for (uint32_t j = 0; j < c->m; j++) {
        uint64_t code = code_get(c, k, j);
        if (code)
            sum += c->ctab[j] ? c->ctab[j][code] : contrib_or_0(c, j, (int32_t)((int64_t)code - 1 + c->base[j]));
    }
    int32_t oc = c->n_scored ? (int32_t)(sum / c->n_scored) : 0;
    int b = out_bin(oc);
    lsr_u128 before = ac->hist_paths[b];
    ac->hist_paths[b] += it->cnt;
    if (ac->hist_paths[b] < before || it->sat) ac->hist_sat[b] = true;
    ac->hist_prob[b] += it->p;
    if (oc > ac->omax) ac->omax = oc, ac->best_id = id, ac->best_edge = x, key_unpack(c, k, ac->best_key);
    if (oc < ac->omin) ac->omin = oc, ac->worst_id = id, ac->worst_edge = x, key_unpack(c, k, ac->worst_key);
    return c->target_slot == NO_ENTRY ||
           lsr_an_var_value_add(&ac->vd, slot_get(c, k, c->target_slot), it->cnt, it->sat, it->p);
}

static void acc_reset(Acc *ac, uint32_t n_vars) {
    memset(ac->hit_min, 0, n_vars * sizeof *ac->hit_min);
    memset(ac->hit_max, 0, n_vars * sizeof *ac->hit_max);
    for (uint32_t v = 0; v < n_vars; v++) ac->clamp_from[v] = NO_ENTRY;
    ac->omin = INT32_MAX;
    ac->omax = INT32_MIN;
    ac->best_id = ac->worst_id = NO_ENTRY;
    ac->best_edge = ac->worst_edge = NO_EDGE;
    memset(ac->hist_paths, 0, sizeof ac->hist_paths);
    memset(ac->hist_sat, 0, sizeof ac->hist_sat);
    memset(ac->hist_prob, 0, sizeof ac->hist_prob);
    ac->vd.n_values = 0;
}

/* n items of `size` bytes, on cache lines of their own (chunks on two
 * threads would otherwise share lines they both write). */
static void *lines_alloc(size_t n, size_t size) {
    size_t bytes = (n * size + 63u) & ~(size_t)63u;
    return aligned_alloc(64, bytes ? bytes : 64);
}

static bool acc_init(Acc *ac, uint32_t n_vars) {
    memset(ac, 0, sizeof *ac);
    ac->hit_min = lines_alloc(n_vars + 1u, sizeof *ac->hit_min);
    ac->hit_max = lines_alloc(n_vars + 1u, sizeof *ac->hit_max);
    ac->clamp_from = lines_alloc(n_vars + 1u, sizeof *ac->clamp_from);
    ac->clamp_edge = lines_alloc(n_vars + 1u, sizeof *ac->clamp_edge);
    ac->clamp_pos = lines_alloc(n_vars + 1u, sizeof *ac->clamp_pos);
    if (!ac->hit_min || !ac->hit_max || !ac->clamp_from || !ac->clamp_edge || !ac->clamp_pos) return false;
    acc_reset(ac, n_vars);
    return true;
}

static void acc_free(Acc *ac) {
    free(ac->hit_min);
    free(ac->hit_max);
    free(ac->clamp_from);
    free(ac->clamp_edge);
    free(ac->clamp_pos);
    free(ac->vd.values);
    memset(ac, 0, sizeof *ac);
}

/* After a level: its chunks' figures added to the pass's, chunk by chunk,
 * so that ties go as they would on one thread: the first clamp met, the
 * first of equally good or bad outcomes. */
static void level_done(void *ctx, uint32_t n_chunks) {
    Ctx *c = ctx;
    Acc *all = &c->all;
    const uint32_t nv = c->sc->n_vars;
    for (uint32_t k = 0; k < n_chunks; k++) {
        Acc *ac = &c->acc[k];
        for (uint32_t v = 0; v < nv; v++) {
            all->hit_min[v] += ac->hit_min[v];
            all->hit_max[v] += ac->hit_max[v];
            if (ac->clamp_from[v] != NO_ENTRY &&
                (all->clamp_from[v] == NO_ENTRY || meets_before(ac->clamp_pos[v], ac->clamp_edge[v], ac->clamp_from[v],
                                                                all->clamp_pos[v], all->clamp_edge[v], all->clamp_from[v]))) {
                all->clamp_from[v] = ac->clamp_from[v];
                all->clamp_edge[v] = ac->clamp_edge[v];
                all->clamp_pos[v] = ac->clamp_pos[v];
            }
        }
        if (ac->omax > all->omax) {
            all->omax = ac->omax, all->best_id = ac->best_id, all->best_edge = ac->best_edge;
            memcpy(all->best_key, ac->best_key, sizeof all->best_key);
        }
        if (ac->omin < all->omin) {
            all->omin = ac->omin, all->worst_id = ac->worst_id, all->worst_edge = ac->worst_edge;
            memcpy(all->worst_key, ac->worst_key, sizeof all->worst_key);
        }
        for (int b = 0; b < LSR_HIST_OUT_BINS; b++) {
            lsr_u128 before = all->hist_paths[b];
            all->hist_paths[b] += ac->hist_paths[b];
            if (all->hist_paths[b] < before || ac->hist_sat[b]) all->hist_sat[b] = true;
            all->hist_prob[b] += ac->hist_prob[b];
        }
        for (uint32_t i = 0; i < ac->vd.n_values; i++) {
            const LsrVarValue *x = &ac->vd.values[i];
            if (!lsr_an_var_value_add(&all->vd, x->value, x->paths, x->paths_sat, x->prob)) c->oom = true;
        }
        acc_reset(ac, nv);
    }
}

static void ctx_free(Ctx *c) {
    free(c->par);
    free(c->par_edge);
    free(c->slot_of);
    acc_free(&c->all);
    for (uint32_t k = 0; k < DP_CHUNKS; k++) acc_free(&c->acc[k]);
    free(c->fold);
    free(c->prog);
    free(c->prog_first);
    for (uint32_t j = 0; j < KMAX; j++) free(c->ctab[j]);
}

/* One pass over the graph following the variables in sel; with `scores`
 * it also fills the outcome figures and the chosen variable's values. */
static LsrAnalyzeStatus pass(const Graph *g, const DpOrder *ord, LsrAnalysis *a, uint64_t budget, const bool *sel,
                             bool scores) {
    const LsrScenario *sc = g->sc;
    Ctx c;
    memset(&c, 0, sizeof c);
    c.g = g;
    c.sc = sc;
    c.a = a;
    c.ord = ord;
    c.scores = scores;
    c.target_slot = NO_ENTRY;
    bool found = false, ok = acc_init(&c.all, sc->n_vars);
    for (uint32_t k = 0; k < DP_CHUNKS; k++) ok &= acc_init(&c.acc[k], sc->n_vars);
    c.slot_of = malloc((sc->n_vars + 1u) * sizeof(int32_t));
    c.fold = calloc(sc->n_steps + 1u, sizeof(uint32_t));
    if (!ok || !c.slot_of || !c.fold) {
        ctx_free(&c);
        return LSR_AN_NOMEM;
    }
    for (uint32_t v = 0; v < sc->n_vars; v++) {
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
            ctx_free(&c);
            return LSR_AN_TOO_MANY_STATES;
        }
        if (v == a->var_dist.var) c.target_slot = c.m;
        c.slot_of[v] = (int32_t)c.m;
        c.slot_var[c.m++] = v;
        if (counts_in_outcome(&sc->vars[v])) c.n_scored++;
    }
    if (!key_layout(&c)) {
        ctx_free(&c);
        return LSR_AN_TOO_MANY_STATES;
    }
    if (!compile(&c)) {
        ctx_free(&c);
        return LSR_AN_NOMEM;
    }
    for (uint32_t p = 0; p < sc->n_steps; p++)
        for (uint32_t j = 0; j < c.m; j++)
            if (j != c.target_slot && !lsr_an_may_write(g, p, c.slot_var[j])) c.fold[p] |= 1u << j;
    if (scores) {
        memset(a->out_hist_paths, 0, sizeof a->out_hist_paths);
        memset(a->out_hist_sat, 0, sizeof a->out_hist_sat);
        memset(a->out_hist_prob, 0, sizeof a->out_hist_prob);
    }
    /* The start: events and logic steps may change values before the first
     * step, and no edge replays that, so take them from a fresh state. */
    uint64_t start[KEY_WORDS_MAX] = {0};
    int32_t *init = malloc(sc->state_words * sizeof(int32_t));
    if (!init) {
        ctx_free(&c);
        return LSR_AN_NOMEM;
    }
    lsr_state_init(sc, init, NULL);
    for (uint32_t j = 0; j < c.m; j++) slot_set(&c, start, j, init[1 + c.slot_var[j]]);
    slot_set(&c, start, c.m, 0);
    free(init);

    DpSpec spec = {.nw = c.nw, .wide = lsr_an_wide_counts(a), .start = start, .budget = budget, .parents = true, .ctx = &c,
                   .edge = replay, .record = record, .arrive = arrive, .level_done = level_done};
    DpStats st;
    LsrAnalyzeStatus err = lsr_an_dp_run(g, ord, &spec, &st);
    if (err == LSR_AN_OK && c.oom) err = LSR_AN_NOMEM;
    const Acc *all = &c.all;
    found = all->omax != INT32_MIN;
    if (err == LSR_AN_OK && scores) {
        memcpy(a->out_hist_paths, all->hist_paths, sizeof a->out_hist_paths);
        memcpy(a->out_hist_sat, all->hist_sat, sizeof a->out_hist_sat);
        for (int b = 0; b < LSR_HIST_OUT_BINS; b++) a->out_hist_prob[b] = all->hist_prob[b];
        if (c.target_slot != NO_ENTRY) {
            free(a->var_dist.values);
            a->var_dist.values = all->vd.values;
            a->var_dist.n_values = all->vd.n_values;
            c.all.vd.values = NULL;
            c.all.vd.n_values = 0;
        }
    }
    if (err == LSR_AN_OK && scores && found) {
        a->out_min = all->omin;
        a->out_max = all->omax;
        if (!entry_path(&c, all->best_id, all->best_edge, &a->best_out, &a->best_out_score, all->best_key) ||
            !entry_path(&c, all->worst_id, all->worst_edge, &a->worst_out, &a->worst_out_score, all->worst_key))
            err = LSR_AN_NOMEM;
        a->outcome_sampled = false;
        if (c.target_slot != NO_ENTRY) lsr_an_var_dist_finish(&a->var_dist);
    }
    if (err == LSR_AN_OK) {
        for (uint32_t v = 0; v < sc->n_vars && err == LSR_AN_OK; v++) {
            if (!sel[v]) continue;
            a->var_hit_min[v] = all->hit_min[v];
            a->var_hit_max[v] = all->hit_max[v];
            if (all->clamp_from[v] == NO_ENTRY) continue;
            if (!entry_path(&c, all->clamp_from[v], all->clamp_edge[v], &a->var_hit_example[v], NULL, NULL))
                err = LSR_AN_NOMEM;
        }
    }
    if (err != LSR_AN_OK) {
        /* the caller may sample instead: leave no partial counts */
        for (uint32_t v = 0; v < sc->n_vars; v++)
            if (sel[v]) a->var_hit_min[v] = a->var_hit_max[v] = 0;
    }
    if (getenv("LSR_AN_DEBUG")) {
        fprintf(stderr, "scores: %u tracked in %u words:", c.m, c.nw);
        for (uint32_t j = 0; j < c.m; j++) fprintf(stderr, " %s", sc->vars[c.slot_var[j]].id);
        fprintf(stderr, "; %llu entries, %llu live at most, %llu moves, %llu ops\n", (unsigned long long)st.entries,
                (unsigned long long)st.max_live, (unsigned long long)st.moves, (unsigned long long)g->n_ops);
    }
    ctx_free(&c);
    return err;
}

/* The scored variables and the chosen one are followed together (the
 * outcome needs their joint values); every other variable that needs
 * replaying, alone, for its clamps, which keeps the number of value
 * combinations small. */
uint32_t lsr_an_score_passes(const Graph *g, const LsrAnalysis *a, uint32_t *vars) {
    const LsrScenario *sc = g->sc;
    uint32_t n = 0;
    vars[n++] = LSR_NEXT_NONE;
    for (uint32_t v = 0; v < sc->n_vars; v++)
        if (g->track[v] && g->replay[v] && !counts_in_outcome(&sc->vars[v]) && v != a->var_dist.var) vars[n++] = v;
    return n;
}

/* Can variable v be clamped anywhere? Each effect (an addition or a set,
 * then clamped) is a nondecreasing function of the value, and so is a list
 * of them: the least and the greatest value reaching a state are those of
 * its predecessors carried along each edge, and an edge clamps some value
 * at min (max) exactly when it clamps the least (greatest) one. Returns 1,
 * 0, or -1 when out of memory. */
static int clamp_possible(const Graph *g, uint32_t v) {
    const LsrScenario *sc = g->sc;
    const LsrVar *var = &sc->vars[v];
    int32_t *lo = malloc(((size_t)g->n + 1u) * sizeof(int32_t)), *hi = malloc(((size_t)g->n + 1u) * sizeof(int32_t));
    int32_t *init = malloc(sc->state_words * sizeof(int32_t));
    if (!lo || !hi || !init) {
        free(lo);
        free(hi);
        free(init);
        return -1;
    }
    for (uint64_t s = 0; s < g->n; s++) lo[s] = INT32_MAX, hi[s] = INT32_MIN;
    lsr_state_init(sc, init, NULL);
    lo[0] = hi[0] = init[1 + v];
    free(init);
    int found = 0;
    for (uint64_t i = 0; i < g->n_order && !found; i++) {
        uint32_t s = g->order[i];
        if (lo[s] > hi[s]) continue;
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1] && !found; x++) {
            uint32_t n;
            const TrackOp *ops = edge_ops(g, x, &n);
            int64_t l = lo[s], h = hi[s];
            for (uint32_t k = 0; k < n; k++) {
                if (ops[k].var != v) continue;
                if (ops[k].kind == LSR_EFF_ADD) l += ops[k].value, h += ops[k].value;
                else l = h = ops[k].value;
                if (l < var->min || h > var->max) found = 1;
            }
            uint32_t t = g->edges[x].to;
            if (l < lo[t]) lo[t] = (int32_t)l;
            if (h > hi[t]) hi[t] = (int32_t)h;
        }
    }
    free(lo);
    free(hi);
    return found;
}

LsrAnalyzeStatus lsr_an_score_pass(const Graph *g, const DpOrder *ord, LsrAnalysis *a, uint64_t budget, uint32_t var) {
    const LsrScenario *sc = g->sc;
    if (var != LSR_NEXT_NONE) {
        /* a variable that is never clamped needs no pass of its own */
        int can = clamp_possible(g, var);
        if (can < 0) return LSR_AN_NOMEM;
        if (!can) {
            a->var_hit_min[var] = a->var_hit_max[var] = 0;
            lsr_an_path_free(&a->var_hit_example[var]);
            return LSR_AN_OK;
        }
    }
    bool *sel = calloc(sc->n_vars + 1u, sizeof(bool));
    if (!sel) return LSR_AN_NOMEM;
    for (uint32_t v = 0; v < sc->n_vars; v++)
        sel[v] = var == LSR_NEXT_NONE ? g->track[v] && (counts_in_outcome(&sc->vars[v]) || v == a->var_dist.var)
                                      : v == var;
    LsrAnalyzeStatus err = pass(g, ord, a, budget, sel, var == LSR_NEXT_NONE);
    free(sel);
    return err;
}
