/* `leftsr report`: the command line. */
#include "report_internal.h"
#include "i18n.h"
#include "app.h"
#include "tools/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { R_FORMAT = 'f', R_OUTPUT = 'o', R_FORCE = 1000, R_SCENARIO, R_DATE, R_TITLE, R_LANG };

static const LsrOption report_opts[] = {
    {"format", 'f', "FMT", R_FORMAT, N_("html (a standalone page to print or share; default),\n"
                                     "md (Markdown) or csv (one row per decision, for a\n"
                                     "spreadsheet). Default: from -o's extension, else html.")},
    {"output", 'o', "FILE", R_OUTPUT, N_("write to FILE (default: standard output). FILE is\n"
                                      "written in full, then renamed into place. An existing\n"
                                      "FILE is replaced only if it is a leftsr report.")},
    {"force", 0, NULL, R_FORCE, N_("replace FILE even if it is not a leftsr report")},
    {"scenario", 0, "FILE", R_SCENARIO, N_("the scenario to read the save against (a bundled id or\n"
                                        "a path; default: found from the save's scenario id)")},
    {"date", 0, "YYYY-MM-DD", R_DATE, N_("the date shown as played (default: when the save was\n"
                                      "written); fixes the output for comparisons")},
    {"title", 0, "TEXT", R_TITLE, N_("the report's heading (default: the scenario title),\n"
                                  "e.g. \"Class 10B: Coalition talks\"")},
    {"lang", 0, "CODE", R_LANG, N_("language of the report and of the scenario text\n"
                                   "(default: from the environment)")},
};

static const LsrCommand report_cmd = {
    "report", "report [OPTIONS] SAVE",
    N_("Writes a class report of the game in SAVE: every decision with the class vote,\n"
    "what the Left SRs really did, the history notes and sources, the scores with\n"
    "charts, the ending, and questions for discussion."),
    report_opts, sizeof report_opts / sizeof report_opts[0],
    N_("Saves are written by 'leftsr play' (default folder: $XDG_DATA_HOME/leftsr/saves/).\n"
    "Exit status: 0 ok, 1 the scenario has content errors, 2 usage error, unreadable\n"
    "or damaged save, or the report could not be written."),
};

int lsr_cmd_report(int argc, char **argv) {
    const char *save = NULL, *out_path = NULL, *scen = NULL, *date = NULL, *title = NULL, *lang = NULL;
    const char *fmt_s = NULL;
    bool force = false;
    LsrCli cli;
    lsr_cli_begin(&cli, &report_cmd, argc, argv);
    const char *val;
    for (int id; (id = lsr_cli_next(&cli, &val)) != LSR_CLI_END;) {
        switch (id) {
        case LSR_CLI_HELP: return LSR_EXIT_OK;
        case LSR_CLI_ERROR: return LSR_EXIT_USAGE;
        case R_FORCE: force = true; break;
        case R_FORMAT: fmt_s = val; break;
        case R_OUTPUT: out_path = val; break;
        case R_SCENARIO: scen = val; break;
        case R_DATE: date = val; break;
        case R_TITLE: title = val; break;
        case R_LANG: lang = val; break;
        default:
            if (save) {
                lsr_cli_fail(&report_cmd, false, _("one save at a time ('%s' and '%s')"), save, val);
                return LSR_EXIT_USAGE;
            }
            save = val;
        }
    }
    if (!save) {
        fputs(_("leftsr report: which save? e.g. leftsr report ~/.local/share/leftsr/saves/coalition.json\n"), stderr);
        lsr_cli_usage(&report_cmd, stderr);
        return LSR_EXIT_USAGE;
    }
    LsrReportFormat fmt = LSR_REPORT_HTML;
    if (fmt_s) {
        if (!lsr_report_parse_format(fmt_s, &fmt)) {
            fprintf(stderr, _("leftsr report: --format takes html, md or csv, not '%s'\n"), fmt_s);
            return LSR_EXIT_USAGE;
        }
    } else if (out_path) {
        const char *dot = strrchr(out_path, '.');
        if (dot && !strchr(dot, '/')) lsr_report_parse_format(dot + 1, &fmt);
    }
    LsrDate dd;
    if (date && !lsr_rp_parse_ymd(date, &dd)) {
        fprintf(stderr, _("leftsr report: --date takes a date as YYYY-MM-DD, not '%s'\n"), date);
        return LSR_EXIT_USAGE;
    }
    char err[512];
    LsrSaveInfo info;
    LsrStatus st = lsr_save_peek(save, &info, err, sizeof err);
    if (st != LSR_OK) {
        char eshown[700];
        fprintf(stderr, _("leftsr report: cannot read the save: %s\n"), lsr_shown(err, eshown, sizeof eshown));
        return LSR_EXIT_USAGE;
    }
    static char path[4096];
    char shown[4200];
    /* The save's "scenario" field picks only a bundled scenario by its id: a
     * save is a file anyone may hand over, and must not make report open
     * /etc/passwd or a FIFO. Any other file is named by the user. */
    bool is_id = info.scenario_id[0] &&
                 strspn(info.scenario_id, "abcdefghijklmnopqrstuvwxyz0123456789-_") == strlen(info.scenario_id);
    if (scen ? !lsr_resolve_scenario(scen, path, sizeof path) : !lsr_resolve_bundled(info.scenario_id, path, sizeof path)) {
        if (scen) fprintf(stderr, _("leftsr report: no scenario '%s' (not a file, not a bundled id)\n"),
                          lsr_shown(scen, shown, sizeof shown));
        else
            fprintf(stderr,
                    is_id ? _("leftsr report: the save is for scenario '%s', which is not bundled; name its file "
                              "with --scenario FILE\n")
                          : _("leftsr report: the save is for scenario '%s', which is not a scenario id; name its "
                              "file with --scenario FILE\n"),
                    lsr_shown(info.scenario_id, shown, sizeof shown));
        return LSR_EXIT_USAGE;
    }
    if (lsr_file_is_campaign(path)) {
        fprintf(stderr, _("leftsr report: %s is a campaign; report on one scenario's save at a time\n"),
                lsr_shown(path, shown, sizeof shown));
        return LSR_EXIT_USAGE;
    }
    /* --lang: the scenario's text and the report's own words; else the
     * environment's language, when the scenario has it */
    char langs[256];
    if (lang && !lsr_scenario_has_lang(path, lang, langs, sizeof langs)) {
        lsr_cli_fail(&report_cmd, false, _("no '%s' translation of %s; available: %s"), lang, path, langs);
        return LSR_EXIT_USAGE;
    }
    /* a scenario may be translated before the program is: its text, English words */
    if (lang && !lsr_ui_set_lang(lang)) {
        lsr_ui_langs(langs, sizeof langs);
        fprintf(stderr, "leftsr report: no '%s' translation of the program yet (available: %s); its own words stay in English\n",
                lang, langs);
    }
    else if (strcmp(lsr_ui_lang(), "en") != 0 && lsr_scenario_has_lang(path, lsr_ui_lang(), langs, sizeof langs))
        lang = lsr_ui_lang();
    if (lang && strcmp(lang, "en") == 0) lang = NULL;
    LsrDiagList diags;
    lsr_diags_init(&diags);
    LsrScenario *sc = NULL;
    LsrLoadOptions lo = {lang, NULL, NULL, NULL};
    st = lsr_scenario_load_file_opts(path, &lo, &sc, &diags);
    if (st != LSR_OK) {
        lsr_print_diags(stderr, path, &diags);
        fprintf(stderr, _("leftsr report: the scenario %s does not load (%s)\n"), lsr_shown(path, shown, sizeof shown),
                lsr_status_str(st));
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
                 _("%c%s. This report follows the current version of the scenario, so some texts and scores "
                   "may differ from what was on screen."),
                 e0[0] >= 'a' && e0[0] <= 'z' ? (char)(e0[0] - 'a' + 'A') : e0[0], e0 + 1);
        fprintf(stderr, _("leftsr report: warning: %s\n"), lsr_shown(err, shown, sizeof shown));
    } else if (st != LSR_OK) {
        fprintf(stderr, _("leftsr report: cannot use the save: %s\n"), lsr_shown(err, shown, sizeof shown));
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
            /* an existing file that is not a report was refused: --force replaces it */
            bool refused = !force && !lsr_report_file_is_report(out_path) && access(out_path, F_OK) == 0;
            fprintf(stderr, "leftsr report: %s%s\n", lsr_shown(err, shown, sizeof shown),
                    refused ? _(" (use --force to replace it)") : "");
            rc = LSR_EXIT_USAGE;
        }
    } else {
        st = lsr_report_write(g, fmt, stdout, &o);
        if (st != LSR_OK) {
            fprintf(stderr, _("leftsr report: cannot write the report: %s\n"), lsr_status_str(st));
            rc = LSR_EXIT_USAGE;
        }
    }
    lsr_game_destroy(g);
    lsr_scenario_free(sc);
    return rc;
}
