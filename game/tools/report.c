/* `leftsr report`: a class report of one game (HTML, Markdown or CSV).
 * Everything shown comes from the scenario, the trace and the score, and
 * nothing reads the clock, so the same save and options give the same bytes. */
#include "report.h"
#include "app.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ACCENT "#8c1c13"
/* Every report carries this near its start; lsr_report_file_is_report
 * looks for it (CSV: the exact header row instead). */
#define REPORT_MARK "leftsr report"
#define CSV_HEADER "index,date,step_id,title,choice_id,choice_label,tally,historical_choice_id,match,credit,sources"
#define MAX_QUESTIONS 5

typedef struct Ctx {
    const LsrGame *g;
    const LsrScenario *sc;
    const char *lang;
    FILE *f;
    LsrScore score;
    size_t n;              /* trace entries */
    const char *title;     /* main heading */
    const char *warning;
    char played[64];       /* the date played, formatted; "" if unknown */
    char *questions[MAX_QUESTIONS];
    int n_questions;
    bool oom;
} Ctx;

/* ------------------------------------------------------------ small helpers */

static const char *T(const Ctx *c, const LsrText *t) { return lsr_tx(t, c->lang); }

static const LsrTraceEntry *entry(const Ctx *c, size_t k) { return lsr_game_trace(c->g, k); }

static const LsrStep *step_of(const Ctx *c, size_t k) { return &c->sc->steps[entry(c, k)->step]; }

static const LsrChoice *choice_at(const Ctx *c, const LsrStep *s, uint32_t i) {
    return &c->sc->choices[s->choices_first + i];
}

static long date_key(LsrDate d) { return (long)d.year * 10000L + (long)d.month * 100L + (long)d.day; }

static void fmt_date(LsrDate d, char *buf, size_t n) { lsr_date_format(d, buf, n); }

static void iso_date(LsrDate d, char *buf, size_t n) {
    snprintf(buf, n, "%04d-%02u-%02u", (int)d.year, (unsigned)d.month, (unsigned)d.day);
}

/* "YYYY-MM-DD" at the start of s, as a calendar date. */
static bool parse_ymd(const char *s, LsrDate *out) {
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
static void tenths(int32_t pm, bool plus, char *buf, size_t n) {
    int64_t v = pm;
    const char *sign = v < 0 ? "\xE2\x88\x92" : (plus && v > 0 ? "+" : "");
    if (v < 0) v = -v;
    snprintf(buf, n, "%s%lld.%lld", sign, (long long)(v / 10), (long long)(v % 10));
}

/* Credit per mille as a short decimal: 1000 -> "1", 500 -> "0.5". */
static void credit_str(uint16_t pm, char *buf, size_t n) {
    snprintf(buf, n, "%u.%03u", (unsigned)(pm / 1000u), (unsigned)(pm % 1000u));
    char *end = buf + strlen(buf) - 1;
    while (*end == '0') *end-- = '\0';
    if (*end == '.') *end = '\0';
}

/* A variable's value with its unit: "62%", "29 seats", "7". */
static void value_str(const LsrVar *v, int64_t x, char *buf, size_t n) {
    if (!v->unit[0]) snprintf(buf, n, "%lld", (long long)x);
    else if (!strcmp(v->unit, "%")) snprintf(buf, n, "%lld%%", (long long)x);
    else snprintf(buf, n, "%lld %s", (long long)x, v->unit);
}

static uint32_t tally_total(const LsrTraceEntry *e) {
    uint32_t t = 0;
    for (uint32_t k = 0; k < e->n_tally; k++) t += e->tally[k];
    return t;
}

static bool any_tally(const Ctx *c) {
    for (size_t k = 0; k < c->n; k++)
        if (entry(c, k)->tally) return true;
    return false;
}

/* "your class" when the class voted on this decision, else "you". */
static const char *who(const LsrTraceEntry *e) { return e->tally ? "your class" : "you"; }

static bool has_text(const LsrText *t) { return t->s && t->s[0]; }

/* ----------------------------------------------------- growable strings */

typedef struct Str { char *p; size_t n, cap; bool oom; } Str;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void str_printf(Str *s, const char *fmt, ...) {
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
    str_printf(s, "\xE2\x80\x9C%s\xE2\x80\x9D", so->title);
    if (so->author && so->author[0]) str_printf(s, " by %s", so->author);
}

/* 3 to 5 questions drawn from this game: where the class differed from
 * history, where the sources disagree, whose perspective a source takes,
 * and the ending. Plain UTF-8 text; each writer escapes it. */
static void build_questions(Ctx *c) {
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
        str_printf(&str,
                   "At \xE2\x80\x9C%s\xE2\x80\x9D (%s) %s chose \xE2\x80\x9C%s\xE2\x80\x9D, but the Left SRs "
                   "chose \xE2\x80\x9C%s\xE2\x80\x9D. Why do you think they chose that rather than what %s "
                   "chose? What did they hope to gain, and what did they risk?",
                   T(c, &s->title), d, who(e), T(c, &choice_at(c, s, e->choice)->label),
                   T(c, &choice_at(c, s, s->hist_choice)->label), who(e));
        add_question(c, &str);
    }
    if (npick == 0) {
        /* Followed history throughout: ask about the closest class vote. */
        size_t best = SIZE_MAX;
        uint32_t best_margin = UINT32_MAX, top1 = 0, top2 = 0, i1 = 0, i2 = 0;
        for (size_t k = 0; k < c->n; k++) {
            const LsrTraceEntry *e = entry(c, k);
            if (!e->tally || e->n_tally < 2 || tally_total(e) == 0) continue;
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
            str_printf(&str,
                       "Your class chose as the Left SRs did at every decision. The closest vote was at "
                       "\xE2\x80\x9C%s\xE2\x80\x9D: %u for \xE2\x80\x9C%s\xE2\x80\x9D against %u for "
                       "\xE2\x80\x9C%s\xE2\x80\x9D. What were the best arguments for the option that lost?",
                       T(c, &s->title), top1, T(c, &choice_at(c, s, i1)->label), top2,
                       T(c, &choice_at(c, s, i2)->label));
        } else if (c->score.decisions > 0) {
            str_printf(&str,
                       "You chose as the Left SRs did at every decision. Which decision was the hardest, and "
                       "what might have made them choose differently?");
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
        str_printf(&str,
                   "At \xE2\x80\x9C%s\xE2\x80\x9D (step %zu) the sources disagree. Why might writers describing "
                   "the same events reach different conclusions? Which account do you find more convincing, "
                   "and why?",
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
        str_printf(&str, "Compare two of the sources: ");
        source_name(c, partisan, &str);
        str_printf(&str, " (%.*s) and ", trimmed_len(sc->sources[partisan].perspective), sc->sources[partisan].perspective);
        source_name(c, secondary, &str);
        str_printf(&str,
                   " (%.*s). How might each writer's position shape the way they describe the Left SRs? "
                   "Find one example in the history notes.",
                   trimmed_len(sc->sources[secondary].perspective), sc->sources[secondary].perspective);
        add_question(c, &str);
    }
    /* The ending. */
    const LsrEnding *end = lsr_game_ending(c->g);
    Str str = {0};
    if (end && end->historical) {
        str_printf(&str,
                   "Your game ended as history did: \xE2\x80\x9C%s\xE2\x80\x9D. Was that outcome unavoidable? "
                   "At which decision could the Left SRs most plausibly have changed it?",
                   T(c, &end->title));
    } else if (end) {
        str_printf(&str,
                   "Your game ended with \xE2\x80\x9C%s\xE2\x80\x9D; history ended with \xE2\x80\x9C%s\xE2\x80\x9D. "
                   "Which decision made the biggest difference? Is your ending more or less likely than what "
                   "really happened, and why?",
                   T(c, &end->title), T(c, &sc->endings[sc->historical_ending].title));
    } else if (lsr_game_step(c->g)) {
        str_printf(&str,
                   "Play stopped at \xE2\x80\x9C%s\xE2\x80\x9D. What would you choose next, and why?",
                   T(c, &lsr_game_step(c->g)->title));
    }
    if (str.p || str.oom) add_question(c, &str);
    if (c->n_questions < 3) {
        Str s2 = {0};
        str_printf(&s2,
                   "If you could give the Left SR leaders one piece of advice in %d, what would it be? Use one "
                   "fact from this report to support it.",
                   (int)sc->period_start.year);
        add_question(c, &s2);
    }
    if (c->n_questions < 3) {
        Str s3 = {0};
        str_printf(&s3, "Which source in this report would you trust most about the Left SRs, and why?");
        add_question(c, &s3);
    }
}

/* ---------------------------------------------------- chart data */

typedef struct HistPt { size_t x; int32_t v; } HistPt;

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
static size_t hist_track(const Ctx *c, uint32_t v, HistPt *pts) {
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

static int32_t value_after(const Ctx *c, uint32_t v, size_t x) {
    return x == 0 ? lsr_game_initial_vars(c->g)[v] : entry(c, x - 1)->vars_after[v];
}

/* ------------------------------------------------------------ HTML */

static void html_esc(FILE *f, const char *s) {
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* Paragraphs at blank lines; a single newline is a line break. */
static void html_paras(FILE *f, const char *s) {
    if (!s || !*s) return;
    fputs("<p>", f);
    while (*s) {
        if (s[0] == '\n' && s[1] == '\n') {
            while (*s == '\n') s++;
            if (*s) fputs("</p>\n<p>", f);
            continue;
        }
        if (*s == '\n') fputs("<br>", f);
        else {
            char one[2] = {*s, '\0'};
            html_esc(f, one);
        }
        s++;
    }
    fputs("</p>\n", f);
}

/* In pieces: ISO C limits one string literal to 4095 bytes. */
static const char *const HTML_CSS[] = {
    "@page { size: A4; margin: 15mm 14mm 16mm; }\n"
    ":root { --red: " ACCENT "; --ink: #1f1a17; --muted: #5e5750; --rule: #ddd5c8; --paper: #fffdf8;"
    " --green: #2f6b3b; --hist: #6d6760; }\n"
    "* { box-sizing: border-box; }\n"
    "html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
    "body { margin: 0; background: #efe9df; color: var(--ink);"
    " font: 11pt/1.45 \"DejaVu Sans\", \"Liberation Sans\", \"Helvetica Neue\", Arial, sans-serif; }\n"
    "main { max-width: 186mm; margin: 8mm auto; padding: 12mm 13mm; background: var(--paper);"
    " box-shadow: 0 1px 6px rgba(0,0,0,.15); }\n"
    "h1, h2, h3, .big, .serif { font-family: Georgia, \"DejaVu Serif\", \"Liberation Serif\","
    " \"Times New Roman\", serif; }\n"
    "h1 { color: var(--red); font-size: 25pt; line-height: 1.1; margin: 2pt 0 4pt; }\n"
    "h2 { font-size: 16pt; color: var(--red); border-bottom: 1.5pt solid var(--red); padding-bottom: 2pt;"
    " margin: 18pt 0 8pt; break-after: avoid; page-break-after: avoid; }\n"
    "h3 { font-size: 12.5pt; margin: 0 0 2pt; line-height: 1.25; }\n"
    "p { margin: 0 0 5pt; }\n"
    ".kicker { text-transform: uppercase; letter-spacing: .09em; font-size: 8pt; color: var(--red);"
    " font-weight: bold; margin: 0; }\n"
    ".sub { font-size: 12pt; margin: 0 0 2pt; }\n"
    ".meta, .step-meta { color: var(--muted); font-size: 9pt; }\n"
    ".step-meta { margin: 0 0 2pt; text-transform: uppercase; letter-spacing: .05em; }\n"
    "header.top { border-bottom: 3pt double var(--red); padding-bottom: 6pt; margin-bottom: 10pt; }\n"
    ".warning { border: 1.5pt solid #a66a00; background: #fff3cf; padding: 6pt 9pt; margin: 8pt 0;"
    " font-weight: bold; }\n"
    ".cards { display: flex; gap: 8pt; margin: 8pt 0; }\n"
    ".card { flex: 1; border: 1px solid var(--rule); border-top: 3pt solid var(--red); padding: 5pt 8pt;"
    " break-inside: avoid; page-break-inside: avoid; }\n"
    ".card .label { font-size: 8.5pt; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }\n"
    ".card .big { font-size: 19pt; color: var(--red); font-weight: bold; line-height: 1.2; }\n"
    ".card .small { font-size: 9pt; color: var(--muted); }\n"
    ".intro { font-size: 10.5pt; }\n"
    ,
    ".step { border-left: 2.5pt solid var(--rule); padding: 1pt 0 1pt 9pt; margin: 0 0 11pt;"
    " break-inside: avoid; page-break-inside: avoid; }\n"
    ".step.differs { border-left-color: var(--red); }\n"
    ".step.vote { border-left-style: dotted; }\n"
    ".facts { display: grid; grid-template-columns: 9.5em 1fr; gap: 1pt 8pt; margin: 4pt 0 5pt; }\n"
    ".facts dt { color: var(--muted); font-size: 9pt; padding-top: 1pt; }\n"
    ".facts dd { margin: 0; }\n"
    ".yes { color: var(--green); font-weight: bold; }\n"
    ".no { color: var(--red); font-weight: bold; }\n"
    "table { border-collapse: collapse; }\n"
    "table.tally { width: 100%; font-size: 9pt; margin: 3pt 0 5pt; }\n"
    "table.tally td { padding: 1.5pt 4pt; vertical-align: middle; border-bottom: 0.5pt solid #eee6da; }\n"
    "table.tally td.bar { width: 30%; }\n"
    "table.tally td.n { text-align: right; white-space: nowrap; width: 5.5em; }\n"
    "table.tally td.tag { white-space: nowrap; color: var(--muted); width: 8.5em; }\n"
    "table.tally tr.picked td.label { font-weight: bold; }\n"
    "svg.bar { display: block; width: 100%; height: 8pt; }\n"
    ".facts svg.bar { max-width: 90mm; height: 6pt; margin: 2pt 0 3pt; }\n"
    ".note { font-size: 10pt; }\n"
    ".disagree { background: #f5ede1; border-left: 2.5pt solid #b08d57; padding: 4pt 8pt; margin: 5pt 0;"
    " font-size: 9.5pt; }\n"
    ".disagree strong { color: #7a5a24; }\n"
    ".sources { font-size: 8.5pt; color: var(--muted); margin: 3pt 0 0; }\n"
    ".events { font-size: 9pt; color: var(--muted); font-style: italic; }\n"
    "table.vars { width: 100%; font-size: 9.5pt; margin: 4pt 0 8pt; }\n"
    "table.vars th, table.vars td { border-bottom: 0.5pt solid var(--rule); padding: 2pt 5pt; text-align: right; }\n"
    "table.vars th:first-child, table.vars td:first-child { text-align: left; }\n"
    "table.vars th { font-size: 8.5pt; color: var(--muted); font-weight: normal; text-transform: uppercase; }\n"
    ".charts { display: flex; flex-wrap: wrap; gap: 8pt; margin: 6pt 0; }\n"
    "figure.chart { width: calc(50% - 4pt); margin: 0; border: 1px solid var(--rule); padding: 4pt 5pt 3pt;"
    " break-inside: avoid; page-break-inside: avoid; }\n"
    "figure.chart figcaption { font-size: 9pt; }\n"
    "figure.chart figcaption b { font-family: Georgia, \"DejaVu Serif\", serif; }\n"
    "svg.line { display: block; width: 100%; height: auto; }\n"
    ,
    "svg text { font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 9px; fill: #5e5750; }\n"
    ".legend { font-size: 8.5pt; color: var(--muted); }\n"
    ".swatch { display: inline-block; width: 16pt; height: 0; border-top: 2pt solid var(--red);"
    " vertical-align: middle; margin: 0 3pt 0 8pt; }\n"
    ".swatch.hist { border-top: 2pt dashed var(--hist); }\n"
    ".ending { border: 1px solid var(--rule); background: #faf5ec; padding: 7pt 10pt; break-inside: avoid; }\n"
    ".ending h3 { color: var(--red); font-size: 14pt; }\n"
    "ol.questions li { margin-bottom: 6pt; padding-left: 2pt; }\n"
    "ol.questions li::marker { color: var(--red); font-weight: bold; }\n"
    "ul.srclist { font-size: 9.5pt; padding-left: 14pt; }\n"
    "code { font-size: 8.5pt; color: var(--muted); white-space: nowrap; }\n"
    "footer { margin-top: 14pt; border-top: 0.5pt solid var(--rule); padding-top: 4pt; font-size: 8pt;"
    " color: var(--muted); }\n"
    "@media print {\n"
    "  body { background: none; font-size: 10pt; }\n"
    "  main { max-width: none; margin: 0; padding: 0; box-shadow: none; background: none; }\n"
    "  h2 { margin-top: 12pt; }\n"
    "  .step, figure, .card, .ending, tr, li { break-inside: avoid; page-break-inside: avoid; }\n"
    "}\n"};

static void html_dl_row(Ctx *c, const char *dt) { fprintf(c->f, "<dt>%s</dt><dd>", dt); }

static void html_sources(Ctx *c, const LsrStep *s) {
    if (!s->n_sources) return;
    fputs("<p class=\"sources\">Sources: ", c->f);
    for (uint32_t j = 0; j < s->n_sources; j++) {
        const LsrSource *so = &c->sc->sources[c->sc->source_refs[s->sources_first + j]];
        if (j) fputs("; ", c->f);
        fputs("<cite>", c->f);
        html_esc(c->f, so->title);
        fputs("</cite>", c->f);
        if (so->author && so->author[0]) {
            fputs(", ", c->f);
            html_esc(c->f, so->author);
        }
        fputs(" <code>[", c->f);
        html_esc(c->f, so->id);
        fputs("]</code>", c->f);
    }
    fputs("</p>\n", c->f);
}

static void html_history(Ctx *c, const LsrStep *s) {
    if (has_text(&s->note)) {
        fputs("<div class=\"note\">", c->f);
        html_paras(c->f, T(c, &s->note));
        fputs("</div>\n", c->f);
    }
    if (has_text(&s->disagreement)) {
        fputs("<div class=\"disagree\"><strong>Where the sources disagree.</strong> ", c->f);
        html_esc(c->f, T(c, &s->disagreement));
        fputs("</div>\n", c->f);
    }
    html_sources(c, s);
}

static void html_events(Ctx *c, const LsrTraceEntry *e) {
    if (!e->n_fired) return;
    fputs("<p class=\"events\">Then: ", c->f);
    uint32_t shown = e->n_fired < 32 ? e->n_fired : 32;
    for (uint32_t j = 0; j < shown; j++) {
        if (j) fputs("; ", c->f);
        html_esc(c->f, T(c, &c->sc->events[e->fired[j]].title));
    }
    fputs(".</p>\n", c->f);
}

static void svg_bar(Ctx *c, uint32_t n, uint32_t total, const char *color) {
    double w = total ? 100.0 * n / total : 0.0;
    fprintf(c->f,
            "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
            "<rect width=\"100\" height=\"10\" fill=\"#efe8dc\"/><rect width=\"%.2f\" height=\"10\" fill=\"%s\"/>"
            "</svg>",
            w, color);
}

static void html_decision(Ctx *c, size_t k) {
    const LsrTraceEntry *e = entry(c, k);
    const LsrStep *s = step_of(c, k);
    const LsrChoice *ch = choice_at(c, s, e->choice), *hc = choice_at(c, s, s->hist_choice);
    bool match = e->choice == s->hist_choice;
    char d[40];
    fmt_date(s->date, d, sizeof d);
    fprintf(c->f, "<article class=\"step%s\" id=\"step-%zu\">\n<p class=\"step-meta\">Step %zu &middot; ",
            match ? "" : " differs", k + 1, k + 1);
    html_esc(c->f, d);
    if (has_text(&s->place)) {
        fputs(" &middot; ", c->f);
        html_esc(c->f, T(c, &s->place));
    }
    fputs("</p>\n<h3>", c->f);
    html_esc(c->f, T(c, &s->title));
    fputs("</h3>\n", c->f);
    if (e->tally) {
        uint32_t total = tally_total(e);
        fprintf(c->f, "<table class=\"tally\" aria-label=\"Class vote, %u votes\">\n", total);
        for (uint32_t j = 0; j < e->n_tally; j++) {
            const LsrChoice *cj = choice_at(c, s, j);
            bool picked = j == e->choice, hist = j == s->hist_choice;
            fprintf(c->f, "<tr%s><td class=\"label\">", picked ? " class=\"picked\"" : "");
            html_esc(c->f, T(c, &cj->label));
            fputs("</td><td class=\"bar\">", c->f);
            svg_bar(c, e->tally[j], total, picked ? ACCENT : "#b9aa96");
            unsigned pct = total ? (unsigned)((e->tally[j] * 100u + total / 2u) / total) : 0u;
            fprintf(c->f, "</td><td class=\"n\">%u vote%s &middot; %u%%</td><td class=\"tag\">%s%s%s</td></tr>\n",
                    e->tally[j], e->tally[j] == 1 ? "" : "s", pct, picked ? "class choice" : "",
                    picked && hist ? "<br>" : "", hist ? "what they did" : "");
        }
        fputs("</table>\n", c->f);
    }
    fputs("<dl class=\"facts\">\n", c->f);
    html_dl_row(c, e->tally ? "Class choice" : "Your choice");
    html_esc(c->f, T(c, &ch->label));
    if (e->tally) fprintf(c->f, " (%u of %u votes)", e->tally[e->choice], tally_total(e));
    fputs("</dd>\n", c->f);
    html_dl_row(c, "What they did");
    html_esc(c->f, T(c, &hc->label));
    fputs("</dd>\n", c->f);
    html_dl_row(c, "Same as history?");
    if (match) fputs("<span class=\"yes\">Yes</span>", c->f);
    else {
        fputs("<span class=\"no\">No</span>", c->f);
        if (ch->credit_permille > 0) {
            char cr[16];
            credit_str(ch->credit_permille, cr, sizeof cr);
            fprintf(c->f, " &middot; partial credit %s (a choice close to theirs)", cr);
        }
    }
    if (s->hist_weight > 1) fprintf(c->f, " &middot; counts %u&times; in the score", (unsigned)s->hist_weight);
    fputs("</dd>\n</dl>\n", c->f);
    html_history(c, s);
    html_events(c, e);
    fputs("</article>\n", c->f);
}

static void vote_line(Ctx *c, const int32_t v[3], bool passed) {
    fprintf(c->f, "%d yes, %d no, %d abstaining &middot; <span class=\"%s\">%s</span>", (int)v[0], (int)v[1],
            (int)v[2], passed ? "yes" : "no", passed ? "passed" : "failed");
}

static void svg_stacked(Ctx *c, const int32_t v[3]) {
    double t = (double)(v[0] > 0 ? v[0] : 0) + (v[1] > 0 ? v[1] : 0) + (v[2] > 0 ? v[2] : 0);
    if (t <= 0) return;
    double a = 100.0 * (v[0] > 0 ? v[0] : 0) / t, b = 100.0 * (v[1] > 0 ? v[1] : 0) / t;
    fprintf(c->f,
            "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
            "<rect width=\"100\" height=\"10\" fill=\"#d8d0c4\"/>"
            "<rect width=\"%.2f\" height=\"10\" fill=\"#2f6b3b\"/>"
            "<rect x=\"%.2f\" width=\"%.2f\" height=\"10\" fill=\"" ACCENT "\"/></svg>",
            a, a, b);
}

static void html_vote(Ctx *c, size_t k) {
    const LsrTraceEntry *e = entry(c, k);
    const LsrStep *s = step_of(c, k);
    char d[40];
    fmt_date(s->date, d, sizeof d);
    fprintf(c->f, "<article class=\"step vote\" id=\"step-%zu\">\n<p class=\"step-meta\">Step %zu &middot; Vote &middot; ",
            k + 1, k + 1);
    html_esc(c->f, d);
    if (has_text(&s->place)) {
        fputs(" &middot; ", c->f);
        html_esc(c->f, T(c, &s->place));
    }
    fputs("</p>\n<h3>", c->f);
    html_esc(c->f, T(c, &s->title));
    fputs("</h3>\n<dl class=\"facts\">\n", c->f);
    html_dl_row(c, "Motion");
    html_esc(c->f, T(c, &s->motion));
    fputs("</dd>\n", c->f);
    html_dl_row(c, "In your game");
    vote_line(c, e->vote, e->passed);
    svg_stacked(c, e->vote);
    fputs("</dd>\n", c->f);
    html_dl_row(c, "In history");
    if (s->hist_tally[0] >= 0) {
        int32_t h[3] = {s->hist_tally[0], s->hist_tally[1] < 0 ? 0 : s->hist_tally[1],
                        s->hist_tally[2] < 0 ? 0 : s->hist_tally[2]};
        bool hp = s->hist_pass >= 0 ? s->hist_pass == 1 : h[0] > h[1];
        vote_line(c, h, hp);
        svg_stacked(c, h);
    } else if (s->hist_pass >= 0) {
        fprintf(c->f, "<span class=\"%s\">%s</span> (no count recorded in the sources)",
                s->hist_pass ? "yes" : "no", s->hist_pass ? "passed" : "failed");
    } else {
        fputs("not recorded", c->f);
    }
    fputs("</dd>\n</dl>\n", c->f);
    html_history(c, s);
    html_events(c, e);
    fputs("</article>\n", c->f);
}

static void html_chart(Ctx *c, uint32_t v, const LsrVarScore *vs) {
    const LsrVar *var = &c->sc->vars[v];
    HistPt *hp = malloc(sizeof *hp * (var->n_hist ? var->n_hist : 1));
    if (!hp) {
        c->oom = true;
        return;
    }
    size_t nh = hist_track(c, v, hp);
    int64_t lo = value_after(c, v, 0), hi = lo;
    for (size_t x = 0; x <= c->n; x++) {
        int64_t y = value_after(c, v, x);
        if (y < lo) lo = y;
        if (y > hi) hi = y;
    }
    for (size_t i = 0; i < nh; i++) {
        if (hp[i].v < lo) lo = hp[i].v;
        if (hp[i].v > hi) hi = hp[i].v;
    }
    /* Pad the data range, within the variable's own range. */
    int64_t range = (int64_t)var->max - var->min;
    int64_t pad = (hi - lo) / 6;
    if (pad < range / 20) pad = range / 20;
    if (pad < 1) pad = 1;
    lo = lo - pad < var->min ? var->min : lo - pad;
    hi = hi + pad > var->max ? var->max : hi + pad;
    if (hi <= lo) hi = lo + 1;
    const double W = 320, H = 150, L = 34, R = 10, TOP = 8, B = 22;
    double span_x = (double)(c->n ? c->n : 1);
#define PX(x) (L + (W - L - R) * (double)(x) / span_x)
#define PY(y) (TOP + (H - TOP - B) * (double)(hi - (y)) / (double)(hi - lo))
    char a[48], b[48];
    fputs("<figure class=\"chart\">\n<svg class=\"line\" viewBox=\"0 0 320 150\" role=\"img\" aria-label=\"", c->f);
    html_esc(c->f, T(c, &var->label));
    fputs(": your game against history\">\n", c->f);
    /* Grid and value labels at the bottom, middle and top. */
    int64_t ticks[3] = {lo, lo + (hi - lo) / 2, hi};
    for (int i = 0; i < 3; i++) {
        if (i == 1 && (ticks[1] == lo || ticks[1] == hi)) continue;
        double y = PY(ticks[i]);
        fprintf(c->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3dbcf\" stroke-width=\"1\"/>",
                L, y, W - R, y);
        fprintf(c->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%lld</text>\n", L - 4, y + 3, (long long)ticks[i]);
    }
    /* Step ticks: every step when few, else every fifth. */
    size_t every = c->n <= 12 ? 1 : 5;
    for (size_t x = 0; x <= c->n; x++) {
        if (x != 0 && x != c->n && x % every) continue;
        double px = PX(x);
        fprintf(c->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b9aa96\" stroke-width=\"1\"/>",
                px, H - B, px, H - B + 3);
        if (x == 0) fprintf(c->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\">start</text>\n", px, H - B + 13);
        else if (x == c->n && lsr_game_ending(c->g))
            fprintf(c->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">end</text>\n", px, H - B + 13);
        else if (x + 2 < c->n || x == c->n)
            fprintf(c->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu</text>\n", px, H - B + 13, x);
    }
    fprintf(c->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b9aa96\" stroke-width=\"1\"/>\n",
            L, H - B, W - R, H - B);
    if (nh) {
        fputs("<polyline fill=\"none\" stroke=\"#6d6760\" stroke-width=\"1.6\" stroke-dasharray=\"5 3\" points=\"", c->f);
        for (size_t i = 0; i < nh; i++) fprintf(c->f, "%s%.1f,%.1f", i ? " " : "", PX(hp[i].x), PY(hp[i].v));
        fputs("\"/>\n", c->f);
        for (size_t i = 0; i < nh; i++)
            fprintf(c->f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\" fill=\"#fffdf8\" stroke=\"#6d6760\" stroke-width=\"1.3\"/>",
                    PX(hp[i].x), PY(hp[i].v));
        fputs("\n", c->f);
    }
    fputs("<polyline fill=\"none\" stroke=\"" ACCENT "\" stroke-width=\"2.2\" stroke-linejoin=\"round\" points=\"", c->f);
    for (size_t x = 0; x <= c->n; x++) fprintf(c->f, "%s%.1f,%.1f", x ? " " : "", PX(x), PY(value_after(c, v, x)));
    fputs("\"/>\n", c->f);
    for (size_t x = 0; x <= c->n; x++)
        fprintf(c->f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\" fill=\"" ACCENT "\"/>", PX(x), PY(value_after(c, v, x)));
    fputs("\n</svg>\n<figcaption><b>", c->f);
#undef PX
#undef PY
    html_esc(c->f, T(c, &var->label));
    fputs("</b>: ", c->f);
    value_str(var, vs->final, a, sizeof a);
    value_str(var, vs->historical, b, sizeof b);
    fputs("your game ", c->f);
    html_esc(c->f, a);
    fputs(", history ", c->f);
    html_esc(c->f, b);
    fprintf(c->f, " (%s is better)</figcaption>\n</figure>\n", var->better == LSR_BETTER_LOWER ? "lower" : "higher");
    free(hp);
}

static const char *effect_word(int32_t d) {
    return d > 0 ? "better for the party than history" : d < 0 ? "worse for the party than history" : "as in history";
}

static void html_scores(Ctx *c) {
    const LsrScore *sc = &c->score;
    char f[16], o[16];
    tenths(sc->fidelity_permille, false, f, sizeof f);
    tenths(sc->outcome_permille, true, o, sizeof o);
    fputs("<section id=\"scores\">\n<h2>Scores</h2>\n", c->f);
    fprintf(c->f,
            "<h3>Historical fidelity: %s%%</h3>\n<p>How closely the choices followed what the Left SRs really "
            "did. %u of %u decisions matched. Each decision counts by how much it mattered, and a choice close "
            "to theirs earns partial credit, so this is a weighted share, from 0%% (never as history) to 100%% "
            "(always as history).</p>\n",
            f, sc->matched, sc->decisions);
    fprintf(c->f,
            "<h3>Outcome against history: %s</h3>\n<p>How the party ended up compared with where it really "
            "stood, on a scale from &minus;100 (far worse than history) through 0 (as history went) to +100 "
            "(far better). Each measure below adds its difference from history, as a share of its range; the "
            "score is their average.</p>\n",
            o);
    if (sc->n_vars) {
        fputs("<table class=\"vars\">\n<tr><th>Measure</th><th>Start</th><th>Your game</th><th>History</th>"
              "<th>Effect on score</th></tr>\n",
              c->f);
        uint32_t shown = sc->n_vars < 64 ? sc->n_vars : 64;
        for (uint32_t i = 0; i < shown; i++) {
            const LsrVarScore *vs = &sc->vars[i];
            const LsrVar *var = &c->sc->vars[vs->var];
            char s0[48], s1[48], s2[48], dd[16];
            value_str(var, lsr_game_initial_vars(c->g)[vs->var], s0, sizeof s0);
            value_str(var, vs->final, s1, sizeof s1);
            value_str(var, vs->historical, s2, sizeof s2);
            tenths(vs->delta_permille, true, dd, sizeof dd);
            fputs("<tr><td>", c->f);
            html_esc(c->f, T(c, &var->label));
            if (var->better == LSR_BETTER_LOWER) fputs(" <span class=\"meta\">(lower is better)</span>", c->f);
            fputs("</td><td>", c->f);
            html_esc(c->f, s0);
            fputs("</td><td>", c->f);
            html_esc(c->f, s1);
            fputs("</td><td>", c->f);
            html_esc(c->f, s2);
            fprintf(c->f, "</td><td><span class=\"%s\">%s</span> <span class=\"meta\">%s</span></td></tr>\n",
                    vs->delta_permille > 0 ? "yes" : vs->delta_permille < 0 ? "no" : "meta", dd,
                    effect_word(vs->delta_permille));
        }
        fputs("</table>\n", c->f);
        fputs("<p class=\"legend\">The charts show each measure after every step of your game"
              "<span class=\"swatch\"></span>your game<span class=\"swatch hist\"></span>history (the "
              "values the Left SRs really had at the same points of the story). The numbers under each "
              "chart are steps.</p>\n<div class=\"charts\">\n",
              c->f);
        for (uint32_t i = 0; i < shown; i++) html_chart(c, sc->vars[i].var, &sc->vars[i]);
        fputs("</div>\n", c->f);
    }
    fputs("</section>\n", c->f);
}

static void html_ending(Ctx *c) {
    const LsrEnding *end = lsr_game_ending(c->g);
    fputs("<section id=\"ending\">\n<h2>How it ended</h2>\n<div class=\"ending\">\n", c->f);
    if (end) {
        fputs("<h3>", c->f);
        html_esc(c->f, T(c, &end->title));
        fputs("</h3>\n", c->f);
        if (end->historical) fputs("<p class=\"meta\">This is the ending history took.</p>\n", c->f);
        else {
            fputs("<p class=\"meta\">History took another ending: ", c->f);
            html_esc(c->f, T(c, &c->sc->endings[c->sc->historical_ending].title));
            fputs(".</p>\n", c->f);
        }
        html_paras(c->f, T(c, &end->epilogue));
    } else if (lsr_game_step(c->g)) {
        fputs("<h3>Not finished</h3>\n<p>Play stopped before the end, at ", c->f);
        html_esc(c->f, T(c, &lsr_game_step(c->g)->title));
        fputs(".</p>\n", c->f);
    } else {
        fputs("<h3>No ending</h3>\n<p>The story reached a point where no ending applies (a scenario "
              "defect: please report it).</p>\n",
              c->f);
    }
    fputs("</div>\n</section>\n", c->f);
}

static void write_html(Ctx *c) {
    const LsrScenario *sc = c->sc;
    FILE *f = c->f;
    const char *lang = c->lang ? c->lang : (sc->language ? sc->language : "en");
    char a[40], b[40], fid[16], out[16];
    fmt_date(sc->period_start, a, sizeof a);
    fmt_date(sc->period_end, b, sizeof b);
    tenths(c->score.fidelity_permille, false, fid, sizeof fid);
    tenths(c->score.outcome_permille, true, out, sizeof out);
    fputs("<!DOCTYPE html>\n<html lang=\"", f);
    html_esc(f, lang);
    fputs("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"" REPORT_MARK "\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    html_esc(f, c->title);
    fputs(" \xE2\x80\x94 class report</title>\n<style>\n", f);
    for (size_t i = 0; i < sizeof HTML_CSS / sizeof HTML_CSS[0]; i++) fputs(HTML_CSS[i], f);
    fputs("</style>\n</head>\n<body>\n<main>\n<header class=\"top\">\n"
          "<p class=\"kicker\">Left Socialist-Revolutionaries &middot; class report</p>\n<h1>",
          f);
    html_esc(f, c->title);
    fputs("</h1>\n<p class=\"sub serif\">", f);
    if (strcmp(c->title, T(c, &sc->title)) != 0) {
        html_esc(f, T(c, &sc->title));
        fputs(", ", f);
    }
    html_esc(f, a);
    fputs(" \xE2\x80\x93 ", f);
    html_esc(f, b);
    fputs("</p>\n<p class=\"meta\">Played on ", f);
    html_esc(f, c->played[0] ? c->played : "(date not recorded)");
    fprintf(f, " &middot; %u decision%s", c->score.decisions, c->score.decisions == 1 ? "" : "s");
    if (any_tally(c)) fputs(" &middot; class votes recorded", f);
    fputs("</p>\n</header>\n", f);
    if (c->warning && c->warning[0]) {
        fputs("<p class=\"warning\">\xE2\x9A\xA0 ", f);
        html_esc(f, c->warning);
        fputs("</p>\n", f);
    }
    const LsrEnding *end = lsr_game_ending(c->g);
    fprintf(f,
            "<div class=\"cards\">\n<div class=\"card\"><div class=\"label\">Historical fidelity</div>"
            "<div class=\"big\">%s%%</div><div class=\"small\">%u of %u decisions as history</div></div>\n"
            "<div class=\"card\"><div class=\"label\">Outcome against history</div><div class=\"big\">%s</div>"
            "<div class=\"small\">&minus;100 worse &middot; 0 as history &middot; +100 better</div></div>\n"
            "<div class=\"card\"><div class=\"label\">Ending</div><div class=\"big\" style=\"font-size:14pt\">",
            fid, c->score.matched, c->score.decisions, out);
    html_esc(f, end ? T(c, &end->title) : "Not finished");
    fprintf(f, "</div><div class=\"small\">%s</div></div>\n</div>\n",
            end ? (end->historical ? "as in history" : "not as in history") : "play stopped before the end");
    if (has_text(&sc->briefing)) {
        fputs("<section id=\"situation\">\n<h2>The situation</h2>\n<div class=\"intro\">\n", f);
        html_paras(f, T(c, &sc->briefing));
        fputs("</div>\n</section>\n", f);
    }
    fputs("<section id=\"steps\">\n<h2>Decision by decision</h2>\n", f);
    if (c->n == 0) fputs("<p>No decision was taken in this game.</p>\n", f);
    for (size_t k = 0; k < c->n; k++) {
        if (step_of(c, k)->type == LSR_STEP_DECISION) html_decision(c, k);
        else html_vote(c, k);
    }
    fputs("</section>\n", f);
    html_scores(c);
    html_ending(c);
    fputs("<section id=\"questions\">\n<h2>Questions for discussion</h2>\n<ol class=\"questions\">\n", f);
    for (int q = 0; q < c->n_questions; q++) {
        fputs("<li>", f);
        html_esc(f, c->questions[q]);
        fputs("</li>\n", f);
    }
    fputs("</ol>\n</section>\n<section id=\"sources\">\n<h2>Sources</h2>\n<ul class=\"srclist\">\n", f);
    for (uint32_t i = 0; i < sc->n_sources; i++) {
        const LsrSource *so = &sc->sources[i];
        fputs("<li><cite>", f);
        html_esc(f, so->title);
        fputs("</cite>", f);
        if (so->author && so->author[0]) {
            fputs(", ", f);
            html_esc(f, so->author);
        }
        fputs(" <code>[", f);
        html_esc(f, so->id);
        fputs("]</code>", f);
        if (so->perspective && so->perspective[0]) {
            fputs(" &mdash; ", f);
            html_esc(f, so->perspective);
        }
        fputs("</li>\n", f);
    }
    fputs("</ul>\n</section>\n<footer>Made with leftsr from the game's save (scenario <code>", f);
    html_esc(f, sc->id);
    fprintf(f, "</code>, seed %llu). The game simplifies history: numbers such as trust or unity are game "
               "measures, not historical data; the history notes say what the sources support.</footer>\n"
               "</main>\n</body>\n</html>\n",
            (unsigned long long)lsr_game_seed(c->g));
}

/* ------------------------------------------------------------ Markdown */

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

static void md_paras(FILE *f, const char *s) {
    if (!s || !*s) return;
    md_esc(f, s, false);
    fputs("\n\n", f);
}

static void md_sources(Ctx *c, const LsrStep *s) {
    if (!s->n_sources) return;
    fputs("*Sources:* ", c->f);
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
    if (has_text(&s->disagreement)) {
        fputs("> **Where the sources disagree.** ", c->f);
        md_esc(c->f, T(c, &s->disagreement), true);
        fputs("\n\n", c->f);
    }
    md_sources(c, s);
}

static void md_events(Ctx *c, const LsrTraceEntry *e) {
    if (!e->n_fired) return;
    fputs("*Then:* ", c->f);
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
        uint32_t total = tally_total(e);
        fputs("| Choice | Votes | |\n|---|---:|---|\n", c->f);
        for (uint32_t j = 0; j < e->n_tally; j++) {
            fputs("| ", c->f);
            md_esc(c->f, T(c, &choice_at(c, s, j)->label), true);
            unsigned pct = total ? (unsigned)((e->tally[j] * 100u + total / 2u) / total) : 0u;
            fprintf(c->f, " | %u (%u%%) | %s%s%s |\n", e->tally[j], pct, j == e->choice ? "class choice" : "",
                    j == e->choice && j == s->hist_choice ? "; " : "", j == s->hist_choice ? "what they did" : "");
        }
        fputs("\n", c->f);
    }
    fprintf(c->f, "- **%s:** ", e->tally ? "Class choice" : "Your choice");
    md_esc(c->f, T(c, &ch->label), true);
    if (e->tally) fprintf(c->f, " (%u of %u votes)", e->tally[e->choice], tally_total(e));
    fputs("\n- **What they did:** ", c->f);
    md_esc(c->f, T(c, &hc->label), true);
    fprintf(c->f, "\n- **Same as history?** %s", match ? "Yes" : "No");
    if (!match && ch->credit_permille > 0) {
        char cr[16];
        credit_str(ch->credit_permille, cr, sizeof cr);
        fprintf(c->f, " (partial credit %s)", cr);
    }
    if (s->hist_weight > 1) fprintf(c->f, "; counts %u\xC3\x97 in the score", (unsigned)s->hist_weight);
    fputs("\n\n", c->f);
    md_history(c, s);
    md_events(c, e);
}

static void md_vote_line(Ctx *c, const int32_t v[3], bool passed) {
    fprintf(c->f, "%d yes, %d no, %d abstaining: %s", (int)v[0], (int)v[1], (int)v[2], passed ? "passed" : "failed");
}

static void md_vote(Ctx *c, size_t k) {
    const LsrTraceEntry *e = entry(c, k);
    const LsrStep *s = step_of(c, k);
    md_step_head(c, k, "Vote \xC2\xB7 ");
    fputs("- **Motion:** ", c->f);
    md_esc(c->f, T(c, &s->motion), true);
    fputs("\n- **In your game:** ", c->f);
    md_vote_line(c, e->vote, e->passed);
    fputs("\n- **In history:** ", c->f);
    if (s->hist_tally[0] >= 0) {
        int32_t h[3] = {s->hist_tally[0], s->hist_tally[1] < 0 ? 0 : s->hist_tally[1],
                        s->hist_tally[2] < 0 ? 0 : s->hist_tally[2]};
        md_vote_line(c, h, s->hist_pass >= 0 ? s->hist_pass == 1 : h[0] > h[1]);
    } else if (s->hist_pass >= 0) {
        fprintf(c->f, "%s (no count recorded in the sources)", s->hist_pass ? "passed" : "failed");
    } else {
        fputs("not recorded", c->f);
    }
    fputs("\n\n", c->f);
    md_history(c, s);
    md_events(c, e);
}

static void write_md(Ctx *c) {
    const LsrScenario *sc = c->sc;
    FILE *f = c->f;
    char a[40], b[40], fid[16], out[16];
    fmt_date(sc->period_start, a, sizeof a);
    fmt_date(sc->period_end, b, sizeof b);
    tenths(c->score.fidelity_permille, false, fid, sizeof fid);
    tenths(c->score.outcome_permille, true, out, sizeof out);
    fputs("<!-- " REPORT_MARK " -->\n# ", f);
    md_esc(f, c->title, true);
    fputs("\n\n*Left Socialist-Revolutionaries: class report*\n\n- **Scenario:** ", f);
    md_esc(f, T(c, &sc->title), true);
    fprintf(f, ", %s \xE2\x80\x93 %s\n- **Played on:** ", a, b);
    md_esc(f, c->played[0] ? c->played : "(date not recorded)", true);
    fprintf(f, "\n- **Decisions:** %u%s\n\n", c->score.decisions, any_tally(c) ? " (class votes recorded)" : "");
    if (c->warning && c->warning[0]) {
        fputs("> **Warning:** ", f);
        md_esc(f, c->warning, true);
        fputs("\n\n", f);
    }
    const LsrEnding *end = lsr_game_ending(c->g);
    fputs("## Summary\n\n| | |\n|---|---|\n", f);
    fprintf(f, "| Historical fidelity | %s%% (%u of %u decisions as history) |\n", fid, c->score.matched,
            c->score.decisions);
    fprintf(f, "| Outcome against history | %s (\xE2\x88\x92" "100 worse, 0 as history, +100 better) |\n", out);
    fputs("| Ending | ", f);
    md_esc(f, end ? T(c, &end->title) : "Not finished", true);
    fprintf(f, " (%s) |\n\n",
            end ? (end->historical ? "as in history" : "not as in history") : "play stopped before the end");
    if (has_text(&sc->briefing)) {
        fputs("## The situation\n\n", f);
        md_paras(f, T(c, &sc->briefing));
    }
    fputs("## Decision by decision\n\n", f);
    if (c->n == 0) fputs("No decision was taken in this game.\n\n", f);
    for (size_t k = 0; k < c->n; k++) {
        if (step_of(c, k)->type == LSR_STEP_DECISION) md_decision(c, k);
        else md_vote(c, k);
    }
    fprintf(f,
            "## Scores\n\n### Historical fidelity: %s%%\n\nHow closely the choices followed what the Left SRs "
            "really did. %u of %u decisions matched. Each decision counts by how much it mattered, and a choice "
            "close to theirs earns partial credit, so this is a weighted share, from 0%% (never as history) to "
            "100%% (always as history).\n\n",
            fid, c->score.matched, c->score.decisions);
    fprintf(f,
            "### Outcome against history: %s\n\nHow the party ended up compared with where it really stood, on a "
            "scale from \xE2\x88\x92" "100 (far worse than history) through 0 (as history went) to +100 (far "
            "better). Each measure below adds its difference from history, as a share of its range; the score "
            "is their average.\n\n",
            out);
    uint32_t shown = c->score.n_vars < 64 ? c->score.n_vars : 64;
    if (shown) {
        fputs("| Measure | Start | Your game | History | Effect on score |\n|---|---:|---:|---:|---|\n", f);
        for (uint32_t i = 0; i < shown; i++) {
            const LsrVarScore *vs = &c->score.vars[i];
            const LsrVar *var = &sc->vars[vs->var];
            char s0[48], s1[48], s2[48], dd[16];
            value_str(var, lsr_game_initial_vars(c->g)[vs->var], s0, sizeof s0);
            value_str(var, vs->final, s1, sizeof s1);
            value_str(var, vs->historical, s2, sizeof s2);
            tenths(vs->delta_permille, true, dd, sizeof dd);
            fputs("| ", f);
            md_esc(f, T(c, &var->label), true);
            if (var->better == LSR_BETTER_LOWER) fputs(" (lower is better)", f);
            fputs(" | ", f);
            md_esc(f, s0, true);
            fputs(" | ", f);
            md_esc(f, s1, true);
            fputs(" | ", f);
            md_esc(f, s2, true);
            fprintf(f, " | %s, %s |\n", dd, effect_word(vs->delta_permille));
        }
        /* The chart data as a table: each measure after every step. */
        fputs("\n#### Step by step\n\nEach measure after every step of your game; in brackets, the "
              "historical value at the same point of the story.\n\n| Step |",
              f);
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
            else ntr[i] = hist_track(c, c->score.vars[i].var, tracks[i]);
        }
        for (size_t x = 0; tracks && ntr && x <= c->n; x++) {
            if (x == 0) fputs("| start |", f);
            else fprintf(f, "| %zu |", x);
            for (uint32_t i = 0; i < shown; i++) {
                fprintf(f, " %d", (int)value_after(c, c->score.vars[i].var, x));
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
    fputs("## How it ended\n\n", f);
    if (end) {
        fputs("### ", f);
        md_esc(f, T(c, &end->title), true);
        fputs("\n\n", f);
        if (end->historical) fputs("*This is the ending history took.*\n\n", f);
        else {
            fputs("*History took another ending: ", f);
            md_esc(f, T(c, &sc->endings[sc->historical_ending].title), true);
            fputs(".*\n\n", f);
        }
        md_paras(f, T(c, &end->epilogue));
    } else if (lsr_game_step(c->g)) {
        fputs("Play stopped before the end, at ", f);
        md_esc(f, T(c, &lsr_game_step(c->g)->title), true);
        fputs(".\n\n", f);
    } else {
        fputs("The story reached a point where no ending applies (a scenario defect: please report it).\n\n", f);
    }
    fputs("## Questions for discussion\n\n", f);
    for (int q = 0; q < c->n_questions; q++) {
        fprintf(f, "%d. ", q + 1);
        md_esc(f, c->questions[q], true);
        fputc('\n', f);
    }
    fputs("\n## Sources\n\n", f);
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
    fprintf(f, "\n---\n\n*Made with leftsr from the game's save (scenario `%s`, seed %llu). The game simplifies "
               "history: numbers such as trust or unity are game measures, not historical data; the history "
               "notes say what the sources support.*\n",
            sc->id, (unsigned long long)lsr_game_seed(c->g));
}

/* ------------------------------------------------------------ CSV */

static void csv_field(FILE *f, const char *s) {
    bool quote = !*s || strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' || s[strlen(s) - 1] == ' ';
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void write_csv(Ctx *c) {
    FILE *f = c->f;
    fputs(CSV_HEADER "\r\n", f);
    for (size_t k = 0; k < c->n; k++) {
        const LsrTraceEntry *e = entry(c, k);
        const LsrStep *s = step_of(c, k);
        if (s->type != LSR_STEP_DECISION) continue;
        const LsrChoice *ch = choice_at(c, s, e->choice);
        char d[16], cr[16];
        iso_date(s->date, d, sizeof d);
        credit_str(ch->credit_permille, cr, sizeof cr);
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
            str_printf(&src, "%s%s", j ? ";" : "", c->sc->sources[c->sc->source_refs[s->sources_first + j]].id);
        if (src.oom) c->oom = true;
        csv_field(f, src.p ? src.p : "");
        free(src.p);
        fputs("\r\n", f);
    }
}

/* ------------------------------------------------------------ public API */

const char *lsr_report_ext(LsrReportFormat fmt) {
    switch (fmt) {
    case LSR_REPORT_MD: return "md";
    case LSR_REPORT_CSV: return "csv";
    case LSR_REPORT_HTML: break;
    }
    return "html";
}

bool lsr_report_parse_format(const char *s, LsrReportFormat *out) {
    if (!s) return false;
    if (!strcmp(s, "html") || !strcmp(s, "htm")) *out = LSR_REPORT_HTML;
    else if (!strcmp(s, "md") || !strcmp(s, "markdown")) *out = LSR_REPORT_MD;
    else if (!strcmp(s, "csv")) *out = LSR_REPORT_CSV;
    else return false;
    return true;
}

LsrStatus lsr_report_write(const LsrGame *g, LsrReportFormat fmt, FILE *out, const LsrReportOptions *o) {
    if (!g || !out) return LSR_ERR_ARG;
    static const LsrReportOptions none = {NULL, NULL, NULL, NULL};
    if (!o) o = &none;
    Ctx c;
    memset(&c, 0, sizeof c);
    c.g = g;
    c.sc = lsr_game_scenario(g);
    c.lang = o->lang;
    c.f = out;
    c.n = lsr_game_trace_len(g);
    c.warning = o->warning;
    lsr_game_score(g, &c.score);
    c.title = o->title && o->title[0] ? o->title : T(&c, &c.sc->title);
    LsrDate pd;
    if (o->played_on && parse_ymd(o->played_on, &pd)) fmt_date(pd, c.played, sizeof c.played);
    else if (o->played_on) snprintf(c.played, sizeof c.played, "%s", o->played_on);
    if (fmt != LSR_REPORT_CSV) build_questions(&c);
    if (!c.oom) {
        switch (fmt) {
        case LSR_REPORT_HTML: write_html(&c); break;
        case LSR_REPORT_MD: write_md(&c); break;
        case LSR_REPORT_CSV: write_csv(&c); break;
        }
    }
    for (int q = 0; q < c.n_questions; q++) free(c.questions[q]);
    if (c.oom) return LSR_ERR_NOMEM;
    if (fflush(out) != 0 || ferror(out)) return LSR_ERR_IO;
    return LSR_OK;
}

bool lsr_report_file_is_report(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char head[1024];
    size_t got = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[got] = '\0';
    if (!strncmp(head, CSV_HEADER "\r\n", strlen(CSV_HEADER) + 2)) return true;
    if (!strncmp(head, "<!-- " REPORT_MARK " -->", strlen(REPORT_MARK) + 9)) return true;
    return !strncmp(head, "<!DOCTYPE html>", 15) && strstr(head, "<meta name=\"generator\" content=\"" REPORT_MARK "\">");
}

static void seterr(char *err, size_t n, const char *fmt, const char *a, const char *b) {
    if (err && n) snprintf(err, n, fmt, a ? a : "", b ? b : "");
}

LsrStatus lsr_report_save(const LsrGame *g, LsrReportFormat fmt, const char *path, const LsrReportOptions *o,
                          bool force, char *err, size_t errlen) {
    struct stat stbuf;
    if (stat(path, &stbuf) == 0) {
        if (S_ISDIR(stbuf.st_mode)) {
            seterr(err, errlen, "%s is a folder, not a file%s", path, NULL);
            return LSR_ERR_IO;
        }
        if (!force && stbuf.st_size > 0 && !lsr_report_file_is_report(path)) {
            seterr(err, errlen, "%s already exists and is not a leftsr report; not overwriting it%s", path, NULL);
            return LSR_ERR_IO;
        }
    }
    size_t len = strlen(path);
    char *tmp = malloc(len + 5);
    if (!tmp) return LSR_ERR_NOMEM;
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmp", 5);
    lsr_mkdirs_for(tmp);   /* a missing folder is created; fopen reports any failure */
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        seterr(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        free(tmp);
        return LSR_ERR_IO;
    }
    LsrStatus st = lsr_report_write(g, fmt, f, o);
    int saved = errno;
    if (st == LSR_OK && fsync(fileno(f)) != 0) {
        st = LSR_ERR_IO;
        saved = errno;
    }
    if (fclose(f) != 0 && st == LSR_OK) {
        st = LSR_ERR_IO;
        saved = errno;
    }
    if (st == LSR_OK && rename(tmp, path) != 0) {
        st = LSR_ERR_IO;
        saved = errno;
    }
    if (st != LSR_OK) {
        unlink(tmp);
        if (st == LSR_ERR_NOMEM) seterr(err, errlen, "out of memory while writing %s%s", path, NULL);
        else seterr(err, errlen, "cannot write %s: %s", path, strerror(saved));
    }
    free(tmp);
    return st;
}

/* ------------------------------------------------------------ the command */

static void usage(FILE *out) {
    fprintf(out,
            "usage: leftsr report [OPTIONS] SAVE\n"
            "\n"
            "Writes a class report of the game in SAVE: every decision with the class vote,\n"
            "what the Left SRs really did, the history notes and sources, the scores with\n"
            "charts, the ending, and questions for discussion.\n"
            "\n"
            "  --format FMT, -f FMT  html (a standalone page to print or share; default),\n"
            "                        md (Markdown) or csv (one row per decision, for a\n"
            "                        spreadsheet). Default: from -o's extension, else html.\n"
            "  -o FILE, --output FILE\n"
            "                        write to FILE (default: standard output). FILE is\n"
            "                        written in full, then renamed into place. An existing\n"
            "                        FILE is replaced only if it is a leftsr report.\n"
            "  --force               replace FILE even if it is not a leftsr report\n"
            "  --scenario FILE       the scenario to read the save against (a bundled id or\n"
            "                        a path; default: found from the save's scenario id)\n"
            "  --date YYYY-MM-DD     the date shown as played (default: when the save was\n"
            "                        written); fixes the output for comparisons\n"
            "  --title TEXT          the report's heading (default: the scenario title),\n"
            "                        e.g. \"Class 10B: Coalition talks\"\n"
            "  --lang CODE           language of the scenario text, when it has it\n"
            "\n"
            "Saves are written by 'leftsr play' (default folder: $XDG_DATA_HOME/leftsr/saves/).\n"
            "Exit status: 0 ok, 1 the scenario has content errors, 2 usage error, unreadable\n"
            "or damaged save, or the report could not be written.\n");
}

int lsr_cmd_report(int argc, char **argv) {
    const char *save = NULL, *out_path = NULL, *scen = NULL, *date = NULL, *title = NULL, *lang = NULL;
    const char *fmt_s = NULL;
    bool force = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return LSR_EXIT_OK;
        } else if (!strcmp(a, "--force")) force = true;
        else if ((!strcmp(a, "--format") || !strcmp(a, "-f")) && val) { fmt_s = val; i++; }
        else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && val) { out_path = val; i++; }
        else if (!strcmp(a, "--scenario") && val) { scen = val; i++; }
        else if (!strcmp(a, "--date") && val) { date = val; i++; }
        else if (!strcmp(a, "--title") && val) { title = val; i++; }
        else if (!strcmp(a, "--lang") && val) { lang = val; i++; }
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "leftsr report: unknown option or missing value: '%s'\n", a);
            usage(stderr);
            return LSR_EXIT_USAGE;
        } else if (save) {
            fprintf(stderr, "leftsr report: one save at a time ('%s' and '%s')\n", save, a);
            return LSR_EXIT_USAGE;
        } else save = a;
    }
    if (!save) {
        fprintf(stderr, "leftsr report: which save? e.g. leftsr report ~/.local/share/leftsr/saves/coalition.json\n");
        usage(stderr);
        return LSR_EXIT_USAGE;
    }
    LsrReportFormat fmt = LSR_REPORT_HTML;
    if (fmt_s) {
        if (!lsr_report_parse_format(fmt_s, &fmt)) {
            fprintf(stderr, "leftsr report: --format takes html, md or csv, not '%s'\n", fmt_s);
            return LSR_EXIT_USAGE;
        }
    } else if (out_path) {
        const char *dot = strrchr(out_path, '.');
        if (dot && !strchr(dot, '/')) lsr_report_parse_format(dot + 1, &fmt);
    }
    LsrDate dd;
    if (date && !parse_ymd(date, &dd)) {
        fprintf(stderr, "leftsr report: --date takes a date as YYYY-MM-DD, not '%s'\n", date);
        return LSR_EXIT_USAGE;
    }
    char err[512];
    LsrSaveInfo info;
    LsrStatus st = lsr_save_peek(save, &info, err, sizeof err);
    if (st != LSR_OK) {
        fprintf(stderr, "leftsr report: cannot read the save: %s\n", err);
        return LSR_EXIT_USAGE;
    }
    static char path[4096];
    const char *want = scen ? scen : info.scenario_id;
    if (!lsr_resolve_scenario(want, path, sizeof path)) {
        if (scen) fprintf(stderr, "leftsr report: no scenario '%s' (not a file, not a bundled id)\n", scen);
        else
            fprintf(stderr,
                    "leftsr report: the save is for scenario '%s', which is not bundled; name its file with "
                    "--scenario FILE\n",
                    info.scenario_id);
        return LSR_EXIT_USAGE;
    }
    if (lsr_file_is_campaign(path)) {
        fprintf(stderr, "leftsr report: %s is a campaign; report on one scenario's save at a time\n", path);
        return LSR_EXIT_USAGE;
    }
    LsrDiagList diags;
    lsr_diags_init(&diags);
    LsrScenario *sc = NULL;
    st = lsr_scenario_load_file(path, &sc, &diags);
    if (st != LSR_OK) {
        lsr_print_diags(stderr, path, &diags);
        fprintf(stderr, "leftsr report: the scenario %s does not load (%s)\n", path, lsr_status_str(st));
        lsr_diags_free(&diags);
        return st == LSR_ERR_INVALID ? LSR_EXIT_CONTENT : LSR_EXIT_USAGE;
    }
    lsr_diags_free(&diags);
    LsrGame *g = NULL;
    char warning[1024] = "";
    st = lsr_save_load(sc, save, &g, err, sizeof err);
    if (st == LSR_ERR_MISMATCH && g) {
        char *e0 = err;
        snprintf(warning, sizeof warning,
                 "%c%s. This report follows the current version of the scenario, so some texts and scores "
                 "may differ from what was on screen.",
                 e0[0] >= 'a' && e0[0] <= 'z' ? (char)(e0[0] - 'a' + 'A') : e0[0], e0 + 1);
        fprintf(stderr, "leftsr report: warning: %s\n", err);
    } else if (st != LSR_OK) {
        fprintf(stderr, "leftsr report: cannot use the save: %s\n", err);
        lsr_game_destroy(g);
        lsr_scenario_free(sc);
        return LSR_EXIT_USAGE;
    }
    LsrReportOptions o = {title, date ? date : (info.saved_at[0] ? info.saved_at : NULL), lang,
                          warning[0] ? warning : NULL};
    int rc = LSR_EXIT_OK;
    if (out_path) {
        st = lsr_report_save(g, fmt, out_path, &o, force, err, sizeof err);
        if (st != LSR_OK) {
            fprintf(stderr, "leftsr report: %s%s\n", err,
                    strstr(err, "not a leftsr report") ? " (use --force to replace it)" : "");
            rc = LSR_EXIT_USAGE;
        }
    } else {
        st = lsr_report_write(g, fmt, stdout, &o);
        if (st != LSR_OK) {
            fprintf(stderr, "leftsr report: cannot write the report: %s\n", lsr_status_str(st));
            rc = LSR_EXIT_USAGE;
        }
    }
    lsr_game_destroy(g);
    lsr_scenario_free(sc);
    return rc;
}
