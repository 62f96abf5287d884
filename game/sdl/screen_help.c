/* Help (F1 or ?): the keys, what the two scores mean, and where the
 * history comes from. */
#include "sdl/screens.h"
#include "sdl/widgets.h"

#include <stdio.h>

typedef struct KeyRow { const char *keys, *what; } KeyRow;

static const KeyRow keys_solo[] = {
    { "1–9", "Take the choice with that number" },
    { "↑ ↓ ← →", "Move between buttons row by row; scroll text on the way" },
    { "Tab, Shift+Tab", "Next or previous button, in order" },
    { "Enter, Space", "Activate the focused button, or the highlighted one" },
    { "U, Ctrl+Z, Backspace", "Take back the last decision (again to go further back)" },
    { "L", "Backlog: everything shown so far in this game" },
    { "G", "Glossary: the scenario's terms and measures" },
    { "M", "The map" },
    { "F1, ?", "This help" },
    { "V", "Speak the screen and the focus aloud (on/off)" },
    { "Ctrl", "Stop speaking" },
    { "PageUp, PageDown, Home, End", "Scroll; the scrollbar can be dragged" },
    { "Ctrl + / − / 0", "Text larger, smaller, normal" },
    { "F11", "Full screen" },
    { "Esc", "Menu, or back" },
    { "Ctrl+Q", "Quit (the game is saved after every decision)" },
};

static const KeyRow keys_class[] = {
    { "A–I, then digits", "Classroom: select a choice and type its votes" },
    { "P", "Classroom: pause card" },
    { "R", "Classroom: reveal what really happened" },
};

static int key_table(LsrUi *ui, const KeyRow *rows, int n, int x, int y, int w) {
    const LsrThemeColors *th = &ui->th;
    int kw = w * 36 / 100, y0 = y;
    for (int i = 0; i < n; i++) {
        int h1 = lsr_r_text(ui, F_UI_BOLD, rows[i].keys, x, y, kw - PX(12), th->ink);
        int h2 = lsr_r_text(ui, F_UI, rows[i].what, x + kw, y, w - kw, th->ink);
        y += (h1 > h2 ? h1 : h2) + PX(8);
    }
    return y - y0;
}

void lsr_screen_help(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    lsr_w_header(ui, vs, "Help", false);
    LsrLayout L = lsr_w_layout(ui, 0);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    y += lsr_w_kicker(ui, "Help", L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, "How to play", L.x, y, L.w, th->ink) + PX(12);
    y += lsr_r_paras(ui, F_BODY,
                     "You lead the Left Socialist-Revolutionaries through the decisions they faced in 1917 and "
                     "1918. Read the situation, take a choice, and see what follows. Underlined words are "
                     "explained when you point at them or move the focus onto them; so is each measure in the "
                     "side panel.",
                     L.x, y, L.w, th->ink) + PX(24);
    y += lsr_r_text(ui, F_H2, "Keys", L.x, y, L.w, th->ink) + PX(12);
    y += key_table(ui, keys_solo, (int)(sizeof keys_solo / sizeof keys_solo[0]), L.x, y, L.w);
    if (vs->cls.on) y += key_table(ui, keys_class, (int)(sizeof keys_class / sizeof keys_class[0]), L.x, y, L.w);
    y += PX(20);
    y += lsr_r_text(ui, F_H2, "The two scores", L.x, y, L.w, th->ink) + PX(12);
    y += lsr_r_text(ui, F_UI_BOLD, "Historical fidelity", L.x, y, L.w, th->ink) + PX(4);
    y += lsr_r_paras(ui, F_BODY,
                     "How often you took the course the party really took, each decision counted by its weight; "
                     "a choice close to theirs earns partial credit. 100% means you retraced their steps.",
                     L.x, y, L.w, th->ink) + PX(12);
    y += lsr_r_text(ui, F_UI_BOLD, "Outcome against history", L.x, y, L.w, th->ink) + PX(4);
    y += lsr_r_paras(ui, F_BODY,
                     "Where the party stands at the end compared with where it stood in history, measure by "
                     "measure: 0 means things went as they did, +100 far better for the party, −100 far worse. "
                     "A faithful game can end badly and a free one well: the two scores answer different "
                     "questions.",
                     L.x, y, L.w, th->ink) + PX(24);
    y += lsr_r_text(ui, F_H2, "Where the history comes from", L.x, y, L.w, th->ink) + PX(12);
    y += lsr_r_paras(ui, F_BODY,
                     "Every step is a real turning point. After each decision (or at the end, as set in "
                     "Settings) the game shows what the Left SRs actually did and why, where historians "
                     "disagree, and the sources: party documents, congress records, memoirs and the work of "
                     "historians. Dates follow the calendar in use at the time; the glossary explains Old and "
                     "New Style.",
                     L.x, y, L.w, th->ink) + PX(12);
    lsr_r_view_end(ui, y + PX(32));
    LsrFootBtn fb[1] = { { "Back", A_BACK, 0 } };
    lsr_w_footer(ui, "↑↓ scroll · Esc, F1 back", fb, 1);
}
