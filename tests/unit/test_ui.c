/* Headless tests of the SDL game window: drives the real game with
 * synthetic key presses and mouse clicks through whole scenarios, checks
 * what each screen shows and that no text leaves the window or overlaps
 * another element, and writes a PNG of every screen at two sizes. */
#ifndef LSR_HAVE_SDL
#include <stdio.h>
int main(void) {
    puts("test_ui: SKIPPED: built without SDL (ctest reports it as skipped)");
    return 77;
}
#else

#include "check.h"
#include "sdl/internal.h"
#include "ui_drive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char shots[1024], work[1024], save_path[1100], cfg[1200];

/* ------------------------------------------------------------ sessions */

static LsrPlayOptions options(int w, int h, const char *scenario) {
    LsrPlayOptions o = ui_options(scenario, w, h, save_path);
    o.screenshot_dir = shots;
    return o;
}

static LsrUi *open_ui(const LsrPlayOptions *o) {
    LsrUi *ui = NULL;
    char err[512];
    int rc = lsr_ui_create(o, &ui, err, sizeof err);
    if (rc != 0) fprintf(stderr, "lsr_ui_create: %d %s\n", rc, err);
    CHECK_EQ_INT(rc, 0);
    if (ui) pump(ui);
    return ui;
}

/* Plays one bundled scenario from the title screen to the ending; at even
 * decisions it takes the historical choice, at odd ones another. */
static void play_through(int w, int h, const char *title_needle, bool screenshots) {
    LsrPlayOptions o = options(w, h, NULL);
    if (!screenshots) o.screenshot_dir = NULL;
    remove(save_path);
    LsrUi *ui = open_ui(&o);
    if (!ui) return;
    int ow, oh;
    lsr_ui_output_size(ui, &ow, &oh);
    CHECK_EQ_INT(ow, w);
    CHECK_EQ_INT(oh, h);
    CHECK_EQ_STR(screen_of(ui), "title");
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "New game") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Campaign") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Settings") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Quit") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Continue") == NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Партия") != NULL);  /* Cyrillic renders */
    CHECK_EQ_INT(check_layout(ui, "title"), 0);

    /* nothing changes: no new frame, nothing rasterised again */
    unsigned long frames = lsr_ui_frames(ui), rast = lsr_ui_rasterised(ui);
    lsr_ui_pump(ui, 30);
    CHECK_EQ_INT(lsr_ui_frames(ui), frames);
    lsr_ui_redraw(ui);
    CHECK_EQ_INT(lsr_ui_rasterised(ui), rast);

    /* lost textures are rebuilt: the next frame rasterises the text again */
    SDL_Event reset;
    memset(&reset, 0, sizeof reset);
    reset.type = SDL_RENDER_TARGETS_RESET;
    SDL_PushEvent(&reset);
    pump(ui);
    CHECK(lsr_ui_frames(ui) > frames);
    CHECK(lsr_ui_rasterised(ui) > rast);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "New game") != NULL);

    /* settings and back */
    CHECK(click(ui, "Settings"));
    CHECK_EQ_STR(screen_of(ui), "settings");
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "High contrast") != NULL);
    CHECK_EQ_INT(check_layout(ui, "settings"), 0);
    key(ui, SDLK_ESCAPE, 0);
    CHECK_EQ_STR(screen_of(ui), "title");

    CHECK(click(ui, "New game"));
    CHECK_EQ_STR(screen_of(ui), "picker");
    CHECK(count_buttons(ui, A_PICK) >= 1);
    CHECK_EQ_INT(check_layout(ui, "picker"), 0);
    CHECK(click(ui, title_needle));
    CHECK_EQ_STR(screen_of(ui), "briefing");
    const LsrGame *g = lsr_ui_game(ui);
    CHECK(g != NULL);
    if (!g) {
        lsr_ui_destroy(ui);
        return;
    }
    const LsrScenario *sc = lsr_game_scenario(g);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, lsr_tx(&sc->title, NULL)) != NULL);
    CHECK_EQ_INT(check_layout(ui, "briefing"), 0);
    key(ui, SDLK_RETURN, 0);

    int decisions = 0, votes = 0, guard = 0;
    bool menu_checked = false, keyboard_checked = false;
    int disabled_seen = 0, contested_seen = 0;
    while (guard++ < 200) {
        const char *s = screen_of(ui);
        if (strcmp(s, "decision") == 0) {
            const LsrStep *st = lsr_game_step(g);
            CHECK(st != NULL);
            if (!st) break;
            CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, lsr_tx(&st->title, NULL)) != NULL);
            uint32_t shown = 0, first = UINT32_MAX, other = UINT32_MAX;
            for (uint32_t i = 0; i < st->n_choices; i++) {
                LsrChoiceState cs = lsr_game_choice_state(g, i);
                if (cs != LSR_CHOICE_HIDDEN) shown++;
                if (cs == LSR_CHOICE_AVAILABLE && first == UINT32_MAX) first = i;
                if (cs == LSR_CHOICE_AVAILABLE && other == UINT32_MAX && i != st->hist_choice) other = i;
            }
            if (other == UINT32_MAX) other = first;
            CHECK_EQ_INT(count_buttons(ui, A_CHOOSE), shown);
            check_layout(ui, "decision");
            for (uint32_t i = 0, digit = 0; i < st->n_choices; i++) {
                LsrChoiceState cs = lsr_game_choice_state(g, i);
                if (cs != LSR_CHOICE_HIDDEN) digit++;
                if (cs != LSR_CHOICE_DISABLED) continue;
                /* greyed, with its reason, and its key does nothing */
                size_t n_items, before = lsr_game_trace_len(g);
                const LsrUiItem *items = lsr_ui_items(ui, &n_items);
                bool greyed = false;
                for (size_t k = 0; k < n_items; k++)
                    if (items[k].kind == LSR_ITEM_BUTTON && items[k].action == A_CHOOSE && items[k].arg == (int)i)
                        greyed = !items[k].enabled;
                CHECK(greyed);
                CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "Not possible: "));
                if (!disabled_seen && screenshots) {
                    char path[1200];
                    snprintf(path, sizeof path, "%s/decision-disabled-%dx%d.png", shots, w, h);
                    CHECK(lsr_ui_save_png(ui, path));
                }
                key(ui, (SDL_Keycode)(SDLK_0 + (int)digit), 0);
                CHECK_EQ_INT(lsr_game_trace_len(g), before);
                CHECK_EQ_STR(screen_of(ui), "decision");
                disabled_seen++;
                break;
            }
            if (!menu_checked) {
                /* Esc opens the menu; only its buttons can be pressed */
                key(ui, SDLK_ESCAPE, 0);
                CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Resume") != NULL);
                CHECK_EQ_INT(count_buttons(ui, A_CHOOSE), 0);
                check_layout(ui, "menu");
                key(ui, SDLK_ESCAPE, 0);
                CHECK_EQ_INT(count_buttons(ui, A_CHOOSE), shown);
                menu_checked = true;
            }
            uint32_t pick = (decisions % 2 == 0 && lsr_game_choice_state(g, st->hist_choice) == LSR_CHOICE_AVAILABLE)
                                ? st->hist_choice : other;
            size_t before = lsr_game_trace_len(g);
            if (!keyboard_checked) {
                /* arrows move the focus down the page (through the glossary
                 * terms of the narrative, scrolling text on the way) to the
                 * choices; Enter takes the focused choice */
                size_t n_items;
                const LsrUiItem *items = NULL;
                for (int k = 0; k < 80; k++) {
                    key(ui, SDLK_DOWN, 0);
                    items = lsr_ui_items(ui, &n_items);
                    bool there = false;
                    for (size_t q = 0; q < n_items; q++)
                        there |= items[q].focused && items[q].action == A_CHOOSE && items[q].arg == (int)pick;
                    if (there) break;
                }
                /* the focused button is shown whole: focus scrolls into view */
                int focused = 0;
                for (size_t q = 0; q < n_items; q++)
                    if (items[q].focused) {
                        focused++;
                        CHECK(!items[q].clipped);
                        CHECK_EQ_INT(items[q].arg, pick);
                    }
                CHECK_EQ_INT(focused, 1);
                key(ui, SDLK_RETURN, 0);
                keyboard_checked = true;
            } else {
                /* the digit shown on the button */
                uint32_t digit = 0;
                for (uint32_t i = 0; i <= pick; i++)
                    if (lsr_game_choice_state(g, i) != LSR_CHOICE_HIDDEN) digit++;
                key(ui, (SDL_Keycode)(SDLK_0 + (int)digit), 0);
            }
            CHECK_EQ_INT(lsr_game_trace_len(g), before + 1);
            if (lsr_game_trace_len(g) == before + 1) CHECK_EQ_INT(lsr_game_trace(g, before)->choice, pick);
            CHECK_EQ_STR(screen_of(ui), "consequence");
            decisions++;
            struct stat sb;
            CHECK(stat(save_path, &sb) == 0);  /* saved after every decision */
        } else if (strcmp(s, "vote") == 0) {
            CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "THE MOTION") != NULL);
            check_layout(ui, "vote");
            CHECK(click(ui, "Count the votes"));
            CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "The motion "));
            CHECK(find_scrolling(ui, LSR_ITEM_BOX, "seat diagram"));
            CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "This vote: yes"));
            check_layout(ui, "vote (counted)");
            CHECK(click(ui, "Continue"));
            votes++;
        } else if (strcmp(s, "consequence") == 0) {
            CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "WHAT THE LEFT SRS REALLY DID") != NULL);
            const LsrTraceEntry *last = lsr_game_trace(g, lsr_game_trace_len(g) - 1);
            if (last && sc->steps[last->step].hist_contested) {
                CHECK(find_scrolling(ui, LSR_ITEM_TEXT, LSR_CONTESTED_TAG));
                contested_seen++;
            }
            check_layout(ui, "consequence");
            /* long pages scroll with PageDown and back */
            key(ui, SDLK_PAGEDOWN, 0);
            check_layout(ui, "consequence (scrolled)");
            key(ui, SDLK_HOME, 0);
            key(ui, SDLK_RETURN, 0);
        } else {
            break;
        }
    }
    CHECK(decisions >= 2);
    printf("%dx%d %s: %d decisions (%d with a disabled choice, %d contested), %d votes\n", w, h, sc->id, decisions,
           disabled_seen, contested_seen, votes);
    CHECK_EQ_STR(screen_of(ui), "debrief");
    LsrScore score;
    lsr_game_score(g, &score);
    char pct[32];
    snprintf(pct, sizeof pct, "%d%%", (int)((score.fidelity_permille + 5) / 10));
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "HISTORICAL FIDELITY") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, pct) != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "OUTCOME AGAINST HISTORY") != NULL);
    /* the score compares with the historical path, and says which values are game scales */
    if (score.n_vars) CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "historical path"));
    check_layout(ui, "debrief");
    for (int i = 0; i < 12; i++) {
        key(ui, SDLK_PAGEDOWN, 0);
        check_layout(ui, "debrief (scrolled)");
        if (i == 2 && screenshots) {
            /* the decision table, for the documentation */
            char path[1200];
            snprintf(path, sizeof path, "%s/debrief-table-%dx%d.png", shots, w, h);
            CHECK(lsr_ui_save_png(ui, path));
        }
    }
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "ending");
    const LsrEnding *e = lsr_game_ending(g);
    CHECK(e != NULL);
    if (e) CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, lsr_tx(&e->title, NULL)) != NULL);
    check_layout(ui, "ending");

    /* the smallest window reflows without overflow */
    SDL_SetWindowSize(lsr_ui_window(ui), 800, 600);
    pump(ui);
    lsr_ui_output_size(ui, &ow, &oh);
    CHECK_EQ_INT(ow, 800);
    check_layout(ui, "ending 800x600");
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "title");
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Continue") != NULL);  /* the save is offered */
    check_layout(ui, "title 800x600");
    key(ui, SDLK_q, KMOD_CTRL);
    CHECK(!lsr_ui_pump(ui, 0));
    lsr_ui_destroy(ui);
}

/* Continue resumes the save at the same point. */
static void resume_save(const char *scenario) {
    remove(save_path);
    LsrPlayOptions o = options(1280, 720, scenario);
    o.screenshot_dir = NULL;
    LsrUi *ui = open_ui(&o);
    if (!ui) return;
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Another scenario") != NULL);
    check_layout(ui, "title (scenario named)");
    CHECK(click(ui, "New game"));
    CHECK_EQ_STR(screen_of(ui), "briefing");
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    key(ui, SDLK_1, 0);
    size_t len = lsr_ui_game(ui) ? lsr_game_trace_len(lsr_ui_game(ui)) : 0;
    CHECK_EQ_INT(len, 1);
    lsr_ui_destroy(ui);

    /* the fullest title menu fits the smallest window */
    LsrPlayOptions small = o;
    small.width = 800;
    small.height = 600;
    ui = open_ui(&small);
    if (!ui) return;
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Continue") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Quit") != NULL);
    check_layout(ui, "title (save, scenario named)");
    char small_png[1200];
    snprintf(small_png, sizeof small_png, "%s/title-full-800x600.png", shots);
    CHECK(lsr_ui_save_png(ui, small_png));
    CHECK(click(ui, "Another scenario"));
    CHECK_EQ_STR(screen_of(ui), "picker");
    lsr_ui_destroy(ui);

    ui = open_ui(&o);
    if (!ui) return;
    CHECK(click(ui, "Continue"));
    CHECK(lsr_ui_game(ui) != NULL);
    if (lsr_ui_game(ui)) CHECK_EQ_INT(lsr_game_trace_len(lsr_ui_game(ui)), 1);
    CHECK(strcmp(screen_of(ui), "decision") == 0 || strcmp(screen_of(ui), "vote") == 0);

    /* text size and theme are saved in settings.json */
    key(ui, SDLK_EQUALS, KMOD_CTRL);
    key(ui, SDLK_ESCAPE, 0);
    CHECK(click(ui, "Settings"));
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Text 110%") != NULL);
    CHECK(click(ui, "Dark"));
    check_layout(ui, "settings (dark, 110%)");
    LsrSettings s;
    lsr_settings_default(&s);
    CHECK(lsr_settings_load(&s, cfg));
    CHECK_EQ_INT(s.theme, LSR_THEME_DARK);
    CHECK_EQ_INT(s.text_pct, 110);
    key(ui, SDLK_ESCAPE, 0);
    CHECK(strcmp(screen_of(ui), "decision") == 0 || strcmp(screen_of(ui), "vote") == 0);
    check_layout(ui, "decision (dark, 110%)");
    char path[1200];
    snprintf(path, sizeof path, "%s/decision-dark-1280x720.png", shots);
    CHECK(lsr_ui_save_png(ui, path));
    CHECK(click(ui, "Menu"));
    CHECK(click(ui, "Settings"));
    CHECK(click(ui, "High contrast"));
    key(ui, SDLK_ESCAPE, 0);
    CHECK(strcmp(screen_of(ui), "decision") == 0 || strcmp(screen_of(ui), "vote") == 0);
    key(ui, SDLK_ESCAPE, 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Resume") != NULL);
    snprintf(path, sizeof path, "%s/menu-contrast-1280x720.png", shots);
    CHECK(lsr_ui_save_png(ui, path));
    key(ui, SDLK_ESCAPE, 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Resume") == NULL);
    check_layout(ui, "decision (high contrast)");
    snprintf(path, sizeof path, "%s/decision-contrast-1280x720.png", shots);
    CHECK(lsr_ui_save_png(ui, path));
    lsr_ui_destroy(ui);
    remove(cfg);
}

/* The campaign starts at its first part with the campaign's briefing. */
static void campaign(void) {
    LsrPlayOptions o = options(1280, 720, NULL);
    o.screenshot_dir = NULL;
    LsrUi *ui = open_ui(&o);
    if (!ui) return;
    CHECK(click(ui, "Campaign"));
    CHECK_EQ_STR(screen_of(ui), "briefing");
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "CAMPAIGN · PART 1 OF") != NULL);
    check_layout(ui, "campaign briefing");
    key(ui, SDLK_RETURN, 0);
    CHECK(strcmp(screen_of(ui), "decision") == 0 || strcmp(screen_of(ui), "vote") == 0);
    lsr_ui_destroy(ui);
}

/* A save that cannot be written is reported on screen, not ignored. */
static void unwritable_save(void) {
    LsrPlayOptions o = options(1280, 720, NULL);
    char bad[1300];
    char file_as_dir[1200];
    snprintf(file_as_dir, sizeof file_as_dir, "%s/not-a-folder", work);
    snprintf(bad, sizeof bad, "%s/cannot/save.json", file_as_dir);  /* a file used as a folder */
    FILE *f = fopen(file_as_dir, "w");
    if (f) fclose(f);
    o.save_path = bad;
    o.screenshot_dir = NULL;
    char path[1100];
    snprintf(path, sizeof path, "%s/scenarios/coalition.json", LSR_SOURCE_DIR);
    o.scenario_path = path;
    LsrUi *ui = open_ui(&o);
    if (!ui) return;
    CHECK(click(ui, "New game"));
    key(ui, SDLK_RETURN, 0);
    key(ui, SDLK_1, 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Progress not saved") != NULL);
    check_layout(ui, "consequence (save failed)");
    lsr_ui_destroy(ui);
    remove(file_as_dir);
}

/* A new game of the scenario file `path` saving to `save`, after its first decision. */
static LsrUi *first_decision(const char *path, const char *save) {
    LsrPlayOptions o = options(1280, 720, NULL);
    o.save_path = save;
    o.screenshot_dir = NULL;
    o.scenario_path = path;
    LsrUi *ui = open_ui(&o);
    if (!ui) return NULL;
    CHECK(click(ui, "New game"));
    /* a save of this scenario: the window asks first, New game starts over */
    if (lsr_ui_screen(ui) == LSR_SCR_SAVED) CHECK(click(ui, "New game"));
    key(ui, SDLK_RETURN, 0);
    key(ui, SDLK_1, 0);
    return ui;
}

/* A new game in the window never overwrites a save silently (review
 * 2026-12 #6): the old save is kept as SAVE.old and the header says so; a
 * save of another scenario is left untouched and this game is not saved. */
static void new_game_keeps_old_save(void) {
    char save[1200], old[1300], other[1200];
    snprintf(save, sizeof save, "%s/keep/coalition.json", work);
    snprintf(old, sizeof old, "%s.old", save);
    snprintf(other, sizeof other, "%s/keep/brest-save.json", work);
    char path[1100];
    snprintf(path, sizeof path, "%s/scenarios/coalition.json", LSR_SOURCE_DIR);
    for (int round = 0; round < 2; round++) {
        LsrUi *ui = first_decision(path, save);
        if (!ui) return;
        if (round == 1) {
            CHECK(access(old, F_OK) == 0);
            CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "previous game is kept") != NULL);
        }
        lsr_ui_destroy(ui);
    }
    /* A save of brest at the --save path: never replaced by coalition. */
    LsrScenario *br = NULL;
    char bpath[1100];
    snprintf(bpath, sizeof bpath, "%s/scenarios/brest.json", LSR_SOURCE_DIR);
    CHECK_EQ_INT(lsr_scenario_load_file(bpath, &br, NULL), LSR_OK);
    LsrGame *bg = NULL;
    LsrGameOptions go = {1, NULL};
    if (br && lsr_game_create(br, &go, &bg) == LSR_OK) {
        char err[256];
        lsr_game_choose(bg, 0);
        CHECK_EQ_INT(lsr_save_write(bg, other, err, sizeof err), LSR_OK);
    }
    lsr_game_destroy(bg);
    lsr_scenario_free(br);
    LsrSaveInfo before, after;
    char err[256];
    CHECK_EQ_INT(lsr_save_peek(other, &before, err, sizeof err), LSR_OK);
    LsrUi *ui = first_decision(path, other);
    if (!ui) return;
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Not saving") != NULL);
    lsr_ui_destroy(ui);
    CHECK_EQ_INT(lsr_save_peek(other, &after, err, sizeof err), LSR_OK);
    CHECK_EQ_STR(after.scenario_id, "brest");
    CHECK_EQ_INT(after.n_choices, before.n_choices);
}

static void missing_font(void) {
    setenv("LEFTSR_FONT_SERIF", "No Such Font Family", 1);
    LsrPlayOptions o = options(1280, 720, NULL);
    LsrUi *ui = NULL;
    char err[512] = "";
    int rc = lsr_ui_create(&o, &ui, err, sizeof err);
    CHECK_EQ_INT(rc, LSR_EXIT_CONTENT);
    CHECK(ui == NULL);
    CHECK(strstr(err, "fonts-dejavu-core") != NULL);
    unsetenv("LEFTSR_FONT_SERIF");
}

int main(void) {
    snprintf(work, sizeof work, "%s/ui-test", LSR_BINARY_DIR);
    snprintf(shots, sizeof shots, "%s/ui-screenshots", LSR_BINARY_DIR);
    ui_headless(work);
    mkdir(shots, 0755);
    snprintf(save_path, sizeof save_path, "%s/save.json", work);
    snprintf(cfg, sizeof cfg, "%s/config/leftsr/settings.json", work);
    remove(cfg);

    missing_font();
    play_through(800, 600, "Coalition talks", true);
    play_through(3840, 2160, "The July 1918 crisis", false);
    play_through(1280, 720, "Coalition talks", true);
    play_through(1920, 1080, "Coalition talks", true);
    play_through(1280, 720, "Brest-Litovsk", true);
    play_through(1920, 1080, "Brest-Litovsk", true);
    campaign();
    char path[1100];
    snprintf(path, sizeof path, "%s/scenarios/coalition.json", LSR_SOURCE_DIR);
    resume_save(path);
    unwritable_save();
    new_game_keeps_old_save();
    CHECK_EQ_INT(layout_failures, 0);
    printf("screenshots in %s\n", shots);
    return check_report("test_ui");
}

#endif
