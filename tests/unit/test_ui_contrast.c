/* Contrast and text size of the game window: every pair of text and
 * background colours of every theme reads at 4.5:1 or more (WCAG 2
 * relative luminance; 3:1 for large text), and no text is drawn under
 * 14 px in a 1024×768 window at the normal text size. */
#ifndef LSR_HAVE_SDL
#include <stdio.h>
int main(void) {
    puts("test_ui_contrast: SKIPPED: built without SDL (ctest reports it as skipped)");
    return 77;
}
#else

#include "check.h"
#include "sdl/internal.h"
#include "ui_drive.h"

#include <math.h>
#include <stdlib.h>
#include <sys/stat.h>

static double channel(Uint8 v) {
    double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(SDL_Color c) { return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b); }

static double contrast(SDL_Color a, SDL_Color b) {
    double x = luminance(a), y = luminance(b);
    return x > y ? (x + 0.05) / (y + 0.05) : (y + 0.05) / (x + 0.05);
}

/* The formula itself, on the values WCAG gives. */
static void test_formula(void) {
    SDL_Color black = { 0, 0, 0, 255 }, white = { 255, 255, 255, 255 }, grey = { 0x76, 0x76, 0x76, 255 };
    CHECK(fabs(contrast(black, white) - 21.0) < 0.01);
    CHECK(fabs(contrast(grey, white) - 4.54) < 0.01);
    CHECK(fabs(contrast(white, white) - 1.0) < 0.001);
}

typedef struct Pair { const char *what; size_t ink, bg; bool large; } Pair;

#define C(f) offsetof(LsrThemeColors, f)

/* Every text colour the screens draw on each background they draw it on. */
static const Pair pairs[] = {
    { "body text", C(ink), C(bg), false },           { "text in panels", C(ink), C(panel), false },
    { "secondary text", C(muted), C(bg), false },    { "secondary text in panels", C(muted), C(panel), false },
    { "button label", C(btn_ink), C(btn), false },   { "button label, hovered", C(btn_ink), C(btn_hover), false },
    { "button detail", C(muted), C(btn), false },    { "button detail, hovered", C(muted), C(btn_hover), false },
    { "primary button", C(on_accent), C(accent), false },
    { "kicker", C(accent), C(bg), false },           { "kicker in panels", C(accent), C(panel), false },
    { "reason under a disabled choice", C(disabled_ink), C(disabled_bg), false },
    { "gain", C(good), C(bg), false },               { "loss", C(bad), C(bg), false },
    { "gain in panels", C(good), C(panel), false },  { "loss in panels", C(bad), C(panel), false },
    { "glossary term, focused", C(ink), C(btn_hover), false },
    { "historical value marker", C(hist), C(panel), true },
};

static SDL_Color at(const LsrThemeColors *t, size_t off) { return *(const SDL_Color *)((const char *)t + off); }

static void test_themes(void) {
    static const char *const names[3] = { "light", "dark", "high contrast" };
    LsrUi *ui = calloc(1, sizeof *ui);
    if (!ui) return;
    for (int th = 0; th < 3; th++) {
        ui->settings.theme = (LsrTheme)th;
        lsr_r_theme(ui);
        for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
            double c = contrast(at(&ui->th, pairs[i].ink), at(&ui->th, pairs[i].bg));
            double need = pairs[i].large ? 3.0 : 4.5;
            if (c < need) fprintf(stderr, "%s theme: %s at %.2f:1, needs %.1f:1\n", names[th], pairs[i].what, c, need);
            CHECK(c >= need);
        }
        /* the title cover's secondary text, mixed from its two colours */
        SDL_Color soft = lsr_r_mix(ui->th.on_accent, ui->th.accent, 0.12f);
        CHECK(contrast(soft, ui->th.accent) >= 4.5);
    }
    free(ui);
}

/* Every role's pixel size at 1024×768 (and at the smallest window) is at
 * least 14, in each screen's frame. */
static void test_sizes(int w, int h) {
    LsrPlayOptions o;
    memset(&o, 0, sizeof o);
    o.width = w;
    o.height = h;
    o.no_save = true;
    LsrUi *ui = NULL;
    char err[256];
    CHECK_EQ_INT(lsr_ui_create(&o, &ui, err, sizeof err), 0);
    if (!ui) return;
    pump(ui);
    for (int f = 0; f < F_COUNT; f++) {
        lsr_r_font(ui, f);
        if (ui->font_px[f] < 14) fprintf(stderr, "%dx%d: font role %d at %d px\n", w, h, f, ui->font_px[f]);
        CHECK(ui->font_px[f] >= 14);
    }
    lsr_ui_destroy(ui);
}

int main(void) {
    if (!getenv("SDL_VIDEODRIVER")) setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    char env[1100];
    snprintf(env, sizeof env, "%s/ui-contrast-test", LSR_BINARY_DIR);
    mkdir(env, 0755);
    setenv("XDG_CONFIG_HOME", env, 1);
    if (!getenv("LEFTSR_DATA")) setenv("LEFTSR_DATA", LSR_SOURCE_DIR, 1);
    test_formula();
    test_themes();
    test_sizes(1024, 768);
    test_sizes(800, 600);
    return check_report("test_ui_contrast");
}

#endif
