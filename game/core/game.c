/* A game: a scenario, a seed, the state, and the trace of every resolved
 * step. Everything a screen or report shows is derived from the trace. */
#include "internal.h"

#include <string.h>

struct LsrGame {
    const LsrScenario *sc;
    uint64_t seed, rng;
    int32_t *st;
    int32_t *initial_vars;
    int32_t *carry;            /* n_vars or NULL */
    LsrTraceEntry *trace;
    void **blocks;             /* one allocation per trace entry */
    size_t len, cap;
    bool jumped;               /* lsr_game_jump was used: the trace alone no longer leads here */
};

/* splitmix64: small, fast, and the same on every platform. */
static uint64_t rng_next(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void reset(LsrGame *g) {
    const LsrScenario *sc = g->sc;
    for (size_t i = 0; i < g->len; i++) lsr_free(g->blocks[i]);
    g->len = 0;
    g->rng = g->seed;
    lsr_state_init(sc, g->st, g->carry);
    memcpy(g->initial_vars, g->st + 1, sizeof(int32_t) * sc->n_vars);
}

LsrStatus lsr_game_create(const LsrScenario *sc, const LsrGameOptions *opt, LsrGame **out) {
    *out = NULL;
    if (!sc) return LSR_ERR_ARG;
    LsrGame *g = lsr_calloc(1, sizeof *g);
    if (!g) return LSR_ERR_NOMEM;
    g->sc = sc;
    g->seed = opt ? opt->seed : 0;
    g->st = lsr_calloc(sc->state_words, sizeof(int32_t));
    g->initial_vars = lsr_calloc(sc->n_vars ? sc->n_vars : 1, sizeof(int32_t));
    if (opt && opt->carry) {
        g->carry = lsr_malloc(sizeof(int32_t) * (sc->n_vars ? sc->n_vars : 1));
        if (g->carry) memcpy(g->carry, opt->carry, sizeof(int32_t) * sc->n_vars);
    }
    if (!g->st || !g->initial_vars || (opt && opt->carry && !g->carry)) {
        lsr_game_destroy(g);
        return LSR_ERR_NOMEM;
    }
    reset(g);
    *out = g;
    return LSR_OK;
}

void lsr_game_destroy(LsrGame *g) {
    if (!g) return;
    for (size_t i = 0; i < g->len; i++) lsr_free(g->blocks[i]);
    lsr_free(g->blocks);
    lsr_free(g->trace);
    lsr_free(g->st);
    lsr_free(g->initial_vars);
    lsr_free(g->carry);
    lsr_free(g);
}

const LsrScenario *lsr_game_scenario(const LsrGame *g) { return g->sc; }
uint64_t lsr_game_seed(const LsrGame *g) { return g->seed; }
const int32_t *lsr_game_state(const LsrGame *g) { return g->st; }
const int32_t *lsr_game_initial_vars(const LsrGame *g) { return g->initial_vars; }
int32_t lsr_game_var(const LsrGame *g, uint32_t v) { return v < g->sc->n_vars ? g->st[1 + v] : 0; }
size_t lsr_game_trace_len(const LsrGame *g) { return g->len; }
const LsrTraceEntry *lsr_game_trace(const LsrGame *g, size_t i) { return i < g->len ? &g->trace[i] : NULL; }
uint32_t lsr_game_step_index(const LsrGame *g) { return lsr_state_pos(g->st); }

LsrPhase lsr_game_phase(const LsrGame *g) {
    uint32_t pos = lsr_state_pos(g->st);
    if (pos >= g->sc->n_steps + g->sc->n_endings) return LSR_PHASE_STUCK; /* stuck or faulted */
    if (pos >= g->sc->n_steps) return LSR_PHASE_ENDED;
    if (g->sc->steps[pos].type == LSR_STEP_VOTE) return LSR_PHASE_VOTE;
    /* A decision where nothing can be chosen is as stuck as a dead end. */
    const LsrStep *s = &g->sc->steps[pos];
    for (uint32_t i = 0; i < s->n_choices; i++)
        if (lsr_choice_available(g->sc, g->st, i)) return LSR_PHASE_DECISION;
    return LSR_PHASE_STUCK;
}

const LsrStep *lsr_game_step(const LsrGame *g) {
    uint32_t pos = lsr_state_pos(g->st);
    return pos < g->sc->n_steps ? &g->sc->steps[pos] : NULL;
}

const LsrEnding *lsr_game_ending(const LsrGame *g) {
    uint32_t pos = lsr_state_pos(g->st);
    if (pos < g->sc->n_steps || pos - g->sc->n_steps >= g->sc->n_endings) return NULL;
    return &g->sc->endings[pos - g->sc->n_steps];
}

bool lsr_game_dead_end(const LsrGame *g) { return lsr_state_dead_end(g->sc, g->st); }

uint32_t lsr_game_fault(const LsrGame *g) { return lsr_state_fault(g->st); }

LsrChoiceState lsr_game_choice_state(const LsrGame *g, uint32_t i) {
    const LsrStep *s = lsr_game_step(g);
    if (!s || s->type != LSR_STEP_DECISION || i >= s->n_choices) return LSR_CHOICE_HIDDEN;
    if (lsr_choice_available(g->sc, g->st, i)) return LSR_CHOICE_AVAILABLE;
    return g->sc->choices[s->choices_first + i].disable_when_unavailable ? LSR_CHOICE_DISABLED
                                                                           : LSR_CHOICE_HIDDEN;
}

static size_t align8(size_t n) { return (n + 7u) & ~(size_t)7u; }

LsrStatus lsr_game_choose_tally(LsrGame *g, uint32_t i, const uint32_t *tally, uint32_t n) {
    const LsrScenario *sc = g->sc;
    LsrPhase ph = lsr_game_phase(g);
    if (ph == LSR_PHASE_ENDED || ph == LSR_PHASE_STUCK) return LSR_ERR_ENDED;
    uint32_t pos = lsr_state_pos(g->st);
    const LsrStep *s = &sc->steps[pos];
    if (ph == LSR_PHASE_VOTE) {
        if (i != 0) return LSR_ERR_ARG;
    } else {
        if (i >= s->n_choices) return LSR_ERR_ARG;
        if (!lsr_choice_available(sc, g->st, i)) return LSR_ERR_UNAVAILABLE;
    }
    if (tally && n != s->n_choices) return LSR_ERR_ARG;
    /* A class tally must be one a class could give: at most
     * LSR_MAX_VOTES_PER_CHOICE a choice, none for a choice not available,
     * and the choice taken has the most votes (a tie is the teacher's pick). */
    for (uint32_t k = 0; tally && ph == LSR_PHASE_DECISION && k < n; k++) {
        bool avail = lsr_choice_available(sc, g->st, k);
        if (tally[k] > LSR_MAX_VOTES_PER_CHOICE || (!avail && tally[k]) || (avail && tally[k] > tally[i]))
            return LSR_ERR_ARG;
    }
    if (g->len == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 32;
        LsrTraceEntry *t = lsr_realloc(g->trace, cap * sizeof *t);
        if (!t) return LSR_ERR_NOMEM;
        g->trace = t;
        void **b = lsr_realloc(g->blocks, cap * sizeof *b);
        if (!b) return LSR_ERR_NOMEM;
        g->blocks = b;
        g->cap = cap;
    }
    /* One block holds the entry's arrays: vars, bloc votes, events, tally. */
    size_t nb = ph == LSR_PHASE_VOTE ? sc->n_blocs * 3u : 0;
    size_t sz_vars = align8(sizeof(int32_t) * sc->n_vars);
    size_t sz_blocs = align8(sizeof(int32_t) * nb);
    size_t sz_fired = align8(sizeof(uint16_t) * 32);
    size_t sz_tally = align8(sizeof(uint32_t) * (tally ? n : 0));
    unsigned char *blk = lsr_malloc(sz_vars + sz_blocs + sz_fired + sz_tally);
    if (!blk) return LSR_ERR_NOMEM;

    LsrTraceEntry *e = &g->trace[g->len];
    memset(e, 0, sizeof *e);
    e->step = pos;
    e->choice = i;
    e->outcome = LSR_NEXT_NONE;
    uint32_t outcome = 0;
    if (ph == LSR_PHASE_VOTE) {
        int32_t *bv = (int32_t *)(void *)(blk + sz_vars);
        lsr_vote_tally(sc, g->st, pos, bv, e->vote);
        e->bloc_votes = bv;
    } else {
        const LsrChoice *c = &sc->choices[s->choices_first + i];
        if (c->n_outcomes) {
            uint64_t w[16];
            uint64_t total = lsr_outcome_weights(sc, g->st, i, w);
            e->draw = rng_next(&g->rng);
            e->draw_total = total;
            if (total) {
                uint64_t pick = e->draw % total;
                while (outcome + 1 < c->n_outcomes && pick >= w[outcome]) pick -= w[outcome++];
            }
        }
    }
    LsrStepRecord rec;
    lsr_state_advance(sc, g->st, i, outcome, &rec);
    if (ph == LSR_PHASE_VOTE) e->passed = rec.passed;
    e->outcome = rec.outcome;
    uint16_t *fired = (uint16_t *)(void *)(blk + sz_vars + sz_blocs);
    e->n_fired = rec.n_fired < 32 ? rec.n_fired : 32;
    memcpy(fired, rec.fired, sizeof(uint16_t) * e->n_fired);
    e->fired = fired;
    int32_t *vars = (int32_t *)(void *)blk;
    memcpy(vars, g->st + 1, sizeof(int32_t) * sc->n_vars);
    e->vars_after = vars;
    if (tally) {
        uint32_t *t = (uint32_t *)(void *)(blk + sz_vars + sz_blocs + sz_fired);
        memcpy(t, tally, sizeof(uint32_t) * n);
        e->tally = t;
        e->n_tally = n;
    }
    e->next = lsr_state_pos(g->st);
    g->blocks[g->len] = blk;
    g->len++;
    return LSR_OK;
}

LsrStatus lsr_game_choose(LsrGame *g, uint32_t i) { return lsr_game_choose_tally(g, i, NULL, 0); }

/* Keeps the first n trace entries: the game is replayed from its start
 * through them (one replay, however many entries go). */
static LsrStatus undo_to(LsrGame *g, size_t n) {
    /* Keep the choices and tallies to replay; the blocks are about to go. */
    uint32_t *choices = lsr_malloc(sizeof(uint32_t) * (n ? n : 1));
    uint32_t **tallies = lsr_calloc(n ? n : 1, sizeof(uint32_t *));
    uint32_t *ntal = lsr_calloc(n ? n : 1, sizeof(uint32_t));
    LsrStatus st = LSR_OK;
    if (!choices || !tallies || !ntal) st = LSR_ERR_NOMEM;
    for (size_t k = 0; st == LSR_OK && k < n; k++) {
        choices[k] = g->trace[k].choice;
        if (g->trace[k].tally) {
            tallies[k] = lsr_malloc(sizeof(uint32_t) * g->trace[k].n_tally);
            if (!tallies[k]) { st = LSR_ERR_NOMEM; break; }
            memcpy(tallies[k], g->trace[k].tally, sizeof(uint32_t) * g->trace[k].n_tally);
            ntal[k] = g->trace[k].n_tally;
        }
    }
    /* After a debug jump the trace's steps say where each choice was made. */
    uint32_t *steps = lsr_malloc(sizeof(uint32_t) * (n + 1));
    if (!steps) st = LSR_ERR_NOMEM;
    for (size_t k = 0; st == LSR_OK && k <= n; k++) steps[k] = g->trace[k].step;
    if (st == LSR_OK) {
        reset(g);
        for (size_t k = 0; k < n && st == LSR_OK; k++) {
            if (g->jumped) g->st[0] = (int32_t)steps[k];
            st = lsr_game_choose_tally(g, choices[k], tallies[k], ntal[k]);
        }
        if (st == LSR_OK && g->jumped) g->st[0] = (int32_t)steps[n];
    }
    lsr_free(steps);
    for (size_t k = 0; tallies && k < n; k++) lsr_free(tallies[k]);
    lsr_free(tallies);
    lsr_free(ntal);
    lsr_free(choices);
    return st;
}

LsrStatus lsr_game_undo(LsrGame *g) { return g->len == 0 ? LSR_ERR_ARG : undo_to(g, g->len - 1); }

size_t lsr_game_last_decision(const LsrGame *g) {
    for (size_t k = g->len; k-- > 0;)
        if (g->sc->steps[g->trace[k].step].type == LSR_STEP_DECISION) return k;
    return (size_t)-1;
}

LsrStatus lsr_game_undo_decision(LsrGame *g) {
    size_t k = lsr_game_last_decision(g);
    return k == (size_t)-1 ? LSR_ERR_ARG : undo_to(g, k);
}

uint32_t lsr_game_tally_winner(const LsrGame *g, const uint32_t *tally, bool *tied) {
    const LsrStep *st = lsr_game_step(g);
    uint32_t n = st ? st->n_choices : 0, best = 0, who = LSR_NEXT_NONE, n_best = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (lsr_game_choice_state(g, i) != LSR_CHOICE_AVAILABLE) continue;
        if (who == LSR_NEXT_NONE || tally[i] > best) {
            best = tally[i];
            who = i;
            n_best = 1;
        } else if (tally[i] == best) {
            n_best++;
        }
    }
    for (uint32_t i = 0; tied && i < n; i++)
        tied[i] = lsr_game_choice_state(g, i) == LSR_CHOICE_AVAILABLE && tally[i] == best;
    return n_best == 1 && best > 0 ? who : LSR_NEXT_NONE;
}

LsrStatus lsr_game_jump(LsrGame *g, uint32_t step) {
    if (step >= g->sc->n_steps || g->sc->steps[step].type == LSR_STEP_LOGIC) return LSR_ERR_ARG;
    g->st[0] = (int32_t)step;
    g->jumped = true;
    return LSR_OK;
}

bool lsr_game_jumped(const LsrGame *g) { return g->jumped; }

static void copy_id(char *dst, size_t n, const char *id) {
    size_t k = 0;
    for (; id && id[k] && k + 1 < n; k++) dst[k] = id[k];
    dst[k] = '\0';
}

/* Moves a replayed game to the step with this id, as a jump. */
static bool jump_to_id(LsrGame *g, const char *id) {
    uint32_t node = lsr_find_node(g->sc, id);
    if (node == LSR_NEXT_NONE || node >= g->sc->n_steps) return false;
    if (lsr_state_pos(g->st) != node) lsr_game_jump(g, node);
    return true;
}

LsrStatus lsr_game_replay(const LsrGame *from, const LsrScenario *sc, LsrGame **out, LsrReplayReport *rep) {
    *out = NULL;
    LsrReplayReport r;
    memset(&r, 0, sizeof r);
    r.total = from->len;
    const LsrScenario *old = from->sc;
    int32_t *carry = NULL;
    if (from->carry) {
        carry = lsr_malloc(sizeof(int32_t) * (sc->n_vars ? sc->n_vars : 1));
        if (!carry) return LSR_ERR_NOMEM;
        for (uint32_t v = 0; v < sc->n_vars; v++) {
            uint32_t ov = lsr_find_var(old, sc->vars[v].id);
            carry[v] = ov == LSR_NEXT_NONE ? INT32_MIN : from->carry[ov];
        }
    }
    LsrGameOptions opt = { from->seed, carry };
    LsrGame *g = NULL;
    LsrStatus st = lsr_game_create(sc, &opt, &g);
    lsr_free(carry);
    if (st != LSR_OK) return st;
    for (size_t k = 0; k < from->len && r.stop == LSR_REPLAY_COMPLETE; k++) {
        const LsrTraceEntry *e = &from->trace[k];
        const LsrStep *os = &old->steps[e->step];
        copy_id(r.step, sizeof r.step, os->id);
        copy_id(r.choice, sizeof r.choice, os->type == LSR_STEP_DECISION ? old->choices[os->choices_first + e->choice].id : "");
        uint32_t node = lsr_find_node(sc, os->id);
        if (node == LSR_NEXT_NONE || node >= sc->n_steps) { r.stop = LSR_REPLAY_NO_STEP; break; }
        if (node != lsr_state_pos(g->st)) {
            /* the original game jumped here (a debug jump): so does the replay */
            if (from->jumped) lsr_game_jump(g, node);
            else { r.stop = LSR_REPLAY_DIVERGED; break; }
        }
        const LsrStep *ns = &sc->steps[node];
        if (ns->type != os->type) { r.stop = LSR_REPLAY_NO_CHOICE; break; }
        uint32_t ci = 0;
        if (ns->type == LSR_STEP_DECISION) {
            ci = lsr_find_choice(sc, node, r.choice);
            if (ci == LSR_NEXT_NONE) { r.stop = LSR_REPLAY_NO_CHOICE; break; }
        }
        /* a class tally follows its choices by id: reordered choices keep
         * their votes, new ones get none, removed ones lose theirs */
        uint32_t tally[16] = { 0 };
        bool has_tally = e->tally && ns->type == LSR_STEP_DECISION && ns->n_choices <= 16;
        for (uint32_t j = 0; has_tally && j < e->n_tally && j < os->n_choices; j++) {
            uint32_t nj = lsr_find_choice(sc, node, old->choices[os->choices_first + j].id);
            if (nj != LSR_NEXT_NONE && nj < ns->n_choices) tally[nj] = e->tally[j];
        }
        st = lsr_game_choose_tally(g, ci, has_tally ? tally : NULL, has_tally ? ns->n_choices : 0);
        if (st == LSR_ERR_NOMEM) {
            lsr_game_destroy(g);
            return st;
        }
        if (st != LSR_OK) { r.stop = LSR_REPLAY_UNAVAILABLE; break; }
        r.replayed++;
    }
    if (r.stop == LSR_REPLAY_COMPLETE) {
        r.step[0] = r.choice[0] = '\0';
        /* a jump after the last choice: land on the same step too */
        const LsrStep *cur = lsr_game_step(from);
        if (from->jumped && cur && !jump_to_id(g, cur->id)) r.stop = LSR_REPLAY_NO_STEP;
    }
    g->jumped |= from->jumped;   /* a debug game stays one, even where no jump was needed */
    copy_id(r.at, sizeof r.at, lsr_node_id(sc, lsr_state_pos(g->st)));
    if (rep) *rep = r;
    *out = g;
    return r.stop == LSR_REPLAY_COMPLETE ? LSR_OK : LSR_ERR_REPLAY;
}

void lsr_game_score(const LsrGame *g, LsrScore *out) {
    const LsrScenario *sc = g->sc;
    memset(out, 0, sizeof *out);
    /* A looping scenario can pass 4,295 decisions of weight 1000: 64-bit sums. */
    uint64_t total = 0, earned = 0;
    for (size_t k = 0; k < g->len; k++) {
        const LsrTraceEntry *e = &g->trace[k];
        const LsrStep *s = &sc->steps[e->step];
        if (s->type != LSR_STEP_DECISION) continue;
        uint64_t w = (uint64_t)s->hist_weight * 1000u;
        out->decisions++;
        if (e->choice == s->hist_choice) out->matched++;
        total += w;
        earned += w * sc->choices[s->choices_first + e->choice].credit_permille / 1000u;
    }
    out->weight_total = total > UINT32_MAX ? UINT32_MAX : (uint32_t)total;
    out->weight_earned = earned > UINT32_MAX ? UINT32_MAX : (uint32_t)earned;
    out->fidelity_permille = total ? (int32_t)(earned * 1000u / total) : 1000;
    int64_t sum = 0;
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        const LsrVar *var = &sc->vars[v];
        if (!var->scored || !var->has_hist_final || var->better == LSR_BETTER_NONE) continue;
        int64_t fin = g->st[1 + v], hist = var->hist_final;
        int64_t range = (int64_t)var->max - var->min;
        int64_t d = (fin - hist) * 1000 / (range ? range : 1);
        if (var->better == LSR_BETTER_LOWER) d = -d;
        sum += d;
        if (out->n_vars < 64) {
            LsrVarScore *vs = &out->vars[out->n_vars];
            vs->var = v;
            vs->final = (int32_t)fin;
            vs->historical = (int32_t)hist;
            vs->delta_permille = (int32_t)d;
        }
        out->n_vars++;
    }
    out->outcome_permille = out->n_vars ? (int32_t)(sum / (int64_t)out->n_vars) : 0;
}
