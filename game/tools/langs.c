/* Which languages a scenario can be played in, and the one the environment
 * asks for: the file's own (English) and every po/LANG/NAME.po beside it. */
#include "app.h"
#include "i18n.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int cmp_str(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

int lsr_scenario_langs(const char *path, char langs[][16], int max) {
    int n = 0;
    if (max > 0) snprintf(langs[n++], 16, "en");
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t stem = strlen(base);
    if (stem > 5 && strcmp(base + stem - 5, ".json") == 0) stem -= 5;
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*spo", (int)(slash ? slash - path + 1 : 0), path);
    DIR *d = opendir(dir);
    if (!d) return n;
    for (struct dirent *e; (e = readdir(d)) && n < max;) {
        if (e->d_name[0] == '.' || strlen(e->d_name) >= 16 || strcmp(e->d_name, "en") == 0) continue;
        char po[4400];
        struct stat st;
        snprintf(po, sizeof po, "%s/%s/%.*s.po", dir, e->d_name, (int)stem, base);
        if (stat(po, &st) == 0 && S_ISREG(st.st_mode)) snprintf(langs[n++], 16, "%.15s", e->d_name);
    }
    closedir(d);
    if (n > 2) qsort(langs + 1, (size_t)n - 1, sizeof langs[0], cmp_str);
    return n;
}

bool lsr_scenario_has_lang(const char *path, const char *lang, char *list, size_t n) {
    char langs[32][16];
    int k = lsr_scenario_langs(path, langs, 32);
    bool found = false;
    size_t w = 0;
    if (n) list[0] = '\0';
    for (int i = 0; i < k; i++) {
        if (strcmp(langs[i], lang) == 0) found = true;
        int r = snprintf(list + w, n > w ? n - w : 0, "%s%s", i ? ", " : "", langs[i]);
        if (r > 0) w += (size_t)r;
    }
    return found;
}

/* "ru_RU.UTF-8" -> "ru"; "C" and "POSIX" name no language. */
static bool lang_of_locale(const char *v, char *out, size_t n) {
    if (!v || !*v || strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 || strncmp(v, "C.", 2) == 0) return false;
    size_t k = strcspn(v, "_.@:");
    if (k < 2 || k >= n) return false;
    memcpy(out, v, k);
    out[k] = '\0';
    return true;
}

/* Does the scenario at ctx (a path) have LANG? */
static bool scenario_has(const void *ctx, const char *lang) {
    char list[256];
    return lsr_scenario_has_lang((const char *)ctx, lang, list, sizeof list);
}

/* The environment's language among those `has` accepts ("en" always). */
static const char *env_lang(bool (*has)(const void *, const char *), const void *ctx, char *buf, size_t n,
                            bool *unavailable) {
    *unavailable = false;
    const char *language = getenv("LANGUAGE");
    const char *lc_all = getenv("LC_ALL"), *lc_msg = getenv("LC_MESSAGES"), *lang = getenv("LANG");
    const char *locale = lc_all && *lc_all ? lc_all : lc_msg && *lc_msg ? lc_msg : lang;
    char cand[16];
    /* LANGUAGE is a preference list, used only with a real locale (as gettext does) */
    if (language && *language && lang_of_locale(locale, cand, sizeof cand)) {
        for (const char *p = language; *p;) {
            size_t k = strcspn(p, ":");
            char one[64];
            snprintf(one, sizeof one, "%.*s", (int)k, p);
            if (lang_of_locale(one, cand, sizeof cand) && (strcmp(cand, "en") == 0 || has(ctx, cand))) {
                snprintf(buf, n, "%s", cand);
                return strcmp(buf, "en") ? buf : NULL;
            }
            p += k;
            if (*p == ':') p++;
        }
    }
    if (!lang_of_locale(locale, cand, sizeof cand) || strcmp(cand, "en") == 0) return NULL;
    snprintf(buf, n, "%s", cand);
    if (!has(ctx, cand)) {
        *unavailable = true;
        return NULL;
    }
    return buf;
}

const char *lsr_env_lang(const char *path, char *buf, size_t n, bool *unavailable) {
    return env_lang(scenario_has, path, buf, n, unavailable);
}

/* Is there a program catalogue for LANG? */
static bool ui_has(const void *ctx, const char *lang) {
    (void)ctx;
    char list[256];
    return lsr_ui_has_lang(lang, list, sizeof list);
}

const char *lsr_env_ui_lang(char *buf, size_t n, bool *unavailable) {
    return env_lang(ui_has, NULL, buf, n, unavailable);
}

bool lsr_ui_has_lang(const char *lang, char *list, size_t n) {
    lsr_ui_langs(list, n);
    size_t k = strlen(lang);
    for (const char *p = list; *p;) {
        size_t w = strcspn(p, ",");
        if (w == k && strncmp(p, lang, k) == 0) return true;
        p += w;
        while (*p == ',' || *p == ' ') p++;
    }
    return false;
}
