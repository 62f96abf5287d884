/* The SDL game window: input, dispatch of actions, and the event-driven
 * loop. The engine moves only when a choice is made; the loop sleeps
 * otherwise and renders a frame only when something visible changed.
 *
 * Module graph (each arrow: calls into), acyclic:
 *   play.c      -> session, classroom, devtools, screens, render, settings
 *   devtools.c  -> session, classroom, render
 *   classroom.c -> session
 *   screens.c   -> screen_*.c (one per group of screens)
 *   screen_*.c  -> widgets, render;  widgets.c -> render
 *   session.c   -> the engine only (classroom hears of a new decision
 *                  through the ui->decision_entered hook set here)
 * The screens draw from a const view of the session (view.h) that this
 * file fills each frame; the buttons they record come back here. */
#include "i18n.h"
#include "sdl/classroom.h"
#include "sdl/devtools.h"
#include "sdl/icon.h"
#include "sdl/map.h"
#include "sdl/screens.h"
#include "sdl/session.h"
#include "sdl/speech.h"

#include "endings.h"
#include "i18n.h"

#ifndef __EMSCRIPTEN__
#include <fontconfig/fontconfig.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const screen_names[LSR_SCR_COUNT] = {
    "title", "picker", "briefing", "decision", "vote", "consequence", "debrief", "ending",
    "settings", "error", "reveal", "map", "help", "backlog", "glossary", "saved-game",
};

const char *lsr_ui_screen_name(LsrScreen s) { return s < LSR_SCR_COUNT ? screen_names[s] : "?"; }

/* ------------------------------------------------------------- geometry */

/* Lays the screens out for an output of ow×oh pixels (window ww wide). */
static void set_geometry(LsrUi *ui, int ow, int oh, int ww) {
    ui->out_w = ow;
    ui->out_h = oh;
    ui->dpi = ww > 0 ? (float)ow / (float)ww : 1.0f;
    /* layout scale follows the output size so 4K and high-DPI look alike;
     * below ~1000 px the layout reflows to one column instead of shrinking */
    float s = fminf((float)ow / 1280.0f, (float)oh / 760.0f);
    if (s < 0.8f) s = 0.8f;
    /* a dense display (no high-DPI scaling by the system): never smaller
     * than the desk size in physical terms, 96 dpi being the 1.0 scale */
    float dense = ui->display_dpi > 0 && !ui->forced_w ? ui->display_dpi / 96.0f / ui->dpi : 0;
    if (dense > 1.05f && s < 0.8f * dense) s = 0.8f * (dense < 3 ? dense : 3);
    ui->scale = s;
    if (lsr_r_fonts_open(ui)) lsr_r_cache_clear(ui);
    ui->dirty = true;
}

static void update_geometry(LsrUi *ui) {
    if (ui->forced_w > 0) return;   /* a test lays out for a size of its own */
    int ww = 0, wh = 0, ow = 0, oh = 0;
    SDL_GetWindowSize(ui->win, &ww, &wh);
    if (SDL_GetRendererOutputSize(ui->ren, &ow, &oh) != 0 || ow <= 0) {
        ow = ww;
        oh = wh;
    }
    set_geometry(ui, ow, oh, ww);
}

void lsr_ui_force_layout(LsrUi *ui, int w, int h, LsrTheme theme, int text_pct) {
    ui->forced_w = w;
    ui->settings.theme = theme;
    ui->settings.text_pct = text_pct;
    lsr_r_theme(ui);
    set_geometry(ui, w, h, w);
}

void lsr_ui_measure_only(LsrUi *ui, LsrFit *fit) {
    ui->fit = fit;
    ui->measure_only = fit != NULL;
    lsr_r_cache_clear(ui);
}

/* ------------------------------------------------------------ settings */

static void apply_settings(LsrUi *ui, bool fonts) {
    lsr_r_theme(ui);
    if (fonts && lsr_r_fonts_open(ui)) lsr_r_cache_clear(ui);
    /* classroom changes last for the lesson; the player's settings stay */
    if (ui->settings_path[0] && !lsr_class_on(ui)) lsr_settings_save(&ui->settings, ui->settings_path);
    ui->dirty = true;
}

static void set_fullscreen(LsrUi *ui, bool on) {
    ui->settings.fullscreen = on;
    SDL_SetWindowFullscreen(ui->win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    update_geometry(ui);
    apply_settings(ui, false);
}

static void text_size(LsrUi *ui, int delta) {
    int v = delta == 0 ? 100 : ui->settings.text_pct + delta;
    if (v < 70) v = 70;
    if (v > 200) v = 200;
    if (v == ui->settings.text_pct) return;
    ui->settings.text_pct = v;
    apply_settings(ui, true);
}

/* ------------------------------------------------------------- actions */

/* Help, backlog and glossary lie over the game: closing one returns to
 * the screen and scroll position it was opened from. */
static bool is_aid(LsrScreen s) { return s == LSR_SCR_HELP || s == LSR_SCR_BACKLOG || s == LSR_SCR_GLOSSARY; }

static void open_aid(LsrUi *ui, LsrScreen s) {
    if ((s == LSR_SCR_BACKLOG && !ui->g) || (s == LSR_SCR_GLOSSARY && !ui->sc)) return;
    if (ui->screen == s) return;
    if (!is_aid(ui->screen)) {
        ui->aid_back = ui->screen;
        ui->aid_scroll = ui->scroll;
    }
    lsr_session_set_screen(ui, s);
    /* the backlog opens at its newest entry */
    if (s == LSR_SCR_BACKLOG) ui->scroll = ui->max_scroll = 1 << 28;
}

static void close_aid(LsrUi *ui) {
    lsr_session_set_screen(ui, ui->aid_back);
    ui->scroll = ui->max_scroll = ui->aid_scroll;
}

/* Solo play: back to before the last decision, saved, as if it had never
 * been taken. Classroom mode has its own step back (classroom.c). */
static void take_back(LsrUi *ui) {
    if (lsr_class_on(ui) || !ui->g || !lsr_session_can_step_back(ui)) return;
    if (lsr_session_undo_decision(ui) != LSR_OK) return;
    lsr_session_enter_phase(ui);
}

static bool in_game_screen(LsrScreen s) {
    return s == LSR_SCR_DECISION || s == LSR_SCR_VOTE || s == LSR_SCR_CONSEQUENCE || s == LSR_SCR_DEBRIEF ||
           s == LSR_SCR_ENDING;
}

static void set_lang(LsrUi *ui, int i);

static void activate(LsrUi *ui, int action, int arg) {
    if (lsr_class_action(ui, action, arg)) return;
    switch ((LsrAction)action) {
    case A_CONTINUE: lsr_session_resume(ui); break;
    case A_NEW:
        if (ui->sc && !ui->cp && ui->scenario_path[0]) {
            if (!lsr_session_ask_new(ui, -1)) lsr_session_start_game(ui, NULL);
        } else {
            lsr_session_load_picks(ui);
            lsr_session_set_screen(ui, LSR_SCR_PICKER);
        }
        break;
    case A_CAMPAIGN: {
        char path[LSR_PATH_MAX];
        const char *p = ui->opt.is_campaign ? ui->opt.scenario_path : NULL;
        if (!p && lsr_data_path("scenarios/campaign.json", path, sizeof path)) p = path;
        if (!p) lsr_session_fail(ui, "%s", _("No campaign file is installed (scenarios/campaign.json)."));
        else if (!lsr_session_open_campaign(ui, p)) lsr_session_set_screen(ui, LSR_SCR_ERROR);
        break;
    }
    case A_SETTINGS:
        if (ui->screen != LSR_SCR_SETTINGS) ui->back_screen = ui->screen;
        lsr_session_set_screen(ui, LSR_SCR_SETTINGS);
        break;
    case A_QUIT: ui->running = false; break;
    case A_PICK:
        if (arg >= 0 && arg < ui->n_picks && ui->picks[arg].sc && !lsr_session_ask_new(ui, arg)) {
            lsr_session_open_pick(ui, arg);
            lsr_session_start_game(ui, NULL);
        }
        break;
    case A_SAVED_CONTINUE:
    case A_SAVED_NEW:
    case A_SAVED_BACK: lsr_session_answer(ui, (LsrAction)action); break;
    case A_PICKER:
        lsr_session_load_picks(ui);
        lsr_session_set_screen(ui, LSR_SCR_PICKER);
        break;
    case A_BEGIN: lsr_session_enter_phase(ui); break;
    case A_TITLE:
        lsr_session_find_continue(ui);
        lsr_session_set_screen(ui, LSR_SCR_TITLE);
        break;
    case A_CHOOSE: lsr_session_choose(ui, (uint32_t)arg); break;
    case A_COUNT_VOTE: lsr_session_choose(ui, 0); break;
    case A_NEXT:
        if (ui->screen == LSR_SCR_VOTE) lsr_session_set_screen(ui, LSR_SCR_CONSEQUENCE);
        else lsr_session_enter_phase(ui);
        break;
    case A_TO_ENDING: lsr_session_set_screen(ui, LSR_SCR_ENDING); break;
    case A_NEXT_PART:
        if (ui->cp && ui->g) {
            const LsrEnding *e = lsr_game_ending(ui->g);
            if (ui->part < LSR_MAX_CAMPAIGN_PARTS && e) ui->cp_endings[ui->part] = (uint32_t)(e - ui->sc->endings);
            if (ui->part + 1 < ui->cp->n_parts) lsr_session_start_campaign_part(ui, ui->part + 1);
        }
        break;
    case A_TEXT_SIZE: text_size(ui, arg); break;
    case A_FULLSCREEN: set_fullscreen(ui, !ui->settings.fullscreen); break;
    case A_THEME:
        ui->settings.theme = (LsrTheme)arg;
        apply_settings(ui, false);
        break;
    case A_REVEAL:
        ui->settings.reveal = (LsrReveal)arg;
        apply_settings(ui, false);
        break;
    case A_MAP:
        if (ui->screen != LSR_SCR_MAP) ui->back_screen = ui->screen;
        lsr_session_set_screen(ui, LSR_SCR_MAP);
        break;
    case A_BACK:
        if (is_aid(ui->screen)) close_aid(ui);
        else lsr_session_set_screen(ui, ui->back_screen);
        break;
    case A_MENU:
        ui->menu_open = true;
        ui->focus_action = A_NONE;
        ui->dirty = true;
        break;
    case A_RESUME:
        ui->menu_open = false;
        ui->focus_action = A_NONE;
        ui->dirty = true;
        break;
    case A_TAKE_BACK: take_back(ui); break;
    case A_HELP: open_aid(ui, LSR_SCR_HELP); break;
    case A_BACKLOG: open_aid(ui, LSR_SCR_BACKLOG); break;
    case A_GLOSSARY: open_aid(ui, LSR_SCR_GLOSSARY); break;
    case A_TERM:
    case A_MEASURE:
        /* a click pins the explanation: the popover follows the focus */
        ui->focus_action = action;
        ui->focus_arg = arg;
        ui->dirty = true;
        break;
    case A_SPEECH: lsr_speech_toggle(ui, arg != 0); apply_settings(ui, false); break;
    case A_LANG: set_lang(ui, arg); break;
    case A_NONE: break;
    default: break;   /* classroom actions outside classroom mode */
    }
}

/* --------------------------------------------------------------- input */

static const LsrUiItem *button_at(const LsrUi *ui, int x, int y) {
    SDL_Point p = { x, y };
    for (size_t i = ui->n_items; i-- > 0;) {
        const LsrUiItem *it = &ui->items[i];
        if (it->kind == LSR_ITEM_BUTTON && it->enabled && !it->covered && SDL_PointInRect(&p, &it->r)) return it;
    }
    return NULL;
}

/* The focusable buttons of the frame in drawing order; the focused one (or,
 * with no focus yet, the highlighted primary button) in *cur. */
static int focusables(const LsrUi *ui, const LsrUiItem **out, int cap, int *cur) {
    int n = 0, prim = -1;
    *cur = -1;
    for (size_t i = 0; i < ui->n_items && n < cap; i++) {
        const LsrUiItem *it = &ui->items[i];
        if (it->kind != LSR_ITEM_BUTTON || !it->enabled) continue;
        if (it->action == ui->focus_action && it->arg == ui->focus_arg) *cur = n;
        if (prim < 0 && it->action == ui->primary_action && it->arg == ui->primary_arg) prim = n;
        out[n++] = it;
    }
    /* a highlighted first item (the title's, the menu's) is where the keyboard starts */
    if (*cur < 0 && ui->focus_action == A_NONE && prim == 0) *cur = prim;
    return n;
}

static void focus_item(LsrUi *ui, const LsrUiItem *it) {
    ui->focus_action = it->action;
    ui->focus_arg = it->arg;
    ui->want_focus_visible = true;
    ui->dirty = true;
}

static void move_focus(LsrUi *ui, int dir) {
    const LsrUiItem *b[256];
    int cur, n = focusables(ui, b, 256, &cur);
    if (n == 0) return;
    int want = cur < 0 ? (dir > 0 ? 0 : n - 1) : (cur + dir + n) % n;
    focus_item(ui, b[want]);
}

static void scroll_by(LsrUi *ui, int dy);
static void drag_thumb(LsrUi *ui, int y);

static int centre_x(const LsrUiItem *it) { return it->r.x + it->r.w / 2; }

static bool same_row(const LsrUiItem *a, const LsrUiItem *b) {
    return a->r.y < b->r.y + b->r.h && b->r.y < a->r.y + a->r.h;
}

/* Arrow keys. Up/Down go, in reading order, to the next row of buttons
 * (the one nearest across in it), so a grid like Settings moves row by row;
 * Left/Right move along a row. Where that button lies outside the scroll
 * view, the text scrolls towards it first. */
static void move_arrow(LsrUi *ui, int dx, int dy) {
    const LsrUiItem *b[256];
    int cur, n = focusables(ui, b, 256, &cur);
    int line = lsr_r_line_h(ui, F_BODY) * 3;
    bool can_scroll = dy > 0 ? ui->scroll < ui->max_scroll : dy < 0 && ui->scroll > 0;
    if (n == 0) {
        if (can_scroll) scroll_by(ui, dy * line);
        return;
    }
    if (cur < 0) {
        /* nothing focused, or the focus scrolled away: start from the first
         * button in sight in the text (the last going up), else read on */
        SDL_Rect o;
        for (int i = 0; dy && ui->view.h > 0 && i < n; i++) {
            const LsrUiItem *it = b[dy > 0 ? i : n - 1 - i];
            if (SDL_IntersectRect(&it->r, &ui->view, &o)) {
                focus_item(ui, it);
                return;
            }
        }
        if (can_scroll) scroll_by(ui, dy * line);
        else move_focus(ui, dx + dy > 0 ? 1 : -1);
        return;
    }
    const LsrUiItem *c = b[cur], *best = NULL;
    int step = dx + dy > 0 ? 1 : -1;
    if (dx) {
        int i = cur + step;
        if (i >= 0 && i < n && same_row(b[i], c)) best = b[i];
    } else {
        int i = cur + step;
        while (i >= 0 && i < n && same_row(b[i], c)) i += step;
        if (i >= 0 && i < n) {
            best = b[i];
            for (int k = i + step; k >= 0 && k < n && same_row(b[k], b[i]); k += step)
                if (abs(centre_x(b[k]) - centre_x(c)) < abs(centre_x(best) - centre_x(c))) best = b[k];
        }
    }
    if (dy && can_scroll) {
        SDL_Rect o;
        if (!best || !SDL_IntersectRect(&best->r, &ui->view, &o)) {
            scroll_by(ui, dy * line);
            return;
        }
    }
    if (best) focus_item(ui, best);
    else if (dx == 0) move_focus(ui, step);
}

static void scroll_by(LsrUi *ui, int dy) {
    int s = ui->scroll + dy;
    if (s > ui->max_scroll) s = ui->max_scroll;
    if (s < 0) s = 0;
    if (s != ui->scroll) {
        ui->scroll = s;
        ui->dirty = true;
    }
}

/* The scrollbar: pressing on the thumb grabs it, pressing on the track
 * jumps there; the hit area is wider than the drawn bar. */
static bool grab_scrollbar(LsrUi *ui, int x, int y) {
    SDL_Rect t = ui->sb_track;
    if (t.w <= 0 || ui->max_scroll <= 0) return false;
    int slack = lsr_r_px(ui, 12);
    if (x < t.x - slack || x > t.x + t.w + 2 || y < t.y || y >= t.y + t.h) return false;
    if (y >= ui->sb_thumb_y && y < ui->sb_thumb_y + ui->sb_thumb_h) ui->sb_grab = y - ui->sb_thumb_y;
    else ui->sb_grab = ui->sb_thumb_h / 2;
    drag_thumb(ui, y);
    return true;
}

static void drag_thumb(LsrUi *ui, int y) {
    int room = ui->sb_track.h - ui->sb_thumb_h;
    if (room <= 0) return;
    long top = (long)y - ui->sb_grab - ui->sb_track.y;
    scroll_by(ui, (int)(top * ui->max_scroll / room) - ui->scroll);
}

/* The n-th (1-based) choice or scenario button on screen. */
static void press_number(LsrUi *ui, int n) {
    int k = 0;
    for (size_t i = 0; i < ui->n_items; i++) {
        const LsrUiItem *it = &ui->items[i];
        if (it->kind != LSR_ITEM_BUTTON || (it->action != A_CHOOSE && it->action != A_PICK)) continue;
        if (++k == n) {
            if (it->enabled) activate(ui, it->action, it->arg);
            return;
        }
    }
}

static void handle_key(LsrUi *ui, const SDL_KeyboardEvent *k) {
    SDL_Keycode key = k->keysym.sym;
    bool ctrl = (k->keysym.mod & KMOD_CTRL) != 0;
    int page = ui->view.h > 0 ? ui->view.h * 85 / 100 : lsr_r_px(ui, 400);
    if (key == SDLK_LCTRL || key == SDLK_RCTRL) {
        lsr_speech_stop(ui);
        return;
    }
    if (lsr_class_key(ui, k)) return;
    if (ctrl && key == SDLK_z && !ui->menu_open && in_game_screen(ui->screen)) {
        take_back(ui);
        return;
    }
    if (ctrl) {
        if (key == SDLK_PLUS || key == SDLK_EQUALS || key == SDLK_KP_PLUS) text_size(ui, 10);
        else if (key == SDLK_MINUS || key == SDLK_KP_MINUS) text_size(ui, -10);
        else if (key == SDLK_0 || key == SDLK_KP_0) text_size(ui, 0);
        else if (key == SDLK_q) ui->running = false;
        return;
    }
    switch (key) {
    case SDLK_ESCAPE:
        if (ui->menu_open) activate(ui, A_RESUME, 0);
        else if (ui->screen == LSR_SCR_SETTINGS || is_aid(ui->screen)) activate(ui, A_BACK, 0);
        else if (ui->screen == LSR_SCR_PICKER) activate(ui, A_TITLE, 0);
        else if (ui->screen == LSR_SCR_SAVED) activate(ui, A_SAVED_BACK, 0);
        else if (ui->screen != LSR_SCR_TITLE) activate(ui, A_MENU, 0);
        break;
    case SDLK_F11: set_fullscreen(ui, !ui->settings.fullscreen); break;
    case SDLK_TAB: move_focus(ui, (k->keysym.mod & KMOD_SHIFT) ? -1 : 1); break;
    case SDLK_DOWN: move_arrow(ui, 0, 1); break;
    case SDLK_UP: move_arrow(ui, 0, -1); break;
    case SDLK_RIGHT: move_arrow(ui, 1, 0); break;
    case SDLK_LEFT: move_arrow(ui, -1, 0); break;
    case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE:
        if (ui->focus_action != A_NONE) activate(ui, ui->focus_action, ui->focus_arg);
        else if (ui->primary_action != A_NONE) activate(ui, ui->primary_action, ui->primary_arg);
        break;
    case SDLK_m:
        if (ui->menu_open || !ui->sc) break;
        if (ui->screen == LSR_SCR_MAP) activate(ui, A_BACK, 0);
        else if (ui->screen == LSR_SCR_BRIEFING || ui->screen == LSR_SCR_DECISION || ui->screen == LSR_SCR_VOTE ||
                 ui->screen == LSR_SCR_CONSEQUENCE)
            activate(ui, A_MAP, 0);
        break;
    case SDLK_PAGEDOWN: scroll_by(ui, page); break;
    case SDLK_PAGEUP: scroll_by(ui, -page); break;
    case SDLK_HOME: scroll_by(ui, -ui->scroll); break;
    case SDLK_END: scroll_by(ui, ui->max_scroll); break;
    case SDLK_F1: activate(ui, is_aid(ui->screen) && ui->screen == LSR_SCR_HELP ? A_BACK : A_HELP, 0); break;
    default:
        if (ui->menu_open) break;
        if (key == SDLK_QUESTION || (key == SDLK_SLASH && (k->keysym.mod & KMOD_SHIFT)))
            activate(ui, ui->screen == LSR_SCR_HELP ? A_BACK : A_HELP, 0);
        else if (key == SDLK_l && (ui->g || ui->screen == LSR_SCR_BACKLOG))
            activate(ui, ui->screen == LSR_SCR_BACKLOG ? A_BACK : A_BACKLOG, 0);
        else if (key == SDLK_g && ui->sc && ui->screen != LSR_SCR_TITLE && ui->screen != LSR_SCR_PICKER &&
                 ui->screen != LSR_SCR_SAVED)
            activate(ui, ui->screen == LSR_SCR_GLOSSARY ? A_BACK : A_GLOSSARY, 0);
        else if (key == SDLK_v) activate(ui, A_SPEECH, !ui->settings.speech);
        else if (ui->screen == LSR_SCR_SAVED && (key == SDLK_c || key == SDLK_n || key == SDLK_b))
            activate(ui, key == SDLK_c ? A_SAVED_CONTINUE : key == SDLK_n ? A_SAVED_NEW : A_SAVED_BACK, 0);
        else if (key == SDLK_BACKSPACE && is_aid(ui->screen)) activate(ui, A_BACK, 0);
        else if ((key == SDLK_u || key == SDLK_BACKSPACE) && in_game_screen(ui->screen)) take_back(ui);
        else if (key >= SDLK_1 && key <= SDLK_9) press_number(ui, (int)(key - SDLK_0));
        else if (!ui->menu_open && key >= SDLK_KP_1 && key <= SDLK_KP_9) press_number(ui, (int)(key - SDLK_KP_1) + 1);
        break;
    }
}

static void handle_event(LsrUi *ui, const SDL_Event *ev) {
    if (lsr_dev_event(ui, ev)) return;
    switch (ev->type) {
    case SDL_QUIT: ui->running = false; break;
    case SDL_KEYDOWN: handle_key(ui, &ev->key); break;
    case SDL_MOUSEMOTION: {
        ui->mouse_x = (int)lroundf((float)ev->motion.x * ui->dpi);
        ui->mouse_y = (int)lroundf((float)ev->motion.y * ui->dpi);
        if (ui->sb_grab >= 0) {
            drag_thumb(ui, ui->mouse_y);
            break;
        }
        const LsrUiItem *it = button_at(ui, ui->mouse_x, ui->mouse_y);
        int a = it ? it->action : A_NONE, g = it ? it->arg : 0;
        if (a != ui->hover_action || g != ui->hover_arg) {
            if ((a == A_NONE) != (ui->hover_action == A_NONE)) {
                if (!ui->cursor_hand) ui->cursor_hand = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_HAND);
                if (!ui->cursor_arrow) ui->cursor_arrow = SDL_CreateSystemCursor(SDL_SYSTEM_CURSOR_ARROW);
                SDL_Cursor *c = a == A_NONE ? ui->cursor_arrow : ui->cursor_hand;
                if (c) SDL_SetCursor(c);
            }
            ui->hover_action = a;
            ui->hover_arg = g;
            ui->dirty = true;
        }
        break;
    }
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: {
        if (ev->button.button != SDL_BUTTON_LEFT) break;
        int x = (int)lroundf((float)ev->button.x * ui->dpi), y = (int)lroundf((float)ev->button.y * ui->dpi);
        if (ev->type == SDL_MOUSEBUTTONUP && ui->sb_grab >= 0) {
            ui->sb_grab = -1;
            break;
        }
        if (ev->type == SDL_MOUSEBUTTONDOWN && grab_scrollbar(ui, x, y)) break;
        const LsrUiItem *it = button_at(ui, x, y);
        if (ev->type == SDL_MOUSEBUTTONDOWN) {
            ui->press_action = it ? it->action : A_NONE;
            ui->press_arg = it ? it->arg : 0;
        } else if (it && it->action == ui->press_action && it->arg == ui->press_arg) {
            ui->press_action = A_NONE;
            activate(ui, it->action, it->arg);
        }
        break;
    }
    case SDL_MOUSEWHEEL: scroll_by(ui, -ev->wheel.y * lsr_r_px(ui, 60)); break;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED || ev->window.event == SDL_WINDOWEVENT_RESIZED ||
            ev->window.event == SDL_WINDOWEVENT_DISPLAY_CHANGED)
            update_geometry(ui);
        else if (ev->window.event == SDL_WINDOWEVENT_EXPOSED || ev->window.event == SDL_WINDOWEVENT_SHOWN ||
                 ev->window.event == SDL_WINDOWEVENT_RESTORED)
            ui->dirty = true;
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        /* textures are lost: rasterise again on the next frame */
        lsr_r_cache_clear(ui);
        lsr_map_cache_clear();
        if (ui->disc) SDL_DestroyTexture(ui->disc);
        if (ui->ring) SDL_DestroyTexture(ui->ring);
        ui->disc = ui->ring = NULL;
        ui->dirty = true;
        break;
    default: break;
    }
}

/* -------------------------------------------------------------- frames */

static void shoot(LsrUi *ui) {
    if (!ui->opt.screenshot_dir || ui->menu_open || ui->shot_done[ui->screen]) return;
    if (ui->screen == LSR_SCR_VOTE && !ui->vote_counted) return;
    char path[LSR_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s-%dx%d.png", ui->opt.screenshot_dir, lsr_ui_screen_name(ui->screen),
             ui->out_w, ui->out_h);
    if (lsr_ui_save_png(ui, path)) ui->shot_done[ui->screen] = true;
}

void lsr_view_make(const LsrUi *ui, LsrView *v) {
    memset(v, 0, sizeof *v);
    v->screen = ui->screen;
    v->menu_open = ui->menu_open;
    v->lang = ui->opt.lang;
    v->sc = ui->sc;
    v->sc_has_path = ui->scenario_path[0] != '\0';
    v->cp = ui->cp;
    v->part = ui->part;
    v->cp_endings = ui->cp_endings;
    v->g = ui->g;
    v->shown = ui->shown;
    v->vote_counted = ui->vote_counted;
    v->can_step_back = lsr_session_can_step_back(ui);
    v->endings = ui->endings;
    v->ending_new = ui->ending_new;
    v->picks = ui->picks;
    v->n_picks = ui->n_picks;
    v->continue_save = ui->continue_save;
    v->continue_label = ui->continue_label;
    v->langs = ui->langs;
    v->n_langs = ui->n_langs;
    v->ui_lang = ui->lang;
    v->lang_notice = ui->lang_notice;
    v->ask = &ui->ask;
    v->ask_sc = ui->ask.pick < 0 ? ui->sc : ui->ask.pick < ui->n_picks ? ui->picks[ui->ask.pick].sc : NULL;
    v->error = ui->error;
    v->save_error = ui->save_error;
    v->settings = &ui->settings;
    v->settings_path = ui->settings_path;
    v->speech_why = lsr_speech_unavailable(ui);
    lsr_class_view(ui, &v->cls);
}

/* Classroom: the decision screen asks for smaller text when its choices
 * would not fit with the narrative (ui->want_shrink). The size found
 * holds for that screen, step, window size and text setting. */
static void shrink_reset(LsrUi *ui) {
    uint64_t key = (uint64_t)ui->screen | (uint64_t)(ui->g ? lsr_game_trace_len(ui->g) : 0) << 8 |
                   (uint64_t)ui->out_w << 20 | (uint64_t)ui->out_h << 36 | (uint64_t)ui->settings.text_pct << 52;
    if (key == ui->shrink_key) return;
    ui->shrink_key = key;
    if (ui->text_shrink != 1.0) {
        ui->text_shrink = 1.0;
        if (lsr_r_fonts_open(ui)) lsr_r_cache_clear(ui);
    }
}

static void render(LsrUi *ui) {
    shrink_reset(ui);
    for (int pass = 0; pass < 12; pass++) {
        LsrView view;
        lsr_view_make(ui, &view);
        ui->dirty = false;
        ui->frame++;
        ui->n_items = 0;
        ui->primary_action = A_NONE;
        SDL_RenderSetClipRect(ui->ren, NULL);
        SDL_SetRenderDrawColor(ui->ren, ui->th.bg.r, ui->th.bg.g, ui->th.bg.b, 255);
        SDL_RenderClear(ui->ren);
        ui->timer_drawn_s = -1;
        ui->terms_marked = 0;
        ui->sb_track.w = 0;
        ui->view = (SDL_Rect){ 0, 0, 0, 0 };   /* a screen without a scroll view has none */
        ui->band_h = 0;
        ui->n_boxes = 0;
        ui->region = LSR_REGION_PAGE;
        if (ui->fit) lsr_r_fit_reset(ui->fit);
        lsr_screens_draw(ui, &view);
        if (ui->timer_drawn_s >= 0) lsr_class_timer_drawn(ui, ui->timer_drawn_s);
        if (!lsr_class_paused(ui)) lsr_dev_draw(ui);   /* the pause card hides everything */
        ui->want_focus_visible = false;
        if (ui->want_shrink) {
            ui->want_shrink = false;
            if (ui->text_shrink > 0.6) {
                ui->text_shrink *= 0.92;
                if (lsr_r_fonts_open(ui)) lsr_r_cache_clear(ui);
                ui->dirty = true;
            }
        }
        /* a scroll clamp or focus scroll changed the layout: draw again */
        if (!ui->dirty) break;
    }
    ui->dirty = false;
    lsr_speech_frame(ui);
    shoot(ui);
    SDL_RenderPresent(ui->ren);
    lsr_r_cache_trim(ui);
}

void lsr_ui_redraw(LsrUi *ui) { render(ui); }

/* Drivers whose event wait truly blocks; others are polled gently. */
static bool driver_can_wait(void) {
    const char *d = SDL_GetCurrentVideoDriver();
    return d && (strcmp(d, "x11") == 0 || strcmp(d, "wayland") == 0 || strcmp(d, "windows") == 0 ||
                 strcmp(d, "cocoa") == 0);
}

bool lsr_ui_pump(LsrUi *ui, int timeout_ms) {
    timeout_ms = lsr_dev_poll(ui, timeout_ms);   /* live reload: look at the file when due */
    SDL_Event ev;
    int wake = lsr_class_wake_ms(ui);   /* the discussion timer's next second */
    if (wake >= 0 && (timeout_ms < 0 || wake < timeout_ms)) timeout_ms = wake;
    if (ui->running && !ui->dirty && timeout_ms != 0) {
        if (driver_can_wait()) {
            if (SDL_WaitEventTimeout(&ev, timeout_ms)) handle_event(ui, &ev);
        } else {
            Uint32 start = SDL_GetTicks();
            while (!SDL_PollEvent(&ev)) {
                if (timeout_ms > 0 && SDL_GetTicks() - start >= (Uint32)timeout_ms) goto drain;
                SDL_Delay(15);
            }
            handle_event(ui, &ev);
        }
    }
drain:
    while (ui->running && SDL_PollEvent(&ev)) handle_event(ui, &ev);
    lsr_class_tick(ui);
    if (ui->running && ui->dirty) render(ui);
    return ui->running;
}

/* ------------------------------------------------------------ lifetime */

static bool have_display(void) {
    const char *drv = getenv("SDL_VIDEODRIVER");
    if (drv && drv[0]) return true;
#if defined(__linux__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
    const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
    return (x && x[0]) || (w && w[0]);
#else
    return true;
#endif
}

/* Is path one of the bundled scenarios or the campaign (NULL: the picker's)?
 * Same file: same device and inode, however the path is spelt. */
static bool is_bundled(const char *path) {
    static const char *const bundled[] = { "scenarios/coalition.json", "scenarios/brest.json",
                                           "scenarios/july.json", "scenarios/campaign.json" };
    if (!path) return true;
    struct stat mine, theirs;
    char b[LSR_PATH_MAX];
    if (stat(path, &mine) != 0) return false;
    for (size_t i = 0; i < sizeof bundled / sizeof bundled[0]; i++)
        if (lsr_data_path(bundled[i], b, sizeof b) && stat(b, &theirs) == 0 && mine.st_dev == theirs.st_dev &&
            mine.st_ino == theirs.st_ino)
            return true;
    return false;
}

/* The languages there are catalogues for, and the one to speak: --lang,
 * else the one saved in Settings, else the environment's (main.c chose
 * both of those already). A saved language that has no catalogue any more
 * falls back to English and says so. */
static void choose_lang(LsrUi *ui) {
    char list[256];
    lsr_ui_langs(list, sizeof list);
    ui->n_langs = 0;
    for (char *p = list; *p && ui->n_langs < (int)(sizeof ui->langs / sizeof ui->langs[0]);) {
        size_t k = strcspn(p, ", ");
        if (k > 0 && k < sizeof ui->langs[0]) snprintf(ui->langs[ui->n_langs++], sizeof ui->langs[0], "%.*s", (int)k, p);
        p += k;
        p += strspn(p, ", ");
    }
    snprintf(ui->lang, sizeof ui->lang, "%s", ui->opt.lang ? ui->opt.lang : lsr_ui_lang());
    if (ui->opt.lang) ui->opt.lang = ui->lang;
    if (ui->opt.lang_given || !ui->settings.lang[0]) return;
    if (lsr_ui_has_lang(ui->settings.lang, list, sizeof list) && lsr_ui_set_lang(ui->settings.lang)) {
        snprintf(ui->lang, sizeof ui->lang, "%s", ui->settings.lang);
    } else {
        char shown[64];
        snprintf(ui->lang_notice, sizeof ui->lang_notice, _("The saved language '%s' is not available; using English."),
                 lsr_shown(ui->settings.lang, shown, sizeof shown));
        lsr_ui_set_lang("en");
        snprintf(ui->lang, sizeof ui->lang, "en");
    }
    ui->opt.lang = strcmp(ui->lang, "en") != 0 ? ui->lang : NULL;
}

/* Settings: language i of the list, for the words and the scenario, saved. */
static void set_lang(LsrUi *ui, int i) {
    if (i < 0 || i >= ui->n_langs) return;
    if (!lsr_session_set_lang(ui, ui->langs[i])) {
        snprintf(ui->lang_notice, sizeof ui->lang_notice, _("The language '%s' is not available; using English."),
                 ui->langs[i]);
        lsr_session_set_lang(ui, "en");
        return;
    }
    ui->lang_notice[0] = '\0';
    snprintf(ui->settings.lang, sizeof ui->settings.lang, "%s", ui->langs[i]);
    apply_settings(ui, false);
}

static int fail(LsrUi *ui, int code, char *err, size_t errlen, const char *msg) {
    if (msg) snprintf(err, errlen, "%s", msg);
    lsr_ui_destroy(ui);
    return code;
}

int lsr_ui_create(const LsrPlayOptions *opt, LsrUi **out, char *err, size_t errlen) {
    *out = NULL;
    if (errlen) err[0] = '\0';
    if (!have_display()) return LSR_SDL_NO_DISPLAY;
    LsrUi *ui = calloc(1, sizeof *ui);
    if (!ui) return fail(NULL, LSR_EXIT_CONTENT, err, errlen, _("out of memory"));
    ui->opt = *opt;
    ui->running = true;
    ui->sb_grab = -1;
    ui->text_shrink = 1.0;
    if (!SDL_WasInit(SDL_INIT_VIDEO)) {
        SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
        /* X11 only: do not let a Wayland probe print to the terminal */
        const char *way = getenv("WAYLAND_DISPLAY"), *user = getenv("SDL_VIDEODRIVER");
        if (!(user && user[0]) && !(way && way[0]) && getenv("DISPLAY"))
            SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11");
        lsr_sdl_app_identity();
        if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) return fail(ui, LSR_SDL_NO_DISPLAY, err, errlen, NULL);
        ui->own_sdl = true;
    }
    /* SDL falls back to an invisible window when there is no display:
     * only accept that when it was asked for (tests, benchmarks) */
    const char *drv = SDL_GetCurrentVideoDriver(), *asked = getenv("SDL_VIDEODRIVER");
    if (drv && (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0) &&
        !(asked && strcmp(asked, drv) == 0))
        return fail(ui, LSR_SDL_NO_DISPLAY, err, errlen, NULL);
    /* headless: a GL texture under the window framebuffer only costs time
     * and memory (it loads a GL stack to copy pixels nobody sees) */
    if (drv && (strcmp(drv, "offscreen") == 0 || strcmp(drv, "dummy") == 0))
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (!TTF_WasInit()) {
        if (TTF_Init() != 0) return fail(ui, LSR_EXIT_CONTENT, err, errlen, TTF_GetError());
        ui->own_ttf = true;
    }
    lsr_settings_default(&ui->settings);
    if (lsr_settings_path(ui->settings_path, sizeof ui->settings_path))
        lsr_settings_load(&ui->settings, ui->settings_path);
    if (opt->fullscreen) ui->settings.fullscreen = true;
    choose_lang(ui);
    if (opt->reveal_set) ui->settings.reveal = opt->reveal;
    ui->decision_entered = lsr_class_enter_decision;   /* does nothing outside classroom mode */
    if (opt->classroom) {
        lsr_class_init(ui, opt->timer_s);
        ui->settings.theme = LSR_THEME_CONTRAST;
    }
    lsr_r_theme(ui);
    ui->author_tools = opt->author || (!opt->classroom && !is_bundled(opt->scenario_path));
    if (!lsr_r_fonts_find(ui, err, errlen)) return fail(ui, LSR_EXIT_CONTENT, err, errlen, NULL);

    /* the scenario first, so content errors come before a window flashes */
    if (opt->scenario_path && !opt->is_campaign) {
        LsrDiagList d;
        lsr_diags_init(&d);
        LsrScenario *sc = NULL;
        char langs[256];
        bool has = ui->opt.lang && lsr_scenario_has_lang(opt->scenario_path, ui->opt.lang, langs, sizeof langs);
        LsrLoadOptions lo = {has ? ui->opt.lang : NULL, NULL, NULL, NULL};
        LsrStatus st = lsr_scenario_load_file_opts(opt->scenario_path, &lo, &sc, &d);
        if (st != LSR_OK) {
            char msg[400] = "";
            if (d.count) lsr_diag_format(&d.items[0], opt->scenario_path, msg, sizeof msg);
            else snprintf(msg, sizeof msg, "%s: %s", opt->scenario_path, lsr_status_str(st));
            lsr_diags_free(&d);
            return fail(ui, LSR_EXIT_CONTENT, err, errlen, msg);
        }
        lsr_diags_free(&d);
        lsr_session_use_scenario(ui, sc, opt->scenario_path);
    }

    int w = opt->width > 0 ? opt->width : 1280, h = opt->height > 0 ? opt->height : 800;
    if (opt->width <= 0) {
        /* the first window: 80 % of the display's usable area, its aspect
         * kept (a 4K screen gets a 4K-sized window, not 1280×800) */
        SDL_Rect usable;
        if (SDL_GetDisplayUsableBounds(0, &usable) == 0 && usable.w > 0 && usable.h > 0) {
            w = usable.w * 8 / 10;
            h = usable.h * 8 / 10;
        }
    }
    float ddpi = 0;
    if (SDL_GetDisplayDPI(0, &ddpi, NULL, NULL) == 0 && ddpi > 0) ui->display_dpi = ddpi;
    if (w < 800) w = 800;
    if (h < 600) h = 600;
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_HIDDEN;
    if (ui->settings.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    ui->win = SDL_CreateWindow(_("Left SRs · 1917–1918"), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!ui->win) return fail(ui, LSR_SDL_NO_DISPLAY, err, errlen, NULL);
    lsr_sdl_set_icon(ui->win);
    SDL_SetWindowMinimumSize(ui->win, 800, 600);
    ui->ren = SDL_CreateRenderer(ui->win, -1, SDL_RENDERER_ACCELERATED);
    if (!ui->ren) ui->ren = SDL_CreateRenderer(ui->win, -1, SDL_RENDERER_SOFTWARE);
    if (!ui->ren) return fail(ui, LSR_SDL_NO_DISPLAY, err, errlen, NULL);
    update_geometry(ui);
    if (!lsr_r_font(ui, F_BODY)) {
        char msg[LSR_PATH_MAX + 64];
        snprintf(msg, sizeof msg, _("cannot open font %s: %s"), ui->face_file[FACE_SERIF], TTF_GetError());
        return fail(ui, LSR_EXIT_CONTENT, err, errlen, msg);
    }

    lsr_speech_probe(ui);
    ui->endings = lsr_endings_load(NULL, NULL, 0);
    lsr_session_find_bundled(ui);
    if (opt->is_campaign && opt->scenario_path) {
        if (!lsr_session_open_campaign(ui, opt->scenario_path))
            return fail(ui, LSR_EXIT_CONTENT, err, errlen, ui->error);
        lsr_session_set_screen(ui, LSR_SCR_TITLE);
    }
    lsr_session_find_continue(ui);
    lsr_session_set_screen(ui, LSR_SCR_TITLE);
    if (opt->resume && ui->continue_save[0]) lsr_session_resume(ui);
    /* --new: a new game at once, as in the terminal (the save is kept as SAVE.old) */
    else if (opt->fresh && ui->sc && !ui->cp) lsr_session_start_game(ui, NULL);
    SDL_ShowWindow(ui->win);
    *out = ui;
    return 0;
}

void lsr_ui_destroy(LsrUi *ui) {
    if (!ui) return;
    lsr_dev_destroy(ui);
    lsr_speech_close(ui);
    lsr_endings_free(ui->endings);
    lsr_session_end_game(ui);
    bool sc_is_pick = false;
    for (int i = 0; i < ui->n_picks; i++) {
        if (ui->picks[i].sc == ui->sc) sc_is_pick = true;
        if (ui->picks[i].sc) lsr_scenario_free(ui->picks[i].sc);
    }
    if (ui->cp) lsr_campaign_free(ui->cp);
    else if (ui->sc && !sc_is_pick) lsr_scenario_free(ui->sc);
    lsr_r_cache_clear(ui);
    lsr_map_cache_clear();
    free(ui->cache);
    free(ui->items);
    if (ui->disc) SDL_DestroyTexture(ui->disc);
    if (ui->ring) SDL_DestroyTexture(ui->ring);
    if (ui->cursor_hand) SDL_FreeCursor(ui->cursor_hand);
    if (ui->cursor_arrow) SDL_FreeCursor(ui->cursor_arrow);
    lsr_r_fonts_close(ui);
    if (ui->ren) SDL_DestroyRenderer(ui->ren);
    if (ui->win) SDL_DestroyWindow(ui->win);
    if (ui->own_ttf) TTF_Quit();
#ifndef __EMSCRIPTEN__
    if (ui->face_file[0][0]) FcFini();  /* lsr_r_fonts_find called FcInit */
#endif
    if (ui->own_sdl) SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(ui);
}

/* Screenshot mode: walks every screen once, taking the historical choice
 * where it can, so `--screenshots DIR` documents the whole game. Returns
 * false when there is nothing left to show. */
static bool autopilot(LsrUi *ui, bool *visited_settings) {
    switch (ui->screen) {
    case LSR_SCR_TITLE:
        if (!*visited_settings) {
            *visited_settings = true;
            activate(ui, A_SETTINGS, 0);
        } else if (ui->sc && !ui->cp && ui->scenario_path[0]) {
            activate(ui, A_NEW, 0);
        } else {
            if (ui->screen == LSR_SCR_TITLE && ui->opt.is_campaign && ui->cp) activate(ui, A_CAMPAIGN, 0);
            else activate(ui, A_NEW, 0);
        }
        break;
    case LSR_SCR_SETTINGS: activate(ui, A_BACK, 0); break;
    case LSR_SCR_SAVED: activate(ui, A_SAVED_NEW, 0); break;
    case LSR_SCR_PICKER:
        if (ui->n_picks == 0) return false;
        activate(ui, A_PICK, 0);
        break;
    case LSR_SCR_BRIEFING:
        /* the full map once, from the briefing */
        if (!ui->shot_done[LSR_SCR_MAP] && ui->sc && (ui->sc->n_places || ui->sc->n_areas)) activate(ui, A_MAP, 0);
        else activate(ui, A_BEGIN, 0);
        break;
    case LSR_SCR_MAP: activate(ui, A_BACK, 0); break;
    case LSR_SCR_DECISION: {
        const LsrStep *st = lsr_game_step(ui->g);
        if (!st) return false;
        uint32_t pick = st->hist_choice;
        if (lsr_game_choice_state(ui->g, pick) != LSR_CHOICE_AVAILABLE)
            for (pick = 0; pick < st->n_choices; pick++)
                if (lsr_game_choice_state(ui->g, pick) == LSR_CHOICE_AVAILABLE) break;
        if (pick >= st->n_choices) return false;
        if (lsr_class_on(ui)) {
            /* a class that mostly follows history, with a dissenting minority */
            lsr_class_set_votes(ui, pick, 17);
            for (uint32_t i = 0; i < st->n_choices && i < 16; i++)
                if (i != pick && lsr_game_choice_state(ui->g, i) == LSR_CHOICE_AVAILABLE) {
                    lsr_class_set_votes(ui, i, 9);
                    break;
                }
            activate(ui, A_CLASS_TAKE, 0);
        } else {
            activate(ui, A_CHOOSE, (int)pick);
        }
        break;
    }
    case LSR_SCR_REVEAL: activate(ui, A_NEXT, 0); break;
    case LSR_SCR_VOTE: activate(ui, ui->vote_counted ? A_NEXT : A_COUNT_VOTE, 0); break;
    case LSR_SCR_CONSEQUENCE:
        if (lsr_class_on(ui) && ui->settings.reveal == LSR_REVEAL_AFTER && !ui->shot_done[LSR_SCR_REVEAL])
            activate(ui, A_SHOW_REVEAL, 1);
        else
            activate(ui, A_NEXT, 0);
        break;
    case LSR_SCR_DEBRIEF: activate(ui, A_TO_ENDING, 0); break;
    case LSR_SCR_ENDING:
        if (ui->cp && ui->part + 1 < ui->cp->n_parts) {
            activate(ui, A_NEXT_PART, 0);
        } else {
            if (ui->cp) {
                /* the campaign's own epilogue closes the last part */
                char path[LSR_PATH_MAX];
                snprintf(path, sizeof path, "%s/campaign-ending-%dx%d.png", ui->opt.screenshot_dir, ui->out_w,
                         ui->out_h);
                lsr_ui_save_png(ui, path);
            }
            return false;
        }
        break;
    default: return false;
    }
    return ui->running;
}

int lsr_sdl_play(const LsrPlayOptions *opt) {
    LsrUi *ui;
    char err[1024];
    int rc = lsr_ui_create(opt, &ui, err, sizeof err);
    if (rc == LSR_SDL_NO_DISPLAY) return rc;
    if (rc != 0) {
        fprintf(stderr, "leftsr: %s\n", err);
        return rc;
    }
    if (opt->screenshot_dir) {
        bool settings = false;
        for (int guard = 0; guard < 100000 && lsr_ui_pump(ui, 0); guard++)
            if (!autopilot(ui, &settings)) break;
        lsr_ui_pump(ui, 0);
    } else {
        while (lsr_ui_pump(ui, 1000)) {
        }
    }
    rc = ui->exit_code;
    lsr_ui_destroy(ui);
    return rc;
}

/* ------------------------------------------------------ test interface */

LsrScreen lsr_ui_screen(const LsrUi *ui) { return ui->screen; }
const LsrUiItem *lsr_ui_items(const LsrUi *ui, size_t *n) {
    *n = ui->n_items;
    return ui->items;
}
const LsrUiItem *lsr_ui_find(const LsrUi *ui, LsrItemKind kind, const char *needle) {
    for (size_t i = 0; i < ui->n_items; i++)
        if (ui->items[i].kind == kind && strstr(ui->items[i].text, needle)) return &ui->items[i];
    return NULL;
}
const LsrGame *lsr_ui_game(const LsrUi *ui) { return ui->g; }
unsigned long lsr_ui_frames(const LsrUi *ui) { return ui->frame; }
unsigned long lsr_ui_rasterised(const LsrUi *ui) { return ui->rasterised; }
void lsr_ui_output_size(const LsrUi *ui, int *w, int *h) {
    *w = ui->out_w;
    *h = ui->out_h;
}
SDL_Window *lsr_ui_window(LsrUi *ui) { return ui->win; }
int lsr_ui_exit_code(const LsrUi *ui) { return ui->exit_code; }
int lsr_ui_body_px(const LsrUi *ui) { return ui->font_px[F_BODY]; }

bool lsr_ui_save_png(LsrUi *ui, const char *path) {
    int w = ui->out_w, h = ui->out_h, pitch = w * 3;
    uint8_t *px = malloc((size_t)pitch * (size_t)h);
    if (!px) return false;
    bool ok = SDL_RenderReadPixels(ui->ren, NULL, SDL_PIXELFORMAT_RGB24, px, pitch) == 0 &&
              lsr_png_write(path, px, w, h, pitch);
    free(px);
    return ok;
}
