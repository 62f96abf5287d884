/* Pieces several screens share (widgets.c): the layout grid, the header
 * band and footer, headings, the state panel, step heads and history notes.
 * Like the screens, they draw from the session view (view.h) and never
 * change the session. Private to game/sdl. */
#ifndef LEFTSR_SDL_WIDGETS_H
#define LEFTSR_SDL_WIDGETS_H

#include "sdl/view.h"

/* A length in layout units, scaled to output pixels. */
#define PX(v) lsr_r_px(ui, (v))

/* Where a screen's body goes: the main column and an optional side panel. */
typedef struct LsrLayout {
    int margin;
    int x, w;            /* main column */
    int px, pw;          /* side panel (pw == 0: none, panel goes below) */
    int top, bottom;     /* body view */
    bool two_col;
} LsrLayout;

/* A footer button; the last one given to lsr_w_footer is the primary (Enter)
 * unless ui->footer_plain is set for that call. */
typedef struct LsrFootBtn { const char *label; int action, arg; } LsrFootBtn;

/* ---- layout */

/* The text of t in the view's language. */
const char *lsr_w_tx(const LsrView *vs, const LsrText *t);
/* Narrow window: one column, smaller margins. */
bool lsr_w_narrow(const LsrUi *ui);
/* The grid for a screen with a side panel side_w units wide (0: none). */
LsrLayout lsr_w_layout(LsrUi *ui, int side_w);

/* ---- chrome */

/* The band at the top: where we are, or the classroom notice or save error;
 * menu adds the Menu button. */
void lsr_w_header(LsrUi *ui, const LsrView *vs, const char *where, bool menu);
/* Key hints on the left and up to three buttons on the right. */
void lsr_w_footer(LsrUi *ui, const char *hint, const LsrFootBtn *b, int n);
/* Small capitals in the accent colour; returns the height. */
int lsr_w_kicker(LsrUi *ui, const char *s, int x, int y, int w);
/* A hairline; returns its height. */
int lsr_w_rule(LsrUi *ui, int x, int y, int w);
void lsr_w_panel_bg(LsrUi *ui, SDL_Rect r);

/* ---- text */

/* "12 March 1918 · Moscow" */
void lsr_w_date_place(const LsrView *vs, const LsrStep *st, char *buf, size_t n);
/* "start – end" of the scenario's period. */
void lsr_w_period(const LsrScenario *sc, char *buf, size_t n);
/* A variable's value with its unit. */
void lsr_w_fmt_value(const LsrVar *v, int32_t x, char *buf, size_t n);
/* "3 of 9 endings found" for sc (never naming one not found); false when
 * the record is unknown or sc has no endings. */
bool lsr_w_endings_found(const LsrView *vs, const LsrScenario *sc, char *buf, size_t n);
/* "Class vote: A 12 · B 8 · C 3" for an entry with a class tally; false without one. */
bool lsr_w_tally_line(const LsrView *vs, const LsrTraceEntry *te, char *buf, size_t n);

/* The colours the seat diagram gives the scenario's blocs in a theme
 * (out: n_blocs entries). Blocs are drawn from a palette chosen to stay
 * apart under protanopia, deuteranopia and tritanopia and, in the
 * high-contrast theme, at 4.5:1 or more on its black: each bloc takes the
 * free palette colour nearest to the colour its scenario gives it, so the
 * Bolsheviks stay the reddest there is. More blocs than colours reuse them. */
void lsr_w_bloc_colors(LsrTheme theme, const LsrScenario *sc, SDL_Color *out);
/* The palette of a theme; returns its size. */
int lsr_w_bloc_palette(LsrTheme theme, const uint32_t **rgb);

/* ---- blocks; each returns the height it used */

/* The state bars in a panel (beside the column, or below it when narrow);
 * prev (may be NULL) shows changes, node picks the historical markers;
 * with ui->dry set it only measures. */
int lsr_w_side_panel(LsrUi *ui, const LsrView *vs, const LsrLayout *L, int y, const int32_t *vals,
                     const int32_t *prev, uint32_t node, const char *title);
/* A step's date and place (after prefix, if any) and its title; returns the y below. */
int lsr_w_step_head(LsrUi *ui, const LsrView *vs, const LsrLayout *L, const LsrStep *st, int y, const char *prefix);
/* Header, layout and the current step's head and narrative; returns the y below. */
int lsr_w_decision_head(LsrUi *ui, const LsrView *vs, LsrLayout *L, const char *what, int side_w);
/* What the party really did at a step, why, and the sources. */
int lsr_w_history_note(LsrUi *ui, const LsrView *vs, const LsrTraceEntry *te, int x, int y, int w);
/* The trace entry the consequence and reveal screens show, with the header
 * naming the screen; NULL when there is none. */
const LsrTraceEntry *lsr_w_shown_entry(LsrUi *ui, const LsrView *vs, const char *what);

#endif
