/* Classroom mode's screens: the decision with the class's vote counts, the
 * discussion timer and the tie-break panel, and the full-screen reveal of
 * what really happened. The input behind them is in classroom.c. */
#include "sdl/screens.h"
#include "sdl/map.h"
#include "sdl/widgets.h"

#include <stdio.h>

/* ---------------------------------------------------------- classroom */

/* The discussion timer: a large mm:ss with start/pause and ±30 s. */
static int timer_card(LsrUi *ui, const LsrView *vs, int x, int y, int w) {
    const LsrThemeColors *th = &ui->th;
    const LsrViewClass *c = &vs->cls;
    int pad = PX(22), y0 = y, iw = w - 2 * pad;
    int secs = c->timer_s;
    ui->timer_drawn_s = secs;   /* the classroom timer redraws when this second passes */
    char big[32];
    snprintf(big, sizeof big, "%d:%02d", secs / 60, secs % 60);
    const char *state = secs == 0 ? "TIME IS UP" : c->timer_running ? "DISCUSSION" : "DISCUSSION · PAUSED";
    int bh = PX(48), gap = PX(8);
    int h = pad + lsr_r_line_h(ui, F_SMALL_BOLD) + PX(4) + lsr_r_line_h(ui, F_DISPLAY) + PX(12) + 2 * bh + gap + pad;
    lsr_w_panel_bg(ui, (SDL_Rect){ x, y, w, h });
    lsr_r_fill(ui, (SDL_Rect){ x, y, PX(6), h }, secs == 0 ? th->bad : th->accent);
    y += pad;
    y += lsr_r_text(ui, F_SMALL_BOLD, state, x + pad, y, iw, secs == 0 ? th->bad : th->muted) + PX(4);
    y += lsr_r_text(ui, F_DISPLAY, big, x + pad, y, iw, secs == 0 ? th->bad : th->ink) + PX(12);
    int hw = (iw - gap) / 2;
    ui->center_labels = true;
    lsr_r_button(ui, (SDL_Rect){ x + pad, y, iw, bh }, c->timer_running ? "Pause timer  T" : "Start timer  T", NULL,
                 NULL, A_TIMER_TOGGLE, 0, true, false);
    y += bh + gap;
    lsr_r_button(ui, (SDL_Rect){ x + pad, y, hw, bh }, "−30 s", NULL, NULL, A_TIMER_ADJUST, -30, true, false);
    lsr_r_button(ui, (SDL_Rect){ x + pad + hw + gap, y, iw - hw - gap, bh }, "+30 s", NULL, NULL, A_TIMER_ADJUST, 30,
                 true, false);
    ui->center_labels = false;
    return y + bh + pad - y0;
}

/* One choice with its vote counter: the label selects it for typing; − and + step it. */
static int vote_row(LsrUi *ui, const LsrView *vs, const LsrLayout *L, int y, uint32_t i, int leader) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrStep *st = lsr_game_step(vs->g);
    const LsrChoice *c = &sc->choices[st->choices_first + i];
    LsrChoiceState cs = lsr_game_choice_state(vs->g, i);
    bool ok = cs == LSR_CHOICE_AVAILABLE, sel = vs->cls.sel == (int)i;
    char badge[4] = { (char)('A' + (int)i), 0 }, detail[512] = "";
    if (!ok) snprintf(detail, sizeof detail, "Not possible: %s", lsr_w_tx(vs, &c->reason));
    int sq = PX(52), cw = ok ? PX(96) : 0, ctrl = ok ? 2 * sq + cw + PX(16) : 0;
    int lw = L->w - ctrl;
    int h = lsr_r_button_h(ui, lw, lsr_w_tx(vs, &c->label), badge, detail);
    if (h < sq) h = sq;
    lsr_r_button(ui, (SDL_Rect){ L->x, y, lw, h }, lsr_w_tx(vs, &c->label), badge, detail, A_CLASS_SELECT, (int)i, ok, false);
    if (ok) {
        int x = L->x + lw + PX(16), by = y + (h - sq) / 2;
        ui->center_labels = true;
        lsr_r_button(ui, (SDL_Rect){ x, by, sq, sq }, "−", NULL, NULL, A_VOTE_DEC, (int)i, vs->cls.votes[i] > 0, false);
        SDL_Rect box = { x + sq, by, cw, sq };
        lsr_r_fill(ui, box, sel ? th->panel : th->bg);
        lsr_r_frame(ui, box, sel ? th->focus : th->rule, sel ? PX(3) : 1);
        char n[16];
        snprintf(n, sizeof n, "%u", vs->cls.votes[i]);
        int nh = lsr_r_line_h(ui, F_H2);
        lsr_r_text_in(ui, F_H2, n, box.x, box.y + (sq - nh) / 2, cw, (int)i == leader ? th->accent : th->ink, 1);
        lsr_r_button(ui, (SDL_Rect){ x + sq + cw, by, sq, sq }, "+", NULL, NULL, A_VOTE_INC, (int)i, true, false);
        ui->center_labels = false;
    }
    if (sel) lsr_r_frame(ui, (SDL_Rect){ L->x - PX(4), y - PX(4), L->w + PX(8), h + PX(8) }, th->focus, PX(2));
    return h;
}

void lsr_screen_class_decision(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrStep *st = lsr_game_step(vs->g);
    LsrLayout L;
    int y = lsr_w_decision_head(ui, vs, &L, " · class vote", 360);
    const bool *tied = vs->cls.tied;
    int leader = vs->cls.leader;
    uint32_t total = 0;
    for (uint32_t i = 0; i < st->n_choices && i < 16; i++) total += vs->cls.votes[i];
    char k[200];
    if (total == 0) snprintf(k, sizeof k, "The class votes");
    else if (leader >= 0) snprintf(k, sizeof k, "The class votes · %u so far · %c leads", total, 'A' + leader);
    else snprintf(k, sizeof k, "The class votes · %u so far · a tie", total);
    y += lsr_w_kicker(ui, k, L.x, y, L.w) + PX(14);
    for (uint32_t i = 0; i < st->n_choices && i < 16; i++) {
        if (lsr_game_choice_state(vs->g, i) == LSR_CHOICE_HIDDEN) continue;
        y += vote_row(ui, vs, &L, y, i, leader) + PX(14);
    }
    int py = L.two_col ? L.top + PX(36) : y + PX(24);
    if (vs->cls.timer_len_s > 0) {
        int x = L.two_col ? L.px : L.x, w = L.two_col ? L.pw : L.w;
        py += timer_card(ui, vs, x, py, w) + PX(20);
    }
    py += lsr_w_side_panel(ui, vs, &L, py, lsr_game_state(vs->g) + 1, NULL, lsr_game_step_index(vs->g), "State of affairs");
    if (lsr_map_wanted(vs)) {
        int mw = L.two_col ? L.pw : L.w;
        py += PX(20) + lsr_map_panel(ui, vs, L.two_col ? L.px : L.x, py + PX(20), mw, 0, lsr_game_step_index(vs->g));
    }
    lsr_r_view_end(ui, (L.two_col ? (y > py ? y : py) : py) + PX(32));
    LsrFootBtn fb[2] = { { "Step back  U", A_STEP_BACK, 0 }, { "Take the class's choice", A_CLASS_TAKE, 0 } };
    bool can_back = vs->can_step_back;
    lsr_w_footer(ui, "A–I pick a choice · 0–9 type its count · +/− step · Enter take the vote · T timer · P pause",
           can_back ? fb : fb + 1, can_back ? 2 : 1);
    if (!vs->cls.tie) return;

    /* the teacher breaks the tie: only the tied choices can be taken */
    SDL_Color shade = th->shade;
    shade.a = 170;
    lsr_r_fill(ui, (SDL_Rect){ 0, 0, ui->out_w, ui->out_h }, shade);
    ui->n_items = 0;
    int w = PX(760), pad = PX(32), gap = PX(12);
    if (w > ui->out_w - PX(40)) w = ui->out_w - PX(40);
    int iw = w - 2 * pad, h = pad + lsr_r_line_h(ui, F_H1) + PX(10);
    const char *msg = total == 0 ? "No votes were entered. Choose for the class, or go back and enter the count."
                                 : "The vote is tied. The teacher decides between the tied choices.";
    LsrTextEntry *me = lsr_r_text_get(ui, F_BODY, msg, iw, th->ink);
    h += (me ? me->h : 0) + PX(20);
    for (uint32_t i = 0; i < st->n_choices && i < 16; i++)
        if (tied[i]) h += lsr_r_button_h(ui, iw, lsr_w_tx(vs, &sc->choices[st->choices_first + i].label), "A", NULL) + gap;
    h += PX(48) + pad;
    SDL_Rect r = { (ui->out_w - w) / 2, (ui->out_h - h) / 2, w, h };
    if (r.y < PX(8)) r.y = PX(8);
    lsr_r_fill(ui, r, th->bg);
    lsr_r_fill(ui, (SDL_Rect){ r.x, r.y, r.w, PX(6) }, th->accent);
    lsr_r_frame(ui, r, th->rule, 1);
    int yy = r.y + pad;
    yy += lsr_r_text(ui, F_H1, total == 0 ? "Who decides?" : "A tie", r.x + pad, yy, iw, th->ink) + PX(10);
    yy += lsr_r_text(ui, F_BODY, msg, r.x + pad, yy, iw, th->ink) + PX(20);
    for (uint32_t i = 0; i < st->n_choices && i < 16; i++) {
        if (!tied[i]) continue;
        char badge[4] = { (char)('A' + (int)i), 0 };
        const char *label = lsr_w_tx(vs, &sc->choices[st->choices_first + i].label);
        int bh = lsr_r_button_h(ui, iw, label, badge, NULL);
        lsr_r_button(ui, (SDL_Rect){ r.x + pad, yy, iw, bh }, label, badge, NULL, A_TIE_PICK, (int)i, true, false);
        yy += bh + gap;
    }
    ui->center_labels = true;
    lsr_r_button(ui, (SDL_Rect){ r.x + pad, yy, iw, PX(48) }, "Back to the vote  Esc", NULL, NULL, A_TIE_CANCEL, 0,
                 true, false);
    ui->center_labels = false;
    ui->primary_action = A_NONE;   /* Enter must not break a tie by accident */
}

/* What really happened, full screen, when the teacher asks for it. */
void lsr_screen_reveal(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrTraceEntry *te = lsr_w_shown_entry(ui, vs, "what really happened");
    if (!te) return;
    const LsrStep *st = &sc->steps[te->step];
    LsrLayout L = lsr_w_layout(ui, 0);
    if (!lsr_w_narrow(ui)) {
        L.w = ui->out_w - 2 * L.margin;
        if (L.w > PX(1100)) L.w = PX(1100);
        L.x = (ui->out_w - L.w) / 2;
    }
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(32);
    char dp[512];
    lsr_w_date_place(vs, st, dp, sizeof dp);
    y += lsr_w_kicker(ui, dp, L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, lsr_w_tx(vs, &st->title), L.x, y, L.w, th->ink) + PX(10);
    if (st->type == LSR_STEP_DECISION) {
        char mine[600], tl[400];
        snprintf(mine, sizeof mine, "The class chose %c: %s", 'A' + (int)te->choice,
                 lsr_w_tx(vs, &sc->choices[st->choices_first + te->choice].label));
        y += lsr_r_text(ui, F_UI_BOLD, mine, L.x, y, L.w, th->muted) + PX(4);
        if (lsr_w_tally_line(vs, te, tl, sizeof tl)) y += lsr_r_text(ui, F_UI, tl, L.x, y, L.w, th->muted) + PX(4);
    }
    y += PX(12);
    y += lsr_w_history_note(ui, vs, te, L.x, y, L.w);
    lsr_r_view_end(ui, y + PX(32));
    LsrPhase ph = lsr_game_phase(vs->g);
    LsrFootBtn fb[2] = { { "Back  R", A_SHOW_REVEAL, 0 }, { ph == LSR_PHASE_ENDED ? "To the debrief" : "Continue", A_NEXT, 0 } };
    lsr_w_footer(ui, "Enter continue · PageUp/PageDown scroll · P pause", fb, 2);
}

