/* Loader diagnostics: the JSON path of the value being checked, its line
 * and column (found from the value table only when a diagnostic needs
 * them), the messages, and "did you mean" suggestions. */
#include "load_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------- positions */

/* The value table is built by the first scan; line starts only when the
 * first diagnostic needs a position. */
static bool build_positions(Loader *L) {
    if (L->pos_tried) return L->pos_ok;
    L->pos_tried = true;
    uint32_t *first = lsr_vec_push(&L->lines);
    if (!first) return false;
    *first = 0;
    for (const char *p = L->src, *end = L->src + L->len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) break;
        uint32_t *ls = lsr_vec_push(&L->lines);
        if (!ls) return false;
        *ls = (uint32_t)(nl + 1 - L->src);
        p = nl + 1;
    }
    L->pos_ok = true;
    return true;
}

/* Line and column of a byte offset. Columns count bytes, 1-based; a tab
 * counts as one column. */
static void off_linecol(Loader *L, size_t off, int *line, int *col) {
    if (L->pos_ok) {
        const uint32_t *ls = L->lines.data;
        size_t lo = 0, hi = L->lines.len;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (ls[mid] <= off) lo = mid;
            else hi = mid;
        }
        *line = (int)(lo + 1);
        *col = (int)(off - ls[lo] + 1);
        return;
    }
    int ln = 1;
    size_t start = 0;
    for (size_t i = 0; i < off && i < L->len; i++)
        if (L->src[i] == '\n') ln++, start = i + 1;
    *line = ln;
    *col = (int)(off - start + 1);
}

/* Where the value at the current path starts (or its key, for members). */
static bool path_offset(Loader *L, bool want_key, size_t *off) {
    if (!build_positions(L)) return false;
    const PosNode *pn = L->pos.data;
    uint32_t cur = 0;
    if (L->pos.len == 0) return false;
    for (uint32_t k = 0; k < L->depth; k++) {
        const Seg *sg = &L->path[k];
        uint32_t ord = 0;
        if (sg->key && sg->item) {
            const cJSON *c = sg->parent->child;
            while (c && c != sg->item) c = c->next, ord++;
            if (!c) return false;
        } else {
            ord = sg->idx;
        }
        uint32_t child = cur + 1, end = pn[cur].next;
        while (ord-- && child < end) child = pn[child].next;
        if (child >= end) return false;
        cur = child;
    }
    uint32_t o = pn[cur].off;
    if (want_key) {
        uint32_t ko = ld_key_offset(L->src, o);
        if (ko != NO_OFF) o = ko;
    }
    *off = o;
    return true;
}

/* ----------------------------------------------------------- diagnostics */

static void build_path(const Loader *L, char *buf, size_t n) {
    size_t w = 0;
    buf[0] = '\0';
    for (uint32_t k = 0; k < L->depth && w + 1 < n; k++) {
        const Seg *sg = &L->path[k];
        if (sg->key) {
            buf[w++] = '/';
            for (const char *p = sg->key; *p && w + 2 < n; p++) {
                if (*p == '~' || *p == '/') {
                    buf[w++] = '~';
                    buf[w++] = *p == '~' ? '0' : '1';
                } else {
                    buf[w++] = *p;
                }
            }
            buf[w] = '\0';
        } else {
            int r = snprintf(buf + w, n - w, "/%u", (unsigned)sg->idx);
            if (r > 0) w += (size_t)r;
            if (w >= n) w = n - 1;
        }
    }
    buf[w < n ? w : n - 1] = '\0';
}

/* A user string made safe for a one-line message: at most 40 bytes (cut at
 * a character boundary), control characters shown as '?'. */
const char *ld_clip(Loader *L, const char *s) {
    char *b = L->clip[L->clip_next++ & 3u];
    size_t w = 0;
    if (!s) s = "";
    for (; *s && w < 40; s++) b[w++] = (unsigned char)*s < 0x20 ? '?' : *s;
    if (*s) {
        while (w > 0 && ((unsigned char)b[w - 1] & 0xC0) == 0x80) w--;
        if (w > 0 && ((unsigned char)b[w - 1] & 0xC0) == 0xC0) w--;
        memcpy(b + w, "...", 4);
    } else {
        b[w] = '\0';
    }
    return b;
}

static void emitv(Loader *L, LsrSeverity sev, const char *code, bool at_key, const char *fmt, va_list ap) {
    if (sev == LSR_SEV_ERROR) L->errors++;
    if (!L->d || L->oom) return;
    size_t limit = L->d->limit ? L->d->limit : 500;
    if (L->d->count >= limit) {
        /* Counted and flagged by lsr_diag_add; no need to find a position. */
        lsr_diag_add(L->d, sev, code, 0, 0, "", "%s", "");
        return;
    }
    char msg[512], path[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    build_path(L, path, sizeof path);
    int line = 0, col = 0;
    size_t off;
    if (path_offset(L, at_key, &off)) off_linecol(L, off, &line, &col);
    lsr_diag_add(L->d, sev, code, line, col, path, "%s", msg);
}

void ld_err(Loader *L, const char *code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emitv(L, LSR_SEV_ERROR, code, false, fmt, ap);
    va_end(ap);
}

void ld_warn(Loader *L, const char *code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emitv(L, LSR_SEV_WARNING, code, false, fmt, ap);
    va_end(ap);
}

void ld_err_key(Loader *L, LsrSeverity sev, const char *code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emitv(L, sev, code, true, fmt, ap);
    va_end(ap);
}

/* Diagnostics at a fixed position (no JSON path), before parsing. */
void ld_err_at_offset(Loader *L, const char *code, size_t off, const char *fmt, ...) {
    L->errors++;
    if (!L->d) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = 0, col = 0;
    if (off != (size_t)-1) off_linecol(L, off, &line, &col);
    lsr_diag_add(L->d, LSR_SEV_ERROR, code, line, col, "", "%s", msg);
}

/* "'title'" for a member, "entry 2 of 'goals'" for an array element. */
const char *ld_what(Loader *L) {
    if (!L->depth) {
        snprintf(L->what, sizeof L->what, "the file");
        return L->what;
    }
    const Seg *sg = &L->path[L->depth - 1];
    if (sg->key) {
        snprintf(L->what, sizeof L->what, "'%s'", ld_clip(L, sg->key));
    } else if (L->depth >= 2 && L->path[L->depth - 2].key) {
        snprintf(L->what, sizeof L->what, "entry %u of '%s'", (unsigned)sg->idx,
                 ld_clip(L, L->path[L->depth - 2].key));
    } else {
        snprintf(L->what, sizeof L->what, "entry %u", (unsigned)sg->idx);
    }
    return L->what;
}

const char *ld_jtype(const cJSON *v) {
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsNumber(v)) return "a number";
    if (cJSON_IsObject(v)) return "an object";
    if (cJSON_IsArray(v)) return "an array";
    if (cJSON_IsTrue(v)) return "true";
    if (cJSON_IsFalse(v)) return "false";
    return "null";
}

/* ------------------------------------------------------------- "did you mean" */

static size_t suggest_cap(const char *s) {
    size_t n = strlen(s);
    return n < 3 ? 1 : n < 9 ? 2 : 3;
}

const char *ld_best_word(const char *word, const char *const *cands, size_t n) {
    size_t cap = suggest_cap(word), best = cap + 1;
    const char *pick = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i]) continue;
        size_t dd = lsr_edit_distance(word, cands[i], cap);
        if (dd < best) best = dd, pick = cands[i];
    }
    return pick;
}

/* Closest id of a kind (for choices: within step `scope`); NULL if none is close. */
const char *ld_suggest_id(Loader *L, Kind k, uint32_t scope, const char *word, uint32_t *which) {
    const LsrScenario *sc = L->sc;
    uint32_t lo = 0, hi = 0;
    switch (k) {
    case K_VAR: hi = sc->n_vars; break;
    case K_BLOC: hi = sc->n_blocs; break;
    case K_ACTOR: hi = sc->n_actors; break;
    case K_SOURCE: hi = sc->n_sources; break;
    case K_NODE: hi = sc->n_steps + sc->n_endings; break;
    case K_EVENT: hi = sc->n_events; break;
    case K_CHOICE:
        lo = sc->steps[scope].choices_first;
        hi = lo + sc->steps[scope].n_choices;
        break;
    case K_COUNT: break;
    }
    size_t cap = suggest_cap(word), best = cap + 1;
    const char *pick = NULL;
    for (uint32_t i = lo; i < hi; i++) {
        const char *id = ld_kind_id(sc, k, i);
        if (!id) continue;
        size_t dd = lsr_edit_distance(word, id, cap);
        if (dd < best) {
            best = dd, pick = id;
            if (which) *which = i;
        }
    }
    return pick;
}

void ld_here(Loader *L, int *line, int *col) {
    size_t off;
    *line = *col = 0;
    if (path_offset(L, false, &off)) off_linecol(L, off, line, col);
}
