/* Headless tests of classroom mode (`leftsr play --classroom`): a scripted
 * lesson in the SDL window. The teacher types and steps class votes, breaks
 * a tie, steps back a decision, pauses, reveals history, reaches the
 * debrief and exports the report; the exported files are compared with
 * tests/golden/classroom/ (UPDATE_GOLDEN=1 rewrites them). The discussion
 * timer runs on a fake clock, so nothing here sleeps. */
#ifndef LSR_HAVE_SDL
#include <stdio.h>
int main(void) {
    puts("test_ui_classroom: SKIPPED: built without SDL (ctest reports it as skipped)");
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

static char work[1024], shots[1024], save_path[1100], scenario[1100];
static uint64_t fake_ms;
static uint64_t fake_clock(void) { return fake_ms; }

static LsrPlayOptions class_options(int w, int h, int timer_s) {
    LsrPlayOptions o = ui_options(scenario, w, h, save_path);
    o.classroom = true;
    o.timer_s = timer_s;
    return o;
}

static LsrUi *open_class(int w, int h, int timer_s) {
    LsrPlayOptions o = class_options(w, h, timer_s);
    LsrUi *ui = create_checked(&o);
    if (!ui) return NULL;
    lsr_ui_set_clock(ui, fake_clock);
    pump(ui);
    return ui;
}

static void shot(LsrUi *ui, const char *name) {
    char path[1200];
    int w, h;
    lsr_ui_output_size(ui, &w, &h);
    snprintf(path, sizeof path, "%s/classroom-%s-%dx%d.png", shots, name, w, h);
    lsr_ui_redraw(ui);
    CHECK(lsr_ui_save_png(ui, path));
}

/* Types a count for the choice with letter `letter` ('a'...). */
static void vote(LsrUi *ui, char letter, unsigned count) {
    key(ui, (SDL_Keycode)letter, 0);
    char digits[16];
    snprintf(digits, sizeof digits, "%u", count);
    for (const char *d = digits; *d; d++) key(ui, (SDL_Keycode)*d, 0);
}

static const LsrTraceEntry *last_entry(LsrUi *ui) {
    const LsrGame *g = lsr_ui_game(ui);
    size_t n = lsr_game_trace_len(g);
    return n ? lsr_game_trace(g, n - 1) : NULL;
}

static size_t trace_len(LsrUi *ui) { return lsr_game_trace_len(lsr_ui_game(ui)); }

static bool file_equals_golden(const char *path, const char *golden) {
    FILE *a = fopen(path, "rb");
    if (!a) {
        fprintf(stderr, "cannot read %s\n", path);
        return false;
    }
    static char x[1 << 20], y[1 << 20];
    size_t nx = fread(x, 1, sizeof x, a);
    fclose(a);
    if (getenv("UPDATE_GOLDEN")) {
        FILE *o = fopen(golden, "wb");
        if (!o || fwrite(x, 1, nx, o) != nx) fprintf(stderr, "cannot write %s\n", golden);
        if (o) fclose(o);
        fprintf(stderr, "updated %s\n", golden);
    }
    FILE *b = fopen(golden, "rb");
    if (!b) {
        fprintf(stderr, "missing golden file %s (run with UPDATE_GOLDEN=1)\n", golden);
        return false;
    }
    size_t ny = fread(y, 1, sizeof y, b);
    fclose(b);
    if (nx == ny && memcmp(x, y, nx) == 0) return true;
    size_t i = 0;
    while (i < nx && i < ny && x[i] == y[i]) i++;
    fprintf(stderr, "%s differs from %s at byte %zu (UPDATE_GOLDEN=1 to accept)\n", path, golden, i);
    return false;
}

/* Body text at least 1/30 of the screen height, at any projector size. */
static void projector_type(int w, int h) {
    LsrUi *ui = open_class(w, h, 60);
    if (!ui) return;
    int ow, oh;
    lsr_ui_output_size(ui, &ow, &oh);
    CHECK_EQ_INT(oh, h);
    if (lsr_ui_body_px(ui) * 30 < oh) fprintf(stderr, "body %d px at %dx%d\n", lsr_ui_body_px(ui), w, h);
    CHECK(lsr_ui_body_px(ui) * 30 >= oh);
    lsr_ui_destroy(ui);
}

/* The whole lesson at one window size; `full` adds the checks that need
 * doing once (golden export, refusals). */
static void lesson(int w, int h, bool full) {
    remove(save_path);
    fake_ms = 1000000;
    LsrUi *ui = open_class(w, h, 90);
    if (!ui) return;
    CHECK(click(ui, "New game"));
    CHECK_EQ_STR(screen_of(ui), "briefing");
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    const LsrGame *g = lsr_ui_game(ui);
    const LsrScenario *sc = lsr_game_scenario(g);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "CLASS VOTE") != NULL || lsr_ui_find(ui, LSR_ITEM_TEXT, "class vote") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Take the class's choice") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Step back") == NULL);   /* nothing to step back to yet */
    CHECK_EQ_INT(check_layout(ui, "classroom decision"), 0);

    /* the discussion timer: starts by itself, counts on the clock, pauses, adjusts */
    CHECK(lsr_ui_class_timer_running(ui));
    CHECK_EQ_INT(lsr_ui_class_timer(ui), 90);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "1:30") != NULL);
    fake_ms += 30500;
    pump(ui);
    CHECK_EQ_INT(lsr_ui_class_timer(ui), 60);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "1:00") != NULL);
    key(ui, SDLK_t, 0);
    CHECK(!lsr_ui_class_timer_running(ui));
    fake_ms += 10000;
    pump(ui);
    CHECK_EQ_INT(lsr_ui_class_timer(ui), 60);
    key(ui, SDLK_RIGHTBRACKET, 0);
    CHECK_EQ_INT(lsr_ui_class_timer(ui), 90);
    CHECK(click(ui, "−30 s"));
    CHECK(click(ui, "−30 s"));
    CHECK_EQ_INT(lsr_ui_class_timer(ui), 30);
    CHECK(click(ui, "Start timer"));
    CHECK(lsr_ui_class_timer_running(ui));
    fake_ms += 31000;
    pump(ui);
    CHECK_EQ_INT(lsr_ui_class_timer(ui), 0);
    CHECK(!lsr_ui_class_timer_running(ui));
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "TIME IS UP") != NULL);
    if (full) shot(ui, "timer-up");

    /* votes: typed, stepped by key and by button; digits need a letter first */
    const LsrStep *st = lsr_game_step(g);
    CHECK(st && st->n_choices >= 2);
    if (!st || st->n_choices < 2) {
        lsr_ui_destroy(ui);
        return;
    }
    key(ui, SDLK_5, 0);
    CHECK_EQ_INT(lsr_ui_class_votes(ui, 0), 0);
    CHECK(strstr(lsr_ui_class_notice(ui), "letter") != NULL);
    vote(ui, 'a', 12);
    CHECK_EQ_INT(lsr_ui_class_votes(ui, 0), 12);
    vote(ui, 'b', 9);
    key(ui, SDLK_PLUS, 0);
    key(ui, SDLK_EQUALS, 0);
    key(ui, SDLK_MINUS, 0);
    CHECK_EQ_INT(lsr_ui_class_votes(ui, 1), 10);
    key(ui, SDLK_BACKSPACE, 0);
    CHECK_EQ_INT(lsr_ui_class_votes(ui, 1), 1);
    vote(ui, 'b', 10);
    size_t n_items;
    const LsrUiItem *items = lsr_ui_items(ui, &n_items);
    for (size_t i = 0; i < n_items; i++) {
        if (items[i].kind == LSR_ITEM_BUTTON && items[i].action == A_VOTE_INC && items[i].arg == 1) {
            click_at(ui, items[i].r.x + items[i].r.w / 2, items[i].r.y + items[i].r.h / 2);
            break;
        }
    }
    CHECK_EQ_INT(lsr_ui_class_votes(ui, 1), 11);
    items = lsr_ui_items(ui, &n_items);
    for (size_t i = 0; i < n_items; i++) {
        if (items[i].kind == LSR_ITEM_BUTTON && items[i].action == A_VOTE_DEC && items[i].arg == 1) {
            click_at(ui, items[i].r.x + items[i].r.w / 2, items[i].r.y + items[i].r.h / 2);
            break;
        }
    }
    CHECK_EQ_INT(lsr_ui_class_votes(ui, 1), 10);
    vote(ui, 'a', 1234);   /* a fourth digit starts the count over */
    CHECK_EQ_INT(lsr_ui_class_votes(ui, 0), 4);
    vote(ui, 'a', 12);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "A LEADS") != NULL);
    if (full) shot(ui, "decision");
    CHECK_EQ_INT(check_layout(ui, "classroom votes"), 0);
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "consequence");
    const LsrTraceEntry *te = last_entry(ui);
    CHECK(te && te->choice == 0 && te->tally && te->n_tally == st->n_choices);
    if (te && te->tally) {
        CHECK_EQ_INT(te->tally[0], 12);
        CHECK_EQ_INT(te->tally[1], 10);
    }
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Class vote: A 12 · B 10") != NULL);
    /* history waits for the teacher */
    CHECK(!find_scrolling(ui, LSR_ITEM_TEXT, "WHAT THE LEFT SRS REALLY DID"));
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "R reveals"));
    CHECK_EQ_INT(check_layout(ui, "classroom consequence"), 0);

    /* the reveal, full screen */
    key(ui, SDLK_r, 0);
    CHECK_EQ_STR(screen_of(ui), "reveal");
    const LsrStep *s0 = &sc->steps[te ? te->step : 0];
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "WHAT THE LEFT SRS REALLY DID") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "The class chose A") != NULL);
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, lsr_tx(&sc->choices[s0->choices_first + s0->hist_choice].label, NULL)));
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "SOURCE"));
    if (full) shot(ui, "reveal");
    CHECK_EQ_INT(check_layout(ui, "classroom reveal"), 0);
    CHECK(click(ui, "Back"));
    CHECK_EQ_STR(screen_of(ui), "consequence");
    key(ui, SDLK_RETURN, 0);

    /* a tie: Enter does not break it; only a tied choice can be taken */
    for (int i = 0; i < 20 && strcmp(screen_of(ui), "decision") != 0 && strcmp(screen_of(ui), "debrief") != 0; i++)
        key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    st = lsr_game_step(g);
    size_t before = trace_len(ui);
    int a = -1, b = -1, c = -1;
    for (uint32_t i = 0; st && i < st->n_choices; i++) {
        if (lsr_game_choice_state(g, i) != LSR_CHOICE_AVAILABLE) continue;
        if (a < 0) a = (int)i;
        else if (b < 0) b = (int)i;
        else if (c < 0) c = (int)i;
    }
    CHECK(a >= 0 && b >= 0);
    if (a < 0 || b < 0) {
        lsr_ui_destroy(ui);
        return;
    }
    CHECK_EQ_INT(lsr_ui_class_votes(ui, (uint32_t)a), 0);   /* fresh counts for a new decision */
    CHECK_EQ_INT(lsr_ui_class_timer(ui), 60);   /* the timer starts again: 90 s, +30, −30, −30 */
    CHECK(lsr_ui_class_timer_running(ui));
    key(ui, SDLK_RETURN, 0);
    CHECK(lsr_ui_class_tie(ui));
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Who decides?") != NULL);
    key(ui, SDLK_ESCAPE, 0);
    CHECK(!lsr_ui_class_tie(ui));
    vote(ui, (char)('a' + a), 5);
    vote(ui, (char)('a' + b), 5);
    if (c >= 0) vote(ui, (char)('a' + c), 2);
    key(ui, SDLK_RETURN, 0);
    CHECK(lsr_ui_class_tie(ui));
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "A tie") != NULL);
    if (full) shot(ui, "tie");
    CHECK_EQ_INT(check_layout(ui, "classroom tie"), 0);
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_INT(trace_len(ui), before);
    if (c >= 0) {
        key(ui, (SDL_Keycode)('a' + c), 0);
        CHECK_EQ_INT(trace_len(ui), before);
        CHECK(lsr_ui_class_tie(ui));
    }
    key(ui, (SDL_Keycode)('a' + b), 0);
    CHECK_EQ_INT(trace_len(ui), before + 1);
    te = last_entry(ui);
    CHECK(te && te->choice == (uint32_t)b && te->tally && te->tally[a] == 5 && te->tally[b] == 5);
    CHECK_EQ_STR(screen_of(ui), "consequence");

    /* step back: the decision comes back with the class's counts */
    key(ui, SDLK_u, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    CHECK_EQ_INT(trace_len(ui), before);
    CHECK_EQ_INT(lsr_ui_class_votes(ui, (uint32_t)a), 5);
    CHECK_EQ_INT(lsr_ui_class_votes(ui, (uint32_t)b), 5);
    CHECK(strstr(lsr_ui_class_notice(ui), "Stepped back") != NULL);
    LsrSaveInfo info;
    char err[256];
    CHECK_EQ_INT(lsr_save_peek(save_path, &info, err, sizeof err), LSR_OK);
    CHECK_EQ_INT(info.n_choices, before);
    vote(ui, (char)('a' + b), 7);
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_INT(trace_len(ui), before + 1);
    te = last_entry(ui);
    CHECK(te && te->choice == (uint32_t)b && te->tally && te->tally[b] == 7);

    /* pause: everything stops until P */
    key(ui, SDLK_p, 0);
    CHECK(lsr_ui_class_paused(ui));
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Paused") != NULL);
    if (full) shot(ui, "pause");
    key(ui, SDLK_r, 0);
    key(ui, SDLK_u, 0);
    CHECK_EQ_STR(screen_of(ui), "consequence");
    CHECK_EQ_INT(trace_len(ui), before + 1);
    key(ui, SDLK_p, 0);
    CHECK(!lsr_ui_class_paused(ui));

    /* the rest of the lesson: the class backs the historical choice 20 to 3 */
    int guard = 0;
    while (guard++ < 300 && strcmp(screen_of(ui), "debrief") != 0) {
        const char *s = screen_of(ui);
        if (strcmp(s, "decision") == 0) {
            st = lsr_game_step(g);
            uint32_t h_ = st->hist_choice;
            if (lsr_game_choice_state(g, h_) != LSR_CHOICE_AVAILABLE)
                for (h_ = 0; h_ < st->n_choices && lsr_game_choice_state(g, h_) != LSR_CHOICE_AVAILABLE; h_++) {
                }
            vote(ui, (char)('a' + (int)h_), 20);
            for (uint32_t i = 0; i < st->n_choices; i++)
                if (i != h_ && lsr_game_choice_state(g, i) == LSR_CHOICE_AVAILABLE) {
                    vote(ui, (char)('a' + (int)i), 3);
                    break;
                }
        }
        key(ui, SDLK_RETURN, 0);
    }
    CHECK_EQ_STR(screen_of(ui), "debrief");
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "The class's course against history") != NULL);
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "THE CLASS'S CHOICE"));
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "Class vote: A 12 · B 10"));
    if (full) shot(ui, "debrief");
    CHECK_EQ_INT(check_layout(ui, "classroom debrief"), 0);

    /* export: HTML, Markdown and CSV beside the save */
    char html[1200], md[1200], csv[1200];
    snprintf(html, sizeof html, "%s/class-report.html", work);
    snprintf(md, sizeof md, "%s/class-report.md", work);
    snprintf(csv, sizeof csv, "%s/class-report.csv", work);
    remove(html);
    remove(md);
    remove(csv);
    CHECK(click(ui, "Export report"));
    CHECK(strstr(lsr_ui_class_notice(ui), "Report saved") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Report saved") != NULL);
    if (full) {
        char golden[1200];
        snprintf(golden, sizeof golden, "%s/tests/golden/classroom/coalition-report.html", LSR_SOURCE_DIR);
        CHECK(file_equals_golden(html, golden));
        snprintf(golden, sizeof golden, "%s/tests/golden/classroom/coalition-report.md", LSR_SOURCE_DIR);
        CHECK(file_equals_golden(md, golden));
        snprintf(golden, sizeof golden, "%s/tests/golden/classroom/coalition-report.csv", LSR_SOURCE_DIR);
        CHECK(file_equals_golden(csv, golden));

        /* exporting again replaces the reports; a stranger's file is never overwritten */
        key(ui, SDLK_e, 0);
        CHECK(strstr(lsr_ui_class_notice(ui), "Report saved") != NULL);
        FILE *f = fopen(md, "wb");
        if (f) {
            fputs("my own lesson notes\n", f);
            fclose(f);
        }
        key(ui, SDLK_e, 0);
        CHECK(strstr(lsr_ui_class_notice(ui), "Export failed") != NULL);
        f = fopen(md, "rb");
        char buf[64] = "";
        if (f) {
            if (!fgets(buf, sizeof buf, f)) buf[0] = '\0';
            fclose(f);
        }
        CHECK_EQ_STR(buf, "my own lesson notes\n");
        remove(md);
    }

    /* a step back from the debrief returns to the last decision */
    size_t at_end = trace_len(ui);
    key(ui, SDLK_u, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    CHECK(trace_len(ui) < at_end);
    CHECK(lsr_ui_class_votes(ui, lsr_game_step(g)->hist_choice) == 20);
    lsr_ui_destroy(ui);
}

/* The discussion clock stops while paused or behind the menu; Ctrl +
 * enlarges the projector type; Enter cannot reach what a panel covers. */
static void holds(void) {
    remove(save_path);
    fake_ms = 5000000;
    LsrUi *ui = open_class(1280, 720, 90);
    if (!ui) return;
    CHECK(click(ui, "New game"));
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "decision");
    CHECK_EQ_INT(lsr_ui_class_timer(ui), 90);
    key(ui, SDLK_p, 0);
    CHECK(lsr_ui_class_paused(ui));
    fake_ms += 20000;
    pump(ui);
    CHECK_EQ_INT(lsr_ui_class_timer(ui), 90);
    key(ui, SDLK_p, 0);
    CHECK(!lsr_ui_class_paused(ui));
    fake_ms += 10000;
    pump(ui);
    CHECK_EQ_INT(lsr_ui_class_timer(ui), 80);
    key(ui, SDLK_ESCAPE, 0);   /* the menu */
    fake_ms += 10000;
    pump(ui);
    CHECK_EQ_INT(lsr_ui_class_timer(ui), 80);
    key(ui, SDLK_ESCAPE, 0);
    fake_ms += 5000;
    pump(ui);
    CHECK_EQ_INT(lsr_ui_class_timer(ui), 75);
    CHECK(lsr_ui_class_timer_running(ui));

    int body = lsr_ui_body_px(ui);
    key(ui, SDLK_EQUALS, KMOD_LCTRL);
    /* larger, unless the decision's choices would no longer fit: then it
     * keeps the largest text they fit at */
    CHECK(lsr_ui_body_px(ui) > body || ui->text_shrink < 1.0);
    key(ui, SDLK_0, KMOD_LCTRL);
    CHECK_EQ_INT(lsr_ui_body_px(ui), body);
    key(ui, SDLK_MINUS, KMOD_LCTRL);
    CHECK_EQ_INT(lsr_ui_body_px(ui), body);   /* never below the projector minimum */

    /* a tie panel over a focused button: Enter does nothing behind it */
    key(ui, SDLK_TAB, 0);
    key(ui, SDLK_TAB, 0);
    key(ui, SDLK_TAB, 0);
    CHECK(click(ui, "Take the class's choice"));
    CHECK(lsr_ui_class_tie(ui));
    key(ui, SDLK_RETURN, 0);
    CHECK(lsr_ui_class_tie(ui));
    CHECK_EQ_INT(trace_len(ui), 0);
    CHECK_EQ_INT(lsr_ui_class_timer(ui), 75);
    key(ui, SDLK_ESCAPE, 0);
    CHECK(!lsr_ui_class_tie(ui));

    /* the author tools stay shut while the class is paused */
    key(ui, SDLK_F12, 0);
    key(ui, SDLK_p, 0);
    CHECK(lsr_ui_class_paused(ui));
    key(ui, SDLK_RETURN, 0);
    CHECK(!lsr_ui_class_paused(ui));
    CHECK_EQ_INT(trace_len(ui), 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "DEBUG SESSION") == NULL);
    lsr_ui_destroy(ui);
}

/* Classroom choices last for the lesson: the player's settings file is untouched. */
static void settings_untouched(void) {
    char cfg[1200];
    snprintf(cfg, sizeof cfg, "%s/config/leftsr/settings.json", work);
    remove(cfg);
    LsrUi *ui = open_class(1280, 720, 0);
    if (!ui) return;
    key(ui, SDLK_EQUALS, KMOD_LCTRL);
    struct stat sb;
    CHECK(stat(cfg, &sb) != 0);
    CHECK(click(ui, "New game"));
    key(ui, SDLK_RETURN, 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "DISCUSSION") == NULL);   /* --timer 0: no timer */
    CHECK(!lsr_ui_class_timer_running(ui));
    key(ui, SDLK_RIGHTBRACKET, 0);
    key(ui, SDLK_t, 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "DISCUSSION") == NULL);   /* and it stays hidden */
    CHECK(!lsr_ui_class_timer_running(ui));
    lsr_ui_destroy(ui);
}

int main(void) {
    if (!getenv("SDL_VIDEODRIVER")) setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    setenv("SOURCE_DATE_EPOCH", "1763800000", 1);   /* the report's date: 22 November 2025 */
    snprintf(work, sizeof work, "%s/ui-classroom", LSR_BINARY_DIR);
    snprintf(shots, sizeof shots, "%s/ui-screenshots", LSR_BINARY_DIR);
    mkdir(work, 0755);
    mkdir(shots, 0755);
    snprintf(save_path, sizeof save_path, "%s/class.json", work);
    char env[1100];
    snprintf(env, sizeof env, "%s/config", work);
    setenv("XDG_CONFIG_HOME", env, 1);
    snprintf(env, sizeof env, "%s/data", work);
    setenv("XDG_DATA_HOME", env, 1);
    snprintf(scenario, sizeof scenario, "%s/scenarios/coalition.json", LSR_SOURCE_DIR);

    projector_type(1280, 720);
    projector_type(1920, 1080);
    projector_type(1024, 768);
    projector_type(3840, 2160);
    lesson(1280, 720, true);
    lesson(1920, 1080, true);
    holds();
    settings_untouched();
    CHECK_EQ_INT(layout_failures, 0);
    printf("screenshots in %s\n", shots);
    return check_report("test_ui_classroom");
}

#endif
