/* Terminal play: the same scenarios as the window, for terminals, scripts
 * and golden transcripts. Output depends only on (scenario, seed, choices)
 * so transcripts are byte-for-byte reproducible. */
#include "term/term.h"
#include "endings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *tx(const Term *t, const LsrText *x) { return lsr_tx(x, t->opt->lang); }

/* Reads one answer: from --choices first, then stdin. NULL at end of input. */
static const char *read_answer(Term *t, char *buf, size_t n) {
    t->scripted = t->script && *t->script;
    if (t->scripted) {
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
    if (t->echo) {
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

static void debrief(Term *t, const LsrGame *g) {
    const LsrScenario *sc = lsr_game_scenario(g);
    LsrScore score;
    lsr_game_score(g, &score);
    printf("\n");
    term_rule(t, '=');
    char head[600];
    snprintf(head, sizeof head, _("DEBRIEF: %s"), tx(t, &sc->title));
    printf("  %s%s%s\n", sty(t, TS_TITLE), head, sty_end(t));
    term_rule(t, '=');
    int n = 0;
    for (size_t i = 0; i < lsr_game_trace_len(g); i++) {
        const LsrTraceEntry *e = lsr_game_trace(g, i);
        const LsrStep *s = &sc->steps[e->step];
        if (s->type != LSR_STEP_DECISION) continue;
        const LsrChoice *yc = &sc->choices[s->choices_first + e->choice];
        const LsrChoice *hc = &sc->choices[s->choices_first + s->hist_choice];
        char date[40];
        lsr_date_format_lang(s->date, t->opt->lang, date, sizeof date);
        printf("\n  %d. %s (%s)\n", ++n, tx(t, &s->title), date);
        char line[1200];
        snprintf(line, sizeof line, _("You: %s"), tx(t, &yc->label));
        term_wrap(t, line, 5);
        snprintf(line, sizeof line, _("History: %s [%s, credit %u%%]"), tx(t, &hc->label),
                 e->choice == s->hist_choice ? _("match") : _("differs"), yc->credit_permille / 10u);
        term_wrap(t, line, 5);
        if (s->hist_contested) printf("     %s.\n", _(LSR_CONTESTED_TAG));
        if (e->tally) {
            printf("     %s", _("Class vote:"));
            for (uint32_t k = 0; k < e->n_tally; k++) printf("%s %c %u", k ? "," : "", term_letter(k), e->tally[k]);
            printf("\n");
        }
        if (t->opt->reveal == LSR_REVEAL_END) {
            term_wrap(t, tx(t, &s->note), 5);
            if (s->disagreement.s && s->disagreement.s[0]) term_wrap(t, tx(t, &s->disagreement), 5);
            term_sources(t, s);
        }
    }
    char num[120];
    /* TRANSLATORS: a score with one decimal; write the decimal separator your language uses */
    snprintf(num, sizeof num, _("Historical fidelity: %d.%d%%"), score.fidelity_permille / 10,
             score.fidelity_permille % 10);
    char paren[400];
    /* TRANSLATORS: the English keeps its plural for 1 (scripts read it); give your language's forms */
    snprintf(paren, sizeof paren, lsr_ui_n("(%u of %u decisions as the Left SRs took them)\n",
                                           "(%u of %u decisions as the Left SRs took them)\n", score.decisions),
             score.matched, score.decisions);
    paren[strcspn(paren, "\n")] = '\0';
    /* on the heading's line when it fits, else on the next */
    bool fits = 2 + term_cols(num, strlen(num)) + 2 + term_cols(paren, strlen(paren)) <= t->width;
    printf("\n  %s%s%s%s%s\n", sty(t, TS_HEAD), num, sty_end(t), fits ? "  " : "\n  ", paren);
    term_wrap(t, _("How closely your decisions followed what the Left SRs actually did, weighted by how much each decision mattered, with partial credit for choices close to theirs."), 2);
    int o = score.outcome_permille;
    snprintf(num, sizeof num, _("Outcome against history: %s%d.%d"), o < 0 ? "-" : "+", abs(o) / 10, abs(o) % 10);
    const char *verdict = o > 50 ? _("better for the party than history")
                        : o < -50 ? _("worse for the party than history") : _("close to how history went");
    fits = 2 + term_cols(num, strlen(num)) + 3 + term_cols(verdict, strlen(verdict)) + 1 <= t->width;
    printf("\n  %s%s%s%s(%s)\n", sty(t, TS_HEAD), num, sty_end(t), fits ? "  " : "\n  ", verdict);
    term_wrap(t, _("Each scored variable at the end against its historical value, in the direction better for the party: 0 means as history went, +100 far better, -100 far worse."), 2);
    /* columns as wide as their translated headings, at least as in English */
    const char *h_you = _("you"), *h_hist = _("historical path");
    int w_you = term_cols(h_you, strlen(h_you)), w_hist = term_cols(h_hist, strlen(h_hist)), w_lab = 28;
    const char *gs = _("(game scale)");
    int w_gs = term_cols(gs, strlen(gs));
    /* longer translated headings and notes take their room from the label
     * column, down to the longest label */
    int extra = (w_you > 6 ? w_you - 6 : 0) + (w_hist > 15 ? w_hist - 15 : 0) + (w_gs > 12 ? w_gs - 12 : 0);
    w_you = w_you < 6 ? 6 : w_you;
    w_hist = w_hist < 15 ? 15 : w_hist;
    if (extra) {
        int longest = 0;
        for (uint32_t k = 0; k < score.n_vars && k < 64; k++) {
            const char *l = tx(t, &sc->vars[score.vars[k].var].label);
            int c = term_cols(l, strlen(l));
            if (c > longest) longest = c;
        }
        w_lab = 28 - extra > longest ? 28 - extra : longest < 28 ? longest : 28;
    }
    if (score.n_vars && !t->plain) {
        printf("    %*s ", w_lab, "");
        term_cell(stdout, h_you, w_you, true);
        printf("   ");
        term_cell(stdout, h_hist, w_hist, true);
        printf("   %s\n", _("effect"));
    }
    for (uint32_t k = 0; k < score.n_vars && k < 64; k++) {
        const LsrVarScore *vs = &score.vars[k];
        const LsrVar *v = &sc->vars[vs->var];
        if (t->plain) {
            printf("    ");
            printf(_("%s: you %d, historical path %d, effect %s%d.%d"), tx(t, &v->label), vs->final, vs->historical,
                   vs->delta_permille < 0 ? _("minus ") : _("plus "), abs(vs->delta_permille) / 10,
                   abs(vs->delta_permille) % 10);
            printf("%s%s\n", lsr_var_is_game_scale(v) ? " " : "", lsr_var_is_game_scale(v) ? gs : "");
        } else {
            printf("    ");
            term_cell(stdout, tx(t, &v->label), w_lab, false);
            printf(" %*d   %*d   %s%d.%d%s%s\n", w_you, vs->final, w_hist, vs->historical,
                   vs->delta_permille < 0 ? "-" : "+", abs(vs->delta_permille) / 10, abs(vs->delta_permille) % 10,
                   lsr_var_is_game_scale(v) ? "   " : "", lsr_var_is_game_scale(v) ? gs : "");
        }
    }
    printf("\n  ");
    printf(_("Seed: %llu (replay this game with --seed %llu and the same choices)"),
           (unsigned long long)lsr_game_seed(g), (unsigned long long)lsr_game_seed(g));
    printf("\n");
}

/* Saves after a move; a failure is said at once (and again at exit). */
static void save_now(Term *t, const LsrGame *g, const char *save_path) {
    if (!save_path) return;
    char err[512], shown[600];
    if (lsr_save_write(g, save_path, err, sizeof err) != LSR_OK) {
        fprintf(stderr, _("leftsr: could not save progress: %s\n"), lsr_shown(err, shown, sizeof shown));
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
    if (t->save_failed) return _("; progress could NOT be saved");
    return t->saved ? _("; progress is saved") : "";
}

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

/* Classroom counts by letter: "A12 C3" or "A 12, B=8". Letters not named
 * get 0. Returns false when the answer is not of that form. */
static bool parse_letter_counts(const char *a, const LsrStep *s, uint32_t *out) {
    bool any = false;
    uint32_t tally[16] = {0};
    if (s->n_choices > 16) return false;
    while (*a) {
        while (*a == ' ' || *a == ',' || *a == '\t') a++;
        if (!*a) break;
        char L = (char)(*a >= 'a' && *a <= 'z' ? *a - 'a' + 'A' : *a);
        if (L < 'A' || (uint32_t)(L - 'A') >= s->n_choices) return false;
        a++;
        while (*a == ' ' || *a == '=' || *a == ':') a++;
        if (*a < '0' || *a > '9') return false;
        char *end;
        errno = 0;
        long v = strtol(a, &end, 10);
        if (errno || v < 0 || v > 999) return false;
        tally[L - 'A'] = (uint32_t)v;
        any = true;
        a = end;
    }
    if (any) memcpy(out, tally, sizeof tally);
    return any;
}

/* The letter a classroom answer names ("B"), as a choice index, or NONE. */
static uint32_t letter_choice(const char *a, const LsrStep *s) {
    if (!a[0] || a[1]) return LSR_NEXT_NONE;
    char L = (char)(a[0] >= 'a' && a[0] <= 'z' ? a[0] - 'a' + 'A' : a[0]);
    if (L < 'A' || (uint32_t)(L - 'A') >= s->n_choices) return LSR_NEXT_NONE;
    return (uint32_t)(L - 'A');
}

/* Ending screen: records the ending unless nothing may be written. */
static void record_ending(Term *t, const LsrGame *g, const LsrEnding *end) {
    const LsrScenario *sc = lsr_game_scenario(g);
    if (t->opt->no_save || lsr_game_jumped(g)) return;
    char notice[512], err[512];
    LsrEndings *e = lsr_endings_load(NULL, notice, sizeof notice);
    if (!e) return;
    if (notice[0]) fprintf(stderr, "leftsr: %s\n", notice);
    bool added = false;
    if (lsr_endings_record(e, NULL, sc->id, end->id, &added, err, sizeof err) != LSR_OK)
        fprintf(stderr, _("leftsr: could not record the ending: %s\n"), err);
    uint32_t found = lsr_endings_count(e, sc);
    printf("\n  %s%s", sty(t, TS_KEY), added ? _("A new ending! ") : "");
    /* TRANSLATORS: the English keeps its plural for 1 (scripts read it); give your language's forms */
    printf(lsr_ui_n("%u of %u endings of this scenario found.", "%u of %u endings of this scenario found.",
                    sc->n_endings),
           found, sc->n_endings);
    printf("%s\n", sty_end(t));
    lsr_endings_free(e);
}

/* A history note, a screenful at a time when a person reads. */
static void show_history(Term *t, const LsrStep *s, uint32_t chosen) {
    TermPage pg;
    term_collect(t, &pg);
    term_history(t, s, chosen);
    term_glossary_hint(t);
    term_show_collected(t, &pg);
}

/* The player stopped (q) or input ended: says so; play_game's 2. */
static int stop_here(const Term *t, const char *save_path) {
    if (t->eof) printf(_("\n  (end of input: stopping here%s)\n"), stop_note(t, save_path));
    else printf(_("  Stopping here%s.\n"), stop_note(t, save_path));
    return 2;
}

/* Classroom, after a decision: the history waits for the teacher's r.
 * Returns false at the end of input or on q. */
static bool teacher_reveal(Term *t, LsrGame *g, const LsrStep *s, uint32_t pick, size_t entry) {
    char buf[256];
    for (;;) {
        printf("\n  %s ", _("Teacher: r reveals what really happened; Enter goes on:"));
        const char *a = read_answer(t, buf, sizeof buf);
        if (!a || !strcmp(a, "q")) return false;
        if (!strcmp(a, "r") || !strcmp(a, "R")) {
            if (entry < sizeof t->revealed) t->revealed[entry] = 1;
            show_history(t, s, pick);
            return true;
        }
        if (!a[0]) return true;
        if (!term_common_key(t, g, a)) printf("  %s\n", _("Type r to reveal, or press Enter to go on."));
    }
}

/* The scenario whose glossary marks and reveals the terminal tracks. */
static void set_scenario(Term *t, const LsrScenario *sc) {
    if (t->sc == sc) return;
    t->sc = sc;
    memset(t->term_seen, 0, sizeof t->term_seen);
    memset(t->revealed, 0, sizeof t->revealed);
}

/* Plays one scenario to its end. Returns 0 when an ending was reached, 1
 * when the game got stuck, 2 when the player quit or input ended, 3 when a
 * --choices answer was not a possible choice, 4 at an intended dead end. */
static int play_game(Term *t, LsrGame *g, const char *save_path) {
    const LsrScenario *sc = lsr_game_scenario(g);
    char buf[256];
    set_scenario(t, sc);
    bool cl = t->opt->classroom;
    for (;;) {
        LsrPhase ph = lsr_game_phase(g);
        if (ph == LSR_PHASE_ENDED) break;
        if (ph == LSR_PHASE_STUCK && lsr_game_dead_end(g)) {
            /* an intended stop: show the step, then stop */
            term_step_head(t, lsr_game_step(g));
            term_wrap(t, tx(t, &lsr_game_step(g)->narrative), 2);
            printf("\n  %s\n", _("The story stops here."));
            return 4;
        }
        if (ph == LSR_PHASE_STUCK) {
            uint32_t fault = lsr_game_fault(g);
            if (fault != LSR_NEXT_NONE) {
                char where[300];
                lsr_effect_where(sc, fault, where, sizeof where);
                printf(_("\n  The story cannot go on: %s takes a variable past the 32-bit range.\n"), where);
            } else {
                printf("\n  %s\n", _("The story cannot go on from here: no choice is possible and no ending applies."));
            }
            printf("  %s\n", _("(This is a fault in the scenario; 'leftsr analyze' finds such places.)"));
            return 1;
        }
        t->width = term_width();
        const LsrStep *s = lsr_game_step(g);
        TermPage pg;
        term_collect(t, &pg);
        term_step_head(t, s);
        term_glossary_hint(t);
        term_show_collected(t, &pg);
        if (ph == LSR_PHASE_VOTE) {
            if (lsr_game_choose(g, 0) != LSR_OK) {
                printf("\n  %s\n", _("The vote could not be counted (out of memory)."));
                return 1;
            }
            size_t entry = lsr_game_trace_len(g) - 1;
            const LsrTraceEntry *e = lsr_game_trace(g, entry);
            term_collect(t, &pg);
            term_vote(t, s, e);
            term_events(t, e);
            term_glossary_hint(t);
            term_show_collected(t, &pg);
            save_now(t, g, save_path);
            if (t->opt->reveal == LSR_REVEAL_AFTER && s->note.s[0]) {
                if (cl) {
                    if (!teacher_reveal(t, g, s, 0, entry)) return stop_here(t, save_path);
                } else {
                    term_pause(t);
                    show_history(t, s, 0);
                }
            }
            term_pause(t);
            continue;
        }
        /* Solo: number the visible choices 1..k. Classroom: letter every
         * choice by position, as the window does, so a hidden one leaves a gap. */
        uint32_t map[16], k = 0;
        printf("\n");
        for (uint32_t i = 0; i < s->n_choices && k < 16; i++) {
            LsrChoiceState cs = lsr_game_choice_state(g, i);
            if (cs == LSR_CHOICE_HIDDEN) continue;
            const LsrChoice *c = &sc->choices[s->choices_first + i];
            map[k++] = i;
            char label[1024];
            if (cl) snprintf(label, sizeof label, "%s%c)%s %s", sty(t, TS_KEY), term_letter(i), sty_end(t), tx(t, &c->label));
            else snprintf(label, sizeof label, "%s%u)%s %s", sty(t, TS_KEY), k, sty_end(t), tx(t, &c->label));
            term_wrap_hang(t, label, 2, 3);
            if (cs == LSR_CHOICE_DISABLED) {
                snprintf(label, sizeof label, _("(not possible: %s)"), tx(t, &c->reason));
                term_wrap_hang(t, label, 5, 1);
            }
        }
        uint32_t pick = LSR_NEXT_NONE, counts[16], tally[16] = { 0 };
        bool voted = false, back = false;
        uint32_t tie_best = 0;
        while (pick == LSR_NEXT_NONE) {
            if (cl) {
                char letters[40];
                size_t nl = 0;
                for (uint32_t m = 0; m < k && nl + 3 < sizeof letters; m++) {
                    letters[nl++] = term_letter(map[m]);
                    letters[nl++] = ' ';
                }
                letters[nl ? nl - 1 : 0] = '\0';
                printf(_("\n  Class vote: the count for each choice (%s), e.g. '12 8%s' or 'A12 B8'\n"
                         "  (a letter takes it; b back, s state, g glossary, l log, h help, q quit): "),
                       letters, k > 2 ? " 3" : "");
            } else if (t->fancy) {
                /* the list of keys when the prompt fits on the line, else where to find it */
                const char *keys = _("s state, g glossary, l log, u take back, h help, q quit");
                char prompt[400];
                snprintf(prompt, sizeof prompt, _("\n  %sYour choice%s [1-%u; %s]: "), "", "", k, keys);
                if (t->width < 80 || term_cols(prompt, strlen(prompt)) - 1 > t->width) keys = _("h lists the keys");
                printf(_("\n  %sYour choice%s [1-%u; %s]: "), sty(t, TS_TITLE), sty_end(t), k, keys);
            }
            else
                printf(_("\n  Your choice [1-%u, s state, h help, q quit]: "), k);
            const char *a = read_answer(t, buf, sizeof buf);
            if (!a || !strcmp(a, "q")) return stop_here(t, save_path);
            if (term_common_key(t, g, a)) continue;
            if (!strcmp(a, "u") || !strcmp(a, "back") || (cl && !strcmp(a, "b"))) {
                if (lsr_game_undo_decision(g) == LSR_OK) {
                    save_now(t, g, save_path);
                    printf("  %s\n", cl ? _("Stepped back one decision.") : _("Took back your last decision."));
                    back = true;
                    break;
                }
                printf("  %s\n", cl ? _("There is no decision to step back to.") : _("There is no decision to take back."));
                continue;
            }
            if (cl && ((k > 1 && parse_counts(a, k, counts) == k) || parse_letter_counts(a, s, tally))) {
                uint32_t total = 0, bad = LSR_NEXT_NONE;
                if (k > 1 && parse_counts(a, k, counts) == k) {
                    memset(tally, 0, sizeof tally);
                    for (uint32_t m = 0; m < k; m++) tally[map[m]] = counts[m];
                }
                for (uint32_t m = 0; m < s->n_choices; m++) {
                    if (tally[m] && lsr_game_choice_state(g, m) != LSR_CHOICE_AVAILABLE) bad = m;
                    total += tally[m];
                }
                if (bad != LSR_NEXT_NONE) {
                    printf(_("  Choice %c is not possible now; give it 0 votes.\n"), term_letter(bad));
                    continue;
                }
                voted = true;
                bool tied[16];
                pick = lsr_game_tally_winner(g, tally, tied);
                if (pick != LSR_NEXT_NONE) {
                    /* TRANSLATORS: the English keeps its plural for 1 (scripts read it); give your language's forms */
                    printf(lsr_ui_n("  The class chose %c, with %u of %u votes.\n",
                                    "  The class chose %c, with %u of %u votes.\n", total),
                           term_letter(pick), tally[pick], total);
                    break;
                }
                for (uint32_t m = 0; m < s->n_choices; m++)
                    if (tied[m]) tie_best = tally[m];
                printf("  %s %s\n", total == 0 ? _("No votes were counted.") : _("The vote is tied."),
                       _("Teacher, type the letter of the choice to take."));
                continue;
            }
            uint32_t idx = LSR_NEXT_NONE;
            if (cl) {
                idx = letter_choice(a, s);
                if (idx != LSR_NEXT_NONE && lsr_game_choice_state(g, idx) == LSR_CHOICE_HIDDEN) idx = LSR_NEXT_NONE;
            } else {
                /* digits only: " 1" is trimmed by read_answer, "+1" is refused */
                char *end = NULL;
                errno = 0;
                long v = a[0] >= '0' && a[0] <= '9' ? strtol(a, &end, 10) : 0;
                if (!errno && v && !*end && v >= 1 && v <= (long)k) idx = map[v - 1];
            }
            /* Authors and scripts may name a choice by its id. */
            for (uint32_t m = 0; idx == LSR_NEXT_NONE && m < k; m++)
                if (!strcmp(a, sc->choices[s->choices_first + map[m]].id)) idx = map[m];
            /* A script must never shift: a bad answer stops it, naming the step. */
            if (t->scripted && (idx == LSR_NEXT_NONE || lsr_game_choice_state(g, idx) != LSR_CHOICE_AVAILABLE)) {
                fflush(stdout);
                if (idx == LSR_NEXT_NONE)
                    fprintf(stderr, _("leftsr: --choices: '%s' at step '%s' is not one of its choices (1-%u or a choice id)\n"),
                            a, s->id, k);
                else
                    fprintf(stderr, _("leftsr: --choices: '%s' at step '%s' is not possible now: %s\n"), a, s->id,
                            tx(t, &sc->choices[s->choices_first + idx].reason));
                return 3;
            }
            if (idx == LSR_NEXT_NONE) {
                if (cl) printf("  %s\n", _("Please type the counts, or a letter shown (h lists every key)."));
                else if (t->fancy) printf(_("  Please type a number from 1 to %u (h lists every key).\n"), k);
                else printf(_("  Please type a number from 1 to %u.\n"), k);
                continue;
            }
            if (lsr_game_choice_state(g, idx) == LSR_CHOICE_DISABLED) {
                printf(_("  That is not possible now: %s\n"), tx(t, &sc->choices[s->choices_first + idx].reason));
                continue;
            }
            if (voted && tally[idx] != tie_best) {
                printf(lsr_ui_n("  The teacher breaks the tie between the choices with %u vote.\n",
                                "  The teacher breaks the tie between the choices with %u votes.\n", tie_best),
                       tie_best);
                continue;
            }
            pick = idx;
        }
        if (back) continue;
        LsrStatus cst = voted ? lsr_game_choose_tally(g, pick, tally, s->n_choices) : lsr_game_choose(g, pick);
        if (cst != LSR_OK) {
            printf(_("  That choice could not be taken (%s).\n"), lsr_status_str(cst));
            continue;
        }
        size_t entry = lsr_game_trace_len(g) - 1;
        const LsrTraceEntry *e = lsr_game_trace(g, entry);
        term_collect(t, &pg);
        term_consequence(t, s, e);
        term_glossary_hint(t);
        term_show_collected(t, &pg);
        save_now(t, g, save_path);
        if (t->opt->reveal == LSR_REVEAL_AFTER) {
            if (cl) {
                if (!teacher_reveal(t, g, s, pick, entry)) return stop_here(t, save_path);
            } else {
                term_pause(t);
                show_history(t, s, pick);
            }
        }
        term_pause(t);
    }
    const LsrEnding *end = lsr_game_ending(g);
    printf("\n");
    term_rule(t, '=');
    printf("  %s%s%s%s%s\n", sty(t, TS_TITLE), tx(t, &end->title), sty_end(t),
           end->historical ? "  " : "", end->historical ? _("(this is how it really ended)") : "");
    term_rule(t, '=');
    term_story(t, tx(t, &end->epilogue), 2);
    record_ending(t, g, end);
    return 0;
}

static uint64_t default_seed(const LsrPlayOptions *opt) {
    if (opt->have_seed) return opt->seed;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec;
}

static void briefing(Term *t, const LsrText *title, const LsrText *brief, const LsrText *goals, uint32_t ng) {
    printf("\n");
    term_rule(t, '=');
    printf("  %s%s%s\n", sty(t, TS_TITLE), tx(t, title), sty_end(t));
    term_rule(t, '=');
    term_story(t, tx(t, brief), 2);
    term_glossary_hint(t);
    if (ng) {
        printf("\n  %s\n", _("Your goals:"));
        for (uint32_t i = 0; i < ng; i++) {
            char line[1024];
            snprintf(line, sizeof line, "- %s", tx(t, &goals[i]));
            term_wrap_hang(t, line, 4, 2);
        }
    }
}

static int play_campaign(Term *t) {
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrCampaign *cp = NULL;
    LsrLoadOptions lo = {t->opt->lang, NULL, NULL, NULL};
    LsrStatus st = lsr_campaign_load_opts(t->opt->scenario_path, &lo, &cp, &d);
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
        set_scenario(t, sc);
        briefing(t, &sc->title, &sc->briefing, sc->goals, sc->n_goals);
        int r = play_game(t, g, NULL);
        if (r == 0 || r == 4) debrief(t, g);
        lsr_game_destroy(prev);
        prev = g;
        if (r != 0) {
            rc = r == 1 ? LSR_EXIT_CONTENT : r == 3 ? LSR_EXIT_USAGE : LSR_EXIT_OK;
            break;
        }
        endings[k] = lsr_game_step_index(g) - sc->n_steps;
        if (k + 1 == cp->n_parts) {
            const LsrText *ep = lsr_campaign_epilogue(cp, endings, lsr_game_state(g) + 1);
            if (ep) {
                printf("\n");
                term_rule(t, '=');
                printf("  %s\n", _("EPILOGUE: THE PARTY'S END, 1918-1921"));
                term_rule(t, '=');
                term_wrap(t, tx(t, ep), 2);
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
    snprintf(err, sizeof err, _("cannot keep the previous save as %s: %s"), old, strerror(errno));
    fprintf(stderr, _("leftsr: %s; nothing was changed\n"), lsr_shown(err, shown, sizeof shown));
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
        fprintf(stderr, _("leftsr: another leftsr is already playing with the save %s.\n"
                          "  Finish that game first, or play this one without saving (--no-save)\n"
                          "  or with another save file (--save FILE).\n"), where);
        return LSR_EXIT_USAGE;
    }
    if (*lock < 0) {
        fprintf(stderr, _("leftsr: progress could not be saved: %s\n"
                          "  Play without saving (--no-save) or choose another save file (--save FILE).\n"),
                lsr_shown(err, shown, sizeof shown));
        return LSR_EXIT_USAGE;
    }
    struct stat st;
    if (lstat(save_path, &st) != 0) return LSR_EXIT_OK;    /* no save yet: a new game */
    if (!S_ISREG(st.st_mode)) {
        fprintf(stderr, _("leftsr: the save %s is not a regular file; it is left as it is.\n"
                          "  Choose another save file (--save FILE) or play without saving (--no-save).\n"), where);
        goto refuse;
    }
    LsrSaveInfo info;
    bool readable = lsr_save_peek(save_path, &info, err, sizeof err) == LSR_OK;
    if (readable && strcmp(info.scenario_id, sc->id) != 0) {
        char other[200];
        fprintf(stderr, _("leftsr: %s holds a saved game of '%s', not of '%s'; it is left untouched.\n"
                          "  Save this game elsewhere (--save FILE) or play without saving (--no-save).\n"),
                where, lsr_shown(info.scenario_id, other, sizeof other), sc->id);
        goto refuse;
    }
    char old[4200];
    if (opt->fresh) {
        if (!keep_old(save_path, old, sizeof old)) goto refuse;
        fprintf(stderr, _("leftsr: starting a new game; the previous save is kept as %s\n"), lsr_shown(old, shown, sizeof shown));
        return LSR_EXIT_OK;
    }
    if (!opt->resume) {
        if (readable)
            /* TRANSLATORS: the English keeps its plural for 1 (scripts read it); give your language's forms */
            fprintf(stderr, lsr_ui_n("leftsr: there is a saved game of '%s' (%u steps, saved %s) in %s.\n",
                                     "leftsr: there is a saved game of '%s' (%u steps, saved %s) in %s.\n",
                                     info.n_choices), sc->id,
                    info.n_choices, lsr_shown(info.saved_at, shown, sizeof shown), where);
        else
            fprintf(stderr, _("leftsr: there is a save file in %s (it does not load: %s).\n"), where,
                    lsr_shown(err, shown, sizeof shown));
        fprintf(stderr, _("  Resume it with --continue, or start a new game with --new (the old save is then kept\n"
                          "  as %s.old).\n"), where);
        goto refuse;
    }
    LsrStatus ls = lsr_save_load(sc, save_path, g, err, sizeof err);
    if (ls == LSR_OK) {
        /* TRANSLATORS: the English keeps its plural for 1 (scripts read it); give your language's forms */
        printf(lsr_ui_n("  (resumed after %zu steps)\n", "  (resumed after %zu steps)\n", lsr_game_trace_len(*g)),
               lsr_game_trace_len(*g));
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
        fprintf(stderr, _("leftsr: resumed from the backup save %s\n"), lsr_shown(bak, shown, sizeof shown));
        return LSR_EXIT_OK;
    }
    lsr_game_destroy(*g);
    *g = NULL;
    if (!keep_old(save_path, old, sizeof old)) goto refuse;
    fprintf(stderr, _("leftsr: starting a new game; the save that does not load is kept as %s\n"),
            lsr_shown(old, shown, sizeof shown));
    return LSR_EXIT_OK;
refuse:
    lsr_file_unlock(*lock);
    *lock = -1;
    return LSR_EXIT_USAGE;
}

int lsr_cmd_play_text(const LsrPlayOptions *opt) {
    Term t;
    memset(&t, 0, sizeof t);
    t.opt = opt;
    t.script = opt->choices;
    term_detect(&t);
    if (opt->is_campaign) return play_campaign(&t);
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrLoadOptions lo = {opt->lang, NULL, NULL, NULL};
    LsrStatus st = lsr_scenario_load_file_opts(opt->scenario_path, &lo, &sc, &d);
    if (st != LSR_OK) {
        lsr_print_diags(stderr, opt->scenario_path, &d);
        char shown[4200];
        fprintf(stderr, _("leftsr: %s cannot be played (%s)\n"), lsr_shown(opt->scenario_path, shown, sizeof shown),
                lsr_status_str(st));
        lsr_diags_free(&d);
        return st == LSR_ERR_IO ? LSR_EXIT_USAGE : LSR_EXIT_CONTENT;
    }
    lsr_diags_free(&d);
    char pathbuf[4096];
    const char *save_path = NULL;
    if (!opt->no_save) {
        if (opt->save_path) save_path = opt->save_path;
        else if (lsr_save_default_path(sc->id, pathbuf, sizeof pathbuf))
            save_path = pathbuf;
        else
            fprintf(stderr, "%s", _("leftsr: there is no folder for saves (HOME and XDG_DATA_HOME are not set to absolute "
                                    "paths), so this game is not saved; use --save FILE to save it\n"));
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
            fputs(_("leftsr: out of memory\n"), stderr);
            return LSR_EXIT_USAGE;
        }
        set_scenario(&t, sc);
        briefing(&t, &sc->title, &sc->briefing, sc->goals, sc->n_goals);
    }
    int r = play_game(&t, g, save_path);
    if (r == 0 || r == 4) debrief(&t, g);
    fflush(stdout);
    lsr_game_destroy(g);
    lsr_scenario_free(sc);
    lsr_file_unlock(lock);
    if (t.save_failed) {
        char shown[600];
        fprintf(stderr, _("leftsr: your progress was NOT saved: %s\n"), lsr_shown(t.save_err, shown, sizeof shown));
        return LSR_EXIT_USAGE;
    }
    return r == 1 ? LSR_EXIT_CONTENT : r == 3 ? LSR_EXIT_USAGE : LSR_EXIT_OK;
}
