/* Shared declarations of the leftsr program (front ends and tools), above
 * the engine: play options, data-file lookup and the subcommand entry points.
 * The engine itself never sees these. */
#ifndef LEFTSR_APP_H
#define LEFTSR_APP_H

#include "leftsr/leftsr.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum LsrReveal { LSR_REVEAL_AFTER = 0, LSR_REVEAL_END, LSR_REVEAL_NEVER } LsrReveal;

typedef struct LsrPlayOptions {
    const char *scenario_path;  /* resolved path of a scenario or campaign file */
    bool is_campaign;
    bool classroom;
    bool fullscreen;
    bool text_only;             /* --text */
    bool plain;                 /* --plain: terminal text for screen readers (implies --text) */
    bool have_seed;
    uint64_t seed;
    LsrReveal reveal;
    bool reveal_set;            /* --reveal was given (else settings decide) */
    const char *lang;           /* NULL: scenario default */
    bool lang_given;            /* --lang was given: it wins over the saved setting */
    const char *choices;        /* --choices "2,1,3" or NULL */
    const char *save_path;      /* NULL: default path for the scenario id */
    bool no_save;               /* --no-save: never write a save */
    bool resume;                /* --continue: resume the save if present */
    bool fresh;                 /* --new: start over; an existing save is kept as SAVE.old */
    int width, height;          /* initial window size, 0 = default */
    const char *screenshot_dir; /* SDL: write a PNG of each screen here (tests) */
    int timer_s;                /* classroom: discussion timer in seconds; 0 off, -1 default */
    bool author;                /* --author: author tools (F12, live reload) even in classroom
                                 * mode and on bundled scenarios */
} LsrPlayOptions;

/* Exit codes of the program (documented in README and --help). */
enum { LSR_EXIT_OK = 0, LSR_EXIT_CONTENT = 1, LSR_EXIT_USAGE = 2 };
/* Returned by lsr_sdl_play when no window could be opened: fall back to text. */
#define LSR_SDL_NO_DISPLAY 3

/* Finds a bundled data file (e.g. "scenarios/coalition.json") in
 * the install next to the executable (BIN/../share/leftsr), then in
 * $LEFTSR_DATA, then (uninstalled runs, unless $LEFTSR_NO_SOURCE_TREE is set)
 * in the source tree. Returns true and fills buf when found. */
bool lsr_data_path(const char *rel, char *buf, size_t n);
/* Resolves what the user typed for a scenario: an existing path, or a
 * bundled scenario id ("brest"), or "campaign". */
bool lsr_resolve_scenario(const char *arg, char *buf, size_t n);
/* A bundled scenario by its id only (1-63 of a-z 0-9 - _, starting with a
 * letter): never a path, so a save's "scenario" field cannot name a file. */
bool lsr_resolve_bundled(const char *id, char *buf, size_t n);
/* `s` as it may be printed (lsr_text_safe, one line) in buf; returns buf. */
const char *lsr_shown(const char *s, char *buf, size_t n);
/* The languages SCENARIO can be played in: "en" first, then every
 * po/LANG/NAME.po beside it, sorted. Returns how many (at most max). */
int lsr_scenario_langs(const char *path, char langs[][16], int max);
/* Is `lang` one of them? `list` gets them all, comma-separated. */
bool lsr_scenario_has_lang(const char *path, const char *lang, char *list, size_t n);
/* The language the environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG), when the scenario has it and it is not English; NULL otherwise,
 * with *unavailable set and buf naming it when the scenario lacks it. */
const char *lsr_env_lang(const char *path, char *buf, size_t n, bool *unavailable);
/* The same for the program's own words: the environment's language when
 * there is a program catalogue for it (po/LANG.po), else NULL. */
const char *lsr_env_ui_lang(char *buf, size_t n, bool *unavailable);
/* Is there a program catalogue for `lang` ("en" always)? `list` gets the
 * available ones, comma-separated. */
bool lsr_ui_has_lang(const char *lang, char *list, size_t n);
/* Is this file a campaign (top-level "type": "campaign")? */
bool lsr_file_is_campaign(const char *path);
/* Prints all diagnostics of a load to `out` in the documented format. */
void lsr_print_diags(FILE *out, const char *file, const LsrDiagList *d);

/* Subcommands; each returns a process exit code. */
int lsr_cmd_play_text(const LsrPlayOptions *opt);
int lsr_cmd_check(int argc, char **argv);
int lsr_cmd_po(int argc, char **argv);
#ifdef LSR_HAVE_SDL
int lsr_sdl_play(const LsrPlayOptions *opt);
#endif

#endif
