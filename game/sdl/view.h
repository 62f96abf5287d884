/* The read-only view of the session that the screens draw from. Private to
 * game/sdl.
 *
 * play.c fills one LsrView before each frame (lsr_view_make) and hands it,
 * const, to lsr_screens_draw (screens.h). A screen reads everything it shows
 * from the view and the engine's const accessors (lsr_game_*), draws
 * through render.c with the LsrUi draw context, and records buttons whose
 * actions (LsrAction, internal.h) the play loop dispatches after the frame.
 * Drawing code never changes the session and never calls session.h,
 * classroom.h or devtools.h.
 *
 * To show something new on a screen, add a field here, fill it in
 * lsr_view_make (play.c), and read it in the screen.
 *
 * Ownership: every pointer borrows from the LsrUi the view was made from
 * and is valid until the session next changes (the end of the frame). */
#ifndef LEFTSR_SDL_VIEW_H
#define LEFTSR_SDL_VIEW_H

#include "sdl/internal.h"

/* Classroom mode as the screens see it. */
typedef struct LsrViewClass {
    bool on;                   /* --classroom: everything below is meaningful */
    const uint32_t *votes;     /* [16] counts per choice of the decision on screen */
    int sel;                   /* choice whose count is being typed, -1 none */
    bool tie;                  /* the teacher's tie-break panel is up */
    bool paused;               /* the full-screen pause card is up */
    int timer_len_s;           /* discussion time per decision, 0 = no timer */
    int timer_s;               /* seconds left, rounded up */
    bool timer_running;
    int leader;                /* choice the vote decides, -1 on a tie or no votes */
    bool tied[16];             /* the choices tied for the lead */
    const char *notice;        /* one line under the header ("" none) */
    bool notice_bad;
} LsrViewClass;

typedef struct LsrView {
    LsrScreen screen;
    bool menu_open;                /* the Esc menu lies over the screen */
    const char *lang;              /* language of the texts (NULL: default) */

    /* what is open */
    const LsrScenario *sc;         /* NULL before a scenario is chosen */
    bool sc_has_path;              /* sc came from a file (named or picked), not a campaign */
    const LsrCampaign *cp;         /* NULL outside a campaign */
    uint32_t part;                 /* campaign part being played */
    const uint32_t *cp_endings;    /* [LSR_MAX_CAMPAIGN_PARTS] ending reached in each earlier part */
    const LsrGame *g;              /* NULL before a game starts */
    size_t shown;                  /* trace entry the consequence/reveal/vote screens show */
    bool vote_counted;             /* the vote on screen has been counted */
    bool can_step_back;            /* a decision lies behind (classroom: Step back) */
    const struct LsrEndings *endings;  /* endings found so far (endings.h), NULL if unknown */
    bool ending_new;               /* this game's ending was found for the first time */

    /* title and picker */
    const LsrPick *picks;          /* bundled scenarios, n_picks of them */
    int n_picks;
    const char *continue_save;     /* "" when there is nothing to continue */
    const char *continue_label;

    /* the question before a new game over a save (LSR_SCR_SAVED) */
    const LsrAsk *ask;
    const LsrScenario *ask_sc;     /* the scenario it is about (NULL: none) */

    /* messages and settings */
    const char *error;             /* the error screen's text */
    const char *save_error;        /* last save failure ("" none) */
    const LsrSettings *settings;
    const char *settings_path;     /* "" when settings cannot be saved */
    const char *speech_why;        /* why speech is unavailable, "" when it works */
    const char (*langs)[16];       /* languages with a program catalogue, n_langs of them, "en" first */
    int n_langs;
    const char *ui_lang;           /* the one in use */
    const char *lang_notice;       /* the saved language is not available ("" none) */

    LsrViewClass cls;
} LsrView;

/* Fills v from the session in ui (play.c). */
void lsr_view_make(const LsrUi *ui, LsrView *v);

#endif
