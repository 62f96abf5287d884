/* `leftsr analyze`: the command line. */
#include "analyze_internal.h"
#include "app.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void analyze_usage(FILE *out) {
    fprintf(out,
            "usage: leftsr analyze FILE [--json] [--max-states N]\n"
            "       leftsr analyze FILE --random N [--seed S] [--json]\n"
            "\n"
            "Explores every situation a scenario can reach (identical situations are\n"
            "merged) and reports: steps, choices, outcomes, events and endings that can\n"
            "never be reached; stuck situations and cycles with an example path; the\n"
            "exact number of play-throughs reaching each ending and its probability under\n"
            "random play; variables clamped at their limits; the range and distribution\n"
            "of both scores; the historical, best and worst paths.\n"
            "\n"
            "  --json          machine-readable report on stdout\n"
            "  --max-states N  give up beyond N distinct situations (default 5000000)\n"
            "  --random N      instead, play N random play-throughs and count how often\n"
            "                  every step, choice, outcome, event and ending is seen\n"
            "  --seed S        seed of --random (default 1); the same seed gives the\n"
            "                  same counts\n"
            "\n"
            "Exit status: 0 no errors; 1 errors found (stuck situations, unreachable\n"
            "steps or endings, cycles, too many states) or the file does not load;\n"
            "2 usage or I/O error.\n");
}

static bool parse_u64(const char *s, uint64_t *out) {
    if (!s || !*s || *s == '-') return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return false;
    *out = (uint64_t)v;
    return true;
}

int lsr_cmd_analyze(int argc, char **argv) {
    const char *file = NULL;
    bool json = false, random = false;
    uint64_t runs = 0, seed = 1, max_states = LSR_ANALYZE_DEFAULT_MAX_STATES;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            analyze_usage(stdout);
            return LSR_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (strcmp(a, "--random") == 0 || strcmp(a, "--seed") == 0 ||
                   strcmp(a, "--max-states") == 0) {
            uint64_t v;
            if (i + 1 >= argc || !parse_u64(argv[i + 1], &v)) {
                fprintf(stderr, "leftsr analyze: %s needs a non-negative integer\n", a);
                return LSR_EXIT_USAGE;
            }
            i++;
            if (a[2] == 'r') random = true, runs = v;
            else if (a[2] == 's') seed = v;
            else if (v == 0) {
                fprintf(stderr, "leftsr analyze: --max-states must be at least 1\n");
                return LSR_EXIT_USAGE;
            } else max_states = v;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "leftsr analyze: unknown option '%s'\n", a);
            analyze_usage(stderr);
            return LSR_EXIT_USAGE;
        } else if (file) {
            fprintf(stderr, "leftsr analyze: only one FILE, please\n");
            return LSR_EXIT_USAGE;
        } else {
            file = a;
        }
    }
    if (!file) {
        analyze_usage(stderr);
        return LSR_EXIT_USAGE;
    }
    char resolved[4096];
    const char *path = lsr_resolve_scenario(file, resolved, sizeof resolved) ? resolved : file;
    if (lsr_file_is_campaign(path)) {
        fprintf(stderr, "leftsr analyze: '%s' is a campaign; analyse each of its scenarios\n", path);
        return LSR_EXIT_USAGE;
    }
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_file(path, &sc, &d);
    lsr_print_diags(json ? stderr : stdout, path, &d);
    lsr_diags_free(&d);
    if (st != LSR_OK) {
        if (st == LSR_ERR_IO) {
            fprintf(stderr, "leftsr analyze: cannot read '%s'\n", path);
            return LSR_EXIT_USAGE;
        }
        if (st != LSR_ERR_INVALID) fprintf(stderr, "leftsr analyze: %s: %s\n", path, lsr_status_str(st));
        return LSR_EXIT_CONTENT;
    }
    Findings f;
    memset(&f, 0, sizeof f);
    int rc = LSR_EXIT_OK;
    if (random) {
        LsrRandomStats rs;
        if (!lsr_random_run(sc, runs, seed, &rs)) {
            fprintf(stderr, "leftsr analyze: out of memory\n");
            lsr_scenario_free(sc);
            return LSR_EXIT_CONTENT;
        }
        lsr_an_collect_random_findings(sc, &rs, &f);
        if (json) {
            cJSON *root = lsr_an_random_json(path, sc, &rs, seed, &f);
            char *txt = cJSON_Print(root);
            if (txt) puts(txt);
            cJSON_free(txt);
            cJSON_Delete(root);
        } else {
            lsr_an_print_random(stdout, path, sc, &rs, seed, &f);
        }
        lsr_random_stats_free(&rs);
    } else {
        LsrAnalyzeOptions opt = {max_states, 0, 0, seed, 0};
        LsrAnalysis a;
        lsr_analysis_run(sc, &opt, &a);
        lsr_an_collect_findings(&a, &f);
        if (json) {
            cJSON *root = lsr_an_analysis_json(path, &a, &f);
            char *txt = cJSON_Print(root);
            if (txt) puts(txt);
            cJSON_free(txt);
            cJSON_Delete(root);
        } else {
            lsr_an_print_text(stdout, path, &a, &f);
        }
        lsr_analysis_free(&a);
    }
    if (f.errors) rc = LSR_EXIT_CONTENT;
    free(f.v);
    lsr_scenario_free(sc);
    return rc;
}
