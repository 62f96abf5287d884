/* Headless tests of two questions the window asks: before a new game
 * would put a save of the same scenario aside ("You have a game in
 * progress": Continue, New game, Back), and the Settings language row
 * (the program's words and the scenario text, saved, --lang first). */
#ifndef LSR_HAVE_SDL
#include <stdio.h>
int main(void) {
    puts("test_ui_saved: SKIPPED: built without SDL (ctest reports it as skipped)");
    return 77;
}
#else

#include "check.h"
#include "i18n.h"
#include "sdl/internal.h"
#include "ui_drive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char work[1024], save_path[1100], old_path[1200], cfg[1200], coalition[1100];

static LsrPlayOptions options(void) { return ui_options(coalition, 1280, 720, save_path); }

static LsrUi *open_with(const LsrPlayOptions *o) {
    LsrUi *ui = NULL;
    char err[512] = "";
    int rc = lsr_ui_create(o, &ui, err, sizeof err);
    if (rc != 0) fprintf(stderr, "lsr_ui_create: %d %s\n", rc, err);
    CHECK_EQ_INT(rc, 0);
    if (ui) pump(ui);
    return ui;
}

static LsrUi *open_ui(void) {
    LsrPlayOptions o = options();
    return open_with(&o);
}

/* The whole file, malloc'd and terminated (NULL when it cannot be read). */
static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc((1 << 16) + 1);
    *len = buf ? fread(buf, 1, 1 << 16, f) : 0;
    if (buf) buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* path holds exactly bytes (len of them), or, len 0, contains bytes. */
static bool file_is(const char *path, const char *bytes, size_t len) {
    size_t n = 0;
    char *now = slurp(path, &n);
    bool yes = now && (len ? n == len && memcmp(now, bytes, len) == 0 : strstr(now, bytes) != NULL);
    free(now);
    return yes;
}

static bool same_file(const char *path, const char *bytes, size_t len) { return file_is(path, bytes, len); }

/* A game of coalition saved after two decisions. */
static void make_save(void) {
    remove(save_path);
    remove(old_path);
    LsrUi *ui = open_ui();
    if (!ui) return;
    CHECK(click(ui, "New game"));
    CHECK_EQ_STR(screen_of(ui), "briefing");
    key(ui, SDLK_RETURN, 0);
    key(ui, SDLK_1, 0);
    key(ui, SDLK_RETURN, 0);
    if (lsr_ui_screen(ui) == LSR_SCR_DECISION) key(ui, SDLK_1, 0);
    else key(ui, SDLK_RETURN, 0);
    CHECK(lsr_ui_game(ui) && lsr_game_trace_len(lsr_ui_game(ui)) == 2);
    lsr_ui_destroy(ui);
    CHECK(access(save_path, F_OK) == 0);
}

static const LsrUiItem *focused(LsrUi *ui) {
    size_t n;
    const LsrUiItem *it = lsr_ui_items(ui, &n);
    for (size_t i = 0; i < n; i++)
        if (it[i].kind == LSR_ITEM_BUTTON && it[i].focused) return &it[i];
    return NULL;
}

/* ------------------------------------------------------------ the question */

/* A save exists: New game asks first; Esc (and Back) leave it byte for byte. */
static void asks_and_back_touches_nothing(void) {
    make_save();
    size_t len = 0;
    char *before = slurp(save_path, &len);
    CHECK(before != NULL);
    LsrUi *ui = open_ui();
    if (!ui || !before) {
        free(before);
        lsr_ui_destroy(ui);
        return;
    }
    CHECK_EQ_STR(screen_of(ui), "title");
    CHECK(click(ui, "New game"));
    CHECK_EQ_STR(screen_of(ui), "saved-game");
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "You have a game in progress") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Coalition talks") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "2 decisions made") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "At: ") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "save.json.old") != NULL);   /* the backup's name */
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Continue") != NULL);
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Back") != NULL);
    CHECK_EQ_INT(check_layout(ui, "saved-game"), 0);
    CHECK(lsr_ui_game(ui) == NULL);   /* nothing started */
    key(ui, SDLK_ESCAPE, 0);
    CHECK_EQ_STR(screen_of(ui), "title");
    CHECK(lsr_ui_find(ui, LSR_ITEM_BUTTON, "Continue") != NULL);   /* still offered */
    /* the keyboard: Tab and the arrows walk the three buttons, B goes back */
    CHECK(click(ui, "New game"));
    CHECK_EQ_STR(screen_of(ui), "saved-game");
    /* as on the title, the highlighted Continue is where the keyboard starts */
    key(ui, SDLK_TAB, 0);
    const LsrUiItem *f = focused(ui);
    CHECK(f && f->action == A_SAVED_NEW);
    key(ui, SDLK_UP, 0);
    f = focused(ui);
    CHECK(f && f->action == A_SAVED_CONTINUE);
    key(ui, SDLK_DOWN, 0);
    key(ui, SDLK_DOWN, 0);
    f = focused(ui);
    CHECK(f && f->action == A_SAVED_BACK);
    key(ui, SDLK_RETURN, 0);
    CHECK_EQ_STR(screen_of(ui), "title");
    CHECK(click(ui, "New game"));
    key(ui, SDLK_b, 0);
    CHECK_EQ_STR(screen_of(ui), "title");
    lsr_ui_destroy(ui);
    CHECK(same_file(save_path, before, len));
    CHECK(access(old_path, F_OK) != 0);

    /* from the picker, Back returns to the picker */
    LsrPlayOptions o = options();
    o.scenario_path = NULL;
    o.save_path = NULL;   /* the default path, where the picker looks */
    char def[1200];
    lsr_save_default_path("coalition", def, sizeof def);
    char cmd[3600];
    snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\" && cp '%s' '%s'", def, save_path, def);
    CHECK_EQ_INT(system(cmd), 0);
    ui = open_with(&o);
    if (ui) {
        CHECK(click(ui, "New game"));
        CHECK_EQ_STR(screen_of(ui), "picker");
        CHECK(click(ui, "Coalition talks"));
        CHECK_EQ_STR(screen_of(ui), "saved-game");
        CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "coalition.json.old") != NULL);
        click(ui, "Back");
        CHECK_EQ_STR(screen_of(ui), "picker");
        /* Continue from the picker resumes that scenario's save */
        CHECK(click(ui, "Coalition talks"));
        key(ui, SDLK_c, 0);
        CHECK(lsr_ui_game(ui) && lsr_game_trace_len(lsr_ui_game(ui)) == 2);
        lsr_ui_destroy(ui);
    }
    CHECK(same_file(def, before, len));
    remove(def);
    free(before);
}

/* Continue (Enter) resumes at the saved step. */
static void continue_resumes(void) {
    make_save();
    LsrUi *ui = open_ui();
    if (!ui) return;
    CHECK(click(ui, "New game"));
    CHECK_EQ_STR(screen_of(ui), "saved-game");
    key(ui, SDLK_RETURN, 0);
    const LsrGame *g = lsr_ui_game(ui);
    CHECK(g && lsr_game_trace_len(g) == 2);
    CHECK(strcmp(screen_of(ui), "decision") == 0 || strcmp(screen_of(ui), "vote") == 0);
    lsr_ui_destroy(ui);
    CHECK(access(old_path, F_OK) != 0);
}

/* New game starts over; the save is kept as SAVE.old at the first save. */
static void new_keeps_backup(void) {
    make_save();
    size_t len = 0;
    char *before = slurp(save_path, &len);
    LsrUi *ui = open_ui();
    if (!ui || !before) {
        free(before);
        lsr_ui_destroy(ui);
        return;
    }
    CHECK(click(ui, "New game"));
    CHECK_EQ_STR(screen_of(ui), "saved-game");
    CHECK(click(ui, "New game"));
    CHECK_EQ_STR(screen_of(ui), "briefing");
    CHECK(lsr_ui_game(ui) && lsr_game_trace_len(lsr_ui_game(ui)) == 0);
    CHECK(same_file(save_path, before, len));   /* nothing written before a decision */
    key(ui, SDLK_RETURN, 0);
    key(ui, SDLK_1, 0);
    CHECK(same_file(old_path, before, len));
    LsrSaveInfo info;
    char err[256];
    CHECK_EQ_INT(lsr_save_peek(save_path, &info, err, sizeof err), LSR_OK);
    CHECK_EQ_INT(info.n_choices, 1);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "previous game is kept") != NULL);
    lsr_ui_destroy(ui);
    free(before);
}

/* --continue and --new answer the question before it is asked. */
static void flags_skip_the_question(void) {
    make_save();
    LsrPlayOptions o = options();
    o.resume = true;
    LsrUi *ui = open_with(&o);
    if (ui) {
        CHECK(lsr_ui_game(ui) && lsr_game_trace_len(lsr_ui_game(ui)) == 2);
        lsr_ui_destroy(ui);
    }
    o = options();
    o.fresh = true;
    ui = open_with(&o);
    if (ui) {
        CHECK_EQ_STR(screen_of(ui), "briefing");
        CHECK(lsr_ui_game(ui) && lsr_game_trace_len(lsr_ui_game(ui)) == 0);
        key(ui, SDLK_ESCAPE, 0);
        CHECK(click(ui, "Title screen"));
        CHECK(click(ui, "New game"));
        CHECK_EQ_STR(screen_of(ui), "briefing");   /* --new: never asked */
        lsr_ui_destroy(ui);
    }
    CHECK(access(old_path, F_OK) != 0);   /* no decision yet: nothing put aside */
}

/* The question is read aloud like any screen. */
typedef struct Said { char text[32][4096]; int n; } Said;
static void rec_say(void *ctx, const char *text, bool queue) {
    Said *s = ctx;
    (void)queue;
    if (s->n < 32) snprintf(s->text[s->n++], sizeof s->text[0], "%s", text);
}

static void spoken(void) {
    make_save();
    LsrUi *ui = open_ui();
    if (!ui) return;
    static Said said;
    memset(&said, 0, sizeof said);
    LsrSpeechBackend be = { &said, rec_say, NULL, NULL };
    lsr_ui_set_speech(ui, &be);
    ui->settings.speech = true;
    CHECK(click(ui, "New game"));
    bool heard = false;
    for (int i = 0; i < said.n; i++)
        heard |= strstr(said.text[i], "You have a game in progress") && strstr(said.text[i], "2 decisions made") &&
                 strstr(said.text[i], "save.json.old") && strstr(said.text[i], "Continue");
    CHECK(heard);
    lsr_ui_destroy(ui);
}

/* Classroom mode asks too (a class's save is as precious). */
static void classroom_asks(void) {
    make_save();
    LsrPlayOptions o = options();
    o.classroom = true;
    LsrUi *ui = open_with(&o);
    if (!ui) return;
    CHECK(click(ui, "New game"));
    CHECK_EQ_STR(screen_of(ui), "saved-game");
    CHECK_EQ_INT(check_layout(ui, "saved-game (classroom)"), 0);
    key(ui, SDLK_ESCAPE, 0);
    CHECK_EQ_STR(screen_of(ui), "title");
    lsr_ui_destroy(ui);
}

/* ------------------------------------------------------------ language */

static bool file_has(const char *path, const char *needle) { return file_is(path, needle, 0); }

static void language_row(void) {
    remove(cfg);
    remove(save_path);
    LsrUi *ui = open_ui();
    if (!ui) return;
    CHECK(click(ui, "Settings"));
    CHECK(find_scrolling(ui, LSR_ITEM_BUTTON, "Русский"));
    CHECK(find_scrolling(ui, LSR_ITEM_BUTTON, "Français"));
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "Language"));
    for (int i = 0; i < 20 && !lsr_ui_find(ui, LSR_ITEM_BUTTON, "Русский"); i++) key(ui, SDLK_PAGEDOWN, 0);
    CHECK(click(ui, "Русский"));
    CHECK_EQ_STR(lsr_ui_lang(), "ru");
    CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "Язык"));       /* a label of the program, now Russian */
    CHECK(!find_scrolling(ui, LSR_ITEM_TEXT, "Language"));
    CHECK(file_has(cfg, "\"language\": \"ru\""));
    key(ui, SDLK_ESCAPE, 0);
    CHECK_EQ_STR(screen_of(ui), "title");
    CHECK(click(ui, _("New game")));
    CHECK_EQ_STR(screen_of(ui), "briefing");
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Переговоры о коалиции") != NULL);   /* the scenario's title */
    /* a game in progress is kept through a change of language */
    key(ui, SDLK_RETURN, 0);
    key(ui, SDLK_1, 0);
    CHECK(lsr_ui_game(ui) && lsr_game_trace_len(lsr_ui_game(ui)) == 1);
    key(ui, SDLK_ESCAPE, 0);
    CHECK(click(ui, _("Settings")));
    for (int i = 0; i < 20 && !lsr_ui_find(ui, LSR_ITEM_BUTTON, "English"); i++) key(ui, SDLK_PAGEDOWN, 0);
    CHECK(click(ui, "English"));
    CHECK_EQ_STR(lsr_ui_lang(), "en");
    CHECK(lsr_ui_game(ui) && lsr_game_trace_len(lsr_ui_game(ui)) == 1);
    key(ui, SDLK_ESCAPE, 0);
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Coalition talks") != NULL);   /* the header names it in English */
    for (int i = 0; i < 20 && !lsr_ui_find(ui, LSR_ITEM_BUTTON, "Русский"); i++) {
        if (lsr_ui_screen(ui) != LSR_SCR_SETTINGS) {
            key(ui, SDLK_ESCAPE, 0);
            click(ui, "Settings");
        }
        key(ui, SDLK_PAGEDOWN, 0);
    }
    CHECK(click(ui, "Русский"));
    lsr_ui_destroy(ui);

    /* saved: the next start speaks Russian */
    lsr_ui_set_lang("en");
    remove(save_path);
    ui = open_ui();
    if (ui) {
        CHECK_EQ_STR(lsr_ui_lang(), "ru");
        CHECK(click(ui, _("New game")));
        CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Переговоры о коалиции") != NULL);
        lsr_ui_destroy(ui);
    }
    /* --lang wins over the setting */
    lsr_ui_set_lang("en");
    LsrPlayOptions o = options();
    o.lang = "en";
    o.lang_given = true;
    ui = open_with(&o);
    if (ui) {
        CHECK_EQ_STR(lsr_ui_lang(), "en");
        CHECK(click(ui, "New game"));
        CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Coalition talks") != NULL);
        lsr_ui_destroy(ui);
    }
    /* a language that is gone: English, and a line saying so */
    FILE *f = fopen(cfg, "w");
    if (f) {
        fputs("{\"language\": \"xx\"}\n", f);
        fclose(f);
    }
    ui = open_ui();
    if (ui) {
        CHECK_EQ_STR(lsr_ui_lang(), "en");
        CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "The saved language 'xx' is not available") != NULL);
        CHECK_EQ_INT(check_layout(ui, "title (language notice)"), 0);
        CHECK(click(ui, "Settings"));
        CHECK(find_scrolling(ui, LSR_ITEM_TEXT, "The saved language 'xx' is not available"));
        lsr_ui_destroy(ui);
    }
    remove(cfg);
    lsr_ui_set_lang("en");
}

/* Settings reached from a campaign's part: the campaign is loaded again in
 * the new language, the part and its game kept. */
static void language_in_campaign(void) {
    remove(cfg);
    LsrPlayOptions o = ui_options(NULL, 1280, 720, save_path);
    o.no_save = true;
    LsrUi *ui = open_with(&o);
    if (!ui) return;
    CHECK(click(ui, "Campaign"));
    CHECK_EQ_STR(screen_of(ui), "briefing");
    key(ui, SDLK_RETURN, 0);
    key(ui, SDLK_1, 0);
    key(ui, SDLK_ESCAPE, 0);
    CHECK(click(ui, "Settings"));
    for (int i = 0; i < 20 && !lsr_ui_find(ui, LSR_ITEM_BUTTON, "Русский"); i++) key(ui, SDLK_PAGEDOWN, 0);
    CHECK(click(ui, "Русский"));
    CHECK(lsr_ui_game(ui) && lsr_game_trace_len(lsr_ui_game(ui)) == 1);
    key(ui, SDLK_ESCAPE, 0);
    CHECK_EQ_STR(screen_of(ui), "consequence");
    CHECK(lsr_ui_find(ui, LSR_ITEM_TEXT, "Переговоры о коалиции") != NULL);
    lsr_ui_destroy(ui);
    remove(cfg);
    lsr_ui_set_lang("en");
}

int main(void) {
    snprintf(work, sizeof work, "%s/ui-saved", LSR_BINARY_DIR);
    ui_headless(work);
    snprintf(save_path, sizeof save_path, "%s/save.json", work);
    snprintf(old_path, sizeof old_path, "%s.old", save_path);
    snprintf(coalition, sizeof coalition, "%s/scenarios/coalition.json", LSR_SOURCE_DIR);
    snprintf(cfg, sizeof cfg, "%s/config/leftsr/settings.json", work);
    remove(cfg);
    lsr_ui_set_lang("en");

    asks_and_back_touches_nothing();
    continue_resumes();
    new_keeps_backup();
    flags_skip_the_question();
    spoken();
    classroom_asks();
    language_row();
    language_in_campaign();
    CHECK_EQ_INT(layout_failures, 0);
    return check_report("test_ui_saved");
}

#endif
