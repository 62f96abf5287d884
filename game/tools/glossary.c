/* Glossary terms in running text (see glossary.h). */
#include "tools/glossary.h"

#include <ctype.h>
#include <string.h>

static bool is_word_byte(unsigned char c) { return isalnum(c) || c >= 0x80; }

/* Does `form` (n bytes) start at text+at as whole words? Sets *len. */
static bool form_at(const char *text, size_t at, const char *form, size_t n, size_t *len) {
    if (at > 0 && is_word_byte((unsigned char)text[at - 1])) return false;
    for (size_t i = 0; i < n; i++)
        if (!text[at + i] || tolower((unsigned char)text[at + i]) != tolower((unsigned char)form[i])) return false;
    size_t end = at + n;
    if ((text[end] == 's' || text[end] == 'S') && !is_word_byte((unsigned char)text[end + 1])) end++;
    if (is_word_byte((unsigned char)text[end])) return false;
    *len = end - at;
    return true;
}

long lsr_glossary_find(const char *text, const char *term, size_t *len) {
    long best = -1;
    size_t best_len = 0;
    const char *f = term;
    while (f && *f) {
        const char *comma = strstr(f, ", "), *slash = strstr(f, " / ");
        const char *stop = comma && (!slash || comma < slash) ? comma : slash;
        size_t n = stop ? (size_t)(stop - f) : strlen(f);
        for (size_t at = 0; n > 1 && text[at] && (best < 0 || at < (size_t)best); at++) {
            size_t l;
            if (form_at(text, at, f, n, &l)) {
                best = (long)at;
                best_len = l;
                break;
            }
        }
        f = stop ? stop + (stop == comma ? 2 : 3) : NULL;
    }
    if (best >= 0 && len) *len = best_len;
    return best;
}
