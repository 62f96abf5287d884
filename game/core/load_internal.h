/* Private to the scenario loader (game/core/load*.c, json_*.c, id_index.c):
 * the Loader state shared by its stages, and the functions one stage calls
 * in another. Nothing here is part of the engine's API.
 *
 * Data flow: json_scan.c checks the text and records where every value
 * starts; id_index.c (pass 1) indexes every id from that value table;
 * load_compile.c and load_steps.c (pass 2) read one top-level entry at a
 * time as a tree (json_tree.c), check it with load_values.c and compile it;
 * load_diag.c turns the current JSON path into file:line:col diagnostics.
 * load.c runs the stages and holds the public API. */
#ifndef LEFTSR_LOAD_INTERNAL_H
#define LEFTSR_LOAD_INTERNAL_H

#include "internal.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define MAX_FILE_BYTES (16u * 1024u * 1024u)
#define MAX_DEPTH 64
#define MAX_STRING 65536u
#define MAX_NODES 65535u
#define MAX_CHOICES 9u
#define MAX_OUTCOMES 16u
#define MAX_VARS 1024u
#define MAX_EVENTS 4096u
#define MAX_BLOCS 64u
#define MAX_ID 63u
#define VALUE_LIMIT 1000000000.0
#define EXPR_LIMIT 9007199254740992.0 /* 2^53: larger integers are not exact in JSON numbers */
#define PATH_MAX_SEGS (MAX_DEPTH + 8)
#define NO_OFF 0xFFFFFFFFu
#define PNONE 0xFFFFFFFFu /* no value in the value table */

#if defined(__GNUC__)
#define LSR_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define LSR_PRINTF(a, b)
#endif

/* ------------------------------------------------------------- JSON text */

typedef struct PosNode {
    uint32_t off, next; /* where the value starts; index just past its subtree */
} PosNode;

typedef struct JsonScan {
    const char *s;
    size_t n, i;
    LsrVec *rec; /* PosNode, or NULL to only validate */
    bool oom;
    const char *code;
    size_t err_at;
    char err[200];
} JsonScan;

/* Checks the whole text js->s[0..n) as strict JSON; when js->rec is set,
 * records a PosNode per value (preorder). False with js->code/err/err_at
 * set on the first problem, or with js->oom set. */
bool ld_json_scan(JsonScan *js);

static inline bool ld_is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

static inline bool ld_is_digit(char c) { return c >= '0' && c <= '9'; }

static inline int ld_hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Index of the first '"', '\\' or control character at or after i (n if
 * none), eight bytes at a time while the bytes are plain. */
static inline size_t ld_plain_run(const char *s, size_t i, size_t n) {
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (n - i >= 8) {
        uint64_t w, q, b;
        memcpy(&w, s + i, 8);
        q = w ^ (ones * '"');
        b = w ^ (ones * '\\');
        uint64_t hit = (((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20u) & ~w)) & highs;
        if (hit) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            /* The lowest flagged byte is exact (borrows only run upwards). */
            return i + (size_t)(__builtin_ctzll(hit) >> 3);
#else
            break;
#endif
        }
        i += 8;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\' || c < 0x20) break;
    }
    return i;
}

/* The opening quote of the key of the member whose value starts at voff,
 * or NO_OFF for array elements and the root (validated text only). */
uint32_t ld_key_offset(const char *s, uint32_t voff);

/* ------------------------------------------------------------ id tables */

typedef enum Kind { K_VAR, K_BLOC, K_ACTOR, K_SOURCE, K_NODE, K_EVENT, K_CHOICE, K_COUNT } Kind;

/* What each kind is called in messages ("variable", "step", ...). */
extern const char *const ld_kind_name[K_COUNT];

/* Open addressing over ids: slot holds index+1 (0 empty); ids are compared
 * through the scenario's own arrays, so a slot costs 4 bytes. */
typedef struct IdIndex {
    uint32_t *slot;
    uint32_t mask;
} IdIndex;

/* What the loader allocates: the scenario plus its id indexes. */
typedef struct LsrLoaded {
    LsrScenarioImpl impl;
    IdIndex ix[K_COUNT];
} LsrLoaded;

/* ---------------------------------------------------------------- loader */

/* One step of a JSON path. Members found through cJSON carry parent and
 * item (their ordinal among the members is counted only when a position is
 * needed); members found in the position table carry their ordinal. */
typedef struct Seg {
    const cJSON *parent, *item;
    const char *key; /* NULL for an array index */
    uint32_t idx;    /* array index, or member ordinal when item is NULL */
} Seg;

typedef struct KeySpec {
    const char *name;
    bool required;
} KeySpec;

typedef struct Loader {
    const char *name, *src;
    size_t len;
    LsrDiagList *d;
    size_t diag_start, errors;
    bool oom;
    /* the JSON path of the value being checked */
    Seg path[PATH_MAX_SEGS];
    uint32_t depth;
    /* positions, built when the first diagnostic needs them */
    bool pos_tried, pos_ok;
    LsrVec pos, lines;
    /* output */
    LsrArena *arena;
    LsrLoaded *out;
    LsrScenario *sc;
    LsrVar *vars;
    LsrBloc *blocs;
    LsrActor *actors;
    LsrSource *sources;
    LsrStep *steps;
    LsrEnding *endings;
    LsrEvent *events;
    LsrChoice *choices;
    LsrOutcome *outcomes;
    uint32_t *step_flag, *choice_flag;
    uint32_t n_flags;
    LsrVec nodes, kids, effects, positions, srcrefs;
    struct TreeChunk *tree; /* the current entry's tree (see ld_parse_at) */
    uint32_t false_node;
    const char *lang;
    LsrDate pstart, pend;
    bool period_ok;
    int format_minor;
    bool graph_broken, used_end;
    uint32_t n_suggested;          /* "did you mean" searches so far */
    bool minor_warned;             /* ld_need_minor has warned */
    LsrGlossary *glossary;
    LsrPlace *places;              /* load_places.c */
    LsrArea *areas;
    LsrText *goals;
    uint32_t n_hist_endings;
    const char *first_hist;
    uint32_t kcache_node[256];
    int64_t kcache_val[256];
    char clip[4][80];
    unsigned clip_next;
    char what[128];
    /* translation (load_translate.c): opened at the first text, once the
     * scenario's own language is known */
    const LsrLoadOptions *tr_opts;
    LsrTr tr_state;
    LsrTr *tr;                     /* &tr_state once opened, else NULL */
    bool tr_tried;
} Loader;

typedef struct TopVal {
    uint32_t pos, ord; /* PNONE when absent */
    const char *key;
} TopVal;

/* --------------------------------------------- value table (pass 1 reads) */

static inline const PosNode *ld_pnode(const Loader *L, uint32_t i) { return &LSR_VEC_AT(&L->pos, PosNode, i); }

/* '{', '[', '"', 't', 'f', 'n' or '0' (a number). */
static inline char ld_ptype(const Loader *L, uint32_t i) {
    char c = L->src[ld_pnode(L, i)->off];
    return c == '-' || ld_is_digit(c) ? '0' : c;
}

static inline uint32_t ld_pchild(const Loader *L, uint32_t i) {
    return i + 1 < ld_pnode(L, i)->next ? i + 1 : PNONE;
}

static inline uint32_t ld_psib(const Loader *L, uint32_t parent, uint32_t c) {
    uint32_t n = ld_pnode(L, c)->next;
    return n < ld_pnode(L, parent)->next ? n : PNONE;
}

/* "an object", "an array", ... for a ld_ptype letter. */
const char *ld_ptype_name(char t);
/* Number of elements of array value arr (0 if PNONE or not an array). */
uint32_t ld_pcount(const Loader *L, uint32_t arr);
/* Decodes the validated JSON string at src[off] into buf (truncating to
 * n-1 bytes; buf may be NULL when n is 0); returns the full decoded length. */
size_t ld_pdecode(const Loader *L, uint32_t off, char *buf, size_t n);
/* First member of object obj named `name` (its ordinal in *ord), or PNONE. */
uint32_t ld_pmember(const Loader *L, uint32_t obj, const char *name, uint32_t *ord);
/* The decoded string value i, copied into the arena; NULL on out of memory. */
const char *ld_pstr_dup(Loader *L, uint32_t i);

/* ---------------------------------------------------- entry trees (pass 2) */

/* The cJSON-shaped tree of value i, valid until the next call; NULL means
 * out of memory. Never pass it to cJSON_Delete. */
const cJSON *ld_parse_at(Loader *L, uint32_t i);
/* Frees the memory of the entry trees. */
void ld_tree_free(Loader *L);

static inline uint32_t ld_arr_len(const cJSON *a) {
    return cJSON_IsArray(a) ? (uint32_t)cJSON_GetArraySize(a) : 0;
}

static inline const cJSON *ld_member(const cJSON *obj, const char *key) {
    return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

/* ------------------------------------------------------ ids (id_index.c) */

/* The id of entry i of kind k (NULL while it has none). */
const char *ld_kind_id(const LsrScenario *sc, Kind k, uint32_t i);
/* Index of id among kind k (choices: within step `scope`), or LSR_NEXT_NONE. */
uint32_t ld_ix_find(const LsrScenario *sc, const IdIndex *ix, Kind k, const char *id, uint32_t scope);
/* Pass 1: allocates the output arrays and indexes all ids.
 * top: sources, variables, blocs, actors, steps, events, endings. */
void ld_pass1(Loader *L, const TopVal *top);

/* ---------------------------------------------- JSON path and diagnostics */

static inline void ld_push_key(Loader *L, const cJSON *parent, const cJSON *item) {
    if (L->depth >= PATH_MAX_SEGS) return;
    Seg *sg = &L->path[L->depth++];
    sg->parent = parent;
    sg->item = item;
    sg->idx = 0;
    sg->key = item->string ? item->string : "";
}

static inline void ld_push_named(Loader *L, const char *key, uint32_t ord) {
    if (L->depth >= PATH_MAX_SEGS) return;
    Seg *sg = &L->path[L->depth++];
    sg->parent = sg->item = NULL;
    sg->idx = ord;
    sg->key = key;
}

static inline void ld_push_idx(Loader *L, const cJSON *parent, uint32_t idx) {
    if (L->depth >= PATH_MAX_SEGS) return;
    Seg *sg = &L->path[L->depth++];
    sg->parent = parent;
    sg->item = NULL;
    sg->idx = idx;
    sg->key = NULL;
}

static inline void ld_pop(Loader *L) {
    if (L->depth) L->depth--;
}

/* `_` keys are comments; `$schema` points editors at scenarios/schema.json. */
static inline bool ld_is_comment_key(const char *k) { return k && (k[0] == '_' || strcmp(k, "$schema") == 0); }

/* Line and column of the value at the current path (0, 0 if unknown). */
void ld_here(Loader *L, int *line, int *col);
/* The translation of the text or plain string at the current path
 * (load_translate.c); nothing unless a translation is being applied. */
void ld_tr_text(Loader *L, LsrText *t);
void ld_tr_plain(Loader *L, const char **s);
/* Reports what the catalogue had that no text used, and closes it. */
void ld_tr_finish(Loader *L);

/* An error, warning or key-positioned diagnostic at the current path. */
void ld_err(Loader *L, const char *code, const char *fmt, ...) LSR_PRINTF(3, 4);
void ld_warn(Loader *L, const char *code, const char *fmt, ...) LSR_PRINTF(3, 4);
void ld_err_key(Loader *L, LsrSeverity sev, const char *code, const char *fmt, ...) LSR_PRINTF(4, 5);
/* An error at byte offset off ((size_t)-1: none), with no JSON path. */
void ld_err_at_offset(Loader *L, const char *code, size_t off, const char *fmt, ...) LSR_PRINTF(4, 5);
/* A user string made safe for a one-line message (one of 4 rotating buffers). */
const char *ld_clip(Loader *L, const char *s);
/* "'title'" or "entry 2 of 'goals'": the value at the current path. */
const char *ld_what(Loader *L);
/* "a string", "an object", ...: the JSON type of v for messages. */
const char *ld_jtype(const cJSON *v);
/* Closest of n candidate words (NULL entries skipped), or NULL if none is close. */
const char *ld_best_word(const char *word, const char *const *cands, size_t n);
/* Closest id of a kind (choices: within step `scope`), its index in *which; NULL if none is close. */
const char *ld_suggest_id(Loader *L, Kind k, uint32_t scope, const char *word, uint32_t *which);

/* ------------------------------------------------------------- allocation */

static inline void *ld_aalloc(Loader *L, size_t n) {
    if (L->oom) return NULL;
    void *p = lsr_arena_alloc(L->arena, n ? n : 1);
    if (!p) L->oom = true;
    return p;
}

static inline void *ld_aarray(Loader *L, size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) {
        L->oom = true;
        return NULL;
    }
    return ld_aalloc(L, count * size);
}

/* A display text: copied through lsr_text_safe, so no front end, report or
 * tool ever receives control characters or bidi overrides from a file. */
static inline const char *ld_tdup(Loader *L, const char *s) {
    if (L->oom) return "";
    char *p = lsr_arena_safe_dup(L->arena, s, LSR_SAFE_MULTILINE);
    if (!p) {
        L->oom = true;
        return "";
    }
    return p;
}

static inline const char *ld_adup(Loader *L, const char *s) {
    if (L->oom) return "";
    char *p = lsr_arena_strdup(L->arena, s);
    if (!p) {
        L->oom = true;
        return "";
    }
    return p;
}

static inline void *ld_vpush(Loader *L, LsrVec *v) {
    if (L->oom) return NULL;
    void *p = lsr_vec_push(v);
    if (!p) L->oom = true;
    return p;
}

static inline uint32_t ld_new_node(Loader *L, uint8_t op) {
    LsrNode *nd = ld_vpush(L, &L->nodes);
    if (!nd) return 0;
    nd->op = op;
    return (uint32_t)(L->nodes.len - 1);
}

static inline LsrNode *ld_node_at(Loader *L, uint32_t i) { return &LSR_VEC_AT(&L->nodes, LsrNode, i); }

/* ------------------------------------------- keys and typed values */

/* Member helpers: push the member, run a check, pop. */
#define WITH(L, obj, v, ...) \
    do {                     \
        ld_push_key(L, obj, v); \
        __VA_ARGS__;         \
        ld_pop(L);              \
    } while (0)

/* A format 1.1 feature in a file that says 1.0: a warning (once per file)
 * saying how to update; the feature still works. */
void ld_need_minor(Loader *L, const char *what);
/* Reports key (the current path) as unknown in `desc`, with a "did you mean". */
void ld_unknown_key(Loader *L, const char *key, const char *desc, const KeySpec *spec, size_t n);
/* Checks obj's members against spec; val[i] receives the member for spec[i] or NULL. */
void ld_get_keys(Loader *L, const cJSON *obj, const char *desc, const KeySpec *spec, size_t n, const cJSON **val);
/* "step 'walkout'" when obj has a string id, else "this step"; written to buf. */
const char *ld_describe(Loader *L, char *buf, size_t n, const char *kind, const cJSON *obj);

/* Each v_ helper checks the value at the current path (the caller pushed
 * it), reports what is wrong, and returns false / NULL / LSR_NEXT_NONE / 0. */
bool ld_check_len(Loader *L, const char *s);
const char *ld_v_string(Loader *L, const cJSON *v, bool nonempty);
bool ld_v_int(Loader *L, const cJSON *v, double lo, double hi, int64_t *out);
bool ld_v_bool(Loader *L, const cJSON *v, bool *out);
bool ld_v_array(Loader *L, const cJSON *v);
bool ld_v_object(Loader *L, const cJSON *v);
/* One of n fixed words: its index, or -1. */
int ld_v_word(Loader *L, const cJSON *v, const char *const *words, size_t n);
void ld_v_text(Loader *L, const cJSON *v, LsrText *out);
bool ld_v_date(Loader *L, const cJSON *v, LsrDate *out);
/* Is s a valid id / language code? (no diagnostic) */
bool ld_valid_id(const char *s);
bool ld_valid_lang(const char *s);

/* References by id; ld_find_ref reports nothing, ld_unknown_ref reports a
 * missing one (`in` is appended to the message). */
uint32_t ld_find_ref(Loader *L, Kind k, const char *id, uint32_t scope);
void ld_unknown_ref(Loader *L, Kind k, uint32_t scope, const char *id, const char *in);
uint32_t ld_v_ref(Loader *L, const cJSON *v, Kind k);
/* A `next` target: a step, an ending or "end". */
uint32_t ld_v_next(Loader *L, const cJSON *v);
/* A reference that must name a step (not an ending). */
uint32_t ld_v_step_ref(Loader *L, const cJSON *v);

/* Compiled expression / condition nodes (0: "absent" / true). */
LsrExpr ld_v_expr(Loader *L, const cJSON *v);
/* The value of a boolean: true, false, 0, 1 or an expression. */
LsrExpr ld_v_bool_expr(Loader *L, const cJSON *v);
LsrCond ld_v_cond(Loader *L, const cJSON *v);
/* An array of effects, appended to L->effects. */
void ld_v_effects(Loader *L, const cJSON *v, uint32_t *first, uint32_t *count);
/* History member v of obj: its source ids (into L->srcrefs) / its note. */
void ld_v_sources(Loader *L, const cJSON *obj, const cJSON *v, uint32_t *first, uint32_t *count);
void ld_v_note(Loader *L, const cJSON *obj, const cJSON *v, LsrText *out);

/* ------------------------------------------------------------ compilation */

/* Pass 2 of one step / event: entry i of its array, at the current path. */
void ld_compile_step(Loader *L, const cJSON *s, uint32_t si);
void ld_compile_event(Loader *L, const cJSON *e, uint32_t i);
/* Map content (load_places.c): allocates the tables, compiles entry i of
 * `places` / `areas` (places and areas before steps), and checks a step's
 * `at` (a place id: its index or LSR_NEXT_NONE) and `areas` references. */
void ld_places_alloc(Loader *L, uint32_t n_places, uint32_t n_areas);
void ld_compile_place(Loader *L, const cJSON *e, uint32_t i);
void ld_compile_area(Loader *L, const cJSON *e, uint32_t i);
uint32_t ld_v_place_ref(Loader *L, const cJSON *v);
void ld_v_area_refs(Loader *L, const cJSON *v, const uint32_t **out, uint32_t *count);
/* Checks and compiles the whole file (value table built, arena ready). */
void ld_compile_all(Loader *L);

#endif
