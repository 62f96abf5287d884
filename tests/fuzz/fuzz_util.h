/* Helpers shared by the fuzz targets: a byte reader over the fuzz input, a
 * growable text buffer, and a random player that drives the raw state model
 * and checks the engine's invariants after every transition. Header-only;
 * every function is static. */
#ifndef LEFTSR_FUZZ_UTIL_H
#define LEFTSR_FUZZ_UTIL_H

#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LSR_SOURCE_DIR
#define LSR_SOURCE_DIR "."
#endif

/* An invariant broke: crash loudly so the fuzzer keeps the input. */
#define FUZZ_ASSERT(c)                                                          \
    do {                                                                        \
        if (!(c)) {                                                             \
            fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__,     \
                    __LINE__, #c);                                              \
            abort();                                                            \
        }                                                                       \
    } while (0)

/* ------------------------------------------------------------ byte reader */

typedef struct FuzzIn { const uint8_t *p; size_t n, at; } FuzzIn;

static inline uint8_t fz_u8(FuzzIn *in) { return in->at < in->n ? in->p[in->at++] : 0; }
static inline uint32_t fz_u32(FuzzIn *in) {
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v = (v << 8) | fz_u8(in);
    return v;
}
static inline uint64_t fz_u64(FuzzIn *in) { return ((uint64_t)fz_u32(in) << 32) | fz_u32(in); }
static inline uint32_t fz_below(FuzzIn *in, uint32_t n) { return n ? fz_u8(in) % n : 0; }
static inline bool fz_done(const FuzzIn *in) { return in->at >= in->n; }

/* ------------------------------------------------------------ text buffer */

typedef struct Buf { char *s; size_t len, cap; bool oom; } Buf;

static inline void buf_put(Buf *b, const char *s, size_t n) {
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1) cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) { b->oom = true; return; }
        b->s = ns, b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}
static inline void buf_str(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline void buf_fmt(Buf *b, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (r > 0) buf_put(b, tmp, (size_t)r < sizeof tmp ? (size_t)r : sizeof tmp - 1);
}
static inline void buf_free(Buf *b) { free(b->s); memset(b, 0, sizeof *b); }

/* Appends bytes as the inside of a JSON string. Invalid UTF-8 bytes become
 * '?' so that the text reaches the layout code instead of the UTF-8 check. */
static inline void buf_json_text(Buf *b, const uint8_t *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        size_t bad = lsr_utf8_invalid_at((const char *)s + i, n - i);
        size_t good = bad == (size_t)-1 ? n - i : bad;
        for (size_t k = 0; k < good; k++) {
            uint8_t c = s[i + k];
            if (c == '"' || c == '\\') { buf_put(b, "\\", 1); buf_put(b, (const char *)&c, 1); }
            else if (c == '\n') buf_str(b, "\\n");
            else if (c == 0) buf_str(b, " ");
            else if (c < 0x20) buf_fmt(b, "\\u%04x", c);
            else buf_put(b, (const char *)&c, 1);
        }
        i += good;
        if (i < n) { buf_put(b, "?", 1); i++; }
    }
}

/* ------------------------------------------------------- bundled scenarios */

static inline char *fz_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    Buf b = {0};
    char tmp[8192];
    size_t r;
    while ((r = fread(tmp, 1, sizeof tmp, f)) > 0) buf_put(&b, tmp, r);
    fclose(f);
    if (b.oom) { buf_free(&b); return NULL; }
    *len = b.len;
    return b.s;
}

/* Loads scenarios/<id>.json from the source tree, or exits: a fuzz target
 * without its scenario would test nothing. */
static inline LsrScenario *fz_load_bundled(const char *id) {
    char path[4096];
    const char *dir = getenv("LEFTSR_DATA");
    snprintf(path, sizeof path, "%s/scenarios/%s.json", dir && *dir ? dir : LSR_SOURCE_DIR, id);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_file(path, &sc, NULL);
    if (st != LSR_OK) {
        fprintf(stderr, "fuzz: cannot load the bundled scenario %s (%s)\n", path, lsr_status_str(st));
        exit(2);
    }
    return sc;
}

/* --------------------------------------------------------- random player */

static inline uint64_t fz_rng(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Checks what must hold in every reachable state. */
static inline void fz_check_state(const LsrScenario *sc, const int32_t *st) {
    uint32_t pos = lsr_state_pos(st);
    FUZZ_ASSERT(pos == LSR_POS_STUCK || pos < sc->n_steps + sc->n_endings);
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        int32_t x = lsr_state_var(st, v);
        FUZZ_ASSERT(x >= sc->vars[v].min && x <= sc->vars[v].max);
    }
}

/* Plays up to max_steps random transitions through lsr_state_advance,
 * exercising conditions, expressions, weights, votes and events. */
static inline void fz_play_random(const LsrScenario *sc, uint64_t seed, uint32_t max_steps) {
    int32_t *st = calloc(sc->state_words ? sc->state_words : 1, sizeof *st);
    uint64_t *w = calloc(16, sizeof *w);
    int32_t *per_bloc = calloc(sc->n_blocs ? sc->n_blocs * 3u : 1u, sizeof *per_bloc);
    if (!st || !w || !per_bloc) { free(st); free(w); free(per_bloc); return; }
    lsr_state_init(sc, st, NULL);
    fz_check_state(sc, st);
    for (uint32_t k = 0; k < max_steps; k++) {
        uint32_t pos = lsr_state_pos(st);
        if (pos >= sc->n_steps) break;
        const LsrStep *s = &sc->steps[pos];
        LsrStepRecord rec;
        if (s->type == LSR_STEP_VOTE) {
            int32_t tot[3];
            lsr_vote_tally(sc, st, pos, per_bloc, tot);
            FUZZ_ASSERT(tot[0] >= 0 && tot[1] >= 0 && tot[2] >= 0);
            lsr_state_advance(sc, st, 0, 0, &rec);
        } else {
            uint32_t avail[16], na = 0;
            for (uint32_t i = 0; i < s->n_choices && na < 16; i++)
                if (lsr_choice_available(sc, st, i)) avail[na++] = i;
            if (!na) break;
            uint32_t i = avail[fz_rng(&seed) % na];
            uint64_t total = lsr_outcome_weights(sc, st, i, w);
            uint32_t outcome = 0;
            const LsrChoice *c = &sc->choices[s->choices_first + i];
            if (total) {
                uint64_t pick = fz_rng(&seed) % total;
                while (outcome + 1 < c->n_outcomes && pick >= w[outcome]) pick -= w[outcome++];
            }
            lsr_state_advance(sc, st, i, outcome, &rec);
        }
        fz_check_state(sc, st);
    }
    free(st);
    free(w);
    free(per_bloc);
}

/* Plays through the public game API, then scores and undoes. */
static inline void fz_play_game(const LsrScenario *sc, uint64_t seed, uint32_t max_steps) {
    LsrGame *g = NULL;
    LsrGameOptions opt = {seed, NULL};
    if (lsr_game_create(sc, &opt, &g) != LSR_OK) return;
    for (uint32_t k = 0; k < max_steps; k++) {
        LsrPhase ph = lsr_game_phase(g);
        if (ph == LSR_PHASE_ENDED || ph == LSR_PHASE_STUCK) break;
        const LsrStep *s = lsr_game_step(g);
        FUZZ_ASSERT(s != NULL);
        uint32_t pick = 0;
        if (ph == LSR_PHASE_DECISION) {
            uint32_t avail[16], na = 0;
            for (uint32_t i = 0; i < s->n_choices && na < 16; i++)
                if (lsr_game_choice_state(g, i) == LSR_CHOICE_AVAILABLE) avail[na++] = i;
            FUZZ_ASSERT(na > 0);
            pick = avail[fz_rng(&seed) % na];
        }
        FUZZ_ASSERT(lsr_game_choose(g, pick) == LSR_OK);
        fz_check_state(sc, lsr_game_state(g));
    }
    LsrScore score;
    lsr_game_score(g, &score);
    FUZZ_ASSERT(score.fidelity_permille >= 0 && score.fidelity_permille <= 1000);
    if (lsr_game_trace_len(g) > 0) FUZZ_ASSERT(lsr_game_undo(g) == LSR_OK);
    lsr_game_destroy(g);
}

#endif
