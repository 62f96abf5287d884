/* `leftsr analyze`: exact exploration of a scenario's whole decision space,
 * and `leftsr new`: a starter scenario.
 *
 * The analyser drives the engine through the raw state model of
 * leftsr/leftsr.h (lsr_state_init, lsr_choice_available,
 * lsr_outcome_weights, lsr_state_advance). Identical states are merged, so
 * the number of distinct play-throughs may be astronomically large and is
 * still counted exactly (128-bit, with saturation).
 *
 * Ownership: lsr_analysis_run fills an LsrAnalysis that owns every array in
 * it; lsr_analysis_free releases them. The scenario is borrowed and must
 * outlive the analysis. Same for LsrRandomStats / lsr_random_stats_free.
 */
#ifndef LEFTSR_ANALYZE_H
#define LEFTSR_ANALYZE_H

#include "leftsr/leftsr.h"

#include <stdbool.h>
#include <stdint.h>

__extension__ typedef unsigned __int128 lsr_u128;

/* Subcommand entry points; each returns a process exit code. */
int lsr_cmd_analyze(int argc, char **argv);
int lsr_cmd_new(int argc, char **argv);

#define LSR_ANALYZE_DEFAULT_MAX_STATES 5000000u

typedef struct LsrAnalyzeOptions {
    uint64_t max_states;    /* 0: LSR_ANALYZE_DEFAULT_MAX_STATES */
    uint64_t dp_budget;     /* live (state, fidelity) entries for the exact
                               fidelity distribution; 0: 4,000,000 */
    uint64_t samples;       /* play-throughs when fidelity must be sampled; 0: 200,000 */
    uint64_t seed;          /* for that sampling */
    uint64_t full_limit;    /* full-mode states before switching to reduced mode;
                               0: 300,000; UINT64_MAX: never reduce */
    uint32_t var;           /* with want_var: the variable whose final values
                               to report (see LsrVarDist) */
    bool want_var;
    bool progress;          /* report progress on stderr (a TTY) */
} LsrAnalyzeOptions;

/* Final value of one variable at the endings: over paths and under random
 * play. Exact; values are sorted ascending. */
typedef struct LsrVarValue {
    int32_t value;
    lsr_u128 paths; bool paths_sat;
    long double prob;
} LsrVarValue;

typedef struct LsrVarDist {
    uint32_t var;              /* LSR_NEXT_NONE: not asked for */
    LsrVarValue *values; uint32_t n_values;
    long double mean_paths;    /* mean over paths that reach an ending */
    long double mean_prob;     /* mean under random play, given an ending is reached */
    int32_t min, max;
} LsrVarDist;

typedef enum LsrAnalyzeStatus {
    LSR_AN_OK = 0,
    LSR_AN_TOO_MANY_STATES,  /* more than max_states distinct states */
    LSR_AN_NOMEM,            /* an allocation failed */
    LSR_AN_MEMORY_BUDGET,    /* stopped at the memory budget (lsr_an_budget_set) */
    LSR_AN_TIME_BUDGET       /* stopped at the time budget */
} LsrAnalyzeStatus;

/* The budget every long loop of the analysis and of random play checks:
 * the process's resident memory may not pass max_bytes and the run may not
 * last more than max_seconds (0: no limit for either). Set before a run;
 * a run that reaches it stops with LSR_AN_MEMORY_BUDGET or
 * LSR_AN_TIME_BUDGET and keeps what it counted so far. Process-wide. */
void lsr_an_budget_set(uint64_t max_bytes, double max_seconds);
void lsr_an_budget_clear(void);
/* A quarter of physical memory (or of the cgroup's limit when smaller). */
uint64_t lsr_an_budget_default_bytes(void);
/* Seconds since lsr_an_budget_set. */
double lsr_an_budget_elapsed(void);
#define LSR_ANALYZE_DEFAULT_MAX_SECONDS 300

/* One resolved step of an example path. */
typedef struct LsrPathStep {
    uint32_t step;     /* step index */
    uint32_t choice;   /* index within the step (0 for votes) */
    uint32_t outcome;  /* outcome index, or LSR_NEXT_NONE; votes: 1 passed, 0 failed */
} LsrPathStep;

typedef struct LsrPath {
    LsrPathStep *items;
    uint32_t n;
    uint32_t end;      /* final position: node index or LSR_POS_STUCK */
    uint32_t loop_at;  /* cycles: index in items where the loop starts, else UINT32_MAX */
} LsrPath;

/* Scores of a path or a state. */
typedef struct LsrPathScore {
    int32_t fidelity_permille;
    int32_t outcome_permille;
    uint64_t earned, total;   /* fidelity numerator and denominator (weights x 1000) */
} LsrPathScore;

#define LSR_HIST_FID_BINS 11   /* 0-99, ..., 900-999, 1000 per mille */
#define LSR_HIST_OUT_BINS 21   /* -1000..-901, ..., 0..99 ..., 900..999, 1000 */

typedef struct LsrAnalysis {
    const LsrScenario *sc;
    LsrAnalyzeStatus status;
    uint64_t max_states;

    /* Reduced mode: when the full state space would have more than
     * full_limit states (the reduced graph, explored first, has more than
     * half as many, or the full exploration overflows), each state forgets
     * the variables and flags that nothing later can read (see
     * docs/analyze-output.md). Everything stays exact: the outcome scores,
     * clamps and var_dist replay the forgotten values over the graph. Only
     * when too many value combinations would wait at once do they come from
     * sampling (outcome_sampled, clamps_sampled). "Never needed" is not
     * computed (needed_checked false). */
    bool reduced;
    bool outcome_sampled, clamps_sampled, needed_checked;
    uint64_t score_samples;    /* play-throughs behind the sampled figures */
    uint64_t n_states, n_edges;
    uint32_t max_depth;        /* longest path in resolved steps (DAGs only) */
    bool cyclic;
    LsrPath cycle;             /* example: the path to the loop, then the loop */

    /* Paths (sequences of choices and random outcomes from the start to an
     * ending or a stuck state); valid when !cyclic. *_sat: 2^128 or more. */
    lsr_u128 paths_total; bool paths_total_sat;
    lsr_u128 *ending_paths; bool *ending_paths_sat;      /* n_endings */
    lsr_u128 stuck_paths; bool stuck_paths_sat;
    /* Probabilities under uniform random play; exact rationals while they
     * fit in 128 bits (prob_exact), always as long double. */
    long double *ending_prob;                            /* n_endings */
    long double stuck_prob;
    bool prob_exact;
    lsr_u128 *ending_prob_num, *ending_prob_den;         /* n_endings */
    lsr_u128 stuck_prob_num, stuck_prob_den;

    /* Reachability: number of distinct reachable states at each place. */
    uint64_t *step_states;     /* n_steps: states at the step (0: never shown) */
    uint64_t *ending_states;   /* n_endings */
    uint64_t *choice_avail;    /* n_choices (global index): states where available */
    uint64_t *outcome_taken;   /* n_outcomes: transitions taking the outcome */
    uint64_t *event_fired;     /* n_events: transitions in which it fired */
    bool *choice_needed;       /* n_choices: see docs/authoring.md "never needed" */
    uint64_t *var_hit_min, *var_hit_max;   /* n_vars: transitions clamping to a limit
                                              (clamps_sampled: sampled runs) */
    LsrPath *var_hit_example;  /* n_vars: a path whose last step clamps the variable */

    uint64_t stuck_states;     /* LSR_POS_STUCK, or a decision with no available choice */
    LsrPath stuck_example;
    /* Declared dead ends: stops at steps marked dead_end (not errors). */
    uint64_t dead_end_states;
    LsrPath dead_end_example;
    lsr_u128 dead_end_paths; bool dead_end_paths_sat;
    long double dead_end_prob;
    /* Run-time faults: an effect takes a variable past an unbounded side.
     * Up to 8 distinct effects, each with its states and an example. */
    uint64_t fault_states;
    uint32_t n_fault_effects;
    uint32_t fault_effect[8];
    LsrPath fault_example[8];
    LsrVarDist var_dist;

    /* Scores over paths that reach an ending. */
    bool have_scores;
    lsr_u128 out_hist_paths[LSR_HIST_OUT_BINS]; bool out_hist_sat[LSR_HIST_OUT_BINS];
    long double out_hist_prob[LSR_HIST_OUT_BINS];
    int32_t out_min, out_max;
    bool fid_sampled;          /* fidelity distribution from sampling, not exact */
    uint64_t fid_samples;
    lsr_u128 fid_hist_paths[LSR_HIST_FID_BINS]; bool fid_hist_sat[LSR_HIST_FID_BINS];
    long double fid_hist_prob[LSR_HIST_FID_BINS];
    int32_t fid_min, fid_max;
    LsrPath best_fid, worst_fid, best_out, worst_out;
    LsrPathScore best_fid_score, worst_fid_score, best_out_score, worst_out_score;

    /* The all-historical path (historical choice everywhere, most likely
     * outcome at random outcomes). hist_blocked: the historical choice was
     * unavailable at the last step of hist_path. */
    LsrPath hist_path;
    LsrPathScore hist_score;
    bool hist_blocked;
} LsrAnalysis;

/* Explores sc completely. Returns the status also stored in out->status;
 * on LSR_AN_TOO_MANY_STATES / LSR_AN_NOMEM only n_states is meaningful.
 * opt may be NULL. Free with lsr_analysis_free in every case. */
LsrAnalyzeStatus lsr_analysis_run(const LsrScenario *sc, const LsrAnalyzeOptions *opt,
                                  LsrAnalysis *out);
void lsr_analysis_free(LsrAnalysis *a);
/* Number of error findings (stuck states, unreachable steps or endings,
 * cycles, limits exceeded). */
uint32_t lsr_analysis_errors(const LsrAnalysis *a);

/* Scores of a final state reached with the given fidelity accumulators,
 * computed as lsr_game_score does. */
void lsr_analysis_score_state(const LsrScenario *sc, const int32_t *st, uint64_t earned,
                              uint64_t total, LsrPathScore *out);

/* ---------------------------------------------------------- random play */

typedef struct LsrRandomStats {
    uint64_t runs;
    uint64_t unfinished;       /* stopped after the step limit (a cycle) */
    uint64_t stuck;
    uint64_t *ending_hits;     /* n_endings */
    uint64_t *step_hits;       /* n_steps: times shown */
    uint64_t *choice_hits;     /* n_choices: times taken */
    uint64_t *outcome_hits;    /* n_outcomes */
    uint64_t *event_hits;      /* n_events: times fired */
    uint64_t fid_hist[LSR_HIST_FID_BINS];
    uint64_t out_hist[LSR_HIST_OUT_BINS];
    int32_t fid_min, fid_max, out_min, out_max;
    uint64_t steps_total;      /* resolved steps over all runs */
    uint64_t dead_ends;        /* stopped at a step marked dead_end (counted in stuck too) */
    LsrVarDist var_dist;       /* final values of one variable (paths: runs) */
    LsrAnalyzeStatus stopped;  /* LSR_AN_OK, or the budget that ended play after `runs` runs */
    uint64_t requested;        /* the n asked for */
} LsrRandomStats;

/* Deterministic for (sc, n, seed). Returns false when out of memory. At a
 * budget (lsr_an_budget_set) it stops early: rs->stopped says which, and
 * rs->runs counts the play-throughs finished. */
bool lsr_random_run(const LsrScenario *sc, uint64_t n, uint64_t seed, LsrRandomStats *rs);
/* Same, also counting the final values of variable var (LSR_NEXT_NONE: none)
 * in runs that reach an ending. */
bool lsr_random_run_var(const LsrScenario *sc, uint64_t n, uint64_t seed, uint32_t var, LsrRandomStats *rs);
void lsr_random_stats_free(LsrRandomStats *rs);

/* Formats a 128-bit count in decimal; returns buf. n >= 40. */
char *lsr_u128_str(lsr_u128 v, char *buf, size_t n);

/* The text of the `leftsr new` starter scenario with the given id. The
 * caller frees the result with free(). NULL when out of memory. */
char *lsr_scaffold_text(const char *id);

#endif
