/* The record of endings found (see endings.h). */
#include "endings.h"
#include "i18n.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct Found { char scenario[64], ending[64]; } Found;

struct LsrEndings {
    Found *items;
    size_t n, cap;
};

static char *build_json(const LsrEndings *e);
static LsrStatus write_atomic(const char *path, const char *text, char *err, size_t errlen);

size_t lsr_endings_default_path(char *buf, size_t n) {
    /* As lsr_save_default_path: relative XDG/HOME values are ignored. */
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    int r;
    if (n) buf[0] = '\0';
    if (xdg && xdg[0] == '/') r = snprintf(buf, n, "%s/leftsr/endings.json", xdg);
    else if (home && home[0] == '/') r = snprintf(buf, n, "%s/.local/share/leftsr/endings.json", home);
    else return 0;
    return r < 0 || (size_t)r >= n ? 0 : (size_t)r;
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

/* Reads one record file into e. 1 read, 0 missing, -1 damaged. */
static int parse_file(LsrEndings *e, const char *path) {
    /* The shared reader: only a regular file (a FIFO would block). */
    char *text;
    size_t len;
    if (lsr_file_read(path, 4u << 20, &text, &len, NULL, 0) != LSR_OK) return errno == ENOENT ? 0 : -1;
    cJSON *root = cJSON_ParseWithLength(text, len);
    lsr_file_free(text);
    const cJSON *found = cJSON_GetObjectItemCaseSensitive(root, "found");
    if (!cJSON_IsObject(root) || !cJSON_IsObject(found)) {
        cJSON_Delete(root);
        return -1;
    }
    int rc = 1;
    const cJSON *sc;
    cJSON_ArrayForEach(sc, found) {
        if (!cJSON_IsArray(sc) || !sc->string) { rc = -1; continue; }
        const cJSON *id;
        cJSON_ArrayForEach(id, sc) {
            if (cJSON_IsString(id)) add(e, sc->string, id->valuestring);
            else rc = -1;
        }
    }
    cJSON_Delete(root);
    return rc;
}

LsrEndings *lsr_endings_load(const char *path, char *notice, size_t n) {
    char pbuf[4096], side[4200], bak[4200];
    path = resolve(path, pbuf, sizeof pbuf);
    if (notice && n) notice[0] = '\0';
    LsrEndings *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    if (parse_file(e, path) >= 0) return e;
    /* Damaged: keep what it held aside, then take the backup's endings. */
    snprintf(side, sizeof side, "%s.damaged", path);
    snprintf(bak, sizeof bak, "%s.bak", path);
    bool moved = rename(path, side) == 0;
    int b = parse_file(e, bak);
    /* Write the recovered record at once, so the next load finds it. */
    char *text = moved ? build_json(e) : NULL;
    if (text) {
        write_atomic(path, text, NULL, 0);
        cJSON_free(text);
    }
    if (notice && n)
        snprintf(notice, n,
                 lsr_ui_n("the record of endings found (%s) was damaged; %s%s; %zu ending recovered%s",
                          "the record of endings found (%s) was damaged; %s%s; %zu endings recovered%s", e->n),
                 path, moved ? _("it is kept as ") : _("it could not be moved aside"), moved ? side : "", e->n,
                 b > 0 ? _(" from the backup and what was readable") : _(" from what was readable"));
    return e;
}

void lsr_endings_free(LsrEndings *e) {
    if (!e) return;
    free(e->items);
    free(e);
}

uint32_t lsr_endings_count(const LsrEndings *e, const LsrScenario *sc) {
    uint32_t c = 0;
    for (uint32_t k = 0; sc && k < sc->n_endings; k++)
        if (lsr_endings_has(e, sc->id, sc->endings[k].id)) c++;
    return c;
}

static char *build_json(const LsrEndings *e) {
    cJSON *root = cJSON_CreateObject();
    cJSON *found = cJSON_AddObjectToObject(root, "found");
    if (!root || !cJSON_AddNumberToObject(root, "format", 1) || !found) {
        cJSON_Delete(root);
        return NULL;
    }
    for (size_t i = 0; i < e->n; i++) {
        cJSON *list = cJSON_GetObjectItemCaseSensitive(found, e->items[i].scenario);
        if (!list) list = cJSON_AddArrayToObject(found, e->items[i].scenario);
        if (list) cJSON_AddItemToArray(list, cJSON_CreateString(e->items[i].ending));
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

/* Replaces `path` whole through the shared safe write (a fresh
 * O_EXCL|O_NOFOLLOW temporary file, fsync, rename). */
static LsrStatus replace_file(const char *path, const char *text, char *err, size_t errlen) {
    LsrFileWriter w;
    LsrStatus st = lsr_writer_open(&w, path, LSR_WRITE_REGULAR_ONLY, err, errlen);
    if (st != LSR_OK) return st;
    if (fputs(text, w.f) == EOF || fputc('\n', w.f) == EOF) {
        int saved = errno;
        lsr_writer_abort(&w);
        if (err) snprintf(err, errlen, "cannot write %s: %s", path, strerror(saved));
        return LSR_ERR_IO;
    }
    return lsr_writer_commit(&w, err, errlen);
}

/* The record, then the same as PATH.bak: each replaced whole, so a damaged
 * file always has an intact, equally recent twin. */
static LsrStatus write_atomic(const char *path, const char *text, char *err, size_t errlen) {
    char bak[4200];
    snprintf(bak, sizeof bak, "%s.bak", path);
    if (lsr_mkdirs_for(path) != 0) {
        if (err) snprintf(err, errlen, "cannot create the folder for %s: %s", path, strerror(errno));
        return LSR_ERR_IO;
    }
    LsrStatus st = replace_file(path, text, err, errlen);
    if (st == LSR_OK) replace_file(bak, text, NULL, 0);
    return st;
}

LsrStatus lsr_endings_record(LsrEndings *e, const char *path, const char *scenario_id, const char *ending_id,
                             bool *added, char *err, size_t errlen) {
    char pbuf[4096];
    path = resolve(path, pbuf, sizeof pbuf);
    if (err && errlen) err[0] = '\0';
    if (!path[0]) {
        if (err) snprintf(err, errlen, "no folder for the endings record (HOME is not an absolute path)");
        return LSR_ERR_IO;
    }
    bool is_new = add(e, scenario_id, ending_id);
    if (added) *added = is_new;
    if (!is_new && lsr_endings_has(e, scenario_id, ending_id)) return LSR_OK;
    if (!is_new) {
        if (err) snprintf(err, errlen, "out of memory or id too long");
        return LSR_ERR_NOMEM;
    }
    /* Another game (the window, a second terminal) may have recorded an
     * ending since e was loaded: keep it. A file damaged meanwhile is moved
     * aside, not overwritten. */
    LsrEndings now = {NULL, 0, 0};
    int r = parse_file(&now, path);
    for (size_t i = 0; r > 0 && i < now.n; i++) add(e, now.items[i].scenario, now.items[i].ending);
    free(now.items);
    if (r < 0) {
        char side[4200];
        snprintf(side, sizeof side, "%s.damaged", path);
        rename(path, side);
    }
    char *text = build_json(e);
    if (!text) {
        if (err) snprintf(err, errlen, "out of memory");
        return LSR_ERR_NOMEM;
    }
    LsrStatus st = write_atomic(path, text, err, errlen);
    cJSON_free(text);
    return st;
}
