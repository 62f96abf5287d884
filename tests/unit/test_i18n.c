/* Translation catalogues (game/core/catalog.c) and the program-string
 * runtime (game/tools/i18n.c): PO syntax as translators' tools write it,
 * plural forms by each language's rule, and what is never used (fuzzy,
 * empty, obsolete). */
#include "check.h"
#include "i18n.h"
#include "leftsr/leftsr.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[200];

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static const char *k_ru =
    "# a program catalogue as msginit and Poedit write it\n"
    "msgid \"\"\n"
    "msgstr \"\"\n"
    "\"Language: ru\\n\"\n"
    "\"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n"
    "\n"
    "#: game/term/play.c:12\n"
    "msgid \"Your choice\"\n"
    "msgstr \"Ваш выбор\"\n"
    "\n"
    "msgid \"\"\n"
    "\"What really \"\n"
    "\"happened\"\n"
    "msgstr \"\"\n"
    "\"Что было \"\n"
    "\"на самом деле\"\n"
    "\n"
    "#, fuzzy\n"
    "msgid \"Settings\"\n"
    "msgstr \"Настройки?\"\n"
    "\n"
    "msgid \"Quit\"\n"
    "msgstr \"\"\n"
    "\n"
    "msgid \"%d vote\"\n"
    "msgid_plural \"%d votes\"\n"
    "msgstr[0] \"%d голос\"\n"
    "msgstr[1] \"%d голоса\"\n"
    "msgstr[2] \"%d голосов\"\n"
    "\n"
    "msgctxt \"steps/walkout/title\"\n"
    "msgid \"The walk-out\"\n"
    "msgstr \"Уход со съезда\"\n"
    "\n"
    "#~ msgid \"Old\"\n"
    "#~ msgstr \"Старое\"\n";

static void test_catalog(void) {
    char path[320];
    snprintf(path, sizeof path, "%s/po/ru.po", dir);
    LsrCatalog *c = NULL;
    LsrDiagList d;
    lsr_diags_init(&d);
    CHECK_EQ_INT(lsr_catalog_load(path, &c, &d), LSR_OK);
    CHECK_EQ_INT(d.count, 0);
    if (!c) return;
    CHECK_EQ_STR(lsr_catalog_lang(c), "ru");
    CHECK_EQ_INT(lsr_catalog_count(c), 6);
    uint32_t i = lsr_catalog_find(c, "What really happened");
    CHECK(i != LSR_NEXT_NONE);
    if (i != LSR_NEXT_NONE) CHECK_EQ_STR(lsr_catalog_entry(c, i).msgstr, "Что было на самом деле");
    i = lsr_catalog_find(c, "steps/walkout/title");
    CHECK(i != LSR_NEXT_NONE);
    if (i != LSR_NEXT_NONE) CHECK_EQ_INT(lsr_catalog_entry(c, i).line, 31);
    CHECK(lsr_catalog_find(c, "Old") == LSR_NEXT_NONE);
    i = lsr_catalog_find(c, "%d vote");
    CHECK(i != LSR_NEXT_NONE);
    if (i != LSR_NEXT_NONE) {
        CHECK_EQ_STR(lsr_catalog_plural(c, i, 2), "%d голосов");
        CHECK(lsr_catalog_plural(c, i, 3) == NULL);
    }
    lsr_catalog_free(c);
    lsr_diags_free(&d);

    /* syntax errors carry their line; the catalogue is refused */
    snprintf(path, sizeof path, "%s/bad.po", dir);
    write_file(path, "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"c\nmsgstr \"d\"\n\nmsgid \"a\"\nmsgstr \"again\"\nbogus\n");
    lsr_diags_init(&d);
    CHECK_EQ_INT(lsr_catalog_load(path, &c, &d), LSR_ERR_INVALID);
    CHECK(c == NULL);
    int lines[8] = {0};
    for (size_t k = 0; k < d.count && k < 8; k++) lines[k] = d.items[k].line;
    CHECK(d.count >= 3);
    CHECK_EQ_INT(lines[0], 4);  /* the unclosed string */
    lsr_diags_free(&d);
}

static void test_runtime(void) {
    CHECK_EQ_STR(lsr_ui_lang(), "en");
    CHECK_EQ_STR(_("Your choice"), "Your choice");
    CHECK(lsr_ui_set_lang("ru"));
    CHECK_EQ_STR(lsr_ui_lang(), "ru");
    CHECK_EQ_STR(_("Your choice"), "Ваш выбор");
    CHECK_EQ_STR(_("Settings"), "Settings");   /* fuzzy: not used */
    CHECK_EQ_STR(_("Quit"), "Quit");           /* empty: not used */
    CHECK_EQ_STR(_("Not in the catalogue"), "Not in the catalogue");
    static const unsigned long counts[] = {1, 2, 5, 11, 12, 21, 22, 25, 101, 111};
    static const char *const want[] = {"%d голос", "%d голоса", "%d голосов", "%d голосов", "%d голосов",
                                       "%d голос", "%d голоса", "%d голосов", "%d голос", "%d голосов"};
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++)
        CHECK_EQ_STR(lsr_ui_n("%d vote", "%d votes", counts[k]), want[k]);
    CHECK(!lsr_ui_set_lang("xx"));             /* no catalogue: English */
    CHECK_EQ_STR(lsr_ui_lang(), "en");
    CHECK_EQ_STR(lsr_ui_n("%d vote", "%d votes", 1), "%d vote");
    CHECK_EQ_STR(lsr_ui_n("%d vote", "%d votes", 0), "%d votes");
    CHECK(!lsr_ui_set_lang("../ru"));
    char langs[128];
    lsr_ui_langs(langs, sizeof langs);
    CHECK_EQ_STR(langs, "en, ru");
    CHECK(lsr_ui_set_lang(NULL));
}

int main(void) {
    snprintf(dir, sizeof dir, "%s/test-i18n-XXXXXX", LSR_BINARY_DIR);
    if (!mkdtemp(dir)) return 1;
    char po[300], path[340];
    snprintf(po, sizeof po, "%s/po", dir);
    mkdir(po, 0755);
    snprintf(path, sizeof path, "%s/ru.po", po);
    write_file(path, k_ru);
    setenv("LEFTSR_DATA", dir, 1);
    setenv("LEFTSR_NO_SOURCE_TREE", "1", 1);
    test_catalog();
    test_runtime();
    remove(path);
    snprintf(path, sizeof path, "%s/bad.po", dir);
    remove(path);
    rmdir(po);
    rmdir(dir);
    return check_report("test_i18n");
}
