/* Scenario loader: reads a format v1 file, validates all of it (collecting
 * every problem, not just the first), and compiles it into the immutable
 * structures of leftsr.h, all in one arena.
 *
 * Stages: size and UTF-8 checks; a strict JSON scan (syntax with precise
 * positions, nesting depth) that records where every value starts; pass 1
 * indexes every id into hash tables; pass 2 checks and compiles each
 * top-level entry, read as a cJSON-shaped tree built straight from the
 * validated text (see parse_at); graph checks (reachability, stuck steps)
 * run last.
 * A diagnostic's JSON path is looked up in the scanner's table of value
 * offsets; line starts are found only when the first diagnostic needs them. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILE_BYTES (16u * 1024u * 1024u)
#define MAX_DEPTH 64
#define MAX_STRING 65536u
#define MAX_NODES 65535u
#define MAX_CHOICES 9u
#define MAX_OUTCOMES 16u
#define MAX_VARS 1024u
#define MAX_EVENTS 4096u
#define MAX_BLOCS 64u
#define MAX_ID 63u
#define VALUE_LIMIT 1000000000.0
#define EXPR_LIMIT 9007199254740992.0 /* 2^53: larger integers are not exact in JSON numbers */
#define PATH_MAX_SEGS (MAX_DEPTH + 8)
#define NO_OFF 0xFFFFFFFFu

/* ================================================================ scanner
 * A strict JSON (RFC 8259) scanner, a little stricter than cJSON so that a
 * file it accepts always parses: numbers of at most 63 characters (cJSON's
 * buffer), no \u0000, no unpaired surrogates. It validates, and when asked,
 * records for every value the offset where it starts, the offset of its key
 * (members only) and the index just past its subtree (preorder). */

typedef struct PosNode {
    uint32_t off, next; /* where the value starts; index just past its subtree */
} PosNode;

typedef struct JsonScan {
    const char *s;
    size_t n, i;
    LsrVec *rec; /* PosNode, or NULL to only validate */
    bool oom;
    const char *code;
    size_t err_at;
    char err[200];
} JsonScan;

static void describe_at(const char *s, size_t n, size_t i, char *buf, size_t len) {
    if (i >= n) {
        snprintf(buf, len, "the end of the file");
        return;
    }
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x21 && c < 0x7F) snprintf(buf, len, "'%c'", c);
    else if (c == ' ') snprintf(buf, len, "a space");
    else if (c == '\n' || c == '\r') snprintf(buf, len, "a line break");
    else snprintf(buf, len, "byte 0x%02X", c);
}

static bool scan_fail(JsonScan *js, size_t at, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static bool scan_fail(JsonScan *js, size_t at, const char *code, const char *fmt, ...) {
    js->code = code;
    js->err_at = at;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(js->err, sizeof js->err, fmt, ap);
    va_end(ap);
    return false;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool read_hex4(const JsonScan *js, size_t at, unsigned *out) {
    if (at + 4 > js->n) return false;
    unsigned v = 0;
    for (size_t k = 0; k < 4; k++) {
        int h = hexval(js->s[at + k]);
        if (h < 0) return false;
        v = v * 16u + (unsigned)h;
    }
    *out = v;
    return true;
}

/* Index of the first '"', '\\' or control character at or after i (n if
 * none), eight bytes at a time while the bytes are plain. */
static size_t plain_run(const char *s, size_t i, size_t n) {
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (n - i >= 8) {
        uint64_t w, q, b;
        memcpy(&w, s + i, 8);
        q = w ^ (ones * '"');
        b = w ^ (ones * '\\');
        uint64_t hit = (((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20u) & ~w)) & highs;
        if (hit) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* The lowest flagged byte is exact (borrows only run upwards). */
            return i + (size_t)(__builtin_ctzll(hit) >> 3);
#else
            break;
#endif
        }
        i += 8;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\' || c < 0x20) break;
    }
    return i;
}

static bool scan_string(JsonScan *js) {
    const char *s = js->s;
    size_t n = js->n, start = js->i, i = js->i + 1;
    for (;;) {
        i = plain_run(s, i, n);
        if (i >= n) return scan_fail(js, start, "E_JSON_SYNTAX", "string is never closed with '\"'");
        unsigned char c = (unsigned char)s[i];
        if (c == '"') break;
        if (c < 0x20) {
            if (c == '\n' || c == '\r')
                return scan_fail(js, i, "E_JSON_SYNTAX",
                                 "line break inside a string; write \\n, or close the string with '\"'");
            return scan_fail(js, i, "E_JSON_SYNTAX",
                             "control character 0x%02X inside a string must be escaped", c);
        }
        if (c != '\\') {
            i++;
            continue;
        }
        if (i + 1 >= n) return scan_fail(js, start, "E_JSON_SYNTAX", "string is never closed with '\"'");
        char e = s[i + 1];
        if (strchr("\"\\/bfnrt", e) && e) {
            i += 2;
            continue;
        }
        if (e != 'u') {
            if ((unsigned char)e >= 0x21 && (unsigned char)e < 0x7F)
                return scan_fail(js, i, "E_JSON_SYNTAX", "invalid escape '\\%c' in a string", e);
            return scan_fail(js, i, "E_JSON_SYNTAX", "invalid escape in a string");
        }
        unsigned cp;
        if (!read_hex4(js, i + 2, &cp))
            return scan_fail(js, i, "E_JSON_SYNTAX", "'\\u' must be followed by four hex digits");
        if (cp == 0) return scan_fail(js, i, "E_JSON_SYNTAX", "'\\u0000' is not allowed in a string");
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            return scan_fail(js, i, "E_JSON_SYNTAX", "'\\u%04X' is an unpaired UTF-16 surrogate", cp);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned lo;
            if (i + 7 >= n || s[i + 6] != '\\' || s[i + 7] != 'u' || !read_hex4(js, i + 8, &lo) ||
                lo < 0xDC00 || lo > 0xDFFF)
                return scan_fail(js, i, "E_JSON_SYNTAX", "'\\u%04X' is an unpaired UTF-16 surrogate", cp);
            i += 12;
        } else {
            i += 6;
        }
    }
    js->i = i + 1;
    return true;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool scan_number(JsonScan *js) {
    const char *s = js->s;
    size_t n = js->n, start = js->i, i = js->i;
    if (i < n && s[i] == '-') i++;
    if (i >= n || !is_digit(s[i])) return scan_fail(js, start, "E_JSON_SYNTAX", "invalid number");
    if (s[i] == '0') {
        i++;
        if (i < n && is_digit(s[i]))
            return scan_fail(js, start, "E_JSON_SYNTAX", "numbers must not start with a leading zero");
    } else {
        while (i < n && is_digit(s[i])) i++;
    }
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !is_digit(s[i]))
            return scan_fail(js, start, "E_JSON_SYNTAX", "invalid number: a digit must follow '.'");
        while (i < n && is_digit(s[i])) i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= n || !is_digit(s[i]))
            return scan_fail(js, start, "E_JSON_SYNTAX", "invalid number: a digit must follow the exponent");
        while (i < n && is_digit(s[i])) i++;
    }
    if (i - start > 63) return scan_fail(js, start, "E_JSON_SYNTAX", "number is longer than 63 characters");
    js->i = i;
    return true;
}

static bool skip_ws(JsonScan *js) {
    const char *s = js->s;
    size_t n = js->n, i = js->i;
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
    js->i = i;
    if (i + 1 < n && s[i] == '/' && (s[i + 1] == '/' || s[i + 1] == '*'))
        return scan_fail(js, i, "E_JSON_SYNTAX",
                         "comments are not allowed in JSON; use a key starting with '_' for notes");
    return true;
}

/* Appends a node (hot: one per value, so no per-call zeroing). */
static bool rec_open(JsonScan *js, uint32_t *idx) {
    LsrVec *v = js->rec;
    if (!v) return true;
    if (v->len == v->cap) {
        /* Real files hold one value per 15-50 bytes; starting big enough
         * avoids a copy of the whole table (untouched capacity costs no RSS). */
        size_t cap = v->cap ? v->cap * 2 : js->n / 10 + 64;
        PosNode *d = lsr_realloc(v->data, cap * sizeof(PosNode));
        if (!d) {
            js->oom = true;
            return false;
        }
        v->data = d;
        v->cap = cap;
    }
    PosNode *p = (PosNode *)v->data + v->len;
    p->off = (uint32_t)js->i;
    p->next = 0;
    *idx = (uint32_t)v->len++;
    return true;
}

static void rec_close(JsonScan *js, uint32_t idx) {
    if (js->rec) LSR_VEC_AT(js->rec, PosNode, idx).next = (uint32_t)js->rec->len;
}

enum { ST_VALUE, ST_AFTER, ST_OBJ_FIRST, ST_KEY, ST_ARR_FIRST };

/* Scans the whole text. Returns false with js->code/err/err_at set on the
 * first problem, or with js->oom set when recording ran out of memory. */
static bool json_scan(JsonScan *js) {
    struct {
        uint32_t node;
        bool obj;
    } stack[MAX_DEPTH];
    int depth = 0, state = ST_VALUE;
    char what[32];
    js->i = 0;
    if (js->n >= 3 && memcmp(js->s, "\xEF\xBB\xBF", 3) == 0) js->i = 3;
    for (;;) {
        if (!skip_ws(js)) return false;
        const char *s = js->s;
        size_t n = js->n, i = js->i;
        char c = i < n ? s[i] : '\0';
        switch (state) {
        case ST_OBJ_FIRST:
            if (i < n && c == '}') goto close_container;
            state = ST_KEY;
            continue;
        case ST_ARR_FIRST:
            if (i < n && c == ']') goto close_container;
            state = ST_VALUE;
            continue;
        case ST_KEY:
            if (i >= n || c != '"') {
                describe_at(s, n, i, what, sizeof what);
                if (c == '}')
                    return scan_fail(js, i, "E_JSON_SYNTAX", "trailing comma before '}'");
                if (c == '\'')
                    return scan_fail(js, i, "E_JSON_SYNTAX", "keys must be in double quotes, not single quotes");
                return scan_fail(js, i, "E_JSON_SYNTAX", "expected a key in double quotes, found %s", what);
            }
            if (!scan_string(js)) return false;
            if (!skip_ws(js)) return false;
            if (js->i >= n || s[js->i] != ':') {
                describe_at(s, n, js->i, what, sizeof what);
                return scan_fail(js, js->i, "E_JSON_SYNTAX", "expected ':' after the key, found %s", what);
            }
            js->i++;
            state = ST_VALUE;
            continue;
        case ST_VALUE: {
            uint32_t node = 0;
            if (i < n && (c == '{' || c == '[')) {
                if (depth >= MAX_DEPTH)
                    return scan_fail(js, i, "E_TOO_DEEP", "JSON nesting is deeper than %d levels", MAX_DEPTH);
                if (!rec_open(js, &node)) return false;
                stack[depth].node = node;
                stack[depth].obj = c == '{';
                depth++;
                js->i++;
                state = c == '{' ? ST_OBJ_FIRST : ST_ARR_FIRST;
                continue;
            }
            if (!rec_open(js, &node)) return false;
            bool ok;
            if (i >= n) {
                return scan_fail(js, i, "E_JSON_SYNTAX", "unexpected end of the file; expected a value");
            } else if (c == '"') {
                ok = scan_string(js);
            } else if (c == '-' || is_digit(c)) {
                ok = scan_number(js);
            } else if (n - i >= 4 && memcmp(s + i, "true", 4) == 0) {
                js->i += 4, ok = true;
            } else if (n - i >= 5 && memcmp(s + i, "false", 5) == 0) {
                js->i += 5, ok = true;
            } else if (n - i >= 4 && memcmp(s + i, "null", 4) == 0) {
                js->i += 4, ok = true;
            } else if (c == '\'') {
                return scan_fail(js, i, "E_JSON_SYNTAX", "strings must be in double quotes, not single quotes");
            } else if (c == ']' || c == '}') {
                return scan_fail(js, i, "E_JSON_SYNTAX", "trailing comma before '%c'", c);
            } else {
                describe_at(s, n, i, what, sizeof what);
                return scan_fail(js, i, "E_JSON_SYNTAX", "expected a value, found %s", what);
            }
            if (!ok) return false;
            rec_close(js, node);
            state = ST_AFTER;
            continue;
        }
        case ST_AFTER:
            if (depth == 0) {
                if (i < n) {
                    describe_at(s, n, i, what, sizeof what);
                    return scan_fail(js, i, "E_JSON_SYNTAX", "unexpected %s after the end of the JSON value", what);
                }
                return true;
            }
            if (i < n && c == ',') {
                js->i++;
                state = stack[depth - 1].obj ? ST_KEY : ST_VALUE;
                continue;
            }
            if (i < n && c == (stack[depth - 1].obj ? '}' : ']')) goto close_container;
            describe_at(s, n, i, what, sizeof what);
            if (stack[depth - 1].obj)
                return scan_fail(js, i, "E_JSON_SYNTAX", "expected ',' or '}' after an object member, found %s", what);
            return scan_fail(js, i, "E_JSON_SYNTAX", "expected ',' or ']' after an array element, found %s", what);
        }
        continue;
    close_container:
        depth--;
        rec_close(js, stack[depth].node);
        js->i++;
        state = ST_AFTER;
    }
}

/* ================================================================= tables */

typedef enum Kind { K_VAR, K_BLOC, K_ACTOR, K_SOURCE, K_NODE, K_EVENT, K_CHOICE, K_COUNT } Kind;

static const char *const k_kind_name[K_COUNT] = {"variable", "bloc", "actor", "source",
                                                 "step",     "event", "choice"};

/* Open addressing over ids: slot holds index+1 (0 empty); ids are compared
 * through the scenario's own arrays, so a slot costs 4 bytes. */
typedef struct IdIndex {
    uint32_t *slot;
    uint32_t mask;
} IdIndex;

/* What the loader allocates: the scenario plus its id indexes. */
typedef struct LsrLoaded {
    LsrScenarioImpl impl;
    IdIndex ix[K_COUNT];
} LsrLoaded;

static const char *kind_id(const LsrScenario *sc, Kind k, uint32_t i) {
    switch (k) {
    case K_VAR: return sc->vars[i].id;
    case K_BLOC: return sc->blocs[i].id;
    case K_ACTOR: return sc->actors[i].id;
    case K_SOURCE: return sc->sources[i].id;
    case K_NODE: return i < sc->n_steps ? sc->steps[i].id : sc->endings[i - sc->n_steps].id;
    case K_EVENT: return sc->events[i].id;
    case K_CHOICE: return sc->choices[i].id;
    case K_COUNT: break;
    }
    return NULL;
}

static bool in_scope(const LsrScenario *sc, Kind k, uint32_t i, uint32_t scope) {
    if (k != K_CHOICE) return true;
    const LsrStep *st = &sc->steps[scope];
    return i >= st->choices_first && i - st->choices_first < st->n_choices;
}

static uint64_t id_hash(const char *id, uint32_t scope) {
    return lsr_hash64(id, strlen(id), 0) ^ ((uint64_t)scope * 0x9E3779B97F4A7C15ull);
}

static uint32_t ix_find(const LsrScenario *sc, const IdIndex *ix, Kind k, const char *id, uint32_t scope) {
    if (!ix->slot || !id) return LSR_NEXT_NONE;
    uint32_t h = (uint32_t)id_hash(id, scope) & ix->mask;
    for (;;) {
        uint32_t v = ix->slot[h];
        if (!v) return LSR_NEXT_NONE;
        const char *other = kind_id(sc, k, v - 1);
        if (in_scope(sc, k, v - 1, scope) && other && strcmp(other, id) == 0) return v - 1;
        h = (h + 1) & ix->mask;
    }
}

/* Inserts index i; returns the index already holding the id, or NONE. */
static uint32_t ix_insert(const LsrScenario *sc, IdIndex *ix, Kind k, uint32_t i, uint32_t scope) {
    const char *id = kind_id(sc, k, i);
    uint32_t h = (uint32_t)id_hash(id, scope) & ix->mask;
    for (;;) {
        uint32_t v = ix->slot[h];
        if (!v) {
            ix->slot[h] = i + 1;
            return LSR_NEXT_NONE;
        }
        const char *other = kind_id(sc, k, v - 1);
        if (in_scope(sc, k, v - 1, scope) && other && strcmp(other, id) == 0) return v - 1;
        h = (h + 1) & ix->mask;
    }
}

/* ================================================================= loader */

/* One step of a JSON path. Members found through cJSON carry parent and
 * item (their ordinal among the members is counted only when a position is
 * needed); members found in the position table carry their ordinal. */
typedef struct Seg {
    const cJSON *parent, *item;
    const char *key; /* NULL for an array index */
    uint32_t idx;    /* array index, or member ordinal when item is NULL */
} Seg;

typedef struct KeySpec {
    const char *name;
    bool required;
} KeySpec;

typedef struct Loader {
    const char *name, *src;
    size_t len;
    LsrDiagList *d;
    size_t diag_start, errors;
    bool oom;
    /* the JSON path of the value being checked */
    Seg path[PATH_MAX_SEGS];
    uint32_t depth;
    /* positions, built when the first diagnostic needs them */
    bool pos_tried, pos_ok;
    LsrVec pos, lines;
    /* output */
    LsrArena *arena;
    LsrLoaded *out;
    LsrScenario *sc;
    LsrVar *vars;
    LsrBloc *blocs;
    LsrActor *actors;
    LsrSource *sources;
    LsrStep *steps;
    LsrEnding *endings;
    LsrEvent *events;
    LsrChoice *choices;
    LsrOutcome *outcomes;
    uint32_t *step_flag, *choice_flag;
    uint32_t n_flags;
    LsrVec nodes, kids, effects, positions, srcrefs;
    struct TreeChunk *tree; /* the current entry's tree (see parse_at) */
    uint32_t false_node;
    const char *lang;
    LsrDate pstart, pend;
    bool period_ok;
    int format_minor;
    bool graph_broken, used_end;
    uint32_t n_suggested;          /* "did you mean" searches so far */
    LsrGlossary *glossary;
    LsrText *goals;
    uint32_t n_hist_endings;
    const char *first_hist;
    uint32_t kcache_node[256];
    int64_t kcache_val[256];
    char clip[4][80];
    unsigned clip_next;
    char what[128];
} Loader;

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

static bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

/* The opening quote of the key of the member whose value starts at voff
 * (in validated JSON: whitespace, ':', whitespace, then the key string),
 * or NO_OFF for array elements and the root. */
static uint32_t key_span(const char *s, uint32_t voff, uint32_t *close) {
    size_t i = voff;
    while (i > 0 && is_ws(s[i - 1])) i--;
    if (i == 0 || s[i - 1] != ':') return NO_OFF;
    i--;
    while (i > 0 && is_ws(s[i - 1])) i--;
    if (i < 2) return NO_OFF;
    *close = (uint32_t)(i - 1);
    /* s[i-1] closes the key; the opening quote is the first earlier '"'
     * preceded by an even number of backslashes. */
    for (size_t p = i - 1; p-- > 0;) {
        if (s[p] != '"') continue;
        size_t bs = 0;
        while (p > bs && s[p - 1 - bs] == '\\') bs++;
        if (bs % 2 == 0) return (uint32_t)p;
    }
    return NO_OFF;
}

static uint32_t key_offset(const char *s, uint32_t voff) {
    uint32_t close;
    return key_span(s, voff, &close);
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
        uint32_t ko = key_offset(L->src, o);
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
static const char *clip(Loader *L, const char *s) {
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

#if defined(__GNUC__)
#define LSR_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define LSR_PRINTF(a, b)
#endif

static void err(Loader *L, const char *code, const char *fmt, ...) LSR_PRINTF(3, 4);
static void err(Loader *L, const char *code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emitv(L, LSR_SEV_ERROR, code, false, fmt, ap);
    va_end(ap);
}

static void warn(Loader *L, const char *code, const char *fmt, ...) LSR_PRINTF(3, 4);
static void warn(Loader *L, const char *code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emitv(L, LSR_SEV_WARNING, code, false, fmt, ap);
    va_end(ap);
}

static void err_key(Loader *L, LsrSeverity sev, const char *code, const char *fmt, ...) LSR_PRINTF(4, 5);
static void err_key(Loader *L, LsrSeverity sev, const char *code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    emitv(L, sev, code, true, fmt, ap);
    va_end(ap);
}

/* Diagnostics at a fixed position (no JSON path), before parsing. */
static void err_at_offset(Loader *L, const char *code, size_t off, const char *fmt, ...) LSR_PRINTF(4, 5);
static void err_at_offset(Loader *L, const char *code, size_t off, const char *fmt, ...) {
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

static void push_key(Loader *L, const cJSON *parent, const cJSON *item) {
    if (L->depth >= PATH_MAX_SEGS) return;
    Seg *sg = &L->path[L->depth++];
    sg->parent = parent;
    sg->item = item;
    sg->idx = 0;
    sg->key = item->string ? item->string : "";
}

static void push_named(Loader *L, const char *key, uint32_t ord) {
    if (L->depth >= PATH_MAX_SEGS) return;
    Seg *sg = &L->path[L->depth++];
    sg->parent = sg->item = NULL;
    sg->idx = ord;
    sg->key = key;
}

static void push_idx(Loader *L, const cJSON *parent, uint32_t idx) {
    if (L->depth >= PATH_MAX_SEGS) return;
    Seg *sg = &L->path[L->depth++];
    sg->parent = parent;
    sg->item = NULL;
    sg->idx = idx;
    sg->key = NULL;
}

static void pop(Loader *L) {
    if (L->depth) L->depth--;
}

/* "'title'" for a member, "entry 2 of 'goals'" for an array element. */
static const char *what(Loader *L) {
    if (!L->depth) {
        snprintf(L->what, sizeof L->what, "the file");
        return L->what;
    }
    const Seg *sg = &L->path[L->depth - 1];
    if (sg->key) {
        snprintf(L->what, sizeof L->what, "'%s'", clip(L, sg->key));
    } else if (L->depth >= 2 && L->path[L->depth - 2].key) {
        snprintf(L->what, sizeof L->what, "entry %u of '%s'", (unsigned)sg->idx,
                 clip(L, L->path[L->depth - 2].key));
    } else {
        snprintf(L->what, sizeof L->what, "entry %u", (unsigned)sg->idx);
    }
    return L->what;
}

static const char *jtype(const cJSON *v) {
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsNumber(v)) return "a number";
    if (cJSON_IsObject(v)) return "an object";
    if (cJSON_IsArray(v)) return "an array";
    if (cJSON_IsTrue(v)) return "true";
    if (cJSON_IsFalse(v)) return "false";
    return "null";
}

/* `_` keys are comments; `$schema` points editors at scenarios/schema.json. */
static bool is_comment_key(const char *k) { return k && (k[0] == '_' || strcmp(k, "$schema") == 0); }

/* ------------------------------------------------------------- "did you mean" */

static size_t suggest_cap(const char *s) {
    size_t n = strlen(s);
    return n < 3 ? 1 : n < 9 ? 2 : 3;
}

static const char *best_word(const char *word, const char *const *cands, size_t n) {
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
static const char *suggest_id(Loader *L, Kind k, uint32_t scope, const char *word, uint32_t *which) {
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
        const char *id = kind_id(sc, k, i);
        if (!id) continue;
        size_t dd = lsr_edit_distance(word, id, cap);
        if (dd < best) {
            best = dd, pick = id;
            if (which) *which = i;
        }
    }
    return pick;
}

/* ------------------------------------------------------------ allocation */

static void *aalloc(Loader *L, size_t n) {
    if (L->oom) return NULL;
    void *p = lsr_arena_alloc(L->arena, n ? n : 1);
    if (!p) L->oom = true;
    return p;
}

static void *aarray(Loader *L, size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) {
        L->oom = true;
        return NULL;
    }
    return aalloc(L, count * size);
}

static const char *adup(Loader *L, const char *s) {
    if (L->oom) return "";
    char *p = lsr_arena_strdup(L->arena, s);
    if (!p) {
        L->oom = true;
        return "";
    }
    return p;
}

static void *vpush(Loader *L, LsrVec *v) {
    if (L->oom) return NULL;
    void *p = lsr_vec_push(v);
    if (!p) L->oom = true;
    return p;
}

static uint32_t new_node(Loader *L, uint8_t op) {
    LsrNode *nd = vpush(L, &L->nodes);
    if (!nd) return 0;
    nd->op = op;
    return (uint32_t)(L->nodes.len - 1);
}

static LsrNode *node_at(Loader *L, uint32_t i) { return &LSR_VEC_AT(&L->nodes, LsrNode, i); }

/* ---------------------------------------------------------------- keys */

/* Reports key (the current path) as unknown in `desc`, with the closest
 * valid key; a warning in files of a newer minor version. */
static void unknown_key(Loader *L, const char *key, const char *desc, const KeySpec *spec, size_t n) {
    const char *cands[40];
    size_t nc = n < 40 ? n : 40;
    for (size_t k = 0; k < nc; k++) cands[k] = spec[k].name;
    const char *dym = best_word(key, cands, nc);
    bool newer = L->format_minor > LSR_FORMAT_MINOR;
    LsrSeverity sev = newer ? LSR_SEV_WARNING : LSR_SEV_ERROR;
    const char *code = newer ? "W_UNKNOWN_KEY" : "E_UNKNOWN_KEY";
    if (dym)
        err_key(L, sev, code, "unknown key '%s' in %s; did you mean '%s'?", clip(L, key), desc, dym);
    else
        err_key(L, sev, code, "unknown key '%s' in %s", clip(L, key), desc);
}

/* Checks the members of obj (the current path) against spec: reports
 * unknown keys (with a "did you mean"), repeated keys and missing required
 * ones; val[i] receives the member for spec[i] or NULL. `desc` names the
 * object in messages ("step 'walkout'"). */
static void get_keys(Loader *L, const cJSON *obj, const char *desc, const KeySpec *spec, size_t n,
                     const cJSON **val) {
    for (size_t i = 0; i < n; i++) val[i] = NULL;
    size_t hint = 0; /* members usually come in spec order: start after the last match */
    for (const cJSON *m = obj->child; m; m = m->next) {
        if (is_comment_key(m->string)) continue;
        size_t i = n;
        for (size_t t = 0, c = hint; t < n; t++, c = c + 1 < n ? c + 1 : 0)
            if (spec[c].name[0] == m->string[0] && strcmp(spec[c].name, m->string) == 0) {
                i = c;
                hint = c + 1 < n ? c + 1 : 0;
                break;
            }
        push_key(L, obj, m);
        if (i == n) {
            unknown_key(L, m->string, desc, spec, n);
        } else if (val[i]) {
            err_key(L, LSR_SEV_ERROR, "E_DUPLICATE_KEY", "key '%s' appears more than once in %s", spec[i].name,
                    desc);
        } else {
            val[i] = m;
        }
        pop(L);
    }
    for (size_t i = 0; i < n; i++)
        if (spec[i].required && !val[i]) err(L, "E_MISSING_KEY", "%s is missing required key '%s'", desc, spec[i].name);
}

/* "step 'walkout'" when the object has a string id, else "this step". */
static const char *describe(Loader *L, char *buf, size_t n, const char *kind, const cJSON *obj) {
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
    /* snprintf's "%s '%s'" / "this %s" without its cost (one per object) */
    const char *parts[4] = {"this ", kind, "", ""};
    if (cJSON_IsString(id) && id->valuestring[0])
        parts[0] = kind, parts[1] = " '", parts[2] = clip(L, id->valuestring), parts[3] = "'";
    size_t w = 0;
    for (int k = 0; k < 4; k++)
        for (const char *p = parts[k]; *p && w + 1 < n; p++) buf[w++] = *p;
    if (n) buf[w] = '\0';
    return buf;
}

/* ---------------------------------------------------------- typed values
 * Each helper checks the value at the current path (the caller pushed it). */

static bool check_len(Loader *L, const char *s) {
    size_t n = strlen(s);
    if (n > MAX_STRING) {
        err(L, "E_LIMIT", "%s is %zu bytes long; the limit is 65536", what(L), n);
        return false;
    }
    return true;
}

static const char *v_string(Loader *L, const cJSON *v, bool nonempty) {
    if (!cJSON_IsString(v)) {
        err(L, "E_TYPE", "%s must be a string, not %s", what(L), jtype(v));
        return NULL;
    }
    if (!check_len(L, v->valuestring)) return NULL;
    if (nonempty && !v->valuestring[0]) {
        err(L, "E_TYPE", "%s must not be empty", what(L));
        return NULL;
    }
    return v->valuestring;
}

static bool v_int(Loader *L, const cJSON *v, double lo, double hi, int64_t *out) {
    if (!cJSON_IsNumber(v)) {
        err(L, "E_TYPE", "%s must be an integer, not %s", what(L), jtype(v));
        return false;
    }
    double x = v->valuedouble;
    if (x < lo || x > hi) {
        err(L, "E_RANGE", "%s is %.17g; it must be between %.0f and %.0f", what(L), x, lo, hi);
        return false;
    }
    if (x != floor(x)) {
        err(L, "E_TYPE", "%s must be an integer, not %.17g", what(L), x);
        return false;
    }
    *out = (int64_t)x;
    return true;
}

static bool v_bool(Loader *L, const cJSON *v, bool *out) {
    if (!cJSON_IsBool(v)) {
        err(L, "E_TYPE", "%s must be true or false, not %s", what(L), jtype(v));
        return false;
    }
    *out = cJSON_IsTrue(v);
    return true;
}

static bool v_array(Loader *L, const cJSON *v) {
    if (!cJSON_IsArray(v)) {
        err(L, "E_TYPE", "%s must be an array, not %s", what(L), jtype(v));
        return false;
    }
    return true;
}

static bool v_object(Loader *L, const cJSON *v) {
    if (!cJSON_IsObject(v)) {
        err(L, "E_TYPE", "%s must be an object, not %s", what(L), jtype(v));
        return false;
    }
    return true;
}

/* One of a fixed set of words; returns its index or -1. */
static int v_word(Loader *L, const cJSON *v, const char *const *words, size_t n) {
    if (!cJSON_IsString(v)) {
        err(L, "E_TYPE", "%s must be a string, not %s", what(L), jtype(v));
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(v->valuestring, words[i]) == 0) return (int)i;
    char list[160];
    size_t w = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n && w < sizeof list; i++) {
        int r = snprintf(list + w, sizeof list - w, "%s'%s'", i == 0 ? "" : i + 1 == n ? " or " : ", ", words[i]);
        if (r > 0) w += (size_t)r;
    }
    const char *dym = best_word(v->valuestring, words, n);
    if (dym)
        err(L, "E_BAD_VALUE", "%s is '%s'; it must be %s; did you mean '%s'?", what(L), clip(L, v->valuestring), list,
            dym);
    else
        err(L, "E_BAD_VALUE", "%s is '%s'; it must be %s", what(L), clip(L, v->valuestring), list);
    return -1;
}

static bool valid_id(const char *s) {
    size_t n = strlen(s);
    if (n < 1 || n > MAX_ID || s[0] < 'a' || s[0] > 'z') return false;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    }
    return true;
}

static bool valid_lang(const char *s) {
    size_t i = 0;
    while (s[i] >= 'a' && s[i] <= 'z') i++;
    if (i < 2 || i > 3) return false;
    while (s[i] == '-') {
        size_t k = ++i;
        while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')) i++;
        if (i - k < 2 || i - k > 8) return false;
    }
    return s[i] == '\0';
}

static void v_text(Loader *L, const cJSON *v, LsrText *out) {
    out->s = "";
    if (cJSON_IsString(v)) {
        if (check_len(L, v->valuestring)) out->s = adup(L, v->valuestring);
        return;
    }
    if (!cJSON_IsObject(v)) {
        err(L, "E_BAD_TEXT", "%s must be text (a string, or an object keyed by language code), not %s", what(L),
            jtype(v));
        return;
    }
    uint32_t n = 0;
    for (const cJSON *m = v->child; m; m = m->next)
        if (!is_comment_key(m->string)) n++;
    LsrTrans *tr = n > 1 ? aarray(L, n - 1, sizeof *tr) : NULL;
    uint32_t ntr = 0;
    bool have_default = false;
    for (const cJSON *m = v->child; m; m = m->next) {
        if (is_comment_key(m->string)) continue;
        push_key(L, v, m);
        bool dup = false;
        for (const cJSON *p = v->child; p != m; p = p->next)
            if (strcmp(p->string, m->string) == 0) dup = true;
        if (dup) {
            err_key(L, LSR_SEV_ERROR, "E_DUPLICATE_KEY", "language '%s' appears more than once in this text",
                    clip(L, m->string));
        } else if (!valid_lang(m->string)) {
            err_key(L, LSR_SEV_ERROR, "E_BAD_TEXT", "'%s' is not a language code such as 'en', 'ru' or 'pt-BR'",
                    clip(L, m->string));
        } else if (!cJSON_IsString(m)) {
            err(L, "E_BAD_TEXT", "the '%s' translation must be a string, not %s", clip(L, m->string), jtype(m));
        } else if (check_len(L, m->valuestring)) {
            if (strcmp(m->string, L->lang) == 0) {
                have_default = true;
                out->s = adup(L, m->valuestring);
            } else if (tr && ntr < n - 1) {
                tr[ntr].lang = adup(L, m->string);
                tr[ntr].s = adup(L, m->valuestring);
                ntr++;
            }
        }
        pop(L);
    }
    if (!have_default)
        err(L, "E_BAD_TEXT", "%s has no '%s' entry; a text object must contain the scenario's default language",
            what(L), clip(L, L->lang));
    out->tr = tr;
    out->n_tr = ntr;
}

/* A text value that must not be empty (history notes). */
static bool text_empty(const LsrText *t) { return !t->s || !t->s[0]; }

static bool v_date(Loader *L, const cJSON *v, LsrDate *out) {
    if (!cJSON_IsString(v)) {
        err(L, "E_BAD_DATE", "%s must be a date written \"YYYY-MM-DD\", not %s", what(L), jtype(v));
        return false;
    }
    if (!lsr_date_parse(v->valuestring, out)) {
        err(L, "E_BAD_DATE", "'%s' is not a valid date; write a real calendar date as YYYY-MM-DD",
            clip(L, v->valuestring));
        return false;
    }
    return true;
}

/* Member helpers: push the member, run a check, pop. */
#define WITH(L, obj, v, ...) \
    do {                     \
        push_key(L, obj, v); \
        __VA_ARGS__;         \
        pop(L);              \
    } while (0)

/* ---------------------------------------------------------- references */

static uint32_t find_ref(Loader *L, Kind k, const char *id, uint32_t scope) {
    LsrLoaded *lo = L->out;
    return ix_find(L->sc, &lo->ix[k], k, id, scope);
}

static void unknown_ref(Loader *L, Kind k, uint32_t scope, const char *id, const char *in) {
    uint32_t which = 0;
    /* Each suggestion scans every id: only for the first few bad references,
     * so a file full of them cannot make loading quadratic. */
    const char *dym = L->n_suggested++ < 64 ? suggest_id(L, k, scope, id, &which) : NULL;
    const char *kname = k_kind_name[k];
    if (k == K_NODE) kname = dym && which >= L->sc->n_steps ? "ending" : "step";
    if (dym)
        err(L, "E_UNKNOWN_REF", "%s '%s' does not exist%s; did you mean '%s'?", kname, clip(L, id), in, dym);
    else
        err(L, "E_UNKNOWN_REF", "%s '%s' does not exist%s", kname, clip(L, id), in);
}

/* A reference by id to a thing of kind k (value at the current path). */
static uint32_t v_ref(Loader *L, const cJSON *v, Kind k) {
    if (!cJSON_IsString(v)) {
        err(L, "E_TYPE", "%s must be the id of a %s (a string), not %s", what(L), k_kind_name[k], jtype(v));
        return LSR_NEXT_NONE;
    }
    uint32_t i = find_ref(L, k, v->valuestring, 0);
    if (i == LSR_NEXT_NONE) unknown_ref(L, k, 0, v->valuestring, "");
    return i;
}

/* A `next` target: a step, an ending or "end". */
static uint32_t v_next(Loader *L, const cJSON *v) {
    if (!cJSON_IsString(v)) {
        err(L, "E_TYPE", "%s must be a step id, an ending id or \"end\", not %s", what(L), jtype(v));
        L->graph_broken = true;
        return LSR_NEXT_NONE;
    }
    if (strcmp(v->valuestring, "end") == 0) {
        L->used_end = true;
        return LSR_NEXT_END;
    }
    uint32_t i = find_ref(L, K_NODE, v->valuestring, 0);
    if (i == LSR_NEXT_NONE) {
        unknown_ref(L, K_NODE, 0, v->valuestring, "");
        L->graph_broken = true;
    }
    return i;
}

/* A reference that must name a step (not an ending). */
static uint32_t v_step_ref(Loader *L, const cJSON *v) {
    if (!cJSON_IsString(v)) {
        err(L, "E_TYPE", "%s must be the id of a step (a string), not %s", what(L), jtype(v));
        return LSR_NEXT_NONE;
    }
    uint32_t i = find_ref(L, K_NODE, v->valuestring, 0);
    if (i == LSR_NEXT_NONE) {
        unknown_ref(L, K_NODE, 0, v->valuestring, "");
        return i;
    }
    if (i >= L->sc->n_steps) {
        err(L, "E_UNKNOWN_REF", "'%s' is an ending, not a step", clip(L, v->valuestring));
        return LSR_NEXT_NONE;
    }
    return i;
}

/* ------------------------------------------------------ expressions */

static const char *const k_expr_ops[] = {"var", "add", "sub", "mul", "div", "min", "max"};
static const uint8_t k_expr_node[] = {LSR_N_VAR, LSR_N_ADD, LSR_N_SUB, LSR_N_MUL, LSR_N_DIV, LSR_N_MIN, LSR_N_MAX};

/* The single non-comment member of an object, or NULL (reporting why). */
static const cJSON *only_member(Loader *L, const cJSON *v, const char *kind, const char *const *ops, size_t nops,
                                const char *code) {
    const cJSON *found = NULL;
    size_t n = 0;
    for (const cJSON *m = v->child; m; m = m->next) {
        if (is_comment_key(m->string)) continue;
        n++;
        if (!found) found = m;
    }
    if (n == 0) {
        err(L, code, "%s is an empty object; it needs one of the %s forms", what(L), kind);
        return NULL;
    }
    if (n > 1) {
        err(L, code, "%s has %zu keys; a %s object has exactly one (e.g. '%s')", what(L), n, kind, ops[0]);
        return NULL;
    }
    return found;
}

static int op_index(const char *k, const char *const *ops, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(k, ops[i]) == 0) return (int)i;
    return -1;
}

static void unknown_form_key(Loader *L, const cJSON *obj, const cJSON *m, const char *kind, const char *const *ops,
                             size_t n) {
    push_key(L, obj, m);
    const char *dym = best_word(m->string, ops, n);
    if (dym)
        err_key(L, LSR_SEV_ERROR, "E_UNKNOWN_KEY", "unknown key '%s' in %s; did you mean '%s'?", clip(L, m->string),
                kind, dym);
    else
        err_key(L, LSR_SEV_ERROR, "E_UNKNOWN_KEY", "unknown key '%s' in %s", clip(L, m->string), kind);
    pop(L);
}

/* Reserves n contiguous kid slots, returning the first. */
static uint32_t reserve_kids(Loader *L, uint32_t n) {
    uint32_t first = (uint32_t)L->kids.len;
    for (uint32_t i = 0; i < n; i++)
        if (!vpush(L, &L->kids)) return first;
    return first;
}

static LsrExpr v_expr(Loader *L, const cJSON *v);

static LsrExpr expr_list(Loader *L, const cJSON *m, uint8_t op, bool two) {
    if (!cJSON_IsArray(m)) {
        err(L, "E_EXPR", "'%s' takes an array of numbers, not %s", m->string, jtype(m));
        return 0;
    }
    uint32_t n = (uint32_t)cJSON_GetArraySize(m);
    if (two ? n != 2 : n < 1) {
        err(L, "E_EXPR", "'%s' takes %s, not %u", m->string, two ? "exactly 2 operands" : "at least 1 operand",
            (unsigned)n);
        return 0;
    }
    uint32_t first = reserve_kids(L, n), i = 0;
    for (const cJSON *e = m->child; e && !L->oom; e = e->next, i++) {
        push_idx(L, m, i);
        LsrExpr k = v_expr(L, e);
        pop(L);
        if (!L->oom) LSR_VEC_AT(&L->kids, uint32_t, first + i) = k;
    }
    uint32_t nd = new_node(L, op);
    if (L->oom) return 0;
    node_at(L, nd)->a = first;
    node_at(L, nd)->b = n;
    return nd;
}

static LsrExpr v_expr(Loader *L, const cJSON *v) {
    if (L->oom) return 0;
    if (cJSON_IsNumber(v)) {
        double x = v->valuedouble;
        if (x != floor(x)) {
            err(L, "E_EXPR", "%s is %.17g; numbers in scenarios are integers", what(L), x);
            return 0;
        }
        if (x < -EXPR_LIMIT || x > EXPR_LIMIT) {
            err(L, "E_RANGE", "%s is %.17g; integers must lie within +-2^53", what(L), x);
            return 0;
        }
        /* A literal gets its own node even for 0: expression 0 means "absent"
         * where an expression is optional (vote seat overrides). */
        /* Constants repeat a lot (effect values): share their nodes. */
        int64_t kv = (int64_t)x;
        size_t slot = (size_t)((uint64_t)kv * 0x9E3779B97F4A7C15ull >> 56);
        if (L->kcache_node[slot] && L->kcache_val[slot] == kv) return L->kcache_node[slot];
        uint32_t nd = new_node(L, LSR_N_CONST);
        if (!L->oom) {
            node_at(L, nd)->k = kv;
            L->kcache_node[slot] = nd;
            L->kcache_val[slot] = kv;
        }
        return nd;
    }
    if (!cJSON_IsObject(v)) {
        err(L, "E_EXPR", "%s must be a number: an integer or an object such as {\"var\": \"trust\"}, not %s",
            what(L), jtype(v));
        return 0;
    }
    size_t nops = sizeof k_expr_ops / sizeof k_expr_ops[0];
    for (const cJSON *m = v->child; m; m = m->next)
        if (!is_comment_key(m->string) && op_index(m->string, k_expr_ops, nops) < 0) {
            unknown_form_key(L, v, m, "a number expression", k_expr_ops, nops);
            return 0;
        }
    const cJSON *m = only_member(L, v, "number expression", k_expr_ops, nops, "E_EXPR");
    if (!m) return 0;
    int op = op_index(m->string, k_expr_ops, nops);
    LsrExpr r = 0;
    push_key(L, v, m);
    if (op == 0) {
        uint32_t var = v_ref(L, m, K_VAR);
        if (var != LSR_NEXT_NONE) {
            r = new_node(L, LSR_N_VAR);
            if (!L->oom) node_at(L, r)->a = var;
        }
    } else {
        r = expr_list(L, m, k_expr_node[op], op == 2 || op == 4);
    }
    pop(L);
    return r;
}

/* ------------------------------------------------------- conditions */

static const char *const k_cond_keys[] = {"var", "all", "any", "not", "visited", "chose", "fired",
                                          "eq",  "ne",  "lt",  "lte", "gt",      "gte",   "choice"};

static LsrCond v_cond(Loader *L, const cJSON *v);

static uint32_t flag_for_step(Loader *L, uint32_t step) {
    if (L->step_flag[step] == LSR_NEXT_NONE) L->step_flag[step] = L->n_flags++;
    return L->step_flag[step];
}

static uint32_t flag_for_choice(Loader *L, uint32_t g) {
    if (L->choice_flag[g] == LSR_NEXT_NONE) L->choice_flag[g] = L->n_flags++;
    return L->choice_flag[g];
}

static LsrCond cond_false(Loader *L) {
    if (!L->false_node) L->false_node = new_node(L, LSR_C_FALSE);
    return L->false_node;
}

static LsrCond cond_list(Loader *L, const cJSON *m, uint8_t op) {
    if (!cJSON_IsArray(m)) {
        err(L, "E_COND", "'%s' takes an array of conditions, not %s", m->string, jtype(m));
        return 0;
    }
    uint32_t n = (uint32_t)cJSON_GetArraySize(m);
    if (n == 0) {
        err(L, "E_COND", "'%s' needs at least one condition", m->string);
        return 0;
    }
    uint32_t first = reserve_kids(L, n), i = 0;
    for (const cJSON *e = m->child; e && !L->oom; e = e->next, i++) {
        push_idx(L, m, i);
        LsrCond k = v_cond(L, e);
        pop(L);
        if (!L->oom) LSR_VEC_AT(&L->kids, uint32_t, first + i) = k;
    }
    uint32_t nd = new_node(L, op);
    if (L->oom) return 0;
    node_at(L, nd)->a = first;
    node_at(L, nd)->b = n;
    return nd;
}

static LsrCond v_cond(Loader *L, const cJSON *v) {
    if (L->oom) return 0;
    if (cJSON_IsTrue(v)) return 0;
    if (cJSON_IsFalse(v)) return cond_false(L);
    if (!cJSON_IsObject(v)) {
        err(L, "E_COND", "%s must be a condition: true, false or an object such as {\"var\": \"trust\", \"gte\": 50}, "
                         "not %s",
            what(L), jtype(v));
        return 0;
    }
    const cJSON *var = NULL, *form = NULL, *cmp = NULL, *choice = NULL;
    int cmp_op = -1;
    size_t nkeys = sizeof k_cond_keys / sizeof k_cond_keys[0];
    bool bad = false;
    for (const cJSON *m = v->child; m; m = m->next) {
        if (is_comment_key(m->string)) continue;
        int k = op_index(m->string, k_cond_keys, nkeys);
        if (k < 0) {
            unknown_form_key(L, v, m, "a condition", k_cond_keys, nkeys);
            bad = true;
        } else if (k == 0) {
            var = m;
        } else if (k >= 7 && k <= 12) {
            if (cmp) {
                push_key(L, v, m);
                err_key(L, LSR_SEV_ERROR, "E_COND", "a comparison takes one operator; '%s' and '%s' are both given",
                        cmp->string, m->string);
                pop(L);
                bad = true;
            }
            cmp = m, cmp_op = k - 7;
        } else if (k == 13) {
            choice = m;
        } else {
            if (form) {
                push_key(L, v, m);
                err_key(L, LSR_SEV_ERROR, "E_COND",
                        "a condition object has one form; '%s' and '%s' are both given (combine them with 'all')",
                        form->string, m->string);
                pop(L);
                bad = true;
            }
            form = m;
        }
    }
    if (bad) return 0;
    if (var && form) {
        err(L, "E_COND", "a condition object has one form; 'var' and '%s' are both given (combine them with 'all')",
            form->string);
        return 0;
    }
    if (var) {
        if (choice) {
            err(L, "E_COND", "'choice' belongs with 'chose', not with a comparison of 'var'");
            return 0;
        }
        if (!cmp) {
            err(L, "E_COND", "comparison of 'var' needs one of 'eq', 'ne', 'lt', 'lte', 'gt' or 'gte'");
            return 0;
        }
        uint32_t vi;
        WITH(L, v, var, vi = v_ref(L, var, K_VAR));
        LsrExpr rhs;
        WITH(L, v, cmp, rhs = v_expr(L, cmp));
        if (vi == LSR_NEXT_NONE || L->oom) return 0;
        uint32_t nd = new_node(L, LSR_C_CMP);
        if (L->oom) return 0;
        LsrNode *p = node_at(L, nd);
        p->a = vi;
        p->b = rhs;
        p->cmp = (uint8_t)cmp_op;
        return nd;
    }
    if (cmp) {
        push_key(L, v, cmp);
        err_key(L, LSR_SEV_ERROR, "E_COND", "'%s' compares a variable; add \"var\": \"...\" to say which",
                cmp->string);
        pop(L);
        return 0;
    }
    if (!form) {
        if (choice) err(L, "E_COND", "'choice' needs 'chose' naming the step");
        else err(L, "E_COND", "%s is an empty condition; use true, or a form such as {\"var\": ..., \"gte\": ...}", what(L));
        return 0;
    }
    const char *f = form->string;
    if (choice && strcmp(f, "chose") != 0) {
        err(L, "E_COND", "'choice' belongs with 'chose', not with '%s'", f);
        return 0;
    }
    LsrCond r = 0;
    push_key(L, v, form);
    if (strcmp(f, "all") == 0) {
        r = cond_list(L, form, LSR_C_ALL);
    } else if (strcmp(f, "any") == 0) {
        r = cond_list(L, form, LSR_C_ANY);
    } else if (strcmp(f, "not") == 0) {
        LsrCond inner = v_cond(L, form);
        r = new_node(L, LSR_C_NOT);
        if (!L->oom) node_at(L, r)->a = inner;
    } else if (strcmp(f, "visited") == 0) {
        uint32_t st = v_step_ref(L, form);
        if (st != LSR_NEXT_NONE) {
            r = new_node(L, LSR_C_FLAG);
            if (!L->oom) node_at(L, r)->a = flag_for_step(L, st);
        }
    } else if (strcmp(f, "fired") == 0) {
        uint32_t ev = v_ref(L, form, K_EVENT);
        if (ev != LSR_NEXT_NONE) {
            r = new_node(L, LSR_C_FIRED);
            if (!L->oom) node_at(L, r)->a = ev;
        }
    } else { /* chose */
        uint32_t st = v_step_ref(L, form);
        pop(L);
        if (!choice) {
            err(L, "E_MISSING_KEY", "'chose' needs 'choice' naming the choice taken at that step");
            return 0;
        }
        push_key(L, v, choice);
        if (!cJSON_IsString(choice)) {
            err(L, "E_TYPE", "'choice' must be the id of a choice (a string), not %s", jtype(choice));
        } else if (st != LSR_NEXT_NONE) {
            if (L->steps[st].type != LSR_STEP_DECISION) {
                err(L, "E_UNKNOWN_REF", "step '%s' is a vote; it has no choices", L->steps[st].id);
            } else {
                uint32_t g = find_ref(L, K_CHOICE, choice->valuestring, st);
                if (g == LSR_NEXT_NONE) {
                    char in[120];
                    snprintf(in, sizeof in, " in step '%s'", L->steps[st].id);
                    unknown_ref(L, K_CHOICE, st, choice->valuestring, in);
                } else {
                    r = new_node(L, LSR_C_FLAG);
                    if (!L->oom) node_at(L, r)->a = flag_for_choice(L, g);
                }
            }
        }
    }
    pop(L);
    return r;
}

/* ---------------------------------------------------------- effects */

static const KeySpec k_effect_keys[] = {{"set", false}, {"add", false}, {"value", true}};

static void v_effects(Loader *L, const cJSON *v, uint32_t *first, uint32_t *count) {
    *first = (uint32_t)L->effects.len;
    *count = 0;
    if (!v_array(L, v)) return;
    uint32_t i = 0;
    for (const cJSON *e = v->child; e && !L->oom; e = e->next, i++) {
        push_idx(L, v, i);
        if (v_object(L, e)) {
            const cJSON *k[3];
            get_keys(L, e, "effect", k_effect_keys, 3, k);
            const cJSON *target = k[0] ? k[0] : k[1];
            if (k[0] && k[1]) {
                err(L, "E_EFFECT", "an effect has one of 'set' and 'add', not both");
            } else if (!target) {
                err(L, "E_EFFECT", "an effect needs 'set' or 'add' naming the variable it changes");
            } else {
                uint32_t var;
                WITH(L, e, target, var = v_ref(L, target, K_VAR));
                LsrExpr val = 0;
                if (k[2]) WITH(L, e, k[2], val = v_expr(L, k[2]));
                LsrEffect *ef = vpush(L, &L->effects);
                if (ef) {
                    ef->kind = k[0] ? LSR_EFF_SET : LSR_EFF_ADD;
                    ef->var = var;
                    ef->value = val;
                }
            }
        }
        pop(L);
    }
    *count = (uint32_t)L->effects.len - *first;
}

/* History sources: an array of ≥1 source ids into srcrefs. */
static void v_sources(Loader *L, const cJSON *obj, const cJSON *v, uint32_t *first, uint32_t *count) {
    *first = (uint32_t)L->srcrefs.len;
    *count = 0;
    if (!v) {
        err(L, "E_NO_SOURCE", "this history cites no source; add \"sources\": [\"source-id\", ...]");
        return;
    }
    push_key(L, obj, v);
    if (v_array(L, v)) {
        if (!v->child) err(L, "E_NO_SOURCE", "'sources' is empty; a history must cite at least one source");
        uint32_t i = 0;
        for (const cJSON *e = v->child; e && !L->oom; e = e->next, i++) {
            push_idx(L, v, i);
            uint32_t s = v_ref(L, e, K_SOURCE);
            uint32_t *slot = vpush(L, &L->srcrefs);
            if (slot) *slot = s;
            pop(L);
        }
    }
    pop(L);
    *count = (uint32_t)L->srcrefs.len - *first;
}

static void v_note(Loader *L, const cJSON *obj, const cJSON *v, LsrText *out) {
    out->s = "";
    if (!v) {
        err(L, "E_NO_HISTORY", "this history has no 'note'; say what historically happened");
        return;
    }
    push_key(L, obj, v);
    v_text(L, v, out);
    if (text_empty(out) && (cJSON_IsString(v) || cJSON_IsObject(v)))
        err(L, "E_NO_HISTORY", "the history 'note' is empty; say what historically happened");
    pop(L);
}

/* ============================================================== pass 1
 * Reads ids straight from the value table the scanner recorded (no cJSON
 * tree of the whole file is ever built), indexes them, and counts choices
 * and outcomes, so that pass 2 can resolve any reference, forwards or
 * backwards, while it parses and compiles one array entry at a time. */

#define PNONE 0xFFFFFFFFu

static const PosNode *pnode(const Loader *L, uint32_t i) { return &LSR_VEC_AT(&L->pos, PosNode, i); }

/* '{', '[', '"', 't', 'f', 'n' or '0' (a number). */
static char ptype(const Loader *L, uint32_t i) {
    char c = L->src[pnode(L, i)->off];
    return c == '-' || is_digit(c) ? '0' : c;
}

static const char *ptype_name(char t) {
    switch (t) {
    case '{': return "an object";
    case '[': return "an array";
    case '"': return "a string";
    case 't': return "true";
    case 'f': return "false";
    case 'n': return "null";
    default: return "a number";
    }
}

static uint32_t pchild(const Loader *L, uint32_t i) {
    return i + 1 < pnode(L, i)->next ? i + 1 : PNONE;
}

static uint32_t psib(const Loader *L, uint32_t parent, uint32_t c) {
    uint32_t n = pnode(L, c)->next;
    return n < pnode(L, parent)->next ? n : PNONE;
}

static uint32_t pcount(const Loader *L, uint32_t arr) {
    uint32_t n = 0;
    if (arr == PNONE || ptype(L, arr) != '[') return 0;
    for (uint32_t c = pchild(L, arr); c != PNONE; c = psib(L, arr, c)) n++;
    return n;
}

static void put_utf8(char *buf, size_t n, size_t *w, unsigned cp) {
    char tmp[4];
    size_t k;
    if (cp < 0x80) tmp[0] = (char)cp, k = 1;
    else if (cp < 0x800) tmp[0] = (char)(0xC0 | (cp >> 6)), tmp[1] = (char)(0x80 | (cp & 0x3F)), k = 2;
    else if (cp < 0x10000)
        tmp[0] = (char)(0xE0 | (cp >> 12)), tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
        tmp[2] = (char)(0x80 | (cp & 0x3F)), k = 3;
    else
        tmp[0] = (char)(0xF0 | (cp >> 18)), tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
        tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), tmp[3] = (char)(0x80 | (cp & 0x3F)), k = 4;
    for (size_t j = 0; j < k; j++, (*w)++)
        if (*w + 1 < n) buf[*w] = tmp[j];
}

/* Decodes the (already validated) JSON string at src[off] into buf,
 * truncating to n-1 bytes; returns the full decoded length. */
static size_t pdecode(const Loader *L, uint32_t off, char *buf, size_t n) {
    const char *s = L->src;
    size_t i = off + 1, w = 0;
    while (s[i] != '"') {
        if (s[i] != '\\') {
            if (w + 1 < n) buf[w] = s[i];
            w++, i++;
            continue;
        }
        char e = s[i + 1];
        i += 2;
        switch (e) {
        case 'b': e = '\b'; break;
        case 'f': e = '\f'; break;
        case 'n': e = '\n'; break;
        case 'r': e = '\r'; break;
        case 't': e = '\t'; break;
        case 'u': {
            unsigned cp = 0, lo = 0;
            for (int k = 0; k < 4; k++) cp = cp * 16u + (unsigned)hexval(s[i + (size_t)k]);
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                for (int k = 0; k < 4; k++) lo = lo * 16u + (unsigned)hexval(s[i + 2 + (size_t)k]);
                i += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            put_utf8(buf, n, &w, cp);
            continue;
        }
        default: break;
        }
        if (w + 1 < n) buf[w] = e;
        w++;
    }
    if (n) buf[w < n ? w : n - 1] = '\0';
    return w;
}

/* Is the key of member i exactly `name`? */
static bool pkey_is(const Loader *L, uint32_t i, const char *name) {
    uint32_t close = 0, ko = key_span(L->src, pnode(L, i)->off, &close);
    if (ko == NO_OFF) return false;
    size_t n = strlen(name), raw = close - ko - 1;
    const char *k = L->src + ko + 1;
    if (raw == n && memcmp(k, name, n) == 0) return true;
    if (!memchr(k, '\\', raw)) return false;
    char buf[64];
    return pdecode(L, ko, buf, sizeof buf) == n && strcmp(buf, name) == 0;
}

/* First member of obj named `name` and its ordinal, or PNONE. */
static uint32_t pmember(const Loader *L, uint32_t obj, const char *name, uint32_t *ord) {
    uint32_t o = 0;
    if (obj == PNONE || ptype(L, obj) != '{') return PNONE;
    for (uint32_t m = pchild(L, obj); m != PNONE; m = psib(L, obj, m), o++)
        if (pkey_is(L, m, name)) {
            if (ord) *ord = o;
            return m;
        }
    return PNONE;
}

/* The decoded string value i, copied into the arena. */
static const char *pstr_dup(Loader *L, uint32_t i) {
    uint32_t off = pnode(L, i)->off;
    size_t n = pdecode(L, off, NULL, 0);
    char *buf = aalloc(L, n + 1);
    if (!buf) return NULL;
    pdecode(L, off, buf, n + 1);
    return buf;
}

/* ------------------------------------------------------------ entry trees
 * The checks read one top-level entry at a time as a cJSON tree. The text
 * is already validated, so the tree is built straight from it into a bump
 * allocator that is reset for the next entry: no per-node malloc and free,
 * and no second validation. These trees use only cJSON's public struct and
 * read-only functions; they must never reach cJSON_Delete. */

typedef struct TreeChunk {
    struct TreeChunk *next;
    size_t size, used;
    _Alignas(8) unsigned char data[];
} TreeChunk;

static void tree_free(Loader *L) {
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
        tree_free(L);
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
    while (is_ws(s[i])) i++;
    return i;
}

/* The string at s[*i] (validated), decoded and NUL-terminated; *i moves past it. */
static char *tstring(Loader *L, size_t *i) {
    const char *s = L->src;
    size_t a = *i + 1, j = plain_run(s, a, L->len);
    if (s[j] == '"') {
        char *d = tree_alloc(L, j - a + 1, 1);
        if (!d) return NULL;
        memcpy(d, s + a, j - a);
        d[j - a] = '\0';
        *i = j + 1;
        return d;
    }
    size_t n = pdecode(L, (uint32_t)*i, NULL, 0);
    char *d = tree_alloc(L, n + 1, 1);
    if (!d) return NULL;
    pdecode(L, (uint32_t)*i, d, n + 1);
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
    while (is_digit(s[j])) v = v * 10u + (uint64_t)(s[j++] - '0');
    if (j - d0 <= 15 && s[j] != '.' && s[j] != 'e' && s[j] != 'E') {
        *out = neg ? -(double)v : (double)v;
        *i = j;
        return true;
    }
    while (j < L->len && (is_digit(s[j]) || s[j] == '.' || s[j] == 'e' || s[j] == 'E' || s[j] == '+' || s[j] == '-'))
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
static const cJSON *parse_at(Loader *L, uint32_t i) {
    if (L->oom) return NULL;
    tree_reset(L);
    size_t at = pnode(L, i)->off;
    const cJSON *v = tvalue(L, &at);
    if (!v) L->oom = true;
    return v;
}

static uint32_t arr_len(const cJSON *a) {
    return cJSON_IsArray(a) ? (uint32_t)cJSON_GetArraySize(a) : 0;
}

static const cJSON *member(const cJSON *obj, const char *key) {
    return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

static void set_kind_id(Loader *L, Kind k, uint32_t i, const char *id) {
    switch (k) {
    case K_VAR: L->vars[i].id = id; break;
    case K_BLOC: L->blocs[i].id = id; break;
    case K_ACTOR: L->actors[i].id = id; break;
    case K_SOURCE: L->sources[i].id = id; break;
    case K_NODE:
        if (i < L->sc->n_steps) L->steps[i].id = id;
        else L->endings[i - L->sc->n_steps].id = id;
        break;
    case K_EVENT: L->events[i].id = id; break;
    case K_CHOICE: L->choices[i].id = id; break;
    case K_COUNT: break;
    }
}

static bool ix_alloc(Loader *L, Kind k, uint32_t n) {
    uint32_t cap = 16;
    while (cap < 2u * n + 2u) cap *= 2;
    IdIndex *ix = &L->out->ix[k];
    ix->slot = aarray(L, cap, sizeof(uint32_t));
    ix->mask = cap - 1;
    return ix->slot != NULL;
}

/* Checks and registers the id of object obj (entry i of kind k). */
static void index_id(Loader *L, uint32_t obj, Kind k, uint32_t i, uint32_t scope) {
    uint32_t ord = 0, id = pmember(L, obj, "id", &ord);
    if (id == PNONE || L->oom) return;
    push_named(L, "id", ord);
    const char *s = ptype(L, id) == '"' ? pstr_dup(L, id) : NULL;
    if (ptype(L, id) != '"') {
        err(L, "E_TYPE", "'id' must be a string, not %s", ptype_name(ptype(L, id)));
    } else if (s && check_len(L, s)) {
        if (!valid_id(s))
            err(L, "E_BAD_ID",
                "'%s' is not a valid id; use 1-63 characters from a-z, 0-9, '-' and '_', starting with a letter",
                clip(L, s));
        if (k == K_NODE && strcmp(s, "end") == 0) {
            err(L, "E_BAD_ID", "'end' is reserved (\"next\": \"end\" picks an ending); choose another id");
        } else {
            set_kind_id(L, k, i, s);
            uint32_t prev = ix_insert(L->sc, &L->out->ix[k], k, i, scope);
            if (prev != LSR_NEXT_NONE) {
                if (k == K_NODE && (prev < L->sc->n_steps) != (i < L->sc->n_steps))
                    err(L, "E_DUPLICATE_ID", "the id '%s' is already used by %s; steps and endings share ids",
                        clip(L, s), prev < L->sc->n_steps ? "a step" : "an ending");
                else if (k == K_NODE)
                    err(L, "E_DUPLICATE_ID", "the id '%s' is already used by another %s", clip(L, s),
                        i < L->sc->n_steps ? "step" : "ending");
                else if (k == K_CHOICE)
                    err(L, "E_DUPLICATE_ID", "the id '%s' is already used by another choice of this step",
                        clip(L, s));
                else
                    err(L, "E_DUPLICATE_ID", "the id '%s' is already used by another %s", clip(L, s),
                        k_kind_name[k]);
                set_kind_id(L, k, i, NULL);
            }
        }
    }
    pop(L);
}

typedef struct TopVal {
    uint32_t pos, ord; /* PNONE when absent */
    const char *key;
} TopVal;

static void index_array(Loader *L, TopVal t, Kind k, uint32_t base) {
    if (t.pos == PNONE || ptype(L, t.pos) != '[') return;
    push_named(L, t.key, t.ord);
    uint32_t i = 0;
    for (uint32_t c = pchild(L, t.pos); c != PNONE && !L->oom; c = psib(L, t.pos, c), i++) {
        push_idx(L, NULL, i);
        if (ptype(L, c) == '{') index_id(L, c, k, base + i, 0);
        pop(L);
    }
    pop(L);
}

static bool p_is_vote(const Loader *L, uint32_t step) {
    uint32_t t = pmember(L, step, "type", NULL);
    return t != PNONE && ptype(L, t) == '"' && L->len - pnode(L, t)->off >= 6 &&
           memcmp(L->src + pnode(L, t)->off, "\"vote\"", 6) == 0;
}

static void limit_check(Loader *L, TopVal t, uint32_t n, uint32_t max, const char *what_) {
    if (t.pos == PNONE || n <= max) return;
    push_named(L, t.key, t.ord);
    err(L, "E_LIMIT", "%u %s; the limit is %u", (unsigned)n, what_, (unsigned)max);
    pop(L);
}

/* Allocates the output arrays and indexes all ids.
 * top: sources, variables, blocs, actors, steps, events, endings. */
static void pass1(Loader *L, const TopVal *top) {
    LsrScenario *sc = L->sc;
    sc->n_sources = pcount(L, top[0].pos);
    sc->n_vars = pcount(L, top[1].pos);
    sc->n_blocs = pcount(L, top[2].pos);
    sc->n_actors = pcount(L, top[3].pos);
    sc->n_steps = pcount(L, top[4].pos);
    sc->n_events = pcount(L, top[5].pos);
    sc->n_endings = pcount(L, top[6].pos);
    limit_check(L, top[1], sc->n_vars, MAX_VARS, "variables");
    limit_check(L, top[2], sc->n_blocs, MAX_BLOCS, "blocs");
    limit_check(L, top[5], sc->n_events, MAX_EVENTS, "events");
    limit_check(L, top[4], sc->n_steps + sc->n_endings, MAX_NODES, "steps and endings");
    sc->sources = L->sources = aarray(L, sc->n_sources, sizeof(LsrSource));
    sc->vars = L->vars = aarray(L, sc->n_vars, sizeof(LsrVar));
    sc->blocs = L->blocs = aarray(L, sc->n_blocs, sizeof(LsrBloc));
    sc->actors = L->actors = aarray(L, sc->n_actors, sizeof(LsrActor));
    sc->steps = L->steps = aarray(L, sc->n_steps, sizeof(LsrStep));
    sc->events = L->events = aarray(L, sc->n_events, sizeof(LsrEvent));
    sc->endings = L->endings = aarray(L, sc->n_endings, sizeof(LsrEnding));
    L->step_flag = aarray(L, sc->n_steps, sizeof(uint32_t));
    if (L->oom) return;
    for (uint32_t i = 0; i < sc->n_steps; i++) L->step_flag[i] = LSR_NEXT_NONE;

    /* Count choices and outcomes. */
    uint32_t nch = 0, nout = 0, i = 0;
    uint32_t steps = top[4].pos;
    bool have_steps = steps != PNONE && ptype(L, steps) == '[';
    for (uint32_t s = have_steps ? pchild(L, steps) : PNONE; s != PNONE; s = psib(L, steps, s), i++) {
        LsrStep *st = &L->steps[i];
        st->choices_first = nch;
        st->type = p_is_vote(L, s) ? LSR_STEP_VOTE : LSR_STEP_DECISION;
        if (st->type == LSR_STEP_DECISION) st->n_choices = pcount(L, pmember(L, s, "choices", NULL));
        nch += st->n_choices;
    }
    sc->n_choices = nch;
    sc->choices = L->choices = aarray(L, nch, sizeof(LsrChoice));
    L->choice_flag = aarray(L, nch, sizeof(uint32_t));
    if (L->oom) return;
    i = 0;
    for (uint32_t s = have_steps ? pchild(L, steps) : PNONE; s != PNONE; s = psib(L, steps, s), i++) {
        const LsrStep *st = &L->steps[i];
        if (!st->n_choices) continue;
        uint32_t g = st->choices_first, arr = pmember(L, s, "choices", NULL);
        for (uint32_t c = pchild(L, arr); c != PNONE; c = psib(L, arr, c), g++) {
            L->choice_flag[g] = LSR_NEXT_NONE;
            LsrChoice *ch = &L->choices[g];
            ch->outcomes_first = nout;
            ch->n_outcomes = pcount(L, pmember(L, c, "outcomes", NULL));
            nout += ch->n_outcomes;
        }
    }
    sc->n_outcomes = nout;
    sc->outcomes = L->outcomes = aarray(L, nout, sizeof(LsrOutcome));

    if (!ix_alloc(L, K_SOURCE, sc->n_sources) || !ix_alloc(L, K_VAR, sc->n_vars) ||
        !ix_alloc(L, K_BLOC, sc->n_blocs) || !ix_alloc(L, K_ACTOR, sc->n_actors) ||
        !ix_alloc(L, K_NODE, sc->n_steps + sc->n_endings) || !ix_alloc(L, K_EVENT, sc->n_events) ||
        !ix_alloc(L, K_CHOICE, nch))
        return;
    index_array(L, top[0], K_SOURCE, 0);
    index_array(L, top[1], K_VAR, 0);
    index_array(L, top[2], K_BLOC, 0);
    index_array(L, top[3], K_ACTOR, 0);
    index_array(L, top[4], K_NODE, 0);
    index_array(L, top[6], K_NODE, sc->n_steps);
    index_array(L, top[5], K_EVENT, 0);
    /* Choice ids, scoped to their step. */
    if (!have_steps) return;
    push_named(L, top[4].key, top[4].ord);
    i = 0;
    for (uint32_t s = pchild(L, steps); s != PNONE && !L->oom; s = psib(L, steps, s), i++) {
        const LsrStep *st = &L->steps[i];
        if (!st->n_choices) continue;
        uint32_t ord = 0, arr = pmember(L, s, "choices", &ord), j = 0;
        push_idx(L, NULL, i);
        push_named(L, "choices", ord);
        for (uint32_t c = pchild(L, arr); c != PNONE; c = psib(L, arr, c), j++) {
            push_idx(L, NULL, j);
            if (ptype(L, c) == '{') index_id(L, c, K_CHOICE, st->choices_first + j, i);
            pop(L);
        }
        pop(L);
        pop(L);
    }
    pop(L);
}

/* ============================================================== pass 2 */

static void fmt_date(LsrDate d, char *buf, size_t n) {
    snprintf(buf, n, "%04d-%02u-%02u", d.year, (unsigned)d.month, (unsigned)d.day);
}

static const KeySpec k_source_keys[] = {
    {"id", true}, {"title", true}, {"author", true}, {"language", true}, {"perspective", false}};

static void compile_source(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[5];
    get_keys(L, e, describe(L, desc, sizeof desc, "source", e), k_source_keys, 5, k);
    LsrSource *s = &L->sources[i];
    if (!s->id) s->id = "";
    const char *v;
    s->title = s->author = s->language = "";
    if (k[1]) WITH(L, e, k[1], if ((v = v_string(L, k[1], false))) s->title = adup(L, v));
    if (k[2]) WITH(L, e, k[2], if ((v = v_string(L, k[2], false))) s->author = adup(L, v));
    if (k[3])
        WITH(L, e, k[3], if ((v = v_string(L, k[3], false))) {
            if (!valid_lang(v)) err(L, "E_BAD_VALUE", "'%s' is not a language code such as 'en' or 'ru'", clip(L, v));
            s->language = adup(L, v);
        });
    if (k[4]) WITH(L, e, k[4], if ((v = v_string(L, k[4], false))) s->perspective = adup(L, v));
}

static const KeySpec k_glossary_keys[] = {{"term", true}, {"definition", true}};

static void compile_glossary_entry(Loader *L, const cJSON *e, uint32_t i) {
    LsrGlossary *g = L->glossary;
    const cJSON *k[2];
    get_keys(L, e, "glossary entry", k_glossary_keys, 2, k);
    g[i].term.s = g[i].definition.s = "";
    if (k[0]) WITH(L, e, k[0], v_text(L, k[0], &g[i].term));
    if (k[1]) WITH(L, e, k[1], v_text(L, k[1], &g[i].definition));
}

static void compile_goal(Loader *L, const cJSON *e, uint32_t i) { v_text(L, e, &L->goals[i]); }

static const KeySpec k_bloc_keys[] = {{"id", true}, {"name", true}, {"color", false}, {"seats", true}};

static bool parse_color(const char *s, uint32_t *out) {
    if (strlen(s) != 7 || s[0] != '#') return false;
    uint32_t v = 0;
    for (int i = 1; i < 7; i++) {
        int h = hexval(s[i]);
        if (h < 0) return false;
        v = v * 16u + (uint32_t)h;
    }
    *out = v;
    return true;
}

static void compile_bloc(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[4];
    get_keys(L, e, describe(L, desc, sizeof desc, "bloc", e), k_bloc_keys, 4, k);
    LsrBloc *b = &L->blocs[i];
    if (!b->id) b->id = "";
    b->name.s = "";
    b->color = 0x808080;
    if (k[1]) WITH(L, e, k[1], v_text(L, k[1], &b->name));
    if (k[2])
        WITH(L, e, k[2], {
            if (!cJSON_IsString(k[2]))
                err(L, "E_COLOR", "'color' must be a string \"#rrggbb\", not %s", jtype(k[2]));
            else if (!parse_color(k[2]->valuestring, &b->color))
                err(L, "E_COLOR", "color '%s' is not written #rrggbb (e.g. \"#8c1c13\")", clip(L, k[2]->valuestring));
        });
    int64_t seats = 0;
    if (k[3]) WITH(L, e, k[3], if (v_int(L, k[3], 0, VALUE_LIMIT, &seats)) b->seats = (int32_t)seats);
}

static const KeySpec k_actor_keys[] = {{"id", true}, {"name", true}, {"role", false}, {"bloc", false}};

static void compile_actor(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[4];
    get_keys(L, e, describe(L, desc, sizeof desc, "actor", e), k_actor_keys, 4, k);
    LsrActor *a = &L->actors[i];
    if (!a->id) a->id = "";
    a->name.s = a->role.s = "";
    a->bloc = LSR_NEXT_NONE;
    if (k[1]) WITH(L, e, k[1], v_text(L, k[1], &a->name));
    if (k[2]) WITH(L, e, k[2], v_text(L, k[2], &a->role));
    if (k[3]) WITH(L, e, k[3], a->bloc = v_ref(L, k[3], K_BLOC));
}

static const KeySpec k_ending_keys[] = {
    {"id", true}, {"title", true}, {"condition", false}, {"epilogue", true}, {"historical", false}};

static void compile_ending(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[5];
    get_keys(L, e, describe(L, desc, sizeof desc, "ending", e), k_ending_keys, 5, k);
    LsrEnding *en = &L->endings[i];
    if (!en->id) en->id = "";
    en->title.s = en->epilogue.s = "";
    if (k[1]) WITH(L, e, k[1], v_text(L, k[1], &en->title));
    if (k[2]) WITH(L, e, k[2], en->cond = v_cond(L, k[2]));
    if (k[3]) WITH(L, e, k[3], v_text(L, k[3], &en->epilogue));
    bool h = false;
    if (k[4] && (push_key(L, e, k[4]), v_bool(L, k[4], &h)) && h) {
        en->historical = true;
        if (L->n_hist_endings++ == 0) {
            L->first_hist = en->id;
            L->sc->historical_ending = i;
        } else {
            err(L, "E_HISTORICAL_ENDING", "ending '%s' is marked historical, but so is '%s'; exactly one ending is",
                clip(L, en->id), clip(L, L->first_hist));
        }
    }
    if (k[4]) pop(L);
}

static const KeySpec k_var_keys[] = {{"id", true},      {"label", true},  {"description", false}, {"min", true},
                                     {"max", true},     {"initial", true}, {"better", false},     {"scored", false},
                                     {"hidden", false}, {"unit", false},   {"historical", false}};
static const KeySpec k_hist_point_keys[] = {{"at", true}, {"value", true}};
static const char *const k_better_words[] = {"none", "higher", "lower"};

static void compile_var(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[11];
    get_keys(L, e, describe(L, desc, sizeof desc, "variable", e), k_var_keys, 11, k);
    LsrVar *v = &L->vars[i];
    if (!v->id) v->id = "";
    v->label.s = v->description.s = "";
    v->unit = "";
    if (k[1]) WITH(L, e, k[1], v_text(L, k[1], &v->label));
    if (k[2]) WITH(L, e, k[2], v_text(L, k[2], &v->description));
    int64_t mn = 0, mx = 0, in = 0;
    bool okmin = false, okmax = false, okin = false;
    if (k[3]) WITH(L, e, k[3], okmin = v_int(L, k[3], -VALUE_LIMIT, VALUE_LIMIT, &mn));
    if (k[4]) WITH(L, e, k[4], okmax = v_int(L, k[4], -VALUE_LIMIT, VALUE_LIMIT, &mx));
    if (k[5]) WITH(L, e, k[5], okin = v_int(L, k[5], -VALUE_LIMIT, VALUE_LIMIT, &in));
    bool range_ok = okmin && okmax && mn < mx;
    if (okmin && okmax && mn >= mx)
        WITH(L, e, k[4], err(L, "E_RANGE", "max %lld must be greater than min %lld", (long long)mx, (long long)mn));
    if (range_ok && okin && (in < mn || in > mx))
        WITH(L, e, k[5], err(L, "E_RANGE", "initial value %lld is outside the range %lld..%lld", (long long)in,
                              (long long)mn, (long long)mx));
    v->min = (int32_t)mn;
    v->max = (int32_t)mx;
    v->initial = (int32_t)in;
    if (k[6]) {
        int b;
        WITH(L, e, k[6], b = v_word(L, k[6], k_better_words, 3));
        if (b > 0) v->better = b == 1 ? LSR_BETTER_HIGHER : LSR_BETTER_LOWER;
    }
    bool scored = false, scored_given = false;
    if (k[7]) WITH(L, e, k[7], scored_given = v_bool(L, k[7], &scored));
    if (k[8]) WITH(L, e, k[8], v_bool(L, k[8], &v->hidden));
    if (k[9]) {
        const char *u;
        WITH(L, e, k[9], if ((u = v_string(L, k[9], false))) v->unit = adup(L, u));
    }
    if (k[10]) {
        push_key(L, e, k[10]);
        if (v_array(L, k[10])) {
            uint32_t n = arr_len(k[10]), j = 0;
            LsrHistPoint *hp = aarray(L, n, sizeof *hp);
            v->hist = hp;
            for (const cJSON *h = k[10]->child; h && hp; h = h->next, j++) {
                push_idx(L, k[10], j);
                if (v_object(L, h)) {
                    const cJSON *hk[2];
                    get_keys(L, h, "historical point", k_hist_point_keys, 2, hk);
                    hp[v->n_hist].at = LSR_NEXT_NONE;
                    if (hk[0]) WITH(L, h, hk[0], hp[v->n_hist].at = v_next(L, hk[0]));
                    if (hp[v->n_hist].at == LSR_NEXT_END) {
                        WITH(L, h, hk[0], err(L, "E_UNKNOWN_REF", "'at' must name a step or an ending, not \"end\""));
                        hp[v->n_hist].at = LSR_NEXT_NONE;
                    }
                    int64_t val = 0;
                    if (hk[1] && (push_key(L, h, hk[1]), v_int(L, hk[1], -VALUE_LIMIT, VALUE_LIMIT, &val))) {
                        if (range_ok && (val < mn || val > mx))
                            err(L, "E_RANGE", "historical value %lld is outside the range %lld..%lld of '%s'",
                                (long long)val, (long long)mn, (long long)mx, clip(L, v->id));
                    }
                    if (hk[1]) pop(L);
                    hp[v->n_hist].value = (int32_t)val;
                    v->n_hist++;
                }
                pop(L);
            }
        }
        pop(L);
    }
    v->scored = scored_given ? scored : (v->better != LSR_BETTER_NONE && v->n_hist > 0);
    if (scored_given && scored && (v->better == LSR_BETTER_NONE || v->n_hist == 0))
        WITH(L, e, k[7],
             warn(L, "W_SCORED", "variable '%s' is scored but has %s, so it cannot be scored", clip(L, v->id),
                  v->better == LSR_BETTER_NONE ? "no \"better\" direction" : "no historical values"));
}

/* ---------------------------------------------------------------- steps */

enum {
    SK_ID, SK_TYPE, SK_DATE, SK_TITLE, SK_NARRATIVE, SK_PLACE, SK_CONDITION, SK_OTHERWISE, SK_IMAGE,
    SK_CHOICES, SK_HISTORY, SK_MOTION, SK_SEATS, SK_POSITIONS, SK_PASS, SK_FAIL, SK_THRESHOLD, SK_CAMPAIGN_ONLY,
    SK_COUNT
};

/* All step keys; `required` is adjusted per type below. */
static const char *const k_step_key_names[SK_COUNT] = {
    "id",        "type",    "date",   "title",  "narrative", "place", "condition", "otherwise", "image",
    "choices",   "history", "motion", "seats",  "positions", "pass",  "fail",      "threshold", "campaign_only"};

static const KeySpec k_choice_keys[] = {{"id", true},      {"label", true},   {"condition", false},
                                        {"unavailable", false}, {"reason", false}, {"effects", false},
                                        {"result", false}, {"next", false},   {"outcomes", false}};
static const KeySpec k_outcome_keys[] = {{"weight", true}, {"result", false}, {"effects", false}, {"next", true}};
static const KeySpec k_dhist_keys[] = {{"choice", true}, {"credit", false},  {"weight", false},
                                       {"note", false},  {"sources", false}, {"disagreement", false}};
static const KeySpec k_vhist_keys[] = {{"yes", false},  {"no", false},      {"abstain", false},     {"result", false},
                                       {"note", false}, {"sources", false}, {"disagreement", false}};
static const KeySpec k_position_keys[] = {{"bloc", true}, {"if", false}, {"vote", false}, {"split", false}};
static const KeySpec k_split_keys[] = {{"yes", false}, {"no", false}, {"abstain", false}};
static const KeySpec k_branch_keys[] = {{"result", false}, {"effects", false}, {"next", true}};
static const char *const k_unavail_words[] = {"hide", "disable"};
static const char *const k_vote_words[] = {"yes", "no", "abstain"};
static const char *const k_threshold_words[] = {"majority", "two-thirds"};
static const char *const k_result_words[] = {"pass", "fail"};
static const char *const k_type_words[] = {"decision", "vote"};

static void compile_outcomes(Loader *L, const cJSON *arr, LsrChoice *ch) {
    if (!v_array(L, arr)) return;
    if (ch->n_outcomes == 0) err(L, "E_LIMIT", "'outcomes' is empty; give 1 to 16 outcomes, or use 'next'");
    if (ch->n_outcomes > MAX_OUTCOMES)
        err(L, "E_LIMIT", "%u outcomes; a choice has at most 16", (unsigned)ch->n_outcomes);
    uint32_t j = 0;
    for (const cJSON *o = arr->child; o && !L->oom; o = o->next, j++) {
        push_idx(L, arr, j);
        if (v_object(L, o)) {
            const cJSON *k[4];
            get_keys(L, o, "outcome", k_outcome_keys, 4, k);
            LsrOutcome *out = &L->outcomes[ch->outcomes_first + j];
            out->result.s = "";
            out->next = LSR_NEXT_NONE;
            out->effects_first = (uint32_t)L->effects.len;
            if (k[0]) WITH(L, o, k[0], out->weight = v_expr(L, k[0]));
            if (k[1]) WITH(L, o, k[1], v_text(L, k[1], &out->result));
            if (k[2]) WITH(L, o, k[2], v_effects(L, k[2], &out->effects_first, &out->n_effects));
            if (k[3]) WITH(L, o, k[3], out->next = v_next(L, k[3]));
            else L->graph_broken = true;
        }
        pop(L);
    }
}

static void compile_choice(Loader *L, const cJSON *c, uint32_t g) {
    char desc[96];
    const cJSON *k[9];
    get_keys(L, c, describe(L, desc, sizeof desc, "choice", c), k_choice_keys, 9, k);
    LsrChoice *ch = &L->choices[g];
    if (!ch->id) ch->id = "";
    ch->label.s = ch->reason.s = ch->result.s = "";
    ch->next = LSR_NEXT_NONE;
    ch->effects_first = (uint32_t)L->effects.len;
    if (k[1]) WITH(L, c, k[1], v_text(L, k[1], &ch->label));
    if (k[2]) WITH(L, c, k[2], ch->cond = v_cond(L, k[2]));
    int un = 0;
    if (k[3]) WITH(L, c, k[3], un = v_word(L, k[3], k_unavail_words, 2));
    ch->disable_when_unavailable = un == 1;
    if (k[4]) WITH(L, c, k[4], v_text(L, k[4], &ch->reason));
    if (un == 1 && !k[4])
        err(L, "E_MISSING_KEY", "%s has \"unavailable\": \"disable\" but no 'reason' to show when it is greyed out",
            desc);
    if (k[5]) WITH(L, c, k[5], v_effects(L, k[5], &ch->effects_first, &ch->n_effects));
    if (k[6]) WITH(L, c, k[6], v_text(L, k[6], &ch->result));
    if (k[7] && k[8]) {
        err(L, "E_NEXT", "%s has both 'next' and 'outcomes'; give exactly one", desc);
        L->graph_broken = true;
    } else if (!k[7] && !k[8]) {
        err(L, "E_NEXT", "%s has neither 'next' nor 'outcomes'; give exactly one", desc);
        L->graph_broken = true;
    }
    if (k[7]) WITH(L, c, k[7], ch->next = v_next(L, k[7]));
    if (k[8]) WITH(L, c, k[8], compile_outcomes(L, k[8], ch));
    if (!k[8]) ch->n_outcomes = 0;
}

static void compile_decision_history(Loader *L, const cJSON *step, const cJSON *h, uint32_t si, const char *desc) {
    LsrStep *st = &L->steps[si];
    st->hist_choice = LSR_NEXT_NONE;
    st->hist_weight = 1;
    if (!h) {
        err(L, "E_NO_HISTORY", "%s has no 'history'; every decision records what the Left SRs historically chose",
            desc);
        return;
    }
    push_key(L, step, h);
    if (v_object(L, h)) {
        const cJSON *k[6];
        get_keys(L, h, "history", k_dhist_keys, 6, k);
        if (k[0])
            WITH(L, h, k[0], {
                if (!cJSON_IsString(k[0])) {
                    err(L, "E_TYPE", "'choice' must be the id of a choice (a string), not %s", jtype(k[0]));
                } else {
                    uint32_t g = find_ref(L, K_CHOICE, k[0]->valuestring, si);
                    if (g == LSR_NEXT_NONE) {
                        char in[120];
                        snprintf(in, sizeof in, " in step '%s'", clip(L, st->id));
                        unknown_ref(L, K_CHOICE, si, k[0]->valuestring, in);
                    } else {
                        st->hist_choice = g - st->choices_first;
                        L->choices[g].credit_permille = 1000;
                    }
                }
            });
        if (k[1])
            WITH(L, h, k[1], if (v_object(L, k[1])) {
                for (const cJSON *m = k[1]->child; m; m = m->next) {
                    if (is_comment_key(m->string)) continue;
                    push_key(L, k[1], m);
                    uint32_t g = find_ref(L, K_CHOICE, m->string, si);
                    if (g == LSR_NEXT_NONE) {
                        char in[120];
                        snprintf(in, sizeof in, " in step '%s'", clip(L, st->id));
                        uint32_t which = 0;
                        const char *dym = suggest_id(L, K_CHOICE, si, m->string, &which);
                        if (dym)
                            err_key(L, LSR_SEV_ERROR, "E_UNKNOWN_REF", "choice '%s' does not exist%s; did you mean '%s'?",
                                    clip(L, m->string), in, dym);
                        else
                            err_key(L, LSR_SEV_ERROR, "E_UNKNOWN_REF", "choice '%s' does not exist%s",
                                    clip(L, m->string), in);
                    } else if (!cJSON_IsNumber(m)) {
                        err(L, "E_TYPE", "credit for '%s' must be a number from 0 to 1, not %s", clip(L, m->string),
                            jtype(m));
                    } else if (m->valuedouble < 0 || m->valuedouble > 1) {
                        err(L, "E_RANGE", "credit %.17g for '%s' is outside 0..1", m->valuedouble, clip(L, m->string));
                    } else if (g - st->choices_first == st->hist_choice) {
                        warn(L, "W_CREDIT_IGNORED", "'%s' is the historical choice; it always earns full credit",
                             clip(L, m->string));
                    } else {
                        L->choices[g].credit_permille = (uint16_t)lround(m->valuedouble * 1000.0);
                    }
                    pop(L);
                }
            });
        int64_t w = 1;
        if (k[2]) WITH(L, h, k[2], if (v_int(L, k[2], 0, 1000, &w)) st->hist_weight = (uint16_t)w);
        v_note(L, h, k[3], &st->note);
        v_sources(L, h, k[4], &st->sources_first, &st->n_sources);
        if (k[5]) WITH(L, h, k[5], v_text(L, k[5], &st->disagreement));
    }
    pop(L);
}

static void compile_vote_history(Loader *L, const cJSON *step, const cJSON *h, LsrStep *st) {
    push_key(L, step, h);
    if (v_object(L, h)) {
        const cJSON *k[7];
        get_keys(L, h, "vote history", k_vhist_keys, 7, k);
        for (int t = 0; t < 3; t++) {
            int64_t n;
            if (k[t]) WITH(L, h, k[t], if (v_int(L, k[t], 0, VALUE_LIMIT, &n)) st->hist_tally[t] = (int32_t)n);
        }
        if (k[3]) {
            int r;
            WITH(L, h, k[3], r = v_word(L, k[3], k_result_words, 2));
            if (r >= 0) st->hist_pass = r == 0 ? 1 : 0;
        }
        v_note(L, h, k[4], &st->note);
        v_sources(L, h, k[5], &st->sources_first, &st->n_sources);
        if (k[6]) WITH(L, h, k[6], v_text(L, k[6], &st->disagreement));
    }
    pop(L);
}

static void compile_branch(Loader *L, const cJSON *step, const cJSON *b, LsrBranch *out) {
    out->result.s = "";
    out->next = LSR_NEXT_NONE;
    out->effects_first = (uint32_t)L->effects.len;
    push_key(L, step, b);
    if (v_object(L, b)) {
        const cJSON *k[3];
        get_keys(L, b, b->string[0] == 'p' ? "'pass'" : "'fail'", k_branch_keys, 3, k);
        if (k[0]) WITH(L, b, k[0], v_text(L, k[0], &out->result));
        if (k[1]) WITH(L, b, k[1], v_effects(L, k[1], &out->effects_first, &out->n_effects));
        if (k[2]) WITH(L, b, k[2], out->next = v_next(L, k[2]));
        else L->graph_broken = true;
    } else {
        L->graph_broken = true;
    }
    pop(L);
}

static void compile_positions(Loader *L, const cJSON *arr, LsrStep *st) {
    st->positions_first = (uint32_t)L->positions.len;
    if (!v_array(L, arr)) return;
    uint32_t j = 0;
    for (const cJSON *p = arr->child; p && !L->oom; p = p->next, j++) {
        push_idx(L, arr, j);
        if (v_object(L, p)) {
            const cJSON *k[4];
            get_keys(L, p, "vote position", k_position_keys, 4, k);
            LsrPosition *pos = vpush(L, &L->positions);
            if (pos) {
                pos->bloc = LSR_NEXT_NONE;
                pos->pct[2] = 100;
                if (k[0]) WITH(L, p, k[0], pos->bloc = v_ref(L, k[0], K_BLOC));
                if (k[1]) WITH(L, p, k[1], pos->cond = v_cond(L, k[1]));
                if (k[2] && k[3]) err(L, "E_SPLIT", "a position has one of 'vote' and 'split', not both");
                else if (!k[2] && !k[3]) err(L, "E_SPLIT", "a position needs 'vote' (\"yes\", \"no\", \"abstain\") or 'split'");
                if (k[2]) {
                    int w;
                    WITH(L, p, k[2], w = v_word(L, k[2], k_vote_words, 3));
                    if (w >= 0) {
                        memset(pos->pct, 0, sizeof pos->pct);
                        pos->pct[w] = 100;
                    }
                } else if (k[3]) {
                    push_key(L, p, k[3]);
                    if (v_object(L, k[3])) {
                        const cJSON *sk[3];
                        get_keys(L, k[3], "'split'", k_split_keys, 3, sk);
                        int64_t sum = 0, part[3] = {0, 0, 0};
                        bool ok = true;
                        for (int t = 0; t < 3; t++)
                            if (sk[t]) WITH(L, k[3], sk[t], ok = v_int(L, sk[t], 0, 100, &part[t]) && ok);
                        sum = part[0] + part[1] + part[2];
                        if (ok && sum != 100)
                            err(L, "E_SPLIT", "the split shares sum to %lld; they must sum to 100", (long long)sum);
                        for (int t = 0; t < 3; t++) pos->pct[t] = (uint8_t)part[t];
                    }
                    pop(L);
                }
            }
        }
        pop(L);
    }
    st->n_positions = (uint32_t)L->positions.len - st->positions_first;
}

static void compile_seats(Loader *L, const cJSON *v, LsrStep *st) {
    if (!v_object(L, v)) return;
    LsrExpr *se = aarray(L, L->sc->n_blocs ? L->sc->n_blocs : 1, sizeof *se);
    if (!se) return;
    st->seat_expr = se;
    for (const cJSON *m = v->child; m && !L->oom; m = m->next) {
        if (is_comment_key(m->string)) continue;
        push_key(L, v, m);
        uint32_t b = find_ref(L, K_BLOC, m->string, 0);
        if (b == LSR_NEXT_NONE) {
            const char *dym = suggest_id(L, K_BLOC, 0, m->string, NULL);
            if (dym)
                err_key(L, LSR_SEV_ERROR, "E_UNKNOWN_REF", "bloc '%s' does not exist; did you mean '%s'?",
                        clip(L, m->string), dym);
            else
                err_key(L, LSR_SEV_ERROR, "E_UNKNOWN_REF", "bloc '%s' does not exist", clip(L, m->string));
        } else {
            se[b] = v_expr(L, m);
        }
        pop(L);
    }
}

static void compile_step(Loader *L, const cJSON *s, uint32_t si) {
    LsrStep *st = &L->steps[si];
    char desc[96];
    const cJSON *tv = member(s, "type");
    int type = -1;
    if (tv) WITH(L, s, tv, type = v_word(L, tv, k_type_words, 2));
    /* Unknown type: accept the keys of both kinds to avoid follow-on errors. */
    KeySpec spec[SK_COUNT];
    size_t nspec = 0;
    int idx[SK_COUNT];
    for (int k = 0; k < SK_COUNT; k++) {
        bool dec = k == SK_CHOICES || k == SK_HISTORY;
        bool vote = (k >= SK_MOTION && k <= SK_THRESHOLD) || k == SK_HISTORY;
        bool common = k < SK_CHOICES || k == SK_CAMPAIGN_ONLY;
        idx[k] = -1;
        if (!(common || (type != 1 && dec) || (type != 0 && vote))) continue;
        bool req = (k <= SK_NARRATIVE) || (type == 0 && k == SK_CHOICES) ||
                   (type == 1 && (k == SK_MOTION || k == SK_POSITIONS || k == SK_PASS || k == SK_FAIL));
        idx[k] = (int)nspec;
        spec[nspec].name = k_step_key_names[k];
        spec[nspec].required = req;
        nspec++;
    }
    const cJSON *kv[SK_COUNT];
    describe(L, desc, sizeof desc, type == 1 ? "vote step" : type == 0 ? "decision" : "step", s);
    get_keys(L, s, desc, spec, nspec, kv);
#define SKV(k) (idx[k] >= 0 ? kv[idx[k]] : NULL)
    const cJSON *k;
    if (!st->id) st->id = "";
    st->title.s = st->place.s = st->narrative.s = st->note.s = st->disagreement.s = st->motion.s = "";
    st->otherwise = LSR_NEXT_NONE;
    st->hist_choice = LSR_NEXT_NONE;
    for (int t = 0; t < 3; t++) st->hist_tally[t] = -1;
    st->hist_pass = -1;
    st->pass.next = st->fail.next = LSR_NEXT_NONE;
    st->pass.result.s = st->fail.result.s = "";
    if ((k = SKV(SK_DATE)))
        WITH(L, s, k, if (v_date(L, k, &st->date) && L->period_ok &&
                          (lsr_date_cmp(st->date, L->pstart) < 0 || lsr_date_cmp(st->date, L->pend) > 0)) {
            char a[16], b[16];
            fmt_date(L->pstart, a, sizeof a);
            fmt_date(L->pend, b, sizeof b);
            err(L, "E_DATE_OUTSIDE_PERIOD", "date %s is outside the scenario's period %s to %s", k->valuestring, a, b);
        });
    if ((k = SKV(SK_TITLE))) WITH(L, s, k, v_text(L, k, &st->title));
    if ((k = SKV(SK_NARRATIVE))) WITH(L, s, k, v_text(L, k, &st->narrative));
    if ((k = SKV(SK_PLACE))) WITH(L, s, k, v_text(L, k, &st->place));
    if ((k = SKV(SK_IMAGE))) {
        const char *img;
        WITH(L, s, k, if ((img = v_string(L, k, true))) {
            if (!lsr_path_inside(L->sc->dir, img))
                err(L, "E_BAD_PATH", "image '%s' must be a relative path inside the scenario's folder, without '..' "
                    "or links leading out of it", clip(L, img));
            else
                st->image = adup(L, img);
        });
    }
    if ((k = SKV(SK_CAMPAIGN_ONLY))) WITH(L, s, k, v_bool(L, k, &st->campaign_only));
    const cJSON *cond = SKV(SK_CONDITION), *oth = SKV(SK_OTHERWISE);
    if (cond) WITH(L, s, cond, st->cond = v_cond(L, cond));
    if (oth) WITH(L, s, oth, st->otherwise = v_next(L, oth));
    if (cond && !oth) {
        err(L, "E_MISSING_KEY", "%s has a 'condition' but no 'otherwise' saying where play goes when it is false", desc);
        L->graph_broken = true;
    }
    if (oth && !cond)
        WITH(L, s, oth, warn(L, "W_OTHERWISE_UNUSED", "'otherwise' is never used because the step has no 'condition'"));

    if (type != 1) {
        const cJSON *chs = SKV(SK_CHOICES);
        if (chs) {
            push_key(L, s, chs);
            if (v_array(L, chs)) {
                if (st->n_choices == 0) err(L, "E_STUCK_STEP", "%s has no choices, so play can never leave it", desc);
                if (st->n_choices > MAX_CHOICES)
                    err(L, "E_LIMIT", "%s has %u choices; a decision has at most 9", desc, (unsigned)st->n_choices);
                uint32_t j = 0;
                bool all_false = st->n_choices > 0;
                for (const cJSON *c = chs->child; c && !L->oom; c = c->next, j++) {
                    push_idx(L, chs, j);
                    if (v_object(L, c)) compile_choice(L, c, st->choices_first + j);
                    pop(L);
                    LsrCond cc = L->choices[st->choices_first + j].cond;
                    if (!(cc && cc == L->false_node)) all_false = false;
                }
                if (all_false)
                    err(L, "E_STUCK_STEP", "every choice of %s has the condition false, so none can ever be taken", desc);
            }
            pop(L);
        }
        if (type == 0) compile_decision_history(L, s, SKV(SK_HISTORY), si, desc);
    }
    if (type == 1) {
        st->hist_weight = 0;
        if ((k = SKV(SK_MOTION))) WITH(L, s, k, v_text(L, k, &st->motion));
        if ((k = SKV(SK_SEATS))) WITH(L, s, k, compile_seats(L, k, st));
        if ((k = SKV(SK_POSITIONS))) WITH(L, s, k, compile_positions(L, k, st));
        if ((k = SKV(SK_PASS))) compile_branch(L, s, k, &st->pass);
        else L->graph_broken = true;
        if ((k = SKV(SK_FAIL))) compile_branch(L, s, k, &st->fail);
        else L->graph_broken = true;
        if ((k = SKV(SK_THRESHOLD))) {
            int t;
            WITH(L, s, k, t = v_word(L, k, k_threshold_words, 2));
            st->threshold = t == 1 ? LSR_THRESH_TWO_THIRDS : LSR_THRESH_MAJORITY;
        }
        if ((k = SKV(SK_HISTORY))) compile_vote_history(L, s, k, st);
    }
    if (type < 0) L->graph_broken = true;
#undef SKV
}

static const KeySpec k_event_keys[] = {{"id", true},      {"condition", false}, {"title", true},
                                       {"text", true},    {"effects", false},   {"max_fires", false},
                                       {"next", false}};

static void compile_event(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[7];
    get_keys(L, e, describe(L, desc, sizeof desc, "event", e), k_event_keys, 7, k);
    LsrEvent *ev = &L->events[i];
    if (!ev->id) ev->id = "";
    ev->title.s = ev->text.s = "";
    ev->max_fires = 1;
    ev->next = LSR_NEXT_NONE;
    ev->effects_first = (uint32_t)L->effects.len;
    if (k[1]) WITH(L, e, k[1], ev->cond = v_cond(L, k[1]));
    if (k[2]) WITH(L, e, k[2], v_text(L, k[2], &ev->title));
    if (k[3]) WITH(L, e, k[3], v_text(L, k[3], &ev->text));
    if (k[4]) WITH(L, e, k[4], v_effects(L, k[4], &ev->effects_first, &ev->n_effects));
    int64_t mf;
    if (k[5]) WITH(L, e, k[5], if (v_int(L, k[5], 1, 255, &mf)) ev->max_fires = (uint8_t)mf);
    if (k[6]) WITH(L, e, k[6], ev->next = v_next(L, k[6]));
}

/* ------------------------------------------------------------ top level */

enum {
    TK_FORMAT, TK_ID, TK_TITLE, TK_PERIOD, TK_BRIEFING, TK_GOALS, TK_LANGUAGE, TK_SOURCES, TK_GLOSSARY,
    TK_VARIABLES, TK_BLOCS, TK_ACTORS, TK_START, TK_STEPS, TK_EVENTS, TK_ENDINGS, TK_COUNT
};
static const KeySpec k_top_keys[TK_COUNT] = {
    {"format", true},     {"id", true},        {"title", true},     {"period", true},   {"briefing", true},
    {"goals", false},     {"language", false}, {"sources", true},   {"glossary", false}, {"variables", true},
    {"blocs", false},     {"actors", false},   {"start", true},     {"steps", true},    {"events", false},
    {"endings", true}};
static const KeySpec k_period_keys[] = {{"start", true}, {"end", true}};

/* get_keys over the value table, for the top-level object (whose big
 * arrays are never parsed as a whole). */
static void get_keys_pos(Loader *L, uint32_t obj, const char *desc, const KeySpec *spec, size_t n, TopVal *val) {
    for (size_t i = 0; i < n; i++) val[i] = (TopVal){PNONE, 0, spec[i].name};
    uint32_t o = 0;
    for (uint32_t m = pchild(L, obj); m != PNONE; m = psib(L, obj, m), o++) {
        char key[128];
        size_t kl = pdecode(L, key_offset(L->src, pnode(L, m)->off), key, sizeof key);
        if (is_comment_key(key)) continue;
        size_t i = 0;
        if (kl < sizeof key)
            while (i < n && strcmp(spec[i].name, key) != 0) i++;
        else
            i = n;
        push_named(L, key, o);
        if (i == n) unknown_key(L, key, desc, spec, n);
        else if (val[i].pos != PNONE)
            err_key(L, LSR_SEV_ERROR, "E_DUPLICATE_KEY", "key '%s' appears more than once in %s", spec[i].name, desc);
        else
            val[i].pos = m, val[i].ord = o;
        pop(L);
    }
    for (size_t i = 0; i < n; i++)
        if (spec[i].required && val[i].pos == PNONE)
            err(L, "E_MISSING_KEY", "%s is missing required key '%s'", desc, spec[i].name);
}

/* Runs `body` with v bound to the top-level value t parsed alone. */
#define WITH_TOP(L, t, v, ...)                      \
    do {                                            \
        if ((t).pos != PNONE) {                     \
            const cJSON *v = parse_at(L, (t).pos);  \
            push_named(L, (t).key, (t).ord);        \
            if (v) {                                \
                __VA_ARGS__;                        \
            }                                       \
            pop(L);                                 \
        }                                           \
    } while (0)

typedef void (*ElemFn)(Loader *L, const cJSON *e, uint32_t i);

/* Parses, checks and compiles each entry of a top-level array in turn, so
 * only one entry's cJSON tree exists at a time. */
static void each_element(Loader *L, TopVal t, ElemFn fn, bool objects) {
    if (t.pos == PNONE) return;
    push_named(L, t.key, t.ord);
    if (ptype(L, t.pos) != '[') {
        err(L, "E_TYPE", "'%s' must be an array, not %s", t.key, ptype_name(ptype(L, t.pos)));
    } else {
        uint32_t i = 0;
        for (uint32_t c = pchild(L, t.pos); c != PNONE && !L->oom; c = psib(L, t.pos, c), i++) {
            push_idx(L, NULL, i);
            const cJSON *e = parse_at(L, c);
            if (e && (!objects || v_object(L, e))) fn(L, e, i);
            pop(L);
        }
    }
    pop(L);
}

/* Refuses files of another major version, or without a usable "format". */
static bool check_format(Loader *L) {
    uint32_t ord = 0, f = pmember(L, 0, "format", &ord);
    if (f == PNONE) {
        err(L, "E_FORMAT_VERSION", "the file has no 'format'; this leftsr reads format 1.x (add \"format\": \"1.0\")");
        return false;
    }
    bool ok = false;
    push_named(L, "format", ord);
    if (ptype(L, f) != '"') {
        err(L, "E_FORMAT_VERSION", "'format' must be a string such as \"1.0\", not %s; this leftsr reads format 1.x",
            ptype_name(ptype(L, f)));
    } else {
        char s[32];
        size_t len = pdecode(L, pnode(L, f)->off, s, sizeof s), a = 0, b;
        while (is_digit(s[a])) a++;
        b = a + 1;
        while (s[a] == '.' && is_digit(s[b])) b++;
        if (len >= sizeof s || a == 0 || a > 4 || s[a] != '.' || b == a + 1 || b - a - 1 > 4 || s[b] != '\0') {
            err(L, "E_FORMAT_VERSION", "format '%s' is not of the form MAJOR.MINOR; this leftsr reads format 1.x",
                clip(L, s));
        } else if (atoi(s) != LSR_FORMAT_MAJOR) {
            err(L, "E_FORMAT_VERSION", "format %s is not supported; this leftsr reads format 1.x", s);
        } else {
            L->format_minor = atoi(s + a + 1);
            ok = true;
        }
    }
    pop(L);
    return ok;
}

/* Breadth-first walk from the start over next/outcomes/otherwise/pass/fail;
 * an event's `next` is reachable from anywhere. `end` reaches the endings up
 * to the first one without a condition. */
static void graph_checks(Loader *L, TopVal steps_t, TopVal endings_t) {
    LsrScenario *sc = L->sc;
    uint32_t ns = sc->n_steps, ne = sc->n_endings, n = ns + ne;
    uint32_t catchall = ne;
    for (uint32_t e = 0; e < ne; e++)
        if (L->endings[e].cond == 0) {
            catchall = e;
            break;
        }
    if (L->used_end && catchall == ne && endings_t.pos != PNONE) {
        push_named(L, endings_t.key, endings_t.ord);
        warn(L, "W_NO_CATCHALL_ENDING",
             "\"next\": \"end\" is used but every ending has a condition; when none holds the game gets stuck");
        pop(L);
    }
    if (L->graph_broken || sc->start == LSR_NEXT_NONE || L->errors) return;
    uint8_t *seen = lsr_calloc(n ? n : 1, 1);
    uint32_t *queue = lsr_malloc((n ? n : 1) * sizeof *queue);
    if (!seen || !queue) {
        lsr_free(seen);
        lsr_free(queue);
        L->oom = true;
        return;
    }
    uint32_t qh = 0, qt = 0;
    bool end_done = false;
#define VISIT(x)                                                                  \
    do {                                                                          \
        uint32_t x_ = (x);                                                        \
        if (x_ == LSR_NEXT_END) {                                                 \
            if (!end_done) {                                                      \
                end_done = true;                                                  \
                for (uint32_t e_ = 0; e_ < ne && e_ <= catchall; e_++)            \
                    if (!seen[ns + e_]) seen[ns + e_] = 1, queue[qt++] = ns + e_; \
            }                                                                     \
        } else if (x_ < n && !seen[x_]) {                                         \
            seen[x_] = 1, queue[qt++] = x_;                                       \
        }                                                                         \
    } while (0)
    VISIT(sc->start);
    for (uint32_t e = 0; e < sc->n_events; e++) VISIT(L->events[e].next);
    while (qh < qt) {
        uint32_t x = queue[qh++];
        if (x >= ns) continue;
        const LsrStep *st = &L->steps[x];
        if (st->cond) VISIT(st->otherwise);
        if (st->type == LSR_STEP_VOTE) {
            VISIT(st->pass.next);
            VISIT(st->fail.next);
            continue;
        }
        for (uint32_t c = st->choices_first; c < st->choices_first + st->n_choices; c++) {
            const LsrChoice *ch = &L->choices[c];
            if (ch->next != LSR_NEXT_NONE) VISIT(ch->next);
            for (uint32_t o = ch->outcomes_first; o < ch->outcomes_first + ch->n_outcomes; o++)
                VISIT(L->outcomes[o].next);
        }
    }
#undef VISIT
    const char *start = L->steps[sc->start].id;
    for (uint32_t x = 0; x < n; x++) {
        if (seen[x]) continue;
        bool is_step = x < ns;
        TopVal t = is_step ? steps_t : endings_t;
        push_named(L, t.key, t.ord);
        push_idx(L, NULL, is_step ? x : x - ns);
        if (is_step)
            err(L, "E_UNREACHABLE", "step '%s' cannot be reached from the start step '%s'", clip(L, L->steps[x].id),
                clip(L, start));
        else if (end_done && x - ns > catchall)
            err(L, "E_UNREACHABLE",
                "ending '%s' cannot be reached: nothing names it and \"end\" stops at the catch-all ending '%s' "
                "before it",
                clip(L, L->endings[x - ns].id), clip(L, L->endings[catchall].id));
        else
            err(L, "E_UNREACHABLE", "ending '%s' cannot be reached from the start step '%s'",
                clip(L, L->endings[x - ns].id), clip(L, start));
        pop(L);
        pop(L);
    }
    lsr_free(seen);
    lsr_free(queue);
}

static void nonempty(Loader *L, TopVal t, const char *what_) {
    if (t.pos == PNONE || ptype(L, t.pos) != '[' || pchild(L, t.pos) != PNONE) return;
    push_named(L, t.key, t.ord);
    err(L, "E_LIMIT", "'%s' is empty; a scenario needs at least one %s", t.key, what_);
    pop(L);
}

static void compile_all(Loader *L) {
    LsrScenario *sc = L->sc;
    if (ptype(L, 0) != '{') {
        err(L, "E_TYPE", "a scenario file must hold a JSON object, not %s", ptype_name(ptype(L, 0)));
        return;
    }
    uint32_t tord = 0, type = pmember(L, 0, "type", &tord);
    if (type != PNONE && ptype(L, type) == '"' && L->len - pnode(L, type)->off >= 10 &&
        memcmp(L->src + pnode(L, type)->off, "\"campaign\"", 10) == 0) {
        push_named(L, "type", tord);
        err(L, "E_BAD_VALUE", "this file is a campaign, not a scenario; load it as a campaign");
        pop(L);
        return;
    }
    if (!check_format(L)) return;
    TopVal k[TK_COUNT];
    get_keys_pos(L, 0, "the scenario", k_top_keys, TK_COUNT, k);
    L->lang = "en";
    WITH_TOP(L, k[TK_LANGUAGE], v, {
        const char *lg = v_string(L, v, true);
        if (lg && !valid_lang(lg))
            err(L, "E_BAD_VALUE", "'%s' is not a language code such as 'en' or 'ru'", clip(L, lg));
        else if (lg)
            L->lang = adup(L, lg);
    });
    sc->language = L->lang;
    WITH_TOP(L, k[TK_ID], v, {
        const char *id = v_string(L, v, false);
        if (id && !valid_id(id))
            err(L, "E_BAD_ID",
                "'%s' is not a valid id; use 1-63 characters from a-z, 0-9, '-' and '_', starting with a letter",
                clip(L, id));
        if (id) sc->id = adup(L, id);
    });
    if (!sc->id) sc->id = "";
    WITH_TOP(L, k[TK_PERIOD], pm, if (v_object(L, pm)) {
        const cJSON *pk[2];
        bool a = false, b = false;
        get_keys(L, pm, "'period'", k_period_keys, 2, pk);
        if (pk[0]) WITH(L, pm, pk[0], a = v_date(L, pk[0], &L->pstart));
        if (pk[1]) WITH(L, pm, pk[1], b = v_date(L, pk[1], &L->pend));
        if (a && b && lsr_date_cmp(L->pstart, L->pend) > 0)
            WITH(L, pm, pk[1],
                 err(L, "E_BAD_DATE", "the period ends (%s) before it starts (%s)", pk[1]->valuestring,
                     pk[0]->valuestring));
        else if (a && b)
            L->period_ok = true;
        sc->period_start = L->pstart;
        sc->period_end = L->pend;
    });
    sc->title.s = sc->briefing.s = "";
    WITH_TOP(L, k[TK_TITLE], v, v_text(L, v, &sc->title));
    WITH_TOP(L, k[TK_BRIEFING], v, v_text(L, v, &sc->briefing));

    const TopVal top[7] = {k[TK_SOURCES], k[TK_VARIABLES], k[TK_BLOCS], k[TK_ACTORS],
                           k[TK_STEPS],   k[TK_EVENTS],    k[TK_ENDINGS]};
    pass1(L, top);
    if (L->oom) return;
    nonempty(L, k[TK_SOURCES], "source");
    nonempty(L, k[TK_VARIABLES], "variable");
    nonempty(L, k[TK_STEPS], "step");
    nonempty(L, k[TK_ENDINGS], "ending");
    uint32_t ng = pcount(L, k[TK_GOALS].pos), ngl = pcount(L, k[TK_GLOSSARY].pos);
    sc->goals = L->goals = aarray(L, ng, sizeof(LsrText));
    sc->n_goals = ng;
    sc->glossary = L->glossary = aarray(L, ngl, sizeof(LsrGlossary));
    sc->n_glossary = ngl;
    sc->historical_ending = LSR_NEXT_NONE;
    if (L->oom) return;
    each_element(L, k[TK_GOALS], compile_goal, false);
    each_element(L, k[TK_SOURCES], compile_source, true);
    each_element(L, k[TK_GLOSSARY], compile_glossary_entry, true);
    each_element(L, k[TK_BLOCS], compile_bloc, true);
    each_element(L, k[TK_ACTORS], compile_actor, true);
    each_element(L, k[TK_ENDINGS], compile_ending, true);
    if (L->n_hist_endings == 0 && sc->n_endings > 0) {
        push_named(L, k[TK_ENDINGS].key, k[TK_ENDINGS].ord);
        err(L, "E_HISTORICAL_ENDING", "no ending is marked \"historical\": true; exactly one must be");
        pop(L);
    }
    each_element(L, k[TK_VARIABLES], compile_var, true);
    if (k[TK_STEPS].pos == PNONE || ptype(L, k[TK_STEPS].pos) != '[') L->graph_broken = true;
    each_element(L, k[TK_STEPS], compile_step, true);
    each_element(L, k[TK_EVENTS], compile_event, true);
    sc->start = LSR_NEXT_NONE;
    WITH_TOP(L, k[TK_START], v, sc->start = v_step_ref(L, v));
    if (L->oom) return;

    /* Historical final values: the entry at the historical ending, else the last. */
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        LsrVar *var = &L->vars[v];
        if (!var->n_hist) continue;
        var->has_hist_final = true;
        var->hist_final = var->hist[var->n_hist - 1].value;
        for (uint32_t h = 0; h < var->n_hist; h++)
            if (sc->historical_ending != LSR_NEXT_NONE && var->hist[h].at == sc->n_steps + sc->historical_ending)
                var->hist_final = var->hist[h].value;
    }
    if (k[TK_STEPS].pos != PNONE && k[TK_ENDINGS].pos != PNONE && ptype(L, k[TK_STEPS].pos) == '[' &&
        ptype(L, k[TK_ENDINGS].pos) == '[')
        graph_checks(L, k[TK_STEPS], k[TK_ENDINGS]);
}

/* Copies the growable tables into the arena and lays out the state. */
/* Moves a temporary table into the arena, freeing it at once (keeps the peak low). */
static const void *to_arena(Loader *L, LsrVec *v, uint32_t *count) {
    *count = (uint32_t)v->len;
    void *p = L->oom ? NULL : lsr_arena_memdup(L->arena, v->data, v->len * v->elem);
    if (!p) L->oom = true;
    lsr_vec_free(v);
    return p;
}

static void finalize(Loader *L) {
    LsrScenario *sc = L->sc;
    LsrScenarioImpl *impl = &L->out->impl;
    sc->nodes = to_arena(L, &L->nodes, &sc->n_nodes);
    sc->kids = to_arena(L, &L->kids, &sc->n_kids);
    sc->effects = to_arena(L, &L->effects, &sc->n_effects);
    sc->positions = to_arena(L, &L->positions, &sc->n_positions);
    sc->source_refs = to_arena(L, &L->srcrefs, &sc->n_source_refs);
    if (L->oom) return;
    sc->n_flags = L->n_flags;
    uint32_t fire_words = (sc->n_events + 3u) / 4u, flag_words = (L->n_flags + 31u) / 32u;
    impl->fires_word0 = 1u + sc->n_vars;
    impl->flags_word0 = impl->fires_word0 + fire_words;
    sc->state_words = impl->flags_word0 + flag_words;
    impl->step_flag = L->step_flag;
    impl->choice_flag = L->choice_flag;
}

/* Sorts this load's diagnostics by position (stable; unpositioned first). */
static void sort_diags(LsrDiagList *d, size_t from) {
    if (!d) return;
    for (size_t i = from + 1; i < d->count; i++) {
        LsrDiag t = d->items[i];
        size_t j = i;
        while (j > from && (d->items[j - 1].line > t.line ||
                            (d->items[j - 1].line == t.line && d->items[j - 1].col > t.col))) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = t;
    }
}

static const char *dir_of(LsrArena *a, const char *name) {
    const char *slash = strrchr(name, '/');
    if (!slash) return lsr_arena_strdup(a, ".");
    if (slash == name) return lsr_arena_strdup(a, "/");
    return lsr_arena_strndup(a, name, (size_t)(slash - name));
}

static void loader_free_temps(Loader *L) {
    tree_free(L);
    lsr_vec_free(&L->pos);
    lsr_vec_free(&L->lines);
    lsr_vec_free(&L->nodes);
    lsr_vec_free(&L->kids);
    lsr_vec_free(&L->effects);
    lsr_vec_free(&L->positions);
    lsr_vec_free(&L->srcrefs);
}

/* ============================================================ public API */

LsrStatus lsr_scenario_load_buffer(const char *name, const char *data, size_t len, LsrScenario **out,
                                   LsrDiagList *diags) {
    if (out) *out = NULL;
    if (!out || (!data && len)) return LSR_ERR_ARG;
    if (!name) name = "<buffer>";
    Loader L;
    memset(&L, 0, sizeof L);
    L.name = name;
    L.src = data ? data : "";
    L.len = len;
    L.d = diags;
    L.diag_start = diags ? diags->count : 0;
    lsr_vec_init(&L.pos, sizeof(PosNode));
    lsr_vec_init(&L.lines, sizeof(uint32_t));
    lsr_vec_init(&L.nodes, sizeof(LsrNode));
    lsr_vec_init(&L.kids, sizeof(uint32_t));
    lsr_vec_init(&L.effects, sizeof(LsrEffect));
    lsr_vec_init(&L.positions, sizeof(LsrPosition));
    lsr_vec_init(&L.srcrefs, sizeof(uint32_t));

    if (len > MAX_FILE_BYTES) {
        err_at_offset(&L, "E_FILE_TOO_LARGE", (size_t)-1, "the file is %zu bytes; the limit is 16 MiB (16777216 bytes)",
                      len);
        return LSR_ERR_INVALID;
    }
    size_t bad = lsr_utf8_invalid_at(L.src, len);
    if (bad != (size_t)-1) {
        err_at_offset(&L, "E_UTF8", bad, "invalid UTF-8: byte 0x%02X at offset %zu does not start a valid sequence",
                      (unsigned)(unsigned char)L.src[bad], bad);
        return LSR_ERR_INVALID;
    }
    JsonScan js;
    memset(&js, 0, sizeof js);
    js.s = L.src;
    js.n = len;
    js.rec = &L.pos;
    if (!json_scan(&js)) {
        lsr_vec_free(&L.pos);
        if (js.oom) {
            err_at_offset(&L, "E_NOMEM", (size_t)-1, "out of memory while scanning the JSON");
            return LSR_ERR_NOMEM;
        }
        err_at_offset(&L, js.code, js.err_at, "%s", js.err);
        return LSR_ERR_INVALID;
    }
    L.arena = lsr_arena_create(len / 2 + 4096);
    if (L.arena) {
        L.out = lsr_arena_alloc(L.arena, sizeof *L.out);
    }
    LsrNode *zero = L.out ? lsr_vec_push(&L.nodes) : NULL; /* node 0: "true" / constant 0 */
    if (!zero) {
        L.oom = true;
    } else {
        L.sc = &L.out->impl.pub;
        L.sc->arena = L.arena;
        L.sc->path = lsr_arena_strdup(L.arena, name);
        L.sc->dir = dir_of(L.arena, name);
        L.sc->content_hash = lsr_hash64(data, len, 0);
        L.sc->language = "en";
        L.sc->id = "";
        if (!L.sc->path || !L.sc->dir) L.oom = true;
        else compile_all(&L);
        /* Positions are no longer needed: free them before the final copy. */
        lsr_vec_free(&L.pos);
        lsr_vec_free(&L.lines);
        L.sc->format_minor = L.format_minor;
        if (!L.oom && !L.errors) finalize(&L);
    }
    loader_free_temps(&L);
    if (L.oom) {
        lsr_arena_destroy(L.arena);
        /* Best effort: the list may not be able to grow either. */
        err_at_offset(&L, "E_NOMEM", (size_t)-1, "out of memory while loading the scenario");
        sort_diags(diags, L.diag_start);
        return LSR_ERR_NOMEM;
    }
    sort_diags(diags, L.diag_start);
    if (L.errors) {
        lsr_arena_destroy(L.arena);
        return LSR_ERR_INVALID;
    }
    *out = L.sc;
    return LSR_OK;
}

LsrStatus lsr_scenario_load_file(const char *path, LsrScenario **out, LsrDiagList *diags) {
    if (out) *out = NULL;
    if (!path || !out) return LSR_ERR_ARG;
    FILE *f = fopen(path, "rb");
    if (!f) {
        lsr_diag_add(diags, LSR_SEV_ERROR, "E_IO", 0, 0, "", "cannot open the file: %s", strerror(errno));
        return LSR_ERR_IO;
    }
    struct stat stt;
    if (fstat(fileno(f), &stt) == 0) {
        if (S_ISDIR(stt.st_mode)) {
            fclose(f);
            lsr_diag_add(diags, LSR_SEV_ERROR, "E_IO", 0, 0, "", "cannot read the file: %s", strerror(EISDIR));
            return LSR_ERR_IO;
        }
        if (S_ISREG(stt.st_mode) && (uintmax_t)stt.st_size > MAX_FILE_BYTES) {
            fclose(f);
            lsr_diag_add(diags, LSR_SEV_ERROR, "E_FILE_TOO_LARGE", 0, 0, "",
                         "the file is %jd bytes; the limit is 16 MiB (16777216 bytes)", (intmax_t)stt.st_size);
            return LSR_ERR_INVALID;
        }
    }
    size_t cap = S_ISREG(stt.st_mode) ? (size_t)stt.st_size + 1 : 65536, len = 0;
    char *buf = lsr_malloc(cap);
    if (!buf) {
        fclose(f);
        return LSR_ERR_NOMEM;
    }
    for (;;) {
        if (len == cap) {
            if (cap > MAX_FILE_BYTES) break;
            size_t ncap = cap * 2;
            char *nb = lsr_realloc(buf, ncap);
            if (!nb) {
                lsr_free(buf);
                fclose(f);
                return LSR_ERR_NOMEM;
            }
            buf = nb, cap = ncap;
        }
        size_t r = fread(buf + len, 1, cap - len, f);
        len += r;
        if (r == 0) break;
    }
    int read_err = ferror(f) ? errno : 0;
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        lsr_free(buf);
        lsr_diag_add(diags, LSR_SEV_ERROR, "E_IO", 0, 0, "", "cannot read the file: %s",
                     strerror(read_err ? read_err : EIO));
        return LSR_ERR_IO;
    }
    if (len > MAX_FILE_BYTES) {
        lsr_free(buf);
        lsr_diag_add(diags, LSR_SEV_ERROR, "E_FILE_TOO_LARGE", 0, 0, "",
                     "the file is larger than 16 MiB (16777216 bytes)");
        return LSR_ERR_INVALID;
    }
    LsrStatus st = lsr_scenario_load_buffer(path, buf, len, out, diags);
    lsr_free(buf);
    return st;
}

void lsr_scenario_free(LsrScenario *sc) {
    if (!sc) return;
    lsr_arena_destroy(sc->arena);
}

static const LsrLoaded *loaded(const LsrScenario *sc) { return (const LsrLoaded *)(const void *)sc; }

uint32_t lsr_find_var(const LsrScenario *sc, const char *id) {
    return sc ? ix_find(sc, &loaded(sc)->ix[K_VAR], K_VAR, id, 0) : LSR_NEXT_NONE;
}

uint32_t lsr_find_node(const LsrScenario *sc, const char *id) {
    return sc ? ix_find(sc, &loaded(sc)->ix[K_NODE], K_NODE, id, 0) : LSR_NEXT_NONE;
}

uint32_t lsr_find_choice(const LsrScenario *sc, uint32_t step, const char *id) {
    if (!sc || step >= sc->n_steps) return LSR_NEXT_NONE;
    uint32_t g = ix_find(sc, &loaded(sc)->ix[K_CHOICE], K_CHOICE, id, step);
    return g == LSR_NEXT_NONE ? g : g - sc->steps[step].choices_first;
}

uint32_t lsr_find_source(const LsrScenario *sc, const char *id) {
    return sc ? ix_find(sc, &loaded(sc)->ix[K_SOURCE], K_SOURCE, id, 0) : LSR_NEXT_NONE;
}

uint32_t lsr_find_event(const LsrScenario *sc, const char *id) {
    return sc ? ix_find(sc, &loaded(sc)->ix[K_EVENT], K_EVENT, id, 0) : LSR_NEXT_NONE;
}

const char *lsr_node_id(const LsrScenario *sc, uint32_t node) {
    if (node == LSR_NEXT_END) return "end";
    if (!sc || node == LSR_NEXT_NONE) return "(none)";
    if (node < sc->n_steps) return sc->steps[node].id;
    if (node - sc->n_steps < sc->n_endings) return sc->endings[node - sc->n_steps].id;
    return "(none)";
}
