/* The record of endings found (see endings.h). A minimal version written
 * for the window while the terminal's fuller one (backup copy, recovery
 * of a damaged file) is on its way; same file, same format. */
#include "endings.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Found { char scenario[64], ending[64]; } Found;

struct LsrEndings {
    Found *items;
    size_t n, cap;
};

size_t lsr_endings_default_path(char *buf, size_t n) {
    const char *xdg = getenv("XDG_DATA_HOME");
    int r;
    if (xdg && xdg[0] == '/') r = snprintf(buf, n, "%s/leftsr/endings.json", xdg);
    else {
        const char *home = getenv("HOME");
        r = snprintf(buf, n, "%s/.local/share/leftsr/endings.json", home && *home ? home : ".");
    }
    return r < 0 ? 0 : (size_t)r;
}

static const char *resolve(const char *path, char *buf, size_t n) {
    if (path) return path;
    lsr_endings_default_path(buf, n);
    return buf;
}

bool lsr_endings_has(const LsrEndings *e, const char *scenario_id, const char *ending_id) {
    for (size_t i = 0; e && i < e->n; i++)
        if (!strcmp(e->items[i].scenario, scenario_id) && !strcmp(e->items[i].ending, ending_id)) return true;
    return false;
}

static bool add(LsrEndings *e, const char *scenario_id, const char *ending_id) {
    if (strlen(scenario_id) >= 64 || strlen(ending_id) >= 64) return false;
    if (lsr_endings_has(e, scenario_id, ending_id)) return false;
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 16;
        Found *p = realloc(e->items, cap * sizeof *p);
        if (!p) return false;
        e->items = p;
        e->cap = cap;
    }
    snprintf(e->items[e->n].scenario, 64, "%s", scenario_id);
    snprintf(e->items[e->n].ending, 64, "%s", ending_id);
    e->n++;
    return true;
}

LsrEndings *lsr_endings_load(const char *path, char *notice, size_t n) {
    char buf[1024];
    if (notice && n) notice[0] = '\0';
    LsrEndings *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    FILE *f = fopen(resolve(path, buf, sizeof buf), "rb");
    if (!f) return e;
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            char *t = realloc(text, cap = cap ? cap * 2 : 8192);
            if (!t) break;
            text = t;
        }
        size_t k = fread(text + len, 1, 4096, f);
        len += k;
        if (k == 0) break;
    }
    fclose(f);
    if (!text) return e;
    text[len] = '\0';
    cJSON *root = cJSON_Parse(text);
    free(text);
    const cJSON *found = cJSON_GetObjectItemCaseSensitive(root, "found");
    if (!cJSON_IsObject(found)) {
        if (notice && n) snprintf(notice, n, "The record of endings found could not be read; it starts afresh.");
    } else {
        const cJSON *sc;
        cJSON_ArrayForEach(sc, found) {
            const cJSON *id;
            if (!sc->string || !cJSON_IsArray(sc)) continue;
            cJSON_ArrayForEach(id, sc) if (cJSON_IsString(id)) add(e, sc->string, id->valuestring);
        }
    }
    cJSON_Delete(root);
    return e;
}

void lsr_endings_free(LsrEndings *e) {
    if (!e) return;
    free(e->items);
    free(e);
}

uint32_t lsr_endings_count(const LsrEndings *e, const LsrScenario *sc) {
    uint32_t k = 0;
    for (uint32_t i = 0; sc && i < sc->n_endings; i++) k += lsr_endings_has(e, sc->id, sc->endings[i].id);
    return k;
}

LsrStatus lsr_endings_record(LsrEndings *e, const char *path, const char *scenario_id, const char *ending_id,
                             bool *added, char *err, size_t errlen) {
    char buf[1024], tmp[1100];
    if (added) *added = false;
    if (!add(e, scenario_id, ending_id)) return LSR_OK;
    if (added) *added = true;
    cJSON *root = cJSON_CreateObject(), *found = cJSON_AddObjectToObject(root, "found");
    cJSON_AddNumberToObject(root, "format", 1);
    for (size_t i = 0; i < e->n; i++) {
        cJSON *list = cJSON_GetObjectItemCaseSensitive(found, e->items[i].scenario);
        if (!list) list = cJSON_AddArrayToObject(found, e->items[i].scenario);
        cJSON_AddItemToArray(list, cJSON_CreateString(e->items[i].ending));
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    const char *p = resolve(path, buf, sizeof buf);
    snprintf(tmp, sizeof tmp, "%s.tmp", p);
    lsr_mkdirs_for(p);
    FILE *f = text ? fopen(tmp, "wb") : NULL;
    bool ok = f && fputs(text, f) >= 0;
    if (f) ok = fclose(f) == 0 && ok;
    ok = ok && rename(tmp, p) == 0;
    free(text);
    if (!ok) {
        remove(tmp);
        if (err && errlen) snprintf(err, errlen, "cannot write %s", p);
        return LSR_ERR_IO;
    }
    return LSR_OK;
}
