/* `leftsr analyze`, exact analysis, part 3: the driver. lsr_analysis_run
 * explores (reduced first when the full graph would be too large), orders
 * the graph, then runs the passes over it on two threads, each pass as soon
 * as what it needs is done (the keyed passes wait for the path counts and
 * their in-edge index); and falls back to sampling where a keyed pass would
 * need too much. */
#include "analyze_internal.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* --------------------------------------------------------------- driver */

void lsr_analysis_free(LsrAnalysis *a) {
    if (!a) return;
    free(a->ending_paths);
    free(a->ending_paths_sat);
    free(a->ending_prob);
    free(a->ending_prob_num);
    free(a->ending_prob_den);
    free(a->step_states);
    free(a->ending_states);
    free(a->choice_avail);
    free(a->outcome_taken);
    free(a->event_fired);
    free(a->choice_needed);
    free(a->var_hit_min);
    free(a->var_hit_max);
    if (a->var_hit_example && a->sc)
        for (uint32_t v = 0; v < a->sc->n_vars; v++) lsr_an_path_free(&a->var_hit_example[v]);
    free(a->var_hit_example);
    lsr_an_path_free(&a->cycle);
    lsr_an_path_free(&a->stuck_example);
    lsr_an_path_free(&a->best_fid);
    lsr_an_path_free(&a->worst_fid);
    lsr_an_path_free(&a->best_out);
    lsr_an_path_free(&a->worst_out);
    lsr_an_path_free(&a->hist_path);
    lsr_an_path_free(&a->dead_end_example);
    for (int k = 0; k < 8; k++) lsr_an_path_free(&a->fault_example[k]);
    free(a->var_dist.values);
    memset(a, 0, sizeof *a);
}

static bool alloc_arrays(const LsrScenario *sc, LsrAnalysis *a, const LsrAnalyzeOptions *o) {
    a->sc = sc;
    a->var_dist.var = o->want_var && o->var < sc->n_vars ? o->var : LSR_NEXT_NONE;
    a->dead_end_example.loop_at = UINT32_MAX;
    for (int k = 0; k < 8; k++) a->fault_example[k].loop_at = UINT32_MAX;
    a->cycle.loop_at = a->stuck_example.loop_at = UINT32_MAX;
    size_t ne = sc->n_endings + 1u;
    a->ending_paths = calloc(ne, sizeof(lsr_u128));
    a->ending_paths_sat = calloc(ne, sizeof(bool));
    a->ending_prob = calloc(ne, sizeof(long double));
    a->ending_prob_num = calloc(ne, sizeof(lsr_u128));
    a->ending_prob_den = calloc(ne, sizeof(lsr_u128));
    a->ending_states = calloc(ne, sizeof(uint64_t));
    a->step_states = calloc(sc->n_steps + 1u, sizeof(uint64_t));
    a->choice_avail = calloc(sc->n_choices + 1u, sizeof(uint64_t));
    a->choice_needed = calloc(sc->n_choices + 1u, sizeof(bool));
    a->outcome_taken = calloc(sc->n_outcomes + 1u, sizeof(uint64_t));
    a->event_fired = calloc(sc->n_events + 1u, sizeof(uint64_t));
    a->var_hit_min = calloc(sc->n_vars + 1u, sizeof(uint64_t));
    a->var_hit_max = calloc(sc->n_vars + 1u, sizeof(uint64_t));
    a->var_hit_example = calloc(sc->n_vars + 1u, sizeof(LsrPath));
    if (!a->ending_paths || !a->ending_paths_sat || !a->ending_prob || !a->ending_prob_num ||
        !a->ending_prob_den || !a->ending_states || !a->step_states || !a->choice_avail ||
        !a->choice_needed || !a->outcome_taken || !a->event_fired || !a->var_hit_min ||
        !a->var_hit_max || !a->var_hit_example)
        return false;
    for (uint32_t v = 0; v < sc->n_vars; v++) a->var_hit_example[v].loop_at = UINT32_MAX;
    LsrPath *paths[] = {&a->best_fid, &a->worst_fid, &a->best_out, &a->worst_out, &a->hist_path};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) paths[i]->loop_at = UINT32_MAX;
    return true;
}

/* Variables the exact score pass of reduced mode follows: the scored ones,
 * the one asked about, and any that may change where the reduced state
 * forgets it (so that its clamps are found on true values). */
static bool *tracked_vars(const Graph *g, const LsrAnalysis *a) {
    const LsrScenario *sc = g->sc;
    bool *t = calloc(sc->n_vars + 1u, sizeof(bool));
    for (uint32_t v = 0; t && v < sc->n_vars; v++) {
        const LsrVar *var = &sc->vars[v];
        t[v] = counts_in_outcome(var) || v == a->var_dist.var;
        for (uint32_t p = 0; !t[v] && p < sc->n_steps; p++)
            t[v] = lsr_an_may_write(g, p, v) && !lsr_an_is_live(g, p, v);
    }
    return t;
}

/* Explores into g (full, or reduced with liveness and tracked effects). */
static LsrAnalyzeStatus build_graph(const LsrScenario *sc, const LsrAnalyzeOptions *o, uint64_t limit,
                                    bool reduced, Graph *g, bool **track, LsrAnalysis *a) {
    memset(g, 0, sizeof *g);
    g->sc = sc;
    g->W = sc->state_words;
    g->max_states = limit;
    g->progress = o->progress;
    a->reduced = reduced;
    a->needed_checked = !reduced;
    *track = NULL;
    if (reduced) {
        if (!lsr_an_compute_live(g) || !(*track = tracked_vars(g, a))) return LSR_AN_NOMEM;
        g->track = *track;
        if (!(g->replay = calloc(sc->n_vars + 1u, sizeof(bool)))) return LSR_AN_NOMEM;
    }
    LsrAnalyzeStatus err = lsr_an_explore(g, a);
    a->n_states = g->n;
    a->n_edges = g->ne;
    return err;
}

/* LSR_AN_DEBUG=1 in the environment: each phase's time on stderr. */
static void phase(const char *what) {
    static double last;
    if (!getenv("LSR_AN_DEBUG")) return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    long rss = 0, cur = 0;
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "VmHWM:", 6) == 0) rss = atol(line + 6);
        if (strncmp(line, "VmRSS:", 6) == 0) cur = atol(line + 6);
    }
    if (f) fclose(f);
    if (what) fprintf(stderr, "phase %-12s %.3f s, peak %ld KiB so far, now %ld KiB\n", what, now - last, rss, cur);
    last = now;
}

/* The fidelity distribution from random play, when the exact one would
 * need too many entries at once. */
static LsrAnalyzeStatus sample_fidelity(const LsrScenario *sc, const LsrAnalyzeOptions *o, LsrAnalysis *a) {
    LsrRandomStats rs;
    if (!lsr_random_run(sc, o->samples, o->seed, &rs)) return LSR_AN_NOMEM;
    LsrAnalyzeStatus err = rs.stopped;
    if (err == LSR_AN_OK) {
        uint64_t fin = 0;
        for (int b = 0; b < LSR_HIST_FID_BINS; b++) fin += rs.fid_hist[b];
        for (int b = 0; b < LSR_HIST_FID_BINS; b++)
            a->fid_hist_prob[b] = fin ? (long double)rs.fid_hist[b] / (long double)fin : 0;
        a->fid_sampled = true;
        a->fid_samples = o->samples;
        a->score_samples = o->samples;
    }
    lsr_random_stats_free(&rs);
    return err;
}

/* ------------------------------------------------------ the passes' threads */

enum { T_SCORES, T_FIDELITY, T_EXTREMES, T_COUNT, T_EXACT, T_ORDER };

/* What a task must wait for: the path counts (they size the keyed passes'
 * entries), the in-edge index of the keyed passes. */
enum { NEED_COUNT = 1, NEED_ORDER = 2 };

typedef struct Task {
    int kind;
    uint32_t var;            /* T_SCORES: see lsr_an_score_pass */
    uint32_t needs;          /* NEED_* */
    LsrAnalyzeStatus err;    /* fidelity: LSR_AN_TOO_MANY_STATES when it must be sampled */
    bool taken;
} Task;

typedef struct Work {
    Graph *g;
    DpOrder *ord;
    LsrAnalysis *a;
    const LsrAnalyzeOptions *o;
    uint32_t *var;
    Task *task;
    uint32_t n;
    /* the tasks are taken in their order, each once what it needs is done */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint32_t done;           /* NEED_* finished */
    LsrAnalyzeStatus dep_err;   /* the first error of a task others need */
} Work;

static const char *task_name(const Work *w, const Task *t) {
    switch (t->kind) {
    case T_SCORES: return t->var == LSR_NEXT_NONE ? "scores (outcome)" : w->g->sc->vars[t->var].id;
    case T_FIDELITY: return "fidelity";
    case T_EXTREMES: return "extremes";
    case T_EXACT: return "fractions";
    case T_ORDER: return "order index";
    default: return "counts";
    }
}

static void run_task(Work *w, Task *t) {
    switch (t->kind) {
    case T_SCORES: t->err = lsr_an_score_pass(w->g, w->ord, w->a, w->o->dp_budget, t->var); break;
    case T_FIDELITY: {
        LsrAnalyzeStatus err = LSR_AN_OK;
        t->err = lsr_an_fid_exact(w->g, w->ord, w->a, w->o->dp_budget, &err) ? LSR_AN_OK
                 : err == LSR_AN_OK ? LSR_AN_TOO_MANY_STATES : err;
        break;
    }
    case T_EXTREMES: t->err = lsr_an_extreme_paths(w->g, w->a); break;
    case T_EXACT: t->err = lsr_an_exact_probs(w->g, w->a); break;
    case T_ORDER: t->err = lsr_an_dp_order_index(w->g, w->ord) ? LSR_AN_OK : LSR_AN_NOMEM; break;
    default: t->err = lsr_an_count_paths(w->g, w->a); break;
    }
}

static void *work(void *arg) {
    Work *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        Task *t = NULL;
        bool left = false;
        for (uint32_t k = 0; k < w->n && !t; k++) {
            if (w->task[k].taken) continue;
            left = true;
            if ((w->task[k].needs & ~w->done) == 0 || w->dep_err != LSR_AN_OK) t = &w->task[k];
        }
        if (!left) break;
        if (!t) {
            pthread_cond_wait(&w->cv, &w->mu);
            continue;
        }
        t->taken = true;
        LsrAnalyzeStatus dep_err = w->dep_err;
        pthread_mutex_unlock(&w->mu);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        /* what it needs failed: it fails the same way, unrun */
        if (t->needs && dep_err != LSR_AN_OK) t->err = dep_err;
        else run_task(w, t);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (getenv("LSR_AN_DEBUG"))
            fprintf(stderr, "task %s: %.3f s\n", task_name(w, t),
                    (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
        pthread_mutex_lock(&w->mu);
        uint32_t provides = t->kind == T_COUNT ? NEED_COUNT : t->kind == T_ORDER ? NEED_ORDER : 0;
        if (provides) {
            w->done |= provides;
            if (t->err != LSR_AN_OK && w->dep_err == LSR_AN_OK) w->dep_err = t->err;
            pthread_cond_broadcast(&w->cv);
        }
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* Runs every task, on a second thread too when the machine has two cores
 * (or on this one alone when a thread cannot be made). One thread alone
 * meets each task's needs first, since they come first in the list. */
static void run_tasks(Work *w) {
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
#ifndef __EMSCRIPTEN__
    pthread_t th;
    bool two = sysconf(_SC_NPROCESSORS_ONLN) > 1 && w->n > 1 && !getenv("LSR_AN_ONE_THREAD") &&
               pthread_create(&th, NULL, work, w) == 0;
    work(w);
    if (two) pthread_join(th, NULL);
#else
    work(w);
#endif
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
}

/* Every pass over an explored graph. */
static LsrAnalyzeStatus analyse_graph(const LsrScenario *sc, const LsrAnalyzeOptions *o, Graph *g,
                                      LsrAnalysis *a) {
    bool reduced = g->live != NULL;
    LsrAnalyzeStatus err = LSR_AN_OK;
    free(g->htab);
    g->htab = NULL;
    /* The passes below keep about 100 bytes per situation: stop now, with
     * the exploration's counts, rather than half-way through them. */
    if (!lsr_an_budget_allows(g->n * 100u)) return LSR_AN_MEMORY_BUDGET;
    /* Examples: the first stuck (or stopped) state found is one of the closest. */
    for (uint64_t s = 0; s < g->n && err == LSR_AN_OK; s++) {
        LsrPath *ex = g->kind[s] == K_STUCK ? &a->stuck_example : g->kind[s] == K_DEAD_END ? &a->dead_end_example : NULL;
        if (ex && !ex->items && !lsr_an_path_build(g, s, NULL, 0, ex)) err = LSR_AN_NOMEM;
    }
    /* Reduced mode reads nothing but positions from here on: keep those. */
    if (reduced && g->W > 1) {
        for (uint64_t s = 0; s < g->n; s++) g->pool[s] = g->pool[s * g->W];
        int32_t *p = realloc(g->pool, (size_t)(g->n ? g->n : 1) * sizeof(int32_t));
        if (p) g->pool = p;
        g->W = 1;
    }
    if (getenv("LSR_AN_DEBUG"))
        fprintf(stderr, "graph: %llu states of %u words, %llu edges, %llu tracked effects\n", (unsigned long long)g->n,
                g->sc->state_words, (unsigned long long)g->ne, (unsigned long long)g->n_ops);
    if (getenv("LSR_AN_DEBUG"))
        fprintf(stderr, "graph: %u distinct probabilities, %u distinct effect lists\n", g->probs.n, g->seqs.n);
    phase("explore");
    if (err == LSR_AN_OK) err = lsr_an_find_order(g, a);
    if (err == LSR_AN_OK) err = lsr_an_historical_path(sc, g->n + 1, a);
    if (err != LSR_AN_OK || a->cyclic) return err;
    phase("order");
    if (reduced && !getenv("LSR_AN_NO_MERGE")) {
        if ((err = lsr_an_merge_futures(g)) != LSR_AN_OK) return err;
        if (getenv("LSR_AN_DEBUG"))
            fprintf(stderr, "merged: %llu situations with distinct futures, %llu transitions\n", (unsigned long long)g->n,
                    (unsigned long long)g->ne);
        phase("merge");
    }
    /* The passes below read the graph and write apart: they share two threads. */
    for (uint64_t s = 0; s < g->n && !a->have_scores; s++) a->have_scores = g->kind[s] == K_ENDING;
    DpOrder ord;
    memset(&ord, 0, sizeof ord);
    Work w;
    memset(&w, 0, sizeof w);
    w.g = g;
    w.ord = &ord;
    w.a = a;
    w.o = o;
    w.var = malloc((sc->n_vars + 2u) * sizeof(uint32_t));
    w.task = malloc((sc->n_vars + 6u) * sizeof(Task));
    if (!w.var || !w.task) err = LSR_AN_NOMEM;
    if (err == LSR_AN_OK) {
        uint32_t n_var = reduced && a->have_scores ? lsr_an_score_passes(g, a, w.var) : 0;
        /* In this order, each as soon as what it needs is done: the counts
         * and the in-edge index first (the keyed passes need them), the
         * outcome pass (the longest) next; the extreme paths and the exact
         * fractions need nothing and fill the other thread meanwhile. */
        w.task[w.n++] = (Task){T_COUNT, 0, 0, LSR_AN_OK, false};
        if (a->have_scores) w.task[w.n++] = (Task){T_ORDER, 0, NEED_COUNT, LSR_AN_OK, false};
        w.task[w.n++] = (Task){T_EXTREMES, 0, 0, LSR_AN_OK, false};
        if (n_var) w.task[w.n++] = (Task){T_SCORES, w.var[0], NEED_COUNT | NEED_ORDER, LSR_AN_OK, false};
        w.task[w.n++] = (Task){T_EXACT, 0, 0, LSR_AN_OK, false};
        if (a->have_scores) w.task[w.n++] = (Task){T_FIDELITY, 0, NEED_COUNT | NEED_ORDER, LSR_AN_OK, false};
        for (uint32_t k = 1; k < n_var; k++)
            w.task[w.n++] = (Task){T_SCORES, w.var[k], NEED_COUNT | NEED_ORDER, LSR_AN_OK, false};
        uint32_t keyed = (n_var ? n_var : 0) + (a->have_scores ? 1u : 0u);
        lsr_an_dp_progress(g->n_order * keyed, g->progress);
        run_tasks(&w);
        lsr_an_dp_progress(0, false);
    }
    phase("keyed");
    if (err == LSR_AN_OK && !reduced && a->var_dist.var != LSR_NEXT_NONE) lsr_an_var_dist_finish(&a->var_dist);
    bool sample = false;
    for (uint32_t k = 0; k < w.n && err == LSR_AN_OK; k++) {
        if (w.task[k].kind == T_FIDELITY && w.task[k].err == LSR_AN_TOO_MANY_STATES)
            err = sample_fidelity(sc, o, a);
        else if (w.task[k].kind == T_FIDELITY)
            err = w.task[k].err;
        /* too many value combinations to follow: sample instead */
        if (w.task[k].kind == T_SCORES && w.task[k].err == LSR_AN_TOO_MANY_STATES) sample = true;
        else if (w.task[k].kind != T_FIDELITY) err = w.task[k].err;
    }
    if (err == LSR_AN_OK && reduced && a->have_scores && !sample) a->clamps_sampled = false;
    free(w.var);
    free(w.task);
    lsr_an_dp_order_free(&ord);
    lsr_an_graph_free(g);
    if (err == LSR_AN_OK && sample) {
        free(a->var_dist.values);
        a->var_dist.values = NULL;
        a->var_dist.n_values = 0;
        for (uint32_t v = 0; v < sc->n_vars; v++) {
            a->var_hit_min[v] = a->var_hit_max[v] = 0;
            lsr_an_path_free(&a->var_hit_example[v]);
        }
        err = lsr_an_sample_scores(sc, o->samples, o->seed, a);
    }
    return err;
}

static LsrAnalyzeStatus run_graph(const LsrScenario *sc, const LsrAnalyzeOptions *o, uint64_t limit,
                                  bool reduced, LsrAnalysis *a) {
    Graph g;
    bool *track = NULL;
    LsrAnalyzeStatus err = build_graph(sc, o, limit, reduced, &g, &track, a);
    if (err == LSR_AN_OK) err = analyse_graph(sc, o, &g, a);
    lsr_an_graph_free(&g);
    free(track);
    return err;
}

static LsrAnalyzeStatus restart(const LsrScenario *sc, const LsrAnalyzeOptions *o, LsrAnalysis *a) {
    lsr_analysis_free(a);
    if (!alloc_arrays(sc, a, o)) return LSR_AN_NOMEM;
    a->max_states = o->max_states;
    return LSR_AN_OK;
}

LsrAnalyzeStatus lsr_analysis_run(const LsrScenario *sc, const LsrAnalyzeOptions *opt,
                                  LsrAnalysis *a) {
#ifdef __GLIBC__
    /* Large arrays come and go between the passes: a fixed threshold keeps
     * them mapped apart, so that freeing one gives its memory back (glibc
     * would otherwise raise the threshold and keep them in the heap). */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
    memset(a, 0, sizeof *a);
    LsrAnalyzeOptions o;
    memset(&o, 0, sizeof o);
    if (opt) o = *opt;
    if (!o.max_states) o.max_states = LSR_ANALYZE_DEFAULT_MAX_STATES;
    if (o.max_states > 0xFFFFFFF0u) o.max_states = 0xFFFFFFF0u;
    if (!o.dp_budget) o.dp_budget = 4000000u;
    if (!o.samples) o.samples = 200000u;
    if (!o.full_limit) o.full_limit = 300000u;
    uint64_t full = o.full_limit < o.max_states ? o.full_limit : o.max_states;
    if (!alloc_arrays(sc, a, &o)) return a->status = LSR_AN_NOMEM;
    a->max_states = o.max_states;
    LsrAnalyzeStatus err;
    if (o.full_limit == UINT64_MAX) {
        err = run_graph(sc, &o, full, false, a);
    } else {
        /* The reduced graph first: when it alone is larger than half the
         * full limit, the full one would not fit, and trying it costs
         * more than the rest of the analysis. */
        Graph g;
        bool *track = NULL;
        phase(NULL);
        err = build_graph(sc, &o, o.max_states, true, &g, &track, a);
        if (err == LSR_AN_OK && g.n * 2 > full) {
            err = analyse_graph(sc, &o, &g, a);
        } else if (err == LSR_AN_OK) {
            lsr_an_graph_free(&g);
            err = restart(sc, &o, a);
            if (err == LSR_AN_OK) err = run_graph(sc, &o, full, false, a);
            /* too big to keep every value: forget what nothing later reads,
             * unless the memory or time budget is already spent */
            if (err == LSR_AN_TOO_MANY_STATES && lsr_an_budget_check() == LSR_AN_OK &&
                (err = restart(sc, &o, a)) == LSR_AN_OK)
                err = run_graph(sc, &o, o.max_states, true, a);
        }
        lsr_an_graph_free(&g);
        free(track);
        phase("freed");
    }
    a->status = err;
    return err;
}

uint32_t lsr_analysis_errors(const LsrAnalysis *a) {
    if (a->status != LSR_AN_OK) return 1;
    const LsrScenario *sc = a->sc;
    uint32_t n = 0;
    if (a->stuck_states) n++;
    if (a->cyclic) n++;
    n += a->n_fault_effects;
    for (uint32_t s = 0; s < sc->n_steps; s++)
        if (!a->step_states[s] && !sc->steps[s].campaign_only) n++;
    for (uint32_t e = 0; e < sc->n_endings; e++)
        if (!a->ending_states[e]) n++;
    return n;
}
