/* The end of a game: the debrief (scores, charts against history, the
 * decisions one by one) and the ending with its epilogue. */
#include "i18n.h"
#include "sdl/screens.h"
#include "sdl/widgets.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ debrief */

static void dashed(LsrUi *ui, float x0, float y0, float x1, float y1, float t, SDL_Color c) {
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    float dash = (float)PX(7), gap = (float)PX(5);
    for (float s = 0; s < len; s += dash + gap) {
        float e = s + dash > len ? len : s + dash;
        lsr_r_line(ui, x0 + dx * s / len, y0 + dy * s / len, x0 + dx * e / len, y0 + dy * e / len, t, c);
    }
}

/* One variable over the game against its historical track. */
static int chart(LsrUi *ui, const LsrView *vs, uint32_t var, int x, int y, int w) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrVar *v = &sc->vars[var];
    int y0 = y;
    y += lsr_r_text(ui, F_UI_BOLD, lsr_w_tx(vs, &v->label), x, y, w, th->ink) + PX(8);
    size_t n = lsr_game_trace_len(vs->g);
    /* room for the widest axis label */
    char lmax[32];
    snprintf(lmax, sizeof lmax, "%d", (int)(abs(v->max) > abs(v->min) ? v->max : v->min));
    int lw = lsr_r_text_w(ui, F_SMALL, lmax) + PX(10);
    if (lw < PX(44)) lw = PX(44);
    SDL_Rect plot = { x + lw, y + PX(6), w - lw - PX(8), PX(150) };
    lsr_r_fill(ui, plot, th->panel);
    double range = (double)v->max - (double)v->min;
    if (range <= 0) range = 1;
    for (int g = 0; g <= 2; g++) {
        int32_t gv = (int32_t)(v->min + (double)g * ((double)v->max - v->min) / 2);
        int gy = plot.y + plot.h - (int)lround((gv - v->min) / range * plot.h);
        lsr_r_fill(ui, (SDL_Rect){ plot.x, gy, plot.w, 1 }, th->rule);
        char lab[32];
        snprintf(lab, sizeof lab, "%d", (int)gv);
        int tw = lsr_r_text_w(ui, F_SMALL, lab);
        int lh = lsr_r_line_h(ui, F_SMALL);
        lsr_r_text(ui, F_SMALL, lab, plot.x - tw - PX(6), gy - lh / 2, 0, th->muted);
    }
    size_t pts = n + 1;
    float step = pts > 1 ? (float)plot.w / (float)(pts - 1) : 0;
    float t = (float)PX(3) > 2 ? (float)PX(3) : 2;
    float hx = 0, hy = 0;
    bool have_h = false;
    for (size_t i = 0; i < pts; i++) {
        const LsrTraceEntry *te = i < n ? lsr_game_trace(vs->g, i) : NULL;
        uint32_t node = i == 0 ? (n ? lsr_game_trace(vs->g, 0)->step : lsr_game_step_index(vs->g))
                               : lsr_game_trace(vs->g, i - 1)->next;
        (void)te;
        int32_t hv;
        /* the values the scenario gives, where it gives them (as the state
         * bars and the report); dashes join them */
        if (!lsr_hist_value(sc, var, node, &hv)) continue;
        float px = (float)plot.x + step * (float)i;
        float py = (float)(plot.y + plot.h) - (float)((hv - v->min) / range * plot.h);
        if (have_h) dashed(ui, hx, hy, px, py, t * 0.8f, th->hist);
        lsr_r_dot(ui, px, py, t * 2.2f, th->hist, true);
        char what[160];
        snprintf(what, sizeof what, "historical point %s %zu %d", v->id, i, (int)hv);
        SDL_Rect dr = { (int)px - 1, (int)py - 1, 2, 2 };
        lsr_r_box(ui, dr, what);
        hx = px;
        hy = py;
        have_h = true;
    }
    float lx = 0, ly = 0;
    const int32_t *init = lsr_game_initial_vars(vs->g);
    for (size_t i = 0; i < pts; i++) {
        int32_t val = i == 0 ? init[var] : lsr_game_trace(vs->g, i - 1)->vars_after[var];
        float px = (float)plot.x + step * (float)i;
        float py = (float)(plot.y + plot.h) - (float)((val - v->min) / range * plot.h);
        if (i) lsr_r_line(ui, lx, ly, px, py, t, th->accent);
        lsr_r_dot(ui, px, py, t * 2.2f, th->accent, false);
        lx = px;
        ly = py;
    }
    lsr_r_box(ui, plot, lsr_w_tx(vs, &v->label));
    y = plot.y + plot.h + PX(10);
    /* the key: the two entries side by side, or one under the other when
     * the chart is too narrow for both */
    int lh = lsr_r_line_h(ui, F_SMALL), my = lh / 2 - PX(1);
    const char *hist_l = lsr_var_is_game_scale(v) ? _("historical path (game scale)") : _("historical path");
    int right = x + w;
    lsr_r_fill(ui, (SDL_Rect){ plot.x, y + my, PX(18), PX(3) }, th->accent);
    int xx = plot.x + PX(24);
    lsr_r_text(ui, F_SMALL, _("your game"), xx, y, right - xx, th->muted);
    xx += lsr_r_text_w(ui, F_SMALL, _("your game")) + PX(18);
    if (xx + PX(22) + lsr_r_text_w(ui, F_SMALL, hist_l) > right) {
        xx = plot.x;
        y += lh + PX(4);
    }
    lsr_r_fill(ui, (SDL_Rect){ xx, y + my, PX(6), PX(3) }, th->hist);
    lsr_r_fill(ui, (SDL_Rect){ xx + PX(10), y + my, PX(6), PX(3) }, th->hist);
    y += lsr_r_text(ui, F_SMALL, hist_l, xx + PX(22), y, right - xx - PX(22), th->muted);
    return y - y0;
}

static int score_card(LsrUi *ui, int x, int y, int w, int min_h, const char *title, const char *big,
                      SDL_Color bigc, const char *text, const char *extra) {
    const LsrThemeColors *th = &ui->th;
    int pad = PX(20);
    int iw = w - 2 * pad;
    LsrTextEntry *e1 = lsr_r_text_get(ui, F_SMALL, text, iw, th->ink);
    LsrTextEntry *e2 = extra && extra[0] ? lsr_r_text_get(ui, F_SMALL, extra, iw, th->muted) : NULL;
    int h = pad + lsr_r_line_h(ui, F_SMALL_BOLD) + PX(4) + lsr_r_line_h(ui, F_NUMBER) + PX(8) + (e1 ? e1->h : 0) +
            (e2 ? PX(8) + e2->h : 0) + pad;
    if (h < min_h) h = min_h;
    if (min_h < 0) return h;  /* measure only */
    lsr_w_panel_bg(ui, (SDL_Rect){ x, y, w, h });
    lsr_r_fill(ui, (SDL_Rect){ x, y, w, PX(4) }, th->accent);
    int yy = y + pad;
    yy += lsr_r_text(ui, F_SMALL_BOLD, title, x + pad, yy, iw, th->muted) + PX(4);
    yy += lsr_r_text(ui, F_NUMBER, big, x + pad, yy, iw, bigc) + PX(8);
    yy += lsr_r_text(ui, F_SMALL, text, x + pad, yy, iw, th->ink);
    if (e2) lsr_r_text(ui, F_SMALL, extra, x + pad, yy + PX(8), iw, th->muted);
    return h;
}

void lsr_screen_debrief(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    lsr_w_header(ui, vs, lsr_w_tx(vs, &sc->title), true);
    LsrLayout L = lsr_w_layout(ui, 0);
    if (!lsr_w_narrow(ui)) {
        L.w = ui->out_w - 2 * L.margin;
        if (L.w > PX(1240)) L.w = PX(1240);
        L.x = (ui->out_w - L.w) / 2;
    }
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    y += lsr_w_kicker(ui, _("Debrief"), L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, vs->cls.on ? _("The class's course against history") : _("Your course against history"),
                    L.x, y, L.w, th->ink) + PX(8);
    char found[200];
    if (lsr_w_endings_found(vs, sc, found, sizeof found)) {
        if (vs->ending_new) strncat(found, _(" · this one is new"), sizeof found - strlen(found) - 1);
        y += lsr_r_text(ui, F_UI_BOLD, found, L.x, y, L.w, th->muted);
    }
    y += PX(16);
    LsrScore s;
    lsr_game_score(vs->g, &s);
    char big1[32], big2[32], t1[512], t2[512], extra[1024] = "";
    snprintf(big1, sizeof big1, "%d%%", (int)((s.fidelity_permille + 5) / 10));
    if (vs->cls.on)
        snprintf(t1, sizeof t1,
                 lsr_ui_n("The class took the party's own course in %u of %u decision. Each decision counts by its "
                          "weight, and a choice close to what the Left SRs did earns partial credit.",
                          "The class took the party's own course in %u of %u decisions. Each decision counts by its "
                          "weight, and a choice close to what the Left SRs did earns partial credit.",
                          s.decisions),
                 s.matched, s.decisions);
    else
        snprintf(t1, sizeof t1,
                 lsr_ui_n("You took the party's own course in %u of %u decision. Each decision counts by its weight, "
                          "and a choice close to what the Left SRs did earns partial credit.",
                          "You took the party's own course in %u of %u decisions. Each decision counts by its weight, "
                          "and a choice close to what the Left SRs did earns partial credit.",
                          s.decisions),
                 s.matched, s.decisions);
    int op = (int)lround(s.outcome_permille / 10.0);
    if (op) snprintf(big2, sizeof big2, "%+d", op);
    else snprintf(big2, sizeof big2, "±0");
    snprintf(t2, sizeof t2,
             "%s", _("For each scored measure: your final value minus the historical one, as a share of its range, "
                     "positive when better for the party. 0 means things went as they did; +100 far better, −100 far worse."));
    for (uint32_t i = 0; i < s.n_vars && i < 64; i++) {
        const LsrVar *v = &sc->vars[s.vars[i].var];
        char a[64], b[64], line[256];
        lsr_w_fmt_value(v, s.vars[i].final, a, sizeof a);
        lsr_w_fmt_value(v, s.vars[i].historical, b, sizeof b);
        snprintf(line, sizeof line, _("%s%s: %s, historical path %s%s (%+d)"), i ? "\n" : "", lsr_w_tx(vs, &v->label),
                 a, b, lsr_var_is_game_scale(v) ? _(", game scale") : "", (int)lround(s.vars[i].delta_permille / 10.0));
        strncat(extra, line, sizeof extra - strlen(extra) - 1);
    }
    char differed[1024] = "";
    for (size_t i = 0, n = lsr_game_trace_len(vs->g); i < n; i++) {
        const LsrTraceEntry *te = lsr_game_trace(vs->g, i);
        const LsrStep *st = &sc->steps[te->step];
        if (st->type != LSR_STEP_DECISION || te->choice == st->hist_choice) continue;
        char line[256];
        snprintf(line, sizeof line, "%s%s", differed[0] ? "\n" : vs->cls.on ? _("Where the class differed:\n") : _("Where you differed:\n"), lsr_w_tx(vs, &st->title));
        strncat(differed, line, sizeof differed - strlen(differed) - 1);
    }
    int gap = PX(24);
    bool side = !lsr_w_narrow(ui);
    int cw = side ? (L.w - gap) / 2 : L.w;
    SDL_Color oc = op > 0 ? th->good : op < 0 ? th->bad : th->ink;
    if (side) {
        int h1 = score_card(ui, L.x, y, cw, -1, _("HISTORICAL FIDELITY"), big1, th->accent, t1, differed);
        int h2 = score_card(ui, L.x, y, cw, -1, _("OUTCOME AGAINST HISTORY"), big2, oc, t2, extra);
        int hh = h1 > h2 ? h1 : h2;
        score_card(ui, L.x, y, cw, hh, _("HISTORICAL FIDELITY"), big1, th->accent, t1, differed);
        score_card(ui, L.x + cw + gap, y, cw, hh, _("OUTCOME AGAINST HISTORY"), big2, oc, t2, extra);
        y += hh + PX(36);
    } else {
        y += score_card(ui, L.x, y, cw, 0, _("HISTORICAL FIDELITY"), big1, th->accent, t1, differed) + gap;
        y += score_card(ui, L.x, y, cw, 0, _("OUTCOME AGAINST HISTORY"), big2, oc, t2, extra) + PX(36);
    }

    /* the charts, two to a row when there is room */
    int nch = 0;
    for (uint32_t i = 0; i < sc->n_vars; i++) nch += sc->vars[i].scored && !sc->vars[i].hidden;
    if (nch) {
        y += lsr_r_text(ui, F_H2, _("The course of events"), L.x, y, L.w, th->ink) + PX(16);
        int cols = side ? 2 : 1, k = 0, rowh = 0;
        int chw = (L.w - (cols - 1) * gap) / cols;
        for (uint32_t i = 0; i < sc->n_vars; i++) {
            if (!sc->vars[i].scored || sc->vars[i].hidden) continue;
            int h = chart(ui, vs, i, L.x + (k % cols) * (chw + gap), y, chw);
            if (h > rowh) rowh = h;
            if (++k % cols == 0) {
                y += rowh + PX(24);
                rowh = 0;
            }
        }
        if (k % cols) y += rowh + PX(24);
        y += PX(12);
    }

    /* the decisions, one row each */
    y += lsr_r_text(ui, F_H2, _("Decision by decision"), L.x, y, L.w, th->ink) + PX(14);
    bool reveal = vs->settings->reveal != LSR_REVEAL_NEVER;
    int c0 = L.x, w0 = L.w * 22 / 100, c1 = c0 + w0 + PX(16), w1 = L.w * 20 / 100;
    int c2 = c1 + w1 + PX(16), w2 = L.w * 20 / 100, c3 = c2 + w2 + PX(16), w3 = L.x + L.w - c3;
    if (!reveal) w1 = L.x + L.w - c1;
    lsr_r_text(ui, F_SMALL_BOLD, _("DECISION"), c0, y, w0, th->muted);
    lsr_r_text(ui, F_SMALL_BOLD, vs->cls.on ? _("THE CLASS'S CHOICE") : _("YOUR CHOICE"), c1, y, w1, th->muted);
    if (reveal) {
        lsr_r_text(ui, F_SMALL_BOLD, _("THE LEFT SRs"), c2, y, w2, th->muted);
        lsr_r_text(ui, F_SMALL_BOLD, _("NOTE AND SOURCES"), c3, y, w3, th->muted);
    }
    y += lsr_r_line_h(ui, F_SMALL_BOLD) + PX(8);
    y += lsr_w_rule(ui, L.x, y, L.w) + PX(12);
    size_t n = lsr_game_trace_len(vs->g);
    for (size_t i = 0; i < n; i++) {
        const LsrTraceEntry *te = lsr_game_trace(vs->g, i);
        const LsrStep *st = &sc->steps[te->step];
        char d[64], yours[512], hist[512], src[1024] = "";
        lsr_date_format_lang(st->date, vs->lang, d, sizeof d);
        if (st->type == LSR_STEP_DECISION) {
            snprintf(yours, sizeof yours, "%s%s", te->choice == st->hist_choice ? "✓ " : "",
                     lsr_w_tx(vs, &sc->choices[st->choices_first + te->choice].label));
            snprintf(hist, sizeof hist, "%s", lsr_w_tx(vs, &sc->choices[st->choices_first + st->hist_choice].label));
        } else {
            snprintf(yours, sizeof yours, te->passed ? _("Vote passed: %d–%d–%d") : _("Vote failed: %d–%d–%d"), (int)te->vote[0],
                     (int)te->vote[1], (int)te->vote[2]);
            if (st->hist_tally[0] >= 0)
                snprintf(hist, sizeof hist, st->hist_pass == 1 ? _("%sVote passed: %d–%d–%d") : _("%sVote failed: %d–%d–%d"),
                         st->hist_estimate ? _("Estimate (not in the sources): ") : "",
                         (int)st->hist_tally[0], (int)st->hist_tally[1], (int)st->hist_tally[2]);
            else
                snprintf(hist, sizeof hist, "—");
        }
        for (uint32_t k = 0; k < st->n_sources; k++) {
            const LsrSource *so = &sc->sources[sc->source_refs[st->sources_first + k]];
            char one[300];
            snprintf(one, sizeof one, "%s%s (%s)", k ? "; " : _("Sources: "), so->title, so->author);
            strncat(src, one, sizeof src - strlen(src) - 1);
        }
        int ya = lsr_r_text(ui, F_SMALL, d, c0, y, w0, th->muted);
        ya += lsr_r_text(ui, F_UI_BOLD, lsr_w_tx(vs, &st->title), c0, y + ya + PX(2), w0, th->ink) + PX(2);
        bool match = st->type == LSR_STEP_DECISION && te->choice == st->hist_choice;
        int yb = lsr_r_text(ui, F_UI, yours, c1, y, w1, match ? th->good : th->ink);
        char tl[400];
        if (lsr_w_tally_line(vs, te, tl, sizeof tl)) yb += PX(4) + lsr_r_text(ui, F_SMALL, tl, c1, y + yb + PX(4), w1, th->muted);
        int yc = 0, yd = 0;
        if (reveal) {
            yc = lsr_r_text(ui, F_UI, hist, c2, y, w2, th->ink);
            yd = lsr_r_paras(ui, F_SMALL, lsr_w_tx(vs, &st->note), c3, y, w3, th->ink);
            if (st->hist_contested)
                yd += PX(6) + lsr_r_text(ui, F_SMALL_BOLD, _(LSR_CONTESTED_TAG), c3, y + yd + PX(6), w3, th->bad);
            const char *dis = lsr_w_tx(vs, &st->disagreement);
            if (dis[0]) {
                char dbuf[2048];
                snprintf(dbuf, sizeof dbuf, _("Sources disagree: %s"), dis);
                yd += PX(6) + lsr_r_text(ui, F_SMALL, dbuf, c3, y + yd + PX(6), w3, th->muted);
            }
            if (src[0]) yd += PX(6) + lsr_r_text(ui, F_SMALL, src, c3, y + yd + PX(6), w3, th->muted);
        }
        int rh = ya;
        if (yb > rh) rh = yb;
        if (yc > rh) rh = yc;
        if (yd > rh) rh = yd;
        y += rh + PX(12);
        y += lsr_w_rule(ui, L.x, y, L.w) + PX(12);
    }
    if (!reveal)
        y += lsr_r_text(ui, F_ITALIC, _("History notes are hidden (Settings → Reveal history)."), L.x, y, L.w,
                        th->muted) + PX(8);
    lsr_r_view_end(ui, y + PX(32));
    if (vs->cls.on) {
        LsrFootBtn fb[3] = { { _("Export report  E"), A_EXPORT, 0 }, { _("Step back  U"), A_STEP_BACK, 0 },
                          { _("To the epilogue"), A_TO_ENDING, 0 } };
        lsr_w_footer(ui, _("PageUp/PageDown scroll · Enter continue"), fb, 3);
        return;
    }
    LsrFootBtn fb[1] = { { _("To the epilogue"), A_TO_ENDING, 0 } };
    lsr_w_footer(ui, _("PageUp/PageDown or wheel scroll · Enter continue"), fb, 1);
}

/* ------------------------------------------------------------- ending */

void lsr_screen_ending(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrEnding *e = lsr_game_ending(vs->g);
    lsr_w_header(ui, vs, lsr_w_tx(vs, &sc->title), true);
    LsrLayout L = lsr_w_layout(ui, 0);
    if (L.w > PX(760)) {
        L.w = PX(760);
        L.x = (ui->out_w - L.w) / 2;
    }
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(56);
    if (!e) {
        lsr_r_view_end(ui, y);
        return;
    }
    y += lsr_w_kicker(ui, e->historical ? _("Epilogue · the historical ending") : _("Epilogue · another history"), L.x, y, L.w) + PX(10);
    y += lsr_r_text(ui, F_H1, lsr_w_tx(vs, &e->title), L.x, y, L.w, th->ink) + PX(16);
    lsr_r_fill(ui, (SDL_Rect){ L.x, y, PX(64), PX(3) }, th->accent);
    y += PX(28);
    y += lsr_r_paras(ui, F_BODY, lsr_w_tx(vs, &e->epilogue), L.x, y, L.w, th->ink) + PX(28);
    if (!e->historical && vs->settings->reveal != LSR_REVEAL_NEVER && sc->historical_ending < sc->n_endings) {
        const LsrEnding *h = &sc->endings[sc->historical_ending];
        y += lsr_w_rule(ui, L.x, y, L.w) + PX(22);
        y += lsr_w_kicker(ui, _("What really happened"), L.x, y, L.w) + PX(8);
        y += lsr_r_text(ui, F_H2, lsr_w_tx(vs, &h->title), L.x, y, L.w, th->ink) + PX(12);
        y += lsr_r_paras(ui, F_BODY, lsr_w_tx(vs, &h->epilogue), L.x, y, L.w, th->muted) + PX(24);
    }
    bool more = vs->cp && vs->part + 1 < vs->cp->n_parts;
    if (vs->cp && !more) {
        uint32_t ends[LSR_MAX_CAMPAIGN_PARTS] = {0};
        for (uint32_t i = 0; i < vs->part && i < LSR_MAX_CAMPAIGN_PARTS; i++) ends[i] = vs->cp_endings[i];
        if (vs->part < LSR_MAX_CAMPAIGN_PARTS) ends[vs->part] = (uint32_t)(e - sc->endings);
        const LsrText *ep = lsr_campaign_epilogue(vs->cp, ends, lsr_game_state(vs->g) + 1);
        if (ep) {
            y += lsr_w_rule(ui, L.x, y, L.w) + PX(22);
            y += lsr_w_kicker(ui, _("The end of the campaign"), L.x, y, L.w) + PX(8);
            y += lsr_r_text(ui, F_H2, lsr_w_tx(vs, &vs->cp->title), L.x, y, L.w, th->ink) + PX(12);
            y += lsr_r_paras(ui, F_BODY, lsr_w_tx(vs, ep), L.x, y, L.w, th->ink) + PX(24);
        }
    }
    lsr_r_view_end(ui, y + PX(32));
    if (more) {
        char next[200];
        snprintf(next, sizeof next, _("Next: %s"), lsr_w_tx(vs, &vs->cp->parts[vs->part + 1].scenario->title));
        LsrFootBtn fb[2] = { { _("Title screen"), A_TITLE, 0 }, { next, A_NEXT_PART, 0 } };
        lsr_w_footer(ui, _("Enter continue the campaign"), fb, 2);
    } else {
        LsrFootBtn fb[2] = { { _("Quit"), A_QUIT, 0 }, { _("Title screen"), A_TITLE, 0 } };
        lsr_w_footer(ui, _("Enter return to the title screen"), fb, 2);
    }
}

