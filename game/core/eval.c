/* The state machine: conditions, expressions, effects, events, votes and
 * the transition from one position to the next. Pure functions of the
 * scenario and a flat state; the game, the analyser and the random player
 * all go through here. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Upper bound on consecutive conditional skips: beyond it the position is
 * stuck (a cycle of steps whose conditions are all false). */
#define SKIP_GUARD(sc) ((sc)->n_steps + 1u)
/* Work allowed for event checking in one transition (see run_events). */
#define EVENT_WORK 50000000u

int64_t lsr_expr_eval(const LsrScenario *sc, const int32_t *st, LsrExpr e) {
    if (e == 0) return 0;
    const LsrNode *n = &lsr_nodes(sc)[e];
    switch ((LsrNodeOp)n->op) {
    case LSR_N_CONST: return n->k;
    case LSR_N_VAR: return st[1 + n->a];
    case LSR_N_ADD:
    case LSR_N_MUL:
    case LSR_N_MIN:
    case LSR_N_MAX: {
        int64_t acc = lsr_expr_eval(sc, st, sc->kids[n->a]);
        for (uint32_t i = 1; i < n->b; i++) {
            int64_t v = lsr_expr_eval(sc, st, sc->kids[n->a + i]);
            if (n->op == LSR_N_ADD) acc = lsr_sat_add(acc, v);
            else if (n->op == LSR_N_MUL) acc = lsr_sat_mul(acc, v);
            else if (n->op == LSR_N_MIN) acc = v < acc ? v : acc;
            else acc = v > acc ? v : acc;
        }
        return acc;
    }
    case LSR_N_SUB:
        return lsr_sat_sub(lsr_expr_eval(sc, st, sc->kids[n->a]),
                           lsr_expr_eval(sc, st, sc->kids[n->a + 1]));
    case LSR_N_DIV: {
        int64_t a = lsr_expr_eval(sc, st, sc->kids[n->a]);
        int64_t b = lsr_expr_eval(sc, st, sc->kids[n->a + 1]);
        if (b == 0) return 0;
        if (a == INT64_MIN && b == -1) return INT64_MAX;
        return a / b;
    }
    default: return 0;
    }
}

bool lsr_cond_eval(const LsrScenario *sc, const int32_t *st, LsrCond c) {
    if (c == 0) return true;
    const LsrNode *n = &lsr_nodes(sc)[c];
    switch ((LsrNodeOp)n->op) {
    case LSR_C_TRUE: return true;
    case LSR_C_FALSE: return false;
    case LSR_C_CMP: {
        return lsr_cmp_apply((LsrCmp)n->cmp, st[1 + n->a], lsr_expr_eval(sc, st, n->b));
    }
    case LSR_C_ALL:
        for (uint32_t i = 0; i < n->b; i++)
            if (!lsr_cond_eval(sc, st, sc->kids[n->a + i])) return false;
        return true;
    case LSR_C_ANY:
        for (uint32_t i = 0; i < n->b; i++)
            if (lsr_cond_eval(sc, st, sc->kids[n->a + i])) return true;
        return false;
    case LSR_C_NOT: return !lsr_cond_eval(sc, st, n->a);
    case LSR_C_FLAG: return lsr_state_flag(sc, st, n->a);
    case LSR_C_FIRED: return lsr_state_fires(sc, st, n->a) > 0;
    default: return lsr_expr_eval(sc, st, c) != 0;
    }
}

static void set_flag(const LsrScenario *sc, int32_t *st, uint32_t bit) {
    if (bit == LSR_NEXT_NONE) return;
    uint32_t *w = (uint32_t *)(void *)(st + lsr_impl(sc)->flags_word0);
    w[bit >> 5] |= 1u << (bit & 31);
}

static inline bool faulted(const int32_t *st) { return lsr_state_fault(st) != LSR_NEXT_NONE; }

/* Applies effects [first, first+n) with clamping; returns whether any
 * clamped. A change past an unbounded side stops at that effect with the
 * position set to LSR_POS_FAULT | effect (see faulted). */
static bool apply_effects(const LsrScenario *sc, int32_t *st, uint32_t first, uint32_t n, LsrEffectLog *log) {
    bool clamped = false;
    for (uint32_t i = 0; i < n; i++) {
        const LsrEffect *e = &sc->effects[first + i];
        const LsrVar *v = &sc->vars[e->var];
        int64_t operand = lsr_expr_eval(sc, st, e->value), val = operand;
        if (e->kind == LSR_EFF_ADD) val = lsr_sat_add(st[1 + e->var], val);
        uint8_t cl = 0;
        if ((val < v->min && !v->has_min) || (val > v->max && !v->has_max)) cl = 4;
        else if (val < v->min) cl = 1;
        else if (val > v->max) cl = 2;
        if (log) {
            if (log->n < LSR_EFFECT_LOG_CAP) {
                log->item[log->n].effect = first + i;
                log->item[log->n].value = operand;
                log->item[log->n].clamp = cl;
            }
            log->n++;
        }
        if (cl == 4) {
            st[0] = (int32_t)(LSR_POS_FAULT | (first + i));
            return clamped;
        }
        if (cl == 1) { val = v->min; clamped = true; }
        if (cl == 2) { val = v->max; clamped = true; }
        st[1 + e->var] = (int32_t)val;
    }
    return clamped;
}

/* Runs triggered events until none fires; returns the diversion target of
 * the first event with `next` that fired, or `next` unchanged. */
static uint32_t run_events(const LsrScenario *sc, int32_t *st, uint32_t next, LsrStepRecord *rec, LsrEffectLog *log) {
    uint8_t *fires = (uint8_t *)(void *)(st + lsr_impl(sc)->fires_word0);
    bool again = sc->n_events > 0;
    /* max_fires ends every chain, but 4,096 events x 255 fires ordered so
     * that each pass fires one would take a million passes: bound the work
     * (about EVENT_WORK node visits per transition; only hostile files get
     * near it, and the cut is deterministic, so replays agree). */
    uint64_t passes = EVENT_WORK / ((uint64_t)sc->n_events + sc->n_nodes) + 1;
    while (again && passes--) {
        again = false;
        for (uint32_t i = 0; i < sc->n_events; i++) {
            const LsrEvent *ev = &sc->events[i];
            if (fires[i] >= ev->max_fires || !lsr_cond_eval(sc, st, ev->cond)) continue;
            fires[i]++;
            bool cl = apply_effects(sc, st, ev->effects_first, ev->n_effects, log);
            if (rec) {
                if (rec->n_fired < 32) rec->fired[rec->n_fired] = (uint16_t)i;
                rec->n_fired++;
                rec->clamped |= cl;
            }
            if (faulted(st)) return next;
            again = true;
            /* A diversion ends event checking: play goes there at once. */
            if (ev->next != LSR_NEXT_NONE) return ev->next;
        }
    }
    return next;
}

/* Arrives at an ending: its effects apply to the final state. */
static void arrive_ending(const LsrScenario *sc, int32_t *st, uint32_t node, LsrStepRecord *rec, LsrEffectLog *log) {
    st[0] = (int32_t)node;
    const LsrEnding *en = &sc->endings[node - sc->n_steps];
    bool cl = apply_effects(sc, st, en->effects_first, en->n_effects, log);
    if (rec) rec->clamped |= cl;
}

/* Moves to `next`, following conditional skips, resolving "end" and
 * passing through logic steps. Arriving at a step marks it visited and
 * applies its effects; when it has any, events are checked again (and may
 * divert play). A logic step then goes on to its own `next`. */
static void arrive(const LsrScenario *sc, int32_t *st, uint32_t next, LsrStepRecord *rec, LsrEffectLog *log) {
    if (faulted(st)) return;
    uint32_t guard = SKIP_GUARD(sc);
    for (;;) {
        if (next == LSR_NEXT_END) {
            for (uint32_t e = 0; e < sc->n_endings; e++) {
                if (lsr_cond_eval(sc, st, sc->endings[e].cond)) {
                    arrive_ending(sc, st, sc->n_steps + e, rec, log);
                    return;
                }
            }
            st[0] = (int32_t)LSR_POS_STUCK;
            return;
        }
        if (next >= sc->n_steps) {
            if (next < sc->n_steps + sc->n_endings) arrive_ending(sc, st, next, rec, log);
            else st[0] = (int32_t)LSR_POS_STUCK;
            return;
        }
        const LsrStep *s = &sc->steps[next];
        if (--guard == 0) {
            /* a cycle of skips or of logic steps */
            st[0] = (int32_t)LSR_POS_STUCK;
            return;
        }
        if (s->cond && !lsr_cond_eval(sc, st, s->cond)) {
            next = s->otherwise;
            continue;
        }
        st[0] = (int32_t)next;
        set_flag(sc, st, lsr_impl(sc)->step_flag[next]);
        if (s->type == LSR_STEP_LOGIC && rec) {
            if (rec->n_logic < 16) rec->logic[rec->n_logic] = (uint16_t)next;
            rec->n_logic++;
        }
        if (s->n_effects) {
            bool cl = apply_effects(sc, st, s->effects_first, s->n_effects, log);
            if (rec) rec->clamped |= cl;
            if (faulted(st)) return;
            uint32_t stay = s->type == LSR_STEP_LOGIC ? s->next : next;
            uint32_t to = run_events(sc, st, stay, rec, log);
            if (faulted(st)) return;
            if (to != stay || s->type == LSR_STEP_LOGIC) {
                next = to;
                continue;
            }
            return;
        }
        if (s->type != LSR_STEP_LOGIC) return;
        next = s->next;
    }
}

void lsr_state_init(const LsrScenario *sc, int32_t *st, const int32_t *carry) {
    lsr_state_init_record(sc, st, carry, NULL);
}

void lsr_state_init_record(const LsrScenario *sc, int32_t *st, const int32_t *carry, LsrStepRecord *rec) {
    lsr_state_init_log(sc, st, carry, rec, NULL);
}

void lsr_state_init_log(const LsrScenario *sc, int32_t *st, const int32_t *carry, LsrStepRecord *rec,
                        LsrEffectLog *log) {
    if (log) log->n = 0;
    if (rec) {
        memset(rec, 0, sizeof *rec);
        rec->outcome = LSR_NEXT_NONE;
    }
    memset(st, 0, sizeof(int32_t) * sc->state_words);
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        int32_t val = sc->vars[v].initial;
        if (carry && carry[v] != INT32_MIN) {
            val = carry[v];
            if (val < sc->vars[v].min) val = sc->vars[v].min;
            if (val > sc->vars[v].max) val = sc->vars[v].max;
        }
        st[1 + v] = val;
    }
    uint32_t to = run_events(sc, st, sc->start, rec, log);
    arrive(sc, st, to, rec, log);
}

bool lsr_state_dead_end(const LsrScenario *sc, const int32_t *st) {
    uint32_t pos = lsr_state_pos(st);
    if (pos >= sc->n_steps || !sc->steps[pos].dead_end) return false;
    for (uint32_t i = 0; i < sc->steps[pos].n_choices; i++)
        if (lsr_choice_available(sc, st, i)) return false;
    return true;
}

/* Which owner's effect list holds effect e (first <= e < first + n)? */
static bool in_list(uint32_t e, uint32_t first, uint32_t n) { return e >= first && e - first < n; }

size_t lsr_effect_where(const LsrScenario *sc, uint32_t e, char *buf, size_t n) {
    char owner[200] = "";
    uint32_t first = e;
    for (uint32_t s = 0; !owner[0] && s < sc->n_steps; s++) {
        const LsrStep *st = &sc->steps[s];
        if (in_list(e, st->effects_first, st->n_effects)) {
            snprintf(owner, sizeof owner, "step '%s'", st->id);
            first = st->effects_first;
        } else if (st->type == LSR_STEP_VOTE) {
            const LsrBranch *b = in_list(e, st->pass.effects_first, st->pass.n_effects) ? &st->pass
                                 : in_list(e, st->fail.effects_first, st->fail.n_effects) ? &st->fail : NULL;
            if (b) {
                snprintf(owner, sizeof owner, "vote '%s' (%s)", st->id, b == &st->pass ? "pass" : "fail");
                first = b->effects_first;
            }
        }
        for (uint32_t i = 0; !owner[0] && st->type == LSR_STEP_DECISION && i < st->n_choices; i++) {
            const LsrChoice *c = &sc->choices[st->choices_first + i];
            if (in_list(e, c->effects_first, c->n_effects)) {
                snprintf(owner, sizeof owner, "choice '%s:%s'", st->id, c->id);
                first = c->effects_first;
            }
            for (uint32_t o = 0; !owner[0] && o < c->n_outcomes; o++) {
                const LsrOutcome *oc = &sc->outcomes[c->outcomes_first + o];
                if (in_list(e, oc->effects_first, oc->n_effects)) {
                    snprintf(owner, sizeof owner, "outcome %u of '%s:%s'", o + 1, st->id, c->id);
                    first = oc->effects_first;
                }
            }
        }
    }
    for (uint32_t v = 0; !owner[0] && v < sc->n_events; v++)
        if (in_list(e, sc->events[v].effects_first, sc->events[v].n_effects)) {
            snprintf(owner, sizeof owner, "event '%s'", sc->events[v].id);
            first = sc->events[v].effects_first;
        }
    for (uint32_t v = 0; !owner[0] && v < sc->n_endings; v++)
        if (in_list(e, sc->endings[v].effects_first, sc->endings[v].n_effects)) {
            snprintf(owner, sizeof owner, "ending '%s'", sc->endings[v].id);
            first = sc->endings[v].effects_first;
        }
    if (!owner[0] || e >= sc->n_effects) return (size_t)snprintf(buf, n, "effect %u", e);
    const LsrEffect *ef = &sc->effects[e];
    int k = snprintf(buf, n, "%s, effect %u (%s '%s')", owner, e - first + 1,
                     ef->kind == LSR_EFF_SET ? "set" : "add", sc->vars[ef->var].id);
    return k < 0 ? 0 : (size_t)k;
}

bool lsr_choice_available(const LsrScenario *sc, const int32_t *st, uint32_t i) {
    uint32_t pos = lsr_state_pos(st);
    if (pos >= sc->n_steps) return false;
    const LsrStep *s = &sc->steps[pos];
    if (s->type == LSR_STEP_VOTE) return i == 0;
    if (i >= s->n_choices) return false;
    return lsr_cond_eval(sc, st, sc->choices[s->choices_first + i].cond);
}

/* Copies the state and applies a choice's own effects to the copy, so that
 * outcome weights see them. `tmp` has state_words words. */
static void after_choice_effects(const LsrScenario *sc, const int32_t *st, const LsrChoice *c,
                                 int32_t *tmp) {
    memcpy(tmp, st, sizeof(int32_t) * sc->state_words);
    apply_effects(sc, tmp, c->effects_first, c->n_effects, NULL);
}

static uint64_t weights_in(const LsrScenario *sc, const int32_t *st, const LsrChoice *c, uint64_t *w) {
    uint64_t total = 0;
    for (uint32_t k = 0; k < c->n_outcomes; k++) {
        int64_t x = lsr_expr_eval(sc, st, sc->outcomes[c->outcomes_first + k].weight);
        uint64_t ux = x > 0 ? (uint64_t)x : 0;
        if (ux > (uint64_t)1 << 40) ux = (uint64_t)1 << 40; /* keeps the sum exact */
        w[k] = ux;
        total += ux;
    }
    return total;
}

uint64_t lsr_outcome_weights(const LsrScenario *sc, const int32_t *st, uint32_t i, uint64_t *w) {
    uint32_t pos = lsr_state_pos(st);
    if (pos >= sc->n_steps || sc->steps[pos].type != LSR_STEP_DECISION) return 0;
    const LsrStep *s = &sc->steps[pos];
    if (i >= s->n_choices) return 0;
    const LsrChoice *c = &sc->choices[s->choices_first + i];
    if (c->n_outcomes == 0) return 0;
    if (c->n_effects == 0) return weights_in(sc, st, c, w);
    int32_t stackbuf[256];
    int32_t *tmp = sc->state_words <= 256 ? stackbuf : lsr_malloc(sizeof(int32_t) * sc->state_words);
    if (!tmp) return 0;
    after_choice_effects(sc, st, c, tmp);
    uint64_t total = weights_in(sc, tmp, c, w);
    if (tmp != stackbuf) lsr_free(tmp);
    return total;
}

bool lsr_vote_tally(const LsrScenario *sc, const int32_t *st, uint32_t step, int32_t *per_bloc,
                    int32_t totals[3]) {
    const LsrStep *s = &sc->steps[step];
    /* 64 blocs of up to 10^9 seats overflow int32: count in 64 bits. */
    int64_t sum[3] = {0, 0, 0};
    for (uint32_t b = 0; b < sc->n_blocs; b++) {
        int64_t seats = sc->blocs[b].seats;
        if (s->seat_expr && s->seat_expr[b]) seats = lsr_expr_eval(sc, st, s->seat_expr[b]);
        if (seats < 0) seats = 0;
        if (seats > 1000000000) seats = 1000000000;
        const uint8_t abstain[3] = {0, 0, 100};
        const uint8_t *pct = abstain;
        for (uint32_t p = 0; p < s->n_positions; p++) {
            const LsrPosition *pos = &sc->positions[s->positions_first + p];
            if (pos->bloc == b && lsr_cond_eval(sc, st, pos->cond)) {
                pct = pos->pct;
                break;
            }
        }
        int64_t share[3], given = 0;
        int biggest = 0;
        for (int k = 0; k < 3; k++) {
            share[k] = seats * pct[k] / 100;
            given += share[k];
            if (pct[k] > pct[biggest]) biggest = k;
        }
        share[biggest] += seats - given; /* rounding remainder */
        for (int k = 0; k < 3; k++) {
            sum[k] += share[k];
            if (per_bloc) per_bloc[b * 3 + (uint32_t)k] = (int32_t)share[k];
        }
    }
    for (int k = 0; k < 3; k++) totals[k] = sum[k] > INT32_MAX ? INT32_MAX : (int32_t)sum[k];
    if (s->threshold == LSR_THRESH_TWO_THIRDS) return sum[0] >= 2 * sum[1] && sum[0] > 0;
    return sum[0] > sum[1];
}

void lsr_state_advance(const LsrScenario *sc, int32_t *st, uint32_t i, uint32_t outcome,
                       LsrStepRecord *rec) {
    lsr_state_advance_log(sc, st, i, outcome, rec, NULL);
}

void lsr_state_advance_log(const LsrScenario *sc, int32_t *st, uint32_t i, uint32_t outcome,
                           LsrStepRecord *rec, LsrEffectLog *log) {
    if (log) log->n = 0;
    if (rec) {
        memset(rec, 0, sizeof *rec);
        rec->outcome = LSR_NEXT_NONE;
    }
    uint32_t pos = lsr_state_pos(st);
    if (pos >= sc->n_steps) return;
    const LsrStep *s = &sc->steps[pos];
    uint32_t next;
    bool cl = false;
    if (s->type == LSR_STEP_VOTE) {
        int32_t tot[3];
        bool pass = lsr_vote_tally(sc, st, pos, NULL, tot);
        const LsrBranch *b = pass ? &s->pass : &s->fail;
        cl = apply_effects(sc, st, b->effects_first, b->n_effects, log);
        next = b->next;
        if (rec) {
            memcpy(rec->vote, tot, sizeof tot);
            rec->passed = pass;
        }
    } else {
        if (i >= s->n_choices) return;
        const LsrChoice *c = &sc->choices[s->choices_first + i];
        set_flag(sc, st, lsr_impl(sc)->choice_flag[s->choices_first + i]);
        cl = apply_effects(sc, st, c->effects_first, c->n_effects, log);
        next = c->next;
        if (c->n_outcomes) {
            if (outcome >= c->n_outcomes) outcome = 0;
            const LsrOutcome *o = &sc->outcomes[c->outcomes_first + outcome];
            if (!faulted(st)) cl |= apply_effects(sc, st, o->effects_first, o->n_effects, log);
            next = o->next;
            if (rec) rec->outcome = outcome;
        }
    }
    if (rec) rec->clamped = cl;
    if (faulted(st)) return;
    next = run_events(sc, st, next, rec, log);
    arrive(sc, st, next, rec, log);
}

bool lsr_hist_value(const LsrScenario *sc, uint32_t var, uint32_t node, int32_t *out) {
    if (!sc || var >= sc->n_vars) return false;
    const LsrVar *v = &sc->vars[var];
    if (node >= sc->n_steps) {
        if (sc->historical_ending >= sc->n_endings) return false;
        node = sc->n_steps + sc->historical_ending;
    }
    for (uint32_t i = 0; i < v->n_hist; i++)
        if (v->hist[i].at == node) {
            *out = v->hist[i].value;
            return true;
        }
    return false;
}
