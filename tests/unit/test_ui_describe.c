/* The screen as text (describe.c), which the web page's screen-reader
 * region mirrors: it follows the screen, names buttons with their number,
 * marks the focus and reads out a counted vote. */
#ifndef LSR_HAVE_SDL
#include <stdio.h>
int main(void) {
    puts("test_ui_describe: SKIPPED: built without SDL (ctest reports it as skipped)");
    return 77;
}
#else

#include "check.h"
#include "sdl/describe.h"
#include "sdl/internal.h"
#include "ui_drive.h"

#include <stdlib.h>
#include <string.h>

static char text[16384];

static const char *describe(LsrUi *ui) {
    size_t need = lsr_ui_describe(ui, text, sizeof text);
    CHECK(need < sizeof text);
    CHECK_EQ_INT(strlen(text), need < sizeof text ? need : sizeof text - 1);
    return text;
}

int main(void) {
    if (!getenv("SDL_VIDEODRIVER")) setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    if (!getenv("LEFTSR_DATA")) setenv("LEFTSR_DATA", LSR_SOURCE_DIR, 1);
    LsrPlayOptions o;
    memset(&o, 0, sizeof o);
    o.have_seed = true;
    o.width = 1280;
    o.height = 720;
    o.no_save = true;
    o.timer_s = -1;
    LsrUi *ui = NULL;
    char err[512];
    CHECK_EQ_INT(lsr_ui_create(&o, &ui, err, sizeof err), 0);
    if (!ui) return check_report("test_ui_describe");
    pump(ui);
    CHECK(strstr(describe(ui), "Button: New game") != NULL);
    CHECK(strstr(text, "Focus: ") == NULL);

    /* the focus moves: the text says where it is, once */
    key(ui, SDLK_TAB, 0);
    const LsrUiItem *it = NULL;
    size_t n;
    const LsrUiItem *items = lsr_ui_items(ui, &n);
    for (size_t i = 0; i < n; i++)
        if (items[i].kind == LSR_ITEM_BUTTON && items[i].focused) it = &items[i];
    CHECK(it != NULL);
    if (it) {
        char want[1100];
        snprintf(want, sizeof want, "Focus: %s\n", it->text);
        CHECK(strstr(describe(ui), want) != NULL);
        CHECK(strstr(text, " (focused)\n") != NULL);
    }

    /* the picker: numbered buttons with their detail line */
    CHECK(click(ui, "New game"));
    CHECK_EQ_STR(screen_of(ui), "picker");
    CHECK(strstr(describe(ui), "Button: 1. ") != NULL);
    CHECK(strstr(text, "Coalition talks") != NULL);
    CHECK(strstr(text, "Button: New game") == NULL);

    /* into a game: play first choices until a vote is counted and read out */
    CHECK(click(ui, "Coalition talks"));
    key(ui, SDLK_RETURN, 0);
    bool vote_read = false;
    for (int i = 0; i < 200 && strcmp(screen_of(ui), "debrief") != 0; i++) {
        if (!strcmp(screen_of(ui), "vote") && ui->vote_counted) {
            describe(ui);
            vote_read = vote_read || strstr(text, "passed") || strstr(text, "failed");
        }
        key(ui, !strcmp(screen_of(ui), "decision") ? SDLK_1 : SDLK_RETURN, 0);
    }
    CHECK(vote_read);
    CHECK_EQ_STR(screen_of(ui), "debrief");
    CHECK(strlen(describe(ui)) > 200);

    /* a small buffer is cut, terminated, and the full length still returned */
    char small[16];
    size_t need = lsr_ui_describe(ui, small, sizeof small);
    CHECK(need > sizeof small);
    CHECK_EQ_INT(strlen(small), sizeof small - 1);
    lsr_ui_destroy(ui);
    return check_report("test_ui_describe");
}
#endif
