/* Picks the screen to draw from the session view and draws the overlays
 * over it. Each frame is laid out from scratch from the engine's state and
 * trace (text is cached, so this is cheap), which keeps what is shown
 * identical to the terminal and the reports. See screens.h for where each
 * screen lives. */
#include "i18n.h"
#include "sdl/glossary.h"
#include "sdl/screens.h"
#include "sdl/map.h"

/* What a screen needs before it can be drawn; without it nothing is drawn. */
typedef enum Needs { NEEDS_NOTHING = 0, NEEDS_SCENARIO, NEEDS_GAME, NEEDS_STEP } Needs;

typedef struct ScreenEntry {
    void (*draw)(LsrUi *ui, const LsrView *vs);
    Needs needs;
} ScreenEntry;

static const ScreenEntry screens[LSR_SCR_COUNT] = {
    [LSR_SCR_TITLE] = { lsr_screen_title, NEEDS_NOTHING },
    [LSR_SCR_PICKER] = { lsr_screen_picker, NEEDS_NOTHING },
    [LSR_SCR_BRIEFING] = { lsr_screen_briefing, NEEDS_SCENARIO },
    [LSR_SCR_DECISION] = { lsr_screen_decision, NEEDS_STEP },   /* classroom: lsr_screen_class_decision */
    [LSR_SCR_VOTE] = { lsr_screen_vote, NEEDS_GAME },
    [LSR_SCR_CONSEQUENCE] = { lsr_screen_consequence, NEEDS_GAME },
    [LSR_SCR_DEBRIEF] = { lsr_screen_debrief, NEEDS_GAME },
    [LSR_SCR_ENDING] = { lsr_screen_ending, NEEDS_GAME },
    [LSR_SCR_SETTINGS] = { lsr_screen_settings, NEEDS_NOTHING },
    [LSR_SCR_ERROR] = { lsr_screen_error, NEEDS_NOTHING },
    [LSR_SCR_REVEAL] = { lsr_screen_reveal, NEEDS_GAME },
    [LSR_SCR_MAP] = { lsr_screen_map, NEEDS_SCENARIO },
    [LSR_SCR_HELP] = { lsr_screen_help, NEEDS_NOTHING },
    [LSR_SCR_BACKLOG] = { lsr_screen_backlog, NEEDS_GAME },
    [LSR_SCR_GLOSSARY] = { lsr_screen_glossary, NEEDS_SCENARIO },
    [LSR_SCR_SAVED] = { lsr_screen_saved, NEEDS_NOTHING },
};

/* ------------------------------------------------------------ overlays */

static void draw_menu(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    SDL_Color shade = th->shade;
    shade.a = 160;
    lsr_r_fill(ui, (SDL_Rect){ 0, 0, ui->out_w, ui->out_h }, shade);
    ui->n_items = 0;  /* what lies under the menu is not clickable */
    typedef struct { const char *l; int a; } MenuBtn;
    MenuBtn b[7];
    int n = 0;
    b[n++] = (MenuBtn){ _("Resume"), A_RESUME };
    if (vs->g) b[n++] = (MenuBtn){ _("Backlog  L"), A_BACKLOG };
    if (vs->sc) b[n++] = (MenuBtn){ _("Glossary  G"), A_GLOSSARY };
    b[n++] = (MenuBtn){ _("Help  F1"), A_HELP };
    b[n++] = (MenuBtn){ _("Settings"), A_SETTINGS };
    b[n++] = (MenuBtn){ _("Title screen (progress is saved)"), A_TITLE };
    b[n++] = (MenuBtn){ _("Quit"), A_QUIT };
    int w = PX(420), pad = PX(28), gap = PX(10);
    /* wide enough for the longest label on one line, when the window allows */
    int need = lsr_r_text_w(ui, F_UI_BOLD, _("Title screen (progress is saved)")) + 2 * pad + PX(40);
    if (w < need) w = need;
    if (w > ui->out_w - PX(40)) w = ui->out_w - PX(40);
    int bh[7], h = pad + lsr_r_line_h(ui, F_H2) + PX(18) + pad;
    for (int i = 0; i < n; i++) {
        bh[i] = lsr_r_button_h(ui, w - 2 * pad, b[i].l, NULL, NULL);
        if (bh[i] < PX(48)) bh[i] = PX(48);
        h += bh[i];
    }
    if (h + (n - 1) * gap > ui->out_h - PX(16)) gap = PX(4);   /* a short window: tighter rows */
    h += (n - 1) * gap;
    SDL_Rect r = { (ui->out_w - w) / 2, (ui->out_h - h) / 2, w, h };
    lsr_r_fill(ui, r, th->bg);
    lsr_r_fill(ui, (SDL_Rect){ r.x, r.y, r.w, PX(5) }, th->accent);
    lsr_r_frame(ui, r, th->rule, 1);
    lsr_r_box_push(ui, r, true);
    int y = r.y + pad;
    y += lsr_r_text(ui, F_H2, _("Paused"), r.x + pad, y, w - 2 * pad, th->ink) + PX(18);
    for (int i = 0; i < n; i++) {
        lsr_r_button(ui, (SDL_Rect){ r.x + pad, y, w - 2 * pad, bh[i] }, b[i].l, NULL, NULL, b[i].a, 0, true, i == 0);
        y += bh[i] + gap;
    }
    lsr_r_box_pop(ui);
    ui->primary_action = A_RESUME;
    ui->primary_arg = 0;
}


static void draw_pause(LsrUi *ui) {
    const LsrThemeColors *th = &ui->th;
    lsr_r_fill(ui, (SDL_Rect){ 0, 0, ui->out_w, ui->out_h }, th->bg);
    ui->n_items = 0;
    lsr_r_box_push(ui, (SDL_Rect){ 0, 0, ui->out_w, ui->out_h }, true);
    lsr_r_fill(ui, (SDL_Rect){ 0, 0, ui->out_w, PX(8) }, th->accent);
    int lh = lsr_r_line_h(ui, F_HUGE);
    int y = ui->out_h / 2 - lh;
    y += lsr_r_text_in(ui, F_HUGE, _("Paused"), 0, y, ui->out_w, th->ink, 1) + PX(16);
    lsr_r_text_in(ui, F_H2, _("Press P to go on"), 0, y, ui->out_w, th->muted, 1);
    lsr_r_box_pop(ui);
    ui->primary_action = A_PAUSE;
    ui->primary_arg = 0;
}


/* ---------------------------------------------------------------- draw */

static bool can_draw(const LsrView *vs, Needs needs) {
    switch (needs) {
    case NEEDS_SCENARIO: return vs->sc != NULL;
    case NEEDS_GAME: return vs->g != NULL;
    case NEEDS_STEP: return vs->g != NULL && lsr_game_step(vs->g) != NULL;
    case NEEDS_NOTHING: break;
    }
    return true;
}

void lsr_screens_draw(LsrUi *ui, const LsrView *vs) {
    if (vs->screen < LSR_SCR_COUNT) {
        const ScreenEntry *e = &screens[vs->screen];
        void (*draw)(LsrUi *, const LsrView *) = e->draw;
        if (vs->screen == LSR_SCR_DECISION && vs->cls.on) draw = lsr_screen_class_decision;
        if (can_draw(vs, e->needs)) draw(ui, vs);
    }
    if (!vs->cls.paused && !vs->menu_open) lsr_w_popover(ui, vs);
    if (vs->cls.paused) draw_pause(ui);
    else if (vs->menu_open) draw_menu(ui, vs);
}
