/* The screens of the game window. Each frame is laid out from scratch from
 * the engine's state and trace (text is cached, so this is cheap), which
 * keeps what is shown identical to the terminal and the reports. */
#include "sdl/screens.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PX(v) lsr_r_px(ui, (v))
#define PI_F 3.14159265f

typedef struct Layout {
    int margin;
    int x, w;            /* main column */
    int px, pw;          /* side panel (pw == 0: none, panel goes below) */
    int top, bottom;     /* body view */
    bool two_col;
} Layout;

static const char *tx(const LsrView *vs, const LsrText *t) { return lsr_tx(t, vs->lang); }

static void upper(char *dst, size_t n, const char *s) {
    size_t i = 0;
    for (; s[i] && i + 1 < n; i++) dst[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) : s[i];
    dst[i] = '\0';
}

static bool narrow(const LsrUi *ui) { return (float)ui->out_w / ui->scale < 1100.0f; }

static Layout layout(LsrUi *ui, int side_w) {
    Layout L;
    L.margin = narrow(ui) ? PX(28) : PX(56);
    L.top = PX(64);
    L.bottom = ui->out_h - PX(76);
    int avail = ui->out_w - 2 * L.margin;
    L.two_col = side_w > 0 && !narrow(ui);
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

static void header(LsrUi *ui, const LsrView *vs, const char *where, bool menu) {
    const LsrThemeColors *th = &ui->th;
    SDL_Rect band = { 0, 0, ui->out_w, PX(5) };
    lsr_r_fill(ui, band, th->accent);
    int m = narrow(ui) ? PX(28) : PX(56);
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
typedef struct FootBtn { const char *label; int action, arg; } FootBtn;

static void footer(LsrUi *ui, const char *hint, const FootBtn *b, int n) {
    const LsrThemeColors *th = &ui->th;
    int m = narrow(ui) ? PX(28) : PX(56);
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

static int kicker(LsrUi *ui, const char *s, int x, int y, int w) {
    char buf[512];
    upper(buf, sizeof buf, s);
    return lsr_r_text(ui, F_SMALL_BOLD, buf, x, y, w, ui->th.accent);
}

static int rule(LsrUi *ui, int x, int y, int w) {
    SDL_Rect r = { x, y, w, 1 };
    lsr_r_fill(ui, r, ui->th.rule);
    return 1;
}

static void panel_bg(LsrUi *ui, SDL_Rect r) {
    lsr_r_fill(ui, r, ui->th.panel);
    lsr_r_frame(ui, r, ui->th.rule, 1);
}

static void date_place(const LsrView *vs, const LsrStep *st, char *buf, size_t n) {
    char d[64];
    lsr_date_format(st->date, d, sizeof d);
    const char *place = tx(vs, &st->place);
    if (place[0]) snprintf(buf, n, "%s · %s", d, place);
    else snprintf(buf, n, "%s", d);
}

static void period(const LsrScenario *sc, char *buf, size_t n) {
    char a[48], b[48];
    lsr_date_format(sc->period_start, a, sizeof a);
    lsr_date_format(sc->period_end, b, sizeof b);
    snprintf(buf, n, "%s – %s", a, b);
}

/* ----------------------------------------------------------- state bars */

static void fmt_value(const LsrVar *v, int32_t x, char *buf, size_t n) {
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
        fmt_value(v, vals[i], val, sizeof val);
        if (prev && prev[i] != vals[i]) snprintf(delta, sizeof delta, "%+d", (int)(vals[i] - prev[i]));
        int vw = lsr_r_text_w(ui, F_UI_BOLD, val);
        int dw = delta[0] ? lsr_r_text_w(ui, F_SMALL_BOLD, delta) + PX(8) : 0;
        int lh = lsr_r_text(ui, F_UI, tx(vs, &v->label), x, y, w - vw - dw - PX(12), th->ink);
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
        lsr_r_box(ui, box, tx(vs, &v->label));
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

static int side_panel(LsrUi *ui, const LsrView *vs, const Layout *L, int y, const int32_t *vals, const int32_t *prev,
                      uint32_t node, const char *title) {
    int pad = PX(22);
    int x = L->two_col ? L->px : L->x, w = L->two_col ? L->pw : L->w;
    ui->dry = true;
    int h = state_bars(ui, vs, x + pad, y + pad, w - 2 * pad, vals, prev, node, title) + 2 * pad;
    ui->dry = false;
    panel_bg(ui, (SDL_Rect){ x, y, w, h });
    state_bars(ui, vs, x + pad, y + pad, w - 2 * pad, vals, prev, node, title);
    return h;
}

/* ------------------------------------------------------------- title */

static void draw_title(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    bool nar = narrow(ui);

    /* the menu first: on a narrow window the cover takes what it leaves */
    typedef struct { const char *label, *detail; int action; } MenuItem;
    MenuItem items[6];
    int n = 0;
    char newd[256], pickd[128];
    bool named = vs->sc && !vs->cp && vs->sc_has_path;
    if (vs->continue_save[0]) items[n++] = (MenuItem){ "Continue", vs->continue_label, A_CONTINUE };
    if (named) snprintf(newd, sizeof newd, "%s", tx(vs, &vs->sc->title));
    else snprintf(newd, sizeof newd, "Choose one of %d scenarios", vs->n_picks);
    items[n++] = (MenuItem){ "New game", newd, A_NEW };
    if (named && vs->n_picks > 1) {
        snprintf(pickd, sizeof pickd, "%d bundled scenarios", vs->n_picks);
        items[n++] = (MenuItem){ "Another scenario", pickd, A_PICKER };
    }
    items[n++] = (MenuItem){ "Campaign", "Every scenario in order, the party's strength carried on", A_CAMPAIGN };
    items[n++] = (MenuItem){ "Settings", NULL, A_SETTINGS };
    items[n++] = (MenuItem){ "Quit", NULL, A_QUIT };
    int bw_full = nar ? ui->out_w : ui->out_w - ui->out_w * 44 / 100;
    int bw = bw_full - 2 * PX(56);
    if (bw > PX(440)) bw = PX(440);
    int hs[6], total = 0, gap = PX(nar ? 8 : 12);
    for (int i = 0; i < n; i++) {
        hs[i] = lsr_r_button_h(ui, bw, items[i].label, NULL, items[i].detail);
        total += hs[i] + (i ? gap : 0);
    }

    int cover_h = ui->out_h - total - 2 * PX(24);
    if (cover_h > ui->out_h * 46 / 100) cover_h = ui->out_h * 46 / 100;
    if (cover_h < PX(120)) cover_h = PX(120);
    SDL_Rect red = nar ? (SDL_Rect){ 0, 0, ui->out_w, cover_h } : (SDL_Rect){ 0, 0, ui->out_w * 44 / 100, ui->out_h };
    lsr_r_fill(ui, red, th->accent);
    SDL_Color ink = th->on_accent, soft = lsr_r_mix(th->on_accent, th->accent, 0.3f);
    /* a double rule, like a pamphlet cover */
    int i1 = PX(nar ? 12 : 18), i2 = PX(nar ? 17 : 24);
    lsr_r_frame(ui, (SDL_Rect){ red.x + i1, red.y + i1, red.w - 2 * i1, red.h - 2 * i1 }, soft, PX(2));
    lsr_r_frame(ui, (SDL_Rect){ red.x + i2, red.y + i2, red.w - 2 * i2, red.h - 2 * i2 }, soft, 1);
    int m = nar ? PX(44) : PX(72);
    int x = red.x + m, w = red.w - 2 * m;
    int y = red.y + (nar ? PX(36) : PX(96));
    int limit = red.y + red.h - (nar ? PX(30) : m);
    LsrTextEntry *k = lsr_r_text_get(ui, F_SMALL_BOLD, "A HISTORICAL STRATEGY GAME", w, soft);
    LsrTextEntry *d = lsr_r_text_get(ui, F_DISPLAY, "The Left SRs", w, ink);
    const char *sub = "Left Socialist-Revolutionaries in the Russian Revolution, 1917–1918";
    LsrTextEntry *su = lsr_r_text_get(ui, F_ITALIC, sub, w, ink);
    if (k && d && su && y + k->h + PX(18) + d->h + PX(6) + su->h <= limit) {
        y += lsr_r_text(ui, F_SMALL_BOLD, "A HISTORICAL STRATEGY GAME", x, y, w, soft) + PX(18);
    } else {
        y = red.y + PX(24);
    }
    y += lsr_r_text(ui, F_DISPLAY, "The Left SRs", x, y, w, ink) + PX(6);
    if (su && y + su->h <= limit) y += lsr_r_text(ui, F_ITALIC, sub, x, y, w, ink) + PX(14);
    LsrTextEntry *cy = lsr_r_text_get(ui, F_BODY, "Партия левых социалистов-революционеров", w, soft);
    if (cy && y + PX(20) + cy->h <= limit) {
        lsr_r_fill(ui, (SDL_Rect){ x, y, PX(64), PX(3) }, ink);
        y += PX(20);
        y += lsr_r_text(ui, F_BODY, "Партия левых социалистов-революционеров", x, y, w, soft);
    }
    if (!nar) {
        /* the year, large and faint, fills the cover */
        SDL_Color faint = lsr_r_mix(th->accent, th->on_accent, 0.13f);
        LsrTextEntry *yr = lsr_r_text_get(ui, F_HUGE, "1917", 0, faint);
        int yy = y + PX(60);
        if (yr && yr->w < red.w - PX(60) && yy + yr->h < red.y + red.h - m - PX(90))
            lsr_r_text(ui, F_HUGE, "1917", x - PX(6), yy, 0, faint);
        /* the SR motto at the foot of the cover */
        const char *tr_s = "“In struggle you will win your rights” — motto of the Socialist-Revolutionary Party";
        const char *mo_s = "В борьбе обретёшь ты право своё";
        int fy = red.y + red.h - m;
        LsrTextEntry *tr = lsr_r_text_get(ui, F_SMALL, tr_s, w, soft);
        LsrTextEntry *mo = lsr_r_text_get(ui, F_ITALIC, mo_s, w, ink);
        if (tr && mo && fy - tr->h - mo->h - PX(6) > y + PX(50)) {
            fy -= tr->h;
            lsr_r_text(ui, F_SMALL, tr_s, x, fy, w, soft);
            fy -= mo->h + PX(4);
            lsr_r_text(ui, F_ITALIC, mo_s, x, fy, w, ink);
        }
    }

    int mx0 = nar ? 0 : red.w, mw0 = ui->out_w - mx0;
    int mx = mx0 + (mw0 - bw) / 2;
    int head = nar ? 0 : lsr_r_line_h(ui, F_H2) + PX(24);
    int top = nar ? red.h : 0, avail = ui->out_h - top;
    int my = top + (avail - total - head) / 2;
    if (my < top + PX(nar ? 12 : 24)) my = top + PX(nar ? 12 : 24);
    if (!nar) my += lsr_r_text(ui, F_H2, "Petrograd, 1917", mx, my, bw, th->ink) + PX(24);
    for (int i = 0; i < n; i++) {
        SDL_Rect b = { mx, my, bw, hs[i] };
        lsr_r_button(ui, b, items[i].label, NULL, items[i].detail, items[i].action, 0, true, i == 0);
        my += hs[i] + gap;
    }
    ui->primary_action = items[0].action;
    ui->primary_arg = 0;
    if (!nar) {
        const char *hint = "↑↓ move · Enter select · F11 full screen · Ctrl +/− text size";
        LsrTextEntry *e = lsr_r_text_get(ui, F_SMALL, hint, 0, th->muted);
        if (e && e->w < mw0 - PX(48) && my + PX(12) < ui->out_h - PX(40))
            lsr_r_text(ui, F_SMALL, hint, mx0 + (mw0 - e->w) / 2, ui->out_h - PX(40), 0, th->muted);
    }
}

/* ------------------------------------------------------------- picker */

static void draw_picker(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    header(ui, vs, "New game", false);
    Layout L = layout(ui, 0);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    y += kicker(ui, "New game", L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, "Choose a turning point", L.x, y, L.w, th->ink) + PX(10);
    y += lsr_r_text(ui, F_ITALIC, "Each scenario is a moment when the Left SRs had to decide. "
                                  "Your choices are scored against what the party actually did.",
                    L.x, y, L.w, th->muted) + PX(28);
    for (int i = 0; i < vs->n_picks; i++) {
        const LsrScenario *sc = vs->picks[i].sc;
        if (!sc) {
            /* shown, greyed, with the reason: a broken file is not silently missing */
            const char *base = strrchr(vs->picks[i].path, '/');
            char badge[16], detail[480];
            snprintf(badge, sizeof badge, "%d", i + 1);
            snprintf(detail, sizeof detail, "Cannot be loaded: %s", vs->picks[i].error);
            const char *name = base ? base + 1 : vs->picks[i].path;
            int h = lsr_r_button_h(ui, L.w, name, badge, detail);
            lsr_r_button(ui, (SDL_Rect){ L.x, y, L.w, h }, name, badge, detail, A_PICK, i, false, false);
            y += h + PX(14);
            continue;
        }
        char detail[640], per[128], brief[360], badge[16];
        period(sc, per, sizeof per);
        const char *b = tx(vs, &sc->briefing);
        size_t n = strcspn(b, "\n");
        if (n > 300) {
            n = 300;
            while (n > 0 && b[n] != ' ') n--;
            snprintf(brief, sizeof brief, "%.*s…", (int)n, b);
        } else {
            snprintf(brief, sizeof brief, "%.*s", (int)n, b);
        }
        snprintf(detail, sizeof detail, "%s\n%s", per, brief);
        snprintf(badge, sizeof badge, "%d", i + 1);
        int h = lsr_r_button_h(ui, L.w, tx(vs, &sc->title), badge, detail);
        lsr_r_button(ui, (SDL_Rect){ L.x, y, L.w, h }, tx(vs, &sc->title), badge, detail, A_PICK, i, true, false);
        y += h + PX(14);
    }
    if (vs->n_picks == 0)
        y += lsr_r_text(ui, F_BODY, "No bundled scenarios were found. Start the game with a scenario file: "
                                    "leftsr play FILE.json", L.x, y, L.w, th->ink);
    lsr_r_view_end(ui, y + PX(24));
    FootBtn fb[1] = { { "Back", A_TITLE, 0 } };
    footer(ui, "1–9 pick · ↑↓ move · Enter select · Esc back", fb, 1);
}

/* ----------------------------------------------------------- briefing */

static void draw_briefing(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    header(ui, vs, tx(vs, &sc->title), true);
    Layout L = layout(ui, 360);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    char k[128];
    if (vs->cp) snprintf(k, sizeof k, "Campaign · part %u of %u · briefing", vs->part + 1, vs->cp->n_parts);
    else snprintf(k, sizeof k, "Briefing");
    y += kicker(ui, k, L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, tx(vs, &sc->title), L.x, y, L.w, th->ink) + PX(6);
    char per[128];
    period(sc, per, sizeof per);
    y += lsr_r_text(ui, F_ITALIC, per, L.x, y, L.w, th->muted) + PX(18);
    if (vs->cp && vs->part == 0) {
        y += lsr_r_paras(ui, F_ITALIC, tx(vs, &vs->cp->briefing), L.x, y, L.w, th->muted) + PX(18);
    }
    y += rule(ui, L.x, y, L.w) + PX(22);
    y += lsr_r_paras(ui, F_BODY, tx(vs, &sc->briefing), L.x, y, L.w, th->ink) + PX(28);
    if (sc->n_goals) {
        y += lsr_r_text(ui, F_H2, "Your aims", L.x, y, L.w, th->ink) + PX(12);
        for (uint32_t i = 0; i < sc->n_goals; i++) {
            SDL_Rect b = { L.x, y + lsr_r_line_h(ui, F_BODY) / 2 - PX(4), PX(8), PX(8) };
            lsr_r_fill(ui, b, th->accent);
            y += lsr_r_text(ui, F_BODY, tx(vs, &sc->goals[i]), L.x + PX(22), y, L.w - PX(22), th->ink) + PX(8);
        }
    }
    int y_main = y;
    int py = L.two_col ? L.top + PX(36) : y + PX(24);
    const int32_t *init = vs->g ? lsr_game_initial_vars(vs->g) : NULL;
    if (init) {
        uint32_t node = vs->g ? lsr_game_step_index(vs->g) : 0;
        py += side_panel(ui, vs, &L, py, init, NULL, node, "Starting position");
    }
    lsr_r_view_end(ui, (L.two_col ? (y_main > py ? y_main : py) : py) + PX(32));
    FootBtn fb[2] = { { "Back to title", A_TITLE, 0 }, { "Begin", A_BEGIN, 0 } };
    footer(ui, "PageUp/PageDown scroll · Enter begin", fb, 2);
}

/* ----------------------------------------------------------- decision */

static int step_number(const LsrView *vs) { return (int)lsr_game_trace_len(vs->g) + 1; }

static int step_head(LsrUi *ui, const LsrView *vs, const Layout *L, const LsrStep *st, int y, const char *prefix) {
    char dp[512], k[600];
    date_place(vs, st, dp, sizeof dp);
    if (prefix) snprintf(k, sizeof k, "%s · %s", prefix, dp);
    else snprintf(k, sizeof k, "%s", dp);
    y += kicker(ui, k, L->x, y, L->w) + PX(8);
    y += lsr_r_text(ui, F_H1, tx(vs, &st->title), L->x, y, L->w, ui->th.ink) + PX(18);
    return y;
}

static void draw_class_decision(LsrUi *ui, const LsrView *vs);

/* Header, layout and the step's date, title and narrative; returns the y below. */
static int decision_head(LsrUi *ui, const LsrView *vs, Layout *L, const char *what, int side_w) {
    const LsrStep *st = lsr_game_step(vs->g);
    char where[256];
    snprintf(where, sizeof where, "%s · decision %d%s", tx(vs, &vs->sc->title), step_number(vs), what);
    header(ui, vs, where, true);
    *L = layout(ui, side_w);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L->top + 1, ui->out_w, L->bottom - L->top - 1 });
    int y = step_head(ui, vs, L, st, L->top + PX(36), NULL);
    return y + lsr_r_paras(ui, F_BODY, tx(vs, &st->narrative), L->x, y, L->w, ui->th.ink) + PX(30);
}

static void draw_decision(LsrUi *ui, const LsrView *vs) {
    if (vs->cls.on) {
        draw_class_decision(ui, vs);
        return;
    }
    const LsrScenario *sc = vs->sc;
    const LsrStep *st = lsr_game_step(vs->g);
    Layout L;
    int y = decision_head(ui, vs, &L, "", 340);
    y += kicker(ui, "Your decision", L.x, y, L.w) + PX(12);
    int shown = 0;
    for (uint32_t i = 0; i < st->n_choices; i++) {
        LsrChoiceState cs = lsr_game_choice_state(vs->g, i);
        if (cs == LSR_CHOICE_HIDDEN) continue;
        const LsrChoice *c = &sc->choices[st->choices_first + i];
        char badge[16], detail[512] = "";
        snprintf(badge, sizeof badge, "%d", ++shown);
        if (cs == LSR_CHOICE_DISABLED) snprintf(detail, sizeof detail, "Not possible: %s", tx(vs, &c->reason));
        int h = lsr_r_button_h(ui, L.w, tx(vs, &c->label), badge, detail);
        SDL_Rect r = { L.x, y, L.w, h };
        lsr_r_button(ui, r, tx(vs, &c->label), badge, detail, A_CHOOSE, (int)i,
                     cs == LSR_CHOICE_AVAILABLE, false);
        y += h + PX(10);
    }
    int py = L.two_col ? L.top + PX(36) : y + PX(24);
    py += side_panel(ui, vs, &L, py, lsr_game_state(vs->g) + 1, NULL, lsr_game_step_index(vs->g),
                     "State of affairs");
    lsr_r_view_end(ui, (L.two_col ? (y > py ? y : py) : py) + PX(32));
    footer(ui, "1–9 choose · ↑↓ / Tab move · Enter confirm · PageUp/PageDown scroll · Esc menu", NULL, 0);
}

/* --------------------------------------------------------------- vote */

typedef struct Seat { float a, r; } Seat;

static int cmp_seat(const void *x, const void *y) {
    const Seat *p = x, *q = y;
    if (p->a != q->a) return p->a > q->a ? -1 : 1;
    return p->r < q->r ? -1 : p->r > q->r;
}

/* Seat diagram: each bloc's seats as a wedge, left to right in file order;
 * a seat is filled (yes / before the vote), hollow (no) or faint (abstain).
 * per_bloc: n_blocs×3 yes/no/abstain. Returns the height used. */
static int hemicycle(LsrUi *ui, const LsrView *vs, int x, int y, int w, const int32_t *per_bloc, bool by_vote) {
    const LsrScenario *sc = vs->sc;
    long total = 0;
    for (uint32_t b = 0; b < sc->n_blocs; b++)
        for (int k = 0; k < 3; k++) total += per_bloc[b * 3 + (uint32_t)k] > 0 ? per_bloc[b * 3 + (uint32_t)k] : 0;
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
    for (uint32_t b = 0; b < sc->n_blocs; b++) {
        SDL_Color c = lsr_r_rgb(sc->blocs[b].color);
        /* yes, abstain, no: so a bloc's wedge reads from solid to hollow */
        static const int order[3] = { 0, 2, 1 };
        for (int oi = 0; oi < 3; oi++) {
            int v = order[oi];
            int32_t n = per_bloc[b * 3 + (uint32_t)v];
            for (int32_t j = 0; j < n && k < placed; j++, k++) {
                SDL_Color cc = c;
                bool hollow = by_vote && v == 1;
                if (by_vote && v == 2) cc.a = 90;
                lsr_r_dot(ui, cx + cosf(seats[k].a) * seats[k].r, cy - sinf(seats[k].a) * seats[k].r, d, cc, hollow);
            }
        }
    }
    free(seats);
    return h;
}

/* A stacked yes/no/abstain bar with its label. */
static int tally_bar(LsrUi *ui, int x, int y, int w, const char *label, const int32_t t[3], bool passed) {
    const LsrThemeColors *th = &ui->th;
    char buf[256];
    static const char *const names[3] = { "yes", "no", "abstain" };
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
    snprintf(buf + len, sizeof buf - (size_t)len, "%s — %s", missing ? " (rest not recorded)" : "",
             passed ? "passed" : "failed");
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
    int y0 = y;
    for (uint32_t b = 0; b < sc->n_blocs; b++) {
        const int32_t *v = per_bloc + b * 3;
        int32_t seats = v[0] + v[1] + v[2];
        if (seats <= 0) continue;
        int sw = PX(12);
        SDL_Rect s = { x, y + (lsr_r_line_h(ui, F_SMALL) - sw) / 2, sw, sw };
        lsr_r_fill(ui, s, lsr_r_rgb(sc->blocs[b].color));
        lsr_r_box(ui, s, "swatch");
        char buf[256];
        if (by_vote)
            snprintf(buf, sizeof buf, "%s — %d seats: %d yes, %d no, %d abstain", tx(vs, &sc->blocs[b].name),
                     (int)seats, (int)v[0], (int)v[1], (int)v[2]);
        else
            snprintf(buf, sizeof buf, "%s — %d seats", tx(vs, &sc->blocs[b].name), (int)seats);
        y += lsr_r_text(ui, F_SMALL, buf, x + sw + PX(8), y, w - sw - PX(8), th->ink) + PX(4);
    }
    if (by_vote) {
        y += PX(4);
        y += lsr_r_text(ui, F_SMALL, "Filled seat: yes · hollow: no · faint: abstained", x, y, w, th->muted);
    }
    return y - y0;
}

static void draw_vote(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrTraceEntry *te = vs->vote_counted ? lsr_game_trace(vs->g, vs->shown) : NULL;
    const LsrStep *st = te ? &sc->steps[te->step] : lsr_game_step(vs->g);
    char where[256];
    snprintf(where, sizeof where, "%s · vote", tx(vs, &sc->title));
    header(ui, vs, where, true);
    Layout L = layout(ui, 440);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = step_head(ui, vs, &L, st, L.top + PX(36), "Vote");
    y += lsr_r_paras(ui, F_BODY, tx(vs, &st->narrative), L.x, y, L.w, th->ink) + PX(24);
    /* the motion, set off like a resolution */
    int pad = PX(18);
    LsrTextEntry *me = lsr_r_text_get(ui, F_H3, tx(vs, &st->motion), L.w - 2 * pad - PX(6), th->ink);
    int mh = pad + lsr_r_line_h(ui, F_SMALL_BOLD) + PX(6) + (me ? me->h : 0) + PX(6) + lsr_r_line_h(ui, F_SMALL) + pad;
    panel_bg(ui, (SDL_Rect){ L.x, y, L.w, mh });
    lsr_r_fill(ui, (SDL_Rect){ L.x, y, PX(6), mh }, th->accent);
    int my = y + pad;
    my += lsr_r_text(ui, F_SMALL_BOLD, "THE MOTION", L.x + pad + PX(6), my, 0, th->accent) + PX(6);
    my += lsr_r_text(ui, F_H3, tx(vs, &st->motion), L.x + pad + PX(6), my, L.w - 2 * pad - PX(6), th->ink) + PX(6);
    lsr_r_text(ui, F_SMALL, st->threshold == LSR_THRESH_TWO_THIRDS ? "Needs two thirds of the votes cast"
                                                                   : "Needs more yes than no votes",
               L.x + pad + PX(6), my, L.w - 2 * pad - PX(6), th->muted);
    y += mh + PX(24);

    int32_t per_bloc[64 * 3], totals[3];
    const int32_t *pb = per_bloc;
    if (te && te->bloc_votes) pb = te->bloc_votes;
    else lsr_vote_tally(sc, lsr_game_state(vs->g), lsr_game_step_index(vs->g), per_bloc, totals);
    int cx = L.two_col ? L.px : L.x, cw = L.two_col ? L.pw : L.w;
    int cy = L.two_col ? L.top + PX(36) : y;
    cy += lsr_r_text(ui, F_H3, te ? "The chamber votes" : "The chamber", cx, cy, cw, th->ink) + PX(14);
    int hw = cw < PX(520) ? cw : PX(520);
    cy += hemicycle(ui, vs, cx + (cw - hw) / 2, cy, hw, pb, te != NULL) + PX(12);
    if (te) {
        char verdict[96];
        snprintf(verdict, sizeof verdict, "The motion %s", te->passed ? "passes" : "fails");
        cy += lsr_r_text(ui, F_H2, verdict, cx, cy, cw, te->passed ? th->good : th->bad) + PX(10);
        cy += tally_bar(ui, cx, cy, cw, "This vote", te->vote, te->passed);
        if (st->hist_tally[0] >= 0 && vs->settings->reveal == LSR_REVEAL_AFTER && !vs->cls.on)
            cy += tally_bar(ui, cx, cy, cw, "In history", st->hist_tally, st->hist_pass == 1);
    }
    cy += bloc_legend(ui, vs, cx, cy, cw, pb, te != NULL);
    int bottom = L.two_col ? (y > cy ? y : cy) : cy;
    lsr_r_view_end(ui, bottom + PX(32));
    if (te) {
        FootBtn fb[1] = { { "Continue", A_NEXT, 0 } };
        footer(ui, "Enter continue · PageUp/PageDown scroll · Esc menu", fb, 1);
    } else {
        FootBtn fb[1] = { { "Count the votes", A_COUNT_VOTE, 0 } };
        footer(ui, "Enter count the votes · Esc menu", fb, 1);
    }
}

/* -------------------------------------------------------- consequence */

/* "Class vote: A 12 · B 8 · C 3" for an entry with a class tally. */
static bool tally_line(const LsrView *vs, const LsrTraceEntry *te, char *buf, size_t n) {
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
static int history_note(LsrUi *ui, const LsrView *vs, const LsrTraceEntry *te, int x, int y, int w) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrStep *st = &sc->steps[te->step];
    int y0 = y;
    y += rule(ui, x, y, w) + PX(24);
    y += kicker(ui, "What the Left SRs really did", x, y, w) + PX(8);
    if (st->type == LSR_STEP_DECISION) {
        const LsrChoice *hc = &sc->choices[st->choices_first + st->hist_choice];
        y += lsr_r_text(ui, F_H2, tx(vs, &hc->label), x, y, w, th->ink) + PX(6);
        bool same = te->choice == st->hist_choice;
        y += lsr_r_text(ui, F_UI_BOLD, same ? "✓ Your choice matches the party's" : "You chose differently", x, y,
                        w, same ? th->good : th->muted) + PX(14);
    } else if (st->hist_tally[0] >= 0) {
        char buf[200];
        snprintf(buf, sizeof buf, "Historical vote: %d yes, %d no, %d abstain — %s", (int)st->hist_tally[0],
                 (int)st->hist_tally[1], (int)st->hist_tally[2], st->hist_pass == 1 ? "passed" : "failed");
        y += lsr_r_text(ui, F_UI_BOLD, buf, x, y, w, th->ink) + PX(14);
    }
    y += lsr_r_paras(ui, F_BODY, tx(vs, &st->note), x, y, w, th->ink) + PX(18);
    const char *dis = tx(vs, &st->disagreement);
    if (dis[0]) {
        int pad = PX(16);
        LsrTextEntry *e = lsr_r_text_get(ui, F_ITALIC, dis, w - 2 * pad - PX(4), th->ink);
        int h = pad + lsr_r_line_h(ui, F_SMALL_BOLD) + PX(6) + (e ? e->h : 0) + pad;
        panel_bg(ui, (SDL_Rect){ x, y, w, h });
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
static const LsrTraceEntry *shown_entry(LsrUi *ui, const LsrView *vs, const char *what) {
    const LsrTraceEntry *te = lsr_game_trace(vs->g, vs->shown);
    if (!te) return NULL;
    char where[256];
    snprintf(where, sizeof where, "%s · %s", tx(vs, &vs->sc->title), what);
    header(ui, vs, where, true);
    return te;
}

static void draw_consequence(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrTraceEntry *te = shown_entry(ui, vs, "consequence");
    if (!te) return;
    const LsrStep *st = &sc->steps[te->step];
    Layout L = layout(ui, 340);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    char dp[512], k[600];
    date_place(vs, st, dp, sizeof dp);
    if (st->type == LSR_STEP_DECISION) {
        const LsrChoice *c = &sc->choices[st->choices_first + te->choice];
        snprintf(k, sizeof k, "%s · %s", tx(vs, &st->title), te->tally ? "the class chose" : "you chose");
        y += kicker(ui, k, L.x, y, L.w) + PX(8);
        y += lsr_r_text(ui, F_H1, tx(vs, &c->label), L.x, y, L.w, th->ink) + PX(12);
        char tl[400];
        if (tally_line(vs, te, tl, sizeof tl)) y += lsr_r_text(ui, F_UI_BOLD, tl, L.x, y, L.w, th->muted) + PX(8);
        y += PX(8);
        y += lsr_r_paras(ui, F_BODY, tx(vs, &c->result), L.x, y, L.w, th->ink);
        if (te->outcome != LSR_NEXT_NONE && c->n_outcomes) {
            const LsrOutcome *o = &sc->outcomes[c->outcomes_first + te->outcome];
            if (tx(vs, &o->result)[0]) y += PX(14) + lsr_r_paras(ui, F_BODY, tx(vs, &o->result), L.x, y + PX(14), L.w, th->ink);
        }
    } else {
        snprintf(k, sizeof k, "%s · the vote", tx(vs, &st->title));
        y += kicker(ui, k, L.x, y, L.w) + PX(8);
        y += lsr_r_text(ui, F_H1, te->passed ? "The motion passed" : "The motion failed", L.x, y, L.w, th->ink) + PX(8);
        char buf[160];
        snprintf(buf, sizeof buf, "%d yes · %d no · %d abstained", (int)te->vote[0], (int)te->vote[1], (int)te->vote[2]);
        y += lsr_r_text(ui, F_ITALIC, buf, L.x, y, L.w, th->muted) + PX(18);
        y += lsr_r_paras(ui, F_BODY, tx(vs, te->passed ? &st->pass.result : &st->fail.result), L.x, y, L.w, th->ink);
    }
    y += PX(24);
    for (uint32_t i = 0; i < te->n_fired; i++) {
        const LsrEvent *ev = &sc->events[te->fired[i]];
        int pad = PX(18), iw = L.w - 2 * pad - PX(6);
        LsrTextEntry *t1 = lsr_r_text_get(ui, F_H3, tx(vs, &ev->title), iw, th->ink);
        /* measure the paragraphs by their cached entries */
        int th_ = 0;
        {
            const char *s = tx(vs, &ev->text);
            LsrTextEntry *e = lsr_r_text_get(ui, F_BODY, s, iw, th->ink);
            th_ = e ? e->h : 0;
        }
        int h = pad + lsr_r_line_h(ui, F_SMALL_BOLD) + PX(6) + (t1 ? t1->h : 0) + PX(8) + th_ + pad;
        panel_bg(ui, (SDL_Rect){ L.x, y, L.w, h });
        lsr_r_fill(ui, (SDL_Rect){ L.x, y, PX(6), h }, th->accent);
        int yy = y + pad, xx = L.x + pad + PX(6);
        yy += lsr_r_text(ui, F_SMALL_BOLD, "MEANWHILE", xx, yy, 0, th->accent) + PX(6);
        yy += lsr_r_text(ui, F_H3, tx(vs, &ev->title), xx, yy, iw, th->ink) + PX(8);
        lsr_r_text(ui, F_BODY, tx(vs, &ev->text), xx, yy, iw, th->ink);
        y += h + PX(18);
    }
    if (vs->cls.on && vs->settings->reveal == LSR_REVEAL_AFTER)
        y += lsr_r_text(ui, F_ITALIC, "When the class is ready: R reveals what the Left SRs really did.", L.x, y,
                        L.w, th->muted) + PX(8);
    else if (vs->settings->reveal == LSR_REVEAL_AFTER) y += history_note(ui, vs, te, L.x, y + PX(8), L.w) + PX(8);
    else if (vs->settings->reveal == LSR_REVEAL_END)
        y += lsr_r_text(ui, F_ITALIC, "What the Left SRs really did is revealed in the debrief.", L.x, y, L.w,
                        th->muted) + PX(8);
    const int32_t *prev = vs->shown > 0 ? lsr_game_trace(vs->g, vs->shown - 1)->vars_after : lsr_game_initial_vars(vs->g);
    int py = L.two_col ? L.top + PX(36) : y + PX(24);
    py += side_panel(ui, vs, &L, py, te->vars_after, prev, te->next, "After this step");
    lsr_r_view_end(ui, (L.two_col ? (y > py ? y : py) : py) + PX(32));
    LsrPhase ph = lsr_game_phase(vs->g);
    const char *next = ph == LSR_PHASE_ENDED ? "To the debrief" : "Continue";
    if (vs->cls.on) {
        FootBtn fb[3];
        int n = 0;
        if (vs->can_step_back) fb[n++] = (FootBtn){ "Step back  U", A_STEP_BACK, 0 };
        if (vs->settings->reveal == LSR_REVEAL_AFTER) fb[n++] = (FootBtn){ "Reveal what happened  R", A_SHOW_REVEAL, 1 };
        fb[n++] = (FootBtn){ next, A_NEXT, 0 };
        footer(ui, "Enter continue · P pause · Esc menu", fb, n);
        return;
    }
    FootBtn fb[1] = { { next, A_NEXT, 0 } };
    footer(ui, "Enter continue · PageUp/PageDown scroll · Esc menu", fb, 1);
}

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
    y += lsr_r_text(ui, F_UI_BOLD, tx(vs, &v->label), x, y, w, th->ink) + PX(8);
    size_t n = lsr_game_trace_len(vs->g);
    int lw = PX(44);
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
        bool has = false;
        for (uint32_t k = 0; k < v->n_hist; k++)
            if (v->hist[k].at == node) {
                hv = v->hist[k].value;
                has = true;
            }
        if (!has && i == pts - 1 && v->has_hist_final) {
            hv = v->hist_final;
            has = true;
        }
        if (!has) continue;
        float px = (float)plot.x + step * (float)i;
        float py = (float)(plot.y + plot.h) - (float)((hv - v->min) / range * plot.h);
        if (have_h) dashed(ui, hx, hy, px, py, t * 0.8f, th->hist);
        lsr_r_dot(ui, px, py, t * 2.2f, th->hist, true);
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
    lsr_r_box(ui, plot, tx(vs, &v->label));
    y = plot.y + plot.h + PX(10);
    lsr_r_fill(ui, (SDL_Rect){ plot.x, y + PX(7), PX(18), PX(3) }, th->accent);
    int xx = plot.x + PX(24);
    lsr_r_text(ui, F_SMALL, "your game", xx, y, 0, th->muted);
    xx += lsr_r_text_w(ui, F_SMALL, "your game") + PX(18);
    lsr_r_fill(ui, (SDL_Rect){ xx, y + PX(7), PX(6), PX(3) }, th->hist);
    lsr_r_fill(ui, (SDL_Rect){ xx + PX(10), y + PX(7), PX(6), PX(3) }, th->hist);
    lsr_r_text(ui, F_SMALL, "history", xx + PX(22), y, 0, th->muted);
    y += lsr_r_line_h(ui, F_SMALL);
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
    panel_bg(ui, (SDL_Rect){ x, y, w, h });
    lsr_r_fill(ui, (SDL_Rect){ x, y, w, PX(4) }, th->accent);
    int yy = y + pad;
    yy += lsr_r_text(ui, F_SMALL_BOLD, title, x + pad, yy, iw, th->muted) + PX(4);
    yy += lsr_r_text(ui, F_NUMBER, big, x + pad, yy, iw, bigc) + PX(8);
    yy += lsr_r_text(ui, F_SMALL, text, x + pad, yy, iw, th->ink);
    if (e2) lsr_r_text(ui, F_SMALL, extra, x + pad, yy + PX(8), iw, th->muted);
    return h;
}

static void draw_debrief(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    header(ui, vs, tx(vs, &sc->title), true);
    Layout L = layout(ui, 0);
    if (!narrow(ui)) {
        L.w = ui->out_w - 2 * L.margin;
        if (L.w > PX(1240)) L.w = PX(1240);
        L.x = (ui->out_w - L.w) / 2;
    }
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    y += kicker(ui, "Debrief", L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, vs->cls.on ? "The class's course against history" : "Your course against history",
                    L.x, y, L.w, th->ink) + PX(24);
    LsrScore s;
    lsr_game_score(vs->g, &s);
    char big1[32], big2[32], t1[512], t2[512], extra[1024] = "";
    snprintf(big1, sizeof big1, "%d%%", (int)((s.fidelity_permille + 5) / 10));
    snprintf(t1, sizeof t1,
             "%s took the party's own course in %u of %u decisions. Each decision counts by its weight, "
             "and a choice close to what the Left SRs did earns partial credit.",
             vs->cls.on ? "The class" : "You", s.matched, s.decisions);
    int op = (int)lround(s.outcome_permille / 10.0);
    if (op) snprintf(big2, sizeof big2, "%+d", op);
    else snprintf(big2, sizeof big2, "±0");
    snprintf(t2, sizeof t2,
             "For each scored measure: your final value minus the historical one, as a share of its range, "
             "positive when better for the party. 0 means things went as they did; +100 far better, −100 far worse.");
    for (uint32_t i = 0; i < s.n_vars && i < 64; i++) {
        const LsrVar *v = &sc->vars[s.vars[i].var];
        char a[64], b[64], line[256];
        fmt_value(v, s.vars[i].final, a, sizeof a);
        fmt_value(v, s.vars[i].historical, b, sizeof b);
        snprintf(line, sizeof line, "%s%s: %s, history %s (%+d)", i ? "\n" : "", tx(vs, &v->label), a, b,
                 (int)lround(s.vars[i].delta_permille / 10.0));
        strncat(extra, line, sizeof extra - strlen(extra) - 1);
    }
    char differed[1024] = "";
    for (size_t i = 0, n = lsr_game_trace_len(vs->g); i < n; i++) {
        const LsrTraceEntry *te = lsr_game_trace(vs->g, i);
        const LsrStep *st = &sc->steps[te->step];
        if (st->type != LSR_STEP_DECISION || te->choice == st->hist_choice) continue;
        char line[256];
        snprintf(line, sizeof line, "%s%s", differed[0] ? "\n" : vs->cls.on ? "Where the class differed:\n" : "Where you differed:\n", tx(vs, &st->title));
        strncat(differed, line, sizeof differed - strlen(differed) - 1);
    }
    int gap = PX(24);
    bool side = !narrow(ui);
    int cw = side ? (L.w - gap) / 2 : L.w;
    SDL_Color oc = op > 0 ? th->good : op < 0 ? th->bad : th->ink;
    if (side) {
        int h1 = score_card(ui, L.x, y, cw, -1, "HISTORICAL FIDELITY", big1, th->accent, t1, differed);
        int h2 = score_card(ui, L.x, y, cw, -1, "OUTCOME AGAINST HISTORY", big2, oc, t2, extra);
        int hh = h1 > h2 ? h1 : h2;
        score_card(ui, L.x, y, cw, hh, "HISTORICAL FIDELITY", big1, th->accent, t1, differed);
        score_card(ui, L.x + cw + gap, y, cw, hh, "OUTCOME AGAINST HISTORY", big2, oc, t2, extra);
        y += hh + PX(36);
    } else {
        y += score_card(ui, L.x, y, cw, 0, "HISTORICAL FIDELITY", big1, th->accent, t1, differed) + gap;
        y += score_card(ui, L.x, y, cw, 0, "OUTCOME AGAINST HISTORY", big2, oc, t2, extra) + PX(36);
    }

    /* the charts, two to a row when there is room */
    int nch = 0;
    for (uint32_t i = 0; i < sc->n_vars; i++) nch += sc->vars[i].scored && !sc->vars[i].hidden;
    if (nch) {
        y += lsr_r_text(ui, F_H2, "The course of events", L.x, y, L.w, th->ink) + PX(16);
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
    y += lsr_r_text(ui, F_H2, "Decision by decision", L.x, y, L.w, th->ink) + PX(14);
    bool reveal = vs->settings->reveal != LSR_REVEAL_NEVER;
    int c0 = L.x, w0 = L.w * 22 / 100, c1 = c0 + w0 + PX(16), w1 = L.w * 20 / 100;
    int c2 = c1 + w1 + PX(16), w2 = L.w * 20 / 100, c3 = c2 + w2 + PX(16), w3 = L.x + L.w - c3;
    if (!reveal) w1 = L.x + L.w - c1;
    lsr_r_text(ui, F_SMALL_BOLD, "DECISION", c0, y, w0, th->muted);
    lsr_r_text(ui, F_SMALL_BOLD, vs->cls.on ? "THE CLASS'S CHOICE" : "YOUR CHOICE", c1, y, w1, th->muted);
    if (reveal) {
        lsr_r_text(ui, F_SMALL_BOLD, "THE LEFT SRs", c2, y, w2, th->muted);
        lsr_r_text(ui, F_SMALL_BOLD, "NOTE AND SOURCES", c3, y, w3, th->muted);
    }
    y += lsr_r_line_h(ui, F_SMALL_BOLD) + PX(8);
    y += rule(ui, L.x, y, L.w) + PX(12);
    size_t n = lsr_game_trace_len(vs->g);
    for (size_t i = 0; i < n; i++) {
        const LsrTraceEntry *te = lsr_game_trace(vs->g, i);
        const LsrStep *st = &sc->steps[te->step];
        char d[64], yours[512], hist[512], src[1024] = "";
        lsr_date_format(st->date, d, sizeof d);
        if (st->type == LSR_STEP_DECISION) {
            snprintf(yours, sizeof yours, "%s%s", te->choice == st->hist_choice ? "✓ " : "",
                     tx(vs, &sc->choices[st->choices_first + te->choice].label));
            snprintf(hist, sizeof hist, "%s", tx(vs, &sc->choices[st->choices_first + st->hist_choice].label));
        } else {
            snprintf(yours, sizeof yours, "Vote %s: %d–%d–%d", te->passed ? "passed" : "failed", (int)te->vote[0],
                     (int)te->vote[1], (int)te->vote[2]);
            if (st->hist_tally[0] >= 0)
                snprintf(hist, sizeof hist, "Vote %s: %d–%d–%d", st->hist_pass == 1 ? "passed" : "failed",
                         (int)st->hist_tally[0], (int)st->hist_tally[1], (int)st->hist_tally[2]);
            else
                snprintf(hist, sizeof hist, "—");
        }
        for (uint32_t k = 0; k < st->n_sources; k++) {
            const LsrSource *so = &sc->sources[sc->source_refs[st->sources_first + k]];
            char one[300];
            snprintf(one, sizeof one, "%s%s (%s)", k ? "; " : "Sources: ", so->title, so->author);
            strncat(src, one, sizeof src - strlen(src) - 1);
        }
        int ya = lsr_r_text(ui, F_SMALL, d, c0, y, w0, th->muted);
        ya += lsr_r_text(ui, F_UI_BOLD, tx(vs, &st->title), c0, y + ya + PX(2), w0, th->ink) + PX(2);
        bool match = st->type == LSR_STEP_DECISION && te->choice == st->hist_choice;
        int yb = lsr_r_text(ui, F_UI, yours, c1, y, w1, match ? th->good : th->ink);
        char tl[400];
        if (tally_line(vs, te, tl, sizeof tl)) yb += PX(4) + lsr_r_text(ui, F_SMALL, tl, c1, y + yb + PX(4), w1, th->muted);
        int yc = 0, yd = 0;
        if (reveal) {
            yc = lsr_r_text(ui, F_UI, hist, c2, y, w2, th->ink);
            yd = lsr_r_paras(ui, F_SMALL, tx(vs, &st->note), c3, y, w3, th->ink);
            const char *dis = tx(vs, &st->disagreement);
            if (dis[0]) {
                char dbuf[2048];
                snprintf(dbuf, sizeof dbuf, "Sources disagree: %s", dis);
                yd += PX(6) + lsr_r_text(ui, F_SMALL, dbuf, c3, y + yd + PX(6), w3, th->muted);
            }
            if (src[0]) yd += PX(6) + lsr_r_text(ui, F_SMALL, src, c3, y + yd + PX(6), w3, th->muted);
        }
        int rh = ya;
        if (yb > rh) rh = yb;
        if (yc > rh) rh = yc;
        if (yd > rh) rh = yd;
        y += rh + PX(12);
        y += rule(ui, L.x, y, L.w) + PX(12);
    }
    if (!reveal)
        y += lsr_r_text(ui, F_ITALIC, "History notes are hidden (Settings → Reveal history).", L.x, y, L.w,
                        th->muted) + PX(8);
    lsr_r_view_end(ui, y + PX(32));
    if (vs->cls.on) {
        FootBtn fb[3] = { { "Export report  E", A_EXPORT, 0 }, { "Step back  U", A_STEP_BACK, 0 },
                          { "To the epilogue", A_TO_ENDING, 0 } };
        footer(ui, "PageUp/PageDown scroll · Enter continue", fb, 3);
        return;
    }
    FootBtn fb[1] = { { "To the epilogue", A_TO_ENDING, 0 } };
    footer(ui, "PageUp/PageDown or wheel scroll · Enter continue", fb, 1);
}

/* ------------------------------------------------------------- ending */

static void draw_ending(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrEnding *e = lsr_game_ending(vs->g);
    header(ui, vs, tx(vs, &sc->title), true);
    Layout L = layout(ui, 0);
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
    y += kicker(ui, e->historical ? "Epilogue · the historical ending" : "Epilogue · another history", L.x, y, L.w) + PX(10);
    y += lsr_r_text(ui, F_H1, tx(vs, &e->title), L.x, y, L.w, th->ink) + PX(16);
    lsr_r_fill(ui, (SDL_Rect){ L.x, y, PX(64), PX(3) }, th->accent);
    y += PX(28);
    y += lsr_r_paras(ui, F_BODY, tx(vs, &e->epilogue), L.x, y, L.w, th->ink) + PX(28);
    if (!e->historical && vs->settings->reveal != LSR_REVEAL_NEVER && sc->historical_ending < sc->n_endings) {
        const LsrEnding *h = &sc->endings[sc->historical_ending];
        y += rule(ui, L.x, y, L.w) + PX(22);
        y += kicker(ui, "What really happened", L.x, y, L.w) + PX(8);
        y += lsr_r_text(ui, F_H2, tx(vs, &h->title), L.x, y, L.w, th->ink) + PX(12);
        y += lsr_r_paras(ui, F_BODY, tx(vs, &h->epilogue), L.x, y, L.w, th->muted) + PX(24);
    }
    bool more = vs->cp && vs->part + 1 < vs->cp->n_parts;
    if (vs->cp && !more) {
        uint32_t ends[32];
        for (uint32_t i = 0; i < vs->part && i < 32; i++) ends[i] = vs->cp_endings[i];
        if (vs->part < 32) ends[vs->part] = (uint32_t)(e - sc->endings);
        const LsrText *ep = lsr_campaign_epilogue(vs->cp, ends, lsr_game_state(vs->g) + 1);
        if (ep) {
            y += rule(ui, L.x, y, L.w) + PX(22);
            y += kicker(ui, "The end of the campaign", L.x, y, L.w) + PX(8);
            y += lsr_r_text(ui, F_H2, tx(vs, &vs->cp->title), L.x, y, L.w, th->ink) + PX(12);
            y += lsr_r_paras(ui, F_BODY, tx(vs, ep), L.x, y, L.w, th->ink) + PX(24);
        }
    }
    lsr_r_view_end(ui, y + PX(32));
    if (more) {
        char next[200];
        snprintf(next, sizeof next, "Next: %s", tx(vs, &vs->cp->parts[vs->part + 1].scenario->title));
        FootBtn fb[2] = { { "Title screen", A_TITLE, 0 }, { next, A_NEXT_PART, 0 } };
        footer(ui, "Enter continue the campaign", fb, 2);
    } else {
        FootBtn fb[2] = { { "Quit", A_QUIT, 0 }, { "Title screen", A_TITLE, 0 } };
        footer(ui, "Enter return to the title screen", fb, 2);
    }
}

/* ----------------------------------------------------------- settings */

static int setting_row(LsrUi *ui, const Layout *L, int y, const char *name, const char *desc,
                       const char *const *labels, int n, int current, int action, const int *args) {
    const LsrThemeColors *th = &ui->th;
    bool stack = narrow(ui);
    int lw = stack ? L->w : L->w * 34 / 100;
    int y0 = y;
    int ly = y;
    ly += lsr_r_text(ui, F_UI_BOLD, name, L->x, ly, lw, th->ink) + PX(4);
    ly += lsr_r_text(ui, F_SMALL, desc, L->x, ly, lw - PX(16), th->muted);
    int cx = stack ? L->x : L->x + lw, cw = stack ? L->w : L->w - lw;
    int cy = stack ? ly + PX(10) : y;
    int gap = PX(8), bw = (cw - gap * (n - 1)) / n, bh = PX(44);
    ui->center_labels = true;
    for (int i = 0; i < n; i++) {
        SDL_Rect r = { cx + i * (bw + gap), cy, bw, bh };
        lsr_r_button(ui, r, labels[i], NULL, NULL, action, args ? args[i] : i, true, i == current);
    }
    ui->center_labels = false;
    int bottom = cy + bh > ly ? cy + bh : ly;
    y = bottom + PX(20);
    rule(ui, L->x, y, L->w);
    return y + PX(20) - y0;
}

static void draw_settings(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    header(ui, vs, "Settings", false);
    Layout L = layout(ui, 0);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    y += kicker(ui, "Settings", L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, "Settings", L.x, y, L.w, th->ink) + PX(28);
    char size[32];
    snprintf(size, sizeof size, "Text %d%%", vs->settings->text_pct);
    const char *sz[3] = { "Smaller  Ctrl −", size, "Larger  Ctrl +" };
    int szargs[3] = { -10, 0, 10 };
    y += setting_row(ui, &L, y, "Text size", "Scales all text; the layout reflows.", sz, 3, -1, A_TEXT_SIZE, szargs);
    const char *fs[2] = { "Window", "Full screen  F11" };
    int fsargs[2] = { 0, 1 };
    y += setting_row(ui, &L, y, "Display", "Full screen uses the whole desktop.", fs, 2,
                     vs->settings->fullscreen ? 1 : 0, A_FULLSCREEN, fsargs);
    const char *tl[3] = { "Light", "Dark", "High contrast" };
    y += setting_row(ui, &L, y, "Theme", "Paper and ink, night reading, or maximum contrast.", tl, 3,
                     (int)vs->settings->theme, A_THEME, NULL);
    const char *rl[3] = { "Each decision", "At the end", "Never" };
    y += setting_row(ui, &L, y, "Reveal history", "When to show what the Left SRs really did, and why.", rl, 3,
                     (int)vs->settings->reveal, A_REVEAL, NULL);
    char where[LSR_PATH_MAX + 64];
    const char *home = getenv("HOME");
    size_t hl = home ? strlen(home) : 0;
    if (!vs->settings_path[0])
        snprintf(where, sizeof where, "Settings cannot be saved: no home folder.");
    else if (hl > 1 && strncmp(vs->settings_path, home, hl) == 0 && vs->settings_path[hl] == '/')
        snprintf(where, sizeof where, "Saved automatically in ~%s", vs->settings_path + hl);
    else
        snprintf(where, sizeof where, "Saved automatically.");
    y += lsr_r_text(ui, F_SMALL, where, L.x, y, L.w, th->muted);
    lsr_r_view_end(ui, y + PX(32));
    FootBtn fb[1] = { { "Back", A_BACK, 0 } };
    footer(ui, "↑↓ move · Enter select · Esc back", fb, 1);
}

static void draw_error(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    header(ui, vs, "Something went wrong", false);
    Layout L = layout(ui, 0);
    int y = L.top + PX(48);
    y += kicker(ui, "Cannot continue", L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, "The game cannot go on", L.x, y, L.w, th->ink) + PX(18);
    lsr_r_text(ui, F_BODY, vs->error, L.x, y, L.w, th->ink);
    FootBtn fb[1] = { { "Title screen", A_TITLE, 0 } };
    footer(ui, NULL, fb, 1);
}

/* --------------------------------------------------------------- menu */

static void draw_menu(LsrUi *ui) {
    const LsrThemeColors *th = &ui->th;
    SDL_Color shade = th->shade;
    shade.a = 160;
    lsr_r_fill(ui, (SDL_Rect){ 0, 0, ui->out_w, ui->out_h }, shade);
    ui->n_items = 0;  /* what lies under the menu is not clickable */
    int w = PX(420), pad = PX(28), bh = PX(48), gap = PX(10);
    if (w > ui->out_w - PX(40)) w = ui->out_w - PX(40);
    int h = pad + lsr_r_line_h(ui, F_H2) + PX(18) + 4 * bh + 3 * gap + pad;
    SDL_Rect r = { (ui->out_w - w) / 2, (ui->out_h - h) / 2, w, h };
    lsr_r_fill(ui, r, th->bg);
    lsr_r_fill(ui, (SDL_Rect){ r.x, r.y, r.w, PX(5) }, th->accent);
    lsr_r_frame(ui, r, th->rule, 1);
    int y = r.y + pad;
    y += lsr_r_text(ui, F_H2, "Paused", r.x + pad, y, w - 2 * pad, th->ink) + PX(18);
    struct { const char *l; int a; } b[4] = { { "Resume", A_RESUME }, { "Settings", A_SETTINGS },
                                              { "Title screen (progress is saved)", A_TITLE }, { "Quit", A_QUIT } };
    for (int i = 0; i < 4; i++) {
        lsr_r_button(ui, (SDL_Rect){ r.x + pad, y, w - 2 * pad, bh }, b[i].l, NULL, NULL, b[i].a, 0, true, i == 0);
        y += bh + gap;
    }
    ui->primary_action = A_RESUME;
    ui->primary_arg = 0;
}


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
    panel_bg(ui, (SDL_Rect){ x, y, w, h });
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
static int vote_row(LsrUi *ui, const LsrView *vs, const Layout *L, int y, uint32_t i, int leader) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrStep *st = lsr_game_step(vs->g);
    const LsrChoice *c = &sc->choices[st->choices_first + i];
    LsrChoiceState cs = lsr_game_choice_state(vs->g, i);
    bool ok = cs == LSR_CHOICE_AVAILABLE, sel = vs->cls.sel == (int)i;
    char badge[4] = { (char)('A' + (int)i), 0 }, detail[512] = "";
    if (!ok) snprintf(detail, sizeof detail, "Not possible: %s", tx(vs, &c->reason));
    int sq = PX(52), cw = ok ? PX(96) : 0, ctrl = ok ? 2 * sq + cw + PX(16) : 0;
    int lw = L->w - ctrl;
    int h = lsr_r_button_h(ui, lw, tx(vs, &c->label), badge, detail);
    if (h < sq) h = sq;
    lsr_r_button(ui, (SDL_Rect){ L->x, y, lw, h }, tx(vs, &c->label), badge, detail, A_CLASS_SELECT, (int)i, ok, false);
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

static void draw_class_decision(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrStep *st = lsr_game_step(vs->g);
    Layout L;
    int y = decision_head(ui, vs, &L, " · class vote", 360);
    const bool *tied = vs->cls.tied;
    int leader = vs->cls.leader;
    uint32_t total = 0;
    for (uint32_t i = 0; i < st->n_choices && i < 16; i++) total += vs->cls.votes[i];
    char k[200];
    if (total == 0) snprintf(k, sizeof k, "The class votes");
    else if (leader >= 0) snprintf(k, sizeof k, "The class votes · %u so far · %c leads", total, 'A' + leader);
    else snprintf(k, sizeof k, "The class votes · %u so far · a tie", total);
    y += kicker(ui, k, L.x, y, L.w) + PX(14);
    for (uint32_t i = 0; i < st->n_choices && i < 16; i++) {
        if (lsr_game_choice_state(vs->g, i) == LSR_CHOICE_HIDDEN) continue;
        y += vote_row(ui, vs, &L, y, i, leader) + PX(14);
    }
    int py = L.two_col ? L.top + PX(36) : y + PX(24);
    if (vs->cls.timer_len_s > 0) {
        int x = L.two_col ? L.px : L.x, w = L.two_col ? L.pw : L.w;
        py += timer_card(ui, vs, x, py, w) + PX(20);
    }
    py += side_panel(ui, vs, &L, py, lsr_game_state(vs->g) + 1, NULL, lsr_game_step_index(vs->g), "State of affairs");
    lsr_r_view_end(ui, (L.two_col ? (y > py ? y : py) : py) + PX(32));
    FootBtn fb[2] = { { "Step back  U", A_STEP_BACK, 0 }, { "Take the class's choice", A_CLASS_TAKE, 0 } };
    bool can_back = vs->can_step_back;
    footer(ui, "A–I pick a choice · 0–9 type its count · +/− step · Enter take the vote · T timer · P pause",
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
        if (tied[i]) h += lsr_r_button_h(ui, iw, tx(vs, &sc->choices[st->choices_first + i].label), "A", NULL) + gap;
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
        const char *label = tx(vs, &sc->choices[st->choices_first + i].label);
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
static void draw_reveal(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    const LsrTraceEntry *te = shown_entry(ui, vs, "what really happened");
    if (!te) return;
    const LsrStep *st = &sc->steps[te->step];
    Layout L = layout(ui, 0);
    if (!narrow(ui)) {
        L.w = ui->out_w - 2 * L.margin;
        if (L.w > PX(1100)) L.w = PX(1100);
        L.x = (ui->out_w - L.w) / 2;
    }
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(32);
    char dp[512];
    date_place(vs, st, dp, sizeof dp);
    y += kicker(ui, dp, L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, tx(vs, &st->title), L.x, y, L.w, th->ink) + PX(10);
    if (st->type == LSR_STEP_DECISION) {
        char mine[600], tl[400];
        snprintf(mine, sizeof mine, "The class chose %c: %s", 'A' + (int)te->choice,
                 tx(vs, &sc->choices[st->choices_first + te->choice].label));
        y += lsr_r_text(ui, F_UI_BOLD, mine, L.x, y, L.w, th->muted) + PX(4);
        if (tally_line(vs, te, tl, sizeof tl)) y += lsr_r_text(ui, F_UI, tl, L.x, y, L.w, th->muted) + PX(4);
    }
    y += PX(12);
    y += history_note(ui, vs, te, L.x, y, L.w);
    lsr_r_view_end(ui, y + PX(32));
    LsrPhase ph = lsr_game_phase(vs->g);
    FootBtn fb[2] = { { "Back  R", A_SHOW_REVEAL, 0 }, { ph == LSR_PHASE_ENDED ? "To the debrief" : "Continue", A_NEXT, 0 } };
    footer(ui, "Enter continue · PageUp/PageDown scroll · P pause", fb, 2);
}

static void draw_pause(LsrUi *ui) {
    const LsrThemeColors *th = &ui->th;
    lsr_r_fill(ui, (SDL_Rect){ 0, 0, ui->out_w, ui->out_h }, th->bg);
    ui->n_items = 0;
    lsr_r_fill(ui, (SDL_Rect){ 0, 0, ui->out_w, PX(8) }, th->accent);
    int lh = lsr_r_line_h(ui, F_HUGE);
    int y = ui->out_h / 2 - lh;
    y += lsr_r_text_in(ui, F_HUGE, "Paused", 0, y, ui->out_w, th->ink, 1) + PX(16);
    lsr_r_text_in(ui, F_H2, "Press P to go on", 0, y, ui->out_w, th->muted, 1);
    ui->primary_action = A_PAUSE;
    ui->primary_arg = 0;
}

void lsr_screens_draw(LsrUi *ui, const LsrView *vs) {
    bool game = vs->g != NULL;
    switch (vs->screen) {
    case LSR_SCR_TITLE: draw_title(ui, vs); break;
    case LSR_SCR_PICKER: draw_picker(ui, vs); break;
    case LSR_SCR_BRIEFING: if (vs->sc) draw_briefing(ui, vs); break;
    case LSR_SCR_DECISION: if (game && lsr_game_step(vs->g)) draw_decision(ui, vs); break;
    case LSR_SCR_VOTE: if (game) draw_vote(ui, vs); break;
    case LSR_SCR_CONSEQUENCE: if (game) draw_consequence(ui, vs); break;
    case LSR_SCR_DEBRIEF: if (game) draw_debrief(ui, vs); break;
    case LSR_SCR_ENDING: if (game) draw_ending(ui, vs); break;
    case LSR_SCR_SETTINGS: draw_settings(ui, vs); break;
    case LSR_SCR_ERROR: draw_error(ui, vs); break;
    case LSR_SCR_REVEAL: if (game) draw_reveal(ui, vs); break;
    case LSR_SCR_COUNT: break;
    }
    if (vs->cls.paused) draw_pause(ui);
    else if (vs->menu_open) draw_menu(ui);
}
