/* Internal interface of the SDL front end (the files of game/sdl), shared with the
 * headless UI tests and the benchmark. Not part of the engine API.
 *
 * The window is driven by lsr_ui_pump: it waits for events (or not, with a
 * zero timeout), applies them, and renders a frame only when something
 * changed. Each frame records the text items and interactive elements it
 * drew with their rectangles, so tests can assert what a screen shows.
 *
 * Ownership: lsr_ui_create returns a LsrUi that owns the window, renderer,
 * fonts, text cache, loaded scenario and game; lsr_ui_destroy frees them.
 * Pointers returned by lsr_ui_items are valid until the next frame. */
#ifndef LEFTSR_SDL_UI_H
#define LEFTSR_SDL_UI_H

#include "app.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum LsrScreen {
    LSR_SCR_TITLE = 0,
    LSR_SCR_PICKER,
    LSR_SCR_BRIEFING,
    LSR_SCR_DECISION,
    LSR_SCR_VOTE,
    LSR_SCR_CONSEQUENCE,
    LSR_SCR_DEBRIEF,
    LSR_SCR_ENDING,
    LSR_SCR_SETTINGS,
    LSR_SCR_ERROR,
    LSR_SCR_REVEAL,       /* classroom: what really happened, full screen */
    LSR_SCR_MAP,          /* the full map (M) */
    LSR_SCR_HELP,         /* keys, the two scores, where history comes from */
    LSR_SCR_BACKLOG,      /* every text shown so far in this game */
    LSR_SCR_GLOSSARY,     /* the scenario's terms and measures */
    LSR_SCR_SAVED,        /* a new game would replace a save: continue, start over or back */
    LSR_SCR_COUNT
} LsrScreen;

/* Lower-case name of a screen ("decision"), used for screenshot names. */
const char *lsr_ui_screen_name(LsrScreen s);

typedef enum LsrItemKind {
    LSR_ITEM_TEXT = 0,    /* a rasterised text block */
    LSR_ITEM_BUTTON,      /* an interactive element (text inside it allowed) */
    LSR_ITEM_BOX          /* a drawn element text must not cross (bars, charts) */
} LsrItemKind;

typedef struct LsrUiItem {
    LsrItemKind kind;
    SDL_Rect r;           /* visible rectangle in renderer output pixels */
    char text[1024];      /* text (truncated copy; whole paragraphs for speech) or element label */
    int action, arg;      /* buttons: what activating it does */
    bool enabled, focused;
    bool clipped;         /* partly hidden by a scroll viewport */
    bool covered;         /* under a popover: neither seen nor clicked, still reached by keys */
} LsrUiItem;

typedef struct LsrUi LsrUi;

/* Opens the window and loads what opt names. Returns 0, LSR_SDL_NO_DISPLAY
 * when no window could be opened (err empty), or LSR_EXIT_CONTENT with a
 * message in err (missing font, unreadable scenario). */
int lsr_ui_create(const LsrPlayOptions *opt, LsrUi **out, char *err, size_t errlen);
void lsr_ui_destroy(LsrUi *ui);
/* Waits up to timeout_ms for an event (0: do not wait, -1: forever),
 * handles every pending event, redraws if needed. False once quit. */
bool lsr_ui_pump(LsrUi *ui, int timeout_ms);
/* Renders the current screen now even if nothing changed. */
void lsr_ui_redraw(LsrUi *ui);

LsrScreen lsr_ui_screen(const LsrUi *ui);
const LsrUiItem *lsr_ui_items(const LsrUi *ui, size_t *n);
/* Finds the first item whose text contains `needle`; NULL when absent. */
const LsrUiItem *lsr_ui_find(const LsrUi *ui, LsrItemKind kind, const char *needle);
const LsrGame *lsr_ui_game(const LsrUi *ui);
unsigned long lsr_ui_frames(const LsrUi *ui);        /* frames rendered */
unsigned long lsr_ui_rasterised(const LsrUi *ui);    /* texts rasterised */
void lsr_ui_output_size(const LsrUi *ui, int *w, int *h);
SDL_Window *lsr_ui_window(LsrUi *ui);
/* Writes the last rendered frame as a PNG. */
bool lsr_ui_save_png(LsrUi *ui, const char *path);
/* Exit code the session ends with (LSR_EXIT_OK unless an error occurred). */
int lsr_ui_exit_code(const LsrUi *ui);

/* Classroom mode: votes entered for choice i of the decision on screen. */
uint32_t lsr_ui_class_votes(const LsrUi *ui, uint32_t i);
bool lsr_ui_class_tie(const LsrUi *ui);        /* the tie-break panel is up */
bool lsr_ui_class_paused(const LsrUi *ui);
int lsr_ui_class_timer(const LsrUi *ui);       /* seconds left on the discussion timer */
bool lsr_ui_class_timer_running(const LsrUi *ui);
const char *lsr_ui_class_notice(const LsrUi *ui);  /* last export/step-back message */
/* Tests: replace the millisecond clock (NULL restores SDL_GetTicks64). */
void lsr_ui_set_clock(LsrUi *ui, uint64_t (*clock_ms)(void));
/* A speech back end: say replaces what is being said unless queue, stop
 * silences it, close frees it (any may be NULL). */
typedef struct LsrSpeechBackend {
    void *ctx;
    void (*say)(void *ctx, const char *text, bool queue);
    void (*stop)(void *ctx);
    void (*close)(void *ctx);
} LsrSpeechBackend;
/* Tests: use this back end instead of speech-dispatcher (copied; NULL
 * goes back to the system one). */
void lsr_ui_set_speech(LsrUi *ui, const LsrSpeechBackend *be);
/* Pixel size of body text as rendered now. */
int lsr_ui_body_px(const LsrUi *ui);

/* Writes an RGB24 image as a PNG (stored deflate). */
bool lsr_png_write(const char *path, const uint8_t *rgb, int w, int h, int pitch);

/* ------------------------------------------------------------- settings */

typedef enum LsrTheme { LSR_THEME_LIGHT = 0, LSR_THEME_DARK, LSR_THEME_CONTRAST } LsrTheme;

typedef struct LsrSettings {
    int text_pct;         /* 70..200 */
    bool fullscreen;
    LsrTheme theme;
    LsrReveal reveal;
    bool speech;          /* self-voicing: read the screen and the focus aloud */
    char lang[16];        /* language chosen in Settings ("": the environment's) */
} LsrSettings;

void lsr_settings_default(LsrSettings *s);
/* $XDG_CONFIG_HOME/leftsr/settings.json (or ~/.config/...). */
bool lsr_settings_path(char *buf, size_t n);
/* Missing or unreadable files leave the defaults; returns true if read. */
bool lsr_settings_load(LsrSettings *s, const char *path);
bool lsr_settings_save(const LsrSettings *s, const char *path);

#endif
