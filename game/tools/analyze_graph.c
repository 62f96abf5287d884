/* `leftsr analyze`, exact analysis, part 1: the state graph. Explores every
 * reachable situation of a scenario from the start, merging identical
 * states (in reduced mode, after forgetting what nothing later reads), and
 * orders the graph or finds a cycle. analyze_exact.c computes over it. */
#include "analyze_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- liveness */

static bool canonical_masks(Graph *g);

/* At an ending, a stop or a fault nothing is read any more: flags and event
 * counts are forgotten (the final values stay in full mode, for scores), so
 * that two choices leading to the same end are the same situation. */
void lsr_an_terminal(const Graph *g, int32_t *st) {
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

void lsr_an_canonical(const Graph *g, int32_t *st) {
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
    uint64_t *t = lsr_an_zalloc((size_t)ncap, sizeof(uint64_t));
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
uint64_t lsr_an_intern(Graph *g, const int32_t *st, uint64_t parent_edge, bool *added,
                       LsrAnalyzeStatus *err) {
    return lsr_an_intern_hashed(g, st, state_hash(st, g->W), parent_edge, added, err);
}

uint64_t lsr_an_intern_hashed(Graph *g, const int32_t *st, uint64_t h, uint64_t parent_edge, bool *added,
                              LsrAnalyzeStatus *err) {
    uint64_t hi = h << 32;
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

Edge *lsr_an_push_edge(Graph *g) {
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

bool lsr_an_graph_reserve(Graph *g) { return grow_states(g) && grow_table(g); }

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
