/* The window's identity on the desktop: the application id that names the
 * desktop entry, so docks group the window with its launcher, and the icon. */
#ifndef LEFTSR_SDL_ICON_H
#define LEFTSR_SDL_ICON_H

#include <SDL.h>

/* Reverse-DNS id of the desktop entry, metainfo and icon (set by CMake). */
#ifndef LSR_APP_ID
#define LSR_APP_ID "io.github.leftsr.Leftsr"
#endif

/* Call before the video subsystem starts: X11 WM_CLASS and Wayland app_id
 * become LSR_APP_ID unless the user set SDL_VIDEO_*_WMCLASS already. */
void lsr_sdl_app_identity(void);
/* Gives the window the compiled-in 64x64 icon (made from assets/icons/). */
void lsr_sdl_set_icon(SDL_Window *win);

#endif
