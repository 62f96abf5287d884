/* Terminal styling: whether to colour, and the escape sequences. Colour
 * only on a terminal, never with NO_COLOR (https://no-color.org) or
 * TERM=dumb, never in --plain; a piped transcript is plain bytes. */
#include "term/term.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int term_width(void) {
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

int term_rows(void) {
    struct winsize ws;
    int h = 0;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) h = ws.ws_row;
    if (h <= 0) {
        const char *c = getenv("LINES");
        h = c ? atoi(c) : 24;
    }
    return h < 5 ? 24 : h;
}

void term_detect(Term *t) {
    t->tty_out = isatty(STDOUT_FILENO) != 0;
    t->echo = !isatty(STDIN_FILENO);
    t->interactive = t->tty_out && !t->echo;
    t->plain = t->opt->plain;
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
    t->color = t->tty_out && !t->plain && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
    t->fancy = t->tty_out || t->plain;
    t->marking = t->fancy;
    t->out = stdout;
    t->width = term_width();
}

const char *sty(const Term *t, TermStyle s) {
    if (!t->color) return "";
    switch (s) {
    case TS_TITLE: return "\033[1m";
    case TS_HEAD: return "\033[1;36m";
    case TS_KEY: return "\033[1;33m";
    case TS_TERM: return "\033[4;32m";
    case TS_DIM: return "\033[2m";
    case TS_GOOD: return "\033[32m";
    case TS_BAD: return "\033[31m";
    }
    return "";
}

const char *sty_end(const Term *t) { return t->color ? "\033[0m" : ""; }
