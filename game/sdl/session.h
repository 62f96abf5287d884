/* The session of the game window (session.c): the one interface through
 * which the event loop (play.c), classroom mode (classroom.c) and the author
 * tools (devtools.c) change what is open and what is shown. Private to
 * game/sdl.
 *
 * The session is the game part of LsrUi: the scenario and its path, the
 * campaign and part, the game, the screen on show, the trace entry shown
 * (ui->shown), the save path and the last save error. Drawing code never
 * calls these functions; it reads the session through view.h.
 *
 * session.c calls no other module of game/sdl: where a change must reach
 * classroom mode (a decision came on screen), it calls the hook
 * ui->decision_entered, which play.c sets when the window is created.
 *
 * Ownership: the session owns ui->g, ui->cp and ui->sc (unless ui->sc is a
 * picker entry or a campaign part); lsr_session_use_scenario takes over sc. */
#ifndef LEFTSR_SDL_SESSION_H
#define LEFTSR_SDL_SESSION_H

#include "sdl/internal.h"

/* ---- screens */

/* Shows screen s from its top; closes the menu, clears the classroom notice
 * and tie panel. */
void lsr_session_set_screen(LsrUi *ui, LsrScreen s);
/* Shows the error screen with fmt (one %s: detail). */
void lsr_session_fail(LsrUi *ui, const char *fmt, const char *detail);
/* Shows the screen for the game's current phase (decision, vote, debrief);
 * a decision calls ui->decision_entered. */
void lsr_session_enter_phase(LsrUi *ui);

/* ---- scenarios, campaigns, saves */

/* Lists the bundled single scenarios in ui->picks (not loaded yet). */
void lsr_session_find_bundled(LsrUi *ui);
/* Loads the listed scenarios not loaded yet; a failure keeps its reason. */
void lsr_session_load_picks(LsrUi *ui);
/* Offers Continue for the named scenario's save or the newest bundled one. */
void lsr_session_find_continue(LsrUi *ui);
/* Makes sc (owned from now on; may be a picker entry) the scenario, frees
 * the previous one unless it is a picker entry or a campaign part. */
void lsr_session_use_scenario(LsrUi *ui, LsrScenario *sc, const char *path);
/* Opens a campaign file and starts its first part; false with ui->error set. */
bool lsr_session_open_campaign(LsrUi *ui, const char *path);
/* Starts part k of the open campaign, carrying the state of the game on. */
void lsr_session_start_campaign_part(LsrUi *ui, uint32_t k);
/* Before a new game of picker entry pick (-1: the scenario open): when
 * that scenario has a save (and neither --new nor --no-save was given),
 * fills ui->ask, shows the question (LSR_SCR_SAVED) and returns true;
 * nothing is touched until it is answered. False: start the game. */
bool lsr_session_ask_new(LsrUi *ui, int pick);
/* The answer to the question: A_SAVED_CONTINUE resumes the save,
 * A_SAVED_NEW starts over (the save is kept as SAVE.old at the first
 * save), A_SAVED_BACK returns to the title or picker. */
void lsr_session_answer(LsrUi *ui, LsrAction answer);
/* Makes picker entry i (loaded) the scenario, closing any campaign. */
void lsr_session_open_pick(LsrUi *ui, int i);
/* Resumes the save offered by Continue. */
void lsr_session_resume(LsrUi *ui);
/* Writes the save (not with --no-save, nor for a game with a debug jump);
 * a failure is kept in ui->save_error. */
void lsr_session_write_save(LsrUi *ui);

/* The language to load path's text in: the one in use when the file has a
 * translation into it, else its own (NULL). */
const char *lsr_session_text_lang(const LsrUi *ui, const char *path);
/* Puts sc (owned from now on) in place of the scenario open, keeping its
 * path, and replays the game on it by step and choice id (rep, may be
 * NULL: how far). On failure sc is freed and nothing changes. */
LsrStatus lsr_session_swap_scenario(LsrUi *ui, LsrScenario *sc, LsrReplayReport *rep);
/* Speaks lang from now on ("en" or NULL: English): the program's words
 * (lsr_ui_set_lang) and the scenario text, the scenario or campaign open
 * loaded again in it with the game replayed, the picker's list too. False
 * when there is no catalogue for lang (nothing changes). */
bool lsr_session_set_lang(LsrUi *ui, const char *lang);

/* ---- the game */

/* Starts a new game of ui->sc (carry: a campaign's carried variables, or
 * NULL) and shows its briefing; false on failure (error screen shown). */
bool lsr_session_start_game(LsrUi *ui, const int32_t *carry);
void lsr_session_end_game(LsrUi *ui);
/* Takes choice i of the decision on screen, or counts the vote. */
void lsr_session_choose(LsrUi *ui, uint32_t i);
/* Classroom: takes choice i with the class's vote tally (n counts). */
void lsr_session_choose_tally(LsrUi *ui, uint32_t i, const uint32_t *tally, uint32_t n);
/* A decision lies behind the current point of the game. */
bool lsr_session_can_step_back(const LsrUi *ui);
/* Undoes the game back to before its last decision (and any vote counted
 * after it) and saves; the caller then shows it (lsr_session_enter_phase).
 * Needs lsr_session_can_step_back. */
LsrStatus lsr_session_undo_decision(LsrUi *ui);

#endif
