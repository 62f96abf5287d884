/* The browser entry point: the same SDL front end (play.c) driven by the
 * page instead of a blocking loop. The page calls lsr_web_step after any
 * input or resize (and when the classroom timer is due); each step handles
 * the pending SDL events, redraws only if something changed, and publishes
 * the screen's text for the page's screen-reader mirror. Nothing runs
 * between events, so an idle page costs no CPU. */
#include "sdl/classroom.h"
#include "sdl/describe.h"
#include "i18n.h"
#include "sdl/session.h"
#include "web.h"

#include <emscripten.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static LsrUi *g_ui;
static LsrPlayOptions g_opt;
static char g_scenario[LSR_PATH_MAX];
static unsigned long g_frames_published = (unsigned long)-1;
static char g_text[16384];

/* Hands the screen's description to the page when a frame changed it. */
static void publish(void) {
    unsigned long f = lsr_ui_frames(g_ui);
    if (f == g_frames_published) return;
    g_frames_published = f;
    lsr_ui_describe(g_ui, g_text, sizeof g_text);
    const char *name = lsr_ui_screen_name(lsr_ui_screen(g_ui));
    EM_ASM({ if (Module.lsrScreen) Module.lsrScreen(UTF8ToString($0), UTF8ToString($1), $2); }, name, g_text,
           (int)f);
}

EMSCRIPTEN_KEEPALIVE int lsr_web_step(void) {
    if (!g_ui) return -1;
    if (!lsr_ui_pump(g_ui, 0)) {
        /* a browser tab is closed by the player, not by the game: Quit
         * goes back to the title, where Continue waits */
        g_ui->running = true;
        lsr_session_find_continue(g_ui);
        lsr_session_set_screen(g_ui, LSR_SCR_TITLE);
        lsr_ui_pump(g_ui, 0);
    }
    publish();
    return lsr_class_wake_ms(g_ui);
}

/* The error screen lists the file's problems too, as `leftsr check` does. */
static void show_problems(const char *path) {
    LsrDiagList d;
    lsr_diags_init(&d);
    if (lsr_file_is_campaign(path)) {
        LsrCampaign *cp = NULL;
        lsr_campaign_load(path, &cp, &d);
        lsr_campaign_free(cp);
    } else {
        LsrScenario *sc = NULL;
        lsr_scenario_load_file(path, &sc, &d);
        lsr_scenario_free(sc);
    }
    char list[1800] = "";
    size_t at = 0;
    for (size_t i = 0; i < d.count && at + 2 < sizeof list; i++) {
        char line[1024];
        lsr_diag_format(&d.items[i], path, line, sizeof line);
        int w = snprintf(list + at, sizeof list - at, "%s\n", line);
        if (w < 0) break;
        at += (size_t)w;
    }
    lsr_diags_free(&d);
    if (at >= sizeof list) at = sizeof list - 1;
    lsr_session_fail(g_ui, "This file has problems (also listed beside the game):\n\n%s", list);
}

/* The page wrote an author's file (dropped or picked) to path. */
EMSCRIPTEN_KEEPALIVE int lsr_web_open_file(const char *path) {
    if (!g_ui) return LSR_EXIT_USAGE;
    char *argv[3] = { "check", (char *)(uintptr_t)path, NULL };
    int rc = lsr_cmd_check(2, argv);
    fflush(stdout);
    fflush(stderr);
    if (rc != LSR_EXIT_OK) {
        show_problems(path);
    } else if (lsr_file_is_campaign(path)) {
        if (lsr_session_open_campaign(g_ui, path)) lsr_session_set_screen(g_ui, LSR_SCR_TITLE);
        else lsr_session_set_screen(g_ui, LSR_SCR_ERROR);
    } else {
        LsrDiagList d;
        lsr_diags_init(&d);
        LsrScenario *sc = NULL;
        if (lsr_scenario_load_file(path, &sc, &d) == LSR_OK) {
            if (g_ui->cp) {
                lsr_campaign_free(g_ui->cp);
                g_ui->cp = NULL;
                g_ui->sc = NULL;
            }
            lsr_session_use_scenario(g_ui, sc, path);
            lsr_session_start_game(g_ui, NULL);
        }
        lsr_diags_free(&d);
    }
    g_ui->dirty = true;
    lsr_web_step();
    return rc;
}

/* Arguments come from the page's address: ?scenario=ID, ?classroom,
 * ?seed=N, ?timer=S, ?lang=ru (the page passes them as argv like a command line). */
int main(int argc, char **argv) {
    memset(&g_opt, 0, sizeof g_opt);
    g_opt.timer_s = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--classroom")) g_opt.classroom = g_opt.fullscreen = true;
        else if (!strcmp(a, "--seed") && val) {
            g_opt.seed = strtoull(val, NULL, 10);
            g_opt.have_seed = true;
            i++;
        } else if (!strcmp(a, "--lang") && val) {
            g_opt.lang = argv[++i];
            g_opt.lang_given = true;   /* ?lang= wins over the saved setting */
        } else if (!strcmp(a, "--timer") && val) {
            g_opt.timer_s = atoi(argv[++i]);
        } else if (!strcmp(a, "--scenario") && val) {
            i++;
            if (lsr_resolve_scenario(val, g_scenario, sizeof g_scenario)) {
                g_opt.scenario_path = g_scenario;
                g_opt.is_campaign = lsr_file_is_campaign(g_scenario);
            }
        }
    }
    /* no ?lang=: the browser's language when the scenario has it, as the
     * desktop follows LANG (pre.js sets LANG from navigator.language) */
    static char env_lang[16];
    if (!g_opt.lang) {
        char def[LSR_PATH_MAX];
        const char *p = g_opt.scenario_path;
        if (!p && lsr_resolve_scenario(NULL, def, sizeof def)) p = def;
        bool missing = false;
        if (p) g_opt.lang = lsr_env_lang(p, env_lang, sizeof env_lang, &missing);
    }
    if (g_opt.lang) lsr_ui_set_lang(g_opt.lang);
    char err[1024];
    int rc = lsr_ui_create(&g_opt, &g_ui, err, sizeof err);
    if (rc != 0) {
        EM_ASM({ if (Module.lsrFatal) Module.lsrFatal(UTF8ToString($0)); },
               rc == LSR_SDL_NO_DISPLAY ? "WebGL is not available in this browser." : err);
        return rc;
    }
    lsr_ui_redraw(g_ui);
    publish();
    return 0;
}
