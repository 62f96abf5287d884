/* What several screens share: the layout grid, the header and footer, the
 * state panel, step heads and history notes. See widgets.h. */
#include "sdl/widgets.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *lsr_w_tx(const LsrView *vs, const LsrText *t) { return lsr_tx(t, vs->lang); }

static void upper(char *dst, size_t n, const char *s) {
    size_t i = 0;
    for (; s[i] && i + 1 < n; i++) dst[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) : s[i];
    dst[i] = '\0';
}

bool lsr_w_narrow(const LsrUi *ui) { return (float)ui->out_w / ui->scale < 1100.0f; }

LsrLayout lsr_w_layout(LsrUi *ui, int side_w) {
    LsrLayout L;
    L.margin = lsr_w_narrow(ui) ? PX(28) : PX(56);
    L.top = PX(64);
    L.bottom = ui->out_h - PX(76);
    int avail = ui->out_w - 2 * L.margin;
    L.two_col = side_w > 0 && !lsr_w_narrow(ui);
    if (L.two_col) {
        int gap = PX(48);
        L.pw = PX(side_w);
        L.w = avail - L.pw - gap;
        if (L.w > PX(860)) L.w = PX(860);
        int total = L.w + gap + L.pw;
        L.x = (ui->out_w - total) / 2;
        L.px = L.x + L.w + gap;
    } else {
        L.w = avail < PX(860) ? avail : PX(860);
        L.x = (ui->out_w - L.w) / 2;
        L.px = L.x;
        L.pw = 0;
    }
    return L;
}

/* ---------------------------------------------------------------- chrome */

void lsr_w_header(LsrUi *ui, const LsrView *vs, const char *where, bool menu) {
    const LsrThemeColors *th = &ui->th;
    SDL_Rect band = { 0, 0, ui->out_w, PX(5) };
    lsr_r_fill(ui, band, th->accent);
    int m = lsr_w_narrow(ui) ? PX(28) : PX(56);
    int h = PX(64);
    int lh = lsr_r_line_h(ui, F_SMALL_BOLD);
    SDL_Rect star = { m, (h - PX(12)) / 2 + PX(2), PX(12), PX(12) };
    lsr_r_fill(ui, star, th->accent);
    int x = m + PX(22);
    int y = (h - lh) / 2 + PX(2);
    x += lsr_r_text(ui, F_SMALL_BOLD, "LEFT SRs", x, y, 0, th->accent) ? lsr_r_text_w(ui, F_SMALL_BOLD, "LEFT SRs") : 0;
    x += PX(14);
    int right = ui->out_w - m;
    if (menu) {
        int bw = lsr_r_text_w(ui, F_UI_BOLD, "Menu  Esc") + PX(40), bh = PX(36);
        SDL_Rect b = { right - bw, (h - bh) / 2 + PX(2), bw, bh };
        lsr_r_button(ui, b, "Menu  Esc", NULL, NULL, A_MENU, 0, true, false);
        right -= bw + PX(16);
    }
    if (vs->cls.on && vs->cls.notice[0] && right - x > PX(60))
        lsr_r_text_in(ui, F_SMALL_BOLD, vs->cls.notice, x, y, right - x, vs->cls.notice_bad ? th->bad : th->good, 0);
    else if (vs->save_error[0] && menu && right - x > PX(60))
        lsr_r_text_in(ui, F_SMALL_BOLD, vs->save_error, x, y, right - x, th->bad, 0);
    else if (where && where[0] && right - x > PX(60))
        lsr_r_text_in(ui, F_SMALL, where, x, y, right - x, th->muted, 0);
    SDL_Rect rule = { m, h, ui->out_w - 2 * m, 1 };
    lsr_r_fill(ui, rule, th->rule);
}

/* Footer with key hints on the left and up to three buttons on the right;
 * the last button is the primary one (Enter). */
void lsr_w_footer(LsrUi *ui, const char *hint, const LsrFootBtn *b, int n) {
    const LsrThemeColors *th = &ui->th;
    int m = lsr_w_narrow(ui) ? PX(28) : PX(56);
    int top = ui->out_h - PX(76);
    SDL_Rect rule = { m, top, ui->out_w - 2 * m, 1 };
    lsr_r_fill(ui, rule, th->rule);
    int bh = PX(46), y = top + (PX(76) - bh) / 2;
    int x = ui->out_w - m;
    int widths[4];
    for (int i = 0; i < n; i++) {
        widths[i] = lsr_r_text_w(ui, F_UI_BOLD, b[i].label) + PX(48);
        if (widths[i] < PX(150)) widths[i] = PX(150);
        x -= widths[i] + (i ? PX(12) : 0);
    }
    int left_end = x - PX(16);
    ui->center_labels = true;
    for (int i = 0; i < n; i++) {
        SDL_Rect r = { x, y, widths[i], bh };
        lsr_r_button(ui, r, b[i].label, NULL, NULL, b[i].action, b[i].arg, true, i == n - 1);
        x += widths[i] + PX(12);
    }
    ui->center_labels = false;
    if (n > 0) {
        ui->primary_action = b[n - 1].action;
        ui->primary_arg = b[n - 1].arg;
    }
    if (hint && left_end - m > PX(120)) {
        LsrTextEntry *e = lsr_r_text_get(ui, F_SMALL, hint, left_end - m, th->muted);
        if (e && e->h <= PX(60)) lsr_r_text(ui, F_SMALL, hint, m, top + (PX(76) - e->h) / 2, left_end - m, th->muted);
    }
}

int lsr_w_kicker(LsrUi *ui, const char *s, int x, int y, int w) {
    char buf[512];
    upper(buf, sizeof buf, s);
    return lsr_r_text(ui, F_SMALL_BOLD, buf, x, y, w, ui->th.accent);
}

int lsr_w_rule(LsrUi *ui, int x, int y, int w) {
    SDL_Rect r = { x, y, w, 1 };
    lsr_r_fill(ui, r, ui->th.rule);
    return 1;
}

void lsr_w_panel_bg(LsrUi *ui, SDL_Rect r) {
    lsr_r_fill(ui, r, ui->th.panel);
    lsr_r_frame(ui, r, ui->th.rule, 1);
}

void lsr_w_date_place(const LsrView *vs, const LsrStep *st, char *buf, size_t n) {
    char d[64];
    lsr_date_format_lang(st->date, vs->lang, d, sizeof d);
    const char *place = lsr_w_tx(vs, &st->place);
    if (place[0]) snprintf(buf, n, "%s · %s", d, place);
    else snprintf(buf, n, "%s", d);
}

void lsr_w_period(const LsrScenario *sc, char *buf, size_t n) {
    char a[48], b[48];
    lsr_date_format(sc->period_start, a, sizeof a);
    lsr_date_format(sc->period_end, b, sizeof b);
    snprintf(buf, n, "%s – %s", a, b);
}

/* ----------------------------------------------------------- state bars */

void lsr_w_fmt_value(const LsrVar *v, int32_t x, char *buf, size_t n) {
    if (!v->unit[0]) snprintf(buf, n, "%d", (int)x);
    else if (strcmp(v->unit, "%") == 0) snprintf(buf, n, "%d%%", (int)x);
    else snprintf(buf, n, "%d %s", (int)x, v->unit);
}

/* Historical value of a variable at a node, or the final one; false if none. */
static bool hist_at(const LsrVar *v, uint32_t node, int32_t *out) {
    for (uint32_t i = 0; i < v->n_hist; i++)
        if (v->hist[i].at == node) {
            *out = v->hist[i].value;
            return true;
        }
    if (v->has_hist_final) {
        *out = v->hist_final;
        return true;
    }
    return false;
}

/* Bars of every non-hidden variable. prev (may be NULL) shows changes. */
static int state_bars(LsrUi *ui, const LsrView *vs, int x, int y, int w, const int32_t *vals, const int32_t *prev,
                      uint32_t node, const char *title) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    int y0 = y;
    y += lsr_r_text(ui, F_H3, title, x, y, w, th->ink) + PX(14);
    bool any_hist = false;
    for (uint32_t i = 0; i < sc->n_vars; i++) {
        const LsrVar *v = &sc->vars[i];
        if (v->hidden) continue;
        char val[64], delta[32] = "";
        lsr_w_fmt_value(v, vals[i], val, sizeof val);
        if (prev && prev[i] != vals[i]) snprintf(delta, sizeof delta, "%+d", (int)(vals[i] - prev[i]));
        int vw = lsr_r_text_w(ui, F_UI_BOLD, val);
        int dw = delta[0] ? lsr_r_text_w(ui, F_SMALL_BOLD, delta) + PX(8) : 0;
        int lh = lsr_r_text(ui, F_UI, lsr_w_tx(vs, &v->label), x, y, w - vw - dw - PX(12), th->ink);
        lsr_r_text(ui, F_UI_BOLD, val, x + w - vw, y, 0, th->ink);
        if (delta[0]) {
            bool good = (v->better == LSR_BETTER_HIGHER) == (vals[i] > prev[i]);
            SDL_Color c = v->better == LSR_BETTER_NONE ? th->muted : good ? th->good : th->bad;
            lsr_r_text(ui, F_SMALL_BOLD, delta, x + w - vw - dw, y + PX(2), 0, c);
        }
        y += lh + PX(6);
        int bh = PX(8);
        SDL_Rect track = { x, y, w, bh };
        lsr_r_fill(ui, track, th->track);
        double range = (double)v->max - (double)v->min;
        double f = range > 0 ? ((double)vals[i] - v->min) / range : 0;
        SDL_Rect fill = { x, y, (int)lround(f * w), bh };
        lsr_r_fill(ui, fill, th->accent);
        int32_t hv;
        if (hist_at(v, node, &hv)) {
            double hf = range > 0 ? ((double)hv - v->min) / range : 0;
            SDL_Rect mk = { x + (int)lround(hf * (w - PX(3))), y - PX(4), PX(3), bh + PX(8) };
            lsr_r_fill(ui, mk, th->hist);
            any_hist = true;
        }
        SDL_Rect box = { x, y - PX(4), w, bh + PX(8) };
        lsr_r_box(ui, box, lsr_w_tx(vs, &v->label));
        y += bh + PX(18);
    }
    if (any_hist) {
        SDL_Rect mk = { x, y + PX(2), PX(3), PX(14) };
        lsr_r_fill(ui, mk, th->hist);
        lsr_r_box(ui, mk, "legend");
        y += lsr_r_text(ui, F_SMALL, "historical value at this point", x + PX(10), y, w - PX(10), th->muted);
    }
    return y - y0;
}

int lsr_w_side_panel(LsrUi *ui, const LsrView *vs, const LsrLayout *L, int y, const int32_t *vals, const int32_t *prev,
                      uint32_t node, const char *title) {
    int pad = PX(22);
    int x = L->two_col ? L->px : L->x, w = L->two_col ? L->pw : L->w;
    ui->dry = true;
    int h = state_bars(ui, vs, x + pad, y + pad, w - 2 * pad, vals, prev, node, title) + 2 * pad;
    ui->dry = false;
    lsr_w_panel_bg(ui, (SDL_Rect){ x, y, w, h });
    state_bars(ui, vs, x + pad, y + pad, w - 2 * pad, vals, prev, node, title);
    return h;
}

/* -------------------------------------------------------- step heads */

static int step_number(const LsrView *vs) { return (int)lsr_game_trace_len(vs->g) + 1; }

int lsr_w_step_head(LsrUi *ui, const LsrView *vs, const LsrLayout *L, const LsrStep *st, int y, const char *prefix) {
    char dp[512], k[600];
    lsr_w_date_place(vs, st, dp, sizeof dp);
    if (prefix) snprintf(k, sizeof k, "%s · %s", prefix, dp);
    else snprintf(k, sizeof k, "%s", dp);
    y += lsr_w_kicker(ui, k, L->x, y, L->w) + PX(8);
    y += lsr_r_text(ui, F_H1, lsr_w_tx(vs, &st->title), L->x, y, L->w, ui->th.ink) + PX(18);
    return y;
}

/* Header, layout and the step's date, title and narrative; returns the y below. */
int lsr_w_decision_head(LsrUi *ui, const LsrView *vs, LsrLayout *L, const char *what, int side_w) {
    const LsrStep *st = lsr_game_step(vs->g);
    char where[256];
    snprintf(where, sizeof where, "%s · decision %d%s", lsr_w_tx(vs, &vs->sc->title), step_number(vs), what);
    lsr_w_header(ui, vs, where, true);
    *L = lsr_w_layout(ui, side_w);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L->top + 1, ui->out_w, L->bottom - L->top - 1 });
    int y = lsr_w_step_head(ui, vs, L, st, L->top + PX(36), NULL);
    return y + lsr_r_paras(ui, F_BODY, lsr_w_tx(vs, &st->narrative), L->x, y, L->w, ui->th.ink) + PX(30);
}

/* ------------------------------------------------------ history notes */

/* "Class vote: A 12 · B 8 · C 3" for an entry with a class tally. */
bool lsr_w_tally_line(const LsrView *vs, const LsrTraceEntry *te, char *buf, size_t n) {
    if (!te->tally || n == 0) return false;
    const LsrStep *st = &vs->sc->steps[te->step];
    size_t len = (size_t)snprintf(buf, n, "Class vote:");
    bool first = true;
    for (uint32_t k = 0; k < te->n_tally && k < st->n_choices && k < 26 && len < n; k++) {
        if (te->tally[k] == 0 && k != te->choice) continue;   /* unseen or unvoted choices */
        len += (size_t)snprintf(buf + len, n - len, "%s %c %u", first ? "" : " ·", 'A' + (int)k, te->tally[k]);
        first = false;
    }
    return true;
}

static int sources_list(LsrUi *ui, const LsrView *vs, const LsrStep *st, int x, int y, int w) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    int y0 = y;
    if (!st->n_sources) return 0;
    y += lsr_r_text(ui, F_SMALL_BOLD, st->n_sources == 1 ? "SOURCE" : "SOURCES", x, y, w, th->muted) + PX(4);
    for (uint32_t i = 0; i < st->n_sources; i++) {
        const LsrSource *s = &sc->sources[sc->source_refs[st->sources_first + i]];
        char buf[768];
        snprintf(buf, sizeof buf, "%s — %s (%s)", s->title, s->author, s->language);
        y += lsr_r_text(ui, F_SMALL, buf, x + PX(14), y, w - PX(14), th->ink) + PX(3);
        if (s->perspective && s->perspective[0])
            y += lsr_r_text(ui, F_SMALL, s->perspective, x + PX(14), y, w - PX(14), th->muted) + PX(6);
    }
    return y - y0;
}

/* The history note of a step: what the party did, why, and the sources. */
int lsr_w_history_note(LsrUi *ui, const LsrView *vs, const LsrTraceEntry *te, int x, int y, int w) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrStep *st = &sc->steps[te->step];
    int y0 = y;
    y += lsr_w_rule(ui, x, y, w) + PX(24);
    y += lsr_w_kicker(ui, "What the Left SRs really did", x, y, w) + PX(8);
    if (st->type == LSR_STEP_DECISION) {
        const LsrChoice *hc = &sc->choices[st->choices_first + st->hist_choice];
        y += lsr_r_text(ui, F_H2, lsr_w_tx(vs, &hc->label), x, y, w, th->ink) + PX(6);
        bool same = te->choice == st->hist_choice;
        y += lsr_r_text(ui, F_UI_BOLD, same ? "✓ Your choice matches the party's" : "You chose differently", x, y,
                        w, same ? th->good : th->muted) + PX(14);
    } else if (st->hist_tally[0] >= 0) {
        char buf[200];
        snprintf(buf, sizeof buf, "%s: %d yes, %d no, %d abstain — %s",
                 st->hist_estimate ? lsr_hist_tally_label(st) : "Historical vote", (int)st->hist_tally[0],
                 (int)st->hist_tally[1], (int)st->hist_tally[2], st->hist_pass == 1 ? "passed" : "failed");
        y += lsr_r_text(ui, F_UI_BOLD, buf, x, y, w, th->ink) + PX(14);
    }
    y += lsr_r_paras(ui, F_BODY, lsr_w_tx(vs, &st->note), x, y, w, th->ink) + PX(18);
    if (st->hist_contested) y += lsr_r_text(ui, F_UI_BOLD, LSR_CONTESTED_TAG, x, y, w, th->bad) + PX(10);
    const char *dis = lsr_w_tx(vs, &st->disagreement);
    if (dis[0]) {
        int pad = PX(16);
        LsrTextEntry *e = lsr_r_text_get(ui, F_ITALIC, dis, w - 2 * pad - PX(4), th->ink);
        int h = pad + lsr_r_line_h(ui, F_SMALL_BOLD) + PX(6) + (e ? e->h : 0) + pad;
        lsr_w_panel_bg(ui, (SDL_Rect){ x, y, w, h });
        lsr_r_fill(ui, (SDL_Rect){ x, y, PX(4), h }, th->focus);
        int yy = y + pad;
        yy += lsr_r_text(ui, F_SMALL_BOLD, "WHERE THE SOURCES DISAGREE", x + pad + PX(4), yy, 0, th->muted) + PX(6);
        lsr_r_text(ui, F_ITALIC, dis, x + pad + PX(4), yy, w - 2 * pad - PX(4), th->ink);
        y += h + PX(18);
    }
    y += sources_list(ui, vs, st, x, y, w);
    return y - y0;
}

/* The trace entry shown on the consequence and reveal screens, with the
 * header naming the screen; NULL when there is none. */
const LsrTraceEntry *lsr_w_shown_entry(LsrUi *ui, const LsrView *vs, const char *what) {
    const LsrTraceEntry *te = lsr_game_trace(vs->g, vs->shown);
    if (!te) return NULL;
    char where[256];
    snprintf(where, sizeof where, "%s · %s", lsr_w_tx(vs, &vs->sc->title), what);
    lsr_w_header(ui, vs, where, true);
    return te;
}

