/* `leftsr analyze`, exact analysis: the keyed pass over the ordered graph
 * that the fidelity distribution and the outcome scores share.
 *
 * Each state receives the distinct keys (a fidelity pair, or a packed vector
 * of variable values) that reach it, each with its path count and
 * probability. The pass pulls: a state is finished in topological order by
 * taking every entry of every predecessor along every in-edge, transforming
 * its key (DpSpec.edge) and merging equal keys in one hash table, so no
 * unmerged copy ever waits. A predecessor's entries are freed as soon as its
 * last out-edge has been followed. In-edges are taken in the order of their
 * source in the topological order, then of the edge, and entries in the
 * order they arrived, so a state's entries come in the same order as a push
 * over the same order would leave them: the first of equal best paths stays
 * the first. States without successors (endings, stops) merge nothing: each
 * arriving entry goes straight to DpSpec.arrive. */
#include "analyze_internal.h"

#include "i18n.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



/* Progress of the keyed passes together, on stderr (a terminal): the
 * situations finished over all passes, shown by whichever thread moves it
 * past the next percent. */
static struct {
    _Atomic uint64_t done;
    uint64_t total;
    _Atomic uint32_t shown;
    bool on;
} progress;

void lsr_an_dp_progress(uint64_t total, bool on) {
    if (progress.on && progress.shown) fprintf(stderr, "\r%72s\r", "");
    progress.done = 0;
    progress.total = total;
    progress.shown = 0;
    progress.on = on && total >= ((uint64_t)1 << 18);
}

static void progress_add(uint64_t n) {
    if (!progress.on) return;
    uint64_t d = atomic_fetch_add(&progress.done, n) + n;
    uint32_t pc = (uint32_t)(d * 100u / progress.total), was = progress.shown;
    if (pc > was && pc < 100 && atomic_compare_exchange_strong(&progress.shown, &was, pc))
    {
        fputc('\r', stderr);
        fprintf(stderr, _("leftsr analyze: scores of every path, %u%% done..."), pc);
    }
}

/* Entry words: count (low), probability, [count (high)], key. */
enum { W_CNT = 0, W_P = 1, W_HI = 2 };

static inline double ent_p(const uint64_t *e) {
    double p;
    memcpy(&p, &e[W_P], sizeof p);
    return p;
}

static inline void ent_set_p(uint64_t *e, double p) { memcpy(&e[W_P], &p, sizeof p); }

/* d += s, saturating in wide mode; a narrow count cannot pass 2^64. */
static inline void ent_add_cnt(uint64_t *d, const uint64_t *s, bool wide) {
    if (!wide) {
        d[W_CNT] += s[W_CNT];
        return;
    }
    lsr_u128 a = ((lsr_u128)d[W_HI] << 64) | d[W_CNT], b = ((lsr_u128)s[W_HI] << 64) | s[W_CNT];
    lsr_u128 r = a + b;
    if (r < a) r = ~(lsr_u128)0;
    d[W_CNT] = (uint64_t)r;
    d[W_HI] = (uint64_t)(r >> 64);
}

bool lsr_an_dp_order_index(const Graph *g, DpOrder *o) {
    memset(o, 0, sizeof *o);
    o->pos = malloc(((size_t)g->n + 1u) * sizeof(uint32_t));
    uint32_t *last = lsr_an_zalloc((size_t)g->n + 1u, sizeof(uint32_t));   /* per state: its last successor's place */
    o->in_first = lsr_an_zalloc((size_t)g->n_order + 2u, sizeof(uint32_t));
    o->in = malloc(((size_t)g->ne + 1u) * sizeof(DpIn));
    o->w = malloc(((size_t)g->probs.n + 1u) * sizeof(double));
    if (!o->pos || !last || !o->in_first || !o->in || !o->w || g->ne >= DP_LAST) {
        free(last);
        lsr_an_dp_order_free(o);
        return false;
    }
    for (uint32_t k = 0; k < g->probs.n; k++) {
        const uint64_t *wd = (const uint64_t *)(const void *)(g->probs.data + g->probs.off[k]);
        o->w[k] = (double)wd[0] / (double)wd[1];
    }
    for (uint64_t s = 0; s < g->n; s++) o->pos[s] = UINT32_MAX;
    for (uint64_t i = 0; i < g->n_order; i++) o->pos[g->order[i]] = (uint32_t)i;
    for (uint64_t s = 0; s < g->n; s++)
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1]; x++) {
            const Edge *e = &g->edges[x];
            o->in_first[o->pos[e->to] + 2u]++;
            if (o->pos[e->to] > last[s]) last[s] = o->pos[e->to];
        }
    for (uint64_t i = 0; i < g->n_order; i++) o->in_first[i + 2u] += o->in_first[i + 1u];
    /* filled in the order of the source's place, then of the edge */
    for (uint64_t i = 0; i < g->n_order; i++) {
        uint32_t s = g->order[i];
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1]; x++) {
            const Edge *e = &g->edges[x];
            o->in[o->in_first[o->pos[e->to] + 1u]++] = (DpIn){s, (uint32_t)x, e->prob};
        }
    }
    o->n_in = o->in_first[g->n_order];
    /* in-edges from one source to one state are side by side */
    for (uint64_t i = 0; i < g->n_order; i++)
        for (uint32_t k = o->in_first[i]; k < o->in_first[i + 1]; k++) {
            uint32_t s = o->in[k].from;
            if (last[s] == i && (k + 1 == o->in_first[i + 1] || o->in[k + 1].from != s)) o->in[k].edge |= DP_LAST;
        }
    free(last);
    return true;
}

void lsr_an_dp_order_free(DpOrder *o) {
    free(o->pos);
    free(o->in_first);
    free(o->in);
    free(o->w);
    memset(o, 0, sizeof *o);
}

/* Scratch of the state being finished: its entries in arrival order, their
 * origins and the hash table over them. */
typedef struct Scratch {
    uint64_t *ent;
    uint32_t *par;
    uint32_t *edge;
    uint64_t cap;
    uint32_t *tab;
    uint64_t tab_size;
} Scratch;

static bool scratch_reserve(Scratch *sc, uint64_t want, uint64_t size, uint32_t stride, bool parents) {
    if (want > sc->cap) {
        uint64_t nc = sc->cap ? sc->cap : 256;
        while (nc < want) nc *= 2;
        if (nc > UINT32_MAX || !lsr_an_budget_allows((nc - sc->cap) * (stride * 8u + 8u))) return false;
        uint64_t *ne = realloc(sc->ent, (size_t)nc * stride * sizeof(uint64_t));
        if (!ne) return false;
        sc->ent = ne;
        if (parents) {
            uint32_t *np = realloc(sc->par, (size_t)nc * sizeof(uint32_t));
            if (!np) return false;
            sc->par = np;
            uint32_t *nx = realloc(sc->edge, (size_t)nc * sizeof(uint32_t));
            if (!nx) return false;
            sc->edge = nx;
        }
        sc->cap = nc;
    }
    if (size > sc->tab_size) {
        uint32_t *t = realloc(sc->tab, (size_t)size * sizeof(uint32_t));
        if (!t) return false;
        sc->tab = t;
        sc->tab_size = size;
    }
    return true;
}

/* The entries waiting at states come and go in topological order: small
 * lists are carved from slabs and recycled by size (no header, no trip to
 * malloc), larger ones go to malloc. */
#define POOL_MAX_WORDS 512
#define POOL_SLAB_WORDS 65536

typedef struct Pool {
    uint64_t *cur;
    size_t left;
    uint64_t *free_[POOL_MAX_WORDS + 1];
    uint64_t **slabs;
    size_t n_slabs, cap_slabs;
} Pool;

static uint64_t *pool_get(Pool *p, size_t words) {
    if (words > POOL_MAX_WORDS) return malloc(words * sizeof(uint64_t));
    uint64_t *b = p->free_[words];
    if (b) {
        memcpy(&p->free_[words], b, sizeof(uint64_t *));
        return b;
    }
    if (p->left < words) {
        if (p->n_slabs == p->cap_slabs) {
            size_t nc = p->cap_slabs ? p->cap_slabs * 2 : 16;
            uint64_t **ns = realloc(p->slabs, nc * sizeof(uint64_t *));
            if (!ns) return NULL;
            p->slabs = ns;
            p->cap_slabs = nc;
        }
        if (!lsr_an_budget_allows(POOL_SLAB_WORDS * sizeof(uint64_t)) ||
            !(p->cur = malloc(POOL_SLAB_WORDS * sizeof(uint64_t))))
            return NULL;
        p->slabs[p->n_slabs++] = p->cur;
        p->left = POOL_SLAB_WORDS;
    }
    b = p->cur;
    p->cur += words;
    p->left -= words;
    return b;
}

static void pool_put(Pool *p, uint64_t *b, size_t words) {
    if (!b) return;
    if (words > POOL_MAX_WORDS) {
        free(b);
        return;
    }
    memcpy(b, &p->free_[words], sizeof(uint64_t *));
    p->free_[words] = b;
}

static void pool_free(Pool *p) {
    for (size_t i = 0; i < p->n_slabs; i++) free(p->slabs[i]);
    free(p->slabs);
    memset(p, 0, sizeof *p);
}

/* The entries waiting at a state: `len` of them from `list`, numbered from
 * first_id (with DpSpec.parents). */
typedef struct Slot {
    uint64_t *list;
    uint32_t len, first_id;
} Slot;

typedef struct Run {
    const Graph *g;
    const DpOrder *o;
    const DpSpec *spec;
    uint32_t stride, kofs;    /* words per entry; where the key starts */
    Slot *slot;               /* per state */
    uint64_t live;
    Scratch sc;
    Pool pool;
    uint64_t *keys;           /* one predecessor's keys, transformed */
    uint64_t cap_keys;
} Run;

/* The keys of source s's entries, transformed along in->edge, into r->keys;
 * *kept: distinct keys stayed distinct. */
static bool transform(Run *r, const DpIn *in, bool *kept) {
    const Slot *sl = &r->slot[in->from];
    const uint32_t nw = r->spec->nw, n = sl->len;
    if ((uint64_t)n * nw > r->cap_keys) {
        uint64_t nc = r->cap_keys ? r->cap_keys : 1024;
        while (nc < (uint64_t)n * nw) nc *= 2;
        uint64_t *nk = realloc(r->keys, (size_t)nc * sizeof(uint64_t));
        if (!nk) return false;
        r->keys = nk;
        r->cap_keys = nc;
    }
    const uint64_t *src = sl->list + r->kofs;
    uint64_t *k = r->keys;
    for (uint32_t q = 0; q < n; q++, src += r->stride, k += nw)
        for (uint32_t i = 0; i < nw; i++) k[i] = src[i];
    uint32_t id0 = sl->first_id;
    *kept = n ? r->spec->edge(r->spec->ctx, in->from, in->edge & ~DP_LAST, id0, r->keys, n) : true;
    return true;
}

/* After in-edge k: gives up the source's entries when it was their last. */
static inline void followed(Run *r, uint64_t k) {
    const DpIn *in = &r->o->in[k];
    if (!(in->edge & DP_LAST)) return;
    Slot *sl = &r->slot[in->from];
    r->live -= sl->len;
    pool_put(&r->pool, sl->list, (size_t)sl->len * r->stride);
    sl->list = NULL;
    sl->len = 0;
}

static inline void arrival_of(const Run *r, const uint64_t *e, const uint64_t *key, double w, DpArrival *out) {
    bool wide = r->spec->wide;
    out->key = key;
    out->cnt = wide ? ((lsr_u128)e[W_HI] << 64) | e[W_CNT] : e[W_CNT];
    out->sat = wide && e[W_CNT] == UINT64_MAX && e[W_HI] == UINT64_MAX;
    out->p = ent_p(e) * w;
}

/* Hints for the in-edges some way ahead of in-edge k (in-edges come in the
 * order the states are finished): the slot of one's source, then, the slot
 * fetched by now, the first of its entries. */
#define DP_AHEAD 8u

static inline void ahead(const Run *r, uint64_t k) {
    const DpOrder *o = r->o;
    const Graph *g = r->g;
    if (k + 2 * DP_AHEAD < o->n_in) {
        /* and what DpSpec.edge is likely to read of the source and the edge */
        const DpIn *in = &o->in[k + 2 * DP_AHEAD];
        uint32_t x = in->edge & ~DP_LAST;
        __builtin_prefetch(&r->slot[in->from]);
        __builtin_prefetch(&g->edges[x]);
        __builtin_prefetch(&g->pool[(size_t)in->from * g->W]);
        __builtin_prefetch(&o->pos[in->from]);
        if (g->edge_seq) __builtin_prefetch(&g->edge_seq[x]);
    }
    if (k + DP_AHEAD < o->n_in) __builtin_prefetch(r->slot[o->in[k + DP_AHEAD].from].list);
}

/* A state without successors: every arriving entry to spec->arrive. */
static LsrAnalyzeStatus finish_end(Run *r, uint32_t t, uint64_t i, DpStats *st) {
    const DpSpec *spec = r->spec;
    const uint32_t nw = spec->nw;
    DpArrival in_e;
    if (t == 0 && spec->arrive) {
        uint64_t one[3] = {1, 0, 0};
        ent_set_p(one, 1.0);
        arrival_of(r, one, spec->start, 1.0, &in_e);
        if (!spec->arrive(spec->ctx, t, &in_e, DP_NO_ENTRY, NO_EDGE)) return LSR_AN_NOMEM;
    }
    for (uint64_t k = r->o->in_first[i]; k < r->o->in_first[i + 1]; k++) {
        const DpIn *in = &r->o->in[k];
        const Slot *sl = &r->slot[in->from];
        const uint64_t *src = sl->list;
        const uint32_t id0 = sl->first_id;
        bool kept;
        ahead(r, k);
        if (!transform(r, in, &kept)) return LSR_AN_NOMEM;
        for (uint32_t q = 0; q < sl->len; q++) {
            const uint64_t *from = src + (size_t)r->stride * q;
            arrival_of(r, from, r->keys + (size_t)q * nw, r->o->w[in->prob], &in_e);
            if (spec->arrive && !spec->arrive(spec->ctx, t, &in_e, id0 + q, in->edge & ~DP_LAST)) return LSR_AN_NOMEM;
        }
        st->moves += sl->len;
        followed(r, k);
    }
    return lsr_an_budget_tick();
}

static inline uint64_t key_hash(const uint64_t *key, uint32_t nw) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ nw;
    for (uint32_t i = 0; i < nw; i++) {
        h ^= key[i];
        h *= 0xBF58476D1CE4E5B9ull;
        h ^= h >> 29;
    }
    h *= 0x94D049BB133111EBull;
    return h ^ (h >> 31);
}

/* Scratch entry n: source entry `from` arrived along edge x (probability w)
 * with key `key`, from entry id. */
static inline void put_entry(Run *r, uint64_t n, const uint64_t *from, double w, const uint64_t *key, uint32_t id,
                             uint32_t x) {
    uint64_t *d = r->sc.ent + (size_t)r->stride * n;
    d[W_CNT] = from[W_CNT];
    ent_set_p(d, ent_p(from) * w);
    if (r->spec->wide) d[W_HI] = from[W_HI];
    for (uint32_t i = 0; i < r->spec->nw; i++) d[r->kofs + i] = key[i];
    if (r->spec->parents) {
        r->sc.par[n] = id;
        r->sc.edge[n] = x;
    }
}

/* A state with successors: its arriving entries merged, in arrival order. */
static LsrAnalyzeStatus finish_inner(Run *r, uint32_t t, uint64_t i, DpStats *st, uint64_t *n_ids) {
    const DpOrder *o = r->o;
    const DpSpec *spec = r->spec;
    const uint32_t nw = spec->nw, stride = r->stride, kofs = r->kofs;
    const bool wide = spec->wide;
    Scratch *sc = &r->sc;
    uint64_t want = t == 0 ? 1 : 0;
    for (uint64_t k = o->in_first[i]; k < o->in_first[i + 1]; k++) want += r->slot[o->in[k].from].len;
    uint64_t size = 16;
    while (size < want * 2) size *= 2;
    if (!scratch_reserve(sc, want, size, stride, spec->parents))
        return lsr_an_budget.hit ? lsr_an_budget.hit : LSR_AN_NOMEM;
    const uint64_t mask = size - 1;
    uint32_t *tab = sc->tab;
    bool cleared = false;   /* the table, cleared when first needed */
    uint64_t n = 0;
    if (t == 0) {
        memset(tab, 0xFF, (size_t)size * sizeof(uint32_t));
        cleared = true;
        uint64_t *e = sc->ent;
        memset(e, 0, stride * sizeof(uint64_t));
        e[W_CNT] = 1;
        ent_set_p(e, 1.0);
        memcpy(e + kofs, spec->start, nw * sizeof(uint64_t));
        if (spec->parents) sc->par[0] = sc->edge[0] = DP_NO_ENTRY;
        tab[key_hash(e + kofs, nw) & mask] = 0;
        n = 1;
    }
    for (uint64_t k = o->in_first[i]; k < o->in_first[i + 1]; k++) {
        const DpIn *in = &o->in[k];
        const Slot *sl = &r->slot[in->from];
        const double w = o->w[in->prob];
        const uint64_t *src = sl->list;
        const uint32_t id0 = sl->first_id;
        bool kept;
        ahead(r, k);
        if (!transform(r, in, &kept)) return LSR_AN_NOMEM;
        if (kept && t != 0 && o->in_first[i + 1] - o->in_first[i] == 1) {
            /* the only way in, and nothing merged on the way: as they come */
            for (uint32_t q = 0; q < sl->len; q++)
                put_entry(r, q, src + (size_t)stride * q, w, r->keys + (size_t)q * nw, id0 + q, in->edge & ~DP_LAST);
            n = sl->len;
            st->moves += n;
            followed(r, k);
            continue;
        }
        if (!cleared) {
            memset(tab, 0xFF, (size_t)size * sizeof(uint32_t));
            cleared = true;
        }
        for (uint32_t q = 0; q < sl->len; q++) {
            const uint64_t *from = src + (size_t)stride * q;
            const uint64_t *key = r->keys + (size_t)q * nw;
            uint64_t j = key_hash(key, nw) & mask;
            for (;;) {
                uint32_t at = tab[j];
                if (at == UINT32_MAX) {
                    tab[j] = (uint32_t)n;
                    put_entry(r, n++, from, w, key, id0 + q, in->edge & ~DP_LAST);
                    break;
                }
                uint64_t *d = sc->ent + (size_t)stride * at;
                bool eq = true;
                for (uint32_t w8 = 0; w8 < nw && eq; w8++) eq = d[kofs + w8] == key[w8];
                if (eq) {
                    ent_add_cnt(d, from, wide);
                    ent_set_p(d, ent_p(d) + ent_p(from) * w);
                    break;
                }
                j = (j + 1) & mask;
            }
        }
        st->moves += sl->len;
        followed(r, k);
    }
    if (spec->parents) {
        if (*n_ids + n > UINT32_MAX) return LSR_AN_TOO_MANY_STATES;
        r->slot[t].first_id = (uint32_t)*n_ids;
        if (!spec->record(spec->ctx, *n_ids, sc->par, sc->edge, n))
            return lsr_an_budget.hit ? lsr_an_budget.hit : LSR_AN_NOMEM;
    }
    *n_ids += n;
    st->entries += n;
    if (n) {
        size_t bytes = (size_t)n * stride * sizeof(uint64_t);
        if ((bytes > POOL_MAX_WORDS * sizeof(uint64_t) && !lsr_an_budget_allows(bytes)) ||
            !(r->slot[t].list = pool_get(&r->pool, (size_t)n * stride)))
            return lsr_an_budget.hit ? lsr_an_budget.hit : LSR_AN_NOMEM;
        memcpy(r->slot[t].list, sc->ent, bytes);
        r->slot[t].len = (uint32_t)n;
        r->live += n;
        if (r->live > st->max_live) st->max_live = r->live;
        if (r->live > spec->budget) return LSR_AN_TOO_MANY_STATES;
    }
    return lsr_an_budget_tick();
}

LsrAnalyzeStatus lsr_an_dp_run(const Graph *g, const DpOrder *o, const DpSpec *spec, DpStats *st) {
    memset(st, 0, sizeof *st);
    if (spec->nw > KEY_WORDS_MAX) return LSR_AN_TOO_MANY_STATES;
    Run r;
    memset(&r, 0, sizeof r);
    r.g = g;
    r.o = o;
    r.spec = spec;
    r.kofs = spec->wide ? 3 : 2;
    r.stride = r.kofs + spec->nw;
    r.slot = lsr_an_zalloc((size_t)g->n + 1u, sizeof(Slot));
    LsrAnalyzeStatus err = r.slot ? LSR_AN_OK : LSR_AN_NOMEM;
    uint64_t n_ids = 0;
    for (uint64_t i = 0; i < g->n_order && err == LSR_AN_OK; i++) {
        uint32_t t = g->order[i];
        err = g->efirst[t + 1] > g->efirst[t] ? finish_inner(&r, t, i, st, &n_ids) : finish_end(&r, t, i, st);
        if ((i & 0xFFFu) == 0xFFFu) progress_add(0x1000u);
    }
    for (uint64_t s = 0; r.slot && s < g->n; s++)
        if (r.slot[s].len && (size_t)r.slot[s].len * r.stride > POOL_MAX_WORDS) free(r.slot[s].list);
    pool_free(&r.pool);
    free(r.slot);
    free(r.sc.ent);
    free(r.sc.par);
    free(r.sc.edge);
    free(r.sc.tab);
    free(r.keys);
    return err;
}
