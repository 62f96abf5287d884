/* `leftsr check FILE...`: every problem in every file, one line each. */
#include "app.h"
#include "i18n.h"
#include "tools/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C_CODES = 1, C_QUIET, C_LANG };

static const LsrOption check_opts[] = {
    {"codes", 0, NULL, C_CODES, N_("list every diagnostic code with its meaning")},
    {"quiet", 'q', NULL, C_QUIET, N_("print nothing for files without problems")},
    /* xgettext:no-c-format */
    {"lang", 0, "LANG", C_LANG, N_("also check the LANG translation of each file\n"
                                "(po/LANG/NAME.po beside NAME.json): every missing,\n"
                                "fuzzy, out-of-date, malformed or unused entry with\n"
                                "its line, and the coverage; less than 100 % is an error")},
};

static const LsrCommand check_cmd = {
    "check", "check [--codes] [--quiet] [--lang LANG] FILE...",
    N_("Validates scenario files: JSON syntax, types, required fields, unique ids,\n"
    "references, reachability, history notes and sources, dates and ranges.\n"
    "Every problem is printed as\n"
    "  FILE:LINE:COL: error[CODE]: message (at /json/path)"),
    check_opts, sizeof check_opts / sizeof check_opts[0],
    N_("Exit status: 0 all files valid, 1 content errors found, 2 usage or I/O error."),
};

/* The translation part of `check --lang`: problems with their place, then
 * the coverage. True when the translation is complete and sound. */
static int by_position(const void *a, const void *b) {
    const LsrDiag *x = a, *y = b;
    return x->line != y->line ? (x->line > y->line) - (x->line < y->line) : (x->col > y->col) - (x->col < y->col);
}

static bool print_translation(const char *file, const char *lang, LsrTrReport *r, bool quiet) {
    /* with no usable catalogue every text is missing: the summary says so */
    if (r->catalog[0] && r->at_entry.errors == 0) {
        if (r->at_text.count) qsort(r->at_text.items, r->at_text.count, sizeof *r->at_text.items, by_position);
        lsr_print_diags(stdout, file, &r->at_text);
    }
    if (r->at_entry.count) qsort(r->at_entry.items, r->at_entry.count, sizeof *r->at_entry.items, by_position);
    lsr_print_diags(stdout, r->catalog[0] ? r->catalog : file, &r->at_entry);
    bool complete = r->catalog[0] && r->at_entry.errors == 0 && r->translated == r->texts && r->unused == 0;
    if (!r->catalog[0]) {
        printf(lsr_ui_n("%s: no '%s' translation (po/%s/ beside the file); 0 of %u text translated\n",
                        "%s: no '%s' translation (po/%s/ beside the file); 0 of %u texts translated\n", r->texts),
               file, lang, lang, r->texts);
        return false;
    }
    if (complete && quiet) return true;
    unsigned pct = r->texts ? (unsigned)((r->translated * 1000ull / r->texts + 5) / 10) : 100;
    if (pct == 100 && r->translated < r->texts) pct = 99;
    /* TRANSLATORS: the translation coverage of a scenario's catalogue */
    printf(lsr_ui_n("%s: %u of %u text translated (%u %%); %u missing, %u fuzzy, %u out of date, %u malformed, %u unused\n",
                    "%s: %u of %u texts translated (%u %%); %u missing, %u fuzzy, %u out of date, %u malformed, %u unused\n",
                    r->texts),
           r->catalog, r->translated, r->texts, pct, r->missing, r->fuzzy, r->stale, r->malformed, r->unused);
    return complete;
}

int lsr_cmd_check(int argc, char **argv) {
    bool quiet = false;
    const char *lang = NULL;
    /* operands are kept in order, in argv's own (permuted) slots */
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) {
        fputs(_("leftsr check: out of memory\n"), stderr);
        return LSR_EXIT_USAGE;
    }
    int nfiles = 0;
    LsrCli cli;
    lsr_cli_begin(&cli, &check_cmd, argc, argv);
    const char *val;
    for (int id; (id = lsr_cli_next(&cli, &val)) != LSR_CLI_END;) {
        if (id == LSR_CLI_HELP || id == LSR_CLI_ERROR) {
            free(files);
            return id == LSR_CLI_HELP ? LSR_EXIT_OK : LSR_EXIT_USAGE;
        }
        if (id == C_CODES) {
            size_t n;
            const LsrDiagCodeInfo *codes = lsr_diag_codes(&n);
            for (size_t k = 0; k < n; k++) printf("%-24s %s\n", codes[k].code, codes[k].summary);
            free(files);
            return LSR_EXIT_OK;
        }
        if (id == C_QUIET) quiet = true;
        else if (id == C_LANG) lang = val;
        else files[nfiles++] = (char *)val;
    }
    if (nfiles == 0) {
        lsr_cli_usage(&check_cmd, stderr);
        free(files);
        return LSR_EXIT_USAGE;
    }
    int rc = LSR_EXIT_OK;
    for (int i = 0; i < nfiles; i++) {
        LsrDiagList d;
        lsr_diags_init(&d);
        LsrScenario *sc = NULL;
        LsrStatus st;
        LsrTrReport rep;
        lsr_tr_report_init(&rep);
        LsrLoadOptions o = {lang, &rep, NULL, NULL};
        if (lsr_file_is_campaign(files[i])) {
            LsrCampaign *cp = NULL;
            st = lsr_campaign_load_opts(files[i], &o, &cp, &d);
            lsr_campaign_free(cp);
        } else {
            st = lsr_scenario_load_file_opts(files[i], &o, &sc, &d);
        }
        lsr_print_diags(stdout, files[i], &d);
        if (lang && st == LSR_OK && !print_translation(files[i], lang, &rep, quiet) && rc == LSR_EXIT_OK)
            rc = LSR_EXIT_CONTENT;
        lsr_tr_report_free(&rep);
        if (st == LSR_ERR_IO) rc = LSR_EXIT_USAGE;
        else if (st != LSR_OK && rc == LSR_EXIT_OK) rc = LSR_EXIT_CONTENT;
        if (st == LSR_OK && !quiet)
            fprintf(stderr, lsr_ui_n("%s: ok (%zu warning)\n", "%s: ok (%zu warnings)\n", d.warnings), files[i], d.warnings);
        lsr_scenario_free(sc);
        lsr_diags_free(&d);
    }
    free(files);
    return rc;
}
