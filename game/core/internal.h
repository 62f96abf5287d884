/* Engine internals shared by the files of game/core. Not public API. */
#ifndef LEFTSR_INTERNAL_H
#define LEFTSR_INTERNAL_H

#include "leftsr/leftsr.h"

#include <stdarg.h>

/* ------------------------------------------------------------ allocation */

/* Every engine allocation goes through these (see lsr_set_allocator). */
void *lsr_malloc(size_t n);
void *lsr_calloc(size_t count, size_t size);   /* overflow-checked */
void *lsr_realloc(void *p, size_t n);
void lsr_free(void *p);
char *lsr_strdup(const char *s);

/* Arena: bump allocator over a list of chunks, freed in one call. */
typedef struct LsrArena LsrArena;
LsrArena *lsr_arena_create(size_t chunk);
void lsr_arena_destroy(LsrArena *a);
void *lsr_arena_alloc(LsrArena *a, size_t n);        /* zeroed, 8-aligned; NULL on OOM */
char *lsr_arena_strdup(LsrArena *a, const char *s);
char *lsr_arena_strndup(LsrArena *a, const char *s, size_t n);
void *lsr_arena_memdup(LsrArena *a, const void *p, size_t n);
/* A copy of s made safe to show (lsr_text_safe with flags): every display
 * text the engine hands out, from a scenario, a campaign or a catalogue,
 * is copied through it. NULL when out of memory. */
char *lsr_arena_safe_dup(LsrArena *a, const char *s, unsigned flags);
size_t lsr_arena_used(const LsrArena *a);

/* Growable array of fixed-size elements (temporary, during loading). */
typedef struct LsrVec { void *data; size_t len, cap, elem; } LsrVec;
void lsr_vec_init(LsrVec *v, size_t elem);
void *lsr_vec_push(LsrVec *v);                        /* zeroed slot, NULL on OOM */
void lsr_vec_free(LsrVec *v);
#define LSR_VEC_AT(v, T, i) (((T *)(v)->data)[i])

/* ------------------------------------------------------------ node pool
 * Conditions and expressions compile to nodes. Node 0 is reserved: as a
 * condition it is "true", as an expression the constant 0. Variadic nodes
 * keep their operands in sc->kids[a .. a+b). */

typedef enum LsrNodeOp {
    LSR_N_CONST = 0,   /* k */
    LSR_N_VAR,         /* a: variable index */
    LSR_N_ADD, LSR_N_SUB, LSR_N_MUL, LSR_N_DIV, LSR_N_MIN, LSR_N_MAX, /* kids */
    LSR_C_TRUE, LSR_C_FALSE,
    LSR_C_CMP,         /* a: variable index, b: expr node, cmp: LsrCmp */
    LSR_C_ALL, LSR_C_ANY, /* kids */
    LSR_C_NOT,         /* a: condition node */
    LSR_C_FLAG,        /* a: flag bit (visited / chose) */
    LSR_C_FIRED        /* a: event index */
} LsrNodeOp;

typedef enum LsrCmp { LSR_CMP_EQ = 0, LSR_CMP_NE, LSR_CMP_LT, LSR_CMP_LTE, LSR_CMP_GT, LSR_CMP_GTE } LsrCmp;

typedef struct LsrNode {
    uint8_t op;        /* LsrNodeOp */
    uint8_t cmp;       /* LsrCmp for LSR_C_CMP */
    uint32_t a, b;
    int64_t k;
} LsrNode;

/* The full scenario: the public view first, then engine-only tables. */
typedef struct LsrScenarioImpl {
    LsrScenario pub;
    const uint32_t *step_flag;     /* n_steps: visited bit, or LSR_NEXT_NONE */
    const uint32_t *choice_flag;   /* n_choices: chose bit, or LSR_NEXT_NONE */
    uint32_t fires_word0;          /* first word of event fire counts */
    uint32_t flags_word0;          /* first word of flag bits */
} LsrScenarioImpl;

static inline const LsrScenarioImpl *lsr_impl(const LsrScenario *sc) {
    return (const LsrScenarioImpl *)(const void *)sc;
}
static inline const LsrNode *lsr_nodes(const LsrScenario *sc) {
    return (const LsrNode *)sc->nodes;
}

/* ------------------------------------------------------------ translation
 * Applies a scenario's catalogue while it loads (translate.c). */
typedef struct LsrTr {
    LsrCatalog *cat;          /* owned; NULL: nothing to apply */
    const char *lang;
    LsrArena *arena;          /* where the translations are copied */
    LsrTrReport *rep;         /* may be NULL */
    uint8_t *used;            /* per catalogue entry */
    const LsrLoadOptions *o;  /* for its visit callback */
} LsrTr;
/* Finds FILE's catalogue for o->lang (DIR/po/LANG/NAME.po) and opens it.
 * False only when out of memory; no catalogue is not an error. */
bool lsr_tr_open(LsrTr *t, const char *file, const char *own_lang, const LsrLoadOptions *o, LsrArena *arena);
/* The translation of the text at `ctx`, added to *text (line/col: where
 * the English is, for the report). */
void lsr_tr_text(LsrTr *t, const char *ctx, LsrText *text, int line, int col);
/* The same for a plain string, which is replaced. */
void lsr_tr_plain(LsrTr *t, const char *ctx, const char **s, int line, int col);
/* Reports unused entries; frees the catalogue. */
void lsr_tr_close(LsrTr *t);
static inline bool lsr_tr_on(const LsrTr *t) { return t && (t->cat || t->rep || (t->o && t->o->visit)); }

/* ------------------------------------------------------------ diagnostics */

/* Appends a diagnostic (printf-style message). d may be NULL. */
void lsr_diag_add(LsrDiagList *d, LsrSeverity sev, const char *code, int line, int col,
                  const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* ------------------------------------------------------------ saves */

/* Writes the correct checksum into a save's text (its "checksum" field,
 * computed with that field read as zeros; trailing newlines excluded).
 * The text need not end in NUL: only its first len bytes are read.
 * Returns false when the text has no checksum field. */
bool lsr_save_seal(char *text, size_t len);

/* ------------------------------------------------------------ effect log
 * What a transition's effects did, in order, for the analyser: each
 * applied effect, its operand (the value set or added) and whether it
 * clamped (1 at min, 2 at max) or faulted (4). Only the first
 * LSR_EFFECT_LOG_CAP are kept; n counts them all. */
#define LSR_EFFECT_LOG_CAP 256u
typedef struct LsrEffectLogItem { uint32_t effect; uint8_t clamp; int64_t value; } LsrEffectLogItem;
typedef struct LsrEffectLog { uint32_t n; LsrEffectLogItem item[LSR_EFFECT_LOG_CAP]; } LsrEffectLog;

/* lsr_state_advance / lsr_state_init_record that also fill log (may be NULL). */
void lsr_state_advance_log(const LsrScenario *sc, int32_t *st, uint32_t i, uint32_t outcome,
                           LsrStepRecord *rec, LsrEffectLog *log);
void lsr_state_init_log(const LsrScenario *sc, int32_t *st, const int32_t *carry, LsrStepRecord *rec,
                        LsrEffectLog *log);

/* Applies a comparison operator. */
static inline bool lsr_cmp_apply(LsrCmp op, int64_t a, int64_t b) {
    switch (op) {
    case LSR_CMP_EQ: return a == b;
    case LSR_CMP_NE: return a != b;
    case LSR_CMP_LT: return a < b;
    case LSR_CMP_LTE: return a <= b;
    case LSR_CMP_GT: return a > b;
    case LSR_CMP_GTE: return a >= b;
    }
    return false;
}

/* ------------------------------------------------------------ utilities */

/* Levenshtein distance, capped: returns cap+1 when larger. */
size_t lsr_edit_distance(const char *a, const char *b, size_t cap);
/* Saturating 64-bit arithmetic. */
int64_t lsr_sat_add(int64_t a, int64_t b);
int64_t lsr_sat_sub(int64_t a, int64_t b);
int64_t lsr_sat_mul(int64_t a, int64_t b);
/* Validates UTF-8; returns the byte offset of the first invalid sequence, or
 * (size_t)-1 when valid. */
size_t lsr_utf8_invalid_at(const char *s, size_t n);
bool lsr_date_parse(const char *s, LsrDate *out);
int lsr_date_cmp(LsrDate a, LsrDate b);

/* Position of a node in the flat state. */
static inline uint8_t lsr_state_fires(const LsrScenario *sc, const int32_t *st, uint32_t ev) {
    const uint8_t *b = (const uint8_t *)(const void *)(st + lsr_impl(sc)->fires_word0);
    return b[ev];
}
static inline bool lsr_state_flag(const LsrScenario *sc, const int32_t *st, uint32_t bit) {
    const uint32_t *w = (const uint32_t *)(const void *)(st + lsr_impl(sc)->flags_word0);
    return (w[bit >> 5] >> (bit & 31)) & 1u;
}

#endif
