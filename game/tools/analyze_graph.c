/* `leftsr analyze`, exact analysis, part 1: the state graph. Explores every
 * reachable situation of a scenario from the start, merging identical
 * states (in reduced mode, after forgetting what nothing later reads), and
 * orders the graph or finds a cycle. analyze_exact.c computes over it. */
#include "analyze_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------- liveness */

static bool canonical_masks(Graph *g);

/* At an ending, a stop or a fault nothing is read any more: flags and event
 * counts are forgotten (the final values stay in full mode, for scores), so
 * that two choices leading to the same end are the same situation. */
static void terminal(const Graph *g, int32_t *st) {
    const LsrScenario *sc = g->sc;
    uint32_t w0 = lsr_impl(sc)->fires_word0;
    memset(st + w0, 0, (sc->state_words - w0) * sizeof(int32_t));
}

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
    uint64_t *local, *ends;     /* per-step local reads; reads of all ending conditions and effects */
    uint64_t *wlocal;           /* per-step local writes */
    uint32_t *succ; size_t n_succ, cap_succ;
    size_t *succ_first;         /* n_steps + 1 */
} LiveCtx;

static bool add_target(LiveCtx *c, uint32_t step, uint32_t next) {
    if (next == LSR_NEXT_END) {
        for (uint32_t w = 0; w < c->words; w++) c->local[(size_t)step * c->words + w] |= c->ends[w];
        return true;
    }
    if (next >= c->sc->n_steps) {
        /* an ending named directly: its effects read at arrival */
        if (next - c->sc->n_steps < c->sc->n_endings) {
            const LsrEnding *en = &c->sc->endings[next - c->sc->n_steps];
            effects_reads(c->sc, en->effects_first, en->n_effects, c->local + (size_t)step * c->words);
        }
        return true;
    }
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

static void effects_writes(const LsrScenario *sc, uint32_t first, uint32_t n, uint64_t *bits) {
    for (uint32_t i = 0; i < n; i++) bit_set(bits, sc->effects[first + i].var);
}

/* Propagates per-step sets backwards along the successor lists until
 * nothing changes: afterwards set[p] covers p and everything after it. */
static void propagate(const LiveCtx *c, uint64_t *set) {
    size_t ns = c->sc->n_steps;
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t p = ns; p-- > 0;) {
            uint64_t *L = set + p * c->words;
            for (size_t k = c->succ_first[p]; k < c->succ_first[p + 1]; k++) {
                const uint64_t *T = set + (size_t)c->succ[k] * c->words;
                for (uint32_t w = 0; w < c->words; w++)
                    if (T[w] & ~L[w]) L[w] |= T[w], changed = true;
            }
        }
    }
}

/* Fills g->live: a static over-approximation of what may still be read,
 * and g->mayw: of what may still be written. */
bool lsr_an_compute_live(Graph *g) {
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
    uint64_t *wglob = calloc(c.words, sizeof(uint64_t));
    c.wlocal = calloc(ns * c.words, sizeof(uint64_t));
    bool ok = c.local && c.ends && glob && c.succ_first && live && wglob && c.wlocal;
    for (uint32_t e = 0; ok && e < sc->n_endings; e++) {
        reads_of(sc, sc->endings[e].cond, c.ends);
        effects_reads(sc, sc->endings[e].effects_first, sc->endings[e].n_effects, c.ends);
    }
    /* A variable with an unbounded side keeps its value everywhere, so a
     * fault is never caused by a forgotten value. */
    for (uint32_t v = 0; ok && v < sc->n_vars; v++)
        if (!sc->vars[v].has_min || !sc->vars[v].has_max) bit_set(glob, v);
    for (uint32_t e = 0; ok && e < sc->n_events; e++) {
        reads_of(sc, sc->events[e].cond, glob);
        effects_reads(sc, sc->events[e].effects_first, sc->events[e].n_effects, glob);
        effects_writes(sc, sc->events[e].effects_first, sc->events[e].n_effects, wglob);
        if (sc->events[e].next == LSR_NEXT_END)
            for (uint32_t w = 0; w < c.words; w++) glob[w] |= c.ends[w];
    }
    for (uint32_t p = 0; ok && p < ns; p++) {
        const LsrStep *s = &sc->steps[p];
        uint64_t *L = c.local + (size_t)p * c.words, *Wr = c.wlocal + (size_t)p * c.words;
        c.succ_first[p] = c.n_succ;
        reads_of(sc, s->cond, L);
        effects_reads(sc, s->effects_first, s->n_effects, L);
        effects_writes(sc, s->effects_first, s->n_effects, Wr);
        if (s->cond) ok &= add_target(&c, p, s->otherwise);
        for (uint32_t e = 0; e < sc->n_events; e++)
            if (sc->events[e].next != LSR_NEXT_NONE) ok &= add_target(&c, p, sc->events[e].next);
        if (s->type == LSR_STEP_LOGIC) {
            ok &= add_target(&c, p, s->next);
        } else if (s->type == LSR_STEP_VOTE) {
            for (uint32_t b = 0; s->seat_expr && b < sc->n_blocs; b++) reads_of(sc, s->seat_expr[b], L);
            for (uint32_t k = 0; k < s->n_positions; k++)
                reads_of(sc, sc->positions[s->positions_first + k].cond, L);
            effects_reads(sc, s->pass.effects_first, s->pass.n_effects, L);
            effects_reads(sc, s->fail.effects_first, s->fail.n_effects, L);
            effects_writes(sc, s->pass.effects_first, s->pass.n_effects, Wr);
            effects_writes(sc, s->fail.effects_first, s->fail.n_effects, Wr);
            ok &= add_target(&c, p, s->pass.next);
            ok &= add_target(&c, p, s->fail.next);
        } else {
            for (uint32_t i = 0; i < s->n_choices; i++) {
                const LsrChoice *ch = &sc->choices[s->choices_first + i];
                reads_of(sc, ch->cond, L);
                effects_reads(sc, ch->effects_first, ch->n_effects, L);
                effects_writes(sc, ch->effects_first, ch->n_effects, Wr);
                if (ch->n_outcomes == 0) ok &= add_target(&c, p, ch->next);
                for (uint32_t o = 0; o < ch->n_outcomes; o++) {
                    const LsrOutcome *oc = &sc->outcomes[ch->outcomes_first + o];
                    reads_of(sc, oc->weight, L);
                    effects_reads(sc, oc->effects_first, oc->n_effects, L);
                    effects_writes(sc, oc->effects_first, oc->n_effects, Wr);
                    ok &= add_target(&c, p, oc->next);
                }
            }
        }
        for (uint32_t w = 0; w < c.words; w++) L[w] |= glob[w], Wr[w] |= wglob[w];
    }
    if (ok) {
        c.succ_first[ns] = c.n_succ;
        memcpy(live, c.local, ns * c.words * sizeof(uint64_t));
        propagate(&c, live);
        propagate(&c, c.wlocal);
    }
    free(c.local);
    free(c.ends);
    free(glob);
    free(wglob);
    free(c.succ);
    free(c.succ_first);
    if (!ok) {
        free(live);
        free(c.wlocal);
        return false;
    }
    g->live = live;
    g->mayw = c.wlocal;
    g->live_words = c.words;
    return canonical_masks(g);
}

/* Reduced mode: forgets what nothing later reads, so that situations
 * differing only there merge (a forgotten variable holds its initial
 * value). Terminal positions keep nothing. Per position (the steps, then
 * one for every terminal one), each word of the state is kept where
 * canon_keep has bits and taken from canon_set elsewhere. */
static bool canonical_masks(Graph *g) {
    const LsrScenario *sc = g->sc;
    const uint32_t W = sc->state_words, f0 = lsr_impl(sc)->flags_word0, e0 = lsr_impl(sc)->fires_word0;
    size_t n = ((size_t)sc->n_steps + 1u) * W;
    g->canon_keep = malloc(n * sizeof(uint32_t));
    g->canon_set = calloc(n, sizeof(uint32_t));
    if (!g->canon_keep || !g->canon_set) return false;
    for (uint32_t p = 0; p <= sc->n_steps; p++) {
        const uint64_t *L = p < sc->n_steps ? g->live + (size_t)p * g->live_words : NULL;
        uint32_t *keep = g->canon_keep + (size_t)p * W, *set = g->canon_set + (size_t)p * W;
        for (uint32_t w = 0; w < W; w++) keep[w] = UINT32_MAX;
        for (uint32_t v = 0; v < sc->n_vars; v++)
            if (!L || !bit_get(L, v)) keep[1 + v] = 0, set[1 + v] = (uint32_t)sc->vars[v].initial;
        for (uint32_t f = 0; f < sc->n_flags; f++)
            if (!L || !bit_get(L, sc->n_vars + f)) keep[f0 + (f >> 5)] &= ~(1u << (f & 31));
        if (!L)
            for (uint32_t w = e0; w < W; w++) keep[w] = 0;
    }
    return true;
}

static void canonical(const Graph *g, int32_t *st) {
    const LsrScenario *sc = g->sc;
    uint32_t pos = (uint32_t)st[0];
    size_t row = (size_t)(pos < sc->n_steps ? pos : sc->n_steps) * sc->state_words;
    const uint32_t *keep = g->canon_keep + row, *set = g->canon_set + row;
    uint32_t *u = (uint32_t *)(void *)st;
    for (uint32_t w = 1; w < sc->state_words; w++) u[w] = (u[w] & keep[w]) | (set[w] & ~keep[w]);
}

static bool grow_states(Graph *g) {
    uint64_t nc = g->cap ? g->cap * 2 : 1024;
    if (nc > g->max_states + 1) nc = g->max_states + 1;
    if (nc <= g->cap) return false;
    if (!lsr_an_budget_allows((nc - g->cap) * ((uint64_t)g->W * sizeof(int32_t) + 9u))) return false;
    int32_t *p = realloc(g->pool, (size_t)nc * g->W * sizeof(int32_t));
    if (!p) return false;
    g->pool = p;
    uint32_t *ef = realloc(g->efirst, (size_t)(nc + 1) * sizeof(uint32_t));
    if (!ef) return false;
    g->efirst = ef;
    uint32_t *pe = realloc(g->pedge, (size_t)nc * sizeof(uint32_t));
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
    if (ncap > ((uint64_t)1 << 32) || !lsr_an_budget_allows(ncap * sizeof(uint64_t))) return false;
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
        *err = lsr_an_budget.hit ? lsr_an_budget.hit : LSR_AN_NOMEM;
        return UINT64_MAX;
    }
    uint64_t idx = g->n++;
    memcpy(g->pool + idx * g->W, st, bytes);
    g->pedge[idx] = parent_edge == NO_EDGE ? NO_PEDGE : (uint32_t)parent_edge;
    /* not expanded yet: above every edge, so that edge_from's search holds */
    g->efirst[idx] = UINT32_MAX;
    g->htab[j] = hi | (idx + 1);
    if (g->n * 2 > g->hmask + 1 && !grow_table(g)) {
        *err = lsr_an_budget.hit ? lsr_an_budget.hit : LSR_AN_NOMEM;
        return UINT64_MAX;
    }
    *added = true;
    return idx;
}

static Edge *push_edge(Graph *g) {
    if (g->ne == g->ecap) {
        uint64_t nc = g->ecap ? g->ecap * 2 : 4096;
        if (!lsr_an_budget_allows((nc - g->ecap) * sizeof(Edge))) return NULL;
        Edge *e = realloc(g->edges, (size_t)nc * sizeof(Edge));
        if (!e) return NULL;
        g->edges = e;
        g->ecap = nc;
    }
    Edge *e = &g->edges[g->ne++];
    memset(e, 0, sizeof *e);
    return e;
}

void lsr_an_graph_free(Graph *g) {
    free(g->pool);
    free(g->htab);
    free(g->edges);
    free(g->efirst);
    free(g->pedge);
    free(g->kind);
    free(g->order);
    free(g->live);
    free(g->mayw);
    free(g->canon_keep);
    free(g->canon_set);
    free(g->replay);
    free(g->edge_seq);
    lsr_an_blobs_free(&g->seqs);
    lsr_an_blobs_free(&g->probs);
    memset(g, 0, sizeof *g);
}

/* ----------------------------------------------------------------- paths */

/* Path from the start to state s along first-discovery edges, followed by
 * `extra` edges (may be NULL). Returns false when out of memory. */
bool lsr_an_path_build(const Graph *g, uint64_t s, const uint64_t *extra, uint32_t n_extra,
                       LsrPath *out) {
    uint32_t depth = 0;
    for (uint64_t x = s; g->pedge[x] != NO_PEDGE; x = edge_from(g, g->pedge[x])) depth++;
    out->n = depth + n_extra;
    out->loop_at = UINT32_MAX;
    out->items = calloc(out->n + 1u, sizeof(LsrPathStep));
    if (!out->items) return false;
    uint32_t k = depth;
    for (uint64_t x = s; g->pedge[x] != NO_PEDGE; x = edge_from(g, g->pedge[x]))
        out->items[--k] = edge_step(g, g->pedge[x]);
    uint64_t last = s;
    for (uint32_t i = 0; i < n_extra; i++) {
        out->items[depth + i] = edge_step(g, extra[i]);
        last = g->edges[extra[i]].to;
    }
    out->end = st_pos(g, last);
    return true;
}

/* ------------------------------------------------------------ clamping */

/* Which variables a transition clamped (bit 1: at min, bit 2: at max), by
 * replaying it in the engine with its effects logged. */
void lsr_an_clamped_vars(const LsrScenario *sc, const int32_t *before, uint32_t i, uint32_t o,
                         const LsrStepRecord *rec, int32_t *tmp, uint8_t *which) {
    (void)rec;
    LsrEffectLog *log = malloc(sizeof *log);
    memset(which, 0, sc->n_vars);
    if (!log) return;
    memcpy(tmp, before, sc->state_words * sizeof(int32_t));
    lsr_state_advance_log(sc, tmp, i, o, NULL, log);
    for (uint32_t k = 0; k < log->n && k < LSR_EFFECT_LOG_CAP; k++)
        which[sc->effects[log->item[k].effect].var] |= (uint8_t)(log->item[k].clamp & 3);
    free(log);
}

/* ---------------------------------------------------------- interning */

static uint64_t blob_hash(const uint8_t *p, size_t len) {
    uint64_t h = 0xCBF29CE484222325ull ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, sizeof w);
        h = (h ^ w) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 32;
    }
    for (; i < len; i++) h = (h ^ p[i]) * 0x100000001B3ull;
    return h ^ (h >> 29);
}

uint32_t lsr_an_blob_intern(Blobs *b, const void *p, size_t len) {
    const uint8_t *bytes = p;
    if (b->n + 1u >= b->cap_off) {
        uint32_t nc = b->cap_off ? b->cap_off * 2 : 64;
        uint64_t *no = realloc(b->off, (size_t)nc * sizeof(uint64_t));
        if (!no) return UINT32_MAX;
        if (!b->cap_off) no[0] = 0;
        b->off = no;
        b->cap_off = nc;
        /* rehash at half full */
        uint32_t size = nc * 2;
        uint32_t *t = calloc(size, sizeof(uint32_t));
        if (!t) return UINT32_MAX;
        for (uint32_t i = 0; i < b->n; i++) {
            uint64_t j = blob_hash(b->data + b->off[i], (size_t)(b->off[i + 1] - b->off[i])) & (size - 1);
            while (t[j]) j = (j + 1) & (size - 1);
            t[j] = i + 1;
        }
        free(b->tab);
        b->tab = t;
        b->mask = size - 1;
    }
    uint64_t j = blob_hash(bytes, len) & b->mask;
    while (b->tab[j]) {
        uint32_t i = b->tab[j] - 1;
        if (b->off[i + 1] - b->off[i] == len && (len == 0 || memcmp(b->data + b->off[i], bytes, len) == 0)) return i;
        j = (j + 1) & b->mask;
    }
    if (b->len + len > b->cap) {
        uint64_t nc = b->cap ? b->cap * 2 : 1024;
        while (nc < b->len + len) nc *= 2;
        uint8_t *nd = realloc(b->data, (size_t)nc);
        if (!nd) return UINT32_MAX;
        b->data = nd;
        b->cap = nc;
    }
    if (len) memcpy(b->data + b->len, bytes, len);
    b->len += len;
    b->tab[j] = b->n + 1;
    b->off[++b->n] = b->len;
    return b->n - 1;
}

void lsr_an_blobs_free(Blobs *b) {
    free(b->data);
    free(b->off);
    free(b->tab);
    memset(b, 0, sizeof *b);
}

/* Records edge eidx's effects on tracked variables (ops[0..n)), taken at
 * step `from`. */
static bool record_ops(Graph *g, uint64_t eidx, uint32_t from, const TrackOp *ops, uint32_t n) {
    if (eidx + 1 > g->cap_edge_seq) {
        uint64_t nc = g->cap_edge_seq ? g->cap_edge_seq * 2 : 4096;
        if (!lsr_an_budget_allows((nc - g->cap_edge_seq) * sizeof(uint32_t))) return false;
        uint32_t *nf = realloc(g->edge_seq, (size_t)nc * sizeof(uint32_t));
        if (!nf) return false;
        g->edge_seq = nf;
        g->cap_edge_seq = nc;
    }
    /* the state forgot a value this transition changes: its clamps need
     * the score pass */
    for (uint32_t k = 0; k < n; k++)
        if (!lsr_an_is_live(g, from, ops[k].var)) g->replay[ops[k].var] = true;
    g->n_ops += n;
    uint32_t q = lsr_an_blob_intern(&g->seqs, ops, n * sizeof(TrackOp));
    if (q == UINT32_MAX) return false;
    g->edge_seq[eidx] = q;
    return true;
}

/* ------------------------------------------------------------ exploring */

/* Exploring is two steps per state: expanding it (the engine plays every
 * available choice and outcome: pure, so two threads share a batch of
 * states) and committing the expansion (counting, numbering new states and
 * edges), in the order of the states, on one thread, so that the graph and
 * every count are the same however the expanding was shared. */

typedef struct XState {
    uint32_t pos, fault;        /* position; fault effect (K_FAULT) */
    uint32_t edge0, n_edges;    /* into XBuf.ed */
    uint8_t kind, na;           /* kind; available choices */
    uint8_t avail[16];
} XState;

typedef struct XEdge {
    uint64_t w, d;
    uint32_t logic0, n_logic;   /* into XBuf.u32: logic steps passed */
    uint32_t fired0, n_fired;   /* into XBuf.u32: (event, times) pairs */
    uint32_t clamp0, n_clamp;   /* into XBuf.u32: (variable, bits) pairs */
    uint32_t ops0, n_ops;       /* into XBuf.ops */
    uint32_t taken;             /* global outcome index, or UINT32_MAX */
    uint16_t choice;
    uint8_t outcome, clamped;
} XEdge;

typedef struct XBuf {
    XState *st; uint32_t n_st, cap_st;
    XEdge *ed; uint32_t n_ed, cap_ed;
    uint32_t *u32; uint32_t n_u32, cap_u32;
    TrackOp *ops; uint32_t n_ops, cap_ops;
    int32_t *next; uint64_t cap_next;   /* W words per edge */
    int32_t *cur;
    uint8_t *which;
    LsrEffectLog *log;
    bool oom;
} XBuf;

/* Room for `more` items in a growable array; sets oom on failure. */
static void *xgrow(XBuf *x, void *p, uint32_t n, uint32_t *cap, uint32_t more, size_t size) {
    if (n + more <= *cap) return p;
    uint32_t nc = *cap ? *cap : 256;
    while (nc < n + more) nc *= 2;
    void *q = realloc(p, (size_t)nc * size);
    if (!q) {
        x->oom = true;
        return p;
    }
    *cap = nc;
    return q;
}

static void xbuf_free(XBuf *x) {
    free(x->st);
    free(x->ed);
    free(x->u32);
    free(x->ops);
    free(x->next);
    free(x->cur);
    free(x->which);
    free(x->log);
    memset(x, 0, sizeof *x);
}

static bool xbuf_init(XBuf *x, const Graph *g) {
    memset(x, 0, sizeof *x);
    x->cur = malloc(g->W * sizeof(int32_t));
    x->which = malloc(g->sc->n_vars + 1u);
    x->log = malloc(sizeof *x->log);
    return x->cur && x->which && x->log;
}

static void xpush_u32(XBuf *x, uint32_t a, uint32_t b) {
    x->u32 = xgrow(x, x->u32, x->n_u32, &x->cap_u32, 2, sizeof(uint32_t));
    if (x->oom) return;
    x->u32[x->n_u32++] = a;
    x->u32[x->n_u32++] = b;
}

/* Plays edge (i, o) from x->cur into a new XEdge. */
static void expand_edge(const Graph *g, XBuf *x, const LsrStep *step, uint32_t pos, uint32_t i, uint32_t o,
                        uint64_t w, uint64_t d, bool has_out) {
    const LsrScenario *sc = g->sc;
    x->ed = xgrow(x, x->ed, x->n_ed, &x->cap_ed, 1, sizeof(XEdge));
    if (x->oom) return;
    if ((uint64_t)(x->n_ed + 1u) * g->W > x->cap_next) {
        uint64_t nc = x->cap_next ? x->cap_next * 2 : (uint64_t)g->W * 1024u;
        int32_t *nn = realloc(x->next, (size_t)nc * sizeof(int32_t));
        if (!nn) {
            x->oom = true;
            return;
        }
        x->next = nn;
        x->cap_next = nc;
    }
    XEdge *e = &x->ed[x->n_ed];
    int32_t *nxt = x->next + (size_t)x->n_ed * g->W;
    x->n_ed++;
    memset(e, 0, sizeof *e);
    memcpy(nxt, x->cur, g->W * sizeof(int32_t));
    LsrStepRecord rec;
    LsrEffectLog *log = x->log;
    lsr_state_advance_log(sc, nxt, i, o, &rec, log);
    e->choice = (uint16_t)i;
    e->clamped = rec.clamped;
    e->w = w;
    e->d = d;
    e->taken = UINT32_MAX;
    if (step->type == LSR_STEP_VOTE) {
        e->outcome = rec.passed ? 1 : 0;
    } else {
        e->outcome = has_out ? (uint8_t)o : OUT_NONE;
        if (has_out) e->taken = sc->choices[step->choices_first + i].outcomes_first + o;
    }
    e->logic0 = x->n_u32;
    for (uint32_t q = 0; q < rec.n_logic && q < 16; q++) xpush_u32(x, rec.logic[q], 0);
    e->n_logic = (x->n_u32 - e->logic0) / 2;
    const uint32_t fw = lsr_impl(sc)->fires_word0;
    const uint8_t *fb = (const uint8_t *)(const void *)(x->cur + fw);
    const uint8_t *fa = (const uint8_t *)(const void *)(nxt + fw);
    e->fired0 = x->n_u32;
    if (memcmp(fa, fb, sc->n_events) != 0)
        for (uint32_t ev = 0; ev < sc->n_events; ev++)
            if (fa[ev] > fb[ev]) xpush_u32(x, ev, (uint32_t)(fa[ev] - fb[ev]));
    e->n_fired = (x->n_u32 - e->fired0) / 2;
    /* Reduced mode: a variable the state keeps clamps on its true value
     * here; the tracked ones are counted by the score pass. */
    e->clamp0 = x->n_u32;
    if (rec.clamped) {
        memset(x->which, 0, sc->n_vars);
        for (uint32_t q = 0; q < log->n && q < LSR_EFFECT_LOG_CAP; q++)
            x->which[sc->effects[log->item[q].effect].var] |= (uint8_t)(log->item[q].clamp & 3);
        for (uint32_t v = 0; v < sc->n_vars; v++)
            if (x->which[v] && (!g->live || lsr_an_is_live(g, pos, v))) xpush_u32(x, v, x->which[v]);
    }
    e->n_clamp = (x->n_u32 - e->clamp0) / 2;
    e->ops0 = x->n_ops;
    if (g->track) {
        for (uint32_t k = 0; k < log->n && k < LSR_EFFECT_LOG_CAP; k++) {
            const LsrEffect *ef = &sc->effects[log->item[k].effect];
            if (!g->track[ef->var]) continue;
            x->ops = xgrow(x, x->ops, x->n_ops, &x->cap_ops, 1, sizeof(TrackOp));
            if (x->oom) return;
            TrackOp *op = &x->ops[x->n_ops++];
            memset(op, 0, sizeof *op);
            op->value = log->item[k].value;
            op->var = ef->var;
            op->kind = (uint8_t)ef->kind;
        }
    }
    e->n_ops = x->n_ops - e->ops0;
    if (g->live) canonical(g, nxt);
    else if (lsr_state_pos(nxt) >= sc->n_steps) terminal(g, nxt);
}

/* Expands state s (already in the pool) into x. */
static void expand(const Graph *g, uint64_t s, XBuf *x) {
    const LsrScenario *sc = g->sc;
    x->st = xgrow(x, x->st, x->n_st, &x->cap_st, 1, sizeof(XState));
    if (x->oom) return;
    XState *xs = &x->st[x->n_st++];
    memset(xs, 0, sizeof *xs);
    xs->edge0 = x->n_ed;
    memcpy(x->cur, g->pool + s * g->W, g->W * sizeof(int32_t));
    const int32_t *cur = x->cur;
    uint32_t pos = lsr_state_pos(cur);
    xs->pos = pos;
    if (pos >= sc->n_steps) {
        xs->fault = lsr_state_fault(cur);
        xs->kind = pos < sc->n_steps + sc->n_endings ? K_ENDING : xs->fault != LSR_NEXT_NONE ? K_FAULT : K_STUCK;
        return;
    }
    const LsrStep *step = &sc->steps[pos];
    xs->kind = step->type == LSR_STEP_VOTE ? K_VOTE : K_DECISION;
    uint32_t na = 0;
    if (step->type == LSR_STEP_VOTE) {
        xs->avail[na++] = 0;
    } else {
        for (uint32_t i = 0; i < step->n_choices && i < 16; i++)
            if (lsr_choice_available(sc, cur, i)) xs->avail[na++] = (uint8_t)i;
        if (na == 0) {
            xs->kind = step->dead_end ? K_DEAD_END : K_STUCK;
            return;
        }
    }
    xs->na = (uint8_t)na;
    for (uint32_t k = 0; k < na && !x->oom; k++) {
        uint32_t i = xs->avail[k];
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
        for (uint32_t o = 0; o < n_out && !x->oom; o++) {
            if (has_out && w[o] == 0) continue;
            if (step->type == LSR_STEP_VOTE) expand_edge(g, x, step, pos, i, o, 1, 1, false);
            else expand_edge(g, x, step, pos, i, o, has_out ? w[o] : 1, (has_out ? sum : 1) * na, has_out);
        }
    }
    xs = &x->st[x->n_st - 1];
    xs->n_edges = x->n_ed - xs->edge0;
}

/* Commits the expansion xs of state s: counts, edges, new states. */
static LsrAnalyzeStatus commit(Graph *g, LsrAnalysis *a, uint64_t s, const XState *xs, const XBuf *x,
                               uint64_t *var_ex) {
    const LsrScenario *sc = g->sc;
    LsrAnalyzeStatus err = LSR_AN_OK;
    g->efirst[s] = (uint32_t)g->ne;
    g->kind[s] = xs->kind;
    switch (xs->kind) {
    case K_ENDING: a->ending_states[xs->pos - sc->n_steps]++; return LSR_AN_OK;
    case K_STUCK:
        a->stuck_states++;
        if (xs->pos < sc->n_steps) a->step_states[xs->pos]++;
        return LSR_AN_OK;
    case K_DEAD_END:
        a->dead_end_states++;
        a->step_states[xs->pos]++;
        return LSR_AN_OK;
    case K_FAULT: {
        a->fault_states++;
        uint32_t k = 0;
        while (k < a->n_fault_effects && a->fault_effect[k] != xs->fault) k++;
        if (k == a->n_fault_effects && k < 8) {
            a->fault_effect[a->n_fault_effects++] = xs->fault;
            if (!lsr_an_path_build(g, s, NULL, 0, &a->fault_example[k])) return LSR_AN_NOMEM;
        }
        return LSR_AN_OK;
    }
    default: break;
    }
    const LsrStep *step = &sc->steps[xs->pos];
    a->step_states[xs->pos]++;
    if (step->type == LSR_STEP_DECISION)
        for (uint32_t k = 0; k < xs->na; k++) a->choice_avail[step->choices_first + xs->avail[k]]++;
    for (uint32_t k = 0; k < xs->n_edges; k++) {
        const XEdge *xe = &x->ed[xs->edge0 + k];
        for (uint32_t q = 0; q < xe->n_logic; q++) a->step_states[x->u32[xe->logic0 + 2 * q]]++;
        uint64_t eidx = g->ne;
        Edge *e = g->ne < UINT32_MAX - 1u ? push_edge(g) : NULL;
        if (!e)
            return lsr_an_budget.hit ? lsr_an_budget.hit : g->ne >= UINT32_MAX - 1u ? LSR_AN_TOO_MANY_STATES : LSR_AN_NOMEM;
        e->choice = xe->choice;
        e->clamped = xe->clamped;
        e->outcome = xe->outcome;
        if (xe->taken != UINT32_MAX) a->outcome_taken[xe->taken]++;
        const uint64_t wd[2] = {xe->w, xe->d};
        if ((e->prob = lsr_an_blob_intern(&g->probs, wd, sizeof wd)) == UINT32_MAX) return LSR_AN_NOMEM;
        for (uint32_t q = 0; q < xe->n_fired; q++) a->event_fired[x->u32[xe->fired0 + 2 * q]] += x->u32[xe->fired0 + 2 * q + 1];
        for (uint32_t q = 0; q < xe->n_clamp; q++) {
            uint32_t v = x->u32[xe->clamp0 + 2 * q], bits = x->u32[xe->clamp0 + 2 * q + 1];
            if (bits & 1) a->var_hit_min[v]++;
            if (bits & 2) a->var_hit_max[v]++;
            if (var_ex[v] == NO_EDGE) var_ex[v] = eidx;
        }
        if (g->track && !record_ops(g, eidx, xs->pos, x->ops + xe->ops0, xe->n_ops)) return LSR_AN_NOMEM;
        bool added;
        uint64_t t = intern(g, x->next + (size_t)(xs->edge0 + k) * g->W, eidx, &added, &err);
        if (t == UINT64_MAX) return err;
        g->edges[eidx].to = (uint32_t)t;
    }
    /* A choice is needed here when one of its successors is reachable by
     * no other available choice of this state. */
    if (step->type == LSR_STEP_DECISION && !g->live) {
        uint64_t e0 = g->efirst[s], e1 = g->ne;
        for (uint64_t p = e0; p < e1; p++) {
            uint32_t gi = step->choices_first + g->edges[p].choice;
            if (a->choice_needed[gi]) continue;
            bool other = false;
            for (uint64_t q = e0; q < e1 && !other; q++)
                other = g->edges[q].choice != g->edges[p].choice && g->edges[q].to == g->edges[p].to;
            if (!other) a->choice_needed[gi] = true;
        }
    }
    return LSR_AN_OK;
}

/* A worker's share of a batch: states first..last into its buffer. */
typedef struct XJob { const Graph *g; uint64_t first, last; XBuf *x; } XJob;

static void *expand_job(void *arg) {
    XJob *j = arg;
    j->x->n_st = j->x->n_ed = j->x->n_u32 = j->x->n_ops = 0;
    for (uint64_t s = j->first; s < j->last && !j->x->oom; s++) expand(j->g, s, j->x);
    return NULL;
}

/* States expanded per batch; batches this small or smaller stay on one thread. */
#define X_BATCH 8192u
#define X_ALONE 256u

LsrAnalyzeStatus lsr_an_explore(Graph *g, LsrAnalysis *a) {
    const LsrScenario *sc = g->sc;
    LsrAnalyzeStatus err = LSR_AN_OK;
    int32_t *cur = malloc(g->W * sizeof(int32_t));
    uint64_t *var_ex = malloc((sc->n_vars + 1u) * sizeof(uint64_t));
    XBuf xb[2];
    bool ok0 = xbuf_init(&xb[0], g), ok1 = xbuf_init(&xb[1], g);
    if (!cur || !var_ex || !ok0 || !ok1 || !grow_states(g) || !grow_table(g)) {
        free(cur);
        free(var_ex);
        xbuf_free(&xb[0]);
        xbuf_free(&xb[1]);
        return LSR_AN_NOMEM;
    }
    for (uint32_t v = 0; v < sc->n_vars; v++) var_ex[v] = NO_EDGE;
    LsrStepRecord rec0;
    lsr_state_init_record(sc, cur, NULL, &rec0);
    for (uint32_t k = 0; k < rec0.n_logic && k < 16; k++) a->step_states[rec0.logic[k]]++;
    if (g->live) canonical(g, cur);
    else if (lsr_state_pos(cur) >= sc->n_steps) terminal(g, cur);
    bool added;
    intern(g, cur, NO_EDGE, &added, &err);
    bool two = false;
#ifndef __EMSCRIPTEN__
    two = sysconf(_SC_NPROCESSORS_ONLN) > 1 && !getenv("LSR_AN_ONE_THREAD");
#endif
    for (uint64_t s = 0; s < g->n && err == LSR_AN_OK;) {
        uint64_t end = g->n - s > X_BATCH ? s + X_BATCH : g->n;
        uint64_t mid = two && end - s > X_ALONE ? s + (end - s) / 2 : end;
        XJob job[2] = {{g, s, mid, &xb[0]}, {g, mid, end, &xb[1]}};
        pthread_t th;
        bool spawned = mid < end && pthread_create(&th, NULL, expand_job, &job[1]) == 0;
        expand_job(&job[0]);
        if (spawned) pthread_join(th, NULL);
        else expand_job(&job[1]);
        if (xb[0].oom || xb[1].oom) err = LSR_AN_NOMEM;
        for (int h = 0; h < 2 && err == LSR_AN_OK; h++)
            for (uint32_t k = 0; k < xb[h].n_st && err == LSR_AN_OK; k++, s++) {
                if ((err = lsr_an_budget_tick()) != LSR_AN_OK) break;
                if (g->progress && (s & 0xFFFFu) == 0xFFFFu)
                    fprintf(stderr, "\rleftsr analyze: %llu situations explored, %llu found...",
                            (unsigned long long)s, (unsigned long long)g->n);
                err = commit(g, a, s, &xb[h].st[k], &xb[h], var_ex);
            }
    }
    if (err == LSR_AN_OK) {
        g->efirst[g->n] = (uint32_t)g->ne;
        for (uint32_t v = 0; v < sc->n_vars && err == LSR_AN_OK; v++)
            if (var_ex[v] != NO_EDGE &&
                !lsr_an_path_build(g, edge_from(g, var_ex[v]), &var_ex[v], 1, &a->var_hit_example[v]))
                err = LSR_AN_NOMEM;
    }
    if (g->progress && g->n >= 0xFFFFu) fprintf(stderr, "\r%72s\r", "");
    free(cur);
    free(var_ex);
    xbuf_free(&xb[0]);
    xbuf_free(&xb[1]);
    return err;
}

/* Depth-first search: topological order, or the first cycle found. */
LsrAnalyzeStatus lsr_an_find_order(Graph *g, LsrAnalysis *a) {
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
                bool ok = lsr_an_path_build(g, t, loop, (uint32_t)n_loop, &a->cycle);
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
