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
    const uint64_t no = g->n_order;
    o->pos = malloc(((size_t)g->n + 1u) * sizeof(uint32_t));
    o->seq = malloc(((size_t)no + 1u) * sizeof(uint32_t));
    uint32_t *level = lsr_an_zalloc((size_t)g->n + 1u, sizeof(uint32_t));
    uint32_t *last = lsr_an_zalloc((size_t)g->n + 1u, sizeof(uint32_t));   /* per state: its last successor's place */
    o->in_first = lsr_an_zalloc((size_t)no + 2u, sizeof(uint32_t));
    o->in = malloc(((size_t)g->ne + 1u) * sizeof(DpIn));
    o->w = malloc(((size_t)g->probs.n + 1u) * sizeof(double));
    if (!o->pos || !o->seq || !level || !last || !o->in_first || !o->in || !o->w || g->ne >= DP_LAST) {
        free(level);
        free(last);
        lsr_an_dp_order_free(o);
        return false;
    }
    for (uint32_t k = 0; k < g->probs.n; k++) {
        const uint64_t *wd = (const uint64_t *)(const void *)(g->probs.data + g->probs.off[k]);
        o->w[k] = (double)wd[0] / (double)wd[1];
    }
    /* Levels: a state comes one after its furthest predecessor, so that
     * the states of a level can be finished side by side. The passes
     * finish level after level, each in topological order. */
    uint32_t n_levels = 0;
    for (uint64_t i = 0; i < no; i++) {
        uint32_t s = g->order[i];
        if (level[s] + 1 > n_levels) n_levels = level[s] + 1;
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1]; x++)
            if (level[g->edges[x].to] < level[s] + 1) level[g->edges[x].to] = level[s] + 1;
    }
    o->level_first = lsr_an_zalloc((size_t)n_levels + 2u, sizeof(uint32_t));
    if (!o->level_first) {
        free(level);
        free(last);
        lsr_an_dp_order_free(o);
        return false;
    }
    o->n_levels = n_levels;
    for (uint64_t i = 0; i < no; i++) o->level_first[level[g->order[i]] + 2u]++;
    for (uint32_t l = 0; l < n_levels; l++) o->level_first[l + 2u] += o->level_first[l + 1u];
    for (uint64_t i = 0; i < no; i++) {
        uint32_t s = g->order[i];
        o->seq[o->level_first[level[s] + 1u]++] = s;
    }
    free(level);
    for (uint64_t s = 0; s < g->n; s++) o->pos[s] = UINT32_MAX;
    for (uint64_t i = 0; i < no; i++) o->pos[o->seq[i]] = (uint32_t)i;
    for (uint64_t s = 0; s < g->n; s++)
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1]; x++) {
            const Edge *e = &g->edges[x];
            o->in_first[o->pos[e->to] + 2u]++;
            if (o->pos[e->to] > last[s]) last[s] = o->pos[e->to];
        }
    for (uint64_t i = 0; i < no; i++) o->in_first[i + 2u] += o->in_first[i + 1u];
    /* filled in the order of the source's place, then of the edge */
    for (uint64_t i = 0; i < no; i++) {
        uint32_t s = o->seq[i];
        for (uint64_t x = g->efirst[s]; x < g->efirst[s + 1]; x++) {
            const Edge *e = &g->edges[x];
            o->in[o->in_first[o->pos[e->to] + 1u]++] = (DpIn){s, (uint32_t)x, e->prob};
        }
    }
    o->n_in = o->in_first[no];
    /* in-edges from one source to one state are side by side */
    for (uint64_t i = 0; i < no; i++)
        for (uint32_t k = o->in_first[i]; k < o->in_first[i + 1]; k++) {
            uint32_t s = o->in[k].from;
            if (last[s] == i && (k + 1 == o->in_first[i + 1] || o->in[k + 1].from != s)) o->in[k].edge |= DP_LAST;
        }
    free(last);
    return true;
}

void lsr_an_dp_order_free(DpOrder *o) {
    free(o->pos);
    free(o->seq);
    free(o->level_first);
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

/* What a chunk of a level leaves for the level's end: its states' entries'
 * origins (in the order of its states), the sources it followed for the
 * last time, and its figures. */
typedef struct ChunkOut {
    _Alignas(64) uint32_t *par, *edge;   /* a cache line apart from the next chunk's */
    uint64_t n, cap;
    uint32_t *frees;
    uint64_t n_frees, cap_frees;
    uint64_t entries, moves;
    LsrAnalyzeStatus err;
} ChunkOut;

/* A thread's tools: the scratch of the state it finishes, the keys of one
 * predecessor, and where it keeps finished states' entries. */
typedef struct Worker {
    _Alignas(64) Scratch sc;
    Pool pool;
    uint64_t *keys;
    uint64_t cap_keys;
} Worker;

typedef struct Run {
    const Graph *g;
    const DpOrder *o;
    const DpSpec *spec;
    uint32_t stride, kofs;    /* words per entry; where the key starts */
    Slot *slot;               /* per state */
    uint64_t live;
    Worker w[2];
    ChunkOut co[DP_CHUNKS];
    /* the level being finished, in chunks that either thread takes */
    uint64_t cut[DP_CHUNKS + 1];   /* places, or in-edges when by_edges */
    uint64_t level, level_end;
    uint64_t chunk_work;      /* DP_CHUNK_WORK; LSR_AN_CHUNK_WORK=N in the tests */
    bool by_edges;
    uint32_t n_chunks;
    Crew crew;
} Run;

/* The keys of source s's entries, transformed along in->edge, into w->keys;
 * *kept: distinct keys stayed distinct. */
static bool transform(Run *r, Worker *w, uint32_t chunk, const DpIn *in, bool *kept) {
    const Slot *sl = &r->slot[in->from];
    const uint32_t nw = r->spec->nw, n = sl->len;
    if ((uint64_t)n * nw > w->cap_keys) {
        uint64_t nc = w->cap_keys ? w->cap_keys : 1024;
        while (nc < (uint64_t)n * nw) nc *= 2;
        uint64_t *nk = realloc(w->keys, (size_t)nc * sizeof(uint64_t));
        if (!nk) return false;
        w->keys = nk;
        w->cap_keys = nc;
    }
    const uint64_t *src = sl->list + r->kofs;
    uint64_t *k = w->keys;
    for (uint32_t q = 0; q < n; q++, src += r->stride, k += nw)
        for (uint32_t i = 0; i < nw; i++) k[i] = src[i];
    uint32_t id0 = sl->first_id;
    *kept = n ? r->spec->edge(r->spec->ctx, chunk, in->from, in->edge & ~DP_LAST, id0, w->keys, n) : true;
    return true;
}

/* After in-edge k: the source's entries go at the level's end when this
 * was their last use (another chunk may still read them until then). */
static inline bool followed(Run *r, ChunkOut *co, uint64_t k) {
    const DpIn *in = &r->o->in[k];
    if (!(in->edge & DP_LAST)) return true;
    if (co->n_frees == co->cap_frees) {
        uint64_t nc = co->cap_frees ? co->cap_frees * 2 : 256;
        uint32_t *nf = realloc(co->frees, (size_t)nc * sizeof(uint32_t));
        if (!nf) return false;
        co->frees = nf;
        co->cap_frees = nc;
    }
    co->frees[co->n_frees++] = in->from;
    return true;
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

static inline void ahead(const Run *r, uint64_t k, uint64_t end) {
    const DpOrder *o = r->o;
    const Graph *g = r->g;
    if (k + 2 * DP_AHEAD < end) {
        /* and what DpSpec.edge is likely to read of the source and the edge */
        const DpIn *in = &o->in[k + 2 * DP_AHEAD];
        uint32_t x = in->edge & ~DP_LAST;
        __builtin_prefetch(&r->slot[in->from]);
        __builtin_prefetch(&g->edges[x]);
        __builtin_prefetch(&g->pool[(size_t)in->from * g->W]);
        __builtin_prefetch(&o->pos[in->from]);
        if (g->edge_seq) __builtin_prefetch(&g->edge_seq[x]);
    }
    if (k + DP_AHEAD < end) __builtin_prefetch(r->slot[o->in[k + DP_AHEAD].from].list);
}

/* A state without successors: every arriving entry to spec->arrive. */
static LsrAnalyzeStatus finish_end(Run *r, Worker *w, uint32_t chunk, uint32_t t, uint64_t i, uint64_t k0, uint64_t k1,
                                   uint64_t end) {
    const DpSpec *spec = r->spec;
    const uint32_t nw = spec->nw;
    ChunkOut *co = &r->co[chunk];
    DpArrival in_e;
    if (t == 0 && k0 == r->o->in_first[i] && spec->arrive) {
        uint64_t one[3] = {1, 0, 0};
        ent_set_p(one, 1.0);
        arrival_of(r, one, spec->start, 1.0, &in_e);
        if (!spec->arrive(spec->ctx, chunk, t, &in_e, DP_NO_ENTRY, NO_EDGE)) return LSR_AN_NOMEM;
    }
    for (uint64_t k = k0; k < k1; k++) {
        const DpIn *in = &r->o->in[k];
        const Slot *sl = &r->slot[in->from];
        const uint64_t *src = sl->list;
        const uint32_t id0 = sl->first_id;
        bool kept;
        ahead(r, k, end);
        if (!transform(r, w, chunk, in, &kept)) return LSR_AN_NOMEM;
        for (uint32_t q = 0; q < sl->len; q++) {
            const uint64_t *from = src + (size_t)r->stride * q;
            arrival_of(r, from, w->keys + (size_t)q * nw, r->o->w[in->prob], &in_e);
            if (spec->arrive && !spec->arrive(spec->ctx, chunk, t, &in_e, id0 + q, in->edge & ~DP_LAST))
                return LSR_AN_NOMEM;
        }
        co->moves += sl->len;
        if (!followed(r, co, k)) return LSR_AN_NOMEM;
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
static inline void put_entry(const Run *r, Scratch *sc, uint64_t n, const uint64_t *from, double w,
                             const uint64_t *key, uint32_t id, uint32_t x) {
    uint64_t *d = sc->ent + (size_t)r->stride * n;
    d[W_CNT] = from[W_CNT];
    ent_set_p(d, ent_p(from) * w);
    if (r->spec->wide) d[W_HI] = from[W_HI];
    for (uint32_t i = 0; i < r->spec->nw; i++) d[r->kofs + i] = key[i];
    if (r->spec->parents) {
        sc->par[n] = id;
        sc->edge[n] = x;
    }
}

/* A state with successors: its arriving entries merged, in arrival order;
 * their origins go to the chunk, their numbers come at the level's end. */
static LsrAnalyzeStatus finish_inner(Run *r, Worker *wk, uint32_t chunk, uint32_t t, uint64_t i, uint64_t end) {
    const DpOrder *o = r->o;
    const DpSpec *spec = r->spec;
    const uint32_t nw = spec->nw, stride = r->stride, kofs = r->kofs;
    const bool wide = spec->wide;
    Scratch *sc = &wk->sc;
    ChunkOut *co = &r->co[chunk];
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
        ahead(r, k, end);
        if (!transform(r, wk, chunk, in, &kept)) return LSR_AN_NOMEM;
        if (kept && t != 0 && o->in_first[i + 1] - o->in_first[i] == 1) {
            /* the only way in, and nothing merged on the way: as they come */
            for (uint32_t q = 0; q < sl->len; q++)
                put_entry(r, sc, q, src + (size_t)stride * q, w, wk->keys + (size_t)q * nw, id0 + q,
                          in->edge & ~DP_LAST);
            n = sl->len;
            co->moves += n;
            if (!followed(r, co, k)) return LSR_AN_NOMEM;
            continue;
        }
        if (!cleared) {
            memset(tab, 0xFF, (size_t)size * sizeof(uint32_t));
            cleared = true;
        }
        for (uint32_t q = 0; q < sl->len; q++) {
            const uint64_t *from = src + (size_t)stride * q;
            const uint64_t *key = wk->keys + (size_t)q * nw;
            uint64_t j = key_hash(key, nw) & mask;
            for (;;) {
                uint32_t at = tab[j];
                if (at == UINT32_MAX) {
                    tab[j] = (uint32_t)n;
                    put_entry(r, sc, n++, from, w, key, id0 + q, in->edge & ~DP_LAST);
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
        co->moves += sl->len;
        if (!followed(r, co, k)) return LSR_AN_NOMEM;
    }
    if (spec->parents && n) {
        if (co->n + n > co->cap) {
            uint64_t nc = co->cap ? co->cap : 1024;
            while (nc < co->n + n) nc *= 2;
            uint32_t *np = realloc(co->par, (size_t)nc * sizeof(uint32_t));
            if (np) co->par = np;
            uint32_t *ne = realloc(co->edge, (size_t)nc * sizeof(uint32_t));
            if (ne) co->edge = ne;
            if (!np || !ne) return LSR_AN_NOMEM;
            co->cap = nc;
        }
        memcpy(co->par + co->n, sc->par, (size_t)n * sizeof(uint32_t));
        memcpy(co->edge + co->n, sc->edge, (size_t)n * sizeof(uint32_t));
        co->n += n;
    }
    co->entries += n;
    r->slot[t].len = (uint32_t)n;
    if (n) {
        size_t bytes = (size_t)n * stride * sizeof(uint64_t);
        if ((bytes > POOL_MAX_WORDS * sizeof(uint64_t) && !lsr_an_budget_allows(bytes)) ||
            !(r->slot[t].list = pool_get(&wk->pool, (size_t)n * stride)))
            return lsr_an_budget.hit ? lsr_an_budget.hit : LSR_AN_NOMEM;
        memcpy(r->slot[t].list, sc->ent, bytes);
    }
    return lsr_an_budget_tick();
}

static inline bool is_end(const Run *r, uint64_t i) {
    uint32_t t = r->o->seq[i];
    return r->g->efirst[t + 1] == r->g->efirst[t];
}

/* The place, within the posted level, of the state in-edge k leads to
 * (the first such place when k starts it). */
static uint64_t place_of(const Run *r, uint64_t k) {
    const DpOrder *o = r->o;
    uint64_t lo = r->level, hi = r->level_end;
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (o->in_first[mid] <= k) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* Finishes chunk c of the posted level: a range of its in-edges, which
 * holds whole states with successors and any part of the in-edges of a
 * state without (every path arriving at an ending can be taken apart);
 * or, for the start's level, its states. */
static void run_chunk(void *arg, uint32_t worker, uint32_t c) {
    Run *r = arg;
    Worker *w = &r->w[worker];
    const DpOrder *o = r->o;
    ChunkOut *co = &r->co[c];
    if (!r->by_edges) {
        const uint64_t end = o->in_first[r->cut[c + 1]];
        for (uint64_t i = r->cut[c]; i < r->cut[c + 1] && co->err == LSR_AN_OK; i++)
            co->err = is_end(r, i) ? finish_end(r, w, c, o->seq[i], i, o->in_first[i], o->in_first[i + 1], end)
                                   : finish_inner(r, w, c, o->seq[i], i, end);
        return;
    }
    uint64_t k = r->cut[c];
    const uint64_t end = r->cut[c + 1];
    for (uint64_t i = place_of(r, k); k < end && co->err == LSR_AN_OK; i++) {
        uint64_t stop = o->in_first[i + 1] < end ? o->in_first[i + 1] : end;
        if (k >= stop) continue;
        co->err = is_end(r, i) ? finish_end(r, w, c, o->seq[i], i, k, stop, end) : finish_inner(r, w, c, o->seq[i], i, end);
        k = stop;
    }
}

/* Cuts the level at places first.. first + m into chunks fixed by the
 * level and the entries waiting for it alone (so that the figures do not
 * depend on which thread took which), of about equal work: the entries
 * arriving, plus one a state. Cuts fall between in-edges: anywhere in a
 * state without successors, only before a state with. */
static void cut_level(Run *r, uint64_t first, uint64_t m) {
    const DpOrder *o = r->o;
    const uint64_t k0 = o->in_first[first], k1 = o->in_first[first + m];
    r->level = first;
    r->level_end = first + m;
    uint64_t work = m;
    for (uint64_t k = k0; k < k1; k++) work += r->slot[o->in[k].from].len;
    uint64_t nc = work / r->chunk_work;
    if (nc > DP_CHUNKS) nc = DP_CHUNKS;
    if (nc < 1 || k1 == k0) nc = 1;
    r->n_chunks = (uint32_t)nc;
    r->by_edges = k1 > k0;
    if (!r->by_edges) {
        r->cut[0] = first;
        r->cut[1] = first + m;
        return;
    }
    r->cut[0] = k0;
    r->cut[nc] = k1;
    uint64_t done = 0, c = 1;
    for (uint64_t i = first; i < first + m && c < nc; i++) {
        bool end = is_end(r, i);
        for (uint64_t k = o->in_first[i]; k < o->in_first[i + 1] && c < nc; k++) {
            if (k == o->in_first[i]) done += 1;
            if (end || k == o->in_first[i])
                while (c < nc && done * nc >= work * c) r->cut[c++] = k;
            done += r->slot[o->in[k].from].len;
        }
    }
    while (c < nc) r->cut[c++] = k1;
}

/* The level's end, in the order of its states: their entries' numbers and
 * origins, the sources no longer needed, the callers' figures. */
static LsrAnalyzeStatus level_end(Run *r, uint64_t *n_ids, DpStats *st) {
    const DpSpec *spec = r->spec;
    LsrAnalyzeStatus err = LSR_AN_OK;
    for (uint32_t c = 0; c < r->n_chunks && err == LSR_AN_OK; c++) err = r->co[c].err;
    for (uint32_t c = 0; c < r->n_chunks && err == LSR_AN_OK; c++) {
        ChunkOut *co = &r->co[c];
        uint64_t off = 0;
        /* the chunk's states with successors, in order */
        uint64_t i0 = r->by_edges ? place_of(r, r->cut[c]) : r->cut[c];
        for (uint64_t i = i0; i < r->level_end; i++) {
            if (r->by_edges ? r->o->in_first[i] >= r->cut[c + 1] : i >= r->cut[c + 1]) break;
            if (r->by_edges && r->o->in_first[i] < r->cut[c]) continue;
            uint32_t t = r->o->seq[i];
            uint64_t n = r->slot[t].len;
            if (!n) continue;
            if (spec->parents) {
                if (*n_ids + n > UINT32_MAX) return LSR_AN_TOO_MANY_STATES;
                r->slot[t].first_id = (uint32_t)*n_ids;
                if (!spec->record(spec->ctx, *n_ids, co->par + off, co->edge + off, n))
                    return lsr_an_budget.hit ? lsr_an_budget.hit : LSR_AN_NOMEM;
                off += n;
            }
            *n_ids += n;
            r->live += n;
        }
        if (r->live > st->max_live) st->max_live = r->live;
        for (uint64_t f = 0; f < co->n_frees; f++) {
            Slot *sl = &r->slot[co->frees[f]];
            r->live -= sl->len;
            pool_put(&r->w[0].pool, sl->list, (size_t)sl->len * r->stride);
            sl->list = NULL;
            sl->len = 0;
        }
        st->entries += co->entries;
        st->moves += co->moves;
        co->n = co->n_frees = co->entries = co->moves = 0;
    }
    if (spec->level_done) spec->level_done(spec->ctx, r->n_chunks);
    if (err == LSR_AN_OK && r->live > spec->budget) err = LSR_AN_TOO_MANY_STATES;
    return err;
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
    const char *cw = getenv("LSR_AN_CHUNK_WORK");
    r.chunk_work = cw && atoi(cw) > 0 ? (uint64_t)atoi(cw) : DP_CHUNK_WORK;
    /* a second thread, when there is work enough to cut */
    lsr_an_crew_start(&r.crew, run_chunk, &r, err == LSR_AN_OK && o->n_in >= 2 * r.chunk_work);
    uint64_t n_ids = 0;
    for (uint32_t l = 0; l < o->n_levels && err == LSR_AN_OK; l++) {
        uint64_t first = o->level_first[l], m = o->level_first[l + 1] - first;
        cut_level(&r, first, m);
        lsr_an_crew_post(&r.crew, r.n_chunks);
        lsr_an_crew_finish(&r.crew);
        err = level_end(&r, &n_ids, st);
        progress_add(m);
    }
    lsr_an_crew_stop(&r.crew);
    for (uint64_t s = 0; r.slot && s < g->n; s++)
        if (r.slot[s].len && (size_t)r.slot[s].len * r.stride > POOL_MAX_WORDS) free(r.slot[s].list);
    for (int k = 0; k < 2; k++) {
        Worker *w = &r.w[k];
        pool_free(&w->pool);
        free(w->sc.ent);
        free(w->sc.par);
        free(w->sc.edge);
        free(w->sc.tab);
        free(w->keys);
    }
    for (uint32_t c = 0; c < DP_CHUNKS; c++) {
        free(r.co[c].par);
        free(r.co[c].edge);
        free(r.co[c].frees);
    }
    free(r.slot);
    return err;
}
