/* The program's own words (labels, prompts, messages, --help) in the
 * player's language, from a gettext catalogue: po/LANG.po in the data folder
 * (assets/po/ in the source tree; `make po` refreshes the template with
 * xgettext). Scenario text has catalogues of its own beside each scenario.
 * Mark a string for translation with _("...") where it is used, N_("...")
 * where it is only stored (tables), and lsr_ui_n for counts. */
#ifndef LEFTSR_I18N_H
#define LEFTSR_I18N_H

#include <stdbool.h>

/* Loads LANG's catalogue. NULL, "" or "en": English. False when there is
 * none (the program stays English). */
bool lsr_ui_set_lang(const char *lang);
/* The language in use ("en" when none was set or found). */
const char *lsr_ui_lang(void);
/* Languages with a program catalogue, "en" first, comma-separated. */
void lsr_ui_langs(char *buf, unsigned long n);
/* The translation of msgid, or msgid itself. A translated printf format
 * takes the same arguments as msgid (the compiler checks the English). */
const char *lsr_ui(const char *msgid)
#if defined(__GNUC__)
    __attribute__((format_arg(1)))
#endif
    ;
/* The form for the count n (1 голос, 2 голоса, 5 голосов). */
const char *lsr_ui_n(const char *one, const char *many, unsigned long n)
#if defined(__GNUC__)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)))
#endif
    ;

#define _(s) lsr_ui(s)
#define N_(s) (s)

#endif
