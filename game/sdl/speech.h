/* Self-voicing (speech.c): with the Speech setting on (V toggles it), the
 * window reads aloud the text of each new screen, the control the keyboard
 * or mouse focuses and the outcome of a vote; Ctrl stops it. Private to
 * game/sdl.
 *
 * Speech goes through a back end, a small table of functions. The system
 * one is speech-dispatcher's libspeechd, loaded at run time with dlopen so
 * the game runs (and says why speech is unavailable) without it; tests set
 * a recording back end with lsr_ui_set_speech (ui.h).
 *
 * Ownership: the session owns its speech state; lsr_speech_close frees it
 * and closes the back end (a test's back end is closed through its own
 * close function). */
#ifndef LEFTSR_SDL_SPEECH_H
#define LEFTSR_SDL_SPEECH_H

#include "sdl/internal.h"

/* Turns self-voicing on or off (the caller saves the setting). Turning it
 * on opens the back end; when that fails the setting stays off and
 * lsr_speech_unavailable says why. */
void lsr_speech_toggle(LsrUi *ui, bool on);
/* Looks once whether libspeechd can be loaded (lsr_ui_create). */
void lsr_speech_probe(LsrUi *ui);
/* "" when speech can be used (as far as is known), else why not. */
const char *lsr_speech_unavailable(const LsrUi *ui);
/* After each frame: speaks what changed (a new screen, the focus, a vote
 * counted) when the setting is on. */
void lsr_speech_frame(LsrUi *ui);
/* Speaks text now (interrupting what is being said unless queue). */
void lsr_speech_say(LsrUi *ui, const char *text, bool queue);
/* Stops speaking. */
void lsr_speech_stop(LsrUi *ui);
void lsr_speech_close(LsrUi *ui);

#endif
