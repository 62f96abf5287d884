/* The JSON text of a scenario: a strict scanner that records where every
 * value starts (the value table), and readers of that table for pass 1.
 *
 * The scanner checks strict JSON (RFC 8259), a little stricter than cJSON
 * so that a file it accepts always parses: numbers of at most 63 characters
 * (cJSON's buffer), no \u0000, no unpaired surrogates. It validates, and
 * when asked, records for every value the offset where it starts, the
 * offset of its key (members only) and the index just past its subtree
 * (preorder). */
#include "load_internal.h"

#include <stdio.h>
#include <string.h>

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

static bool read_hex4(const JsonScan *js, size_t at, unsigned *out) {
    if (at + 4 > js->n) return false;
    unsigned v = 0;
    for (size_t k = 0; k < 4; k++) {
        int h = ld_hexval(js->s[at + k]);
        if (h < 0) return false;
        v = v * 16u + (unsigned)h;
    }
    *out = v;
    return true;
}

static bool scan_string(JsonScan *js) {
    const char *s = js->s;
    size_t n = js->n, start = js->i, i = js->i + 1;
    for (;;) {
        i = ld_plain_run(s, i, n);
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

static bool scan_number(JsonScan *js) {
    const char *s = js->s;
    size_t n = js->n, start = js->i, i = js->i;
    if (i < n && s[i] == '-') i++;
    if (i >= n || !ld_is_digit(s[i])) return scan_fail(js, start, "E_JSON_SYNTAX", "invalid number");
    if (s[i] == '0') {
        i++;
        if (i < n && ld_is_digit(s[i]))
            return scan_fail(js, start, "E_JSON_SYNTAX", "numbers must not start with a leading zero");
    } else {
        while (i < n && ld_is_digit(s[i])) i++;
    }
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !ld_is_digit(s[i]))
            return scan_fail(js, start, "E_JSON_SYNTAX", "invalid number: a digit must follow '.'");
        while (i < n && ld_is_digit(s[i])) i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= n || !ld_is_digit(s[i]))
            return scan_fail(js, start, "E_JSON_SYNTAX", "invalid number: a digit must follow the exponent");
        while (i < n && ld_is_digit(s[i])) i++;
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
bool ld_json_scan(JsonScan *js) {
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
            } else if (c == '-' || ld_is_digit(c)) {
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

/* The opening quote of the key of the member whose value starts at voff
 * (in validated JSON: whitespace, ':', whitespace, then the key string),
 * or NO_OFF for array elements and the root. */
static uint32_t key_span(const char *s, uint32_t voff, uint32_t *close) {
    size_t i = voff;
    while (i > 0 && ld_is_ws(s[i - 1])) i--;
    if (i == 0 || s[i - 1] != ':') return NO_OFF;
    i--;
    while (i > 0 && ld_is_ws(s[i - 1])) i--;
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

uint32_t ld_key_offset(const char *s, uint32_t voff) {
    uint32_t close;
    return key_span(s, voff, &close);
}

/* ============================================================ value table
 * Reads the table the scanner recorded: kinds, members, keys, strings. */

const char *ld_ptype_name(char t) {
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

uint32_t ld_pcount(const Loader *L, uint32_t arr) {
    uint32_t n = 0;
    if (arr == PNONE || ld_ptype(L, arr) != '[') return 0;
    for (uint32_t c = ld_pchild(L, arr); c != PNONE; c = ld_psib(L, arr, c)) n++;
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
size_t ld_pdecode(const Loader *L, uint32_t off, char *buf, size_t n) {
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
            for (int k = 0; k < 4; k++) cp = cp * 16u + (unsigned)ld_hexval(s[i + (size_t)k]);
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                for (int k = 0; k < 4; k++) lo = lo * 16u + (unsigned)ld_hexval(s[i + 2 + (size_t)k]);
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
    uint32_t close = 0, ko = key_span(L->src, ld_pnode(L, i)->off, &close);
    if (ko == NO_OFF) return false;
    size_t n = strlen(name), raw = close - ko - 1;
    const char *k = L->src + ko + 1;
    if (raw == n && memcmp(k, name, n) == 0) return true;
    if (!memchr(k, '\\', raw)) return false;
    char buf[64];
    return ld_pdecode(L, ko, buf, sizeof buf) == n && strcmp(buf, name) == 0;
}

/* First member of obj named `name` and its ordinal, or PNONE. */
uint32_t ld_pmember(const Loader *L, uint32_t obj, const char *name, uint32_t *ord) {
    uint32_t o = 0;
    if (obj == PNONE || ld_ptype(L, obj) != '{') return PNONE;
    for (uint32_t m = ld_pchild(L, obj); m != PNONE; m = ld_psib(L, obj, m), o++)
        if (pkey_is(L, m, name)) {
            if (ord) *ord = o;
            return m;
        }
    return PNONE;
}

/* The decoded string value i, copied into the arena. */
const char *ld_pstr_dup(Loader *L, uint32_t i) {
    uint32_t off = ld_pnode(L, i)->off;
    size_t n = ld_pdecode(L, off, NULL, 0);
    char *buf = ld_aalloc(L, n + 1);
    if (!buf) return NULL;
    ld_pdecode(L, off, buf, n + 1);
    return buf;
}
