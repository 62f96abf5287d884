/* `leftsr report`: the command line. */
#include "report_internal.h"
#include "app.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *out) {
    fprintf(out,
            "usage: leftsr report [OPTIONS] SAVE\n"
            "\n"
            "Writes a class report of the game in SAVE: every decision with the class vote,\n"
            "what the Left SRs really did, the history notes and sources, the scores with\n"
            "charts, the ending, and questions for discussion.\n"
            "\n"
            "  --format FMT, -f FMT  html (a standalone page to print or share; default),\n"
            "                        md (Markdown) or csv (one row per decision, for a\n"
            "                        spreadsheet). Default: from -o's extension, else html.\n"
            "  -o FILE, --output FILE\n"
            "                        write to FILE (default: standard output). FILE is\n"
            "                        written in full, then renamed into place. An existing\n"
            "                        FILE is replaced only if it is a leftsr report.\n"
            "  --force               replace FILE even if it is not a leftsr report\n"
            "  --scenario FILE       the scenario to read the save against (a bundled id or\n"
            "                        a path; default: found from the save's scenario id)\n"
            "  --date YYYY-MM-DD     the date shown as played (default: when the save was\n"
            "                        written); fixes the output for comparisons\n"
            "  --title TEXT          the report's heading (default: the scenario title),\n"
            "                        e.g. \"Class 10B: Coalition talks\"\n"
            "  --lang CODE           language of the scenario text, when it has it\n"
            "\n"
            "Saves are written by 'leftsr play' (default folder: $XDG_DATA_HOME/leftsr/saves/).\n"
            "Exit status: 0 ok, 1 the scenario has content errors, 2 usage error, unreadable\n"
            "or damaged save, or the report could not be written.\n");
}

int lsr_cmd_report(int argc, char **argv) {
    const char *save = NULL, *out_path = NULL, *scen = NULL, *date = NULL, *title = NULL, *lang = NULL;
    const char *fmt_s = NULL;
    bool force = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return LSR_EXIT_OK;
        } else if (!strcmp(a, "--force")) force = true;
        else if ((!strcmp(a, "--format") || !strcmp(a, "-f")) && val) { fmt_s = val; i++; }
        else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && val) { out_path = val; i++; }
        else if (!strcmp(a, "--scenario") && val) { scen = val; i++; }
        else if (!strcmp(a, "--date") && val) { date = val; i++; }
        else if (!strcmp(a, "--title") && val) { title = val; i++; }
        else if (!strcmp(a, "--lang") && val) { lang = val; i++; }
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "leftsr report: unknown option or missing value: '%s'\n", a);
            usage(stderr);
            return LSR_EXIT_USAGE;
        } else if (save) {
            fprintf(stderr, "leftsr report: one save at a time ('%s' and '%s')\n", save, a);
            return LSR_EXIT_USAGE;
        } else save = a;
    }
    if (!save) {
        fprintf(stderr, "leftsr report: which save? e.g. leftsr report ~/.local/share/leftsr/saves/coalition.json\n");
        usage(stderr);
        return LSR_EXIT_USAGE;
    }
    LsrReportFormat fmt = LSR_REPORT_HTML;
    if (fmt_s) {
        if (!lsr_report_parse_format(fmt_s, &fmt)) {
            fprintf(stderr, "leftsr report: --format takes html, md or csv, not '%s'\n", fmt_s);
            return LSR_EXIT_USAGE;
        }
    } else if (out_path) {
        const char *dot = strrchr(out_path, '.');
        if (dot && !strchr(dot, '/')) lsr_report_parse_format(dot + 1, &fmt);
    }
    LsrDate dd;
    if (date && !lsr_rp_parse_ymd(date, &dd)) {
        fprintf(stderr, "leftsr report: --date takes a date as YYYY-MM-DD, not '%s'\n", date);
        return LSR_EXIT_USAGE;
    }
    char err[512];
    LsrSaveInfo info;
    LsrStatus st = lsr_save_peek(save, &info, err, sizeof err);
    if (st != LSR_OK) {
        fprintf(stderr, "leftsr report: cannot read the save: %s\n", err);
        return LSR_EXIT_USAGE;
    }
    static char path[4096];
    const char *want = scen ? scen : info.scenario_id;
    if (!lsr_resolve_scenario(want, path, sizeof path)) {
        if (scen) fprintf(stderr, "leftsr report: no scenario '%s' (not a file, not a bundled id)\n", scen);
        else
            fprintf(stderr,
                    "leftsr report: the save is for scenario '%s', which is not bundled; name its file with "
                    "--scenario FILE\n",
                    info.scenario_id);
        return LSR_EXIT_USAGE;
    }
    if (lsr_file_is_campaign(path)) {
        fprintf(stderr, "leftsr report: %s is a campaign; report on one scenario's save at a time\n", path);
        return LSR_EXIT_USAGE;
    }
    LsrDiagList diags;
    lsr_diags_init(&diags);
    LsrScenario *sc = NULL;
    st = lsr_scenario_load_file(path, &sc, &diags);
    if (st != LSR_OK) {
        lsr_print_diags(stderr, path, &diags);
        fprintf(stderr, "leftsr report: the scenario %s does not load (%s)\n", path, lsr_status_str(st));
        lsr_diags_free(&diags);
        return st == LSR_ERR_INVALID ? LSR_EXIT_CONTENT : LSR_EXIT_USAGE;
    }
    lsr_diags_free(&diags);
    LsrGame *g = NULL;
    char warning[1024] = "";
    st = lsr_save_load(sc, save, &g, err, sizeof err);
    if (st == LSR_ERR_MISMATCH && g) {
        char *e0 = err;
        snprintf(warning, sizeof warning,
                 "%c%s. This report follows the current version of the scenario, so some texts and scores "
                 "may differ from what was on screen.",
                 e0[0] >= 'a' && e0[0] <= 'z' ? (char)(e0[0] - 'a' + 'A') : e0[0], e0 + 1);
        fprintf(stderr, "leftsr report: warning: %s\n", err);
    } else if (st != LSR_OK) {
        fprintf(stderr, "leftsr report: cannot use the save: %s\n", err);
        lsr_game_destroy(g);
        lsr_scenario_free(sc);
        return LSR_EXIT_USAGE;
    }
    LsrReportOptions o = {title, date ? date : (info.saved_at[0] ? info.saved_at : NULL), lang,
                          warning[0] ? warning : NULL};
    int rc = LSR_EXIT_OK;
    if (out_path) {
        st = lsr_report_save(g, fmt, out_path, &o, force, err, sizeof err);
        if (st != LSR_OK) {
            fprintf(stderr, "leftsr report: %s%s\n", err,
                    strstr(err, "not a leftsr report") ? " (use --force to replace it)" : "");
            rc = LSR_EXIT_USAGE;
        }
    } else {
        st = lsr_report_write(g, fmt, stdout, &o);
        if (st != LSR_OK) {
            fprintf(stderr, "leftsr report: cannot write the report: %s\n", lsr_status_str(st));
            rc = LSR_EXIT_USAGE;
        }
    }
    lsr_game_destroy(g);
    lsr_scenario_free(sc);
    return rc;
}
