/* Window settings persisted as a small JSON file. */
#include "sdl/ui.h"

#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const theme_names[] = { "light", "dark", "high-contrast" };
static const char *const reveal_names[] = { "after", "end", "never" };

void lsr_settings_default(LsrSettings *s) {
    s->text_pct = 100;
    s->fullscreen = false;
    s->theme = LSR_THEME_LIGHT;
    s->reveal = LSR_REVEAL_AFTER;
    s->speech = false;
}

bool lsr_settings_path(char *buf, size_t n) {
    const char *xdg = getenv("XDG_CONFIG_HOME");
    int len;
    if (xdg && xdg[0]) {
        len = snprintf(buf, n, "%s/leftsr/settings.json", xdg);
    } else {
        const char *home = getenv("HOME");
        if (!home || !home[0]) return false;
        len = snprintf(buf, n, "%s/.config/leftsr/settings.json", home);
    }
    return len > 0 && (size_t)len < n;
}

static int name_index(const char *const *names, int count, const char *s) {
    for (int i = 0; i < count; i++)
        if (strcmp(names[i], s) == 0) return i;
    return -1;
}

bool lsr_settings_load(LsrSettings *s, const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    char buf[4096];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = '\0';
    cJSON *root = cJSON_Parse(buf);
    if (!root) return false;
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, "text_scale");
    if (cJSON_IsNumber(it) && it->valuedouble >= 70 && it->valuedouble <= 200)
        s->text_pct = (int)it->valuedouble;
    it = cJSON_GetObjectItemCaseSensitive(root, "fullscreen");
    if (cJSON_IsBool(it)) s->fullscreen = cJSON_IsTrue(it);
    it = cJSON_GetObjectItemCaseSensitive(root, "speech");
    if (cJSON_IsBool(it)) s->speech = cJSON_IsTrue(it);
    it = cJSON_GetObjectItemCaseSensitive(root, "theme");
    if (cJSON_IsString(it)) {
        int k = name_index(theme_names, 3, it->valuestring);
        if (k >= 0) s->theme = (LsrTheme)k;
    }
    it = cJSON_GetObjectItemCaseSensitive(root, "reveal");
    if (cJSON_IsString(it)) {
        int k = name_index(reveal_names, 3, it->valuestring);
        if (k >= 0) s->reveal = (LsrReveal)k;
    }
    cJSON_Delete(root);
    return true;
}

/* Creates every missing parent folder of path. */
static void make_parents(const char *path) {
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST) return;
        *p = '/';
    }
}

bool lsr_settings_save(const LsrSettings *s, const char *path) {
    make_parents(path);
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) return false;
    int ok = fprintf(f,
                     "{\n  \"text_scale\": %d,\n  \"fullscreen\": %s,\n  \"theme\": \"%s\",\n"
                     "  \"reveal\": \"%s\",\n  \"speech\": %s\n}\n",
                     s->text_pct, s->fullscreen ? "true" : "false", theme_names[s->theme],
                     reveal_names[s->reveal], s->speech ? "true" : "false");
    if (fclose(f) != 0 || ok < 0) {
        remove(tmp);
        return false;
    }
    return rename(tmp, path) == 0;
}
