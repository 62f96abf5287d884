/* Checking typed values at the current JSON path: object keys, strings,
 * integers, texts, dates, references by id, number expressions,
 * conditions and effects. Each reports what is wrong and compiles what it
 * can. */
#include "load_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- keys */

/* Reports key (the current path) as unknown in `desc`, with the closest
 * valid key; a warning in files of a newer minor version. */
void ld_need_minor(Loader *L, const char *what) {
    if (L->format_minor >= 1 || L->minor_warned) return;
    L->minor_warned = true;
    ld_warn(L, "W_FORMAT_MINOR", "%s is part of format 1.1, but the file says \"format\": \"1.%d\"; write \"format\": "
                                 "\"1.1\" so that it says what it needs", what, L->format_minor);
}

void ld_unknown_key(Loader *L, const char *key, const char *desc, const KeySpec *spec, size_t n) {
    const char *cands[40];
    size_t nc = n < 40 ? n : 40;
    for (size_t k = 0; k < nc; k++) cands[k] = spec[k].name;
    const char *dym = ld_best_word(key, cands, nc);
    bool newer = L->format_minor > LSR_FORMAT_MINOR;
    LsrSeverity sev = newer ? LSR_SEV_WARNING : LSR_SEV_ERROR;
    const char *code = newer ? "W_UNKNOWN_KEY" : "E_UNKNOWN_KEY";
    /* Subtraction is spelt as adding a negative value: say so rather than
     * suggest the nearest word ('set'). */
    if (strcmp(desc, "effect") == 0 && (strcmp(key, "sub") == 0 || strcmp(key, "subtract") == 0)) {
        ld_err_key(L, sev, code, "unknown key '%s' in an effect; to subtract, use 'add' with a negative value: "
                                 "{\"add\": \"var\", \"value\": -5}", ld_clip(L, key));
        return;
    }
    if (dym)
        ld_err_key(L, sev, code, "unknown key '%s' in %s; did you mean '%s'?", ld_clip(L, key), desc, dym);
    else
        ld_err_key(L, sev, code, "unknown key '%s' in %s", ld_clip(L, key), desc);
}

/* Checks the members of obj (the current path) against spec: reports
 * unknown keys (with a "did you mean"), repeated keys and missing required
 * ones; val[i] receives the member for spec[i] or NULL. `desc` names the
 * object in messages ("step 'walkout'"). */
void ld_get_keys(Loader *L, const cJSON *obj, const char *desc, const KeySpec *spec, size_t n,
                     const cJSON **val) {
    for (size_t i = 0; i < n; i++) val[i] = NULL;
    size_t hint = 0; /* members usually come in spec order: start after the last match */
    for (const cJSON *m = obj->child; m; m = m->next) {
        if (ld_is_comment_key(m->string)) continue;
        size_t i = n;
        for (size_t t = 0, c = hint; t < n; t++, c = c + 1 < n ? c + 1 : 0)
            if (spec[c].name[0] == m->string[0] && strcmp(spec[c].name, m->string) == 0) {
                i = c;
                hint = c + 1 < n ? c + 1 : 0;
                break;
            }
        ld_push_key(L, obj, m);
        if (i == n) {
            ld_unknown_key(L, m->string, desc, spec, n);
        } else if (val[i]) {
            ld_err_key(L, LSR_SEV_ERROR, "E_DUPLICATE_KEY", "key '%s' appears more than once in %s", spec[i].name,
                    desc);
        } else {
            val[i] = m;
        }
        ld_pop(L);
    }
    for (size_t i = 0; i < n; i++)
        if (spec[i].required && !val[i]) ld_err(L, "E_MISSING_KEY", "%s is missing required key '%s'", desc, spec[i].name);
}

/* "step 'walkout'" when the object has a string id, else "this step". */
const char *ld_describe(Loader *L, char *buf, size_t n, const char *kind, const cJSON *obj) {
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
    /* snprintf's "%s '%s'" / "this %s" without its cost (one per object) */
    const char *parts[4] = {"this ", kind, "", ""};
    if (cJSON_IsString(id) && id->valuestring[0])
        parts[0] = kind, parts[1] = " '", parts[2] = ld_clip(L, id->valuestring), parts[3] = "'";
    size_t w = 0;
    for (int k = 0; k < 4; k++)
        for (const char *p = parts[k]; *p && w + 1 < n; p++) buf[w++] = *p;
    if (n) buf[w] = '\0';
    return buf;
}

/* ---------------------------------------------------------- typed values
 * Each helper checks the value at the current path (the caller pushed it). */

bool ld_check_len(Loader *L, const char *s) {
    size_t n = strlen(s);
    if (n > MAX_STRING) {
        ld_err(L, "E_LIMIT", "%s is %zu bytes long; the limit is 65536", ld_what(L), n);
        return false;
    }
    return true;
}

const char *ld_v_string(Loader *L, const cJSON *v, bool nonempty) {
    if (!cJSON_IsString(v)) {
        ld_err(L, "E_TYPE", "%s must be a string, not %s", ld_what(L), ld_jtype(v));
        return NULL;
    }
    if (!ld_check_len(L, v->valuestring)) return NULL;
    if (nonempty && !v->valuestring[0]) {
        ld_err(L, "E_TYPE", "%s must not be empty", ld_what(L));
        return NULL;
    }
    return v->valuestring;
}

bool ld_v_int(Loader *L, const cJSON *v, double lo, double hi, int64_t *out) {
    if (!cJSON_IsNumber(v)) {
        ld_err(L, "E_TYPE", "%s must be an integer, not %s", ld_what(L), ld_jtype(v));
        return false;
    }
    double x = v->valuedouble;
    if (x < lo || x > hi) {
        ld_err(L, "E_RANGE", "%s is %.17g; it must be between %.0f and %.0f", ld_what(L), x, lo, hi);
        return false;
    }
    if (x != floor(x)) {
        ld_err(L, "E_TYPE", "%s must be an integer, not %.17g", ld_what(L), x);
        return false;
    }
    *out = (int64_t)x;
    return true;
}

bool ld_v_bool(Loader *L, const cJSON *v, bool *out) {
    if (!cJSON_IsBool(v)) {
        ld_err(L, "E_TYPE", "%s must be true or false, not %s", ld_what(L), ld_jtype(v));
        return false;
    }
    *out = cJSON_IsTrue(v);
    return true;
}

bool ld_v_array(Loader *L, const cJSON *v) {
    if (!cJSON_IsArray(v)) {
        ld_err(L, "E_TYPE", "%s must be an array, not %s", ld_what(L), ld_jtype(v));
        return false;
    }
    return true;
}

bool ld_v_object(Loader *L, const cJSON *v) {
    if (!cJSON_IsObject(v)) {
        ld_err(L, "E_TYPE", "%s must be an object, not %s", ld_what(L), ld_jtype(v));
        return false;
    }
    return true;
}

/* One of a fixed set of words; returns its index or -1. */
int ld_v_word(Loader *L, const cJSON *v, const char *const *words, size_t n) {
    if (!cJSON_IsString(v)) {
        ld_err(L, "E_TYPE", "%s must be a string, not %s", ld_what(L), ld_jtype(v));
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(v->valuestring, words[i]) == 0) return (int)i;
    char list[160];
    size_t w = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n && w < sizeof list; i++) {
        int r = snprintf(list + w, sizeof list - w, "%s'%s'", i == 0 ? "" : i + 1 == n ? " or " : ", ", words[i]);
        if (r > 0) w += (size_t)r;
    }
    const char *dym = ld_best_word(v->valuestring, words, n);
    if (dym)
        ld_err(L, "E_BAD_VALUE", "%s is '%s'; it must be %s; did you mean '%s'?", ld_what(L), ld_clip(L, v->valuestring), list,
            dym);
    else
        ld_err(L, "E_BAD_VALUE", "%s is '%s'; it must be %s", ld_what(L), ld_clip(L, v->valuestring), list);
    return -1;
}

bool ld_valid_id(const char *s) {
    size_t n = strlen(s);
    if (n < 1 || n > MAX_ID || s[0] < 'a' || s[0] > 'z') return false;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    }
    return true;
}

bool ld_valid_lang(const char *s) {
    size_t i = 0;
    while (s[i] >= 'a' && s[i] <= 'z') i++;
    if (i < 2 || i > 3) return false;
    while (s[i] == '-') {
        size_t k = ++i;
        while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')) i++;
        if (i - k < 2 || i - k > 8) return false;
    }
    return s[i] == '\0';
}

void ld_v_text(Loader *L, const cJSON *v, LsrText *out) {
    out->s = "";
    if (cJSON_IsString(v)) {
        if (ld_check_len(L, v->valuestring)) out->s = ld_tdup(L, v->valuestring);
        ld_tr_text(L, out);
        return;
    }
    if (!cJSON_IsObject(v)) {
        ld_err(L, "E_BAD_TEXT", "%s must be text (a string, or an object keyed by language code), not %s", ld_what(L),
            ld_jtype(v));
        return;
    }
    uint32_t n = 0;
    for (const cJSON *m = v->child; m; m = m->next)
        if (!ld_is_comment_key(m->string)) n++;
    LsrTrans *tr = n > 1 ? ld_aarray(L, n - 1, sizeof *tr) : NULL;
    uint32_t ntr = 0;
    bool have_default = false;
    for (const cJSON *m = v->child; m; m = m->next) {
        if (ld_is_comment_key(m->string)) continue;
        ld_push_key(L, v, m);
        bool dup = false;
        for (const cJSON *p = v->child; p != m; p = p->next)
            if (strcmp(p->string, m->string) == 0) dup = true;
        if (dup) {
            ld_err_key(L, LSR_SEV_ERROR, "E_DUPLICATE_KEY", "language '%s' appears more than once in this text",
                    ld_clip(L, m->string));
        } else if (!ld_valid_lang(m->string)) {
            ld_err_key(L, LSR_SEV_ERROR, "E_BAD_TEXT", "'%s' is not a language code such as 'en', 'ru' or 'pt-BR'",
                    ld_clip(L, m->string));
        } else if (!cJSON_IsString(m)) {
            ld_err(L, "E_BAD_TEXT", "the '%s' translation must be a string, not %s", ld_clip(L, m->string), ld_jtype(m));
        } else if (ld_check_len(L, m->valuestring)) {
            if (strcmp(m->string, L->lang) == 0) {
                have_default = true;
                out->s = ld_tdup(L, m->valuestring);
            } else if (tr && ntr < n - 1) {
                tr[ntr].lang = ld_adup(L, m->string);
                tr[ntr].s = ld_tdup(L, m->valuestring);
                ntr++;
            }
        }
        ld_pop(L);
    }
    if (!have_default)
        ld_err(L, "E_BAD_TEXT", "%s has no '%s' entry; a text object must contain the scenario's default language",
            ld_what(L), ld_clip(L, L->lang));
    out->tr = tr;
    out->n_tr = ntr;
    ld_tr_text(L, out);
}

/* A text value that must not be empty (history notes). */
static bool text_empty(const LsrText *t) { return !t->s || !t->s[0]; }

bool ld_v_date(Loader *L, const cJSON *v, LsrDate *out) {
    if (!cJSON_IsString(v)) {
        ld_err(L, "E_BAD_DATE", "%s must be a date written \"YYYY-MM-DD\", not %s", ld_what(L), ld_jtype(v));
        return false;
    }
    if (!lsr_date_parse(v->valuestring, out)) {
        ld_err(L, "E_BAD_DATE", "'%s' is not a valid date; write a real calendar date as YYYY-MM-DD",
            ld_clip(L, v->valuestring));
        return false;
    }
    return true;
}

/* ---------------------------------------------------------- references */

uint32_t ld_find_ref(Loader *L, Kind k, const char *id, uint32_t scope) {
    LsrLoaded *lo = L->out;
    return ld_ix_find(L->sc, &lo->ix[k], k, id, scope);
}

void ld_unknown_ref(Loader *L, Kind k, uint32_t scope, const char *id, const char *in) {
    uint32_t which = 0;
    /* Each suggestion scans every id: only for the first few bad references,
     * so a file full of them cannot make loading quadratic. */
    const char *dym = L->n_suggested++ < 64 ? ld_suggest_id(L, k, scope, id, &which) : NULL;
    const char *kname = ld_kind_name[k];
    if (k == K_NODE) kname = dym && which >= L->sc->n_steps ? "ending" : "step";
    if (dym)
        ld_err(L, "E_UNKNOWN_REF", "%s '%s' does not exist%s; did you mean '%s'?", kname, ld_clip(L, id), in, dym);
    else
        ld_err(L, "E_UNKNOWN_REF", "%s '%s' does not exist%s", kname, ld_clip(L, id), in);
}

/* A reference by id to a thing of kind k (value at the current path). */
uint32_t ld_v_ref(Loader *L, const cJSON *v, Kind k) {
    if (!cJSON_IsString(v)) {
        ld_err(L, "E_TYPE", "%s must be the id of a %s (a string), not %s", ld_what(L), ld_kind_name[k], ld_jtype(v));
        return LSR_NEXT_NONE;
    }
    uint32_t i = ld_find_ref(L, k, v->valuestring, 0);
    if (i == LSR_NEXT_NONE) ld_unknown_ref(L, k, 0, v->valuestring, "");
    return i;
}

/* A `next` target: a step, an ending or "end". */
uint32_t ld_v_next(Loader *L, const cJSON *v) {
    if (!cJSON_IsString(v)) {
        ld_err(L, "E_TYPE", "%s must be a step id, an ending id or \"end\", not %s", ld_what(L), ld_jtype(v));
        L->graph_broken = true;
        return LSR_NEXT_NONE;
    }
    if (strcmp(v->valuestring, "end") == 0) {
        L->used_end = true;
        return LSR_NEXT_END;
    }
    uint32_t i = ld_find_ref(L, K_NODE, v->valuestring, 0);
    if (i == LSR_NEXT_NONE) {
        ld_unknown_ref(L, K_NODE, 0, v->valuestring, "");
        L->graph_broken = true;
    }
    return i;
}

/* A reference that must name a step (not an ending). */
uint32_t ld_v_step_ref(Loader *L, const cJSON *v) {
    if (!cJSON_IsString(v)) {
        ld_err(L, "E_TYPE", "%s must be the id of a step (a string), not %s", ld_what(L), ld_jtype(v));
        return LSR_NEXT_NONE;
    }
    uint32_t i = ld_find_ref(L, K_NODE, v->valuestring, 0);
    if (i == LSR_NEXT_NONE) {
        ld_unknown_ref(L, K_NODE, 0, v->valuestring, "");
        return i;
    }
    if (i >= L->sc->n_steps) {
        ld_err(L, "E_UNKNOWN_REF", "'%s' is an ending, not a step", ld_clip(L, v->valuestring));
        return LSR_NEXT_NONE;
    }
    return i;
}

/* ------------------------------------------------------ expressions */

static const char *const k_expr_ops[] = {"var", "add", "sub", "mul", "div", "min", "max"};
static const uint8_t k_expr_node[] = {LSR_N_VAR, LSR_N_ADD, LSR_N_SUB, LSR_N_MUL, LSR_N_DIV, LSR_N_MIN, LSR_N_MAX};

/* The single non-comment member of an object, or NULL (reporting why). */
static const cJSON *only_member(Loader *L, const cJSON *v, const char *kind, const char *const *ops, size_t nops,
                                const char *code) {
    const cJSON *found = NULL;
    size_t n = 0;
    for (const cJSON *m = v->child; m; m = m->next) {
        if (ld_is_comment_key(m->string)) continue;
        n++;
        if (!found) found = m;
    }
    if (n == 0) {
        ld_err(L, code, "%s is an empty object; it needs one of the %s forms", ld_what(L), kind);
        return NULL;
    }
    if (n > 1) {
        ld_err(L, code, "%s has %zu keys; a %s object has exactly one (e.g. '%s')", ld_what(L), n, kind, ops[0]);
        return NULL;
    }
    return found;
}

static int op_index(const char *k, const char *const *ops, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(k, ops[i]) == 0) return (int)i;
    return -1;
}

static void unknown_form_key(Loader *L, const cJSON *obj, const cJSON *m, const char *kind, const char *const *ops,
                             size_t n) {
    ld_push_key(L, obj, m);
    const char *dym = ld_best_word(m->string, ops, n);
    if (dym)
        ld_err_key(L, LSR_SEV_ERROR, "E_UNKNOWN_KEY", "unknown key '%s' in %s; did you mean '%s'?", ld_clip(L, m->string),
                kind, dym);
    else
        ld_err_key(L, LSR_SEV_ERROR, "E_UNKNOWN_KEY", "unknown key '%s' in %s", ld_clip(L, m->string), kind);
    ld_pop(L);
}

/* Reserves n contiguous kid slots, returning the first. */
static uint32_t reserve_kids(Loader *L, uint32_t n) {
    uint32_t first = (uint32_t)L->kids.len;
    for (uint32_t i = 0; i < n; i++)
        if (!ld_vpush(L, &L->kids)) return first;
    return first;
}

/* A node of op over the n elements of array m, each compiled by `each`
 * (expressions and conditions are both node indexes) into sc->kids. */
static uint32_t variadic_node(Loader *L, const cJSON *m, uint32_t n, uint8_t op,
                              uint32_t (*each)(Loader *, const cJSON *)) {
    uint32_t first = reserve_kids(L, n), i = 0;
    for (const cJSON *e = m->child; e && !L->oom; e = e->next, i++) {
        ld_push_idx(L, m, i);
        uint32_t k = each(L, e);
        ld_pop(L);
        if (!L->oom) LSR_VEC_AT(&L->kids, uint32_t, first + i) = k;
    }
    uint32_t nd = ld_new_node(L, op);
    if (L->oom) return 0;
    ld_node_at(L, nd)->a = first;
    ld_node_at(L, nd)->b = n;
    return nd;
}

static LsrExpr expr_list(Loader *L, const cJSON *m, uint8_t op, bool two) {
    if (!cJSON_IsArray(m)) {
        ld_err(L, "E_EXPR", "'%s' takes an array of numbers, not %s", m->string, ld_jtype(m));
        return 0;
    }
    uint32_t n = (uint32_t)cJSON_GetArraySize(m);
    if (two ? n != 2 : n < 1) {
        ld_err(L, "E_EXPR", "'%s' takes %s, not %u", m->string, two ? "exactly 2 operands" : "at least 1 operand",
            (unsigned)n);
        return 0;
    }
    return variadic_node(L, m, n, op, ld_v_expr);
}

LsrExpr ld_v_expr(Loader *L, const cJSON *v) {
    if (L->oom) return 0;
    if (cJSON_IsNumber(v)) {
        double x = v->valuedouble;
        if (x != floor(x)) {
            ld_err(L, "E_EXPR", "%s is %.17g; numbers in scenarios are integers", ld_what(L), x);
            return 0;
        }
        if (x < -EXPR_LIMIT || x > EXPR_LIMIT) {
            ld_err(L, "E_RANGE", "%s is %.17g; integers must lie within +-2^53", ld_what(L), x);
            return 0;
        }
        /* A literal gets its own node even for 0: expression 0 means "absent"
         * where an expression is optional (vote seat overrides). */
        /* Constants repeat a lot (effect values): share their nodes. */
        int64_t kv = (int64_t)x;
        size_t slot = (size_t)((uint64_t)kv * 0x9E3779B97F4A7C15ull >> 56);
        if (L->kcache_node[slot] && L->kcache_val[slot] == kv) return L->kcache_node[slot];
        uint32_t nd = ld_new_node(L, LSR_N_CONST);
        if (!L->oom) {
            ld_node_at(L, nd)->k = kv;
            L->kcache_node[slot] = nd;
            L->kcache_val[slot] = kv;
        }
        return nd;
    }
    if (!cJSON_IsObject(v)) {
        ld_err(L, "E_EXPR", "%s must be a number: an integer or an object such as {\"var\": \"trust\"}, not %s",
            ld_what(L), ld_jtype(v));
        return 0;
    }
    size_t nops = sizeof k_expr_ops / sizeof k_expr_ops[0];
    for (const cJSON *m = v->child; m; m = m->next)
        if (!ld_is_comment_key(m->string) && op_index(m->string, k_expr_ops, nops) < 0) {
            unknown_form_key(L, v, m, "a number expression", k_expr_ops, nops);
            return 0;
        }
    const cJSON *m = only_member(L, v, "number expression", k_expr_ops, nops, "E_EXPR");
    if (!m) return 0;
    int op = op_index(m->string, k_expr_ops, nops);
    LsrExpr r = 0;
    ld_push_key(L, v, m);
    if (op == 0) {
        uint32_t var = ld_v_ref(L, m, K_VAR);
        if (var != LSR_NEXT_NONE) {
            r = ld_new_node(L, LSR_N_VAR);
            if (!L->oom) ld_node_at(L, r)->a = var;
        }
    } else {
        r = expr_list(L, m, k_expr_node[op], op == 2 || op == 4);
    }
    ld_pop(L);
    return r;
}

/* A constant node for a boolean (1 or 0). */
static LsrExpr bool_const(Loader *L, bool b) {
    uint32_t nd = ld_new_node(L, LSR_N_CONST);
    if (!L->oom) ld_node_at(L, nd)->k = b ? 1 : 0;
    return nd;
}

LsrExpr ld_v_bool_expr(Loader *L, const cJSON *v) {
    if (cJSON_IsBool(v)) return bool_const(L, cJSON_IsTrue(v));
    if (cJSON_IsNumber(v) && v->valuedouble != 0 && v->valuedouble != 1) {
        ld_err(L, "E_TYPE", "%s is a boolean value: true or false (or 0 or 1), not %.17g", ld_what(L), v->valuedouble);
        return 0;
    }
    return ld_v_expr(L, v);
}

/* ------------------------------------------------------- conditions */

static const char *const k_cond_keys[] = {"var", "all", "any", "not", "visited", "chose", "fired",
                                          "eq",  "ne",  "lt",  "lte", "gt",      "gte",   "choice"};

static uint32_t flag_for_step(Loader *L, uint32_t step) {
    if (L->step_flag[step] == LSR_NEXT_NONE) L->step_flag[step] = L->n_flags++;
    return L->step_flag[step];
}

static uint32_t flag_for_choice(Loader *L, uint32_t g) {
    if (L->choice_flag[g] == LSR_NEXT_NONE) L->choice_flag[g] = L->n_flags++;
    return L->choice_flag[g];
}

static LsrCond cond_false(Loader *L) {
    if (!L->false_node) L->false_node = ld_new_node(L, LSR_C_FALSE);
    return L->false_node;
}

static LsrCond cond_list(Loader *L, const cJSON *m, uint8_t op) {
    if (!cJSON_IsArray(m)) {
        ld_err(L, "E_COND", "'%s' takes an array of conditions, not %s", m->string, ld_jtype(m));
        return 0;
    }
    uint32_t n = (uint32_t)cJSON_GetArraySize(m);
    if (n == 0) {
        ld_err(L, "E_COND", "'%s' needs at least one condition", m->string);
        return 0;
    }
    return variadic_node(L, m, n, op, ld_v_cond);
}

LsrCond ld_v_cond(Loader *L, const cJSON *v) {
    if (L->oom) return 0;
    if (cJSON_IsTrue(v)) return 0;
    if (cJSON_IsFalse(v)) return cond_false(L);
    if (!cJSON_IsObject(v)) {
        ld_err(L, "E_COND", "%s must be a condition: true, false or an object such as {\"var\": \"trust\", \"gte\": 50}, "
                         "not %s",
            ld_what(L), ld_jtype(v));
        return 0;
    }
    const cJSON *var = NULL, *form = NULL, *cmp = NULL, *choice = NULL;
    int cmp_op = -1;
    size_t nkeys = sizeof k_cond_keys / sizeof k_cond_keys[0];
    bool bad = false;
    for (const cJSON *m = v->child; m; m = m->next) {
        if (ld_is_comment_key(m->string)) continue;
        int k = op_index(m->string, k_cond_keys, nkeys);
        if (k < 0) {
            unknown_form_key(L, v, m, "a condition", k_cond_keys, nkeys);
            bad = true;
        } else if (k == 0) {
            var = m;
        } else if (k >= 7 && k <= 12) {
            if (cmp) {
                ld_push_key(L, v, m);
                ld_err_key(L, LSR_SEV_ERROR, "E_COND", "a comparison takes one operator; '%s' and '%s' are both given",
                        cmp->string, m->string);
                ld_pop(L);
                bad = true;
            }
            cmp = m, cmp_op = k - 7;
        } else if (k == 13) {
            choice = m;
        } else {
            if (form) {
                ld_push_key(L, v, m);
                ld_err_key(L, LSR_SEV_ERROR, "E_COND",
                        "a condition object has one form; '%s' and '%s' are both given (combine them with 'all')",
                        form->string, m->string);
                ld_pop(L);
                bad = true;
            }
            form = m;
        }
    }
    if (bad) return 0;
    if (var && form) {
        ld_err(L, "E_COND", "a condition object has one form; 'var' and '%s' are both given (combine them with 'all')",
            form->string);
        return 0;
    }
    if (var) {
        if (choice) {
            ld_err(L, "E_COND", "'choice' belongs with 'chose', not with a comparison of 'var'");
            return 0;
        }
        uint32_t vi;
        WITH(L, v, var, vi = ld_v_ref(L, var, K_VAR));
        bool boolean = vi != LSR_NEXT_NONE && L->vars[vi].type == LSR_VAR_BOOLEAN;
        /* {"var": "flag"} alone: the boolean is true */
        if (!cmp && boolean) {
            uint32_t nd = ld_new_node(L, LSR_C_CMP);
            if (L->oom) return 0;
            ld_node_at(L, nd)->a = vi;
            ld_node_at(L, nd)->b = bool_const(L, true);
            ld_node_at(L, nd)->cmp = LSR_CMP_EQ;
            return nd;
        }
        if (!cmp) {
            ld_err(L, "E_COND", "comparison of 'var' needs one of 'eq', 'ne', 'lt', 'lte', 'gt' or 'gte' (only a "
                                "boolean may stand alone)");
            return 0;
        }
        LsrExpr rhs;
        WITH(L, v, cmp, rhs = boolean ? ld_v_bool_expr(L, cmp) : ld_v_expr(L, cmp));
        if (vi == LSR_NEXT_NONE || L->oom) return 0;
        uint32_t nd = ld_new_node(L, LSR_C_CMP);
        if (L->oom) return 0;
        LsrNode *p = ld_node_at(L, nd);
        p->a = vi;
        p->b = rhs;
        p->cmp = (uint8_t)cmp_op;
        return nd;
    }
    if (cmp) {
        ld_push_key(L, v, cmp);
        ld_err_key(L, LSR_SEV_ERROR, "E_COND", "'%s' compares a variable; add \"var\": \"...\" to say which",
                cmp->string);
        ld_pop(L);
        return 0;
    }
    if (!form) {
        if (choice) ld_err(L, "E_COND", "'choice' needs 'chose' naming the step");
        else ld_err(L, "E_COND", "%s is an empty condition; use true, or a form such as {\"var\": ..., \"gte\": ...}", ld_what(L));
        return 0;
    }
    const char *f = form->string;
    if (choice && strcmp(f, "chose") != 0) {
        ld_err(L, "E_COND", "'choice' belongs with 'chose', not with '%s'", f);
        return 0;
    }
    LsrCond r = 0;
    ld_push_key(L, v, form);
    if (strcmp(f, "all") == 0) {
        r = cond_list(L, form, LSR_C_ALL);
    } else if (strcmp(f, "any") == 0) {
        r = cond_list(L, form, LSR_C_ANY);
    } else if (strcmp(f, "not") == 0) {
        LsrCond inner = ld_v_cond(L, form);
        r = ld_new_node(L, LSR_C_NOT);
        if (!L->oom) ld_node_at(L, r)->a = inner;
    } else if (strcmp(f, "visited") == 0) {
        uint32_t st = ld_v_step_ref(L, form);
        if (st != LSR_NEXT_NONE) {
            r = ld_new_node(L, LSR_C_FLAG);
            if (!L->oom) ld_node_at(L, r)->a = flag_for_step(L, st);
        }
    } else if (strcmp(f, "fired") == 0) {
        uint32_t ev = ld_v_ref(L, form, K_EVENT);
        if (ev != LSR_NEXT_NONE) {
            r = ld_new_node(L, LSR_C_FIRED);
            if (!L->oom) ld_node_at(L, r)->a = ev;
        }
    } else { /* chose */
        uint32_t st = ld_v_step_ref(L, form);
        ld_pop(L);
        if (!choice) {
            ld_err(L, "E_MISSING_KEY", "'chose' needs 'choice' naming the choice taken at that step");
            return 0;
        }
        ld_push_key(L, v, choice);
        if (!cJSON_IsString(choice)) {
            ld_err(L, "E_TYPE", "'choice' must be the id of a choice (a string), not %s", ld_jtype(choice));
        } else if (st != LSR_NEXT_NONE) {
            if (L->steps[st].type != LSR_STEP_DECISION) {
                ld_err(L, "E_UNKNOWN_REF", "step '%s' is a vote; it has no choices", L->steps[st].id);
            } else {
                uint32_t g = ld_find_ref(L, K_CHOICE, choice->valuestring, st);
                if (g == LSR_NEXT_NONE) {
                    char in[120];
                    snprintf(in, sizeof in, " in step '%s'", L->steps[st].id);
                    ld_unknown_ref(L, K_CHOICE, st, choice->valuestring, in);
                } else {
                    r = ld_new_node(L, LSR_C_FLAG);
                    if (!L->oom) ld_node_at(L, r)->a = flag_for_choice(L, g);
                }
            }
        }
    }
    ld_pop(L);
    return r;
}

/* ---------------------------------------------------------- effects */

static const KeySpec k_effect_keys[] = {{"set", false}, {"add", false}, {"value", true}};

void ld_v_effects(Loader *L, const cJSON *v, uint32_t *first, uint32_t *count) {
    *first = (uint32_t)L->effects.len;
    *count = 0;
    if (!ld_v_array(L, v)) return;
    uint32_t i = 0;
    for (const cJSON *e = v->child; e && !L->oom; e = e->next, i++) {
        ld_push_idx(L, v, i);
        if (ld_v_object(L, e)) {
            const cJSON *k[3];
            ld_get_keys(L, e, "effect", k_effect_keys, 3, k);
            const cJSON *target = k[0] ? k[0] : k[1];
            if (k[0] && k[1]) {
                ld_err(L, "E_EFFECT", "an effect has one of 'set' and 'add', not both");
            } else if (!target) {
                ld_err(L, "E_EFFECT", "an effect needs 'set' or 'add' naming the variable it changes");
            } else {
                uint32_t var;
                WITH(L, e, target, var = ld_v_ref(L, target, K_VAR));
                bool boolean = var != LSR_NEXT_NONE && L->vars[var].type == LSR_VAR_BOOLEAN;
                if (boolean && k[1])
                    WITH(L, e, target, ld_err(L, "E_EFFECT", "'%s' is a boolean; change it with 'set' (true or false), not 'add'",
                                              ld_clip(L, L->vars[var].id)));
                LsrExpr val = 0;
                if (k[2]) WITH(L, e, k[2], val = boolean ? ld_v_bool_expr(L, k[2]) : ld_v_expr(L, k[2]));
                LsrEffect *ef = ld_vpush(L, &L->effects);
                if (ef) {
                    ef->kind = k[0] ? LSR_EFF_SET : LSR_EFF_ADD;
                    ef->var = var;
                    ef->value = val;
                }
            }
        }
        ld_pop(L);
    }
    *count = (uint32_t)L->effects.len - *first;
}

/* History sources: an array of ≥1 source ids into srcrefs. */
void ld_v_sources(Loader *L, const cJSON *obj, const cJSON *v, uint32_t *first, uint32_t *count) {
    *first = (uint32_t)L->srcrefs.len;
    *count = 0;
    if (!v) {
        ld_err(L, "E_NO_SOURCE", "this history cites no source; add \"sources\": [\"source-id\", ...]");
        return;
    }
    ld_push_key(L, obj, v);
    if (ld_v_array(L, v)) {
        if (!v->child) ld_err(L, "E_NO_SOURCE", "'sources' is empty; a history must cite at least one source");
        uint32_t i = 0;
        for (const cJSON *e = v->child; e && !L->oom; e = e->next, i++) {
            ld_push_idx(L, v, i);
            uint32_t s = ld_v_ref(L, e, K_SOURCE);
            uint32_t *slot = ld_vpush(L, &L->srcrefs);
            if (slot) *slot = s;
            ld_pop(L);
        }
    }
    ld_pop(L);
    *count = (uint32_t)L->srcrefs.len - *first;
}

void ld_v_note(Loader *L, const cJSON *obj, const cJSON *v, LsrText *out) {
    out->s = "";
    if (!v) {
        ld_err(L, "E_NO_HISTORY", "this history has no 'note'; say what historically happened");
        return;
    }
    ld_push_key(L, obj, v);
    ld_v_text(L, v, out);
    if (text_empty(out) && (cJSON_IsString(v) || cJSON_IsObject(v)))
        ld_err(L, "E_NO_HISTORY", "the history 'note' is empty; say what historically happened");
    ld_pop(L);
}
