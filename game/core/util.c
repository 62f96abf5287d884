/* Small pure helpers: hashing, saturating arithmetic, UTF-8, dates, text. */
/* realpath is X/Open. */
#define _XOPEN_SOURCE 700
#include "internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

const char *lsr_status_str(LsrStatus st) {
    switch (st) {
    case LSR_OK: return "ok";
    case LSR_ERR_IO: return "I/O error";
    case LSR_ERR_INVALID: return "invalid content";
    case LSR_ERR_NOMEM: return "out of memory";
    case LSR_ERR_ARG: return "invalid argument";
    case LSR_ERR_UNAVAILABLE: return "choice not available";
    case LSR_ERR_ENDED: return "game has ended";
    case LSR_ERR_SAVE: return "save file is corrupt or not a leftsr save";
    case LSR_ERR_MISMATCH: return "save belongs to another version of the scenario";
    case LSR_ERR_REPLAY: return "saved choices no longer apply";
    }
    return "unknown status";
}

/* Little-endian 8-byte load: the same hash on every platform. */
static uint64_t load_le64(const unsigned char *p) {
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* Not cryptographic: a multiply-xorshift over 8-byte words (one multiply
 * per word instead of one per byte), the 0-7 byte tail as a last word, the
 * length mixed in first and a final avalanche. */
uint64_t lsr_hash64(const void *data, size_t n, uint64_t seed) {
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    const unsigned char *p = data;
    uint64_t h = (seed ? seed : 0xcbf29ce484222325ull) ^ ((uint64_t)n * 0xff51afd7ed558ccdull);
    for (; n >= 8; p += 8, n -= 8) {
        h = (h ^ load_le64(p)) * k;
        h ^= h >> 32;
    }
    if (n) {
        uint64_t w = 0;
        for (size_t i = n; i-- > 0;) w = (w << 8) | p[i];
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

int64_t lsr_sat_add(int64_t a, int64_t b) {
    if (b > 0 && a > INT64_MAX - b) return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b) return INT64_MIN;
    return a + b;
}

int64_t lsr_sat_sub(int64_t a, int64_t b) {
    if (b < 0 && a > INT64_MAX + b) return INT64_MAX;
    if (b > 0 && a < INT64_MIN + b) return INT64_MIN;
    return a - b;
}

int64_t lsr_sat_mul(int64_t a, int64_t b) {
    if (a == 0 || b == 0) return 0;
    bool neg = (a < 0) != (b < 0);
    uint64_t ua = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
    uint64_t ub = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
    if (ua > (uint64_t)INT64_MAX / ub) return neg ? INT64_MIN : INT64_MAX;
    int64_t r = (int64_t)(ua * ub);
    return neg ? -r : r;
}

size_t lsr_utf8_invalid_at(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII fast path: 8 bytes with no high bit at a time. */
        while (n - i >= 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned c = p[i];
        size_t len;
        unsigned minv;
        if (c < 0x80) { i++; continue; }
        else if ((c & 0xE0) == 0xC0) { len = 2; minv = 0x80; c &= 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; minv = 0x800; c &= 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; minv = 0x10000; c &= 0x07; }
        else return i;
        if (i + len > n) return i;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80) return i;
            c = (c << 6) | (p[i + k] & 0x3Fu);
        }
        if (c < minv || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return i;
        i += len;
    }
    return (size_t)-1;
}

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool lsr_date_parse(const char *s, LsrDate *out) {
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    int v[3] = {0, 0, 0};
    const int at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
    for (int f = 0; f < 3; f++) {
        for (int k = 0; k < len[f]; k++) {
            char c = s[at[f] + k];
            if (c < '0' || c > '9') return false;
            v[f] = v[f] * 10 + (c - '0');
        }
    }
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1) return false;
    int md = mdays[v[1] - 1] + (v[1] == 2 && is_leap(v[0]) ? 1 : 0);
    if (v[2] > md) return false;
    out->year = (int16_t)v[0];
    out->month = (uint8_t)v[1];
    out->day = (uint8_t)v[2];
    return true;
}

int lsr_date_cmp(LsrDate a, LsrDate b) {
    long ka = a.year * 10000L + a.month * 100L + a.day;
    long kb = b.year * 10000L + b.month * 100L + b.day;
    return ka < kb ? -1 : ka > kb;
}

size_t lsr_date_format(LsrDate d, char *buf, size_t n) { return lsr_date_format_lang(d, NULL, buf, n); }

/* Month names as each language writes a full date: Russian in the genitive
 * ("25 октября 1917 г."), Spanish with "de", French in lower case. */
size_t lsr_date_format_lang(LsrDate d, const char *lang, char *buf, size_t n) {
    static const char *const en[12] = {"January", "February", "March", "April", "May", "June",
                                       "July", "August", "September", "October", "November", "December"};
    static const char *const ru[12] = {"января", "февраля", "марта", "апреля", "мая", "июня",
                                       "июля", "августа", "сентября", "октября", "ноября", "декабря"};
    static const char *const es[12] = {"enero", "febrero", "marzo", "abril", "mayo", "junio",
                                       "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"};
    static const char *const fr[12] = {"janvier", "février", "mars", "avril", "mai", "juin",
                                       "juillet", "août", "septembre", "octobre", "novembre", "décembre"};
    int r;
    bool has_month = d.month >= 1 && d.month <= 12;
    const char *l = lang ? lang : "en";
    if (!has_month)
        r = strncmp(l, "ru", 2) == 0 ? snprintf(buf, n, "%d г.", d.year) : snprintf(buf, n, "%d", d.year);
    else if (strncmp(l, "ru", 2) == 0)
        r = snprintf(buf, n, "%u %s %d г.", (unsigned)d.day, ru[d.month - 1], d.year);
    else if (strncmp(l, "es", 2) == 0)
        r = snprintf(buf, n, "%u de %s de %d", (unsigned)d.day, es[d.month - 1], d.year);
    else if (strncmp(l, "fr", 2) == 0)
        r = snprintf(buf, n, "%u%s %s %d", (unsigned)d.day, d.day == 1 ? "er" : "", fr[d.month - 1], d.year);
    else
        r = snprintf(buf, n, "%u %s %d", (unsigned)d.day, en[d.month - 1], d.year);
    return r < 0 ? 0 : (size_t)r;
}

size_t lsr_edit_distance(const char *a, const char *b, size_t cap) {
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return cap + 1;
    size_t diff = la > lb ? la - lb : lb - la;
    if (diff > cap) return cap + 1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0], best = i;
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t sub = prev + (a[i - 1] != b[j - 1]);
            size_t del = row[j] + 1, ins = row[j - 1] + 1;
            size_t m = sub < del ? sub : del;
            row[j] = m < ins ? m : ins;
            if (row[j] < best) best = row[j];
            prev = cur;
        }
        if (best > cap) return cap + 1;
    }
    return row[lb] > cap ? cap + 1 : row[lb];
}

const char *lsr_tx(const LsrText *t, const char *lang) {
    if (!t || !t->s) return "";
    if (lang && t->tr) {
        for (uint32_t i = 0; i < t->n_tr; i++)
            if (strcmp(t->tr[i].lang, lang) == 0) return t->tr[i].s;
    }
    return t->s;
}

bool lsr_path_inside(const char *dir, const char *rel) {
    if (!rel || !*rel || rel[0] == '/' || strchr(rel, '\\')) return false;
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') return false;
        p += n;
        if (*p) p++;
    }
    if (!dir || !*dir) dir = ".";
    char full[PATH_MAX], rdir[PATH_MAX], rfull[PATH_MAX];
    int w = snprintf(full, sizeof full, "%s/%s", dir, rel);
    if (w < 0 || (size_t)w >= sizeof full) return false;
    /* No folder on disk (a buffer with a made-up name): nothing to follow. */
    if (!realpath(dir, rdir)) return true;
    size_t n = strlen(rdir);
    if (!realpath(full, rfull)) {
        /* Missing: refused when it is a dangling link, or when the folders
         * on its way that exist lead out (outdir -> /etc, then outdir/x). */
        struct stat st;
        if (lstat(full, &st) == 0) return false;
        char up[PATH_MAX];
        memcpy(up, full, (size_t)w + 1);
        for (char *slash = strrchr(up, '/'); slash; slash = strrchr(up, '/')) {
            *slash = '\0';
            if (realpath(up[0] ? up : "/", rfull))
                return n == 1 || (strncmp(rfull, rdir, n) == 0 && (rfull[n] == '/' || rfull[n] == '\0'));
        }
        return true;
    }
    if (n == 1) return true; /* the folder is / */
    return strncmp(rfull, rdir, n) == 0 && rfull[n] == '/';
}

/* Code points that reorder or hide text without being seen: bidi marks,
 * embeddings, overrides and isolates, invisible separators and the BOM.
 * (The zero-width joiners U+200C/U+200D stay: scripts need them.) */
static bool invisible_control(uint32_t c) {
    return c == 0x061C || c == 0x200B || c == 0x200E || c == 0x200F || c == 0x2028 || c == 0x2029 ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) ||
           c == 0xFEFF;
}

/* One decoded UTF-8 sequence at p (n bytes left): its length, or 0 when invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n, uint32_t *cp) {
    unsigned c = p[0];
    size_t len;
    uint32_t minv;
    if (c < 0x80) { *cp = c; return 1; }
    if ((c & 0xE0) == 0xC0) { len = 2; minv = 0x80; c &= 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; minv = 0x800; c &= 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; minv = 0x10000; c &= 0x07; }
    else return 0;
    if (len > n) return 0;
    uint32_t v = c;
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (p[k] & 0x3Fu);
    }
    if (v < minv || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

size_t lsr_text_safe(const char *s, char *out, size_t n, unsigned flags) {
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t len = strlen((const char *)p), w = 0, end = 0;
    bool full = !out || n == 0;
    for (size_t i = 0; i < len;) {
        uint32_t c = 0;
        size_t sl = utf8_seq(p + i, len - i, &c);
        char esc[16];
        const char *piece = esc;
        size_t plen;
        if (sl == 0) {
            piece = "\xEF\xBF\xBD"; /* U+FFFD for a byte that is not UTF-8 */
            plen = 3;
            sl = 1;
        } else if (c == '\t' || (c == '\n' && (flags & LSR_SAFE_MULTILINE))) {
            piece = (const char *)p + i;
            plen = 1;
        } else if (c < 0x20 || c == 0x7F) {
            int r = c == 0x1B ? snprintf(esc, sizeof esc, "\\e") : c == '\n' ? snprintf(esc, sizeof esc, "\\n")
                  : c == '\r' ? snprintf(esc, sizeof esc, "\\r") : snprintf(esc, sizeof esc, "\\x%02x", (unsigned)c);
            plen = (size_t)r;
        } else if ((c >= 0x80 && c <= 0x9F) || invisible_control(c)) {
            plen = (size_t)snprintf(esc, sizeof esc, "\\u%04x", (unsigned)c);
        } else {
            piece = (const char *)p + i;
            plen = sl;
        }
        /* Never cut a piece: the output ends at a character boundary. */
        if (!full && w + plen < n) {
            memcpy(out + w, piece, plen);
            end = w + plen;
        } else {
            full = true;
        }
        w += plen;
        i += sl;
    }
    if (out && n) out[end] = '\0';
    return w;
}

char *lsr_arena_safe_dup(LsrArena *a, const char *s, unsigned flags) {
    size_t n = lsr_text_safe(s, NULL, 0, flags);
    char *p = lsr_arena_alloc(a, n + 1);
    if (p) lsr_text_safe(s, p, n + 1, flags);
    return p;
}
