/* Classroom mode's screens: the decision with the class's vote counts, the
 * discussion timer and the tie-break panel, and the full-screen reveal of
 * what really happened. The input behind them is in classroom.c. */
#include "i18n.h"
#include "sdl/glossary.h"
#include "sdl/screens.h"
#include "sdl/map.h"
#include "sdl/widgets.h"

#include <stdio.h>

/* ---------------------------------------------------------- classroom */

/* The discussion timer: its state, a large mm:ss, start/pause and ±30 s,
 * in one row, or in two (stacked: the buttons under the time). Returns
 * the height; *w gets the width. measure: draw nothing. */
static int timer_bar(LsrUi *ui, const LsrView *vs, int x, int y, bool stacked, int *w, bool measure) {
    const LsrThemeColors *th = &ui->th;
    const LsrViewClass *c = &vs->cls;
    int secs = c->timer_s;
    char big[32];
    snprintf(big, sizeof big, "%d:%02d", secs / 60, secs % 60);
    const char *state = secs == 0 ? _("TIME IS UP") : c->timer_running ? _("DISCUSSION") : _("PAUSED");
    const char *toggle = c->timer_running ? _("Pause timer  T") : _("Start timer  T");
    const char *labels[3] = { toggle, _("−30 s"), _("+30 s") };
    int gap = PX(8), bw[3], bh = 0, bsum = 2 * gap;
    for (int i = 0; i < 3; i++) {
        /* the wider of the toggle's two labels, so the row does not jump */
        bw[i] = lsr_r_text_w(ui, F_UI_BOLD, i == 0 ? _("Pause timer  T") : labels[i]) + PX(36);
        int h = lsr_r_button_h(ui, bw[i], labels[i], NULL, NULL);
        if (h > bh) bh = h;
        bsum += bw[i];
    }
    int sw = lsr_r_text_w(ui, F_SMALL_BOLD, _("DISCUSSION"));
    if (lsr_r_text_w(ui, F_SMALL_BOLD, _("TIME IS UP")) > sw) sw = lsr_r_text_w(ui, F_SMALL_BOLD, _("TIME IS UP"));
    int tw = lsr_r_text_w(ui, F_H1, "00:00");
    int th_ = lsr_r_line_h(ui, F_H1);
    int head_w = sw + PX(12) + tw;
    int row_h = th_ > bh ? th_ : bh;
    int h = stacked ? th_ + PX(8) + bh : row_h;
    *w = stacked ? (head_w > bsum ? head_w : bsum) : head_w + PX(16) + bsum;
    if (measure) return h;
    ui->timer_drawn_s = secs;   /* the classroom timer redraws when this second passes */
    SDL_Color ink = secs == 0 ? th->bad : th->ink;
    int ty = stacked ? y : y + (row_h - th_) / 2;
    lsr_r_text(ui, F_SMALL_BOLD, state, x, ty + (th_ - lsr_r_line_h(ui, F_SMALL_BOLD)) / 2, 0,
               secs == 0 ? th->bad : th->muted);
    lsr_r_text(ui, F_H1, big, x + head_w - lsr_r_text_w(ui, F_H1, big), ty, 0, ink);
    int bx = stacked ? x : x + head_w + PX(16), by = stacked ? y + th_ + PX(8) : y + (row_h - bh) / 2;
    ui->center_labels = true;
    static const int args[3] = { 0, -30, 30 };
    for (int i = 0; i < 3; i++) {
        lsr_r_button(ui, (SDL_Rect){ bx, by, bw[i], bh }, labels[i], NULL, NULL, i == 0 ? A_TIMER_TOGGLE : A_TIMER_ADJUST,
                     args[i], true, false);
        bx += bw[i] + gap;
    }
    ui->center_labels = false;
    return h;
}

/* Sizes of a vote counter: − and + squares and the count between them,
 * grown with the text. */
static void counter_size(LsrUi *ui, int *sq, int *cw) {
    *sq = PX(52);
    int need = lsr_r_line_h(ui, F_H2) + PX(10);
    if (*sq < need) *sq = need;
    *cw = lsr_r_text_w(ui, F_H2, "999") + PX(24);
    if (*cw < PX(96)) *cw = PX(96);
}

/* One choice with its vote counter: the label selects it for typing; − and
 * + step it. w: the row's width. measure: only return the height. */
static int vote_row(LsrUi *ui, const LsrView *vs, int x, int y, int w, uint32_t i, int leader, bool measure) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrStep *st = lsr_game_step(vs->g);
    const LsrChoice *c = &sc->choices[st->choices_first + i];
    LsrChoiceState cs = lsr_game_choice_state(vs->g, i);
    bool ok = cs == LSR_CHOICE_AVAILABLE, sel = vs->cls.sel == (int)i;
    char badge[4] = { (char)('A' + (int)i), 0 }, detail[512] = "";
    if (!ok) snprintf(detail, sizeof detail, _("Not possible: %s"), lsr_w_tx(vs, &c->reason));
    int sq, cw;
    counter_size(ui, &sq, &cw);
    int ctrl = ok ? 2 * sq + cw + PX(12) : 0;
    int lw = w - ctrl;
    int h = lsr_r_button_h(ui, lw, lsr_w_tx(vs, &c->label), badge, detail);
    if (h < sq) h = sq;
    if (measure) return h;
    lsr_r_button(ui, (SDL_Rect){ x, y, lw, h }, lsr_w_tx(vs, &c->label), badge, detail, A_CLASS_SELECT, (int)i, ok, false);
    if (ok) {
        int cx = x + lw + PX(12), by = y + (h - sq) / 2;
        ui->center_labels = true;
        lsr_r_button(ui, (SDL_Rect){ cx, by, sq, sq }, "−", NULL, NULL, A_VOTE_DEC, (int)i, vs->cls.votes[i] > 0, false);
        SDL_Rect box = { cx + sq, by, cw, sq };
        lsr_r_fill(ui, box, sel ? th->panel : th->bg);
        lsr_r_frame(ui, box, sel ? th->focus : th->rule, sel ? PX(3) : 1);
        char n[16];
        snprintf(n, sizeof n, "%u", vs->cls.votes[i]);
        int nh = lsr_r_line_h(ui, F_H2);
        lsr_r_box_push(ui, box, false);
        lsr_r_text_in(ui, F_H2, n, box.x, box.y + (sq - nh) / 2, cw, (int)i == leader ? th->accent : th->ink, 1);
        lsr_r_box_pop(ui);
        lsr_r_button(ui, (SDL_Rect){ cx + sq + cw, by, sq, sq }, "+", NULL, NULL, A_VOTE_INC, (int)i, true, false);
        ui->center_labels = false;
    }
    if (sel) lsr_r_frame(ui, (SDL_Rect){ x - PX(4), y - PX(4), w + PX(8), h + PX(8) }, th->focus, PX(2));
    return h;
}

/* The choices on screen, in cols columns of width w each: the height they
 * take (measure) or draw them from y. */
static int vote_rows(LsrUi *ui, const LsrView *vs, int x, int y, int w, int cols, int leader, bool measure) {
    const LsrStep *st = lsr_game_step(vs->g);
    int gap = PX(12), colgap = PX(28), cwid = (w - (cols - 1) * colgap) / cols;
    int k = 0, rowh = 0, y0 = y;
    for (uint32_t i = 0; i < st->n_choices && i < 16; i++) {
        if (lsr_game_choice_state(vs->g, i) == LSR_CHOICE_HIDDEN) continue;
        int h = vote_row(ui, vs, 0, 0, cwid, i, leader, true);
        if (!measure) vote_row(ui, vs, x + (k % cols) * (cwid + colgap), y, cwid, i, leader, false);
        if (h > rowh) rowh = h;
        if (++k % cols == 0) {
            y += rowh + gap;
            rowh = 0;
        }
    }
    if (k % cols) y += rowh + gap;
    return y - y0 - (k ? gap : 0);
}

/* Height of the step's date, place and title (lsr_w_step_head) at width w. */
static int head_height(LsrUi *ui, const LsrView *vs, const LsrStep *st, int w) {
    char dp[512];
    lsr_w_date_place(vs, st, dp, sizeof dp);
    bool dry = ui->dry;
    ui->dry = true;
    int h = PX(20) + lsr_w_kicker(ui, dp, 0, 0, w) + PX(8) +
            lsr_r_text(ui, F_H1, lsr_w_tx(vs, &st->title), 0, 0, w, ui->th.ink) + PX(18);
    ui->dry = dry;
    return h;
}

/* The class vote on a decision. Everything the class decides by stays on
 * screen together: the step's title and narrative scroll in their own
 * region at the top; the choices with their counters sit fixed above the
 * footer, in two columns when one would not leave the narrative room; the
 * timer and the state of affairs stand beside the narrative (the state
 * moves into the narrative's region when there is no room for it). */
void lsr_screen_class_decision(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrStep *st = lsr_game_step(vs->g);
    char where[256];
    snprintf(where, sizeof where, _("%s · decision %d · class vote"), lsr_w_tx(vs, &sc->title),
             (int)lsr_game_trace_len(vs->g) + 1);
    lsr_w_header(ui, vs, where, true);
    LsrLayout L = lsr_w_layout(ui, 0);
    int m = L.margin, full = ui->out_w - 2 * m;
    if (full > PX(1500)) full = PX(1500);
    int x0 = (ui->out_w - full) / 2;
    const bool *tied = vs->cls.tied;
    int leader = vs->cls.leader;
    uint32_t total = 0;
    for (uint32_t i = 0; i < st->n_choices && i < 16; i++) total += vs->cls.votes[i];
    char k[200];
    if (total == 0) snprintf(k, sizeof k, "%s", _("The class votes"));
    else if (leader >= 0) snprintf(k, sizeof k, lsr_ui_n("The class votes · %u so far · %c leads", "The class votes · %u so far · %c leads", total), total, 'A' + leader);
    else snprintf(k, sizeof k, lsr_ui_n("The class votes · %u so far · a tie", "The class votes · %u so far · a tie", total), total);

    /* the choices first, fixed above the footer: they must all fit; the
     * timer on the line above them; the narrative takes what is left */
    int bottom = L.bottom - PX(14);
    bool timer = vs->cls.timer_len_s > 0, stacked = false;
    int tim_w = 0, tim_h = timer ? timer_bar(ui, vs, 0, 0, false, &tim_w, true) : 0;
    if (timer && tim_w > full) tim_h = timer_bar(ui, vs, 0, 0, stacked = true, &tim_w, true);
    /* the timer beside the kicker when both fit on the line (the kicker's
     * capitals measured as the widest letters of its text, roughly) */
    int kick_w = lsr_r_text_w(ui, F_SMALL_BOLD, k) * 5 / 4;
    bool tim_own_line = timer && tim_w + PX(24) + kick_w > full;
    int kw = timer && !tim_own_line ? full - tim_w - PX(24) : full;
    LsrTextEntry *ke = lsr_r_text_get(ui, F_SMALL_BOLD, k, kw, th->accent);
    int kh = ke ? ke->h : 0;
    int bar_h = tim_own_line ? kh + PX(10) + tim_h : (kh > tim_h ? kh : tim_h);
    int min_top = head_height(ui, vs, st, full) + 2 * lsr_r_line_h(ui, F_BODY);
    int cols = 1, ch = vote_rows(ui, vs, 0, 0, full, 1, leader, true);
    if (bottom - L.top - ch - bar_h - PX(32) < min_top) {
        int ch2 = vote_rows(ui, vs, 0, 0, full, 2, leader, true);
        if (ch2 < ch) {
            cols = 2;
            ch = ch2;
        }
    }
    /* no room even so: ask for smaller text, and scroll meanwhile */
    bool fixed = bottom - L.top - ch - bar_h - PX(32) >= min_top;
    if (!fixed) ui->want_shrink = true;
    int cy = bottom - ch, by = cy - PX(14) - bar_h;
    int upper_bottom = fixed ? by - PX(18) : L.bottom;

    /* beside the narrative: the state of affairs, when it fits there */
    int side_w = lsr_w_narrow(ui) ? full * 36 / 100 : PX(340);
    int gap = PX(36), sy = L.top + PX(20);
    LsrLayout SL = L;
    SL.two_col = true;
    SL.px = x0 + full - side_w;
    SL.pw = side_w;
    const int32_t *vals = lsr_game_state(vs->g) + 1;
    uint32_t node = lsr_game_step_index(vs->g);
    ui->dry = true;
    int state_h = lsr_w_side_panel(ui, vs, &SL, sy, vals, NULL, node, _("State of affairs"));
    ui->dry = false;
    bool state_beside = fixed && sy + state_h <= upper_bottom &&
                        upper_bottom - L.top >= head_height(ui, vs, st, full - side_w - gap) + 2 * lsr_r_line_h(ui, F_BODY);
    int text_w = state_beside ? full - side_w - gap : full;
    if (state_beside) lsr_w_side_panel(ui, vs, &SL, sy, vals, NULL, node, _("State of affairs"));
    if (fixed) {
        /* the region ends under a whole line of the situation, not through one */
        int nar_top = L.top + head_height(ui, vs, st, text_w), lh = lsr_r_line_h(ui, F_BODY);
        int avail = upper_bottom - nar_top;
        if (lh > 0 && avail > lh) upper_bottom = nar_top + avail / lh * lh + PX(2);
    }

    /* the title and narrative scroll in their own region (with the state
     * below them when it is not beside them); without room, all scrolls */
    LsrLayout TL = L;
    TL.x = x0;
    TL.w = text_w;
    TL.two_col = false;
    if (fixed) lsr_r_view_begin(ui, (SDL_Rect){ x0 - PX(8), L.top + 1, text_w + PX(20), upper_bottom - L.top - 1 });
    else lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = lsr_w_step_head(ui, vs, &TL, st, L.top + PX(20), NULL);
    y += lsr_w_paras_terms(ui, vs, F_BODY, lsr_w_tx(vs, &st->narrative), x0, y, text_w, th->ink) + PX(20);
    if (!fixed) {
        by = y + PX(10);
        cy = by + bar_h + PX(14);
        y = cy + ch + PX(24);
    }
    if (!state_beside) y += lsr_w_side_panel(ui, vs, &TL, y, vals, NULL, node, _("State of affairs")) + PX(12);
    /* the map, when the scenario has one, below the situation (M shows it full) */
    if (lsr_map_wanted(vs)) {
        /* low enough to be seen whole in the region when scrolled to */
        int mh = fixed ? (upper_bottom - L.top) * 60 / 100 : 0;
        if (mh > text_w / 2) mh = text_w / 2;
        y += PX(8) + lsr_map_panel(ui, vs, x0, y + PX(8), text_w, mh, node) + PX(12);
    }
    if (fixed) lsr_r_view_end(ui, y);

    lsr_w_rule(ui, x0, by - PX(9), full);
    int tw;
    if (tim_own_line) {
        lsr_w_kicker(ui, k, x0, by, kw);
        timer_bar(ui, vs, x0 + full - tim_w, by + kh + PX(10), stacked, &tw, false);
    } else {
        lsr_w_kicker(ui, k, x0, by + (bar_h - kh) / 2, kw);
        if (timer) timer_bar(ui, vs, x0 + full - tim_w, by, stacked, &tw, false);
    }
    vote_rows(ui, vs, x0, cy, full, cols, leader, false);
    if (!fixed) lsr_r_view_end(ui, y);
    LsrFootBtn fb[2] = { { _("Step back  U"), A_STEP_BACK, 0 }, { _("Take the class's choice"), A_CLASS_TAKE, 0 } };
    bool can_back = vs->can_step_back;
    lsr_w_footer(ui, _("A–I pick a choice · 0–9 type its count · +/− step · Enter take the vote · T timer · P pause · "
                     "PageUp/PageDown scroll the text"),
           can_back ? fb : fb + 1, can_back ? 2 : 1);
    if (!vs->cls.tie) return;

    /* the teacher breaks the tie: only the tied choices can be taken */
    SDL_Color shade = th->shade;
    shade.a = 170;
    lsr_r_fill(ui, (SDL_Rect){ 0, 0, ui->out_w, ui->out_h }, shade);
    ui->n_items = 0;
    int w = PX(760), pad = PX(32), tgap = PX(12);
    if (w > ui->out_w - PX(40)) w = ui->out_w - PX(40);
    int iw = w - 2 * pad, h = pad + lsr_r_line_h(ui, F_H1) + PX(10);
    const char *msg = total == 0 ? _("No votes were entered. Choose for the class, or go back and enter the count.")
                                 : _("The vote is tied. The teacher decides between the tied choices.");
    LsrTextEntry *me = lsr_r_text_get(ui, F_BODY, msg, iw, th->ink);
    h += (me ? me->h : 0) + PX(20);
    for (uint32_t i = 0; i < st->n_choices && i < 16; i++)
        if (tied[i]) h += lsr_r_button_h(ui, iw, lsr_w_tx(vs, &sc->choices[st->choices_first + i].label), "A", NULL) + tgap;
    h += PX(48) + pad;
    SDL_Rect r = { (ui->out_w - w) / 2, (ui->out_h - h) / 2, w, h };
    if (r.y < PX(8)) r.y = PX(8);
    lsr_r_fill(ui, r, th->bg);
    lsr_r_fill(ui, (SDL_Rect){ r.x, r.y, r.w, PX(6) }, th->accent);
    lsr_r_frame(ui, r, th->rule, 1);
    lsr_r_box_push(ui, r, true);
    int yy = r.y + pad;
    yy += lsr_r_text(ui, F_H1, total == 0 ? _("Who decides?") : _("A tie"), r.x + pad, yy, iw, th->ink) + PX(10);
    yy += lsr_r_text(ui, F_BODY, msg, r.x + pad, yy, iw, th->ink) + PX(20);
    for (uint32_t i = 0; i < st->n_choices && i < 16; i++) {
        if (!tied[i]) continue;
        char badge[4] = { (char)('A' + (int)i), 0 };
        const char *label = lsr_w_tx(vs, &sc->choices[st->choices_first + i].label);
        int bh = lsr_r_button_h(ui, iw, label, badge, NULL);
        lsr_r_button(ui, (SDL_Rect){ r.x + pad, yy, iw, bh }, label, badge, NULL, A_TIE_PICK, (int)i, true, false);
        yy += bh + tgap;
    }
    ui->center_labels = true;
    lsr_r_button(ui, (SDL_Rect){ r.x + pad, yy, iw, PX(48) }, _("Back to the vote  Esc"), NULL, NULL, A_TIE_CANCEL, 0,
                 true, false);
    ui->center_labels = false;
    lsr_r_box_pop(ui);
    ui->primary_action = A_NONE;   /* Enter must not break a tie by accident */
}

/* What really happened, full screen, when the teacher asks for it. */
void lsr_screen_reveal(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrTraceEntry *te = lsr_w_shown_entry(ui, vs, _("what really happened"));
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
        snprintf(mine, sizeof mine, _("The class chose %c: %s"), 'A' + (int)te->choice,
                 lsr_w_tx(vs, &sc->choices[st->choices_first + te->choice].label));
        y += lsr_r_text(ui, F_UI_BOLD, mine, L.x, y, L.w, th->muted) + PX(4);
        if (lsr_w_tally_line(vs, te, tl, sizeof tl)) y += lsr_r_text(ui, F_UI, tl, L.x, y, L.w, th->muted) + PX(4);
    }
    y += PX(12);
    y += lsr_w_history_note(ui, vs, te, L.x, y, L.w);
    lsr_r_view_end(ui, y + PX(32));
    LsrPhase ph = lsr_game_phase(vs->g);
    LsrFootBtn fb[2] = { { _("Back  R"), A_SHOW_REVEAL, 0 }, { ph == LSR_PHASE_ENDED ? _("To the debrief") : _("Continue"), A_NEXT, 0 } };
    lsr_w_footer(ui, _("Enter continue · PageUp/PageDown scroll · P pause"), fb, 2);
}

