/* Diagnostics: the list the loader fills, the one-line format tools print,
 * and the table of every stable code (one X-macro list, printed by
 * `leftsr check --codes`). */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Every diagnostic code with a one-line summary. Codes are stable: tests,
 * editors and scripts match on them. E_ codes are errors, W_ warnings. */
#define LSR_DIAG_CODE_LIST(X)                                                                  \
    X(E_IO, "the file could not be opened or read (the message names the OS error)")          \
    X(E_NOMEM, "the loader ran out of memory")                                                \
    X(E_FILE_TOO_LARGE, "the file is larger than 16 MiB")                                     \
    X(E_UTF8, "the file is not valid UTF-8; the position is the first bad byte")              \
    X(E_TOO_DEEP, "JSON nesting is deeper than 64 levels")                                    \
    X(E_JSON_SYNTAX, "the file is not valid JSON; the position is where parsing stopped")     \
    X(E_FORMAT_VERSION, "\"format\" is missing, malformed or of a major version other than 1") \
    X(E_TYPE, "a value has the wrong JSON type (string, integer, object, ...)")               \
    X(E_MISSING_KEY, "a required key is absent; the position is the object that lacks it")    \
    X(E_UNKNOWN_KEY, "a key is not part of format v1 at that place (keys starting with _ are comments)") \
    X(E_DUPLICATE_KEY, "the same key appears twice in one object")                            \
    X(E_BAD_VALUE, "a value is not one of the words allowed there (e.g. \"type\", \"better\")") \
    X(E_BAD_ID, "an id is not 1-63 characters of a-z 0-9 - _ starting with a letter, or is reserved") \
    X(E_DUPLICATE_ID, "two things of the same kind share an id (steps and endings share one kind)") \
    X(E_UNKNOWN_REF, "a reference names a variable, step, ending, choice, source, event or bloc that does not exist") \
    X(E_BAD_DATE, "a date is not a real calendar date written YYYY-MM-DD, or the period is reversed") \
    X(E_DATE_OUTSIDE_PERIOD, "a step's date lies outside the scenario's period")              \
    X(E_BAD_TEXT, "a text is neither a string nor an object of language codes with the default language") \
    X(E_RANGE, "a number is outside its allowed range (min < max, initial and history in range, credit 0-1, ...)") \
    X(E_COND, "a condition is malformed")                                                     \
    X(E_EXPR, "a number expression is malformed")                                             \
    X(E_EFFECT, "an effect is malformed (needs exactly one of \"set\" or \"add\" and a \"value\")") \
    X(E_NEXT, "a choice needs exactly one of \"next\" and \"outcomes\"")                       \
    X(E_NO_HISTORY, "a decision lacks \"history\", or its history lacks a non-empty \"note\"")  \
    X(E_NO_SOURCE, "a history cites no source")                                               \
    X(E_SPLIT, "a vote position needs exactly one of \"vote\" and \"split\"; split shares must sum to 100") \
    X(E_COLOR, "a bloc color is not written #rrggbb")                                         \
    X(E_HISTORICAL_ENDING, "there is not exactly one ending with \"historical\": true")        \
    X(E_LIMIT, "a documented limit is exceeded (string length, counts of steps, choices, outcomes, ...)") \
    X(E_BAD_PATH, "a campaign names a scenario file that is not a relative path inside the campaign's folder") \
    X(E_CARRY, "a campaign carries a variable into its first scenario, which has nothing to carry from") \
    X(E_BAD_CONDITION, "a campaign epilogue condition is not all, any, not, var with a comparison, or reached") \
    X(E_UNREACHABLE, "no path from the start step leads to this step or ending")              \
    X(E_STUCK_STEP, "a decision has no choice that could ever be available")                  \
    X(E_ESTIMATE_NOT_VOTE, "\"estimate\" is given in the history of a decision; only a vote has a tally to estimate") \
    X(W_UNKNOWN_KEY, "an unknown key in a file of a newer minor format version; it is ignored") \
    X(W_NO_CATCHALL_ENDING, "\"next\": \"end\" is used but every ending has a condition, so the game can get stuck") \
    X(W_CREDIT_IGNORED, "a credit is given to the historical choice itself, which always earns full credit") \
    X(W_SCORED, "a variable is marked scored but cannot be scored (no \"better\" direction or no historical value)") \
    X(W_FORMAT_MINOR, "the file uses a format 1.1 feature but says \"format\": \"1.0\"; change it to \"1.1\"") \
    X(W_OTHERWISE_UNUSED, "a step has \"otherwise\" but no \"condition\", so \"otherwise\" is never used") \
    X(W_CONTESTED_NO_DISAGREEMENT, "a history is marked \"contested\" but has no \"disagreement\" text to show players") \
    X(E_PO_SYNTAX, "a translation catalogue (.po) is not valid gettext PO syntax")              \
    X(W_TR_MISSING, "check --lang: a text has no translation in the catalogue")                \
    X(W_TR_STALE, "check --lang: the English changed since the entry was translated (msgmerge, then review)") \
    X(W_TR_FUZZY, "check --lang: an entry is marked fuzzy and is not used until reviewed")      \
    X(W_TR_MALFORMED, "check --lang: a translation's placeholders, paragraph breaks or edge newlines differ from the English") \
    X(W_TR_UNUSED, "check --lang: a catalogue entry's context names no text of the scenario")

static const LsrDiagCodeInfo k_codes[] = {
#define LSR_DIAG_ENTRY(code, summary) {#code, summary},
    LSR_DIAG_CODE_LIST(LSR_DIAG_ENTRY)
#undef LSR_DIAG_ENTRY
};

const LsrDiagCodeInfo *lsr_diag_codes(size_t *count) {
    if (count) *count = sizeof k_codes / sizeof k_codes[0];
    return k_codes;
}

void lsr_diags_init(LsrDiagList *d) {
    if (!d) return;
    memset(d, 0, sizeof *d);
}

void lsr_diags_free(LsrDiagList *d) {
    if (!d) return;
    lsr_free(d->items);
    d->items = NULL;
    d->count = d->cap = 0;
}

/* Counts every problem, records up to the limit. When the list cannot grow
 * (out of memory) the diagnostic is dropped and `truncated` set: losing a
 * message must never turn an error into success, and the counts stay exact. */
void lsr_diag_add(LsrDiagList *d, LsrSeverity sev, const char *code, int line, int col,
                  const char *path, const char *fmt, ...) {
    if (!d) return;
    if (sev == LSR_SEV_ERROR) d->errors++;
    else d->warnings++;
    size_t limit = d->limit ? d->limit : 500;
    if (d->count >= limit) {
        d->truncated = true;
        return;
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        if (cap > limit) cap = limit;
        LsrDiag *items = lsr_realloc(d->items, cap * sizeof *items);
        if (!items) {
            d->truncated = true;
            return;
        }
        d->items = items;
        d->cap = cap;
    }
    LsrDiag *dg = &d->items[d->count++];
    memset(dg, 0, sizeof *dg);
    dg->severity = sev;
    dg->code = code ? code : "E_UNKNOWN";
    dg->line = line;
    dg->col = col;
    /* Paths hold the file's keys and messages quote its values: both are
     * made safe to print here, once, for every tool that shows them. */
    if (path) {
        size_t n = lsr_text_safe(path, dg->path, sizeof dg->path, 0);
        /* Keep the head and mark the cut; the position still points at the value. */
        if (n >= sizeof dg->path) {
            size_t k = strlen(dg->path);
            if (k > sizeof dg->path - 4) k = sizeof dg->path - 4;
            while (k && ((unsigned char)dg->path[k] & 0xC0) == 0x80) k--;
            memcpy(dg->path + k, "...", 4);
        }
    }
    char raw[sizeof dg->message];
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    size_t n = lsr_text_safe(raw, dg->message, sizeof dg->message, 0);
    if (r >= (int)sizeof raw || n >= sizeof dg->message) {
        size_t k = strlen(dg->message);
        if (k > sizeof dg->message - 4) k = sizeof dg->message - 4;
        while (k && ((unsigned char)dg->message[k] & 0xC0) == 0x80) k--;
        memcpy(dg->message + k, "...", 4);
    }
}

size_t lsr_diag_format(const LsrDiag *dg, const char *file, char *buf, size_t n) {
    const char *sev = dg->severity == LSR_SEV_WARNING ? "warning" : "error";
    char f[1024];
    lsr_text_safe(file ? file : "<input>", f, sizeof f, 0);
    char where[32] = "";
    if (dg->line > 0) snprintf(where, sizeof where, ":%d:%d", dg->line, dg->col > 0 ? dg->col : 1);
    int r;
    if (dg->path[0])
        r = snprintf(buf, n, "%s%s: %s[%s]: %s (at %s)", f, where, sev, dg->code, dg->message,
                     dg->path);
    else
        r = snprintf(buf, n, "%s%s: %s[%s]: %s", f, where, sev, dg->code, dg->message);
    return r < 0 ? 0 : (size_t)r;
}
