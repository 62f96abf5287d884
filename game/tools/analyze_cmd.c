/* `leftsr analyze`: the command line. */
#include "analyze_internal.h"
#include "i18n.h"
#include "analyze_campaign.h"
#include "app.h"
#include "tools/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { AN_JSON = 'j', AN_MAX_STATES = 1000, AN_RANDOM, AN_SEED, AN_VAR, AN_MAX_MEMORY, AN_MAX_TIME, AN_LANG };

static const LsrOption analyze_opts[] = {
    {"json", 'j', NULL, AN_JSON, N_("machine-readable report on stdout")},
    {"max-states", 0, "N", AN_MAX_STATES, N_("give up beyond N distinct situations (default 5000000)")},
    {"random", 0, "N", AN_RANDOM, N_("instead, play N random play-throughs and count how often\n"
                                  "every step, choice, outcome, event and ending is seen")},
    {"seed", 0, "S", AN_SEED, N_("seed of --random (default 1); the same seed gives the\n"
                              "same counts")},
    {"var", 0, "NAME", AN_VAR, N_("also report the exact distribution and mean of variable\n"
                                 "NAME at the endings, over paths and under random play")},
    {"max-memory", 0, "MB", AN_MAX_MEMORY, N_("stop cleanly when the analysis would use more than MB\n"
                                              "megabytes (default: a quarter of physical memory)")},
    {"max-time", 0, "SECONDS", AN_MAX_TIME, N_("stop cleanly after SECONDS (default 300; 0: no limit)")},
    {"lang", 0, "CODE", AN_LANG, N_("language of the text report (default: the environment's;\n"
                                   "the JSON report is always English)")},
};

static const LsrCommand analyze_cmd = {
    "analyze", "analyze FILE [--json] [--max-states N] [--max-memory MB] [--max-time SECONDS]\n"
               "analyze FILE --random N [--seed S] [--json] [--max-memory MB] [--max-time SECONDS]",
    N_("Explores every situation a scenario can reach (identical situations are\n"
    "merged) and reports: steps, choices, outcomes, events and endings that can\n"
    "never be reached; stuck situations and cycles with an example path; the\n"
    "exact number of play-throughs reaching each ending and its probability under\n"
    "random play; variables clamped at their limits; the range and distribution\n"
    "of both scores; the historical, best and worst paths. A campaign file is\n"
    "analysed part by part from every state the previous parts carry into it,\n"
    "with the odds of each epilogue (sampled beyond --max-states)."),
    analyze_opts, sizeof analyze_opts / sizeof analyze_opts[0],
    N_("Exit status: 0 no errors; 1 errors found (stuck situations, unreachable\n"
    "steps or endings, cycles, too many states, a budget reached: the report\n"
    "says what was explored and which limit stopped it) or the file does not load;\n"
    "2 usage or I/O error. Stops at steps marked dead_end are reported apart\n"
    "and are not errors. On a terminal, a long analysis shows progress on stderr."),
};

int lsr_cmd_analyze(int argc, char **argv) {
    const char *file = NULL;
    bool json = false, random = false;
    uint64_t runs = 0, seed = 1, max_states = LSR_ANALYZE_DEFAULT_MAX_STATES;
    const char *var_name = NULL, *lang = NULL;
    uint64_t max_mb = 0, max_s = LSR_ANALYZE_DEFAULT_MAX_SECONDS;
    bool have_mb = false;
    LsrCli cli;
    lsr_cli_begin(&cli, &analyze_cmd, argc, argv);
    const char *val;
    for (int id; (id = lsr_cli_next(&cli, &val)) != LSR_CLI_END;) {
        uint64_t v = 0;
        switch (id) {
        case LSR_CLI_HELP: return LSR_EXIT_OK;
        case AN_LANG: lang = val; continue;
        case LSR_CLI_ERROR: return LSR_EXIT_USAGE;
        case AN_JSON: json = true; break;
        case AN_VAR: var_name = val; break;
        case AN_RANDOM:
        case AN_SEED:
        case AN_MAX_STATES:
        case AN_MAX_MEMORY:
        case AN_MAX_TIME:
            if (!lsr_cli_u64(val, &v)) {
                lsr_cli_fail(&analyze_cmd, false, _("--%s needs a non-negative integer, not '%s'"),
                             id == AN_RANDOM ? "random" : id == AN_SEED ? "seed" : id == AN_MAX_MEMORY ? "max-memory"
                             : id == AN_MAX_TIME ? "max-time" : "max-states", val);
                return LSR_EXIT_USAGE;
            }
            if (id == AN_MAX_MEMORY) {
                if (v == 0 || v > ((uint64_t)1 << 40)) {
                    lsr_cli_fail(&analyze_cmd, false, "--max-memory takes megabytes, at least 1");
                    return LSR_EXIT_USAGE;
                }
                max_mb = v, have_mb = true;
            } else if (id == AN_MAX_TIME) max_s = v;
            else if (id == AN_RANDOM) random = true, runs = v;
            else if (id == AN_SEED) seed = v;
            else if (v == 0) {
                lsr_cli_fail(&analyze_cmd, false, "%s", _("--max-states must be at least 1"));
                return LSR_EXIT_USAGE;
            } else max_states = v;
            break;
        default:
            if (file) {
                lsr_cli_fail(&analyze_cmd, false, "%s", _("only one FILE, please"));
                return LSR_EXIT_USAGE;
            }
            file = val;
        }
    }
    if (!file) {
        lsr_cli_usage(&analyze_cmd, stderr);
        return LSR_EXIT_USAGE;
    }
    /* the JSON report is for programs: its messages stay English, whatever the locale */
    if (json) lsr_ui_set_lang(NULL);
    else if (lang && !lsr_ui_set_lang(lang)) {
        char langs[256];
        lsr_ui_langs(langs, sizeof langs);
        lsr_cli_fail(&analyze_cmd, false, _("no '%s' translation of the program; available: %s"), lang, langs);
        return LSR_EXIT_USAGE;
    }
    char resolved[4096];
    const char *path = lsr_resolve_scenario(file, resolved, sizeof resolved) ? resolved : file;
    char shown[4200];   /* the path as printed (see lsr_text_safe) */
    lsr_text_safe(path, shown, sizeof shown, 0);
    /* Every run has a budget: a small file can ask for gigabytes and hours. */
    lsr_an_budget_set(have_mb ? max_mb << 20 : lsr_an_budget_default_bytes(), (double)max_s);
    if (lsr_file_is_campaign(path)) {
        if (random && !runs) {
            lsr_cli_fail(&analyze_cmd, false, "%s", _("--random needs at least 1 play-through for a campaign"));
            return LSR_EXIT_USAGE;
        }
        return lsr_an_campaign(path, json, max_states, random ? runs : 0, seed);
    }
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_file(path, &sc, &d);
    lsr_print_diags(json ? stderr : stdout, path, &d);
    lsr_diags_free(&d);
    if (st != LSR_OK) {
        if (st == LSR_ERR_IO) {
            fprintf(stderr, _("leftsr analyze: cannot read '%s'\n"), shown);
            return LSR_EXIT_USAGE;
        }
        if (st != LSR_ERR_INVALID) fprintf(stderr, "leftsr analyze: %s: %s\n", shown, lsr_status_str(st));
        return LSR_EXIT_CONTENT;
    }
    uint32_t var = LSR_NEXT_NONE;
    if (var_name && (var = lsr_find_var(sc, var_name)) == LSR_NEXT_NONE) {
        lsr_cli_fail(&analyze_cmd, false, _("--var: '%s' has no variable '%s'"), path, var_name);
        lsr_scenario_free(sc);
        return LSR_EXIT_USAGE;
    }
    Findings f;
    memset(&f, 0, sizeof f);
    int rc = LSR_EXIT_OK;
    if (random) {
        LsrRandomStats rs;
        if (!lsr_random_run_var(sc, runs, seed, var, &rs)) {
            fputs(_("leftsr analyze: out of memory\n"), stderr);
            lsr_scenario_free(sc);
            return LSR_EXIT_CONTENT;
        }
        lsr_an_collect_random_findings(sc, &rs, &f);
        if (json) {
            cJSON *root = lsr_an_random_json(shown, sc, &rs, seed, &f);
            char *txt = cJSON_Print(root);
            if (txt) puts(txt);
            cJSON_free(txt);
            cJSON_Delete(root);
        } else {
            lsr_an_print_random(stdout, shown, sc, &rs, seed, &f);
        }
        lsr_random_stats_free(&rs);
    } else {
        LsrAnalyzeOptions opt = {max_states, 0, 0, seed, 0, var, var != LSR_NEXT_NONE, isatty(STDERR_FILENO) != 0};
        LsrAnalysis a;
        lsr_analysis_run(sc, &opt, &a);
        lsr_an_collect_findings(&a, &f);
        if (json) {
            cJSON *root = lsr_an_analysis_json(shown, &a, &f);
            char *txt = cJSON_Print(root);
            if (txt) puts(txt);
            cJSON_free(txt);
            cJSON_Delete(root);
        } else {
            lsr_an_print_text(stdout, shown, &a, &f);
        }
        lsr_analysis_free(&a);
    }
    lsr_an_budget_clear();
    if (f.errors) rc = LSR_EXIT_CONTENT;
    free(f.v);
    lsr_scenario_free(sc);
    return rc;
}
