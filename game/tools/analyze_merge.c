/* `leftsr analyze`, exact analysis in reduced mode: merging situations
 * whose futures are identical, before the passes over the graph.
 *
 * Reduced situations still keep every value that something later may read,
 * and most of them never read it in a way that changes anything: brest's
 * 797,734 situations have 4,521 different futures. Two situations have the
 * same future when they are at the same position, of the same kind, and
 * their transitions, in order, take the same choices and outcomes with the
 * same probabilities and tracked effects to situations with the same
 * future. Every figure the passes compute over paths (counts, probabilities,
 * the fidelity and outcome distributions, the extreme paths, the values of
 * --var) is the same on the merged graph, since its paths are those of the
 * original, step for step; and the passes have a fraction of the work.
 * Clamp counts, which count distinct situations and values, count merged
 * situations. Situations are numbered again in topological order, the
 * start first. */
#include "analyze_internal.h"

#include <stdlib.h>
#include <string.h>

/* Does state r (already classed) have the future state s would have? */
static bool same_future(const Graph *g, const uint32_t *cls, uint32_t r, uint32_t s) {
    if (g->kind[r] != g->kind[s] || st_pos(g, r) != st_pos(g, s)) return false;
    uint32_t n = g->efirst[r + 1] - g->efirst[r];
    if (n != g->efirst[s + 1] - g->efirst[s]) return false;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t x = g->efirst[r] + k, y = g->efirst[s] + k;
        const Edge *a = &g->edges[x], *b = &g->edges[y];
        if (cls[a->to] != cls[b->to] || a->prob != b->prob || a->choice != b->choice || a->outcome != b->outcome)
            return false;
        if (g->edge_seq && g->edge_seq[x] != g->edge_seq[y]) return false;
    }
    return true;
}

static uint64_t future_hash(const Graph *g, const uint32_t *cls, uint32_t s) {
    uint64_t h = 0x243F6A8885A308D3ull ^ g->kind[s] ^ ((uint64_t)st_pos(g, s) << 8);
    for (uint32_t x = g->efirst[s]; x < g->efirst[s + 1]; x++) {
        const Edge *e = &g->edges[x];
        uint64_t v = cls[e->to] | (uint64_t)e->prob << 32;
        uint64_t w = e->choice | (uint64_t)e->outcome << 16 | (uint64_t)(g->edge_seq ? g->edge_seq[x] : 0) << 24;
        h = (h ^ v) * 0x9E3779B97F4A7C15ull;
        h = (h ^ (h >> 29) ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 32;
    }
    return h;
}

LsrAnalyzeStatus lsr_an_merge_futures(Graph *g) {
    const uint64_t n = g->n;
    if (n == 0 || g->n_order != n || g->W != 1) return LSR_AN_OK;
    uint64_t size = 16;
    while (size < n * 2) size *= 2;
    /* per state its class (classes numbered as they are found, from the
     * ends back); per slot of the table a class's first state + 1 */
    uint32_t *cls = malloc((size_t)n * sizeof(uint32_t));
    uint32_t *tab = lsr_an_zalloc((size_t)size, sizeof(uint32_t));
    uint32_t *rep = malloc((size_t)n * sizeof(uint32_t));
    if (!cls || !tab || !rep) {
        free(cls);
        free(tab);
        free(rep);
        return LSR_AN_NOMEM;
    }
    uint32_t nc = 0;
    for (uint64_t i = n; i-- > 0;) {
        uint32_t s = g->order[i];
        if (i >= 16) {
            /* states are visited at random: fetch ahead what they read */
            uint32_t u = g->order[i - 16], v = g->order[i - 8];
            __builtin_prefetch(&g->efirst[u]);
            __builtin_prefetch(&g->kind[u]);
            __builtin_prefetch(&g->pool[u]);
            if (g->efirst[v] < g->efirst[v + 1]) {
                __builtin_prefetch(&g->edges[g->efirst[v]]);
                __builtin_prefetch(&cls[g->edges[g->efirst[v]].to]);
                if (g->edge_seq) __builtin_prefetch(&g->edge_seq[g->efirst[v]]);
            }
        }
        uint64_t j = future_hash(g, cls, s) & (size - 1);
        uint32_t c = UINT32_MAX;
        for (; tab[j]; j = (j + 1) & (size - 1))
            if (same_future(g, cls, tab[j] - 1, s)) {
                c = cls[tab[j] - 1];
                break;
            }
        if (c == UINT32_MAX) {
            tab[j] = s + 1;
            rep[nc] = s;
            c = nc++;
        }
        cls[s] = c;
    }
    free(tab);
    /* A class's successors were found before it: numbered back to front,
     * classes come in topological order, the start's (found last) first. */
    uint64_t ne = 0;
    for (uint32_t c = 0; c < nc; c++) ne += g->efirst[rep[c] + 1] - g->efirst[rep[c]];
    int32_t *pool = malloc((size_t)nc * sizeof(int32_t));
    uint8_t *kind = malloc(nc);
    uint32_t *efirst = malloc(((size_t)nc + 1u) * sizeof(uint32_t));
    uint32_t *order = malloc((size_t)nc * sizeof(uint32_t));
    Edge *edges = malloc(((size_t)ne + 1u) * sizeof(Edge));
    uint32_t *seq = g->edge_seq ? malloc(((size_t)ne + 1u) * sizeof(uint32_t)) : NULL;
    if (!pool || !kind || !efirst || !order || !edges || (g->edge_seq && !seq)) {
        free(cls);
        free(rep);
        free(pool);
        free(kind);
        free(efirst);
        free(order);
        free(edges);
        free(seq);
        return LSR_AN_NOMEM;
    }
    uint32_t k = 0;
    for (uint32_t id = 0; id < nc; id++) {
        uint32_t r = rep[nc - 1u - id];
        pool[id] = g->pool[r];
        kind[id] = g->kind[r];
        order[id] = id;
        efirst[id] = k;
        for (uint32_t x = g->efirst[r]; x < g->efirst[r + 1]; x++, k++) {
            edges[k] = g->edges[x];
            edges[k].to = nc - 1u - cls[g->edges[x].to];
            if (seq) seq[k] = g->edge_seq[x];
        }
    }
    efirst[nc] = k;
    free(cls);
    free(rep);
    free(g->pool);
    free(g->kind);
    free(g->efirst);
    free(g->order);
    free(g->edges);
    free(g->edge_seq);
    free(g->pedge);   /* the first edges that reached states: not kept */
    g->pedge = NULL;
    g->pool = pool;
    g->kind = kind;
    g->efirst = efirst;
    g->order = order;
    g->edges = edges;
    g->edge_seq = seq;
    g->n = g->cap = g->n_order = nc;
    g->ne = g->ecap = ne;
    g->cap_edge_seq = seq ? ne : 0;
    return LSR_AN_OK;
}
