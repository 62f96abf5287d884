/* `leftsr report` as CSV (RFC 4180, CRLF): one row per decision, for a
 * spreadsheet. */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

static void iso_date(LsrDate d, char *buf, size_t n) {
    snprintf(buf, n, "%04d-%02u-%02u", (int)d.year, (unsigned)d.month, (unsigned)d.day);
}

/* Every text cell goes through here. A cell a spreadsheet would read as a
 * formula (starting with = + - @, tab or CR) gets a leading apostrophe, the
 * usual neutraliser, so a scenario cannot put =HYPERLINK(...) in front of
 * a teacher. */
static void csv_field(FILE *f, const char *s) {
    bool formula = strchr("=+-@\t\r", s[0]) != NULL && s[0];
    bool quote = !*s || formula || strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' || s[strlen(s) - 1] == ' ';
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (formula) fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void lsr_rp_write_csv(Ctx *c) {
    FILE *f = c->f;
    fputs(CSV_HEADER "\r\n", f);
    for (size_t k = 0; k < c->n; k++) {
        const LsrTraceEntry *e = entry(c, k);
        const LsrStep *s = step_of(c, k);
        if (s->type != LSR_STEP_DECISION) continue;
        const LsrChoice *ch = choice_at(c, s, e->choice);
        char d[16], cr[16];
        iso_date(s->date, d, sizeof d);
        lsr_rp_credit_str(ch->credit_permille, cr, sizeof cr);
        fprintf(f, "%zu,%s,", k + 1, d);
        csv_field(f, s->id);
        fputc(',', f);
        csv_field(f, T(c, &s->title));
        fputc(',', f);
        csv_field(f, ch->id);
        fputc(',', f);
        csv_field(f, T(c, &ch->label));
        fputc(',', f);
        for (uint32_t j = 0; e->tally && j < e->n_tally; j++) fprintf(f, "%s%u", j ? ";" : "", e->tally[j]);
        fputc(',', f);
        csv_field(f, choice_at(c, s, s->hist_choice)->id);
        fprintf(f, ",%s,%s,", e->choice == s->hist_choice ? "yes" : "no", cr);
        Str src = {0};
        for (uint32_t j = 0; j < s->n_sources; j++)
            lsr_rp_str_printf(&src, "%s%s", j ? ";" : "", c->sc->sources[c->sc->source_refs[s->sources_first + j]].id);
        if (src.oom) c->oom = true;
        csv_field(f, src.p ? src.p : "");
        free(src.p);
        fprintf(f, ",%s\r\n", s->hist_contested ? "yes" : "no");
    }
}
