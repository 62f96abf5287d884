/* Entry trees for pass 2.
 *
 * The checks read one top-level entry at a time as a cJSON tree. The text
 * is already validated, so the tree is built straight from it into a bump
 * allocator that is reset for the next entry: no per-node malloc and free,
 * and no second validation. These trees use only cJSON's public struct and
 * read-only functions; they must never reach cJSON_Delete. */
#include "load_internal.h"

#include <limits.h>
#include <string.h>

typedef struct TreeChunk {
    struct TreeChunk *next;
    size_t size, used;
    _Alignas(8) unsigned char data[];
} TreeChunk;

void ld_tree_free(Loader *L) {
    while (L->tree) {
        TreeChunk *next = L->tree->next;
        lsr_free(L->tree);
        L->tree = next;
    }
}

/* Forgets the previous entry's tree, keeping one chunk big enough for it. */
static void tree_reset(Loader *L) {
    if (!L->tree) return;
    if (L->tree->next) {
        size_t total = 0;
        for (const TreeChunk *c = L->tree; c; c = c->next) total += c->size;
        ld_tree_free(L);
        L->tree = lsr_malloc(sizeof(TreeChunk) + total);
        if (!L->tree) return;
        L->tree->next = NULL;
        L->tree->size = total;
    }
    L->tree->used = 0;
}

static void *tree_grow(Loader *L, size_t n) {
    size_t size = n > 16384 ? n : 16384;
    TreeChunk *c = lsr_malloc(sizeof(TreeChunk) + size);
    if (!c) {
        L->oom = true;
        return NULL;
    }
    c->next = L->tree;
    c->size = size;
    c->used = n;
    L->tree = c;
    return c->data;
}

static inline void *tree_alloc(Loader *L, size_t n, size_t align) {
    TreeChunk *c = L->tree;
    size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
    if (!c || at + n > c->size) return tree_grow(L, n);
    c->used = at + n;
    return c->data + at;
}

static size_t tskip_ws(const char *s, size_t i) {
    while (ld_is_ws(s[i])) i++;
    return i;
}

/* The string at s[*i] (validated), decoded and NUL-terminated; *i moves past it. */
static char *tstring(Loader *L, size_t *i) {
    const char *s = L->src;
    size_t a = *i + 1, j = ld_plain_run(s, a, L->len);
    if (s[j] == '"') {
        char *d = tree_alloc(L, j - a + 1, 1);
        if (!d) return NULL;
        memcpy(d, s + a, j - a);
        d[j - a] = '\0';
        *i = j + 1;
        return d;
    }
    size_t n = ld_pdecode(L, (uint32_t)*i, NULL, 0);
    char *d = tree_alloc(L, n + 1, 1);
    if (!d) return NULL;
    ld_pdecode(L, (uint32_t)*i, d, n + 1);
    while (s[j] != '"') j += s[j] == '\\' ? 2 : 1;
    *i = j + 1;
    return d;
}

/* The number at s[*i] as cJSON reads it. Integers of up to 15 digits are
 * exact either way; anything else goes through cJSON itself (rare). */
static bool tnumber(Loader *L, size_t *i, double *out) {
    const char *s = L->src;
    size_t start = *i, j = start;
    bool neg = s[j] == '-';
    if (neg) j++;
    uint64_t v = 0;
    size_t d0 = j;
    while (ld_is_digit(s[j])) v = v * 10u + (uint64_t)(s[j++] - '0');
    if (j - d0 <= 15 && s[j] != '.' && s[j] != 'e' && s[j] != 'E') {
        *out = neg ? -(double)v : (double)v;
        *i = j;
        return true;
    }
    while (j < L->len && (ld_is_digit(s[j]) || s[j] == '.' || s[j] == 'e' || s[j] == 'E' || s[j] == '+' || s[j] == '-'))
        j++;
    cJSON *num = cJSON_ParseWithLengthOpts(s + start, j - start, NULL, 0);
    if (!num) {
        L->oom = true;
        return false;
    }
    *out = num->valuedouble;
    cJSON_Delete(num);
    *i = j;
    return true;
}

/* Builds the (validated) value at s[*i]; depth is bounded by the scan. */
static cJSON *tvalue(Loader *L, size_t *i) {
    const char *s = L->src;
    cJSON *item = tree_alloc(L, sizeof(cJSON), 8);
    if (!item) return NULL;
    memset(item, 0, sizeof *item);
    char c = s[*i];
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        item->type = c == '{' ? cJSON_Object : cJSON_Array;
        cJSON *last = NULL;
        size_t j = tskip_ws(s, *i + 1);
        while (s[j] != close) {
            char *key = NULL;
            if (c == '{') {
                if (!(key = tstring(L, &j))) return NULL;
                j = tskip_ws(s, tskip_ws(s, j) + 1); /* past ':' */
            }
            cJSON *kid = tvalue(L, &j);
            if (!kid) return NULL;
            kid->string = key;
            if (last) {
                last->next = kid;
                kid->prev = last;
            } else {
                item->child = kid;
            }
            last = kid;
            j = tskip_ws(s, j);
            if (s[j] == ',') j = tskip_ws(s, j + 1);
        }
        if (item->child) item->child->prev = last;
        *i = j + 1;
    } else if (c == '"') {
        item->type = cJSON_String;
        if (!(item->valuestring = tstring(L, i))) return NULL;
    } else if (c == 't') {
        item->type = cJSON_True;
        item->valueint = 1;
        *i += 4;
    } else if (c == 'f') {
        item->type = cJSON_False;
        *i += 5;
    } else if (c == 'n') {
        item->type = cJSON_NULL;
        *i += 4;
    } else {
        double x;
        if (!tnumber(L, i, &x)) return NULL;
        item->type = cJSON_Number;
        item->valuedouble = x;
        item->valueint = x >= (double)INT_MAX ? INT_MAX : x <= (double)INT_MIN ? INT_MIN : (int)x;
    }
    return item;
}

/* The tree of value i, valid until the next call; NULL means out of memory. */
const cJSON *ld_parse_at(Loader *L, uint32_t i) {
    if (L->oom) return NULL;
    tree_reset(L);
    size_t at = ld_pnode(L, i)->off;
    const cJSON *v = tvalue(L, &at);
    if (!v) L->oom = true;
    return v;
}
