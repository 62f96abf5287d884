/* The screens outside a game: title, scenario picker, settings and the
 * error screen. */
#include "i18n.h"
#include "sdl/screens.h"
#include "sdl/widgets.h"

#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- title */

/* Whether every word of s fits width w in font (else the line breaker cuts one). */
static bool words_fit(LsrUi *ui, int font, const char *s, int w) {
    char word[128];
    for (const char *p = s; *p;) {
        while (*p == ' ') p++;
        size_t n = strcspn(p, " ");
        if (n == 0) break;
        if (n >= sizeof word) return false;
        memcpy(word, p, n);
        word[n] = '\0';
        if (lsr_r_text_w(ui, font, word) > w) return false;
        p += n;
    }
    return true;
}

void lsr_screen_title(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    bool nar = lsr_w_narrow(ui);

    /* the menu first: on a narrow window the cover takes what it leaves */
    typedef struct { const char *label, *detail; int action; } MenuItem;
    MenuItem items[6];
    int n = 0;
    char newd[256], pickd[128];
    bool named = vs->sc && !vs->cp && vs->sc_has_path;
    if (vs->continue_save[0]) items[n++] = (MenuItem){ _("Continue"), vs->continue_label, A_CONTINUE };
    if (named) snprintf(newd, sizeof newd, "%s", lsr_w_tx(vs, &vs->sc->title));
    else snprintf(newd, sizeof newd, lsr_ui_n("Choose one of %d scenario", "Choose one of %d scenarios", (unsigned long)vs->n_picks), vs->n_picks);
    items[n++] = (MenuItem){ _("New game"), newd, A_NEW };
    if (named && vs->n_picks > 1) {
        snprintf(pickd, sizeof pickd, lsr_ui_n("%d bundled scenario", "%d bundled scenarios", (unsigned long)vs->n_picks), vs->n_picks);
        items[n++] = (MenuItem){ _("Another scenario"), pickd, A_PICKER };
    }
    items[n++] = (MenuItem){ _("Campaign"), _("Every scenario in order, the party's strength carried on"), A_CAMPAIGN };
    items[n++] = (MenuItem){ _("Settings"), NULL, A_SETTINGS };
    items[n++] = (MenuItem){ _("Quit"), NULL, A_QUIT };
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
    SDL_Color ink = th->on_accent, soft = lsr_r_mix(th->on_accent, th->accent, 0.12f);
    /* a double rule, like a pamphlet cover */
    int i1 = PX(nar ? 12 : 18), i2 = PX(nar ? 17 : 24);
    lsr_r_frame(ui, (SDL_Rect){ red.x + i1, red.y + i1, red.w - 2 * i1, red.h - 2 * i1 }, soft, PX(2));
    lsr_r_frame(ui, (SDL_Rect){ red.x + i2, red.y + i2, red.w - 2 * i2, red.h - 2 * i2 }, soft, 1);
    int m = nar ? PX(44) : PX(72);
    int x = red.x + m, w = red.w - 2 * m;
    int y = red.y + (nar ? PX(36) : PX(96));
    int limit = red.y + red.h - (nar ? PX(30) : m);
    LsrTextEntry *k = lsr_r_text_get(ui, F_SMALL_BOLD, _("A HISTORICAL STRATEGY GAME"), w, soft);
    /* a longer name than "The Left SRs" ("Los eseristas de izquierda") may not fit the
     * narrow cover at large text in the display face: it takes the largest heading
     * face that fits, whole words on each line */
    static const int faces[] = { F_DISPLAY, F_H1, F_H2 };
    int dface = F_DISPLAY;
    LsrTextEntry *d = NULL;
    for (size_t i = 0; i < sizeof faces / sizeof faces[0]; i++) {
        dface = faces[i];
        d = lsr_r_text_get(ui, dface, _("The Left SRs"), w, ink);
        if (d && red.y + PX(24) + d->h + PX(6) <= limit && words_fit(ui, dface, _("The Left SRs"), w)) break;
    }
    const char *sub = _("Left Socialist-Revolutionaries in the Russian Revolution, 1917–1918");
    LsrTextEntry *su = lsr_r_text_get(ui, F_ITALIC, sub, w, ink);
    if (k && d && su && y + k->h + PX(18) + d->h + PX(6) + su->h <= limit) {
        y += lsr_r_text(ui, F_SMALL_BOLD, _("A HISTORICAL STRATEGY GAME"), x, y, w, soft) + PX(18);
    } else {
        y = red.y + PX(24);
    }
    y += lsr_r_text(ui, dface, _("The Left SRs"), x, y, w, ink) + PX(6);
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
        const char *tr_s = _("“In struggle you will win your rights” — motto of the Socialist-Revolutionary Party");
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
    if (!nar) my += lsr_r_text(ui, F_H2, _("Petrograd, 1917"), mx, my, bw, th->ink) + PX(24);
    for (int i = 0; i < n; i++) {
        SDL_Rect b = { mx, my, bw, hs[i] };
        lsr_r_button(ui, b, items[i].label, NULL, items[i].detail, items[i].action, 0, true, i == 0);
        my += hs[i] + gap;
    }
    ui->primary_action = items[0].action;
    ui->primary_arg = 0;
    if (vs->lang_notice[0]) {
        /* the saved language is gone: said where the key hints go */
        LsrTextEntry *e = lsr_r_text_get(ui, F_SMALL_BOLD, vs->lang_notice, mw0 - PX(48), th->bad);
        if (e && my + PX(12) < ui->out_h - PX(16) - e->h)
            lsr_r_text(ui, F_SMALL_BOLD, vs->lang_notice, mx0 + PX(24), ui->out_h - PX(16) - e->h, mw0 - PX(48),
                       th->bad);
    } else if (!nar) {
        const char *hint = _("↑↓ move · Enter select · F11 full screen · Ctrl +/− text size");
        LsrTextEntry *e = lsr_r_text_get(ui, F_SMALL, hint, 0, th->muted);
        if (e && e->w < mw0 - PX(48) && my + PX(12) < ui->out_h - PX(40))
            lsr_r_text(ui, F_SMALL, hint, mx0 + (mw0 - e->w) / 2, ui->out_h - PX(40), 0, th->muted);
    }
}

/* ------------------------------------------------------------- picker */

void lsr_screen_picker(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    lsr_w_header(ui, vs, _("New game"), false);
    LsrLayout L = lsr_w_layout(ui, 0);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    y += lsr_w_kicker(ui, _("New game"), L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, _("Choose a turning point"), L.x, y, L.w, th->ink) + PX(10);
    y += lsr_r_text(ui, F_ITALIC, _("Each scenario is a moment when the Left SRs had to decide. "
                                  "Your choices are scored against what the party actually did."),
                    L.x, y, L.w, th->muted) + PX(28);
    for (int i = 0; i < vs->n_picks; i++) {
        const LsrScenario *sc = vs->picks[i].sc;
        if (!sc) {
            /* shown, greyed, with the reason: a broken file is not silently missing */
            const char *base = strrchr(vs->picks[i].path, '/');
            char badge[16], detail[480];
            snprintf(badge, sizeof badge, "%d", i + 1);
            snprintf(detail, sizeof detail, _("Cannot be loaded: %s"), vs->picks[i].error);
            const char *name = base ? base + 1 : vs->picks[i].path;
            int h = lsr_r_button_h(ui, L.w, name, badge, detail);
            lsr_r_button(ui, (SDL_Rect){ L.x, y, L.w, h }, name, badge, detail, A_PICK, i, false, false);
            y += h + PX(14);
            continue;
        }
        char detail[640], per[200], brief[360], badge[16], found[64];
        lsr_w_period(sc, per, sizeof per);
        if (lsr_w_endings_found(vs, sc, found, sizeof found))
            snprintf(per + strlen(per), sizeof per - strlen(per), " · %s", found);
        const char *b = lsr_w_tx(vs, &sc->briefing);
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
        int h = lsr_r_button_h(ui, L.w, lsr_w_tx(vs, &sc->title), badge, detail);
        lsr_r_button(ui, (SDL_Rect){ L.x, y, L.w, h }, lsr_w_tx(vs, &sc->title), badge, detail, A_PICK, i, true, false);
        y += h + PX(14);
    }
    if (vs->n_picks == 0)
        y += lsr_r_text(ui, F_BODY, _("No bundled scenarios were found. Start the game with a scenario file: "
                                    "leftsr play FILE.json"), L.x, y, L.w, th->ink);
    lsr_r_view_end(ui, y + PX(24));
    LsrFootBtn fb[1] = { { _("Back"), A_TITLE, 0 } };
    lsr_w_footer(ui, _("1–9 pick · ↑↓ move · Enter select · Esc back"), fb, 1);
}

/* ----------------------------------------------------------- settings */

static int setting_row(LsrUi *ui, const LsrLayout *L, int y, const char *name, const char *desc,
                       const char *const *labels, int n, int current, int action, const int *args) {
    const LsrThemeColors *th = &ui->th;
    bool stack = lsr_w_narrow(ui);
    int lw = stack ? L->w : L->w * 34 / 100;
    int y0 = y;
    int ly = y;
    ly += lsr_r_text(ui, F_UI_BOLD, name, L->x, ly, lw, th->ink) + PX(4);
    ly += lsr_r_text(ui, F_SMALL, desc, L->x, ly, lw - PX(16), th->muted);
    int cx = stack ? L->x : L->x + lw, cw = stack ? L->w : L->w - lw;
    int cy = stack ? ly + PX(10) : y;
    int gap = PX(8), bw = (cw - gap * (n - 1)) / n, bh = PX(44);
    /* the buttons side by side when every label fits its button on one
     * line, else one under the other */
    bool row = true;
    for (int i = 0; i < n; i++)
        if (lsr_r_text_w(ui, F_UI_BOLD, labels[i]) > bw - 2 * PX(12) - PX(4)) row = false;
    ui->center_labels = true;
    int by = cy;
    for (int i = 0; i < n; i++) {
        int h = lsr_r_button_h(ui, row ? bw : cw, labels[i], NULL, NULL);
        if (h < bh) h = bh;
        SDL_Rect r = row ? (SDL_Rect){ cx + i * (bw + gap), cy, bw, h } : (SDL_Rect){ cx, by, cw, h };
        lsr_r_button(ui, r, labels[i], NULL, NULL, action, args ? args[i] : i, true, i == current);
        by = row ? (cy + h > by ? cy + h : by) : by + h + gap;
    }
    if (!row) by -= gap;
    ui->center_labels = false;
    int bottom = by > ly ? by : ly;
    y = bottom + PX(20);
    lsr_w_rule(ui, L->x, y, L->w);
    return y + PX(20) - y0;
}

void lsr_screen_settings(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    lsr_w_header(ui, vs, _("Settings"), false);
    LsrLayout L = lsr_w_layout(ui, 0);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    y += lsr_w_kicker(ui, _("Settings"), L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, _("Settings"), L.x, y, L.w, th->ink) + PX(28);
    char size[32];
    snprintf(size, sizeof size, _("Text %d%%"), vs->settings->text_pct);
    const char *sz[3] = { _("Smaller  Ctrl −"), size, _("Larger  Ctrl +") };
    int szargs[3] = { -10, 0, 10 };
    y += setting_row(ui, &L, y, _("Text size"), _("Scales all text; the layout reflows."), sz, 3, -1, A_TEXT_SIZE, szargs);
    const char *fs[2] = { _("Window"), _("Full screen  F11") };
    int fsargs[2] = { 0, 1 };
    y += setting_row(ui, &L, y, _("Display"), _("Full screen uses the whole desktop."), fs, 2,
                     vs->settings->fullscreen ? 1 : 0, A_FULLSCREEN, fsargs);
    const char *tl[3] = { _("Light"), _("Dark"), _("High contrast") };
    y += setting_row(ui, &L, y, _("Theme"), _("Paper and ink, night reading, or maximum contrast."), tl, 3,
                     (int)vs->settings->theme, A_THEME, NULL);
    const char *rl[3] = { _("Each decision"), _("At the end"), _("Never") };
    y += setting_row(ui, &L, y, _("Reveal history"), _("When to show what the Left SRs really did, and why."), rl, 3,
                     (int)vs->settings->reveal, A_REVEAL, NULL);
    const char *sl[2] = { _("Off"), _("On  V") };
    y += setting_row(ui, &L, y, _("Speech"),
                     vs->speech_why[0] ? vs->speech_why
                                       : _("Reads each new screen and the focused control aloud through speech-dispatcher; "
                                         "Ctrl stops it."),
                     sl, 2, vs->settings->speech ? 1 : 0, A_SPEECH, NULL);
    /* each language by its own name, so whoever reads it can find theirs */
    static const char *const own[][2] = { { "en", "English" }, { "ru", "Русский" }, { "es", "Español" },
                                          { "fr", "Français" }, { "de", "Deutsch" }, { "uk", "Українська" } };
    const char *ll[8];
    int lcur = -1;
    for (int i = 0; i < vs->n_langs && i < 8; i++) {
        ll[i] = vs->langs[i];
        for (size_t k = 0; k < sizeof own / sizeof own[0]; k++)
            if (strcmp(own[k][0], vs->langs[i]) == 0) ll[i] = own[k][1];
        if (strcmp(vs->langs[i], vs->ui_lang) == 0) lcur = i;
    }
    if (vs->n_langs > 1)
        y += setting_row(ui, &L, y, _("Language"),
                         vs->lang_notice[0] ? vs->lang_notice : _("The game's words and the scenario's text."), ll,
                         vs->n_langs < 8 ? vs->n_langs : 8, lcur, A_LANG, NULL);
    char where[LSR_PATH_MAX + 64];
    const char *home = getenv("HOME");
    size_t hl = home ? strlen(home) : 0;
    if (!vs->settings_path[0])
        snprintf(where, sizeof where, _("Settings cannot be saved: no home folder."));
    else if (hl > 1 && strncmp(vs->settings_path, home, hl) == 0 && vs->settings_path[hl] == '/')
        snprintf(where, sizeof where, _("Saved automatically in ~%s"), vs->settings_path + hl);
    else
        snprintf(where, sizeof where, _("Saved automatically."));
    y += lsr_r_text(ui, F_SMALL, where, L.x, y, L.w, th->muted);
    lsr_r_view_end(ui, y + PX(32));
    LsrFootBtn fb[1] = { { _("Back"), A_BACK, 0 } };
    lsr_w_footer(ui, _("↑↓ move · Enter select · Esc back"), fb, 1);
}

/* ------------------------------------------------------ game in progress */

/* Asked before a new game would put a save of the same scenario aside:
 * where that game stands, then Continue (Enter), New game, Back (Esc). */
void lsr_screen_saved(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrAsk *a = vs->ask;
    const LsrScenario *sc = vs->ask_sc;
    lsr_w_header(ui, vs, _("Game in progress"), false);
    LsrLayout L = lsr_w_layout(ui, 0);
    /* a reading column; the projector's large type gets the whole width */
    int w = L.w > PX(760) && !vs->cls.on ? PX(760) : L.w;
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    y += lsr_w_kicker(ui, _("Saved game"), L.x, y, w) + PX(8);
    y += lsr_r_text(ui, F_H1, _("You have a game in progress"), L.x, y, w, th->ink) + PX(10);
    if (sc) y += lsr_r_text(ui, F_H3, lsr_w_tx(vs, &sc->title), L.x, y, w, th->ink) + PX(12);

    /* where it stands: the step (or ending), its date, decisions, when saved */
    char line[600], when[40];
    if (sc && a->step >= 0 && (uint32_t)a->step < sc->n_steps) {
        const LsrStep *st = &sc->steps[a->step];
        char dp[300];
        lsr_w_date_place(vs, st, dp, sizeof dp);
        y += lsr_r_text(ui, F_SMALL_BOLD, dp, L.x, y, w, th->muted) + PX(4);
        snprintf(line, sizeof line, _("At: %s"), lsr_w_tx(vs, &st->title));
        y += lsr_r_text(ui, F_BODY, line, L.x, y, w, th->ink) + PX(6);
    } else if (sc && a->ending >= 0 && (uint32_t)a->ending < sc->n_endings) {
        snprintf(line, sizeof line, _("Finished: %s"), lsr_w_tx(vs, &sc->endings[a->ending].title));
        y += lsr_r_text(ui, F_BODY, line, L.x, y, w, th->ink) + PX(6);
    }
    snprintf(when, sizeof when, "%.10s %.5s", a->saved_at, a->saved_at + (strlen(a->saved_at) > 11 ? 11 : 0));
    char made[80];
    snprintf(made, sizeof made, lsr_ui_n("%u decision made", "%u decisions made", a->n_choices), a->n_choices);
    if (a->saved_at[0]) snprintf(line, sizeof line, _("%s · saved %s UTC"), made, when);
    else snprintf(line, sizeof line, "%s", made);
    y += lsr_r_text(ui, F_BODY, line, L.x, y, w, th->muted) + PX(28);

    char newd[400];
    snprintf(newd, sizeof newd, _("Start again from the briefing; your game in progress is kept as a backup named %s"),
             a->backup);
    struct { const char *label, *detail; int action; } b[3] = {
        { _("Continue"), _("Go on from where you stopped"), A_SAVED_CONTINUE },
        { _("New game"), newd, A_SAVED_NEW },
        { _("Back"), _("Nothing is changed"), A_SAVED_BACK },
    };
    const char *keys[3] = { "C", "N", "B" };
    for (int i = 0; i < 3; i++) {
        int h = lsr_r_button_h(ui, w, b[i].label, keys[i], b[i].detail);
        lsr_r_button(ui, (SDL_Rect){ L.x, y, w, h }, b[i].label, keys[i], b[i].detail, b[i].action, 0, true, i == 0);
        y += h + PX(12);
    }
    /* the class sees the three answers at once: smaller text rather than scrolling */
    if (vs->cls.on && y > L.bottom) ui->want_shrink = true;
    lsr_r_view_end(ui, y + PX(12));
    ui->primary_action = A_SAVED_CONTINUE;
    ui->primary_arg = 0;
    lsr_w_footer(ui, _("C continue · N new game · B or Esc back · ↑↓ move · Enter select"), NULL, 0);
}

/* -------------------------------------------------------------- error */

void lsr_screen_error(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    lsr_w_header(ui, vs, _("Something went wrong"), false);
    LsrLayout L = lsr_w_layout(ui, 0);
    int y = L.top + PX(48);
    y += lsr_w_kicker(ui, _("Cannot continue"), L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, _("The game cannot go on"), L.x, y, L.w, th->ink) + PX(18);
    lsr_r_text(ui, F_BODY, vs->error, L.x, y, L.w, th->ink);
    LsrFootBtn fb[1] = { { _("Title screen"), A_TITLE, 0 } };
    lsr_w_footer(ui, NULL, fb, 1);
}

