/* The map panel and the full map screen (map.c). Private to game/sdl.
 *
 * The panel draws, from the view, the outline map (include/leftsr/map.h),
 * the areas the step on screen highlights, the places the game has passed
 * through as a route, and a legend. Everything is SDL geometry: land is
 * triangulated once (the projection is affine, so lon/lat triangles stay
 * valid at every size) and each frame only projects and batches vertices. */
#ifndef LEFTSR_SDL_MAP_H
#define LEFTSR_SDL_MAP_H

#include "sdl/view.h"

/* Does the scenario have anything to put on a map? */
bool lsr_map_wanted(const LsrView *vs);
/* Draws the panel (heading, map map_h high, legend) at content (x, y), w
 * wide; returns the height used. step is the step on screen (its place and
 * areas), or LSR_NEXT_NONE. The map rectangle is recorded as the box "map". */
int lsr_map_panel(LsrUi *ui, const LsrView *vs, int x, int y, int w, int map_h, uint32_t step);
/* Drops the cached map picture (its renderer is going, or lost its textures). */
void lsr_map_cache_clear(void);
/* The full map screen (M from the briefing, decision and consequence screens). */
void lsr_screen_map(LsrUi *ui, const LsrView *vs);

#endif
