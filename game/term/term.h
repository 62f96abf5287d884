/* The terminal front end's shared state and its printing helpers (style.c,
 * wrap.c), used by play.c and keys.c. Internal to game/term. */
#ifndef LEFTSR_TERM_H
#define LEFTSR_TERM_H

#include "app.h"
#include "i18n.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct Term {
    const LsrPlayOptions *opt;
    FILE *out;                 /* stdout, or a buffer while the backlog is built */
    int width;
    const char *script;        /* remaining --choices, or NULL */
    bool interactive;          /* stdin and stdout are terminals */
    bool tty_out;              /* stdout is a terminal */
    bool echo;                 /* stdin is not a terminal: echo answers read */
    bool color;                /* ANSI colour and bold (tty, no NO_COLOR, TERM not dumb) */
    bool plain;                /* --plain: words for a screen reader, no drawing */
    /* Reading layout: hanging indents and glossary marks. Off when the
     * output is a transcript (piped, not --plain), which stays byte-stable. */
    bool fancy;
    bool eof;
    bool scripted;             /* the last answer came from --choices */
    const LsrScenario *sc;     /* the scenario being played, for glossary marks */
    bool term_seen[64];        /* glossary terms already marked in this game */
    bool marking;              /* mark first uses (off while re-printing) */
    bool hint_given;           /* "type g for the glossary" said */
    bool marked_pending;       /* a term was marked since the last hint check */
    unsigned char revealed[512]; /* classroom: trace entries whose history was revealed */
    bool saved;                /* the save on disk holds the game as it is now */
    bool save_failed;          /* a save failed since the last one that worked */
    char save_err[512];        /* why the last save failed */
} Term;

typedef enum TermStyle {
    TS_TITLE,    /* headings: bold */
    TS_HEAD,     /* section heads such as WHAT REALLY HAPPENED */
    TS_KEY,      /* keys and choice numbers */
    TS_TERM,     /* a glossary term's first use */
    TS_DIM,      /* prompts and asides */
    TS_GOOD,
    TS_BAD
} TermStyle;

/* Sets the style fields of t from the environment and options. */
void term_detect(Term *t);
/* The terminal's width in columns (ioctl, else COLUMNS, else 80), 40..100. */
int term_width(void);
/* The terminal's height in rows (ioctl, else LINES, else 24). */
int term_rows(void);
/* Escape sequence that starts style s, or "" when colour is off. */
const char *sty(const Term *t, TermStyle s);
/* Escape sequence that ends any style, or "". */
const char *sty_end(const Term *t);

/* Display columns of n bytes of UTF-8, skipping the mark bytes below. */
int term_cols(const char *s, size_t n);
/* Prints s in a cell of width display columns, padded with spaces on the
 * right (left-aligned) or on the left (right); never cut. */
void term_cell(FILE *o, const char *s, int width, bool right);
/* Marks wrapped around a glossary term inside a text given to term_wrap. */
#define TERM_MARK_ON '\x01'
#define TERM_MARK_OFF '\x02'
/* Prints text wrapped to the width: first line at `indent` spaces, the
 * rest at indent + hang (hang only in reading layout); blank lines are
 * paragraph breaks; glossary marks become underline or a dagger. */
void term_wrap_hang(Term *t, const char *text, int indent, int hang);
void term_wrap(Term *t, const char *text, int indent);
/* A story text: like term_wrap, marking the first use of glossary terms. */
void term_story(Term *t, const char *text, int indent);
/* Waits for Enter between parts of a turn, only when a person is reading
 * (interactive and no scripted choices left). */
void term_pause(Term *t);

/* story.c: what the game shows, live and again in the backlog. */
void term_step_head(Term *t, const LsrStep *s);
void term_vote(Term *t, const LsrStep *s, const LsrTraceEntry *e);
void term_consequence(Term *t, const LsrStep *s, const LsrTraceEntry *e);
void term_events(Term *t, const LsrTraceEntry *e);
void term_sources(Term *t, const LsrStep *s);
void term_history(Term *t, const LsrStep *s, uint32_t chosen);
/* The letter of choice i in classroom mode (by position, as the window). */
char term_letter(uint32_t i);

/* keys.c: the commands a player can type at a prompt. */
void term_state(Term *t, const LsrGame *g);
void term_glossary(Term *t);
void term_help(Term *t, const LsrGame *g);
/* Prints everything the game has shown so far again, paged when long. */
void term_backlog(Term *t, const LsrGame *g);
/* Output held back to be shown a screenful at a time, so a long history
 * does not scroll away unread. Only when a person reads (interactive, no
 * scripted choices left); otherwise term_collect changes nothing. */
typedef struct TermPage { char *buf; size_t n; FILE *mem, *keep; } TermPage;
void term_collect(Term *t, TermPage *pg);
void term_show_collected(Term *t, TermPage *pg);
/* Handles s, g, l, h and ?; false when a is none of them. */
bool term_common_key(Term *t, const LsrGame *g, const char *a);

/* A full-width line of ch (nothing in --plain). */
void term_rule(const Term *t, char ch);
/* After a text with new marks, says once how to open the glossary. */
void term_glossary_hint(Term *t);

#endif
