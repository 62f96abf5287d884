/* `leftsr report` as Markdown: headings, tables and lists. */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

/* Escapes Markdown syntax; in a table cell also '|' and newlines. */
static void md_esc(FILE *f, const char *s, bool cell) {
    bool line_start = true;
    for (; s && *s; s++) {
        char ch = *s;
        if (ch == '\n') {
            if (cell) fputc(' ', f);
            else fputc('\n', f);
            line_start = true;
            continue;
        }
        if (line_start && !cell) {
            /* "- x", "+ x", "1. x" would start a list. */
            if ((ch == '-' || ch == '+') && (s[1] == ' ' || s[1] == '\0')) fputc('\\', f);
            const char *d = s;
            while (*d >= '0' && *d <= '9') d++;
            if (d > s && (*d == '.' || *d == ')')) {
                fwrite(s, 1, (size_t)(d - s), f);
                fputc('\\', f);
                s = d;
                ch = *s;
            }
        }
        line_start = false;
        if (strchr("\\`*_[]<>|#&~", ch)) fputc('\\', f);
        fputc(ch, f);
    }
}

/* "**Label:** " as the language writes a label's colon ("Scénario :"). */
static void md_label(FILE *f, const char *label) {
    fputs("**", f);
    /* TRANSLATORS: a label before its value ("Scenario: ..."); French puts a space before the colon */
    fprintf(f, _("%s:"), label);
    fputs("** ", f);
}

static void md_paras(FILE *f, const char *s) {
    if (!s || !*s) return;
    md_esc(f, s, false);
    fputs("\n\n", f);
}

static void md_sources(Ctx *c, const LsrStep *s) {
    if (!s->n_sources) return;
    fprintf(c->f, "*%s* ", _("Sources:"));
    for (uint32_t j = 0; j < s->n_sources; j++) {
        const LsrSource *so = &c->sc->sources[c->sc->source_refs[s->sources_first + j]];
        if (j) fputs("; ", c->f);
        md_esc(c->f, so->title, false);
        if (so->author && so->author[0]) {
            fputs(", ", c->f);
            md_esc(c->f, so->author, false);
        }
        fprintf(c->f, " (`%s`)", so->id);
    }
    fputs("\n\n", c->f);
}

static void md_history(Ctx *c, const LsrStep *s) {
    md_paras(c->f, T(c, &s->note));
    if (s->hist_contested) fprintf(c->f, "**%s.**\n\n", _(LSR_CONTESTED_TAG));
    if (has_text(&s->disagreement)) {
        fprintf(c->f, "> **%s** ", _("Where the sources disagree."));
        md_esc(c->f, T(c, &s->disagreement), true);
        fputs("\n\n", c->f);
    }
    md_sources(c, s);
}

static void md_events(Ctx *c, const LsrTraceEntry *e) {
    if (!e->n_fired) return;
    fprintf(c->f, "*%s* ", _("Then:"));
    uint32_t shown = e->n_fired < 32 ? e->n_fired : 32;
    for (uint32_t j = 0; j < shown; j++) {
        if (j) fputs("; ", c->f);
        md_esc(c->f, T(c, &c->sc->events[e->fired[j]].title), true);
    }
    fputs(".\n\n", c->f);
}

static void md_step_head(Ctx *c, size_t k, const char *kind) {
    const LsrStep *s = step_of(c, k);
    char d[40];
    fmt_date(s->date, d, sizeof d);
    fprintf(c->f, "### %zu. ", k + 1);
    md_esc(c->f, T(c, &s->title), true);
    fprintf(c->f, "\n\n*%s%s", kind, d);
    if (has_text(&s->place)) {
        fputs(" \xC2\xB7 ", c->f);
        md_esc(c->f, T(c, &s->place), true);
    }
    fputs("*\n\n", c->f);
}

static void md_decision(Ctx *c, size_t k) {
    const LsrTraceEntry *e = entry(c, k);
    const LsrStep *s = step_of(c, k);
    const LsrChoice *ch = choice_at(c, s, e->choice), *hc = choice_at(c, s, s->hist_choice);
    bool match = e->choice == s->hist_choice;
    md_step_head(c, k, "");
    if (e->tally) {
        uint32_t total = lsr_rp_tally_total(e);
        fprintf(c->f, "| %s | %s | |\n|---|---:|---|\n", _("Choice"), _("Votes"));
        for (uint32_t j = 0; j < e->n_tally; j++) {
            fputs("| ", c->f);
            md_esc(c->f, T(c, &choice_at(c, s, j)->label), true);
            unsigned pct = total ? (unsigned)((e->tally[j] * 100u + total / 2u) / total) : 0u;
            fprintf(c->f, " | %u (%u%%) | %s%s%s |\n", e->tally[j], pct, j == e->choice ? _("class choice") : "",
                    j == e->choice && j == s->hist_choice ? "; " : "", j == s->hist_choice ? _("what they did") : "");
        }
        fputs("\n", c->f);
    }
    fputs("- ", c->f);
    md_label(c->f, e->tally ? _("Class choice") : _("Your choice"));
    md_esc(c->f, T(c, &ch->label), true);
    if (e->tally)
        fprintf(c->f, lsr_ui_n(" (%u of %u vote)", " (%u of %u votes)", lsr_rp_tally_total(e)), e->tally[e->choice],
                lsr_rp_tally_total(e));
    fputs("\n- ", c->f);
    md_label(c->f, _("What they did"));
    md_esc(c->f, T(c, &hc->label), true);
    fprintf(c->f, "\n- **%s** %s", _("Same as history?"), match ? _("Yes") : _("No"));
    if (!match && ch->credit_permille > 0) {
        char cr[16];
        lsr_rp_credit_str(ch->credit_permille, cr, sizeof cr);
        lsr_rp_decimal(cr);
        fprintf(c->f, _(" (partial credit %s)"), cr);
    }
    if (s->hist_weight > 1) {
        fputs("; ", c->f);
        fprintf(c->f, _("counts %u\xC3\x97 in the score"), (unsigned)s->hist_weight);
    }
    fputs("\n\n", c->f);
    md_history(c, s);
    md_events(c, e);
}

static void md_vote_line(Ctx *c, const int32_t v[3], bool passed) {
    /* TRANSLATORS: a vote's count: for, against, abstaining */
    fprintf(c->f, _("%d yes, %d no, %d abstaining"), (int)v[0], (int)v[1], (int)v[2]);
    fprintf(c->f, ": %s", passed ? _("passed") : _("failed"));
}

static void md_vote(Ctx *c, size_t k) {
    const LsrTraceEntry *e = entry(c, k);
    const LsrStep *s = step_of(c, k);
    char kind[64];
    snprintf(kind, sizeof kind, "%s \xC2\xB7 ", _("Vote"));
    md_step_head(c, k, kind);
    fputs("- ", c->f);
    md_label(c->f, _("Motion"));
    md_esc(c->f, T(c, &s->motion), true);
    fputs("\n- ", c->f);
    md_label(c->f, _("In your game"));
    md_vote_line(c, e->vote, e->passed);
    fputs("\n- ", c->f);
    md_label(c->f, s->hist_estimate ? _(lsr_hist_tally_label(s)) : _("In history"));
    if (s->hist_tally[0] >= 0) {
        int32_t h[3] = {s->hist_tally[0], s->hist_tally[1] < 0 ? 0 : s->hist_tally[1],
                        s->hist_tally[2] < 0 ? 0 : s->hist_tally[2]};
        md_vote_line(c, h, s->hist_pass >= 0 ? s->hist_pass == 1 : h[0] > h[1]);
    } else if (s->hist_pass >= 0) {
        fprintf(c->f, _("%s (no count recorded in the sources)"), s->hist_pass ? _("passed") : _("failed"));
    } else {
        fputs(_("not recorded"), c->f);
    }
    fputs("\n\n", c->f);
    md_history(c, s);
    md_events(c, e);
}

void lsr_rp_write_md(Ctx *c) {
    const LsrScenario *sc = c->sc;
    FILE *f = c->f;
    char a[40], b[40], fid[16], out[16];
    fmt_date(sc->period_start, a, sizeof a);
    fmt_date(sc->period_end, b, sizeof b);
    lsr_rp_tenths(c->score.fidelity_permille, false, fid, sizeof fid);
    lsr_rp_tenths(c->score.outcome_permille, true, out, sizeof out);
    fputs("<!-- " REPORT_MARK " -->\n# ", f);
    md_esc(f, c->title, true);
    fprintf(f, "\n\n*%s*\n\n- ", _("Left Socialist-Revolutionaries: class report"));
    md_label(f, _("Scenario"));
    md_esc(f, T(c, &sc->title), true);
    fprintf(f, ", %s \xE2\x80\x93 %s\n- ", a, b);
    md_label(f, _("Played on"));
    md_esc(f, c->played[0] ? c->played : _("(date not recorded)"), true);
    fputs("\n- ", f);
    md_label(f, _("Decisions"));
    fprintf(f, "%u", c->score.decisions);
    if (lsr_rp_any_tally(c)) fprintf(f, " (%s)", _("class votes recorded"));
    fputs("\n\n", f);
    if (c->warning && c->warning[0]) {
        fputs("> ", f);
        md_label(f, _("Warning"));
        md_esc(f, c->warning, true);
        fputs("\n\n", f);
    }
    const LsrEnding *end = lsr_game_ending(c->g);
    fprintf(f, "## %s\n\n| | |\n|---|---|\n", _("Summary"));
    fprintf(f, "| %s | ", _("Historical fidelity"));
    char pct[32];
    lsr_rp_percent(fid, pct, sizeof pct);
    fprintf(f, "%s (", pct);
    fprintf(f, lsr_ui_n("%u of %u decision as history", "%u of %u decisions as history", c->score.decisions),
            c->score.matched, c->score.decisions);
    fputc(')', f);
    fprintf(f, " |\n| %s | ", _("Outcome against history"));
    fprintf(f, _("%s (\xE2\x88\x92" "100 worse, 0 as history, +100 better)"), out);
    fprintf(f, " |\n| %s | ", _("Ending"));
    md_esc(f, end ? T(c, &end->title) : _("Not finished"), true);
    fprintf(f, " (%s) |\n\n",
            end ? (end->historical ? _("as in history") : _("not as in history")) : _("play stopped before the end"));
    if (has_text(&sc->briefing)) {
        fprintf(f, "## %s\n\n", _("The situation"));
        md_paras(f, T(c, &sc->briefing));
    }
    fprintf(f, "## %s\n\n", _("Decision by decision"));
    if (c->n == 0) fprintf(f, "%s\n\n", _("No decision was taken in this game."));
    for (size_t k = 0; k < c->n; k++) {
        if (step_of(c, k)->type == LSR_STEP_DECISION) md_decision(c, k);
        else md_vote(c, k);
    }
    fprintf(f, "## %s\n\n### ", _("Scores"));
    fprintf(f, _("Historical fidelity: %s%%"), fid);
    fputs("\n\n", f);
    fprintf(f, lsr_rp_fidelity_text(c->score.decisions), c->score.matched, c->score.decisions);
    fputs("\n\n### ", f);
    fprintf(f, _("Outcome against history: %s"), out);
    fputs("\n\n", f);
    fputs(_("How the party ended up compared with where it really stood, on a scale from \xE2\x88\x92" "100 (far "
            "worse than history) through 0 (as history went) to +100 (far better). Each measure below adds its "
            "difference from history, as a share of its range; the score is their average."), f);
    fputs("\n\n", f);
    uint32_t shown = c->score.n_vars < 64 ? c->score.n_vars : 64;
    if (shown) {
        fprintf(f, "| %s | %s | %s | %s | %s |\n|---|---:|---:|---:|---|\n", _("Measure"), _("Start"), _("Your game"),
                _("Historical path"), _("Effect on score"));
        for (uint32_t i = 0; i < shown; i++) {
            const LsrVarScore *vs = &c->score.vars[i];
            const LsrVar *var = &sc->vars[vs->var];
            char s0[48], s1[48], s2[48], dd[16];
            lsr_rp_value_str(var, lsr_game_initial_vars(c->g)[vs->var], s0, sizeof s0);
            lsr_rp_value_str(var, vs->final, s1, sizeof s1);
            lsr_rp_value_str(var, vs->historical, s2, sizeof s2);
            lsr_rp_tenths(vs->delta_permille, true, dd, sizeof dd);
            fputs("| ", f);
            md_esc(f, T(c, &var->label), true);
            if (var->better == LSR_BETTER_LOWER) fprintf(f, " %s", _("(lower is better)"));
            fputs(" | ", f);
            md_esc(f, s0, true);
            fputs(" | ", f);
            md_esc(f, s1, true);
            fputs(" | ", f);
            md_esc(f, s2, true);
            if (lsr_var_is_game_scale(var)) fprintf(f, " %s", _("(game scale)"));
            fprintf(f, " | %s, %s |\n", dd, lsr_rp_effect_word(vs->delta_permille));
        }
        /* The chart data as a table: each measure after every step. */
        fprintf(f, "\n#### %s\n\n%s\n\n| %s |", _("Step by step"),
                _("Each measure after every step of your game; in brackets, the historical value at the same point "
                  "of the story."),
                _("Step"));
        for (uint32_t i = 0; i < shown; i++) {
            fputc(' ', f);
            md_esc(f, T(c, &sc->vars[c->score.vars[i].var].label), true);
            fputs(" |", f);
        }
        fputs("\n|---|", f);
        for (uint32_t i = 0; i < shown; i++) fputs("---:|", f);
        fputc('\n', f);
        HistPt **tracks = calloc(shown, sizeof *tracks);
        size_t *ntr = calloc(shown, sizeof *ntr);
        if (!tracks || !ntr) c->oom = true;
        for (uint32_t i = 0; tracks && ntr && i < shown; i++) {
            const LsrVar *var = &sc->vars[c->score.vars[i].var];
            tracks[i] = malloc(sizeof(HistPt) * (var->n_hist ? var->n_hist : 1));
            if (!tracks[i]) c->oom = true;
            else ntr[i] = lsr_rp_hist_track(c, c->score.vars[i].var, tracks[i]);
        }
        for (size_t x = 0; tracks && ntr && x <= c->n; x++) {
            if (x == 0) fprintf(f, "| %s |", _("start"));
            else fprintf(f, "| %zu |", x);
            for (uint32_t i = 0; i < shown; i++) {
                fprintf(f, " %d", (int)lsr_rp_value_after(c, c->score.vars[i].var, x));
                const char *sep = " (";
                for (size_t j = 0; tracks[i] && j < ntr[i]; j++)
                    if (tracks[i][j].x == x) {
                        fprintf(f, "%s%d", sep, (int)tracks[i][j].v);
                        sep = ", ";
                    }
                fputs(strcmp(sep, " (") ? ") |" : " |", f);
            }
            fputc('\n', f);
        }
        for (uint32_t i = 0; tracks && i < shown; i++) free(tracks[i]);
        free(tracks);
        free(ntr);
        fputc('\n', f);
    }
    fprintf(f, "## %s\n\n", _("How it ended"));
    if (end) {
        fputs("### ", f);
        md_esc(f, T(c, &end->title), true);
        fputs("\n\n", f);
        if (end->historical) fprintf(f, "*%s*\n\n", _("This is the ending history took."));
        else {
            fprintf(f, "*%s ", _("History took another ending:"));
            md_esc(f, T(c, &sc->endings[sc->historical_ending].title), true);
            fputs(".*\n\n", f);
        }
        md_paras(f, T(c, &end->epilogue));
    } else if (lsr_game_step(c->g)) {
        fprintf(f, "%s ", _("Play stopped before the end, at"));
        md_esc(f, T(c, &lsr_game_step(c->g)->title), true);
        fputs(".\n\n", f);
    } else {
        fprintf(f, "%s\n\n", _("The story reached a point where no ending applies (a scenario defect: please report it)."));
    }
    bool *used = sc->n_glossary ? calloc(sc->n_glossary, sizeof *used) : NULL;
    if (used && lsr_rp_glossary_used(c, used)) {
        fprintf(f, "## %s\n\n", _("Terms used in this game"));
        for (uint32_t k = 0; k < sc->n_glossary; k++) {
            if (!used[k]) continue;
            fputs("- **", f);
            md_esc(f, T(c, &sc->glossary[k].term), true);
            fputs("**: ", f);
            md_esc(f, T(c, &sc->glossary[k].definition), true);
            fputc('\n', f);
        }
        fputc('\n', f);
    }
    free(used);
    fprintf(f, "## %s\n\n", _("Questions for discussion"));
    for (int q = 0; q < c->n_questions; q++) {
        fprintf(f, "%d. ", q + 1);
        md_esc(f, c->questions[q], true);
        fputc('\n', f);
    }
    fprintf(f, "\n## %s\n\n", _("Sources"));
    for (uint32_t i = 0; i < sc->n_sources; i++) {
        const LsrSource *so = &sc->sources[i];
        fputs("- ", f);
        md_esc(f, so->title, true);
        if (so->author && so->author[0]) {
            fputs(", ", f);
            md_esc(f, so->author, true);
        }
        fprintf(f, " (`%s`)", so->id);
        if (so->perspective && so->perspective[0]) {
            fputs(": ", f);
            md_esc(f, so->perspective, true);
        }
        fputc('\n', f);
    }
    fputs("\n---\n\n*", f);
    char code[300];
    snprintf(code, sizeof code, "`%s`", sc->id);
    fprintf(f, _("Made with leftsr from the game's save (scenario %s, seed %llu)."), code,
            (unsigned long long)lsr_game_seed(c->g));
    fprintf(f, " %s*\n", _("The game simplifies history: numbers such as trust or unity are game measures, not "
                           "historical data; the history notes say what the sources support."));
}
