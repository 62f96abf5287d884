/* Colours everyone can read: the seat diagram's bloc colours stay apart
 * with normal vision and under simulated protanopia, deuteranopia and
 * tritanopia (Machado, Oliveira & Fernandes 2009, severity 1, applied in
 * linear RGB; distance ΔE76 in CIELAB, D65), in every theme and for every
 * bundled scenario; and the high-contrast theme keeps 4.5:1 or more (WCAG
 * relative luminance) for every text and element on its background, bloc
 * colours included. Computed from the theme colours the window uses. */
#ifndef LSR_HAVE_SDL
#include <stdio.h>
int main(void) {
    puts("test_ui_palette: SKIPPED: built without SDL (ctest reports it as skipped)");
    return 77;
}
#else

#include "check.h"
#include "sdl/widgets.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The minimum distance asserted between any two blocs, in ΔE76. */
#define MIN_DELTA_E 15.0
#define MIN_CONTRAST 4.5

static const double machado[4][3][3] = {
    { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
    { { 0.152286, 1.052583, -0.204868 }, { 0.114503, 0.786281, 0.099216 }, { -0.003882, -0.048116, 1.051998 } },
    { { 0.367322, 0.860646, -0.227968 }, { 0.280085, 0.672501, 0.047413 }, { -0.011820, 0.042940, 0.968881 } },
    { { 1.255528, -0.076749, -0.178779 }, { -0.078411, 0.930809, 0.147602 }, { 0.004733, 0.691367, 0.303900 } },
};
static const char *const vision[4] = { "normal", "protanopia", "deuteranopia", "tritanopia" };
static const char *const theme_names[3] = { "light", "dark", "contrast" };

static double lin(int c) {
    double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double luminance(SDL_Color c) { return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b); }

static double contrast(SDL_Color a, SDL_Color b) {
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static double lab_f(double t) { return t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116; }

/* c as seen with vision k, in CIELAB. */
static void seen(SDL_Color c, int k, double lab[3]) {
    double l[3] = { lin(c.r), lin(c.g), lin(c.b) }, s[3];
    for (int i = 0; i < 3; i++) {
        s[i] = machado[k][i][0] * l[0] + machado[k][i][1] * l[1] + machado[k][i][2] * l[2];
        if (s[i] < 0) s[i] = 0;
        if (s[i] > 1) s[i] = 1;
    }
    double X = 0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2];
    double Y = 0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2];
    double Z = 0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2];
    double fx = lab_f(X / 0.95047), fy = lab_f(Y), fz = lab_f(Z / 1.08883);
    lab[0] = 116 * fy - 16;
    lab[1] = 500 * (fx - fy);
    lab[2] = 200 * (fy - fz);
}

static double delta_e(SDL_Color a, SDL_Color b, int k) {
    double p[3], q[3];
    seen(a, k, p);
    seen(b, k, q);
    return sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
}

static SDL_Color rgb(uint32_t v) { return (SDL_Color){ (Uint8)(v >> 16), (Uint8)(v >> 8), (Uint8)v, 255 }; }

/* The palette's and each scenario's smallest distance between two blocs. */
static void palettes(void) {
    static const char *const scen[] = { "coalition", "brest", "july" };
    LsrScenario *sc[3] = { NULL };
    for (int i = 0; i < 3; i++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/scenarios/%s.json", LSR_SOURCE_DIR, scen[i]);
        LsrDiagList d;
        lsr_diags_init(&d);
        CHECK_EQ_INT(lsr_scenario_load_file(path, &sc[i], &d), LSR_OK);
        lsr_diags_free(&d);
    }
    for (int t = 0; t < 3; t++) {
        const uint32_t *pal;
        int n = lsr_w_bloc_palette((LsrTheme)t, &pal);
        double worst[4] = { 1e9, 1e9, 1e9, 1e9 };
        for (int k = 0; k < 4; k++)
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) {
                    double e = delta_e(rgb(pal[i]), rgb(pal[j]), k);
                    if (e < worst[k]) worst[k] = e;
                }
        printf("test_ui_palette: %-8s palette, least ΔE76 between blocs: normal %.1f, protanopia %.1f, "
               "deuteranopia %.1f, tritanopia %.1f\n",
               theme_names[t], worst[0], worst[1], worst[2], worst[3]);
        for (int k = 0; k < 4; k++) {
            if (worst[k] < MIN_DELTA_E) fprintf(stderr, "%s palette: %s %.1f\n", theme_names[t], vision[k], worst[k]);
            CHECK(worst[k] >= MIN_DELTA_E);
        }
        /* each scenario's blocs get distinct palette colours */
        for (int s = 0; s < 3; s++) {
            if (!sc[s]) continue;
            SDL_Color c[64];
            lsr_w_bloc_colors((LsrTheme)t, sc[s], c);
            for (uint32_t i = 0; i < sc[s]->n_blocs; i++)
                for (uint32_t j = i + 1; j < sc[s]->n_blocs; j++)
                    for (int k = 0; k < 4; k++) {
                        double e = delta_e(c[i], c[j], k);
                        if (e < MIN_DELTA_E)
                            fprintf(stderr, "%s, %s theme, %s: %s and %s %.1f apart\n", scen[s], theme_names[t],
                                    vision[k], sc[s]->blocs[i].id, sc[s]->blocs[j].id, e);
                        CHECK(e >= MIN_DELTA_E);
                    }
        }
    }
    /* the scenario colours as given (Bolshevik red, Left SR orange) would fail */
    if (sc[0]) {
        double e = 1e9;
        for (uint32_t i = 0; i < sc[0]->n_blocs; i++)
            for (uint32_t j = i + 1; j < sc[0]->n_blocs; j++)
                for (int k = 1; k < 4; k++) {
                    double d = delta_e(rgb(sc[0]->blocs[i].color), rgb(sc[0]->blocs[j].color), k);
                    if (d < e) e = d;
                }
        printf("test_ui_palette: coalition's own bloc colours, least ΔE76 under CVD: %.1f\n", e);
        CHECK(e < MIN_DELTA_E);
    }
    for (int i = 0; i < 3; i++) lsr_scenario_free(sc[i]);
}

/* High contrast: every text and element on what it is drawn on. */
static void high_contrast(void) {
    LsrUi *ui = calloc(1, sizeof *ui);
    if (!ui) return;
    ui->settings.theme = LSR_THEME_CONTRAST;
    lsr_r_theme(ui);
    const LsrThemeColors *t = &ui->th;
    struct { const char *what; SDL_Color fg, bg; } pairs[] = {
        { "ink on bg", t->ink, t->bg },           { "ink on panel", t->ink, t->panel },
        { "muted on bg", t->muted, t->bg },       { "muted on panel", t->muted, t->panel },
        { "accent on bg", t->accent, t->bg },     { "on_accent on accent", t->on_accent, t->accent },
        { "btn_ink on btn", t->btn_ink, t->btn }, { "btn_ink on btn_hover", t->btn_ink, t->btn_hover },
        { "disabled_ink on disabled_bg", t->disabled_ink, t->disabled_bg },
        { "good on bg", t->good, t->bg },         { "bad on bg", t->bad, t->bg },
        { "bad on panel", t->bad, t->panel },     { "good on panel", t->good, t->panel },
        { "hist marker on bg", t->hist, t->bg },  { "focus ring on bg", t->focus, t->bg },
        { "rule on bg", t->rule, t->bg },         { "bar track on bg", t->track, t->bg },
        { "bar fill on panel", t->accent, t->panel },
    };
    double least = 1e9;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        double c = contrast(pairs[i].fg, pairs[i].bg);
        if (c < least) least = c;
        if (c < MIN_CONTRAST) fprintf(stderr, "high contrast: %s is %.2f:1\n", pairs[i].what, c);
        CHECK(c >= MIN_CONTRAST);
    }
    const uint32_t *pal;
    int n = lsr_w_bloc_palette(LSR_THEME_CONTRAST, &pal);
    double least_bloc = 1e9;
    for (int i = 0; i < n; i++) {
        double c = contrast(rgb(pal[i]), t->bg);
        if (c < least_bloc) least_bloc = c;
        CHECK(c >= MIN_CONTRAST);
    }
    printf("test_ui_palette: high contrast: least %.2f:1 over %zu text/element pairs, least %.2f:1 for bloc colours\n",
           least, sizeof pairs / sizeof pairs[0], least_bloc);
    free(ui);
}

int main(void) {
    palettes();
    high_contrast();
    printf("test_ui_palette: %d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
