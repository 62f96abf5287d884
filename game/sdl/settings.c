/* Window settings persisted as a small JSON file. */
#include "sdl/ui.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const theme_names[] = { "light", "dark", "high-contrast" };
static const char *const reveal_names[] = { "after", "end", "never" };

void lsr_settings_default(LsrSettings *s) {
    s->text_pct = 100;
    s->fullscreen = false;
    s->theme = LSR_THEME_LIGHT;
    s->reveal = LSR_REVEAL_AFTER;
    s->speech = false;
    s->lang[0] = '\0';
}

bool lsr_settings_path(char *buf, size_t n) {
    const char *xdg = getenv("XDG_CONFIG_HOME");
    int len;
    if (xdg && xdg[0] == '/') {   /* XDG: a relative path is ignored */
        len = snprintf(buf, n, "%s/leftsr/settings.json", xdg);
    } else {
        const char *home = getenv("HOME");
        if (!home || home[0] != '/') return false;
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
    char *buf;
    size_t len;
    if (lsr_file_read(path, 4096, &buf, &len, NULL, 0) != LSR_OK) return false;
    cJSON *root = cJSON_Parse(buf);
    lsr_file_free(buf);
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
    /* a language code, checked against the catalogues when it is used */
    it = cJSON_GetObjectItemCaseSensitive(root, "language");
    if (cJSON_IsString(it) && it->valuestring[0] && strlen(it->valuestring) < sizeof s->lang &&
        strspn(it->valuestring, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-") == strlen(it->valuestring))
        snprintf(s->lang, sizeof s->lang, "%s", it->valuestring);
    it = cJSON_GetObjectItemCaseSensitive(root, "reveal");
    if (cJSON_IsString(it)) {
        int k = name_index(reveal_names, 3, it->valuestring);
        if (k >= 0) s->reveal = (LsrReveal)k;
    }
    cJSON_Delete(root);
    return true;
}

bool lsr_settings_save(const LsrSettings *s, const char *path) {
    char text[320], lang[48] = "";
    if (s->lang[0]) snprintf(lang, sizeof lang, ",\n  \"language\": \"%s\"", s->lang);
    int n = snprintf(text, sizeof text,
                     "{\n  \"text_scale\": %d,\n  \"fullscreen\": %s,\n  \"theme\": \"%s\",\n"
                     "  \"reveal\": \"%s\",\n  \"speech\": %s%s\n}\n",
                     s->text_pct, s->fullscreen ? "true" : "false", theme_names[s->theme],
                     reveal_names[s->reveal], s->speech ? "true" : "false", lang);
    if (n < 0 || (size_t)n >= sizeof text) return false;
    /* The shared safe write: never through a planted link, never half written. */
    return lsr_file_write(path, text, (size_t)n, LSR_WRITE_MKDIRS | LSR_WRITE_REGULAR_ONLY, NULL, 0) == LSR_OK;
}
