/* What several screens share: the layout grid, the header and footer, the
 * state panel, step heads and history notes. See widgets.h. */
#include "i18n.h"
#include "sdl/glossary.h"

#include "endings.h"

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
    L.top = ui->band_h > 0 ? ui->band_h : PX(64);
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
    int m = lsr_w_narrow(ui) ? PX(28) : PX(56);
    int h = PX(64);
    ui->region = LSR_REGION_HEADER;
    if (ui->fit) ui->fit->header_h = h;
    SDL_Rect band = { 0, 0, ui->out_w, PX(5) };
    lsr_r_fill(ui, band, th->accent);
    int lh = lsr_r_line_h(ui, F_SMALL_BOLD);
    SDL_Rect star = { m, (h - PX(12)) / 2 + PX(2), PX(12), PX(12) };
    lsr_r_fill(ui, star, th->accent);
    int x = m + PX(22);
    int y = (h - lh) / 2 + PX(2);
    int lw = lsr_r_text_w(ui, F_SMALL_BOLD, _("LEFT SRs"));
    if (lh < h) lsr_r_text(ui, F_SMALL_BOLD, _("LEFT SRs"), x, y, 0, th->accent);
    x += lw + PX(14);
    int right = ui->out_w - m;
    if (menu) {
        int bw = lsr_r_text_w(ui, F_UI_BOLD, _("Menu  Esc")) + PX(40), bh = PX(36);
        int need = lsr_r_line_h(ui, F_UI_BOLD) + PX(6);
        if (bh < need) bh = need;
        if (bh > h - PX(8)) bh = h - PX(8);
        SDL_Rect b = { right - bw, (h - bh) / 2 + PX(2), bw, bh };
        ui->center_labels = true;
        lsr_r_button(ui, b, _("Menu  Esc"), NULL, NULL, A_MENU, 0, true, false);
        ui->center_labels = false;
        right -= bw + PX(16);
    }
    /* where we are: one line, left out when it does not fit */
    LsrTextEntry *we = where && where[0] ? lsr_r_text_get(ui, F_SMALL, where, 0, th->muted) : NULL;
    if (we && we->w <= right - x && we->h <= h - PX(6))
        lsr_r_text(ui, F_SMALL, where, x, (h - we->h) / 2 + PX(2), 0, th->muted);
    SDL_Rect rule = { m, h, ui->out_w - 2 * m, 1 };
    lsr_r_fill(ui, rule, th->rule);
    ui->band_h = h + 1;
    ui->region = LSR_REGION_PAGE;

    /* a notice (classroom export or step back, a failed save) gets its own
     * band under the header, as tall as its text: it never covers the page */
    const char *note = vs->cls.on && vs->cls.notice[0] ? vs->cls.notice : menu && vs->save_error[0] ? vs->save_error : NULL;
    if (!note) return;
    ui->region = LSR_REGION_HEADER;
    bool bad = vs->cls.on && vs->cls.notice[0] ? vs->cls.notice_bad : true;
    int pad = PX(8), w = ui->out_w - 2 * m - 2 * pad - PX(6);
    LsrTextEntry *ne = lsr_r_text_get(ui, F_SMALL_BOLD, note, w, bad ? th->bad : th->good);
    int nh = (ne ? ne->h : 0) + 2 * pad;
    SDL_Rect nb = { m, h + 1, ui->out_w - 2 * m, nh };
    lsr_r_fill(ui, nb, th->panel);
    lsr_r_fill(ui, (SDL_Rect){ m, h + 1, PX(6), nh }, bad ? th->bad : th->good);
    lsr_r_box_push(ui, nb, false);
    lsr_r_text(ui, F_SMALL_BOLD, note, m + pad + PX(6), h + 1 + pad, w, bad ? th->bad : th->good);
    lsr_r_box_pop(ui);
    lsr_r_fill(ui, (SDL_Rect){ m, h + 1 + nh, ui->out_w - 2 * m, 1 }, th->rule);
    ui->band_h = h + 2 + nh;
    if (ui->fit) ui->fit->header_h = ui->band_h;
    ui->region = LSR_REGION_PAGE;
}

/* Footer with key hints on the left and up to three buttons on the right;
 * the last button is the primary one (Enter). */
void lsr_w_footer(LsrUi *ui, const char *hint, const LsrFootBtn *b, int n) {
    const LsrThemeColors *th = &ui->th;
    int m = lsr_w_narrow(ui) ? PX(28) : PX(56);
    int top = ui->out_h - PX(76);
    ui->region = LSR_REGION_FOOTER;
    if (ui->fit) ui->fit->footer_y = top;
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
        lsr_r_button(ui, r, b[i].label, NULL, NULL, b[i].action, b[i].arg, true, i == n - 1 && !ui->footer_plain);
        x += widths[i] + PX(12);
    }
    ui->center_labels = false;
    bool plain = ui->footer_plain;
    ui->footer_plain = false;
    if (n > 0 && !plain) {
        ui->primary_action = b[n - 1].action;
        ui->primary_arg = b[n - 1].arg;
    }
    if (hint && left_end - m > PX(120)) {
        LsrTextEntry *e = lsr_r_text_get(ui, F_SMALL, hint, left_end - m, th->muted);
        if (e && e->h <= PX(66)) lsr_r_text(ui, F_SMALL, hint, m, top + (PX(76) - e->h) / 2, left_end - m, th->muted);
    }
    ui->region = LSR_REGION_PAGE;
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
    lsr_date_format_lang(sc->period_start, lsr_ui_lang(), a, sizeof a);
    lsr_date_format_lang(sc->period_end, lsr_ui_lang(), b, sizeof b);
    snprintf(buf, n, "%s – %s", a, b);
}

/* ----------------------------------------------------------- state bars */

void lsr_w_fmt_value(const LsrVar *v, int32_t x, char *buf, size_t n) {
    if (!v->unit[0]) snprintf(buf, n, "%d", (int)x);
    else if (strcmp(v->unit, "%") == 0) snprintf(buf, n, "%d%%", (int)x);
    else snprintf(buf, n, "%d %s", (int)x, v->unit);
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
        int row_y = y;
        const char *label = lsr_w_tx(vs, &v->label);
        int lw = w - vw - dw - PX(12);
        /* a narrow panel or large text: the value goes under its label */
        bool stack = (lsr_r_text_w(ui, F_UI, label) > lw && lw < w * 55 / 100) || vw + dw > w;
        if (vw + dw > w) dw = 0;   /* no room for the change beside the value: it goes under it */
        int lh = lsr_r_text(ui, F_UI, label, x, y, stack ? w : lw, th->ink);
        if (stack) y += lh + PX(2);
        int vy = y;
        if (vw > w) {
            /* a long unit ("773 делегатов") in a narrow panel: the value wraps under its label */
            y += lsr_r_text(ui, F_UI_BOLD, val, x, vy, w, th->ink) - lsr_r_line_h(ui, F_UI_BOLD);
        } else {
            lsr_r_text(ui, F_UI_BOLD, val, x + w - vw, vy, 0, th->ink);
        }
        if (delta[0]) {
            bool good = (v->better == LSR_BETTER_HIGHER) == (vals[i] > prev[i]);
            SDL_Color c = v->better == LSR_BETTER_NONE ? th->muted : good ? th->good : th->bad;
            if (dw) {
                lsr_r_text(ui, F_SMALL_BOLD, delta, x + w - vw - dw, vy + PX(2), 0, c);
            } else {
                y += lsr_r_line_h(ui, F_UI_BOLD);
                lsr_r_text(ui, F_SMALL_BOLD, delta, x + w - lsr_r_text_w(ui, F_SMALL_BOLD, delta), y, 0, c);
                lh = lsr_r_line_h(ui, F_SMALL_BOLD) - lsr_r_line_h(ui, F_UI_BOLD);
            }
        }
        y += (stack ? lsr_r_line_h(ui, F_UI_BOLD) + (delta[0] && !dw ? lh : 0) : lh) + PX(6);
        int bh = PX(8);
        SDL_Rect track = { x, y, w, bh };
        lsr_r_fill(ui, track, th->track);
        double range = (double)v->max - (double)v->min;
        double f = range > 0 ? ((double)vals[i] - v->min) / range : 0;
        SDL_Rect fill = { x, y, (int)lround(f * w), bh };
        lsr_r_fill(ui, fill, th->accent);
        int32_t hv;
        /* only where the scenario gives a value for this point: the final
         * value shown at every step contradicted the debrief's chart */
        if (lsr_hist_value(sc, i, node, &hv)) {
            double hf = range > 0 ? ((double)hv - v->min) / range : 0;
            SDL_Rect mk = { x + (int)lround(hf * (w - PX(3))), y - PX(4), PX(3), bh + PX(8) };
            lsr_r_fill(ui, mk, th->hist);
            char what[160];
            snprintf(what, sizeof what, "historical marker %s %d", v->id, (int)hv);
            lsr_r_box(ui, mk, what);
            any_hist = true;
        }
        SDL_Rect box = { x, y - PX(4), w, bh + PX(8) };
        lsr_r_box(ui, box, lsr_w_tx(vs, &v->label));
        lsr_w_measure_target(ui, vs, (SDL_Rect){ x, row_y, w, y + bh + PX(6) - row_y }, i);
        y += bh + PX(18);
    }
    if (any_hist) {
        SDL_Rect mk = { x, y + PX(2), PX(3), PX(14) };
        lsr_r_fill(ui, mk, th->hist);
        lsr_r_box(ui, mk, "legend");
        y += lsr_r_text(ui, F_SMALL, _("historical value at this point"), x + PX(10), y, w - PX(10), th->muted);
    }
    return y - y0;
}

int lsr_w_side_panel(LsrUi *ui, const LsrView *vs, const LsrLayout *L, int y, const int32_t *vals, const int32_t *prev,
                      uint32_t node, const char *title) {
    int pad = PX(22);
    int x = L->two_col ? L->px : L->x, w = L->two_col ? L->pw : L->w;
    bool measuring = ui->dry;
    ui->dry = true;
    int h = state_bars(ui, vs, x + pad, y + pad, w - 2 * pad, vals, prev, node, title) + 2 * pad;
    ui->dry = measuring;
    if (measuring) return h;
    lsr_w_panel_bg(ui, (SDL_Rect){ x, y, w, h });
    lsr_r_box_push(ui, (SDL_Rect){ x, y, w, h }, false);
    state_bars(ui, vs, x + pad, y + pad, w - 2 * pad, vals, prev, node, title);
    lsr_r_box_pop(ui);
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
    snprintf(where, sizeof where, _("%s · decision %d%s"), lsr_w_tx(vs, &vs->sc->title), step_number(vs), what);
    lsr_w_header(ui, vs, where, true);
    *L = lsr_w_layout(ui, side_w);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L->top + 1, ui->out_w, L->bottom - L->top - 1 });
    int y = lsr_w_step_head(ui, vs, L, st, L->top + PX(36), NULL);
    return y + lsr_w_paras_terms(ui, vs, F_BODY, lsr_w_tx(vs, &st->narrative), L->x, y, L->w, ui->th.ink) + PX(30);
}

/* ------------------------------------------------------ history notes */

/* "Class vote: A 12 · B 8 · C 3" for an entry with a class tally. */
bool lsr_w_tally_line(const LsrView *vs, const LsrTraceEntry *te, char *buf, size_t n) {
    if (!te->tally || n == 0) return false;
    const LsrStep *st = &vs->sc->steps[te->step];
    size_t len = (size_t)snprintf(buf, n, _("Class vote:"));
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
    y += lsr_r_text(ui, F_SMALL_BOLD, lsr_ui_n("SOURCE", "SOURCES", st->n_sources), x, y, w, th->muted) + PX(4);
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
    y += lsr_w_kicker(ui, _("What the Left SRs really did"), x, y, w) + PX(8);
    if (st->type == LSR_STEP_DECISION) {
        const LsrChoice *hc = &sc->choices[st->choices_first + st->hist_choice];
        y += lsr_r_text(ui, F_H2, lsr_w_tx(vs, &hc->label), x, y, w, th->ink) + PX(6);
        bool same = te->choice == st->hist_choice;
        y += lsr_r_text(ui, F_UI_BOLD, same ? _("✓ Your choice matches the party's") : _("You chose differently"), x, y,
                        w, same ? th->good : th->muted) + PX(14);
    } else if (st->hist_tally[0] >= 0) {
        char buf[200];
        snprintf(buf, sizeof buf,
                 st->hist_pass == 1 ? _("%s: %d yes, %d no, %d abstain — passed") : _("%s: %d yes, %d no, %d abstain — failed"),
                 st->hist_estimate ? _(lsr_hist_tally_label(st)) : _("Historical vote"), (int)st->hist_tally[0],
                 (int)st->hist_tally[1], (int)st->hist_tally[2]);
        y += lsr_r_text(ui, F_UI_BOLD, buf, x, y, w, th->ink) + PX(14);
    }
    y += lsr_w_paras_terms(ui, vs, F_BODY, lsr_w_tx(vs, &st->note), x, y, w, th->ink) + PX(18);
    if (st->hist_contested) y += lsr_r_text(ui, F_UI_BOLD, _(LSR_CONTESTED_TAG), x, y, w, th->bad) + PX(10);
    const char *dis = lsr_w_tx(vs, &st->disagreement);
    if (dis[0]) {
        int pad = PX(16);
        LsrTextEntry *e = lsr_r_text_get(ui, F_ITALIC, dis, w - 2 * pad - PX(4), th->ink);
        int h = pad + lsr_r_line_h(ui, F_SMALL_BOLD) + PX(6) + (e ? e->h : 0) + pad;
        lsr_w_panel_bg(ui, (SDL_Rect){ x, y, w, h });
        lsr_r_fill(ui, (SDL_Rect){ x, y, PX(4), h }, th->focus);
        int yy = y + pad;
        yy += lsr_r_text(ui, F_SMALL_BOLD, _("WHERE THE SOURCES DISAGREE"), x + pad + PX(4), yy, 0, th->muted) + PX(6);
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

/* ------------------------------------------------------ endings found */

bool lsr_w_endings_found(const LsrView *vs, const LsrScenario *sc, char *buf, size_t n) {
    if (!vs->endings || !sc || sc->n_endings == 0) return false;
    uint32_t k = lsr_endings_count(vs->endings, sc);
    snprintf(buf, n, lsr_ui_n("%u of %u ending found", "%u of %u endings found", sc->n_endings), k, sc->n_endings);
    return true;
}

/* ----------------------------------------------------------- bloc colours */

/* Five colours per theme, at least 19 ΔE76 apart from each other with
 * normal vision and under simulated protanopia, deuteranopia and
 * tritanopia (Machado et al. 2009; test_ui_palette measures it); in the
 * high-contrast theme each at 4.5:1 or more on black. From the Okabe–Ito
 * and Paul Tol palettes. */
static const uint32_t palette_light[] = { 0xE69F00, 0x56B4E9, 0xEE6677, 0x004488, 0x8B4513 };
static const uint32_t palette_dark[] = { 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7, 0x66CCEE };
static const uint32_t palette_contrast[] = { 0x56B4E9, 0xF0E442, 0xCC79A7, 0x228833, 0xEE6677 };

int lsr_w_bloc_palette(LsrTheme theme, const uint32_t **rgb) {
    *rgb = theme == LSR_THEME_DARK ? palette_dark : theme == LSR_THEME_CONTRAST ? palette_contrast : palette_light;
    return 5;
}

/* How far apart two colours look, roughly ("redmean" weighted RGB). */
static double rgb_distance(uint32_t a, uint32_t b) {
    double r1 = (double)(a >> 16 & 255), g1 = (double)(a >> 8 & 255), b1 = (double)(a & 255);
    double r2 = (double)(b >> 16 & 255), g2 = (double)(b >> 8 & 255), b2 = (double)(b & 255);
    double rm = (r1 + r2) / 2, dr = r1 - r2, dg = g1 - g2, db = b1 - b2;
    return sqrt((2 + rm / 256) * dr * dr + 4 * dg * dg + (2 + (255 - rm) / 256) * db * db);
}

void lsr_w_bloc_colors(LsrTheme theme, const LsrScenario *sc, SDL_Color *out) {
    const uint32_t *pal;
    int n = lsr_w_bloc_palette(theme, &pal);
    bool used[5] = { false };
    for (uint32_t b = 0; b < sc->n_blocs; b++) {
        if (b % (uint32_t)n == 0 && b > 0)
            for (int i = 0; i < n; i++) used[i] = false;
        int best = -1;
        for (int i = 0; i < n; i++)
            if (!used[i] && (best < 0 || rgb_distance(pal[i], sc->blocs[b].color) < rgb_distance(pal[best], sc->blocs[b].color)))
                best = i;
        used[best] = true;
        out[b] = lsr_r_rgb(pal[best]);
    }
}
