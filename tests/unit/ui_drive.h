/* Driving the SDL window in headless tests: synthetic keys and clicks,
 * finding buttons by label, and a layout check (text inside the window,
 * crossing nothing it does not belong to). Include after check.h and
 * sdl/internal.h. */
#ifndef LEFTSR_TEST_UI_DRIVE_H
#define LEFTSR_TEST_UI_DRIVE_H

#include "sdl/classroom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int layout_failures;

/* ------------------------------------------------------------ set-up */

/* The options a window test starts from: scenario (NULL: the title's
 * choice) at w×h, seed 1917, saving to save (NULL: the default path). */
static inline LsrPlayOptions ui_options(const char *scenario, int w, int h, const char *save) {
    LsrPlayOptions o;
    memset(&o, 0, sizeof o);
    o.scenario_path = scenario;
    o.have_seed = true;
    o.seed = 1917;
    o.width = w;
    o.height = h;
    o.save_path = save;
    return o;
}

/* Headless SDL with the software renderer; dir (created) holds the XDG
 * config and data folders; the bundled data come from the source tree. */
static inline void ui_headless(const char *dir) {
    if (!getenv("SDL_VIDEODRIVER")) setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    mkdir(dir, 0755);
    char env[1100];
    snprintf(env, sizeof env, "%s/config", dir);
    setenv("XDG_CONFIG_HOME", env, 1);
    snprintf(env, sizeof env, "%s/data", dir);
    setenv("XDG_DATA_HOME", env, 1);
    if (!getenv("LEFTSR_DATA")) setenv("LEFTSR_DATA", LSR_SOURCE_DIR, 1);
}

static inline const char *screen_of(LsrUi *ui) { return lsr_ui_screen_name(lsr_ui_screen(ui)); }

/* ------------------------------------------------------------ input */

static inline void pump(LsrUi *ui) {
    for (int i = 0; i < 4; i++) lsr_ui_pump(ui, 0);
}

static inline void key(LsrUi *ui, SDL_Keycode k, Uint16 mod) {
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_KEYDOWN;
    ev.key.state = SDL_PRESSED;
    ev.key.windowID = SDL_GetWindowID(lsr_ui_window(ui));
    ev.key.keysym.sym = k;
    ev.key.keysym.mod = mod;
    SDL_PushEvent(&ev);
    ev.type = SDL_KEYUP;
    ev.key.state = SDL_RELEASED;
    SDL_PushEvent(&ev);
    pump(ui);
}

static inline void click_at(LsrUi *ui, int x, int y) {
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_MOUSEMOTION;
    ev.motion.windowID = SDL_GetWindowID(lsr_ui_window(ui));
    ev.motion.x = x;
    ev.motion.y = y;
    SDL_PushEvent(&ev);
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_MOUSEBUTTONDOWN;
    ev.button.windowID = SDL_GetWindowID(lsr_ui_window(ui));
    ev.button.button = SDL_BUTTON_LEFT;
    ev.button.state = SDL_PRESSED;
    ev.button.clicks = 1;
    ev.button.x = x;
    ev.button.y = y;
    SDL_PushEvent(&ev);
    ev.type = SDL_MOUSEBUTTONUP;
    ev.button.state = SDL_RELEASED;
    SDL_PushEvent(&ev);
    pump(ui);
}

/* One mouse event: SDL_MOUSEMOTION, SDL_MOUSEBUTTONDOWN or _UP (left button) at (x, y). */
static inline void mouse(LsrUi *ui, Uint32 type, int x, int y) {
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    if (type == SDL_MOUSEMOTION) {
        ev.motion.windowID = SDL_GetWindowID(lsr_ui_window(ui));
        ev.motion.x = x;
        ev.motion.y = y;
    } else {
        ev.button.windowID = SDL_GetWindowID(lsr_ui_window(ui));
        ev.button.button = SDL_BUTTON_LEFT;
        ev.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
        ev.button.x = x;
        ev.button.y = y;
    }
    SDL_PushEvent(&ev);
    pump(ui);
}

/* Clicks the button whose label contains `label`; false if there is none. */
static inline bool click(LsrUi *ui, const char *label) {
    const LsrUiItem *it = lsr_ui_find(ui, LSR_ITEM_BUTTON, label);
    if (!it) {
        fprintf(stderr, "no button \"%s\" on the %s screen\n", label, screen_of(ui));
        return false;
    }
    click_at(ui, it->r.x + it->r.w / 2, it->r.y + it->r.h / 2);
    return true;
}

/* Looks for an item on the page, scrolling down if needed, then scrolls
 * back to the top. */
static inline bool find_scrolling(LsrUi *ui, LsrItemKind kind, const char *needle) {
    bool found = false;
    for (int i = 0; i < 20 && !found; i++) {
        found = lsr_ui_find(ui, kind, needle) != NULL;
        if (!found) key(ui, SDLK_PAGEDOWN, 0);
    }
    key(ui, SDLK_HOME, 0);
    return found;
}

static inline int count_buttons(LsrUi *ui, int action_like_choose) {
    size_t n;
    const LsrUiItem *it = lsr_ui_items(ui, &n);
    int k = 0;
    for (size_t i = 0; i < n; i++)
        if (it[i].kind == LSR_ITEM_BUTTON && it[i].action == action_like_choose) k++;
    return k;
}

/* ------------------------------------------------------ layout walks */

/* Opens the window for o; NULL (and a failed check, with the reason) when it cannot. */
static inline LsrUi *create_checked(const LsrPlayOptions *o) {
    LsrUi *ui = NULL;
    char err[512] = "";
    int rc = lsr_ui_create(o, &ui, err, sizeof err);
    if (rc != 0) fprintf(stderr, "lsr_ui_create: %d %s\n", rc, err);
    CHECK_EQ_INT(rc, 0);
    return ui;
}

/* A game for the layout tests: seed 1917, a small real window (the layout
 * is forced to each size afterwards), text measured into fit, never drawn;
 * in lang's scenario text (NULL: English), saving to save (removed first
 * unless keep_save). */
static inline LsrUi *open_measured(const char *scenario, bool campaign, bool classroom, const char *lang,
                                   const char *save, bool keep_save, LsrFit *fit) {
    LsrPlayOptions o;
    memset(&o, 0, sizeof o);
    o.scenario_path = scenario;
    o.is_campaign = campaign;
    o.classroom = classroom;
    o.have_seed = true;
    o.seed = 1917;
    o.width = 800;
    o.height = 600;
    o.save_path = save;
    o.timer_s = classroom ? 120 : 0;
    o.lang = lang;
    if (!keep_save) remove(save);
    LsrUi *ui = create_checked(&o);
    if (!ui) return NULL;
    lsr_ui_measure_only(ui, fit);
    pump(ui);
    return ui;
}

/* Classroom: four votes each for the first two choices and Enter, so the
 * teacher's tie panel comes up; false when it does not. */
static inline bool raise_tie_panel(LsrUi *ui) {
    lsr_class_set_votes(ui, 0, 4);
    lsr_class_set_votes(ui, 1, 4);
    key(ui, SDLK_RETURN, 0);
    return lsr_ui_class_tie(ui);
}

/* Closes the tie panel and clears the two counts raise_tie_panel set. */
static inline void drop_tie_panel(LsrUi *ui) {
    key(ui, SDLK_ESCAPE, 0);
    lsr_class_set_votes(ui, 0, 0);
    lsr_class_set_votes(ui, 1, 0);
}

/* --------------------------------------------------------- layout checks */

static inline bool inside(SDL_Rect a, SDL_Rect b) {
    return a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
}

static inline bool overlap(SDL_Rect a, SDL_Rect b) {
    SDL_Rect o;
    return SDL_IntersectRect(&a, &b, &o) && o.w > 1 && o.h > 1;
}

/* Every text item lies inside the window and crosses nothing it does not
 * belong to; returns the number of problems (printed). */
static inline int check_layout(LsrUi *ui, const char *where) {
    int w, h, bad = 0;
    lsr_ui_output_size(ui, &w, &h);
    SDL_Rect win = { 0, 0, w, h };
    size_t n;
    const LsrUiItem *it = lsr_ui_items(ui, &n);
    for (size_t i = 0; i < n; i++) {
        if (it[i].covered) continue;   /* under a popover */
        if (!inside(it[i].r, win)) {
            fprintf(stderr, "%s %dx%d: \"%s\" outside the window (%d,%d %dx%d)\n", where, w, h, it[i].text,
                    it[i].r.x, it[i].r.y, it[i].r.w, it[i].r.h);
            bad++;
        }
        if (it[i].kind != LSR_ITEM_TEXT) continue;
        for (size_t j = 0; j < n; j++) {
            if (i == j || it[j].covered || !overlap(it[i].r, it[j].r)) continue;
            if (it[j].kind == LSR_ITEM_TEXT && j < i) continue;  /* each pair once */
            if (it[j].kind != LSR_ITEM_TEXT && inside(it[i].r, it[j].r)) continue;
            fprintf(stderr, "%s %dx%d: \"%s\" (%d,%d %dx%d) overlaps \"%s\" (%d,%d %dx%d)\n", where, w, h,
                    it[i].text, it[i].r.x, it[i].r.y, it[i].r.w, it[i].r.h, it[j].text, it[j].r.x, it[j].r.y,
                    it[j].r.w, it[j].r.h);
            bad++;
        }
    }
    layout_failures += bad;
    return bad;
}

#endif
