/* The program catalogue in use (one per process: the player's language). */
#include "i18n.h"

#include "app.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static LsrCatalog *g_cat;
static char g_lang[16] = "en";

bool lsr_ui_set_lang(const char *lang) {
    lsr_catalog_free(g_cat);
    g_cat = NULL;
    snprintf(g_lang, sizeof g_lang, "en");
    if (!lang || !lang[0] || strcmp(lang, "en") == 0) return true;
    if (strlen(lang) > 12 || strchr(lang, '/') || strchr(lang, '.')) return false;
    char rel[64], path[4096];
    snprintf(rel, sizeof rel, "po/%s.po", lang);
    if (!lsr_data_path(rel, path, sizeof path)) {
        snprintf(rel, sizeof rel, "assets/po/%s.po", lang);
        if (!lsr_data_path(rel, path, sizeof path)) return false;
    }
    if (lsr_catalog_load(path, &g_cat, NULL) != LSR_OK) {
        g_cat = NULL;
        return false;
    }
    snprintf(g_lang, sizeof g_lang, "%s", lang);
    return true;
}

const char *lsr_ui_lang(void) { return g_lang; }

static int cmp_name(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

void lsr_ui_langs(char *buf, unsigned long n) {
    char path[4096];
    snprintf(buf, n, "en");
    if (!lsr_data_path("po", path, sizeof path) && !lsr_data_path("assets/po", path, sizeof path)) return;
    DIR *d = opendir(path);
    if (!d) return;
    char names[32][16];
    int k = 0;
    for (struct dirent *e; (e = readdir(d)) && k < 32;) {
        size_t len = strlen(e->d_name);
        if (len < 4 || len > 15 || strcmp(e->d_name + len - 3, ".po") != 0) continue;
        snprintf(names[k++], sizeof names[0], "%.*s", (int)(len - 3), e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)k, sizeof names[0], cmp_name);
    for (int i = 0; i < k; i++) {
        size_t w = strlen(buf);
        snprintf(buf + w, n > w ? n - w : 0, ", %s", names[i]);
    }
}

const char *lsr_ui(const char *msgid) {
    if (!g_cat || !msgid) return msgid;
    uint32_t i = lsr_catalog_find(g_cat, msgid);
    if (i == LSR_NEXT_NONE) return msgid;
    LsrCatalogEntry e = lsr_catalog_entry(g_cat, i);
    return e.msgstr[0] && !e.fuzzy ? e.msgstr : msgid;
}

/* Which plural form a count takes, by the language's rule. */
static unsigned plural_form(const char *lang, unsigned long n) {
    if (strcmp(lang, "ru") == 0)
        return n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20) ? 1 : 2;
    if (strcmp(lang, "fr") == 0) return n > 1;
    return n != 1;
}

const char *lsr_ui_n(const char *one, const char *many, unsigned long n) {
    if (g_cat) {
        uint32_t i = lsr_catalog_find(g_cat, one);
        if (i != LSR_NEXT_NONE && !lsr_catalog_entry(g_cat, i).fuzzy) {
            const char *s = lsr_catalog_plural(g_cat, i, plural_form(g_lang, n));
            if (s) return s;
        }
    }
    return n == 1 ? one : many;
}
