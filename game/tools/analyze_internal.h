/* Private to game/tools/analyze_*.c: the state graph shared by the exact
 * analysis files, the score helpers shared with random play, and the
 * findings the output writes and the command counts. Not public API: the
 * public one is analyze.h. Helpers on hot loops are static inline here, so
 * that splitting the analyser into files costs no calls. */
#ifndef LEFTSR_ANALYZE_INTERNAL_H
#define LEFTSR_ANALYZE_INTERNAL_H

#include "analyze.h"
#include "core/internal.h"

#include <cJSON.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_EDGE UINT64_MAX
#define NO_PEDGE UINT32_MAX
#define OUT_NONE 0xFFu

/* ------------------------------------------------------------- budget */

/* Set before a run; during it the passes may run on two threads, so the
 * budget reached is atomic and lsr_an_budget_allows takes a lock. */
typedef struct LsrAnBudget {
    bool on;
    uint64_t max_bytes;
    double max_seconds, start;
    uint64_t headroom;               /* growth allowed before the next reading */
    _Atomic LsrAnalyzeStatus hit;    /* the budget reached, once reached */
} LsrAnBudget;
extern LsrAnBudget lsr_an_budget;
/* Calls since the last real check, per thread. */
extern _Thread_local uint32_t lsr_an_tick;

/* Checks time and resident memory now; the budget reached or LSR_AN_OK. */
LsrAnalyzeStatus lsr_an_budget_check(void);
/* May the process grow by `more` bytes? false (and the budget marked
 * reached) when that would pass the memory budget. */
bool lsr_an_budget_allows(uint64_t more);
uint64_t lsr_an_rss_bytes(void);

/* For hot loops: a real check every 4096 calls. */
static inline LsrAnalyzeStatus lsr_an_budget_tick(void) {
    if (!lsr_an_budget.on) return LSR_AN_OK;
    if ((++lsr_an_tick & 4095u) != 0) return lsr_an_budget.hit;
    return lsr_an_budget_check();
}

/* ------------------------------------------------------------- scores */

static inline int32_t fidelity_pm(uint64_t earned, uint64_t total) {
    if (total == 0) return 1000;
    return (int32_t)(earned * 1000 / total);
}

/* Does variable v count in the outcome score? */
static inline bool counts_in_outcome(const LsrVar *v) {
    return v->scored && v->has_hist_final && v->better != LSR_BETTER_NONE;
}

/* Outcome contribution of variable v at value val (per mille, before the
 * mean over the variables that count). */
static inline int64_t outcome_contrib(const LsrScenario *sc, uint32_t v, int32_t val) {
    const LsrVar *var = &sc->vars[v];
    int64_t d = (int64_t)val - var->hist_final;
    if (var->better == LSR_BETTER_LOWER) d = -d;
    int64_t range = (int64_t)var->max - var->min;
    return range > 0 ? d * 1000 / range : 0;
}

static inline int32_t outcome_pm(const LsrScenario *sc, const int32_t *st) {
    int64_t sum = 0;
    int64_t n = 0;
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        if (!counts_in_outcome(&sc->vars[v])) continue;
        sum += outcome_contrib(sc, v, st[1 + v]);
        n++;
    }
    if (n == 0) return 0;
    return (int32_t)(sum / n);
}

static inline int fid_bin(int32_t pm) {
    if (pm < 0) pm = 0;
    if (pm > 1000) pm = 1000;
    return pm / 100;
}

static inline int out_bin(int32_t pm) {
    if (pm < -1000) pm = -1000;
    if (pm > 1000) pm = 1000;
    return (pm + 1000) / 100;
}

/* Fidelity contribution of taking choice i at decision step s. */
static inline void fid_gain(const LsrScenario *sc, const LsrStep *s, uint32_t i, uint64_t *gain,
                            uint64_t *tot) {
    if (s->type != LSR_STEP_DECISION) {
        *gain = *tot = 0;
        return;
    }
    *tot = (uint64_t)s->hist_weight * 1000u;
    *gain = (uint64_t)s->hist_weight * sc->choices[s->choices_first + i].credit_permille;
}

#define U128_MAX (~(lsr_u128)0)

/* Zeroed memory, written rather than mapped zero: a large array that calloc
 * leaves to the kernel's zero page is copied page by page on its first
 * write, and each copy stops the other thread of the process to flush its
 * address cache (costly on a virtual machine). */
static inline void *lsr_an_zalloc(size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) return NULL;
    void *p = malloc(n * size > 0 ? n * size : 1);
    if (p) memset(p, 0, n * size);
    return p;
}

/* ------------------------------------------------------ the state graph */

/* Edges are stored by source: those of state s are efirst[s]..efirst[s+1]
 * (edge_from finds the source). */
typedef struct Edge {
    uint32_t to;
    uint32_t prob;       /* probability under uniform play: Graph.probs item */
    uint16_t choice;
    uint8_t outcome;     /* OUT_NONE, or the outcome index; votes: 1 passed */
} Edge;

/* Distinct byte strings, each stored once (edges share few probabilities
 * and few lists of effects). */
typedef struct Blobs {
    uint8_t *data;
    uint64_t len, cap;
    uint64_t *off;       /* n + 1 */
    uint32_t n, cap_off;
    uint32_t *tab;       /* index + 1; 0 empty */
    uint32_t mask;
} Blobs;

/* Index of the string p[0..len), added when new; UINT32_MAX when out of
 * memory. */
uint32_t lsr_an_blob_intern(Blobs *b, const void *p, size_t len);
void lsr_an_blobs_free(Blobs *b);

enum { K_DECISION = 0, K_VOTE, K_ENDING, K_STUCK, K_DEAD_END, K_FAULT };

/* One effect a transition applied to a tracked variable (see Graph.track):
 * enough to replay it on a value the reduced state forgot. */
typedef struct TrackOp {
    int64_t value;       /* the operand: the value set or added */
    uint32_t var;
    uint8_t kind;        /* LSR_EFF_SET / LSR_EFF_ADD */
} TrackOp;

typedef struct Graph {
    const LsrScenario *sc;
    uint32_t W;
    uint64_t max_states;
    int32_t *pool;
    uint64_t n, cap;
    uint64_t *htab;      /* (hash low 32 bits << 32) | (index + 1); 0 empty */
    uint64_t hmask;
    Edge *edges;
    uint64_t ne, ecap;
    uint32_t *efirst;    /* n + 1 (edges stay below 2^32) */
    uint32_t *pedge;     /* edge that first reached the state (BFS); NO_PEDGE at the start */
    uint8_t *kind;
    uint32_t *order;     /* topological order (DAGs) */
    uint64_t n_order;
    /* reduced mode: per step, the variables (bits 0..n_vars-1) and flags
     * (bits n_vars..) that something at or after the step may read */
    uint64_t *live;
    uint32_t live_words;
    /* reduced mode: per step, the variables that may still be written there
     * or later (same layout as live) */
    uint64_t *mayw;
    /* reduced mode: what each position keeps of a state (see canonical) */
    uint32_t *canon_keep, *canon_set;
    /* reduced mode: variables whose values the exact score pass replays
     * (track[v]); per edge, the effects on them in order */
    const bool *track;
    bool *replay;        /* n_vars: a transition changes it where it is forgotten */
    Blobs seqs;          /* distinct lists of such effects (TrackOp arrays) */
    uint32_t *edge_seq;  /* per edge: its list in seqs */
    uint64_t cap_edge_seq, n_ops;
    Blobs probs;         /* distinct probabilities: {w, d} (uint64_t each) */
    bool progress;       /* report exploration progress on stderr */
} Graph;

/* Hash of a whole state of W words, for the graph's and the memo's tables. */
static inline uint64_t state_hash(const int32_t *st, uint32_t W) {
    uint64_t h = 0x243F6A8885A308D3ull ^ W;
    for (uint32_t i = 0; i < W; i++) {
        h ^= (uint32_t)st[i];
        h *= 0x9E3779B97F4A7C15ull;
        h ^= h >> 32;
    }
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);
}

/* Probability of edge e: w / d. */
static inline const uint64_t *edge_wd(const Graph *g, const Edge *e) {
    return (const uint64_t *)(const void *)(g->probs.data + g->probs.off[e->prob]);
}

/* The tracked effects edge x applies, in order. */
static inline const TrackOp *edge_ops(const Graph *g, uint64_t x, uint32_t *n) {
    uint32_t q = g->edge_seq[x];
    *n = (uint32_t)((g->seqs.off[q + 1] - g->seqs.off[q]) / sizeof(TrackOp));
    return (const TrackOp *)(const void *)(g->seqs.data + g->seqs.off[q]);
}

/* Position (step, ending or stuck) of graph state s. */
static inline uint32_t st_pos(const Graph *g, uint64_t s) { return (uint32_t)g->pool[s * g->W]; }

/* The state edge x leaves (edges are stored by source). */
static inline uint32_t edge_from(const Graph *g, uint64_t x) {
    uint64_t lo = 0, hi = g->n;   /* efirst[lo] <= x < efirst[hi] */
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (g->efirst[mid] <= x) lo = mid;
        else hi = mid;
    }
    return (uint32_t)lo;
}

/* The path step edge x takes. */
static inline LsrPathStep edge_step(const Graph *g, uint64_t x) {
    const Edge *e = &g->edges[x];
    LsrPathStep ps;
    ps.step = st_pos(g, edge_from(g, x));
    ps.choice = e->choice;
    ps.outcome = e->outcome == OUT_NONE ? LSR_NEXT_NONE : e->outcome;
    return ps;
}

/* Files of the exact analysis (analyze_graph.c, analyze_explore.c,
 * analyze_exact.c, analyze_run.c). */

/* The graph's states and edges (analyze_graph.c). First room for the start;
 * lsr_an_intern gives the index of state st, adding it when new (with the
 * edge that first reached it), or UINT64_MAX with *err set (too many
 * states, memory); lsr_an_push_edge appends a zeroed edge, NULL without
 * memory. Reduced mode: lsr_an_canonical forgets what nothing later reads;
 * at an end, lsr_an_terminal forgets flags and event counts. */
bool lsr_an_graph_reserve(Graph *g);
uint64_t lsr_an_intern(Graph *g, const int32_t *st, uint64_t parent_edge, bool *added, LsrAnalyzeStatus *err);
/* The same, with st's state_hash computed already. */
uint64_t lsr_an_intern_hashed(Graph *g, const int32_t *st, uint64_t h, uint64_t parent_edge, bool *added,
                              LsrAnalyzeStatus *err);
Edge *lsr_an_push_edge(Graph *g);
/* Hints, some states ahead of lsr_an_intern_hashed with hash h: stage 0
 * fetches its slot of the table, stage 1 (the slot fetched by now) the
 * state the slot names, which it probably is. */
static inline void lsr_an_intern_prefetch(const Graph *g, uint64_t h, int stage) {
    const uint64_t *slot = &g->htab[h & g->hmask];
    if (stage == 0) {
        __builtin_prefetch(slot);
        return;
    }
    uint64_t e = *slot;
    if (e && (uint32_t)(e >> 32) == (uint32_t)h) __builtin_prefetch(g->pool + ((e & 0xFFFFFFFFull) - 1) * g->W);
}
void lsr_an_canonical(const Graph *g, int32_t *st);
void lsr_an_terminal(const Graph *g, int32_t *st);

/* Reduced mode: fills g->live with what each step may still read.
 * Returns false when out of memory. */
bool lsr_an_compute_live(Graph *g);
/* Breadth-first over every reachable state from the start: fills g (states,
 * edges, kinds) and a's reachability, clamp and "needed" counts. */
LsrAnalyzeStatus lsr_an_explore(Graph *g, LsrAnalysis *a);
/* Depth-first over g: its topological order in g->order, or the first
 * cycle found in a->cycle. */
LsrAnalyzeStatus lsr_an_find_order(Graph *g, LsrAnalysis *a);
/* The passes of analyze_exact.c, run by analyze_run.c: path counts and
 * probabilities; the extreme paths of fidelity (and of the outcome in full
 * mode); the exact fidelity distribution (false, without error, when more
 * than `budget` entries would wait at once: sample it instead); the path of
 * historical choices. */
LsrAnalyzeStatus lsr_an_count_paths(Graph *g, LsrAnalysis *a);
/* The same probabilities as exact fractions while they fit in 128 bits
 * (a->prob_exact); apart, because it is slower and nothing waits for it. */
LsrAnalyzeStatus lsr_an_exact_probs(Graph *g, LsrAnalysis *a);
LsrAnalyzeStatus lsr_an_extreme_paths(Graph *g, LsrAnalysis *a);
struct DpOrder;
bool lsr_an_fid_exact(Graph *g, const struct DpOrder *ord, LsrAnalysis *a, uint64_t budget, LsrAnalyzeStatus *err);
LsrAnalyzeStatus lsr_an_historical_path(const LsrScenario *sc, uint64_t limit, LsrAnalysis *a);
void lsr_an_path_free(LsrPath *p);

/* Reduced mode, after lsr_an_find_order (analyze_merge.c): replaces g by
 * its situations with distinct futures, numbered in topological order (the
 * start 0), which has the same paths. */
LsrAnalyzeStatus lsr_an_merge_futures(Graph *g);

/* Two threads sharing numbered chunks of work (analyze_crew.c): after
 * lsr_an_crew_start, each lsr_an_crew_post of n chunks is followed by
 * lsr_an_crew_finish, which runs chunks on the calling thread (worker 0)
 * beside the helper (worker 1) until all n are done; run(arg, worker,
 * chunk) must only read what the caller wrote before posting. */
typedef struct Crew {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t th;
    void (*run)(void *arg, uint32_t worker, uint32_t chunk);
    void *arg;
    uint32_t n, next, done;      /* chunks posted, taken, done */
    bool posted, quit, two;
} Crew;

void lsr_an_crew_start(Crew *c, void (*run)(void *arg, uint32_t worker, uint32_t chunk), void *arg, bool helper);
void lsr_an_crew_post(Crew *c, uint32_t n);
void lsr_an_crew_finish(Crew *c);
void lsr_an_crew_stop(Crew *c);

/* Frees everything g owns and zeroes it. */
void lsr_an_graph_free(Graph *g);
/* Path from the start to state s along first-discovery edges, followed by
 * `extra` edges (may be NULL). Returns false when out of memory. */
bool lsr_an_path_build(const Graph *g, uint64_t s, const uint64_t *extra, uint32_t n_extra,
                       LsrPath *out);
/* Which variables a transition clamped (bit 1: at min, bit 2: at max) into
 * which[n_vars], replaying it on tmp (state_words) from before. */
void lsr_an_clamped_vars(const LsrScenario *sc, const int32_t *before, uint32_t i, uint32_t o,
                         const LsrStepRecord *rec, int32_t *tmp, uint8_t *which);
/* Reduced mode (analyze_scores.c): exact outcome scores, their extreme
 * paths, clamped variables and the final values of a->var_dist.var, by
 * replaying the tracked effects over the ordered reduced graph, in
 * independent passes: lsr_an_score_passes lists them in vars (n_vars + 1
 * items; LSR_NEXT_NONE is the pass of the scores, any other the variable a
 * pass follows for its clamps). A pass returns LSR_AN_TOO_MANY_STATES
 * (nothing filled) when more than `budget` entries would wait at once.
 * Passes may run at the same time: each writes only its own variables'
 * figures (the scores pass also the outcome figures and var_dist). */
struct DpOrder;
uint32_t lsr_an_score_passes(const Graph *g, const LsrAnalysis *a, uint32_t *vars);
LsrAnalyzeStatus lsr_an_score_pass(const Graph *g, const struct DpOrder *ord, LsrAnalysis *a, uint64_t budget,
                                   uint32_t var);
/* Adds paths ending with the chosen variable at `value` (kept sorted). */
bool lsr_an_var_value_add(LsrVarDist *d, int32_t value, lsr_u128 cnt, bool sat, long double p);
/* Means, min and max of a filled distribution. */
void lsr_an_var_dist_finish(LsrVarDist *d);
/* Is variable v written at step p or after (reduced mode)? */
static inline bool lsr_an_may_write(const Graph *g, uint32_t p, uint32_t v) {
    return (g->mayw[(size_t)p * g->live_words + (v >> 6)] >> (v & 63)) & 1u;
}
static inline bool lsr_an_is_live(const Graph *g, uint32_t p, uint32_t v) {
    return (g->live[(size_t)p * g->live_words + (v >> 6)] >> (v & 63)) & 1u;
}
/* --------------------------------------- keyed passes (analyze_dp.c) */

/* One distinct key reaching a state, as words: its path count (low word),
 * its probability (a double), in wide mode the count's high word, then the
 * key's nw words. Narrow mode, when no state is reached by 2^64 paths or
 * more, keeps a third less. In wide mode a count that passes 2^128 stays
 * at 2^128 - 1 and means "saturated". */
#define KEY_WORDS_MAX 8

/* Does some state need 128-bit path counts? (Every path to a state goes on
 * to an end, so no state has more paths than the whole scenario.) */
static inline bool lsr_an_wide_counts(const LsrAnalysis *a) {
    return a->paths_total_sat || (a->paths_total >> 64) != 0;
}

typedef struct DpArrival {
    const uint64_t *key;
    lsr_u128 cnt;
    bool sat;
    double p;
} DpArrival;

/* The graph's in-edges, by the place of their source in the topological
 * order, then by edge; pos[s] is s's place in that order. Each carries
 * what the passes read of its edge, so that they read in-edges in order
 * rather than edges at random; DP_LAST in `edge` marks the last in-edge,
 * in that order, that leaves `from` (its entries can go after it). */
typedef struct DpIn { uint32_t from, edge, prob; } DpIn;
#define DP_LAST 0x80000000u

/* A level is cut in chunks (DP_CHUNKS at most) of about equal work,
 * which two threads share. */
#define DP_CHUNKS 8u
/* Entries arriving (plus states) per chunk at least. */
#define DP_CHUNK_WORK 4096u

typedef struct DpOrder {
    /* the order the passes finish states in: level after level (a state
     * is one level after its furthest predecessor), topological within */
    uint32_t *seq;
    uint32_t *level_first;  /* n_levels + 1 places */
    uint32_t n_levels;
    uint32_t *pos;          /* per state, its place in seq */
    /* by place: the in-edges of the state at place i are in[in_first[i]]
     * to in[in_first[i + 1]], so that in[] comes in the order the passes
     * finish states */
    uint32_t *in_first;
    DpIn *in;
    uint64_t n_in;
    double *w;             /* each distinct probability (Graph.probs), as a double */
} DpOrder;

bool lsr_an_dp_order_index(const Graph *g, DpOrder *o);
void lsr_an_dp_order_free(DpOrder *o);

typedef struct DpSpec {
    uint32_t nw;                /* key words */
    bool wide;                  /* 128-bit path counts */
    const uint64_t *start;      /* key at the start */
    uint64_t budget;            /* most entries waiting at once */
    bool parents;               /* give entries ids and record their origins */
    void *ctx;
    /* The callbacks edge and arrive may run on two threads at once, for
     * states of different chunks of a level (chunk < DP_CHUNKS): what they
     * gather goes to the chunk's own figures, which level_done (after
     * every level, on one thread) adds up in the order of the chunks, so
     * that the figures are the same however the chunks were shared. */
    /* Transforms the n keys (nw words each, one after another) of the
     * entries id0, id0 + 1, ... of state `from` along its edge x. Returns
     * true when distinct keys stayed distinct (then a state with this one
     * in-edge needs no merging). */
    bool (*edge)(void *ctx, uint32_t chunk, uint32_t from, uint64_t x, uint32_t id0, uint64_t *keys, uint32_t n);
    /* With parents, at a level's end: entries first_id.. came from entries
     * par[] along edge[]. */
    bool (*record)(void *ctx, uint64_t first_id, const uint32_t *par, const uint32_t *edge, uint64_t n);
    /* At a state without successors (an ending or a stop), each arriving
     * entry in turn, unmerged: it came from entry id (DP_NO_ENTRY: the
     * start) along edge x. False: out of memory. */
    bool (*arrive)(void *ctx, uint32_t chunk, uint32_t s, const DpArrival *e, uint32_t id, uint64_t x);
    /* After each level: the level had n_chunks chunks. May be NULL. */
    void (*level_done)(void *ctx, uint32_t n_chunks);
} DpSpec;

#define DP_NO_ENTRY UINT32_MAX

typedef struct DpStats { uint64_t entries, max_live, moves; } DpStats;

/* Progress on stderr over keyed passes that will finish `total`
 * situations together (shown when `on` and the work is long); call again
 * with 0 to clear the line. */
void lsr_an_dp_progress(uint64_t total, bool on);

/* Runs the pass. LSR_AN_TOO_MANY_STATES when more than spec->budget
 * entries would wait at once. */
LsrAnalyzeStatus lsr_an_dp_run(const Graph *g, const DpOrder *o, const DpSpec *spec, DpStats *st);

/* Reduced mode (analyze_random.c): outcome scores, their extreme paths and
 * clamped variables of a from n random play-throughs. */
LsrAnalyzeStatus lsr_an_sample_scores(const LsrScenario *sc, uint64_t n, uint64_t seed, LsrAnalysis *a);

/* ------------------------------------------- findings (analyze_output.c) */

typedef enum FSev { F_ERROR = 0, F_WARNING, F_NOTE } FSev;

typedef struct Finding {
    FSev sev;
    const char *code;
    char msg[1024];   /* UTF-8: a translated message takes more bytes */
    const LsrPath *path;   /* example, may be NULL */
} Finding;

/* The command owns v and frees it. */
typedef struct Findings { Finding *v; size_t n, cap; size_t errors, warnings, notes; } Findings;

/* Digits grouped by threes with the language's thousands separator
 * ("1,234,567"; "1 234 567" in ru, es, fr); returns buf. */
char *lsr_an_group_digits(const char *digits, char *buf, size_t n);
/* The status as the JSON report names it ("ok", "time-budget", ...). */
const char *lsr_an_status_name(LsrAnalyzeStatus st);
/* The findings of an exact analysis, appended to f. */
void lsr_an_collect_findings(const LsrAnalysis *a, Findings *f);
/* The text report of an exact analysis of `file`. */
void lsr_an_print_text(FILE *out, const char *file, const LsrAnalysis *a, const Findings *f);
/* The JSON report of an exact analysis; the caller deletes it. */
cJSON *lsr_an_analysis_json(const char *file, const LsrAnalysis *a, const Findings *f);
/* The findings of random play, appended to f. */
void lsr_an_collect_random_findings(const LsrScenario *sc, const LsrRandomStats *rs, Findings *f);
/* The text report of random play. */
void lsr_an_print_random(FILE *out, const char *file, const LsrScenario *sc, const LsrRandomStats *rs,
                         uint64_t seed, const Findings *f);
/* The JSON report of random play; the caller deletes it. */
cJSON *lsr_an_random_json(const char *file, const LsrScenario *sc, const LsrRandomStats *rs, uint64_t seed,
                          const Findings *f);

#endif
