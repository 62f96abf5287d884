/* `leftsr analyze`, exact analysis: exploring. From the start, every
 * reachable situation is expanded (the engine plays each available choice
 * and outcome) and its successors numbered, merging identical ones (in
 * reduced mode, after forgetting what nothing later reads). Also the
 * interning of the few distinct probabilities and lists of tracked effects
 * that edges share. analyze_graph.c holds the graph itself. */
#include "analyze_internal.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
/* Records that edge eidx, taken at step `from`, applies the tracked effects
 * of list q (in g->seqs). */
static bool record_ops(Graph *g, uint64_t eidx, uint32_t from, uint32_t q) {
    if (eidx + 1 > g->cap_edge_seq) {
        uint64_t nc = g->cap_edge_seq ? g->cap_edge_seq * 2 : 4096;
        if (!lsr_an_budget_allows((nc - g->cap_edge_seq) * sizeof(uint32_t))) return false;
        uint32_t *nf = realloc(g->edge_seq, (size_t)nc * sizeof(uint32_t));
        if (!nf) return false;
        g->edge_seq = nf;
        g->cap_edge_seq = nc;
    }
    g->edge_seq[eidx] = q;
    uint32_t n;
    const TrackOp *ops = edge_ops(g, eidx, &n);
    /* the state forgot a value this transition changes: its clamps need
     * the score pass */
    for (uint32_t k = 0; k < n; k++)
        if (!lsr_an_is_live(g, from, ops[k].var)) g->replay[ops[k].var] = true;
    g->n_ops += n;
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
    uint64_t hash;              /* of the next state (for lsr_an_intern_hashed) */
    uint32_t prob, seq;         /* in XBuf.probs and XBuf.seqs */
    uint32_t logic0, n_logic;   /* into XBuf.u32: logic steps passed */
    uint32_t fired0, n_fired;   /* into XBuf.u32: (event, times) pairs */
    uint32_t clamp0, n_clamp;   /* into XBuf.u32: (variable, bits) pairs */
    uint32_t taken;             /* global outcome index, or UINT32_MAX */
    uint16_t choice;
    uint8_t outcome;
} XEdge;

typedef struct XBuf {
    XState *st; uint32_t n_st, cap_st;
    XEdge *ed; uint32_t n_ed, cap_ed;
    uint32_t *u32; uint32_t n_u32, cap_u32;
    /* probabilities and effect lists interned here, on the worker, and
     * their numbers in the graph's (UINT32_MAX: not known yet) */
    Blobs probs, seqs;
    uint32_t *gprob, *gseq;
    uint32_t cap_gprob, cap_gseq;
    int32_t *next; uint64_t cap_next;   /* W words per edge */
    int32_t *cur;
    uint8_t *which;
    LsrEffectLog *log;
    /* before the interning tables: the last few probabilities met (most
     * edges share a few), and the empty list of effects */
    struct { uint64_t w, d; uint32_t idx; } pcache[64];
    uint32_t empty_seq;
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
    lsr_an_blobs_free(&x->probs);
    lsr_an_blobs_free(&x->seqs);
    free(x->gprob);
    free(x->gseq);
    free(x->next);
    free(x->cur);
    free(x->which);
    free(x->log);
    memset(x, 0, sizeof *x);
}

static bool xbuf_init(XBuf *x, const Graph *g) {
    memset(x, 0, sizeof *x);
    for (uint32_t k = 0; k < 64; k++) x->pcache[k].idx = UINT32_MAX;
    x->empty_seq = UINT32_MAX;
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
    const uint64_t wd[2] = {w, d};
    uint32_t pk = (uint32_t)(((w * 0x9E3779B97F4A7C15ull) ^ d) * 0xBF58476D1CE4E5B9ull >> 58);
    if (x->pcache[pk].idx != UINT32_MAX && x->pcache[pk].w == w && x->pcache[pk].d == d) {
        e->prob = x->pcache[pk].idx;
    } else if ((e->prob = lsr_an_blob_intern(&x->probs, wd, sizeof wd)) == UINT32_MAX) {
        x->oom = true;
    } else {
        x->pcache[pk].w = w;
        x->pcache[pk].d = d;
        x->pcache[pk].idx = e->prob;
    }
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
    e->seq = UINT32_MAX;
    if (g->track) {
        TrackOp ops[LSR_EFFECT_LOG_CAP];
        uint32_t n = 0;
        for (uint32_t k = 0; k < log->n && k < LSR_EFFECT_LOG_CAP; k++) {
            const LsrEffect *ef = &sc->effects[log->item[k].effect];
            if (!g->track[ef->var]) continue;
            memset(&ops[n], 0, sizeof ops[n]);
            ops[n].value = log->item[k].value;
            ops[n].var = ef->var;
            ops[n].kind = (uint8_t)ef->kind;
            n++;
        }
        if (n == 0 && x->empty_seq != UINT32_MAX) e->seq = x->empty_seq;
        else if ((e->seq = lsr_an_blob_intern(&x->seqs, ops, n * sizeof(TrackOp))) == UINT32_MAX) x->oom = true;
        else if (n == 0) x->empty_seq = e->seq;
    }
    if (g->live) lsr_an_canonical(g, nxt);
    else if (lsr_state_pos(nxt) >= sc->n_steps) lsr_an_terminal(g, nxt);
    e->hash = state_hash(nxt, g->W);
}

/* The graph's number for the worker's item `local` of `mine`, interning it
 * there the first time; UINT32_MAX without memory. */
static uint32_t to_global(Blobs *theirs, const Blobs *mine, uint32_t **map, uint32_t *cap, uint32_t local) {
    if (local >= *cap) {
        uint32_t nc = *cap ? *cap : 64;
        while (nc <= local) nc *= 2;
        uint32_t *nm = realloc(*map, nc * sizeof(uint32_t));
        if (!nm) return UINT32_MAX;
        for (uint32_t i = *cap; i < nc; i++) nm[i] = UINT32_MAX;
        *map = nm;
        *cap = nc;
    }
    if ((*map)[local] == UINT32_MAX)
        (*map)[local] = lsr_an_blob_intern(theirs, mine->data + mine->off[local],
                                           (size_t)(mine->off[local + 1] - mine->off[local]));
    return (*map)[local];
}

/* Expands state st (W words) into x. */
static void expand(const Graph *g, const int32_t *st, XBuf *x) {
    const LsrScenario *sc = g->sc;
    x->st = xgrow(x, x->st, x->n_st, &x->cap_st, 1, sizeof(XState));
    if (x->oom) return;
    XState *xs = &x->st[x->n_st++];
    memset(xs, 0, sizeof *xs);
    xs->edge0 = x->n_ed;
    memcpy(x->cur, st, g->W * sizeof(int32_t));
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

/* Edges looked up ahead of the one committed (see lsr_an_intern_prefetch). */
#define X_AHEAD 6u

/* Commits the expansion xs of state s: counts, edges, new states. */
static LsrAnalyzeStatus commit(Graph *g, LsrAnalysis *a, uint64_t s, const XState *xs, XBuf *x,
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
        /* the table and the states it names are far bigger than the cache */
        if (xs->edge0 + k + 2 * X_AHEAD < x->n_ed) lsr_an_intern_prefetch(g, xe[2 * X_AHEAD].hash, 0);
        if (xs->edge0 + k + X_AHEAD < x->n_ed) lsr_an_intern_prefetch(g, xe[X_AHEAD].hash, 1);
        for (uint32_t q = 0; q < xe->n_logic; q++) a->step_states[x->u32[xe->logic0 + 2 * q]]++;
        uint64_t eidx = g->ne;
        Edge *e = g->ne < UINT32_MAX - 1u ? lsr_an_push_edge(g) : NULL;
        if (!e)
            return lsr_an_budget.hit ? lsr_an_budget.hit : g->ne >= UINT32_MAX - 1u ? LSR_AN_TOO_MANY_STATES : LSR_AN_NOMEM;
        e->choice = xe->choice;
        e->outcome = xe->outcome;
        if (xe->taken != UINT32_MAX) a->outcome_taken[xe->taken]++;
        if ((e->prob = to_global(&g->probs, &x->probs, &x->gprob, &x->cap_gprob, xe->prob)) == UINT32_MAX)
            return LSR_AN_NOMEM;
        for (uint32_t q = 0; q < xe->n_fired; q++) a->event_fired[x->u32[xe->fired0 + 2 * q]] += x->u32[xe->fired0 + 2 * q + 1];
        for (uint32_t q = 0; q < xe->n_clamp; q++) {
            uint32_t v = x->u32[xe->clamp0 + 2 * q], bits = x->u32[xe->clamp0 + 2 * q + 1];
            if (bits & 1) a->var_hit_min[v]++;
            if (bits & 2) a->var_hit_max[v]++;
            if (var_ex[v] == NO_EDGE) var_ex[v] = eidx;
        }
        if (g->track) {
            uint32_t q = to_global(&g->seqs, &x->seqs, &x->gseq, &x->cap_gseq, xe->seq);
            if (q == UINT32_MAX || !record_ops(g, eidx, xs->pos, q)) return LSR_AN_NOMEM;
        }
        bool added;
        uint64_t t = lsr_an_intern_hashed(g, x->next + (size_t)(xs->edge0 + k) * g->W, xe->hash, eidx, &added, &err);
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

/* States are expanded in batches, each cut into chunks that either thread
 * takes. While the main thread commits one batch, the other expands the
 * next (states already numbered, copied before the commit can move the
 * pool), and the main thread joins it when its commit is done. */
#define X_BATCH 8192u
#define X_CHUNKS 4u

typedef struct XBatch {
    uint64_t first, last;        /* states first..last */
    int32_t *snap;               /* their words */
    uint64_t cap_snap;
    uint64_t cut[X_CHUNKS + 1];  /* chunk c: states cut[c]..cut[c + 1] */
    XBuf x[X_CHUNKS];
} XBatch;

typedef struct Explorer {
    const Graph *g;
    XBatch *cur;                 /* the batch being expanded */
    Crew crew;
} Explorer;

static void expand_chunk(void *arg, uint32_t worker, uint32_t c) {
    const Explorer *e = arg;
    XBatch *b = e->cur;
    XBuf *x = &b->x[c];
    (void)worker;
    x->n_st = x->n_ed = x->n_u32 = 0;
    for (uint64_t s = b->cut[c]; s < b->cut[c + 1] && !x->oom; s++)
        expand(e->g, b->snap + (size_t)(s - b->first) * e->g->W, x);
}

/* Makes states first..last the current batch (the helper starts on it);
 * false without memory. */
static bool batch_post(Explorer *e, XBatch *b, uint64_t first, uint64_t last) {
    const Graph *g = e->g;
    size_t words = (size_t)(last - first) * g->W;
    if (words > b->cap_snap) {
        int32_t *ns = realloc(b->snap, words * sizeof(int32_t));
        if (!ns) return false;
        b->snap = ns;
        b->cap_snap = words;
    }
    memcpy(b->snap, g->pool + (size_t)first * g->W, words * sizeof(int32_t));
    b->first = first;
    b->last = last;
    for (uint32_t c = 0; c <= X_CHUNKS; c++) b->cut[c] = first + (last - first) * c / X_CHUNKS;
    e->cur = b;
    lsr_an_crew_post(&e->crew, X_CHUNKS);
    return true;
}

LsrAnalyzeStatus lsr_an_explore(Graph *g, LsrAnalysis *a) {
    const LsrScenario *sc = g->sc;
    LsrAnalyzeStatus err = LSR_AN_OK;
    int32_t *cur = malloc(g->W * sizeof(int32_t));
    uint64_t *var_ex = malloc((sc->n_vars + 1u) * sizeof(uint64_t));
    XBatch *B = calloc(2, sizeof(XBatch));
    bool ok = B != NULL;
    for (uint32_t h = 0; ok && h < 2; h++)
        for (uint32_t c = 0; c < X_CHUNKS; c++) ok &= xbuf_init(&B[h].x[c], g);
    if (!cur || !var_ex || !ok || !lsr_an_graph_reserve(g)) {
        free(cur);
        free(var_ex);
        for (uint32_t h = 0; B && h < 2; h++) {
            for (uint32_t c = 0; c < X_CHUNKS; c++) xbuf_free(&B[h].x[c]);
            free(B[h].snap);
        }
        free(B);
        return LSR_AN_NOMEM;
    }
    for (uint32_t v = 0; v < sc->n_vars; v++) var_ex[v] = NO_EDGE;
    LsrStepRecord rec0;
    lsr_state_init_record(sc, cur, NULL, &rec0);
    for (uint32_t k = 0; k < rec0.n_logic && k < 16; k++) a->step_states[rec0.logic[k]]++;
    if (g->live) lsr_an_canonical(g, cur);
    else if (lsr_state_pos(cur) >= sc->n_steps) lsr_an_terminal(g, cur);
    bool added;
    lsr_an_intern(g, cur, NO_EDGE, &added, &err);
    Explorer ex;
    memset(&ex, 0, sizeof ex);
    ex.g = g;
    lsr_an_crew_start(&ex.crew, expand_chunk, &ex, true);
    uint32_t h = 0;
    if (err == LSR_AN_OK && !batch_post(&ex, &B[0], 0, g->n)) err = LSR_AN_NOMEM;
    lsr_an_crew_finish(&ex.crew);
    for (uint64_t s = 0; err == LSR_AN_OK && s < g->n;) {
        XBatch *b = &B[h], *nb = &B[h ^ 1];
        for (uint32_t c = 0; c < X_CHUNKS; c++)
            if (b->x[c].oom) err = LSR_AN_NOMEM;
        /* the next batch, from states numbered already, while this one is committed */
        uint64_t nf = b->last, nl = g->n - nf > X_BATCH ? nf + X_BATCH : g->n;
        bool ahead = nl > nf;
        if (err == LSR_AN_OK && ahead && !batch_post(&ex, nb, nf, nl)) err = LSR_AN_NOMEM;
        for (uint32_t c = 0; c < X_CHUNKS && err == LSR_AN_OK; c++)
            for (uint32_t k = 0; k < b->x[c].n_st && err == LSR_AN_OK; k++, s++) {
                if ((err = lsr_an_budget_tick()) != LSR_AN_OK) break;
                if (g->progress && (s & 0xFFFFu) == 0xFFFFu) {
                    fputc('\r', stderr);
                    /* TRANSLATORS: a progress line on a terminal; the English keeps its plural for 1 */
                    fprintf(stderr, lsr_ui_n("leftsr analyze: %llu situations explored, %llu found...",
                                             "leftsr analyze: %llu situations explored, %llu found...",
                                             (unsigned long)(s % 100 + 100)),
                            (unsigned long long)s, (unsigned long long)g->n);
                }
                err = commit(g, a, s, &b->x[c].st[k], &b->x[c], var_ex);
            }
        if (!ahead && err == LSR_AN_OK) {
            nl = g->n - nf > X_BATCH ? nf + X_BATCH : g->n;
            if (nl == nf) break;
            if (!batch_post(&ex, nb, nf, nl)) err = LSR_AN_NOMEM;
        }
        /* a batch posted is always finished, even after an error */
        lsr_an_crew_finish(&ex.crew);
        h ^= 1;
    }
    lsr_an_crew_stop(&ex.crew);
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
    for (uint32_t k = 0; k < 2; k++) {
        for (uint32_t c = 0; c < X_CHUNKS; c++) xbuf_free(&B[k].x[c]);
        free(B[k].snap);
    }
    free(B);
    return err;
}

