/* What is on screen, as plain text (describe.c): the seam for anything
 * that speaks or mirrors the game outside its pixels, such as the web
 * page's screen-reader region or a desktop speech feature. Private to
 * game/sdl; reads only the frame's recorded items (ui.h). */
#ifndef LEFTSR_SDL_DESCRIBE_H
#define LEFTSR_SDL_DESCRIBE_H

#include "sdl/ui.h"

/* Writes the last frame's text into buf (always terminated): one line per
 * text block in drawing order, buttons as "[label]", the focused one as
 * "[label] (focused)", and a last line "Focus: label" when a button has
 * focus. Returns the length the full text needs, like snprintf. */
size_t lsr_ui_describe(const LsrUi *ui, char *buf, size_t n);

#endif
