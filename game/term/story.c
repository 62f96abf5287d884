/* What a turn shows in the terminal: the step, a vote, the consequence of a
 * choice, events and the history. Used live and again for the backlog, so
 * both read the same. Every text comes from the scenario and the trace. */
#include "term/term.h"
#include "leftsr/map.h"

#include <stdlib.h>
#include <string.h>

static const char *tx(const Term *t, const LsrText *x) { return lsr_tx(x, t->opt->lang); }

/* "date - Place, City (region)" and, for a step that highlights areas on
 * the map, the areas in words: the map's story for a terminal. */
static void term_where(Term *t, const LsrStep *s, const char *date) {
    const LsrScenario *sc = t->sc;
    const LsrPlace *p = sc && s->at != LSR_NEXT_NONE ? &sc->places[s->at] : NULL;
    const char *place = s->place.s[0] ? tx(t, &s->place) : p ? tx(t, &p->name) : "";
    const char *region = p ? tx(t, &p->region) : "";
    if (p && !region[0]) region = lsr_map_region_at(p->lon, p->lat);   /* the modern country, as a fallback */
    /* the region stays on one line: its spaces become no-break spaces */
    char reg[256];
    size_t r = 0;
    for (const char *c = region; *c && r + 3 < sizeof reg; c++) {
        if (*c == ' ') reg[r++] = '\xC2', reg[r++] = '\xA0';
        else reg[r++] = *c;
    }
    reg[r] = '\0';
    char line[1024];
    snprintf(line, sizeof line, "%s%s%s%s%s%s", date, place[0] ? " - " : "", place, reg[0] ? " (" : "", reg,
             reg[0] ? ")" : "");
    term_wrap_hang(t, line, 2, 4);
    if (!sc || !s->n_areas) return;
    size_t n = (size_t)snprintf(line, sizeof line, "%s", _("On the map:"));
    for (uint32_t i = 0; i < s->n_areas && n < sizeof line; i++)
        n += (size_t)snprintf(line + n, sizeof line - n, "%s %s", i ? ";" : "", tx(t, &sc->areas[s->areas[i]].name));
    term_wrap_hang(t, line, 2, 4);
}

char term_letter(uint32_t i) { return (char)('A' + (i < 26 ? i : 25)); }

void term_step_head(Term *t, const LsrStep *s) {
    char date[40];
    lsr_date_format_lang(s->date, t->opt->lang, date, sizeof date);
    fputc('\n', t->out);
    term_rule(t, '-');
    term_where(t, s, date);
    fprintf(t->out, "  %s%s%s\n", sty(t, TS_TITLE), tx(t, &s->title), sty_end(t));
    term_rule(t, '-');
    term_story(t, tx(t, &s->narrative), 2);
}

void term_sources(Term *t, const LsrStep *s) {
    const LsrScenario *sc = t->sc;
    char line[2048];
    size_t at = (size_t)snprintf(line, sizeof line, "%s", _("Sources:"));
    for (uint32_t k = 0; k < s->n_sources && at < sizeof line; k++) {
        const LsrSource *src = &sc->sources[sc->source_refs[s->sources_first + k]];
        at += (size_t)snprintf(line + at, sizeof line - at, "%s %s (%s)", k ? ";" : "", src->title, src->id);
    }
    term_wrap_hang(t, line, 2, 9);
}

void term_history(Term *t, const LsrStep *s, uint32_t chosen) {
    const LsrScenario *sc = t->sc;
    fprintf(t->out, "\n  %s%s%s\n", sty(t, TS_HEAD), _("WHAT REALLY HAPPENED"), sty_end(t));
    if (s->type == LSR_STEP_DECISION) {
        const LsrChoice *hc = &sc->choices[s->choices_first + s->hist_choice];
        char line[1024];
        snprintf(line, sizeof line, _("The Left SRs chose: %s%s"), tx(t, &hc->label),
                 chosen != s->hist_choice ? "" : t->opt->classroom ? _(" (as the class did)") : _(" (as you did)"));
        term_wrap(t, line, 2);
    }
    term_story(t, tx(t, &s->note), 2);
    if (s->hist_contested) fprintf(t->out, "\n  %s.\n", _(LSR_CONTESTED_TAG));
    if (s->disagreement.s && s->disagreement.s[0]) {
        fprintf(t->out, "\n  %s\n", _("Where the sources disagree:"));
        term_story(t, tx(t, &s->disagreement), 2);
    }
    term_sources(t, s);
}

void term_events(Term *t, const LsrTraceEntry *e) {
    const LsrScenario *sc = t->sc;
    for (uint32_t k = 0; k < e->n_fired; k++) {
        const LsrEvent *ev = &sc->events[e->fired[k]];
        fprintf(t->out, "\n  %s%s%s%s\n", t->plain ? _("Event: ") : ">> ", sty(t, TS_TITLE), tx(t, &ev->title),
                sty_end(t));
        term_story(t, tx(t, &ev->text), 5);
    }
}

/* A column's width: its heading's, at least min. */
static int col_width(const char *head, int min) {
    int w = term_cols(head, strlen(head));
    return w > min ? w : min;
}

void term_vote(Term *t, const LsrStep *s, const LsrTraceEntry *e) {
    const LsrScenario *sc = t->sc;
    FILE *o = t->out;
    char buf[2048];
    snprintf(buf, sizeof buf, _("Motion: %s"), tx(t, &s->motion));
    fprintf(o, "\n  %s\n\n", buf);
    if (t->plain) {
        for (uint32_t b = 0; b < sc->n_blocs + 1; b++) {
            const int32_t *v = b < sc->n_blocs ? e->bloc_votes + b * 3 : e->vote;
            if (b < sc->n_blocs && v[0] + v[1] + v[2] == 0) continue;
            fprintf(o, "  %s: ", b < sc->n_blocs ? tx(t, &sc->blocs[b].name) : _("Total"));
            fprintf(o, _("%d yes, %d no, "), v[0], v[1]);
            fprintf(o, lsr_ui_n("%d abstaining.\n", "%d abstaining.\n", (unsigned long)v[2]), v[2]);
        }
    } else {
        /* columns as wide as their translated headings, at least as in English */
        const char *hy = _("yes"), *hn = _("no"), *ha = _("abstain");
        int wy = col_width(hy, 7), wn = col_width(hn, 7), wa = col_width(ha, 9);
        fprintf(o, "  %30s ", "");
        term_cell(o, hy, wy, true);
        fputc(' ', o);
        term_cell(o, hn, wn, true);
        fputc(' ', o);
        term_cell(o, ha, wa, true);
        fputc('\n', o);
        for (uint32_t b = 0; b < sc->n_blocs + 1; b++) {
            const int32_t *v = b < sc->n_blocs ? e->bloc_votes + b * 3 : e->vote;
            if (b < sc->n_blocs && v[0] + v[1] + v[2] == 0) continue;
            fputs("  ", o);
            term_cell(o, b < sc->n_blocs ? tx(t, &sc->blocs[b].name) : _("Total"), 30, false);
            fprintf(o, " %*d %*d %*d\n", wy, v[0], wn, v[1], wa, v[2]);
        }
    }
    fputs("\n  ", o);
    fprintf(o, e->passed ? _("The motion is %sCARRIED%s.") : _("The motion is %sDEFEATED%s."),
            sty(t, e->passed ? TS_GOOD : TS_BAD), sty_end(t));
    fputc('\n', o);
    if (s->hist_tally[0] >= 0 || s->hist_tally[1] >= 0 || s->hist_tally[2] >= 0 || s->hist_pass >= 0) {
        /* Only the figures the sources give: a missing count is not a zero. */
        fprintf(o, "  %s: ", _(lsr_hist_tally_label(s)));
        if (s->hist_tally[0] >= 0) fprintf(o, _("%d yes, "), s->hist_tally[0]);
        if (s->hist_tally[1] >= 0) fprintf(o, _("%d no, "), s->hist_tally[1]);
        if (s->hist_tally[2] >= 0)
            fprintf(o, lsr_ui_n("%d abstaining, ", "%d abstaining, ", (unsigned long)s->hist_tally[2]), s->hist_tally[2]);
        fprintf(o, "%s.\n", s->hist_pass == 1 ? _("carried") : s->hist_pass == 0 ? _("defeated") : _("result unrecorded"));
    }
    const LsrBranch *br = e->passed ? &s->pass : &s->fail;
    if (br->result.s && br->result.s[0]) {
        fputc('\n', o);
        term_story(t, tx(t, &br->result), 2);
    }
}

void term_consequence(Term *t, const LsrStep *s, const LsrTraceEntry *e) {
    const LsrScenario *sc = t->sc;
    const LsrChoice *c = &sc->choices[s->choices_first + e->choice];
    fputc('\n', t->out);
    if (c->result.s[0]) term_story(t, tx(t, &c->result), 2);
    if (e->outcome != LSR_NEXT_NONE) {
        const LsrOutcome *oc = &sc->outcomes[c->outcomes_first + e->outcome];
        if (oc->result.s[0]) {
            if (c->result.s[0]) fputc('\n', t->out);
            term_story(t, tx(t, &oc->result), 2);
        }
    }
    term_events(t, e);
}
