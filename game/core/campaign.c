/* Campaigns: a list of scenario files played in order, the variables
 * carried from one to the next, and epilogues chosen by how it all went. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { CN_TRUE, CN_CMP, CN_ALL, CN_ANY, CN_NOT, CN_REACHED } CNodeOp;

typedef struct CNode {
    CNodeOp op;
    LsrCmp cmp;
    uint32_t var;              /* CN_CMP: variable of the last part */
    int64_t value;
    uint32_t part, ending;     /* CN_REACHED */
    struct CNode **kids;
    uint32_t n_kids;
} CNode;

typedef struct LsrCampaignImpl {
    LsrArena *arena;
    LsrText *epilogue_text;
    CNode **epilogue_cond;
} LsrCampaignImpl;

typedef struct Ctx {
    LsrCampaign *cp;
    LsrArena *arena;
    LsrDiagList *d;
    const char *text;          /* for positions */
    const char *lang;
    bool failed;
    const LsrLoadOptions *opts; /* for the parts: their language */
    LsrTr *tr;                  /* the campaign's own catalogue, or NULL */
} Ctx;

/* cJSON keeps no positions: find the last key of `path` in the text. */
static void locate(const Ctx *c, const char *path, int *line, int *col) {
    *line = 1;
    *col = 1;
    const char *k = strrchr(path, '/');
    char key[80];
    if (!k || !k[1] || (k[1] >= '0' && k[1] <= '9')) return;
    snprintf(key, sizeof key, "\"%s\"", k + 1);
    const char *at = strstr(c->text, key);
    if (!at) return;
    for (const char *p = c->text; p < at; p++) {
        if (*p == '\n') { (*line)++; *col = 1; }
        else (*col)++;
    }
}

static void err(Ctx *c, const char *code, const char *path, const char *msg, const char *arg) {
    int line, col;
    locate(c, path, &line, &col);
    lsr_diag_add(c->d, LSR_SEV_ERROR, code, line, col, path, msg, arg ? arg : "");
    c->failed = true;
}

/* The campaign's catalogue entry for the text at `path` ("/title" has the
 * context "title"). */
static void translate(Ctx *c, LsrText *out, const char *path) {
    if (!lsr_tr_on(c->tr)) return;
    int line, col;
    locate(c, path, &line, &col);
    lsr_tr_text(c->tr, path + 1, out, line, col);
}

static bool text_of(Ctx *c, const cJSON *v, LsrText *out, const char *path, bool required) {
    memset(out, 0, sizeof *out);
    out->s = "";
    if (!v) {
        if (required) err(c, "E_MISSING_KEY", path, "required text '%s' is missing", strrchr(path, '/') + 1);
        return !required;
    }
    if (cJSON_IsString(v)) {
        out->s = lsr_arena_safe_dup(c->arena, v->valuestring, LSR_SAFE_MULTILINE);
        if (out->s) translate(c, out, path);
        return out->s != NULL;
    }
    if (!cJSON_IsObject(v)) {
        err(c, "E_BAD_TEXT", path, "text must be a string or an object keyed by language%s", NULL);
        return false;
    }
    uint32_t n = (uint32_t)cJSON_GetArraySize(v);
    LsrTrans *tr = lsr_arena_alloc(c->arena, sizeof(LsrTrans) * (n ? n : 1));
    if (!tr) return false;
    const cJSON *it;
    uint32_t k = 0;
    cJSON_ArrayForEach(it, v) {
        if (!cJSON_IsString(it)) continue;
        tr[k].lang = lsr_arena_safe_dup(c->arena, it->string, 0);
        tr[k].s = lsr_arena_safe_dup(c->arena, it->valuestring, LSR_SAFE_MULTILINE);
        if (tr[k].s && strcmp(it->string, c->lang) == 0) out->s = tr[k].s;
        k++;
    }
    out->tr = tr;
    out->n_tr = k;
    if (!out->s[0]) err(c, "E_BAD_TEXT", path, "text has no entry for the default language '%s'", c->lang);
    translate(c, out, path);
    return true;
}

static const LsrScenario *last_scenario(const Ctx *c) {
    return c->cp->n_parts ? c->cp->parts[c->cp->n_parts - 1].scenario : NULL;
}

static CNode *parse_cond(Ctx *c, const cJSON *v, const char *path, int depth) {
    CNode *n = lsr_arena_alloc(c->arena, sizeof *n);
    if (!n) return NULL;
    if (!v || cJSON_IsTrue(v)) return n;
    if (depth > 32) {
        err(c, "E_TOO_DEEP", path, "condition nested too deeply%s", NULL);
        return n;
    }
    char sub[256];
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(v, "all"), *any = cJSON_GetObjectItemCaseSensitive(v, "any");
    const cJSON *not = cJSON_GetObjectItemCaseSensitive(v, "not"), *var = cJSON_GetObjectItemCaseSensitive(v, "var");
    const cJSON *reached = cJSON_GetObjectItemCaseSensitive(v, "reached");
    if (cJSON_IsArray(all) || cJSON_IsArray(any)) {
        const cJSON *arr = cJSON_IsArray(all) ? all : any;
        n->op = arr == all ? CN_ALL : CN_ANY;
        n->n_kids = (uint32_t)cJSON_GetArraySize(arr);
        n->kids = lsr_arena_alloc(c->arena, sizeof(CNode *) * (n->n_kids ? n->n_kids : 1));
        if (!n->kids) return NULL;
        for (uint32_t i = 0; i < n->n_kids; i++) {
            snprintf(sub, sizeof sub, "%s/%s/%u", path, arr == all ? "all" : "any", i);
            n->kids[i] = parse_cond(c, cJSON_GetArrayItem(arr, (int)i), sub, depth + 1);
            if (!n->kids[i]) return NULL;
        }
    } else if (not) {
        n->op = CN_NOT;
        n->n_kids = 1;
        n->kids = lsr_arena_alloc(c->arena, sizeof(CNode *));
        snprintf(sub, sizeof sub, "%s/not", path);
        if (!n->kids || !(n->kids[0] = parse_cond(c, not, sub, depth + 1))) return NULL;
    } else if (cJSON_IsString(reached)) {
        n->op = CN_REACHED;
        const cJSON *end = cJSON_GetObjectItemCaseSensitive(v, "ending");
        n->part = LSR_NEXT_NONE;
        for (uint32_t p = 0; p < c->cp->n_parts; p++)
            if (strcmp(c->cp->parts[p].scenario->id, reached->valuestring) == 0) n->part = p;
        if (n->part == LSR_NEXT_NONE) {
            err(c, "E_UNKNOWN_REF", path, "no scenario with id '%s' in this campaign", reached->valuestring);
            return n;
        }
        const LsrScenario *sc = c->cp->parts[n->part].scenario;
        uint32_t node = cJSON_IsString(end) ? lsr_find_node(sc, end->valuestring) : LSR_NEXT_NONE;
        if (node == LSR_NEXT_NONE || node < sc->n_steps) {
            snprintf(sub, sizeof sub, "%s/ending", path);
            err(c, "E_UNKNOWN_REF", sub, "'ending' must name an ending of that scenario; '%s' is not one",
                cJSON_IsString(end) ? end->valuestring : "(missing)");
            return n;
        }
        n->ending = node - sc->n_steps;
    } else if (cJSON_IsString(var)) {
        static const char *const ops[6] = {"eq", "ne", "lt", "lte", "gt", "gte"};
        const LsrScenario *sc = last_scenario(c);
        n->op = CN_CMP;
        n->var = sc ? lsr_find_var(sc, var->valuestring) : LSR_NEXT_NONE;
        if (n->var == LSR_NEXT_NONE) err(c, "E_UNKNOWN_REF", path, "variable '%s' is not in the last scenario", var->valuestring);
        bool found = false;
        for (int k = 0; k < 6 && !found; k++) {
            const cJSON *x = cJSON_GetObjectItemCaseSensitive(v, ops[k]);
            if (cJSON_IsNumber(x)) {
                n->cmp = (LsrCmp)k;
                n->value = (int64_t)x->valuedouble;
                found = true;
            }
        }
        if (!found) err(c, "E_BAD_CONDITION", path, "comparison needs one of eq, ne, lt, lte, gt, gte with a number%s", NULL);
    } else {
        err(c, "E_BAD_CONDITION", path, "not a campaign condition (use all, any, not, var or reached)%s", NULL);
    }
    return n;
}

static bool eval(const CNode *n, const uint32_t *endings, const int32_t *vars) {
    switch (n->op) {
    case CN_TRUE: return true;
    case CN_NOT: return !eval(n->kids[0], endings, vars);
    case CN_ALL:
        for (uint32_t i = 0; i < n->n_kids; i++)
            if (!eval(n->kids[i], endings, vars)) return false;
        return true;
    case CN_ANY:
        for (uint32_t i = 0; i < n->n_kids; i++)
            if (eval(n->kids[i], endings, vars)) return true;
        return false;
    case CN_REACHED: return n->part != LSR_NEXT_NONE && endings[n->part] == n->ending;
    case CN_CMP: {
        if (n->var == LSR_NEXT_NONE) return false;
        return lsr_cmp_apply(n->cmp, vars[n->var], n->value);
    }
    }
    return false;
}

void lsr_campaign_free(LsrCampaign *cp) {
    if (!cp) return;
    for (uint32_t i = 0; i < cp->n_parts; i++) lsr_scenario_free(cp->parts[i].scenario);
    LsrArena *a = cp->impl ? cp->impl->arena : NULL;
    lsr_arena_destroy(a);
}

_Static_assert(LSR_MAX_CAMPAIGN_PARTS == 64, "the E_LIMIT message says 64");

static void load_parts(Ctx *c, const cJSON *arr, const char *dir) {
    LsrCampaign *cp = c->cp;
    uint32_t n = (uint32_t)cJSON_GetArraySize(arr);
    LsrCampaignPart *parts = lsr_arena_alloc(c->arena, sizeof *parts * (n ? n : 1));
    if (!parts) { c->failed = true; return; }
    cp->parts = parts;
    if (n > LSR_MAX_CAMPAIGN_PARTS) {
        err(c, "E_LIMIT", "/scenarios", "a campaign has at most %s scenarios", "64");
        return;
    }
    /* The part just before this one, when it loaded (carry checks need it;
     * when it failed, its own error is already reported). */
    const LsrScenario *prev = NULL;
    for (uint32_t i = 0; i < n; i++) {
        const LsrScenario *before = prev;
        prev = NULL;
        const cJSON *e = cJSON_GetArrayItem(arr, (int)i), *file = cJSON_GetObjectItemCaseSensitive(e, "file");
        char path[256], full[8400];
        snprintf(path, sizeof path, "/scenarios/%u/file", i);
        if (!cJSON_IsString(file) || !lsr_path_inside(dir, file->valuestring)) {
            err(c, "E_BAD_PATH", path, "'file' must be a scenario file inside the campaign's folder%s", NULL);
            continue;
        }
        snprintf(full, sizeof full, "%s/%s", dir, file->valuestring);
        LsrDiagList sub;
        lsr_diags_init(&sub);
        LsrScenario *sc = NULL;
        LsrLoadOptions po = {c->opts ? c->opts->lang : NULL, NULL, NULL, NULL};
        LsrStatus st = lsr_scenario_load_file_opts(full, &po, &sc, &sub);
        for (size_t k = 0; k < sub.count; k++) {
            const LsrDiag *dg = &sub.items[k];
            if (dg->severity != LSR_SEV_ERROR) continue;
            lsr_diag_add(c->d, LSR_SEV_ERROR, dg->code, dg->line, dg->col, dg->path, "in %s: %s",
                         file->valuestring, dg->message);
        }
        lsr_diags_free(&sub);
        if (st != LSR_OK) {
            if (st == LSR_ERR_IO) err(c, "E_IO", path, "cannot read scenario '%s'", full);
            c->failed = true;
            continue;
        }
        LsrCampaignPart *p = &parts[cp->n_parts++];
        p->scenario = sc;
        p->file = lsr_arena_strdup(c->arena, full);
        const cJSON *carry = cJSON_GetObjectItemCaseSensitive(e, "carry");
        uint32_t nc = cJSON_IsArray(carry) ? (uint32_t)cJSON_GetArraySize(carry) : 0;
        const char **ids = lsr_arena_alloc(c->arena, sizeof(char *) * (nc ? nc : 1));
        if (!ids) { c->failed = true; return; }
        for (uint32_t k = 0; k < nc; k++) {
            const cJSON *id = cJSON_GetArrayItem(carry, (int)k);
            snprintf(path, sizeof path, "/scenarios/%u/carry/%u", i, k);
            if (!cJSON_IsString(id)) { err(c, "E_TYPE", path, "carry entries are variable ids%s", NULL); continue; }
            if (i == 0) err(c, "E_CARRY", path, "the first scenario has nothing to carry from ('%s')", id->valuestring);
            else if (before && (lsr_find_var(sc, id->valuestring) == LSR_NEXT_NONE ||
                                lsr_find_var(before, id->valuestring) == LSR_NEXT_NONE))
                err(c, "E_UNKNOWN_REF", path, "carried variable '%s' must exist in this scenario and the one before", id->valuestring);
            ids[k] = lsr_arena_strdup(c->arena, id->valuestring);
        }
        p->carry = ids;
        p->n_carry = nc;
        prev = sc;
    }
}

LsrStatus lsr_campaign_load(const char *path, LsrCampaign **out, LsrDiagList *d) {
    return lsr_campaign_load_opts(path, NULL, out, d);
}

LsrStatus lsr_campaign_load_opts(const char *path, const LsrLoadOptions *o, LsrCampaign **out, LsrDiagList *d) {
    *out = NULL;
    size_t len = 0;
    char *text = NULL, why[600];
    LsrStatus rst = lsr_file_read(path, 16u << 20, &text, &len, why, sizeof why);
    if (rst != LSR_OK) {
        lsr_diag_add(d, LSR_SEV_ERROR, rst == LSR_ERR_INVALID ? "E_FILE_TOO_LARGE" : "E_IO", 0, 0, "",
                     "cannot read the campaign file: %s", why);
        return rst == LSR_ERR_NOMEM ? LSR_ERR_NOMEM : rst == LSR_ERR_INVALID ? LSR_ERR_INVALID : LSR_ERR_IO;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        int line = 1, col = 1;
        for (const char *p = text; end && p < end; p++) {
            if (*p == '\n') { line++; col = 1; } else col++;
        }
        lsr_diag_add(d, LSR_SEV_ERROR, "E_JSON_SYNTAX", line, col, "", "JSON syntax error");
        lsr_file_free(text);
        return LSR_ERR_INVALID;
    }
    LsrArena *arena = lsr_arena_create(0);
    LsrCampaign *cp = arena ? lsr_arena_alloc(arena, sizeof *cp) : NULL;
    LsrCampaignImpl *impl = cp ? lsr_arena_alloc(arena, sizeof *impl) : NULL;
    if (!impl) {
        lsr_arena_destroy(arena);
        cJSON_Delete(root);
        lsr_file_free(text);
        return LSR_ERR_NOMEM;
    }
    impl->arena = arena;
    cp->impl = impl;
    const cJSON *lang = cJSON_GetObjectItemCaseSensitive(root, "language");
    Ctx c = {cp, arena, d, text, cJSON_IsString(lang) ? lang->valuestring : "en", false, o, NULL};
    LsrTr tr;
    if (!lsr_tr_open(&tr, path, c.lang, o, arena)) c.failed = true;
    else c.tr = &tr;
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(fmt) || atoi(fmt->valuestring) != LSR_FORMAT_MAJOR)
        err(&c, "E_FORMAT_VERSION", "/format", "campaign format '%s' is not supported; this leftsr reads format 1.x",
            cJSON_IsString(fmt) ? fmt->valuestring : "(missing)");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    cp->id = cJSON_IsString(id) ? lsr_arena_safe_dup(arena, id->valuestring, 0) : "campaign";
    if (!cp->id) cp->id = "campaign";
    cp->path = lsr_arena_strdup(arena, path);
    text_of(&c, cJSON_GetObjectItemCaseSensitive(root, "title"), &cp->title, "/title", true);
    text_of(&c, cJSON_GetObjectItemCaseSensitive(root, "briefing"), &cp->briefing, "/briefing", false);
    const cJSON *parts = cJSON_GetObjectItemCaseSensitive(root, "scenarios");
    if (!cJSON_IsArray(parts) || cJSON_GetArraySize(parts) == 0) {
        err(&c, "E_MISSING_KEY", "/scenarios", "a campaign needs a non-empty 'scenarios' list%s", NULL);
    } else {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        if (slash) *slash = '\0'; else snprintf(dir, sizeof dir, ".");
        load_parts(&c, parts, dir);
    }
    const cJSON *eps = cJSON_GetObjectItemCaseSensitive(root, "epilogues");
    uint32_t ne = cJSON_IsArray(eps) ? (uint32_t)cJSON_GetArraySize(eps) : 0;
    if (ne == 0) err(&c, "E_MISSING_KEY", "/epilogues", "a campaign needs at least one epilogue%s", NULL);
    impl->epilogue_text = lsr_arena_alloc(arena, sizeof(LsrText) * (ne ? ne : 1));
    impl->epilogue_cond = lsr_arena_alloc(arena, sizeof(CNode *) * (ne ? ne : 1));
    for (uint32_t i = 0; !c.failed && i < ne && impl->epilogue_text && impl->epilogue_cond; i++) {
        const cJSON *e = cJSON_GetArrayItem(eps, (int)i);
        char p[128];
        snprintf(p, sizeof p, "/epilogues/%u/text", i);
        text_of(&c, cJSON_GetObjectItemCaseSensitive(e, "text"), &impl->epilogue_text[i], p, true);
        snprintf(p, sizeof p, "/epilogues/%u/condition", i);
        impl->epilogue_cond[i] = parse_cond(&c, cJSON_GetObjectItemCaseSensitive(e, "condition"), p, 0);
        if (!impl->epilogue_cond[i]) c.failed = true;
        cp->n_epilogues++;
    }
    if (!c.failed && ne && impl->epilogue_cond[ne - 1]->op != CN_TRUE)
        lsr_diag_add(d, LSR_SEV_WARNING, "W_NO_CATCHALL_ENDING", 0, 0, "/epilogues",
                     "the last epilogue has a condition; a campaign could end with no epilogue");
    if (c.tr) lsr_tr_close(c.tr);
    cJSON_Delete(root);
    lsr_file_free(text);
    if (c.failed) {
        lsr_campaign_free(cp);
        return LSR_ERR_INVALID;
    }
    *out = cp;
    return LSR_OK;
}

void lsr_campaign_carry(const LsrCampaign *cp, uint32_t k, const LsrGame *prev, int32_t *carry) {
    const LsrScenario *sc = cp->parts[k].scenario;
    for (uint32_t v = 0; v < sc->n_vars; v++) carry[v] = INT32_MIN;
    if (k == 0 || !prev) return;
    const LsrScenario *ps = lsr_game_scenario(prev);
    for (uint32_t i = 0; i < cp->parts[k].n_carry; i++) {
        const char *id = cp->parts[k].carry[i];
        uint32_t to = lsr_find_var(sc, id), from = lsr_find_var(ps, id);
        if (to != LSR_NEXT_NONE && from != LSR_NEXT_NONE) carry[to] = lsr_game_var(prev, from);
    }
}

const LsrText *lsr_campaign_epilogue(const LsrCampaign *cp, const uint32_t *endings, const int32_t *final_vars) {
    for (uint32_t i = 0; i < cp->n_epilogues; i++)
        if (eval(cp->impl->epilogue_cond[i], endings, final_vars)) return &cp->impl->epilogue_text[i];
    return NULL;
}

uint32_t lsr_campaign_epilogue_index(const LsrCampaign *cp, const uint32_t *endings, const int32_t *final_vars) {
    for (uint32_t i = 0; i < cp->n_epilogues; i++)
        if (eval(cp->impl->epilogue_cond[i], endings, final_vars)) return i;
    return LSR_NEXT_NONE;
}

const LsrText *lsr_campaign_epilogue_text(const LsrCampaign *cp, uint32_t i) {
    return i < cp->n_epilogues ? &cp->impl->epilogue_text[i] : NULL;
}

/* Does condition n read the ending of `part` (var == LSR_NEXT_NONE) or the
 * last part's variable `var`? */
static bool cond_reads(const CNode *n, uint32_t part, uint32_t var) {
    if (n->op == CN_REACHED) return var == LSR_NEXT_NONE && n->part == part;
    if (n->op == CN_CMP) return var != LSR_NEXT_NONE && n->var == var;
    for (uint32_t i = 0; i < n->n_kids; i++)
        if (cond_reads(n->kids[i], part, var)) return true;
    return false;
}

bool lsr_campaign_reads_ending(const LsrCampaign *cp, uint32_t part) {
    for (uint32_t i = 0; i < cp->n_epilogues; i++)
        if (cond_reads(cp->impl->epilogue_cond[i], part, LSR_NEXT_NONE)) return true;
    return false;
}

bool lsr_campaign_reads_var(const LsrCampaign *cp, uint32_t var) {
    for (uint32_t i = 0; i < cp->n_epilogues; i++)
        if (cond_reads(cp->impl->epilogue_cond[i], LSR_NEXT_NONE, var)) return true;
    return false;
}
