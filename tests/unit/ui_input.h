/* Synthetic input for the headless UI tests: key presses and mouse clicks
 * pushed as SDL events, then pumped through the window (no waiting). */
#ifndef LEFTSR_TEST_UI_INPUT_H
#define LEFTSR_TEST_UI_INPUT_H

#include "sdl/ui.h"

#include <string.h>

static void pump(LsrUi *ui) {
    for (int i = 0; i < 4; i++) lsr_ui_pump(ui, 0);
}

static void key(LsrUi *ui, SDL_Keycode k, Uint16 mod) {
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_KEYDOWN;
    ev.key.state = SDL_PRESSED;
    ev.key.windowID = SDL_GetWindowID(lsr_ui_window(ui));
    ev.key.keysym.sym = k;
    ev.key.keysym.mod = mod;
    SDL_PushEvent(&ev);
    ev.type = SDL_KEYUP;
    ev.key.state = SDL_RELEASED;
    SDL_PushEvent(&ev);
    pump(ui);
}

static void click_at(LsrUi *ui, int x, int y) {
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_MOUSEMOTION;
    ev.motion.windowID = SDL_GetWindowID(lsr_ui_window(ui));
    ev.motion.x = x;
    ev.motion.y = y;
    SDL_PushEvent(&ev);
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_MOUSEBUTTONDOWN;
    ev.button.windowID = SDL_GetWindowID(lsr_ui_window(ui));
    ev.button.button = SDL_BUTTON_LEFT;
    ev.button.state = SDL_PRESSED;
    ev.button.clicks = 1;
    ev.button.x = x;
    ev.button.y = y;
    SDL_PushEvent(&ev);
    ev.type = SDL_MOUSEBUTTONUP;
    ev.button.state = SDL_RELEASED;
    SDL_PushEvent(&ev);
    pump(ui);
}

#endif
