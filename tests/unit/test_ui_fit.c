/* The fit check of the SDL window: every screen of every bundled scenario
 * (coalition, brest, july, the campaign), at the desk and in classroom
 * mode, is laid out at 800×600, 1024×768, 1280×720, 1920×1080 and
 * 3840×2160, in the three themes and at text 100/150/200 %, and in each
 *   - every label lies inside its box (its button, panel, the header band,
 *     the footer, or the column of the scrolling view),
 *   - nothing outside the header and footer runs into them,
 *   - every line fits its wrap width, and a line breaks only at a space,
 *     after a hyphen, dash or slash, or inside a word wider than the line
 *     (and then with a visible hyphen).
 * The classroom decision must also show its title, the opening of its
 * narrative, every choice with its vote counter and the timer together,
 * without scrolling, at the projector sizes.
 *
 * All of it in English, Russian, Spanish and French (the program's words
 * and the scenario's text together): Russian and French run longer. The
 * languages to check are the arguments (default: all four); ctest runs one
 * language a test so they share the cores. The sanitizer build, several
 * times slower, checks the translations at the smallest and the largest
 * size only, 800×600 and 4K (English keeps every size there).
 *
 * To stay fast the window is small: the layout is forced to each size
 * (lsr_ui_force_layout) and text is measured, never rasterised
 * (lsr_ui_measure_only). One check compares measured and rasterised
 * layouts so the shortcut cannot drift from what is drawn. */
#ifndef LSR_HAVE_SDL
#include <stdio.h>
int main(void) {
    puts("test_ui_fit: SKIPPED: built without SDL (ctest reports it as skipped)");
    return 77;
}
#else

#include "check.h"
#include "i18n.h"
#include "sdl/classroom.h"
#include "i18n.h"
#include "sdl/internal.h"
#include "sdl/session.h"
#include "ui_drive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const int sizes[][2] = { { 800, 600 }, { 1024, 768 }, { 1280, 720 }, { 1920, 1080 }, { 3840, 2160 } };
enum { N_SIZES = sizeof sizes / sizeof sizes[0] };
static const int scales[] = { 100, 150, 200 };
static const LsrTheme themes[] = { LSR_THEME_LIGHT, LSR_THEME_DARK, LSR_THEME_CONTRAST };
static const char *const theme_names[] = { "light", "dark", "contrast" };

static const char *const langs[] = { "en", "ru", "es", "fr" };
enum { N_LANGS = sizeof langs / sizeof langs[0] };
static const char *lang = "en";   /* the language of the walk under way */

static LsrFit fit;
static long combos, labels_checked;
static int fit_problems, printed;
static char work[1024], save_path[1100];

/* ----------------------------------------------------------- the checks */

static void problem(const char *where, int w, int h, int ti, int pct, const char *what, const LsrFitLabel *l) {
    fit_problems++;
    if (printed++ >= (getenv("FIT_ALL") ? 100000 : 40)) return;
    fprintf(stderr, "%s %s %dx%d %s %d%%: %s: \"%.60s\" at (%d,%d %dx%d) box (%d,%d %dx%d)\n", lang, where, w, h,
            theme_names[ti], pct, what, l->text, l->r.x, l->r.y, l->r.w, l->r.h, l->box.x, l->box.y, l->box.w,
            l->box.h);
}

static int text_w(TTF_Font *f, const char *s, size_t n) {
    char buf[4096];
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    int w = 0, h = 0;
    if (n) TTF_SizeUTF8(f, buf, &w, &h);
    return w;
}

static bool break_after(const char *p, const char *start) {
    if (p <= start) return false;
    if (p[-1] == '-' || p[-1] == '/') return true;
    return p - start >= 3 && (unsigned char)p[-3] == 0xE2 && (unsigned char)p[-2] == 0x80 &&
           ((unsigned char)p[-1] == 0x93 || (unsigned char)p[-1] == 0x94);
}

/* The lines of a wrapped label against its text: each fits the wrap
 * width, and each break is at a space, after a dash, or a hyphenated cut
 * of a word wider than the line. Returns what is wrong, NULL when fine. */
static const char *check_breaks(TTF_Font *f, const LsrFitLabel *l) {
    const char *p = l->text, *line = l->lines;
    while (*line) {
        size_t n = strcspn(line, "\n");
        if (text_w(f, line, n) > l->wrap) return "a line wider than its wrap width";
        while (*p == ' ') p++;
        if (strncmp(p, line, n) == 0) {
            p += n;
            if (*p && *p != ' ' && *p != '\n' && !break_after(p, l->text)) return "a word broken without a hyphen";
        } else if (n > 0 && line[n - 1] == '-' && strncmp(p, line, n - 1) == 0) {
            /* a cut word: it must be wider than the line */
            const char *ws = p, *we = p + n - 1;
            while (ws > l->text && ws[-1] != ' ' && ws[-1] != '\n') ws--;
            while (*we && *we != ' ' && *we != '\n') we++;
            if (text_w(f, ws, (size_t)(we - ws)) <= l->wrap) return "a word that fits the line was cut";
            p += n - 1;
        } else {
            return "the lines are not the text";
        }
        line += n;
        if (*line == '\n') line++;
        while (*p == ' ') p++;
        if (*p == '\n') p++;
    }
    while (*p == ' ') p++;
    return *p ? "text left out of the lines" : NULL;
}

static bool inside_rect(SDL_Rect a, SDL_Rect b) {
    return a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
}

/* The labels of the frame just drawn. */
static void check_frame(LsrUi *ui, const char *where, int w, int h, int ti, int pct) {
    for (size_t i = 0; i < fit.n; i++) {
        const LsrFitLabel *l = &fit.v[i];
        labels_checked++;
        bool in = l->scrolls ? l->r.x >= l->box.x && l->r.x + l->r.w <= l->box.x + l->box.w
                             : inside_rect(l->r, l->box);
        if (!in) problem(where, w, h, ti, pct, "label outside its box", l);
        if (!l->over && !l->in_view && l->region == LSR_REGION_PAGE) {
            if (fit.header_h && l->r.y < fit.header_h && l->r.y + l->r.h > 0)
                problem(where, w, h, ti, pct, "label over the header", l);
            if (fit.footer_y && l->r.y + l->r.h > fit.footer_y) problem(where, w, h, ti, pct, "label over the footer", l);
        }
        if (l->lines) {
            const char *why = check_breaks(lsr_r_font(ui, l->font), l);
            if (why) problem(where, w, h, ti, pct, why, l);
        }
    }
}

/* Whether the walk in this language lays out at size si. */
static bool size_checked(int si) {
#ifdef LSR_SANITIZED
    if (strcmp(lang, "en") != 0) return si == 0 || si == N_SIZES - 1;
#else
    (void)si;
#endif
    return true;
}

/* The screen on show at every size, scale and theme. */
static void check_all(LsrUi *ui, const char *what) {
    char where[160];
    snprintf(where, sizeof where, "%s%s", ui->cls.on ? "classroom " : "", what);
    /* 4K lays out like 1280×720 scaled three times: only the screens a
     * projector shows first (title, settings, the decisions) there */
    LsrScreen scr = lsr_ui_screen(ui);
    bool big = scr == LSR_SCR_TITLE || scr == LSR_SCR_SETTINGS || scr == LSR_SCR_DECISION;
    for (int si = 0; si < N_SIZES; si++) {
        if ((sizes[si][0] > 2000 && !big) || !size_checked(si)) continue;
        for (size_t ci = 0; ci < sizeof scales / sizeof scales[0]; ci++) {
            for (int ti = 0; ti < 3; ti++) {
                lsr_ui_force_layout(ui, sizes[si][0], sizes[si][1], themes[ti], scales[ci]);
                ui->scroll = 0;
                lsr_ui_redraw(ui);
                check_frame(ui, where, sizes[si][0], sizes[si][1], ti, scales[ci]);
                combos++;
            }
        }
    }
    /* drive on at a middle size */
    lsr_ui_force_layout(ui, 1280, 720, LSR_THEME_LIGHT, 100);
    lsr_ui_redraw(ui);
}

/* ------------------------------------------------ the classroom decision */

/* Everything the class decides by is visible together, at scroll 0. */
static void check_class_decision(LsrUi *ui) {
    static const int proj[][2] = { { 1024, 768 }, { 1280, 720 }, { 1920, 1080 }, { 3840, 2160 } };
    const LsrStep *st = lsr_game_step(ui->g);
    for (int si = 0; si < 4; si++) {
        for (int ci = 0; ci < 3; ci++) {
            int w = proj[si][0], h = proj[si][1];
            lsr_ui_force_layout(ui, w, h, LSR_THEME_CONTRAST, scales[ci]);
            ui->scroll = 0;
            lsr_ui_redraw(ui);
            SDL_Rect win = { 0, 0, w, h };
            size_t n;
            const LsrUiItem *it = lsr_ui_items(ui, &n);
            int choices = 0, counters = 0;
            bool title = false, narrative = false, timer = false;
            const char *tt = lsr_tx(&st->title, ui->opt.lang), *nt = lsr_tx(&st->narrative, ui->opt.lang);
            for (size_t i = 0; i < n; i++) {
                bool whole = !it[i].clipped && inside(it[i].r, win);
                if (it[i].kind == LSR_ITEM_BUTTON && it[i].action == A_CLASS_SELECT && whole) choices++;
                if (it[i].kind == LSR_ITEM_BUTTON && it[i].action == A_VOTE_INC && whole) counters++;
                if (it[i].kind == LSR_ITEM_TEXT && whole && strncmp(it[i].text, tt, 40) == 0) title = true;
                /* the opening of the narrative: its first lines, at least (a
                 * narrative with glossary terms is laid out line by line, in
                 * pieces around each term: its first piece then opens it) */
                size_t tl = strlen(it[i].text);
                bool opening = strncmp(it[i].text, nt, 30) == 0;
                if (!opening && tl >= 1 && tl < sizeof it[i].text - 1 && strncmp(it[i].text, nt, tl) == 0) {
                    /* a piece opens it when the next piece goes on with it */
                    size_t tl2 = i + 1 < n ? strlen(it[i + 1].text) : 0;
                    opening = tl >= 12 || (tl2 >= 2 && strncmp(it[i + 1].text, nt + tl, tl2) == 0);
                }
                if (it[i].kind == LSR_ITEM_TEXT && opening &&
                    (!it[i].clipped || it[i].r.h >= 2 * lsr_ui_body_px(ui)))
                    narrative = true;
                if (it[i].kind == LSR_ITEM_BUTTON && it[i].action == A_TIMER_TOGGLE && whole) timer = true;
            }
            uint32_t avail = 0, shown = 0;
            for (uint32_t i = 0; i < st->n_choices; i++) {
                LsrChoiceState cs = lsr_game_choice_state(ui->g, i);
                shown += cs != LSR_CHOICE_HIDDEN;
                avail += cs == LSR_CHOICE_AVAILABLE;
            }
            bool ok = choices == (int)shown && counters == (int)avail && title && narrative && timer;
            if (!ok)
                fprintf(stderr, "classroom decision \"%s\" %dx%d %d%%: %d/%u choices, %d/%u counters, title %d, "
                                "narrative %d, timer %d\n",
                        tt, w, h, scales[ci], choices, shown, counters, avail, title, narrative, timer);
            CHECK(ok);
        }
    }
    lsr_ui_force_layout(ui, 1280, 720, LSR_THEME_CONTRAST, 100);
    lsr_ui_redraw(ui);
}

/* ------------------------------------------------------------ the walks */

static LsrUi *open_ui_save(const char *scenario, bool campaign, bool classroom, bool keep_save);

static LsrUi *open_ui(const char *scenario, bool campaign, bool classroom) {
    return open_ui_save(scenario, campaign, classroom, false);
}

static LsrUi *open_ui_save(const char *scenario, bool campaign, bool classroom, bool keep_save) {
    return open_measured(scenario, campaign, classroom, strcmp(lang, "en") == 0 ? NULL : lang, save_path, keep_save,
                         &fit);
}

/* The historical choice of the decision on screen (or the first open one). */
static uint32_t hist_pick(LsrUi *ui) {
    const LsrStep *st = lsr_game_step(ui->g);
    uint32_t pick = st->hist_choice;
    if (lsr_game_choice_state(ui->g, pick) != LSR_CHOICE_AVAILABLE)
        for (pick = 0; pick < st->n_choices; pick++)
            if (lsr_game_choice_state(ui->g, pick) == LSR_CHOICE_AVAILABLE) break;
    return pick;
}

/* Plays from the title to the last ending along history, checking each
 * screen. Returns the number of screens checked. */
static int walk(const char *scenario, bool campaign, bool classroom) {
    LsrUi *ui = open_ui(scenario, campaign, classroom);
    if (!ui) return 0;
    int screens = 0, decisions = 0;
    bool menu_done = false, extras_done = false, exported = false, aids_done = false;
    check_all(ui, "title");
    screens++;
    CHECK(click(ui, _("Settings")));
    check_all(ui, "settings");
    screens++;
    key(ui, SDLK_ESCAPE, 0);
    if (campaign) {
        CHECK(click(ui, _("New game")));
        check_all(ui, "picker");
        screens++;
        key(ui, SDLK_ESCAPE, 0);
        CHECK(click(ui, _("Campaign")));
    } else {
        CHECK(click(ui, _("New game")));
    }
    for (int guard = 0; guard < 400; guard++) {
        LsrScreen s = lsr_ui_screen(ui);
        const char *name = lsr_ui_screen_name(s);
        /* the campaign plays the three scenarios again: check what differs
         * (briefings, endings, the first decision of each part) */
        bool again = campaign && s != LSR_SCR_BRIEFING && s != LSR_SCR_ENDING &&
                     !(s == LSR_SCR_DECISION && lsr_game_trace_len(ui->g) == 0);
        if (!again) {
            check_all(ui, name);
            screens++;
        }
        if (s == LSR_SCR_BRIEFING) {
            key(ui, SDLK_RETURN, 0);
        } else if (s == LSR_SCR_DECISION) {
            uint32_t pick = hist_pick(ui);
            if (!menu_done) {
                key(ui, SDLK_ESCAPE, 0);
                check_all(ui, "menu over a decision");
                screens++;
                key(ui, SDLK_ESCAPE, 0);
                menu_done = true;
                key(ui, SDLK_m, 0);   /* the full map, when the scenario has one */
                if (lsr_ui_screen(ui) != LSR_SCR_DECISION) {
                    check_all(ui, lsr_ui_screen_name(lsr_ui_screen(ui)));
                    screens++;
                    key(ui, SDLK_m, 0);
                }
                CHECK_EQ_STR(screen_of(ui), "decision");
            }
            if (!aids_done && lsr_game_trace_len(ui->g) >= 2) {
                /* the reading aids, once there is a story to look back on */
                key(ui, SDLK_F1, 0);
                check_all(ui, "help");
                key(ui, SDLK_ESCAPE, 0);
                key(ui, SDLK_l, 0);
                check_all(ui, "backlog");
                key(ui, SDLK_ESCAPE, 0);
                key(ui, SDLK_ESCAPE, 0);
                CHECK(click(ui, _("Glossary")));
                check_all(ui, "glossary");
                key(ui, SDLK_ESCAPE, 0);
                CHECK_EQ_STR(screen_of(ui), "decision");
                screens += 3;
                aids_done = true;
            }
            if (classroom) {
                if (!again) check_class_decision(ui);   /* the campaign's decisions are the scenarios' */
                if (!extras_done) {
                    key(ui, SDLK_t, 0);   /* the timer's other state */
                    check_all(ui, "decision, timer toggled");
                    key(ui, SDLK_t, 0);
                    CHECK(raise_tie_panel(ui));   /* a tie: the teacher's panel */
                    check_all(ui, "tie panel");
                    drop_tie_panel(ui);
                    screens += 2;
                }
                lsr_class_set_votes(ui, pick, 17);
                key(ui, SDLK_RETURN, 0);
            } else {
                const LsrUiItem *it = NULL;
                size_t n;
                const LsrUiItem *items = lsr_ui_items(ui, &n);
                for (size_t i = 0; i < n && !it; i++)
                    if (items[i].kind == LSR_ITEM_BUTTON && items[i].action == A_CHOOSE && items[i].arg == (int)pick) it = &items[i];
                CHECK(it != NULL);
                if (it) click_at(ui, it->r.x + it->r.w / 2, it->r.y + it->r.h / 2);
            }
            decisions++;
        } else if (s == LSR_SCR_VOTE) {
            key(ui, SDLK_RETURN, 0);
        } else if (s == LSR_SCR_CONSEQUENCE) {
            if (classroom && !extras_done && decisions == 1) {
                /* step back: its notice sits under the header */
                key(ui, SDLK_u, 0);
                CHECK(lsr_ui_class_notice(ui)[0] != '\0');
                check_all(ui, "decision after a step back");
                screens++;
                extras_done = true;
                continue;
            }
            if (classroom) {
                key(ui, SDLK_r, 0);
                CHECK_EQ_STR(screen_of(ui), "reveal");
                check_all(ui, "reveal");
                screens++;
            }
            key(ui, SDLK_RETURN, 0);
        } else if (s == LSR_SCR_REVEAL) {
            key(ui, SDLK_RETURN, 0);
        } else if (s == LSR_SCR_DEBRIEF) {
            if (classroom && !exported) {
                key(ui, SDLK_e, 0);
                check_all(ui, "debrief with the export notice");
                screens++;
                exported = true;
            }
            key(ui, SDLK_RETURN, 0);
        } else if (s == LSR_SCR_ENDING) {
            if (campaign && ui->cp && ui->part + 1 < ui->cp->n_parts) key(ui, SDLK_RETURN, 0);
            else break;
        } else {
            fprintf(stderr, "walk: unexpected screen %s\n", name);
            CHECK(false);
            break;
        }
    }
    CHECK_EQ_STR(screen_of(ui), "ending");
    if (!classroom && !campaign) {
        lsr_session_fail(ui, "%s",
                         "The save file /home/teacher/.local/share/leftsr/saves/an-unusually-long-scenario-name.json "
                         "could not be read: it was written by a newer version of the game.");
        check_all(ui, "error");
        screens++;
    }
    lsr_ui_destroy(ui);
    return screens;
}

/* The measured layout is the drawn layout: the same frame measured and
 * rasterised gives the same rectangles. */
/* The question before a new game over the save a walk left, and the
 * settings, in English and in Russian. */
static int check_saved(const char *scenario, bool classroom) {
    LsrUi *ui = open_ui_save(scenario, false, classroom, true);
    if (!ui) return 0;
    CHECK(click(ui, "New game"));
    CHECK_EQ_INT(lsr_ui_screen(ui), LSR_SCR_SAVED);
    check_all(ui, "saved-game");
    CHECK(lsr_ui_set_lang("ru"));
    check_all(ui, "saved-game (ru)");
    key(ui, SDLK_ESCAPE, 0);
    CHECK(click(ui, _("Settings")));
    check_all(ui, "settings (ru)");
    lsr_ui_set_lang("en");
    lsr_ui_destroy(ui);
    return 3;
}

static void check_measuring_is_drawing(const char *scenario) {
    LsrUi *ui = open_ui(scenario, false, false);
    if (!ui) return;
    CHECK(click(ui, "New game"));
    for (int pass = 0; pass < 2; pass++) {
        static LsrUiItem first[512];
        static size_t n_first;
        lsr_ui_measure_only(ui, pass == 0 ? &fit : NULL);
        lsr_ui_force_layout(ui, 1280, 720, LSR_THEME_DARK, 150);
        lsr_ui_redraw(ui);
        size_t n;
        const LsrUiItem *it = lsr_ui_items(ui, &n);
        if (pass == 0) {
            n_first = n < 512 ? n : 512;
            memcpy(first, it, n_first * sizeof *it);
            continue;
        }
        CHECK_EQ_INT(n, n_first);
        int diff = 0;
        for (size_t i = 0; i < n && i < n_first; i++)
            if (memcmp(&it[i].r, &first[i].r, sizeof it[i].r) != 0) {
                if (diff++ < 5)
                    fprintf(stderr, "measured \"%s\" at %d,%d %dx%d, drawn at %d,%d %dx%d\n", it[i].text, first[i].r.x,
                            first[i].r.y, first[i].r.w, first[i].r.h, it[i].r.x, it[i].r.y, it[i].r.w, it[i].r.h);
            }
        CHECK_EQ_INT(diff, 0);
    }
    lsr_ui_destroy(ui);
}

int main(int argc, char **argv) {
    /* one folder per run's languages: ctest runs the languages side by side */
    snprintf(work, sizeof work, "%s/test-ui-fit%s%s", LSR_BINARY_DIR, argc > 1 ? "-" : "", argc > 1 ? argv[1] : "");
    mkdir(work, 0755);
    snprintf(save_path, sizeof save_path, "%s/save.json", work);
    /* nothing is looked at: the plain software renderer is the cheapest */
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        printf("test_ui_fit: SKIPPED: no video (%s)\n", SDL_GetError());
        return 77;
    }
    TTF_Init();
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    static const char *const scen[] = { "coalition", "brest", "july" };
    char path[1200];
    int screens = 0;
    snprintf(path, sizeof path, "%s/scenarios/coalition.json", LSR_SOURCE_DIR);
    int n_langs = 0;
    for (int li = 0; li < N_LANGS; li++) {
        lang = langs[li];
        bool wanted = argc < 2;
        for (int a = 1; a < argc; a++) wanted = wanted || strcmp(argv[a], lang) == 0;
        if (!wanted) continue;
        n_langs++;
        CHECK(lsr_ui_set_lang(lang));
        if (strcmp(lang, "en") == 0) check_measuring_is_drawing(path);
        int problems_before = fit_problems;
        for (int classroom = 0; classroom < 2; classroom++) {
            for (int i = 0; i < 3; i++) {
                snprintf(path, sizeof path, "%s/scenarios/%s.json", LSR_SOURCE_DIR, scen[i]);
                screens += walk(path, false, classroom);
                if (i == 0 && strcmp(lang, "en") == 0) screens += check_saved(path, classroom);   /* English, then Russian */
            }
            snprintf(path, sizeof path, "%s/scenarios/campaign.json", LSR_SOURCE_DIR);
            screens += walk(path, true, classroom);
        }
        if (fit_problems > problems_before) printf("test_ui_fit: %s: %d problems\n", lang, fit_problems - problems_before);
    }
    lsr_ui_set_lang(NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(n_langs == argc - 1 || argc < 2);   /* an unknown language is a mistake, not a pass */
    printf("test_ui_fit: %d screens in %d language%s at %d sizes (4K: title, settings, decisions%s) × 3 themes × "
           "3 text sizes = %ld combinations, %ld labels, %d problems, %.1f s\n",
           screens, n_langs, n_langs == 1 ? "" : "s", N_SIZES,
#ifdef LSR_SANITIZED
           "; translations at 800×600 and 4K only",
#else
           "",
#endif
           combos, labels_checked, fit_problems, secs);
    CHECK_EQ_INT(fit_problems, 0);
    lsr_r_fit_reset(&fit);
    free(fit.v);
    TTF_Quit();
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    printf("test_ui_fit: %d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
