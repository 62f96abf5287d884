/* Terminal play: the same scenarios as the window, for terminals, scripts
 * and golden transcripts. Output depends only on (scenario, seed, choices)
 * so transcripts are byte-for-byte reproducible. */
#include "app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct Term {
    const LsrPlayOptions *opt;
    int width;
    const char *script;        /* remaining --choices, or NULL */
    bool interactive;          /* stdin is a terminal */
    bool eof;
    bool saved;                /* the save on disk holds the game as it is now */
    bool save_failed;          /* a save failed since the last one that worked */
    char save_err[512];        /* why the last save failed */
} Term;


static int term_width(void) {
    struct winsize ws;
    int w = 0;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) w = ws.ws_col;
    if (w <= 0) {
        const char *c = getenv("COLUMNS");
        w = c ? atoi(c) : 80;
    }
    if (w < 40) w = 40;
    if (w > 100) w = 100;
    return w;
}

/* Number of display columns of a UTF-8 string (one per code point). */
static int cols(const char *s, size_t n) {
    int c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}

/* Prints text wrapped to the width with `indent` spaces; blank lines in the
 * text become paragraph breaks. */
static void wrap(const Term *t, const char *text, int indent) {
    int width = t->width - indent;
    const char *p = text;
    while (*p) {
        const char *para_end = strstr(p, "\n\n");
        size_t plen = para_end ? (size_t)(para_end - p) : strlen(p);
        int col = 0;
        size_t i = 0;
        while (i < plen) {
            while (i < plen && (p[i] == ' ' || p[i] == '\n')) i++;
            size_t j = i;
            while (j < plen && p[j] != ' ' && p[j] != '\n') j++;
            if (j == i) break;
            int wc = cols(p + i, j - i);
            if (col > 0 && col + 1 + wc > width) {
                putchar('\n');
                col = 0;
            }
            if (col == 0) printf("%*s", indent, "");
            else {
                putchar(' ');
                col++;
            }
            fwrite(p + i, 1, j - i, stdout);
            col += wc;
            i = j;
        }
        if (col) putchar('\n');
        if (!para_end) break;
        p = para_end + 2;
        if (*p) putchar('\n');
    }
}

static void rule(const Term *t, char ch) {
    for (int i = 0; i < t->width; i++) putchar(ch);
    putchar('\n');
}

static const char *tx(const Term *t, const LsrText *x) { return lsr_tx(x, t->opt->lang); }

/* Reads one answer: from --choices first, then stdin. NULL at end of input. */
static const char *read_answer(Term *t, char *buf, size_t n) {
    if (t->script && *t->script) {
        const char *comma = strchr(t->script, ',');
        size_t len = comma ? (size_t)(comma - t->script) : strlen(t->script);
        if (len >= n) len = n - 1;
        memcpy(buf, t->script, len);
        buf[len] = '\0';
        t->script = comma ? comma + 1 : t->script + strlen(t->script);
        printf("%s\n", buf);
        return buf;
    }
    fflush(stdout);
    if (!fgets(buf, (int)n, stdin)) {
        t->eof = true;
        return NULL;
    }
    /* A line longer than the buffer is one answer, and not a valid one: the
     * rest is read and dropped, never taken as further answers. */
    bool whole = strchr(buf, '\n') != NULL || feof(stdin);
    if (!whole) {
        int ch;
        while ((ch = getchar()) != EOF && ch != '\n') {}
    }
    buf[strcspn(buf, "\r\n")] = '\0';
    if (!t->interactive) {
        char shown[128];
        lsr_text_safe(buf, shown, 61, 0);
        printf("%s%s\n", shown, whole && strlen(shown) == strlen(buf) ? "" : "...");
    }
    if (!whole) buf[0] = '\0';
    /* Spaces around an answer do not matter. */
    size_t a = strspn(buf, " \t"), e = strlen(buf);
    while (e > a && (buf[e - 1] == ' ' || buf[e - 1] == '\t')) e--;
    buf[e] = '\0';
    return buf + a;
}

static void show_state(const Term *t, const LsrGame *g) {
    const LsrScenario *sc = lsr_game_scenario(g);
    printf("\n  State of the party\n");
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        const LsrVar *var = &sc->vars[v];
        if (var->hidden) continue;
        int32_t val = lsr_game_var(g, v);
        int bar = (int)(((int64_t)val - var->min) * 20 / ((int64_t)var->max - var->min));
        printf("  %-28s %6d%-6s [", tx(t, &var->label), val, var->unit);
        for (int i = 0; i < 20; i++) putchar(i < bar ? '#' : '.');
        printf("]%s\n", var->better == LSR_BETTER_HIGHER ? "  (higher is better)"
                        : var->better == LSR_BETTER_LOWER ? "  (lower is better)" : "");
    }
    putchar('\n');
}

static void print_sources(const Term *t, const LsrScenario *sc, const LsrStep *s) {
    char line[2048];
    size_t at = (size_t)snprintf(line, sizeof line, "Sources:");
    for (uint32_t k = 0; k < s->n_sources && at < sizeof line; k++) {
        const LsrSource *src = &sc->sources[sc->source_refs[s->sources_first + k]];
        at += (size_t)snprintf(line + at, sizeof line - at, "%s %s (%s)", k ? ";" : "", src->title, src->id);
    }
    wrap(t, line, 2);
}

static void print_history(const Term *t, const LsrScenario *sc, const LsrStep *s, uint32_t chosen) {
    printf("\n  WHAT REALLY HAPPENED\n");
    if (s->type == LSR_STEP_DECISION) {
        const LsrChoice *hc = &sc->choices[s->choices_first + s->hist_choice];
        char line[1024];
        snprintf(line, sizeof line, "The Left SRs chose: %s%s", tx(t, &hc->label),
                 chosen != s->hist_choice ? "" : t->opt->classroom ? " (as the class did)" : " (as you did)");
        wrap(t, line, 2);
    }
    wrap(t, tx(t, &s->note), 2);
    if (s->disagreement.s && s->disagreement.s[0]) {
        printf("\n  Where the sources disagree:\n");
        wrap(t, tx(t, &s->disagreement), 2);
    }
    print_sources(t, sc, s);
}

static void print_events(const Term *t, const LsrScenario *sc, const LsrTraceEntry *e) {
    for (uint32_t k = 0; k < e->n_fired; k++) {
        const LsrEvent *ev = &sc->events[e->fired[k]];
        printf("\n  >> %s\n", tx(t, &ev->title));
        wrap(t, tx(t, &ev->text), 5);
    }
}

static void show_vote(const Term *t, const LsrScenario *sc, const LsrStep *s, const LsrTraceEntry *e) {
    printf("\n  Motion: %s\n\n", tx(t, &s->motion));
    printf("  %-30s %7s %7s %9s\n", "", "yes", "no", "abstain");
    for (uint32_t b = 0; b < sc->n_blocs; b++) {
        const int32_t *v = e->bloc_votes + b * 3;
        if (v[0] + v[1] + v[2] == 0) continue;
        printf("  %-30s %7d %7d %9d\n", tx(t, &sc->blocs[b].name), v[0], v[1], v[2]);
    }
    printf("  %-30s %7d %7d %9d\n", "Total", e->vote[0], e->vote[1], e->vote[2]);
    printf("\n  The motion is %s.\n", e->passed ? "CARRIED" : "DEFEATED");
    if (s->hist_tally[0] >= 0 || s->hist_tally[1] >= 0 || s->hist_tally[2] >= 0 || s->hist_pass >= 0) {
        /* Only the figures the sources give: a missing count is not a zero. */
        static const char *const what[3] = {"yes", "no", "abstaining"};
        printf("  Historically: ");
        for (int k = 0; k < 3; k++)
            if (s->hist_tally[k] >= 0) printf("%d %s, ", s->hist_tally[k], what[k]);
        printf("%s.\n", s->hist_pass == 1 ? "carried" : s->hist_pass == 0 ? "defeated" : "result unrecorded");
    }
    const LsrBranch *br = e->passed ? &s->pass : &s->fail;
    if (br->result.s && br->result.s[0]) {
        putchar('\n');
        wrap(t, tx(t, &br->result), 2);
    }
}

static void debrief(const Term *t, const LsrGame *g) {
    const LsrScenario *sc = lsr_game_scenario(g);
    LsrScore score;
    lsr_game_score(g, &score);
    printf("\n");
    rule(t, '=');
    printf("  DEBRIEF: %s\n", tx(t, &sc->title));
    rule(t, '=');
    int n = 0;
    for (size_t i = 0; i < lsr_game_trace_len(g); i++) {
        const LsrTraceEntry *e = lsr_game_trace(g, i);
        const LsrStep *s = &sc->steps[e->step];
        if (s->type != LSR_STEP_DECISION) continue;
        const LsrChoice *yc = &sc->choices[s->choices_first + e->choice];
        const LsrChoice *hc = &sc->choices[s->choices_first + s->hist_choice];
        char date[40];
        lsr_date_format(s->date, date, sizeof date);
        printf("\n  %d. %s (%s)\n", ++n, tx(t, &s->title), date);
        char line[1200];
        snprintf(line, sizeof line, "You: %s", tx(t, &yc->label));
        wrap(t, line, 5);
        snprintf(line, sizeof line, "History: %s [%s, credit %u%%]", tx(t, &hc->label),
                 e->choice == s->hist_choice ? "match" : "differs", yc->credit_permille / 10u);
        wrap(t, line, 5);
        if (e->tally) {
            printf("     Class vote:");
            for (uint32_t k = 0; k < e->n_tally; k++) printf(" %u", e->tally[k]);
            printf("\n");
        }
        if (t->opt->reveal == LSR_REVEAL_END) {
            wrap(t, tx(t, &s->note), 5);
            if (s->disagreement.s && s->disagreement.s[0]) wrap(t, tx(t, &s->disagreement), 5);
            print_sources(t, sc, s);
        }
    }
    printf("\n  Historical fidelity: %d.%d%%  (%u of %u decisions as the Left SRs took them)\n",
           score.fidelity_permille / 10, score.fidelity_permille % 10, score.matched, score.decisions);
    wrap(t, "How closely your decisions followed what the Left SRs actually did, weighted by how much each decision mattered, with partial credit for choices close to theirs.", 2);
    int o = score.outcome_permille;
    printf("\n  Outcome against history: %s%d.%d  (%s)\n", o < 0 ? "-" : "+", abs(o) / 10, abs(o) % 10,
           o > 50 ? "better for the party than history" : o < -50 ? "worse for the party than history"
                                                            : "close to how history went");
    wrap(t, "Each scored variable at the end against its historical value, in the direction better for the party: 0 means as history went, +100 far better, -100 far worse.", 2);
    for (uint32_t k = 0; k < score.n_vars && k < 64; k++) {
        const LsrVarScore *vs = &score.vars[k];
        printf("    %-28s you %6d   history %6d   %s%d.%d\n", tx(t, &sc->vars[vs->var].label), vs->final,
               vs->historical, vs->delta_permille < 0 ? "-" : "+", abs(vs->delta_permille) / 10,
               abs(vs->delta_permille) % 10);
    }
    printf("\n  Seed: %llu (replay this game with --seed %llu and the same choices)\n",
           (unsigned long long)lsr_game_seed(g), (unsigned long long)lsr_game_seed(g));
}

/* Saves after a move; a failure is said at once (and again at exit). */
static void save_now(Term *t, const LsrGame *g, const char *save_path) {
    if (!save_path) return;
    char err[512], shown[600];
    if (lsr_save_write(g, save_path, err, sizeof err) != LSR_OK) {
        fprintf(stderr, "leftsr: could not save progress: %s\n", lsr_shown(err, shown, sizeof shown));
        snprintf(t->save_err, sizeof t->save_err, "%s", err);
        t->save_failed = true;
        t->saved = false;
    } else {
        t->save_failed = false;
        t->saved = true;
    }
}

/* What stopping now means for the player's progress. */
static const char *stop_note(const Term *t, const char *save_path) {
    if (!save_path) return "";
    if (t->save_failed) return "; progress could NOT be saved";
    return t->saved ? "; progress is saved" : "";
}

/* Plays one scenario to its end. Returns 0 when an ending was reached, 1
 * when the game got stuck, 2 when the player quit or input ended. */
/* Classroom: "12 8 0" gives each shown choice its count. Returns the number
 * of counts read (k on success), or 0 when the answer is not k counts. */
static uint32_t parse_counts(const char *a, uint32_t k, uint32_t *counts) {
    uint32_t n = 0;
    while (*a) {
        while (*a == ' ' || *a == ',' || *a == '\t') a++;
        if (!*a) break;
        if (*a < '0' || *a > '9' || n == k) return 0;
        char *end;
        errno = 0;
        long v = strtol(a, &end, 10);
        if (errno || v < 0 || v > LSR_MAX_VOTES_PER_CHOICE) return 0;
        counts[n++] = (uint32_t)v;
        a = end;
    }
    return n == k ? n : 0;
}

static int play_game(Term *t, LsrGame *g, const char *save_path) {
    const LsrScenario *sc = lsr_game_scenario(g);
    char buf[256];
    for (;;) {
        LsrPhase ph = lsr_game_phase(g);
        if (ph == LSR_PHASE_ENDED) break;
        if (ph == LSR_PHASE_STUCK) {
            printf("\n  The story cannot go on from here: no choice is possible and no ending applies.\n"
                   "  (This is a fault in the scenario; 'leftsr analyze' finds such places.)\n");
            return 1;
        }
        const LsrStep *s = lsr_game_step(g);
        char date[40];
        lsr_date_format(s->date, date, sizeof date);
        printf("\n");
        rule(t, '-');
        printf("  %s%s%s\n", date, s->place.s[0] ? " - " : "", tx(t, &s->place));
        printf("  %s\n", tx(t, &s->title));
        rule(t, '-');
        wrap(t, tx(t, &s->narrative), 2);
        if (ph == LSR_PHASE_VOTE) {
            if (lsr_game_choose(g, 0) != LSR_OK) {
                printf("\n  The vote could not be counted (out of memory).\n");
                return 1;
            }
            const LsrTraceEntry *e = lsr_game_trace(g, lsr_game_trace_len(g) - 1);
            show_vote(t, sc, s, e);
            print_events(t, sc, e);
            if (t->opt->reveal == LSR_REVEAL_AFTER && s->note.s[0]) print_history(t, sc, s, 0);
            save_now(t, g, save_path);
            continue;
        }
        /* Number the visible choices 1..k. */
        uint32_t map[9], k = 0;
        printf("\n");
        for (uint32_t i = 0; i < s->n_choices; i++) {
            LsrChoiceState cs = lsr_game_choice_state(g, i);
            if (cs == LSR_CHOICE_HIDDEN) continue;
            const LsrChoice *c = &sc->choices[s->choices_first + i];
            map[k++] = i;
            char label[1024];
            snprintf(label, sizeof label, "%u) %s", k, tx(t, &c->label));
            wrap(t, label, 2);
            if (cs == LSR_CHOICE_DISABLED) {
                snprintf(label, sizeof label, "(not possible: %s)", tx(t, &c->reason));
                wrap(t, label, 5);
            }
        }
        uint32_t pick = LSR_NEXT_NONE, counts[9], tally[16] = { 0 };
        bool voted = false, back = false;
        uint32_t tie_best = 0;
        while (pick == LSR_NEXT_NONE) {
            if (t->opt->classroom)
                printf("\n  Class vote: the count for each choice, 1 to %u, e.g. '12 8%s' (or one choice\n"
                       "  number to take it; b step back, s state, h help, q quit): ", k, k > 2 ? " 3" : "");
            else
                printf("\n  Your choice [1-%u, s state, h help, q quit]: ", k);
            const char *a = read_answer(t, buf, sizeof buf);
            if (!a) {
                printf("\n  (end of input: stopping here%s)\n", stop_note(t, save_path));
                return 2;
            }
            if (!strcmp(a, "q")) {
                printf("  Stopping here%s.\n", stop_note(t, save_path));
                return 2;
            }
            if (!strcmp(a, "s")) { show_state(t, g); continue; }
            if (t->opt->classroom && !strcmp(a, "b")) {
                if (lsr_game_undo_decision(g) == LSR_OK) {
                    save_now(t, g, save_path);
                    printf("  Stepped back one decision.\n");
                    back = true;
                    break;
                }
                printf("  There is no decision to step back to.\n");
                continue;
            }
            if (t->opt->classroom && k > 1 && parse_counts(a, k, counts) == k) {
                uint32_t total = 0, bad = 0;
                memset(tally, 0, sizeof tally);
                for (uint32_t m = 0; m < k; m++) {
                    if (counts[m] && lsr_game_choice_state(g, map[m]) != LSR_CHOICE_AVAILABLE) bad = m + 1;
                    tally[map[m]] = counts[m];
                    total += counts[m];
                }
                if (bad) {
                    printf("  Choice %u is not possible now; give it 0 votes.\n", bad);
                    continue;
                }
                voted = true;
                bool tied[16];
                pick = lsr_game_tally_winner(g, tally, tied);
                if (pick != LSR_NEXT_NONE) {
                    for (uint32_t m = 0; m < k; m++)
                        if (map[m] == pick) printf("  The class chose %u, with %u of %u votes.\n", m + 1, tally[pick], total);
                    break;
                }
                for (uint32_t m = 0; m < s->n_choices; m++)
                    if (tied[m]) tie_best = tally[m];
                printf("  %s Teacher, type the number of the choice to take.\n",
                       total == 0 ? "No votes were counted." : "The vote is tied.");
                continue;
            }
            if (!strcmp(a, "h")) {
                printf("  Type the number of a choice and press Enter. 's' shows the party's state,\n"
                       "  'q' stops (you can continue later with 'leftsr play --continue').\n");
                continue;
            }
            char *end = NULL;
            errno = 0;
            long v = a[0] >= '0' && a[0] <= '9' ? strtol(a, &end, 10) : 0;
            uint32_t idx = LSR_NEXT_NONE;
            if (!errno && v && !*end && v >= 1 && v <= (long)k) idx = map[v - 1];
            /* Authors and scripts may name a choice by its id. */
            for (uint32_t m = 0; idx == LSR_NEXT_NONE && m < k; m++)
                if (!strcmp(a, sc->choices[s->choices_first + map[m]].id)) idx = map[m];
            if (idx == LSR_NEXT_NONE) {
                printf("  Please type a number from 1 to %u.\n", k);
                continue;
            }
            if (lsr_game_choice_state(g, idx) == LSR_CHOICE_DISABLED) {
                printf("  That is not possible now: %s\n", tx(t, &sc->choices[s->choices_first + idx].reason));
                continue;
            }
            if (voted && tally[idx] != tie_best) {
                printf("  The teacher breaks the tie between the choices with %u votes.\n", tie_best);
                continue;
            }
            pick = idx;
        }
        if (back) continue;
        LsrStatus cst = voted ? lsr_game_choose_tally(g, pick, tally, s->n_choices) : lsr_game_choose(g, pick);
        if (cst != LSR_OK) {
            printf("  That choice could not be taken (%s).\n", lsr_status_str(cst));
            continue;
        }
        const LsrTraceEntry *e = lsr_game_trace(g, lsr_game_trace_len(g) - 1);
        const LsrChoice *c = &sc->choices[s->choices_first + pick];
        printf("\n");
        if (c->result.s[0]) wrap(t, tx(t, &c->result), 2);
        if (e->outcome != LSR_NEXT_NONE) {
            const LsrOutcome *o = &sc->outcomes[c->outcomes_first + e->outcome];
            if (o->result.s[0]) {
                if (c->result.s[0]) putchar('\n');
                wrap(t, tx(t, &o->result), 2);
            }
        }
        print_events(t, sc, e);
        if (t->opt->reveal == LSR_REVEAL_AFTER) print_history(t, sc, s, pick);
        save_now(t, g, save_path);
    }
    const LsrEnding *end = lsr_game_ending(g);
    printf("\n");
    rule(t, '=');
    printf("  %s%s\n", tx(t, &end->title), end->historical ? "  (this is how it really ended)" : "");
    rule(t, '=');
    wrap(t, tx(t, &end->epilogue), 2);
    return 0;
}

static uint64_t default_seed(const LsrPlayOptions *opt) {
    if (opt->have_seed) return opt->seed;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec;
}

static void briefing(const Term *t, const LsrText *title, const LsrText *brief, const LsrText *goals, uint32_t ng) {
    printf("\n");
    rule(t, '=');
    printf("  %s\n", tx(t, title));
    rule(t, '=');
    wrap(t, tx(t, brief), 2);
    if (ng) {
        printf("\n  Your goals:\n");
        for (uint32_t i = 0; i < ng; i++) {
            char line[1024];
            snprintf(line, sizeof line, "- %s", tx(t, &goals[i]));
            wrap(t, line, 4);
        }
    }
}

static int play_campaign(Term *t) {
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrCampaign *cp = NULL;
    LsrStatus st = lsr_campaign_load(t->opt->scenario_path, &cp, &d);
    if (st != LSR_OK) {
        lsr_print_diags(stderr, t->opt->scenario_path, &d);
        lsr_diags_free(&d);
        return st == LSR_ERR_IO ? LSR_EXIT_USAGE : LSR_EXIT_CONTENT;
    }
    lsr_diags_free(&d);
    briefing(t, &cp->title, &cp->briefing, NULL, 0);
    uint64_t seed = default_seed(t->opt);
    LsrGame *prev = NULL;
    uint32_t endings[LSR_MAX_CAMPAIGN_PARTS] = {0};
    int rc = LSR_EXIT_OK;
    for (uint32_t k = 0; k < cp->n_parts && k < LSR_MAX_CAMPAIGN_PARTS; k++) {
        const LsrScenario *sc = cp->parts[k].scenario;
        int32_t carry[1024];
        lsr_campaign_carry(cp, k, prev, carry);
        LsrGameOptions go = {seed + k, carry};
        LsrGame *g = NULL;
        if (lsr_game_create(sc, &go, &g) != LSR_OK) { rc = LSR_EXIT_USAGE; break; }
        briefing(t, &sc->title, &sc->briefing, sc->goals, sc->n_goals);
        int r = play_game(t, g, NULL);
        if (r == 0) debrief(t, g);
        lsr_game_destroy(prev);
        prev = g;
        if (r != 0) {
            rc = r == 1 ? LSR_EXIT_CONTENT : LSR_EXIT_OK;
            break;
        }
        endings[k] = lsr_game_step_index(g) - sc->n_steps;
        if (k + 1 == cp->n_parts) {
            const LsrText *ep = lsr_campaign_epilogue(cp, endings, lsr_game_state(g) + 1);
            if (ep) {
                printf("\n");
                rule(t, '=');
                printf("  EPILOGUE: THE PARTY'S END, 1918-1921\n");
                rule(t, '=');
                wrap(t, tx(t, ep), 2);
            }
        }
    }
    lsr_game_destroy(prev);
    lsr_campaign_free(cp);
    return rc;
}

/* Moves an existing save aside as PATH.old before a new game replaces it. */
static bool keep_old(const char *save_path, char *old, size_t n) {
    snprintf(old, n, "%s.old", save_path);
    char err[600], shown[700];
    if (rename(save_path, old) == 0) return true;
    snprintf(err, sizeof err, "cannot keep the previous save as %s: %s", old, strerror(errno));
    fprintf(stderr, "leftsr: %s; nothing was changed\n", lsr_shown(err, shown, sizeof shown));
    return false;
}

/* Before play: takes the save's lock and decides what to do with an
 * existing save. A save is resumed only with --continue, replaced only with
 * --new (and then kept as PATH.old), and a save of another scenario or a
 * file that is not a save is never touched. Returns an exit code (OK: play
 * on, with *g the resumed game or NULL for a new one). */
static int open_save(Term *t, const LsrScenario *sc, const char *save_path, LsrGame **g, int *lock) {
    const LsrPlayOptions *opt = t->opt;
    char err[600], shown[700], where[700];
    lsr_shown(save_path, where, sizeof where);
    *lock = lsr_file_lock(save_path, err, sizeof err);
    if (*lock == -2) {
        fprintf(stderr, "leftsr: another leftsr is already playing with the save %s.\n"
                        "  Finish that game first, or play this one without saving (--no-save)\n"
                        "  or with another save file (--save FILE).\n", where);
        return LSR_EXIT_USAGE;
    }
    if (*lock < 0) {
        fprintf(stderr, "leftsr: progress could not be saved: %s\n"
                        "  Play without saving (--no-save) or choose another save file (--save FILE).\n",
                lsr_shown(err, shown, sizeof shown));
        return LSR_EXIT_USAGE;
    }
    struct stat st;
    if (lstat(save_path, &st) != 0) return LSR_EXIT_OK;    /* no save yet: a new game */
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, "leftsr: the save %s is not a regular file; it is left as it is.\n"
                        "  Choose another save file (--save FILE) or play without saving (--no-save).\n", where);
        goto refuse;
    }
    LsrSaveInfo info;
    bool readable = lsr_save_peek(save_path, &info, err, sizeof err) == LSR_OK;
    if (readable && strcmp(info.scenario_id, sc->id) != 0) {
        char other[200];
        fprintf(stderr, "leftsr: %s holds a saved game of '%s', not of '%s'; it is left untouched.\n"
                        "  Save this game elsewhere (--save FILE) or play without saving (--no-save).\n",
                where, lsr_shown(info.scenario_id, other, sizeof other), sc->id);
        goto refuse;
    }
    char old[4200];
    if (opt->fresh) {
        if (!keep_old(save_path, old, sizeof old)) goto refuse;
        fprintf(stderr, "leftsr: starting a new game; the previous save is kept as %s\n", lsr_shown(old, shown, sizeof shown));
        return LSR_EXIT_OK;
    }
    if (!opt->resume) {
        if (readable)
            fprintf(stderr, "leftsr: there is a saved game of '%s' (%u steps, saved %s) in %s.\n", sc->id,
                    info.n_choices, lsr_shown(info.saved_at, shown, sizeof shown), where);
        else
            fprintf(stderr, "leftsr: there is a save file in %s (it does not load: %s).\n", where,
                    lsr_shown(err, shown, sizeof shown));
        fprintf(stderr, "  Resume it with --continue, or start a new game with --new (the old save is then kept\n"
                        "  as %s.old).\n", where);
        goto refuse;
    }
    LsrStatus ls = lsr_save_load(sc, save_path, g, err, sizeof err);
    if (ls == LSR_OK) {
        printf("  (resumed after %zu steps)\n", lsr_game_trace_len(*g));
        t->saved = true;
        return LSR_EXIT_OK;
    }
    fprintf(stderr, "leftsr: %s\n", lsr_shown(err, shown, sizeof shown));
    if (ls == LSR_ERR_MISMATCH && *g) {
        t->saved = true;                        /* another version of this scenario: played on */
        return LSR_EXIT_OK;
    }
    lsr_game_destroy(*g);
    *g = NULL;
    /* Offer the backup before giving up on the save. */
    char bak[4200];
    snprintf(bak, sizeof bak, "%s.bak", save_path);
    if (access(bak, F_OK) == 0 && lsr_save_load(sc, bak, g, err, sizeof err) == LSR_OK) {
        fprintf(stderr, "leftsr: resumed from the backup save %s\n", lsr_shown(bak, shown, sizeof shown));
        return LSR_EXIT_OK;
    }
    lsr_game_destroy(*g);
    *g = NULL;
    if (!keep_old(save_path, old, sizeof old)) goto refuse;
    fprintf(stderr, "leftsr: starting a new game; the save that does not load is kept as %s\n",
            lsr_shown(old, shown, sizeof shown));
    return LSR_EXIT_OK;
refuse:
    lsr_file_unlock(*lock);
    *lock = -1;
    return LSR_EXIT_USAGE;
}

int lsr_cmd_play_text(const LsrPlayOptions *opt) {
    Term t = {opt, term_width(), opt->choices, isatty(STDIN_FILENO) != 0, false, false, false, ""};
    if (opt->is_campaign) return play_campaign(&t);
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_file(opt->scenario_path, &sc, &d);
    if (st != LSR_OK) {
        lsr_print_diags(stderr, opt->scenario_path, &d);
        char shown[4200];
        fprintf(stderr, "leftsr: %s cannot be played (%s)\n", lsr_shown(opt->scenario_path, shown, sizeof shown),
                lsr_status_str(st));
        lsr_diags_free(&d);
        return st == LSR_ERR_IO ? LSR_EXIT_USAGE : LSR_EXIT_CONTENT;
    }
    lsr_diags_free(&d);
    char pathbuf[4096];
    const char *save_path = NULL;
    if (!opt->no_save) {
        if (opt->save_path) save_path = opt->save_path;
        else {
            lsr_save_default_path(sc->id, pathbuf, sizeof pathbuf);
            save_path = pathbuf;
        }
    }
    LsrGame *g = NULL;
    int lock = -1, rc = LSR_EXIT_OK;
    if (save_path) {
        rc = open_save(&t, sc, save_path, &g, &lock);
        if (rc != LSR_EXIT_OK) {
            lsr_scenario_free(sc);
            return rc;
        }
    }
    if (!g) {
        LsrGameOptions go = {default_seed(opt), NULL};
        if (lsr_game_create(sc, &go, &g) != LSR_OK) {
            lsr_scenario_free(sc);
            lsr_file_unlock(lock);
            fprintf(stderr, "leftsr: out of memory\n");
            return LSR_EXIT_USAGE;
        }
        briefing(&t, &sc->title, &sc->briefing, sc->goals, sc->n_goals);
    }
    int r = play_game(&t, g, save_path);
    if (r == 0) debrief(&t, g);
    fflush(stdout);
    lsr_game_destroy(g);
    lsr_scenario_free(sc);
    lsr_file_unlock(lock);
    if (t.save_failed) {
        char shown[600];
        fprintf(stderr, "leftsr: your progress was NOT saved: %s\n", lsr_shown(t.save_err, shown, sizeof shown));
        return LSR_EXIT_USAGE;
    }
    return r == 1 ? LSR_EXIT_CONTENT : LSR_EXIT_OK;
}
