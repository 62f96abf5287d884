/* Author tools of the SDL window (devtools.c): live reload of the scenario
 * file and the debug overlay (F12). Private to game/sdl and its tests.
 *
 * The tools are on only for an author: with --author, or for a scenario
 * file of one's own (not a bundled one) outside classroom mode
 * (ui->author_tools, set by lsr_ui_create).
 *
 * Live reload is on when a scenario file (not a campaign) was opened: the
 * file's size and modification time are looked at every 500 ms from the
 * event loop's timeout (a stat, nothing else); when they change and the
 * content hash differs, the file is loaded again and the game's choices are
 * replayed against it by id (lsr_game_replay). A file with errors leaves the
 * current game untouched and shows its diagnostics.
 *
 * The reloaded scenario and a jump reach the session through session.h.
 *
 * Ownership: the state lives in ui->dev, created on first use and freed by
 * lsr_dev_destroy (called from lsr_ui_destroy). */
#ifndef LEFTSR_SDL_DEVTOOLS_H
#define LEFTSR_SDL_DEVTOOLS_H

#include "sdl/session.h"

/* Button actions of the overlay; beyond LsrAction so play.c ignores them. */
enum { LSR_A_DEV_JUMP = 900, LSR_A_DEV_HIDE_ERRORS = 901 };

/* ---- hooks called from play.c */

/* Handles an event meant for the author tools (F12, Ctrl+R, keys and
 * clicks while the overlay is open). True when it was consumed. */
bool lsr_dev_event(LsrUi *ui, const SDL_Event *ev);
/* Looks at the scenario file when a check is due; returns the event wait
 * to use instead of timeout_ms so the next check is not missed. */
int lsr_dev_poll(LsrUi *ui, int timeout_ms);
/* Draws the overlay, the reload message and the error box over the screen
 * (play.c calls it after the screen is drawn). */
void lsr_dev_draw(LsrUi *ui);
void lsr_dev_destroy(LsrUi *ui);

/* ---- for tests (no waiting) */

/* Looks at the file now and reloads it if its content changed. Returns
 * true when a reload was attempted (successful or not). */
bool lsr_dev_check_now(LsrUi *ui);
/* Reloads the file now even if it did not change (Ctrl+R). */
void lsr_dev_reload(LsrUi *ui);
bool lsr_dev_overlay_open(const LsrUi *ui);
/* A step was jumped to in the game on screen: it is for debugging and is
 * not saved (a new game is saved again). */
bool lsr_dev_debug_session(const LsrUi *ui);
/* The last reload message ("" when none is shown). */
const char *lsr_dev_banner(const LsrUi *ui);
/* How many diagnostics the last failed reload had (0: the file loads). */
size_t lsr_dev_error_count(const LsrUi *ui);
/* Number of file checks (stat calls) made so far. */
unsigned long lsr_dev_checks(const LsrUi *ui);

#endif
