/* The window in Russian, Spanish and French: every screen of a game of
 * coalition along history, at the desk and in classroom mode (title,
 * settings, the menu, help, backlog, glossary, map, briefing, decisions,
 * votes, consequences, the reveal, the tie panel, debrief, ending), shows
 * no label that the program's catalogue translates but that is on screen
 * in English; and in Russian every button carries Cyrillic text, so a
 * label built from English pieces cannot hide behind a format string. */
#ifndef LSR_HAVE_SDL
#include <stdio.h>
int main(void) {
    puts("test_ui_lang: SKIPPED: built without SDL (ctest reports it as skipped)");
    return 77;
}
#else

#include "check.h"
#include "i18n.h"
#include "sdl/classroom.h"
#include "sdl/internal.h"
#include "ui_drive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static LsrFit fit;
static char work[1024], save_path[1100];
static const char *lang;
static int english, latin_buttons, frames;

/* Key names and identifiers a Russian button may show in Latin letters. */
static bool latin_allowed(const char *s) {
    static const char *const ok[] = { "Esc", "Enter", "Tab", "Ctrl", "Shift", "PageUp", "PageDown", "Home", "End" };
    for (const char *p = s; *p;) {
        while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) p++;
        const char *w = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) p++;
        size_t n = (size_t)(p - w);
        if (n < 2) continue;   /* a key letter (U, L, F1) */
        bool found = false;
        for (size_t i = 0; i < sizeof ok / sizeof ok[0] && !found; i++) found = strlen(ok[i]) == n && !strncmp(ok[i], w, n);
        if (!found) return false;
    }
    return true;
}

static bool has_cyrillic(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p == 0xD0 || *p == 0xD1) && (p[1] & 0xC0) == 0x80) return true;
    return false;
}

/* The frame on show, at two sizes and text scales. */
static void check_screen(LsrUi *ui, const char *what) {
    static const int sizes[][3] = { { 1024, 768, 100 }, { 1920, 1080, 150 } };
    for (int si = 0; si < 2; si++) {
        lsr_ui_force_layout(ui, sizes[si][0], sizes[si][1], LSR_THEME_LIGHT, sizes[si][2]);
        lsr_ui_redraw(ui);
        frames++;
        for (size_t i = 0; i < fit.n; i++) {
            const char *t = fit.v[i].text;
            /* punctuation between glossary terms ("," ".") is no label */
            size_t letters = 0;
            for (const char *c = t; *c; c++) letters += (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z');
            if (letters >= 2 && strcmp(lsr_ui(t), t) != 0) {
                if (english++ < 30) fprintf(stderr, "%s %s: untranslated label \"%s\"\n", lang, what, t);
            }
        }
        if (strcmp(lang, "ru") != 0) continue;
        size_t n;
        const LsrUiItem *it = lsr_ui_items(ui, &n);
        for (size_t i = 0; i < n; i++) {
            if (it[i].kind != LSR_ITEM_BUTTON || has_cyrillic(it[i].text) || latin_allowed(it[i].text)) continue;
            if (latin_buttons++ < 30) fprintf(stderr, "ru %s: a button in Latin letters \"%s\"\n", what, it[i].text);
        }
    }
    lsr_ui_force_layout(ui, 1280, 720, LSR_THEME_LIGHT, 100);
    lsr_ui_redraw(ui);
}


/* Plays coalition along history, checking each kind of screen once. */
static void walk(const char *scenario, bool classroom) {
    LsrUi *ui = open_measured(scenario, false, classroom, lang, save_path, false, &fit);
    if (!ui) return;
    bool seen[LSR_SCR_COUNT] = { false };
    bool aids = false, extras = false;
    check_screen(ui, "title");
    CHECK(click(ui, _("Settings")));
    check_screen(ui, "settings");
    key(ui, SDLK_ESCAPE, 0);
    CHECK(click(ui, _("New game")));
    for (int guard = 0; guard < 200; guard++) {
        LsrScreen s = lsr_ui_screen(ui);
        const char *name = lsr_ui_screen_name(s);
        if (!seen[s]) check_screen(ui, name);
        seen[s] = true;
        if (s == LSR_SCR_DECISION) {
            if (!aids && lsr_game_trace_len(ui->g) >= 1) {
                /* the menu, help, backlog, glossary and map: each key opens one, the second key closes it */
                static const SDL_Keycode aid_keys[][2] = {
                    { SDLK_ESCAPE, SDLK_ESCAPE }, { SDLK_F1, SDLK_ESCAPE }, { SDLK_l, SDLK_ESCAPE },
                    { SDLK_g, SDLK_ESCAPE }, { SDLK_m, SDLK_m } };
                for (size_t k = 0; k < sizeof aid_keys / sizeof aid_keys[0]; k++) {
                    key(ui, aid_keys[k][0], 0);
                    bool opened = k == 0 || strcmp(screen_of(ui), "decision") != 0;
                    if (opened) check_screen(ui, k == 0 ? "menu" : screen_of(ui));
                    if (opened) key(ui, aid_keys[k][1], 0);
                    CHECK_EQ_STR(screen_of(ui), "decision");
                }
                CHECK_EQ_STR(screen_of(ui), "decision");
                aids = true;
            }
            const LsrStep *st = lsr_game_step(ui->g);
            uint32_t pick = st->hist_choice;
            if (classroom) {
                if (!extras) {
                    CHECK(raise_tie_panel(ui));   /* the teacher's panel */
                    check_screen(ui, "tie panel");
                    drop_tie_panel(ui);
                    extras = true;
                }
                lsr_class_set_votes(ui, pick, 9);
                key(ui, SDLK_RETURN, 0);
            } else {
                key(ui, (SDL_Keycode)(SDLK_1 + (int)pick), 0);
            }
        } else if (s == LSR_SCR_CONSEQUENCE && classroom) {
            key(ui, SDLK_r, 0);
            if (!seen[LSR_SCR_REVEAL]) check_screen(ui, "reveal");
            seen[LSR_SCR_REVEAL] = true;
            key(ui, SDLK_RETURN, 0);
        } else if (s == LSR_SCR_ENDING) {
            break;
        } else {
            key(ui, SDLK_RETURN, 0);
        }
    }
    CHECK_EQ_STR(screen_of(ui), "ending");
    CHECK(seen[LSR_SCR_BRIEFING] && seen[LSR_SCR_VOTE] && seen[LSR_SCR_CONSEQUENCE] && seen[LSR_SCR_DEBRIEF]);
    lsr_ui_destroy(ui);
}

int main(void) {
    snprintf(work, sizeof work, "%s/test-ui-lang", LSR_BINARY_DIR);
    mkdir(work, 0755);
    snprintf(save_path, sizeof save_path, "%s/save.json", work);
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        printf("test_ui_lang: SKIPPED: no video (%s)\n", SDL_GetError());
        return 77;
    }
    TTF_Init();
    char path[1200];
    snprintf(path, sizeof path, "%s/scenarios/coalition.json", LSR_SOURCE_DIR);
    static const char *const langs[] = { "ru", "es", "fr" };
    for (size_t li = 0; li < sizeof langs / sizeof langs[0]; li++) {
        lang = langs[li];
        CHECK(lsr_ui_set_lang(lang));
        walk(path, false);
        walk(path, true);
    }
    lsr_ui_set_lang(NULL);
    printf("test_ui_lang: %d frames in ru, es, fr: %d untranslated labels, %d Russian buttons in Latin letters\n",
           frames, english, latin_buttons);
    CHECK_EQ_INT(english, 0);
    CHECK_EQ_INT(latin_buttons, 0);
    lsr_r_fit_reset(&fit);
    free(fit.v);
    TTF_Quit();
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    printf("test_ui_lang: %d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
