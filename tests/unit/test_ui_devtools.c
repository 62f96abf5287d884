/* Headless tests of the author tools in the SDL window: live reload of a
 * scenario file being edited (changed text, removed choice, broken JSON,
 * fixed again) and the debug overlay (variables, trace, jump to a step).
 * Writes PNGs of the overlay and of the error box at two sizes. */
#ifndef LSR_HAVE_SDL
#include <stdio.h>
int main(void) {
    puts("test_ui_devtools: SKIPPED: built without SDL (ctest reports it as skipped)");
    return 77;
}
#else

#include "check.h"
#include "i18n.h"
#include "sdl/devtools.h"
#include "ui_drive.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static char work[1024], scen[1100], save_path[1100], shots[1100];


static const char *step_id(LsrUi *ui) {
    const LsrGame *g = lsr_ui_game(ui);
    const LsrStep *s = g ? lsr_game_step(g) : NULL;
    return s ? s->id : "(none)";
}

static size_t trace_len(LsrUi *ui) { return lsr_ui_game(ui) ? lsr_game_trace_len(lsr_ui_game(ui)) : 0; }

/* Is there a text item exactly equal to s? */
static bool text_exact(LsrUi *ui, const char *s) {
    size_t n;
    const LsrUiItem *it = lsr_ui_items(ui, &n);
    for (size_t i = 0; i < n; i++)
        if (it[i].kind == LSR_ITEM_TEXT && strcmp(it[i].text, s) == 0) return true;
    return false;
}

static const LsrUiItem *button_of(LsrUi *ui, int action, int arg) {
    size_t n;
    const LsrUiItem *it = lsr_ui_items(ui, &n);
    for (size_t i = 0; i < n; i++)
        if (it[i].kind == LSR_ITEM_BUTTON && it[i].action == action && it[i].arg == arg) return &it[i];
    return NULL;
}

/* Every item inside the window; texts of the author tools overlap nothing. */
static int check_overlay_layout(LsrUi *ui, const char *where) {
    int w, h, bad = 0;
    lsr_ui_output_size(ui, &w, &h);
    size_t n;
    const LsrUiItem *it = lsr_ui_items(ui, &n);
    for (size_t i = 0; i < n; i++) {
        SDL_Rect r = it[i].r;
        if (r.x < 0 || r.y < 0 || r.x + r.w > w || r.y + r.h > h) {
            fprintf(stderr, "%s %dx%d: \"%s\" outside the window\n", where, w, h, it[i].text);
            bad++;
        }
        if (it[i].kind != LSR_ITEM_TEXT) continue;
        for (size_t j = i + 1; j < n; j++) {
            SDL_Rect o;
            if (it[j].kind != LSR_ITEM_TEXT || !SDL_IntersectRect(&r, &it[j].r, &o) || o.w <= 1 || o.h <= 1) continue;
            fprintf(stderr, "%s %dx%d: \"%s\" overlaps \"%s\"\n", where, w, h, it[i].text, it[j].text);
            bad++;
        }
    }
    return bad;
}

static void shot(LsrUi *ui, const char *name) {
    int w, h;
    lsr_ui_output_size(ui, &w, &h);
    char path[1300];
    snprintf(path, sizeof path, "%s/%s-%dx%d.png", shots, name, w, h);
    lsr_ui_redraw(ui);
    CHECK(lsr_ui_save_png(ui, path));
}

/* ---------------------------------------------------------- the file */

/* Writes the scenario: d3's title, the id of d2's first choice, and
 * optional text that breaks the JSON on line 20. */
static void write_scenario(const char *title3, const char *choice_x, bool broken) {
    FILE *f = fopen(scen, "wb");
    CHECK(f != NULL);
    if (!f) return;
    fprintf(f,
            "{\"format\": \"1.0\", \"id\": \"devtest\", \"title\": \"Devtools test\",\n"        /* 1 */
            " \"period\": {\"start\": \"1917-10-01\", \"end\": \"1917-12-31\"},\n"               /* 2 */
            " \"briefing\": \"Brief.\",\n"                                                        /* 3 */
            " \"sources\": [{\"id\": \"src\", \"title\": \"T\", \"author\": \"A\", \"language\": \"en\"}],\n"
            " \"variables\": [\n"                                                                 /* 5 */
            "  {\"id\": \"trust\", \"label\": \"Trust\", \"min\": 0, \"max\": 100, \"initial\": 41,\n"
            "   \"historical\": [{\"at\": \"d2\", \"value\": 77}]},\n"                              /* 7 */
            "  {\"id\": \"grain\", \"label\": \"Grain\", \"min\": 0, \"max\": 5000, \"initial\": 1234}],\n"
            " \"start\": \"d1\",\n"                                                               /* 9 */
            " \"steps\": [\n"                                                                     /* 10 */
            "  {\"id\": \"d1\", \"type\": \"decision\", \"date\": \"1917-10-25\", \"title\": \"First\",\n"
            "   \"narrative\": \"N1\", \"choices\": [\n"                                          /* 12 */
            "    {\"id\": \"a\", \"label\": \"Take A\", \"effects\": [{\"add\": \"trust\", \"value\": 16}], \"next\": \"d2\"},\n"
            "    {\"id\": \"b\", \"label\": \"Take B\", \"next\": \"d2\"}],\n"                     /* 14 */
            "   \"history\": {\"choice\": \"a\", \"note\": \"Note\", \"sources\": [\"src\"]}},\n"   /* 15 */
            "  {\"id\": \"d2\", \"type\": \"decision\", \"date\": \"1917-11-01\", \"title\": \"Second\",\n"
            "   \"narrative\": \"N2\", \"choices\": [\n"                                          /* 17 */
            "    {\"id\": \"%s\", \"label\": \"Take X\", \"effects\": [{\"add\": \"grain\", \"value\": -200}], \"next\": \"d3\"},\n"
            "    {\"id\": \"y\", \"label\": \"Take Y\", \"next\": \"d3\"}],\n"                     /* 19 */
            "   \"history\": {\"choice\": \"y\", \"note\": \"Note\", \"sources\": [\"src\"]}}%s\n" /* 20 */
            "  {\"id\": \"d3\", \"type\": \"decision\", \"date\": \"1917-11-02\", \"title\": \"%s\",\n"
            "   \"narrative\": \"N3\", \"choices\": [\n"
            "    {\"id\": \"p\", \"label\": \"Take P\", \"next\": \"end\"},\n"
            "    {\"id\": \"q\", \"label\": \"Take Q\", \"next\": \"end\"}],\n"
            "   \"history\": {\"choice\": \"p\", \"note\": \"Note\", \"sources\": [\"src\"]}}],\n"
            " \"endings\": [{\"id\": \"fin\", \"title\": \"The end\", \"epilogue\": \"E\", \"historical\": true}]}\n",
            choice_x, broken ? ",," : ",", title3);
    fclose(f);
}

static time_t save_mtime(void) {
    struct stat st;
    return stat(save_path, &st) == 0 ? st.st_mtime : 0;
}

static uint32_t saved_choices(void) {
    LsrSaveInfo info;
    char err[256];
    return lsr_save_peek(save_path, &info, err, sizeof err) == LSR_OK ? info.n_choices : 9999;
}

/* ------------------------------------------------------------- session */

static void session(int w, int h) {
    remove(save_path);
    write_scenario("Third", "x", false);
    LsrPlayOptions o = ui_options(scen, w, h, save_path);
    o.seed = 1918;
    LsrUi *ui = NULL;
    char err[512];
    int rc = lsr_ui_create(&o, &ui, err, sizeof err);
    if (rc != 0) fprintf(stderr, "lsr_ui_create: %d %s\n", rc, err);
    CHECK_EQ_INT(rc, 0);
    if (!ui) return;
    pump(ui);
    const LsrUiItem *b = lsr_ui_find(ui, LSR_ITEM_BUTTON, "New game");
    CHECK(b != NULL);
    if (b) click_at(ui, b->r.x + b->r.w / 2, b->r.y + b->r.h / 2);
    CHECK_EQ_STR(screen_of(ui), "briefing");
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(step_id(ui), "d1");
    key(ui, SDLK_1, 0);                  /* a */
    key(ui, SDLK_RETURN, 0);
    key(ui, SDLK_1, 0);                  /* x */
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    CHECK_EQ_STR(step_id(ui), "d3");
    CHECK_EQ_INT(trace_len(ui), 2);
    CHECK_EQ_INT(saved_choices(), 2);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Third") != NULL);

    /* nothing changed on disk: no reload, no frame */
    CHECK(!lsr_dev_check_now(ui));
    unsigned long frames = lsr_ui_frames(ui), checks = lsr_dev_checks(ui);
    /* the wait ends when a check is due; the loop's next pump makes it */
    Uint32 t0 = SDL_GetTicks();
    lsr_ui_pump(ui, 5000);
    CHECK(SDL_GetTicks() - t0 < 4000);   /* woke for the 500 ms check, not after 5 s (slack for loaded CI) */
    lsr_ui_pump(ui, 0);
    CHECK_EQ_INT(lsr_ui_frames(ui), frames);
    CHECK(lsr_dev_checks(ui) > checks);

    /* 1. a changed text: same step, new text, all choices replayed */
    write_scenario("Third, revised", "x", false);
    CHECK(lsr_dev_check_now(ui));
    pump(ui);
    CHECK_EQ_STR(screen_of(ui), "decision");
    CHECK_EQ_STR(step_id(ui), "d3");
    CHECK_EQ_INT(trace_len(ui), 2);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Third, revised") != NULL);
    CHECK(strstr(lsr_dev_banner(ui), "replayed 2 of 2 choices") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "replayed 2 of 2") != NULL);
    CHECK_EQ_INT(saved_choices(), 2);
    /* the save holds the new version: Continue would replay it */
    LsrSaveInfo info;
    CHECK_EQ_INT(lsr_save_peek(save_path, &info, err, sizeof err), LSR_OK);
    CHECK(lsr_ui_game(ui) && info.content_hash == lsr_game_scenario(lsr_ui_game(ui))->content_hash);

    /* the same bytes written again (touch): the content hash says no */
    struct stat before;
    stat(scen, &before);
    write_scenario("Third, revised", "x", false);
    struct timespec times[2] = { { before.st_atime, 0 }, { before.st_mtime + 5, 0 } };
    utimensat(AT_FDCWD, scen, times, 0);
    frames = lsr_ui_frames(ui);
    CHECK(!lsr_dev_check_now(ui));
    pump(ui);
    CHECK_EQ_INT(lsr_ui_frames(ui), frames);

    /* 2. a removed choice: the replay stops before it and says so */
    write_scenario("Third, revised", "x_renamed", false);
    CHECK(lsr_dev_check_now(ui));
    pump(ui);
    CHECK_EQ_STR(step_id(ui), "d2");
    CHECK_EQ_STR(screen_of(ui), "decision");
    CHECK_EQ_INT(trace_len(ui), 1);
    CHECK(strstr(lsr_dev_banner(ui), "replayed 1 of 2 choices; choice 'x' at step 'd2' no longer exists") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "choice 'x' at step 'd2' no longer exists") != NULL);
    CHECK_EQ_INT(saved_choices(), 1);
    shot(ui, "devtools-banner");
    CHECK_EQ_INT(check_overlay_layout(ui, "banner"), 0);
    key(ui, SDLK_LSHIFT, 0);             /* any key hides the message */
    CHECK_EQ_STR(lsr_dev_banner(ui), "");
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "no longer exists") == NULL);

    /* 3. broken JSON: errors with file:line:col, the old game goes on */
    write_scenario("Third, revised", "x_renamed", true);
    CHECK(lsr_dev_check_now(ui));
    pump(ui);
    CHECK(lsr_dev_error_count(ui) > 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "scen.json:20:") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "it reloads by itself") != NULL);
    CHECK_EQ_STR(step_id(ui), "d2");
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Second") != NULL);
    shot(ui, "devtools-errors");
    CHECK_EQ_INT(check_overlay_layout(ui, "errors"), 0);
    key(ui, SDLK_2, 0);                  /* y, in the version loaded before */
    CHECK_EQ_STR(screen_of(ui), "consequence");
    CHECK_EQ_INT(trace_len(ui), 2);
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(step_id(ui), "d3");
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "scen.json:20:") != NULL);  /* still shown */
    /* Hide puts the box away until the next failed reload */
    const LsrUiItem *hide = button_of(ui, LSR_A_DEV_HIDE_ERRORS, 0);
    CHECK(hide != NULL);
    if (hide) click_at(ui, hide->r.x + hide->r.w / 2, hide->r.y + hide->r.h / 2);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "scen.json:20:") == NULL);
    CHECK_EQ_STR(step_id(ui), "d3");    /* the click went to the box, not the game */

    /* 4. fixed: reloads, replays both choices */
    write_scenario("Third, fixed", "x_renamed", false);
    CHECK(lsr_dev_check_now(ui));
    pump(ui);
    CHECK_EQ_INT(lsr_dev_error_count(ui), 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "scen.json:20:") == NULL);
    CHECK_EQ_STR(step_id(ui), "d3");
    CHECK_EQ_INT(trace_len(ui), 2);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Third, fixed") != NULL);
    CHECK(strstr(lsr_dev_banner(ui), "replayed 2 of 2") != NULL);
    CHECK_EQ_INT(saved_choices(), 2);

    /* Ctrl+R reloads even when nothing changed */
    key(ui, SDLK_LSHIFT, 0);             /* hide the message first */
    key(ui, SDLK_r, KMOD_CTRL);
    CHECK(strstr(lsr_dev_banner(ui), "Reloaded scen.json") != NULL);

    /* 5. the overlay: variables, trace, jump */
    const LsrGame *g = lsr_ui_game(ui);
    CHECK(!lsr_dev_overlay_open(ui));
    key(ui, SDLK_F12, 0);
    CHECK(lsr_dev_overlay_open(ui));
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Author tools") != NULL);
    g = lsr_ui_game(ui);
    if (g) {
        const LsrScenario *sc = lsr_game_scenario(g);
        for (uint32_t v = 0; v < sc->n_vars; v++) {
            char val[32];
            snprintf(val, sizeof val, "%d", (int)lsr_game_var(g, v));
            CHECK(text_exact(ui, sc->vars[v].id));
            CHECK(text_exact(ui, val));
        }
        CHECK(text_exact(ui, "57"));      /* 41 + 16 */
        CHECK(text_exact(ui, "1234"));    /* y did not touch grain */
    }
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "1. d1 → a") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "2. d2 → y") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Current step: d3") != NULL);
    CHECK_EQ_INT(check_overlay_layout(ui, "overlay"), 0);
    shot(ui, "devtools-overlay");
    /* keys go to the overlay: Up twice selects d1, Enter jumps there */
    time_t saved_at = save_mtime();
    uint32_t saved_n = saved_choices();
    key(ui, SDLK_UP, 0);
    key(ui, SDLK_UP, 0);
    CHECK_EQ_STR(step_id(ui), "d3");     /* moving the selection does not jump */
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(step_id(ui), "d1");
    CHECK_EQ_STR(screen_of(ui), "decision");
    CHECK(lsr_dev_debug_session(ui));
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "DEBUG SESSION") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "no longer saved") != NULL);
    CHECK(text_exact(ui, "57"));         /* values kept */
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Current step: d1") != NULL);
    shot(ui, "devtools-debug");
    CHECK_EQ_INT(check_overlay_layout(ui, "debug"), 0);
    /* a click on a row of the list jumps too */
    g = lsr_ui_game(ui);
    uint32_t d3 = g ? lsr_find_node(lsr_game_scenario(g), "d3") : 0;
    const LsrUiItem *row = button_of(ui, LSR_A_DEV_JUMP, (int)d3);
    CHECK(row != NULL && !row->clipped);
    if (row) click_at(ui, row->r.x + row->r.w / 2, row->r.y + row->r.h / 2);
    CHECK_EQ_STR(step_id(ui), "d3");
    /* play on with the overlay open: the number keys still choose; no save */
    key(ui, SDLK_1, 0);
    CHECK_EQ_INT(trace_len(ui), 3);
    CHECK_EQ_INT(saved_choices(), saved_n);
    CHECK(save_mtime() == saved_at);
    /* a reload in a debug session replays the jumps and still does not save */
    write_scenario("Third, once more", "x_renamed", false);
    CHECK(lsr_dev_check_now(ui));
    pump(ui);
    CHECK_EQ_INT(trace_len(ui), 3);
    CHECK(strstr(lsr_dev_banner(ui), "replayed 3 of 3") != NULL);
    CHECK_EQ_INT(saved_choices(), saved_n);
    /* Esc closes the overlay, F12 opens and closes it */
    key(ui, SDLK_ESCAPE, 0);
    CHECK(!lsr_dev_overlay_open(ui));
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Author tools") == NULL);
    key(ui, SDLK_F12, 0);
    CHECK(lsr_dev_overlay_open(ui));
    key(ui, SDLK_F12, 0);
    CHECK(!lsr_dev_overlay_open(ui));
    /* a new game after the debug one is saved again */
    key(ui, SDLK_ESCAPE, 0);
    CHECK(click(ui, "Title screen"));
    CHECK(click(ui, "New game"));
    CHECK_EQ_STR(screen_of(ui), "saved-game");   /* the save is there: asked first */
    CHECK(click(ui, "New game"));
    key(ui, SDLK_RETURN, 0);
    CHECK(!lsr_dev_debug_session(ui));
    key(ui, SDLK_1, 0);
    CHECK_EQ_INT(trace_len(ui), 1);
    CHECK_EQ_INT(saved_choices(), 1);
    lsr_ui_destroy(ui);
}

/* A bundled scenario picked from the list: no author tools unless
 * --author; with it, the file is not watched and Ctrl+R says why. The
 * same in classroom mode: F12 shows nothing on the projector. */
static void no_watch_for_picks(void) {
    for (int mode = 0; mode < 3; mode++) {
        bool author = mode == 1;
        LsrPlayOptions o;
        memset(&o, 0, sizeof o);
        o.have_seed = true;
        o.width = 1280;
        o.height = 720;
        o.no_save = true;
        o.author = author;
        o.classroom = mode == 2;
        LsrUi *ui = NULL;
        char err[512];
        CHECK_EQ_INT(lsr_ui_create(&o, &ui, err, sizeof err), 0);
        if (!ui) return;
        pump(ui);
        CHECK(!lsr_dev_check_now(ui));
        key(ui, SDLK_r, KMOD_CTRL);
        CHECK_EQ_INT(strstr(lsr_dev_banner(ui), "scenario file opened directly") != NULL, author);
        key(ui, SDLK_F12, 0);
        CHECK_EQ_INT(lsr_dev_overlay_open(ui), author);
        CHECK_EQ_INT(lsr_ui_find(ui, LSR_ITEM_TEXT, "Start a game") != NULL, author);
        if (author) CHECK_EQ_INT(check_overlay_layout(ui, "overlay, no game"), 0);
        lsr_ui_destroy(ui);
    }
}

/* A live reload keeps the language the game is played in: the bundled
 * coalition in Russian, reloaded with Ctrl+R, still shows its Russian text. */
static void translated_reload(void) {
    char path[1100];
    snprintf(path, sizeof path, "%s/scenarios/coalition.json", LSR_SOURCE_DIR);
    remove(save_path);
    LsrPlayOptions o = ui_options(path, 1280, 720, save_path);
    o.author = true;
    o.lang = "ru";
    o.lang_given = true;
    CHECK(lsr_ui_set_lang("ru"));
    LsrUi *ui = NULL;
    char err[512];
    CHECK_EQ_INT(lsr_ui_create(&o, &ui, err, sizeof err), 0);
    if (ui) {
        pump(ui);
        const LsrUiItem *b = lsr_ui_find(ui, LSR_ITEM_BUTTON, _("New game"));
        CHECK(b != NULL);
        if (b) click_at(ui, b->r.x + b->r.w / 2, b->r.y + b->r.h / 2);
        key(ui, SDLK_RETURN, 0);
        CHECK_EQ_STR(screen_of(ui), "decision");
        char before[256];
        snprintf(before, sizeof before, "%s", lsr_tx(&lsr_game_step(lsr_ui_game(ui))->title, "ru"));
        CHECK(strstr(before, "съезд") != NULL);   /* Уход со съезда */
        key(ui, SDLK_r, KMOD_CTRL);
        CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, before) != NULL);
        CHECK_EQ_STR(lsr_tx(&lsr_game_step(lsr_ui_game(ui))->title, "ru"), before);
        lsr_ui_destroy(ui);
    }
    lsr_ui_set_lang("en");
}

int main(void) {
    snprintf(work, sizeof work, "%s/ui-devtools-test", LSR_BINARY_DIR);
    snprintf(shots, sizeof shots, "%s/ui-screenshots", LSR_BINARY_DIR);
    ui_headless(work);
    mkdir(shots, 0755);
    snprintf(scen, sizeof scen, "%s/scen.json", work);
    snprintf(save_path, sizeof save_path, "%s/save.json", work);

    session(1280, 720);
    session(1920, 1080);
    no_watch_for_picks();
    translated_reload();
    printf("screenshots in %s\n", shots);
    return check_report("test_ui_devtools");
}

#endif
