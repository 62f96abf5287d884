/* The commands a player types at a prompt besides a choice: the party's
 * state, the glossary, the backlog and help. */
#include "term/term.h"

#include <stdlib.h>
#include <string.h>

static const char *tx(const Term *t, const LsrText *x) { return lsr_tx(x, t->opt->lang); }

static void pad(FILE *o, int n) {
    for (int i = 0; i < n; i++) fputc(' ', o);
}

void term_state(Term *t, const LsrGame *g) {
    const LsrScenario *sc = lsr_game_scenario(g);
    FILE *o = t->out;
    fprintf(o, "\n  %s%s%s\n", sty(t, TS_HEAD), _("State of the party"), sty_end(t));
    /* Columns: label, value with its unit, a bar in what room is left. */
    int labw = 0, valw = 0;
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        const LsrVar *var = &sc->vars[v];
        if (var->hidden) continue;
        const char *l = tx(t, &var->label);
        int lw = term_cols(l, strlen(l));
        if (lw > labw) labw = lw;
        char val[64];
        snprintf(val, sizeof val, "%d%s%s", lsr_game_var(g, v), var->unit[0] ? " " : "", var->unit);
        int n = term_cols(val, strlen(val));   /* a translated unit may be Cyrillic */
        if (n > valw) valw = n;
    }
    int maxlab = t->width - 2 - 2 - valw - 2 - 12;
    if (labw > maxlab) labw = maxlab > 10 ? maxlab : 10;
    int bar = t->width - 2 - labw - 2 - valw - 2 - 2 - 1;
    if (bar > 20) bar = 20;
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        const LsrVar *var = &sc->vars[v];
        if (var->hidden) continue;
        int32_t val = lsr_game_var(g, v);
        const char *better = var->better == LSR_BETTER_HIGHER ? _("higher is better")
                           : var->better == LSR_BETTER_LOWER ? _("lower is better") : "";
        const char *desc = tx(t, &var->description);
        char line[2048];
        if (t->plain) {
            const char *unit = !strcmp(var->unit, "%") ? _("percent") : var->unit;
            snprintf(line, sizeof line, "%s: %d%s%s%s%s%s", tx(t, &var->label), val, unit[0] ? " " : "", unit,
                     better[0] ? " (" : "", better, better[0] ? ")." : ".");
            term_wrap_hang(t, line, 2, 2);
            if (desc[0]) term_wrap(t, desc, 4);
            continue;
        }
        const char *l = tx(t, &var->label);
        int lw = term_cols(l, strlen(l));
        fprintf(o, "  %s", l);
        if (lw > labw) { /* a long label gets its own line */
            fputc('\n', o);
            lw = 0;
            pad(o, 2);
        }
        pad(o, labw - lw);
        char num[64];
        snprintf(num, sizeof num, "%d%s%s", val, var->unit[0] ? " " : "", var->unit);
        fprintf(o, "  %s", sty(t, TS_TITLE));
        term_cell(o, num, valw, true);
        fputs(sty_end(t), o);
        if (bar >= 5 && var->max > var->min) {
            int64_t span = (int64_t)var->max - var->min;
            int64_t fill64 = ((int64_t)val - var->min) * bar / span;
            int fill = fill64 < 0 ? 0 : fill64 > bar ? bar : (int)fill64;
            fprintf(o, "  [%s", sty(t, TS_GOOD));
            for (int i = 0; i < bar; i++) fputc(i < fill ? '#' : '.', o);
            fprintf(o, "%s]", sty_end(t));
        }
        fputc('\n', o);
        const char *Better = var->better == LSR_BETTER_HIGHER ? _("Higher is better")
                           : var->better == LSR_BETTER_LOWER ? _("Lower is better") : "";
        snprintf(line, sizeof line, "%s%s%s", Better, Better[0] && desc[0] ? ". " : "", desc);
        if (line[0]) {
            fputs(sty(t, TS_DIM), o);
            term_wrap(t, line, 4);
            fputs(sty_end(t), o);
        }
    }
    fputc('\n', o);
}

void term_glossary(Term *t) {
    const LsrScenario *sc = t->sc;
    if (!sc->n_glossary) {
        fprintf(t->out, "  %s\n", _("This scenario has no glossary."));
        return;
    }
    fprintf(t->out, "\n  %s%s%s\n", sty(t, TS_HEAD), _("Glossary"), sty_end(t));
    for (uint32_t k = 0; k < sc->n_glossary; k++) {
        char line[4096];
        snprintf(line, sizeof line, "%s%s%s: %s", sty(t, TS_TITLE), tx(t, &sc->glossary[k].term), sty_end(t),
                 tx(t, &sc->glossary[k].definition));
        fputc('\n', t->out);
        term_wrap_hang(t, line, 2, 2);
    }
    fputc('\n', t->out);
}

/* The keys of the help: what to type, and what it does. */
typedef struct HelpKey { const char *key, *what; } HelpKey;
static const HelpKey class_keys[] = {
    {"A, B, C...", N_("take that choice (the letters are the window's)")},
    {"12 8 3", N_("the class's count for each choice shown, in order")},
    {"A12 C3", N_("counts by letter; letters not named get 0")},
    {"r", N_("reveal what really happened (after a decision)")},
    {N_("b or u"), N_("step back one decision")},
};
static const HelpKey solo_keys[] = {
    {"1-9", N_("take that choice")},
    {N_("u or back"), N_("take back the last decision (again: further back)")},
};
static const HelpKey common_keys[] = {
    {"s", N_("the party's state, with what each measure means")},
    {"g", N_("the glossary of terms")},
    {"l", N_("the log: everything shown so far in this game")},
    {N_("h or ?"), N_("this help")},
    {"q", N_("stop (progress is saved; 'leftsr play --continue' resumes)")},
    {N_("Enter"), N_("go on, where the game waits between parts of a turn")},
};

/* Rows of keys: the key column as wide as its widest translated key. */
static void help_keys(FILE *o, const HelpKey *k, size_t n, int keyw) {
    for (size_t i = 0; i < n; i++) {
        fputs("    ", o);
        term_cell(o, _(k[i].key), keyw, false);
        fprintf(o, "%s\n", _(k[i].what));
    }
}

static int help_key_width(const HelpKey *k, size_t n, int w) {
    for (size_t i = 0; i < n; i++) {
        const char *s = _(k[i].key);
        int c = term_cols(s, strlen(s)) + 2;
        if (c > w) w = c;
    }
    return w;
}

void term_help(Term *t, const LsrGame *g) {
    const LsrScenario *sc = lsr_game_scenario(g);
    FILE *o = t->out;
    bool cl = t->opt->classroom;
    const HelpKey *first = cl ? class_keys : solo_keys;
    size_t nfirst = cl ? sizeof class_keys / sizeof class_keys[0] : sizeof solo_keys / sizeof solo_keys[0];
    size_t ncommon = sizeof common_keys / sizeof common_keys[0];
    int keyw = help_key_width(common_keys, ncommon, help_key_width(first, nfirst, 12));
    fprintf(o, "\n  %s%s%s %s\n", sty(t, TS_HEAD), _("Keys"), sty_end(t), _("(type one and press Enter)"));
    help_keys(o, first, nfirst, keyw);
    help_keys(o, common_keys, ncommon, keyw);
    fprintf(o, "\n  %s%s%s\n", sty(t, TS_HEAD), _("The two scores"), sty_end(t));
    term_wrap(t, _("Historical fidelity: how closely your decisions followed what the Left SRs actually did, "
                   "weighted by how much each decision mattered, with partial credit for choices close to theirs."), 4);
    term_wrap(t, _("Outcome against history: each scored measure at the end against its historical value, in the "
                   "direction better for the party: 0 means as history went, +100 far better, -100 far worse."), 4);
    fprintf(o, "\n  %s%s%s\n", sty(t, TS_HEAD), _("Where the history comes from"), sty_end(t));
    term_wrap(t, _("Each \"What really happened\" names its sources by id; this scenario draws on:"), 4);
    for (uint32_t k = 0; k < sc->n_sources; k++) {
        const LsrSource *s = &sc->sources[k];
        char line[1024];
        snprintf(line, sizeof line, "%s: %s%s%s", s->id, s->title, s->author && s->author[0] ? ", " : "",
                 s->author ? s->author : "");
        term_wrap_hang(t, line, 4, 2);
    }
    fputc('\n', o);
}

/* Prints n bytes to stdout a screenful at a time when a person reads. */
static void page(Term *t, const char *buf, size_t n) {
    if (t->eof) {
        fwrite(buf, 1, n, stdout);
        return;
    }
    int rows = term_rows() - 1, line = 0;
    for (size_t i = 0; i < n; i++) {
        fputc(buf[i], stdout);
        if (buf[i] != '\n' || !t->interactive || ++line < rows) continue;
        line = 0;
        printf("%s%s%s ", sty(t, TS_DIM), _("-- more: Enter goes on, q stops --"), sty_end(t));
        fflush(stdout);
        char a[64];
        if (!fgets(a, sizeof a, stdin)) {
            t->eof = true;
            return;
        }
        if (a[0] == 'q') return;
    }
}

void term_backlog(Term *t, const LsrGame *g) {
    const LsrScenario *sc = lsr_game_scenario(g);
    char *buf = NULL;
    size_t n = 0;
    FILE *mem = open_memstream(&buf, &n);
    if (!mem) return;
    FILE *keep = t->out;
    bool marking = t->marking;
    t->out = mem;
    t->marking = false;
    fprintf(mem, "\n  %s%s%s\n", sty(t, TS_HEAD), _("The log of this game"), sty_end(t));
    for (size_t i = 0; i < lsr_game_trace_len(g); i++) {
        const LsrTraceEntry *e = lsr_game_trace(g, i);
        const LsrStep *s = &sc->steps[e->step];
        term_step_head(t, s);
        bool history = t->opt->reveal == LSR_REVEAL_AFTER &&
                       (!t->opt->classroom || (i < sizeof t->revealed && t->revealed[i]));
        if (s->type == LSR_STEP_VOTE) {
            term_vote(t, s, e);
            term_events(t, e);
            if (history && s->note.s[0]) term_history(t, s, 0);
            continue;
        }
        const LsrChoice *c = &sc->choices[s->choices_first + e->choice];
        char line[1200];
        if (t->opt->classroom)
            snprintf(line, sizeof line, _("The class chose %c) %s"), term_letter(e->choice), tx(t, &c->label));
        else
            snprintf(line, sizeof line, _("You chose: %s"), tx(t, &c->label));
        fprintf(mem, "\n  %s", sty(t, TS_KEY));
        term_wrap_hang(t, line, 0, 4);
        fputs(sty_end(t), mem);
        term_consequence(t, s, e);
        if (history) term_history(t, s, e->choice);
    }
    if (lsr_game_step(g)) term_step_head(t, lsr_game_step(g));
    fprintf(mem, "\n  %s%s%s\n", sty(t, TS_DIM), _("(end of the log)"), sty_end(t));
    fclose(mem);
    t->out = keep;
    t->marking = marking;
    page(t, buf, n);
    free(buf);
}

void term_collect(Term *t, TermPage *pg) {
    pg->buf = NULL;
    pg->n = 0;
    pg->keep = t->out;
    bool scripted = t->script && *t->script;
    pg->mem = t->interactive && !scripted && !t->eof ? open_memstream(&pg->buf, &pg->n) : NULL;
    if (pg->mem) t->out = pg->mem;
}

void term_show_collected(Term *t, TermPage *pg) {
    if (!pg->mem) return;
    fclose(pg->mem);
    t->out = pg->keep;
    page(t, pg->buf, pg->n);
    free(pg->buf);
    pg->mem = NULL;
}

bool term_common_key(Term *t, const LsrGame *g, const char *a) {
    if (!strcmp(a, "s")) term_state(t, g);
    else if (!strcmp(a, "g")) term_glossary(t);
    else if (!strcmp(a, "l") || !strcmp(a, "log")) term_backlog(t, g);
    else if (!strcmp(a, "h") || !strcmp(a, "?") || !strcmp(a, "help")) term_help(t, g);
    else return false;
    return true;
}

void term_pause(Term *t) {
    if (!t->interactive || (t->script && *t->script) || t->eof) return;
    printf("\n  %s%s%s ", sty(t, TS_DIM), _("[Enter to continue]"), sty_end(t));
    fflush(stdout);
    char a[64];
    if (!fgets(a, sizeof a, stdin)) t->eof = true;
}
