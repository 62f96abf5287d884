/* Author tools of the SDL window: live reload of the scenario file and the
 * debug overlay (F12). See devtools.h for the contract. Everything shown
 * comes from the engine's state and trace, like the screens themselves. */
#include "i18n.h"
#include "sdl/devtools.h"
#include "sdl/classroom.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PX(v) lsr_r_px(ui, (v))
#define CHECK_MS 500u
#define SHOWN_ERRORS 5
#define MAX_FILE (16u << 20)

typedef struct LsrDev LsrDev;

struct LsrDev {
    /* the watched file, as it was when last looked at */
    char path[LSR_PATH_MAX];
    bool watching, have_stat;
    long long mtime_s, mtime_ns, size;
    uint64_t hash;                 /* content hash of the last version read */
    Uint32 next_check;
    unsigned long checks;
    /* what the last reload or jump said */
    char banner[600];
    bool banner_warn;
    char errors[SHOWN_ERRORS][420];
    size_t n_errors, total_errors;
    bool errors_hidden;
    /* the overlay */
    bool open;
    int sel;                       /* selected step in the jump list */
    int scroll, max_scroll;
    bool want_sel_visible;
    SDL_Rect panel, errbox;        /* where they were last drawn (w == 0: not shown) */
};

static LsrDev *dev_of(LsrUi *ui) {
    if (!ui->dev) ui->dev = calloc(1, sizeof *ui->dev);
    return ui->dev;
}

/* Live reload needs a scenario file opened as such: a campaign's parts are
 * loaded together and are not watched. */
static bool live_reload_on(const LsrUi *ui) {
    if (!ui->author_tools) return false;
    /* only the file named on the command line: not a campaign, not a scenario picked from the list */
    return ui->opt.scenario_path && !ui->opt.is_campaign && !ui->cp && ui->sc && ui->scenario_path[0] &&
           strcmp(ui->scenario_path, ui->opt.scenario_path) == 0;
}

static const char *base_name(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* ------------------------------------------------------------ reload */

static bool file_stat(const char *path, long long *s, long long *ns, long long *size) {
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return false;
    *s = (long long)st.st_mtim.tv_sec;
    *ns = (long long)st.st_mtim.tv_nsec;
    *size = (long long)st.st_size;
    return true;
}

/* Reads a whole file; NULL with errno set when it cannot. */
static char *read_all(const char *path, size_t *len) {
    /* Only a regular file: a FIFO would block the window. */
    int fd = lsr_file_open_regular(path, NULL, 0);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0) close(fd);
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            char *nb = cap > MAX_FILE ? NULL : realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                errno = EFBIG;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    fclose(f);
    *len = n;
    return buf;
}

static void set_banner(LsrUi *ui, LsrDev *d, bool warn, const char *msg) {
    snprintf(d->banner, sizeof d->banner, "%s", msg);
    d->banner_warn = warn;
    ui->dirty = true;
}

static void set_io_error(LsrUi *ui, LsrDev *d, const char *what) {
    snprintf(d->errors[0], sizeof d->errors[0], "%.150s: %.250s", base_name(ui->scenario_path), what);
    d->n_errors = d->total_errors = 1;
    d->errors_hidden = false;
    ui->dirty = true;
}

/* Starts watching the file the current scenario came from. */
static void baseline(LsrUi *ui, LsrDev *d) {
    snprintf(d->path, sizeof d->path, "%s", ui->scenario_path);
    d->watching = true;
    d->have_stat = file_stat(d->path, &d->mtime_s, &d->mtime_ns, &d->size);
    d->hash = ui->sc->content_hash;
    d->n_errors = d->total_errors = 0;
    d->banner[0] = '\0';
}

static bool is_game_screen(LsrScreen s) {
    return s == LSR_SCR_DECISION || s == LSR_SCR_VOTE || s == LSR_SCR_CONSEQUENCE || s == LSR_SCR_DEBRIEF ||
           s == LSR_SCR_ENDING || s == LSR_SCR_REVEAL;
}

static void replay_banner(LsrUi *ui, LsrDev *d, const LsrReplayReport *r) {
    char msg[600];
    const char *file = base_name(ui->scenario_path);
    int n = snprintf(msg, sizeof msg, _("Reloaded %.150s: replayed %zu of %zu choices"), file, r->replayed, r->total);
    size_t k = n > 0 && (size_t)n < sizeof msg ? (size_t)n : 0;
    switch (r->stop) {
    case LSR_REPLAY_COMPLETE: snprintf(msg + k, sizeof msg - k, "."); break;
    case LSR_REPLAY_NO_STEP:
        snprintf(msg + k, sizeof msg - k, _("; step '%s' no longer exists."), r->step[0] ? r->step : r->at);
        break;
    case LSR_REPLAY_NO_CHOICE:
        snprintf(msg + k, sizeof msg - k, _("; choice '%.63s' at step '%.63s' no longer exists."), r->choice, r->step);
        break;
    case LSR_REPLAY_UNAVAILABLE:
        snprintf(msg + k, sizeof msg - k, _("; choice '%s' at step '%s' is no longer available."), r->choice, r->step);
        break;
    case LSR_REPLAY_DIVERGED:
        snprintf(msg + k, sizeof msg - k, _("; the choices now lead to step '%s', not '%s'."), r->at, r->step);
        break;
    }
    set_banner(ui, d, r->stop != LSR_REPLAY_COMPLETE, msg);
}

/* Puts a newly loaded scenario in place and replays the game on it. */
static void apply(LsrUi *ui, LsrDev *d, LsrScenario *sc) {
    LsrReplayReport rep;
    memset(&rep, 0, sizeof rep);
    char old_at[64] = "";
    if (ui->g) snprintf(old_at, sizeof old_at, "%.63s", lsr_node_id(ui->sc, lsr_game_step_index(ui->g)));
    LsrStatus st = lsr_session_swap_scenario(ui, sc, &rep);
    if (st != LSR_OK) {
        set_io_error(ui, d, st == LSR_ERR_NOMEM ? _("out of memory while replaying the game")
                                                : _("the game could not be replayed"));
        return;
    }
    d->n_errors = d->total_errors = 0;
    if (ui->g) {
        replay_banner(ui, d, &rep);
        size_t n = lsr_game_trace_len(ui->g);
        bool same = rep.stop == LSR_REPLAY_COMPLETE && strcmp(old_at, rep.at) == 0;
        if (is_game_screen(ui->screen) && (!same || (ui->screen == LSR_SCR_CONSEQUENCE && n == 0)))
            lsr_session_enter_phase(ui);
        else if (ui->screen == LSR_SCR_SETTINGS && is_game_screen(ui->back_screen) && !same)
            ui->back_screen = LSR_SCR_BRIEFING;   /* Back then leads to the briefing, whose Begin finds the new place */
        /* the save now holds the replayed game (never one of a debug jump) */
        if (n > 0) lsr_session_write_save(ui);
    } else {
        char msg[300];
        snprintf(msg, sizeof msg, _("Reloaded %.200s."), base_name(ui->scenario_path));
        set_banner(ui, d, false, msg);
    }
    ui->dirty = true;
}

/* Loads the file again; force ignores an unchanged content hash. */
static bool reload(LsrUi *ui, LsrDev *d, bool force) {
    size_t len = 0;
    char *buf = read_all(ui->scenario_path, &len);
    if (!buf) {
        d->hash = 0;
        set_io_error(ui, d, strerror(errno));
        return true;
    }
    uint64_t h = lsr_hash64(buf, len, 0);
    if (!force && h == d->hash) {
        free(buf);
        return false;
    }
    d->hash = h;
    LsrDiagList dl;
    lsr_diags_init(&dl);
    LsrScenario *sc = NULL;
    free(buf);
    /* in the language in use, as the game loaded it */
    LsrLoadOptions lo = {lsr_session_text_lang(ui, ui->scenario_path), NULL, NULL, NULL};
    LsrStatus st = lsr_scenario_load_file_opts(ui->scenario_path, &lo, &sc, &dl);
    if (st != LSR_OK) {
        d->n_errors = d->total_errors = 0;
        for (size_t i = 0; i < dl.count; i++) {
            if (dl.items[i].severity != LSR_SEV_ERROR) continue;
            if (d->n_errors < SHOWN_ERRORS)
                lsr_diag_format(&dl.items[i], base_name(ui->scenario_path), d->errors[d->n_errors++],
                                sizeof d->errors[0]);
            d->total_errors++;
        }
        if (d->n_errors == 0) set_io_error(ui, d, lsr_status_str(st));
        d->errors_hidden = false;
        d->banner[0] = '\0';
        ui->dirty = true;
    } else {
        apply(ui, d, sc);
    }
    lsr_diags_free(&dl);
    return true;
}

bool lsr_dev_check_now(LsrUi *ui) {
    if (!live_reload_on(ui)) return false;
    LsrDev *d = dev_of(ui);
    if (!d) return false;
    if (!d->watching || strcmp(d->path, ui->scenario_path) != 0) {
        baseline(ui, d);
        return false;
    }
    d->checks++;
    long long s, ns, size;
    if (!file_stat(d->path, &s, &ns, &size)) {
        /* gone (an editor between delete and write, or removed): say so once */
        if (!d->have_stat) return false;
        d->have_stat = false;
        d->hash = 0;
        set_io_error(ui, d, _("the file cannot be found; playing the version loaded before"));
        return true;
    }
    if (d->have_stat && s == d->mtime_s && ns == d->mtime_ns && size == d->size) return false;
    d->have_stat = true;
    d->mtime_s = s;
    d->mtime_ns = ns;
    d->size = size;
    return reload(ui, d, false);
}

void lsr_dev_reload(LsrUi *ui) {
    LsrDev *d = dev_of(ui);
    if (!d) return;
    if (!live_reload_on(ui)) {
        set_banner(ui, d, true, _("Reloading works for a scenario file opened directly (leftsr play FILE), "
                                "not for a campaign or a bundled scenario picked from the list."));
        return;
    }
    if (!d->watching || strcmp(d->path, ui->scenario_path) != 0) baseline(ui, d);
    d->have_stat = file_stat(d->path, &d->mtime_s, &d->mtime_ns, &d->size);
    reload(ui, d, true);
}

int lsr_dev_poll(LsrUi *ui, int timeout_ms) {
    if (!live_reload_on(ui) || lsr_class_paused(ui)) return timeout_ms;   /* a paused class sees nothing move */
    LsrDev *d = dev_of(ui);
    if (!d) return timeout_ms;
    Uint32 now = SDL_GetTicks();
    if (!d->watching || (Sint32)(now - d->next_check) >= 0) {
        lsr_dev_check_now(ui);
        d->next_check = now + CHECK_MS;
    }
    Uint32 left = d->next_check - now;
    if (left == 0) left = 1;
    if (timeout_ms < 0 || (Uint32)timeout_ms > left) timeout_ms = (int)left;
    return timeout_ms;
}

/* -------------------------------------------------------------- jump */

static void jump(LsrUi *ui, LsrDev *d, int step) {
    if (!ui->g || !ui->sc || step < 0 || (uint32_t)step >= ui->sc->n_steps) return;
    if (lsr_game_jump(ui->g, (uint32_t)step) != LSR_OK) return;
    /* the game is now a debug game: write_save leaves it unsaved (a new game is saved again) */
    d->sel = step;
    char msg[300];
    snprintf(msg, sizeof msg, _("Jumped to step '%.120s'. This is now a debug session: progress is no longer saved."),
             ui->sc->steps[step].id);
    set_banner(ui, d, true, msg);
    lsr_session_enter_phase(ui);
}

/* ------------------------------------------------------------- input */

static bool in_rect(SDL_Rect r, int x, int y) {
    SDL_Point p = { x, y };
    return r.w > 0 && SDL_PointInRect(&p, &r);
}

static const LsrUiItem *dev_button_at(const LsrUi *ui, int x, int y) {
    SDL_Point p = { x, y };
    for (size_t i = ui->n_items; i-- > 0;) {
        const LsrUiItem *it = &ui->items[i];
        if (it->kind == LSR_ITEM_BUTTON && it->enabled && SDL_PointInRect(&p, &it->r))
            return it->action >= LSR_A_DEV_JUMP ? it : NULL;
    }
    return NULL;
}

static void toggle(LsrUi *ui, LsrDev *d) {
    d->open = !d->open;
    if (d->open && ui->g) {
        d->sel = (int)lsr_game_step_index(ui->g);
        if (ui->sc && (uint32_t)d->sel >= ui->sc->n_steps) d->sel = 0;
        d->want_sel_visible = true;
    }
    ui->dirty = true;
}

static bool overlay_key(LsrUi *ui, LsrDev *d, SDL_Keycode key) {
    int n = ui->sc ? (int)ui->sc->n_steps : 0;
    int page = d->panel.h > 0 ? d->panel.h * 8 / 10 : PX(400);
    switch (key) {
    case SDLK_ESCAPE: toggle(ui, d); return true;
    case SDLK_UP: case SDLK_DOWN:
        if (n > 0) {
            d->sel = (d->sel + (key == SDLK_UP ? n - 1 : 1)) % n;
            d->want_sel_visible = true;
        }
        break;
    case SDLK_PAGEUP: d->scroll -= page; break;
    case SDLK_PAGEDOWN: d->scroll += page; break;
    case SDLK_HOME: d->scroll = 0; break;
    case SDLK_END: d->scroll = d->max_scroll; break;
    case SDLK_RETURN: case SDLK_KP_ENTER: jump(ui, d, d->sel); break;
    default: return false;
    }
    ui->dirty = true;
    return true;
}

bool lsr_dev_event(LsrUi *ui, const SDL_Event *ev) {
    LsrDev *d = ui->dev;
    if (!ui->author_tools) return false;      /* a class or a player: no internal ids on screen */
    if (lsr_class_paused(ui)) return false;   /* the pause card takes every key */
    if (ev->type == SDL_KEYDOWN) {
        SDL_Keycode key = ev->key.keysym.sym;
        bool ctrl = (ev->key.keysym.mod & KMOD_CTRL) != 0;
        /* a reload or jump message stays until the next key or click */
        if (d && d->banner[0] && key != SDLK_F12) {
            d->banner[0] = '\0';
            ui->dirty = true;
        }
        if (key == SDLK_F12 && !ui->menu_open) {
            if ((d = dev_of(ui))) toggle(ui, d);
            return true;
        }
        if (ctrl && key == SDLK_r) {
            lsr_dev_reload(ui);
            return true;
        }
        if (!d || !d->open || ui->menu_open || ctrl) return false;
        return overlay_key(ui, d, key);
    }
    if (!d) return false;
    if (ev->type == SDL_MOUSEBUTTONDOWN || ev->type == SDL_MOUSEBUTTONUP) {
        if (ev->button.button != SDL_BUTTON_LEFT || ui->menu_open) return false;
        int x = (int)((float)ev->button.x * ui->dpi + 0.5f), y = (int)((float)ev->button.y * ui->dpi + 0.5f);
        bool mine = (d->open && in_rect(d->panel, x, y)) || in_rect(d->errbox, x, y);
        if (ev->type == SDL_MOUSEBUTTONDOWN && d->banner[0] && !mine) {
            d->banner[0] = '\0';
            ui->dirty = true;
        }
        if (!mine) return false;
        const LsrUiItem *it = ev->type == SDL_MOUSEBUTTONUP ? dev_button_at(ui, x, y) : NULL;
        if (it && it->action == LSR_A_DEV_JUMP) jump(ui, d, it->arg);
        else if (it && it->action == LSR_A_DEV_HIDE_ERRORS) {
            d->errors_hidden = true;
            ui->dirty = true;
        }
        return true;
    }
    if (ev->type == SDL_MOUSEWHEEL && d->open && in_rect(d->panel, ui->mouse_x, ui->mouse_y)) {
        d->scroll -= ev->wheel.y * PX(60);
        ui->dirty = true;
        return true;
    }
    return false;
}

/* ------------------------------------------------------------ drawing */

/* Removes the texts a box covers (they cannot be read). Buttons stay, marked
 * clipped, so the number keys keep their meaning; clicks on the box are the
 * box's own (lsr_dev_event). */
static void drop_items_under(LsrUi *ui, SDL_Rect r) {
    size_t k = 0;
    for (size_t i = 0; i < ui->n_items; i++) {
        SDL_Rect o;
        if (SDL_IntersectRect(&ui->items[i].r, &r, &o)) {
            if (ui->items[i].kind != LSR_ITEM_BUTTON) continue;
            ui->items[i].clipped = true;
        }
        ui->items[k++] = ui->items[i];
    }
    ui->n_items = k;
}

/* Clips the items recorded since `first` to r (the panel scrolls inside it). */
static void clip_items(LsrUi *ui, size_t first, SDL_Rect r) {
    size_t k = first;
    for (size_t i = first; i < ui->n_items; i++) {
        LsrUiItem it = ui->items[i];
        SDL_Rect o;
        if (!SDL_IntersectRect(&it.r, &r, &o)) continue;
        if (o.w != it.r.w || o.h != it.r.h) it.clipped = true;
        it.r = o;
        ui->items[k++] = it;
    }
    ui->n_items = k;
}

static SDL_Color alpha(SDL_Color c, Uint8 a) {
    c.a = a;
    return c;
}

/* The historical value of a variable at a step, or its final one. */
static bool historical(const LsrVar *v, uint32_t node, int32_t *out) {
    for (uint32_t i = 0; i < v->n_hist; i++)
        if (v->hist[i].at == node) {
            *out = v->hist[i].value;
            return true;
        }
    if (v->has_hist_final) *out = v->hist_final;
    return v->has_hist_final;
}

static int heading(LsrUi *ui, const char *s, int x, int y, int w) {
    y += PX(14);
    SDL_Rect rule = { x, y, w, 1 };
    lsr_r_fill(ui, rule, ui->th.rule);
    return PX(22) + lsr_r_text(ui, F_SMALL_BOLD, s, x, y + PX(8), w, ui->th.accent);
}

static int vars_section(LsrUi *ui, int x, int y, int w) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = ui->sc;
    int y0 = y;
    y += heading(ui, _("VARIABLES"), x, y, w) + PX(4);
    uint32_t node = lsr_game_step_index(ui->g);
    for (uint32_t i = 0; i < sc->n_vars; i++) {
        const LsrVar *v = &sc->vars[i];
        char val[32], detail[200], hist[48] = "";
        snprintf(val, sizeof val, "%d", (int)lsr_game_var(ui->g, i));
        int32_t hv;
        if (historical(v, node, &hv)) snprintf(hist, sizeof hist, _(" · historical %d"), (int)hv);
        snprintf(detail, sizeof detail, _("%d…%d · start %d%s%s"), (int)v->min, (int)v->max,
                 (int)lsr_game_initial_vars(ui->g)[i], hist, v->hidden ? _(" · hidden") : "");
        int vw = lsr_r_text_w(ui, F_UI_BOLD, val);
        int h = lsr_r_text(ui, F_UI_BOLD, v->id, x, y, w - vw - PX(16), th->ink);
        lsr_r_text(ui, F_UI_BOLD, val, x + w - vw, y, 0, th->ink);
        y += h;
        y += lsr_r_text(ui, F_SMALL, detail, x, y, w, th->muted) + PX(6);
    }
    return y - y0;
}

static int trace_section(LsrUi *ui, int x, int y, int w) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = ui->sc;
    int y0 = y;
    size_t n = lsr_game_trace_len(ui->g);
    char head[64];
    snprintf(head, sizeof head, _("CHOICES SO FAR (%zu)"), n);
    y += heading(ui, head, x, y, w);
    if (n == 0) y += lsr_r_text(ui, F_SMALL, _("none yet"), x, y, w, th->muted);
    for (size_t k = 0; k < n; k++) {
        const LsrTraceEntry *e = lsr_game_trace(ui->g, k);
        const LsrStep *s = &sc->steps[e->step];
        char line[200];
        if (s->type == LSR_STEP_VOTE)
            snprintf(line, sizeof line, e->passed ? _("%zu. %.80s → vote passed") : _("%zu. %.80s → vote failed"), k + 1, s->id);
        else
            snprintf(line, sizeof line, "%zu. %.80s → %.80s", k + 1, s->id, sc->choices[s->choices_first + e->choice].id);
        y += lsr_r_text(ui, F_SMALL, line, x, y, w, th->ink) + PX(2);
    }
    return y - y0;
}

/* The jump list: one row per step; returns its height. */
static int steps_section(LsrUi *ui, LsrDev *d, int x, int y, int w, int view_top, int view_h) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = ui->sc;
    int y0 = y;
    y += heading(ui, _("JUMP TO STEP  (↑ ↓ Enter, or click)"), x, y, w) + PX(2);
    uint32_t here = lsr_game_step_index(ui->g);
    int rh = lsr_r_line_h(ui, F_UI) + PX(10);
    for (uint32_t i = 0; i < sc->n_steps; i++) {
        const LsrStep *s = &sc->steps[i];
        SDL_Rect r = { x - PX(8), y, w + PX(16), rh };
        bool sel = (int)i == d->sel, hover = ui->hover_action == LSR_A_DEV_JUMP && ui->hover_arg == (int)i;
        if (sel && d->want_sel_visible && !ui->dry) {
            int top = r.y + d->scroll, want = d->scroll;
            if (r.y < view_top) want = top - view_top - PX(8);
            else if (r.y + r.h > view_top + view_h) want = top + r.h - view_top - view_h + PX(8);
            d->want_sel_visible = false;
            if (want != d->scroll) {
                d->scroll = want;
                ui->dirty = true;
            }
        }
        if (sel || hover) lsr_r_fill(ui, r, sel ? th->btn_hover : th->btn);
        if (sel) lsr_r_fill(ui, (SDL_Rect){ r.x, r.y, PX(4), r.h }, th->accent);
        char label[200];
        snprintf(label, sizeof label, "%s%.60s — %.100s", i == here ? "▸ " : "", s->id, lsr_tx(&s->title, ui->opt.lang));
        int ty = y + (rh - lsr_r_line_h(ui, F_UI)) / 2;
        lsr_r_text_in(ui, i == here ? F_UI_BOLD : F_UI, label, x, ty, w, th->ink, 0);
        if (!ui->dry) lsr_r_item(ui, LSR_ITEM_BUTTON, r, s->id, LSR_A_DEV_JUMP, (int)i, true, false);
        y += rh;
    }
    return y - y0;
}

/* Everything in the panel, top to bottom; returns the content height. */
static int panel_content(LsrUi *ui, LsrDev *d, int x, int y, int w) {
    const LsrThemeColors *th = &ui->th;
    int y0 = y;
    y += lsr_r_text(ui, F_H3, _("Author tools"), x, y, w, th->ink) + PX(2);
    y += lsr_r_text(ui, F_SMALL, _("F12 or Esc closes · Ctrl+R reloads the file"), x, y, w, th->muted) + PX(8);
    char line[LSR_PATH_MAX + 80];
    if (live_reload_on(ui))
        snprintf(line, sizeof line, _("Live reload: watching %s"), base_name(ui->scenario_path));
    else
        snprintf(line, sizeof line, _("Live reload is off: it needs a scenario file opened directly, not a campaign."));
    y += lsr_r_text(ui, F_SMALL, line, x, y, w, th->ink) + PX(4);
    if (lsr_dev_debug_session(ui))
        y += lsr_r_text(ui, F_SMALL_BOLD, _("Debug session: a step was jumped to, so progress is no longer saved."), x,
                        y, w, th->bad) + PX(4);
    if (d->n_errors) {
        snprintf(line, sizeof line,
                 lsr_ui_n("The file has %zu error; playing the version loaded before.",
                          "The file has %zu errors; playing the version loaded before.", d->total_errors),
                 d->total_errors);
        y += lsr_r_text(ui, F_SMALL_BOLD, line, x, y, w, th->bad) + PX(4);
    }
    if (!ui->g || !ui->sc) {
        y += lsr_r_text(ui, F_UI, _("Start a game to see its variables and to jump between steps."), x, y + PX(12), w,
                        th->ink) + PX(12);
        return y - y0;
    }
    const LsrStep *st = lsr_game_step(ui->g);
    const LsrEnding *en = lsr_game_ending(ui->g);
    if (st) snprintf(line, sizeof line, _("Current step: %s"), st->id);
    else if (en) snprintf(line, sizeof line, _("Current ending: %s"), en->id);
    else snprintf(line, sizeof line, "%s", _("Current position: stuck (no ending's condition holds)"));
    y += lsr_r_text(ui, F_UI_BOLD, line, x, y + PX(8), w, th->ink) + PX(8);
    y += vars_section(ui, x, y, w);
    y += trace_section(ui, x, y, w);
    y += steps_section(ui, d, x, y, w, d->panel.y, d->panel.h);
    return y - y0 + PX(16);
}

static void draw_panel(LsrUi *ui, LsrDev *d) {
    const LsrThemeColors *th = &ui->th;
    int top = PX(64) + 1, bottom = ui->out_h - PX(76);
    int pw = ui->out_w * 36 / 100;
    if (pw < PX(420)) pw = PX(420);
    if (pw > ui->out_w - PX(160)) pw = ui->out_w - PX(160);
    SDL_Rect p = { ui->out_w - pw, top, pw, bottom - top };
    d->panel = p;
    drop_items_under(ui, p);
    /* an opaque edge: what lies under the panel must not show through */
    lsr_r_fill(ui, (SDL_Rect){ p.x - PX(12), p.y, PX(12), p.h }, lsr_r_mix(th->bg, th->shade, 0.15f));
    drop_items_under(ui, (SDL_Rect){ p.x - PX(12), p.y, PX(12), p.h });
    lsr_r_fill(ui, p, th->panel);
    lsr_r_fill(ui, (SDL_Rect){ p.x, p.y, PX(4), p.h }, th->accent);
    int pad = PX(24), x = p.x + pad, w = p.w - 2 * pad - PX(6);
    /* measure, clamp the scroll, then draw */
    ui->dry = true;
    int h = panel_content(ui, d, x, 0, w);
    ui->dry = false;
    d->max_scroll = h + 2 * pad > p.h ? h + 2 * pad - p.h : 0;
    if (d->scroll > d->max_scroll) d->scroll = d->max_scroll;
    if (d->scroll < 0) d->scroll = 0;
    size_t first = ui->n_items;
    SDL_RenderSetClipRect(ui->ren, &p);
    panel_content(ui, d, x, p.y + pad - d->scroll, w);
    SDL_RenderSetClipRect(ui->ren, NULL);
    clip_items(ui, first, p);
    if (d->max_scroll > 0) {
        int track = p.h, thumb = track * p.h / (p.h + d->max_scroll);
        if (thumb < PX(24)) thumb = PX(24);
        SDL_Rect tr = { p.x + p.w - PX(6), p.y, PX(6), track };
        lsr_r_fill(ui, tr, th->track);
        lsr_r_fill(ui, (SDL_Rect){ tr.x, p.y + (track - thumb) * d->scroll / d->max_scroll, PX(6), thumb }, th->muted);
    }
}

/* Errors of a failed reload, or the message of the last reload or jump, in
 * a box above the footer (left of the panel when it is open). */
static void draw_message(LsrUi *ui, LsrDev *d) {
    const LsrThemeColors *th = &ui->th;
    bool errors = d->n_errors > 0 && !d->errors_hidden;
    d->errbox = (SDL_Rect){ 0, 0, 0, 0 };
    if (!errors && !d->banner[0]) return;
    int m = (float)ui->out_w / ui->scale < 1100.0f ? PX(28) : PX(56);
    int right = d->open ? d->panel.x - PX(24) : ui->out_w - m;
    int w = right - m, pad = PX(18);
    if (w < PX(240)) return;
    int bw = errors ? lsr_r_text_w(ui, F_UI_BOLD, _("Hide")) + PX(40) : 0;
    int tw = w - 2 * pad - PX(6);
    for (int pass = 0; pass < 2; pass++) {
        /* pass 0 measures, pass 1 draws at the measured place */
        ui->dry = pass == 0;
        int h = pad;
        SDL_Rect box = d->errbox;
        int x = box.x + pad + PX(6), y = box.y + pad;
        if (errors) {
            char title[200];
            snprintf(title, sizeof title,
                     lsr_ui_n("%.120s has %zu error: still playing the version loaded before",
                              "%.120s has %zu errors: still playing the version loaded before", d->total_errors),
                     base_name(ui->scenario_path), d->total_errors);
            h += lsr_r_text(ui, F_UI_BOLD, title, x, y, tw - bw - PX(12), th->bad) + PX(8);
            for (size_t i = 0; i < d->n_errors; i++)
                h += lsr_r_text(ui, F_SMALL, d->errors[i], x, box.y + h, tw, th->ink) + PX(4);
            if (d->total_errors > d->n_errors) {
                char more[160];
                snprintf(more, sizeof more, _("… and %zu more (leftsr check FILE lists them all)"),
                         d->total_errors - d->n_errors);
                h += lsr_r_text(ui, F_SMALL, more, x, box.y + h, tw, th->muted) + PX(4);
            }
            h += PX(4) + lsr_r_text(ui, F_SMALL_BOLD, _("Fix the file and save: it reloads by itself (Ctrl+R reloads now)."),
                                    x, box.y + h + PX(4), tw, th->ink);
            if (pass == 1) {
                SDL_Rect b = { box.x + box.w - pad - bw, box.y + pad - PX(6), bw, PX(36) };
                ui->center_labels = true;
                lsr_r_button(ui, b, _("Hide"), NULL, NULL, LSR_A_DEV_HIDE_ERRORS, 0, true, false);
                ui->center_labels = false;
            }
        } else {
            h += lsr_r_text(ui, F_UI, d->banner, x, y, tw, th->ink) + PX(2);
            h += lsr_r_text(ui, F_SMALL, _("Any key or click hides this."), x, box.y + h + PX(4), tw, th->muted) + PX(4);
        }
        h += pad;
        if (pass == 0) {
            ui->dry = false;
            d->errbox = (SDL_Rect){ m, ui->out_h - PX(76) - PX(14) - h, w, h };
            if (d->errbox.y < PX(70)) d->errbox.y = PX(70);
            drop_items_under(ui, d->errbox);
            SDL_Color edge = errors ? th->bad : d->banner_warn ? th->focus : th->good;
            lsr_r_fill(ui, (SDL_Rect){ m + PX(4), d->errbox.y + PX(4), w, h }, alpha(th->shade, 50));
            lsr_r_fill(ui, d->errbox, th->bg);
            lsr_r_frame(ui, d->errbox, edge, PX(2));
            lsr_r_fill(ui, (SDL_Rect){ m, d->errbox.y, PX(6), h }, edge);
        }
    }
    ui->dry = false;
}

/* "DEBUG" tag in the header, left of the Menu button. */
static void draw_debug_tag(LsrUi *ui) {
    const LsrThemeColors *th = &ui->th;
    const char *s = _("DEBUG SESSION · NOT SAVED");
    int m = (float)ui->out_w / ui->scale < 1100.0f ? PX(28) : PX(56);
    int menu_w = lsr_r_text_w(ui, F_UI_BOLD, _("Menu  Esc")) + PX(40);
    int tw = lsr_r_text_w(ui, F_SMALL_BOLD, s), lh = lsr_r_line_h(ui, F_SMALL_BOLD);
    int h = PX(64);
    SDL_Rect r = { ui->out_w - m - menu_w - PX(16) - tw - PX(24), (h - lh - PX(10)) / 2 + PX(2), tw + PX(24), lh + PX(10) };
    drop_items_under(ui, (SDL_Rect){ r.x - PX(12), r.y, r.w + PX(12), r.h });
    lsr_r_fill(ui, (SDL_Rect){ r.x - PX(12), 0 + PX(6), r.w + PX(12), h - PX(8) }, th->bg);
    lsr_r_fill(ui, r, th->bad);
    lsr_r_text(ui, F_SMALL_BOLD, s, r.x + PX(12), r.y + PX(5), 0, th->on_accent);
}

void lsr_dev_draw(LsrUi *ui) {
    LsrDev *d = ui->dev;
    if (!d || ui->menu_open) return;
    if (d->open) draw_panel(ui, d);
    else d->panel = (SDL_Rect){ 0, 0, 0, 0 };
    draw_message(ui, d);
    if (lsr_dev_debug_session(ui) && ui->screen != LSR_SCR_TITLE) draw_debug_tag(ui);
}

void lsr_dev_destroy(LsrUi *ui) {
    free(ui->dev);
    ui->dev = NULL;
}

/* ------------------------------------------------------ test interface */

bool lsr_dev_overlay_open(const LsrUi *ui) { return ui->dev && ui->dev->open; }
bool lsr_dev_debug_session(const LsrUi *ui) { return ui->g && lsr_game_jumped(ui->g); }
const char *lsr_dev_banner(const LsrUi *ui) { return ui->dev ? ui->dev->banner : ""; }
size_t lsr_dev_error_count(const LsrUi *ui) { return ui->dev ? ui->dev->total_errors : 0; }
unsigned long lsr_dev_checks(const LsrUi *ui) { return ui->dev ? ui->dev->checks : 0; }
