/* `leftsr report`: the model every writer shows: small helpers on the
 * game's trace, the discussion questions drawn from this game, and the
 * data of the charts. */
#include "report_internal.h"
#include "tools/glossary.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ small helpers */

static long date_key(LsrDate d) { return (long)d.year * 10000L + (long)d.month * 100L + (long)d.day; }

/* "YYYY-MM-DD" at the start of s, as a calendar date. */
bool lsr_rp_parse_ymd(const char *s, LsrDate *out) {
    if (!s || strlen(s) < 10) return false;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-') return false;
        } else if (s[i] < '0' || s[i] > '9') return false;
    }
    if (s[10] != '\0' && s[10] != 'T' && s[10] != ' ') return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap) return false;
    out->year = (int16_t)y;
    out->month = (uint8_t)m;
    out->day = (uint8_t)d;
    return true;
}

/* Tenths of a percent from per mille: 875 -> "87.5"; plus: "+" for > 0. */
void lsr_rp_decimal(char *buf) {
    /* TRANSLATORS: the decimal separator of the reports' numbers (87.5 %), one character */
    const char *sep = _(".");
    char *dot = strchr(buf, '.');
    if (dot && sep[0] && !sep[1]) *dot = sep[0];
}

void lsr_rp_percent(const char *num, char *buf, size_t n) {
    /* TRANSLATORS: a percentage ("87.5%"); French puts a no-break space before % */
    snprintf(buf, n, _("%s%%"), num);
}

void lsr_rp_tenths(int32_t pm, bool plus, char *buf, size_t n) {
    int64_t v = pm;
    const char *sign = v < 0 ? "\xE2\x88\x92" : (plus && v > 0 ? "+" : "");
    if (v < 0) v = -v;
    snprintf(buf, n, "%s%lld.%lld", sign, (long long)(v / 10), (long long)(v % 10));
    lsr_rp_decimal(buf);
}

/* Credit per mille as a short decimal: 1000 -> "1", 500 -> "0.5". */
void lsr_rp_credit_str(uint16_t pm, char *buf, size_t n) {
    snprintf(buf, n, "%u.%03u", (unsigned)(pm / 1000u), (unsigned)(pm % 1000u));
    char *end = buf + strlen(buf) - 1;
    while (*end == '0') *end-- = '\0';
    if (*end == '.') *end = '\0';
}

/* A variable's value with its unit: "62%", "29 seats", "7". */
void lsr_rp_value_str(const LsrVar *v, int64_t x, char *buf, size_t n) {
    if (!v->unit[0]) snprintf(buf, n, "%lld", (long long)x);
    else if (!strcmp(v->unit, "%")) snprintf(buf, n, "%lld%%", (long long)x);
    else snprintf(buf, n, "%lld %s", (long long)x, v->unit);
}

uint32_t lsr_rp_tally_total(const LsrTraceEntry *e) {
    uint32_t t = 0;
    for (uint32_t k = 0; k < e->n_tally; k++) t += e->tally[k];
    return t;
}

bool lsr_rp_any_tally(const Ctx *c) {
    for (size_t k = 0; k < c->n; k++)
        if (entry(c, k)->tally) return true;
    return false;
}


const char *lsr_rp_effect_word(int32_t d) {
    return d > 0 ? _("better for the party than history") : d < 0 ? _("worse for the party than history")
                                                              : _("as in history");
}

const char *lsr_rp_fidelity_text(uint32_t decisions) {
    return lsr_ui_n("How closely the choices followed what the Left SRs really did. %u of %u decision matched. "
                    "Each decision counts by how much it mattered, and a choice close to theirs earns partial "
                    "credit, so this is a weighted share, from 0%% (never as history) to 100%% (always as history).",
                    "How closely the choices followed what the Left SRs really did. %u of %u decisions matched. "
                    "Each decision counts by how much it mattered, and a choice close to theirs earns partial "
                    "credit, so this is a weighted share, from 0%% (never as history) to 100%% (always as history).",
                    decisions);
}

/* Words the engine writes in English (lsr_hist_tally_label,
 * LSR_CONTESTED_TAG), listed for xgettext; the writers pass them through _(). */
static const char *const engine_words[] = {N_("Historically"), N_("Estimate (not in the sources)"),
                                           N_("Contested: the sources disagree about what the party did")};
size_t lsr_rp_engine_words(void) { return sizeof engine_words / sizeof engine_words[0]; }

/* ----------------------------------------------------- growable strings */

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void lsr_rp_str_printf(Str *s, const char *fmt, ...) {
    if (s->oom) return;
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int need = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (need < 0) {
        va_end(ap2);
        s->oom = true;
        return;
    }
    size_t want = s->n + (size_t)need + 1;
    if (want > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        while (cap < want) cap *= 2;
        char *p = realloc(s->p, cap);
        if (!p) {
            va_end(ap2);
            s->oom = true;
            return;
        }
        s->p = p;
        s->cap = cap;
    }
    vsnprintf(s->p + s->n, s->cap - s->n, fmt, ap2);
    va_end(ap2);
    s->n += (size_t)need;
}

/* ------------------------------------------------- discussion questions */

static void add_question(Ctx *c, Str *s) {
    if (s->oom || !s->p) {
        free(s->p);
        c->oom = true;
        return;
    }
    if (c->n_questions < MAX_QUESTIONS) c->questions[c->n_questions++] = s->p;
    else free(s->p);
}

static bool ci_contains(const char *hay, const char *needle) {
    size_t nl = strlen(needle);
    for (const char *h = hay; *h; h++) {
        size_t i = 0;
        while (i < nl && h[i] && (h[i] | 0x20) == (needle[i] | 0x20)) i++;
        if (i == nl) return true;
    }
    return false;
}

/* Is source i cited by a step of this game? */
static bool source_cited(const Ctx *c, uint32_t src) {
    for (size_t k = 0; k < c->n; k++) {
        const LsrStep *s = step_of(c, k);
        for (uint32_t j = 0; j < s->n_sources; j++)
            if (c->sc->source_refs[s->sources_first + j] == src) return true;
    }
    return false;
}

/* Length of s without a trailing full stop, for quoting inside a sentence. */
static int trimmed_len(const char *s) {
    size_t n = strlen(s);
    while (n && (s[n - 1] == '.' || s[n - 1] == ' ')) n--;
    return n > 4096 ? 4096 : (int)n;
}

static void source_name(const Ctx *c, uint32_t src, Str *s) {
    const LsrSource *so = &c->sc->sources[src];
    lsr_rp_str_printf(s, "\xE2\x80\x9C%s\xE2\x80\x9D", so->title);
    if (so->author && so->author[0]) lsr_rp_str_printf(s, " by %s", so->author);
}

/* 3 to 5 questions drawn from this game: where the class differed from
 * history, where the sources disagree, whose perspective a source takes,
 * and the ending. Plain UTF-8 text; each writer escapes it. */
void lsr_rp_build_questions(Ctx *c) {
    const LsrScenario *sc = c->sc;
    /* The (at most two) weightiest decisions where the choice differed. */
    size_t pick[2];
    int npick = 0;
    for (size_t k = 0; k < c->n; k++) {
        const LsrStep *s = step_of(c, k);
        if (s->type != LSR_STEP_DECISION || entry(c, k)->choice == s->hist_choice) continue;
        if (npick < 2) {
            pick[npick++] = k;
            if (npick == 2 && step_of(c, pick[1])->hist_weight > step_of(c, pick[0])->hist_weight) {
                size_t t = pick[0];
                pick[0] = pick[1];
                pick[1] = t;
            }
        } else if (s->hist_weight > step_of(c, pick[1])->hist_weight) {
            pick[1] = k;
            if (step_of(c, pick[1])->hist_weight > step_of(c, pick[0])->hist_weight) {
                size_t t = pick[0];
                pick[0] = pick[1];
                pick[1] = t;
            }
        }
    }
    /* Keep the story order. */
    if (npick == 2 && pick[1] < pick[0]) {
        size_t t = pick[0];
        pick[0] = pick[1];
        pick[1] = t;
    }
    for (int q = 0; q < npick; q++) {
        const LsrTraceEntry *e = entry(c, pick[q]);
        const LsrStep *s = step_of(c, pick[q]);
        char d[40];
        fmt_date(s->date, d, sizeof d);
        Str str = {0};
        lsr_rp_str_printf(&str,
                   e->tally ? _("At \xE2\x80\x9C%s\xE2\x80\x9D (%s) your class chose \xE2\x80\x9C%s\xE2\x80\x9D, but the "
                                "Left SRs chose \xE2\x80\x9C%s\xE2\x80\x9D. Why do you think they chose that rather than "
                                "what your class chose? What did they hope to gain, and what did they risk?")
                            : _("At \xE2\x80\x9C%s\xE2\x80\x9D (%s) you chose \xE2\x80\x9C%s\xE2\x80\x9D, but the "
                                "Left SRs chose \xE2\x80\x9C%s\xE2\x80\x9D. Why do you think they chose that rather than "
                                "what you chose? What did they hope to gain, and what did they risk?"),
                   T(c, &s->title), d, T(c, &choice_at(c, s, e->choice)->label),
                   T(c, &choice_at(c, s, s->hist_choice)->label));
        add_question(c, &str);
    }
    if (npick == 0) {
        /* Followed history throughout: ask about the closest class vote. */
        size_t best = SIZE_MAX;
        uint32_t best_margin = UINT32_MAX, top1 = 0, top2 = 0, i1 = 0, i2 = 0;
        for (size_t k = 0; k < c->n; k++) {
            const LsrTraceEntry *e = entry(c, k);
            if (!e->tally || e->n_tally < 2 || lsr_rp_tally_total(e) == 0) continue;
            uint32_t a = 0, b = 0, ia = 0, ib = 0;
            bool have_b = false;
            for (uint32_t j = 0; j < e->n_tally; j++) {
                if (e->tally[j] > a || j == 0) {
                    if (j > 0) { b = a; ib = ia; have_b = true; }
                    a = e->tally[j];
                    ia = j;
                } else if (!have_b || e->tally[j] > b) {
                    b = e->tally[j];
                    ib = j;
                    have_b = true;
                }
            }
            if (a - b < best_margin) {
                best_margin = a - b;
                best = k;
                top1 = a; top2 = b; i1 = ia; i2 = ib;
            }
        }
        Str str = {0};
        if (best != SIZE_MAX) {
            const LsrStep *s = step_of(c, best);
            lsr_rp_str_printf(&str,
                       _("Your class chose as the Left SRs did at every decision. The closest vote was at "
                         "\xE2\x80\x9C%s\xE2\x80\x9D: %u for \xE2\x80\x9C%s\xE2\x80\x9D against %u for "
                         "\xE2\x80\x9C%s\xE2\x80\x9D. What were the best arguments for the option that lost?"),
                       T(c, &s->title), top1, T(c, &choice_at(c, s, i1)->label), top2,
                       T(c, &choice_at(c, s, i2)->label));
        } else if (c->score.decisions > 0) {
            lsr_rp_str_printf(&str, "%s",
                       _("You chose as the Left SRs did at every decision. Which decision was the hardest, and "
                         "what might have made them choose differently?"));
        }
        if (str.p || str.oom) add_question(c, &str);
    }
    /* Where the sources disagree: the weightiest such step, first on ties. */
    size_t dis = SIZE_MAX;
    for (size_t k = 0; k < c->n; k++) {
        const LsrStep *s = step_of(c, k);
        if (has_text(&s->disagreement) && (dis == SIZE_MAX || s->hist_weight > step_of(c, dis)->hist_weight)) dis = k;
    }
    if (dis != SIZE_MAX) {
        Str str = {0};
        lsr_rp_str_printf(&str,
                   _("At \xE2\x80\x9C%s\xE2\x80\x9D (step %zu) the sources disagree. Why might writers describing "
                     "the same events reach different conclusions? Which account do you find more convincing, "
                     "and why?"),
                   T(c, &step_of(c, dis)->title), dis + 1);
        add_question(c, &str);
    }
    /* Perspective: a partisan or primary source against a secondary one. */
    uint32_t partisan = LSR_NEXT_NONE, secondary = LSR_NEXT_NONE;
    for (uint32_t i = 0; i < sc->n_sources; i++) {
        const char *p = sc->sources[i].perspective ? sc->sources[i].perspective : "";
        if (!source_cited(c, i)) continue;
        bool part = ci_contains(p, "bolshevik") || ci_contains(p, "partisan") || ci_contains(p, "primary");
        if (part && partisan == LSR_NEXT_NONE) partisan = i;
        else if (!part && (ci_contains(p, "secondary") || ci_contains(p, "encyclop")) &&
                 secondary == LSR_NEXT_NONE)
            secondary = i;
    }
    if (partisan != LSR_NEXT_NONE && secondary != LSR_NEXT_NONE) {
        Str str = {0};
        lsr_rp_str_printf(&str, "%s ", _("Compare two of the sources:"));
        source_name(c, partisan, &str);
        lsr_rp_str_printf(&str, _(" (%.*s) and "), trimmed_len(sc->sources[partisan].perspective), sc->sources[partisan].perspective);
        source_name(c, secondary, &str);
        lsr_rp_str_printf(&str,
                   _(" (%.*s). How might each writer's position shape the way they describe the Left SRs? "
                     "Find one example in the history notes."),
                   trimmed_len(sc->sources[secondary].perspective), sc->sources[secondary].perspective);
        add_question(c, &str);
    }
    /* The ending. */
    const LsrEnding *end = lsr_game_ending(c->g);
    Str str = {0};
    if (end && end->historical) {
        lsr_rp_str_printf(&str,
                   _("Your game ended as history did: \xE2\x80\x9C%s\xE2\x80\x9D. Was that outcome unavoidable? "
                     "At which decision could the Left SRs most plausibly have changed it?"),
                   T(c, &end->title));
    } else if (end) {
        lsr_rp_str_printf(&str,
                   _("Your game ended with \xE2\x80\x9C%s\xE2\x80\x9D; history ended with \xE2\x80\x9C%s\xE2\x80\x9D. "
                     "Which decision made the biggest difference? Is your ending more or less likely than what "
                     "really happened, and why?"),
                   T(c, &end->title), T(c, &sc->endings[sc->historical_ending].title));
    } else if (lsr_game_step(c->g)) {
        lsr_rp_str_printf(&str,
                   _("Play stopped at \xE2\x80\x9C%s\xE2\x80\x9D. What would you choose next, and why?"),
                   T(c, &lsr_game_step(c->g)->title));
    }
    if (str.p || str.oom) add_question(c, &str);
    if (c->n_questions < 3) {
        Str s2 = {0};
        lsr_rp_str_printf(&s2,
                   _("If you could give the Left SR leaders one piece of advice in %d, what would it be? Use one "
                     "fact from this report to support it."),
                   (int)sc->period_start.year);
        add_question(c, &s2);
    }
    if (c->n_questions < 3) {
        Str s3 = {0};
        lsr_rp_str_printf(&s3, "%s", _("Which source in this report would you trust most about the Left SRs, and why?"));
        add_question(c, &s3);
    }
}

/* ---------------------------------------------------- chart data */

/* Where a historical point sits on this game's step axis: at the step
 * itself when it was played (the value on arriving there); an unplayed step
 * before the first played step of the same or a later date; an ending at
 * the end. */
static size_t hist_x(const Ctx *c, uint32_t node) {
    if (node >= c->sc->n_steps) return c->n;
    for (size_t k = 0; k < c->n; k++)
        if (entry(c, k)->step == node) return k;
    long d = date_key(c->sc->steps[node].date);
    for (size_t k = 0; k < c->n; k++)
        if (date_key(step_of(c, k)->date) >= d) return k;
    return c->n;
}

/* The historical track of variable v on this game's axis, sorted by x.
 * pts must hold v's n_hist entries. Returns the count. */
size_t lsr_rp_hist_track(const Ctx *c, uint32_t v, HistPt *pts) {
    const LsrVar *var = &c->sc->vars[v];
    uint32_t hist_end = c->sc->n_steps + c->sc->historical_ending;
    size_t n = 0;
    for (uint32_t i = 0; i < var->n_hist; i++) {
        uint32_t at = var->hist[i].at;
        if (at >= c->sc->n_steps && at != hist_end) continue;
        HistPt p = {hist_x(c, at), var->hist[i].value};
        size_t j = n++;
        while (j > 0 && pts[j - 1].x > p.x) {
            pts[j] = pts[j - 1];
            j--;
        }
        pts[j] = p;
    }
    return n;
}

int32_t lsr_rp_value_after(const Ctx *c, uint32_t v, size_t x) {
    return x == 0 ? lsr_game_initial_vars(c->g)[v] : entry(c, x - 1)->vars_after[v];
}

/* Marks the terms text uses. */
static void terms_in(const Ctx *c, const LsrText *text, bool *used) {
    const char *t = T(c, text);
    if (!t || !t[0]) return;
    for (uint32_t k = 0; k < c->sc->n_glossary; k++)
        if (!used[k] && lsr_glossary_find(t, T(c, &c->sc->glossary[k].term), NULL) >= 0) used[k] = true;
}

uint32_t lsr_rp_glossary_used(const Ctx *c, bool *used) {
    const LsrScenario *sc = c->sc;
    memset(used, 0, sc->n_glossary * sizeof *used);
    terms_in(c, &sc->briefing, used);
    for (size_t k = 0; k < c->n; k++) {
        const LsrTraceEntry *e = entry(c, k);
        const LsrStep *s = step_of(c, k);
        terms_in(c, &s->narrative, used);
        terms_in(c, &s->note, used);
        terms_in(c, &s->disagreement, used);
        if (s->type == LSR_STEP_VOTE) {
            terms_in(c, &s->motion, used);
            terms_in(c, e->passed ? &s->pass.result : &s->fail.result, used);
        } else {
            const LsrChoice *ch = choice_at(c, s, e->choice);
            terms_in(c, &ch->label, used);
            terms_in(c, &ch->result, used);
            if (e->outcome != LSR_NEXT_NONE) terms_in(c, &sc->outcomes[ch->outcomes_first + e->outcome].result, used);
        }
        for (uint32_t f = 0; f < e->n_fired; f++) terms_in(c, &sc->events[e->fired[f]].text, used);
    }
    const LsrEnding *end = lsr_game_ending(c->g);
    if (end) terms_in(c, &end->epilogue, used);
    uint32_t n = 0;
    for (uint32_t k = 0; k < sc->n_glossary; k++) n += used[k];
    return n;
}
