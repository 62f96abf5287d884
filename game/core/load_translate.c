/* The loader's side of translation: the stable context of the text being
 * compiled, built from the JSON path with array elements named by their
 * "id" (or a glossary entry by its "term"), as scenarios/po/extract.py and
 * `leftsr po` name them. */
#include "load_internal.h"

#include <stdio.h>
#include <string.h>

/* The element behind array segment k: the object the next key lives in,
 * else the array's item. */
static const cJSON *element(const Loader *L, uint32_t k) {
    if (k + 1 < L->depth && L->path[k + 1].key && L->path[k + 1].parent) return L->path[k + 1].parent;
    const Seg *sg = &L->path[k];
    return sg->parent ? cJSON_GetArrayItem(sg->parent, (int)sg->idx) : NULL;
}

static bool context(const Loader *L, char *buf, size_t n) {
    size_t w = 0;
    for (uint32_t k = 0; k < L->depth; k++) {
        const Seg *sg = &L->path[k];
        char idx[16];
        const char *part = sg->key;
        if (!part) {
            const cJSON *el = element(L, k);
            const cJSON *id = cJSON_IsObject(el) ? cJSON_GetObjectItemCaseSensitive(el, "id") : NULL;
            if (!cJSON_IsString(id) && cJSON_IsObject(el)) id = cJSON_GetObjectItemCaseSensitive(el, "term");
            if (cJSON_IsString(id)) {
                part = id->valuestring;
            } else {
                snprintf(idx, sizeof idx, "%u", sg->idx);
                part = idx;
            }
        }
        int r = snprintf(buf + w, n - w, "%s%s", w ? "/" : "", part);
        if (r < 0 || (size_t)r >= n - w) return false;
        w += (size_t)r;
    }
    return true;
}

/* Opens the catalogue at the first text; false when nothing applies. */
static bool tr_ready(Loader *L) {
    if (!L->tr_tried && L->tr_opts) {
        L->tr_tried = true;
        if (!lsr_tr_open(&L->tr_state, L->name, L->lang, L->tr_opts, L->arena)) L->oom = true;
        else L->tr = &L->tr_state;
    }
    return lsr_tr_on(L->tr);
}

void ld_tr_finish(Loader *L) {
    tr_ready(L);
    if (L->tr) lsr_tr_close(L->tr);
    L->tr = NULL;
}

/* The context and, when a report or a visitor wants it, the position of
 * the value being compiled; false when no translation applies. */
static bool tr_where(Loader *L, char *ctx, size_t n, int *line, int *col) {
    *line = *col = 0;
    if (!tr_ready(L) || !context(L, ctx, n)) return false;
    if (L->tr->rep || (L->tr->o && L->tr->o->visit)) ld_here(L, line, col);
    return true;
}

void ld_tr_text(Loader *L, LsrText *t) {
    char ctx[512];
    int line, col;
    if (tr_where(L, ctx, sizeof ctx, &line, &col)) lsr_tr_text(L->tr, ctx, t, line, col);
}

void ld_tr_plain(Loader *L, const char **s) {
    char ctx[512];
    int line, col;
    if (tr_where(L, ctx, sizeof ctx, &line, &col)) lsr_tr_plain(L->tr, ctx, s, line, col);
}
