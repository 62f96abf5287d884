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
    fprintf(o, "\n  %sState of the party%s\n", sty(t, TS_HEAD), sty_end(t));
    /* Columns: label, value with its unit, a bar in what room is left. */
    int labw = 0, valw = 0;
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        const LsrVar *var = &sc->vars[v];
        if (var->hidden) continue;
        const char *l = tx(t, &var->label);
        int lw = term_cols(l, strlen(l));
        if (lw > labw) labw = lw;
        char val[64];
        int n = snprintf(val, sizeof val, "%d%s%s", lsr_game_var(g, v), var->unit[0] ? " " : "", var->unit);
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
        const char *better = var->better == LSR_BETTER_HIGHER ? "higher is better"
                           : var->better == LSR_BETTER_LOWER ? "lower is better" : "";
        const char *desc = tx(t, &var->description);
        char line[2048];
        if (t->plain) {
            const char *unit = !strcmp(var->unit, "%") ? "percent" : var->unit;
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
        fprintf(o, "  %s%*s%s", sty(t, TS_TITLE), valw, num, sty_end(t));
        if (bar >= 5 && var->max > var->min) {
            int64_t span = (int64_t)var->max - var->min;
            int64_t fill64 = ((int64_t)val - var->min) * bar / span;
            int fill = fill64 < 0 ? 0 : fill64 > bar ? bar : (int)fill64;
            fprintf(o, "  [%s", sty(t, TS_GOOD));
            for (int i = 0; i < bar; i++) fputc(i < fill ? '#' : '.', o);
            fprintf(o, "%s]", sty_end(t));
        }
        fputc('\n', o);
        const char *Better = var->better == LSR_BETTER_HIGHER ? "Higher is better"
                           : var->better == LSR_BETTER_LOWER ? "Lower is better" : "";
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
        fprintf(t->out, "  This scenario has no glossary.\n");
        return;
    }
    fprintf(t->out, "\n  %sGlossary%s\n", sty(t, TS_HEAD), sty_end(t));
    for (uint32_t k = 0; k < sc->n_glossary; k++) {
        char line[4096];
        snprintf(line, sizeof line, "%s%s%s: %s", sty(t, TS_TITLE), tx(t, &sc->glossary[k].term), sty_end(t),
                 tx(t, &sc->glossary[k].definition));
        fputc('\n', t->out);
        term_wrap_hang(t, line, 2, 2);
    }
    fputc('\n', t->out);
}

void term_help(Term *t, const LsrGame *g) {
    const LsrScenario *sc = lsr_game_scenario(g);
    FILE *o = t->out;
    bool cl = t->opt->classroom;
    fprintf(o, "\n  %sKeys%s (type one and press Enter)\n", sty(t, TS_HEAD), sty_end(t));
    if (cl) {
        fprintf(o, "    A, B, C...  take that choice (the letters are the window's)\n"
                   "    12 8 3      the class's count for each choice shown, in order\n"
                   "    A12 C3      counts by letter; letters not named get 0\n"
                   "    r           reveal what really happened (after a decision)\n"
                   "    b or u      step back one decision\n");
    } else {
        fprintf(o, "    1-9         take that choice\n"
                   "    u or back   take back the last decision (again: further back)\n");
    }
    fprintf(o, "    s           the party's state, with what each measure means\n"
               "    g           the glossary of terms\n"
               "    l           the log: everything shown so far in this game\n"
               "    h or ?      this help\n"
               "    q           stop (progress is saved; 'leftsr play --continue' resumes)\n"
               "    Enter       go on, where the game waits between parts of a turn\n");
    fprintf(o, "\n  %sThe two scores%s\n", sty(t, TS_HEAD), sty_end(t));
    term_wrap(t, "Historical fidelity: how closely your decisions followed what the Left SRs actually did, "
                 "weighted by how much each decision mattered, with partial credit for choices close to theirs.", 4);
    term_wrap(t, "Outcome against history: each scored measure at the end against its historical value, in the "
                 "direction better for the party: 0 means as history went, +100 far better, -100 far worse.", 4);
    fprintf(o, "\n  %sWhere the history comes from%s\n", sty(t, TS_HEAD), sty_end(t));
    term_wrap(t, "Each \"What really happened\" names its sources by id; this scenario draws on:", 4);
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
        printf("%s-- more: Enter goes on, q stops --%s ", sty(t, TS_DIM), sty_end(t));
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
    fprintf(mem, "\n  %sThe log of this game%s\n", sty(t, TS_HEAD), sty_end(t));
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
            snprintf(line, sizeof line, "The class chose %c) %s", term_letter(e->choice), tx(t, &c->label));
        else
            snprintf(line, sizeof line, "You chose: %s", tx(t, &c->label));
        fprintf(mem, "\n  %s", sty(t, TS_KEY));
        term_wrap_hang(t, line, 0, 4);
        fputs(sty_end(t), mem);
        term_consequence(t, s, e);
        if (history) term_history(t, s, e->choice);
    }
    if (lsr_game_step(g)) term_step_head(t, lsr_game_step(g));
    fprintf(mem, "\n  %s(end of the log)%s\n", sty(t, TS_DIM), sty_end(t));
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
    printf("\n  %s[Enter to continue]%s ", sty(t, TS_DIM), sty_end(t));
    fflush(stdout);
    char a[64];
    if (!fgets(a, sizeof a, stdin)) t->eof = true;
}
