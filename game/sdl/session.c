/* The session of the game window: which scenario, campaign and game are
 * open, which screen shows them, and the save. Every change of session
 * state that the event loop (play.c), classroom mode (classroom.c) and the
 * author tools (devtools.c) make goes through these functions; see
 * session.h for the contract. Nothing here draws or reads input. */
#include "i18n.h"
#include "sdl/session.h"

#include "endings.h"
#include "i18n.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ------------------------------------------------------------ bundled */

static bool file_exists(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The language to load path's text in: the one in use when the file has a
 * translation into it, else its own (NULL). */
const char *lsr_session_text_lang(const LsrUi *ui, const char *path) {
    char list[256];
    if (!ui->opt.lang || !path || !path[0]) return ui->opt.lang;
    return lsr_scenario_has_lang(path, ui->opt.lang, list, sizeof list) ? ui->opt.lang : NULL;
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
void lsr_session_find_bundled(LsrUi *ui) {
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

void lsr_session_load_picks(LsrUi *ui) {
    for (int i = 0; i < ui->n_picks; i++) {
        LsrPick *p = &ui->picks[i];
        if (p->sc) continue;
        LsrDiagList d;
        lsr_diags_init(&d);
        LsrLoadOptions lo = {lsr_session_text_lang(ui, p->path), NULL, NULL, NULL};
        LsrStatus st = lsr_scenario_load_file_opts(p->path, &lo, &p->sc, &d);
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
void lsr_session_find_continue(LsrUi *ui) {
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
        snprintf(ui->continue_label, sizeof ui->continue_label, lsr_ui_n("%s · %u decision · saved %s UTC", "%s · %u decisions · saved %s UTC", info.n_choices),
                 i < 0 ? lsr_tx(&ui->sc->title, ui->opt.lang) : id, info.n_choices, when);
    }
}

/* Is there a save of the scenario sc at its save path, one a new game
 * would put aside? Fills ui->ask with where that game stands. */
static bool find_save_of(LsrUi *ui, const LsrScenario *sc) {
    LsrAsk *a = &ui->ask;
    char err[256];
    LsrSaveInfo info;
    save_path_for(ui, sc->id, a->save, sizeof a->save);
    /* a save of another scenario is never replaced (prepare_save): no question */
    if (!a->save[0] || !file_exists(a->save) || lsr_save_peek(a->save, &info, err, sizeof err) != LSR_OK ||
        strcmp(info.scenario_id, sc->id) != 0)
        return false;
    snprintf(a->saved_at, sizeof a->saved_at, "%s", info.saved_at);
    a->n_choices = info.n_choices;
    a->step = a->ending = -1;
    LsrGame *g = NULL;
    lsr_save_load(sc, a->save, &g, err, sizeof err);
    if (g) {
        const LsrEnding *e = lsr_game_ending(g);
        if (e) a->ending = (int32_t)(e - sc->endings);
        else if (lsr_game_step(g)) a->step = (int32_t)lsr_game_step_index(g);
        lsr_game_destroy(g);
    }
    const char *base = strrchr(a->save, '/');
    snprintf(a->backup, sizeof a->backup, "%.200s.old", base ? base + 1 : a->save);
    return true;
}

bool lsr_session_ask_new(LsrUi *ui, int pick) {
    if (ui->opt.no_save || ui->opt.fresh) return false;
    const LsrScenario *sc = pick < 0 ? ui->sc : pick < ui->n_picks ? ui->picks[pick].sc : NULL;
    if (!sc || !find_save_of(ui, sc)) return false;
    ui->ask.pick = pick;
    ui->ask.back = ui->screen == LSR_SCR_PICKER ? LSR_SCR_PICKER : LSR_SCR_TITLE;
    lsr_session_set_screen(ui, LSR_SCR_SAVED);
    return true;
}

void lsr_session_open_pick(LsrUi *ui, int i) {
    if (ui->cp) {
        lsr_campaign_free(ui->cp);
        ui->cp = NULL;
        ui->sc = NULL;
    }
    lsr_session_use_scenario(ui, ui->picks[i].sc, ui->picks[i].path);
}

void lsr_session_answer(LsrUi *ui, LsrAction answer) {
    LsrAsk *a = &ui->ask;
    if (answer == A_SAVED_BACK) {
        if (a->back == LSR_SCR_TITLE) lsr_session_find_continue(ui);
        lsr_session_set_screen(ui, a->back);
        return;
    }
    if (a->pick >= 0 && a->pick < ui->n_picks && ui->picks[a->pick].sc) lsr_session_open_pick(ui, a->pick);
    if (!ui->sc) return;
    if (answer == A_SAVED_NEW) {
        lsr_session_start_game(ui, NULL);   /* the save is put aside at the first save, not before */
        return;
    }
    snprintf(ui->continue_scenario, sizeof ui->continue_scenario, "%s", ui->scenario_path);
    snprintf(ui->continue_save, sizeof ui->continue_save, "%s", a->save);
    lsr_session_resume(ui);
}

/* ------------------------------------------------------------ language */

LsrStatus lsr_session_swap_scenario(LsrUi *ui, LsrScenario *sc, LsrReplayReport *rep) {
    LsrGame *ng = NULL;
    if (ui->g) {
        LsrStatus st = lsr_game_replay(ui->g, sc, &ng, rep);
        if (!ng) {
            lsr_scenario_free(sc);
            return st;
        }
    }
    LsrGame *old = ui->g;
    ui->g = ng;
    lsr_game_destroy(old);
    char path[LSR_PATH_MAX];
    snprintf(path, sizeof path, "%s", ui->scenario_path);
    lsr_session_use_scenario(ui, sc, path);
    size_t n = ng ? lsr_game_trace_len(ng) : 0;
    if (ui->shown >= n) ui->shown = n ? n - 1 : 0;
    return LSR_OK;
}

/* The scenario open, loaded again in the language now in use; its game
 * replayed on it. A picker entry is replaced in the list. */
static void reload_scenario(LsrUi *ui) {
    LsrScenario *sc = NULL, *was = ui->sc;
    LsrLoadOptions lo = {lsr_session_text_lang(ui, ui->scenario_path), NULL, NULL, NULL};
    if (lsr_scenario_load_file_opts(ui->scenario_path, &lo, &sc, NULL) != LSR_OK || !sc) return;
    if (lsr_session_swap_scenario(ui, sc, NULL) != LSR_OK) return;
    for (int i = 0; i < ui->n_picks; i++)
        if (ui->picks[i].sc == was) {
            lsr_scenario_free(was);
            ui->picks[i].sc = sc;
        }
}

/* The same for the campaign open: every part again, the game replayed on
 * the part it is in. */
static void reload_campaign(LsrUi *ui) {
    LsrCampaign *cp = NULL;
    LsrLoadOptions lo = {lsr_session_text_lang(ui, ui->campaign_path), NULL, NULL, NULL};
    if (lsr_campaign_load_opts(ui->campaign_path, &lo, &cp, NULL) != LSR_OK || !cp) return;
    if (ui->part >= cp->n_parts) {
        lsr_campaign_free(cp);
        return;
    }
    LsrGame *ng = NULL;
    if (ui->g) lsr_game_replay(ui->g, cp->parts[ui->part].scenario, &ng, NULL);
    if (ui->g && !ng) {
        lsr_campaign_free(cp);
        return;
    }
    lsr_game_destroy(ui->g);
    ui->g = ng;
    lsr_campaign_free(ui->cp);
    ui->cp = cp;
    ui->sc = cp->parts[ui->part].scenario;
}

bool lsr_session_set_lang(LsrUi *ui, const char *lang) {
    if (!lsr_ui_set_lang(lang)) return false;
    snprintf(ui->lang, sizeof ui->lang, "%s", lang && lang[0] ? lang : "en");
    ui->opt.lang = strcmp(ui->lang, "en") != 0 ? ui->lang : NULL;
    bool picks = false;
    for (int i = 0; i < ui->n_picks; i++)
        if (ui->picks[i].sc && ui->picks[i].sc != ui->sc) {
            lsr_scenario_free(ui->picks[i].sc);
            ui->picks[i].sc = NULL;
            picks = true;
        }
    if (ui->cp) reload_campaign(ui);
    else if (ui->sc && ui->scenario_path[0]) reload_scenario(ui);
    if (picks) lsr_session_load_picks(ui);
    lsr_session_find_continue(ui);
    ui->dirty = true;
    return true;
}

/* ---------------------------------------------------------------- game */

void lsr_session_set_screen(LsrUi *ui, LsrScreen s) {
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

void lsr_session_fail(LsrUi *ui, const char *fmt, const char *detail) {
    snprintf(ui->error, sizeof ui->error, fmt, detail);
    lsr_session_set_screen(ui, LSR_SCR_ERROR);
}

void lsr_session_end_game(LsrUi *ui) {
    if (ui->g) lsr_game_destroy(ui->g);
    ui->g = NULL;
    ui->cls.votes_at = (size_t)-1;   /* the next game's class counts start afresh */
}

/* Shows the screen for the game's current phase. */
/* A finished game adds its ending to the record of endings found (not with
 * --no-save, nor a game with a debug jump, which did not reach it by play). */
static void record_ending(LsrUi *ui) {
    const LsrEnding *e = lsr_game_ending(ui->g);
    ui->ending_new = false;
    if (!e || !ui->endings || ui->opt.no_save || lsr_game_jumped(ui->g)) return;
    char err[200];
    if (lsr_endings_record(ui->endings, ui->endings_path[0] ? ui->endings_path : NULL, ui->sc->id, e->id,
                           &ui->ending_new, err, sizeof err) != LSR_OK)
        snprintf(ui->save_error, sizeof ui->save_error, _("Endings found not saved: %s"), err);
}

void lsr_session_enter_phase(LsrUi *ui) {
    switch (lsr_game_phase(ui->g)) {
    case LSR_PHASE_DECISION:
        lsr_session_set_screen(ui, LSR_SCR_DECISION);
        if (ui->decision_entered) ui->decision_entered(ui);
        break;
    case LSR_PHASE_VOTE:
        ui->vote_counted = false;
        lsr_session_set_screen(ui, LSR_SCR_VOTE);
        break;
    case LSR_PHASE_ENDED:
        record_ending(ui);
        lsr_session_set_screen(ui, LSR_SCR_DEBRIEF);
        break;
    default:
        if (lsr_game_dead_end(ui->g)) {
            lsr_session_fail(ui, _("The story stops here: %s (an intended dead end)."),
                             lsr_tx(&lsr_game_step(ui->g)->title, NULL));
        } else if (lsr_game_fault(ui->g) != LSR_NEXT_NONE) {
            char where[300];
            lsr_effect_where(ui->sc, lsr_game_fault(ui->g), where, sizeof where);
            lsr_session_fail(ui, _("The story cannot go on: %s takes a variable past the 32-bit range. "
                            "Run `leftsr analyze` on the scenario file."), where);
        } else {
            lsr_session_fail(ui, _("The scenario reached its end, but no ending's condition holds (%s). "
                            "Run `leftsr check` on the scenario file."), ui->sc->id);
        }
        break;
    }
}

static uint64_t fresh_seed(void) {
    return (uint64_t)time(NULL) * 6364136223846793005u ^ SDL_GetPerformanceCounter();
}

/* A new save target: the next write takes its lock and looks at what is there. */
static void save_target_changed(LsrUi *ui, bool resumed) {
    if (ui->save_lock) lsr_file_unlock(ui->save_lock - 1);
    ui->save_lock = 0;
    ui->save_ready = ui->save_blocked = false;
    ui->resumed = resumed;
    ui->save_note[0] = '\0';
}

bool lsr_session_start_game(LsrUi *ui, const int32_t *carry) {
    lsr_session_end_game(ui);
    LsrGameOptions go = { ui->opt.have_seed ? ui->opt.seed : fresh_seed(), carry };
    LsrStatus st = lsr_game_create(ui->sc, &go, &ui->g);
    if (st != LSR_OK) {
        lsr_session_fail(ui, _("The game could not be started: %s."), lsr_status_str(st));
        return false;
    }
    save_path_for(ui, ui->sc->id, ui->save_path, sizeof ui->save_path);
    save_target_changed(ui, false);
    lsr_session_set_screen(ui, LSR_SCR_BRIEFING);
    return true;
}

void lsr_session_use_scenario(LsrUi *ui, LsrScenario *sc, const char *path) {
    if (ui->sc && ui->sc != sc && !ui->cp) {
        bool is_pick = false;
        for (int i = 0; i < ui->n_picks; i++) is_pick |= ui->picks[i].sc == ui->sc;
        if (!is_pick) lsr_scenario_free(ui->sc);
    }
    ui->sc = sc;
    snprintf(ui->scenario_path, sizeof ui->scenario_path, "%s", path);
}

/* Before a game's first save, as the terminal does before play: a second
 * window on the same save plays without saving; a save of another
 * scenario is never touched; a new game never overwrites a save silently,
 * the old one is kept as SAVE.old and the header says so. Returns whether
 * this game may be saved. */
static bool prepare_save(LsrUi *ui) {
    if (ui->save_ready) return !ui->save_blocked;
    ui->save_ready = true;
    char err[512], shown[300];
    int fd = lsr_file_lock(ui->save_path, err, sizeof err);
    if (fd == -2) {
        ui->save_blocked = true;
        snprintf(ui->save_error, sizeof ui->save_error, _("Not saving: another leftsr is playing with this save"));
        return false;
    }
    if (fd < 0) {
        ui->save_blocked = true;
        snprintf(ui->save_error, sizeof ui->save_error, _("Progress not saved: %.250s"), lsr_shown(err, shown, sizeof shown));
        ui->exit_code = LSR_EXIT_USAGE;
        return false;
    }
    ui->save_lock = fd + 1;
    struct stat st;
    if (ui->resumed || lstat(ui->save_path, &st) != 0) return true;
    LsrSaveInfo info;
    if (S_ISREG(st.st_mode) && lsr_save_peek(ui->save_path, &info, err, sizeof err) == LSR_OK &&
        strcmp(info.scenario_id, ui->sc->id) != 0) {
        ui->save_blocked = true;
        snprintf(ui->save_error, sizeof ui->save_error, _("Not saving: the save file holds a game of '%.60s'"),
                 lsr_shown(info.scenario_id, shown, sizeof shown));
        return false;
    }
    char old[LSR_PATH_MAX + 8];
    snprintf(old, sizeof old, "%s.old", ui->save_path);
    if (!S_ISREG(st.st_mode) || rename(ui->save_path, old) != 0) {
        ui->save_blocked = true;
        snprintf(ui->save_error, sizeof ui->save_error, _("Not saving: the old save could not be kept aside"));
        return false;
    }
    const char *base = strrchr(old, '/');
    snprintf(ui->save_note, sizeof ui->save_note, _("Your previous game is kept as %.200s"),
             lsr_shown(base ? base + 1 : old, shown, sizeof shown));
    return true;
}

void lsr_session_write_save(LsrUi *ui) {
    if (ui->opt.no_save || !ui->g || lsr_game_jumped(ui->g)) return;   /* a debug jump is never saved */
    if (!ui->save_path[0]) {
        snprintf(ui->save_error, sizeof ui->save_error, _("Not saving: no home folder (use --save FILE)"));
        return;
    }
    if (!prepare_save(ui)) return;
    char err[256] = "", shown[300];
    if (lsr_save_write(ui->g, ui->save_path, err, sizeof err) != LSR_OK) {
        snprintf(ui->save_error, sizeof ui->save_error, _("Progress not saved: %.250s"),
                 lsr_shown(err[0] ? err : ui->save_path, shown, sizeof shown));
        ui->exit_code = LSR_EXIT_USAGE;   /* said again by the exit status */
    } else {
        snprintf(ui->save_error, sizeof ui->save_error, "%s", ui->save_note);
        ui->save_note[0] = '\0';
        if (ui->exit_code == LSR_EXIT_USAGE) ui->exit_code = LSR_EXIT_OK;
    }
}

void lsr_session_choose(LsrUi *ui, uint32_t i) {
    if (!ui->g) return;
    LsrPhase ph = lsr_game_phase(ui->g);
    if (ph != LSR_PHASE_DECISION && ph != LSR_PHASE_VOTE) return;
    if (ph == LSR_PHASE_DECISION && lsr_game_choice_state(ui->g, i) != LSR_CHOICE_AVAILABLE) return;
    if (lsr_game_choose(ui->g, ph == LSR_PHASE_VOTE ? 0 : i) != LSR_OK) return;
    lsr_session_write_save(ui);
    ui->shown = lsr_game_trace_len(ui->g) - 1;
    if (ph == LSR_PHASE_VOTE) {
        ui->vote_counted = true;
        ui->dirty = true;
    } else {
        lsr_session_set_screen(ui, LSR_SCR_CONSEQUENCE);
    }
}

/* Classroom: takes choice i with the class's vote tally. */
void lsr_session_choose_tally(LsrUi *ui, uint32_t i, const uint32_t *tally, uint32_t n) {
    if (!ui->g || lsr_game_phase(ui->g) != LSR_PHASE_DECISION) return;
    if (lsr_game_choice_state(ui->g, i) != LSR_CHOICE_AVAILABLE) return;
    if (lsr_game_choose_tally(ui->g, i, tally, n) != LSR_OK) return;
    lsr_session_write_save(ui);
    ui->shown = lsr_game_trace_len(ui->g) - 1;
    lsr_session_set_screen(ui, LSR_SCR_CONSEQUENCE);
}

bool lsr_session_can_step_back(const LsrUi *ui) { return ui->g && lsr_game_last_decision(ui->g) != (size_t)-1; }

LsrStatus lsr_session_undo_decision(LsrUi *ui) {
    LsrStatus rc = lsr_game_undo_decision(ui->g);
    if (rc != LSR_OK) return rc;
    lsr_session_write_save(ui);
    size_t n = lsr_game_trace_len(ui->g);
    ui->shown = n ? n - 1 : 0;
    return LSR_OK;
}

void lsr_session_start_campaign_part(LsrUi *ui, uint32_t k) {
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
    lsr_session_start_game(ui, carry);
    if (prev) lsr_game_destroy(prev);
    free(carry);
}

bool lsr_session_open_campaign(LsrUi *ui, const char *path) {
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrCampaign *cp = NULL;
    LsrLoadOptions lo = {lsr_session_text_lang(ui, path), NULL, NULL, NULL};
    LsrStatus st = lsr_campaign_load_opts(path, &lo, &cp, &d);
    if (st != LSR_OK) {
        char msg[400] = "";
        if (d.count) lsr_diag_format(&d.items[0], path, msg, sizeof msg);
        lsr_diags_free(&d);
        snprintf(ui->error, sizeof ui->error, _("The campaign could not be loaded: %s. %s"),
                 lsr_status_str(st), msg);
        return false;
    }
    lsr_diags_free(&d);
    lsr_session_end_game(ui);
    lsr_session_use_scenario(ui, NULL, "");
    if (ui->cp) lsr_campaign_free(ui->cp);
    ui->cp = cp;
    snprintf(ui->campaign_path, sizeof ui->campaign_path, "%s", path);
    ui->campaign_done = false;
    lsr_session_start_campaign_part(ui, 0);
    return true;
}

void lsr_session_resume(LsrUi *ui) {
    if (!ui->continue_save[0]) return;
    LsrScenario *sc = ui->sc;
    if (!sc || strcmp(ui->scenario_path, ui->continue_scenario) != 0) {
        LsrDiagList d;
        lsr_diags_init(&d);
        sc = NULL;
        LsrLoadOptions lo = {lsr_session_text_lang(ui, ui->continue_scenario), NULL, NULL, NULL};
        lsr_scenario_load_file_opts(ui->continue_scenario, &lo, &sc, &d);
        lsr_diags_free(&d);
        if (!sc) {
            lsr_session_fail(ui, _("The scenario of the saved game could not be loaded (%s)."), ui->continue_scenario);
            return;
        }
        lsr_session_use_scenario(ui, sc, ui->continue_scenario);
    }
    lsr_session_end_game(ui);
    char err[256] = "";
    LsrStatus st = lsr_save_load(ui->sc, ui->continue_save, &ui->g, err, sizeof err);
    if (!ui->g) {
        lsr_session_fail(ui, _("The saved game could not be loaded: %s"), err[0] ? err : lsr_status_str(st));
        return;
    }
    snprintf(ui->save_path, sizeof ui->save_path, "%s", ui->continue_save);
    save_target_changed(ui, true);
    size_t n = lsr_game_trace_len(ui->g);
    ui->shown = n ? n - 1 : 0;
    lsr_session_enter_phase(ui);
}

