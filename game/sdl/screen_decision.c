/* The screens of a game in progress: briefing, decision, vote (with the
 * seat diagram) and consequence. The classroom's decision screen is in
 * screen_class.c. */
#include "i18n.h"
#include "sdl/glossary.h"
#include "sdl/screens.h"
#include "sdl/map.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI_F 3.14159265f

/* ----------------------------------------------------------- briefing */

void lsr_screen_briefing(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    lsr_w_header(ui, vs, lsr_w_tx(vs, &sc->title), true);
    LsrLayout L = lsr_w_layout(ui, 360);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    char k[128];
    if (vs->cp) snprintf(k, sizeof k, _("Campaign · part %u of %u · briefing"), vs->part + 1, vs->cp->n_parts);
    else snprintf(k, sizeof k, _("Briefing"));
    y += lsr_w_kicker(ui, k, L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, lsr_w_tx(vs, &sc->title), L.x, y, L.w, th->ink) + PX(6);
    char per[128];
    lsr_w_period(sc, per, sizeof per);
    y += lsr_r_text(ui, F_ITALIC, per, L.x, y, L.w, th->muted) + PX(18);
    if (vs->cp && vs->part == 0) {
        y += lsr_r_paras(ui, F_ITALIC, lsr_w_tx(vs, &vs->cp->briefing), L.x, y, L.w, th->muted) + PX(18);
    }
    y += lsr_w_rule(ui, L.x, y, L.w) + PX(22);
    y += lsr_w_paras_terms(ui, vs, F_BODY, lsr_w_tx(vs, &sc->briefing), L.x, y, L.w, th->ink) + PX(28);
    if (sc->n_goals) {
        y += lsr_r_text(ui, F_H2, _("Your aims"), L.x, y, L.w, th->ink) + PX(12);
        for (uint32_t i = 0; i < sc->n_goals; i++) {
            SDL_Rect b = { L.x, y + lsr_r_line_h(ui, F_BODY) / 2 - PX(4), PX(8), PX(8) };
            lsr_r_fill(ui, b, th->accent);
            y += lsr_r_text(ui, F_BODY, lsr_w_tx(vs, &sc->goals[i]), L.x + PX(22), y, L.w - PX(22), th->ink) + PX(8);
        }
    }
    y += PX(20);
    y += lsr_r_text(ui, F_H2, _("What the measures mean"), L.x, y, L.w, th->ink) + PX(12);
    for (uint32_t i = 0; i < sc->n_vars; i++) {
        const char *d = lsr_w_tx(vs, &sc->vars[i].description);
        if (sc->vars[i].hidden || !d[0]) continue;
        y += lsr_r_text(ui, F_UI_BOLD, lsr_w_tx(vs, &sc->vars[i].label), L.x, y, L.w, th->ink) + PX(2);
        y += lsr_r_text(ui, F_UI, d, L.x, y, L.w, th->ink) + PX(10);
    }
    int y_main = y;
    int py = L.two_col ? L.top + PX(36) : y + PX(24);
    const int32_t *init = vs->g ? lsr_game_initial_vars(vs->g) : NULL;
    if (lsr_map_wanted(vs))
        py += lsr_map_panel(ui, vs, L.two_col ? L.px : L.x, py, L.two_col ? L.pw : L.w, 0,
                            vs->g ? lsr_game_step_index(vs->g) : sc->start) + PX(20);
    if (init) {
        uint32_t node = vs->g ? lsr_game_step_index(vs->g) : 0;
        py += lsr_w_side_panel(ui, vs, &L, py, init, NULL, node, _("Starting position"));
    }
    lsr_r_view_end(ui, (L.two_col ? (y_main > py ? y_main : py) : py) + PX(32));
    LsrFootBtn fb[3] = { { _("Back to title"), A_TITLE, 0 }, { _("Glossary  G"), A_GLOSSARY, 0 }, { _("Begin"), A_BEGIN, 0 } };
    lsr_w_footer(ui, _("↑↓ scroll · M map · Enter begin · F1 help"), fb, 3);
}

/* ----------------------------------------------------------- decision */

void lsr_screen_decision(LsrUi *ui, const LsrView *vs) {
    const LsrScenario *sc = vs->sc;
    const LsrStep *st = lsr_game_step(vs->g);
    LsrLayout L;
    int y = lsr_w_decision_head(ui, vs, &L, "", 340);
    y += lsr_w_kicker(ui, _("Your decision"), L.x, y, L.w) + PX(12);
    int shown = 0;
    for (uint32_t i = 0; i < st->n_choices; i++) {
        LsrChoiceState cs = lsr_game_choice_state(vs->g, i);
        if (cs == LSR_CHOICE_HIDDEN) continue;
        const LsrChoice *c = &sc->choices[st->choices_first + i];
        char badge[16], detail[512] = "";
        snprintf(badge, sizeof badge, "%d", ++shown);
        if (cs == LSR_CHOICE_DISABLED) snprintf(detail, sizeof detail, _("Not possible: %s"), lsr_w_tx(vs, &c->reason));
        int h = lsr_r_button_h(ui, L.w, lsr_w_tx(vs, &c->label), badge, detail);
        SDL_Rect r = { L.x, y, L.w, h };
        lsr_r_button(ui, r, lsr_w_tx(vs, &c->label), badge, detail, A_CHOOSE, (int)i,
                     cs == LSR_CHOICE_AVAILABLE, false);
        y += h + PX(10);
    }
    if (L.two_col && lsr_map_wanted(vs))
        y += PX(14) + lsr_map_panel(ui, vs, L.x, y + PX(14), L.w < PX(560) ? L.w : PX(560), 0, lsr_game_step_index(vs->g));
    int py = L.two_col ? L.top + PX(36) : y + PX(24);
    py += lsr_w_side_panel(ui, vs, &L, py, lsr_game_state(vs->g) + 1, NULL, lsr_game_step_index(vs->g),
                     _("State of affairs"));
    if (!L.two_col && lsr_map_wanted(vs))
        py += PX(20) + lsr_map_panel(ui, vs, L.x, py + PX(20), L.w, 0, lsr_game_step_index(vs->g));
    lsr_r_view_end(ui, (L.two_col ? (y > py ? y : py) : py) + PX(32));
    if (vs->can_step_back && !vs->cls.on) {
        /* plain, not the primary: Enter confirms a choice, never takes one back */
        LsrFootBtn fb[1] = { { _("Take back  U"), A_TAKE_BACK, 0 } };
        ui->footer_plain = true;
        lsr_w_footer(ui, _("1–9 choose · ↑↓ move · M map · L backlog · F1 help · Esc menu"), fb, 1);
    } else {
        lsr_w_footer(ui, _("1–9 choose · ↑↓ / Tab move · Enter confirm · M map · L backlog · F1 help · Esc menu"), NULL, 0);
    }
}

/* --------------------------------------------------------------- vote */

typedef struct Seat { float a, r; } Seat;

static int cmp_seat(const void *x, const void *y) {
    const Seat *p = x, *q = y;
    if (p->a != q->a) return p->a > q->a ? -1 : 1;
    return p->r < q->r ? -1 : p->r > q->r;
}

/* Seats per circle: one, or for a large chamber (hundreds of seats) as
 * many as keep the circles large enough to read from the back of a room. */
static int seat_group(long total) { return total > 300 ? (int)((total + 149) / 150) : 1; }

/* Circles for n seats in groups of g (a bloc's few seats keep one). */
static int32_t circles(int32_t n, int g) { return n <= 0 ? 0 : g == 1 ? n : (n + g / 2) / g > 0 ? (n + g / 2) / g : 1; }

/* A seat: filled (yes, or before the vote), a ring (no), or a small dot
 * (abstained): told apart by shape, not by colour or faintness. */
static void seat(LsrUi *ui, float x, float y, float d, SDL_Color c, int vote, bool by_vote) {
    if (!by_vote || vote == 0) lsr_r_dot(ui, x, y, d, c, false);
    else if (vote == 1) lsr_r_dot(ui, x, y, d, c, true);
    else lsr_r_dot(ui, x, y, d * 0.45f, c, false);
}

/* Seat diagram: each bloc's seats as a wedge, left to right in file order.
 * per_bloc: n_blocs×3 yes/no/abstain. Returns the height used. */
static int hemicycle(LsrUi *ui, const LsrView *vs, int x, int y, int w, const int32_t *per_bloc, bool by_vote) {
    const LsrScenario *sc = vs->sc;
    long seats_all = 0;
    for (uint32_t b = 0; b < sc->n_blocs; b++)
        for (int k = 0; k < 3; k++) seats_all += per_bloc[b * 3 + (uint32_t)k] > 0 ? per_bloc[b * 3 + (uint32_t)k] : 0;
    int g = seat_group(seats_all);
    long total = 0;
    for (uint32_t b = 0; b < sc->n_blocs; b++)
        for (int k = 0; k < 3; k++) total += circles(per_bloc[b * 3 + (uint32_t)k], g);
    float R = (float)w / 2.0f, r0 = R * 0.36f;
    int h = (int)R + PX(8);
    SDL_Rect box = { x, y, w, h };
    lsr_r_box(ui, box, "seat diagram");
    if (total <= 0 || total > 5000) return h;
    int rows = 1;
    float spacing = 0;
    long cap = 0;
    for (rows = 1; rows < 80; rows++) {
        spacing = (R - r0) / (float)rows;
        cap = 0;
        for (int i = 0; i < rows; i++) cap += (long)floorf(PI_F * (r0 + spacing * ((float)i + 0.5f)) / spacing) + 1;
        if (cap >= total) break;
    }
    Seat *seats = malloc(sizeof *seats * (size_t)total);
    if (!seats) return h;
    long placed = 0;
    for (int i = 0; i < rows; i++) {
        float ri = r0 + spacing * ((float)i + 0.5f);
        long ci = (long)floorf(PI_F * ri / spacing) + 1;
        long n = i == rows - 1 ? total - placed : (long)lroundf((float)total * (float)ci / (float)cap);
        if (n > total - placed) n = total - placed;
        for (long j = 0; j < n; j++) {
            seats[placed + j].a = n > 1 ? PI_F * (1.0f - (float)j / (float)(n - 1)) : PI_F / 2;
            seats[placed + j].r = ri;
        }
        placed += n;
    }
    qsort(seats, (size_t)placed, sizeof *seats, cmp_seat);
    float cx = (float)x + R, cy = (float)y + R;
    float d = spacing * 0.8f;
    long k = 0;
    SDL_Color cols[64];
    lsr_w_bloc_colors(vs->settings->theme, sc, cols);
    for (uint32_t b = 0; b < sc->n_blocs && b < 64; b++) {
        /* yes, abstain, no: so a bloc's wedge reads from solid to hollow */
        static const int order[3] = { 0, 2, 1 };
        for (int oi = 0; oi < 3; oi++) {
            int v = order[oi];
            int32_t n = circles(per_bloc[b * 3 + (uint32_t)v], g);
            for (int32_t j = 0; j < n && k < placed; j++, k++)
                seat(ui, cx + cosf(seats[k].a) * seats[k].r, cy - sinf(seats[k].a) * seats[k].r, d, cols[b], v, by_vote);
        }
    }
    free(seats);
    if (g > 1) {
        /* hundreds of seats: circles in groups, said under the diagram */
        char note[96];
        snprintf(note, sizeof note, lsr_ui_n("Each circle stands for about %d seat.", "Each circle stands for about %d seats.", (unsigned long)g), g);
        h += PX(6) + lsr_r_text(ui, F_SMALL, note, x, y + h + PX(6), w, ui->th.muted);
    }
    return h;
}

/* A stacked yes/no/abstain bar with its label. */
static int tally_bar(LsrUi *ui, int x, int y, int w, const char *label, const int32_t t[3], bool passed) {
    const LsrThemeColors *th = &ui->th;
    char buf[256];
    /* TRANSLATORS: the three ways of voting, before a count ("yes 12 · no 3 · abstain 1") */
    const char *const names[3] = { _("yes"), _("no"), _("abstain") };
    int len = snprintf(buf, sizeof buf, "%s:", label);
    bool missing = false;
    for (int i = 0; i < 3; i++) {
        if (t[i] < 0) {
            missing = true;
            continue;
        }
        len += snprintf(buf + len, sizeof buf - (size_t)len, "%s %s %d", len > (int)strlen(label) + 1 ? " ·" : "",
                        names[i], (int)t[i]);
        if (len >= (int)sizeof buf) len = (int)sizeof buf - 1;
    }
    snprintf(buf + len, sizeof buf - (size_t)len, "%s — %s", missing ? _(" (rest not recorded)") : "",
             /* TRANSLATORS: the result of a motion */
             passed ? _("passed") : _("failed"));
    int y0 = y;
    y += lsr_r_text(ui, F_UI, buf, x, y, w, th->ink) + PX(6);
    if (missing) return y - y0 + PX(8);  /* a partial tally would draw a false bar */
    long tot = (long)(t[0] > 0 ? t[0] : 0) + (t[1] > 0 ? t[1] : 0) + (t[2] > 0 ? t[2] : 0);
    SDL_Rect bar = { x, y, w, PX(12) };
    lsr_r_fill(ui, bar, th->track);
    if (tot > 0) {
        SDL_Color cs[3] = { th->good, th->bad, th->muted };
        int bx = x;
        for (int i = 0; i < 3; i++) {
            int bw = t[i] > 0 ? (int)(w * (long)t[i] / tot) : 0;
            lsr_r_fill(ui, (SDL_Rect){ bx, y, bw, PX(12) }, cs[i]);
            bx += bw;
        }
    }
    lsr_r_box(ui, bar, label);
    y += PX(12) + PX(14);
    return y - y0;
}

static int bloc_legend(LsrUi *ui, const LsrView *vs, int x, int y, int w, const int32_t *per_bloc, bool by_vote) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    int y0 = y, lh = lsr_r_line_h(ui, F_SMALL);
    int sw = lh * 3 / 4;   /* swatches at the size of the text */
    SDL_Color cols[64];
    lsr_w_bloc_colors(vs->settings->theme, sc, cols);
    for (uint32_t b = 0; b < sc->n_blocs && b < 64; b++) {
        const int32_t *v = per_bloc + b * 3;
        int32_t seats = v[0] + v[1] + v[2];
        if (seats <= 0) continue;
        SDL_Rect s = { x, y + (lh - sw) / 2, sw, sw };
        lsr_r_fill(ui, s, cols[b]);
        lsr_r_box(ui, s, "swatch");
        char buf[256];
        if (by_vote)
            snprintf(buf, sizeof buf,
                     lsr_ui_n("%s — %d seat: %d yes, %d no, %d abstain", "%s — %d seats: %d yes, %d no, %d abstain",
                              (unsigned long)seats),
                     lsr_w_tx(vs, &sc->blocs[b].name),
                     (int)seats, (int)v[0], (int)v[1], (int)v[2]);
        else
            snprintf(buf, sizeof buf, lsr_ui_n("%s — %d seat", "%s — %d seats", (unsigned long)seats),
                     lsr_w_tx(vs, &sc->blocs[b].name), (int)seats);
        y += lsr_r_text(ui, F_SMALL, buf, x + sw + PX(10), y, w - sw - PX(10), th->ink) + PX(4);
    }
    if (by_vote) {
        /* the three shapes, drawn as in the diagram */
        y += PX(4);
        /* TRANSLATORS: the key of the seat diagram: how each shape voted */
        const char *const names[3] = { _("voted yes"), _("voted no"), _("abstained") };
        int xx = x;
        for (int i = 0; i < 3; i++) {
            int tw = lsr_r_text_w(ui, F_SMALL, names[i]);
            if (xx + sw + PX(6) + tw > x + w) {
                xx = x;
                y += lh + PX(4);
            }
            seat(ui, (float)xx + (float)sw / 2, (float)y + (float)lh / 2, (float)sw, th->ink, i, true);
            lsr_r_text(ui, F_SMALL, names[i], xx + sw + PX(6), y, 0, th->muted);
            xx += sw + PX(6) + tw + PX(18);
        }
        y += lh;
    }
    return y - y0;
}

void lsr_screen_vote(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrTraceEntry *te = vs->vote_counted ? lsr_game_trace(vs->g, vs->shown) : NULL;
    const LsrStep *st = te ? &sc->steps[te->step] : lsr_game_step(vs->g);
    char where[256];
    snprintf(where, sizeof where, _("%s · vote"), lsr_w_tx(vs, &sc->title));
    lsr_w_header(ui, vs, where, true);
    LsrLayout L = lsr_w_layout(ui, 440);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = lsr_w_step_head(ui, vs, &L, st, L.top + PX(36), _("Vote"));
    y += lsr_w_paras_terms(ui, vs, F_BODY, lsr_w_tx(vs, &st->narrative), L.x, y, L.w, th->ink) + PX(24);
    /* the motion, set off like a resolution */
    int pad = PX(18);
    LsrTextEntry *me = lsr_r_text_get(ui, F_H3, lsr_w_tx(vs, &st->motion), L.w - 2 * pad - PX(6), th->ink);
    int mh = pad + lsr_r_line_h(ui, F_SMALL_BOLD) + PX(6) + (me ? me->h : 0) + PX(6) + lsr_r_line_h(ui, F_SMALL) + pad;
    lsr_w_panel_bg(ui, (SDL_Rect){ L.x, y, L.w, mh });
    lsr_r_fill(ui, (SDL_Rect){ L.x, y, PX(6), mh }, th->accent);
    int my = y + pad;
    my += lsr_r_text(ui, F_SMALL_BOLD, _("THE MOTION"), L.x + pad + PX(6), my, 0, th->accent) + PX(6);
    my += lsr_r_text(ui, F_H3, lsr_w_tx(vs, &st->motion), L.x + pad + PX(6), my, L.w - 2 * pad - PX(6), th->ink) + PX(6);
    lsr_r_text(ui, F_SMALL, st->threshold == LSR_THRESH_TWO_THIRDS ? _("Needs two thirds of the votes cast")
                                                                   : _("Needs more yes than no votes"),
               L.x + pad + PX(6), my, L.w - 2 * pad - PX(6), th->muted);
    y += mh + PX(24);

    int32_t per_bloc[64 * 3], totals[3];
    const int32_t *pb = per_bloc;
    if (te && te->bloc_votes) pb = te->bloc_votes;
    else lsr_vote_tally(sc, lsr_game_state(vs->g), lsr_game_step_index(vs->g), per_bloc, totals);
    int cx = L.two_col ? L.px : L.x, cw = L.two_col ? L.pw : L.w;
    int cy = L.two_col ? L.top + PX(36) : y;
    cy += lsr_r_text(ui, F_H3, te ? _("The chamber votes") : _("The chamber"), cx, cy, cw, th->ink) + PX(14);
    int hw = cw < PX(520) ? cw : PX(520);
    cy += hemicycle(ui, vs, cx + (cw - hw) / 2, cy, hw, pb, te != NULL) + PX(12);
    if (te) {
        char verdict[96];
        snprintf(verdict, sizeof verdict, "%s", te->passed ? _("The motion passes") : _("The motion fails"));
        cy += lsr_r_text(ui, F_H2, verdict, cx, cy, cw, te->passed ? th->good : th->bad) + PX(10);
        cy += tally_bar(ui, cx, cy, cw, _("This vote"), te->vote, te->passed);
        if (st->hist_tally[0] >= 0 && vs->settings->reveal == LSR_REVEAL_AFTER && !vs->cls.on)
            cy += tally_bar(ui, cx, cy, cw, st->hist_estimate ? _("Estimate") : _("In history"), st->hist_tally, st->hist_pass == 1);
    }
    cy += bloc_legend(ui, vs, cx, cy, cw, pb, te != NULL);
    int bottom = L.two_col ? (y > cy ? y : cy) : cy;
    lsr_r_view_end(ui, bottom + PX(32));
    if (te) {
        LsrFootBtn fb[1] = { { _("Continue"), A_NEXT, 0 } };
        lsr_w_footer(ui, _("Enter continue · PageUp/PageDown scroll · Esc menu"), fb, 1);
    } else {
        LsrFootBtn fb[1] = { { _("Count the votes"), A_COUNT_VOTE, 0 } };
        lsr_w_footer(ui, _("Enter count the votes · Esc menu"), fb, 1);
    }
}

/* -------------------------------------------------------- consequence */

void lsr_screen_consequence(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrTraceEntry *te = lsr_w_shown_entry(ui, vs, _("consequence"));
    if (!te) return;
    const LsrStep *st = &sc->steps[te->step];
    LsrLayout L = lsr_w_layout(ui, 340);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    char dp[512], k[600];
    lsr_w_date_place(vs, st, dp, sizeof dp);
    if (st->type == LSR_STEP_DECISION) {
        const LsrChoice *c = &sc->choices[st->choices_first + te->choice];
        snprintf(k, sizeof k, te->tally ? _("%s · the class chose") : _("%s · you chose"), lsr_w_tx(vs, &st->title));
        y += lsr_w_kicker(ui, k, L.x, y, L.w) + PX(8);
        y += lsr_r_text(ui, F_H1, lsr_w_tx(vs, &c->label), L.x, y, L.w, th->ink) + PX(12);
        char tl[400];
        if (lsr_w_tally_line(vs, te, tl, sizeof tl)) y += lsr_r_text(ui, F_UI_BOLD, tl, L.x, y, L.w, th->muted) + PX(8);
        y += PX(8);
        y += lsr_w_paras_terms(ui, vs, F_BODY, lsr_w_tx(vs, &c->result), L.x, y, L.w, th->ink);
        if (te->outcome != LSR_NEXT_NONE && c->n_outcomes) {
            const LsrOutcome *o = &sc->outcomes[c->outcomes_first + te->outcome];
            if (lsr_w_tx(vs, &o->result)[0]) y += PX(14) + lsr_r_paras(ui, F_BODY, lsr_w_tx(vs, &o->result), L.x, y + PX(14), L.w, th->ink);
        }
    } else {
        snprintf(k, sizeof k, _("%s · the vote"), lsr_w_tx(vs, &st->title));
        y += lsr_w_kicker(ui, k, L.x, y, L.w) + PX(8);
        y += lsr_r_text(ui, F_H1, te->passed ? _("The motion passed") : _("The motion failed"), L.x, y, L.w, th->ink) + PX(8);
        char buf[160];
        snprintf(buf, sizeof buf, _("%d yes · %d no · %d abstained"), (int)te->vote[0], (int)te->vote[1], (int)te->vote[2]);
        y += lsr_r_text(ui, F_ITALIC, buf, L.x, y, L.w, th->muted) + PX(18);
        y += lsr_r_paras(ui, F_BODY, lsr_w_tx(vs, te->passed ? &st->pass.result : &st->fail.result), L.x, y, L.w, th->ink);
    }
    y += PX(24);
    for (uint32_t i = 0; i < te->n_fired; i++) {
        const LsrEvent *ev = &sc->events[te->fired[i]];
        int pad = PX(18), iw = L.w - 2 * pad - PX(6);
        LsrTextEntry *t1 = lsr_r_text_get(ui, F_H3, lsr_w_tx(vs, &ev->title), iw, th->ink);
        /* measure the paragraphs by their cached entries */
        int th_ = 0;
        {
            const char *s = lsr_w_tx(vs, &ev->text);
            LsrTextEntry *e = lsr_r_text_get(ui, F_BODY, s, iw, th->ink);
            th_ = e ? e->h : 0;
        }
        int h = pad + lsr_r_line_h(ui, F_SMALL_BOLD) + PX(6) + (t1 ? t1->h : 0) + PX(8) + th_ + pad;
        lsr_w_panel_bg(ui, (SDL_Rect){ L.x, y, L.w, h });
        lsr_r_fill(ui, (SDL_Rect){ L.x, y, PX(6), h }, th->accent);
        int yy = y + pad, xx = L.x + pad + PX(6);
        yy += lsr_r_text(ui, F_SMALL_BOLD, _("MEANWHILE"), xx, yy, 0, th->accent) + PX(6);
        yy += lsr_r_text(ui, F_H3, lsr_w_tx(vs, &ev->title), xx, yy, iw, th->ink) + PX(8);
        lsr_r_text(ui, F_BODY, lsr_w_tx(vs, &ev->text), xx, yy, iw, th->ink);
        y += h + PX(18);
    }
    if (vs->cls.on && vs->settings->reveal == LSR_REVEAL_AFTER)
        y += lsr_r_text(ui, F_ITALIC, _("When the class is ready: R reveals what the Left SRs really did."), L.x, y,
                        L.w, th->muted) + PX(8);
    else if (vs->settings->reveal == LSR_REVEAL_AFTER) y += lsr_w_history_note(ui, vs, te, L.x, y + PX(8), L.w) + PX(8);
    else if (vs->settings->reveal == LSR_REVEAL_END)
        y += lsr_r_text(ui, F_ITALIC, _("What the Left SRs really did is revealed in the debrief."), L.x, y, L.w,
                        th->muted) + PX(8);
    const int32_t *prev = vs->shown > 0 ? lsr_game_trace(vs->g, vs->shown - 1)->vars_after : lsr_game_initial_vars(vs->g);
    int py = L.two_col ? L.top + PX(36) : y + PX(24);
    py += lsr_w_side_panel(ui, vs, &L, py, te->vars_after, prev, te->next, _("After this step"));
    lsr_r_view_end(ui, (L.two_col ? (y > py ? y : py) : py) + PX(32));
    LsrPhase ph = lsr_game_phase(vs->g);
    const char *next = ph == LSR_PHASE_ENDED ? _("To the debrief") : _("Continue");
    if (vs->cls.on) {
        LsrFootBtn fb[3];
        int n = 0;
        if (vs->can_step_back) fb[n++] = (LsrFootBtn){ _("Step back  U"), A_STEP_BACK, 0 };
        if (vs->settings->reveal == LSR_REVEAL_AFTER) fb[n++] = (LsrFootBtn){ _("Reveal what happened  R"), A_SHOW_REVEAL, 1 };
        fb[n++] = (LsrFootBtn){ next, A_NEXT, 0 };
        lsr_w_footer(ui, _("Enter continue · P pause · Esc menu"), fb, n);
        return;
    }
    LsrFootBtn fb[2];
    int n = 0;
    if (vs->can_step_back) fb[n++] = (LsrFootBtn){ _("Take back  U"), A_TAKE_BACK, 0 };
    fb[n++] = (LsrFootBtn){ next, A_NEXT, 0 };
    lsr_w_footer(ui, _("Enter continue · ↑↓ scroll · L backlog · F1 help · Esc menu"), fb, n);
}

