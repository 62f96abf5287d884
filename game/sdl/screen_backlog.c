/* The backlog (L): every text this game has shown so far, from the
 * briefing to the decision on screen — narratives, the choices taken and
 * their consequences, votes, events and (when they were shown) the history
 * notes — to re-read without leaving the game. Built from the trace, so it
 * is what the other screens showed. */
#include "i18n.h"
#include "sdl/glossary.h"
#include "sdl/screens.h"

#include <stdio.h>

static int step_block(LsrUi *ui, const LsrView *vs, const LsrStep *st, int x, int y, int w) {
    const LsrThemeColors *th = &ui->th;
    int y0 = y;
    char dp[512];
    lsr_w_date_place(vs, st, dp, sizeof dp);
    y += lsr_w_kicker(ui, dp, x, y, w) + PX(6);
    y += lsr_r_text(ui, F_H2, lsr_w_tx(vs, &st->title), x, y, w, th->ink) + PX(10);
    y += lsr_w_paras_terms(ui, vs, F_BODY, lsr_w_tx(vs, &st->narrative), x, y, w, th->ink) + PX(14);
    return y - y0;
}

static int entry_block(LsrUi *ui, const LsrView *vs, const LsrTraceEntry *te, int x, int y, int w) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrStep *st = &sc->steps[te->step];
    int y0 = y;
    y += step_block(ui, vs, st, x, y, w);
    char buf[700];
    if (st->type == LSR_STEP_DECISION) {
        const LsrChoice *c = &sc->choices[st->choices_first + te->choice];
        snprintf(buf, sizeof buf, "%s %s", te->tally ? _("The class chose:") : _("You chose:"), lsr_w_tx(vs, &c->label));
        y += lsr_r_text(ui, F_UI_BOLD, buf, x, y, w, th->ink) + PX(8);
        y += lsr_w_paras_terms(ui, vs, F_BODY, lsr_w_tx(vs, &c->result), x, y, w, th->ink) + PX(8);
        if (te->outcome != LSR_NEXT_NONE && c->n_outcomes) {
            const LsrOutcome *o = &sc->outcomes[c->outcomes_first + te->outcome];
            y += lsr_w_paras_terms(ui, vs, F_BODY, lsr_w_tx(vs, &o->result), x, y, w, th->ink) + PX(8);
        }
    } else {
        y += lsr_r_text(ui, F_ITALIC, lsr_w_tx(vs, &st->motion), x, y, w, th->muted) + PX(8);
        snprintf(buf, sizeof buf, te->passed ? _("The motion passed: %d yes · %d no · %d abstained")
                                        : _("The motion failed: %d yes · %d no · %d abstained"),
                 (int)te->vote[0], (int)te->vote[1], (int)te->vote[2]);
        y += lsr_r_text(ui, F_UI_BOLD, buf, x, y, w, th->ink) + PX(8);
        y += lsr_w_paras_terms(ui, vs, F_BODY, lsr_w_tx(vs, te->passed ? &st->pass.result : &st->fail.result), x, y,
                               w, th->ink) + PX(8);
    }
    for (uint32_t i = 0; i < te->n_fired; i++) {
        const LsrEvent *ev = &sc->events[te->fired[i]];
        snprintf(buf, sizeof buf, _("Meanwhile: %s"), lsr_w_tx(vs, &ev->title));
        y += lsr_r_text(ui, F_UI_BOLD, buf, x, y + PX(6), w, th->ink) + PX(10);
        y += lsr_w_paras_terms(ui, vs, F_BODY, lsr_w_tx(vs, &ev->text), x, y, w, th->ink) + PX(8);
    }
    if (vs->settings->reveal == LSR_REVEAL_AFTER && !vs->cls.on) y += lsr_w_history_note(ui, vs, te, x, y + PX(8), w);
    return y - y0;
}

void lsr_screen_backlog(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    char where[256];
    snprintf(where, sizeof where, _("%s · backlog"), lsr_w_tx(vs, &sc->title));
    lsr_w_header(ui, vs, where, false);
    LsrLayout L = lsr_w_layout(ui, 0);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    y += lsr_w_kicker(ui, _("Backlog"), L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, _("The story so far"), L.x, y, L.w, th->ink) + PX(20);
    y += lsr_r_text(ui, F_H2, _("Briefing"), L.x, y, L.w, th->ink) + PX(10);
    y += lsr_w_paras_terms(ui, vs, F_BODY, lsr_w_tx(vs, &sc->briefing), L.x, y, L.w, th->ink) + PX(20);
    size_t n = lsr_game_trace_len(vs->g);
    for (size_t i = 0; i < n; i++) {
        y += lsr_w_rule(ui, L.x, y, L.w) + PX(20);
        y += entry_block(ui, vs, lsr_game_trace(vs->g, i), L.x, y, L.w) + PX(12);
    }
    const LsrStep *now = lsr_game_step(vs->g);
    if (now) {
        y += lsr_w_rule(ui, L.x, y, L.w) + PX(20);
        y += lsr_r_text(ui, F_SMALL_BOLD, _("NOW"), L.x, y, L.w, th->muted) + PX(6);
        y += step_block(ui, vs, now, L.x, y, L.w);
    }
    lsr_r_view_end(ui, y + PX(32));
    LsrFootBtn fb[1] = { { _("Back to the game"), A_BACK, 0 } };
    lsr_w_footer(ui, _("↑↓ PageUp/PageDown scroll · End newest · Esc, L back"), fb, 1);
}
