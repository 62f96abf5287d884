/* Finding bundled data files and resolving scenario arguments. */
#include "app.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LSR_SOURCE_DIR
#define LSR_SOURCE_DIR "."
#endif

static bool file_exists(const char *p) { return access(p, R_OK) == 0; }

static bool try_dir(const char *dir, const char *rel, char *buf, size_t n) {
    if (!dir || !*dir) return false;
    int r = snprintf(buf, n, "%s/%s", dir, rel);
    return r > 0 && (size_t)r < n && file_exists(buf);
}

bool lsr_data_path(const char *rel, char *buf, size_t n) {
    if (try_dir(getenv("LEFTSR_DATA"), rel, buf, n)) return true;
    /* Next to the executable: <exe dir>/.. (a build dir inside the tree)
     * or <exe dir>/../share/leftsr (an install). */
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char dir[4200];
            snprintf(dir, sizeof dir, "%s/..", exe);
            if (try_dir(dir, rel, buf, n)) return true;
            snprintf(dir, sizeof dir, "%s/../share/leftsr", exe);
            if (try_dir(dir, rel, buf, n)) return true;
        }
    }
    return try_dir(LSR_SOURCE_DIR, rel, buf, n);
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
