/* The SDL game window: session state, input, and the event-driven loop.
 * The engine moves only when a choice is made; the loop sleeps otherwise
 * and renders a frame only when something visible changed. */
#include "sdl/devtools.h"
#include "sdl/icon.h"

#include <dirent.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *const screen_names[LSR_SCR_COUNT] = {
    "title", "picker", "briefing", "decision", "vote", "consequence", "debrief", "ending",
    "settings", "error", "reveal",
};

const char *lsr_ui_screen_name(LsrScreen s) { return s < LSR_SCR_COUNT ? screen_names[s] : "?"; }

/* ------------------------------------------------------------- geometry */

static void update_geometry(LsrUi *ui) {
    int ww = 0, wh = 0, ow = 0, oh = 0;
    SDL_GetWindowSize(ui->win, &ww, &wh);
    if (SDL_GetRendererOutputSize(ui->ren, &ow, &oh) != 0 || ow <= 0) {
        ow = ww;
        oh = wh;
    }
    ui->out_w = ow;
    ui->out_h = oh;
    ui->dpi = ww > 0 ? (float)ow / (float)ww : 1.0f;
    /* layout scale follows the output size so 4K and high-DPI look alike;
     * below ~1000 px the layout reflows to one column instead of shrinking */
    float s = fminf((float)ow / 1280.0f, (float)oh / 760.0f);
    if (s < 0.8f) s = 0.8f;
    ui->scale = s;
    if (lsr_r_fonts_open(ui)) lsr_r_cache_clear(ui);
    ui->dirty = true;
}

/* ------------------------------------------------------------ bundled */

static bool file_exists(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int cmp_pick(const void *a, const void *b) {
    const LsrPick *x = a, *y = b;
    if (x->sc && y->sc) {
        LsrDate p = x->sc->period_start, q = y->sc->period_start;
        long dp = (long)p.year * 400 + p.month * 32 + p.day, dq = (long)q.year * 400 + q.month * 32 + q.day;
        if (dp != dq) return dp < dq ? -1 : 1;
    }
    return strcmp(x->path, y->path);
}

/* Lists the bundled single scenarios (not campaigns, not the schema). */
static void find_bundled(LsrUi *ui) {
    static const char *const known[] = { "scenarios/coalition.json", "scenarios/brest.json",
                                         "scenarios/july.json", "scenarios/campaign.json" };
    char path[LSR_PATH_MAX] = "";
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (lsr_data_path(known[i], path, sizeof path)) break;
    ui->n_picks = 0;
    if (!path[0]) return;
    char *slash = strrchr(path, '/');
    if (slash) *slash = '\0';
    DIR *d = opendir(slash ? path : ".");
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d)) && ui->n_picks < LSR_MAX_PICKS) {
        size_t n = strlen(de->d_name);
        if (n < 6 || strcmp(de->d_name + n - 5, ".json") != 0 || strstr(de->d_name, "schema")) continue;
        char full[LSR_PATH_MAX];
        if (snprintf(full, sizeof full, "%s/%s", path, de->d_name) >= (int)sizeof full) continue;
        if (!file_exists(full) || lsr_file_is_campaign(full)) continue;
        snprintf(ui->picks[ui->n_picks].path, LSR_PATH_MAX, "%s", full);
        ui->picks[ui->n_picks].sc = NULL;
        ui->n_picks++;
    }
    closedir(d);
    qsort(ui->picks, (size_t)ui->n_picks, sizeof ui->picks[0], cmp_pick);
}

static void load_picks(LsrUi *ui) {
    for (int i = 0; i < ui->n_picks; i++) {
        LsrPick *p = &ui->picks[i];
        if (p->sc) continue;
        LsrDiagList d;
        lsr_diags_init(&d);
        LsrStatus st = lsr_scenario_load_file(p->path, &p->sc, &d);
        const char *base = strrchr(p->path, '/');
        if (st != LSR_OK && d.count) lsr_diag_format(&d.items[0], base ? base + 1 : p->path, p->error, sizeof p->error);
        else if (st != LSR_OK) snprintf(p->error, sizeof p->error, "%s", lsr_status_str(st));
        lsr_diags_free(&d);
    }
    qsort(ui->picks, (size_t)ui->n_picks, sizeof ui->picks[0], cmp_pick);
}

static void save_path_for(const LsrUi *ui, const char *id, char *buf, size_t n) {
    if (ui->opt.save_path) snprintf(buf, n, "%s", ui->opt.save_path);
    else lsr_save_default_path(id, buf, n);
}

/* Offers Continue for the given scenario's save, or the newest bundled one. */
static void find_continue(LsrUi *ui) {
    ui->continue_scenario[0] = ui->continue_save[0] = ui->continue_label[0] = '\0';
    if (ui->opt.no_save || ui->cp) return;
    char best_at[32] = "";
    for (int i = -1; i < ui->n_picks; i++) {
        const char *file = i < 0 ? (ui->sc ? ui->scenario_path : NULL) : ui->picks[i].path;
        if (!file) continue;
        if (i >= 0 && ui->sc) break;  /* a scenario was named: only its save counts */
        char id[64];
        if (i < 0) {
            snprintf(id, sizeof id, "%s", ui->sc->id);
        } else {
            /* The id is the file's base name without its extension; a name
               too long for an id cannot match a save, so it is skipped. */
            const char *base = strrchr(file, '/');
            base = base ? base + 1 : file;
            const char *dot = strrchr(base, '.');
            size_t len = dot ? (size_t)(dot - base) : strlen(base);
            if (len >= sizeof id) continue;
            memcpy(id, base, len);
            id[len] = '\0';
        }
        char sp[LSR_PATH_MAX], err[256];
        save_path_for(ui, id, sp, sizeof sp);
        LsrSaveInfo info;
        if (!file_exists(sp) || lsr_save_peek(sp, &info, err, sizeof err) != LSR_OK) continue;
        if (strcmp(info.scenario_id, id) != 0) continue;
        if (best_at[0] && strcmp(info.saved_at, best_at) <= 0) continue;
        snprintf(best_at, sizeof best_at, "%s", info.saved_at);
        snprintf(ui->continue_scenario, sizeof ui->continue_scenario, "%s", file);
        snprintf(ui->continue_save, sizeof ui->continue_save, "%s", sp);
        char when[32];
        snprintf(when, sizeof when, "%.10s %.5s", info.saved_at, info.saved_at + (strlen(info.saved_at) > 11 ? 11 : 0));
        snprintf(ui->continue_label, sizeof ui->continue_label, "%s · %u decision%s · saved %s UTC",
                 i < 0 ? lsr_tx(&ui->sc->title, ui->opt.lang) : id, info.n_choices,
                 info.n_choices == 1 ? "" : "s", when);
    }
}

/* ---------------------------------------------------------------- game */

static void set_screen(LsrUi *ui, LsrScreen s) {
    ui->screen = s;
    ui->scroll = 0;
    ui->max_scroll = 0;
    ui->focus_action = A_NONE;
    ui->hover_action = A_NONE;
    ui->menu_open = false;
    ui->dirty = true;
    ui->cls.notice[0] = '\0';
    ui->cls.tie = false;
}

void lsr_p_set_screen(LsrUi *ui, LsrScreen s) { set_screen(ui, s); }

static void fail_screen(LsrUi *ui, const char *fmt, const char *detail) {
    snprintf(ui->error, sizeof ui->error, fmt, detail);
    set_screen(ui, LSR_SCR_ERROR);
}

static void end_game(LsrUi *ui) {
    if (ui->g) lsr_game_destroy(ui->g);
    ui->g = NULL;
    ui->cls.votes_at = (size_t)-1;   /* the next game's class counts start afresh */
}

/* Shows the screen for the game's current phase. */
static void enter_phase(LsrUi *ui) {
    switch (lsr_game_phase(ui->g)) {
    case LSR_PHASE_DECISION:
        set_screen(ui, LSR_SCR_DECISION);
        lsr_class_enter_decision(ui);
        break;
    case LSR_PHASE_VOTE:
        ui->vote_counted = false;
        set_screen(ui, LSR_SCR_VOTE);
        break;
    case LSR_PHASE_ENDED: set_screen(ui, LSR_SCR_DEBRIEF); break;
    default:
        fail_screen(ui, "The scenario reached its end, but no ending's condition holds (%s). "
                        "Run `leftsr check` on the scenario file.", ui->sc->id);
        break;
    }
}

static uint64_t fresh_seed(void) {
    return (uint64_t)time(NULL) * 6364136223846793005u ^ SDL_GetPerformanceCounter();
}

static bool start_game(LsrUi *ui, const int32_t *carry) {
    end_game(ui);
    LsrGameOptions go = { ui->opt.have_seed ? ui->opt.seed : fresh_seed(), carry };
    LsrStatus st = lsr_game_create(ui->sc, &go, &ui->g);
    if (st != LSR_OK) {
        fail_screen(ui, "The game could not be started: %s.", lsr_status_str(st));
        return false;
    }
    save_path_for(ui, ui->sc->id, ui->save_path, sizeof ui->save_path);
    set_screen(ui, LSR_SCR_BRIEFING);
    return true;
}

static void use_scenario(LsrUi *ui, LsrScenario *sc, const char *path) {
    if (ui->sc && ui->sc != sc && !ui->cp) {
        bool is_pick = false;
        for (int i = 0; i < ui->n_picks; i++) is_pick |= ui->picks[i].sc == ui->sc;
        if (!is_pick) lsr_scenario_free(ui->sc);
    }
    ui->sc = sc;
    snprintf(ui->scenario_path, sizeof ui->scenario_path, "%s", path);
}

static void write_save(LsrUi *ui) {
    if (ui->opt.no_save || !ui->g || lsr_game_jumped(ui->g)) return;   /* a debug jump is never saved */
    char err[256] = "";
    if (lsr_save_write(ui->g, ui->save_path, err, sizeof err) != LSR_OK)
        snprintf(ui->save_error, sizeof ui->save_error, "Progress not saved: %.250s", err[0] ? err : ui->save_path);
    else
        ui->save_error[0] = '\0';
}

static void choose(LsrUi *ui, uint32_t i) {
    if (!ui->g) return;
    LsrPhase ph = lsr_game_phase(ui->g);
    if (ph != LSR_PHASE_DECISION && ph != LSR_PHASE_VOTE) return;
    if (ph == LSR_PHASE_DECISION && lsr_game_choice_state(ui->g, i) != LSR_CHOICE_AVAILABLE) return;
    if (lsr_game_choose(ui->g, ph == LSR_PHASE_VOTE ? 0 : i) != LSR_OK) return;
    write_save(ui);
    ui->shown = lsr_game_trace_len(ui->g) - 1;
    if (ph == LSR_PHASE_VOTE) {
        ui->vote_counted = true;
        ui->dirty = true;
    } else {
        set_screen(ui, LSR_SCR_CONSEQUENCE);
    }
}

/* Classroom: takes choice i with the class's vote tally. */
void lsr_p_choose_tally(LsrUi *ui, uint32_t i, const uint32_t *tally, uint32_t n) {
    if (!ui->g || lsr_game_phase(ui->g) != LSR_PHASE_DECISION) return;
    if (lsr_game_choice_state(ui->g, i) != LSR_CHOICE_AVAILABLE) return;
    if (lsr_game_choose_tally(ui->g, i, tally, n) != LSR_OK) return;
    write_save(ui);
    ui->shown = lsr_game_trace_len(ui->g) - 1;
    set_screen(ui, LSR_SCR_CONSEQUENCE);
}

/* Classroom: steps back to the previous decision (undoing any vote counted
 * after it); the counts the class entered there come back with it. */
bool lsr_p_can_step_back(const LsrUi *ui) { return ui->g && lsr_game_last_decision(ui->g) != (size_t)-1; }

void lsr_p_step_back(LsrUi *ui) {
    if (!lsr_p_can_step_back(ui)) {
        snprintf(ui->cls.notice, sizeof ui->cls.notice, "%s", "There is no decision to step back to.");
        ui->cls.notice_bad = true;
        ui->dirty = true;
        return;
    }
    uint32_t votes[16] = { 0 };
    const LsrTraceEntry *te = lsr_game_trace(ui->g, lsr_game_last_decision(ui->g));
    if (te->tally) memcpy(votes, te->tally, sizeof votes[0] * (te->n_tally < 16 ? te->n_tally : 16));
    LsrStatus rc = lsr_game_undo_decision(ui->g);
    if (rc != LSR_OK) {
        fail_screen(ui, "Stepping back failed: %s.", lsr_status_str(rc));
        return;
    }
    write_save(ui);
    size_t n = lsr_game_trace_len(ui->g);
    ui->shown = n ? n - 1 : 0;
    memcpy(ui->cls.votes, votes, sizeof votes);
    ui->cls.votes_at = n;   /* these counts belong to the decision now on screen */
    ui->cls.votes_step = lsr_game_step_index(ui->g);
    enter_phase(ui);
    const LsrStep *st = lsr_game_step(ui->g);
    snprintf(ui->cls.notice, sizeof ui->cls.notice, "Stepped back to “%.300s”; the class's counts are kept.",
             st ? lsr_tx(&st->title, ui->opt.lang) : "the start");
    ui->cls.notice_bad = false;
}

static void start_campaign_part(LsrUi *ui, uint32_t k) {
    int32_t *carry = NULL;
    LsrScenario *sc = ui->cp->parts[k].scenario;
    if (k > 0 && ui->g) {
        carry = malloc(sizeof *carry * (sc->n_vars ? sc->n_vars : 1));
        if (carry) lsr_campaign_carry(ui->cp, k, ui->g, carry);
    }
    LsrGame *prev = ui->g;
    ui->g = NULL;
    ui->sc = sc;
    snprintf(ui->scenario_path, sizeof ui->scenario_path, "%s", ui->cp->parts[k].file);
    ui->part = k;
    start_game(ui, carry);
    if (prev) lsr_game_destroy(prev);
    free(carry);
}

static bool open_campaign(LsrUi *ui, const char *path) {
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrCampaign *cp = NULL;
    LsrStatus st = lsr_campaign_load(path, &cp, &d);
    if (st != LSR_OK) {
        char msg[400] = "";
        if (d.count) lsr_diag_format(&d.items[0], path, msg, sizeof msg);
        lsr_diags_free(&d);
        snprintf(ui->error, sizeof ui->error, "The campaign could not be loaded: %s. %s",
                 lsr_status_str(st), msg);
        return false;
    }
    lsr_diags_free(&d);
    end_game(ui);
    use_scenario(ui, NULL, "");
    if (ui->cp) lsr_campaign_free(ui->cp);
    ui->cp = cp;
    ui->campaign_done = false;
    start_campaign_part(ui, 0);
    return true;
}

static void resume(LsrUi *ui) {
    if (!ui->continue_save[0]) return;
    LsrScenario *sc = ui->sc;
    if (!sc || strcmp(ui->scenario_path, ui->continue_scenario) != 0) {
        LsrDiagList d;
        lsr_diags_init(&d);
        sc = NULL;
        lsr_scenario_load_file(ui->continue_scenario, &sc, &d);
        lsr_diags_free(&d);
        if (!sc) {
            fail_screen(ui, "The scenario of the saved game could not be loaded (%s).", ui->continue_scenario);
            return;
        }
        use_scenario(ui, sc, ui->continue_scenario);
    }
    end_game(ui);
    char err[256] = "";
    LsrStatus st = lsr_save_load(ui->sc, ui->continue_save, &ui->g, err, sizeof err);
    if (!ui->g) {
        fail_screen(ui, "The saved game could not be loaded: %s", err[0] ? err : lsr_status_str(st));
        return;
    }
    snprintf(ui->save_path, sizeof ui->save_path, "%s", ui->continue_save);
    size_t n = lsr_game_trace_len(ui->g);
    ui->shown = n ? n - 1 : 0;
    enter_phase(ui);
}

/* ------------------------------------------------------------ settings */

static void apply_settings(LsrUi *ui, bool fonts) {
    lsr_r_theme(ui);
    if (fonts && lsr_r_fonts_open(ui)) lsr_r_cache_clear(ui);
    /* classroom changes last for the lesson; the player's settings stay */
    if (ui->settings_path[0] && !ui->cls.on) lsr_settings_save(&ui->settings, ui->settings_path);
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

static void activate(LsrUi *ui, int action, int arg) {
    if (lsr_class_action(ui, action, arg)) return;
    switch ((LsrAction)action) {
    case A_CONTINUE: resume(ui); break;
    case A_NEW:
        if (ui->sc && !ui->cp && ui->scenario_path[0]) {
            start_game(ui, NULL);
        } else {
            load_picks(ui);
            set_screen(ui, LSR_SCR_PICKER);
        }
        break;
    case A_CAMPAIGN: {
        char path[LSR_PATH_MAX];
        const char *p = ui->opt.is_campaign ? ui->opt.scenario_path : NULL;
        if (!p && lsr_data_path("scenarios/campaign.json", path, sizeof path)) p = path;
        if (!p) fail_screen(ui, "%s", "No campaign file is installed (scenarios/campaign.json).");
        else if (!open_campaign(ui, p)) set_screen(ui, LSR_SCR_ERROR);
        break;
    }
    case A_SETTINGS:
        if (ui->screen != LSR_SCR_SETTINGS) ui->back_screen = ui->screen;
        set_screen(ui, LSR_SCR_SETTINGS);
        break;
    case A_QUIT: ui->running = false; break;
    case A_PICK:
        if (arg >= 0 && arg < ui->n_picks && ui->picks[arg].sc) {
            if (ui->cp) {
                lsr_campaign_free(ui->cp);
                ui->cp = NULL;
                ui->sc = NULL;
            }
            use_scenario(ui, ui->picks[arg].sc, ui->picks[arg].path);
            start_game(ui, NULL);
        }
        break;
    case A_PICKER:
        load_picks(ui);
        set_screen(ui, LSR_SCR_PICKER);
        break;
    case A_BEGIN: enter_phase(ui); break;
    case A_TITLE:
        find_continue(ui);
        set_screen(ui, LSR_SCR_TITLE);
        break;
    case A_CHOOSE: choose(ui, (uint32_t)arg); break;
    case A_COUNT_VOTE: choose(ui, 0); break;
    case A_NEXT:
        if (ui->screen == LSR_SCR_VOTE) set_screen(ui, LSR_SCR_CONSEQUENCE);
        else enter_phase(ui);
        break;
    case A_TO_ENDING: set_screen(ui, LSR_SCR_ENDING); break;
    case A_NEXT_PART:
        if (ui->cp && ui->g) {
            const LsrEnding *e = lsr_game_ending(ui->g);
            if (ui->part < 32 && e) ui->cp_endings[ui->part] = (uint32_t)(e - ui->sc->endings);
            if (ui->part + 1 < ui->cp->n_parts) start_campaign_part(ui, ui->part + 1);
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
    case A_BACK: {
        LsrScreen b = ui->back_screen;
        set_screen(ui, b);
        break;
    }
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
    case A_NONE: break;
    default: break;   /* classroom actions outside classroom mode */
    }
}

/* --------------------------------------------------------------- input */

static const LsrUiItem *button_at(const LsrUi *ui, int x, int y) {
    SDL_Point p = { x, y };
    for (size_t i = ui->n_items; i-- > 0;) {
        const LsrUiItem *it = &ui->items[i];
        if (it->kind == LSR_ITEM_BUTTON && it->enabled && SDL_PointInRect(&p, &it->r)) return it;
    }
    return NULL;
}

static void move_focus(LsrUi *ui, int dir) {
    int n = 0, cur = -1;
    for (size_t i = 0; i < ui->n_items; i++) {
        const LsrUiItem *it = &ui->items[i];
        if (it->kind != LSR_ITEM_BUTTON || !it->enabled) continue;
        if (it->action == ui->focus_action && it->arg == ui->focus_arg) cur = n;
        n++;
    }
    if (n == 0) return;
    int want = cur < 0 ? (dir > 0 ? 0 : n - 1) : (cur + dir + n) % n;
    n = 0;
    for (size_t i = 0; i < ui->n_items; i++) {
        const LsrUiItem *it = &ui->items[i];
        if (it->kind != LSR_ITEM_BUTTON || !it->enabled) continue;
        if (n++ == want) {
            ui->focus_action = it->action;
            ui->focus_arg = it->arg;
        }
    }
    ui->want_focus_visible = true;
    ui->dirty = true;
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
    if (lsr_class_key(ui, k)) return;
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
        else if (ui->screen == LSR_SCR_SETTINGS) activate(ui, A_BACK, 0);
        else if (ui->screen == LSR_SCR_PICKER) activate(ui, A_TITLE, 0);
        else if (ui->screen != LSR_SCR_TITLE) activate(ui, A_MENU, 0);
        break;
    case SDLK_F11: set_fullscreen(ui, !ui->settings.fullscreen); break;
    case SDLK_TAB: move_focus(ui, (k->keysym.mod & KMOD_SHIFT) ? -1 : 1); break;
    case SDLK_DOWN: case SDLK_RIGHT: move_focus(ui, 1); break;
    case SDLK_UP: case SDLK_LEFT: move_focus(ui, -1); break;
    case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE:
        if (ui->focus_action != A_NONE) activate(ui, ui->focus_action, ui->focus_arg);
        else if (ui->primary_action != A_NONE) activate(ui, ui->primary_action, ui->primary_arg);
        break;
    case SDLK_PAGEDOWN: scroll_by(ui, page); break;
    case SDLK_PAGEUP: scroll_by(ui, -page); break;
    case SDLK_HOME: scroll_by(ui, -ui->scroll); break;
    case SDLK_END: scroll_by(ui, ui->max_scroll); break;
    default:
        if (!ui->menu_open && key >= SDLK_1 && key <= SDLK_9) press_number(ui, (int)(key - SDLK_0));
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

static void render(LsrUi *ui) {
    for (int pass = 0; pass < 3; pass++) {
        ui->dirty = false;
        ui->frame++;
        ui->n_items = 0;
        ui->primary_action = A_NONE;
        SDL_RenderSetClipRect(ui->ren, NULL);
        SDL_SetRenderDrawColor(ui->ren, ui->th.bg.r, ui->th.bg.g, ui->th.bg.b, 255);
        SDL_RenderClear(ui->ren);
        lsr_draw(ui);
        if (!ui->cls.paused) lsr_dev_draw(ui);   /* the pause card hides everything */
        ui->want_focus_visible = false;
        /* a scroll clamp or focus scroll changed the layout: draw again */
        if (!ui->dirty) break;
    }
    ui->dirty = false;
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
    if (!ui) return fail(NULL, LSR_EXIT_CONTENT, err, errlen, "out of memory");
    ui->opt = *opt;
    ui->running = true;
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
    if (opt->reveal_set) ui->settings.reveal = opt->reveal;
    if (opt->classroom) {
        lsr_class_init(ui, opt->timer_s);
        ui->settings.theme = LSR_THEME_CONTRAST;
    }
    lsr_r_theme(ui);
    if (!lsr_r_fonts_find(ui, err, errlen)) return fail(ui, LSR_EXIT_CONTENT, err, errlen, NULL);

    /* the scenario first, so content errors come before a window flashes */
    if (opt->scenario_path && !opt->is_campaign) {
        LsrDiagList d;
        lsr_diags_init(&d);
        LsrScenario *sc = NULL;
        LsrStatus st = lsr_scenario_load_file(opt->scenario_path, &sc, &d);
        if (st != LSR_OK) {
            char msg[400] = "";
            if (d.count) lsr_diag_format(&d.items[0], opt->scenario_path, msg, sizeof msg);
            else snprintf(msg, sizeof msg, "%s: %s", opt->scenario_path, lsr_status_str(st));
            lsr_diags_free(&d);
            return fail(ui, LSR_EXIT_CONTENT, err, errlen, msg);
        }
        lsr_diags_free(&d);
        use_scenario(ui, sc, opt->scenario_path);
    }

    int w = opt->width > 0 ? opt->width : 1280, h = opt->height > 0 ? opt->height : 800;
    if (opt->width <= 0) {
        SDL_Rect usable;
        if (SDL_GetDisplayUsableBounds(0, &usable) == 0 && usable.w > 0) {
            if (w > usable.w * 9 / 10) w = usable.w * 9 / 10;
            if (h > usable.h * 9 / 10) h = usable.h * 9 / 10;
        }
    }
    if (w < 800) w = 800;
    if (h < 600) h = 600;
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_HIDDEN;
    if (ui->settings.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    ui->win = SDL_CreateWindow("Left SRs · 1917–1918", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!ui->win) return fail(ui, LSR_SDL_NO_DISPLAY, err, errlen, NULL);
    lsr_sdl_set_icon(ui->win);
    SDL_SetWindowMinimumSize(ui->win, 800, 600);
    ui->ren = SDL_CreateRenderer(ui->win, -1, SDL_RENDERER_ACCELERATED);
    if (!ui->ren) ui->ren = SDL_CreateRenderer(ui->win, -1, SDL_RENDERER_SOFTWARE);
    if (!ui->ren) return fail(ui, LSR_SDL_NO_DISPLAY, err, errlen, NULL);
    update_geometry(ui);
    if (!lsr_r_font(ui, F_BODY)) {
        char msg[LSR_PATH_MAX + 64];
        snprintf(msg, sizeof msg, "cannot open font %s: %s", ui->face_file[FACE_SERIF], TTF_GetError());
        return fail(ui, LSR_EXIT_CONTENT, err, errlen, msg);
    }

    find_bundled(ui);
    if (opt->is_campaign && opt->scenario_path) {
        if (!open_campaign(ui, opt->scenario_path))
            return fail(ui, LSR_EXIT_CONTENT, err, errlen, ui->error);
        set_screen(ui, LSR_SCR_TITLE);
    }
    find_continue(ui);
    set_screen(ui, LSR_SCR_TITLE);
    if (opt->resume && ui->continue_save[0]) resume(ui);
    SDL_ShowWindow(ui->win);
    *out = ui;
    return 0;
}

void lsr_ui_destroy(LsrUi *ui) {
    if (!ui) return;
    lsr_dev_destroy(ui);
    end_game(ui);
    bool sc_is_pick = false;
    for (int i = 0; i < ui->n_picks; i++) {
        if (ui->picks[i].sc == ui->sc) sc_is_pick = true;
        if (ui->picks[i].sc) lsr_scenario_free(ui->picks[i].sc);
    }
    if (ui->cp) lsr_campaign_free(ui->cp);
    else if (ui->sc && !sc_is_pick) lsr_scenario_free(ui->sc);
    lsr_r_cache_clear(ui);
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
    if (ui->face_file[0][0]) FcFini();  /* lsr_r_fonts_find called FcInit */
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
    case LSR_SCR_PICKER:
        if (ui->n_picks == 0) return false;
        activate(ui, A_PICK, 0);
        break;
    case LSR_SCR_BRIEFING: activate(ui, A_BEGIN, 0); break;
    case LSR_SCR_DECISION: {
        const LsrStep *st = lsr_game_step(ui->g);
        if (!st) return false;
        uint32_t pick = st->hist_choice;
        if (lsr_game_choice_state(ui->g, pick) != LSR_CHOICE_AVAILABLE)
            for (pick = 0; pick < st->n_choices; pick++)
                if (lsr_game_choice_state(ui->g, pick) == LSR_CHOICE_AVAILABLE) break;
        if (pick >= st->n_choices) return false;
        if (ui->cls.on) {
            /* a class that mostly follows history, with a dissenting minority */
            ui->cls.votes[pick] = 17;
            for (uint32_t i = 0; i < st->n_choices && i < 16; i++)
                if (i != pick && lsr_game_choice_state(ui->g, i) == LSR_CHOICE_AVAILABLE) {
                    ui->cls.votes[i] = 9;
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
        if (ui->cls.on && ui->settings.reveal == LSR_REVEAL_AFTER && !ui->shot_done[LSR_SCR_REVEAL])
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

void lsr_p_use_scenario(LsrUi *ui, LsrScenario *sc, const char *path) { use_scenario(ui, sc, path); }
void lsr_p_enter_phase(LsrUi *ui) { enter_phase(ui); }
void lsr_p_write_save(LsrUi *ui) { write_save(ui); }

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
