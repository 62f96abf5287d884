/* Window icon and application id; the pixels come from icon_rgba.h, which
 * assets/make-icons.sh renders from the SVG, so no image library is needed. */
#include "sdl/icon.h"
#include "sdl/icon_rgba.h"

#include <stdlib.h>

void lsr_sdl_app_identity(void) {
    /* SDL 2.26 reads these variables (not hints) when it creates a window */
    setenv("SDL_VIDEO_X11_WMCLASS", LSR_APP_ID, 0);
    setenv("SDL_VIDEO_WAYLAND_WMCLASS", LSR_APP_ID, 0);
}

void lsr_sdl_set_icon(SDL_Window *win) {
    _Static_assert(sizeof lsr_icon_rgba == LSR_ICON_W * LSR_ICON_H * 4, "icon_rgba.h is RGBA");
    /* SDL copies the pixels, so the surface may point at read-only data */
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom((void *)lsr_icon_rgba, LSR_ICON_W, LSR_ICON_H, 32,
                                                        LSR_ICON_W * 4, SDL_PIXELFORMAT_RGBA32);
    if (!s) return;
    SDL_SetWindowIcon(win, s);
    SDL_FreeSurface(s);
}
