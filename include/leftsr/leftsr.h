/* leftsr engine: public API.
 *
 * The engine is plain C11: no SDL, no printing, never exits. Functions
 * return an LsrStatus and fill diagnostics that the caller prints.
 *
 * Ownership:
 *  - An LsrScenario owns all of its memory (one arena) and is immutable after
 *    loading; lsr_scenario_free releases it. Every pointer reachable from it
 *    (strings, arrays) lives exactly as long as the scenario.
 *  - An LsrGame borrows its scenario (which must outlive it) and owns its
 *    state and trace; lsr_game_destroy releases them.
 *  - An LsrDiagList owns its entries; lsr_diags_free releases them.
 *
 * A game is fully determined by (scenario content hash, seed, carried
 * values, list of choices): saves are that list, and loading one replays it.
 */
#ifndef LEFTSR_LEFTSR_H
#define LEFTSR_LEFTSR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LSR_VERSION "1.0.0"
#define LSR_FORMAT_MAJOR 1
#define LSR_FORMAT_MINOR 1  /* 1.1: booleans, optional bounds, logic steps,
                                effects on steps and endings, dead_end */

/* ------------------------------------------------------------------ status */

typedef enum LsrStatus {
    LSR_OK = 0,
    LSR_ERR_IO,            /* file could not be read or written */
    LSR_ERR_INVALID,       /* content errors: see the diagnostics */
    LSR_ERR_NOMEM,         /* an allocation failed */
    LSR_ERR_ARG,           /* bad argument (index out of range, wrong phase) */
    LSR_ERR_UNAVAILABLE,   /* the choice exists but its condition is false */
    LSR_ERR_ENDED,         /* the game has ended; nothing more to choose */
    LSR_ERR_SAVE,          /* save file corrupt, truncated or foreign */
    LSR_ERR_MISMATCH,      /* save made for another scenario or version */
    LSR_ERR_REPLAY         /* a saved choice no longer applies */
} LsrStatus;

/* Short English name of a status ("I/O error", ...); never NULL. */
const char *lsr_status_str(LsrStatus st);

/* ------------------------------------------------------------- diagnostics */

typedef enum LsrSeverity { LSR_SEV_ERROR = 0, LSR_SEV_WARNING = 1 } LsrSeverity;

typedef struct LsrDiag {
    LsrSeverity severity;
    const char *code;      /* stable code, e.g. "E_UNKNOWN_REF" (static string) */
    int line, col;         /* 1-based; 0 when unknown */
    char path[192];        /* JSON pointer, e.g. "/steps/3/choices/0/next" */
    char message[384];     /* one sentence, no trailing newline */
} LsrDiag;

typedef struct LsrDiagList {
    LsrDiag *items;
    size_t count, cap;
    size_t errors, warnings;
    size_t limit;          /* stop recording after this many (0: 500) */
    bool truncated;        /* more problems existed than were recorded */
} LsrDiagList;

void lsr_diags_init(LsrDiagList *d);
void lsr_diags_free(LsrDiagList *d);
/* Formats "file:line:col: error[CODE]: message (at /path)" into buf.
 * Returns the length it needed (like snprintf). */
size_t lsr_diag_format(const LsrDiag *dg, const char *file, char *buf, size_t n);

/* Every diagnostic code with a one-line explanation, for `check --codes`. */
typedef struct LsrDiagCodeInfo { const char *code; const char *summary; } LsrDiagCodeInfo;
const LsrDiagCodeInfo *lsr_diag_codes(size_t *count);

/* -------------------------------------------------------------------- text */

typedef struct LsrTrans { const char *lang; const char *s; } LsrTrans;

/* A text field: the default-language string plus optional translations. */
typedef struct LsrText {
    const char *s;           /* never NULL once loaded ("" when absent) */
    const LsrTrans *tr;
    uint32_t n_tr;
} LsrText;

/* The text in `lang` if present, else the default string. lang may be NULL. */
const char *lsr_tx(const LsrText *t, const char *lang);

/* ---------------------------------------------------------------- scenario */

typedef uint32_t LsrCond;  /* 0: always true; else index into the node pool */
typedef uint32_t LsrExpr;  /* index into the node pool (0 is the constant 0) */

/* A target of `next`: an index into the unified node space where steps come
 * first (0..n_steps-1) and endings after (n_steps..n_steps+n_endings-1). */
#define LSR_NEXT_END  0xFFFFFFFEu  /* "end": first ending whose condition holds */
#define LSR_NEXT_NONE 0xFFFFFFFFu

typedef struct LsrDate { int16_t year; uint8_t month, day; } LsrDate;

typedef enum LsrBetter { LSR_BETTER_NONE = 0, LSR_BETTER_HIGHER, LSR_BETTER_LOWER } LsrBetter;

typedef struct LsrHistPoint { uint32_t at; int32_t value; } LsrHistPoint; /* at: node index */

typedef enum LsrVarType { LSR_VAR_INTEGER = 0, LSR_VAR_BOOLEAN = 1 } LsrVarType;

typedef struct LsrVar {
    const char *id;
    LsrText label, description;
    const char *unit;        /* "" when absent */
    LsrVarType type;         /* booleans hold 0 (false) or 1 (true) */
    int32_t min, max, initial;
    /* false: no bound on that side (min INT32_MIN / max INT32_MAX); a change
     * past an unbounded side is a run-time fault, not a clamp */
    bool has_min, has_max;
    LsrBetter better;
    bool scored, hidden;
    const LsrHistPoint *hist; uint32_t n_hist;
    int32_t hist_final; bool has_hist_final;
} LsrVar;

typedef struct LsrBloc {
    const char *id;
    LsrText name;
    uint32_t color;          /* 0xRRGGBB */
    int32_t seats;
} LsrBloc;

typedef struct LsrActor { const char *id; LsrText name, role; uint32_t bloc; /* LSR_NEXT_NONE if none */ } LsrActor;

typedef struct LsrSource { const char *id, *title, *author, *language, *perspective; } LsrSource;

typedef struct LsrGlossary { LsrText term, definition; } LsrGlossary;

/* A named point on the map (see include/leftsr/map.h). lon/lat in 1/100 degree;
 * region is words such as "north-west Russia" ("" when not given). */
typedef struct LsrPlace {
    const char *id;
    LsrText name, region;
    int32_t lon, lat;
    uint32_t sources_first, n_sources;  /* into LsrScenario.source_refs; may be 0 */
} LsrPlace;

typedef enum LsrAreaStyle { LSR_AREA_OCCUPIED = 0, LSR_AREA_STRONGHOLD, LSR_AREA_HIGHLIGHT } LsrAreaStyle;

/* A shaded area: regions of the base map (bit i: region i of lsr_map_region_id)
 * and/or a polygon of its own (n_poly lon/lat pairs in 1/100 degree). */
typedef struct LsrArea {
    const char *id;
    LsrText name;
    LsrAreaStyle style;
    uint32_t regions;
    const int32_t *poly; uint32_t n_poly;
    uint32_t sources_first, n_sources;  /* into LsrScenario.source_refs */
} LsrArea;

typedef enum LsrEffectKind { LSR_EFF_SET = 0, LSR_EFF_ADD = 1 } LsrEffectKind;
typedef struct LsrEffect { uint8_t kind; uint32_t var; LsrExpr value; } LsrEffect;

typedef struct LsrOutcome {
    LsrExpr weight;
    LsrText result;
    uint32_t effects_first, n_effects;
    uint32_t next;
} LsrOutcome;

typedef struct LsrChoice {
    const char *id;
    LsrText label, reason, result;
    LsrCond cond;
    bool disable_when_unavailable;   /* false: hidden when cond is false */
    uint32_t effects_first, n_effects;
    uint32_t next;                   /* LSR_NEXT_NONE when outcomes are used */
    uint32_t outcomes_first, n_outcomes;
    uint16_t credit_permille;        /* 1000 for the historical choice */
} LsrChoice;

typedef enum LsrVote { LSR_VOTE_YES = 0, LSR_VOTE_NO = 1, LSR_VOTE_ABSTAIN = 2 } LsrVote;

typedef struct LsrPosition {
    uint32_t bloc;
    LsrCond cond;
    uint8_t pct[3];          /* share voting yes/no/abstain, sums to 100 */
} LsrPosition;

typedef struct LsrBranch {
    LsrText result;
    uint32_t effects_first, n_effects;
    uint32_t next;
} LsrBranch;

/* A logic step is never shown: arriving there applies its effects and play
 * moves on to its `next` within the same transition. */
typedef enum LsrStepType { LSR_STEP_DECISION = 0, LSR_STEP_VOTE = 1, LSR_STEP_LOGIC = 2 } LsrStepType;
typedef enum LsrThreshold { LSR_THRESH_MAJORITY = 0, LSR_THRESH_TWO_THIRDS = 1 } LsrThreshold;

typedef struct LsrStep {
    const char *id;
    LsrStepType type;
    LsrDate date;
    LsrText title, place, narrative;
    const char *image;                  /* NULL when absent */
    bool campaign_only;                 /* reachable only with carried values */
    bool dead_end;                      /* decisions: play may stop here on purpose
                                           when no choice is available */
    uint32_t at;                        /* index into places, LSR_NEXT_NONE when absent */
    const uint32_t *areas; uint32_t n_areas; /* indexes into areas, to highlight */
    LsrCond cond; uint32_t otherwise;    /* skip to `otherwise` when cond is false */
    uint32_t effects_first, n_effects;  /* applied on arrival (every type) */
    uint32_t next;                      /* logic steps: where play goes on */
    /* decisions */
    uint32_t choices_first, n_choices;
    uint32_t hist_choice;               /* index within this step's choices */
    uint16_t hist_weight;
    /* history (decisions and votes) */
    LsrText note, disagreement;
    uint32_t sources_first, n_sources;  /* into LsrScenario.source_refs */
    /* votes */
    LsrText motion;
    const LsrExpr *seat_expr;           /* n_blocs entries, 0 = bloc's own seats; NULL if none */
    uint32_t positions_first, n_positions;
    LsrThreshold threshold;
    LsrBranch pass, fail;
    int32_t hist_tally[3];              /* -1 when not given */
    int8_t hist_pass;                   /* 1 pass, 0 fail, -1 not given */
    bool hist_contested;                /* history.contested: the sources disagree on what the party did */
    bool hist_estimate;                 /* votes: hist_tally is the game's estimate, not a sourced figure */
} LsrStep;

typedef struct LsrEvent {
    const char *id;
    LsrCond cond;
    LsrText title, text;
    uint32_t effects_first, n_effects;
    uint8_t max_fires;
    uint32_t next;                      /* LSR_NEXT_NONE: no diversion */
} LsrEvent;

typedef struct LsrEnding {
    const char *id;
    LsrText title, epilogue;
    LsrCond cond;
    uint32_t effects_first, n_effects;  /* applied on arrival, before scoring */
    bool historical;
} LsrEnding;

typedef struct LsrScenario LsrScenario;

/* Read-only view of a loaded scenario. Arrays are indexed as documented. */
struct LsrScenario {
    const char *id;
    const char *path;                   /* as given to the loader */
    const char *dir;                    /* folder holding the file ("." if none) */
    uint64_t content_hash;              /* lsr_hash64 of the file bytes (seed 0) */
    int format_minor;
    const char *language;
    LsrText title, briefing;
    LsrDate period_start, period_end;
    const LsrText *goals; uint32_t n_goals;
    const LsrSource *sources; uint32_t n_sources;
    const LsrGlossary *glossary; uint32_t n_glossary;
    const LsrPlace *places; uint32_t n_places;
    const LsrArea *areas; uint32_t n_areas;
    const LsrVar *vars; uint32_t n_vars;
    const LsrBloc *blocs; uint32_t n_blocs;
    const LsrActor *actors; uint32_t n_actors;
    const LsrStep *steps; uint32_t n_steps;
    const LsrChoice *choices; uint32_t n_choices;
    const LsrOutcome *outcomes; uint32_t n_outcomes;
    const LsrEffect *effects; uint32_t n_effects;
    const LsrPosition *positions; uint32_t n_positions;
    const uint32_t *source_refs; uint32_t n_source_refs;
    const LsrEvent *events; uint32_t n_events;
    const LsrEnding *endings; uint32_t n_endings;
    uint32_t start;                     /* node index */
    uint32_t historical_ending;         /* index into endings */
    /* compiled conditions and expressions; see game/core/internal.h */
    const void *nodes; uint32_t n_nodes;
    const uint32_t *kids; uint32_t n_kids;
    /* state layout, in 32-bit words; see lsr_state_* below */
    uint32_t n_flags;                   /* visited/chose bits in use */
    uint32_t state_words;
    struct LsrArena *arena;
};

/* Loads and validates a scenario. On success *out owns everything and
 * diags may still hold warnings. On content errors returns LSR_ERR_INVALID
 * with every problem in diags and *out NULL. diags may be NULL. */
LsrStatus lsr_scenario_load_file(const char *path, LsrScenario **out, LsrDiagList *diags);
/* Same from memory; `name` is used in messages and to resolve `dir`. */
LsrStatus lsr_scenario_load_buffer(const char *name, const char *data, size_t len,
                                   LsrScenario **out, LsrDiagList *diags);
void lsr_scenario_free(LsrScenario *sc);

/* Lookups by id; return LSR_NEXT_NONE when absent. */
uint32_t lsr_find_var(const LsrScenario *sc, const char *id);
uint32_t lsr_find_node(const LsrScenario *sc, const char *id);   /* step or ending */
uint32_t lsr_find_choice(const LsrScenario *sc, uint32_t step, const char *id); /* index within step */
uint32_t lsr_find_source(const LsrScenario *sc, const char *id);
uint32_t lsr_find_event(const LsrScenario *sc, const char *id);
/* Id of a node (step or ending) or "end"/"(none)". */
const char *lsr_node_id(const LsrScenario *sc, uint32_t node);

/* Formats a date as "25 October 1917". Returns snprintf's length. */
size_t lsr_date_format(LsrDate d, char *buf, size_t n);
/* The same as the language writes it: "25 октября 1917 г." (ru), "25 de
 * octubre de 1917" (es), "25 octobre 1917" (fr); English for any other or
 * NULL. */
size_t lsr_date_format_lang(LsrDate d, const char *lang, char *buf, size_t n);

/* Wording every front end and report shares about how sure the history is.
 * The tag shown beside a step whose history.contested is true: */
#define LSR_CONTESTED_TAG "Contested: the sources disagree about what the party did"
/* What a vote's historical tally is called: "Historically", or "Estimate
 * (not in the sources)" when history.estimate is true. A static string. */
const char *lsr_hist_tally_label(const LsrStep *st);
/* Is v one of the game's invented measures (a percentage from 0 to 100, like
 * trust or unity) rather than a count the sources give (seats, members)?
 * Score tables say "game scale" beside such values. */
bool lsr_var_is_game_scale(const LsrVar *v);

/* ------------------------------------------------------------ state model
 * The raw state is an array of sc->state_words int32 words:
 *   word 0                     position: node index, or LSR_POS_STUCK
 *   words 1 .. n_vars          variable values
 *   then ceil(n_events/4)      event fire counts, one byte each
 *   then ceil(n_flags/32)      visited/chose bits
 * Two states with equal words are the same situation. The analyser and the
 * random player drive the engine through these functions directly. */

#define LSR_POS_STUCK 0xFFFFFFFDu
/* LSR_POS_FAULT | e: effect e (index into sc->effects) took a variable past
 * an unbounded side of its range (a run-time error); play stops there. */
#define LSR_POS_FAULT 0xC0000000u
#define LSR_POS_FAULT_MASK 0x3FFFFFFFu

typedef struct LsrStepRecord {
    uint32_t outcome;          /* outcome index taken, or LSR_NEXT_NONE */
    int32_t vote[3];           /* yes/no/abstain totals, votes only */
    bool passed;
    uint16_t fired[32];        /* events that fired, in order */
    uint32_t n_fired;          /* may exceed 32: only the first 32 are listed */
    bool clamped;              /* an effect hit a variable's limit */
    uint16_t logic[16];        /* logic steps passed through, in order */
    uint32_t n_logic;          /* may exceed 16: only the first 16 are listed */
} LsrStepRecord;

/* The historical value the scenario gives for variable var on arriving at
 * node (a step index, or n_steps + an ending). At a step: only a value
 * given for that step, no fallback. At any ending: the value given for the
 * historical ending (where history ended). False, *out untouched, when the
 * scenario gives none. The state bars, the debrief chart and the report
 * all place their historical marks by it. */
bool lsr_hist_value(const LsrScenario *sc, uint32_t var, uint32_t node, int32_t *out);

/* Initial state: start position (after conditional skips), initial values.
 * `carry` may override initial values (n_vars entries, INT32_MIN = keep). */
void lsr_state_init(const LsrScenario *sc, int32_t *st, const int32_t *carry);
/* Same, recording the events fired and logic steps passed before the first
 * step (rec may be NULL). */
void lsr_state_init_record(const LsrScenario *sc, int32_t *st, const int32_t *carry, LsrStepRecord *rec);
/* Evaluates a condition / expression against a state. */
bool lsr_cond_eval(const LsrScenario *sc, const int32_t *st, LsrCond c);
int64_t lsr_expr_eval(const LsrScenario *sc, const int32_t *st, LsrExpr e);
/* Is choice i (index within the current step) available in this state? */
bool lsr_choice_available(const LsrScenario *sc, const int32_t *st, uint32_t i);
/* Outcome weights of choice i after its own effects: writes n_outcomes
 * weights (negatives as 0) into w and returns their sum (0 if none). */
uint64_t lsr_outcome_weights(const LsrScenario *sc, const int32_t *st, uint32_t i, uint64_t *w);
/* Takes choice i (ignored for votes) with the given outcome (ignored when
 * the choice has none), then runs events and arrives at the next position.
 * Does not check availability. rec may be NULL. */
void lsr_state_advance(const LsrScenario *sc, int32_t *st, uint32_t i, uint32_t outcome,
                       LsrStepRecord *rec);
/* Vote tally in a state: per-bloc yes/no/abstain (n_blocs×3, may be NULL)
 * and totals. Returns whether the motion passes. */
bool lsr_vote_tally(const LsrScenario *sc, const int32_t *st, uint32_t step,
                    int32_t *per_bloc, int32_t totals[3]);
static inline uint32_t lsr_state_pos(const int32_t *st) { return (uint32_t)st[0]; }
/* The effect that faulted (see LSR_POS_FAULT), or LSR_NEXT_NONE. */
static inline uint32_t lsr_state_fault(const int32_t *st) {
    uint32_t p = (uint32_t)st[0];
    return p != LSR_POS_STUCK && p != LSR_NEXT_NONE && p != LSR_NEXT_END && (p & 0xC0000000u) == LSR_POS_FAULT
               ? p & LSR_POS_FAULT_MASK : LSR_NEXT_NONE;
}
/* Is the state stopped at a step marked dead_end (no choice available)? */
bool lsr_state_dead_end(const LsrScenario *sc, const int32_t *st);
/* Where effect e is written, for messages: "choice 'walkout:stay', effect 2
 * (add 'trust')". Returns snprintf's length. */
size_t lsr_effect_where(const LsrScenario *sc, uint32_t e, char *buf, size_t n);
static inline int32_t lsr_state_var(const int32_t *st, uint32_t v) { return st[1 + v]; }

/* -------------------------------------------------------------------- game */

typedef struct LsrGame LsrGame;

typedef enum LsrPhase {
    LSR_PHASE_DECISION = 0,    /* waiting for a choice */
    LSR_PHASE_VOTE,            /* a vote step: call lsr_game_choose(g, 0) to resolve */
    LSR_PHASE_ENDED,           /* an ending was reached */
    LSR_PHASE_STUCK            /* "end" found no ending whose condition holds, no
                                  choice is available, or an effect faulted
                                  (see lsr_game_fault, lsr_game_dead_end) */
} LsrPhase;

typedef enum LsrChoiceState { LSR_CHOICE_AVAILABLE = 0, LSR_CHOICE_DISABLED, LSR_CHOICE_HIDDEN } LsrChoiceState;

/* One entry per step resolved (a decision taken or a vote counted). */
typedef struct LsrTraceEntry {
    uint32_t step;             /* step index */
    uint32_t choice;           /* index within the step; 0 for votes */
    uint32_t outcome;          /* outcome index, or LSR_NEXT_NONE */
    uint64_t draw;             /* raw random draw (0 when none was needed) */
    uint64_t draw_total;       /* sum of weights the draw was reduced by */
    int32_t vote[3];           /* votes: totals */
    const int32_t *bloc_votes; /* votes: n_blocs×3, else NULL */
    bool passed;
    const uint16_t *fired; uint32_t n_fired;  /* events fired after this step */
    const int32_t *vars_after; /* n_vars values after the step and its events */
    const uint32_t *tally; uint32_t n_tally;  /* class vote per choice, or NULL */
    uint32_t next;             /* position after: node index or LSR_POS_STUCK */
} LsrTraceEntry;

typedef struct LsrGameOptions {
    uint64_t seed;
    const int32_t *carry;      /* n_vars entries, INT32_MIN = keep initial; may be NULL */
} LsrGameOptions;

/* Creates a game at the start of sc. */
LsrStatus lsr_game_create(const LsrScenario *sc, const LsrGameOptions *opt, LsrGame **out);
void lsr_game_destroy(LsrGame *g);

const LsrScenario *lsr_game_scenario(const LsrGame *g);
uint64_t lsr_game_seed(const LsrGame *g);
LsrPhase lsr_game_phase(const LsrGame *g);
/* Current step, or NULL when ended/stuck. */
const LsrStep *lsr_game_step(const LsrGame *g);
uint32_t lsr_game_step_index(const LsrGame *g);
/* The ending reached, or NULL. */
const LsrEnding *lsr_game_ending(const LsrGame *g);
/* Stuck on purpose: at a step marked dead_end where no choice is available. */
bool lsr_game_dead_end(const LsrGame *g);
/* The effect that stopped the game with a run-time fault (a variable past
 * an unbounded side of its range), or LSR_NEXT_NONE. */
uint32_t lsr_game_fault(const LsrGame *g);
LsrChoiceState lsr_game_choice_state(const LsrGame *g, uint32_t i);
int32_t lsr_game_var(const LsrGame *g, uint32_t v);
const int32_t *lsr_game_state(const LsrGame *g);     /* raw state words */
const int32_t *lsr_game_initial_vars(const LsrGame *g);

/* Takes choice i at the current decision (for a vote step pass 0). */
LsrStatus lsr_game_choose(LsrGame *g, uint32_t i);
/* Same, recording a class vote: tally[k] votes for choice k (n = n_choices).
 * LSR_ERR_ARG unless the tally is one a class could give: each count at
 * most LSR_MAX_VOTES_PER_CHOICE, 0 for choices not available, and choice i
 * has the most votes (among tied choices any may be taken). */
LsrStatus lsr_game_choose_tally(LsrGame *g, uint32_t i, const uint32_t *tally, uint32_t n);
/* Steps back one resolved step by replaying all but the last. */
LsrStatus lsr_game_undo(LsrGame *g);
/* Index in the trace of the last decision taken (not a vote), or (size_t)-1. */
size_t lsr_game_last_decision(const LsrGame *g);
/* Steps back to before the last decision, undoing any vote counted after
 * it, in one replay. LSR_ERR_ARG (nothing changed) when no decision lies behind. */
LsrStatus lsr_game_undo_decision(LsrGame *g);
/* The choice a class vote takes at the current decision: the available
 * choice with the most votes in tally (n_choices entries), or LSR_NEXT_NONE
 * when the most votes are shared or zero (the teacher decides). tied (may be
 * NULL; n_choices entries) marks the available choices with the most votes. */
uint32_t lsr_game_tally_winner(const LsrGame *g, const uint32_t *tally, bool *tied);

size_t lsr_game_trace_len(const LsrGame *g);
const LsrTraceEntry *lsr_game_trace(const LsrGame *g, size_t i);

/* A debugging aid for scenario authors: moves the game to step `step`
 * (index; not a logic step) keeping every variable value, flag and the trace. Afterwards the
 * choices alone no longer lead here, so a save of the game would not
 * replay it: front ends stop saving. Undo and lsr_game_replay repeat the
 * jumps. Returns LSR_ERR_ARG for an index that is not a step. */
LsrStatus lsr_game_jump(LsrGame *g, uint32_t step);
/* Has lsr_game_jump been used on this game? */
bool lsr_game_jumped(const LsrGame *g);

typedef enum LsrReplayStop {
    LSR_REPLAY_COMPLETE = 0,   /* every choice replayed */
    LSR_REPLAY_NO_STEP,        /* the step of the next choice no longer exists */
    LSR_REPLAY_NO_CHOICE,      /* the step exists but the choice id does not */
    LSR_REPLAY_UNAVAILABLE,    /* the choice exists but its condition is now false */
    LSR_REPLAY_DIVERGED        /* the replay arrived at another step than the game did */
} LsrReplayStop;

typedef struct LsrReplayReport {
    size_t replayed, total;    /* trace entries replayed, of those in the game */
    LsrReplayStop stop;
    char step[64], choice[64]; /* ids of the choice that could not be replayed ("" if none) */
    char at[64];               /* id of the node the replay ended on */
} LsrReplayReport;

/* Replays a game's choices, by step and choice id, with the same seed and
 * carried values, against another scenario (typically a new version of the
 * same file) into a new game *out. Stops at the first choice that no longer
 * applies and returns LSR_ERR_REPLAY, *out holding the game replayed so far;
 * LSR_OK when every choice applied. rep (may be NULL) says how far it got.
 * `from` and its scenario are only read and may be freed afterwards. */
LsrStatus lsr_game_replay(const LsrGame *from, const LsrScenario *sc, LsrGame **out, LsrReplayReport *rep);

/* ------------------------------------------------------------------- score */

typedef struct LsrVarScore {
    uint32_t var;
    int32_t final, historical;
    int32_t delta_permille;    /* signed: positive is better for the party */
} LsrVarScore;

typedef struct LsrScore {
    uint32_t decisions;        /* decisions taken */
    uint32_t matched;          /* of which the historical choice */
    uint32_t weight_total;     /* sum of weights × 1000 */
    uint32_t weight_earned;
    int32_t fidelity_permille; /* 0..1000; 1000 when no decision was taken */
    int32_t outcome_permille;  /* -1000..1000; 0 = as history went */
    uint32_t n_vars;           /* scored variables */
    LsrVarScore vars[64];      /* the first 64 scored variables */
} LsrScore;

void lsr_game_score(const LsrGame *g, LsrScore *out);

/* --------------------------------------------------------------- saves
 * A save is the replay: scenario id, content hash, seed, carry, choices (by
 * id) and class tallies, in a small versioned, checksummed JSON file. */

typedef struct LsrSaveInfo {
    char scenario_id[64];
    uint64_t content_hash;
    uint64_t seed;
    uint32_t n_choices;
    char saved_at[32];         /* ISO 8601 UTC */
} LsrSaveInfo;

/* Writes atomically: temporary file, fsync, rename; the previous save is
 * kept as PATH.bak. Creates missing parent folders. */
LsrStatus lsr_save_write(const LsrGame *g, const char *path, char *err, size_t errlen);
/* Loads a save and replays it against sc into a new game. On
 * LSR_ERR_MISMATCH (other scenario version) *out still holds the game
 * replayed as far as the saved choice ids allow. */
LsrStatus lsr_save_load(const LsrScenario *sc, const char *path, LsrGame **out,
                        char *err, size_t errlen);
/* Same from memory (for fuzzing and tests). */
LsrStatus lsr_save_load_buffer(const LsrScenario *sc, const char *data, size_t len, LsrGame **out,
                               char *err, size_t errlen);
/* Reads only the header of a save (for "Continue" and reports). */
LsrStatus lsr_save_peek(const char *path, LsrSaveInfo *info, char *err, size_t errlen);
/* The default save path for a scenario id: $XDG_DATA_HOME/leftsr/saves/ID.json
 * (or $HOME/.local/share/...); relative values are ignored, as XDG says.
 * Returns its length, or 0 (and "") when there is no absolute folder for it. */
size_t lsr_save_default_path(const char *scenario_id, char *buf, size_t n);


/* ---------------------------------------------------------------- campaign
 * A campaign chains scenarios and carries variable values between them. */

typedef struct LsrCampaign LsrCampaign;

/* The most votes one choice can get in a class tally (every front end
 * takes at most this; lsr_game_choose_tally and saves refuse more). */
#define LSR_MAX_VOTES_PER_CHOICE 999

/* The most scenarios one campaign may chain (the loader refuses more with
 * E_LIMIT); front ends size their per-part arrays with it. */
#define LSR_MAX_CAMPAIGN_PARTS 64

typedef struct LsrCampaignPart {
    const char *file;             /* resolved path of the scenario file */
    LsrScenario *scenario;        /* loaded and validated */
    const char *const *carry;     /* variable ids carried into this part */
    uint32_t n_carry;
} LsrCampaignPart;

struct LsrCampaign {
    const char *id;
    const char *path;
    LsrText title, briefing;
    const LsrCampaignPart *parts; uint32_t n_parts;
    uint32_t n_epilogues;
    struct LsrCampaignImpl *impl;
};

/* Loads a campaign and every scenario it names (paths relative to the
 * campaign file). Same error contract as lsr_scenario_load_file. */
LsrStatus lsr_campaign_load(const char *path, LsrCampaign **out, LsrDiagList *diags);
void lsr_campaign_free(LsrCampaign *cp);
/* Fills `carry` (n_vars of part k's scenario) from the final state of the
 * previous part's game: carried ids take the previous value, the rest
 * INT32_MIN. For k == 0 every entry is INT32_MIN. */
void lsr_campaign_carry(const LsrCampaign *cp, uint32_t k, const LsrGame *prev, int32_t *carry);
/* The epilogue for a finished campaign: `endings[k]` is the ending index
 * reached in part k; `final_vars` the last part's final variables. */
const LsrText *lsr_campaign_epilogue(const LsrCampaign *cp, const uint32_t *endings,
                                     const int32_t *final_vars);
/* The same as an index into the campaign's epilogues (LSR_NEXT_NONE when
 * none fires), and the text of epilogue i (NULL when out of range). */
uint32_t lsr_campaign_epilogue_index(const LsrCampaign *cp, const uint32_t *endings, const int32_t *final_vars);
const LsrText *lsr_campaign_epilogue_text(const LsrCampaign *cp, uint32_t i);
/* Whether any epilogue condition reads the ending reached in `part`, or the
 * last part's variable `var`; what the analyser must keep apart. */
bool lsr_campaign_reads_ending(const LsrCampaign *cp, uint32_t part);
bool lsr_campaign_reads_var(const LsrCampaign *cp, uint32_t var);

/* ------------------------------------------------------------------ misc */

/* Fast non-cryptographic 64-bit hash of n bytes, identical on every
 * platform. seed 0 starts a new hash; to hash pieces in turn, pass the
 * previous result as the seed (the value depends on how the input is cut). */
uint64_t lsr_hash64(const void *data, size_t n, uint64_t seed);
/* Creates the missing folders on the way to the file `path` (not the file);
 * returns 0, or -1 with errno set. */
int lsr_mkdirs_for(const char *path);
/* Is `rel` a file inside folder `dir`? False for an absolute path, a '..'
 * component, a backslash, or a path whose symbolic links lead out of dir
 * (checked with realpath when the file exists; a dangling link is refused).
 * Front ends call it again right before opening the file. */
bool lsr_path_inside(const char *dir, const char *rel);
/* Text from a scenario, a save or a path is shown only through this, so it
 * cannot drive a terminal or reorder what is shown: C0 controls and DEL
 * become visible escapes (ESC "\\e", CR "\\r", newline "\\n" unless
 * LSR_SAFE_MULTILINE, others "\\x07"), tab stays; C1 controls and the bidi
 * and invisible format characters (U+202A-202E, U+2066-2069, U+200B,
 * U+200E/F, U+2028/9, U+061C, U+2060-2064, U+FEFF) become "\\u202e"; bytes
 * that are not UTF-8 become U+FFFD. Writes at most n bytes including the
 * NUL, cut at a character boundary (out may be NULL when n is 0); returns
 * the length the whole result needs. Safe text is returned unchanged. The
 * loader passes every display text of a scenario or campaign through it. */
enum { LSR_SAFE_MULTILINE = 1u };
size_t lsr_text_safe(const char *s, char *out, size_t n, unsigned flags);

/* ----------------------------------------------------------------- files
 * Every file the program reads or writes goes through these, so that no
 * file is ever written through a planted link and no FIFO or device is
 * ever waited on. errlen-sized messages name the path and the OS error. */

#define LSR_FILE_PATH_MAX 4096
/* Opens `path` read-only if it is a regular file; a FIFO, device or folder
 * is refused at once (opened with O_NONBLOCK, then fstat). Returns the fd,
 * or -1 with err and errno set. */
int lsr_file_open_regular(const char *path, char *err, size_t errlen);
/* Reads all of the regular file `path` into a new NUL-terminated buffer
 * (free it with lsr_file_free). LSR_ERR_IO: cannot open/read or not a
 * regular file; LSR_ERR_INVALID: larger than `max` bytes (*len = its size);
 * LSR_ERR_NOMEM. */
LsrStatus lsr_file_read(const char *path, size_t max, char **data, size_t *len, char *err, size_t errlen);
void lsr_file_free(char *data);

enum {
    LSR_WRITE_BACKUP = 1u,        /* keep the replaced file as PATH.bak */
    LSR_WRITE_REGULAR_ONLY = 2u,  /* refuse a target that is not a regular file (lstat: links too) */
    LSR_WRITE_MKDIRS = 4u         /* create the missing folders first */
};
/* A file being written: data goes to a new temporary file beside PATH,
 * created with O_CREAT|O_EXCL|O_NOFOLLOW under an unguessable name, and is
 * renamed over PATH only on commit (after fsync), so PATH always holds a
 * whole file and a link planted at PATH or at any temporary name is never
 * written through. Write to `f` between open and commit/abort. */
typedef struct LsrFileWriter {
    FILE *f;
    unsigned flags;
    char path[LSR_FILE_PATH_MAX];
    char tmp[LSR_FILE_PATH_MAX + 16];
} LsrFileWriter;
LsrStatus lsr_writer_open(LsrFileWriter *w, const char *path, unsigned flags, char *err, size_t errlen);
/* Flushes, syncs and renames into place; on any failure the temporary file
 * is removed, PATH is untouched and LSR_ERR_IO returned with err. */
LsrStatus lsr_writer_commit(LsrFileWriter *w, char *err, size_t errlen);
void lsr_writer_abort(LsrFileWriter *w);
/* open + write + commit of a buffer. */
LsrStatus lsr_file_write(const char *path, const void *data, size_t len, unsigned flags, char *err,
                         size_t errlen);
/* Takes an exclusive lock for `path` (on PATH.lock, created if missing),
 * held until lsr_file_unlock or the end of the process, even by SIGKILL.
 * Returns the lock's fd (>= 0); -2 when another process holds it; -1 when
 * it cannot be taken (err says why). */
int lsr_file_lock(const char *path, char *err, size_t errlen);
void lsr_file_unlock(int fd);

/* Allocation hook for the whole engine (tests inject failures). NULL restores. */
typedef void *(*LsrReallocFn)(void *ptr, size_t size, void *ud);
void lsr_set_allocator(LsrReallocFn fn, void *ud);

/* ------------------------------------------------------------ translations
 * A scenario's translations live beside it as gettext catalogues,
 * DIR/po/LANG/NAME.po for DIR/NAME.json: each entry's msgctxt is the
 * text's stable context (its JSON path with array elements named by their
 * "id", or a glossary entry by its "term": "steps/walkout/choices/chase/
 * label"), msgid the English it translates, msgstr the translation. */

typedef struct LsrCatalog LsrCatalog;
typedef struct LsrCatalogEntry {
    const char *ctx, *msgid, *msgstr;
    bool fuzzy;
    int line;                /* where the entry starts in the PO file */
} LsrCatalogEntry;

/* Parses a PO file. Syntax errors (E_PO_SYNTAX, with their line) go to
 * diags and make it LSR_ERR_INVALID. The caller frees *out. */
LsrStatus lsr_catalog_load(const char *path, LsrCatalog **out, LsrDiagList *diags);
/* The same from memory (text need not end in NUL); name is kept as its path. */
LsrStatus lsr_catalog_parse(const char *name, const char *text, size_t len, LsrCatalog **out, LsrDiagList *diags);
void lsr_catalog_free(LsrCatalog *c);
const char *lsr_catalog_lang(const LsrCatalog *c);   /* the header's Language ("" if none) */
const char *lsr_catalog_path(const LsrCatalog *c);
uint32_t lsr_catalog_count(const LsrCatalog *c);
/* Index of the entry with this context (or, for an entry without one,
 * this msgid), or LSR_NEXT_NONE. */
uint32_t lsr_catalog_find(const LsrCatalog *c, const char *ctx);
LsrCatalogEntry lsr_catalog_entry(const LsrCatalog *c, uint32_t i);
/* msgstr[form] of a plural entry, or NULL when absent or empty. */
const char *lsr_catalog_plural(const LsrCatalog *c, uint32_t i, unsigned form);

/* What a translation covers, filled by a load with a report. */
typedef struct LsrTrReport {
    char catalog[1024];      /* the PO file used, "" when none was found */
    uint32_t texts;          /* texts in the file that a translation can cover */
    uint32_t translated, missing, fuzzy, stale, malformed, unused;
    LsrDiagList at_text;     /* W_TR_MISSING at the English text, with its line and column */
    LsrDiagList at_entry;    /* fuzzy, out-of-date, malformed and unused entries and
                                PO syntax errors, at their line in the catalogue */
} LsrTrReport;
void lsr_tr_report_init(LsrTrReport *r);
void lsr_tr_report_free(LsrTrReport *r);

typedef struct LsrLoadOptions {
    const char *lang;        /* translate into this language from the catalogue beside
                                the file; NULL or the file's own language: none */
    LsrTrReport *report;     /* optional */
    /* optional: called for every translatable text in file order, with its
     * context, its English and its line (what `leftsr po` extracts) */
    void (*visit)(void *user, const char *ctx, const char *english, int line);
    void *visit_user;
} LsrLoadOptions;

/* lsr_scenario_load_file and lsr_campaign_load with options (o may be
 * NULL). A missing catalogue is not an error: the text stays English. A
 * translated text keeps its English in LsrText.s and gains an LsrTrans
 * for o->lang; an entry is used only when its msgid is the current
 * English, it is not fuzzy and it keeps the English's {placeholders},
 * paragraph breaks and leading/trailing newlines. */
LsrStatus lsr_scenario_load_file_opts(const char *path, const LsrLoadOptions *o, LsrScenario **out,
                                      LsrDiagList *diags);
LsrStatus lsr_campaign_load_opts(const char *path, const LsrLoadOptions *o, LsrCampaign **out,
                                 LsrDiagList *diags);

#ifdef __cplusplus
}
#endif
#endif
