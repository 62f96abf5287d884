/* Headless tests of the map in the game window: at each window size, in
 * each theme and at two text sizes, the map panel of the briefing and the
 * decision screens and the full map screen (M) lie inside the window and
 * cross nothing but their own labels; M opens and closes the map; a PNG of
 * each is written to build/ui-map/ for looking at. */
#ifndef LSR_HAVE_SDL
#include <stdio.h>
int main(void) {
    puts("test_ui_map: SKIPPED: built without SDL (ctest reports it as skipped)");
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

static char work[1024], shots[1100], save_path[1100], settings[1200];

/* Scrolls until the box "map" is on screen and wholly visible; false if never. */
static bool show_map(LsrUi *ui) {
    for (int i = 0; i < 80; i++) {
        const LsrUiItem *m = lsr_ui_find(ui, LSR_ITEM_BOX, "map");
        if (m && !m->clipped) return true;
        key(ui, SDLK_DOWN, 0);   /* focus moves; the page scrolls with it only sometimes */
        SDL_Event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = SDL_MOUSEWHEEL;
        ev.wheel.windowID = SDL_GetWindowID(lsr_ui_window(ui));
        ev.wheel.y = -2;
        SDL_PushEvent(&ev);
        pump(ui);
    }
    return false;
}

/* The map box lies in the window, every item outside it keeps clear of it,
 * and its labels do not overlap. (The whole screen's layout is test_ui's.) */
static int check_map_clear(LsrUi *ui, const char *where) {
    int w, h, bad = 0;
    lsr_ui_output_size(ui, &w, &h);
    const LsrUiItem *m = lsr_ui_find(ui, LSR_ITEM_BOX, "map");
    if (!m) {
        fprintf(stderr, "%s %dx%d: no map\n", where, w, h);
        return 1;
    }
    SDL_Rect mr = m->r, win = { 0, 0, w, h };
    if (!inside(mr, win) || mr.w < 120 || mr.h < 90) {
        fprintf(stderr, "%s %dx%d: map at %d,%d %dx%d\n", where, w, h, mr.x, mr.y, mr.w, mr.h);
        bad++;
    }
    size_t n;
    const LsrUiItem *it = lsr_ui_items(ui, &n);
    for (size_t i = 0; i < n; i++) {
        if (&it[i] == m || inside(it[i].r, mr) || !overlap(it[i].r, mr)) continue;
        fprintf(stderr, "%s %dx%d: \"%s\" (%d,%d %dx%d) crosses the map (%d,%d %dx%d)\n", where, w, h, it[i].text,
                it[i].r.x, it[i].r.y, it[i].r.w, it[i].r.h, mr.x, mr.y, mr.w, mr.h);
        bad++;
    }
    /* the map's own labels keep clear of each other */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            if (it[i].kind != LSR_ITEM_TEXT || it[j].kind != LSR_ITEM_TEXT || !inside(it[i].r, mr) ||
                !inside(it[j].r, mr) || !overlap(it[i].r, it[j].r))
                continue;
            fprintf(stderr, "%s %dx%d: map labels \"%s\" and \"%s\" overlap\n", where, w, h, it[i].text, it[j].text);
            bad++;
        }
    layout_failures += bad;
    return bad;
}

static void shot(LsrUi *ui, const char *what, int w, int h, int theme, int text) {
    char path[1400];
    snprintf(path, sizeof path, "%s/%s-%dx%d-t%d-%d.png", shots, what, w, h, theme, text);
    CHECK(lsr_ui_save_png(ui, path));
}

static void at_size(int w, int h, int theme, int text_steps, bool classroom) {
    char scen[1100];
    snprintf(scen, sizeof scen, "%s/scenarios/july.json", LSR_SOURCE_DIR);
    LsrPlayOptions o = ui_options(scen, w, h, save_path);
    o.classroom = classroom;
    remove(save_path);
    remove(settings);   /* each run starts from the default text size */
    LsrUi *ui = NULL;
    char err[512];
    CHECK_EQ_INT(lsr_ui_create(&o, &ui, err, sizeof err), 0);
    if (!ui) return;
    pump(ui);
    ui->settings.theme = (LsrTheme)theme;
    lsr_r_theme(ui);
    for (int i = 0; i < text_steps; i++) key(ui, SDLK_EQUALS, KMOD_CTRL);
    CHECK(click(ui, "New game"));
    pump(ui);
    if (strcmp(screen_of(ui), "briefing") != 0) {
        fprintf(stderr, "%dx%d: on %s, not the briefing\n", w, h, screen_of(ui));
        CHECK(false);
        lsr_ui_destroy(ui);
        return;
    }
    char where[64];
    snprintf(where, sizeof where, "briefing%s", classroom ? " (classroom)" : "");
    CHECK(show_map(ui));
    CHECK_EQ_INT(check_map_clear(ui, where), 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Moscow") != NULL);
    shot(ui, classroom ? "class-briefing" : "briefing", w, h, theme, text_steps);
    key(ui, SDLK_m, 0);
    CHECK_EQ_STR(screen_of(ui), "map");
    CHECK_EQ_INT(check_map_clear(ui, "map screen"), 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Left SR strongholds") != NULL);   /* every area in the legend */
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Occupied by the Central Powers") != NULL);
    shot(ui, "map", w, h, theme, text_steps);
    key(ui, SDLK_m, 0);
    CHECK_EQ_STR(screen_of(ui), "briefing");
    key(ui, SDLK_RETURN, 0);
    /* the first decision happens in Moscow; the second names an area instead */
    CHECK(strstr(screen_of(ui), "decision") != NULL);
    snprintf(where, sizeof where, "decision%s", classroom ? " (classroom)" : "");
    CHECK(show_map(ui));
    CHECK_EQ_INT(check_map_clear(ui, where), 0);
    shot(ui, classroom ? "class-decision" : "decision", w, h, theme, text_steps);
    lsr_ui_destroy(ui);
}

int main(void) {
    if (!getenv("SDL_VIDEODRIVER")) setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    snprintf(work, sizeof work, "%s/ui-map", LSR_BINARY_DIR);
    snprintf(shots, sizeof shots, "%s", work);
    mkdir(work, 0755);
    snprintf(save_path, sizeof save_path, "%s/save.json", work);
    char env[1100];
    snprintf(env, sizeof env, "%s/config", work);
    setenv("XDG_CONFIG_HOME", env, 1);
    snprintf(settings, sizeof settings, "%s/leftsr/settings.json", env);
    snprintf(env, sizeof env, "%s/data", work);
    setenv("XDG_DATA_HOME", env, 1);
    if (!getenv("LEFTSR_DATA")) setenv("LEFTSR_DATA", LSR_SOURCE_DIR, 1);

    static const int sizes[][2] = { { 800, 600 }, { 1024, 768 }, { 1280, 720 }, { 1920, 1080 } };
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int theme = 0; theme < 3; theme++) at_size(sizes[s][0], sizes[s][1], theme, 0, false);
    at_size(1280, 720, 0, 5, false);     /* text at 150 % */
    at_size(1024, 768, 0, 0, true);      /* classroom mode */
    at_size(1024, 768, 2, 0, true);
    at_size(3840, 2160, 1, 0, false);
    CHECK_EQ_INT(layout_failures, 0);
    printf("map screenshots in %s\n", shots);
    return check_report("test_ui_map");
}

#endif
