/* `leftsr check FILE...`: every problem in every file, one line each. */
#include "app.h"
#include "tools/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C_CODES = 1, C_QUIET };

static const LsrOption check_opts[] = {
    {"codes", 0, NULL, C_CODES, "list every diagnostic code with its meaning"},
    {"quiet", 'q', NULL, C_QUIET, "print nothing for files without problems"},
};

static const LsrCommand check_cmd = {
    "check", "check [--codes] [--quiet] FILE...",
    "Validates scenario files: JSON syntax, types, required fields, unique ids,\n"
    "references, reachability, history notes and sources, dates and ranges.\n"
    "Every problem is printed as\n"
    "  FILE:LINE:COL: error[CODE]: message (at /json/path)",
    check_opts, sizeof check_opts / sizeof check_opts[0],
    "Exit status: 0 all files valid, 1 content errors found, 2 usage or I/O error.",
};

int lsr_cmd_check(int argc, char **argv) {
    bool quiet = false;
    /* operands are kept in order, in argv's own (permuted) slots */
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) {
        fprintf(stderr, "leftsr check: out of memory\n");
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
        if (lsr_file_is_campaign(files[i])) {
            LsrCampaign *cp = NULL;
            st = lsr_campaign_load(files[i], &cp, &d);
            lsr_campaign_free(cp);
        } else {
            st = lsr_scenario_load_file(files[i], &sc, &d);
        }
        lsr_print_diags(stdout, files[i], &d);
        if (st == LSR_ERR_IO) rc = LSR_EXIT_USAGE;
        else if (st != LSR_OK && rc == LSR_EXIT_OK) rc = LSR_EXIT_CONTENT;
        if (st == LSR_OK && !quiet)
            fprintf(stderr, "%s: ok (%zu warning%s)\n", files[i], d.warnings, d.warnings == 1 ? "" : "s");
        lsr_scenario_free(sc);
        lsr_diags_free(&d);
    }
    free(files);
    return rc;
}
