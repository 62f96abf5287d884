/* Private to game/tools/report*.c: the report being written (Ctx), the
 * helpers and the model (discussion questions, chart data) that
 * report_model.c computes for the writers report_html.c, report_md.c and
 * report_csv.c. Not public API: the public one is report.h. */
#ifndef LEFTSR_REPORT_INTERNAL_H
#define LEFTSR_REPORT_INTERNAL_H

#include "report.h"
#include "i18n.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Every report carries this near its start; lsr_report_file_is_report
 * looks for it (CSV: the exact header row instead). */
#define REPORT_MARK "leftsr report"
/* Reports written before the contested column began with CSV_HEADER_V1. */
#define CSV_HEADER_V1 "index,date,step_id,title,choice_id,choice_label,tally,historical_choice_id,match,credit,sources"
#define CSV_HEADER CSV_HEADER_V1 ",contested"
#define MAX_QUESTIONS 5

/* One report being written: the game, its score, the questions, the stream. */
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

static inline const char *T(const Ctx *c, const LsrText *t) { return lsr_tx(t, c->lang); }

static inline const LsrTraceEntry *entry(const Ctx *c, size_t k) { return lsr_game_trace(c->g, k); }

static inline const LsrStep *step_of(const Ctx *c, size_t k) { return &c->sc->steps[entry(c, k)->step]; }

static inline const LsrChoice *choice_at(const Ctx *c, const LsrStep *s, uint32_t i) {
    return &c->sc->choices[s->choices_first + i];
}

/* A date as the report's language writes it. */
static inline void fmt_date(LsrDate d, char *buf, size_t n) { lsr_date_format_lang(d, lsr_ui_lang(), buf, n); }

static inline bool has_text(const LsrText *t) { return t->s && t->s[0]; }

/* The decimal point in buf as the report's language writes it (87,5). */
void lsr_rp_decimal(char *buf);
/* num as a percentage in the report's language: "87.5%", "87,5 %". */
void lsr_rp_percent(const char *num, char *buf, size_t n);
/* Tenths of a percent from per mille: 875 -> "87.5" (in the report's
 * language: "87,5"); plus: "+" for > 0. */
void lsr_rp_tenths(int32_t pm, bool plus, char *buf, size_t n);
/* Credit per mille as a short decimal: 1000 -> "1", 500 -> "0.5" (always
 * a point: the CSV is for machines too). */
void lsr_rp_credit_str(uint16_t pm, char *buf, size_t n);
/* A variable's value with its unit: "62%", "29 seats", "7". */
void lsr_rp_value_str(const LsrVar *v, int64_t x, char *buf, size_t n);
/* "YYYY-MM-DD" at the start of s, as a calendar date; false if it is not one. */
bool lsr_rp_parse_ymd(const char *s, LsrDate *out);
/* Votes cast in a class tally (0 when the class did not vote). */
uint32_t lsr_rp_tally_total(const LsrTraceEntry *e);
/* Did the class vote on any decision of this game? */
bool lsr_rp_any_tally(const Ctx *c);
/* The fidelity score's explanation, a format taking (matched, decisions). */
const char *lsr_rp_fidelity_text(uint32_t decisions);
/* How many engine words the writers translate (a hook that keeps the
 * xgettext list of them in the program). */
size_t lsr_rp_engine_words(void);
/* How an outcome score d compares with history, in words. */
const char *lsr_rp_effect_word(int32_t d);

/* The HTML report's map section: the route and the areas (report_map.c);
 * nothing when the scenario declares no places or areas. */
void lsr_rp_html_route(Ctx *c);

/* ----------------------------------------------------- growable strings */

/* p is NUL-terminated (or NULL while empty); the owner frees p; oom sticks. */
typedef struct Str { char *p; size_t n, cap; bool oom; } Str;

/* Appends printf-style to s, growing it; on failure sets s->oom. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void lsr_rp_str_printf(Str *s, const char *fmt, ...);

/* ------------------------------------------------------------ the model */

/* Fills c->questions with 3 to 5 discussion questions drawn from this game
 * (sets c->oom on failure); the caller frees each question. */
void lsr_rp_build_questions(Ctx *c);

/* A point of a variable's historical track, at x on this game's step axis. */
typedef struct HistPt { size_t x; int32_t v; } HistPt;

/* The historical track of variable v on this game's axis, sorted by x.
 * pts must hold v's n_hist entries. Returns the count. */
size_t lsr_rp_hist_track(const Ctx *c, uint32_t v, HistPt *pts);
/* Variable v after x steps of this game (x 0: its initial value). */
int32_t lsr_rp_value_after(const Ctx *c, uint32_t v, size_t x);

/* Marks in used (sc->n_glossary entries) the glossary terms that the texts
 * this game showed use: briefing, steps, consequences, events, history
 * notes and the ending. Returns how many. */
uint32_t lsr_rp_glossary_used(const Ctx *c, bool *used);

/* ------------------------------------------------------------ the writers */

/* Each writes the whole report to c->f; c->oom on allocation failure. */
void lsr_rp_write_html(Ctx *c);
void lsr_rp_write_md(Ctx *c);
void lsr_rp_write_csv(Ctx *c);

#endif
