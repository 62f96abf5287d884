/* Translation catalogues: GNU gettext PO files, the format Poedit, Weblate
 * and Lokalize edit. A catalogue maps a context (the stable, id-based key of
 * one scenario text, e.g. "steps/walkout/choices/chase/label") to the English
 * it was made from and its translation. Only what scenario catalogues use is
 * read: msgctxt, msgid, msgstr (msgstr[0] of a plural entry), the fuzzy
 * flag, obsolete "#~" entries (skipped) and the header's Language field. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_PO_BYTES (16u << 20)

#define MAX_FORMS 4

typedef struct CatEntry {
    const char *ctx, *id, *str;
    const char *forms[MAX_FORMS]; /* msgstr[1..] of a plural entry; forms[0] == str */
    uint8_t n_forms;
    bool fuzzy;
    int line;
} CatEntry;

struct LsrCatalog {
    LsrArena *arena;
    char *path;
    char lang[16];
    CatEntry *e;
    uint32_t n, cap;
    uint32_t *slots; /* open addressing on ctx: entry index + 1, 0 empty */
    uint32_t n_slots;
};

static uint64_t hash_str(const char *s) {
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 1099511628211ull;
    return h;
}

/* ------------------------------------------------------------- parsing */

typedef struct Parser {
    LsrCatalog *c;
    const char *p, *end;
    int line;
    LsrDiagList *d;
    size_t errors;
    /* the entry being read */
    LsrVec buf;       /* bytes of the string being decoded */
    char *ctx, *id, *plural_id;
    char *forms[MAX_FORMS];
    uint8_t n_forms;
    bool has_ctx, has_id, has_str, fuzzy, plural;
    int entry_line;
    char **open;      /* the value a following "..." line continues */
} Parser;

static void perr(Parser *P, int line, const char *fmt, const char *a) {
    P->errors++;
    lsr_diag_add(P->d, LSR_SEV_ERROR, "E_PO_SYNTAX", line, 0, "", fmt, a);
}

/* Decodes one "..." string at P->p (after optional spaces) onto P->buf. */
static bool read_quoted(Parser *P) {
    const char *s = P->p;
    while (s < P->end && (*s == ' ' || *s == '\t')) s++;
    if (s >= P->end || *s != '"') {
        perr(P, P->line, "expected a quoted string%s", "");
        return false;
    }
    s++;
    for (;;) {
        if (s >= P->end || *s == '\n') {
            perr(P, P->line, "a string is not closed on its line%s", "");
            return false;
        }
        char ch = *s++;
        if (ch == '"') break;
        if (ch == '\\') {
            if (s >= P->end) break;
            char e = *s++;
            switch (e) {
            case 'n': ch = '\n'; break;
            case 't': ch = '\t'; break;
            case 'r': ch = '\r'; break;
            case '"': ch = '"'; break;
            case '\\': ch = '\\'; break;
            default: {
                char bad[3] = {'\\', e, 0};
                perr(P, P->line, "unknown escape '%s' (use \\n, \\t, \\\", \\\\)", bad);
                return false;
            }
            }
        }
        char *slot = lsr_vec_push(&P->buf);
        if (!slot) return false;
        *slot = ch;
    }
    while (s < P->end && (*s == ' ' || *s == '\t' || *s == '\r')) s++;
    if (s < P->end && *s != '\n') {
        perr(P, P->line, "unexpected text after a string%s", "");
        return false;
    }
    P->p = s;
    return true;
}

/* The decoded string so far, copied into the catalogue's arena. */
static char *take_buf(Parser *P) {
    char *s = lsr_arena_strndup(P->c->arena, P->buf.data ? P->buf.data : "", P->buf.len);
    P->buf.len = 0;
    return s;
}

static bool add_entry(Parser *P) {
    LsrCatalog *c = P->c;
    if (c->n == c->cap) {
        uint32_t ncap = c->cap ? c->cap * 2 : 256;
        CatEntry *ne = lsr_realloc(c->e, ncap * sizeof *ne);
        if (!ne) return false;
        c->e = ne, c->cap = ncap;
    }
    CatEntry *e = &c->e[c->n++];
    memset(e, 0, sizeof *e);
    e->ctx = P->has_ctx ? P->ctx : "";
    e->id = P->id;
    e->str = P->forms[0] ? P->forms[0] : "";
    for (uint8_t i = 0; i < P->n_forms; i++) e->forms[i] = P->forms[i] ? P->forms[i] : "";
    e->n_forms = P->n_forms;
    e->fuzzy = P->fuzzy;
    e->line = P->entry_line;
    return true;
}

static void header_field(LsrCatalog *c, const char *hdr, const char *name, char *out, size_t n) {
    size_t len = strlen(name);
    for (const char *l = hdr; l && *l;) {
        if (strncmp(l, name, len) == 0 && l[len] == ':') {
            const char *v = l + len + 1;
            while (*v == ' ') v++;
            size_t k = strcspn(v, "\n");
            if (k >= n) k = n - 1;
            memcpy(out, v, k);
            out[k] = '\0';
            return;
        }
        l = strchr(l, '\n');
        if (l) l++;
    }
    (void)c;
}

/* Closes the entry being read, if any. */
static bool finish_entry(Parser *P) {
    bool ok = true;
    if (P->has_id) {
        if (!P->has_str)
            perr(P, P->entry_line, "an entry has a msgid but no msgstr%s", "");
        else if (!P->id[0] && !P->has_ctx && P->forms[0])
            header_field(P->c, P->forms[0], "Language", P->c->lang, sizeof P->c->lang);
        else
            ok = add_entry(P);
    } else if (P->has_ctx || P->has_str) {
        perr(P, P->entry_line, "an entry has no msgid%s", "");
    }
    P->has_ctx = P->has_id = P->has_str = P->fuzzy = P->plural = false;
    memset(P->forms, 0, sizeof P->forms);
    P->n_forms = 0;
    P->open = NULL;
    P->entry_line = 0;
    return ok;
}

typedef enum { K_NONE, K_CTX, K_ID, K_PLURAL, K_STR, K_STR_OTHER } Kw;

static bool parse(Parser *P) {
    Kw last = K_NONE;
    while (P->p < P->end) {
        const char *l = P->p;
        const char *eol = memchr(l, '\n', (size_t)(P->end - l));
        if (!eol) eol = P->end;
        while (l < eol && (*l == ' ' || *l == '\t')) l++;
        bool blank = l == eol || (eol - l == 1 && *l == '\r');
        if (blank) {
            if (!finish_entry(P)) return false;
            last = K_NONE;
        } else if (*l == '#') {
            if (P->has_str && !finish_entry(P)) return false;
            if (l[1] == '~') {
                last = K_NONE; /* obsolete entry: kept by the tools, ignored here */
            } else if (l[1] == ',') {
                const char *f = l + 2;
                size_t n = (size_t)(eol - f);
                for (size_t i = 0; i + 5 <= n; i++)
                    if (memcmp(f + i, "fuzzy", 5) == 0) P->fuzzy = true;
            }
            if (!P->entry_line) P->entry_line = P->line;
            last = K_NONE;
        } else if (*l == '"') {
            if (last == K_NONE) {
                perr(P, P->line, "a string continues nothing%s", "");
            } else {
                P->p = l;
                if (!read_quoted(P)) {
                    P->buf.len = 0;
                    last = K_NONE;
                    goto next_line;
                }
                /* appended to the open value */
                char *prev = P->open ? *P->open : NULL;
                if (prev) {
                    size_t a = strlen(prev), b = P->buf.len;
                    char *joined = lsr_arena_alloc(P->c->arena, a + b + 1);
                    if (!joined) return false;
                    memcpy(joined, prev, a);
                    if (b) memcpy(joined + a, P->buf.data, b);
                    joined[a + b] = '\0';
                    *P->open = joined;
                }
                P->buf.len = 0;
            }
        } else {
            static const struct { const char *w; Kw k; } kws[] = {
                {"msgctxt", K_CTX}, {"msgid_plural", K_PLURAL}, {"msgid", K_ID}, {"msgstr[0]", K_STR},
                {"msgstr[", K_STR_OTHER}, {"msgstr", K_STR}};
            Kw k = K_NONE;
            size_t wl = 0;
            for (size_t i = 0; i < sizeof kws / sizeof kws[0]; i++) {
                size_t n = strlen(kws[i].w);
                if ((size_t)(eol - l) >= n && memcmp(l, kws[i].w, n) == 0) {
                    k = kws[i].k, wl = n;
                    break;
                }
            }
            if (k == K_STR_OTHER) {
                const char *q = memchr(l, ']', (size_t)(eol - l));
                wl = q ? (size_t)(q - l) + 1 : wl;
            }
            if (k == K_NONE) {
                char word[40];
                snprintf(word, sizeof word, "%.*s", (int)strcspn(l, " \t\r\n\"") > 30 ? 30 : (int)strcspn(l, " \t\r\n\""), l);
                perr(P, P->line, "unknown keyword '%s' (expected msgctxt, msgid or msgstr)", word);
                last = K_NONE;
            } else {
                if ((k == K_CTX || (k == K_ID && P->has_id)) && P->has_str && !finish_entry(P)) return false;
                if (!P->entry_line) P->entry_line = P->line;
                P->p = l + wl;
                if (!read_quoted(P)) {
                    P->buf.len = 0;
                    last = K_NONE;
                } else {
                    char *s = take_buf(P);
                    if (!s) return false;
                    P->open = NULL;
                    if (k == K_CTX) P->ctx = s, P->has_ctx = true, P->open = &P->ctx;
                    else if (k == K_ID) P->id = s, P->has_id = true, P->open = &P->id;
                    else if (k == K_PLURAL) P->plural_id = s, P->plural = true, P->open = &P->plural_id;
                    else {
                        unsigned form = k == K_STR ? 0 : (unsigned)(l[7] - '0');
                        if (form >= MAX_FORMS || (k == K_STR_OTHER && (l[7] < '0' || l[7] > '9'))) {
                            perr(P, P->line, "msgstr[%s] is beyond the plural forms leftsr reads (0-3)", "n");
                        } else {
                            P->forms[form] = s;
                            if (form + 1 > P->n_forms) P->n_forms = (uint8_t)(form + 1);
                            P->has_str = true;
                            P->open = &P->forms[form];
                        }
                    }
                    last = k;
                }
            }
        }
    next_line:
        P->p = eol < P->end ? eol + 1 : P->end;
        P->line++;
    }
    return finish_entry(P);
}

/* Entries are found by context; one without a context (a program string)
 * by its msgid. */
static const char *key_of(const CatEntry *e) { return e->ctx[0] ? e->ctx : e->id; }

static bool build_index(LsrCatalog *c, LsrDiagList *d) {
    uint32_t n = 16;
    while (n < c->n * 2 + 1) n *= 2;
    c->slots = lsr_calloc(n, sizeof *c->slots);
    if (!c->slots) return false;
    c->n_slots = n;
    for (uint32_t i = 0; i < c->n; i++) {
        uint32_t h = (uint32_t)hash_str(key_of(&c->e[i])) & (n - 1);
        for (;; h = (h + 1) & (n - 1)) {
            uint32_t s = c->slots[h];
            if (!s) {
                c->slots[h] = i + 1;
                break;
            }
            if (strcmp(key_of(&c->e[s - 1]), key_of(&c->e[i])) == 0) {
                lsr_diag_add(d, LSR_SEV_ERROR, "E_PO_SYNTAX", c->e[i].line, 0, "",
                             "'%.120s' appears twice (first at line %d)", key_of(&c->e[i]), c->e[s - 1].line);
                break;
            }
        }
    }
    return true;
}

LsrStatus lsr_catalog_load(const char *path, LsrCatalog **out, LsrDiagList *diags) {
    *out = NULL;
    /* The shared reader: a FIFO or device is refused at once, never waited on. */
    char *text, why[600];
    size_t len;
    LsrStatus rst = lsr_file_read(path, MAX_PO_BYTES, &text, &len, why, sizeof why);
    if (rst == LSR_ERR_NOMEM) return LSR_ERR_NOMEM;
    if (rst != LSR_OK) {
        lsr_diag_add(diags, LSR_SEV_ERROR, "E_IO", 0, 0, "", "not a regular file of at most 16 MiB that can be read%s", "");
        return LSR_ERR_IO;
    }
    LsrStatus parsed = lsr_catalog_parse(path, text, len, out, diags);
    lsr_file_free(text);
    return parsed;
}

LsrStatus lsr_catalog_parse(const char *name, const char *text, size_t len, LsrCatalog **out, LsrDiagList *diags) {
    *out = NULL;
    if (len > MAX_PO_BYTES) {
        lsr_diag_add(diags, LSR_SEV_ERROR, "E_FILE_TOO_LARGE", 0, 0, "", "the catalogue is larger than 16 MiB%s", "");
        return LSR_ERR_INVALID;
    }
    if (lsr_utf8_invalid_at(text, len) != (size_t)-1) {
        lsr_diag_add(diags, LSR_SEV_ERROR, "E_UTF8", 0, 0, "", "the catalogue is not valid UTF-8%s", "");
        return LSR_ERR_INVALID;
    }
    LsrCatalog *c = lsr_calloc(1, sizeof *c);
    LsrArena *a = lsr_arena_create(len + 4096);
    if (!c || !a || !(c->path = lsr_strdup(name ? name : "<catalogue>"))) {
        lsr_free(c ? c->path : NULL);
        lsr_free(c);
        lsr_arena_destroy(a);
        return LSR_ERR_NOMEM;
    }
    c->arena = a;
    /* the parser reads a NUL-terminated copy, whatever the caller passed */
    char *copy = lsr_malloc(len + 1);
    if (!copy) {
        lsr_catalog_free(c);
        return LSR_ERR_NOMEM;
    }
    if (len) memcpy(copy, text, len);
    copy[len] = '\0';
    Parser P = {.c = c, .p = copy, .end = copy + len, .line = 1, .d = diags};
    lsr_vec_init(&P.buf, 1);
    size_t errors_before = diags ? diags->errors : 0;
    bool ok = parse(&P);
    lsr_vec_free(&P.buf);
    lsr_free(copy);
    if (ok) ok = build_index(c, diags);
    if (!ok) {
        lsr_catalog_free(c);
        return LSR_ERR_NOMEM;
    }
    if (P.errors || (diags && diags->errors > errors_before)) {
        lsr_catalog_free(c);
        return LSR_ERR_INVALID;
    }
    *out = c;
    return LSR_OK;
}

void lsr_catalog_free(LsrCatalog *c) {
    if (!c) return;
    lsr_arena_destroy(c->arena);
    lsr_free(c->e);
    lsr_free(c->slots);
    lsr_free(c->path);
    lsr_free(c);
}

const char *lsr_catalog_lang(const LsrCatalog *c) { return c->lang; }
const char *lsr_catalog_path(const LsrCatalog *c) { return c->path; }
uint32_t lsr_catalog_count(const LsrCatalog *c) { return c->n; }

uint32_t lsr_catalog_find(const LsrCatalog *c, const char *ctx) {
    if (!c || !c->n_slots) return LSR_NEXT_NONE;
    uint32_t h = (uint32_t)hash_str(ctx) & (c->n_slots - 1);
    for (;; h = (h + 1) & (c->n_slots - 1)) {
        uint32_t s = c->slots[h];
        if (!s) return LSR_NEXT_NONE;
        if (strcmp(key_of(&c->e[s - 1]), ctx) == 0) return s - 1;
    }
}

LsrCatalogEntry lsr_catalog_entry(const LsrCatalog *c, uint32_t i) {
    const CatEntry *e = &c->e[i];
    return (LsrCatalogEntry){e->ctx, e->id, e->str, e->fuzzy, e->line};
}

const char *lsr_catalog_plural(const LsrCatalog *c, uint32_t i, unsigned form) {
    const CatEntry *e = &c->e[i];
    return form < e->n_forms && e->forms[form][0] ? e->forms[form] : NULL;
}
