/* Scenario loader: reads a format v1 file, validates all of it (collecting
 * every problem, not just the first), and compiles it into the immutable
 * structures of leftsr.h, all in one arena.
 *
 * Stages: size and UTF-8 checks; a strict JSON scan (syntax with precise
 * positions, nesting depth) that records where every value starts; pass 1
 * indexes every id into hash tables; pass 2 checks and compiles each
 * top-level entry, read as a cJSON-shaped tree built straight from the
 * validated text (see ld_parse_at); graph checks (reachability, stuck steps)
 * run last.
 * A diagnostic's JSON path is looked up in the scanner's table of value
 * offsets; line starts are found only when the first diagnostic needs them.
 *
 * This file runs the stages and holds the public API; load_internal.h says
 * which file holds each stage. */
#include "load_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Moves a temporary table into the arena, freeing it at once (keeps the peak low). */
static const void *to_arena(Loader *L, LsrVec *v, uint32_t *count) {
    *count = (uint32_t)v->len;
    void *p = L->oom ? NULL : lsr_arena_memdup(L->arena, v->data, v->len * v->elem);
    if (!p) L->oom = true;
    lsr_vec_free(v);
    return p;
}

/* Copies the growable tables into the arena and lays out the state. */
static void finalize(Loader *L) {
    LsrScenario *sc = L->sc;
    LsrScenarioImpl *impl = &L->out->impl;
    sc->nodes = to_arena(L, &L->nodes, &sc->n_nodes);
    sc->kids = to_arena(L, &L->kids, &sc->n_kids);
    sc->effects = to_arena(L, &L->effects, &sc->n_effects);
    sc->positions = to_arena(L, &L->positions, &sc->n_positions);
    sc->source_refs = to_arena(L, &L->srcrefs, &sc->n_source_refs);
    if (L->oom) return;
    sc->n_flags = L->n_flags;
    uint32_t fire_words = (sc->n_events + 3u) / 4u, flag_words = (L->n_flags + 31u) / 32u;
    impl->fires_word0 = 1u + sc->n_vars;
    impl->flags_word0 = impl->fires_word0 + fire_words;
    sc->state_words = impl->flags_word0 + flag_words;
    impl->step_flag = L->step_flag;
    impl->choice_flag = L->choice_flag;
}

/* Sorts this load's diagnostics by position (stable; unpositioned first). */
static void sort_diags(LsrDiagList *d, size_t from) {
    if (!d) return;
    for (size_t i = from + 1; i < d->count; i++) {
        LsrDiag t = d->items[i];
        size_t j = i;
        while (j > from && (d->items[j - 1].line > t.line ||
                            (d->items[j - 1].line == t.line && d->items[j - 1].col > t.col))) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = t;
    }
}

static const char *dir_of(LsrArena *a, const char *name) {
    const char *slash = strrchr(name, '/');
    if (!slash) return lsr_arena_strdup(a, ".");
    if (slash == name) return lsr_arena_strdup(a, "/");
    return lsr_arena_strndup(a, name, (size_t)(slash - name));
}

static void loader_free_temps(Loader *L) {
    ld_tree_free(L);
    lsr_vec_free(&L->pos);
    lsr_vec_free(&L->lines);
    lsr_vec_free(&L->nodes);
    lsr_vec_free(&L->kids);
    lsr_vec_free(&L->effects);
    lsr_vec_free(&L->positions);
    lsr_vec_free(&L->srcrefs);
}

/* ============================================================ public API */

static LsrStatus load_buffer(const char *name, const char *data, size_t len, const LsrLoadOptions *o,
                             LsrScenario **out, LsrDiagList *diags) {
    if (out) *out = NULL;
    if (!out || (!data && len)) return LSR_ERR_ARG;
    if (!name) name = "<buffer>";
    Loader L;
    memset(&L, 0, sizeof L);
    L.name = name;
    L.src = data ? data : "";
    L.len = len;
    L.d = diags;
    L.diag_start = diags ? diags->count : 0;
    L.tr_opts = o && (o->lang || o->visit) ? o : NULL;
    lsr_vec_init(&L.pos, sizeof(PosNode));
    lsr_vec_init(&L.lines, sizeof(uint32_t));
    lsr_vec_init(&L.nodes, sizeof(LsrNode));
    lsr_vec_init(&L.kids, sizeof(uint32_t));
    lsr_vec_init(&L.effects, sizeof(LsrEffect));
    lsr_vec_init(&L.positions, sizeof(LsrPosition));
    lsr_vec_init(&L.srcrefs, sizeof(uint32_t));

    if (len > MAX_FILE_BYTES) {
        ld_err_at_offset(&L, "E_FILE_TOO_LARGE", (size_t)-1, "the file is %zu bytes; the limit is 16 MiB (16777216 bytes)",
                      len);
        return LSR_ERR_INVALID;
    }
    size_t bad = lsr_utf8_invalid_at(L.src, len);
    if (bad != (size_t)-1) {
        unsigned char b0 = (unsigned char)L.src[bad], b1 = bad + 1 < len ? (unsigned char)L.src[bad + 1] : 0;
        if (b0 >= 0xC2 && b0 <= 0xF4 && bad + 1 < len && (b1 & 0xC0) != 0x80)
            /* A good lead byte: the fault is the next one. */
            ld_err_at_offset(&L, "E_UTF8", bad, "invalid UTF-8: byte 0x%02X at offset %zu should continue the character "
                          "that 0x%02X at offset %zu starts, but does not", (unsigned)b1, bad + 1, (unsigned)b0, bad);
        else if (b0 >= 0xC2 && b0 <= 0xF4)
            ld_err_at_offset(&L, "E_UTF8", bad, "invalid UTF-8: the character starting with byte 0x%02X at offset %zu is "
                          "cut short, overlong, a surrogate (U+D800-DFFF) or beyond U+10FFFF", (unsigned)b0, bad);
        else
            ld_err_at_offset(&L, "E_UTF8", bad, "invalid UTF-8: byte 0x%02X at offset %zu cannot start a character",
                          (unsigned)b0, bad);
        return LSR_ERR_INVALID;
    }
    JsonScan js;
    memset(&js, 0, sizeof js);
    js.s = L.src;
    js.n = len;
    js.rec = &L.pos;
    if (!ld_json_scan(&js)) {
        lsr_vec_free(&L.pos);
        if (js.oom) {
            ld_err_at_offset(&L, "E_NOMEM", (size_t)-1, "out of memory while scanning the JSON");
            return LSR_ERR_NOMEM;
        }
        ld_err_at_offset(&L, js.code, js.err_at, "%s", js.err);
        return LSR_ERR_INVALID;
    }
    L.arena = lsr_arena_create(len / 2 + 4096);
    if (L.arena) {
        L.out = lsr_arena_alloc(L.arena, sizeof *L.out);
    }
    LsrNode *zero = L.out ? lsr_vec_push(&L.nodes) : NULL; /* node 0: "true" / constant 0 */
    if (!zero) {
        L.oom = true;
    } else {
        L.sc = &L.out->impl.pub;
        L.sc->arena = L.arena;
        L.sc->path = lsr_arena_strdup(L.arena, name);
        L.sc->dir = dir_of(L.arena, name);
        L.sc->content_hash = lsr_hash64(data, len, 0);
        L.sc->language = "en";
        L.sc->id = "";
        if (!L.sc->path || !L.sc->dir) L.oom = true;
        else ld_compile_all(&L);
        ld_tr_finish(&L);
        /* Positions are no longer needed: free them before the final copy. */
        lsr_vec_free(&L.pos);
        lsr_vec_free(&L.lines);
        L.sc->format_minor = L.format_minor;
        if (!L.oom && !L.errors) finalize(&L);
    }
    loader_free_temps(&L);
    if (L.oom) {
        lsr_arena_destroy(L.arena);
        /* Best effort: the list may not be able to grow either. */
        ld_err_at_offset(&L, "E_NOMEM", (size_t)-1, "out of memory while loading the scenario");
        sort_diags(diags, L.diag_start);
        return LSR_ERR_NOMEM;
    }
    sort_diags(diags, L.diag_start);
    if (L.errors) {
        lsr_arena_destroy(L.arena);
        return LSR_ERR_INVALID;
    }
    *out = L.sc;
    return LSR_OK;
}

LsrStatus lsr_scenario_load_buffer(const char *name, const char *data, size_t len, LsrScenario **out,
                                   LsrDiagList *diags) {
    return load_buffer(name, data, len, NULL, out, diags);
}

LsrStatus lsr_scenario_load_file(const char *path, LsrScenario **out, LsrDiagList *diags) {
    return lsr_scenario_load_file_opts(path, NULL, out, diags);
}

LsrStatus lsr_scenario_load_file_opts(const char *path, const LsrLoadOptions *o, LsrScenario **out,
                                      LsrDiagList *diags) {
    if (out) *out = NULL;
    if (!path || !out) return LSR_ERR_ARG;
    /* The shared reader refuses FIFOs, devices and folders at once. */
    char *buf, err[600];
    size_t len;
    LsrStatus rst = lsr_file_read(path, MAX_FILE_BYTES, &buf, &len, err, sizeof err);
    if (rst == LSR_ERR_INVALID) {
        lsr_diag_add(diags, LSR_SEV_ERROR, "E_FILE_TOO_LARGE", 0, 0, "",
                     "the file is %zu bytes; the limit is 16 MiB (16777216 bytes)", len);
        return LSR_ERR_INVALID;
    }
    if (rst == LSR_ERR_NOMEM) return LSR_ERR_NOMEM;
    if (rst != LSR_OK) {
        /* The message names the path; the diagnostic line names it already. */
        const char *why = strrchr(err, ':');
        struct stat stt;
        if (errno == EISDIR || errno == EINVAL) {
            bool dir = stat(path, &stt) == 0 && S_ISDIR(stt.st_mode);
            lsr_diag_add(diags, LSR_SEV_ERROR, "E_IO", 0, 0, "", "cannot read the file: %s",
                         dir ? strerror(EISDIR) : "not a regular file (a FIFO, device or socket)");
        } else {
            lsr_diag_add(diags, LSR_SEV_ERROR, "E_IO", 0, 0, "", "cannot open the file%s", why ? why : "");
        }
        return LSR_ERR_IO;
    }
    LsrStatus st = load_buffer(path, buf, len, o, out, diags);
    lsr_file_free(buf);
    return st;
}

void lsr_scenario_free(LsrScenario *sc) {
    if (!sc) return;
    lsr_arena_destroy(sc->arena);
}

static const LsrLoaded *loaded(const LsrScenario *sc) { return (const LsrLoaded *)(const void *)sc; }

uint32_t lsr_find_var(const LsrScenario *sc, const char *id) {
    return sc ? ld_ix_find(sc, &loaded(sc)->ix[K_VAR], K_VAR, id, 0) : LSR_NEXT_NONE;
}

uint32_t lsr_find_node(const LsrScenario *sc, const char *id) {
    return sc ? ld_ix_find(sc, &loaded(sc)->ix[K_NODE], K_NODE, id, 0) : LSR_NEXT_NONE;
}

uint32_t lsr_find_choice(const LsrScenario *sc, uint32_t step, const char *id) {
    if (!sc || step >= sc->n_steps) return LSR_NEXT_NONE;
    uint32_t g = ld_ix_find(sc, &loaded(sc)->ix[K_CHOICE], K_CHOICE, id, step);
    return g == LSR_NEXT_NONE ? g : g - sc->steps[step].choices_first;
}

uint32_t lsr_find_source(const LsrScenario *sc, const char *id) {
    return sc ? ld_ix_find(sc, &loaded(sc)->ix[K_SOURCE], K_SOURCE, id, 0) : LSR_NEXT_NONE;
}

uint32_t lsr_find_event(const LsrScenario *sc, const char *id) {
    return sc ? ld_ix_find(sc, &loaded(sc)->ix[K_EVENT], K_EVENT, id, 0) : LSR_NEXT_NONE;
}

const char *lsr_node_id(const LsrScenario *sc, uint32_t node) {
    if (node == LSR_NEXT_END) return "end";
    if (!sc || node == LSR_NEXT_NONE) return "(none)";
    if (node < sc->n_steps) return sc->steps[node].id;
    if (node - sc->n_steps < sc->n_endings) return sc->endings[node - sc->n_steps].id;
    return "(none)";
}
