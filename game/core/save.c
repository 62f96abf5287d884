/* Saves are replays: scenario id, content hash, seed, carried values and the
 * choices by id (with class tallies). Written to a temporary file, synced,
 * then renamed over the old save, whose previous version is kept as .bak. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SAVE_VERSION 1
#define SAVE_MAX_BYTES (4u << 20)
#define SAVE_MAX_CHOICES 10000
#define CHECKSUM_KEY "\"checksum\":\""
#define CHECKSUM_ZERO "0000000000000000"

static void seterr(char *err, size_t n, const char *fmt, const char *a, const char *b) {
    if (err && n) snprintf(err, n, fmt, a ? a : "", b ? b : "");
}

size_t lsr_save_default_path(const char *scenario_id, char *buf, size_t n) {
    /* XDG: a relative path in these variables is ignored. With no absolute
     * home either there is no default (saves never land in the current
     * folder by surprise). */
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    int r;
    if (n) buf[0] = '\0';
    if (xdg && xdg[0] == '/')
        r = snprintf(buf, n, "%s/leftsr/saves/%s.json", xdg, scenario_id);
    else if (home && home[0] == '/')
        r = snprintf(buf, n, "%s/.local/share/leftsr/saves/%s.json", home, scenario_id);
    else
        return 0;
    return r < 0 || (size_t)r >= n ? 0 : (size_t)r;
}

int lsr_mkdirs_for(const char *path) {
    char tmp[4096];
    size_t len = strlen(path);
    if (len >= sizeof tmp) return -1;
    memcpy(tmp, path, len + 1);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    return 0;
}

static void hex64(uint64_t v, char out[17]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) {
        out[i] = digits[v & 15];
        v >>= 4;
    }
    out[16] = '\0';
}

/* The checksum key within the first len bytes (text need not end in NUL). */
static const char *find_key(const char *text, size_t len) {
    size_t kl = strlen(CHECKSUM_KEY);
    for (size_t i = 0; i + kl <= len; i++)
        if (text[i] == CHECKSUM_KEY[0] && memcmp(text + i, CHECKSUM_KEY, kl) == 0) return text + i;
    return NULL;
}

/* Checksum of the text with the checksum field's value read as zeros;
 * *value_at (may be NULL) receives the offset of that value. */
static bool checksum_of(const char *text, size_t len, uint64_t *sum, char *found, size_t *value_at) {
    const char *k = find_key(text, len);
    if (!k) return false;
    size_t at = (size_t)(k - text) + strlen(CHECKSUM_KEY);
    if (at + 16 > len) return false;
    if (value_at) *value_at = at;
    if (found) {
        memcpy(found, text + at, 16);
        found[16] = '\0';
    }
    uint64_t h = lsr_hash64(text, at, 0);
    h = lsr_hash64(CHECKSUM_ZERO, 16, h);
    *sum = lsr_hash64(text + at + 16, len - at - 16, h);
    return true;
}

bool lsr_save_seal(char *text, size_t len) {
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r')) len--;
    uint64_t sum;
    size_t at;
    if (!checksum_of(text, len, &sum, NULL, &at)) return false;
    char hex[17];
    hex64(sum, hex);
    memcpy(text + at, hex, 16);
    return true;
}

static char *build_json(const LsrGame *g) {
    const LsrScenario *sc = lsr_game_scenario(g);
    cJSON *root = cJSON_CreateObject();
    if (!root) return NULL;
    char hex[17], seed[24], when[32];
    hex64(sc->content_hash, hex);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)lsr_game_seed(g));
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tmv);
    bool ok = cJSON_AddNumberToObject(root, "leftsr_save", SAVE_VERSION) &&
              cJSON_AddStringToObject(root, "scenario", sc->id) &&
              cJSON_AddStringToObject(root, "content_hash", hex) &&
              cJSON_AddStringToObject(root, "seed", seed) &&
              cJSON_AddStringToObject(root, "saved_at", when);
    /* Carried values are the initial values that differ from the file's. */
    cJSON *carry = ok ? cJSON_AddObjectToObject(root, "carry") : NULL;
    ok = ok && carry;
    const int32_t *init = lsr_game_initial_vars(g);
    bool carried = false;
    for (uint32_t v = 0; ok && v < sc->n_vars; v++)
        if (init[v] != sc->vars[v].initial) {
            ok = cJSON_AddNumberToObject(carry, sc->vars[v].id, init[v]) != NULL;
            carried = true;
        }
    /* Only a campaign carries values in; a load refuses carry without this. */
    if (ok && carried) ok = cJSON_AddTrueToObject(root, "campaign") != NULL;
    cJSON *arr = ok ? cJSON_AddArrayToObject(root, "choices") : NULL;
    ok = ok && arr;
    for (size_t i = 0; ok && i < lsr_game_trace_len(g); i++) {
        const LsrTraceEntry *e = lsr_game_trace(g, i);
        const LsrStep *s = &sc->steps[e->step];
        cJSON *o = cJSON_CreateObject();
        ok = o && cJSON_AddItemToArray(arr, o);
        ok = ok && cJSON_AddStringToObject(o, "step", s->id);
        if (ok && s->type == LSR_STEP_DECISION)
            ok = cJSON_AddStringToObject(o, "choice", sc->choices[s->choices_first + e->choice].id) != NULL;
        if (ok && e->tally) {
            cJSON *t = cJSON_AddArrayToObject(o, "tally");
            ok = t != NULL;
            for (uint32_t k = 0; ok && k < e->n_tally; k++) ok = cJSON_AddItemToArray(t, cJSON_CreateNumber(e->tally[k]));
        }
    }
    ok = ok && cJSON_AddStringToObject(root, "checksum", CHECKSUM_ZERO);
    char *text = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return text;
}

LsrStatus lsr_save_write(const LsrGame *g, const char *path, char *err, size_t errlen) {
    /* A save that --continue would refuse is not written: the previous one stays. */
    if (lsr_game_trace_len(g) > SAVE_MAX_CHOICES) {
        seterr(err, errlen, "this game has more than %s steps, more than a save can hold; %s keeps the last save",
               "10000", path);
        return LSR_ERR_IO;
    }
    char *text = build_json(g);
    if (!text) {
        seterr(err, errlen, "out of memory while saving", NULL, NULL);
        return LSR_ERR_NOMEM;
    }
    size_t len = strlen(text);
    lsr_save_seal(text, len);

    /* The shared safe write: a fresh O_EXCL|O_NOFOLLOW temporary file,
     * fsync, the previous save kept as .bak, then rename. */
    LsrFileWriter w;
    LsrStatus st = lsr_writer_open(&w, path, LSR_WRITE_BACKUP | LSR_WRITE_MKDIRS | LSR_WRITE_REGULAR_ONLY, err, errlen);
    if (st != LSR_OK) {
        cJSON_free(text);
        return st;
    }
    bool ok = fwrite(text, 1, len, w.f) == len && fputc('\n', w.f) != EOF;
    int saved_errno = errno;
    cJSON_free(text);
    if (!ok) {
        lsr_writer_abort(&w);
        seterr(err, errlen, "cannot write %s: %s", path, strerror(saved_errno ? saved_errno : EIO));
        return LSR_ERR_IO;
    }
    return lsr_writer_commit(&w, err, errlen);
}

/* Verifies and parses a save held in memory (buf is modified: trailing
 * newlines are cut). Returns the tree or NULL with err. */
static cJSON *parse_save(char *buf, size_t len, const char *name, LsrStatus *st, char *err, size_t errlen) {
    *st = LSR_ERR_SAVE;
    if (len > SAVE_MAX_BYTES) {
        seterr(err, errlen, "%s is too large to be a leftsr save%s", name, NULL);
        return NULL;
    }
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) buf[--len] = '\0';
    uint64_t sum;
    char found[17], hex[17];
    if (len == 0 || memchr(buf, '\0', len) || !checksum_of(buf, len, &sum, found, NULL)) {
        seterr(err, errlen, "%s is empty, truncated or not a leftsr save%s", name, NULL);
        return NULL;
    }
    hex64(sum, hex);
    if (strcmp(hex, found) != 0) {
        seterr(err, errlen, "%s is damaged (checksum mismatch)%s", name, NULL);
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLength(buf, len);
    const cJSON *ver = root ? cJSON_GetObjectItemCaseSensitive(root, "leftsr_save") : NULL;
    if (!cJSON_IsNumber(ver)) {
        cJSON_Delete(root);
        seterr(err, errlen, "%s is not a leftsr save%s", name, NULL);
        return NULL;
    }
    if (ver->valuedouble != SAVE_VERSION) {
        /* Read the version before the tree (and `ver` with it) is freed. */
        bool newer = ver->valuedouble > SAVE_VERSION;
        cJSON_Delete(root);
        seterr(err, errlen, "%s was written by another version of leftsr (save format %s)", name,
               newer ? "newer" : "older");
        return NULL;
    }
    *st = LSR_OK;
    return root;
}

/* Reads and verifies a save file; returns the parsed tree or NULL with err. */
static cJSON *read_save(const char *path, LsrStatus *st, char *err, size_t errlen) {
    char *buf;
    size_t len;
    *st = lsr_file_read(path, SAVE_MAX_BYTES, &buf, &len, err, errlen);
    if (*st == LSR_ERR_INVALID) {
        *st = LSR_ERR_SAVE;
        seterr(err, errlen, "%s is too large to be a leftsr save%s", path, NULL);
    }
    if (*st != LSR_OK) return NULL;
    cJSON *root = parse_save(buf, len, path, st, err, errlen);
    lsr_file_free(buf);
    return root;
}

static const char *get_str(const cJSON *o, const char *k) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

LsrStatus lsr_save_peek(const char *path, LsrSaveInfo *info, char *err, size_t errlen) {
    LsrStatus st;
    memset(info, 0, sizeof *info);
    cJSON *root = read_save(path, &st, err, errlen);
    if (!root) return st;
    const char *id = get_str(root, "scenario"), *hash = get_str(root, "content_hash");
    const char *seed = get_str(root, "seed"), *when = get_str(root, "saved_at");
    const cJSON *ch = cJSON_GetObjectItemCaseSensitive(root, "choices");
    if (!id || !hash || !seed || !cJSON_IsArray(ch)) {
        cJSON_Delete(root);
        seterr(err, errlen, "%s lacks required fields%s", path, NULL);
        return LSR_ERR_SAVE;
    }
    snprintf(info->scenario_id, sizeof info->scenario_id, "%s", id);
    info->content_hash = strtoull(hash, NULL, 16);
    info->seed = strtoull(seed, NULL, 10);
    info->n_choices = (uint32_t)cJSON_GetArraySize(ch);
    snprintf(info->saved_at, sizeof info->saved_at, "%s", when ? when : "");
    cJSON_Delete(root);
    return LSR_OK;
}

/* Does any object in the tree hold the same key twice? (cJSON keeps both
 * and finds the first: a second "choices" would be silently ignored.) */
static bool has_duplicate_keys(const cJSON *o, int depth) {
    if (depth > 64) return true;
    for (const cJSON *a = o ? o->child : NULL; a; a = a->next) {
        if (cJSON_IsObject(o))
            for (const cJSON *b = a->next; b; b = b->next)
                if (a->string && b->string && strcmp(a->string, b->string) == 0) return true;
        if ((cJSON_IsObject(a) || cJSON_IsArray(a)) && has_duplicate_keys(a, depth + 1)) return true;
    }
    return false;
}

/* Is v a whole number in [lo, hi]? */
static bool int_in(const cJSON *v, double lo, double hi) {
    return cJSON_IsNumber(v) && v->valuedouble >= lo && v->valuedouble <= hi &&
           v->valuedouble == (double)(int64_t)v->valuedouble;
}

/* Every field is checked whatever the checksum says: the checksum finds
 * accidents, it is not a signature (docs/scenario-format.md, "Saves").
 * Returns NULL or what is wrong. */
static const char *invalid_fields(const LsrScenario *sc, const cJSON *root) {
    if (has_duplicate_keys(root, 0)) return "a key appears twice";
    const char *hash = get_str(root, "content_hash"), *seed = get_str(root, "seed");
    if (strlen(hash) != 16 || strspn(hash, "0123456789abcdef") != 16) return "content_hash is not 16 hex digits";
    if (!seed[0] || strlen(seed) > 20 || strspn(seed, "0123456789") != strlen(seed)) return "seed is not a whole number";
    const cJSON *carry = cJSON_GetObjectItemCaseSensitive(root, "carry");
    if (carry && !cJSON_IsObject(carry)) return "carry is not an object";
    if (carry && carry->child && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "campaign")))
        return "it carries values in, but it was not made in a campaign";
    for (const cJSON *x = carry ? carry->child : NULL; x; x = x->next) {
        uint32_t v = lsr_find_var(sc, x->string);
        if (v == LSR_NEXT_NONE) return "carry names a variable the scenario does not have";
        if (!int_in(x, sc->vars[v].min, sc->vars[v].max)) return "a carried value is not a whole number in its variable's range";
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(root, "choices")) {
        if (!cJSON_IsObject(e)) return "a saved choice is not an object";
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "tally"), *x;
        if (!t) continue;
        if (!cJSON_IsArray(t) || cJSON_GetArraySize(t) < 1 || cJSON_GetArraySize(t) > 9) return "a class tally is not a list of 1 to 9 counts";
        cJSON_ArrayForEach(x, t)
            if (!int_in(x, 0, LSR_MAX_VOTES_PER_CHOICE)) return "a class tally holds a count that is not 0 to " "999";
    }
    return NULL;
}

/* Replays a verified save tree against sc. Takes ownership of root. */
static LsrStatus load_tree(const LsrScenario *sc, cJSON *root, const char *path, LsrGame **out, char *err,
                           size_t errlen) {
    LsrStatus st;
    const char *id = get_str(root, "scenario"), *hash = get_str(root, "content_hash");
    const char *seed = get_str(root, "seed");
    const cJSON *choices = cJSON_GetObjectItemCaseSensitive(root, "choices");
    const cJSON *carry = cJSON_GetObjectItemCaseSensitive(root, "carry");
    if (!id || !hash || !seed || !cJSON_IsArray(choices)) {
        cJSON_Delete(root);
        seterr(err, errlen, "%s lacks required fields%s", path, NULL);
        return LSR_ERR_SAVE;
    }
    /* Each replayed step keeps a trace entry (up to ~4 KB): a save of a
     * looping scenario must not make a 4 MB file cost gigabytes. */
    if (cJSON_GetArraySize(choices) > SAVE_MAX_CHOICES) {
        cJSON_Delete(root);
        seterr(err, errlen, "%s has more than %s saved choices; it is not a real game", path, "10000");
        return LSR_ERR_SAVE;
    }
    if (strcmp(id, sc->id) != 0) {
        seterr(err, errlen, "this save belongs to scenario '%s', not '%s'", id, sc->id);
        cJSON_Delete(root);
        return LSR_ERR_MISMATCH;
    }
    const char *bad = invalid_fields(sc, root);
    if (bad) {
        seterr(err, errlen, "%s is not a valid leftsr save: %s", path, bad);
        cJSON_Delete(root);
        return LSR_ERR_SAVE;
    }
    bool same_version = strtoull(hash, NULL, 16) == sc->content_hash;
    int32_t *cv = lsr_malloc(sizeof(int32_t) * (sc->n_vars ? sc->n_vars : 1));
    if (!cv) {
        cJSON_Delete(root);
        return LSR_ERR_NOMEM;
    }
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        const cJSON *x = cJSON_IsObject(carry) ? cJSON_GetObjectItemCaseSensitive(carry, sc->vars[v].id) : NULL;
        cv[v] = INT32_MIN;
        /* Converting an out-of-range double is undefined: clamp first
         * (lsr_state_init then clamps to the variable's range). */
        if (cJSON_IsNumber(x)) cv[v] = (int32_t)x->valuedouble;   /* in range: invalid_fields */
    }
    LsrGameOptions opt = {strtoull(seed, NULL, 10), cv};
    LsrGame *g = NULL;
    st = lsr_game_create(sc, &opt, &g);
    lsr_free(cv);
    if (st != LSR_OK) {
        cJSON_Delete(root);
        return st;
    }
    LsrStatus replay = LSR_OK;
    const cJSON *e;
    cJSON_ArrayForEach(e, choices) {
        const char *step = get_str(e, "step"), *choice = get_str(e, "choice");
        const LsrStep *cur = lsr_game_step(g);
        if (!step || !cur || strcmp(cur->id, step) != 0) { replay = LSR_ERR_REPLAY; break; }
        uint32_t ci = 0;
        if (cur->type == LSR_STEP_DECISION) {
            ci = choice ? lsr_find_choice(sc, lsr_game_step_index(g), choice) : LSR_NEXT_NONE;
            if (ci == LSR_NEXT_NONE) { replay = LSR_ERR_REPLAY; break; }
        }
        uint32_t tally[9];
        uint32_t nt = 0;
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "tally"), *x;
        cJSON_ArrayForEach(x, t) tally[nt++] = (uint32_t)x->valuedouble;   /* 1-9 counts 0-999: invalid_fields */
        /* A tally must fit the step and agree with the choice taken
         * (lsr_game_choose_tally checks the winner). */
        LsrStatus cs = t ? (nt == cur->n_choices && cur->type == LSR_STEP_DECISION
                                ? lsr_game_choose_tally(g, ci, tally, nt) : LSR_ERR_ARG)
                         : lsr_game_choose(g, ci);
        if (cs == LSR_ERR_ARG && t) {
            /* `step` lives in the tree: say it before the tree goes. */
            seterr(err, errlen, "%s is not a valid leftsr save: the class tally at step '%s' does not match the choice taken",
                   path, step);
            lsr_game_destroy(g);
            cJSON_Delete(root);
            return LSR_ERR_SAVE;
        }
        if (cs != LSR_OK) { replay = cs == LSR_ERR_NOMEM ? LSR_ERR_NOMEM : LSR_ERR_REPLAY; break; }
    }
    cJSON_Delete(root);
    if (replay == LSR_ERR_NOMEM) {
        /* Not the save's fault: say so, or the caller would treat it as damaged. */
        lsr_game_destroy(g);
        seterr(err, errlen, "out of memory while replaying %s%s", path, NULL);
        return LSR_ERR_NOMEM;
    }
    *out = g;
    if (!same_version) {
        seterr(err, errlen, "this save was made for another version of '%s'; %s", sc->id,
               replay == LSR_OK ? "all saved choices still apply" : "replayed as far as the saved choices still apply");
        return LSR_ERR_MISMATCH;
    }
    if (replay != LSR_OK) {
        seterr(err, errlen, "%s: the saved choices do not replay on this scenario%s", path, NULL);
        lsr_game_destroy(g);
        *out = NULL;
        return LSR_ERR_SAVE;
    }
    return LSR_OK;
}

LsrStatus lsr_save_load(const LsrScenario *sc, const char *path, LsrGame **out, char *err, size_t errlen) {
    *out = NULL;
    LsrStatus st;
    cJSON *root = read_save(path, &st, err, errlen);
    if (!root) return st;
    return load_tree(sc, root, path, out, err, errlen);
}

LsrStatus lsr_save_load_buffer(const LsrScenario *sc, const char *data, size_t len, LsrGame **out,
                               char *err, size_t errlen) {
    *out = NULL;
    if (len > SAVE_MAX_BYTES) {
        seterr(err, errlen, "%s is too large to be a leftsr save%s", "the save", NULL);
        return LSR_ERR_SAVE;
    }
    char *buf = lsr_malloc(len + 1);
    if (!buf) return LSR_ERR_NOMEM;
    memcpy(buf, data, len);
    buf[len] = '\0';
    LsrStatus st;
    cJSON *root = parse_save(buf, len, "the save", &st, err, errlen);
    lsr_free(buf);
    if (!root) return st;
    return load_tree(sc, root, "the save", out, err, errlen);
}
