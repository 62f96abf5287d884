/* Self-voicing through speech-dispatcher, loaded at run time; see
 * speech.h. What is said is built from the session (the same engine state
 * the screens draw), not read back from the pixels. */
#include "i18n.h"
#include "sdl/speech.h"

#ifndef __EMSCRIPTEN__
#include <dlfcn.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __EMSCRIPTEN__
#define SPD_MISSING _("Unavailable in the browser: use the browser's own screen reader.")
#else
#define SPD_MISSING _("Unavailable: speech-dispatcher is not installed (libspeechd.so.2 not found).")
#endif

/* The part of libspeechd's API used here (speech-dispatcher/libspeechd.h). */
typedef struct SPDConnection SPDConnection;
enum { SPD_MODE_SINGLE = 0, SPD_TEXT = 3 };
typedef SPDConnection *(*SpdOpenFn)(const char *, const char *, const char *, int);
typedef int (*SpdSayFn)(SPDConnection *, int, const char *);
typedef int (*SpdCancelFn)(SPDConnection *);
typedef void (*SpdCloseFn)(SPDConnection *);

typedef struct Spd {
    void *lib;
    SPDConnection *conn;
    SpdSayFn say;
    SpdCancelFn cancel;
    SpdCloseFn close;
} Spd;

struct LsrSpeech {
    LsrSpeechBackend be;
    bool open;                 /* be can be used */
    bool test;                 /* be was set by a test */
    bool probed;
    char why[200];             /* why speech is unavailable, "" when it is not */
    /* what was last spoken about */
    LsrScreen screen;
    bool menu, vote_counted, spoke;
    size_t trace_len;
    int focus_action, focus_arg;
};

/* ------------------------------------------------------ speech-dispatcher */

#ifdef __EMSCRIPTEN__
/* The browser has screen readers of its own; no speech-dispatcher there. */
static void *open_lib(void) { return NULL; }
static void dlclose(void *lib) { (void)lib; }

static bool spd_connect(LsrSpeechBackend *be, char *why, size_t n) {
    (void)be;
    snprintf(why, n, _("Unavailable in the browser: use the browser's own screen reader."));
    return false;
}
#else

static void spd_be_say(void *ctx, const char *text, bool queue) {
    Spd *s = ctx;
    if (!queue) s->cancel(s->conn);
    s->say(s->conn, SPD_TEXT, text);
}

static void spd_be_stop(void *ctx) {
    Spd *s = ctx;
    s->cancel(s->conn);
}

static void spd_be_close(void *ctx) {
    Spd *s = ctx;
    if (s->conn) s->close(s->conn);
    dlclose(s->lib);
    free(s);
}

static void *open_lib(void) { return dlopen("libspeechd.so.2", RTLD_NOW | RTLD_LOCAL); }

/* Connects to speech-dispatcher; false with why set. */
static bool spd_connect(LsrSpeechBackend *be, char *why, size_t n) {
    void *lib = open_lib();
    if (!lib) {
        snprintf(why, n, "%s", SPD_MISSING);
        return false;
    }
    SpdOpenFn op = (SpdOpenFn)(uintptr_t)dlsym(lib, "spd_open");
    Spd *s = calloc(1, sizeof *s);
    if (s) {
        s->lib = lib;
        s->say = (SpdSayFn)(uintptr_t)dlsym(lib, "spd_say");
        s->cancel = (SpdCancelFn)(uintptr_t)dlsym(lib, "spd_cancel");
        s->close = (SpdCloseFn)(uintptr_t)dlsym(lib, "spd_close");
    }
    if (!s || !op || !s->say || !s->cancel || !s->close) {
        snprintf(why, n, _("Unavailable: this libspeechd lacks spd_open, spd_say, spd_cancel or spd_close."));
        free(s);
        dlclose(lib);
        return false;
    }
    s->conn = op("leftsr", "main", NULL, SPD_MODE_SINGLE);
    if (!s->conn) {
        snprintf(why, n, _("Unavailable: speech-dispatcher is installed but could not be reached."));
        free(s);
        dlclose(lib);
        return false;
    }
    *be = (LsrSpeechBackend){ s, spd_be_say, spd_be_stop, spd_be_close };
    return true;
}

#endif

/* ----------------------------------------------------------------- state */

static struct LsrSpeech *state(LsrUi *ui) {
    if (!ui->speech) {
        ui->speech = calloc(1, sizeof *ui->speech);
        if (ui->speech) ui->speech->screen = LSR_SCR_COUNT;
    }
    return ui->speech;
}

static void close_backend(struct LsrSpeech *sp) {
    if (sp->open && sp->be.close) sp->be.close(sp->be.ctx);
    sp->open = false;
}

void lsr_ui_set_speech(LsrUi *ui, const LsrSpeechBackend *be) {
    struct LsrSpeech *sp = state(ui);
    if (!sp) return;
    close_backend(sp);
    sp->test = be != NULL;
    sp->probed = be != NULL;
    sp->why[0] = '\0';
    if (be) {
        sp->be = *be;
        sp->open = true;
    }
}

const char *lsr_speech_unavailable(const LsrUi *ui) { return ui->speech ? ui->speech->why : ""; }

void lsr_speech_probe(LsrUi *ui) {
    struct LsrSpeech *sp = state(ui);
    if (!sp) return;
    if (!sp->probed) {
        sp->probed = true;
        void *lib = open_lib();
        if (lib) dlclose(lib);
        else snprintf(sp->why, sizeof sp->why, "%s", SPD_MISSING);
    }
    if (sp->why[0]) ui->settings.speech = false;   /* a saved "on" cannot hold here */
}

static bool ready(LsrUi *ui) {
    struct LsrSpeech *sp = state(ui);
    if (!sp) return false;
    if (!sp->open && !sp->test && !sp->why[0]) sp->open = spd_connect(&sp->be, sp->why, sizeof sp->why);
    return sp->open;
}

void lsr_speech_toggle(LsrUi *ui, bool on) {
    struct LsrSpeech *sp = state(ui);
    if (!sp) return;
    if (on && !ready(ui)) on = false;
    if (!on && ui->settings.speech) lsr_speech_say(ui, _("Speech off."), false);
    ui->settings.speech = on;
    sp->screen = LSR_SCR_COUNT;   /* say the screen again */
    sp->spoke = false;
    ui->dirty = true;
}

void lsr_speech_say(LsrUi *ui, const char *text, bool queue) {
    struct LsrSpeech *sp = ui->speech;
    if (!sp || !sp->open || !text[0] || !sp->be.say) return;
    sp->be.say(sp->be.ctx, text, queue);
    sp->spoke = true;
}

void lsr_speech_stop(LsrUi *ui) {
    struct LsrSpeech *sp = ui->speech;
    if (sp && sp->open && sp->be.stop) sp->be.stop(sp->be.ctx);
}

void lsr_speech_close(LsrUi *ui) {
    if (!ui->speech) return;
    close_backend(ui->speech);
    free(ui->speech);
    ui->speech = NULL;
}

/* ------------------------------------------------------- what is said */

typedef struct Out { char *p; size_t n, len; } Out;

static void put(Out *o, const char *s) {
    if (!s || !s[0] || o->len + 1 >= o->n) return;
    size_t k = strlen(s);
    if (k > o->n - o->len - 1) k = o->n - o->len - 1;
    memcpy(o->p + o->len, s, k);
    o->len += k;
    o->p[o->len] = '\0';
}

/* A sentence: the text, a full stop unless it ends in one, a space. */
static void said(Out *o, const char *s) {
    if (!s || !s[0]) return;
    put(o, s);
    char last = s[strlen(s) - 1];
    if (last != '.' && last != '!' && last != '?' && last != ':') put(o, ".");
    put(o, " ");
}

static const char *tx(const LsrUi *ui, const LsrText *t) { return lsr_tx(t, ui->opt.lang); }

static void vote_outcome(Out *o, const LsrTraceEntry *te) {
    char b[200];
    snprintf(b, sizeof b, te->passed ? _("The motion passes: %d yes, %d no, %d abstained")
                                    : _("The motion fails: %d yes, %d no, %d abstained"),
             (int)te->vote[0], (int)te->vote[1], (int)te->vote[2]);
    said(o, b);
}

/* The buttons of the frame, in order, after "Buttons:". */
static void buttons(const LsrUi *ui, Out *o) {
    bool any = false;
    for (size_t i = 0; i < ui->n_items; i++) {
        const LsrUiItem *it = &ui->items[i];
        if (it->kind != LSR_ITEM_BUTTON || it->action == A_TERM || it->action == A_MEASURE) continue;
        if (!any) put(o, _("Buttons: "));
        any = true;
        put(o, it->text);
        put(o, it->enabled ? ". " : _(", not available. "));
    }
}

static void screen_text(const LsrUi *ui, Out *o) {
    const LsrScenario *sc = ui->sc;
    const LsrGame *g = ui->g;
    if (ui->menu_open) {
        said(o, _("Menu"));
        buttons(ui, o);
        return;
    }
    switch (ui->screen) {
    case LSR_SCR_TITLE: said(o, _("The Left SRs, a historical strategy game")); break;
    case LSR_SCR_PICKER: said(o, _("New game. Choose a turning point")); break;
    case LSR_SCR_SETTINGS: said(o, _("Settings")); break;
    case LSR_SCR_HELP: said(o, _("Help. Arrow keys scroll. F1 or Escape goes back")); return;
    case LSR_SCR_BACKLOG: said(o, _("Backlog: every text of this game so far. Arrow keys scroll. L goes back")); return;
    case LSR_SCR_GLOSSARY: said(o, _("Glossary: terms and measures. Arrow keys scroll. G goes back")); return;
    case LSR_SCR_ERROR: said(o, _("The game cannot go on")); said(o, ui->error); break;
    case LSR_SCR_SAVED: {
        /* the question before a new game: which game, where it stands, and the backup's name */
        const LsrAsk *a = &ui->ask;
        const LsrScenario *as = a->pick < 0 ? sc : a->pick < ui->n_picks ? ui->picks[a->pick].sc : NULL;
        char b[700];
        said(o, _("You have a game in progress"));
        if (as) said(o, tx(ui, &as->title));
        if (as && a->step >= 0 && (uint32_t)a->step < as->n_steps) {
            snprintf(b, sizeof b, _("At: %s"), tx(ui, &as->steps[a->step].title));
            said(o, b);
        }
        snprintf(b, sizeof b, lsr_ui_n("%u decision made", "%u decisions made", a->n_choices), a->n_choices);
        said(o, b);
        snprintf(b, sizeof b, _("Start again from the briefing; your game in progress is kept as a backup named %s"),
                 a->backup);
        put(o, _("New game: "));
        said(o, b);
        break;
    }
    case LSR_SCR_BRIEFING:
        if (!sc) break;
        said(o, tx(ui, &sc->title));
        said(o, tx(ui, &sc->briefing));
        break;
    case LSR_SCR_DECISION: {
        const LsrStep *st = g ? lsr_game_step(g) : NULL;
        if (!st) break;
        said(o, tx(ui, &st->title));
        said(o, tx(ui, &st->narrative));
        put(o, _("Choices: "));
        int k = 0;
        for (uint32_t i = 0; i < st->n_choices; i++) {
            LsrChoiceState cs = lsr_game_choice_state(g, i);
            if (cs == LSR_CHOICE_HIDDEN) continue;
            const LsrChoice *c = &sc->choices[st->choices_first + i];
            char b[700];
            if (cs == LSR_CHOICE_DISABLED)
                snprintf(b, sizeof b, _("%d, %s, not possible: %s"), ++k, tx(ui, &c->label), tx(ui, &c->reason));
            else snprintf(b, sizeof b, "%d, %s", ++k, tx(ui, &c->label));
            said(o, b);
        }
        return;
    }
    case LSR_SCR_VOTE: {
        const LsrTraceEntry *te = ui->vote_counted && g ? lsr_game_trace(g, ui->shown) : NULL;
        if (te) {
            vote_outcome(o, te);
            break;
        }
        const LsrStep *st = g ? lsr_game_step(g) : NULL;
        if (!st) break;
        said(o, tx(ui, &st->title));
        said(o, tx(ui, &st->narrative));
        put(o, _("The motion: "));
        said(o, tx(ui, &st->motion));
        break;
    }
    case LSR_SCR_CONSEQUENCE:
    case LSR_SCR_REVEAL: {
        const LsrTraceEntry *te = g ? lsr_game_trace(g, ui->shown) : NULL;
        if (!te) break;
        const LsrStep *st = &sc->steps[te->step];
        if (st->type == LSR_STEP_DECISION) {
            const LsrChoice *c = &sc->choices[st->choices_first + te->choice];
            put(o, te->tally ? _("The class chose: ") : _("You chose: "));
            said(o, tx(ui, &c->label));
            said(o, tx(ui, &c->result));
            if (te->outcome != LSR_NEXT_NONE && c->n_outcomes)
                said(o, tx(ui, &sc->outcomes[c->outcomes_first + te->outcome].result));
        } else {
            vote_outcome(o, te);
            said(o, tx(ui, te->passed ? &st->pass.result : &st->fail.result));
        }
        for (uint32_t i = 0; i < te->n_fired; i++) {
            put(o, _("Meanwhile: "));
            said(o, tx(ui, &sc->events[te->fired[i]].title));
            said(o, tx(ui, &sc->events[te->fired[i]].text));
        }
        if (ui->screen == LSR_SCR_REVEAL || (ui->settings.reveal == LSR_REVEAL_AFTER && !ui->cls.on)) {
            put(o, _("What the Left SRs really did: "));
            if (st->type == LSR_STEP_DECISION) said(o, tx(ui, &sc->choices[st->choices_first + st->hist_choice].label));
            said(o, tx(ui, &st->note));
        }
        break;
    }
    case LSR_SCR_DEBRIEF: {
        if (!g) break;
        LsrScore s;
        lsr_game_score(g, &s);
        char b[200];
        snprintf(b, sizeof b, _("Debrief. Historical fidelity %d percent. Outcome against history %+d"),
                 (int)((s.fidelity_permille + 5) / 10), (int)(s.outcome_permille / 10));
        said(o, b);
        break;
    }
    case LSR_SCR_ENDING: {
        const LsrEnding *e = g ? lsr_game_ending(g) : NULL;
        if (!e) break;
        said(o, tx(ui, &e->title));
        said(o, tx(ui, &e->epilogue));
        break;
    }
    default: break;
    }
    buttons(ui, o);
}

static void focus_text(LsrUi *ui, const LsrUiItem *it, Out *o) {
    const LsrScenario *sc = ui->sc;
    said(o, it->text);
    if (it->action == A_TERM && sc && (uint32_t)(it->arg & 0xff) < sc->n_glossary) {
        said(o, tx(ui, &sc->glossary[it->arg & 0xff].definition));
    } else if (it->action == A_MEASURE && sc && (uint32_t)it->arg < sc->n_vars) {
        const LsrVar *v = &sc->vars[it->arg];
        const int32_t *vals = ui->g ? lsr_game_state(ui->g) + 1 : NULL;
        if (vals) {
            char b[64];
            snprintf(b, sizeof b, "%d%s%s", (int)vals[it->arg], v->unit[0] && strcmp(v->unit, "%") ? " " : "",
                     strcmp(v->unit, "%") == 0 ? _("percent") : v->unit);
            said(o, b);
        }
        said(o, tx(ui, &v->description));
    } else if (it->action == A_CHOOSE || it->action == A_PICK) {
        said(o, _("Choice"));
    } else {
        said(o, _("Button"));
    }
}

void lsr_speech_frame(LsrUi *ui) {
    struct LsrSpeech *sp = ui->speech;
    if (!ui->settings.speech) return;
    if (!sp || (!sp->open && !ready(ui))) return;
    sp = ui->speech;
    size_t tl = ui->g ? lsr_game_trace_len(ui->g) : 0;
    char buf[12000];
    Out o = { buf, sizeof buf, 0 };
    buf[0] = '\0';
    bool changed = sp->screen != ui->screen || sp->menu != ui->menu_open || sp->trace_len != tl ||
                   sp->vote_counted != ui->vote_counted;
    if (changed) {
        if (ui->g && tl < sp->trace_len && sp->screen != LSR_SCR_COUNT) put(&o, _("Decision taken back. "));
        screen_text(ui, &o);
    } else if (ui->focus_action != sp->focus_action || ui->focus_arg != sp->focus_arg) {
        for (size_t i = 0; i < ui->n_items; i++) {
            const LsrUiItem *it = &ui->items[i];
            if (it->kind == LSR_ITEM_BUTTON && it->action == ui->focus_action && it->arg == ui->focus_arg) {
                focus_text(ui, it, &o);
                break;
            }
        }
    }
    sp->screen = ui->screen;
    sp->menu = ui->menu_open;
    sp->trace_len = tl;
    sp->vote_counted = ui->vote_counted;
    sp->focus_action = ui->focus_action;
    sp->focus_arg = ui->focus_arg;
    if (o.len) lsr_speech_say(ui, buf, false);
}
