/* Headless tests of the window's reading aids and keyboard: glossary terms
 * and measure popovers, the glossary, backlog and help screens, taking a
 * decision back, self-voicing through a recording speech back end, the
 * title's first arrow press, Settings moved row by row, arrows and the
 * scrollbar scrolling, and the focus order of every screen. Writes a PNG
 * of each new screen at three sizes in the three themes. */
#ifndef LSR_HAVE_SDL
#include <stdio.h>
int main(void) {
    puts("test_ui_reading: SKIPPED: built without SDL (ctest reports it as skipped)");
    return 77;
}
#else

#include "check.h"
#include "sdl/internal.h"
#include "ui_drive.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <sys/stat.h>

static char work[1024], shots[1100], save_path[1100], coalition[1100];

/* ------------------------------------------------------------ helpers */

static LsrUi *open_at(int w, int h, const char *scenario, LsrTheme theme) {
    LsrPlayOptions o = ui_options(scenario, w, h, save_path);
    remove(save_path);
    LsrUi *ui = NULL;
    char err[512];
    int rc = lsr_ui_create(&o, &ui, err, sizeof err);
    if (rc != 0) fprintf(stderr, "lsr_ui_create: %d %s\n", rc, err);
    CHECK_EQ_INT(rc, 0);
    if (ui) {
        ui->settings.theme = theme;
        lsr_r_theme(ui);
        ui->dirty = true;
        pump(ui);
    }
    return ui;
}

static const LsrUiItem *focused(LsrUi *ui) {
    size_t n;
    const LsrUiItem *it = lsr_ui_items(ui, &n);
    for (size_t i = 0; i < n; i++)
        if (it[i].focused) return &it[i];
    return NULL;
}

static int focused_action(LsrUi *ui) {
    const LsrUiItem *f = focused(ui);
    return f ? f->action : A_NONE;
}

/* Presses key until the focus is on action (arg -1: any); false if never. */
static bool focus_to(LsrUi *ui, SDL_Keycode k, int action, int arg) {
    for (int i = 0; i < 120; i++) {
        key(ui, k, 0);
        const LsrUiItem *f = focused(ui);
        if (f && f->action == action && (arg < 0 || f->arg == arg)) return true;
    }
    return false;
}

static void shot(LsrUi *ui, const char *name, const char *theme) {
    int w, h;
    lsr_ui_output_size(ui, &w, &h);
    char path[1400];
    snprintf(path, sizeof path, "%s/%s-%s-%dx%d.png", shots, name, theme, w, h);
    lsr_ui_redraw(ui);
    CHECK(lsr_ui_save_png(ui, path));
}

/* To the first decision of the named scenario, from its title screen. */
static const LsrGame *to_decision(LsrUi *ui) {
    CHECK(click(ui, "New game"));
    CHECK_EQ_STR(screen_of(ui), "briefing");
    const LsrGame *g = lsr_ui_game(ui);
    /* the briefing explains every measure */
    if (g) CHECK(find_scrolling(ui, LSR_ITEM_TEXT, lsr_tx(&lsr_game_scenario(g)->vars[0].description, NULL)));
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    return lsr_ui_game(ui);
}

/* Takes the first available choice (or counts a vote) and goes on to the
 * next decision. */
static void take_one(LsrUi *ui) {
    key(ui, SDLK_1, 0);
    for (int i = 0; i < 6 && strcmp(screen_of(ui), "decision") != 0; i++) {
        if (strcmp(screen_of(ui), "vote") == 0) click(ui, "Count the votes");
        if (strcmp(screen_of(ui), "debrief") == 0) return;
        key(ui, SDLK_RETURN, 0);
    }
}

/* --------------------------------------------------------- keyboard */

static void test_title_focus(void) {
    LsrUi *ui = open_at(1280, 720, coalition, LSR_THEME_LIGHT);
    if (!ui) return;
    /* "New game" is highlighted: the first Down goes on to the next item */
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Another scenario") != NULL);
    key(ui, SDLK_DOWN, 0);
    CHECK_EQ_INT(focused_action(ui), A_PICKER);
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "picker");
    key(ui, SDLK_ESCAPE, 0);
    CHECK_EQ_STR(screen_of(ui), "title");
    /* Up from the highlighted first item wraps to the last */
    key(ui, SDLK_UP, 0);
    CHECK_EQ_INT(focused_action(ui), A_QUIT);
    lsr_ui_destroy(ui);
}

static void test_settings_grid(void) {
    LsrUi *ui = open_at(1280, 720, coalition, LSR_THEME_LIGHT);
    if (!ui) return;
    CHECK(click(ui, "Settings"));
    CHECK_EQ_STR(screen_of(ui), "settings");
    key(ui, SDLK_DOWN, 0);   /* nothing focused: the first button */
    CHECK_EQ_INT(focused_action(ui), A_TEXT_SIZE);
    key(ui, SDLK_RIGHT, 0);  /* along the row */
    CHECK_EQ_INT(focused_action(ui), A_TEXT_SIZE);
    CHECK_EQ_INT(focused(ui) ? focused(ui)->arg : -1, 0);
    key(ui, SDLK_DOWN, 0);   /* one row down, not the next button */
    CHECK_EQ_INT(focused_action(ui), A_FULLSCREEN);
    key(ui, SDLK_DOWN, 0);
    CHECK_EQ_INT(focused_action(ui), A_THEME);
    key(ui, SDLK_DOWN, 0);
    CHECK_EQ_INT(focused_action(ui), A_REVEAL);
    key(ui, SDLK_UP, 0);
    CHECK_EQ_INT(focused_action(ui), A_THEME);
    key(ui, SDLK_RIGHT, 0);
    key(ui, SDLK_RIGHT, 0);
    CHECK_EQ_INT(focused(ui) ? focused(ui)->arg : -1, 2);
    key(ui, SDLK_RIGHT, 0);  /* the end of the row: stays */
    CHECK_EQ_INT(focused(ui) ? focused(ui)->arg : -1, 2);
    lsr_ui_destroy(ui);
}

/* Tab visits each button once, in drawing order, and comes back round;
 * Shift+Tab retraces it. Run on every screen. */
static void check_focus_order(LsrUi *ui, const char *where) {
    size_t n;
    const LsrUiItem *it = lsr_ui_items(ui, &n);
    int want = 0;
    for (size_t i = 0; i < n; i++) want += it[i].kind == LSR_ITEM_BUTTON && it[i].enabled && !it[i].clipped;
    int seq_a[64], seq_g[64], k = 0;
    for (; k < want && k < 64; k++) {
        key(ui, SDLK_TAB, 0);
        const LsrUiItem *f = focused(ui);
        if (!f) {
            fprintf(stderr, "%s: Tab %d focused nothing\n", where, k + 1);
            CHECK(f != NULL);
            return;
        }
        seq_a[k] = f->action;
        seq_g[k] = f->arg;
        for (int j = 0; j < k; j++)
            if (seq_a[j] == f->action && seq_g[j] == f->arg) {
                fprintf(stderr, "%s: Tab came back to \"%s\" after %d of %d\n", where, f->text, k, want);
                CHECK(false);
                return;
            }
    }
    for (int j = k - 2; j >= 0; j--) {
        key(ui, SDLK_TAB, KMOD_SHIFT);
        CHECK(focused_action(ui) == seq_a[j] && focused(ui)->arg == seq_g[j]);
    }
    check_passed++;
}

static void test_focus_order_everywhere(void) {
    LsrUi *ui = open_at(1920, 1080, coalition, LSR_THEME_LIGHT);
    if (!ui) return;
    check_focus_order(ui, "title");
    CHECK(click(ui, "Settings"));
    check_focus_order(ui, "settings");
    key(ui, SDLK_F1, 0);
    CHECK_EQ_STR(screen_of(ui), "help");
    check_focus_order(ui, "help");
    key(ui, SDLK_ESCAPE, 0);
    CHECK_EQ_STR(screen_of(ui), "settings");
    key(ui, SDLK_ESCAPE, 0);
    CHECK(click(ui, "Another scenario"));
    check_focus_order(ui, "picker");
    key(ui, SDLK_ESCAPE, 0);
    CHECK(click(ui, "New game"));
    check_focus_order(ui, "briefing");
    key(ui, SDLK_g, 0);
    CHECK_EQ_STR(screen_of(ui), "glossary");
    check_focus_order(ui, "glossary");
    key(ui, SDLK_g, 0);
    CHECK_EQ_STR(screen_of(ui), "briefing");
    key(ui, SDLK_RETURN, 0);
    check_focus_order(ui, "decision");
    key(ui, SDLK_1, 0);
    check_focus_order(ui, "consequence");
    key(ui, SDLK_l, 0);
    check_focus_order(ui, "backlog");
    key(ui, SDLK_l, 0);
    key(ui, SDLK_ESCAPE, 0);
    check_focus_order(ui, "menu");
    key(ui, SDLK_ESCAPE, 0);
    const LsrGame *g = lsr_ui_game(ui);
    for (int i = 0; i < 40 && g && lsr_game_phase(g) != LSR_PHASE_ENDED; i++) {
        if (strcmp(screen_of(ui), "vote") == 0) {
            check_focus_order(ui, "vote");
            click(ui, "Count the votes");
        }
        take_one(ui);
    }
    if (strcmp(screen_of(ui), "consequence") == 0) key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "debrief");
    check_focus_order(ui, "debrief");
    CHECK(click(ui, "To the epilogue"));
    check_focus_order(ui, "ending");
    lsr_ui_destroy(ui);
}

/* ---------------------------------------------------------- glossary */

static void test_glossary(int w, int h) {
    LsrUi *ui = open_at(w, h, coalition, LSR_THEME_LIGHT);
    if (!ui) return;
    const LsrGame *g = to_decision(ui);
    if (!g) {
        lsr_ui_destroy(ui);
        return;
    }
    const LsrScenario *sc = lsr_game_scenario(g);
    /* terms are marked, each mark a target of its own */
    int terms = count_buttons(ui, A_TERM);
    CHECK(terms >= 1);
    size_t n;
    const LsrUiItem *it = lsr_ui_items(ui, &n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (it[i].action == A_TERM && it[j].action == A_TERM) CHECK(it[i].arg != it[j].arg);
    CHECK_EQ_INT(check_layout(ui, "decision with terms"), 0);
    /* focusing a term shows its definition */
    CHECK(focus_to(ui, SDLK_TAB, A_TERM, -1));
    const LsrUiItem *f = focused(ui);
    int t = f ? f->arg & 0xff : 0;
    const char *def = lsr_tx(&sc->glossary[t].definition, NULL);
    char head[40];
    snprintf(head, sizeof head, "%.30s", def);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, head) != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BOX, "popover") != NULL);
    CHECK_EQ_INT(check_layout(ui, "term popover"), 0);
    if (w == 1280) shot(ui, "term-popover", "light");
    /* and so does pointing at one, once the focus is elsewhere */
    key(ui, SDLK_ESCAPE, 0);
    key(ui, SDLK_ESCAPE, 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BOX, "popover") == NULL);
    const LsrUiItem *term = NULL;
    it = lsr_ui_items(ui, &n);
    for (size_t i = 0; i < n && !term; i++)
        if (it[i].action == A_TERM) term = &it[i];
    if (term) {
        mouse(ui, SDL_MOUSEMOTION, term->r.x + term->r.w / 2, term->r.y + term->r.h / 2);
        CHECK(lsr_ui_find(ui, LSR_ITEM_BOX, "popover") != NULL);
    }
    /* a measure's bar explains the measure */
    CHECK(focus_to(ui, SDLK_TAB, A_MEASURE, 0));
    snprintf(head, sizeof head, "%.30s", lsr_tx(&sc->vars[0].description, NULL));
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, head) != NULL);
    CHECK_EQ_INT(check_layout(ui, "measure popover"), 0);
    if (w == 1280) shot(ui, "measure-popover", "light");
    /* the glossary screen lists every term and measure, and G goes back */
    key(ui, SDLK_g, 0);
    CHECK_EQ_STR(screen_of(ui), "glossary");
    for (uint32_t i = 0; i < sc->n_glossary; i++)
        CHECK(find_scrolling(ui, LSR_ITEM_TEXT, lsr_tx(&sc->glossary[i].term, NULL)));
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, lsr_tx(&sc->vars[0].description, NULL)));
    key(ui, SDLK_g, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    /* from the menu too */
    key(ui, SDLK_ESCAPE, 0);
    CHECK(click(ui, "Glossary"));
    CHECK_EQ_STR(screen_of(ui), "glossary");
    lsr_ui_destroy(ui);
}

/* Classroom mode: the same terms and popovers, in the projector's type. */
static void test_classroom_glossary(void) {
    LsrPlayOptions o;
    memset(&o, 0, sizeof o);
    o.scenario_path = coalition;
    o.classroom = true;
    o.width = 1280;
    o.height = 720;
    o.save_path = save_path;
    remove(save_path);
    LsrUi *ui = NULL;
    char err[256];
    CHECK_EQ_INT(lsr_ui_create(&o, &ui, err, sizeof err), 0);
    if (!ui) return;
    pump(ui);
    to_decision(ui);
    CHECK(count_buttons(ui, A_TERM) >= 1);
    CHECK(focus_to(ui, SDLK_TAB, A_TERM, -1));
    CHECK(lsr_ui_find(ui, LSR_ITEM_BOX, "popover") != NULL);
    CHECK_EQ_INT(check_layout(ui, "classroom term popover"), 0);
    shot(ui, "classroom-term-popover", "contrast");
    CHECK(lsr_ui_body_px(ui) >= 24);   /* large type */
    key(ui, SDLK_l, 0);
    CHECK_EQ_STR(screen_of(ui), "backlog");
    key(ui, SDLK_ESCAPE, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    lsr_ui_destroy(ui);
}

/* --------------------------------------------------------- take back */

static void test_take_back(void) {
    LsrUi *ui = open_at(1280, 720, coalition, LSR_THEME_LIGHT);
    if (!ui) return;
    const LsrGame *g = to_decision(ui);
    if (!g) {
        lsr_ui_destroy(ui);
        return;
    }
    LsrScore fresh;
    lsr_game_score(g, &fresh);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Take back") == NULL);   /* nothing behind yet */
    key(ui, SDLK_u, 0);
    CHECK_EQ_INT(lsr_game_trace_len(g), 0);
    take_one(ui);
    take_one(ui);
    size_t two = lsr_game_trace_len(g);
    CHECK(two >= 2);
    LsrSaveInfo info;
    char err[200];
    CHECK_EQ_INT(lsr_save_peek(save_path, &info, err, sizeof err), LSR_OK);
    uint32_t saved = info.n_choices;
    /* U takes the last decision back; the save follows */
    CHECK_EQ_STR(screen_of(ui), "decision");
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Take back") != NULL);
    key(ui, SDLK_u, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    CHECK(lsr_game_trace_len(g) < two);
    CHECK_EQ_INT(lsr_save_peek(save_path, &info, err, sizeof err), LSR_OK);
    CHECK(info.n_choices < saved);
    /* the button on the consequence screen, then Ctrl+Z, then Backspace */
    key(ui, SDLK_1, 0);
    CHECK_EQ_STR(screen_of(ui), "consequence");
    size_t before = lsr_game_trace_len(g);
    CHECK(click(ui, "Take back"));
    CHECK_EQ_STR(screen_of(ui), "decision");
    CHECK(lsr_game_trace_len(g) < before);
    key(ui, SDLK_z, KMOD_CTRL);
    if (lsr_game_trace_len(g) > 0) key(ui, SDLK_BACKSPACE, 0);
    CHECK_EQ_INT(lsr_game_trace_len(g), 0);
    /* as if nothing had been decided: the score, and the save */
    LsrScore now;
    lsr_game_score(g, &now);
    CHECK_EQ_INT(now.decisions, fresh.decisions);
    CHECK_EQ_INT(now.fidelity_permille, fresh.fidelity_permille);
    CHECK_EQ_INT(now.outcome_permille, fresh.outcome_permille);
    CHECK_EQ_INT(lsr_save_peek(save_path, &info, err, sizeof err), LSR_OK);
    CHECK_EQ_INT(info.n_choices, 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Take back") == NULL);
    lsr_ui_destroy(ui);
}

/* ----------------------------------------------------- backlog, help */

static void test_backlog_help(void) {
    LsrUi *ui = open_at(1280, 720, coalition, LSR_THEME_LIGHT);
    if (!ui) return;
    const LsrGame *g = to_decision(ui);
    if (!g) {
        lsr_ui_destroy(ui);
        return;
    }
    const LsrScenario *sc = lsr_game_scenario(g);
    take_one(ui);
    const LsrTraceEntry *te = lsr_game_trace(g, 0);
    const LsrStep *st = &sc->steps[te->step];
    char chosen[300];
    snprintf(chosen, sizeof chosen, "You chose: %.60s", lsr_tx(&sc->choices[st->choices_first + te->choice].label, NULL));
    size_t len = lsr_game_trace_len(g);
    key(ui, SDLK_l, 0);
    CHECK_EQ_STR(screen_of(ui), "backlog");
    CHECK_EQ_INT(lsr_game_trace_len(g), len);   /* reading changes nothing */
    CHECK(ui->scroll > 0);                       /* it opens at the newest */
    key(ui, SDLK_HOME, 0);
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, chosen));
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "Briefing"));
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "NOW"));
    CHECK_EQ_INT(check_layout(ui, "backlog"), 0);
    /* arrows scroll the text */
    key(ui, SDLK_HOME, 0);
    for (int i = 0; i < 12; i++) key(ui, SDLK_DOWN, 0);
    CHECK(ui->scroll > 0);
    int s1 = ui->scroll;
    for (int i = 0; i < 12; i++) key(ui, SDLK_UP, 0);
    CHECK(ui->scroll < s1);
    /* the scrollbar drags: from its thumb to the foot of its track */
    key(ui, SDLK_HOME, 0);
    CHECK(ui->sb_track.w > 0);
    if (ui->sb_track.w > 0) {
        int x = ui->sb_track.x + ui->sb_track.w / 2, y = ui->sb_thumb_y + ui->sb_thumb_h / 2;
        mouse(ui, SDL_MOUSEBUTTONDOWN, x, y);
        mouse(ui, SDL_MOUSEMOTION, x, y + ui->sb_track.h / 2);
        CHECK(ui->scroll > 0 && ui->scroll < ui->max_scroll);
        mouse(ui, SDL_MOUSEMOTION, x, ui->sb_track.y + ui->sb_track.h + 50);
        CHECK_EQ_INT(ui->scroll, ui->max_scroll);
        mouse(ui, SDL_MOUSEBUTTONUP, x, ui->sb_track.y);
        CHECK_EQ_INT(ui->sb_grab, -1);
    }
    key(ui, SDLK_l, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    /* help from F1 and ?, back the same way */
    key(ui, SDLK_F1, 0);
    CHECK_EQ_STR(screen_of(ui), "help");
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "Historical fidelity"));
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "Outcome against history"));
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "Where the history comes from"));
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "Take back the last decision"));
    key(ui, SDLK_F1, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    key(ui, SDLK_SLASH, KMOD_SHIFT);
    CHECK_EQ_STR(screen_of(ui), "help");
    key(ui, SDLK_ESCAPE, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    /* the menu offers all three */
    key(ui, SDLK_ESCAPE, 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Backlog") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Help") != NULL);
    CHECK(click(ui, "Backlog"));
    CHECK_EQ_STR(screen_of(ui), "backlog");
    lsr_ui_destroy(ui);
}

/* ------------------------------------------------------------ speech */

typedef struct Said { char text[64][8192]; int n, stops, closed; } Said;

static void rec_say(void *ctx, const char *text, bool queue) {
    Said *s = ctx;
    (void)queue;
    if (s->n < 64) snprintf(s->text[s->n++], sizeof s->text[0], "%s", text);
}
static void rec_stop(void *ctx) { ((Said *)ctx)->stops++; }
static void rec_close(void *ctx) { ((Said *)ctx)->closed++; }

static bool said_has(const Said *s, int from, const char *needle) {
    for (int i = from; i < s->n; i++)
        if (strstr(s->text[i], needle)) return true;
    return false;
}

static void test_speech(void) {
    LsrUi *ui = open_at(1280, 720, coalition, LSR_THEME_LIGHT);
    if (!ui) return;
    /* without speech-dispatcher the setting says why and stays off */
    void *lib = dlopen("libspeechd.so.2", RTLD_NOW);
    if (!lib) {
        CHECK(click(ui, "Settings"));
        CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "Unavailable: speech-dispatcher is not installed"));
        key(ui, SDLK_v, 0);
        CHECK(!ui->settings.speech);
        key(ui, SDLK_ESCAPE, 0);
    } else {
        dlclose(lib);
    }
    static Said said;
    memset(&said, 0, sizeof said);
    LsrSpeechBackend be = { &said, rec_say, rec_stop, rec_close };
    lsr_ui_set_speech(ui, &be);
    CHECK_EQ_STR(screen_of(ui), "title");
    key(ui, SDLK_v, 0);
    CHECK(ui->settings.speech);
    CHECK(said_has(&said, 0, "The Left SRs"));
    CHECK(said_has(&said, 0, "New game"));
    /* the focus is spoken as it moves */
    int mark = said.n;
    key(ui, SDLK_DOWN, 0);
    CHECK(said.n > mark && said_has(&said, mark, "Another scenario"));
    /* a new screen is read */
    mark = said.n;
    const LsrGame *g = to_decision(ui);
    const LsrStep *st = g ? lsr_game_step(g) : NULL;
    if (st) {
        CHECK(said_has(&said, mark, lsr_tx(&st->title, NULL)));
        CHECK(said_has(&said, mark, "Choices: 1,"));
    }
    /* a term's definition on focus */
    mark = said.n;
    if (focus_to(ui, SDLK_TAB, A_TERM, -1)) {
        const LsrScenario *sc = lsr_game_scenario(g);
        char head[40];
        snprintf(head, sizeof head, "%.30s", lsr_tx(&sc->glossary[focused(ui)->arg & 0xff].definition, NULL));
        CHECK(said_has(&said, mark, head));
    }
    /* Ctrl stops speaking */
    int stops = said.stops;
    key(ui, SDLK_LCTRL, KMOD_LCTRL);
    CHECK_EQ_INT(said.stops, stops + 1);
    /* the outcome of a vote */
    bool vote = false;
    for (int i = 0; i < 30 && g && lsr_game_phase(g) != LSR_PHASE_ENDED && !vote; i++) {
        key(ui, SDLK_1, 0);
        for (int k = 0; k < 6 && strcmp(screen_of(ui), "decision") != 0; k++) {
            if (strcmp(screen_of(ui), "vote") == 0) {
                mark = said.n;
                CHECK(click(ui, "Count the votes"));
                CHECK(said_has(&said, mark, "The motion passes:") || said_has(&said, mark, "The motion fails:"));
                vote = true;
                break;
            }
            if (strcmp(screen_of(ui), "debrief") == 0) break;
            key(ui, SDLK_RETURN, 0);
        }
    }
    CHECK(vote);
    /* taking back is said, then the decision again */
    for (int k = 0; k < 6 && strcmp(screen_of(ui), "decision") != 0; k++) key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    if (strcmp(screen_of(ui), "decision") == 0 && lsr_game_trace_len(g) > 0) {
        mark = said.n;
        key(ui, SDLK_u, 0);
        CHECK(said_has(&said, mark, "Decision taken back. "));
        CHECK(said_has(&said, mark, "Choices: 1,"));
    }
    /* V again: off, and nothing more is said */
    key(ui, SDLK_v, 0);
    CHECK(!ui->settings.speech);
    mark = said.n;
    key(ui, SDLK_TAB, 0);
    CHECK_EQ_INT(said.n, mark);
    lsr_ui_destroy(ui);
    CHECK_EQ_INT(said.closed, 1);
}

/* ----------------------------------------------------- endings found */

static char endings_path[1200];

static void test_endings_found(void) {
    remove(endings_path);
    LsrUi *ui = open_at(1280, 720, coalition, LSR_THEME_LIGHT);
    if (!ui) return;
    const LsrGame *g = to_decision(ui);
    const LsrScenario *sc = g ? lsr_game_scenario(g) : NULL;
    for (int i = 0; i < 40 && g && lsr_game_phase(g) != LSR_PHASE_ENDED; i++) take_one(ui);
    if (strcmp(screen_of(ui), "consequence") == 0) key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "debrief");
    char want[96];
    snprintf(want, sizeof want, "1 of %u endings found · this one is new", sc ? sc->n_endings : 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, want) != NULL);
    struct stat st;
    CHECK(stat(endings_path, &st) == 0);
    shot(ui, "debrief-endings", "light");
    /* the picker counts, and names no ending */
    key(ui, SDLK_ESCAPE, 0);
    CHECK(click(ui, "Title screen"));
    CHECK(click(ui, "Another scenario"));
    snprintf(want, sizeof want, "1 of %u endings found", sc ? sc->n_endings : 0);
    CHECK(find_scrolling(ui, LSR_ITEM_BUTTON, lsr_tx(&sc->title, NULL)));
    size_t n;
    const LsrUiItem *it = lsr_ui_items(ui, &n);
    bool counted = false;
    for (size_t i = 0; i < n; i++) counted |= strstr(it[i].text, "endings found") != NULL;
    CHECK(counted);
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, want));
    for (uint32_t e = 0; sc && e < sc->n_endings; e++)
        CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, lsr_tx(&sc->endings[e].title, NULL)) == NULL);
    shot(ui, "picker-endings", "light");
    CHECK_EQ_INT(check_layout(ui, "picker with endings"), 0);
    lsr_ui_destroy(ui);
    /* a second game to the same ending is not new */
    ui = open_at(1280, 720, coalition, LSR_THEME_LIGHT);
    if (!ui) return;
    g = to_decision(ui);
    for (int i = 0; i < 40 && g && lsr_game_phase(g) != LSR_PHASE_ENDED; i++) take_one(ui);
    if (strcmp(screen_of(ui), "consequence") == 0) key(ui, SDLK_RETURN, 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "this one is new") == NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, want) != NULL);
    lsr_ui_destroy(ui);
}

/* ---------------------------------------------- every new screen, looked at */

static void test_screens_in_themes(int w, int h) {
    static const char *const names[3] = { "light", "dark", "contrast" };
    for (int t = 0; t < 3; t++) {
        LsrUi *ui = open_at(w, h, coalition, (LsrTheme)t);
        if (!ui) return;
        char where[64];
        key(ui, SDLK_F1, 0);
        snprintf(where, sizeof where, "help %s", names[t]);
        CHECK_EQ_INT(check_layout(ui, where), 0);
        shot(ui, "help", names[t]);
        key(ui, SDLK_F1, 0);
        CHECK(click(ui, "Settings"));
        snprintf(where, sizeof where, "settings %s", names[t]);
        CHECK_EQ_INT(check_layout(ui, where), 0);
        shot(ui, "settings", names[t]);
        key(ui, SDLK_ESCAPE, 0);
        const LsrGame *g = to_decision(ui);
        take_one(ui);
        take_one(ui);
        snprintf(where, sizeof where, "decision %s", names[t]);
        CHECK_EQ_INT(check_layout(ui, where), 0);
        shot(ui, "decision-take-back", names[t]);
        key(ui, SDLK_u, 0);
        key(ui, SDLK_1, 0);
        shot(ui, "consequence-take-back", names[t]);
        key(ui, SDLK_l, 0);
        snprintf(where, sizeof where, "backlog %s", names[t]);
        CHECK_EQ_INT(check_layout(ui, where), 0);
        shot(ui, "backlog", names[t]);
        key(ui, SDLK_l, 0);
        key(ui, SDLK_g, 0);
        snprintf(where, sizeof where, "glossary %s", names[t]);
        CHECK_EQ_INT(check_layout(ui, where), 0);
        shot(ui, "glossary", names[t]);
        key(ui, SDLK_g, 0);
        key(ui, SDLK_ESCAPE, 0);
        snprintf(where, sizeof where, "menu %s", names[t]);
        CHECK_EQ_INT(check_layout(ui, where), 0);
        shot(ui, "menu", names[t]);
        (void)g;
        lsr_ui_destroy(ui);
    }
}

int main(void) {
    snprintf(work, sizeof work, "%s/ui-reading-test", LSR_BINARY_DIR);
    snprintf(shots, sizeof shots, "%s/ui-screenshots", LSR_BINARY_DIR);
    ui_headless(work);
    mkdir(shots, 0755);
    snprintf(save_path, sizeof save_path, "%s/save.json", work);
    snprintf(coalition, sizeof coalition, "%s/scenarios/coalition.json", LSR_SOURCE_DIR);
    snprintf(endings_path, sizeof endings_path, "%s/data/leftsr/endings.json", work);

    test_title_focus();
    test_settings_grid();
    test_take_back();
    test_backlog_help();
    test_glossary(1280, 720);
    test_glossary(1024, 768);
    test_classroom_glossary();
    test_speech();
    test_endings_found();
    test_focus_order_everywhere();
    test_screens_in_themes(1024, 768);
    test_screens_in_themes(1280, 720);
    test_screens_in_themes(1920, 1080);
    printf("screenshots in %s\n", shots);
    return check_report("test_ui_reading");
}

#endif
