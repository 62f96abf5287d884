/* Word wrapping with hanging indents and glossary marks for the terminal. */
#include "term/term.h"
#include "tools/glossary.h"

#include <stdlib.h>
#include <string.h>

int term_cols(const char *s, size_t n) {
    int c = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b == TERM_MARK_ON || b == TERM_MARK_OFF) continue;
        if (b == 0x1b) { /* an escape sequence takes no room */
            while (i + 1 < n && !(s[i + 1] >= 0x40 && s[i + 1] <= 0x7e && s[i + 1] != '[')) i++;
            i++;
            continue;
        }
        if ((b & 0xC0) != 0x80) c++;
    }
    return c;
}

void term_cell(FILE *o, const char *s, int width, bool right) {
    int w = term_cols(s, strlen(s));
    if (!right) fputs(s, o);
    for (int i = w; i < width; i++) fputc(' ', o);
    if (right) fputs(s, o);
}

/* Writes one word, turning marks into a style or, without colour, a dagger. */
static void put_word(Term *t, const char *w, size_t n, bool *in_mark) {
    for (size_t i = 0; i < n; i++) {
        if (w[i] == TERM_MARK_ON) {
            fputs(sty(t, TS_TERM), t->out);
            *in_mark = true;
        } else if (w[i] == TERM_MARK_OFF) {
            fputs(t->color ? sty_end(t) : "\xE2\x80\xA0", t->out);
            *in_mark = false;
        } else {
            fputc(w[i], t->out);
        }
    }
}

static int marks_off(const char *w, size_t n) {
    int k = 0;
    for (size_t i = 0; i < n; i++) k += w[i] == TERM_MARK_OFF;
    return k;
}

void term_wrap_hang(Term *t, const char *text, int indent, int hang) {
    if (!t->fancy) hang = 0;
    const char *p = text;
    bool in_mark = false;
    while (*p) {
        const char *para_end = strstr(p, "\n\n");
        size_t plen = para_end ? (size_t)(para_end - p) : strlen(p);
        int col = 0, lead = indent;
        size_t i = 0;
        while (i < plen) {
            while (i < plen && (p[i] == ' ' || p[i] == '\n')) i++;
            size_t j = i;
            while (j < plen && p[j] != ' ' && p[j] != '\n') j++;
            if (j == i) break;
            int wc = term_cols(p + i, j - i) + (t->color ? 0 : marks_off(p + i, j - i));
            if (col > 0 && col + 1 + wc > t->width - lead) {
                if (in_mark) fputs(sty_end(t), t->out);
                fputc('\n', t->out);
                col = 0;
                lead = indent + hang;
            }
            if (col == 0) {
                fprintf(t->out, "%*s", lead, "");
                if (in_mark) fputs(sty(t, TS_TERM), t->out);
            } else {
                fputc(' ', t->out);
                col++;
            }
            put_word(t, p + i, j - i, &in_mark);
            col += wc;
            i = j;
        }
        if (col) fputc('\n', t->out);
        if (!para_end) break;
        p = para_end + 2;
        lead = indent;
        if (*p) fputc('\n', t->out);
    }
    if (in_mark) fputs(sty_end(t), t->out);
}

void term_wrap(Term *t, const char *text, int indent) { term_wrap_hang(t, text, indent, 0); }

void term_story(Term *t, const char *text, int indent) {
    const LsrScenario *sc = t->sc;
    if (!t->marking || !sc || !sc->n_glossary) {
        term_wrap(t, text, indent);
        return;
    }
    /* Find the first use of each term not yet marked; at most 64 terms. */
    size_t n = strlen(text);
    long at[64];
    size_t len[64];
    uint32_t nt = sc->n_glossary < 64 ? sc->n_glossary : 64;
    int found = 0;
    for (uint32_t k = 0; k < nt; k++) {
        at[k] = -1;
        if (t->term_seen[k]) continue;
        at[k] = lsr_glossary_find(text, lsr_tx(&sc->glossary[k].term, t->opt->lang), &len[k]);
        /* Two terms over the same words: the first listed keeps them. */
        for (uint32_t m = 0; at[k] >= 0 && m < k; m++)
            if (at[m] >= 0 && at[k] < at[m] + (long)len[m] && at[m] < at[k] + (long)len[k]) at[k] = -1;
        if (at[k] >= 0) found++;
    }
    if (!found) {
        term_wrap(t, text, indent);
        return;
    }
    char *buf = malloc(n + 2 * (size_t)found + 1);
    if (!buf) {
        term_wrap(t, text, indent);
        return;
    }
    size_t o = 0;
    for (size_t i = 0; i <= n; i++) {
        for (uint32_t k = 0; k < nt; k++) {
            if (at[k] >= 0 && (size_t)at[k] + len[k] == i && i > 0) buf[o++] = TERM_MARK_OFF;
        }
        for (uint32_t k = 0; k < nt; k++) {
            if (at[k] >= 0 && (size_t)at[k] == i) {
                buf[o++] = TERM_MARK_ON;
                t->term_seen[k] = true;
            }
        }
        buf[o++] = text[i];
    }
    term_wrap(t, buf, indent);
    free(buf);
    t->marked_pending = true;
}

void term_glossary_hint(Term *t) {
    if (!t->marked_pending || t->hint_given) return;
    t->marked_pending = false;
    t->hint_given = true;
    fprintf(t->out, "\n%s", sty(t, TS_DIM));
    term_wrap(t, t->color ? _("(underlined: a term from the glossary; type g for the glossary)")
                          : _("(marked \xE2\x80\xA0: a term from the glossary; type g for the glossary)"), 2);
    fputs(sty_end(t), t->out);
}

void term_rule(const Term *t, char ch) {
    if (t->plain) return;
    for (int i = 0; i < t->width; i++) fputc(ch, t->out);
    fputc('\n', t->out);
}
