/* Help (F1 or ?): the keys, what the two scores mean, and where the
 * history comes from. */
#include "i18n.h"
#include "sdl/screens.h"
#include "sdl/widgets.h"

#include <stdio.h>

typedef struct KeyRow { const char *keys, *what; } KeyRow;

static const KeyRow keys_solo[] = {
    { "1–9", N_("Take the choice with that number") },
    { N_("↑ ↓ ← →"), N_("Move between buttons row by row; scroll text on the way") },
    { N_("Tab, Shift+Tab"), N_("Next or previous button, in order") },
    { N_("Enter, Space"), N_("Activate the focused button, or the highlighted one") },
    { N_("U, Ctrl+Z, Backspace"), N_("Take back the last decision (again to go further back)") },
    { "L", N_("Backlog: everything shown so far in this game") },
    { "G", N_("Glossary: the scenario's terms and measures") },
    { "M", N_("The map") },
    { N_("F1, ?"), N_("This help") },
    { "V", N_("Speak the screen and the focus aloud (on/off)") },
    { "Ctrl", N_("Stop speaking") },
    { N_("PageUp, PageDown, Home, End"), N_("Scroll; the scrollbar can be dragged") },
    { "Ctrl + / − / 0", N_("Text larger, smaller, normal") },
    { "F11", N_("Full screen") },
    { "Esc", N_("Menu, or back") },
    { "Ctrl+Q", N_("Quit (the game is saved after every decision)") },
};

static const KeyRow keys_class[] = {
    { N_("A–I, then digits"), N_("Classroom: select a choice and type its votes") },
    { "P", N_("Classroom: pause card") },
    { "R", N_("Classroom: reveal what really happened") },
};

static int key_table(LsrUi *ui, const KeyRow *rows, int n, int x, int y, int w) {
    const LsrThemeColors *th = &ui->th;
    int kw = w * 36 / 100, y0 = y;
    for (int i = 0; i < n; i++) {
        int h1 = lsr_r_text(ui, F_UI_BOLD, _(rows[i].keys), x, y, kw - PX(12), th->ink);
        int h2 = lsr_r_text(ui, F_UI, _(rows[i].what), x + kw, y, w - kw, th->ink);
        y += (h1 > h2 ? h1 : h2) + PX(8);
    }
    return y - y0;
}

void lsr_screen_help(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    lsr_w_header(ui, vs, _("Help"), false);
    LsrLayout L = lsr_w_layout(ui, 0);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    y += lsr_w_kicker(ui, _("Help"), L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, _("How to play"), L.x, y, L.w, th->ink) + PX(12);
    y += lsr_r_paras(ui, F_BODY,
                     _("You lead the Left Socialist-Revolutionaries through the decisions they faced in 1917 and "
                     "1918. Read the situation, take a choice, and see what follows. Underlined words are "
                     "explained when you point at them or move the focus onto them; so is each measure in the "
                     "side panel."),
                     L.x, y, L.w, th->ink) + PX(24);
    y += lsr_r_text(ui, F_H2, _("Keys"), L.x, y, L.w, th->ink) + PX(12);
    y += key_table(ui, keys_solo, (int)(sizeof keys_solo / sizeof keys_solo[0]), L.x, y, L.w);
    if (vs->cls.on) y += key_table(ui, keys_class, (int)(sizeof keys_class / sizeof keys_class[0]), L.x, y, L.w);
    y += PX(20);
    y += lsr_r_text(ui, F_H2, _("The two scores"), L.x, y, L.w, th->ink) + PX(12);
    y += lsr_r_text(ui, F_UI_BOLD, _("Historical fidelity"), L.x, y, L.w, th->ink) + PX(4);
    y += lsr_r_paras(ui, F_BODY,
                     /* xgettext:no-c-format */
                     _("How often you took the course the party really took, each decision counted by its weight; "
                     "a choice close to theirs earns partial credit. 100% means you retraced their steps."),
                     L.x, y, L.w, th->ink) + PX(12);
    y += lsr_r_text(ui, F_UI_BOLD, _("Outcome against history"), L.x, y, L.w, th->ink) + PX(4);
    y += lsr_r_paras(ui, F_BODY,
                     _("Where the party stands at the end compared with where it stood in history, measure by "
                     "measure: 0 means things went as they did, +100 far better for the party, −100 far worse. "
                     "A faithful game can end badly and a free one well: the two scores answer different "
                     "questions."),
                     L.x, y, L.w, th->ink) + PX(24);
    y += lsr_r_text(ui, F_H2, _("Where the history comes from"), L.x, y, L.w, th->ink) + PX(12);
    y += lsr_r_paras(ui, F_BODY,
                     _("Every step is a real turning point. After each decision (or at the end, as set in "
                     "Settings) the game shows what the Left SRs actually did and why, where historians "
                     "disagree, and the sources: party documents, congress records, memoirs and the work of "
                     "historians. Dates follow the calendar in use at the time; the glossary explains Old and "
                     "New Style."),
                     L.x, y, L.w, th->ink) + PX(12);
    lsr_r_view_end(ui, y + PX(32));
    LsrFootBtn fb[1] = { { _("Back"), A_BACK, 0 } };
    lsr_w_footer(ui, _("↑↓ scroll · Esc, F1 back"), fb, 1);
}
