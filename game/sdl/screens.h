/* The screens of the game window. Private to game/sdl.
 *
 * Each screen is drawn from the session view (view.h) into the draw
 * context; screens.c holds them all for now. */
#ifndef LEFTSR_SDL_SCREENS_H
#define LEFTSR_SDL_SCREENS_H

#include "sdl/view.h"

/* Draws the screen v->screen and its overlays. */
void lsr_screens_draw(LsrUi *ui, const LsrView *v);

#endif
