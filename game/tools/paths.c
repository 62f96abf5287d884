/* Finding bundled data files and resolving scenario arguments. */
#include "app.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where the data is installed, relative to the installed binary (CMake
 * computes it from GNUInstallDirs), so a moved install still finds it. */
#ifndef LSR_DATA_FROM_BIN
#define LSR_DATA_FROM_BIN "../share/leftsr"
#endif

static bool file_exists(const char *p) { return access(p, R_OK) == 0; }

static bool try_dir(const char *dir, const char *rel, char *buf, size_t n) {
    if (!dir || !*dir) return false;
    int r = snprintf(buf, n, "%s/%s", dir, rel);
    return r > 0 && (size_t)r < n && file_exists(buf);
}

/* Fills dir with the folder holding the running executable. */
static bool exe_dir(char *dir, size_t n) {
    ssize_t len = readlink("/proc/self/exe", dir, n - 1);
    if (len <= 0) return false;
    dir[len] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash) return false;
    *slash = '\0';
    return true;
}

bool lsr_data_path(const char *rel, char *buf, size_t n) {
    char exe[4096], dir[4200];
    bool have_exe = exe_dir(exe, sizeof exe);
    if (have_exe) {
        snprintf(dir, sizeof dir, "%s/%s", exe, LSR_DATA_FROM_BIN);
        if (try_dir(dir, rel, buf, n)) return true;
    }
    if (try_dir(getenv("LEFTSR_DATA"), rel, buf, n)) return true;
    /* Uninstalled runs: a build folder inside the tree, then the tree this
     * was built from. LEFTSR_NO_SOURCE_TREE=1 hides both, so tests can show
     * that an install stands on its own. */
    const char *hide = getenv("LEFTSR_NO_SOURCE_TREE");
    if (hide && *hide && strcmp(hide, "0") != 0) return false;
    if (have_exe) {
        snprintf(dir, sizeof dir, "%s/..", exe);
        if (try_dir(dir, rel, buf, n)) return true;
    }
#ifdef LSR_SOURCE_DIR
    return try_dir(LSR_SOURCE_DIR, rel, buf, n);
#else
    return false;
#endif
}

bool lsr_resolve_scenario(const char *arg, char *buf, size_t n) {
    if (!arg || !*arg) arg = "coalition";
    if (strchr(arg, '/') || strstr(arg, ".json")) {
        if (!file_exists(arg)) return false;
        int r = snprintf(buf, n, "%s", arg);
        return r > 0 && (size_t)r < n;
    }
    char rel[256];
    snprintf(rel, sizeof rel, "scenarios/%s.json", arg);
    return lsr_data_path(rel, buf, n);
}

bool lsr_resolve_bundled(const char *id, char *buf, size_t n) {
    size_t len = id ? strlen(id) : 0;
    if (len < 1 || len > 63 || id[0] < 'a' || id[0] > 'z') return false;
    for (size_t i = 0; i < len; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-' || id[i] == '_'))
            return false;
    char rel[128];
    snprintf(rel, sizeof rel, "scenarios/%s.json", id);
    return lsr_data_path(rel, buf, n);
}

const char *lsr_shown(const char *s, char *buf, size_t n) {
    lsr_text_safe(s, buf, n, 0);
    return buf;
}

bool lsr_file_is_campaign(const char *path) {
    /* The whole file, parsed: "type" may come after a long briefing. A file
     * that does not parse is not a campaign; the scenario loader then
     * reports its syntax error with a position. */
    char *text;
    size_t len;
    if (lsr_file_read(path, 16u << 20, &text, &len, NULL, 0) != LSR_OK) return false;
    cJSON *root = cJSON_ParseWithLength(text, len);
    lsr_file_free(text);
    const cJSON *t = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "type") : NULL;
    bool yes = cJSON_IsString(t) && strcmp(t->valuestring, "campaign") == 0;
    cJSON_Delete(root);
    return yes;
}

void lsr_print_diags(FILE *out, const char *file, const LsrDiagList *d) {
    if (!d) return;
    char line[1024];
    for (size_t i = 0; i < d->count; i++) {
        lsr_diag_format(&d->items[i], file, line, sizeof line);
        fprintf(out, "%s\n", line);
    }
    if (d->truncated) {
        lsr_text_safe(file, line, sizeof line, 0);
        fprintf(out, "%s: too many problems; only the first %zu are shown\n", line, d->count);
    }
}
