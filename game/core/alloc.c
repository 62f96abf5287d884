/* Allocation: one hook for the whole engine, an arena for scenarios, and a
 * growable vector used while loading. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static LsrReallocFn g_realloc_fn;
static void *g_realloc_ud;

void lsr_set_allocator(LsrReallocFn fn, void *ud) {
    g_realloc_fn = fn;
    g_realloc_ud = ud;
}

void *lsr_realloc(void *p, size_t n) {
    if (n == 0) n = 1;
    if (g_realloc_fn) return g_realloc_fn(p, n, g_realloc_ud);
    return realloc(p, n);
}

void *lsr_malloc(size_t n) { return lsr_realloc(NULL, n); }

void *lsr_calloc(size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) return NULL;
    void *p = lsr_malloc(count * size);
    if (p) memset(p, 0, count * size);
    return p;
}

void lsr_free(void *p) {
    if (!p) return;
    if (g_realloc_fn) {
        g_realloc_fn(p, 0, g_realloc_ud);
        return;
    }
    free(p);
}

char *lsr_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = lsr_malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* ------------------------------------------------------------------ arena */

typedef struct LsrChunk {
    struct LsrChunk *next;
    size_t size, used;
    _Alignas(8) unsigned char data[];
} LsrChunk;

struct LsrArena {
    LsrChunk *head;
    size_t chunk;
    size_t total;
};

LsrArena *lsr_arena_create(size_t chunk) {
    LsrArena *a = lsr_calloc(1, sizeof *a);
    if (!a) return NULL;
    a->chunk = chunk ? chunk : 64 * 1024;
    return a;
}

void lsr_arena_destroy(LsrArena *a) {
    if (!a) return;
    LsrChunk *c = a->head;
    while (c) {
        LsrChunk *next = c->next;
        lsr_free(c);
        c = next;
    }
    lsr_free(a);
}

void *lsr_arena_alloc(LsrArena *a, size_t n) {
    size_t need = (n + 7u) & ~(size_t)7u;
    if (need < n) return NULL;
    LsrChunk *c = a->head;
    if (!c || c->size - c->used < need) {
        size_t size = need > a->chunk ? need : a->chunk;
        if (size > SIZE_MAX - sizeof(LsrChunk)) return NULL;
        c = lsr_malloc(sizeof(LsrChunk) + size);
        if (!c) return NULL;
        c->size = size;
        c->used = 0;
        /* A big one-off block goes behind the current chunk so the current
         * chunk's free space stays in use. */
        if (a->head && need > a->chunk) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
        a->total += size;
    }
    void *p = c->data + c->used;
    c->used += need;
    memset(p, 0, n);
    return p;
}

char *lsr_arena_strndup(LsrArena *a, const char *s, size_t n) {
    char *d = lsr_arena_alloc(a, n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *lsr_arena_strdup(LsrArena *a, const char *s) { return lsr_arena_strndup(a, s, strlen(s)); }

void *lsr_arena_memdup(LsrArena *a, const void *p, size_t n) {
    void *d = lsr_arena_alloc(a, n);
    if (d && n) memcpy(d, p, n);
    return d;
}

size_t lsr_arena_used(const LsrArena *a) { return a->total; }

/* ------------------------------------------------------------------- vec */

void lsr_vec_init(LsrVec *v, size_t elem) {
    v->data = NULL;
    v->len = v->cap = 0;
    v->elem = elem;
}

void *lsr_vec_push(LsrVec *v) {
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        if (cap > SIZE_MAX / v->elem) return NULL;
        void *d = lsr_realloc(v->data, cap * v->elem);
        if (!d) return NULL;
        v->data = d;
        v->cap = cap;
    }
    unsigned char *slot = (unsigned char *)v->data + v->len * v->elem;
    memset(slot, 0, v->elem);
    v->len++;
    return slot;
}

void lsr_vec_free(LsrVec *v) {
    lsr_free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}
