/* `leftsr check FILE...`: every problem in every file, one line each. */
#include "app.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out) {
    fprintf(out,
            "usage: leftsr check [--codes] [--quiet] FILE...\n"
            "\n"
            "Validates scenario files: JSON syntax, types, required fields, unique ids,\n"
            "references, reachability, history notes and sources, dates and ranges.\n"
            "Every problem is printed as\n"
            "  FILE:LINE:COL: error[CODE]: message (at /json/path)\n"
            "\n"
            "  --codes   list every diagnostic code with its meaning\n"
            "  --quiet   print nothing for files without problems\n"
            "\n"
            "Exit status: 0 all files valid, 1 content errors found, 2 usage or I/O error.\n");
}

int lsr_cmd_check(int argc, char **argv) {
    bool quiet = false;
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return LSR_EXIT_OK;
        }
        if (strcmp(argv[i], "--codes") == 0) {
            size_t n;
            const LsrDiagCodeInfo *codes = lsr_diag_codes(&n);
            for (size_t k = 0; k < n; k++) printf("%-24s %s\n", codes[k].code, codes[k].summary);
            return LSR_EXIT_OK;
        }
        if (strcmp(argv[i], "--quiet") == 0) quiet = true;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "leftsr check: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return LSR_EXIT_USAGE;
        } else nfiles++;
    }
    if (nfiles == 0) {
        usage(stderr);
        return LSR_EXIT_USAGE;
    }
    int rc = LSR_EXIT_OK;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1]) continue;
        LsrDiagList d;
        lsr_diags_init(&d);
        LsrScenario *sc = NULL;
        LsrStatus st;
        if (lsr_file_is_campaign(argv[i])) {
            LsrCampaign *cp = NULL;
            st = lsr_campaign_load(argv[i], &cp, &d);
            lsr_campaign_free(cp);
        } else {
            st = lsr_scenario_load_file(argv[i], &sc, &d);
        }
        lsr_print_diags(stdout, argv[i], &d);
        if (st == LSR_ERR_IO) rc = LSR_EXIT_USAGE;
        else if (st != LSR_OK && rc == LSR_EXIT_OK) rc = LSR_EXIT_CONTENT;
        if (st == LSR_OK && !quiet)
            fprintf(stderr, "%s: ok (%zu warning%s)\n", argv[i], d.warnings, d.warnings == 1 ? "" : "s");
        lsr_scenario_free(sc);
        lsr_diags_free(&d);
    }
    return rc;
}
