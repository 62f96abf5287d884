/* Classroom mode (`leftsr play --classroom`): the teacher enters the class
 * vote for each choice, the most-voted choice is taken (a tie is decided
 * by the teacher), a discussion timer runs on screen, history is revealed
 * only when the teacher asks, one decision can be stepped back, and the
 * debrief exports the lesson's report.
 *
 * Everything here is input and classroom state; the screens that show it
 * are in screen_class.c (from view.h) and the game moves through session.h. */
#include "i18n.h"
#include "sdl/classroom.h"
#include "sdl/session.h"
#include "tools/report.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TIMER_DEFAULT_S 120
#define TIMER_STEP_S 30
#define TIMER_MAX_S 3600

static uint64_t now_ms(const LsrUi *ui) { return ui->clock_ms ? ui->clock_ms() : SDL_GetTicks64(); }

void lsr_class_init(LsrUi *ui, int timer_s) {
    LsrClass *c = &ui->cls;
    memset(c, 0, sizeof *c);
    c->on = true;
    c->sel = -1;
    c->votes_at = (size_t)-1;
    c->timer_len_s = timer_s < 0 ? TIMER_DEFAULT_S : timer_s > TIMER_MAX_S ? TIMER_MAX_S : timer_s;
    c->timer_shown_s = -1;
}

/* --------------------------------------------------------------- timer */

static int left_ms(const LsrUi *ui) {
    const LsrClass *c = &ui->cls;
    int64_t left = c->timer_left_ms;
    if (c->timer_running) left -= (int64_t)(now_ms(ui) - c->timer_mark);
    return left < 0 ? 0 : (int)left;
}

int lsr_class_timer_s(const LsrUi *ui) { return (left_ms(ui) + 999) / 1000; }

static void timer_run(LsrUi *ui, bool run) {
    LsrClass *c = &ui->cls;
    if (run == c->timer_running) return;
    if (run && (c->timer_len_s == 0 || c->timer_left_ms <= 0)) return;
    c->timer_left_ms = left_ms(ui);
    c->timer_mark = now_ms(ui);
    c->timer_running = run;
    ui->dirty = true;
}

static void timer_reset(LsrUi *ui, bool run) {
    LsrClass *c = &ui->cls;
    c->timer_running = false;
    c->timer_left_ms = c->timer_len_s * 1000;
    timer_run(ui, run);
    ui->dirty = true;
}

/* ±30 s: changes the time left now and the length of the next decisions'
 * timers alike. Without a timer (--timer 0) there is nothing to adjust. */
static void timer_adjust(LsrUi *ui, int delta_s) {
    LsrClass *c = &ui->cls;
    if (c->timer_len_s == 0) return;
    int left = left_ms(ui) + delta_s * 1000;
    if (left < 0) left = 0;
    if (left > TIMER_MAX_S * 1000) left = TIMER_MAX_S * 1000;
    c->timer_left_ms = left;
    c->timer_mark = now_ms(ui);
    if (left == 0) c->timer_running = false;
    int len = c->timer_len_s + delta_s;
    c->timer_len_s = len < TIMER_STEP_S ? TIMER_STEP_S : len > TIMER_MAX_S ? TIMER_MAX_S : len;
    ui->dirty = true;
}

void lsr_class_tick(LsrUi *ui) {
    LsrClass *c = &ui->cls;
    if (!c->on) return;
    /* the discussion clock runs only while the decision is on screen */
    bool here = ui->screen == LSR_SCR_DECISION && !ui->menu_open && !c->paused;
    if (c->timer_running && !here) {
        timer_run(ui, false);
        c->timer_held = true;
    } else if (c->timer_held && here) {
        c->timer_held = false;
        timer_run(ui, true);
    }
    if (!c->timer_running) return;
    int left = left_ms(ui);
    if (left == 0) {
        c->timer_left_ms = 0;
        c->timer_running = false;
        ui->dirty = true;
    } else if ((left + 999) / 1000 != c->timer_shown_s) {
        ui->dirty = true;
    }
}

int lsr_class_wake_ms(const LsrUi *ui) {
    if (!ui->cls.on || !ui->cls.timer_running) return -1;
    int left = left_ms(ui);
    int to_next = left % 1000;
    return to_next == 0 ? 1000 : to_next;
}

/* ---------------------------------------------------------------- votes */

static const LsrStep *decision_step(const LsrUi *ui) {
    if (!ui->g || lsr_game_phase(ui->g) != LSR_PHASE_DECISION) return NULL;
    return lsr_game_step(ui->g);
}

void lsr_class_enter_decision(LsrUi *ui) {
    LsrClass *c = &ui->cls;
    if (!c->on || !ui->g) return;
    size_t at = lsr_game_trace_len(ui->g);
    c->sel = -1;
    c->typing = false;
    c->tie = false;
    uint32_t step = lsr_game_step_index(ui->g);
    if (c->votes_at != at || c->votes_step != step) {
        /* a new decision: fresh counts, and the discussion timer starts */
        memset(c->votes, 0, sizeof c->votes);
        c->votes_at = at;
        c->votes_step = step;
        c->timer_held = false;
        timer_reset(ui, true);
    }
}

static bool available(const LsrUi *ui, int i) {
    const LsrStep *st = decision_step(ui);
    return st && i >= 0 && (uint32_t)i < st->n_choices && i < 16 &&
           lsr_game_choice_state(ui->g, (uint32_t)i) == LSR_CHOICE_AVAILABLE;
}

int lsr_class_winner(const LsrUi *ui, bool tied[16]) {
    memset(tied, 0, 16 * sizeof tied[0]);
    if (!decision_step(ui)) return -1;
    uint32_t w = lsr_game_tally_winner(ui->g, ui->cls.votes, tied);
    return w == LSR_NEXT_NONE ? -1 : (int)w;
}

/* Choices are lettered by their place in the step (A is the first), so a
 * letter means the same choice on screen, in the tally and in the report;
 * a hidden choice leaves a gap. */
static int letter_choice(const LsrUi *ui, int letter) {
    const LsrStep *st = decision_step(ui);
    if (!st || letter < 0 || (uint32_t)letter >= st->n_choices || letter >= 16) return -1;
    return lsr_game_choice_state(ui->g, (uint32_t)letter) == LSR_CHOICE_HIDDEN ? -1 : letter;
}

static void set_votes(LsrUi *ui, int i, long v) {
    if (!available(ui, i)) return;
    if (v < 0) v = 0;
    if (v > LSR_CLASS_MAX_VOTES) v = LSR_CLASS_MAX_VOTES;
    ui->cls.votes[i] = (uint32_t)v;
    ui->dirty = true;
}

static void select_choice(LsrUi *ui, int i) {
    if (!available(ui, i)) return;
    ui->cls.sel = i;
    ui->cls.typing = false;
    /* focus follows, so a row below the fold scrolls into view */
    ui->focus_action = A_CLASS_SELECT;
    ui->focus_arg = i;
    ui->want_focus_visible = true;
    ui->dirty = true;
}

static void move_sel(LsrUi *ui, int dir) {
    const LsrStep *st = decision_step(ui);
    if (!st) return;
    int n = (int)(st->n_choices < 16 ? st->n_choices : 16);
    int i = ui->cls.sel;
    for (int k = 0; k < n; k++) {
        i = i < 0 ? (dir > 0 ? 0 : n - 1) : (i + dir + n) % n;
        if (available(ui, i)) {
            select_choice(ui, i);
            return;
        }
    }
}

/* Takes choice i with the counts of the choices that could be voted for. */
static void record(LsrUi *ui, const LsrStep *st, uint32_t i) {
    uint32_t tally[16] = { 0 };
    for (uint32_t k = 0; k < st->n_choices && k < 16; k++) tally[k] = available(ui, (int)k) ? ui->cls.votes[k] : 0;
    timer_run(ui, false);
    ui->cls.timer_held = false;
    lsr_session_choose_tally(ui, i, tally, st->n_choices);
}

static void take(LsrUi *ui) {
    const LsrStep *st = decision_step(ui);
    if (!st) return;
    bool tied[16];
    int w = lsr_class_winner(ui, tied);
    if (w < 0) {
        ui->cls.tie = true;
        ui->focus_action = A_NONE;   /* Enter must not press a button hidden by the panel */
        ui->dirty = true;
        return;
    }
    record(ui, st, (uint32_t)w);
}

static void tie_pick(LsrUi *ui, int i) {
    const LsrStep *st = decision_step(ui);
    bool tied[16];
    if (!st || i < 0 || i >= 16) return;
    lsr_class_winner(ui, tied);
    if (!tied[i]) return;
    ui->cls.tie = false;
    record(ui, st, (uint32_t)i);
}

/* Steps back to the previous decision (undoing any vote counted after it);
 * the counts the class entered there come back with it. */
static void step_back(LsrUi *ui) {
    LsrClass *c = &ui->cls;
    if (!lsr_session_can_step_back(ui)) {
        snprintf(c->notice, sizeof c->notice, "%s", _("There is no decision to step back to."));
        c->notice_bad = true;
        ui->dirty = true;
        return;
    }
    uint32_t votes[16] = { 0 };
    const LsrTraceEntry *te = lsr_game_trace(ui->g, lsr_game_last_decision(ui->g));
    if (te->tally) memcpy(votes, te->tally, sizeof votes[0] * (te->n_tally < 16 ? te->n_tally : 16));
    LsrStatus rc = lsr_session_undo_decision(ui);
    if (rc != LSR_OK) {
        lsr_session_fail(ui, _("Stepping back failed: %s."), lsr_status_str(rc));
        return;
    }
    memcpy(c->votes, votes, sizeof votes);
    c->votes_at = lsr_game_trace_len(ui->g);   /* these counts belong to the decision now on screen */
    c->votes_step = lsr_game_step_index(ui->g);
    lsr_session_enter_phase(ui);
    const LsrStep *st = lsr_game_step(ui->g);
    snprintf(c->notice, sizeof c->notice, _("Stepped back to “%.300s”; the class's counts are kept."),
             st ? lsr_tx(&st->title, ui->opt.lang) : _("the start"));
    c->notice_bad = false;
}

/* --------------------------------------------------------------- export */

static void today(char *buf, size_t n) {
    /* SOURCE_DATE_EPOCH pins the date, so exports can be compared byte for byte */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = time(NULL);
    if (sde && sde[0]) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (!*end && v >= 0) t = (time_t)v;
    }
    struct tm tmv;
    if (gmtime_r(&t, &tmv)) strftime(buf, n, "%Y-%m-%d", &tmv);
    else snprintf(buf, n, "%s", "");
}

/* Writes the report next to the save: NAME-report.html, .md and .csv. */
static void export_reports(LsrUi *ui) {
    LsrClass *c = &ui->cls;
    if (!ui->g) return;
    char base[LSR_PATH_MAX];
    size_t len = strlen(ui->save_path);
    if (len >= 5 && strcmp(ui->save_path + len - 5, ".json") == 0) len -= 5;
    if (len == 0 || len + 20 >= sizeof base) {
        snprintf(c->notice, sizeof c->notice, "%s", _("The report cannot be exported: there is no save path to put it beside."));
        c->notice_bad = true;
        ui->dirty = true;
        return;
    }
    memcpy(base, ui->save_path, len);
    memcpy(base + len, "-report", 8);
    char date[32];
    today(date, sizeof date);
    LsrReportOptions o = { NULL, date, ui->opt.lang, NULL };
    static const LsrReportFormat fmts[3] = { LSR_REPORT_HTML, LSR_REPORT_MD, LSR_REPORT_CSV };
    char first[LSR_PATH_MAX + 8] = "";
    for (int k = 0; k < 3; k++) {
        char path[LSR_PATH_MAX + 8], err[512] = "";
        snprintf(path, sizeof path, "%s.%s", base, lsr_report_ext(fmts[k]));
        if (lsr_report_save(ui->g, fmts[k], path, &o, false, err, sizeof err) != LSR_OK) {
            snprintf(c->notice, sizeof c->notice, _("Export failed: %.500s"), err[0] ? err : path);
            c->notice_bad = true;
            ui->dirty = true;
            return;
        }
        if (k == 0) snprintf(first, sizeof first, "%s", path);
    }
#ifdef __EMSCRIPTEN__
    /* in the browser the file is only useful once downloaded */
    EM_ASM({ if (Module.lsrDownload) Module.lsrDownload(UTF8ToString($0)); }, first);
#endif
    snprintf(c->notice, sizeof c->notice, _("Report saved: %.520s (and .md, .csv beside it)"), first);
    c->notice_bad = false;
    ui->dirty = true;
}

/* --------------------------------------------------------------- pause */

static void pause_set(LsrUi *ui, bool on) {
    LsrClass *c = &ui->cls;
    if (on == c->paused) return;
    c->paused = on;
    if (on) {
        c->timer_resume = c->timer_running;
        timer_run(ui, false);
    } else if (c->timer_resume) {
        timer_run(ui, true);
    }
    ui->dirty = true;
}

/* -------------------------------------------------------------- actions */

static bool in_game(const LsrUi *ui) {
    switch (ui->screen) {
    case LSR_SCR_DECISION: case LSR_SCR_VOTE: case LSR_SCR_CONSEQUENCE: case LSR_SCR_REVEAL:
    case LSR_SCR_DEBRIEF: case LSR_SCR_ENDING:
        return ui->g != NULL;
    default: return false;
    }
}

bool lsr_class_action(LsrUi *ui, int action, int arg) {
    LsrClass *c = &ui->cls;
    if (!c->on) return false;
    switch ((LsrAction)action) {
    case A_CLASS_SELECT: select_choice(ui, arg); return true;
    case A_VOTE_INC:
        select_choice(ui, arg);
        set_votes(ui, arg, (long)c->votes[arg & 15] + 1);
        return true;
    case A_VOTE_DEC:
        select_choice(ui, arg);
        set_votes(ui, arg, (long)c->votes[arg & 15] - 1);
        return true;
    case A_CLASS_TAKE: take(ui); return true;
    case A_TIE_PICK: tie_pick(ui, arg); return true;
    case A_TIE_CANCEL:
        c->tie = false;
        ui->dirty = true;
        return true;
    case A_TIMER_TOGGLE:
        if (c->timer_running) timer_run(ui, false);
        else if (left_ms(ui) > 0) timer_run(ui, true);
        else timer_reset(ui, true);
        return true;
    case A_TIMER_ADJUST: timer_adjust(ui, arg); return true;
    case A_SHOW_REVEAL:
        if (arg && ui->g && lsr_game_trace_len(ui->g) > 0 && ui->settings.reveal == LSR_REVEAL_AFTER)
            lsr_session_set_screen(ui, LSR_SCR_REVEAL);
        else if (!arg)
            lsr_session_set_screen(ui, LSR_SCR_CONSEQUENCE);
        return true;
    case A_STEP_BACK:
        if (in_game(ui)) step_back(ui);
        return true;
    case A_PAUSE: pause_set(ui, !c->paused); return true;
    case A_EXPORT: export_reports(ui); return true;
    default: return false;
    }
}

/* Keys of classroom mode; see docs/classroom.md for the list. */
bool lsr_class_key(LsrUi *ui, const SDL_KeyboardEvent *k) {
    LsrClass *c = &ui->cls;
    if (!c->on || ui->menu_open) return false;
    SDL_Keycode key = k->keysym.sym;
    bool ctrl = (k->keysym.mod & KMOD_CTRL) != 0;
    if (c->paused) {
        if (ctrl) return false;   /* Ctrl+Q still quits */
        if (key == SDLK_p || key == SDLK_ESCAPE || key == SDLK_SPACE || key == SDLK_RETURN) pause_set(ui, false);
        return true;              /* nothing else happens while paused */
    }
    if (ctrl) {
        if (key == SDLK_z && in_game(ui)) {
            step_back(ui);
            return true;
        }
        return false;
    }
    if (key == SDLK_p && in_game(ui)) {
        pause_set(ui, true);
        return true;
    }
    if (key == SDLK_u && in_game(ui)) {
        step_back(ui);
        return true;
    }
    if (ui->screen == LSR_SCR_DEBRIEF && key == SDLK_e) {
        export_reports(ui);
        return true;
    }
    if (ui->screen == LSR_SCR_CONSEQUENCE && key == SDLK_r) return lsr_class_action(ui, A_SHOW_REVEAL, 1);
    if (ui->screen == LSR_SCR_REVEAL && (key == SDLK_BACKSPACE || key == SDLK_r)) {
        lsr_session_set_screen(ui, LSR_SCR_CONSEQUENCE);
        return true;
    }
    if (ui->screen != LSR_SCR_DECISION || !decision_step(ui)) return false;

    int letter = key >= SDLK_a && key <= SDLK_i ? (int)(key - SDLK_a) : -1;
    int digit = key >= SDLK_0 && key <= SDLK_9 ? (int)(key - SDLK_0)
              : key >= SDLK_KP_1 && key <= SDLK_KP_9 ? (int)(key - SDLK_KP_1) + 1
              : key == SDLK_KP_0 ? 0 : -1;
    if (c->tie) {
        if (letter >= 0) tie_pick(ui, letter_choice(ui, letter));
        else if (key == SDLK_ESCAPE || key == SDLK_BACKSPACE) lsr_class_action(ui, A_TIE_CANCEL, 0);
        else if (key == SDLK_TAB || key == SDLK_UP || key == SDLK_DOWN) return false;  /* move between tie buttons */
        else if (key == SDLK_RETURN || key == SDLK_KP_ENTER || key == SDLK_SPACE)
            return !(ui->focus_action == A_TIE_PICK || ui->focus_action == A_TIE_CANCEL);
        return true;
    }
    if (letter >= 0) {
        select_choice(ui, letter_choice(ui, letter));
        return true;
    }
    if (digit >= 0) {
        if (c->sel < 0) {
            snprintf(c->notice, sizeof c->notice, "%s", _("First press a choice's letter (A, B, …), then type its count."));
            c->notice_bad = true;
            ui->dirty = true;
        } else {
            long v = c->typing ? (long)c->votes[c->sel] * 10 + digit : digit;
            if (v > LSR_CLASS_MAX_VOTES) v = digit;   /* a fourth digit starts over */
            set_votes(ui, c->sel, v);
            c->typing = true;
            c->notice[0] = '\0';
        }
        return true;
    }
    switch (key) {
    case SDLK_BACKSPACE:
        if (c->sel >= 0) {
            set_votes(ui, c->sel, (long)c->votes[c->sel] / 10);
            c->typing = true;
        }
        return true;
    case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS: case SDLK_RIGHT:
        if (c->sel >= 0) set_votes(ui, c->sel, (long)c->votes[c->sel] + 1);
        c->typing = false;
        return true;
    case SDLK_MINUS: case SDLK_KP_MINUS: case SDLK_LEFT:
        if (c->sel >= 0) set_votes(ui, c->sel, (long)c->votes[c->sel] - 1);
        c->typing = false;
        return true;
    case SDLK_UP: move_sel(ui, -1); return true;
    case SDLK_DOWN: move_sel(ui, 1); return true;
    case SDLK_t: lsr_class_action(ui, A_TIMER_TOGGLE, 0); return true;
    case SDLK_LEFTBRACKET: timer_adjust(ui, -TIMER_STEP_S); return true;
    case SDLK_RIGHTBRACKET: timer_adjust(ui, TIMER_STEP_S); return true;
    case SDLK_RETURN: case SDLK_KP_ENTER:
        /* a focused button (Tab) keeps Enter; otherwise Enter takes the vote */
        if (ui->focus_action != A_NONE && ui->focus_action != A_CLASS_SELECT) return false;
        take(ui);
        return true;
    default: return false;
    }
}

/* ----------------------------------------------------- for the play loop */

bool lsr_class_on(const LsrUi *ui) { return ui->cls.on; }
bool lsr_class_paused(const LsrUi *ui) { return ui->cls.paused; }

void lsr_class_set_votes(LsrUi *ui, uint32_t i, uint32_t n) { set_votes(ui, (int)i, (long)n); }

void lsr_class_timer_drawn(LsrUi *ui, int secs) { ui->cls.timer_shown_s = secs; }

void lsr_class_view(const LsrUi *ui, LsrViewClass *out) {
    const LsrClass *c = &ui->cls;
    memset(out, 0, sizeof *out);
    out->on = c->on;
    out->votes = c->votes;
    out->sel = c->sel;
    out->tie = c->tie;
    out->paused = c->paused;
    out->timer_len_s = c->timer_len_s;
    out->timer_running = c->timer_running;
    out->notice = c->notice;
    out->notice_bad = c->notice_bad;
    if (c->on) {
        out->timer_s = lsr_class_timer_s(ui);
        out->leader = lsr_class_winner(ui, out->tied);
    } else {
        out->leader = -1;
    }
}

/* ------------------------------------------------------ test interface */

uint32_t lsr_ui_class_votes(const LsrUi *ui, uint32_t i) { return i < 16 ? ui->cls.votes[i] : 0; }
bool lsr_ui_class_tie(const LsrUi *ui) { return ui->cls.tie; }
bool lsr_ui_class_paused(const LsrUi *ui) { return ui->cls.paused; }
int lsr_ui_class_timer(const LsrUi *ui) { return lsr_class_timer_s(ui); }
bool lsr_ui_class_timer_running(const LsrUi *ui) { return ui->cls.timer_running; }
const char *lsr_ui_class_notice(const LsrUi *ui) { return ui->cls.notice; }
void lsr_ui_set_clock(LsrUi *ui, uint64_t (*clock_ms)(void)) { ui->clock_ms = clock_ms; }
