/* Scenario translations applied while a file loads: each text's catalogue
 * entry is checked against the English it was made from (out of date,
 * fuzzy, malformed) and, when sound, added as a translation. A report, when
 * asked for, counts everything and says where each problem is. */
#include "internal.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

void lsr_tr_report_init(LsrTrReport *r) {
    memset(r, 0, sizeof *r);
    lsr_diags_init(&r->at_text);
    lsr_diags_init(&r->at_entry);
}

void lsr_tr_report_free(LsrTrReport *r) {
    lsr_diags_free(&r->at_text);
    lsr_diags_free(&r->at_entry);
}

/* DIR/po/LANG/NAME.po for DIR/NAME.json. */
static bool catalog_path(const char *file, const char *lang, char *buf, size_t n) {
    const char *slash = strrchr(file, '/');
    size_t dir = slash ? (size_t)(slash - file + 1) : 0;
    const char *base = file + dir;
    size_t stem = strlen(base);
    if (stem > 5 && strcmp(base + stem - 5, ".json") == 0) stem -= 5;
    int w = snprintf(buf, n, "%.*spo/%s/%.*s.po", (int)dir, file, lang, (int)stem, base);
    return w > 0 && (size_t)w < n;
}

static bool lang_ok(const char *s) {
    size_t n = strlen(s);
    if (n < 2 || n > 15) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '-' || s[i] == '_')) return false;
    return true;
}

bool lsr_tr_open(LsrTr *t, const char *file, const char *own_lang, const LsrLoadOptions *o, LsrArena *arena) {
    memset(t, 0, sizeof *t);
    t->o = o;
    if (!o || !o->lang || !o->lang[0] || (own_lang && strcmp(o->lang, own_lang) == 0)) return true;
    t->lang = o->lang;
    t->arena = arena;
    t->rep = o->report;
    char path[1024];
    struct stat st;
    if (!file || !lang_ok(o->lang) || !catalog_path(file, o->lang, path, sizeof path) || stat(path, &st) != 0)
        return true;
    if (t->rep) snprintf(t->rep->catalog, sizeof t->rep->catalog, "%s", path);
    LsrStatus s = lsr_catalog_load(path, &t->cat, t->rep ? &t->rep->at_entry : NULL);
    if (s == LSR_ERR_NOMEM) return false;
    if (s != LSR_OK) return true; /* a broken catalogue leaves the English; its errors are in the report */
    uint32_t n = lsr_catalog_count(t->cat);
    t->used = lsr_calloc(n ? n : 1, 1);
    if (!t->used) {
        lsr_catalog_free(t->cat);
        t->cat = NULL;
        return false;
    }
    return true;
}

static size_t count_of(const char *s, const char *needle) {
    size_t n = 0, k = strlen(needle);
    for (const char *p = strstr(s, needle); p; p = strstr(p + k, needle)) n++;
    return n;
}

/* The {placeholders} of s, in order, joined (for comparison). */
static void placeholders(const char *s, char *buf, size_t n) {
    size_t w = 0;
    buf[0] = '\0';
    for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
        const char *q = strchr(p, '}');
        if (!q) break;
        size_t k = (size_t)(q - p + 1);
        if (w + k + 1 >= n) break;
        memcpy(buf + w, p, k);
        w += k;
        buf[w] = '\0';
    }
}

/* Why a translation cannot stand for its English, or NULL. */
static const char *malformed(const char *en, const char *tr, char *why, size_t n) {
    char a[256], b[256];
    placeholders(en, a, sizeof a);
    placeholders(tr, b, sizeof b);
    if (strcmp(a, b) != 0) {
        snprintf(why, n, "its placeholders '%.100s' differ from the English '%.100s'", b, a);
        return why;
    }
    size_t pe = count_of(en, "\n\n"), pt = count_of(tr, "\n\n");
    if (pe != pt) {
        snprintf(why, n, "it has %zu paragraph break%s where the English has %zu", pt, pt == 1 ? "" : "s", pe);
        return why;
    }
    size_t le = strlen(en), lt = strlen(tr);
    bool en_first = le && en[0] == '\n', tr_first = lt && tr[0] == '\n';
    bool en_last = le && en[le - 1] == '\n', tr_last = lt && tr[lt - 1] == '\n';
    if (en_first != tr_first || en_last != tr_last) {
        snprintf(why, n, "it %s with a newline where the English does not, or the reverse",
                 en_first != tr_first ? "begins" : "ends");
        return why;
    }
    return NULL;
}

/* The sound translation of the text at ctx, or NULL (reported). */
static const char *lookup(LsrTr *t, const char *ctx, const char *en, int line, int col) {
    if (!en || !en[0]) return NULL;
    LsrTrReport *r = t->rep;
    if (r) r->texts++;
    uint32_t i = t->cat ? lsr_catalog_find(t->cat, ctx) : LSR_NEXT_NONE;
    if (i == LSR_NEXT_NONE) {
        if (r) {
            r->missing++;
            lsr_diag_add(&r->at_text, LSR_SEV_WARNING, "W_TR_MISSING", line, col, "", "no '%s' translation of %s",
                         t->lang, ctx);
        }
        return NULL;
    }
    t->used[i] = 1;
    LsrCatalogEntry e = lsr_catalog_entry(t->cat, i);
    if (!e.msgstr[0]) {
        if (r) {
            r->missing++;
            lsr_diag_add(&r->at_entry, LSR_SEV_WARNING, "W_TR_MISSING", e.line, 0, "", "%s is not translated yet",
                         ctx);
        }
        return NULL;
    }
    if (strcmp(e.msgid, en) != 0) {
        if (r) {
            r->stale++;
            lsr_diag_add(&r->at_entry, LSR_SEV_WARNING, "W_TR_STALE", e.line, 0, "",
                         "%s: the English has changed since this was translated (run msgmerge, then review it)", ctx);
        }
        return NULL;
    }
    if (e.fuzzy) {
        if (r) {
            r->fuzzy++;
            lsr_diag_add(&r->at_entry, LSR_SEV_WARNING, "W_TR_FUZZY", e.line, 0, "",
                         "%s is marked fuzzy: review it and remove the flag", ctx);
        }
        return NULL;
    }
    char why[320];
    if (malformed(en, e.msgstr, why, sizeof why)) {
        if (r) {
            r->malformed++;
            lsr_diag_add(&r->at_entry, LSR_SEV_WARNING, "W_TR_MALFORMED", e.line, 0, "", "%s: %s", ctx, why);
        }
        return NULL;
    }
    if (r) r->translated++;
    return e.msgstr;
}

void lsr_tr_text(LsrTr *t, const char *ctx, LsrText *text, int line, int col) {
    if (t->o && t->o->visit && text->s[0]) t->o->visit(t->o->visit_user, ctx, text->s, line);
    if (!t->lang) return;
    for (uint32_t k = 0; k < text->n_tr; k++)
        if (strcmp(text->tr[k].lang, t->lang) == 0) {
            /* written in the scenario itself: nothing for a catalogue to add */
            if (t->rep && text->s[0]) t->rep->texts++, t->rep->translated++;
            if (t->cat) {
                uint32_t i = lsr_catalog_find(t->cat, ctx);
                if (i != LSR_NEXT_NONE) t->used[i] = 1;
            }
            return;
        }
    const char *s = lookup(t, ctx, text->s, line, col);
    if (!s) return;
    LsrTrans *tr = lsr_arena_alloc(t->arena, sizeof *tr * (text->n_tr + 1));
    /* A catalogue is a file like the scenario: its text is made safe too. */
    char *copy = lsr_arena_safe_dup(t->arena, s, LSR_SAFE_MULTILINE);
    if (!tr || !copy) return; /* out of memory: the English stays */
    if (text->n_tr) memcpy(tr, text->tr, sizeof *tr * text->n_tr);
    tr[text->n_tr] = (LsrTrans){t->lang, copy};
    text->tr = tr;
    text->n_tr++;
}

void lsr_tr_plain(LsrTr *t, const char *ctx, const char **s, int line, int col) {
    if (t->o && t->o->visit && *s && (*s)[0]) t->o->visit(t->o->visit_user, ctx, *s, line);
    if (!t->lang || !*s) return;
    const char *tr = lookup(t, ctx, *s, line, col);
    char *copy = tr ? lsr_arena_safe_dup(t->arena, tr, LSR_SAFE_MULTILINE) : NULL;
    if (copy) *s = copy;
}

void lsr_tr_close(LsrTr *t) {
    if (t->cat && t->rep) {
        uint32_t n = lsr_catalog_count(t->cat);
        for (uint32_t i = 0; i < n; i++) {
            if (t->used[i]) continue;
            LsrCatalogEntry e = lsr_catalog_entry(t->cat, i);
            t->rep->unused++;
            lsr_diag_add(&t->rep->at_entry, LSR_SEV_WARNING, "W_TR_UNUSED", e.line, 0, "",
                         "no text of the scenario has the context %s (renamed or removed? run msgmerge)", e.ctx);
        }
    }
    lsr_catalog_free(t->cat);
    lsr_free(t->used);
    memset(t, 0, sizeof *t);
}
